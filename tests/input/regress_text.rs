//! Regression tests for the text of data files (issue 19): physical line numbers on LF, CRLF
//! and mixed line ends; a stray byte in a UTF-8 file; binary and UTF-16 files; junk headers;
//! control characters; full-width ids.

use rotaplan::diag::Diagnostic;
use rotaplan::input::load;
use std::path::{Path, PathBuf};

/// A copy of the good fixture in a temporary folder.
fn good_copy() -> (tempfile::TempDir, PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/basic");
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let scenario = dir.path().join("scenario.toml");
    (dir, scenario)
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

fn write(dir: &Path, file: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(file), bytes).unwrap();
}

/// Replaces field `col` (0-based) of physical line `line` (1-based) of a CSV without quotes.
fn set_field(text: &str, line: usize, col: usize, value: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cells: Vec<&str> = lines[line - 1].split(',').collect();
    cells[col] = value;
    lines[line - 1] = cells.join(",");
    lines.join("\n") + "\n"
}

fn errors(scenario: &Path) -> Vec<Diagnostic> {
    match load(scenario) {
        Ok(_) => panic!("loaded without error"),
        Err(d) => d.into_iter().filter(|d| d.is_error()).collect(),
    }
}

fn show(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| format!("\n  {d}")).collect()
}

fn has(diags: &[Diagnostic], code: &str, file: &str, line: usize, col: Option<usize>) -> bool {
    diags.iter().any(|d| {
        d.code == code && d.file.as_deref() == Some(file) && d.line == Some(line) && d.column == col
    })
}

/// LF, CRLF (as Excel on Windows saves) and a mix of both.
fn line_ends(text: &str, style: &str) -> String {
    match style {
        "lf" => text.to_string(),
        "crlf" => text.replace('\n', "\r\n"),
        _ => text
            .split_inclusive('\n')
            .enumerate()
            .map(|(i, l)| match i % 2 {
                0 => l.replace('\n', "\r\n"),
                _ => l.to_string(),
            })
            .collect(),
    }
}

#[test]
fn crlf_line_numbers_are_physical() {
    for style in ["lf", "crlf", "mixed"] {
        let (dir, scenario) = good_copy();
        let d = dir.path();
        // students -40 on physical line 4 (column 5); gender "x" on line 6 (column 3).
        let schools = set_field(&read(d, "schools.csv"), 4, 4, "-40");
        let teachers = set_field(&read(d, "teachers.csv"), 6, 2, "x");
        write(d, "schools.csv", line_ends(&schools, style));
        write(d, "teachers.csv", line_ends(&teachers, style));
        let diags = errors(&scenario);
        assert!(
            has(&diags, "E-VALUE-RANGE", "schools.csv", 4, Some(5)),
            "{style}:{}",
            show(&diags)
        );
        assert!(
            has(&diags, "E-VALUE-GENDER", "teachers.csv", 6, Some(3)),
            "{style}:{}",
            show(&diags)
        );
    }
}

#[test]
fn crlf_quoted_newline_reports_record_start_line() {
    for style in ["lf", "crlf", "mixed"] {
        let (dir, scenario) = good_copy();
        let d = dir.path();
        // Line 3's name spans two physical lines; line 5 (now physical 6) has a bad gender.
        let mut lines: Vec<String> = read(d, "teachers.csv").lines().map(String::from).collect();
        lines[2] = lines[2].replacen("王强", "\"王\n强\"", 1);
        let text = set_field(&(lines.join("\n") + "\n"), 6, 2, "x");
        write(d, "teachers.csv", line_ends(&text, style));
        let schools = set_field(&read(d, "schools.csv"), 3, 4, "-1");
        write(d, "schools.csv", line_ends(&schools, style));
        let diags = errors(&scenario);
        assert!(
            has(&diags, "E-VALUE-GENDER", "teachers.csv", 6, Some(3)),
            "{style}:{}",
            show(&diags)
        );
        assert!(
            has(&diags, "E-VALUE-RANGE", "schools.csv", 3, Some(5)),
            "{style}:{}",
            show(&diags)
        );
    }
}

#[test]
fn stray_byte_in_utf8_file_names_its_line() {
    let (dir, scenario) = good_copy();
    let d = dir.path();
    let text = read(d, "teachers.csv");
    let at = text.find("T005,").unwrap() + 5;
    let mut bytes = text.as_bytes().to_vec();
    bytes.insert(at, 0xB3);
    write(d, "teachers.csv", &bytes);
    let line = 1 + text[..at].matches('\n').count();
    let diags = errors(&scenario);
    let e = diags.iter().find(|e| e.code == "E-ENCODING").unwrap();
    assert_eq!(e.line, Some(line), "{e}");
    assert!(
        e.message.contains("UTF-8") && e.message.contains("B3"),
        "{e}"
    );
    assert!(!e.message.contains("GBK"), "{e}");
    assert!(e.action.contains(&format!("line {line}")), "{e}");
}

#[test]
fn binary_file_is_named_not_echoed() {
    let (dir, scenario) = good_copy();
    write(dir.path(), "teachers.csv", vec![0u8; 100_000]);
    let diags = errors(&scenario);
    assert_eq!(diags.len(), 1, "{}", show(&diags));
    let text = diags[0].to_string();
    assert_eq!(diags[0].code, "E-FILE-BINARY");
    assert!(!text.contains('\0') && text.len() < 1000, "{text}");
}

#[test]
fn utf16_file_is_named() {
    for bom in [true, false] {
        let (dir, scenario) = good_copy();
        let text = read(dir.path(), "schools.csv");
        let mut bytes: Vec<u8> = if bom { vec![0xFF, 0xFE] } else { vec![] };
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        write(dir.path(), "schools.csv", bytes);
        let diags = errors(&scenario);
        let e = diags
            .iter()
            .find(|e| e.file.as_deref() == Some("schools.csv"));
        let e = e.unwrap_or_else(|| panic!("{}", show(&diags)));
        assert_eq!(e.code, "E-ENCODING", "{e}");
        assert!(
            e.message.contains("UTF-16") && e.action.contains("UTF-8"),
            "{e}"
        );
    }
}

#[test]
fn junk_header_is_reported_once_and_bounded() {
    let (dir, scenario) = good_copy();
    let junk = "x".repeat(1_000_000);
    let text = format!("{junk},{junk}\nS01,a\n");
    write(dir.path(), "schools.csv", text);
    let diags = errors(&scenario);
    let missing: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == "E-COL-MISSING").collect();
    assert_eq!(missing.len(), 1, "{}", show(&diags));
    let total: usize = diags.iter().map(|d| d.to_string().len()).sum();
    assert!(total < 20_000, "{total} bytes of messages");
}

#[test]
fn control_characters_in_ids_and_names_are_rejected() {
    let (dir, scenario) = good_copy();
    let d = dir.path();
    let text = read(d, "teachers.csv")
        .replacen("T002,", "T0\u{0}02,", 1)
        .replacen("王强", "王\u{1b}[31m强", 1);
    write(d, "teachers.csv", text);
    let diags = errors(&scenario);
    let id = diags
        .iter()
        .find(|e| e.code == "E-VALUE-CONTROL" && e.line == Some(3))
        .unwrap_or_else(|| panic!("{}", show(&diags)));
    assert_eq!(id.column, Some(1));
    assert!(id.action.contains("U+0000"), "{id}");
    let name = diags
        .iter()
        .find(|e| e.code == "E-VALUE-CONTROL" && e.line == Some(4))
        .unwrap_or_else(|| panic!("{}", show(&diags)));
    assert_eq!(name.column, Some(2));
    assert!(name.action.contains("U+001B"), "{name}");
    for e in &diags {
        let shown = e.to_string();
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\0'),
            "{shown:?}"
        );
    }
}

#[test]
fn full_width_ids_are_read_as_half_width() {
    let (dir, scenario) = good_copy();
    let d = dir.path();
    let to_wide = |s: &str| -> String {
        s.chars()
            .map(|c| char::from_u32(c as u32 + 0xfee0).unwrap())
            .collect()
    };
    let schools = read(d, "schools.csv").replacen("S03,", &format!("{},", to_wide("S03")), 1);
    let teachers = read(d, "teachers.csv").replacen(",S01,", &format!(",{},", to_wide("S01")), 1);
    write(d, "schools.csv", schools);
    write(d, "teachers.csv", teachers);
    let loaded = load(&scenario).unwrap_or_else(|d| panic!("{}", show(&d)));
    assert!(loaded.county.schools.iter().any(|s| s.id == "S03"));
    assert!(loaded
        .county
        .teachers
        .iter()
        .all(|t| t.school_id.is_ascii()));
}

#[test]
fn full_width_numbers_and_dates_are_read_too() {
    // (issue 24) a Chinese input method types digits full-width: １９８５－０３－０１, ２４
    let (dir, scenario) = good_copy();
    let d = dir.path();
    let to_wide = |s: &str| -> String {
        s.chars()
            .map(|c| char::from_u32(c as u32 + 0xfee0).unwrap())
            .collect()
    };
    let roster = read(d, "teachers.csv");
    let header: Vec<&str> = roster.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let first = roster.lines().nth(1).unwrap().to_string();
    let cells: Vec<&str> = first.split(',').collect();
    let (birth, months) = (cells[col("birth_date")], cells[col("rural_service_months")]);
    assert!(!months.is_empty(), "{first}");
    let wide = first.replacen(birth, &to_wide(birth), 1).replacen(
        &format!(",{months},"),
        &format!(",{},", to_wide(months)),
        1,
    );
    write(d, "teachers.csv", roster.replacen(&first, &wide, 1));
    let loaded = load(&scenario).unwrap_or_else(|d| panic!("{}", show(&d)));
    let t = &loaded.county.teachers[0];
    assert_eq!(t.birth_date.to_string(), birth);
    assert_eq!(t.rural_service_months.to_string(), months);
}
