//! Reading a data file (CSV or XLSX) into rows of text cells with their physical positions.
//!
//! Everything after this module works on text, so a CSV saved from Excel and the XLSX it came
//! from give the same values and the same diagnostics. Positions are kept as the user sees
//! them: the CSV line in a text editor, the row and column number in Excel.

use super::decode::{self, DecodeError, LineIndex, Problem, Requested, ENCODING_NAMES};
use super::headers::{file_zh, is_known_header, ColSpec};
use super::sheet::RawRows;
use super::{files, sheet, Ctx};
use crate::diag::{self, Diagnostic};
use crate::scenario::DataFile;
use std::path::Path;

/// One data row: cells aligned with the header, empty string for a missing cell.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// A data file's header and rows.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file as named in the scenario (used in diagnostics).
    pub file: String,
    pub header_line: usize,
    pub headers: Vec<String>,
    /// 1-based column number of each header (XLSX ranges need not start in column A).
    pub columns: Vec<usize>,
    pub rows: Vec<Row>,
}

/// How many non-empty rows are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 20;

/// Where a data file was named: in the scenario (file-level problems are reported at the
/// scenario key naming it) or on the command line (reported at the file itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Scenario,
    CommandLine,
}

/// Opens the data file `data.<key>` of the scenario. `None` after reporting why it can't be read.
/// The header row is the first of the first 20 non-empty rows that names at least two of the
/// file's columns (`specs`), so title and note rows above it are skipped; when none does, the
/// first non-empty row (and the missing-column errors then name it).
pub fn open(
    ctx: &Ctx,
    key: &str,
    spec: &DataFile,
    specs: &[ColSpec],
    diags: &mut Vec<Diagnostic>,
) -> Option<Table> {
    open_from(ctx, key, spec, specs, Origin::Scenario, diags)
}

/// [`open`] for a file named in the scenario or on the command line.
pub(crate) fn open_from(
    ctx: &Ctx,
    key: &str,
    spec: &DataFile,
    specs: &[ColSpec],
    origin: Origin,
    diags: &mut Vec<Diagnostic>,
) -> Option<Table> {
    let label = spec.path().to_string();
    let path = ctx.base_dir.join(spec.path());
    let field = format!("data.{key}");
    let place = |d: Diagnostic, key: &str| match origin {
        Origin::Scenario => ctx.scenario_diag(d, key),
        Origin::CommandLine => d.in_file(&label),
    };
    if let Err(kind) = files::regular(&path) {
        let (action, action_zh) = match origin {
            Origin::Scenario => (
                format!("put the {key} file there, or correct `{field}` in the scenario (paths are relative to the scenario file); 请检查场景文件中的路径"),
                format!("请把{}文件放到该位置，或改正情景文件中的 {field}（路径相对于情景文件所在的文件夹）", file_zh(key)),
            ),
            Origin::CommandLine => (
                format!("give the path of the {key} file (a CSV or .xlsx file); 请给出 CSV 或 xlsx 文件的路径"),
                format!("请给出{}文件（CSV 或 xlsx 文件）的路径", file_zh(key)),
            ),
        };
        let d = Diagnostic::error(
            kind.code(),
            format!(
                "{key} file \"{label}\" {} (looked for {})",
                kind.describe(),
                path.display()
            ),
            action,
        )
        .zh(
            format!(
                "{}文件“{label}”{}（查找的位置：{}）",
                file_zh(key),
                kind.describe_zh(),
                path.display()
            ),
            action_zh,
        );
        diags.push(place(d, &field));
        return None;
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let raw = if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods") {
        sheet::read(&path, &label, spec.sheet(), diags)?
    } else {
        let Some(requested) = Requested::parse(spec.encoding()) else {
            let d = Diagnostic::error(
                "E-ENCODING-NAME",
                format!(
                    "encoding \"{}\" of {label} is not known",
                    diag::quote(spec.encoding().unwrap_or(""))
                ),
                format!("use one of: {ENCODING_NAMES}"),
            )
            .zh(
                format!(
                    "{label} 的编码“{}”无法识别",
                    diag::quote(spec.encoding().unwrap_or(""))
                ),
                format!("请改为其中之一：{ENCODING_NAMES}"),
            );
            diags.push(place(d, &format!("{field}.encoding")));
            return None;
        };
        read_csv(&path, &label, requested, diags)?
    };
    let is_header = |cells: &[String]| {
        cells
            .iter()
            .filter(|c| is_known_header(specs, spec.columns(), c))
            .count()
            >= 2
    };
    into_table(raw, label, &is_header, diags)
}

fn read_error(label: &str, err: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        "E-FILE-READ",
        format!("cannot read {label}: {err}"),
        "check that the file is not open in another program and that you may read it (请关闭占用该文件的程序并检查读取权限)",
    )
    .zh(
        format!("无法读取 {label}：{err}"),
        "请关闭占用该文件的程序，并检查是否有读取权限",
    )
    .in_file(label)
}

fn read_csv(
    path: &Path,
    label: &str,
    requested: Requested,
    diags: &mut Vec<Diagnostic>,
) -> Option<RawRows> {
    let bytes = match files::read(path) {
        Ok(b) => b,
        Err(files::ReadError::Kind(k)) => {
            diags.push(
                Diagnostic::error(
                    k.code(),
                    format!("{label} {}", k.describe()),
                    "give a CSV or .xlsx file",
                )
                .zh(
                    format!("{label} {}", k.describe_zh()),
                    "请给出 CSV 或 xlsx 文件",
                )
                .in_file(label),
            );
            return None;
        }
        Err(files::ReadError::Io(e)) => {
            diags.push(read_error(label, e));
            return None;
        }
    };
    let text = match decode::decode(&bytes, requested) {
        Ok((text, _)) => text,
        Err(e) => {
            diags.push(encoding_diag(label, &bytes, &e));
            return None;
        }
    };
    let lines = LineIndex::new(text.as_bytes());
    // The csv crate's line count is one too low after CRLF line ends, and the byte offset it
    // gives for a record may point at the line end before it (the LF of a CRLF); a record never
    // starts with a line end, so the record's first character is the one after them.
    let line_at = |p: Option<&csv::Position>| {
        p.map(|p| {
            let start = p.byte() as usize;
            let skip = text.as_bytes()[start.min(text.len())..]
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            lines.line(start + skip)
        })
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(rec) => {
                // The physical line where the record starts.
                let line = line_at(rec.position()).unwrap_or(0);
                rows.push((line, 1, rec.iter().map(str::to_string).collect()));
            }
            Err(e) => {
                let why = diag::bounded(&e.to_string(), 300);
                let mut d = Diagnostic::error(
                    "E-CSV",
                    format!("{label} is not valid CSV: {why}"),
                    "check quotes and separators on that line; save the file again from Excel as CSV (请检查该行的引号和分隔符)",
                )
                .zh(
                    format!("{label} 不是有效的 CSV 文件（{why}）"),
                    "请检查该行的引号和分隔符，或用 Excel 重新另存为 CSV",
                )
                .in_file(label);
                if let Some(line) = line_at(e.position()) {
                    d = d.at(line, None);
                }
                diags.push(d);
                return None;
            }
        }
    }
    Some(rows)
}

/// E-ENCODING (or E-FILE-BINARY) for bytes that are not text in the encoding used.
fn encoding_diag(label: &str, bytes: &[u8], e: &DecodeError) -> Diagnostic {
    let zh = e.describe_zh();
    let (code, message, action, zh) = match e.kind {
        Problem::Invalid => (
            "E-ENCODING",
            e.to_string(),
            "save the file as \"CSV UTF-8\" from Excel, or set `encoding` (utf-8, gbk) for this file in the scenario (请在 Excel 中另存为“CSV UTF-8”)".to_string(),
            (zh, "请在 Excel 中另存为“CSV UTF-8”，或在情景文件中为该文件设置编码 encoding（utf-8、gbk）".to_string()),
        ),
        Problem::MostlyUtf8 { .. } => (
            "E-ENCODING",
            format!("{label}: {e}"),
            format!("correct or retype the text at that place on line {} and save the file as UTF-8 (Excel: \"CSV UTF-8\"); 文件为 UTF-8 编码，请改正第 {} 行的乱码字符后另存为“CSV UTF-8”", e.line, e.line),
            (
                format!("{label}：{zh}"),
                format!("文件为 UTF-8 编码，请改正或重新输入第{}行该处的乱码字符，然后另存为 UTF-8（Excel：“CSV UTF-8”）", e.line),
            ),
        ),
        Problem::Utf16 => (
            "E-ENCODING",
            format!("{label}: {e}"),
            "save it from Excel as \"CSV UTF-8\" or as an .xlsx workbook (请另存为“CSV UTF-8”或 xlsx)".to_string(),
            (format!("{label}：{zh}"), "请在 Excel 中另存为“CSV UTF-8”或 xlsx 工作簿".to_string()),
        ),
        Problem::Binary if bytes.starts_with(b"PK\x03\x04") => (
            "E-FILE-BINARY",
            format!("{label} is a zip file (an .xlsx workbook?), not CSV text"),
            "if it is a workbook, name it .xlsx (and the path in the scenario); else export the data as CSV (若是 Excel 工作簿，请将扩展名改为 .xlsx)".to_string(),
            (
                format!("{label} 是 zip 压缩文件（可能是 xlsx 工作簿），不是 CSV 文本"),
                "若是 Excel 工作簿，请将扩展名改为 .xlsx（并改正情景文件中的路径）；否则请把数据导出为 CSV".to_string(),
            ),
        ),
        Problem::Binary => (
            "E-FILE-BINARY",
            format!("{label}: {e}; it is not shown"),
            "give the CSV (UTF-8) or .xlsx export of the data (请提供 CSV 或 xlsx 文件)".to_string(),
            (
                format!("{label}：{zh}；内容不予显示"),
                "请提供数据导出的 CSV（UTF-8）或 xlsx 文件".to_string(),
            ),
        ),
    };
    Diagnostic::error(code, message, action)
        .zh(zh.0, zh.1)
        .in_file(label)
        .at(e.line, None)
}

fn into_table(
    raw: RawRows,
    file: String,
    is_header: &dyn Fn(&[String]) -> bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<Table> {
    let mut filled: Vec<(usize, usize, Vec<String>)> = raw
        .into_iter()
        .filter(|(_, _, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .collect();
    let at = filled
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|(_, _, cells)| is_header(cells))
        .unwrap_or(0);
    let mut rows = filled.drain(at.min(filled.len())..);
    let Some((header_line, col0, header)) = rows.next() else {
        diags.push(
            Diagnostic::error(
                "E-FILE-EMPTY",
                format!("{file} is empty: it has no header row"),
                "export the data again with a header row naming the columns (see docs/data-format.md)",
            )
            .zh(
                format!("{file} 是空文件：没有表头行"),
                "请重新导出数据，并带上写明各列名称的表头行（见 docs/data-format.md）",
            )
            .in_file(&file)
            .at(1, None),
        );
        return None;
    };
    let width = header
        .iter()
        .rposition(|h| !h.trim().is_empty())
        .map_or(0, |i| i + 1);
    let headers: Vec<String> = header[..width]
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let columns = (0..width).map(|i| col0 + i).collect();
    let mut out = Vec::new();
    for (line, _, mut cells) in rows {
        if let Some(extra) = cells.iter().skip(width).position(|c| !c.trim().is_empty()) {
            diags.push(
                Diagnostic::warning(
                    "W-ROW-WIDTH",
                    format!(
                        "this row has a value (\"{}\") beyond the last header column; it is ignored",
                        diag::quote(cells[width + extra].trim())
                    ),
                    "check for an unquoted comma in a value, or add a header for that column",
                )
                .zh(
                    format!(
                        "该行在最后一个表头列之后还有值（“{}”），将被忽略",
                        diag::quote(cells[width + extra].trim())
                    ),
                    "请检查值中是否有未加引号的逗号，或为该列加上表头",
                )
                .in_file(&file)
                .at(line, Some(col0 + width + extra)),
            );
        }
        cells.resize(width, String::new());
        out.push(Row { line, cells });
    }
    Some(Table {
        file,
        header_line,
        headers,
        columns,
        rows: out,
    })
}

#[cfg(test)]
mod tests {
    use crate::input::sheet::cell_text;
    use calamine::Data;

    #[test]
    fn excel_numbers_as_typed() {
        assert_eq!(cell_text(&Data::Float(12.0)), "12");
        assert_eq!(cell_text(&Data::Float(2.5)), "2.5");
        assert_eq!(cell_text(&Data::Float(3601020001.0)), "3601020001");
        assert_eq!(cell_text(&Data::Int(-4)), "-4");
    }
}
