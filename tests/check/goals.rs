//! Goals: a missed goal is always reported; only a miss the plan does not admit (in
//! summary.json `violations`, and for must-serve teachers in unplaced.csv) fails the check.

use crate::support::fixture::*;

#[test]
fn must_serve_teacher_left_out_is_reported_at_the_roster_row() {
    let mut f = Fixture::valid();
    // B2 replaces B1 at P1: B1 (publicly funded, town, no rural service) must serve.
    f.plan[2] = "B2,教师B2,music,T1,P1,2026-09-01,2027-08-31,false,false,,gap:music".into();
    f.uncover("B1");
    f.uncover("B2");
    let r = f.check();
    assert_eq!(r.codes(), ["C-MUST-SERVE", "C-UNPLACED-LIST"]);
    assert!(violation_at(&r, "C-MUST-SERVE", "teachers.csv", 7));
    let v = r
        .violations
        .iter()
        .find(|v| v.code == "C-MUST-SERVE")
        .unwrap();
    assert!(!v.declared && v.is_fatal());
    assert!(!r.is_ok());
}

#[test]
fn must_serve_miss_declared_and_listed_is_admitted() {
    let mut f = Fixture::valid();
    f.plan[2] = "B2,教师B2,music,T1,P1,2026-09-01,2027-08-31,false,false,,gap:music".into();
    f.uncover("B1");
    f.uncover("B2");
    f.unplaced
        .push("B1,教师B1,math,no post within the release limit".into());
    f.summary["violations"] =
        serde_json::json!([{"code": "C-MUST-SERVE", "message": "B1 unplaced"}]);
    let r = f.check();
    assert_eq!(r.codes(), ["C-MUST-SERVE"]);
    assert!(r.violations.iter().all(|v| v.declared && !v.is_fatal()));
    // The figures moved (must_serve_placed 1, gaps), so only mismatches remain.
    assert!(mismatch(&r, "C-SUMMARY", "must_serve_placed"));
    assert!(!mismatch(&r, "C-SUMMARY", "violations"));
}

#[test]
fn teacher_who_no_longer_needs_service_is_not_must_serve() {
    let mut f = Fixture::valid();
    f.loaded.county.teachers[5].rural_service_months = 12; // B1 has served a year already
    f.plan[2] = "B2,教师B2,music,T1,P1,2026-09-01,2027-08-31,false,false,,gap:music".into();
    f.uncover("B1");
    f.uncover("B2");
    let r = f.check();
    assert!(!r.codes().contains(&"C-MUST-SERVE"), "{}", r.render_text());
}

#[test]
fn senior_title_target_after_the_term_is_not_must_serve() {
    let mut f = Fixture::valid();
    f.loaded.county.teachers[0].senior_title_target_year = Some(2028); // term ends 2027
    let r = f.check();
    assert!(r.codes().is_empty());
    assert!(mismatch(&r, "C-FLAGS", "A1 must_serve"));
    assert_eq!(r.recomputed.must_serve, 1);
}

#[test]
fn unplaced_list_must_not_name_others() {
    let mut f = Fixture::valid();
    f.unplaced.push("A2,教师A2,math,none".into());
    let r = f.check();
    assert_eq!(r.codes(), ["C-UNPLACED-LIST"]);
    assert!(violation_at(&r, "C-UNPLACED-LIST", "unplaced.csv", 2));

    let mut f = Fixture::valid();
    f.unplaced.push("A1,教师A1,math,none".into());
    let r = f.check();
    assert!(violation_at(&r, "C-UNPLACED-LIST", "unplaced.csv", 2));
    assert!(r.violations[0].rule.contains("rotated"));
}

#[test]
fn rotation_share_is_a_ceiling_of_the_eligible() {
    let mut f = Fixture::valid();
    f.loaded.scenario.policy.rotation_share = 0.34; // ceil(0.34 × 6) = 3 > 2
    let r = f.check();
    assert_eq!(r.codes(), ["C-ROTATION-SHARE"]);
    assert!(r.violations[0].is_fatal());

    f.loaded.scenario.policy.rotation_share = 1.0 / 3.0; // exactly 2, despite rounding
    assert!(f.check().codes().is_empty());

    f.loaded.scenario.policy.rotation_share = 0.34;
    f.summary["violations"] = serde_json::json!([{"code": "rotation_share", "message": "short"}]);
    let r = f.check();
    assert_eq!(r.codes(), ["C-ROTATION-SHARE"]);
    // Declared in summary.json: admitted, so no mismatch, but the rule is still not met.
    assert!(r.violations[0].declared);
    assert!(r.mismatches.is_empty(), "{}", r.render_text());
    assert!(!r.is_ok(), "{}", r.render_text());
}

#[test]
fn backbone_share_of_the_rotated() {
    let mut f = Fixture::valid();
    f.loaded.scenario.policy.backbone_share = 0.6; // 1 < 0.6 × 2
    let r = f.check();
    assert_eq!(r.codes(), ["C-BACKBONE-SHARE"]);

    f.loaded.scenario.policy.backbone_share = 0.5; // 1 = 0.5 × 2
    assert!(f.check().codes().is_empty());
}

#[test]
fn goal_declared_missed_but_met_is_a_summary_mismatch() {
    let mut f = Fixture::valid();
    f.summary["violations"] = serde_json::json!([{"code": "C-BACKBONE-SHARE", "message": "x"}]);
    let r = f.check();
    assert!(r.codes().is_empty());
    assert!(mismatch(&r, "C-SUMMARY", "violations"));
}
