//! Reading a data file (CSV or XLSX) into rows of text cells with their physical positions.
//!
//! Everything after this module works on text, so a CSV saved from Excel and the XLSX it came
//! from give the same values and the same diagnostics. Positions are kept as the user sees
//! them: the CSV line in a text editor, the row and column number in Excel.

use super::columns::{is_known_header, ColSpec};
use super::decode::{self, Requested, ENCODING_NAMES};
use super::Ctx;
use crate::diag::Diagnostic;
use crate::scenario::DataFile;
use calamine::{Data, Reader};
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
    let label = spec.path().to_string();
    let path = ctx.base_dir.join(spec.path());
    let field = format!("data.{key}");
    if !path.is_file() {
        let what = if path.is_dir() {
            "is a folder, not a file"
        } else {
            "does not exist"
        };
        diags.push(
            ctx.scenario_diag(
                Diagnostic::error(
                    "E-FILE-MISSING",
                    format!("{key} file \"{label}\" {what} (looked for {})", path.display()),
                    format!("put the {key} file there, or correct `{field}` in the scenario (paths are relative to the scenario file)"),
                ),
                &field,
            ),
        );
        return None;
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let raw = if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods") {
        read_sheet(&path, &label, spec.sheet(), diags)?
    } else {
        let Some(requested) = Requested::parse(spec.encoding()) else {
            let d = Diagnostic::error(
                "E-ENCODING-NAME",
                format!(
                    "encoding \"{}\" of {label} is not known",
                    spec.encoding().unwrap_or("")
                ),
                format!("use one of: {ENCODING_NAMES}"),
            );
            diags.push(ctx.scenario_diag(d, &format!("{field}.encoding")));
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

/// Rows before the header is found: (line, first column number, cells).
type RawRows = Vec<(usize, usize, Vec<String>)>;

fn read_error(label: &str, err: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        "E-FILE-READ",
        format!("cannot read {label}: {err}"),
        "check that the file is not open in another program and that you may read it",
    )
    .in_file(label)
}

fn read_csv(
    path: &Path,
    label: &str,
    requested: Requested,
    diags: &mut Vec<Diagnostic>,
) -> Option<RawRows> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(read_error(label, e));
            return None;
        }
    };
    let text = match decode::decode(&bytes, requested) {
        Ok((text, _)) => text,
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    "E-ENCODING",
                    format!("bytes {} on line {} are not valid {}", e.bytes, e.line, e.encoding),
                    "save the file as \"CSV UTF-8\" from Excel, or set `encoding` (utf-8, gbk) for this file in the scenario",
                )
                .in_file(label)
                .at(e.line, None),
            );
            return None;
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(rec) => {
                let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
                rows.push((line, 1, rec.iter().map(str::to_string).collect()));
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                let mut d = Diagnostic::error(
                    "E-CSV",
                    format!("{label} is not valid CSV: {e}"),
                    "check quotes and separators on that line; save the file again from Excel as CSV",
                )
                .in_file(label);
                if let Some(line) = line {
                    d = d.at(line, None);
                }
                diags.push(d);
                return None;
            }
        }
    }
    Some(rows)
}

fn read_sheet(
    path: &Path,
    label: &str,
    sheet: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<RawRows> {
    let mut book = match calamine::open_workbook_auto(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    "E-FILE-FORMAT",
                    format!("{label} is not a readable spreadsheet: {e}"),
                    "open it in Excel and save it again as .xlsx, or export it as CSV",
                )
                .in_file(label),
            );
            return None;
        }
    };
    let names = book.sheet_names();
    let chosen = match sheet {
        None => names.first().cloned(),
        Some(want) => names
            .iter()
            .find(|n| n.as_str() == want)
            .or_else(|| {
                names
                    .iter()
                    .find(|n| n.trim().to_lowercase() == want.trim().to_lowercase())
            })
            .cloned(),
    };
    let Some(chosen) = chosen else {
        diags.push(
            Diagnostic::error(
                "E-XLSX-SHEET",
                format!(
                    "{label} has no sheet \"{}\"; its sheets are: {}",
                    sheet.unwrap_or(""),
                    names.join(", ")
                ),
                "set `sheet` for this file in the scenario to one of the sheet names",
            )
            .in_file(label),
        );
        return None;
    };
    let range = match book.worksheet_range(&chosen) {
        Ok(r) => r,
        Err(e) => {
            diags.push(read_error(label, e));
            return None;
        }
    };
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let line = row0 as usize + i + 1;
            (
                line,
                col0 as usize + 1,
                cells.iter().map(cell_text).collect(),
            )
        })
        .collect();
    Some(rows)
}

/// An Excel cell as the text a user would type: whole numbers without ".0", dates as ISO.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
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
                        cells[width + extra].trim()
                    ),
                    "check for an unquoted comma in a value, or add a header for that column",
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
    use super::*;

    #[test]
    fn excel_numbers_as_typed() {
        assert_eq!(cell_text(&Data::Float(12.0)), "12");
        assert_eq!(cell_text(&Data::Float(2.5)), "2.5");
        assert_eq!(cell_text(&Data::Float(3601020001.0)), "3601020001");
        assert_eq!(cell_text(&Data::Int(-4)), "-4");
    }
}
