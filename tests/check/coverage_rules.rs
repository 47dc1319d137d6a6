//! coverage.csv and itinerant.csv (rules 6, 7 and 9 of plan-format.md) on a small county:
//! who may teach what where, 1 FTE per teacher, hires no more than hired, no subject beyond
//! its need, 走教 within the scenario's limits, and the gaps that follow.

use super::mini::*;
use crate::support::fixture::{mismatch, violation_at, Fixture};
use crate::support::*;
use rotaplan::domain::{Area, HireBatch, Programme};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// U1 urban (8 math teachers); T1 town at (0, 0): music teacher TM1, math TA1–TA3; P3 teaching
/// point at (8, 0), 3 classes of 15 pupils (not few enough to combine), nobody; R5–R8 rural one-class schools 3 km from T1; R9 rural
/// 12 km away. UA01 rotates to P3 for math; one tegang math hire at P3. Needs: P3 math 1.2,
/// music 0.4, science 0.6; T1 math 2.4, music 0.8, science 1.2; R5–R9 music 2/15 each.
fn plan() -> Fixture {
    let mut teachers: Vec<_> = (1..=8)
        .map(|i| teacher(&format!("UA{i:02}"), "U1", "math"))
        .collect();
    teachers.push(teacher("TM1", "T1", "music"));
    for i in 1..=3 {
        teachers.push(teacher(&format!("TA{i}"), "T1", "math"));
    }
    let mut schools = vec![
        school("U1", Area::Urban)
            .classes(6)
            .students(240)
            .at(-20.0, 0.0),
        school("T1", Area::Town)
            .classes(6)
            .students(180)
            .at(0.0, 0.0),
        school("P3", Area::TeachingPoint)
            .classes(3)
            .students(45)
            .at(8.0, 0.0),
    ];
    for (id, x, y) in [
        ("R5", 3.0, 0.0),
        ("R6", 0.0, 3.0),
        ("R7", -3.0, 0.0),
        ("R8", 0.0, -3.0),
        ("R9", 12.0, 0.0),
    ] {
        schools.push(school(id, Area::Rural).classes(1).students(10).at(x, y));
    }
    let mut c = county(schools, teachers);
    c.hires = vec![HireBatch {
        subject: "math".into(),
        count: 1,
        programme: Programme::Tegang,
        areas: None,
        source_line: 2,
    }];
    let mut f = mini("", c);
    f.plan
        .push(move_row("UA01", "math", "U1", "P3", "rotation"));
    f.hires.push("P3,math,1,tegang".into());
    f.coverage.extend(
        [
            "P3,math,,,hire,math,0.6000,9.0",                // line 2
            "P3,math,UA01,TUA01,rotated,math,0.6000,9.0",    // line 3
            "P3,science,,,hire,math,0.2000,3.0",             // line 4
            "P3,science,UA01,TUA01,rotated,math,0.4000,6.0", // line 5: general subject
            "T1,math,TA1,TTA1,staff,math,1.0000,15.0",       // line 6
            "T1,math,TA2,TTA2,staff,math,1.0000,15.0",       // line 7
            "T1,math,TA3,TTA3,staff,math,0.4000,6.0",        // line 8
            "T1,music,TM1,TTM1,staff,music,0.3000,4.5",      // line 9
        ]
        .map(String::from),
    );
    f.itinerant
        .push("TM1,TTM1,T1,P3,music,0.4000,6.0,8.0".into()); // line 2
    f
}

#[test]
fn a_valid_cover_splits_teachers_across_subjects() {
    let f = plan();
    let r = f.check();
    assert!(r.codes().is_empty(), "{}", r.render_text());
    let own: Vec<_> = r
        .mismatches
        .iter()
        .filter(|m| m.file == "coverage.csv" || m.file == "itinerant.csv")
        .collect();
    assert!(own.is_empty(), "{own:#?}");
    let row = |s: &str, j: &str| {
        r.gaps
            .iter()
            .find(|g| g.school_id == s && g.subject == j)
            .unwrap_or_else(|| panic!("{s}/{j}"))
    };
    // P3: math 0.6 + 0.6 = 1.2 of 1.2; science 0.2 + 0.4 = 0.6 of 0.6; music 0.4 itinerant.
    assert!(close(row("P3", "math").covered_after, 1.2) && close(row("P3", "math").gap_after, 0.0));
    assert!(close(row("P3", "science").covered_after, 0.6));
    let music = row("P3", "music");
    assert!(
        close(music.itinerant_fte, 0.4)
            && close(music.covered_after, 0.4)
            && close(music.gap_after, 0.0)
    );
    assert!(close(music.gap_before, 0.4));
    // T1 before: three math teachers cover 2.4 of math, TM1 0.8 of music; science (not general
    // in town) 1.2 uncovered. After: music 0.3 of 0.8 → 0.5, science 1.2.
    let t1_before: f64 = r
        .gaps
        .iter()
        .filter(|g| g.school_id == "T1")
        .map(|g| g.gap_before)
        .sum();
    assert!(close(t1_before, 1.2), "{t1_before}");
    assert!(close(row("T1", "music").gap_after, 0.5));
    assert!(close(r.recomputed.itinerant_fte, 0.4));
}

#[test]
fn a_teacher_teaches_only_subjects_they_may_teach_there() {
    let mut f = plan();
    f.coverage[4] = "P3,music,UA01,TUA01,rotated,math,0.2000,3.0".into();
    let r = f.check();
    assert_eq!(r.codes(), ["C-COVERAGE"], "{}", r.render_text());
    assert!(violation_at(&r, "C-COVERAGE", "coverage.csv", 5));
    assert!(r.violations[0].rule.contains("UA01") && r.violations[0].rule.contains("music"));

    // Science is general at teaching points, not in town.
    let mut f = plan();
    f.coverage[7] = "T1,science,TA3,TTA3,staff,math,0.4000,6.0".into();
    let r = f.check();
    assert_eq!(r.codes(), ["C-COVERAGE"]);
    assert!(violation_at(&r, "C-COVERAGE", "coverage.csv", 8));
}

#[test]
fn a_teacher_must_be_at_the_school_after_the_plan() {
    let mut f = plan();
    f.coverage
        .push("U1,math,UA01,TUA01,staff,math,0.5000,7.5".into()); // rotated away
    f.coverage
        .push("P3,math,UA02,TUA02,staff,math,0.0001,0.0".into()); // stays at U1
    let r = f.check();
    assert_eq!(r.codes(), ["C-COVERAGE"]);
    assert!(violation_at(&r, "C-COVERAGE", "coverage.csv", 10));
    assert!(violation_at(&r, "C-COVERAGE", "coverage.csv", 11));
}

#[test]
fn no_teacher_above_one_fte_and_no_subject_beyond_its_need() {
    // UA01: 0.7 math + 0.4 science = 1.1 FTE (the hire's math drops to 0.5: math stays 1.2).
    let mut f = plan();
    f.coverage[1] = "P3,math,,,hire,math,0.5000,7.5".into();
    f.coverage[2] = "P3,math,UA01,TUA01,rotated,math,0.7000,10.5".into();
    let r = f.check();
    assert_eq!(r.codes(), ["C-COVERAGE"], "{}", r.render_text());
    assert!(r.violations[0].rule.contains("UA01") && r.violations[0].rule.contains("1 FTE"));
    assert!(violation_at(&r, "C-COVERAGE", "coverage.csv", 3));
    assert!(violation_at(&r, "C-COVERAGE", "coverage.csv", 5));

    // T1 math: 1.0 + 1.0 + 0.6 = 2.6 > 2.4.
    let mut f = plan();
    f.coverage[7] = "T1,math,TA3,TTA3,staff,math,0.6000,9.0".into();
    let r = f.check();
    assert_eq!(r.codes(), ["C-COVERAGE"]);
    assert!(
        r.violations[0].rule.contains("beyond its need of 2.4000"),
        "{}",
        r.violations[0].rule
    );
    for line in [6, 7, 8] {
        assert!(violation_at(&r, "C-COVERAGE", "coverage.csv", line));
    }
}

#[test]
fn hires_cover_no_more_than_was_hired() {
    // One hire: 1.0 math + 0.3 science = 1.3 FTE; UA01 0.2 math + 0.3 science keeps the needs.
    let mut f = plan();
    f.coverage[1] = "P3,math,,,hire,math,1.0000,15.0".into();
    f.coverage[2] = "P3,math,UA01,TUA01,rotated,math,0.2000,3.0".into();
    f.coverage[3] = "P3,science,,,hire,math,0.3000,4.5".into();
    f.coverage[4] = "P3,science,UA01,TUA01,rotated,math,0.3000,4.5".into();
    let r = f.check();
    assert_eq!(r.codes(), ["C-COVERAGE"], "{}", r.render_text());
    assert!(
        r.violations[0].rule.contains("hires of math at P3"),
        "{}",
        r.violations[0].rule
    );
    assert!(violation_at(&r, "C-COVERAGE", "coverage.csv", 2));
    assert!(violation_at(&r, "C-COVERAGE", "coverage.csv", 4));
}

#[test]
fn periods_are_fte_times_the_load() {
    let mut f = plan();
    f.coverage[2] = f.coverage[2].replace(",9.0", ",9.5");
    let r = f.check();
    assert!(r.codes().is_empty());
    assert!(mismatch(&r, "C-COVERAGE", "P3/math/UA01 periods"));
}

#[test]
fn itinerant_targets_farther_than_km_are_refused() {
    // R9 is 12 km from T1, itinerant.km is 10.
    let mut f = plan();
    f.itinerant
        .push("TM1,TTM1,T1,R9,music,0.1333,2.0,12.0".into());
    let r = f.check();
    assert_eq!(r.codes(), ["C-ITINERANT"], "{}", r.render_text());
    assert!(violation_at(&r, "C-ITINERANT", "itinerant.csv", 3));
    assert!(
        r.violations[0].rule.contains("12.0 km"),
        "{}",
        r.violations[0].rule
    );
    assert_eq!(
        r.violations[0].rule_in(rotaplan::output::Lang::Zh),
        "itinerant.csv 的 TM1→R9/music 行：R9 距 T1 12.0 公里，超出走教距离 itinerant.km = 10 公里，\
         走教安排不符合规定"
    );

    f.loaded.scenario.itinerant.km = 12.5;
    assert!(f.check().codes().is_empty());
    f.itinerant[2] = f.itinerant[2].replace(",12.0", ",11.0");
    assert!(mismatch(
        &f.check(),
        "C-DISTANCE",
        "TM1→R9/music distance_km"
    ));
}

#[test]
fn a_fourth_school_is_one_too_many() {
    let mut f = plan();
    f.itinerant
        .push("TM1,TTM1,T1,R5,music,0.1000,1.5,3.0".into());
    f.itinerant
        .push("TM1,TTM1,T1,R6,music,0.1000,1.5,3.0".into());
    assert!(codes(&f).is_empty(), "P3, R5, R6: 3 schools");
    f.itinerant
        .push("TM1,TTM1,T1,R7,music,0.1000,1.5,3.0".into());
    let r = f.check();
    assert_eq!(r.codes(), ["C-ITINERANT"], "{}", r.render_text());
    assert!(
        r.violations[0].rule.contains("serves 4 schools"),
        "{}",
        r.violations[0].rule
    );
    assert_eq!(
        r.violations[0].rule_in(rotaplan::output::Lang::Zh),
        "教师 TM1 除本校外走教 4 所学校（P3、R5、R6、R7），超出走教学校数上限 itinerant.max_schools = 3"
    );
    for line in [2, 3, 4, 5] {
        assert!(violation_at(&r, "C-ITINERANT", "itinerant.csv", line));
    }
    f.loaded.scenario.itinerant.max_schools = 4;
    assert!(codes(&f).is_empty());
}

#[test]
fn itinerant_periods_are_the_teachers_own_subject_and_within_one_fte() {
    // General subjects do not travel: TM1 may teach science at P3 (a teaching point) only as
    // P3's own teacher, and science is no itinerant subject.
    let mut f = plan();
    f.itinerant[1] = "TM1,TTM1,T1,P3,science,0.4000,6.0,8.0".into();
    let r = f.check();
    assert!(r.codes().contains(&"C-ITINERANT"), "{}", r.render_text());
    assert!(violation_at(&r, "C-ITINERANT", "itinerant.csv", 2));

    // A math teacher teaching music away.
    let mut f = plan();
    f.itinerant[1] = "TA3,TTA3,T1,P3,music,0.4000,6.0,8.0".into();
    assert_eq!(codes(&f), ["C-ITINERANT"]);

    // TM1: 0.7 at T1 + 0.4 at P3 = 1.1 FTE.
    let mut f = plan();
    f.coverage[8] = "T1,music,TM1,TTM1,staff,music,0.7000,10.5".into();
    let r = f.check();
    assert_eq!(r.codes(), ["C-ITINERANT"]);
    assert!(violation_at(&r, "C-ITINERANT", "itinerant.csv", 2));
    assert!(violation_at(&r, "C-ITINERANT", "coverage.csv", 9));

    // Off: any row is refused.
    let mut f = plan();
    f.loaded.scenario.itinerant.enabled = false;
    assert_eq!(codes(&f), ["C-ITINERANT"]);
}
