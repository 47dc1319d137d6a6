//! What the generator writes for the staffing model (issue 20): the schools file's
//! establishment column (核定编制数), teaching points within itinerant reach (走教) of a rural
//! school of their township, and the scenario's four staffing tables.

use rotaplan::domain::{Area, School};
use rotaplan::generate::{
    generate, generate_to_dir, write_scenario, EstablishmentColumn, Flavor, GenerateParams,
};
use rotaplan::input::load;
use rotaplan::rules::staffing::computed_establishment;
use rotaplan::scenario::Scenario;

fn small() -> GenerateParams {
    GenerateParams::new(300, 12, 7)
}

/// The schools file's establishment cells, by school id, as written.
fn establishment_cells(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut r = csv::Reader::from_path(dir.join("schools.csv")).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let col = header.iter().position(|h| h == "establishment").unwrap();
    r.records()
        .map(|x| {
            let x = x.unwrap();
            (x[0].to_string(), x[col].to_string())
        })
        .collect()
}

#[test]
fn the_establishment_column_is_written_the_same_for_the_same_seed() {
    let params = GenerateParams::new(1200, 40, 11);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate_to_dir(&params, a.path(), Flavor::English).unwrap();
    generate_to_dir(&params, b.path(), Flavor::English).unwrap();
    let bytes = |d: &tempfile::TempDir| std::fs::read(d.path().join("schools.csv")).unwrap();
    assert_eq!(bytes(&a), bytes(&b));

    let cells = establishment_cells(a.path());
    let (scenario, county) = generate(&params);
    let loaded = load(&a.path().join("scenario.toml")).unwrap_or_else(|d| panic!("{d:#?}"));
    let area_of = |id: &str| county.schools.iter().find(|s| s.id == id).unwrap().area;
    let given: Vec<&(String, String)> = cells.iter().filter(|(_, v)| !v.is_empty()).collect();
    let sampled = given
        .iter()
        .filter(|(id, _)| area_of(id) != Area::Rural)
        .count();
    // one school in eight of 40 is sampled (5), some of them rural; every rural school is given
    let rural = county
        .schools
        .iter()
        .filter(|s| s.area == Area::Rural)
        .count();
    assert!(sampled <= 5 && given.len() >= rural, "{cells:?}");
    for (id, v) in given {
        let n: u32 = v.parse().unwrap();
        let school = county.schools.iter().find(|s| &s.id == id).unwrap();
        let computed = computed_establishment(school, &scenario);
        if school.area == Area::Rural {
            // the headcount plus an eighth left vacant, or the computed number
            let heads = county
                .teachers
                .iter()
                .filter(|t| &t.school_id == id)
                .count() as u32;
            assert_eq!(n, computed.max(heads + heads.div_ceil(8)), "{id}");
        } else {
            // the computed number adjusted by −1 … +2, never below 1
            assert!(
                n >= 1 && n + 1 >= computed && n <= computed + 2,
                "{id}: {n} vs {computed}"
            );
        }
        assert_eq!(
            school.establishment,
            Some(n),
            "{id}: the county holds what is written"
        );
        let read = loaded.county.schools.iter().find(|s| &s.id == id).unwrap();
        assert_eq!(read.establishment, Some(n), "{id}: read back");
    }
}

#[test]
fn another_seed_gives_other_schools_an_establishment() {
    let ids = |seed| {
        let (_, c) = generate(&GenerateParams::new(1200, 40, seed));
        c.schools
            .iter()
            .filter(|s| s.establishment.is_some())
            .map(|s| s.id.clone())
            .collect::<Vec<_>>()
    };
    assert_ne!(ids(11), ids(12));
}

#[test]
fn the_demo_gives_the_establishment_of_urban_town_and_rural_schools() {
    let (scenario, county) = generate(&GenerateParams::demo());
    for s in &county.schools {
        let heads = county
            .teachers
            .iter()
            .filter(|t| t.school_id == s.id)
            .count() as u32;
        let computed = computed_establishment(s, &scenario);
        let want = match s.area {
            Area::Urban | Area::Town => Some(computed.max(heads)),
            // approved posts with an eighth of them vacant (空编), rounded up
            Area::Rural => Some(computed.max(heads + heads.div_ceil(8))),
            Area::TeachingPoint => None,
        };
        assert_eq!(s.establishment, want, "{}", s.id);
    }
    // ... and the committed demo says so too: 9 urban, 15 town, 21 rural schools.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/demo-county");
    let cells = establishment_cells(&root);
    assert_eq!(cells.iter().filter(|(_, v)| !v.is_empty()).count(), 45);
}

/// Teaching points whose township has a rural school, with the distance to the nearest one.
fn points_and_nearest_rural(schools: &[School]) -> Vec<(String, f64)> {
    schools
        .iter()
        .filter(|t| t.area == Area::TeachingPoint)
        .filter_map(|t| {
            schools
                .iter()
                .filter(|r| r.area == Area::Rural && r.township == t.township)
                .map(|r| t.location.unwrap().distance_km(r.location.unwrap()))
                .min_by(f64::total_cmp)
                .map(|d| (t.id.clone(), d))
        })
        .collect()
}

#[test]
fn teaching_points_are_within_itinerant_reach_of_a_rural_school_of_their_township() {
    for seed in [7, 8, 9] {
        let params = GenerateParams { seed, ..small() };
        let dir = tempfile::tempdir().unwrap();
        generate_to_dir(&params, dir.path(), Flavor::English).unwrap();
        // Measured on the files as the planner reads them (lat/lon projected by the loader).
        let loaded = load(&dir.path().join("scenario.toml")).unwrap_or_else(|d| panic!("{d:#?}"));
        let points = points_and_nearest_rural(&loaded.county.schools);
        assert!(
            !points.is_empty(),
            "seed {seed}: no teaching point with a rural school"
        );
        for (id, km) in &points {
            assert!(
                *km <= 10.0,
                "seed {seed}: {id} is {km:.1} km from a rural school"
            );
        }
    }
}

#[test]
fn without_itinerant_points_the_rest_of_the_county_is_unchanged() {
    let on = generate(&small()).1;
    let off = generate(&GenerateParams {
        itinerant_points: false,
        ..small()
    })
    .1;
    assert_eq!(on.teachers, off.teachers);
    for (a, b) in on.schools.iter().zip(&off.schools) {
        assert_eq!(
            (&a.id, a.students, a.classes),
            (&b.id, b.students, b.classes)
        );
        if a.area != Area::TeachingPoint {
            assert_eq!(a.location, b.location, "{}", a.id);
        }
    }
}

#[test]
fn the_scenario_writes_the_four_staffing_tables() {
    let (s, c) = generate(&small());
    let dir = tempfile::tempdir().unwrap();
    write_scenario(&s, &c, dir.path(), Flavor::English, None).unwrap();
    let text = std::fs::read_to_string(dir.path().join("scenario.toml")).unwrap();
    for key in [
        "[establishment]",
        "primary_ratio = 19.0",
        "junior_ratio = 13.5",
        "[establishment.per_class]",
        "teaching_point = 1.7",
        "[coverage]",
        "general_subjects = [\"morality\", \"science\", \"labour\"]",
        "[itinerant]",
        "km = 10.0",
        "max_schools = 3",
        "[exchange]",
        "min_years_in_school = 3",
        "penalty = 5.0",
        "核定编制",
        "走教",
        "对口交流",
    ] {
        assert!(text.contains(key), "scenario.toml lacks {key}:\n{text}");
    }
    let read: Scenario = toml::from_str(&text).unwrap();
    assert_eq!(read.establishment, s.establishment);
    assert_eq!(read.coverage, s.coverage);
    assert_eq!(read.itinerant, s.itinerant);
    assert_eq!(read.exchange, s.exchange);
    assert_eq!(s.establishment, Default::default());
}

#[test]
fn demo_establishments_can_be_asked_for() {
    let (scenario, county) = generate(&GenerateParams {
        establishment: EstablishmentColumn::Demo,
        ..small()
    });
    let given = county.schools.iter().filter(|s| s.establishment.is_some());
    assert!(given.clone().count() > 0);
    for s in given {
        assert!(s.area != Area::TeachingPoint, "{}", s.id);
        let computed = computed_establishment(s, &scenario);
        match s.area {
            Area::Rural => assert!(s.establishment >= Some(computed), "{}", s.id),
            _ => assert!(s.establishment >= Some(computed), "{}", s.id),
        }
    }
}
