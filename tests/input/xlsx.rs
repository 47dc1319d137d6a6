//! Every data file can be an Excel workbook: the good fixture's five CSV files, saved as XLSX
//! the way bureaus' exports look (a title row and a blank row above the header, the data on a
//! sheet that is not the first or on the only sheet, ISO dates as Excel date cells, other date
//! spellings as text), load into the same county as the CSV files.

use rotaplan::input::{load, parse_date, Loaded};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::Path;

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/basic")
}

fn load_ok(path: &Path) -> Loaded {
    load(path).unwrap_or_else(|d| panic!("{d:#?}"))
}

/// Writes `csv` as an XLSX file: title row, blank row, header on row 3; `sheet` names the data
/// sheet, placed after a notes sheet.
fn csv_to_xlsx(csv_text: &str, path: &Path, sheet: Option<&str>) {
    let mut book = Workbook::new();
    if sheet.is_some() {
        book.add_worksheet()
            .set_name("说明")
            .unwrap()
            .write_string(0, 0, "导出自人事系统，请勿修改表头")
            .unwrap();
    }
    let ws = book.add_worksheet();
    if let Some(name) = sheet {
        ws.set_name(name).unwrap();
    }
    ws.write_string(0, 0, "示范县教育局 2026年 数据导出")
        .unwrap();
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text.as_bytes());
    for (r, rec) in reader.records().enumerate() {
        let row = 2 + r as u32;
        for (c, cell) in rec.unwrap().iter().enumerate() {
            let col = c as u16;
            let iso = r > 0
                && cell.len() == 10
                && cell.as_bytes()[4] == b'-'
                && chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d").is_ok();
            if iso {
                let d = chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d").unwrap();
                use chrono::Datelike;
                let x = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                    .unwrap();
                ws.write_datetime_with_format(row, col, x, &day).unwrap();
            } else if !cell.is_empty() {
                ws.write_string(row, col, cell).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// The county with source lines cleared: the XLSX rows sit two rows lower.
fn county_json(l: &Loaded) -> serde_json::Value {
    let mut v = serde_json::to_value(&l.county).unwrap();
    for list in v.as_object_mut().unwrap().values_mut() {
        for item in list.as_array_mut().unwrap() {
            item.as_object_mut().unwrap().remove("source_line");
        }
    }
    v
}

#[test]
fn every_input_file_reads_the_same_from_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let files = ["schools", "teachers", "needs", "hires", "pairs"];
    for name in files {
        let text = std::fs::read_to_string(fixture().join(format!("{name}.csv"))).unwrap();
        // The teachers are on a named sheet behind a notes sheet; the others on the only sheet.
        let sheet = (name == "teachers").then_some("教师");
        csv_to_xlsx(&text, &dir.path().join(format!("{name}.xlsx")), sheet);
    }
    let scenario = std::fs::read_to_string(fixture().join("scenario.toml"))
        .unwrap()
        .replace(
            "teachers = \"teachers.csv\"",
            "teachers = { path = \"teachers.xlsx\", sheet = \"教师\" }",
        )
        .replace(".csv\"", ".xlsx\"");
    assert!(!scenario.contains(".csv"), "{scenario}");
    std::fs::write(dir.path().join("scenario.toml"), scenario).unwrap();

    let from_csv = load_ok(&fixture().join("scenario.toml"));
    let from_xlsx = load_ok(&dir.path().join("scenario.toml"));
    assert!(!from_csv.county.teachers.is_empty() && !from_csv.county.pairs.is_empty());
    assert_eq!(county_json(&from_xlsx), county_json(&from_csv));
    // Excel row numbers: the header is on row 3, so the first teacher is on row 4.
    assert_eq!(from_xlsx.county.teachers[0].source_line, 4);
    assert_eq!(from_xlsx.county.schools[0].source_line, 4);
}

#[test]
fn excel_date_serials_written_as_numbers() {
    // A date cell formatted "General" shows its serial: 46266 is 2026-09-01.
    assert_eq!(
        parse_date("46266"),
        Ok(chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap())
    );
    assert_eq!(
        parse_date("31118"),
        Ok(chrono::NaiveDate::from_ymd_opt(1985, 3, 12).unwrap())
    );
    assert!(parse_date("4626").is_err());
}
