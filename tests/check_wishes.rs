//! The checker's reading of applications (docs/wishes.md): summary.json's `wishes` block on the
//! checker fixture's hand-written plan (A1 → R1, B1 → P1), judged against the checker's own
//! figures.

#[path = "support/mod.rs"]
mod support;

use rotaplan::check::wishes::{wish_figures, EnvyPair, SentTeacher, WishFigures};
use rotaplan::check::CheckReport;
use rotaplan::domain::{Application, Area, Wish};
use support::fixture::Fixture;

fn app(id: &str, volunteer: bool, wishes: Vec<Wish>, family_points: u32) -> Application {
    Application {
        teacher_id: id.into(),
        volunteer,
        wishes,
        family_points,
        source_line: 0,
    }
}

/// A1 (backbone: 5 points, no dates) volunteers for any rural school and is sent to R1; A2
/// (6 points of family circumstances) volunteers for R1 and stays: a justified envy of A1's
/// math post at R1, but not of B1's (0 points) at P1, which A2 did not name (a post a teacher
/// did not name is no preference). A3 (music, extra math) does not volunteer, would rather go
/// to P1, and stays.
fn with_applications() -> Fixture {
    let mut f = Fixture::valid();
    f.loaded.problem.applications = vec![
        app("A1", true, vec![Wish::Area(Area::Rural)], 0),
        app("A2", true, vec![Wish::School("R1".into())], 600),
        app("A3", false, vec![Wish::School("P1".into())], 0),
    ];
    f
}

fn block() -> serde_json::Value {
    serde_json::json!({
        "applicants": 3, "volunteers": 2, "volunteers_moved": 1, "non_volunteers_moved": 1,
        "at_wish": [1, 0, 0], "unwished": 0, "envy_pairs": 1
    })
}

fn wish_mismatches(r: &CheckReport) -> Vec<(String, String, String)> {
    (r.mismatches.iter())
        .filter(|m| m.key.starts_with("wishes"))
        .map(|m| (m.key.clone(), m.recomputed.clone(), m.found.clone()))
        .collect()
}

#[test]
fn a_right_wishes_block_agrees() {
    let mut f = with_applications();
    f.summary["wishes"] = block();
    let r = f.check();
    assert!(r.is_ok(), "{}", r.render_text());
    let w = r.recomputed.wishes.as_ref().expect("recomputed");
    let pair = |envied: &str, school: &str, envied_points| EnvyPair {
        envious: "A2".into(),
        envied: envied.into(),
        school: school.into(),
        envious_points: 6.0,
        envied_points,
    };
    assert_eq!(w.envy, vec![pair("A1", "R1", 5.0)]);
    assert!(r.render_text().contains("1 justified-envy pairs"));
}

#[test]
fn a_wrong_field_is_a_summary_mismatch() {
    let mut f = with_applications();
    f.summary["wishes"] = block();
    f.summary["wishes"]["envy_pairs"] = 0.into();
    f.summary["wishes"]["at_wish"] = serde_json::json!([0, 1, 0]);
    let r = f.check();
    assert_eq!(
        wish_mismatches(&r),
        vec![
            ("wishes.envy_pairs".into(), "1".into(), "0".into()),
            (
                "wishes.at_wish".into(),
                "[1, 0, 0]".into(),
                "[0, 1, 0]".into()
            ),
        ]
    );
    assert!(r.mismatches.iter().all(|m| m.code == "C-SUMMARY"));
    assert!(r.decisions_keep_the_rules(), "a stale summary, not a rule");
}

#[test]
fn the_block_is_required_with_applications_and_refused_without() {
    let r = with_applications().check();
    assert_eq!(wish_mismatches(&r).len(), 1, "{}", r.render_text());
    assert_eq!(wish_mismatches(&r)[0].2, "(missing)");

    let mut f = Fixture::valid();
    assert!(f.check().is_ok());
    f.summary["wishes"] = block();
    let r = f.check();
    assert_eq!(wish_mismatches(&r).len(), 1, "{}", r.render_text());
    assert!(r.recomputed.wishes.is_none());
}

#[test]
fn the_figures_are_public_for_the_report() {
    let f = with_applications();
    let sent = [
        SentTeacher {
            teacher_id: "A1",
            to_school: "R1",
            subject: "math",
        },
        SentTeacher {
            teacher_id: "B1",
            to_school: "P1",
            subject: "math",
        },
    ];
    let w: WishFigures = wish_figures(&f.loaded, &sent).expect("applications");
    assert_eq!(serde_json::to_value(&w).unwrap(), block());
    // A2 sent to R1 as well: at their first wish, no envy left
    let both = [
        sent[0],
        sent[1],
        SentTeacher {
            teacher_id: "A2",
            to_school: "R1",
            subject: "math",
        },
    ];
    let w = wish_figures(&f.loaded, &both).expect("applications");
    assert_eq!((w.at_wish.clone(), w.envy_pairs), (vec![2, 0, 0], 0));
    assert_eq!((w.volunteers_moved, w.non_volunteers_moved), (2, 1));
}
