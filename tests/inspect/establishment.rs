//! `inspect` shows each school's establishment (核定编制: given or computed), its headcount and
//! how far above or below it the school is, with totals per area (issue 20). Every figure is
//! worked out by hand from the sample county (tests/support/sample.rs) and the default
//! `[establishment]` table: 19 pupils per primary post, 13.5 per junior post, 1.7 posts per
//! class at rural schools and teaching points.

use crate::support::sample::setup;
use rotaplan::domain::Area;
use rotaplan::inspect::{overview, render_text};

/// The sample with P1's establishment given as 1 in the schools file: one school above.
fn sample() -> rotaplan::inspect::Overview {
    let (sc, mut c) = setup();
    c.schools
        .iter_mut()
        .find(|s| s.id == "P1")
        .unwrap()
        .establishment = Some(1);
    overview(&sc, &c)
}

#[test]
fn each_school_shows_its_establishment_source_and_headcount() {
    let o = sample();
    let got: Vec<(&str, u32, &str, u32, i64)> = o
        .establishment_by_school
        .iter()
        .map(|s| {
            (
                s.school_id.as_str(),
                s.establishment,
                s.source.as_str(),
                s.headcount,
                s.difference,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            // teaching point, given 1; 2 teachers: one above
            ("P1", 1, "given", 2, 1),
            // rural 200 pupils, 6 classes: max(⌈200/19⌉ = 11, ⌈6 × 1.7⌉ = 11)
            ("R1", 11, "computed", 4, -7),
            // nine-year, 9 classes split 6 + 3: pupils 166.7/19 + 83.3/13.5 = 14.9,
            // classes 9 × 1.7 = 15.3 → 16
            ("R2", 16, "computed", 9, -7),
            // junior 400/13.5 = 29.6 → 30
            ("T1", 30, "computed", 10, -20),
            // 900/19 = 47.4 → 48
            ("U1", 48, "computed", 24, -24),
            // 450/19 = 23.7 → 24
            ("U2", 24, "computed", 12, -12),
        ]
    );
}

#[test]
fn totals_per_area() {
    let o = sample();
    let got: Vec<(Area, u32, u64, u64, u32, u32, u64)> = o
        .establishment_by_area
        .iter()
        .map(|a| {
            (
                a.area,
                a.schools,
                a.establishment,
                a.headcount,
                a.schools_above,
                a.schools_below,
                a.vacant_posts,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (Area::Urban, 2, 72, 36, 0, 2, 36),
            (Area::Town, 1, 30, 10, 0, 1, 20),
            (Area::Rural, 2, 27, 13, 0, 2, 14),
            (Area::TeachingPoint, 1, 1, 2, 1, 0, 0),
        ]
    );
}

#[test]
fn text_and_json_show_the_establishment() {
    let o = sample();
    let text = render_text(&o);
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    for expected in [
        "Establishment by area 各区域核定编制",
        "Establishment by school 各校核定编制",
        "teaching_point 教学点 1 1 2 1 0 0",
        "P1 P1 school teaching_point 教学点 1 given 核定 2 +1",
        "R1 石门村小 rural 乡村 11 computed 测算 4 -7",
        "total 合计 6 130 61 1 5 70",
    ] {
        assert!(
            lines.iter().any(|l| l == expected),
            "no line {expected:?} in\n{text}"
        );
    }
    let json: serde_json::Value = serde_json::to_value(&o).unwrap();
    assert_eq!(json["establishment_by_school"][0]["school_id"], "P1");
    assert_eq!(json["establishment_by_school"][0]["source"], "given");
    assert_eq!(json["establishment_by_school"][0]["difference"], 1);
    assert_eq!(json["establishment_by_area"][3]["area"], "teaching_point");
    assert_eq!(json["establishment_by_area"][0]["vacant_posts"], 36);
}
