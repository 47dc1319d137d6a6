//! The overview's figures on the sample county (see tests/support/sample.rs), and its
//! JSON contract.

use crate::support::sample::{setup, SETUP};
use crate::support::{assert_close, county, need, scenario_with, school, SchoolExt};
use rotaplan::domain::Area;
use rotaplan::inspect::{overview, overview_with, Options, ReasonCount};
use serde::Deserialize;

fn counts(list: &[ReasonCount]) -> Vec<(&str, u32)> {
    list.iter()
        .map(|r| (r.reason.as_str(), r.teachers))
        .collect()
}

#[test]
fn counts_by_area_and_rule() {
    let (sc, c) = setup();
    let o = overview(&sc, &c);
    assert_eq!((o.schools, o.teachers, o.students), (6, 61, 2230));
    let areas: Vec<(Area, u32, u32, u64, u32)> = o
        .areas
        .iter()
        .map(|a| (a.area, a.schools, a.teachers, a.students, a.eligible))
        .collect();
    assert_eq!(
        areas,
        vec![
            (Area::Urban, 2, 36, 1350, 22),
            (Area::Town, 1, 10, 400, 9),
            (Area::Rural, 2, 13, 450, 0),
            (Area::TeachingPoint, 1, 2, 30, 0),
        ]
    );
    assert_eq!(o.eligible, 31);
    assert_eq!(
        counts(&o.must_serve),
        vec![("senior_title", 3), ("publicly_funded", 1)]
    );
    assert_eq!((o.must_serve_total, o.must_serve_ineligible), (4, 2));
    assert_eq!(
        counts(&o.deferred),
        vec![
            ("pregnancy", 1),
            ("nursing", 1),
            ("illness", 1),
            ("other", 0),
            ("near_retirement", 1)
        ]
    );
    assert_eq!(o.deferred_total, 4);
    let due: Vec<(u32, u32)> = o.due.iter().map(|d| (d.years, d.teachers)).collect();
    assert_eq!(due, vec![(6, 28), (8, 1), (10, 1)]);
    assert_eq!(o.due_total, 30);
}

#[test]
fn gaps_by_subject_area_and_totals() {
    let (sc, c) = setup();
    let o = overview(&sc, &c);
    assert_close(o.gap_total, 9.0, "gap total");
    assert_close(
        o.weighted_gap_total,
        1.0 + 2.5 + 7.2 + 3.3 + 1.2,
        "weighted gap total",
    );
    assert_eq!(o.shortage_subjects, vec!["music", "pe"]);
    assert_close(o.shortage_gap_total, 3.7 + 3.4, "shortage gap");

    // (subject, need, staff, gap, surplus)
    let subjects = [
        ("chinese", 28.5, 28.0, 1.5, 1.0),
        ("math", 22.8, 23.0, 0.4, 0.6),
        ("music", 5.7, 2.0, 3.7, 0.0),
        ("pe", 11.4, 8.0, 3.4, 0.0),
    ];
    assert_eq!(o.subjects.len(), subjects.len());
    for (line, (id, need, staff, gap, surplus)) in o.subjects.iter().zip(subjects) {
        assert_eq!(line.subject, id);
        assert_close(line.figures.need, need, &format!("{id} need"));
        assert_close(line.figures.staff, staff, &format!("{id} staff"));
        assert_close(line.figures.gap, gap, &format!("{id} gap"));
        assert_close(line.figures.surplus, surplus, &format!("{id} surplus"));
    }
    let music = &o.subjects[2];
    assert!(music.shortage && !o.subjects[0].shortage);
    let music_gaps: Vec<(Area, f64)> = music
        .by_area
        .iter()
        .map(|a| (a.area, a.figures.gap))
        .collect();
    assert_eq!(
        music_gaps,
        vec![
            (Area::Urban, 1.0),
            (Area::Town, 1.0),
            (Area::Rural, 1.5),
            (Area::TeachingPoint, 0.2)
        ]
    );
    assert_close(music.by_area[0].figures.need, 3.0, "urban music need");

    // (area, gap, surplus, weighted gap)
    let areas = [
        (Area::Urban, 1.0, 1.0, 1.0),
        (Area::Town, 2.0, 0.0, 2.5),
        (Area::Rural, 5.4, 0.4, 10.5),
        (Area::TeachingPoint, 0.6, 0.2, 1.2),
    ];
    for (line, (area, gap, surplus, weighted)) in o.areas.iter().zip(areas) {
        assert_eq!(line.area, area);
        assert_close(line.figures.gap, gap, &format!("{area:?} gap"));
        assert_close(line.figures.surplus, surplus, &format!("{area:?} surplus"));
        assert_close(line.weighted_gap, weighted, &format!("{area:?} weighted"));
    }
}

#[test]
fn top_schools_by_weighted_gap() {
    let (sc, c) = setup();
    let o = overview(&sc, &c);
    let order: Vec<(&str, f64, f64)> = o
        .top_schools
        .iter()
        .map(|s| (s.school_id.as_str(), s.gap, s.weighted_gap))
        .collect();
    // U2 has no gap and is not listed; R1 outranks R2 only through its remote multiplier.
    assert_eq!(
        order,
        vec![
            ("R1", 3.2, 7.2),
            ("R2", 2.2, 3.3),
            ("T1", 2.0, 2.5),
            ("P1", 0.6, 1.2),
            ("U1", 1.0, 1.0)
        ]
    );
    let r1 = &o.top_schools[0];
    assert_eq!((r1.name.as_str(), r1.area), ("石门村小", Area::Rural));
    let short: Vec<(&str, f64)> = r1
        .short_subjects
        .iter()
        .map(|s| (s.subject.as_str(), s.gap))
        .collect();
    assert_eq!(
        short,
        vec![("pe", 1.2), ("chinese", 1.0), ("music", 0.6), ("math", 0.4)]
    );

    let top3 = overview_with(&sc, &c, &Options { top_schools: 3 });
    let ids: Vec<&str> = top3
        .top_schools
        .iter()
        .map(|s| s.school_id.as_str())
        .collect();
    assert_eq!(ids, vec!["R1", "R2", "T1"]);
}

#[test]
fn equal_weighted_gaps_rank_by_gap_then_id() {
    let sc = scenario_with(2026, SETUP);
    // B and C: 1.0 short at weight 1.5; A: 0.75 short at weight 2.0 (also 1.5 weighted).
    let c = county(
        vec![
            school("C", Area::Rural).classes(10),
            school("B", Area::Rural).classes(10),
            school("A", Area::TeachingPoint).classes(5),
        ],
        vec![],
    );
    let mut c = c;
    c.needs = vec![
        need("A", "music", 0.75),
        need("B", "music", 1.0),
        need("C", "music", 1.0),
    ];
    // Drop the other subjects' computed needs by giving them explicit zeros.
    for s in ["A", "B", "C"] {
        for subj in ["chinese", "math", "pe"] {
            c.needs.push(need(s, subj, 0.0));
        }
    }
    let o = overview(&sc, &c);
    let ids: Vec<&str> = o.top_schools.iter().map(|s| s.school_id.as_str()).collect();
    assert_eq!(ids, vec!["B", "C", "A"]);
}

/// The JSON contract, decoded into types defined here so the format is tested on its own.
#[derive(Deserialize)]
struct JsonOverview {
    schools: u32,
    teachers: u32,
    eligible: u32,
    gap_total: f64,
    weighted_gap_total: f64,
    areas: Vec<JsonArea>,
    must_serve: Vec<JsonReason>,
    top_schools: Vec<JsonSchool>,
    subjects: Vec<JsonSubject>,
    shortage_subjects: Vec<String>,
}

#[derive(Deserialize)]
struct JsonArea {
    area: String,
    gap: f64,
    weighted_gap: f64,
}

#[derive(Deserialize)]
struct JsonReason {
    reason: String,
    teachers: u32,
}

#[derive(Deserialize)]
struct JsonSchool {
    school_id: String,
    short_subjects: Vec<JsonShort>,
}

#[derive(Deserialize)]
struct JsonShort {
    subject: String,
    gap: f64,
}

#[derive(Deserialize)]
struct JsonSubject {
    subject: String,
    need: f64,
    by_area: Vec<JsonSubjectArea>,
}

#[derive(Deserialize)]
struct JsonSubjectArea {
    area: String,
    gap: f64,
}

#[test]
fn json_uses_snake_case_keys_and_stable_order() {
    let (sc, c) = setup();
    let o = overview(&sc, &c);
    let text = serde_json::to_string(&o).unwrap();
    assert_eq!(
        text,
        serde_json::to_string(&overview(&sc, &c)).unwrap(),
        "deterministic"
    );
    let j: JsonOverview = serde_json::from_str(&text).unwrap();
    assert_eq!((j.schools, j.teachers, j.eligible), (6, 61, 31));
    assert_eq!((j.gap_total, j.weighted_gap_total), (9.0, 15.2));
    let areas: Vec<&str> = j.areas.iter().map(|a| a.area.as_str()).collect();
    assert_eq!(areas, vec!["urban", "town", "rural", "teaching_point"]);
    assert_eq!((j.areas[2].gap, j.areas[2].weighted_gap), (5.4, 10.5));
    assert_eq!(
        (j.must_serve[0].reason.as_str(), j.must_serve[0].teachers),
        ("senior_title", 3)
    );
    assert_eq!(j.top_schools[0].school_id, "R1");
    assert_eq!(
        (
            j.top_schools[0].short_subjects[0].subject.as_str(),
            j.top_schools[0].short_subjects[0].gap
        ),
        ("pe", 1.2)
    );
    assert_eq!(
        (j.subjects[0].subject.as_str(), j.subjects[0].need),
        ("chinese", 28.5)
    );
    let tp = &j.subjects[2].by_area[3];
    assert_eq!((tp.area.as_str(), tp.gap), ("teaching_point", 0.2));
    assert_eq!(j.shortage_subjects, vec!["music", "pe"]);
}
