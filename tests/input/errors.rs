//! The malformed-input corpus: one folder per case under tests/fixtures/bad/, each expected to
//! fail with a given code at a given place. Every folder must have a row in CASES, and loading
//! must leave every folder byte-identical.

use rotaplan::diag::{Diagnostic, Severity};
use rotaplan::input::load;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// (folder, code, file, line, column)
type Case = (
    &'static str,
    &'static str,
    &'static str,
    Option<usize>,
    Option<usize>,
);

#[rustfmt::skip]
const CASES: &[Case] = &[
    ("absurd_classes", "E-VALUE-RANGE", "schools.csv", Some(2), Some(6)),
    ("bad_boolean", "E-VALUE-BOOL", "schools.csv", Some(3), Some(7)),
    ("bad_date_format", "E-VALUE-DATE", "teachers.csv", Some(2), Some(4)),
    ("bad_gender", "E-VALUE-GENDER", "teachers.csv", Some(2), Some(3)),
    ("bad_stage", "E-VALUE-STAGE", "schools.csv", Some(2), Some(4)),
    ("bad_title_backbone", "E-VALUE-TITLE", "teachers.csv", Some(2), Some(7)),
    ("bad_title_backbone", "E-VALUE-BACKBONE", "teachers.csv", Some(2), Some(8)),
    ("birth_after_hire", "E-DATE-ORDER", "teachers.csv", Some(3), Some(7)),
    ("column_mapping_unknown_target", "E-COL-MAPPING", "scenario.toml", Some(9), Some(1)),
    ("coordinates_mixed", "E-COORD-MIXED", "schools.csv", Some(3), None),
    ("dup_school_id", "E-DUP-SCHOOL", "schools.csv", Some(4), Some(1)),
    ("dup_teacher_id", "E-DUP-TEACHER", "teachers.csv", Some(4), Some(1)),
    ("duplicate_column", "E-COL-DUPLICATE", "teachers.csv", Some(1), Some(7)),
    ("empty_file", "E-FILE-EMPTY", "teachers.csv", Some(1), None),
    ("empty_required_cell", "E-VALUE-EMPTY", "teachers.csv", Some(2), Some(2)),
    ("empty_subject_catalogue", "E-POLICY-SUBJECTS", "scenario.toml", Some(8), Some(1)),
    ("encoding_name_unknown", "E-ENCODING-NAME", "scenario.toml", Some(9), Some(1)),
    ("exempt_unknown_school", "E-POLICY-EXEMPT", "scenario.toml", Some(9), Some(1)),
    ("forced_utf8_on_gbk", "E-ENCODING", "teachers.csv", Some(2), None),
    ("future_date", "E-DATE-FUTURE", "teachers.csv", Some(3), Some(7)),
    ("header_only", "E-FILE-EMPTY", "schools.csv", Some(1), None),
    ("hires_absurd_count", "E-VALUE-RANGE", "hires.csv", Some(3), Some(2)),
    ("hires_bad_area", "E-VALUE-AREA", "hires.csv", Some(2), Some(4)),
    ("hires_bad_count", "E-VALUE-NUMBER", "hires.csv", Some(2), Some(2)),
    ("impossible_date", "E-VALUE-DATE", "teachers.csv", Some(3), Some(4)),
    ("invalid_bytes", "E-ENCODING", "teachers.csv", Some(2), None),
    ("lat_without_lon", "E-COORD-PAIR", "schools.csv", Some(3), Some(8)),
    ("missing_column", "E-COL-MISSING", "teachers.csv", Some(1), None),
    ("missing_data_file", "E-FILE-MISSING", "scenario.toml", Some(6), Some(1)),
    ("multiple_errors", "E-REF-SCHOOL", "teachers.csv", Some(3), Some(5)),
    ("multiple_errors", "E-VALUE-GENDER", "teachers.csv", Some(4), Some(3)),
    ("multiple_errors", "E-DUP-TEACHER", "teachers.csv", Some(5), Some(1)),
    ("multiple_errors", "E-VALUE-SUBJECT", "teachers.csv", Some(6), Some(6)),
    ("multiple_errors", "E-VALUE-DATE", "teachers.csv", Some(7), Some(7)),
    ("needs_out_of_range", "E-VALUE-RANGE", "needs.csv", Some(3), Some(3)),
    ("needs_unknown_school", "E-REF-SCHOOL", "needs.csv", Some(2), Some(1)),
    ("negative_students", "E-VALUE-RANGE", "schools.csv", Some(3), Some(5)),
    ("nine_year_split", "E-CLASSES-SPLIT", "schools.csv", Some(3), Some(7)),
    ("not_a_spreadsheet", "E-FILE-FORMAT", "schools.xlsx", None, None),
    ("pair_with_itself", "E-PAIR-SELF", "pairs.csv", Some(2), Some(2)),
    ("pairs_unknown_school", "E-REF-SCHOOL", "pairs.csv", Some(2), Some(2)),
    ("plan_year_range", "E-POLICY-YEAR", "scenario.toml", Some(2), Some(1)),
    ("policy_values", "E-POLICY-SHARE", "scenario.toml", Some(9), Some(1)),
    ("policy_values", "E-POLICY-RANGE", "scenario.toml", Some(10), Some(1)),
    ("policy_values", "E-POLICY-LOAD", "scenario.toml", Some(13), Some(1)),
    ("policy_values", "E-POLICY-WEIGHT", "scenario.toml", Some(16), Some(1)),
    ("teacher_bad_numbers", "E-VALUE-RANGE", "teachers.csv", Some(2), Some(7)),
    ("teacher_bad_numbers", "E-VALUE-NUMBER", "teachers.csv", Some(3), Some(7)),
    ("teacher_bad_numbers", "E-VALUE-RANGE", "teachers.csv", Some(3), Some(8)),
    ("toml_data_unknown_key", "E-TOML-UNKNOWN-KEY", "scenario.toml", Some(9), Some(1)),
    ("toml_missing_key", "E-TOML-VALUE", "scenario.toml", Some(1), Some(1)),
    ("toml_syntax", "E-TOML-SYNTAX", "scenario.toml", Some(2), Some(13)),
    ("toml_several_errors", "E-TOML-UNKNOWN-KEY", "scenario.toml", Some(9), Some(1)),
    ("toml_several_errors", "E-TOML-VALUE", "scenario.toml", Some(10), Some(14)),
    ("toml_several_errors", "E-TOML-UNKNOWN-KEY", "scenario.toml", Some(13), Some(1)),
    ("toml_unknown_key", "E-TOML-UNKNOWN-KEY", "scenario.toml", Some(9), Some(1)),
    ("toml_wrong_type", "E-TOML-VALUE", "scenario.toml", Some(2), Some(13)),
    ("unknown_area", "E-VALUE-AREA", "schools.csv", Some(3), Some(3)),
    ("unknown_school_ref", "E-REF-SCHOOL", "teachers.csv", Some(3), Some(5)),
    ("unknown_subject", "E-VALUE-SUBJECT", "teachers.csv", Some(3), Some(6)),
];

/// Cases where the exact number of errors is part of the contract: all are reported at once,
/// and one cause does not produce follow-on errors.
const ERROR_COUNTS: &[(&str, usize)] = &[
    ("multiple_errors", 5),
    ("policy_values", 4),
    ("teacher_bad_numbers", 3),
    ("bad_title_backbone", 2),
    ("dup_teacher_id", 1),
    ("unknown_school_ref", 1),
    ("missing_column", 1),
    // TOML errors in several sections, each with its line; a required key of the wrong type
    // is one error, not also a missing key.
    ("toml_several_errors", 3),
    ("toml_wrong_type", 1),
    ("toml_data_unknown_key", 1),
];

fn bad_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad")
        .join(case)
}

/// Every file of a folder with its bytes, to prove loading writes nothing.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(snapshot(&path));
        } else {
            out.insert(path.clone(), std::fs::read(&path).unwrap());
        }
    }
    out
}

fn load_bad(case: &str) -> Vec<Diagnostic> {
    let dir = bad_dir(case);
    let before = snapshot(&dir);
    let result = load(&dir.join("scenario.toml"));
    assert_eq!(
        before,
        snapshot(&dir),
        "{case}: loading changed the fixture folder"
    );
    match result {
        Ok(_) => panic!("{case}: loaded without error"),
        Err(diags) => diags,
    }
}

fn show(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| format!("\n  {d}")).collect()
}

#[test]
fn every_case_reports_its_code_at_its_place() {
    for &(case, code, file, line, column) in CASES {
        let diags = load_bad(case);
        let found = diags.iter().any(|d| {
            d.code == code
                && d.file.as_deref() == Some(file)
                && d.line == line
                && d.column == column
        });
        assert!(
            found,
            "{case}: expected {code} at {file}:{line:?}:{column:?}, got:{}",
            show(&diags)
        );
    }
}

#[test]
fn every_diagnostic_is_complete() {
    for &(case, ..) in CASES {
        for d in load_bad(case) {
            assert!(d.file.is_some(), "{case}: no file in {d}");
            assert!(!d.message.is_empty() && !d.action.is_empty(), "{case}: {d}");
            let expected = if d.code.starts_with("E-") {
                Severity::Error
            } else {
                Severity::Warning
            };
            assert_eq!(d.severity, expected, "{case}: {d}");
        }
    }
}

#[test]
fn all_errors_of_a_file_are_reported_at_once() {
    for &(case, count) in ERROR_COUNTS {
        let diags = load_bad(case);
        let errors = diags.iter().filter(|d| d.is_error()).count();
        assert_eq!(errors, count, "{case}:{}", show(&diags));
    }
}

#[test]
fn every_fixture_folder_has_a_case() {
    let listed: std::collections::BTreeSet<&str> = CASES.iter().map(|c| c.0).collect();
    let mut count = 0;
    for entry in std::fs::read_dir(bad_dir("")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            listed.contains(name.as_str()),
            "fixture {name} has no row in CASES"
        );
        count += 1;
    }
    assert!(count >= 25, "the corpus has only {count} cases");
}

#[test]
fn messages_quote_the_bad_value_and_list_alternatives() {
    let diags = load_bad("unknown_subject");
    let d = diags.iter().find(|d| d.code == "E-VALUE-SUBJECT").unwrap();
    assert!(
        d.message.contains("\"书法\"") && d.message.contains("music (音乐)"),
        "{d}"
    );

    let diags = load_bad("toml_unknown_key");
    assert!(
        diags[0].message.contains("rotation_shar") && diags[0].message.contains("`rotation_share`")
    );

    let diags = load_bad("dup_teacher_id");
    assert!(diags[0].message.contains("first on line 2"), "{}", diags[0]);

    let diags = load_bad("missing_column");
    let d = &diags[0];
    assert_eq!(d.field.as_deref(), Some("gender"));
    assert!(
        d.message.contains("性别") && d.message.contains("teacher_id, name"),
        "{d}"
    );
}

#[test]
fn missing_scenario_file_is_reported() {
    let diags = load(&bad_dir("no_such_case").join("scenario.toml")).unwrap_err();
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, "E-FILE-MISSING");
    assert_eq!(diags[0].file.as_deref(), Some("scenario.toml"));
}

#[test]
fn unknown_sheet_names_the_sheets_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .set_name("学校")
        .unwrap()
        .write_string(0, 0, "school_id")
        .unwrap();
    book.save(dir.path().join("schools.xlsx")).unwrap();
    std::fs::copy(
        bad_dir("dup_teacher_id").join("teachers.csv"),
        dir.path().join("teachers.csv"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("scenario.toml"),
        "name = \"x\"\nplan_year = 2026\n[data]\nteachers = \"teachers.csv\"\n[data.schools]\npath = \"schools.xlsx\"\nsheet = \"Schools\"\n",
    )
    .unwrap();
    let diags = load(&dir.path().join("scenario.toml")).unwrap_err();
    let d = diags
        .iter()
        .find(|d| d.code == "E-XLSX-SHEET")
        .expect("E-XLSX-SHEET");
    assert_eq!(d.file.as_deref(), Some("schools.xlsx"));
    assert!(d.message.contains("学校"), "{d}");
}

/// Cut and garble the good fixture's files in many ways: loading may fail but must not panic.
#[test]
fn garbled_inputs_never_panic() {
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/basic");
    let files = snapshot(&good);
    let dir = tempfile::tempdir().unwrap();
    let mut runs = 0;
    for (victim, bytes) in &files {
        let name = victim.file_name().unwrap();
        let step = (bytes.len() / 23).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            for variant in 0..3 {
                for (path, content) in &files {
                    std::fs::write(dir.path().join(path.file_name().unwrap()), content).unwrap();
                }
                let mut broken = bytes.clone();
                match variant {
                    0 => broken.truncate(cut),
                    1 => broken[cut] = b"\xff,\"\n="[cut % 5],
                    _ => broken.insert(cut, b'"'),
                }
                std::fs::write(dir.path().join(name), &broken).unwrap();
                // whatever is reported is reported in Chinese too
                if let Err(diags) = load(&dir.path().join("scenario.toml")) {
                    for d in diags {
                        assert!(d.message_zh.is_some() && d.action_zh.is_some(), "{d}");
                    }
                }
                runs += 1;
            }
        }
    }
    assert!(runs > 300);
}
