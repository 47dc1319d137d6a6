//! The schools file's optional `establishment` column (核定编制数, issue 20): read under its
//! English and Chinese headers, empty = computed, and every bad value refused at its cell,
//! all at once.

use rotaplan::input::load;
use std::path::{Path, PathBuf};

/// A copy of the good fixture whose schools file is `schools` (CSV text).
fn county_with_schools(schools: &str) -> (tempfile::TempDir, PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/basic");
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(dir.path().join("schools.csv"), schools).unwrap();
    let scenario = dir.path().join("scenario.toml");
    (dir, scenario)
}

/// The good fixture's schools file with a last column `header` holding `values` (one per
/// school, in order).
fn schools_with(header: &str, values: [&str; 5]) -> String {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/basic/schools.csv");
    let text = std::fs::read_to_string(src).unwrap();
    let mut lines = text.lines();
    let mut out = format!("{},{header}\n", lines.next().unwrap());
    for (line, v) in lines.zip(values) {
        out.push_str(&format!("{line},{v}\n"));
    }
    out
}

/// Code, line, column and field of a diagnostic.
type Place<'a> = (&'a str, Option<usize>, Option<usize>, Option<&'a str>);

/// The establishment column is the 15th of these files.
const COLUMN: usize = 15;

#[test]
fn establishment_is_read_and_empty_means_computed() {
    let (_dir, scenario) =
        county_with_schools(&schools_with("establishment", ["70", "", "24.0", "0", " "]));
    let loaded = load(&scenario).unwrap_or_else(|d| panic!("{d:#?}"));
    let got: Vec<(&str, Option<u32>)> = loaded
        .county
        .schools
        .iter()
        .map(|s| (s.id.as_str(), s.establishment))
        .collect();
    assert_eq!(
        got,
        vec![
            ("S01", Some(70)),
            ("S02", None),
            ("S03", Some(24)),
            ("S04", Some(0)),
            ("S05", None),
        ]
    );
}

#[test]
fn the_chinese_headers_are_accepted() {
    for header in ["核定编制数", "核定编制", "编制数", "编制", "Establishment"] {
        let (_dir, scenario) =
            county_with_schools(&schools_with(header, ["70", "55", "", "", "3"]));
        let loaded = load(&scenario).unwrap_or_else(|d| panic!("{header}: {d:#?}"));
        let got: Vec<Option<u32>> = loaded
            .county
            .schools
            .iter()
            .map(|s| s.establishment)
            .collect();
        assert_eq!(
            got,
            vec![Some(70), Some(55), None, None, Some(3)],
            "{header}"
        );
    }
}

#[test]
fn a_file_without_the_column_computes_every_establishment() {
    let loaded = load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/basic/scenario.toml"),
    )
    .unwrap();
    assert!(loaded
        .county
        .schools
        .iter()
        .all(|s| s.establishment.is_none()));
}

#[test]
fn every_bad_value_is_reported_at_its_cell_at_once() {
    let (_dir, scenario) = county_with_schools(&schools_with(
        "核定编制数",
        ["-3", "12.5", "二十", "100001", "40"],
    ));
    let diags = load(&scenario).expect_err("bad establishments");
    let got: Vec<Place> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code, d.line, d.column, d.field.as_deref()))
        .collect();
    let at = |code, line| (code, Some(line), Some(COLUMN), Some("establishment"));
    assert_eq!(
        got,
        vec![
            at("E-VALUE-RANGE", 2),
            at("E-VALUE-NUMBER", 3),
            at("E-VALUE-NUMBER", 4),
            at("E-VALUE-RANGE", 5),
        ]
    );
    for d in diags.iter().filter(|d| d.is_error()) {
        assert_eq!(d.file.as_deref(), Some("schools.csv"));
        assert!(d.action.contains("核定编制数"), "{d}");
        assert!(d.action.contains("leave the cell empty"), "{d}");
        assert!(d.action.contains("请填写"), "{d}");
    }
    let text: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert!(text[0].contains("\"-3\" is negative"), "{}", text[0]);
    assert!(
        text[1].contains("\"12.5\" is not a whole number"),
        "{}",
        text[1]
    );
    assert!(text[2].contains("\"二十\" is not a number"), "{}", text[2]);
    assert!(text[3].contains("more than 100000"), "{}", text[3]);
}

#[test]
fn the_bad_values_are_reported_with_the_other_problems_of_the_row() {
    // A negative student count and a bad establishment on the same row: both reported.
    let schools =
        schools_with("establishment", ["x", "", "", "", ""]).replacen(",1200,", ",-1200,", 1);
    let (_dir, scenario) = county_with_schools(&schools);
    let diags = load(&scenario).expect_err("two bad cells");
    let fields: Vec<&str> = diags
        .iter()
        .filter(|d| d.is_error() && d.line == Some(2))
        .filter_map(|d| d.field.as_deref())
        .collect();
    assert_eq!(fields, vec!["students", "establishment"]);
}
