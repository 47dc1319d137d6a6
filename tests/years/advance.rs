//! `advance_record` on a hand-made county and a hand-made plan record: every change by hand.

use crate::support::{county, d, school, teacher};
use chrono::NaiveDate;
use rotaplan::advance::{advance_record, ChangeKind, PLACEHOLDER_NAME};
use rotaplan::check::{PlanRecord, RecordedHire, RecordedMove};
use rotaplan::domain::{Area, Gender, Programme, ServiceKind};
use rotaplan::input::Loaded;

fn mv(id: &str, from: &str, to: &str, end: &str, exchange: bool) -> RecordedMove {
    RecordedMove {
        teacher_id: id.into(),
        exchange,
        subject: "math".into(),
        from_school_id: from.into(),
        to_school_id: to.into(),
        start_date: d("2026-09-01"),
        end_date: d(end),
    }
}

/// U1 urban, R1 rural. A rotates U1 → R1 for the year; X (rural) goes on exchange to U1;
/// L rotates for two years; S stays at U1; C stays at R1; O retires on 2026-12-01 (a woman
/// born 1971-06-10: 55 years + 5 months); P on 2028-10-01, after the next term starts; G is a 特岗 teacher
/// hired 2024-09-01 (term ends 2027-09-01), H one hired 2025-09-01. Two 特岗 hires go to R1,
/// one regular hire to U1; an existing teacher already has the first new id.
fn case() -> (Loaded, PlanRecord) {
    let mut o = teacher("O", "U1", "math");
    (o.gender, o.birth_date) = (Gender::Female, d("1971-06-10"));
    let mut p = teacher("P", "U1", "math");
    (p.gender, p.birth_date) = (Gender::Female, d("1972-12-10"));
    let mut g = teacher("G", "R1", "math");
    (g.programme, g.hire_date, g.school_since) = (Programme::Tegang, Some(d("2024-09-01")), None);
    let mut h = teacher("H", "R1", "math");
    (h.programme, h.hire_date, h.school_since) = (Programme::Tegang, Some(d("2025-09-01")), None);
    let mut a = teacher("A", "U1", "math");
    a.rural_service_months = 3;
    let teachers = vec![
        a,
        teacher("X", "R1", "math"),
        teacher("L", "U1", "math"),
        teacher("S", "U1", "math"),
        teacher("C", "R1", "math"),
        o,
        p,
        g,
        h,
        teacher("N2026001", "U1", "math"),
    ];
    let schools = vec![school("U1", Area::Urban), school("R1", Area::Rural)];
    let mut scenario = crate::support::scenario(2026);
    scenario.name = "测试县 2026".into();
    let loaded = Loaded::in_code("scenario.toml", scenario, county(schools, teachers));
    let record = PlanRecord {
        moves: vec![
            mv("A", "U1", "R1", "2027-08-31", false),
            mv("X", "R1", "U1", "2027-08-31", true),
            mv("L", "U1", "R1", "2028-08-31", false),
        ],
        hires: vec![
            RecordedHire {
                school_id: "R1".into(),
                subject: "math".into(),
                count: 2,
                programme: Programme::Tegang,
            },
            RecordedHire {
                school_id: "U1".into(),
                subject: "music".into(),
                count: 1,
                programme: Programme::Regular,
            },
        ],
        leaders: vec![],
    };
    (loaded, record)
}

#[test]
fn advance_credits_returns_retires_converts_and_hires() {
    let (loaded, record) = case();
    let adv = advance_record(&loaded, &record);
    let t = |id: &str| adv.county.teachers.iter().find(|t| t.id == id);
    let kinds = |id: &str| -> Vec<ChangeKind> {
        (adv.changes.iter())
            .filter(|c| c.teacher_id == id)
            .map(|c| c.kind)
            .collect()
    };
    assert_eq!(adv.scenario.plan_year, 2027);
    assert_eq!(adv.scenario.name, "测试县 2027");

    // A: 3 + 12 months, back at U1, years in school from the return, resting.
    let a = t("A").expect("A stays on the roster");
    assert_eq!(a.school_id, "U1");
    assert_eq!(a.rural_service_months, 15);
    assert_eq!(a.school_since, Some(d("2027-09-01")));
    assert_eq!(a.last_term_end, Some(d("2027-08-31")));
    assert_eq!(kinds("A"), vec![ChangeKind::RotationEnded]);
    // X: an exchange at an urban school credits nothing; the rest applies to it too.
    let x = t("X").unwrap();
    assert_eq!(x.rural_service_months, 0);
    assert_eq!(x.last_term_end, Some(d("2027-08-31")));
    assert_eq!(kinds("X"), vec![ChangeKind::ExchangeEnded]);
    // L: the term runs on: on U1's roster, 12 months so far, no rest yet; the ledger holds the
    // whole term, from which next year's county reads it (below)
    let l = t("L").unwrap();
    assert_eq!(l.school_id, "U1");
    assert_eq!(l.on_term, None);
    assert_eq!(l.rural_service_months, 12);
    assert_eq!(l.last_term_end, None);
    assert_eq!(l.school_since, Some(d("2020-09-01")));
    assert_eq!(kinds("L"), vec![ChangeKind::TermContinues]);
    let l_stint = adv.ledger.iter().find(|s| s.teacher_id == "L").unwrap();
    assert_eq!(
        (
            l_stint.school_id.as_str(),
            l_stint.start,
            l_stint.end,
            l_stint.months
        ),
        ("R1", d("2026-09-01"), d("2028-08-31"), 12)
    );
    // S stays at an urban school: no change; C at a rural school: 12 months.
    assert_eq!(t("S").unwrap().rural_service_months, 0);
    assert!(kinds("S").is_empty());
    assert_eq!(t("C").unwrap().rural_service_months, 12);
    assert_eq!(kinds("C"), vec![ChangeKind::RuralService]);
    // O retires on 2026-12-01: gone; P (2028-10-01) stays.
    assert!(t("O").is_none());
    assert_eq!(kinds("O"), vec![ChangeKind::Retired]);
    assert!(t("P").is_some());
    // G's 特岗 term ended on 2027-08-31: regular post; H's runs on.
    assert_eq!(t("G").unwrap().programme, Programme::Regular);
    assert!(kinds("G").contains(&ChangeKind::TegangEnded));
    assert_eq!(t("H").unwrap().programme, Programme::Tegang);
    let tegang = adv.stints.iter().find(|s| s.teacher_id == "G").unwrap();
    assert_eq!(tegang.kind, ServiceKind::Tegang);
    assert_eq!(
        (tegang.start, tegang.end),
        (d("2024-09-01"), d("2027-08-31"))
    );

    // Hires: new ids skip N2026001, in school then subject order; rural ones credited.
    let hired: Vec<_> = (adv.county.teachers.iter())
        .filter(|t| t.name == PLACEHOLDER_NAME)
        .collect();
    let ids: Vec<&str> = hired.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, vec!["N2026002", "N2026003", "N2026004"]);
    let n2 = hired[0];
    assert_eq!(
        (n2.school_id.as_str(), n2.programme, n2.rural_service_months),
        ("R1", Programme::Tegang, 12)
    );
    assert_eq!(n2.hire_date, Some(d("2026-09-01")));
    assert_eq!(n2.birth_date, NaiveDate::from_ymd_opt(2004, 9, 1).unwrap());
    let n4 = hired[2];
    assert_eq!(
        (n4.school_id.as_str(), n4.subject.as_str()),
        ("U1", "music")
    );
    assert_eq!(n4.rural_service_months, 0);
    assert_eq!(adv.placeholders, vec!["N2026002", "N2026003", "N2026004"]);
    // 10 on the roster − 1 retired + 3 hired
    assert_eq!(adv.county.teachers.len(), 12);

    // The service record: A's rotation with its 12 months, X's exchange with none.
    let a_stint = adv.stints.iter().find(|s| s.teacher_id == "A").unwrap();
    assert_eq!(
        (a_stint.kind, a_stint.school_id.as_str(), a_stint.months),
        (ServiceKind::Rotation, "R1", 12)
    );
    let x_stint = adv.stints.iter().find(|s| s.teacher_id == "X").unwrap();
    assert_eq!((x_stint.kind, x_stint.months), (ServiceKind::Exchange, 0));
}

#[test]
fn report_files_name_every_change_and_neutralise_formulas() {
    let (mut loaded, record) = case();
    loaded.county.teachers[3].name = "=HYPERLINK(\"x\")".into(); // S, who does not change
    loaded.county.teachers[4].name = "=cmd|' /C calc'!A0".into(); // C, credited
    let adv = advance_record(&loaded, &record);
    let files = rotaplan::advance::report_files(&adv);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    // (no locks.csv: a term that runs on is read back from service.csv)
    assert_eq!(names, vec!["advance-report.csv", "service.csv"]);
    let report = String::from_utf8(files[0].1.clone()).unwrap();
    assert!(report.starts_with('\u{feff}'), "UTF-8 with BOM for Excel");
    assert_eq!(report.lines().count(), 1 + adv.changes.len());
    assert!(report.contains("'=cmd|"), "{report}");
    assert!(!report.contains(",=cmd"), "{report}");
    assert!(report.contains("retired,退休"), "{report}");
    let ledger = String::from_utf8(files[1].1.clone()).unwrap();
    assert!(
        ledger.contains("L,TL,R1,U1,rotation,2026-09-01,2028-08-31,12,plan 2026"),
        "{ledger}"
    );
}

/// The year after: L (on U1's roster) serves the second year of the term at R1, read from the
/// ledger; M's 18-month term at R1 ends on 2028-02-29, mid-year. Advancing 2027 credits L 12
/// more months on the term's own row and keeps the term going no longer (it ends 2028-08-31,
/// the day before the next term): L is back at U1, resting; M is credited 6 months (September
/// to February) and is back at U1 from 2028-03-01.
#[test]
fn a_running_term_is_credited_on_its_row_and_ends_when_the_ledger_says() {
    use rotaplan::domain::{RunningTerm, ServiceRecord};
    let row = |id: &str, end: &str, start: &str, months: u32| ServiceRecord {
        teacher_id: id.into(),
        name: String::new(),
        school_id: "R1".into(),
        home_school_id: Some("U1".into()),
        kind: ServiceKind::Rotation,
        start: d(start),
        end: d(end),
        months,
        source: "plan 2026".into(),
        subject: None,
        source_line: 2,
    };
    let on = |id: &str, end: &str, start: &str| {
        let mut t = teacher(id, "R1", "math");
        t.on_term = Some(RunningTerm {
            home_school_id: "U1".into(),
            until: d(end),
            kind: ServiceKind::Rotation,
            start: d(start),
            subject: None,
        });
        t.rural_service_months = 12;
        t
    };
    let teachers = vec![
        on("L", "2028-08-31", "2026-09-01"),
        on("M", "2028-02-29", "2026-09-01"),
    ];
    let schools = vec![school("U1", Area::Urban), school("R1", Area::Rural)];
    let loaded = Loaded::in_code(
        "scenario.toml",
        crate::support::scenario(2027),
        county(schools, teachers),
    );
    let service = vec![
        row("L", "2028-08-31", "2026-09-01", 12),
        row("M", "2028-02-29", "2026-09-01", 12),
    ];
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
    let t = |id: &str| adv.county.teachers.iter().find(|t| t.id == id).unwrap();
    let kinds = |id: &str| -> Vec<ChangeKind> {
        (adv.changes.iter())
            .filter(|c| c.teacher_id == id)
            .map(|c| (c.kind, c.school_id.as_str()))
            .filter(|&(_, s)| s == "U1")
            .map(|(k, _)| k)
            .collect()
    };
    let (l, m) = (t("L"), t("M"));
    assert_eq!((l.school_id.as_str(), l.on_term.as_ref()), ("U1", None));
    assert_eq!(l.rural_service_months, 24);
    assert_eq!(l.last_term_end, Some(d("2028-08-31")));
    assert_eq!(l.school_since, Some(d("2028-09-01")));
    assert_eq!(kinds("L"), vec![ChangeKind::RotationEnded]);
    assert_eq!(m.school_id, "U1");
    assert_eq!(m.rural_service_months, 18);
    assert_eq!(m.last_term_end, Some(d("2028-02-29")));
    assert_eq!(m.school_since, Some(d("2028-03-01")));
    assert_eq!(kinds("M"), vec![ChangeKind::RotationEnded]);
    // the months go on the term's own row; no new row for the second year
    let months: Vec<(String, u32)> = (adv.ledger.iter())
        .map(|r| (r.teacher_id.clone(), r.months))
        .collect();
    assert_eq!(months, vec![("L".into(), 24), ("M".into(), 18)]);
    assert!(adv.stints.is_empty());
}
