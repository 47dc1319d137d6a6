//! Reading the scenario TOML, with toml/serde errors turned into diagnostics that point at the
//! line and say which keys exist.
//!
//! Serde stops at the first error in a document, so this layer can report only one TOML error
//! at a time; value checks (policy.rs) then report all the range problems at once.

use super::variant::{self, VariantSpec};
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

/// Reads and parses the scenario. On failure pushes the diagnostic and returns `None`.
pub fn read(
    path: &Path,
    overrides: &[(String, toml::Value)],
    diags: &mut Vec<Diagnostic>,
) -> Option<(ScenarioFile, Scenario, VariantSpec)> {
    let file = read_text(path, diags)?;
    let is_variant = file
        .text
        .parse::<toml::Table>()
        .is_ok_and(|t| variant::is_variant(&t));
    if !is_variant && overrides.is_empty() {
        return match toml::from_str::<Scenario>(&file.text) {
            Ok(s) => Some((file, s, VariantSpec::default())),
            Err(e) => {
                diags.push(toml_diag(&file, &e));
                None
            }
        };
    }
    let (file, mut table, spec) = variant::layered(path, diags, 0)?;
    for (key, value) in overrides {
        variant::set_dotted(&mut table, key, value.clone());
    }
    // Overrides of what-if keys (e.g. `hires.total`) go to the spec, not the scenario.
    let mut spec = spec;
    if let Some(toml::Value::Table(h)) = table.remove("hires") {
        match &mut spec.budget {
            Some((b, _, _)) => {
                for (k, v) in h {
                    b.insert(k, v);
                }
            }
            None => spec.budget = Some((h, file.name.clone(), None)),
        }
    }
    let scenario = variant::to_scenario(&file, table, diags)?;
    Some((file, scenario, spec))
}

/// Reads the scenario file's text. On failure pushes the diagnostic and returns `None`.
pub(crate) fn read_text(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<ScenarioFile> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let (code, what, action) = if path.is_file() {
                (
                    "E-FILE-READ",
                    format!("cannot be read: {e}"),
                    "check that you may read the file",
                )
            } else {
                (
                    "E-FILE-MISSING",
                    "does not exist".to_string(),
                    "give the path of an existing scenario .toml file",
                )
            };
            diags.push(
                Diagnostic::error(
                    code,
                    format!("scenario file {} {what}", path.display()),
                    action,
                )
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
                .in_file(&name)
                .at(line, None),
            );
            return None;
        }
    };
    Some(ScenarioFile { name, text })
}

pub(crate) fn toml_diag(file: &ScenarioFile, e: &toml::de::Error) -> Diagnostic {
    let msg = e.message().trim().replace('\n', "; ");
    let syntax = file.text.parse::<toml::Table>().is_err();
    let mut key = None;
    let (code, message, action) = if syntax {
        (
            "E-TOML-SYNTAX",
            format!("TOML syntax error: {msg}"),
            "fix the TOML syntax on this line (quotes, brackets, `key = value`)".to_string(),
        )
    } else if msg.contains("unknown field") {
        (
            "E-TOML-UNKNOWN-KEY",
            msg,
            "remove or correct the key; the message lists the keys allowed here".to_string(),
        )
    } else if msg.contains("untagged enum DataFile") {
        let (code, message, action, at) = data_file_problem(file);
        key = at;
        (code, message, action)
    } else {
        ("E-TOML-VALUE", msg, "give the key a value of the expected type, or add the missing key (see docs/scenario.md)".to_string())
    };
    let d = Diagnostic::error(code, message, action).in_file(&file.name);
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

const DATA_FILE_KEYS: [&str; 4] = ["path", "sheet", "encoding", "columns"];

/// serde's message for an untagged enum says nothing useful; look at the table ourselves.
/// Returns code, message, action and the key to point at when one is known.
fn data_file_problem(file: &ScenarioFile) -> (&'static str, String, String, Option<String>) {
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
                    Some(format!("data.{name}.{bad}")),
                );
            }
        }
    }
    (
        "E-TOML-VALUE",
        "a data file must be a path string (\"teachers.csv\") or a table with `path` (and optionally `sheet`, `encoding`, `columns` = { header = column })".to_string(),
        "write the file as `teachers = \"teachers.csv\"` or `[data.teachers]` with `path = \"...\"`".to_string(),
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

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\n学校x", 9), (2, 3));
    }
}
