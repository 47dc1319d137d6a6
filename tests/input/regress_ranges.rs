//! Regression tests for implausible scenario numbers (issue 19): each is refused at its line
//! with its key and the accepted range, instead of failing late in the solver or planning
//! nonsense.

use rotaplan::input::load;
use std::path::{Path, PathBuf};

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

/// (table, key, value as written, code)
const IMPLAUSIBLE: &[(&str, &str, &str, &str)] = &[
    ("curriculum", "primary_load", "1e-300", "E-POLICY-LOAD"),
    ("curriculum", "primary_load", "1e-9", "E-POLICY-LOAD"),
    ("curriculum", "junior_load", "1e-300", "E-POLICY-LOAD"),
    ("curriculum", "junior_load", "nan", "E-POLICY-LOAD"),
    ("curriculum", "primary_load", "inf", "E-POLICY-LOAD"),
    ("weights", "rural", "1e15", "E-POLICY-WEIGHT"),
    ("weights", "remote", "1e300", "E-POLICY-WEIGHT"),
    ("weights", "urban", "1e308", "E-POLICY-WEIGHT"),
    ("weights", "weak", "nan", "E-POLICY-WEIGHT"),
    ("weights", "travel_per_km", "-1", "E-POLICY-WEIGHT"),
    ("weights", "not_due_penalty", "1e12", "E-POLICY-WEIGHT"),
    ("weights", "unpaired_penalty", "inf", "E-POLICY-WEIGHT"),
    (
        "weights",
        "hire_outside_rural_penalty",
        "-inf",
        "E-POLICY-WEIGHT",
    ),
    ("policy", "rotation_share", "nan", "E-POLICY-SHARE"),
    ("policy", "commute_km", "1e9", "E-POLICY-RANGE"),
    ("policy", "commute_km", "nan", "E-POLICY-RANGE"),
    ("solver", "time_limit_seconds", "1e300", "E-POLICY-SOLVER"),
    ("solver", "time_limit_seconds", "nan", "E-POLICY-SOLVER"),
    ("solver", "threads", "100000", "E-POLICY-SOLVER"),
    ("solver", "mip_rel_gap", "nan", "E-POLICY-SOLVER"),
];

#[test]
fn implausible_scenario_numbers_are_refused_at_their_line() {
    for &(table, key, value, code) in IMPLAUSIBLE {
        let (_dir, scenario) = good_copy();
        let mut text = std::fs::read_to_string(&scenario).unwrap();
        // The scenario has [policy] already; other tables are appended.
        if text.contains(&format!("[{table}]\n")) {
            text = text.replace(
                &format!("[{table}]\n"),
                &format!("[{table}]\n{key} = {value}\n"),
            );
        } else {
            text.push_str(&format!("\n[{table}]\n{key} = {value}\n"));
        }
        let line = 1 + text[..text.find(&format!("{key} = {value}")).unwrap()]
            .matches('\n')
            .count();
        std::fs::write(&scenario, &text).unwrap();
        let diags = match load(&scenario) {
            Ok(_) => panic!("{table}.{key} = {value} accepted"),
            Err(d) => d,
        };
        let full = format!("{table}.{key}");
        let e = diags
            .iter()
            .find(|d| d.field.as_deref() == Some(full.as_str()))
            .unwrap_or_else(|| panic!("{full} = {value}: {diags:#?}"));
        assert_eq!(e.code, code, "{e}");
        assert_eq!(e.file.as_deref(), Some("scenario.toml"), "{e}");
        assert_eq!(e.line, Some(line), "{e}");
        assert!(e.message.contains(&full), "{e}");
        assert!(e.message.len() < 300, "{e}");
    }
}

#[test]
fn plausible_numbers_at_the_bounds_pass() {
    let (_dir, scenario) = good_copy();
    let mut text = std::fs::read_to_string(&scenario).unwrap();
    text.push_str(
        "\n[curriculum]\nprimary_load = 1\njunior_load = 40\n\n[weights]\nrural = 1000\nurban = 0\nnot_due_penalty = 10000\n",
    );
    std::fs::write(&scenario, text).unwrap();
    load(&scenario).unwrap_or_else(|d| panic!("{d:#?}"));
}
