//! Defect: `plan --from` accepted an unreadable previous plan (random bytes in plan.csv → exit
//! 0, "kept 0 of 1 previous rotations"; garbage rows → changes.csv listed removed teachers
//! `garbage` and `\x01\x02\x03`). A previous folder whose plan.csv or hires.csv is not a plan
//! rotaplan wrote for this county is now refused, naming the file, line and column, exit 2.

use crate::support::{county, school, teacher};
use rotaplan::domain::{Area, County};
use rotaplan::whatif::replan::{read_previous, PreviousPlanError};
use std::path::Path;
use std::process::Command;

const PLAN_HEADER: &str = "teacher_id,name,subject,from_school_id,to_school_id,start_date,end_date,must_serve,backbone,distance_km,reason";
const HIRES: &str = "\u{feff}school_id,subject,count,programme\nR1,math,2,regular\nR1,math,1,regular\nP1,music,1,tegang\n";

fn demo_like() -> County {
    county(
        vec![
            school("U1", Area::Urban),
            school("R1", Area::Rural),
            school("P1", Area::TeachingPoint),
        ],
        vec![teacher("T1", "U1", "math"), teacher("T2", "U1", "music")],
    )
}

/// A previous plan folder with these plan.csv bytes and a valid hires.csv.
fn folder(plan: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.csv"), plan).unwrap();
    std::fs::write(dir.path().join("hires.csv"), HIRES).unwrap();
    dir
}

fn refused(plan: &[u8]) -> PreviousPlanError {
    let dir = folder(plan);
    match read_previous(dir.path(), &demo_like()) {
        Ok(p) => panic!("accepted: {p:?}"),
        Err(e) => e,
    }
}

/// Deterministic noise standing in for /dev/urandom.
fn noise(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn previous_plan_of_this_county_is_read() {
    let plan = format!(
        "\u{feff}{PLAN_HEADER}\r\nT1,甲,math,U1,R1,2026-09-01,2027-08-31,false,false,5.0,due:7y\r\nGONE,乙,music,U1,P1,2026-09-01,2027-08-31,false,false,,due:7y\r\n"
    );
    let dir = folder(plan.as_bytes());
    let p = read_previous(dir.path(), &demo_like()).unwrap();
    assert_eq!(p.assignments.len(), 2);
    assert_eq!(p.assignments["T1"], ("R1".to_string(), "math".to_string()));
    // A teacher who left the roster since is kept for the change notice ("removed").
    assert_eq!(
        p.assignments["GONE"],
        ("P1".to_string(), "music".to_string())
    );
    let key = |s: &str, subject: &str, programme: &str| {
        (s.to_string(), subject.to_string(), programme.to_string())
    };
    assert_eq!(p.hires[&key("R1", "math", "regular")], 3);
    assert_eq!(p.hires[&key("P1", "music", "tegang")], 1);
}

#[test]
fn random_bytes_previous_plan_is_refused() {
    let e = refused(&noise(30_000));
    let text = e.to_string();
    assert!(text.contains("plan.csv"), "{text}");
    assert!(
        matches!(e, PreviousPlanError::NotText { line, .. } if line >= 1),
        "{text}"
    );
    assert!(
        text.contains("E-FROM-TEXT") && text.contains("非 UTF-8"),
        "{text}"
    );
}

#[test]
fn utf16_previous_plan_is_refused_on_its_first_line() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in format!("{PLAN_HEADER}\n").encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    assert!(matches!(
        refused(&bytes),
        PreviousPlanError::NotText { line: 1, .. }
    ));
}

#[test]
fn previous_plan_without_plan_columns_is_refused() {
    let e = refused(b"garbage\n\x01\x02\x03\n");
    assert!(
        matches!(
            e,
            PreviousPlanError::MissingColumn {
                column: "teacher_id",
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("plan.csv:1:"), "{e}");
}

#[test]
fn garbage_rows_in_previous_plan_are_refused_naming_line_and_column() {
    // A short row: the CSV reader names its physical line.
    let e = refused(format!("{PLAN_HEADER}\ngarbage\n").as_bytes());
    assert!(matches!(e, PreviousPlanError::Csv { line: 2, .. }), "{e}");
    // Control characters in an id.
    let plan = format!("{PLAN_HEADER}\nT1,甲,math,U1,R1,,,,,,\n\x01\x02\x03,x,math,U1,R1,,,,,,\n");
    let e = refused(plan.as_bytes());
    assert!(
        matches!(
            e,
            PreviousPlanError::Value {
                line: 3,
                column: 1,
                field: "teacher_id",
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("plan.csv:3:1:"), "{e}");
}

#[test]
fn previous_plan_of_another_county_is_refused() {
    let plan = format!("{PLAN_HEADER}\nT1,甲,math,U1,R1,,,,,,\nX7,乙,math,S0001,S0043,,,,,,\n");
    let e = refused(plan.as_bytes());
    assert!(
        matches!(
            e,
            PreviousPlanError::Value {
                line: 3,
                column: 4,
                field: "from_school_id",
                ..
            }
        ),
        "{e}"
    );
    let text = e.to_string();
    assert!(
        text.contains("S0001") && text.contains("不是本县的学校"),
        "{text}"
    );
    let plan = format!("{PLAN_HEADER}\nT1,甲,math,U1,ZZ,,,,,,\n");
    assert!(matches!(
        refused(plan.as_bytes()),
        PreviousPlanError::Value {
            line: 2,
            column: 5,
            ..
        }
    ));
}

#[test]
fn unreadable_previous_hires_are_refused() {
    let dir = folder(format!("{PLAN_HEADER}\n").as_bytes());
    std::fs::write(
        dir.path().join("hires.csv"),
        "school_id,subject,count,programme\nR1,math,two,regular\n",
    )
    .unwrap();
    let e = read_previous(dir.path(), &demo_like()).unwrap_err();
    assert!(
        matches!(
            e,
            PreviousPlanError::Value {
                line: 2,
                column: 3,
                field: "count",
                ..
            }
        ),
        "{e}"
    );
    std::fs::remove_file(dir.path().join("hires.csv")).unwrap();
    let e = read_previous(dir.path(), &demo_like()).unwrap_err();
    assert!(matches!(e, PreviousPlanError::Read { .. }), "{e}");
    assert!(e.to_string().contains("hires.csv"), "{e}");
}

/// The command: exit 2, the file named, and no plan folder written.
#[test]
fn plan_from_random_bytes_exits_2_without_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let prev = folder(&noise(30_000));
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("replan");
    let run = Command::new(env!("CARGO_BIN_EXE_rotaplan"))
        .current_dir(root)
        .args(["plan", "scenarios/demo-county/scenario.toml", "--from"])
        .arg(prev.path())
        .arg("--out")
        .arg(&target)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("plan.csv"), "{stderr}");
    assert!(!target.exists(), "a refused re-plan writes nothing");
}
