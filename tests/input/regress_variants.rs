//! The malformed-input corpus (tests/fixtures/bad) on CRLF copies and XLSX conversions: every
//! case must report the same diagnostics at the same places as the original, because Excel on
//! Windows saves CSV with CRLF line ends and bureaus send workbooks as often as CSV (issue 19).

use rotaplan::diag::Diagnostic;
use rotaplan::input::load;
use rust_xlsxwriter::Workbook;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// (code, file, line, column) of each diagnostic.
type Places = BTreeSet<(String, Option<String>, Option<usize>, Option<usize>)>;

fn bad_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(bad_root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.len() >= 25,
        "the corpus has only {} cases",
        names.len()
    );
    names
}

fn places(diags: &[Diagnostic], rename: &dyn Fn(&str) -> String) -> Places {
    diags
        .iter()
        .map(|d| {
            (
                d.code.to_string(),
                d.file.as_deref().map(rename),
                d.line,
                d.column,
            )
        })
        .collect()
}

fn load_places(scenario: &Path, rename: &dyn Fn(&str) -> String) -> Places {
    match load(scenario) {
        Ok(_) => panic!("{}: loaded without error", scenario.display()),
        Err(d) => places(&d, rename),
    }
}

/// Turns one file (name, bytes) into the files written in its place.
type Convert<'a> = dyn Fn(&str, Vec<u8>) -> Vec<(String, Vec<u8>)> + 'a;

/// Copies a case folder, passing each file's bytes through `convert` (name, bytes) → files.
fn copy_case(case: &str, convert: &Convert) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(bad_root().join(case)).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        for (out, bytes) in convert(&name, std::fs::read(&p).unwrap()) {
            std::fs::write(dir.path().join(out), bytes).unwrap();
        }
    }
    dir
}

/// Every line end as CRLF (LF and CR bytes never occur inside a UTF-8 or GBK character).
fn to_crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 8);
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' && (i == 0 || bytes[i - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

#[test]
fn bad_fixtures_report_the_same_places_with_crlf_line_ends() {
    let same = |f: &str| f.to_string();
    for case in cases() {
        let expected = load_places(&bad_root().join(case.as_str()).join("scenario.toml"), &same);
        let dir = copy_case(&case, &|name, bytes| {
            let text_file = name.ends_with(".csv") || name.ends_with(".toml");
            let bytes = if text_file { to_crlf(&bytes) } else { bytes };
            vec![(name.to_string(), bytes)]
        });
        let got = load_places(&dir.path().join("scenario.toml"), &same);
        assert_eq!(got, expected, "{case} with CRLF line ends");
    }
}

/// Cases whose problem is in the CSV bytes themselves (encoding, a damaged workbook): they
/// have no XLSX form.
const NOT_CONVERTIBLE: &[&str] = &[
    "forced_utf8_on_gbk",
    "invalid_bytes",
    "not_a_spreadsheet",
    "encoding_name_unknown",
];

/// A CSV file (UTF-8) as an XLSX workbook: each cell at its physical line and column, as text.
fn csv_to_xlsx(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).expect("convertible fixtures are UTF-8");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    for rec in reader.records() {
        let rec = rec.unwrap();
        let row = rec.position().unwrap().line() as u32 - 1;
        for (c, cell) in rec.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string(row, c as u16, cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn bad_fixtures_report_the_same_places_as_xlsx() {
    let to_xlsx_name = |f: &str| match f.strip_suffix(".csv") {
        Some(stem) => format!("{stem}.xlsx"),
        None => f.to_string(),
    };
    let mut converted = 0;
    for case in cases() {
        if NOT_CONVERTIBLE.contains(&case.as_str()) {
            continue;
        }
        let expected = load_places(
            &bad_root().join(case.as_str()).join("scenario.toml"),
            &to_xlsx_name,
        );
        let dir = copy_case(&case, &|name, bytes| match name {
            n if n.ends_with(".csv") => vec![(to_xlsx_name(n), csv_to_xlsx(&bytes))],
            "scenario.toml" => {
                let text = String::from_utf8(bytes)
                    .unwrap()
                    .replace(".csv\"", ".xlsx\"");
                vec![(name.to_string(), text.into_bytes())]
            }
            _ => vec![(name.to_string(), bytes)],
        });
        let same = |f: &str| f.to_string();
        let got = load_places(&dir.path().join("scenario.toml"), &same);
        assert_eq!(got, expected, "{case} as XLSX");
        converted += 1;
    }
    assert!(converted >= 25, "only {converted} cases converted");
}
