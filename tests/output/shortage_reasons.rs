//! The report says why a teaching point's shortage subject stays uncovered.

use crate::support::{feature_dir, rotaplan};

#[test]
fn an_uncovered_shortage_subject_says_why() {
    // tests/features/itinerant: T3 (30 km from everyone, establishment 2, one teacher) needs
    // 0.2 FTE of music that nobody can teach: no music teacher within the 10 km of itinerant
    // teaching, and none could be sent or hired (U1 has no music teacher to spare, no hires).
    let out = tempfile::tempdir().unwrap();
    let scenario = feature_dir("itinerant").join("scenario.toml");
    let o = rotaplan(&[
        "plan",
        scenario.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--check",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let md = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    let t3 = md
        .lines()
        .find(|l| l.starts_with("| T3 ") && l.contains("music"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(t3.contains("| 0.20 |"), "{t3}");
    assert!(
        t3.contains("no teacher of the subject within 10 km"),
        "{t3}"
    );
    assert!(
        t3.contains("no teacher of the subject could be sent or hired"),
        "{t3}"
    );
    // T1 is covered by itinerant teaching: no reason given.
    let t1 = md
        .lines()
        .find(|l| l.starts_with("| T1 ") && l.contains("music"))
        .unwrap();
    assert!(t1.ends_with("|  |"), "{t1}");
    // report.html follows --lang (Chinese by default), report.md gives both
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(
        html.contains("10 km 内无该学科教师可走教"),
        "the Chinese reason"
    );
    assert!(
        !html.contains("no teacher of the subject within 10 km"),
        "no English in zh"
    );
    assert!(t3.contains("10 km 内无该学科教师可走教"), "{t3}");
    let en = tempfile::tempdir().unwrap();
    let o = rotaplan(&[
        "plan",
        scenario.to_str().unwrap(),
        "--out",
        en.path().to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let html = std::fs::read_to_string(en.path().join("report.html")).unwrap();
    assert!(html.contains("no teacher of the subject within 10 km"));
    assert!(!html.contains("10 km 内无该学科教师可走教"));
}
