//! Hard rules: the valid plan passes; each test then breaks exactly one rule and asserts its
//! code and the offending row's line, and a near miss that keeps the rule.

use crate::support::fixture::*;

const TERM: &str = "2026-09-01,2027-08-31";

fn row(
    id: &str,
    subject: &str,
    from: &str,
    to: &str,
    must: bool,
    backbone: bool,
    dist: &str,
) -> String {
    format!("{id},教师{id},{subject},{from},{to},{TERM},{must},{backbone},{dist},test")
}

#[test]
fn valid_plan_passes_with_no_violation_and_no_mismatch() {
    let r = Fixture::valid().check();
    assert!(r.violations.is_empty(), "{}", r.render_text());
    assert!(r.mismatches.is_empty(), "{}", r.render_text());
    assert!(r.is_ok());
}

#[test]
fn teacher_unknown_is_reported_on_its_row() {
    let mut f = Fixture::valid();
    f.plan.push(row("ZZ", "math", "U1", "P1", false, false, ""));
    let r = f.check();
    assert_eq!(r.codes(), ["C-TEACHER-UNKNOWN"]);
    assert!(violation_at(&r, "C-TEACHER-UNKNOWN", "plan.csv", 4));
    assert!(!Fixture::valid()
        .check()
        .codes()
        .contains(&"C-TEACHER-UNKNOWN"));
}

#[test]
fn teacher_twice_names_both_rows_and_counts_once_for_limits() {
    let mut f = Fixture::valid();
    f.plan
        .push(row("A1", "math", "U1", "R1", true, true, "30.0"));
    let r = f.check();
    // A second A1 → R1 would exceed R1's one bed; it is reported only as a repeat.
    assert_eq!(r.codes(), ["C-TEACHER-TWICE"]);
    assert!(violation_at(&r, "C-TEACHER-TWICE", "plan.csv", 2));
    assert!(violation_at(&r, "C-TEACHER-TWICE", "plan.csv", 4));
}

#[test]
fn from_school_must_be_the_roster_school() {
    let mut f = Fixture::valid();
    f.plan[1] = row("A1", "math", "T1", "R1", true, true, "30.0");
    let r = f.check();
    assert_eq!(r.codes(), ["C-FROM-SCHOOL"]);
    assert!(violation_at(&r, "C-FROM-SCHOOL", "plan.csv", 2));
}

#[test]
fn near_retirement_teacher_is_not_eligible() {
    let mut f = Fixture::valid();
    f.plan.push(row("A4", "math", "U1", "P1", false, false, ""));
    f.uncover("A4");
    let r = f.check();
    assert_eq!(r.codes(), ["C-NOT-ELIGIBLE"]);
    assert!(violation_at(&r, "C-NOT-ELIGIBLE", "plan.csv", 4));
    let v = r
        .violations
        .iter()
        .find(|v| v.code == "C-NOT-ELIGIBLE")
        .unwrap();
    assert!(v.rule.contains("retires on 2026-08-01"), "{}", v.rule);
}

#[test]
fn deferred_teacher_is_not_eligible_and_says_why() {
    let mut f = Fixture::valid();
    f.plan.push(row("A5", "math", "U1", "P1", false, false, ""));
    f.uncover("A5");
    f.loaded.scenario.policy.max_send_share = 1.0;
    let r = f.check();
    assert_eq!(r.codes(), ["C-NOT-ELIGIBLE"]);
    assert!(violation_at(&r, "C-NOT-ELIGIBLE", "plan.csv", 4));
    assert!(
        r.violations[0].rule.contains("deferred"),
        "{}",
        r.violations[0].rule
    );
}

#[test]
fn rural_and_exempt_schools_do_not_send() {
    let mut f = Fixture::valid();
    f.plan.push(row("C1", "math", "R1", "P1", false, false, ""));
    f.uncover("C1");
    f.loaded.scenario.policy.max_send_share = 1.0; // R1's single teacher may leave
    let r = f.check();
    assert_eq!(r.codes(), ["C-NOT-ELIGIBLE"]);
    assert!(r.violations[0].rule.contains("not a sending area"));

    let mut f = Fixture::valid();
    f.loaded.scenario.policy.exempt_schools = vec!["T1".into()];
    let r = f.check();
    assert_eq!(r.codes(), ["C-NOT-ELIGIBLE"]);
    assert!(violation_at(&r, "C-NOT-ELIGIBLE", "plan.csv", 3));
    assert!(r.violations[0].rule.contains("exempt"));
}

#[test]
fn eligible_extra_teacher_is_no_eligibility_problem() {
    let mut f = Fixture::valid();
    f.plan.push(row("A2", "math", "U1", "P1", false, false, ""));
    f.uncover("A2");
    let r = f.check();
    assert!(r.codes().is_empty(), "{}", r.render_text());
}

#[test]
fn destination_must_count_as_rural_service() {
    let mut f = Fixture::valid();
    f.plan
        .push(row("A2", "math", "U1", "W1", false, false, "7.1"));
    f.uncover("A2");
    let r = f.check();
    assert_eq!(r.codes(), ["C-DEST"]);
    assert!(violation_at(&r, "C-DEST", "plan.csv", 4));

    // Weak schools count when the policy says so.
    f.loaded.scenario.policy.weak_schools_count = true;
    assert!(f.check().codes().is_empty());
}

#[test]
fn destination_unknown_or_exempt_is_reported() {
    let mut f = Fixture::valid();
    f.plan[2] = row("B1", "math", "T1", "XX", true, false, "");
    let r = f.check();
    assert!(violation_at(&r, "C-DEST", "plan.csv", 3));

    let mut f = Fixture::valid();
    f.loaded.scenario.policy.exempt_schools = vec!["P1".into()];
    let r = f.check();
    assert_eq!(r.codes(), ["C-DEST"]);
    assert!(violation_at(&r, "C-DEST", "plan.csv", 3));
}

#[test]
fn subject_must_be_main_or_extra() {
    let mut f = Fixture::valid();
    f.plan
        .push(row("A2", "music", "U1", "P1", false, false, ""));
    f.uncover("A2");
    let r = f.check();
    assert_eq!(r.codes(), ["C-SUBJECT"]);
    assert!(violation_at(&r, "C-SUBJECT", "plan.csv", 4));

    // A3 teaches music and may also teach math.
    let mut f = Fixture::valid();
    f.plan.push(row("A3", "math", "U1", "P1", false, false, ""));
    f.uncover("A3");
    assert!(f.check().codes().is_empty());
}

#[test]
fn housing_counts_far_arrivals_against_beds() {
    let mut f = Fixture::valid();
    f.plan
        .push(row("A2", "math", "U1", "R1", false, false, "30.0"));
    f.uncover("A2");
    let r = f.check();
    assert_eq!(r.codes(), ["C-HOUSING"]);
    assert!(violation_at(&r, "C-HOUSING", "plan.csv", 2));
    assert!(violation_at(&r, "C-HOUSING", "plan.csv", 4));

    f.loaded.county.schools[2].housing_beds = Some(2);
    assert!(f.check().codes().is_empty());
}

#[test]
fn housing_counts_unknown_distance_as_far() {
    let mut f = Fixture::valid();
    f.loaded.county.schools[3].housing_beds = Some(1); // P1 has no coordinates
    assert!(f.check().codes().is_empty());
    f.plan.push(row("A2", "math", "U1", "P1", false, false, ""));
    f.uncover("A2");
    let r = f.check();
    assert_eq!(r.codes(), ["C-HOUSING"]);
    assert!(violation_at(&r, "C-HOUSING", "plan.csv", 3));
}

#[test]
fn near_teachers_need_no_bed() {
    let mut f = Fixture::valid();
    f.loaded.county.schools[1].location = Some(rotaplan::domain::Point {
        x_km: 20.0,
        y_km: 0.0,
    });
    f.plan[2] = row("B1", "math", "T1", "R1", true, false, "10.0");
    let r = f.check();
    assert!(!r.codes().contains(&"C-HOUSING"), "{}", r.render_text());
}

#[test]
fn release_limits_what_a_school_sends() {
    let mut f = Fixture::valid();
    f.plan
        .push(row("B2", "music", "T1", "P1", false, false, ""));
    f.uncover("B2");
    let r = f.check();
    assert_eq!(r.codes(), ["C-RELEASE"]);
    assert!(violation_at(&r, "C-RELEASE", "plan.csv", 3));
    assert!(violation_at(&r, "C-RELEASE", "plan.csv", 4));

    f.loaded.scenario.policy.max_send_share = 1.0;
    assert!(f.check().codes().is_empty());
}

#[test]
fn dates_must_be_the_term() {
    let mut f = Fixture::valid();
    f.plan[1] = f.plan[1].replace("2027-08-31", "2027-09-01");
    let r = f.check();
    assert_eq!(r.codes(), ["C-DATES"]);
    assert!(violation_at(&r, "C-DATES", "plan.csv", 2));

    let mut f = Fixture::valid();
    f.loaded.scenario.policy.term_months = 6;
    let r = f.check();
    assert!(violation_at(&r, "C-DATES", "plan.csv", 2));
    assert!(
        r.violations[0].rule.contains("2027-02-28"),
        "{}",
        r.violations[0].rule
    );
}

#[test]
fn hire_count_must_not_exceed_each_batch() {
    // Two music hires of a one-hire batch: too many, and R1 has one open music post (0.8 FTE).
    let mut f = Fixture::valid();
    f.hires[2] = "R1,music,2,regular".into();
    let r = f.check();
    assert_eq!(r.codes(), ["C-HIRE-COUNT", "C-POSTS"]);
    assert!(violation_at(&r, "C-HIRE-COUNT", "hires.csv", 3));

    // The second one at U1, which has open music posts: only the batch is exceeded.
    let mut f = Fixture::valid();
    f.hires.push("U1,music,1,regular".into());
    let r = f.check();
    assert_eq!(r.codes(), ["C-HIRE-COUNT"]);
    assert!(violation_at(&r, "C-HIRE-COUNT", "hires.csv", 3));
    assert!(violation_at(&r, "C-HIRE-COUNT", "hires.csv", 4));
    assert!(violation_at(&r, "C-HIRE-COUNT", "new_hires.csv", 2));

    // No art batch; U1 has no art need either, so no post.
    let mut f = Fixture::valid();
    f.hires.push("U1,art,1,regular".into());
    let r = f.check();
    assert_eq!(r.codes(), ["C-HIRE-COUNT", "C-POSTS"]);
    assert!(violation_at(&r, "C-HIRE-COUNT", "hires.csv", 4));

    // Fewer than the batch is allowed: the hire is unspent.
    let mut f = Fixture::valid();
    f.hires.pop();
    f.coverage.retain(|l| !l.starts_with("R1,music,,"));
    let r = f.check();
    assert!(r.codes().is_empty(), "{}", r.render_text());
    assert_eq!(r.recomputed.hires_unspent, 1);
    assert!(mismatch(&r, "C-SUMMARY", "hires_unspent"));
}

#[test]
fn tegang_hires_go_to_rural_service_areas() {
    let mut f = Fixture::valid();
    f.hires[1] = "U1,math,1,tegang".into();
    f.coverage.retain(|l| !l.starts_with("P1,math,,"));
    let r = f.check();
    assert_eq!(r.codes(), ["C-HIRE-AREA"]);
    assert!(violation_at(&r, "C-HIRE-AREA", "hires.csv", 2));

    // Regular hires may go anywhere by default.
    let mut f = Fixture::valid();
    f.hires[2] = "U1,music,1,regular".into();
    f.coverage.retain(|l| !l.starts_with("R1,music,,"));
    assert!(f.check().codes().is_empty());
}

#[test]
fn batch_areas_restrict_hires() {
    let mut f = Fixture::valid();
    f.loaded.county.hires[0].areas = Some(vec![rotaplan::domain::Area::Urban]);
    let r = f.check();
    assert_eq!(r.codes(), ["C-HIRE-AREA"]);
    assert!(violation_at(&r, "C-HIRE-AREA", "hires.csv", 3));
}

#[test]
fn hire_school_must_exist() {
    let mut f = Fixture::valid();
    f.hires[2] = "ZZ,music,1,regular".into();
    f.coverage.retain(|l| !l.starts_with("R1,music,,"));
    let r = f.check();
    assert_eq!(r.codes(), ["C-HIRE-SCHOOL"]);
    assert!(violation_at(&r, "C-HIRE-SCHOOL", "hires.csv", 3));
}

#[test]
fn rotated_teachers_fill_open_posts_only() {
    let mut f = Fixture::valid();
    assert!(f.check().codes().is_empty());
    let cells: Vec<String> = f.plan[1].split(',').map(str::to_string).collect();
    let (subject, to) = (cells[2].clone(), cells[4].clone());
    // The needs file now says the receiving school's subject is fully staffed: no open post.
    f.loaded.county.needs.push(rotaplan::domain::NeedOverride {
        school_id: to,
        subject,
        need_fte: 0.0,
        source_line: 2,
    });
    f.coverage.retain(|l| !l.starts_with("R1,math,")); // nothing to teach there now
    let r = f.check();
    assert_eq!(r.codes(), ["C-POSTS"], "{}", r.render_text());
    assert!(violation_at(&r, "C-POSTS", "plan.csv", 2));
}
