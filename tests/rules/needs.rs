//! Need, staff and gap per school and subject, and the weight of a school's gap.
//!
//! Uses the built-in catalogue and loads (primary 15, junior 13 periods a week), so the figures
//! below are the ones a county with no needs file would see.

use crate::support::{
    assert_close, county, need, scenario, scenario_with, school, teacher, SchoolExt,
};
use rotaplan::domain::{Area, County, School, Stage};
use rotaplan::rules::needs::stage_classes;
use rotaplan::rules::{gap_weight, school_needs, staff_counts, Gaps};

fn key(school: &str, subject: &str) -> (String, String) {
    (school.to_string(), subject.to_string())
}

#[test]
fn classes_by_stage() {
    let nine = |p, j| {
        school("N", Area::Town)
            .stage(Stage::NineYear)
            .classes(18)
            .split(p, j)
    };
    // (case, school, primary classes, junior classes)
    #[rustfmt::skip]
    let cases: Vec<(&str, School, f64, f64)> = vec![
        ("primary", school("P", Area::Urban).classes(12), 12.0, 0.0),
        ("junior", school("J", Area::Urban).stage(Stage::Junior).classes(13), 0.0, 13.0),
        ("nine-year, no split: 2/3 and 1/3", nine(None, None), 12.0, 6.0),
        ("nine-year, both given", nine(Some(9), Some(9)), 9.0, 9.0),
        ("nine-year, primary given", nine(Some(15), None), 15.0, 3.0),
        ("nine-year, junior given", nine(None, Some(4)), 14.0, 4.0),
        ("nine-year, primary above total", nine(Some(20), None), 20.0, 0.0),
    ];
    for (case, s, p, j) in cases {
        let (ap, aj) = stage_classes(&s);
        assert_close(ap, p, case);
        assert_close(aj, j, case);
    }
}

#[test]
fn computed_needs_by_stage() {
    let sc = scenario(2026);
    let c = county(
        vec![
            school("P", Area::Rural).classes(12),
            school("J", Area::Town).stage(Stage::Junior).classes(13),
            school("N", Area::Rural).stage(Stage::NineYear).classes(18),
            school("S", Area::Rural)
                .stage(Stage::NineYear)
                .classes(18)
                .split(Some(9), Some(9)),
        ],
        vec![],
    );
    let needs = school_needs(&c, &sc);
    // (school, subject, need): classes × periods ÷ load, per stage.
    let cases = [
        ("P", "chinese", 12.0 * 7.5 / 15.0),
        ("P", "music", 12.0 * 2.0 / 15.0),
        ("P", "it", 12.0 * 0.7 / 15.0),
        ("J", "english", 13.0 * 4.0 / 13.0),
        ("J", "music", 1.0),
        ("J", "physics", 1.7),
        ("N", "music", 12.0 * 2.0 / 15.0 + 6.0 * 1.0 / 13.0),
        ("N", "history", 6.0 * 2.0 / 13.0),
        ("N", "science", 12.0 * 2.0 / 15.0),
        ("S", "music", 9.0 * 2.0 / 15.0 + 9.0 / 13.0),
        ("S", "pe", 9.0 * 3.5 / 15.0 + 9.0 * 3.0 / 13.0),
    ];
    for (s, subj, expected) in cases {
        let got = needs.get(&key(s, subj)).copied();
        assert_close(got.unwrap_or(f64::NAN), expected, &format!("{s}/{subj}"));
    }
    // A subject with no periods in the school's stage has no entry at all.
    assert!(!needs.contains_key(&key("P", "history")));
    assert!(!needs.contains_key(&key("J", "science")));
    // Default catalogue: 10 primary subjects, 14 junior subjects.
    assert_eq!(needs.keys().filter(|(s, _)| s == "P").count(), 10);
    assert_eq!(needs.keys().filter(|(s, _)| s == "J").count(), 14);
}

#[test]
fn needs_file_overrides_the_computed_need() {
    let sc = scenario(2026);
    let mut c = county(vec![school("P", Area::Rural).classes(12)], vec![]);
    c.needs = vec![
        need("P", "music", 0.5),
        need("P", "history", 1.0),
        need("P", "art", 0.0),
    ];
    let needs = school_needs(&c, &sc);
    assert_close(needs[&key("P", "music")], 0.5, "override replaces");
    assert_close(needs[&key("P", "history")], 1.0, "override adds a subject");
    assert_close(needs[&key("P", "art")], 0.0, "override to zero");
    assert_close(needs[&key("P", "chinese")], 6.0, "others computed");
}

#[test]
fn loads_come_from_the_curriculum() {
    let sc = scenario_with(2026, "[curriculum]\nprimary_load = 10\njunior_load = 12");
    let c = county(
        vec![school("N", Area::Rural)
            .stage(Stage::NineYear)
            .classes(9)
            .split(Some(6), Some(3))],
        vec![],
    );
    // music: 6 × 2 ÷ 10 + 3 × 1 ÷ 12
    assert_close(
        school_needs(&c, &sc)[&key("N", "music")],
        1.2 + 0.25,
        "music",
    );
}

fn staffed_county() -> County {
    let mut extra = teacher("3", "P", "chinese");
    extra.extra_subjects = vec!["music".into()];
    county(
        vec![
            school("P", Area::Rural).classes(12),
            school("Q", Area::Town).classes(6),
        ],
        vec![
            teacher("1", "P", "chinese"),
            teacher("2", "P", "chinese"),
            extra,
            teacher("4", "P", "history"),
            teacher("5", "Q", "music"),
            teacher("6", "Q", "music"),
        ],
    )
}

#[test]
fn staff_counts_main_subject_only() {
    let staff = staff_counts(&staffed_county());
    let cases = [
        ("P", "chinese", 3.0),
        ("P", "history", 1.0),
        ("Q", "music", 2.0),
    ];
    for (s, subj, n) in cases {
        assert_close(staff[&key(s, subj)], n, &format!("{s}/{subj}"));
    }
    assert!(
        !staff.contains_key(&key("P", "music")),
        "extra subjects are not staff"
    );
    assert_eq!(staff.len(), 3);
}

#[test]
fn gaps_are_positive_shortages_per_cell() {
    let sc = scenario(2026);
    let gaps = Gaps::compute(&staffed_county(), &sc);
    // (school, subject, need, staff, gap)
    let cases = [
        ("P", "chinese", 6.0, 3.0, 3.0),
        ("P", "music", 1.6, 0.0, 1.6),
        ("P", "history", 0.0, 1.0, 0.0), // staff without need: surplus, not a negative gap
        ("Q", "music", 0.8, 2.0, 0.0),
    ];
    for (s, subj, n, st, g) in cases {
        let (need, staff) = gaps.cells[&key(s, subj)];
        let case = format!("{s}/{subj}");
        assert_close(need, n, &case);
        assert_close(staff, st, &case);
        assert_close(Gaps::gap(need, staff), g, &case);
    }
    // 10 primary subjects at each school, plus P/history held by staff only.
    assert_eq!(gaps.cells.len(), 21);
    // Primary periods in the catalogue add up to 28.2 a week, so a class needs 1.88 FTE.
    // P: 12 × 1.88 = 22.56 need, 3 chinese staff → 19.56 short (the history teacher fills no need).
    // Q: 6 × 1.88 = 11.28 need; music 0.8 is over-staffed by 2, adding 0 rather than −1.2 → 10.48.
    let expected_total = 19.56 + 10.48;
    assert_close(gaps.total_gap(), expected_total, "total");
    assert_close(Gaps::gap(1.0, 3.0), 0.0, "never negative");
    assert_close(Gaps::gap(2.5, 1.0), 1.5, "shortage");
}

#[test]
fn gap_weight_multiplies_area_remote_and_weak() {
    let sc = scenario(2026);
    let custom = scenario_with(2026, "[weights]\nrural = 3.0\nremote = 2.0\nweak = 1.0");
    // (case, scenario, school, weight)
    #[rustfmt::skip]
    let cases = [
        ("urban", &sc, school("A", Area::Urban), 1.0),
        ("town", &sc, school("A", Area::Town), 1.0),
        ("rural", &sc, school("A", Area::Rural), 1.5),
        ("teaching point", &sc, school("A", Area::TeachingPoint), 2.0),
        ("rural remote", &sc, school("A", Area::Rural).remote(), 2.25),
        ("rural weak", &sc, school("A", Area::Rural).weak(), 1.875),
        ("urban weak", &sc, school("A", Area::Urban).weak(), 1.25),
        ("teaching point remote weak", &sc, school("A", Area::TeachingPoint).remote().weak(), 3.75),
        ("custom rural remote weak", &custom, school("A", Area::Rural).remote().weak(), 6.0),
    ];
    for (case, sc, s, w) in cases {
        assert_close(gap_weight(&s, sc), w, case);
    }
}

#[test]
fn small_schools_combine_classes_into_teaching_groups() {
    use rotaplan::rules::needs::teaching_groups;
    let sc = scenario(2026);
    // (case, school, primary groups, junior groups); defaults: rural below 10 pupils a class,
    // teaching points below 15, at most 25 pupils in a combined class.
    let cases = [
        // 13 pupils in 3 classes: ⌈13/25⌉ = 1
        (
            "point",
            school("P", Area::TeachingPoint).classes(3).students(13),
            1.0,
            0.0,
        ),
        // 15 a class is not below 15: the classes stand
        (
            "point at 15",
            school("Q", Area::TeachingPoint).classes(2).students(30),
            2.0,
            0.0,
        ),
        // 50 pupils in 6 classes (8.3 a class): ⌈50/25⌉ = 2
        (
            "village",
            school("R", Area::Rural).classes(6).students(50),
            2.0,
            0.0,
        ),
        (
            "village at 10",
            school("S", Area::Rural).classes(6).students(60),
            6.0,
            0.0,
        ),
        // nine-year, 6 + 3 classes, 45 pupils shared 30 / 15: ⌈30/25⌉ = 2, ⌈15/25⌉ = 1
        (
            "nine-year",
            school("N", Area::Rural)
                .stage(Stage::NineYear)
                .classes(9)
                .split(Some(6), Some(3))
                .students(45),
            2.0,
            1.0,
        ),
        // no pupils given: pupils per class unknown, the classes stand
        (
            "no pupils",
            school("Z", Area::TeachingPoint).classes(3),
            3.0,
            0.0,
        ),
        // urban schools are not listed: never combined
        (
            "urban",
            school("U", Area::Urban).classes(4).students(20),
            4.0,
            0.0,
        ),
        // never more groups than classes: 1 class of 9 pupils stays 1
        (
            "one class",
            school("O", Area::TeachingPoint).classes(1).students(9),
            1.0,
            0.0,
        ),
    ];
    for (case, s, p, j) in cases {
        let (gp, gj) = teaching_groups(&s, &sc);
        assert_close(gp, p, &format!("{case}: primary"));
        assert_close(gj, j, &format!("{case}: junior"));
    }
    // the needs follow: the point's music need is one group's, 2/15
    let c = county(
        vec![school("P", Area::TeachingPoint).classes(3).students(13)],
        vec![],
    );
    assert_close(
        school_needs(&c, &sc)[&key("P", "music")],
        2.0 / 15.0,
        "point music",
    );
    // an area left out of multigrade_below keeps its classes
    let sc = scenario_with(2026, "[establishment.multigrade_below]\nrural = 10");
    let (gp, _) = teaching_groups(
        &school("P", Area::TeachingPoint).classes(3).students(13),
        &sc,
    );
    assert_close(gp, 3.0, "teaching points not listed");
}

#[test]
fn the_pupil_floor_flags_only_schools_below_it() {
    use rotaplan::rules::staffing::below_pupil_floor;
    let mut sc = scenario(2026);
    sc.establishment.pupil_floor = 4.9;
    // 245 ÷ 50 = 4.9 exactly, as the office reads it: at the floor, not below (4.9 × 50 is
    // not exactly 245 in floating point, which a product would flag)
    assert!(!below_pupil_floor(245, 50, &sc));
    assert!(below_pupil_floor(244, 50, &sc));
    // one teacher is never flagged: a school cannot have fewer
    assert!(!below_pupil_floor(2, 1, &sc));
    sc.establishment.pupil_floor = 0.0;
    assert!(!below_pupil_floor(0, 5, &sc), "a floor of 0 flags nothing");
}

#[test]
fn the_pupil_floor_caps_the_headcount_where_it_is_a_rule() {
    use rotaplan::rules::staffing::{headcount_cap, pupil_floor_cap};
    let mut sc = scenario(2026);
    // default floor 5: 9 pupils allow one teacher, 10 allow two, 5 or fewer one
    assert_eq!(pupil_floor_cap(9, &sc), 1);
    assert_eq!(pupil_floor_cap(10, &sc), 2);
    assert_eq!(pupil_floor_cap(3, &sc), 1, "one teacher at least");
    assert_eq!(
        pupil_floor_cap(0, &sc),
        u32::MAX,
        "pupils not given: no floor"
    );
    let point = school("P", Area::TeachingPoint).classes(1).students(9);
    // establishment 2, one teacher: the floor's 1 decides; a school already above keeps its 3
    assert_eq!(headcount_cap(&point, 2, 1, &sc), 1);
    assert_eq!(headcount_cap(&point, 2, 3, &sc), 3);
    // a fractional floor settles as the flag compares: 245 ÷ 50 = 4.9 is at the floor
    sc.establishment.pupil_floor = 4.9;
    assert_eq!(pupil_floor_cap(245, &sc), 50);
    assert_eq!(pupil_floor_cap(244, &sc), 49);
    // the rule off, or a floor of 0: the establishment's cap alone
    sc.establishment.floor_caps_arrivals = false;
    assert_eq!(headcount_cap(&point, 2, 1, &sc), 2);
    sc.establishment.floor_caps_arrivals = true;
    sc.establishment.pupil_floor = 0.0;
    assert_eq!(headcount_cap(&point, 2, 1, &sc), 2);
}
