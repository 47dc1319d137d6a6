//! A term from an earlier year (Teacher::on_term): where the teacher counts, which subject they
//! teach, and what `advance` credits when the term ends mid-year or the teacher retires during it.

use crate::support::{county, d, scenario, school, teacher};
use rotaplan::advance::{advance_record, ChangeKind};
use rotaplan::check::PlanRecord;
use rotaplan::domain::{Area, Gender, RunningTerm, ServiceKind, ServiceRecord, Teacher};
use rotaplan::input::Loaded;
use rotaplan::rules::staffing;

/// A teacher of `home`'s roster serving a `kind` term at `served` (school_id set as the input
/// layer sets it).
fn serving(id: &str, home: &str, served: &str, kind: ServiceKind, until: &str) -> Teacher {
    let mut t = teacher(id, served, "math");
    t.on_term = Some(RunningTerm {
        home_school_id: home.into(),
        until: d(until),
        kind,
        start: d("2025-09-01"),
        subject: Some("music".into()),
    });
    t
}

fn row(t: &Teacher, served: &str, kind: ServiceKind, end: &str) -> ServiceRecord {
    ServiceRecord {
        teacher_id: t.id.clone(),
        name: String::new(),
        school_id: served.into(),
        home_school_id: Some(t.home_school().into()),
        kind,
        start: d("2025-09-01"),
        end: d(end),
        months: 12,
        source: "plan 2025".into(),
        subject: Some("music".into()),
        source_line: 2,
    }
}

#[test]
fn the_post_is_held_at_home_and_the_teacher_counts_where_they_teach() {
    let schools = vec![school("U1", Area::Urban), school("R1", Area::Rural)];
    let teachers = vec![
        teacher("A", "U1", "math"),
        serving("T", "U1", "R1", ServiceKind::Rotation, "2027-08-31"),
        teacher("B", "R1", "math"),
    ];
    let c = county(schools, teachers);
    // U1 holds two posts (A, and T's, kept at home), R1 one; R1 has two teachers teaching
    assert_eq!(staffing::posts_held(&c), vec![2, 1]);
    assert_eq!(staffing::headcounts(&c), vec![1, 2]);
    // T teaches the post's subject (music) at R1, as an arrival does (with the general
    // subjects of a rural school), not the main subject (math)
    let s = scenario(2026);
    let subjects = staffing::own_subjects(&c.teachers[1], &c.schools[1], &s);
    assert_eq!(
        subjects,
        staffing::arrival_subjects("music", &c.schools[1], &s)
    );
    assert!(!subjects.contains(&"math".to_string()), "{subjects:?}");
}

#[test]
fn a_term_ending_mid_year_credits_home_after_and_retirement_ends_it() {
    // 2026-27 is advanced. X, a rural teacher on an 18-month exchange at U1, is back at R1 on
    // 2027-03-01: 0 months for the term (urban), 6 for March to August at home (rural). O, on
    // a 36-month rotation at R1, retires on 2026-12-01 (a woman born 1971-06-10: 55 years and
    // 5 months): 3 months (September to November), her row ends 2026-11-30, she leaves the
    // roster, and her term is not reported as continuing.
    let mut o = serving("O", "U1", "R1", ServiceKind::Rotation, "2028-08-31");
    (o.gender, o.birth_date) = (Gender::Female, d("1971-06-10"));
    let x = serving("X", "R1", "U1", ServiceKind::Exchange, "2027-02-28");
    let service = vec![
        row(&o, "R1", ServiceKind::Rotation, "2028-08-31"),
        row(&x, "U1", ServiceKind::Exchange, "2027-02-28"),
    ];
    let schools = vec![school("U1", Area::Urban), school("R1", Area::Rural)];
    let loaded = Loaded::in_code("scenario.toml", scenario(2026), county(schools, vec![o, x]));
    let loaded = Loaded {
        problem: loaded.problem.clone().with_service(service),
        ..loaded
    };
    let record = PlanRecord {
        moves: vec![],
        hires: vec![],
        leaders: vec![],
    };
    let adv = advance_record(&loaded, &record);
    let kinds = |id: &str| -> Vec<ChangeKind> {
        (adv.changes.iter())
            .filter(|c| c.teacher_id == id)
            .map(|c| c.kind)
            .collect()
    };
    let x = adv.county.teachers.iter().find(|t| t.id == "X").unwrap();
    assert_eq!(x.school_id, "R1");
    assert_eq!(x.rural_service_months, 6);
    assert_eq!(x.last_term_end, Some(d("2027-02-28")));
    assert_eq!(x.school_since, Some(d("2027-03-01")));
    assert_eq!(kinds("X"), vec![ChangeKind::ExchangeEnded]);
    assert!(adv.county.teachers.iter().all(|t| t.id != "O"));
    assert_eq!(kinds("O"), vec![ChangeKind::Retired]);
    let o_row = adv.ledger.iter().find(|r| r.teacher_id == "O").unwrap();
    assert_eq!((o_row.months, o_row.end), (12 + 3, d("2026-11-30")));
}
