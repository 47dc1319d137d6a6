//! The checker's wishes figures on a tiny county built in code.

use super::summary::compare;
use super::*;
use crate::domain::{Area, Backbone, County, Deferral, Gender, Programme, Stage};
use crate::scenario::{Commitments, Scenario};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn school(id: &str, area: Area, township: &str) -> School {
    School {
        id: id.into(),
        name: id.into(),
        area,
        stage: Stage::Primary,
        students: 200,
        classes: 6,
        primary_classes: None,
        junior_classes: None,
        weak: false,
        remote: false,
        housing_beds: None,
        location: None,
        township: Some(township.into()),
        establishment: None,
        quality: None,
        source_line: 0,
    }
}

/// A teacher at `school_id` since 1 September of `since` (born 1980-06-15).
fn teacher(id: &str, school_id: &str, subject: &str, since: i32) -> Teacher {
    Teacher {
        id: id.into(),
        name: id.into(),
        gender: Gender::Male,
        birth_date: d("1980-06-15"),
        school_id: school_id.into(),
        subject: subject.into(),
        extra_subjects: Vec::new(),
        title: None,
        backbone: Backbone::None,
        hire_date: Some(d("2005-09-01")),
        school_since: NaiveDate::from_ymd_opt(since, 9, 1),
        rural_service_months: 0,
        last_term_end: None,
        senior_title_target_year: None,
        deferral: None,
        education: None,
        programme: Programme::Regular,
        post: Default::default(),
        post_since: None,
        on_term: None,
        source_line: 0,
    }
}

fn app(id: &str, volunteer: bool, wishes: Vec<Wish>) -> Application {
    Application {
        teacher_id: id.into(),
        volunteer,
        wishes,
        family_points: 0,
        source_line: 0,
    }
}

fn scenario() -> Scenario {
    toml::from_str(
        "name = \"t\"\nplan_year = 2026\n[data]\nschools = \"s.csv\"\nteachers = \"t.csv\"\n\
         [policy]\nmax_send_share = 1.0\n",
    )
    .expect("scenario")
}

/// Urban U1, U2 (城关镇); rural R1, R2 (青山乡), R3 and teaching point P1 (白水乡).
fn problem(teachers: Vec<Teacher>, apps: Vec<Application>) -> Problem {
    let county = County {
        schools: vec![
            school("U1", Area::Urban, "城关镇"),
            school("U2", Area::Urban, "城关镇"),
            school("R1", Area::Rural, "青山乡"),
            school("R2", Area::Rural, "青山乡"),
            school("R3", Area::Rural, "白水乡"),
            school("P1", Area::TeachingPoint, "白水乡"),
        ],
        teachers,
        ..County::default()
    };
    Problem::new(scenario(), county, Commitments::default()).with_applications(apps)
}

fn sent<'a>(teacher_id: &'a str, to_school: &'a str, subject: &'a str) -> SentTeacher<'a> {
    SentTeacher {
        teacher_id,
        to_school,
        subject,
    }
}

#[test]
fn points_count_years_backbone_age_and_family_in_hundredths() {
    let mut rules = ApplicationRules::default();
    let mut t = teacher("A", "U1", "math", 2020);
    // 6 whole years to 2026-09-01
    assert_eq!(points(&t, 0, &rules, 2026), 600);
    t.school_since = Some(d("2020-09-02"));
    assert_eq!(points(&t, 0, &rules, 2026), 500, "a day short of 6 years");
    t.backbone = Backbone::County;
    assert_eq!(points(&t, 0, &rules, 2026), 1000);
    t.school_since = None; // hire_date 2005-09-01: 21 years
    assert_eq!(points(&t, 0, &rules, 2026), 2600);
    t.hire_date = None;
    assert_eq!(points(&t, 0, &rules, 2026), 500, "no date: 0 years");
    t.backbone = Backbone::None;
    rules.points_per_year_of_age = 0.1; // 46 years of age
    assert_eq!(points(&t, 1234, &rules, 2026), 460 + 1234);
    // a school_since after the term start counts 0 years
    t.school_since = Some(d("2027-01-01"));
    rules.points_per_year_of_age = 0.0;
    assert_eq!(points(&t, 0, &rules, 2026), 0);
}

#[test]
fn points_round_halves_away_from_zero() {
    let mut rules = ApplicationRules {
        points_per_year_in_school: 0.015,
        ..ApplicationRules::default()
    };
    let t = teacher("A", "U1", "math", 2025); // 1 year
    assert_eq!(points(&t, 0, &rules, 2026), 2, "1.5 hundredths");
    rules.points_per_year_in_school = 0.005;
    assert_eq!(points(&t, 0, &rules, 2026), 1, "0.5 hundredths");
    rules.points_per_year_in_school = -0.005;
    assert_eq!(points(&t, 0, &rules, 2026), -1, "-0.5 hundredths");
    rules.points_per_year_in_school = 0.0149;
    assert_eq!(points(&t, 0, &rules, 2026), 1, "1.49 hundredths");
    assert_eq!(round_hundredths(f64::NAN), 0);
}

#[test]
fn wishes_are_ranked_by_the_first_that_covers_the_school() {
    let teachers = vec![
        teacher("A1", "U1", "math", 2020),
        teacher("A2", "U1", "math", 2020),
        teacher("A3", "U2", "math", 2020),
        teacher("A4", "U2", "math", 2020),
        teacher("A5", "U2", "math", 2020),
        teacher("N1", "U2", "math", 2020),
    ];
    let apps = vec![
        // township first: R1 lies in 青山乡
        app(
            "A1",
            true,
            vec![Wish::Township("青山乡".into()), Wish::Area(Area::Rural)],
        ),
        // `rural` covers the teaching point P1: second wish
        app(
            "A2",
            false,
            vec![Wish::School("R3".into()), Wish::Area(Area::Rural)],
        ),
        app("A3", true, vec![Wish::School("R3".into())]),
        app("A4", true, Vec::new()),
        app("A5", true, vec![Wish::School("R3".into())]),
    ];
    let p = problem(teachers, apps);
    let plan = [
        sent("A1", "R1", "math"),
        sent("A2", "P1", "math"),
        sent("A3", "R1", "math"), // no wish covers R1
        sent("A4", "R2", "math"), // no wishes: not unwished
        sent("N1", "R2", "math"),
        sent("A1", "R2", "math"), // a later row of A1 is left out
        sent("X9", "R2", "math"), // not in the roster
    ];
    let f = wish_figures(&p, &plan).expect("applications");
    assert_eq!(f.applicants, 5);
    assert_eq!(f.volunteers, 4);
    assert_eq!(f.volunteers_moved, 3, "A1, A3, A4");
    assert_eq!(f.non_volunteers_moved, 2, "A2, N1");
    assert_eq!(f.at_wish, vec![1, 1, 0]);
    assert_eq!(f.unwished, 1);
    assert_eq!(
        place_at(&[Wish::Area(Area::Rural)], "P1", p.county.school("P1")),
        Place::Wish(0)
    );
    assert_eq!(
        place_at(&[Wish::Area(Area::Rural)], "U1", p.county.school("U1")),
        Place::Unwished
    );
    assert_eq!(
        place_at(&[Wish::School("Z".into())], "Z", None),
        Place::Unwished
    );
}

#[test]
fn no_applications_no_figures() {
    let p = problem(vec![teacher("A", "U1", "math", 2020)], Vec::new());
    assert_eq!(wish_figures(&p, &[sent("A", "R1", "math")]), None);
}

/// a (volunteer, at U1 since 2020: 600 points) wants R1; b (at U2 since 2024: 200 points) is
/// sent to `to` in `subject`.
fn envy_case(
    a_volunteer: bool,
    edit_a: impl Fn(&mut Teacher),
    to: &str,
    subject: &str,
) -> WishFigures {
    let mut a = teacher("a", "U1", "math", 2020);
    edit_a(&mut a);
    let b = teacher("b", "U2", "math", 2024);
    let wishes = vec![Wish::School("R1".into()), Wish::Area(Area::Urban)];
    let p = problem(vec![a, b], vec![app("a", a_volunteer, wishes)]);
    wish_figures(&p, &[sent("b", to, subject)]).expect("applications")
}

#[test]
fn a_volunteer_with_more_points_who_stays_envies_b_at_the_first_wish() {
    let f = envy_case(true, |_| {}, "R1", "math");
    assert_eq!(f.envy_pairs, 1);
    assert_eq!(
        f.envy,
        vec![EnvyPair {
            envious: "a".into(),
            envied: "b".into(),
            school: "R1".into(),
            envious_points: 6.0,
            envied_points: 2.0,
        }]
    );
    // a's extra subject counts too
    let f = envy_case(
        true,
        |a| a.extra_subjects = vec!["music".into()],
        "R1",
        "music",
    );
    assert_eq!(f.envy_pairs, 1);
}

#[test]
fn no_envy_with_equal_points() {
    let f = envy_case(
        true,
        |a| a.school_since = Some(d("2024-09-01")),
        "R1",
        "math",
    );
    assert_eq!(f.envy_pairs, 0);
    // family points break the tie
    let mut a = teacher("a", "U1", "math", 2024);
    a.extra_subjects.clear();
    let b = teacher("b", "U2", "math", 2024);
    let mut application = app("a", true, vec![Wish::School("R1".into())]);
    application.family_points = 1;
    let p = problem(vec![a, b], vec![application]);
    let f = wish_figures(&p, &[sent("b", "R1", "math")]).expect("applications");
    assert_eq!(f.envy_pairs, 1);
}

#[test]
fn no_envy_for_a_subject_a_does_not_teach() {
    assert_eq!(envy_case(true, |_| {}, "R1", "music").envy_pairs, 0);
}

#[test]
fn no_envy_for_a_post_at_a_own_school() {
    // U1 lies in a's second wish (urban): better than staying, yet it is a's own school
    assert_eq!(envy_case(true, |_| {}, "U1", "math").envy_pairs, 0);
    assert_eq!(envy_case(true, |_| {}, "U2", "math").envy_pairs, 1);
}

#[test]
fn no_envy_when_a_may_not_rotate() {
    let f = envy_case(true, |a| a.deferral = Some(Deferral::Illness), "R1", "math");
    assert_eq!(f.envy_pairs, 0);
    let f = envy_case(true, |a| a.school_id = "R2".into(), "R1", "math");
    assert_eq!(f.envy_pairs, 0, "a rural school sends nobody");
}

#[test]
fn no_envy_for_a_non_volunteer_who_stays() {
    assert_eq!(envy_case(false, |_| {}, "R1", "math").envy_pairs, 0);
}

#[test]
fn a_sent_to_a_lower_wish_envies_b_at_a_higher_one() {
    let a = teacher("a", "U1", "math", 2020);
    let b = teacher("b", "U2", "math", 2024);
    let c = teacher("c", "U2", "math", 2010); // more points than a
    let wishes = vec![Wish::School("R1".into()), Wish::School("R2".into())];
    let p = problem(vec![a, b, c], vec![app("a", true, wishes)]);
    let plan = [
        sent("a", "R2", "math"),
        sent("b", "R1", "math"),
        sent("c", "R1", "math"),
        sent("b", "R3", "math"),
    ];
    let f = wish_figures(&p, &plan).expect("applications");
    assert_eq!((f.envy_pairs, f.envy[0].envied.as_str()), (1, "b"));
}

#[test]
fn summary_fields_that_differ_are_mismatches() {
    let f = envy_case(true, |_| {}, "R1", "math");
    let mut out = Vec::new();
    let good = serde_json::to_value(&f).expect("json");
    compare(Some(&f), Some(&good), &mut out);
    assert!(out.is_empty(), "{out:?}");
    let bad = serde_json::json!({
        "applicants": 1, "volunteers": 1, "volunteers_moved": 0, "non_volunteers_moved": 1,
        "at_wish": [0, 0], "unwished": 0, "envy_pairs": 0
    });
    compare(Some(&f), Some(&bad), &mut out);
    let keys: Vec<&str> = out.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, ["wishes.envy_pairs", "wishes.at_wish"]);
    assert!(out.iter().all(|m| m.code == "C-SUMMARY"));
    out.clear();
    compare(Some(&f), None, &mut out);
    compare(None, Some(&good), &mut out);
    compare(None, None, &mut out);
    let keys: Vec<&str> = out.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, ["wishes", "wishes"]);
}

/// A post a teacher did not name is no preference: a volunteer who stays does not envy one
/// with fewer points sent where none of their wishes lies.
#[test]
fn no_envy_for_a_post_a_did_not_name() {
    let f = envy_case(true, |_| {}, "R3", "math");
    assert_eq!(f.envy_pairs, 0);
}

/// When a's school already sends its release limit, all with at least a's points, the limit
/// stops a, not the points: no envy.
#[test]
fn no_envy_when_the_release_limit_stops_a() {
    let a = teacher("a", "U1", "math", 2020);
    let b = teacher("b", "U2", "math", 2024);
    let wishes = vec![Wish::School("R1".into())];
    let mut p = problem(vec![a, b], vec![app("a", true, wishes)]);
    // U1 has one teacher: with a share of 0.2 it may send nobody
    p.scenario.policy.max_send_share = 0.2;
    let f = wish_figures(&p, &[sent("b", "R1", "math")]).expect("applications");
    assert_eq!(f.envy_pairs, 0);
    p.scenario.policy.max_send_share = 1.0;
    let f = wish_figures(&p, &[sent("b", "R1", "math")]).expect("applications");
    assert_eq!(f.envy_pairs, 1);
}

/// A teacher locked by the office is not moved by points: neither a locked to stay nor b
/// locked to the post makes a justified envy.
#[test]
fn no_envy_when_a_or_b_is_locked() {
    let lock = |teacher: &str, kind| crate::scenario::Lock {
        kind,
        teacher_id: Some(teacher.into()),
        school_id: None,
        subject: None,
        file: "locks.csv".into(),
        source_line: 2,
        source_columns: Vec::new(),
    };
    for (who, kind) in [
        ("a", crate::scenario::LockKind::Stays),
        ("b", crate::scenario::LockKind::GoesTo),
    ] {
        let a = teacher("a", "U1", "math", 2020);
        let b = teacher("b", "U2", "math", 2024);
        let wishes = vec![Wish::School("R1".into())];
        let mut p = problem(vec![a, b], vec![app("a", true, wishes)]);
        p.commitments.locks.push(lock(who, kind));
        let f = wish_figures(&p, &[sent("b", "R1", "math")]).expect("applications");
        assert_eq!(f.envy_pairs, 0, "{who} locked");
    }
}
