//! The 2017 quality-balance indicators on small counties whose values and coefficients of
//! variation are worked out by hand in the comments.

use crate::support::{assert_close, county, school, teacher, SchoolExt};
use rotaplan::domain::{Area, Arrival, Backbone, Education, Move, Outcome, Stage, Teacher};
use rotaplan::rules::indicators::{
    compute, weighted_mean_cv, Indicator, IndicatorParams, Indicators, Spread,
};

fn t(id: &str, school: &str, subject: &str, edu: Option<Education>, backbone: bool) -> Teacher {
    Teacher {
        education: edu,
        backbone: if backbone {
            Backbone::County
        } else {
            Backbone::None
        },
        ..teacher(id, school, subject)
    }
}

fn spread(ind: &Indicators, stage: Stage, indicator: Indicator) -> &Spread {
    ind.spreads
        .iter()
        .find(|s| s.stage == stage && s.indicator == indicator)
        .unwrap_or_else(|| panic!("no spread for {stage:?} {indicator:?}"))
}

fn close_opt(actual: Option<f64>, expected: f64, case: &str) {
    let a = actual.unwrap_or_else(|| panic!("{case}: no value"));
    assert!(
        (a - expected).abs() < 1e-6,
        "{case}: expected {expected}, got {a}"
    );
}

/// A (urban, 200 students), B (rural, 400), P (teaching point, 30: left out of the spread).
///
/// A: a1 bachelor backbone chinese, a2 associate backbone music, a3 secondary backbone pe,
///    a4 (no education given) backbone math.
/// B: b1 master backbone chinese, b2 associate backbone math.
/// P: p1 bachelor backbone pe.
///
/// Plan: a1 rotates to B to teach art; one music hire goes to B.
///
/// Before, per 100 students: L1 A 2/200 = 1.0, B 2/400 = 0.5; L2 A 2.0, B 0.5; L3 A 1.0, B 0.
/// After: L1 A 0.5, B 0.75; L2 A 1.5, B 0.75; L3 A 1.0, B (art + music hire) 0.5.
///
/// Weights 200 and 400 (P = 600):
/// L1 before: mean 400/600 = 2/3; S² = (200·(1/3)² + 400·(1/6)²)/600 = 1/18; CV = √(1/18)/(2/3) = 0.353553.
/// L1 after: mean 2/3; S² = (200·(1/6)² + 400·(1/12)²)/600 = 1/72; CV = 0.176777.
/// L2 before: mean 1; S² = (200·1 + 400·0.25)/600 = 0.5; CV = 0.707107.
/// L2 after: mean 1; S² = (200·0.25 + 400·0.0625)/600 = 0.125; CV = 0.353553.
/// L3 before: mean 1/3; S² = (200·(2/3)² + 400·(1/3)²)/600 = 2/9; CV = √2 = 1.414214.
/// L3 after: mean 2/3; S² = 1/18; CV = 0.353553.
fn primary_case() -> Indicators {
    let c = county(
        vec![
            school("A", Area::Urban).students(200).classes(8),
            school("B", Area::Rural).students(400).classes(12),
            school("P", Area::TeachingPoint).students(30).classes(2),
        ],
        vec![
            t("a1", "A", "chinese", Some(Education::Bachelor), true),
            t("a2", "A", "music", Some(Education::Associate), true),
            t("a3", "A", "pe", Some(Education::Secondary), true),
            t("a4", "A", "math", None, true),
            t("b1", "B", "chinese", Some(Education::Master), true),
            t("b2", "B", "math", Some(Education::Associate), true),
            t("p1", "P", "pe", Some(Education::Bachelor), true),
        ],
    );
    let outcome = Outcome {
        moves: vec![Move {
            teacher: 0,
            to: 1,
            subject: "art".into(),
        }],
        hires: vec![Arrival {
            school: 1,
            subject: "music".into(),
            count: 1,
            programme: rotaplan::domain::Programme::Tegang,
        }],
    };
    compute(&c, &outcome, &IndicatorParams::default())
}

#[test]
fn school_values_before_and_after() {
    let ind = primary_case();
    let ids: Vec<(&str, Stage, bool)> = ind
        .parts
        .iter()
        .map(|p| (p.school_id.as_str(), p.stage, p.in_spread))
        .collect();
    assert_eq!(
        ids,
        vec![
            ("A", Stage::Primary, true),
            ("B", Stage::Primary, true),
            ("P", Stage::Primary, false)
        ]
    );
    let (a, b, p) = (&ind.parts[0], &ind.parts[1], &ind.parts[2]);
    for (i, (got, want)) in a.before.iter().zip([1.0, 2.0, 1.0]).enumerate() {
        assert_close(*got, want, &format!("A before L{}", i + 1));
    }
    for (i, (got, want)) in a.after.iter().zip([0.5, 1.5, 1.0]).enumerate() {
        assert_close(*got, want, &format!("A after L{}", i + 1));
    }
    for (i, (got, want)) in b.before.iter().zip([0.5, 0.5, 0.0]).enumerate() {
        assert_close(*got, want, &format!("B before L{}", i + 1));
    }
    for (i, (got, want)) in b.after.iter().zip([0.75, 0.75, 0.5]).enumerate() {
        assert_close(*got, want, &format!("B after L{}", i + 1));
    }
    assert_close(p.before[2], 100.0 / 30.0, "P L3 (reported, not counted)");
    assert_eq!(a.thresholds, [4.2, 1.0, 0.9]);
    assert!(a.below(Indicator::L1, false) && !a.below(Indicator::L2, false));
    assert!(!a.below(Indicator::L3, true) && b.below(Indicator::L3, true));
}

#[test]
fn student_weighted_coefficients_of_variation() {
    let ind = primary_case();
    assert!(
        ind.spreads.iter().all(|s| s.stage == Stage::Primary),
        "no junior school, no junior spread"
    );
    #[rustfmt::skip]
    let cases = [
        // (indicator, mean before, cv before, mean after, cv after, below before, below after)
        (Indicator::L1, 2.0 / 3.0, 0.353553, 2.0 / 3.0, 0.176777, 2, 2),
        (Indicator::L2, 1.0, std::f64::consts::FRAC_1_SQRT_2, 1.0, 0.353553, 1, 1),
        (Indicator::L3, 1.0 / 3.0, std::f64::consts::SQRT_2, 2.0 / 3.0, 0.353553, 1, 1),
    ];
    for (indicator, mb, cb, ma, ca, bb, ba) in cases {
        let s = spread(&ind, Stage::Primary, indicator);
        let case = format!("{indicator:?}");
        assert_eq!(s.schools, 2, "{case}: P is left out");
        close_opt(s.mean_before, mb, &case);
        close_opt(s.cv_before, cb, &case);
        close_opt(s.mean_after, ma, &case);
        close_opt(s.cv_after, ca, &case);
        assert_eq!((s.below_before, s.below_after), (bb, ba), "{case}");
        assert_eq!(s.cv_limit, 0.50);
    }
    let l2 = spread(&ind, Stage::Primary, Indicator::L2);
    assert_eq!((l2.meets(false), l2.meets(true)), (Some(false), Some(true)));
}

/// N: nine-year, 300 students, 6 primary and 3 junior classes → parts of 200 and 100 students.
/// Its teachers: n1 associate, n2 bachelor. Primary L1 counts both: 2/300·100 = 0.666667;
/// junior L1 counts only the bachelor: 1/300·100 = 0.333333.
/// J: junior, 100 students, one doctor: L1 = 1.0.
/// Junior spread over (100, 1/3) and (100, 1): mean 2/3; S² = (100·(1/3)²·2)/200 = 1/9;
/// CV = (1/3)/(2/3) = 0.5, above the junior limit 0.45.
#[test]
fn nine_year_schools_split_by_classes_and_junior_limit() {
    let c = county(
        vec![
            school("J", Area::Town)
                .stage(Stage::Junior)
                .students(100)
                .classes(3),
            school("N", Area::Town)
                .stage(Stage::NineYear)
                .students(300)
                .classes(9)
                .split(Some(6), Some(3)),
        ],
        vec![
            t("j1", "J", "math", Some(Education::Doctor), false),
            t("n1", "N", "math", Some(Education::Associate), false),
            t("n2", "N", "chinese", Some(Education::Bachelor), false),
        ],
    );
    let ind = compute(&c, &Outcome::default(), &IndicatorParams::default());
    let parts: Vec<(&str, Stage, f64, f64, f64)> = ind
        .parts
        .iter()
        .map(|p| {
            (
                p.school_id.as_str(),
                p.stage,
                p.students,
                p.before[0],
                p.thresholds[0],
            )
        })
        .collect();
    assert_eq!(parts.len(), 3);
    assert_eq!((parts[0].0, parts[0].1), ("J", Stage::Junior));
    assert_eq!((parts[1].0, parts[1].1), ("N", Stage::Primary));
    assert_eq!((parts[2].0, parts[2].1), ("N", Stage::Junior));
    assert_close(parts[1].2, 200.0, "N primary students");
    assert_close(parts[2].2, 100.0, "N junior students");
    assert_close(parts[1].3, 2.0 / 3.0, "N primary L1");
    assert_close(parts[2].3, 1.0 / 3.0, "N junior L1");
    assert_eq!((parts[1].4, parts[2].4), (4.2, 5.3));
    let junior = spread(&ind, Stage::Junior, Indicator::L1);
    close_opt(junior.cv_before, 0.5, "junior L1");
    assert_eq!(junior.cv_limit, 0.45);
    assert_eq!(junior.meets(false), Some(false));
    // No plan: after equals before.
    assert_eq!(junior.cv_before, junior.cv_after);
    // A single primary part: no spread (CV 0).
    close_opt(
        spread(&ind, Stage::Primary, Indicator::L1).cv_before,
        0.0,
        "one school",
    );
}

#[test]
fn coefficient_undefined_without_students_or_mean() {
    assert_eq!(weighted_mean_cv(&[]), (None, None));
    assert_eq!(
        weighted_mean_cv(&[(100.0, 0.0), (50.0, 0.0)]),
        (Some(0.0), None)
    );
    let (mean, cv) = weighted_mean_cv(&[(1.0, 2.0), (3.0, 2.0)]);
    assert_eq!((mean, cv), (Some(2.0), Some(0.0)));
}

/// Hires: a publicly-funded graduate counts as a bachelor in L1; a tegang hire's degree is not
/// known, so they count in L3 (music) but not in L1.
/// R (rural, primary, 100 students) with no teachers: after one publicly-funded chinese hire and
/// one tegang music hire, L1 = 1 (the publicly-funded one) per 100, L3 = 1 (music) per 100.
#[test]
fn hires_count_by_programme() {
    use rotaplan::domain::Programme;
    let c = county(
        vec![school("R", Area::Rural).students(100).classes(4)],
        vec![],
    );
    let hire = |subject: &str, programme| Arrival {
        school: 0,
        subject: subject.into(),
        count: 1,
        programme,
    };
    let outcome = Outcome {
        moves: vec![],
        hires: vec![
            hire("chinese", Programme::PubliclyFunded),
            hire("music", Programme::Tegang),
        ],
    };
    let ind = compute(&c, &outcome, &IndicatorParams::default());
    let r = &ind.parts[0];
    assert_eq!(r.before, [0.0, 0.0, 0.0]);
    assert_eq!(r.after, [1.0, 0.0, 1.0]);
}
