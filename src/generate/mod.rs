//! Synthetic counties: realistic, reproducible planning problems for demos, tests and benchmarks.
//!
//! Real rosters are personal data and never leave a bureau, yet the planner has to be shown,
//! tested and timed on data that looks like theirs: areas and stages in the usual mix, the
//! structural shortage of music, PE, art, English and IT teachers in the villages, teachers due
//! to serve before a senior title, deferrals, 特岗 and 公费师范生 hires, turnover housing. The
//! calibration is in [`calibration`] and explained in docs/generator.md.
//!
//! Generation is deterministic per seed on every platform: our own PRNG ([`rng`]), only exact
//! float operations, ordered collections, rows sorted by id. A county index varies the county
//! (its seed stream and its place on the map) so a province of counties can be generated.

mod applications;
pub mod bounds;
pub mod calibration;
mod geo;
mod leaders;
mod names;
pub mod rng;
mod roles;
mod schools;
mod staffing;
pub mod summary;
mod support;
mod teachers;
mod toml_text;
mod values;
mod writer;

pub use applications::{applications, applications_file};
pub use bounds::{validate_counties, ParamError};
pub use geo::LatLon;
pub use summary::Summary;
pub use writer::APPLICATIONS_FILE;
pub use writer::{write_scenario, write_scenario_with, WriteError};

use crate::domain::{County, School};
use crate::scenario::{
    default_subjects, Curriculum, DataFile, DataFileSpec, DataFiles, Policy, Scenario,
    SolverSettings, Weights,
};
use rng::Rng;
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateParams {
    /// Teachers in the county (exact; 1–200,000, see [`bounds`]).
    pub teachers: u32,
    /// Schools and teaching points (exact; 1–5,000 and at most `teachers`).
    pub schools: u32,
    pub seed: u64,
    /// Calendar year in which the planned academic year starts.
    pub plan_year: i32,
    /// Scenario display name.
    pub name: String,
    /// Index of the county within a generated province (0 for a single county): varies the
    /// random stream and the county's place on the map.
    pub county_index: u32,
    /// Which schools the schools file gives an approved establishment (核定编制数).
    pub establishment: EstablishmentColumn,
    /// Places every teaching point 3–9 km from a rural school of its township, within reach of
    /// itinerant teaching (走教) from there. Off for the bundled demo, which keeps the map it
    /// was published with.
    pub itinerant_points: bool,
    /// Teaching points as a percentage of the schools (0–90); `None`: the calibrated quarter
    /// (docs/generator.md). The other areas share the rest in their calibrated proportions.
    pub teaching_point_percent: Option<u32>,
    /// Principals, vice principals and middle managers in the roster (docs/leaders.md). On for
    /// the bundled demo.
    pub leaders: bool,
    /// Teachers' applications and wishes (docs/wishes.md), written as `applications.csv`
    /// ([`applications`]). Off for the bundled demo, whose variant `wishes.toml` names the
    /// applications file beside it.
    pub applications: bool,
}

/// Which generated schools carry the establishment the bureau approved (核定编制数); the others
/// leave the column empty, so the scenario's `[establishment]` table computes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EstablishmentColumn {
    /// About one school in eight, at the computed number adjusted by −1 … +2 (never below 1),
    /// as approved numbers lag enrolment; and every rural school at its headcount plus an
    /// eighth of it, left vacant (空编), or the computed number if higher.
    Sampled,
    /// Every urban and town school at the computed number or its headcount if higher (posts
    /// approved when it had its present staff); every rural school at its
    /// headcount plus an eighth of it, unfilled (空编: approved posts left vacant under a
    /// hiring freeze), or the computed number if higher; teaching points left to the
    /// class-based minimum (the bundled demo).
    Demo,
}

impl GenerateParams {
    pub fn new(teachers: u32, schools: u32, seed: u64) -> GenerateParams {
        GenerateParams {
            teachers,
            schools,
            seed,
            plan_year: 2026,
            name: "合成县 Synthetic County".to_string(),
            county_index: 0,
            establishment: EstablishmentColumn::Sampled,
            itinerant_points: true,
            teaching_point_percent: None,
            leaders: false,
            applications: false,
        }
    }

    /// The bundled demo (scenarios/demo-county): 2,000 teachers in 60 schools, seed 2026;
    /// establishments given for urban, town and rural schools (see
    /// [`EstablishmentColumn::Demo`]), teaching points where they were first
    /// published.
    pub fn demo() -> GenerateParams {
        GenerateParams {
            name: "示范县 Demo County".to_string(),
            establishment: EstablishmentColumn::Demo,
            itinerant_points: false,
            leaders: true,
            ..GenerateParams::new(2000, 60, 2026)
        }
    }

    /// The same request for county number `index` of a province: same sizes and seed, its own
    /// random stream, map position and a numbered name.
    pub fn for_county(&self, index: u32) -> GenerateParams {
        GenerateParams {
            county_index: index,
            name: format!("{} {:03}", self.name, index + 1),
            ..self.clone()
        }
    }

    /// Geographic centre of this county (county seat), for writing lat/lon coordinates.
    pub fn origin(&self) -> LatLon {
        geo::county_origin(self.county_index)
    }
}

/// File flavour: what a bureau's files look like in each language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// UTF-8 CSV files with English headers and values.
    English,
    /// Chinese headers and values; teachers.csv in GBK (Excel "CSV" on Chinese Windows), the
    /// schools as schools.xlsx (sheet 学校), other CSV files UTF-8 with BOM (Excel "CSV UTF-8").
    Chinese,
}

impl Flavor {
    /// The `[data]` section for this flavour; optional files only when the county has rows.
    pub fn data_files(self, county: &County) -> DataFiles {
        let optional = |has: bool, name: &str| has.then(|| DataFile::Path(name.to_string()));
        let (schools, teachers) = match self {
            Flavor::English => (
                DataFile::Path("schools.csv".into()),
                DataFile::Path("teachers.csv".into()),
            ),
            Flavor::Chinese => (
                DataFile::Detailed(DataFileSpec {
                    path: "schools.xlsx".into(),
                    sheet: Some("学校".into()),
                    encoding: None,
                    columns: Default::default(),
                }),
                DataFile::Detailed(DataFileSpec {
                    path: "teachers.csv".into(),
                    sheet: None,
                    encoding: Some("gbk".into()),
                    columns: Default::default(),
                }),
            ),
        };
        DataFiles {
            schools,
            teachers,
            needs: optional(!county.needs.is_empty(), "needs.csv"),
            hires: optional(!county.hires.is_empty(), "hires.csv"),
            pairs: optional(!county.pairs.is_empty(), "pairs.csv"),
            service: None,
            applications: None,
        }
    }
}

/// Generates a county and its scenario (default policy; data files of the English flavour).
/// Deterministic: the same parameters give the same county on every machine. A request outside
/// the [`bounds`] (which [`GenerateParams::validate`] refuses) is first moved into them. With
/// `params.applications` the scenario names `applications.csv`, whose rows [`applications`]
/// draws from the county.
pub fn generate(params: &GenerateParams) -> (Scenario, County) {
    let params = &params.clamped();
    let n_schools = params.schools;
    let n_teachers = params.teachers;
    let root = root_rng(params);
    let mut scenario = Scenario {
        name: params.name.clone(),
        plan_year: params.plan_year,
        data: Flavor::English.data_files(&County::default()),
        policy: Policy::default(),
        weights: Weights::default(),
        curriculum: Curriculum::default(),
        subjects: default_subjects(),
        solver: SolverSettings::default(),
        establishment: Default::default(),
        coverage: Default::default(),
        itinerant: Default::default(),
        exchange: Default::default(),
        horizon: Default::default(),
        leaders: Default::default(),
        applications: Default::default(),
    };
    let needs = staffing::NeedPerClass::new(&scenario);
    let layout = schools::Layout {
        teachers: n_teachers,
        schools: n_schools,
        itinerant_points: params.itinerant_points,
        teaching_point_percent: params.teaching_point_percent,
    };
    let mut schools = schools::build(&mut root.fork("schools"), &layout, &needs);

    let mut staff_rng = root.fork("staff");
    let mut staff: Vec<Vec<(String, u32)>> = schools
        .iter()
        .map(|s| staffing::staff_school(&mut staff_rng, s, &needs, &scenario))
        .collect();
    staffing::adjust_total(&schools, &mut staff, n_teachers);
    let headcounts: Vec<u32> = staff
        .iter()
        .map(|s| s.iter().map(|(_, n)| n).sum())
        .collect();
    staffing::establishment_column(
        &mut root.fork("establishment"),
        &mut schools,
        &headcounts,
        &scenario,
        params.establishment,
    );

    let cal = teachers::Calendar::new(params.plan_year);
    let mut teacher_rng = root.fork("teachers");
    let mut roster = Vec::with_capacity(n_teachers as usize);
    let mut school_of: Vec<&School> = Vec::with_capacity(n_teachers as usize);
    for (school, subjects) in schools.iter().zip(&staff) {
        for (subject, count) in subjects {
            for _ in 0..*count {
                roster.push(teachers::base(&mut teacher_rng, school, subject, &cal));
                school_of.push(school);
            }
        }
    }
    roles::assign(&mut root.fork("roles"), &mut roster, &school_of, &cal);
    if params.leaders {
        leaders::assign(&mut root.fork("leaders"), &mut roster, &school_of, &cal);
    }
    let width = roster.len().to_string().len().max(5);
    for (i, t) in roster.iter_mut().enumerate() {
        t.id = format!("T{:0width$}", i + 1);
        t.source_line = i + 2;
    }

    let mut county = County {
        needs: support::needs(&mut root.fork("needs"), &schools, &scenario),
        hires: support::hires(n_teachers),
        pairs: support::pairs(&mut root.fork("pairs"), &schools),
        schools,
        teachers: roster,
    };
    for (i, s) in county.schools.iter_mut().enumerate() {
        s.source_line = i + 2;
    }
    for (i, n) in county.needs.iter_mut().enumerate() {
        n.source_line = i + 2;
    }
    for (i, h) in county.hires.iter_mut().enumerate() {
        h.source_line = i + 2;
    }
    for (i, p) in county.pairs.iter_mut().enumerate() {
        p.source_line = i + 2;
    }
    scenario.data = Flavor::English.data_files(&county);
    if params.applications {
        scenario.data.applications = Some(DataFile::Path(APPLICATIONS_FILE.into()));
    }
    (scenario, county)
}

/// The county's random stream, from which each phase forks its own.
fn root_rng(params: &GenerateParams) -> Rng {
    Rng::new(params.seed).fork(&format!("county-{}", params.county_index))
}

/// Why `generate` wrote nothing, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The request is outside the documented bounds.
    #[error(transparent)]
    Params(#[from] ParamError),
    /// A folder could not be written, or holds other files.
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl GenerateError {
    /// True for a request or a folder the user should change (exit 2), false for I/O failures.
    pub fn is_bad_input(&self) -> bool {
        match self {
            GenerateError::Params(_) => true,
            GenerateError::Write(e) => e.is_bad_input(),
        }
    }
}

/// Generates a county and writes it to `dir` (new or empty) in the given flavour, with lat/lon
/// coordinates around the county's origin, and with `params.applications` its applications
/// file. The request is validated first.
pub fn generate_to_dir(
    params: &GenerateParams,
    dir: &Path,
    flavor: Flavor,
) -> Result<(Scenario, County), GenerateError> {
    params.validate()?;
    crate::output::atomic::check_new_folder(dir).map_err(WriteError::from)?;
    let (scenario, county) = generate(params);
    let mut extra = Vec::new();
    if params.applications {
        let apps = applications(params, &scenario, &county);
        let bytes = applications_file(&scenario, &apps, flavor)?;
        extra.push((APPLICATIONS_FILE.to_string(), bytes));
    }
    write_scenario_with(
        &scenario,
        &county,
        dir,
        flavor,
        Some(params.origin()),
        extra,
    )?;
    Ok((scenario, county))
}

/// The folders `rotaplan generate` writes for `counties` counties into `out`: `out` itself
/// for one county, else `out/county-001` ….
pub fn county_folders(out: &Path, counties: u32) -> Vec<std::path::PathBuf> {
    if counties == 1 {
        vec![out.to_path_buf()]
    } else {
        (0..counties)
            .map(|i| out.join(format!("county-{:03}", i + 1)))
            .collect()
    }
}

/// What `rotaplan generate` does: validates the request and every target folder before writing
/// anything, then writes each county ([`county_folders`]). Returns the folders written.
pub fn generate_counties(
    params: &GenerateParams,
    counties: u32,
    out: &Path,
    flavor: Flavor,
) -> Result<Vec<std::path::PathBuf>, GenerateError> {
    params.validate()?;
    validate_counties(counties)?;
    let folders = county_folders(out, counties);
    for dir in &folders {
        crate::output::atomic::check_new_folder(dir).map_err(WriteError::from)?;
    }
    for (i, dir) in (0u32..).zip(&folders) {
        let params = if counties == 1 {
            params.clone()
        } else {
            params.for_county(i)
        };
        generate_to_dir(&params, dir, flavor)?;
    }
    Ok(folders)
}
