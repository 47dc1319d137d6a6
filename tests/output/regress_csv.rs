//! Names are data, never code, in every output (issue 19, outside probe 4 and 5): CSV cells a
//! spreadsheet would run as formulas carry a leading apostrophe, report.md escapes HTML, and
//! plan.xlsx keeps such names as strings and cuts a name longer than a cell holds instead of
//! panicking. One small county is solved once, with the names replaced after loading, and every
//! rendering of it is checked by the independent checker.

use crate::support::{solve_checked_with, Checked, Solve};
use rotaplan::generate::{generate_to_dir, Flavor, GenerateParams};
use rotaplan::input::Loaded;
use rotaplan::output::csv_safe::unprotect;
use rotaplan::output::RenderOptions;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::sync::OnceLock;

const FORMULAS: [&str; 5] = ["=cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "+86 139", "\tTAB"];
const SCRIPT: &str = "<script>alert(1)</script>";

fn solved() -> &'static (Loaded, Checked) {
    static SOLVED: OnceLock<(Loaded, Checked)> = OnceLock::new();
    SOLVED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        generate_to_dir(
            &GenerateParams::new(300, 12, 19),
            dir.path(),
            Flavor::English,
        )
        .unwrap();
        let mut loaded = rotaplan::input::load(&dir.path().join("scenario.toml")).unwrap();
        for (i, t) in loaded.county.teachers.iter_mut().enumerate() {
            t.name = format!("{}{i}", FORMULAS[i % FORMULAS.len()]);
        }
        for (i, s) in loaded.county.schools.iter_mut().enumerate() {
            s.name = if i == 0 {
                "y".repeat(40_000)
            } else {
                format!("{SCRIPT}|*{i}*")
            };
        }
        // Planned, rendered, written and checked: the checker reads the protected cells back
        // as the names above (no mismatch), so protection loses nothing.
        let how = Solve::new("formula names")
            .time_limit(120.0)
            .render(RenderOptions {
                reproducible: true,
                ..Default::default()
            });
        let checked = solve_checked_with(&loaded, &how);
        (loaded, checked)
    })
}

/// The rendered files of the checked plan.
fn rendered() -> Vec<(String, Vec<u8>)> {
    solved().1.files.clone()
}

fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &files.iter().find(|(n, _)| n == name).unwrap().1
}

fn cells(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn csv_formula_injection_is_neutralised_in_every_csv() {
    let files = rendered();
    let (loaded, p) = solved();
    assert!(!p.plan.assignments.is_empty(), "the county rotates nobody");
    let roster: HashMap<&str, &str> = loaded
        .county
        .teachers
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    let mut names_seen = 0;
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".csv")) {
        for row in cells(bytes) {
            for cell in &row {
                let runs = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
                assert!(
                    !runs || cell.parse::<f64>().is_ok(),
                    "{name}: cell {cell:?} is a formula"
                );
            }
        }
    }
    for file_name in ["plan.csv", "unplaced.csv"] {
        for row in cells(file(&files, file_name)) {
            // teacher_id, name: the original name comes back through `unprotect`.
            assert_eq!(unprotect(&row[1]), roster[row[0].as_str()], "{file_name}");
            assert!(row[1].starts_with('\''), "{file_name}: {:?}", row[1]);
            names_seen += 1;
        }
    }
    assert!(names_seen > 0);
}

#[test]
fn report_md_escapes_names_that_are_html() {
    let files = rendered();
    let md = String::from_utf8(file(&files, "report.md").to_vec()).unwrap();
    assert!(!md.contains("<script>"), "raw HTML in report.md");
    assert!(
        md.contains("\\<script\\>alert(1)\\</script\\>\\|\\*"),
        "{md}"
    );
    let html = String::from_utf8(file(&files, "report.html").to_vec()).unwrap();
    assert!(!html.contains(SCRIPT), "raw HTML in report.html");
}

fn xlsx_parts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap_or_default();
            (f.name().map(|n| n.to_string()).unwrap_or_default(), s)
        })
        .filter(|(n, _)| n.ends_with(".xml"))
        .collect()
}

#[test]
fn xlsx_keeps_formula_like_names_as_strings() {
    let files = rendered();
    let parts = xlsx_parts(file(&files, "plan.xlsx"));
    for (name, xml) in &parts {
        assert!(!xml.contains("<f>"), "{name} holds a formula");
    }
    let strings = &parts
        .iter()
        .find(|(n, _)| n == "xl/sharedStrings.xml")
        .unwrap()
        .1;
    assert!(
        strings.contains("=cmd|&apos; /C calc&apos;!A0") || strings.contains("=cmd|' /C calc'!A0")
    );
}

#[test]
fn xlsx_name_longer_than_an_excel_cell_is_cut_not_a_panic() {
    let files = rendered();
    let parts = xlsx_parts(file(&files, "plan.xlsx"));
    let strings = &parts
        .iter()
        .find(|(n, _)| n == "xl/sharedStrings.xml")
        .unwrap()
        .1;
    let cut = format!("{}…", "y".repeat(32_766));
    assert!(
        strings.contains(&cut),
        "the long name is not cut to 32,767 characters"
    );
    assert!(!strings.contains(&"y".repeat(32_767)));
}
