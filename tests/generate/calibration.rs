//! Calibration of the synthetic county: sizes, area mix, the structural shortage, must-serve
//! teachers that can all be placed, and the county-wide shares docs/generator.md promises.

use rotaplan::domain::{Area, Backbone, County, Programme, Stage, Teacher, Title};
use rotaplan::generate::{generate, GenerateParams};
use rotaplan::rules::{teacher_status, Gaps};
use rotaplan::scenario::Scenario;
use std::collections::{BTreeMap, BTreeSet};

const MINOR: [&str; 5] = ["music", "pe", "art", "english", "it"];

fn demo() -> (Scenario, County) {
    generate(&GenerateParams::demo())
}

fn is_rural(a: Area) -> bool {
    matches!(a, Area::Rural | Area::TeachingPoint)
}

fn area_of(county: &County) -> BTreeMap<&str, Area> {
    county
        .schools
        .iter()
        .map(|s| (s.id.as_str(), s.area))
        .collect()
}

#[test]
fn sizes_match_the_request_exactly() {
    for (teachers, schools, seed) in [
        (2000, 60, 2026),
        (300, 12, 1),
        (8000, 200, 7),
        (50_000, 400, 3),
    ] {
        let (_, c) = generate(&GenerateParams::new(teachers, schools, seed));
        assert_eq!(c.teachers.len(), teachers as usize, "{teachers}/{schools}");
        assert_eq!(c.schools.len(), schools as usize, "{teachers}/{schools}");
    }
}

#[test]
fn tiny_requests_still_make_a_valid_county() {
    for (teachers, schools) in [(1, 1), (5, 3), (3, 10)] {
        let (_, c) = generate(&GenerateParams::new(teachers, schools, 9));
        assert_eq!(c.schools.len(), schools as usize);
        assert!(c.teachers.len() >= schools as usize);
        let ids: BTreeSet<&str> = c.schools.iter().map(|s| s.id.as_str()).collect();
        assert!(c
            .schools
            .iter()
            .all(|s| c.teachers.iter().any(|t| t.school_id == s.id)));
        assert!(c
            .teachers
            .iter()
            .all(|t| ids.contains(t.school_id.as_str())));
    }
}

#[test]
fn area_mix_follows_the_calibration() {
    let (_, c) = demo();
    let areas = area_of(&c);
    let n = c.schools.len() as f64;
    let share = |a: Area| c.schools.iter().filter(|s| s.area == a).count() as f64 / n;
    assert!((share(Area::Urban) - 0.15).abs() < 0.03);
    assert!((share(Area::Town) - 0.25).abs() < 0.03);
    assert!((share(Area::Rural) - 0.35).abs() < 0.03);
    assert!((share(Area::TeachingPoint) - 0.25).abs() < 0.03);
    let t = c.teachers.len() as f64;
    let tshare = |f: &dyn Fn(Area) -> bool| {
        c.teachers
            .iter()
            .filter(|x| f(areas[x.school_id.as_str()]))
            .count() as f64
            / t
    };
    assert!((0.35..0.45).contains(&tshare(&|a| a == Area::Urban)));
    assert!((0.30..0.40).contains(&tshare(&|a| a == Area::Town)));
    assert!((0.18..0.30).contains(&tshare(&is_rural)));
}

#[test]
fn teaching_points_are_tiny_primary_schools() {
    let (_, c) = demo();
    let tps: Vec<_> = c
        .schools
        .iter()
        .filter(|s| s.area == Area::TeachingPoint)
        .collect();
    assert!(tps.len() >= 10);
    assert!(tps
        .iter()
        .all(|s| s.stage == Stage::Primary && (1..=4).contains(&s.classes)));
    assert!(tps.iter().filter(|s| s.students < 50).count() * 2 > tps.len());
    assert!(tps.iter().all(|s| s.name.ends_with("教学点")));
}

#[test]
fn class_sizes_and_staffing_ratios_are_plausible() {
    let (_, c) = demo();
    let mut teachers: BTreeMap<&str, u32> = BTreeMap::new();
    for t in &c.teachers {
        *teachers.entry(t.school_id.as_str()).or_default() += 1;
    }
    let ratio = |area: Area, stage: Stage| {
        let (mut students, mut classes, mut staff) = (0u32, 0u32, 0u32);
        for s in c
            .schools
            .iter()
            .filter(|s| s.area == area && s.stage == stage)
        {
            students += s.students;
            classes += s.classes;
            staff += teachers.get(s.id.as_str()).copied().unwrap_or(0);
        }
        (
            students as f64 / classes.max(1) as f64,
            students as f64 / staff.max(1) as f64,
        )
    };
    let (size, per_teacher) = ratio(Area::Urban, Stage::Primary);
    assert!(
        (40.0..50.0).contains(&size) && (16.0..22.0).contains(&per_teacher),
        "{size} {per_teacher}"
    );
    let (size, _) = ratio(Area::Town, Stage::Primary);
    assert!((30.0..40.0).contains(&size), "{size}");
    let (size, _) = ratio(Area::Rural, Stage::Primary);
    assert!((20.0..30.0).contains(&size), "{size}");
}

/// need − staff summed over schools matching `area` in `subjects`.
fn shortfall(
    scenario: &Scenario,
    county: &County,
    area: impl Fn(Area) -> bool,
    subjects: &[&str],
) -> f64 {
    let areas = area_of(county);
    Gaps::compute(county, scenario)
        .cells
        .iter()
        .filter(|((s, subj), _)| area(areas[s.as_str()]) && subjects.contains(&subj.as_str()))
        .map(|(_, (need, staff))| need - staff)
        .sum()
}

#[test]
fn rural_schools_lack_minor_subjects_and_towns_have_surplus_core() {
    for seed in [2026, 11, 12] {
        let (s, c) = generate(&GenerateParams {
            seed,
            ..GenerateParams::demo()
        });
        for subject in MINOR {
            assert!(
                shortfall(&s, &c, is_rural, &[subject]) > 0.0,
                "seed {seed}: rural {subject}"
            );
        }
        assert!(
            shortfall(&s, &c, |a| a == Area::Town, &["chinese", "math"]) < 0.0,
            "seed {seed}"
        );
        assert!(
            shortfall(&s, &c, is_rural, &["chinese", "math"]) < 0.0,
            "seed {seed}"
        );
        // Urban schools are the source: staffed at or above need in the minor subjects.
        assert!(
            shortfall(&s, &c, |a| a == Area::Urban, &MINOR) < 0.0,
            "seed {seed}"
        );
    }
}

#[test]
fn county_wide_shares_match_the_calibration() {
    let (s, c) = demo();
    let n = c.teachers.len() as f64;
    let count = |f: &dyn Fn(&Teacher) -> bool| c.teachers.iter().filter(|t| f(t)).count() as f64;
    assert!((count(&|t| t.backbone.is_backbone()) / n - 0.12).abs() < 0.01);
    assert!(count(&|t| t.backbone == Backbone::County) > count(&|t| t.backbone == Backbone::City));
    assert!(
        count(&|t| t.backbone == Backbone::City) > count(&|t| t.backbone == Backbone::Province)
    );
    assert!((count(&|t| !t.extra_subjects.is_empty()) / n - 0.15).abs() < 0.01);
    assert!((count(&|t| t.deferral.is_some()) / n - 0.02).abs() < 0.005);
    let hires: u32 = c.hires.iter().map(|h| h.count).sum();
    assert!((0.03..=0.05).contains(&(f64::from(hires) / n)));
    let minor_hires: u32 = c
        .hires
        .iter()
        .filter(|h| MINOR.contains(&h.subject.as_str()))
        .map(|h| h.count)
        .sum();
    assert!(f64::from(minor_hires) >= 0.6 * f64::from(hires));
    for h in c.hires.iter().filter(|h| h.programme == Programme::Tegang) {
        assert_eq!(
            h.areas.as_deref(),
            Some(&[Area::Rural, Area::TeachingPoint][..])
        );
    }
    let areas = area_of(&c);
    assert!(c
        .teachers
        .iter()
        .filter(|t| t.programme == Programme::Tegang)
        .all(|t| is_rural(areas[t.school_id.as_str()])));
    let urban_pf = c
        .teachers
        .iter()
        .filter(|t| {
            t.programme == Programme::PubliclyFunded && areas[t.school_id.as_str()] == Area::Urban
        })
        .count();
    assert!(urban_pf >= 2);

    let start = s.term_start();
    let age = |t: &Teacher| (start - t.birth_date).num_days() as f64 / 365.25;
    assert!(c.teachers.iter().all(|t| (21.0..61.0).contains(&age(t))));
    let mean_age = |title: Title| {
        let ages: Vec<f64> = c
            .teachers
            .iter()
            .filter(|t| t.title == Some(title))
            .map(age)
            .collect();
        ages.iter().sum::<f64>() / ages.len().max(1) as f64
    };
    assert!(mean_age(Title::Senior) > mean_age(Title::Junior) + 10.0);
    let primary: Vec<&Teacher> = c
        .teachers
        .iter()
        .filter(|t| c.school(&t.school_id).map(|s| s.stage) == Some(Stage::Primary))
        .collect();
    let women = primary
        .iter()
        .filter(|t| t.gender == rotaplan::domain::Gender::Female)
        .count() as f64;
    assert!((0.6..0.8).contains(&(women / primary.len() as f64)));
    for t in &c.teachers {
        let hire = t.hire_date.expect("hire date");
        let since = t.school_since.expect("school since");
        assert!(
            hire >= t.birth_date + chrono::Months::new(12 * 17) && since >= hire && since < start,
            "{}",
            t.id
        );
    }
    let urban_long = c
        .teachers
        .iter()
        .filter(|t| areas[t.school_id.as_str()] == Area::Urban)
        .map(|t| teacher_status(t, c.school(&t.school_id).unwrap(), &s))
        .filter(|st| st.due)
        .count() as f64;
    assert!(urban_long / count(&|t| areas[t.school_id.as_str()] == Area::Urban) > 0.4);
}

#[test]
fn ids_are_unique_sorted_and_references_resolve() {
    let (s, c) = generate(&GenerateParams::new(5000, 150, 5));
    let school_ids: Vec<&str> = c.schools.iter().map(|x| x.id.as_str()).collect();
    let teacher_ids: Vec<&str> = c.teachers.iter().map(|x| x.id.as_str()).collect();
    for ids in [&school_ids, &teacher_ids] {
        let mut sorted = ids.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(&sorted, ids, "unique and sorted");
    }
    let names: BTreeSet<&str> = c.schools.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names.len(), c.schools.len(), "school names unique");
    let areas = area_of(&c);
    for t in &c.teachers {
        assert!(areas.contains_key(t.school_id.as_str()));
        assert!(s.subjects.contains_key(&t.subject));
        assert!(t
            .extra_subjects
            .iter()
            .all(|x| s.subjects.contains_key(x) && x != &t.subject));
    }
    for p in &c.pairs {
        assert_eq!(areas[p.urban_school_id.as_str()], Area::Urban);
        assert!(is_rural(areas[p.rural_school_id.as_str()]));
    }
    for u in c.schools.iter().filter(|x| x.area == Area::Urban) {
        let n = c.pairs.iter().filter(|p| p.urban_school_id == u.id).count();
        assert!((1..=3).contains(&n), "{} has {n} pairs", u.id);
    }
    for n in &c.needs {
        assert!(areas.contains_key(n.school_id.as_str()) && s.subjects.contains_key(&n.subject));
    }
    for x in &c.schools {
        let p = x.location.expect("located");
        assert!(p.x_km.abs() <= 35.0 && p.y_km.abs() <= 35.0);
        assert_eq!(x.housing_beds.is_some(), is_rural(x.area));
        if x.stage == Stage::NineYear {
            assert_eq!(
                x.primary_classes.unwrap() + x.junior_classes.unwrap(),
                x.classes
            );
        }
    }
}

#[test]
fn demo_summary_matches_docs() {
    let (s, c) = demo();
    let summary = rotaplan::generate::Summary::of(&s, &c);
    println!("{summary}");
    let remote = c.schools.iter().filter(|x| x.remote).count();
    let weak = c.schools.iter().filter(|x| x.weak).count();
    println!("remote {remote}, weak {weak}");
    assert_eq!(summary.teachers, 2000);
    assert_eq!(summary.schools_by_area.iter().sum::<usize>(), 60);
    assert!(remote > 0 && weak > 0);
    assert!(summary.rural_beds as usize >= summary.must_serve);
}
