//! Deferral, eligibility, must-serve, years in school and the due flag, one table per rule.
//!
//! Every case plans the year starting 2026-09-01 (term ends 2027-08-31) unless it says otherwise,
//! so the boundaries below are: near-retirement horizon 2031-09-01, term-end year 2027.

use crate::support::{d, scenario, scenario_with, school, teacher};
use rotaplan::domain::{Area, Deferral, Gender, Programme, School, Teacher};
use rotaplan::rules::{teacher_status, DeferReason, Ineligible, MustServeReason};
use rotaplan::scenario::Scenario;

fn urban() -> School {
    school("U1", Area::Urban)
}

fn status_of(t: &Teacher, s: &School, sc: &Scenario) -> rotaplan::rules::TeacherStatus {
    teacher_status(t, s, sc)
}

#[test]
fn each_deferral_reason_makes_the_teacher_ineligible() {
    let sc = scenario(2026);
    let cases = [
        (Deferral::Pregnancy, DeferReason::Pregnancy),
        (Deferral::Nursing, DeferReason::Nursing),
        (Deferral::Illness, DeferReason::Illness),
        (Deferral::Other, DeferReason::Other),
    ];
    for (given, reason) in cases {
        let mut t = teacher("1", "U1", "math");
        t.deferral = Some(given);
        let st = status_of(&t, &urban(), &sc);
        assert_eq!(st.deferred, Some(reason), "{given:?}");
        assert_eq!(
            st.ineligible,
            Some(Ineligible::Deferred(reason)),
            "{given:?}"
        );
        assert!(!st.eligible, "{given:?}");
    }
}

#[test]
fn near_retirement_boundary_is_term_start_plus_five_years() {
    // Men born March/April/May 1970 retire (2025 schedule, +16/+16/+17 months) on 2031-08-01,
    // 2031-09-01 and 2031-11-01. Deferred only when retiring strictly before 2031-09-01.
    let sc = scenario(2026);
    let cases = [
        ("1970-03-10", "2031-08-01", true),
        ("1970-04-10", "2031-09-01", false),
        ("1970-05-10", "2031-11-01", false),
        ("1965-01-15", "2025-03-01", true), // already past retirement: still deferred
    ];
    for (birth, retires, deferred) in cases {
        let mut t = teacher("1", "U1", "math");
        t.birth_date = d(birth);
        let st = status_of(&t, &urban(), &sc);
        assert_eq!(st.retires, d(retires), "born {birth}");
        let expected = deferred.then_some(DeferReason::NearRetirement {
            retires: d(retires),
        });
        assert_eq!(st.deferred, expected, "born {birth}");
        assert_eq!(st.eligible, !deferred, "born {birth}");
    }
}

#[test]
fn near_retirement_follows_the_configured_years() {
    // With 0 years only teachers already retired at the term start are deferred.
    let sc = scenario_with(2026, "[policy]\ndeferral_before_retirement_years = 0");
    let mut t = teacher("1", "U1", "math");
    t.birth_date = d("1966-04-10"); // +4 months: retires 2026-09-01, exactly the term start
    let st = status_of(&t, &urban(), &sc);
    assert_eq!(st.retires, d("2026-09-01"));
    assert_eq!(st.deferred, None);
    t.birth_date = d("1966-03-10"); // retires 2026-08-01, before the term
    assert!(status_of(&t, &urban(), &sc).deferred.is_some());
}

#[test]
fn explicit_deferral_takes_precedence_over_near_retirement() {
    let sc = scenario(2026);
    let mut t = teacher("1", "U1", "math");
    t.birth_date = d("1968-01-01");
    t.gender = Gender::Female;
    t.deferral = Some(Deferral::Illness);
    assert_eq!(
        status_of(&t, &urban(), &sc).deferred,
        Some(DeferReason::Illness)
    );
}

/// (case, scenario, school, teacher, expected reason for ineligibility)
type EligibilityCase<'a> = (
    &'a str,
    &'a Scenario,
    School,
    &'a Teacher,
    Option<Ineligible>,
);

#[test]
fn eligibility_by_area_exemption_and_deferral() {
    let sc = scenario_with(2026, "[policy]\nexempt_schools = [\"EX\"]");
    let urban_only = scenario_with(2026, "[policy]\nsending_areas = [\"urban\"]");
    let mut deferred = teacher("1", "S", "math");
    deferred.deferral = Some(Deferral::Nursing);
    let plain = teacher("2", "S", "math");
    let nursing = Some(Ineligible::Deferred(DeferReason::Nursing));
    let not_sending = Some(Ineligible::NotSendingArea);
    let exempt = Some(Ineligible::ExemptSchool);
    #[rustfmt::skip]
    let cases: Vec<EligibilityCase> = vec![
        ("urban", &sc, school("S", Area::Urban), &plain, None),
        ("town", &sc, school("S", Area::Town), &plain, None),
        ("rural teacher", &sc, school("S", Area::Rural), &plain, not_sending),
        ("teaching point", &sc, school("S", Area::TeachingPoint), &plain, not_sending),
        ("exempt school", &sc, school("EX", Area::Urban), &plain, exempt),
        ("exempt and deferred", &sc, school("EX", Area::Urban), &deferred, exempt),
        ("rural and deferred", &sc, school("S", Area::Rural), &deferred, not_sending),
        ("deferred", &sc, school("S", Area::Town), &deferred, nursing),
        ("town, urban-only sending", &urban_only, school("S", Area::Town), &plain, not_sending),
    ];
    for (case, sc, s, t, expected) in cases {
        let st = status_of(t, &s, sc);
        assert_eq!(st.ineligible, expected, "{case}");
        assert_eq!(st.eligible, expected.is_none(), "{case}");
    }
}

#[test]
fn a_deferred_teacher_outside_sending_areas_still_reports_the_reason() {
    let mut t = teacher("1", "R", "math");
    t.deferral = Some(Deferral::Pregnancy);
    let st = status_of(&t, &school("R", Area::Rural), &scenario(2026));
    assert_eq!(st.deferred, Some(DeferReason::Pregnancy));
}

/// (case, scenario, area, target year, service months, expected)
type SeniorCase<'a> = (
    &'a str,
    &'a Scenario,
    Area,
    Option<i32>,
    u32,
    Option<MustServeReason>,
);

#[test]
fn must_serve_for_a_senior_title() {
    let one = &scenario(2026);
    let two = &scenario_with(2026, "[policy]\nterm_months = 24"); // term ends 2028-08-31
    let senior = |y| Some(MustServeReason::SeniorTitle { target_year: y });
    #[rustfmt::skip]
    let cases: Vec<SeniorCase> = vec![
        ("target before the term", one, Area::Urban, Some(2025), 0, senior(2025)),
        ("target in the start year", one, Area::Urban, Some(2026), 0, senior(2026)),
        ("target in the term-end year", one, Area::Urban, Some(2027), 0, senior(2027)),
        ("target after the term", one, Area::Urban, Some(2028), 0, None),
        ("target within a two-year term", two, Area::Urban, Some(2028), 0, senior(2028)),
        ("no target", one, Area::Urban, None, 0, None),
        ("11 months: one short", one, Area::Town, Some(2027), 11, senior(2027)),
        ("12 months: requirement met", one, Area::Town, Some(2027), 12, None),
        ("rural teacher", one, Area::Rural, Some(2027), 0, None),
        ("teaching point teacher", one, Area::TeachingPoint, Some(2027), 0, None),
    ];
    for (case, sc, area, target, months, expected) in cases {
        let mut t = teacher("1", "S", "math");
        t.senior_title_target_year = target;
        t.rural_service_months = months;
        let st = status_of(&t, &school("S", area), sc);
        assert_eq!(st.must_serve, expected, "{case}");
    }
}

#[test]
fn must_serve_for_publicly_funded_graduates() {
    let sc = scenario(2026);
    let funded = Some(MustServeReason::PubliclyFunded);
    let senior = Some(MustServeReason::SeniorTitle { target_year: 2027 });
    // (case, area, service months, target year, expected)
    #[rustfmt::skip]
    let cases = [
        ("urban, no service", Area::Urban, 0, None, funded),
        ("town, no service", Area::Town, 0, None, funded),
        ("some service already", Area::Urban, 6, None, None),
        ("rural school", Area::Rural, 0, None, None),
        ("senior title reason first", Area::Urban, 0, Some(2027), senior),
    ];
    for (case, area, months, target, expected) in cases {
        let mut t = teacher("1", "S", "english");
        t.programme = Programme::PubliclyFunded;
        t.rural_service_months = months;
        t.senior_title_target_year = target;
        assert_eq!(
            status_of(&t, &school("S", area), &sc).must_serve,
            expected,
            "{case}"
        );
    }
    let regular = teacher("2", "S", "english");
    assert_eq!(
        status_of(&regular, &school("S", Area::Urban), &sc).must_serve,
        None
    );
}

#[test]
fn a_deferred_or_exempt_must_serve_teacher_stays_must_serve_but_ineligible() {
    let sc = scenario_with(2026, "[policy]\nexempt_schools = [\"EX\"]");
    let mut t = teacher("1", "S", "math");
    t.senior_title_target_year = Some(2027);
    t.deferral = Some(Deferral::Pregnancy);
    let st = status_of(&t, &school("S", Area::Urban), &sc);
    assert_eq!(
        st.must_serve,
        Some(MustServeReason::SeniorTitle { target_year: 2027 })
    );
    assert!(!st.eligible);

    t.deferral = None;
    let st = status_of(&t, &school("EX", Area::Urban), &sc);
    assert!(st.must_serve.is_some());
    assert_eq!(st.ineligible, Some(Ineligible::ExemptSchool));
}

/// (case, scenario, school_since, hire_date, whole years, due)
type YearsCase<'a> = (
    &'a str,
    &'a Scenario,
    Option<&'a str>,
    Option<&'a str>,
    u32,
    bool,
);

#[test]
fn years_in_school_and_due() {
    let sc = &scenario(2026);
    let three = &scenario_with(2026, "[policy]\nyears_in_school_trigger = 3");
    #[rustfmt::skip]
    let cases: Vec<YearsCase> = vec![
        ("anniversary on term start", sc, Some("2020-09-01"), None, 6, true),
        ("one day short", sc, Some("2020-09-02"), None, 5, false),
        ("day before anniversary", sc, Some("2020-08-31"), None, 6, true),
        ("school_since wins over hire_date", sc, Some("2024-09-01"), Some("2000-09-01"), 2, false),
        ("hire_date fallback", sc, None, Some("2019-09-01"), 7, true),
        ("hire_date fallback one day short", sc, None, Some("2020-09-02"), 5, false),
        ("no dates", sc, None, None, 0, false),
        ("arrives after term start", sc, Some("2027-01-01"), None, 0, false),
        ("custom trigger 3", three, Some("2023-09-01"), None, 3, true),
        ("custom trigger 3, short", three, Some("2023-09-02"), None, 2, false),
    ];
    for (case, sc, since, hired, years, due) in cases {
        let mut t = teacher("1", "U1", "math");
        t.school_since = since.map(d);
        t.hire_date = hired.map(d);
        let st = status_of(&t, &urban(), sc);
        assert_eq!(st.years_in_school, years, "{case}");
        assert_eq!(st.due, due, "{case}");
    }
}

#[test]
fn ineligible_json_has_one_kind_key_per_object() {
    // Regression: `Deferred` used to write {"kind":"deferred","kind":"pregnancy"}.
    let json = serde_json::to_string(&Ineligible::Deferred(DeferReason::Pregnancy)).unwrap();
    assert_eq!(json, r#"{"kind":"deferred","reason":{"kind":"pregnancy"}}"#);
    let json = serde_json::to_string(&Ineligible::NotSendingArea).unwrap();
    assert_eq!(json, r#"{"kind":"not_sending_area"}"#);
    let near = DeferReason::NearRetirement {
        retires: d("2030-01-01"),
    };
    let json = serde_json::to_string(&Ineligible::Deferred(near)).unwrap();
    assert_eq!(
        json,
        r#"{"kind":"deferred","reason":{"kind":"near_retirement","retires":"2030-01-01"}}"#
    );
}
