//! Tolerant reading of plan files. Plans come back from Excel as often as from the planner:
//! with or without a BOM, re-encoded as GBK, with CRLF, padded with empty rows, booleans as
//! `TRUE`, dates as `2026/9/1`. The checker must judge such a plan rather than reject it, and
//! must never panic on what it reads: every problem becomes a C-FILE or C-PARSE violation.

use super::report::{RowRef, Violation};
use crate::scenario::Scenario;
use chrono::NaiveDate;
use std::path::Path;

/// A CSV file as header plus rows, each row keeping its physical line number.
pub(crate) struct Table {
    pub file: &'static str,
    header: Vec<String>,
    pub rows: Vec<Row>,
}

pub(crate) struct Row {
    pub line: usize,
    cells: Vec<String>,
}

impl Table {
    /// Column index of a header name (trimmed, case-insensitive).
    pub fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// Reports required columns that are absent; returns whether all are present.
    pub fn require(&self, names: &[&str], out: &mut Vec<Violation>) -> bool {
        let missing: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| self.col(n).is_none())
            .collect();
        if !missing.is_empty() {
            out.push(
                parse_error(
                    self.file,
                    1,
                    "header",
                    format!("{} lacks column(s) {}", self.file, missing.join(", ")),
                )
                .zh(format!("{} 缺少列 {}", self.file, missing.join("、"))),
            );
        }
        missing.is_empty()
    }
}

impl Row {
    /// The trimmed cell of a column, empty when the column or cell is absent.
    pub fn get(&self, col: Option<usize>) -> &str {
        col.and_then(|c| self.cells.get(c))
            .map(|s| formula_mark_removed(s.trim()))
            .unwrap_or("")
    }
}

/// The text of a cell as docs/plan-format.md defines it: a text cell that Excel would read as
/// a formula (`=`, `+`, `-`, `@`, tab, carriage return; not a plain number such as `-1.5`) is
/// written with a leading apostrophe, and so is a cell that already starts with an apostrophe
/// followed by such text or another apostrophe. The checker reads the format on its own
/// instead of calling the writer's code.
fn formula_mark_removed(cell: &str) -> &str {
    let Some(rest) = cell.strip_prefix('\'') else {
        return cell;
    };
    let numeric = !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        && rest.parse::<f64>().is_ok_and(f64::is_finite);
    let formula = rest.starts_with(['=', '+', '-', '@', '\t', '\r']) && !numeric;
    if formula || rest.starts_with('\'') {
        rest
    } else {
        cell
    }
}

#[cfg(test)]
mod formula_mark_tests {
    use super::formula_mark_removed;

    #[test]
    fn the_checker_reads_formula_marked_cells_as_their_text() {
        assert_eq!(
            formula_mark_removed("'=cmd|' /C calc'!A0"),
            "=cmd|' /C calc'!A0"
        );
        assert_eq!(formula_mark_removed("'@SUM(1)"), "@SUM(1)");
        assert_eq!(formula_mark_removed("''=x"), "'=x");
        assert_eq!(
            formula_mark_removed("'-1.5"),
            "'-1.5",
            "a number is never marked"
        );
        assert_eq!(formula_mark_removed("O'Brien"), "O'Brien");
        assert_eq!(formula_mark_removed("'quoted"), "'quoted");
        assert_eq!(formula_mark_removed("-1.5"), "-1.5");
    }
}

pub(crate) fn parse_error(file: &str, line: usize, id: &str, what: String) -> Violation {
    Violation::new("C-PARSE", what, vec![RowRef::new(file, Some(line), id)])
}

/// Where the plan files are read from: a plan folder, or the files as rendered in memory (the
/// same bytes a plan folder gets), so that `plan --check` can judge a plan while the rest of
/// its output is still being rendered.
#[derive(Clone, Copy)]
pub(crate) enum Source<'a> {
    Dir(&'a Path),
    Rendered(&'a [(String, Vec<u8>)]),
}

/// Reads a plan file's text: `None` (with C-FILE) when it is missing or unreadable.
pub(crate) fn read_text(
    src: Source,
    file: &'static str,
    out: &mut Vec<Violation>,
) -> Option<String> {
    let read: Result<std::borrow::Cow<[u8]>, _> = match src {
        Source::Dir(dir) => std::fs::read(dir.join(file)).map(Into::into).map_err(|e| {
            let dir = dir.display();
            (
                format!("{file} must be in {dir} ({e})"),
                format!("{dir} 中应有 {file}（{e}）"),
            )
        }),
        Source::Rendered(files) => (files.iter())
            .find(|(name, _)| name == file)
            .map(|(_, bytes)| bytes.as_slice().into())
            .ok_or_else(|| {
                (
                    format!("{file} must be in the plan (not rendered)"),
                    format!("方案中应有 {file}（未生成）"),
                )
            }),
    };
    match read {
        Ok(bytes) => Some(decode(&bytes)),
        Err((en, zh)) => {
            out.push(Violation::new("C-FILE", en, vec![RowRef::new(file, None, file)]).zh(zh));
            None
        }
    }
}

/// UTF-8 (BOM stripped) when valid, otherwise GB18030, the superset of what Excel writes as GBK.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Reads a CSV plan file. Blank rows (also rows of empty cells) are skipped; a row with more
/// non-empty cells than the header is a C-PARSE and is dropped; short rows are padded.
pub(crate) fn read_csv(src: Source, file: &'static str, out: &mut Vec<Violation>) -> Option<Table> {
    let text = read_text(src, file, out)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    // The physical line (as an editor or Excel shows it) from the byte offset: the csv crate's
    // own line count is one short after CRLF line ends (files saved by Excel on Windows).
    let mut lines = PhysicalLines::new(&text);
    for rec in reader.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.at(p.byte()));
                out.push(
                    parse_error(file, line, "", format!("{file} is not valid CSV here: {e}"))
                        .zh(format!("{file} 此处不是有效的 CSV：{e}")),
                );
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| lines.at(p.byte()));
        let cells: Vec<String> = rec.iter().map(|c| c.to_string()).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(h) = &header else {
            header = Some(cells.iter().map(|c| c.trim().to_lowercase()).collect());
            continue;
        };
        if cells.iter().skip(h.len()).any(|c| !c.trim().is_empty()) {
            out.push(
                parse_error(
                    file,
                    line,
                    cells.first().map(|s| s.trim()).unwrap_or(""),
                    format!("row has {} cells, the header {}", cells.len(), h.len()),
                )
                .zh(format!(
                    "该行有 {} 个单元格，表头只有 {} 列",
                    cells.len(),
                    h.len()
                )),
            );
            continue;
        }
        rows.push(Row { line, cells });
    }
    let Some(header) = header else {
        out.push(
            Violation::new(
                "C-FILE",
                format!("{file} is empty: it needs at least its header row"),
                vec![RowRef::new(file, None, file)],
            )
            .zh(format!("{file} 为空：至少应有表头行")),
        );
        return None;
    };
    Some(Table { file, header, rows })
}

/// Physical line numbers of byte offsets read in increasing order.
struct PhysicalLines<'a> {
    text: &'a [u8],
    byte: usize,
    line: usize,
}

impl<'a> PhysicalLines<'a> {
    fn new(text: &'a str) -> Self {
        PhysicalLines {
            text: text.as_bytes(),
            byte: 0,
            line: 1,
        }
    }

    /// The 1-based line of the record that starts at `offset` (offsets never decrease between
    /// calls). After a CRLF line end the offset may point at its `\n`: line ends there are
    /// skipped, as the record starts after them.
    fn at(&mut self, offset: u64) -> usize {
        let mut to = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while to < self.text.len() && matches!(self.text[to], b'\r' | b'\n') {
            to += 1;
        }
        if to > self.byte {
            self.line += self.text[self.byte..to]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.byte = to;
        }
        self.line
    }
}

/// `true`/`false` in the spellings Excel and Chinese users write; empty is false.
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "是" | "t" => Some(true),
        "false" | "no" | "n" | "0" | "否" | "f" | "" => Some(false),
        _ => None,
    }
}

/// A date as ISO, `2026/9/1`, `2026.9.1`, `2026年9月1日` or `20260901`; a time part
/// (Excel's `2026/9/1 0:00`) is ignored.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.split_whitespace().next().unwrap_or("");
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        let (y, md) = s.split_at(4);
        let (m, d) = md.split_at(2);
        return ymd(y, m, d);
    }
    let norm: String = s
        .chars()
        .filter(|&c| c != '日')
        .map(|c| {
            if matches!(c, '/' | '.' | '年' | '月') {
                '-'
            } else {
                c
            }
        })
        .collect();
    let parts: Vec<&str> = norm.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => ymd(y, m, d),
        _ => None,
    }
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A finite number; `None` when empty or not a number.
pub(crate) fn parse_num(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A whole count, also as Excel writes it (`3.0`).
pub(crate) fn parse_count(s: &str) -> Option<i64> {
    let v = parse_num(s)?;
    (v.fract() == 0.0 && v.abs() < 1e12).then_some(v as i64)
}

/// Canonical subject id: the contract writes ids, but an editor may type 音乐.
pub(crate) fn subject(scenario: &Scenario, text: &str) -> String {
    scenario
        .subject_id(text)
        .map(str::to_string)
        .unwrap_or_else(|| text.to_string())
}

/// Cells that must not be empty; one C-PARSE naming all empty ones, so a garbage row is
/// reported once.
pub(crate) fn required<const N: usize>(
    t: &Table,
    r: &Row,
    cols: [&str; N],
    id: &str,
    out: &mut Vec<Violation>,
) -> Option<[String; N]> {
    let cells = cols.map(|c| r.get(t.col(c)).to_string());
    let empty: Vec<&str> = cols
        .iter()
        .zip(&cells)
        .filter(|(_, v)| v.is_empty())
        .map(|(c, _)| *c)
        .collect();
    if !empty.is_empty() {
        out.push(
            parse_error(t.file, r.line, id, format!("{} empty", empty.join(", ")))
                .zh(format!("{} 为空", empty.join("、"))),
        );
        return None;
    }
    Some(cells)
}

/// A cell read with `parse`; C-PARSE naming the column when it does not parse.
pub(crate) fn typed<T>(
    t: &Table,
    r: &Row,
    col: &str,
    id: &str,
    parse: impl Fn(&str) -> Option<T>,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let c = t.col(col)?;
    let v = r.get(Some(c));
    let parsed = parse(v);
    if parsed.is_none() {
        out.push(
            parse_error(t.file, r.line, id, format!("{col} `{v}` cannot be read"))
                .zh(format!("{col} 列的值 `{v}` 无法识别")),
        );
    }
    parsed
}
