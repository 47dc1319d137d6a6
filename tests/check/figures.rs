//! The recomputation on the hand-computed county (see tests/support/fixture.rs), and the detection of
//! figures in gaps.csv, summary.json and plan.csv that disagree with it.

use crate::support::fixture::*;
use rotaplan::domain::Stage;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn figures_match_the_hand_computation() {
    let r = Fixture::valid().check();
    let f = &r.recomputed;
    assert_eq!((f.eligible, f.rotated, f.backbone_rotated), (6, 2, 1));
    assert_eq!((f.must_serve, f.must_serve_placed, f.hires), (2, 2, 2));
    assert!(close(f.rotation_share, 1.0 / 3.0));
    assert!(close(f.backbone_share, 0.5));
    // Per school, before: U1 8 − 5, T1 4.45 − 2, R1 3.2 − 1, P1 3.2, W1 3 − 1;
    // after: U1 4, T1 3.45, R1 0.4, P1 1.2, W1 2.
    assert!(close(f.gap_before, 12.85), "{}", f.gap_before);
    assert!(close(f.gap_after, 11.05), "{}", f.gap_after);
    // Weights: U1 1, T1 1, R1 1.5, P1 2 × 1.5 (remote), W1 1 × 1.25 (weak).
    assert!(
        close(f.weighted_gap_before, 20.85),
        "{}",
        f.weighted_gap_before
    );
    assert!(
        close(f.weighted_gap_after, 14.15),
        "{}",
        f.weighted_gap_after
    );
}

#[test]
fn gap_rows_match_the_hand_computation() {
    let r = Fixture::valid().check();
    let keys: Vec<String> = r
        .gaps
        .iter()
        .map(|g| format!("{}/{}", g.school_id, g.subject))
        .collect();
    assert_eq!(
        keys,
        [
            "P1/math", "P1/music", "R1/math", "R1/music", "T1/math", "T1/music", "U1/math",
            "U1/music", "W1/math", "W1/music"
        ]
    );
    let t1 = r
        .gaps
        .iter()
        .find(|g| g.school_id == "T1" && g.subject == "math")
        .unwrap();
    assert!(close(t1.need_fte, 3.4) && close(t1.staff_before, 1.0) && close(t1.staff_after, 0.0));
    assert!(close(t1.gap_before, 2.4) && close(t1.gap_after, 3.4));
    let w1 = r
        .gaps
        .iter()
        .find(|g| g.school_id == "W1" && g.subject == "music")
        .unwrap();
    assert!(close(w1.need_fte, 1.0) && close(w1.weight, 1.25)); // override, not 0.5
}

#[test]
fn nine_year_split_uses_the_given_class_counts() {
    let need = |p: Option<u32>, j: Option<u32>| {
        let mut f = Fixture::valid();
        let t1 = &mut f.loaded.county.schools[1];
        assert_eq!(t1.stage, Stage::NineYear);
        (t1.primary_classes, t1.junior_classes) = (p, j);
        let r = f.check();
        r.gaps
            .iter()
            .find(|g| g.school_id == "T1" && g.subject == "math")
            .unwrap()
            .need_fte
    };
    assert!(close(need(None, None), 3.4)); // 6 / 3
    assert!(close(
        need(Some(3), None),
        3.0 * 6.0 / 15.0 + 6.0 * 4.0 / 12.0
    )); // 3 / 6
    assert!(close(need(None, Some(0)), 9.0 * 6.0 / 15.0)); // 9 / 0
    assert!(close(
        need(Some(4), Some(4)),
        4.0 * 6.0 / 15.0 + 4.0 * 4.0 / 12.0
    ));
}

#[test]
fn a_gap_value_off_by_more_than_a_thousandth_is_a_mismatch() {
    let mut f = Fixture::valid();
    f.gaps[5] = "T1,math,3.4000,1.0000,0.0000,0.0000,0.0000,2.4000,3.4100".into();
    let r = f.check();
    assert!(r.codes().is_empty());
    assert!(mismatch(&r, "C-GAPS", "T1/math gap_after"));
    assert!(r.mismatches.iter().any(|m| m.line == Some(6)));

    f.gaps[5] = "T1,math,3.4000,1.0000,0.0000,0.0000,0.0000,2.4000,3.4004".into();
    assert!(f.check().mismatches.is_empty());
}

#[test]
fn missing_and_extra_gap_rows_are_mismatches() {
    let mut f = Fixture::valid();
    f.gaps.remove(2); // P1/music
    f.gaps
        .push("U1,art,1.0000,0.0000,0.0000,0.0000,0.0000,1.0000,1.0000".into());
    let r = f.check();
    assert!(mismatch(&r, "C-GAPS", "P1/music"));
    assert!(mismatch(&r, "C-GAPS", "U1/art"));
    assert_eq!(r.mismatches.len(), 2, "{}", r.render_text());
}

#[test]
fn summary_figures_are_compared_with_relative_tolerance() {
    let mut f = Fixture::valid();
    f.summary["gap_after"] = serde_json::json!(10.5);
    f.summary.as_object_mut().unwrap().remove("hires");
    let r = f.check();
    assert_eq!(mismatch_codes(&r), ["C-SUMMARY"]);
    assert!(mismatch(&r, "C-SUMMARY", "gap_after"));
    assert!(mismatch(&r, "C-SUMMARY", "hires"));
    assert_eq!(r.mismatches.len(), 2);

    let mut f = Fixture::valid();
    f.summary["weighted_gap_before"] = serde_json::json!(20.86); // 5e-4 relative
    assert!(f.check().mismatches.is_empty());
}

#[test]
fn summary_counts_follow_the_plan() {
    let mut f = Fixture::valid();
    f.plan
        .push("A2,教师A2,math,U1,P1,2026-09-01,2027-08-31,false,false,,due:8y".into());
    f.uncover("A2");
    let r = f.check();
    assert!(r.codes().is_empty());
    assert!(mismatch(&r, "C-SUMMARY", "rotated"));
    assert!(mismatch(&r, "C-SUMMARY", "backbone_share"));
    assert!(mismatch(&r, "C-GAPS", "U1/math staff_after"));
    assert!(mismatch(&r, "C-GAPS", "P1/math staff_after"));
}

#[test]
fn flags_disagreeing_with_the_roster_are_mismatches() {
    let mut f = Fixture::valid();
    f.plan[1] = f.plan[1].replace("true,true,30.0", "true,false,30.0");
    let r = f.check();
    assert_eq!(mismatch_codes(&r), ["C-FLAGS"]);
    assert!(mismatch(&r, "C-FLAGS", "A1 backbone"));
    assert_eq!(r.mismatches[0].line, Some(2));
}

#[test]
fn distance_is_checked_to_one_decimal() {
    let mut f = Fixture::valid();
    f.plan[1] = f.plan[1].replace(",30.0,", ",31.0,");
    f.plan[2] = f.plan[2].replace(",,must", ",12.0,must");
    let r = f.check();
    assert_eq!(mismatch_codes(&r), ["C-DISTANCE"]);
    assert!(mismatch(&r, "C-DISTANCE", "A1"));
    assert!(mismatch(&r, "C-DISTANCE", "B1")); // P1 has no coordinates: must be empty
}
