//! Exchange rows (对口交流, rule 8 of plan-format.md): a rural teacher to a sending-area
//! school, judged by its own eligibility instead of the rotation rules; the release limit
//! counts rotations and exchanges together; the headcount cap applies to exchange arrivals.

use super::mini::*;
use crate::support::fixture::violation_at;
use crate::support::*;
use rotaplan::domain::{Area, Deferral, Programme, Teacher};

/// U1 urban (4 math teachers, math fully staffed); T1 town (2 math); R1 rural: RA1 in the
/// school since 2023-09-01 (3 whole years at the term start), RA2 since 2024-09-01 (2 years),
/// RT1 a 特岗 teacher hired 2024-09-01, RA3 deferred; R2 rural, nobody.
fn plan() -> Fixture {
    let mut teachers: Vec<Teacher> = (1..=4)
        .map(|i| teacher(&format!("UA{i:02}"), "U1", "math"))
        .collect();
    teachers.push(teacher("TA1", "T1", "math"));
    teachers.push(teacher("TA2", "T1", "math"));
    teachers.push(Teacher {
        school_since: Some(d("2023-09-01")),
        ..teacher("RA1", "R1", "math")
    });
    teachers.push(Teacher {
        school_since: Some(d("2024-09-01")),
        ..teacher("RA2", "R1", "math")
    });
    teachers.push(Teacher {
        programme: Programme::Tegang,
        hire_date: Some(d("2024-09-01")),
        ..teacher("RT1", "R1", "math")
    });
    teachers.push(Teacher {
        deferral: Some(Deferral::Pregnancy),
        ..teacher("RA3", "R1", "math")
    });
    // (three classes: its four teachers have load to spare, so one may go on exchange)
    let mut r1 = school("R1", Area::Rural).classes(3).students(120);
    r1.housing_beds = Some(0); // no bed: exchanges need none
    let c = county(
        vec![
            school("U1", Area::Urban).classes(6).students(240),
            school("T1", Area::Town).classes(6).students(240),
            r1,
            school("R2", Area::Rural).classes(6).students(120),
        ],
        teachers,
    );
    mini("", c)
}

use crate::support::fixture::Fixture;

#[test]
fn an_eligible_exchange_needs_no_post_and_no_bed() {
    let mut f = plan();
    f.plan.push(move_row("RA1", "math", "R1", "U1", "exchange"));
    let r = f.check();
    assert!(r.codes().is_empty(), "{}", r.render_text());
    assert_eq!((r.recomputed.exchanged, r.recomputed.rotated), (1, 0));

    // As a rotation the same row breaks the rotation rules instead.
    f.plan[1] = move_row("RA1", "math", "R1", "U1", "rotation");
    let codes = f.check().codes();
    assert!(
        codes.contains(&"C-NOT-ELIGIBLE") && codes.contains(&"C-DEST"),
        "{codes:?}"
    );
    assert!(!codes.contains(&"C-EXCHANGE"));

    // The Chinese kind is read alike.
    f.plan[1] = move_row("RA1", "math", "R1", "U1", "对口交流");
    assert!(super::mini::codes(&f).is_empty());
}

#[test]
fn two_years_in_school_is_short_of_three() {
    let mut f = plan();
    f.plan.push(move_row("RA2", "math", "R1", "U1", "exchange"));
    let r = f.check();
    assert_eq!(r.codes(), ["C-EXCHANGE"], "{}", r.render_text());
    assert!(violation_at(&r, "C-EXCHANGE", "plan.csv", 2));
    assert!(
        r.violations[0].rule.contains("2 whole year(s)"),
        "{}",
        r.violations[0].rule
    );
    assert_eq!(
        r.violations[0].rule_in(rotaplan::output::Lang::Zh),
        "教师 RA2 不符合对口交流到 U1 的条件：自 2024-09-01 起至 2026-09-01 在校仅满 2 年，\
         对口交流要求在校满 3 年（exchange.min_years_in_school），在校年限不足"
    );

    f.loaded.scenario.exchange.min_years_in_school = 2;
    assert!(codes(&f).is_empty());
}

#[test]
fn tegang_deferred_urban_and_wrong_destinations_are_refused() {
    let cases = [
        (
            move_row("RT1", "math", "R1", "U1", "exchange"),
            "特岗",
            "特岗服务期未满",
        ),
        (
            move_row("RA3", "math", "R1", "U1", "exchange"),
            "defers",
            "花名册登记暂缓交流（孕期）",
        ),
        (
            move_row("UA01", "math", "U1", "T1", "exchange"),
            "from_areas",
            "教师所在学校 U1 位于城区，不属于对口交流的派出区域",
        ),
        (
            move_row("RA1", "math", "R1", "R2", "exchange"),
            "not a sending area",
            "接收学校 R2 位于乡村，不属于派出区域",
        ),
        (
            move_row("RA1", "music", "R1", "U1", "exchange"),
            "may teach math",
            "教师可任教数学，但该行填写的是音乐",
        ),
    ];
    for (row, why, why_zh) in cases {
        let mut f = plan();
        f.plan.push(row.clone());
        let r = f.check();
        assert_eq!(r.codes(), ["C-EXCHANGE"], "{row}: {}", r.render_text());
        assert!(violation_at(&r, "C-EXCHANGE", "plan.csv", 2), "{row}");
        assert!(
            r.violations[0].rule.contains(why),
            "{row}: {}",
            r.violations[0].rule
        );
        let zh = r.violations[0].rule_in(rotaplan::output::Lang::Zh);
        assert!(zh.contains(why_zh), "{row}: {zh}");
    }
    let mut f = plan();
    f.loaded.scenario.exchange.enabled = false;
    f.plan.push(move_row("RA1", "math", "R1", "U1", "exchange"));
    assert_eq!(codes(&f), ["C-EXCHANGE"]);
}

#[test]
fn release_counts_rotations_and_exchanges_together() {
    // T1 has 2 teachers and may send ⌊0.5 × 2⌋ = 1.
    let mut f = plan();
    f.loaded.scenario.exchange.from_areas = vec![Area::Town, Area::Rural];
    // (one class: one teacher covers T1's needs, so the exchange leaves no class untaught)
    f.loaded.county.schools[1].classes = 1;
    f.plan.push(move_row("TA1", "math", "T1", "R2", "rotation"));
    assert!(codes(&f).is_empty(), "{}", f.check().render_text());
    f.plan.push(move_row("TA2", "math", "T1", "U1", "exchange"));
    let r = f.check();
    assert_eq!(r.codes(), ["C-RELEASE"], "{}", r.render_text());
    assert!(violation_at(&r, "C-RELEASE", "plan.csv", 2));
    assert!(violation_at(&r, "C-RELEASE", "plan.csv", 3));
}

#[test]
fn an_exchange_arrival_counts_toward_the_headcount_cap() {
    let mut f = plan();
    f.loaded.county.schools[0].establishment = Some(4); // U1: 4 posts, 4 teachers
    f.plan.push(move_row("RA1", "math", "R1", "U1", "exchange"));
    let r = f.check();
    assert_eq!(r.codes(), ["C-HEADCOUNT"], "{}", r.render_text());
    assert!(violation_at(&r, "C-HEADCOUNT", "plan.csv", 2));
    f.loaded.scenario.establishment.allowance = 1;
    assert!(codes(&f).is_empty());
}

#[test]
fn an_exchange_may_not_leave_classes_untaught() {
    // With six classes R1's four teachers have no load to spare: without RA1 its science
    // (a general subject they all teach) loses 0.6 FTE.
    let mut f = plan();
    f.loaded.county.schools[2].classes = 6;
    f.plan.push(move_row("RA1", "math", "R1", "U1", "exchange"));
    let r = f.check();
    assert_eq!(r.codes(), ["C-EXCHANGE-COVER"], "{}", r.render_text());
    assert!(violation_at(&r, "C-EXCHANGE-COVER", "plan.csv", 2));
    let zh = r.violations[0].rule_in(rotaplan::output::Lang::Zh);
    assert!(
        zh.contains("本校课程无人承担") || zh.contains("少于方案前"),
        "{zh}"
    );
}
