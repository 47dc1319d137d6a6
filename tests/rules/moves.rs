//! Every rule about one move (`rules::moves`), each alone, with values derived by hand from the
//! scenario defaults: commute_km 15, max_send_share 0.20, travel_per_km 1, unpaired_penalty 10,
//! hire_outside_rural_penalty 5, rural-service areas rural and teaching point.

use crate::support::{assert_close, scenario, scenario_with, school, teacher, SchoolExt};
use rotaplan::domain::{Area, Point, Programme, School};
use rotaplan::rules::moves::{
    distance_km, hire_areas, hire_cost, is_exempt, may_receive, may_teach, needs_bed,
    needs_bed_between, open_posts, release_cap, travel_cost,
};

fn at(s: School, x_km: f64, y_km: f64) -> School {
    School {
        location: Some(Point { x_km, y_km }),
        ..s
    }
}

#[test]
fn receiving_school_is_rural_service_and_not_exempt() {
    let sc = scenario(2026);
    // (case, school, may receive)
    let cases = [
        ("rural", school("R", Area::Rural), true),
        ("teaching point", school("P", Area::TeachingPoint), true),
        ("town", school("T", Area::Town), false),
        ("urban", school("U", Area::Urban), false),
        (
            "weak town, weak schools not counted",
            school("W", Area::Town).weak(),
            false,
        ),
    ];
    for (case, s, expected) in cases {
        assert_eq!(may_receive(&s, &sc), expected, "{case}");
    }
    let weak_count = scenario_with(2026, "[policy]\nweak_schools_count = true");
    assert!(may_receive(&school("W", Area::Town).weak(), &weak_count));
    let exempt = scenario_with(2026, "[policy]\nexempt_schools = [\"R\"]");
    assert!(is_exempt(&school("R", Area::Rural), &exempt));
    assert!(!may_receive(&school("R", Area::Rural), &exempt));
    assert!(may_receive(&school("R2", Area::Rural), &exempt));
    assert!(!is_exempt(&school("R", Area::Rural), &sc));
}

#[test]
fn may_teach_main_or_extra_subject_only() {
    let mut t = teacher("T1", "U", "math");
    t.extra_subjects = vec!["physics".into()];
    assert!(may_teach(&t, "math"));
    assert!(may_teach(&t, "physics"));
    assert!(!may_teach(&t, "chinese"));
    assert!(
        !may_teach(&t, "Math"),
        "subject ids are canonical, compared exactly"
    );
}

#[test]
fn open_posts_are_the_gap_rounded_up_less_epsilon() {
    // (gap in FTE, open posts): ⌈gap − 1e-9⌉, never negative.
    let cases = [
        (0.0, 0),
        (-1.5, 0),
        (1e-10, 0),
        (0.2, 1),
        (1.0, 1),
        (1.0 + 1e-10, 1),
        (1.01, 2),
        (2.0, 2),
        (2.5, 3),
    ];
    for (gap, expected) in cases {
        assert_eq!(open_posts(gap), expected, "gap {gap}");
    }
}

#[test]
fn release_cap_is_the_share_of_staff_rounded_down_plus_epsilon() {
    let sc = scenario(2026); // max_send_share 0.20
                             // (staff, cap): ⌊0.2 × staff + 1e-9⌋
    let cases = [
        (0, 0),
        (4, 0),
        (5, 1),
        (9, 1),
        (10, 2),
        (14, 2),
        (15, 3),
        (100, 20),
    ];
    for (staff, expected) in cases {
        assert_eq!(release_cap(staff, &sc.policy), expected, "staff {staff}");
    }
    // 0.29 × 100 is 28.999999999999996 in floating point: the epsilon makes it 29.
    let mut p = sc.policy.clone();
    p.max_send_share = 0.29;
    assert_eq!(release_cap(100, &p), 29);
}

#[test]
fn distance_is_straight_line_when_both_schools_have_coordinates() {
    let a = at(school("A", Area::Urban), 0.0, 0.0);
    let b = at(school("B", Area::Rural), 3.0, 4.0);
    assert_close(distance_km(&a, &b).unwrap(), 5.0, "3-4-5");
    assert_close(distance_km(&b, &a).unwrap(), 5.0, "symmetric");
    assert_eq!(distance_km(&a, &school("C", Area::Rural)), None);
    assert_eq!(distance_km(&school("C", Area::Rural), &a), None);
}

#[test]
fn a_bed_is_needed_beyond_commuting_distance_or_when_unknown() {
    let p = scenario(2026).policy; // commute_km 15
    assert!(!needs_bed(Some(0.0), &p));
    assert!(!needs_bed(Some(15.0), &p), "exactly the commuting distance");
    assert!(needs_bed(Some(15.01), &p));
    assert!(needs_bed(None, &p), "unknown distance");
    let a = at(school("A", Area::Urban), 0.0, 0.0);
    let near = at(school("N", Area::Rural), 9.0, 12.0); // 15 km
    let far = at(school("F", Area::Rural), 12.0, 16.0); // 20 km
    assert!(!needs_bed_between(&a, &near, &p));
    assert!(needs_bed_between(&a, &far, &p));
    assert!(needs_bed_between(&a, &school("X", Area::Rural), &p));
}

#[test]
fn travel_cost_is_km_times_rate_plus_unpaired_penalty() {
    let sc = scenario(2026);
    assert_close(travel_cost(Some(20.0), true, &sc), 20.0, "paired, 20 km");
    assert_close(travel_cost(Some(20.0), false, &sc), 30.0, "unpaired, 20 km");
    assert_close(travel_cost(None, true, &sc), 15.0, "unknown: commute_km");
    assert_close(travel_cost(None, false, &sc), 25.0, "unknown, unpaired");
    let w = scenario_with(
        2026,
        "[weights]\ntravel_per_km = 0.5\nunpaired_penalty = 3\n[policy]\ncommute_km = 8",
    );
    assert_close(travel_cost(Some(12.0), false, &w), 9.0, "0.5 × 12 + 3");
    assert_close(travel_cost(None, true, &w), 4.0, "0.5 × 8");
}

#[test]
fn hire_areas_are_the_batch_list_else_rural_service_for_tegang_else_all() {
    let sc = scenario(2026);
    assert_eq!(
        hire_areas(Programme::Regular, Some(&[Area::Town]), &sc),
        vec![Area::Town]
    );
    assert_eq!(
        hire_areas(Programme::Tegang, Some(&[Area::Urban]), &sc),
        vec![Area::Urban],
        "the batch's own list wins"
    );
    assert_eq!(
        hire_areas(Programme::Tegang, None, &sc),
        vec![Area::Rural, Area::TeachingPoint]
    );
    assert_eq!(
        hire_areas(Programme::Regular, None, &sc),
        Area::ALL.to_vec()
    );
    assert_eq!(
        hire_areas(Programme::PubliclyFunded, None, &sc),
        Area::ALL.to_vec()
    );
}

#[test]
fn hire_cost_is_free_in_rural_service_or_weak_schools() {
    let sc = scenario(2026); // hire_outside_rural_penalty 5
    assert_close(hire_cost(&school("R", Area::Rural), &sc), 0.0, "rural");
    assert_close(
        hire_cost(&school("P", Area::TeachingPoint), &sc),
        0.0,
        "point",
    );
    assert_close(
        hire_cost(&school("W", Area::Urban).weak(), &sc),
        0.0,
        "weak",
    );
    assert_close(hire_cost(&school("U", Area::Urban), &sc), 5.0, "urban");
    assert_close(hire_cost(&school("T", Area::Town), &sc), 5.0, "town");
}
