//! Reading the scenario TOML, with toml/serde errors turned into diagnostics that point at the
//! line and say which keys exist.
//!
//! Serde stops at the first error in a document; `toml_errors` reads the document again with
//! each error's line blanked, so that a plain scenario's unknown keys and wrong values are all
//! reported at once. Value checks (policy.rs) then report all the range problems at once.

use super::{files, toml_zh};
use crate::diag::Diagnostic;
use crate::scenario::Scenario;
use std::path::Path;

/// The scenario as read: its text (for locating keys in later diagnostics) and its name.
#[derive(Debug, Clone)]
pub struct ScenarioFile {
    /// The scenario file's name as shown in diagnostics.
    pub name: String,
    pub text: String,
}

impl ScenarioFile {
    /// Places a diagnostic at the key `dotted` (e.g. `policy.rotation_share`) in the scenario,
    /// or at the nearest enclosing key or table that is written in the file.
    pub fn place(&self, d: Diagnostic, dotted: &str) -> Diagnostic {
        let d = d.in_file(&self.name).field(dotted);
        let mut key = dotted;
        loop {
            if let Some((line, col)) = locate(&self.text, key) {
                return d.at(line, Some(col));
            }
            match key.rfind('.') {
                Some(i) => key = &key[..i],
                None => return d,
            }
        }
    }
}

/// Reads the scenario file's text. On failure pushes the diagnostic and returns `None`.
pub(crate) fn read_text(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<ScenarioFile> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let bytes = match files::read(path) {
        Ok(b) => b,
        Err(e) => {
            let (code, what, action, what_zh, action_zh) = match e {
                files::ReadError::Io(e) => (
                    "E-FILE-READ",
                    format!("cannot be read: {e}"),
                    "check that you may read the file (请检查文件读取权限)",
                    format!("无法读取（{e}）"),
                    "请检查是否有读取该文件的权限",
                ),
                files::ReadError::Kind(k) => (
                    k.code(),
                    k.describe(),
                    "give the path of an existing scenario .toml file (请给出场景 .toml 文件的路径)",
                    k.describe_zh(),
                    "请给出一个已有的情景文件（.toml）的路径",
                ),
            };
            diags.push(
                Diagnostic::error(
                    code,
                    format!("scenario file {} {what}", path.display()),
                    action,
                )
                .zh(format!("情景文件 {} {what_zh}", path.display()), action_zh)
                .in_file(&name),
            );
            return None;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}').to_string(),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
            diags.push(
                Diagnostic::error(
                    "E-ENCODING",
                    format!(
                        "scenario file is not valid UTF-8 (byte {:02X})",
                        e.as_bytes()[at]
                    ),
                    "save the scenario file as UTF-8 (TOML files must be UTF-8)",
                )
                .zh(
                    format!(
                        "情景文件不是有效的 UTF-8 编码（字节 {:02X}）",
                        e.as_bytes()[at]
                    ),
                    "请把情景文件另存为 UTF-8 编码（TOML 文件必须是 UTF-8）",
                )
                .in_file(&name)
                .at(line, None),
            );
            return None;
        }
    };
    Some(ScenarioFile { name, text })
}

/// At most this many TOML errors are reported for one scenario file.
const MAX_TOML_ERRORS: usize = 20;

/// The first error `first` and the ones after it. Serde stops at the first error in a
/// document, so the line each error is reported on is blanked (its bytes replaced by spaces,
/// so that every other line and column stays where it is) and the text is read again. It
/// stops at an error it cannot step past: a syntax error, a missing key, an error without a
/// line or on a table header, or a line whose blanking breaks the syntax (a value written
/// over several lines). An error the blanking itself caused (the blanked key now missing) is
/// not reported.
pub(crate) fn toml_errors(file: &ScenarioFile, first: &toml::de::Error) -> Vec<Diagnostic> {
    let mut out = vec![toml_diag(file, first)];
    let mut text = file.text.clone().into_bytes();
    let mut blanked_keys: Vec<String> = Vec::new();
    while out.len() < MAX_TOML_ERRORS {
        let last = out.last().expect("the first error is in");
        if last.code == "E-TOML-SYNTAX" || last.message.contains("missing field") {
            break;
        }
        let Some((start, end)) = last.line.and_then(|l| line_bytes(&text, l)) else {
            break;
        };
        let line = String::from_utf8_lossy(&text[start..end]).into_owned();
        let line = line.trim();
        if line.is_empty() || line.starts_with('[') {
            break;
        }
        if let Some(eq) = line.find('=') {
            let key = normalize_key(&line[..eq]);
            blanked_keys.push(key.rsplit('.').next().unwrap_or("").to_string());
        }
        text[start..end].fill(b' ');
        let next = ScenarioFile {
            name: file.name.clone(),
            text: String::from_utf8(text.clone()).expect("spaces in place of a whole line"),
        };
        if next.text.parse::<toml::Table>().is_err() {
            break;
        }
        let Err(e) = toml::from_str::<Scenario>(&next.text) else {
            break;
        };
        let caused = e.message().contains("missing field")
            && (blanked_keys.iter()).any(|k| e.message().contains(&format!("`{k}`")));
        let d = toml_diag(&next, &e);
        if caused || out.iter().any(|o| o.code == d.code && o.line == d.line) {
            break;
        }
        out.push(d);
    }
    out
}

/// Byte range of 1-based line `line` of `text`, without its line end.
fn line_bytes(text: &[u8], line: usize) -> Option<(usize, usize)> {
    let mut start = 0;
    for _ in 1..line {
        start += text[start..].iter().position(|&b| b == b'\n')? + 1;
    }
    let len = text[start..]
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(text.len() - start);
    let end = if len > 0 && text[start + len - 1] == b'\r' {
        start + len - 1
    } else {
        start + len
    };
    Some((start, end))
}

pub(crate) fn toml_diag(file: &ScenarioFile, e: &toml::de::Error) -> Diagnostic {
    let msg = e.message().trim().replace('\n', "; ");
    let syntax = file.text.parse::<toml::Table>().is_err();
    let mut key = None;
    let (code, message, action, zh) = if syntax {
        (
            "E-TOML-SYNTAX",
            format!("TOML syntax error: {msg}"),
            "fix the TOML syntax on this line (quotes, brackets, `key = value`)".to_string(),
            (
                toml_zh::syntax_message(&msg),
                "请改正此行的 TOML 语法（引号、括号、`键 = 值`）".to_string(),
            ),
        )
    } else if msg.contains("unknown field") {
        (
            "E-TOML-UNKNOWN-KEY",
            msg.clone(),
            "remove or correct the key; the message lists the keys allowed here".to_string(),
            (
                toml_zh::value_message(&msg),
                "请删除或改正该键；消息中列出了此处可用的键".to_string(),
            ),
        )
    } else if msg.contains("untagged enum DataFile") {
        let (code, message, action, zh, at) = data_file_problem(file);
        key = at;
        (code, message, action, zh)
    } else {
        let (action, action_zh) = area_action(&msg).unwrap_or_else(|| {
            (
                "give the key a value of the expected type, or add the missing key (see docs/scenario.md)".to_string(),
                value_action_zh(&msg),
            )
        });
        let zh = (toml_zh::value_message(&msg), action_zh);
        ("E-TOML-VALUE", msg, action, zh)
    };
    let d = Diagnostic::error(code, message, action)
        .zh(zh.0, zh.1)
        .in_file(&file.name);
    if let Some(key) = key {
        return file.place(d, &key);
    }
    match e.span() {
        Some(span) => {
            let (line, col) = line_col(&file.text, span.start);
            d.at(line, Some(col))
        }
        None => d,
    }
}

/// The remedy for an area the scenario does not know (`per_class.village`,
/// `general_areas = ["乡村"]`): the TOML takes the English keys, data files also the Chinese
/// names. In English and in Chinese.
pub(crate) fn area_action(msg: &str) -> Option<(String, String)> {
    (msg.contains("unknown variant") && msg.contains("`teaching_point`")).then(|| {
        (
            "write an area key: urban, town, rural or teaching_point (城区 = urban, 镇区 = town, \
             乡村 = rural, 教学点 = teaching_point); 情景文件中的区域请写英文键名"
                .to_string(),
            "情景文件中的区域请写英文键名：urban、town、rural 或 teaching_point（城区 = urban，\
             镇区 = town，乡村 = rural，教学点 = teaching_point）"
                .to_string(),
        )
    })
}

/// The Chinese remedy for a wrong or missing value of the scenario (E-TOML-VALUE).
fn value_action_zh(msg: &str) -> String {
    if msg.starts_with("missing field") {
        "请在情景文件中补上缺少的键（见 docs/scenario.md）".to_string()
    } else {
        "请给该键填写所需类型的值，或补上缺少的键（见 docs/scenario.md）".to_string()
    }
}

const DATA_FILE_KEYS: [&str; 4] = ["path", "sheet", "encoding", "columns"];

/// A data file entry's problem: code, message, action, the message and action in Chinese, and
/// the key to point at when one is known.
type DataFileProblem = (
    &'static str,
    String,
    String,
    (String, String),
    Option<String>,
);

/// serde's message for an untagged enum says nothing useful; look at the table ourselves.
fn data_file_problem(file: &ScenarioFile) -> DataFileProblem {
    let table: toml::Table = file.text.parse().unwrap_or_default();
    let entries = table
        .get("data")
        .and_then(|d| d.as_table())
        .cloned()
        .unwrap_or_default();
    for (name, value) in &entries {
        if let Some(t) = value.as_table() {
            if let Some(bad) = t.keys().find(|k| !DATA_FILE_KEYS.contains(&k.as_str())) {
                return (
                    "E-TOML-UNKNOWN-KEY",
                    format!("unknown field `{bad}` in data.{name}, expected one of `path`, `sheet`, `encoding`, `columns`"),
                    "remove or correct the key".to_string(),
                    (
                        format!("data.{name} 中有未知的键 {bad}，此处可用的键：path、sheet、encoding、columns"),
                        "请删除或改正该键".to_string(),
                    ),
                    Some(format!("data.{name}.{bad}")),
                );
            }
        }
    }
    (
        "E-TOML-VALUE",
        "a data file must be a path string (\"teachers.csv\") or a table with `path` (and optionally `sheet`, `encoding`, `columns` = { header = column })".to_string(),
        "write the file as `teachers = \"teachers.csv\"` or `[data.teachers]` with `path = \"...\"`".to_string(),
        (
            "数据文件须写成路径文本（\"teachers.csv\"），或写成含 `path` 的表（还可写 `sheet`、`encoding`、`columns` = { 表头 = 列名 }）".to_string(),
            "请写成 `teachers = \"teachers.csv\"`，或写成 `[data.teachers]` 表并加上 `path = \"...\"`".to_string(),
        ),
        None,
    )
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = 1 + before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, 1 + text[line_start..offset].chars().count())
}

/// Finds the line and column where the dotted key is assigned, or where its table header is.
/// A light scanner: table headers, `key = value` lines and dotted keys; enough for the keys a
/// scenario has.
pub fn locate(text: &str, dotted: &str) -> Option<(usize, usize)> {
    let mut table = String::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_start();
        let indent = raw.len() - line.len();
        let col = 1 + raw[..indent].chars().count();
        if let Some(inner) = line.strip_prefix('[') {
            let inner = inner.trim_start_matches('[');
            if let Some(end) = inner.find(']') {
                table = normalize_key(&inner[..end]);
                if table == dotted {
                    return Some((i + 1, col));
                }
            }
            continue;
        }
        let Some(eq) = line.find('=') else { continue };
        let key = normalize_key(&line[..eq]);
        if key.is_empty() || key.starts_with('#') {
            continue;
        }
        let full = if table.is_empty() {
            key
        } else {
            format!("{table}.{key}")
        };
        if full == dotted {
            return Some((i + 1, col));
        }
    }
    None
}

fn normalize_key(k: &str) -> String {
    k.split('.')
        .map(|p| p.trim().trim_matches('"').trim_matches('\''))
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_keys_in_tables_and_dotted() {
        let text = "name = \"x\"\n[policy]\nrotation_share = 2\n[data]\nteachers = \"t.csv\"\n";
        assert_eq!(locate(text, "policy.rotation_share"), Some((3, 1)));
        assert_eq!(locate(text, "data.teachers"), Some((5, 1)));
        assert_eq!(locate(text, "policy"), Some((2, 1)));
        assert_eq!(locate(text, "weights.rural"), None);
        assert_eq!(
            locate("policy.commute_km = 3\n", "policy.commute_km"),
            Some((1, 1))
        );
    }

    fn errors(text: &str) -> Vec<(&'static str, Option<usize>, Option<usize>)> {
        let file = ScenarioFile {
            name: "s.toml".into(),
            text: text.into(),
        };
        let e = toml::from_str::<Scenario>(text).expect_err("a bad scenario");
        let out = toml_errors(&file, &e);
        out.iter().map(|d| (d.code, d.line, d.column)).collect()
    }

    const HEAD: &str = "name = \"学校\"\r\nplan_year = 2026\r\n[data]\r\nschools = \"s.csv\"\r\nteachers = \"t.csv\"\r\n";

    #[test]
    fn reports_every_unknown_key_and_wrong_value_in_place() {
        let text = format!("{HEAD}[policy]\r\nrotation_shar = 0.1\r\ncommute_km = \"十五\"\r\n[solver]\r\nthreds = 1\r\n");
        assert_eq!(
            errors(&text),
            vec![
                ("E-TOML-UNKNOWN-KEY", Some(7), Some(1)),
                ("E-TOML-VALUE", Some(8), Some(14)),
                ("E-TOML-UNKNOWN-KEY", Some(10), Some(1)),
            ]
        );
    }

    #[test]
    fn stops_where_blanking_cannot_step_past() {
        // a required key of the wrong type: not also reported missing
        let text = HEAD.replace("plan_year = 2026", "plan_year = \"2026\"");
        assert_eq!(errors(&text), vec![("E-TOML-VALUE", Some(2), Some(13))]);
        // a missing key ends the list (it comes last in serde's order)
        let text = format!(
            "{}[policy]\nrotation_shar = 1\n",
            HEAD.replace("plan_year = 2026", "")
        );
        assert_eq!(
            errors(&text),
            vec![
                ("E-TOML-UNKNOWN-KEY", Some(7), Some(1)),
                ("E-TOML-VALUE", Some(1), Some(1)),
            ]
        );
        // a wrong value in an array over several lines: blanking the line the array opens on
        // breaks the syntax, so the key after it is not looked at
        let text =
            format!("{HEAD}[policy]\nsending_areas = [3,\n  \"urban\"]\nrotation_shar = 1\n");
        assert_eq!(errors(&text), vec![("E-TOML-VALUE", Some(7), Some(18))]);
        // where blanking a line inside the array leaves it whole, the next key is looked at
        let text = format!(
            "{HEAD}[policy]\nsending_areas = [\n  \"urban\",\n  3,\n]\nrotation_shar = 1\n"
        );
        assert_eq!(
            errors(&text),
            vec![
                ("E-TOML-VALUE", Some(9), Some(3)),
                ("E-TOML-UNKNOWN-KEY", Some(11), Some(1)),
            ]
        );
        // at most MAX_TOML_ERRORS
        let many: String = (0..30).map(|i| format!("unknown_{i} = 1\n")).collect();
        let text = format!("{HEAD}[policy]\n{many}");
        assert_eq!(errors(&text).len(), MAX_TOML_ERRORS);
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\n学校x", 9), (2, 3));
    }
}
