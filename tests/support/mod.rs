//! The one support module of the integration tests, included by every layer's `main.rs` as
//! `#[path = "../support/mod.rs"] mod support;`.
//!
//! - Builders for hand-made counties (this file). The input loader is not needed to test the
//!   rules: every fact a rule reads is set explicitly, and everything else has a plain default,
//!   so a test states only what it is about. A test that needs other values sets them with
//!   struct update syntax (`School { classes: 6, ..school("R1", Area::Rural) }`) or the
//!   [`SchoolExt`] tweaks.
//! - [`solve`]: the only place a test plans. `solve_checked` plans, writes the files and runs
//!   the independent checker on them; the what-if entry points have checked wrappers too. The
//!   guard test in tests/plan/solve_guard.rs fails if a test solves anywhere else.
//! - [`fixture`]: a small county with a hand-written correct plan, for the checker's tests.
//! - [`sample`]: the sample county of the inspect tests, every figure worked out by hand.
#![allow(dead_code, unused_imports)]

pub mod fixture;
pub mod sample;
pub mod solve;
pub mod workbook;

pub use solve::*;

use chrono::NaiveDate;
use rotaplan::domain::{
    Area, Backbone, County, Gender, NeedOverride, Programme, School, Stage, Teacher,
};
use rotaplan::input::Loaded;
use rotaplan::scenario::Scenario;
use std::path::{Path, PathBuf};

/// The crate's folder: fixtures and scenarios are found from here.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the `rotaplan` binary in the crate's folder (relative paths as in the docs).
pub fn rotaplan(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_rotaplan"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("binary runs")
}

/// Output bytes as text, for messages and `contains`.
pub fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// A feature scenario folder under tests/features.
pub fn feature_dir(name: &str) -> PathBuf {
    root().join("tests/features").join(name)
}

/// Loads a scenario given relative to the crate's folder, naming it on failure.
pub fn load(rel: impl AsRef<Path>) -> Loaded {
    let path = root().join(rel.as_ref());
    rotaplan::input::load(&path).unwrap_or_else(|d| panic!("{}: {d:#?}", path.display()))
}

/// A scenario and a county made in code, as the loader would hand them over.
pub fn loaded(scenario_toml: &str, county: County) -> Loaded {
    Loaded::in_code(
        "in-code",
        toml::from_str(scenario_toml).expect("scenario parses"),
        county,
    )
}

/// A date from a `YYYY-MM-DD` literal; panics on a typo so a test cannot silently test nothing.
pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad date {s}: {e}"))
}

/// A scenario with every default, planning the year that starts on 1 September `plan_year`.
pub fn scenario(plan_year: i32) -> Scenario {
    scenario_with(plan_year, "")
}

/// A scenario with defaults plus extra TOML (e.g. `"[policy]\nterm_months = 24"`).
pub fn scenario_with(plan_year: i32, extra: &str) -> Scenario {
    let text = format!(
        "name = \"test\"\nplan_year = {plan_year}\n\n[data]\nschools = \"schools.csv\"\nteachers = \"teachers.csv\"\n\n{extra}\n"
    );
    toml::from_str(&text).unwrap_or_else(|e| panic!("scenario TOML: {e}\n{text}"))
}

/// A primary school with the given classes and students; not weak, not remote, no housing limit.
pub fn school(id: &str, area: Area) -> School {
    School {
        id: id.to_string(),
        name: format!("{id} school"),
        area,
        stage: Stage::Primary,
        students: 0,
        classes: 0,
        primary_classes: None,
        junior_classes: None,
        weak: false,
        remote: false,
        housing_beds: None,
        location: None,
        township: None,
        establishment: None,
        quality: None,
        source_line: 0,
    }
}

/// Builder-style tweaks on a school.
pub trait SchoolExt {
    fn stage(self, stage: Stage) -> Self;
    fn classes(self, classes: u32) -> Self;
    fn split(self, primary: Option<u32>, junior: Option<u32>) -> Self;
    fn students(self, students: u32) -> Self;
    fn weak(self) -> Self;
    fn remote(self) -> Self;
    fn named(self, name: &str) -> Self;
    /// Coordinates in km.
    fn at(self, x_km: f64, y_km: f64) -> Self;
}

impl SchoolExt for School {
    fn stage(mut self, stage: Stage) -> Self {
        self.stage = stage;
        self
    }
    fn classes(mut self, classes: u32) -> Self {
        self.classes = classes;
        self
    }
    fn split(mut self, primary: Option<u32>, junior: Option<u32>) -> Self {
        self.primary_classes = primary;
        self.junior_classes = junior;
        self
    }
    fn students(mut self, students: u32) -> Self {
        self.students = students;
        self
    }
    fn weak(mut self) -> Self {
        self.weak = true;
        self
    }
    fn remote(mut self) -> Self {
        self.remote = true;
        self
    }
    fn named(mut self, name: &str) -> Self {
        self.name = name.to_string();
        self
    }
    fn at(mut self, x_km: f64, y_km: f64) -> Self {
        self.location = Some(rotaplan::domain::Point { x_km, y_km });
        self
    }
}

/// A male regular teacher born 1980-06-15, teaching `subject` at `school_id` since 2020-09-01,
/// with no rural service, no title target and no deferral.
pub fn teacher(id: &str, school_id: &str, subject: &str) -> Teacher {
    Teacher {
        id: id.to_string(),
        name: format!("T{id}"),
        gender: Gender::Male,
        birth_date: d("1980-06-15"),
        school_id: school_id.to_string(),
        subject: subject.to_string(),
        extra_subjects: Vec::new(),
        title: None,
        backbone: Backbone::None,
        hire_date: Some(d("2005-09-01")),
        school_since: Some(d("2020-09-01")),
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

/// An explicit need from the needs file.
pub fn need(school_id: &str, subject: &str, need_fte: f64) -> NeedOverride {
    NeedOverride {
        school_id: school_id.to_string(),
        subject: subject.to_string(),
        need_fte,
        source_line: 0,
    }
}

/// A county from schools and teachers only.
pub fn county(schools: Vec<School>, teachers: Vec<Teacher>) -> County {
    County {
        schools,
        teachers,
        ..County::default()
    }
}

/// Asserts two FTE figures agree to 1e-9, naming the case on failure.
pub fn assert_close(actual: f64, expected: f64, case: &str) {
    assert!(
        (actual - expected).abs() < 1e-9,
        "{case}: expected {expected}, got {actual}"
    );
}

/// A path as a command-line argument (test paths are UTF-8).
pub fn arg(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

/// What a finished command printed on stderr, as text.
pub fn stderr(o: &std::process::Output) -> String {
    text(&o.stderr)
}

/// A row of plan.csv the office may take out and still keep every rule and goal: an exchange
/// (对口交流) whose home school has room under its headcount cap for the teacher's return and
/// receives no rotated teacher or hire of the teacher's main subject (whose post the return
/// would take back). A rotation row will not do: the demo rotates exactly the share it must.
/// `dir` is a plan folder of the demo county.
#[allow(dead_code)]
pub fn exchange_row_to_drop(dir: &Path) -> String {
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let rows = |text: &str| -> Vec<Vec<String>> {
        (text.trim_start_matches('\u{feff}').lines())
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    };
    let col = |rows: &[Vec<String>], name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let roster =
        rows(&std::fs::read_to_string(root().join("scenarios/demo-county/teachers.csv")).unwrap());
    let main: std::collections::BTreeMap<String, String> = (roster.iter().skip(1))
        .map(|r| (r[0].clone(), r[col(&roster, "subject")].clone()))
        .collect();
    let staffing = rows(&read("staffing.csv"));
    let (after, cap) = (
        col(&staffing, "headcount_after"),
        col(&staffing, "headcount_cap"),
    );
    let room: std::collections::BTreeSet<String> = (staffing.iter().skip(1))
        .filter(|r| r[after].parse::<i64>().unwrap() < r[cap].parse::<i64>().unwrap())
        .map(|r| r[0].clone())
        .collect();
    let plan = rows(&read("plan.csv"));
    let hires = rows(&read("hires.csv"));
    let arrives: std::collections::BTreeSet<(String, String)> = (plan.iter().skip(1))
        .filter(|r| r.last().is_some_and(|k| k == "rotation"))
        .map(|r| (r[4].clone(), r[2].clone()))
        .chain(hires.iter().skip(1).map(|r| (r[0].clone(), r[1].clone())))
        .collect();
    let text = read("plan.csv");
    (text.trim_start_matches('\u{feff}').lines().skip(1))
        .find(|l| {
            let r: Vec<String> = l.split(',').map(str::to_string).collect();
            r.last().is_some_and(|k| k == "exchange")
                && room.contains(&r[3])
                && !arrives.contains(&(r[3].clone(), main[&r[0]].clone()))
        })
        .expect("an exchange teacher who may come home")
        .to_string()
}
