//! Reading one sheet of a workbook into rows of text cells.
//!
//! An .xlsx or .xlsb sheet is read cell by cell, keeping only the cells that hold a value: the
//! dense grid calamine builds for `worksheet_range` spans from the first to the last cell, so
//! one stray value at XFD1048576 in an 11 KB file asks for 549 GB. A value beyond the bounds
//! below is refused with its cell reference instead. (.xls sheets are bounded by the format,
//! 65,536 × 256; .ods sheets are read through calamine's range.)

use crate::diag::{self, Diagnostic};
use calamine::{Cell, Data, DataRef, Reader, Sheets};
use std::collections::BTreeMap;
use std::fmt::Display;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// Rows beyond this (1-based Excel row number) are refused: a county has a few thousand.
pub const MAX_ROWS: u32 = 1_000_000;
/// Columns beyond this (Excel column GR) are refused: a data file has about 20.
pub const MAX_COLUMNS: u32 = 200;
/// More value cells than this are refused (about 40 bytes each while read).
pub const MAX_CELLS: usize = 5_000_000;

type Book = Sheets<BufReader<File>>;

/// Reads the named (or first) sheet. `None` after reporting why it can't be read.
pub fn read(
    path: &Path,
    label: &str,
    sheet: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<RawRows> {
    let mut book = match calamine::open_workbook_auto(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(damaged(label, e));
            return None;
        }
    };
    let chosen = choose(&book, label, sheet, diags)?;
    let cells = match &mut book {
        Sheets::Xlsx(x) => match x.worksheet_cells_reader(&chosen) {
            Ok(mut r) => sparse(label, || r.next_cell()),
            Err(calamine::XlsxError::NotAWorksheet(_)) => Ok(Vec::new()),
            Err(e) => Err(Box::new(damaged(label, e))),
        },
        Sheets::Xlsb(x) => match x.worksheet_cells_reader(&chosen) {
            Ok(mut r) => sparse(label, || r.next_cell()),
            Err(e) => Err(Box::new(damaged(label, e))),
        },
        other => dense(other, &chosen, label),
    };
    match cells {
        Ok(cells) => Some(into_rows(cells)),
        Err(d) => {
            diags.push(*d);
            None
        }
    }
}

fn choose(
    book: &Book,
    label: &str,
    sheet: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
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
    if chosen.is_none() {
        diags.push(
            Diagnostic::error(
                "E-XLSX-SHEET",
                format!(
                    "{label} has no sheet \"{}\"; its sheets are: {}",
                    diag::quote(sheet.unwrap_or("")),
                    names.join(", ")
                ),
                "set `sheet` for this file in the scenario to one of the sheet names (请在场景文件中把 sheet 设为其中一个工作表名)",
            )
            .zh(
                format!(
                    "{label} 中没有工作表“{}”；现有工作表：{}",
                    diag::quote(sheet.unwrap_or("")),
                    names.join("、")
                ),
                "请在情景文件中把该文件的 sheet 设为其中一个工作表名",
            )
            .in_file(label),
        );
    }
    chosen
}

/// A workbook whose parts cannot be read: damaged, or not a spreadsheet at all.
fn damaged(label: &str, e: impl Display) -> Diagnostic {
    let why = diag::bounded(&e.to_string(), 300);
    Diagnostic::error(
        "E-FILE-FORMAT",
        format!(
            "{label} is not a readable spreadsheet (the workbook is damaged or not an .xlsx): {why}"
        ),
        "open it in Excel and save it again as .xlsx, or export it as CSV (工作簿已损坏或不是 xlsx 文件，请用 Excel 重新另存为 xlsx 或 CSV)",
    )
    .zh(
        format!("{label} 无法作为电子表格读取（工作簿已损坏或不是 xlsx 文件）：{why}"),
        "请用 Excel 打开并重新另存为 xlsx，或导出为 CSV",
    )
    .in_file(label)
}

/// A value cell of the sheet: 0-based row and column, value.
type Sparse = Vec<(u32, u32, Data)>;

/// Reads cells one at a time, keeping the non-empty ones and refusing a value beyond the
/// bounds or too many values.
fn sparse<'a, E: Display>(
    label: &str,
    mut next: impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, E>,
) -> Result<Sparse, Box<Diagnostic>> {
    let mut out = Vec::new();
    loop {
        let cell = match next() {
            Ok(Some(c)) => c,
            Ok(None) => return Ok(out),
            Err(e) => return Err(Box::new(damaged(label, e))),
        };
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (row, col) = cell.get_position();
        if row >= MAX_ROWS || col >= MAX_COLUMNS || out.len() >= MAX_CELLS {
            return Err(Box::new(too_large(label, row, col, out.len())));
        }
        out.push((row, col, Data::from(cell.get_value().clone())));
    }
}

/// The sheet through calamine's range (formats without a cell reader).
fn dense(book: &mut Book, name: &str, label: &str) -> Result<Sparse, Box<Diagnostic>> {
    let range = book
        .worksheet_range(name)
        .map_err(|e| Box::new(damaged(label, e)))?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut out = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        for (j, v) in cells.iter().enumerate() {
            if !matches!(v, Data::Empty) {
                out.push((row0 + i as u32, col0 + j as u32, v.clone()));
            }
        }
    }
    Ok(out)
}

fn too_large(label: &str, row: u32, col: u32, cells: usize) -> Diagnostic {
    let line = row as usize + 1;
    let (message, message_zh) = if cells >= MAX_CELLS {
        (
            format!("{label} has more than {MAX_CELLS} filled cells; a data sheet has far fewer"),
            format!("{label} 有超过 {MAX_CELLS} 个非空单元格；数据工作表远没有这么多"),
        )
    } else {
        let (cell, last) = (cell_name(row, col), column_name(MAX_COLUMNS - 1));
        (
            format!(
                "{label} has a value in cell {cell}, beyond the {MAX_ROWS} rows and {MAX_COLUMNS} columns (A–{last}) a data sheet may use"
            ),
            format!(
                "{label} 的单元格 {cell} 有值，超出了数据工作表可用的 {MAX_ROWS} 行、{MAX_COLUMNS} 列（A–{last}）范围"
            ),
        )
    };
    Diagnostic::error(
        "E-XLSX-SIZE",
        message,
        format!(
            "delete the content of cell {} (and any other cell far outside the table), or copy the table into a new workbook (请删除表格范围以外的单元格内容)",
            cell_name(row, col)
        ),
    )
    .zh(
        message_zh,
        format!(
            "请删除单元格 {} 的内容（以及表格范围以外的其他单元格），或把表格复制到新的工作簿中",
            cell_name(row, col)
        ),
    )
    .in_file(label)
    .at(line, Some(col as usize + 1))
}

/// Excel's name of a 0-based column: 0 → A, 25 → Z, 26 → AA, 16383 → XFD.
pub fn column_name(col: u32) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col), row as u64 + 1)
}

/// Rows of text from the value cells, as the dense range would give them: the first column
/// is the leftmost column with a value; rows without values are left out (they are skipped
/// as empty later anyway).
fn into_rows(cells: Sparse) -> RawRows {
    let col0 = cells.iter().map(|c| c.1).min().unwrap_or(0);
    let mut rows: BTreeMap<u32, Vec<(u32, Data)>> = BTreeMap::new();
    for (r, c, v) in cells {
        rows.entry(r).or_default().push((c - col0, v));
    }
    rows.into_iter()
        .map(|(r, values)| {
            let width = values.iter().map(|v| v.0 as usize + 1).max().unwrap_or(0);
            let mut texts = vec![String::new(); width];
            for (c, v) in values {
                texts[c as usize] = cell_text(&v);
            }
            (r as usize + 1, col0 as usize + 1, texts)
        })
        .collect()
}

/// Rows before the header is found: (line, first column number, cells).
pub(super) type RawRows = Vec<(usize, usize, Vec<String>)>;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(199), "GR");
        assert_eq!(column_name(16383), "XFD");
    }
}
