//! The decisions of an edited plan.xlsx: its rotation sheet (交流方案 / plan) and its hires
//! sheet (新教师分配 / hires), turned into the text of plan.csv and hires.csv as the checker
//! reads them (docs/plan-format.md, "Editing the workbook"). Each sheet row keeps its Excel row
//! number as its line, so a finding points at the row the office sees. Columns are found by
//! their headings in either language; the columns that only describe (school names, area) are
//! left out.

use std::path::Path;

/// The workbook's file name in a plan folder.
pub(crate) const WORKBOOK: &str = "plan.xlsx";

/// The sheets holding the decisions, in Chinese and English.
const PLAN_SHEETS: [&str; 2] = ["交流方案", "plan"];
const HIRE_SHEETS: [&str; 2] = ["新教师分配", "hires"];

/// The rotation sheet's headings → plan.csv columns.
const PLAN_COLUMNS: [(&str, &str, &str); 12] = [
    ("工号", "teacher id", "teacher_id"),
    ("姓名", "name", "name"),
    ("任教学科", "subject", "subject"),
    ("派出学校代码", "from school id", "from_school_id"),
    ("接收学校代码", "to school id", "to_school_id"),
    ("开始日期", "start", "start_date"),
    ("结束日期", "end", "end_date"),
    ("须本年服务", "must serve", "must_serve"),
    ("骨干教师", "backbone", "backbone"),
    ("距离(km)", "distance (km)", "distance_km"),
    ("原因", "reason", "reason"),
    ("类型", "kind", "kind"),
];

/// The hires sheet's headings → hires.csv columns.
const HIRE_COLUMNS: [(&str, &str, &str); 4] = [
    ("学校代码", "school id", "school_id"),
    ("学科", "subject", "subject"),
    ("人数", "count", "count"),
    ("招聘类别", "programme", "programme"),
];

/// Why a workbook cannot be read as a plan, in words (damaged, a sheet or a heading missing).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct Unreadable(String);

/// The decisions of a workbook, as CSV text in the checker's format.
pub(crate) struct Translated {
    /// The rotation sheet's name and its rows as plan.csv.
    pub plan_sheet: String,
    pub plan: Vec<u8>,
    /// The hires sheet's name and its rows as hires.csv.
    pub hire_sheet: String,
    pub hires: Vec<u8>,
    /// The rotation sheet names teachers by pseudonym (`plan --anonymize`): its decisions
    /// cannot be read back.
    pub anonymized: bool,
}

/// Reads the two decision sheets of `path`. `Err` says in words why the workbook cannot be read
/// as a plan (damaged, a sheet or a heading missing).
pub(crate) fn translate(path: &Path) -> Result<Translated, Unreadable> {
    let (plan_sheet, plan_rows) = sheet(path, &PLAN_SHEETS)?;
    let (hire_sheet, hire_rows) = sheet(path, &HIRE_SHEETS)?;
    let plan = as_csv(&plan_sheet, &plan_rows, &PLAN_COLUMNS, "teacher_id")?;
    let hires = as_csv(&hire_sheet, &hire_rows, &HIRE_COLUMNS, "school_id")?;
    let anonymized = plan.ids.iter().any(|id| id.starts_with("ANON-"));
    Ok(Translated {
        plan_sheet,
        plan: plan.bytes,
        hire_sheet,
        hires: hires.bytes,
        anonymized,
    })
}

type Rows = crate::input::SheetRows;

/// The first of `names` the workbook has, with its rows.
fn sheet(path: &Path, names: &[&str]) -> Result<(String, Rows), Unreadable> {
    let mut why = String::new();
    for name in names {
        match crate::input::sheet_rows(path, WORKBOOK, name) {
            Ok(rows) => return Ok((name.to_string(), rows)),
            Err(diags) => {
                let damaged = diags.iter().any(|d| d.code != "E-XLSX-SHEET");
                why = (diags.iter().map(|d| d.message.as_str()))
                    .collect::<Vec<_>>()
                    .join("; ");
                if damaged {
                    return Err(Unreadable(why));
                }
            }
        }
    }
    Err(Unreadable(why))
}

struct Csv {
    bytes: Vec<u8>,
    /// The key column's cells (teacher ids of the rotation sheet).
    ids: Vec<String>,
}

/// The rows below the heading row as CSV, one physical line per sheet row (rows above the
/// heading and empty rows become empty lines, which the reader skips).
fn as_csv(
    sheet: &str,
    rows: &Rows,
    columns: &[(&str, &str, &str)],
    key: &str,
) -> Result<Csv, Unreadable> {
    let canonical = |cell: &str| -> Option<&str> {
        let cell = cell.trim();
        (columns.iter())
            .find(|(zh, en, csv)| cell == *zh || cell.eq_ignore_ascii_case(en) || cell == *csv)
            .map(|c| c.2)
    };
    let Some(head_at) = rows
        .iter()
        .position(|(_, _, cells)| cells.iter().any(|c| canonical(c) == Some(key)))
    else {
        let (zh, en, _) = columns
            .iter()
            .find(|c| c.2 == key)
            .copied()
            .unwrap_or_default();
        return Err(Unreadable(format!(
            "sheet {sheet} has no heading row with a \"{zh}\" ({en}) column"
        )));
    };
    let (head_line, head_col, head) = &rows[head_at];
    // sheet column number → csv column
    let wanted: Vec<(usize, &str)> = (head.iter().enumerate())
        .filter_map(|(j, cell)| canonical(cell).map(|c| (head_col + j, c)))
        .collect();
    let key_col = wanted.iter().find(|w| w.1 == key).map(|w| w.0);
    let mut text = String::new();
    let mut line = 1;
    let mut put = |at: usize, cells: Vec<String>, text: &mut String| {
        while line < at {
            text.push('\n');
            line += 1;
        }
        let quoted: Vec<String> = cells.iter().map(|c| quote(c)).collect();
        text.push_str(&quoted.join(","));
        text.push('\n');
        line += 1;
    };
    put(
        *head_line,
        wanted.iter().map(|w| w.1.to_string()).collect(),
        &mut text,
    );
    let mut ids = Vec::new();
    for (at, first, cells) in &rows[head_at + 1..] {
        let cell = |col: usize| {
            col.checked_sub(*first)
                .and_then(|j| cells.get(j))
                .cloned()
                .unwrap_or_default()
        };
        if let Some(k) = key_col {
            ids.push(cell(k).trim().to_string());
        }
        put(*at, wanted.iter().map(|w| cell(w.0)).collect(), &mut text);
    }
    Ok(Csv {
        bytes: text.into_bytes(),
        ids,
    })
}

/// A CSV cell, quoted when it holds a comma, a quote or a line end.
fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}
