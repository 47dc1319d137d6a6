//! Defect 13 of the outside probe: `check` could not tell an unreadable plan folder from a
//! wrong plan. A UTF-16 plan.csv, random bytes, a folder as plan.csv or a missing plan folder
//! gave exit 1 and hundreds of consequential violations. Now: exit 2, one message naming the
//! file and what is wrong, nothing on standard output.

use crate::support::arg;
use crate::support::rotaplan;
use std::path::{Path, PathBuf};

const FX: &str = "tests/whatif_fixture";

/// A plan folder of the fixture, planned once per test.
fn planned(tmp: &Path) -> PathBuf {
    let out = tmp.join("plan");
    let o = rotaplan(&["plan", &format!("{FX}/scenario.toml"), "--out", arg(&out)]);
    assert_eq!(o.status.code(), Some(0));
    out
}

/// Runs check and asserts exit 2, no report, and one error line containing every `needle`.
fn refused(dir: &Path, needles: &[&str]) {
    let o = rotaplan(&["check", &format!("{FX}/scenario.toml"), arg(dir)]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        o.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let messages: Vec<&str> = (err.lines())
        .filter(|l| !l.contains("warning[") && !l.contains("警告["))
        .collect();
    assert_eq!(
        messages.len(),
        1,
        "one message besides the scenario's warnings: {err}"
    );
    for n in needles {
        assert!(messages[0].contains(n), "{n:?} not in {err}");
    }
}

#[test]
fn utf16_plan_csv_is_bad_input_named_utf16() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = planned(tmp.path());
    let text = std::fs::read_to_string(dir.join("plan.csv")).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.join("plan.csv"), utf16).unwrap();
    refused(&dir, &["plan.csv", "UTF-16"]);
}

#[test]
fn random_bytes_as_plan_csv_are_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = planned(tmp.path());
    let mut x: u32 = 12345;
    let junk: Vec<u8> = (0..30_000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    std::fs::write(dir.join("plan.csv"), junk).unwrap();
    refused(&dir, &["plan.csv"]);
}

#[test]
fn a_folder_as_plan_csv_is_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = planned(tmp.path());
    std::fs::remove_file(dir.join("plan.csv")).unwrap();
    std::fs::create_dir(dir.join("plan.csv")).unwrap();
    refused(&dir, &["plan.csv", "folder"]);
}

#[test]
fn a_missing_plan_folder_or_file_is_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    refused(&tmp.path().join("nowhere"), &["nowhere", "does not exist"]);
    let dir = planned(tmp.path());
    std::fs::remove_file(dir.join("unplaced.csv")).unwrap();
    refused(&dir, &["unplaced.csv", "missing"]);
    std::fs::write(dir.join("unplaced.csv"), "").unwrap();
    refused(&dir, &["unplaced.csv"]);
}
