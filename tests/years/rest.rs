//! The rest after a term (policy.rest_years_after_term, the roster's last_term_end): in the
//! rules the planner reads and, on its own, in the checker.

use crate::support::fixture::{violation_at, Fixture};
use crate::support::{d, scenario, scenario_with, school, teacher};
use rotaplan::domain::Area;
use rotaplan::rules::{self, Ineligible};

#[test]
fn a_teacher_back_within_the_rest_years_is_not_eligible() {
    let s = scenario(2026); // rest 2 years: a term that ended after 2024-08-31 still rests
    let u1 = school("U1", Area::Urban);
    let mut t = teacher("A", "U1", "math");
    t.last_term_end = Some(d("2025-08-31"));
    let st = rules::teacher_status(&t, &u1, &s);
    assert_eq!(
        st.ineligible,
        Some(Ineligible::RestAfterTerm {
            ended: d("2025-08-31")
        })
    );
    // ended 2024-08-31: the rest ran to 2026-08-31, the term starts 2026-09-01
    t.last_term_end = Some(d("2024-08-31"));
    assert!(rules::teacher_status(&t, &u1, &s).eligible);
    // no rest at all
    let s0 = scenario_with(2026, "[policy]\nrest_years_after_term = 0");
    t.last_term_end = Some(d("2026-08-31"));
    assert!(rules::teacher_status(&t, &u1, &s0).eligible);
    assert!(!rules::teacher_status(&t, &u1, &s).eligible);
}

#[test]
fn the_checker_refuses_a_rotation_of_a_resting_teacher() {
    let mut f = Fixture::valid();
    assert!(f.check().is_ok());
    let a1 = (f.loaded.county.teachers.iter_mut())
        .find(|t| t.id == "A1")
        .unwrap();
    a1.last_term_end = Some(d("2025-08-31"));
    let r = f.check();
    assert!(violation_at(&r, "C-NOT-ELIGIBLE", "plan.csv", 2), "{r:?}");
    let v = r
        .violations
        .iter()
        .find(|v| v.code == "C-NOT-ELIGIBLE")
        .unwrap();
    assert!(v.rule.contains("last term ended on 2025-08-31"), "{v:?}");

    // near miss: the rest ended the day before the term
    let mut f = Fixture::valid();
    let a1 = (f.loaded.county.teachers.iter_mut())
        .find(|t| t.id == "A1")
        .unwrap();
    a1.last_term_end = Some(d("2024-08-31"));
    let r = f.check();
    assert!(
        !r.violations.iter().any(|v| v.code == "C-NOT-ELIGIBLE"),
        "{r:?}"
    );
}

#[test]
fn inspect_counts_the_teachers_resting_after_a_term() {
    // tests/features/rest_after_term: A rests by the roster, C by the service ledger
    let o = crate::support::rotaplan(&[
        "inspect",
        "tests/features/rest_after_term/scenario.toml",
        "--json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        crate::support::text(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (v["eligible"].as_u64(), v["resting"].as_u64()),
        (Some(1), Some(2)),
        "{v}"
    );
}

#[test]
fn the_checker_refuses_a_rotation_of_a_teacher_on_a_running_term() {
    // a term from an earlier year (Teacher::on_term, read from the service ledger): the rules
    // and, on its own, the checker say the teacher may not be moved while it runs
    let mut f = Fixture::valid();
    let a1 = (f.loaded.county.teachers.iter_mut())
        .find(|t| t.id == "A1")
        .unwrap();
    a1.on_term = Some(rotaplan::domain::RunningTerm {
        home_school_id: a1.school_id.clone(),
        until: d("2027-08-31"),
        kind: rotaplan::domain::ServiceKind::Rotation,
        start: d("2025-09-01"),
        subject: None,
    });
    let t = a1.clone();
    let st = rules::teacher_status(&t, &school("U1", Area::Urban), &scenario(2026));
    assert_eq!(
        st.ineligible,
        Some(Ineligible::OnTerm {
            until: d("2027-08-31")
        })
    );
    assert_eq!(st.must_serve, None);
    let r = f.check();
    assert!(violation_at(&r, "C-NOT-ELIGIBLE", "plan.csv", 2), "{r:?}");
    let v = (r.violations.iter())
        .find(|v| v.code == "C-NOT-ELIGIBLE")
        .unwrap();
    assert!(v.rule.contains("runs until 2027-08-31"), "{v:?}");
}
