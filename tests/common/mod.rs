//! Builders shared by the integration tests: counties made in code, independent of the loader.
#![allow(dead_code)]

use chrono::NaiveDate;
use rotaplan::domain::*;
use rotaplan::input::Loaded;

pub fn school(id: &str, area: Area, classes: u32, x: f64) -> School {
    School {
        id: id.into(),
        name: id.into(),
        area,
        stage: Stage::Primary,
        students: classes * 30,
        classes,
        primary_classes: None,
        junior_classes: None,
        weak: false,
        remote: false,
        housing_beds: None,
        location: Some(Point { x_km: x, y_km: 0.0 }),
        township: None,
        source_line: 2,
    }
}

pub fn teacher(id: &str, school: &str, subject: &str) -> Teacher {
    Teacher {
        id: id.into(),
        name: id.into(),
        gender: Gender::Female,
        birth_date: NaiveDate::from_ymd_opt(1985, 3, 1).unwrap(),
        school_id: school.into(),
        subject: subject.into(),
        extra_subjects: vec![],
        title: None,
        backbone: Backbone::None,
        hire_date: Some(NaiveDate::from_ymd_opt(2008, 9, 1).unwrap()),
        school_since: Some(NaiveDate::from_ymd_opt(2008, 9, 1).unwrap()),
        rural_service_months: 24,
        senior_title_target_year: None,
        deferral: None,
        education: None,
        programme: Programme::Regular,
        source_line: 2,
    }
}

pub fn loaded(scenario_toml: &str, county: County) -> Loaded {
    Loaded {
        path: "in-code".into(),
        base_dir: ".".into(),
        scenario: toml::from_str(scenario_toml).expect("scenario parses"),
        county,
        warnings: vec![],
        whatif: Default::default(),
    }
}

/// A feature scenario folder under tests/features.
pub fn feature_dir(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/features")
        .join(name)
}

/// Loads and plans a feature scenario.
pub fn plan_feature(name: &str) -> (Loaded, rotaplan::plan::Plan) {
    let loaded = rotaplan::input::load(&feature_dir(name).join("scenario.toml"))
        .unwrap_or_else(|d| panic!("{name}: {d:#?}"));
    let opts = rotaplan::plan::SolveOptions {
        time_limit_seconds: 60.0,
        export_model: None,
    };
    let plan = rotaplan::plan::plan(&loaded, &opts).unwrap();
    (loaded, plan)
}

/// Writes a plan's files into a new temporary folder.
pub fn write_plan(loaded: &Loaded, plan: &rotaplan::plan::Plan) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let (_, files) = rotaplan::output::render(loaded, plan, &Default::default());
    rotaplan::output::atomic::write_files(out.path(), &files).unwrap();
    out
}
