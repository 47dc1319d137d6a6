use super::staffing::{CoverageRules, EstablishmentRules, ExchangeRules, ItinerantRules};
use super::subjects::{default_subjects, SubjectDef};
use crate::domain::Area;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The whole scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Display name, e.g. "示范县 2026".
    pub name: String,
    /// Calendar year in which the planned academic year starts (on 1 September).
    pub plan_year: i32,
    pub data: DataFiles,
    #[serde(default)]
    pub policy: Policy,
    #[serde(default)]
    pub weights: Weights,
    #[serde(default)]
    pub curriculum: Curriculum,
    /// Subject catalogue: canonical id → names and weekly periods. Defaults to the built-in
    /// catalogue of the 2022 national curriculum plan.
    #[serde(default = "default_subjects")]
    pub subjects: BTreeMap<String, SubjectDef>,
    #[serde(default)]
    pub solver: SolverSettings,
    #[serde(default)]
    pub establishment: EstablishmentRules,
    #[serde(default)]
    pub coverage: CoverageRules,
    #[serde(default)]
    pub itinerant: ItinerantRules,
    #[serde(default)]
    pub exchange: ExchangeRules,
    #[serde(default)]
    pub horizon: HorizonRules,
    #[serde(default)]
    pub leaders: super::LeaderRules,
    #[serde(default)]
    pub applications: super::ApplicationRules,
}

/// `[horizon]`: what the years after this one bring (docs/years.md).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HorizonRules {
    /// Hires of each year after this one (招聘计划), the last repeated: `advance` turns the
    /// first into next year's hiring file, filling open posts at schools with vacant posts,
    /// the schools of highest gap weight first. Empty: the hiring file is carried over.
    pub hires: Vec<u32>,
}

/// Data files, relative to the scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataFiles {
    pub schools: DataFile,
    pub teachers: DataFile,
    #[serde(default)]
    pub needs: Option<DataFile>,
    #[serde(default)]
    pub hires: Option<DataFile>,
    #[serde(default)]
    pub pairs: Option<DataFile>,
    /// The service ledger (记入档案): stints of service, one per row (docs/years.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<DataFile>,
    /// Teachers' applications and wishes (个人申请): one row per teacher (docs/wishes.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applications: Option<DataFile>,
}

/// A data file: either a bare path (`"teachers.csv"`) or a table with options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DataFile {
    Path(String),
    Detailed(DataFileSpec),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataFileSpec {
    pub path: String,
    /// XLSX sheet name; default: the first sheet.
    #[serde(default)]
    pub sheet: Option<String>,
    /// CSV text encoding: `auto` (default), `utf-8`, `gbk` or `gb18030`.
    #[serde(default)]
    pub encoding: Option<String>,
    /// Header mapping: the file's header name → rotaplan column name.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
}

impl DataFile {
    pub fn path(&self) -> &str {
        match self {
            DataFile::Path(p) => p,
            DataFile::Detailed(d) => &d.path,
        }
    }
    pub fn sheet(&self) -> Option<&str> {
        match self {
            DataFile::Path(_) => None,
            DataFile::Detailed(d) => d.sheet.as_deref(),
        }
    }
    pub fn encoding(&self) -> Option<&str> {
        match self {
            DataFile::Path(_) => None,
            DataFile::Detailed(d) => d.encoding.as_deref(),
        }
    }
    pub fn columns(&self) -> Option<&BTreeMap<String, String>> {
        match self {
            DataFile::Path(_) => None,
            DataFile::Detailed(d) => Some(&d.columns),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RetirementSchedule {
    /// Men 60, women at `female_base_age`, no delay.
    Fixed,
    /// The 2024 decision: from 1 January 2025 the age rises by one month per 4 months of birth
    /// (per 2 months for a base age of 50), up to +3 years (+5 years for base age 50).
    Gradual2025,
}

/// Policy parameters. Defaults follow docs/policy.md.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Minimum share of eligible teachers rotated each year (urban and town schools).
    pub rotation_share: f64,
    /// Minimum share of backbone teachers among those rotated.
    pub backbone_share: f64,
    /// Continuous years in one school after which a teacher is due to rotate.
    pub years_in_school_trigger: u32,
    /// Months of rural service required before a senior title.
    pub senior_title_rural_months: u32,
    /// Years before retirement within which a teacher is not rotated.
    pub deferral_before_retirement_years: u32,
    pub retirement_schedule: RetirementSchedule,
    /// Base retirement age for men.
    pub male_base_age: u32,
    /// Base retirement age for women (55 for teachers, who count as cadres; 50 for workers).
    pub female_base_age: u32,
    /// Length of a rotation term in months.
    pub term_months: u32,
    /// Areas where service counts as rural service (receiving areas).
    pub rural_service_areas: Vec<Area>,
    /// Whether weak (薄弱) schools in any area also count as rural service and may receive.
    pub weak_schools_count: bool,
    /// Areas whose teachers may be rotated out (sending areas).
    pub sending_areas: Vec<Area>,
    /// Largest share of its teachers a school may send away in one year.
    pub max_send_share: f64,
    /// Beyond this distance a rotated teacher needs a bed in the receiving school's housing.
    pub commute_km: f64,
    /// Years a 特岗 teacher serves in rural schools.
    pub tegang_years: u32,
    /// Years after the end of a rotation or exchange term (the roster's `last_term_end`)
    /// within which the teacher is not sent again.
    pub rest_years_after_term: u32,
    /// Schools that neither send nor receive this year (ids).
    pub exempt_schools: Vec<String>,
    /// Teachers who must serve this year ahead of their senior-title target year (提前交流):
    /// a five-year plan (`plan --years`) brings them forward when the year their target needs
    /// has no post for them (docs/years.md). Teacher ids.
    pub serve_ahead: Vec<String>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            rotation_share: 0.10,
            backbone_share: 0.20,
            years_in_school_trigger: 6,
            senior_title_rural_months: 12,
            deferral_before_retirement_years: 5,
            retirement_schedule: RetirementSchedule::Gradual2025,
            male_base_age: 60,
            female_base_age: 55,
            term_months: 12,
            rural_service_areas: vec![Area::Rural, Area::TeachingPoint],
            weak_schools_count: false,
            sending_areas: vec![Area::Urban, Area::Town],
            max_send_share: 0.20,
            commute_km: 15.0,
            tegang_years: 3,
            rest_years_after_term: 2,
            exempt_schools: Vec::new(),
            serve_ahead: Vec::new(),
        }
    }
}

/// Weights of a school's subject gap in the objective: area weight × (remote) × (weak).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    pub urban: f64,
    pub town: f64,
    pub rural: f64,
    pub teaching_point: f64,
    /// Multiplier for schools marked remote.
    pub remote: f64,
    /// Multiplier for schools marked weak.
    pub weak: f64,
    /// Travel goal: cost per km between sending and receiving school.
    pub travel_per_km: f64,
    /// Travel goal: extra cost (in km) for rotating a teacher not yet due by years in school.
    pub not_due_penalty: f64,
    /// Travel goal: extra cost (in km) for a receiving school not paired (对口支援) with the sender.
    pub unpaired_penalty: f64,
    /// Travel goal: extra cost for placing a new hire outside rural-service areas and weak schools.
    pub hire_outside_rural_penalty: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            urban: 1.0,
            town: 1.0,
            rural: 1.5,
            teaching_point: 2.0,
            remote: 1.5,
            weak: 1.25,
            travel_per_km: 1.0,
            not_due_penalty: 20.0,
            unpaired_penalty: 10.0,
            hire_outside_rural_penalty: 5.0,
        }
    }
}

impl Weights {
    pub fn area(&self, area: Area) -> f64 {
        match area {
            Area::Urban => self.urban,
            Area::Town => self.town,
            Area::Rural => self.rural,
            Area::TeachingPoint => self.teaching_point,
        }
    }
}

/// Standard weekly teaching load (periods) per teacher, by stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Curriculum {
    pub primary_load: f64,
    pub junior_load: f64,
}

impl Default for Curriculum {
    fn default() -> Self {
        Curriculum {
            primary_load: 15.0,
            junior_load: 13.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presolve {
    Auto,
    On,
    Off,
}

/// A planning goal. Goals are optimized one after another in the order of `solver.goals`;
/// each is held (within `stage_tolerance`) while the later ones are optimized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    /// Place every teacher who must serve this year.
    MustServe,
    /// Smallest weighted subject-level gap after the plan.
    Gap,
    /// Meet the rotation share and the backbone share.
    Shares,
    /// Short travel, teachers due by years in school, paired schools.
    Travel,
    /// The 2017 quality-balance teacher indicators (L1–L3): fewer schools below threshold and a
    /// smaller spread. Not among the defaults; add it to `solver.goals` to use it.
    Indicators,
    /// Teachers' applications: volunteers go first, to their highest wish, higher points
    /// first (docs/wishes.md). Placed after shares when the scenario has applications and
    /// `solver.goals` does not name it; first in the list, it is the pure preference mode.
    Wishes,
    /// Keep the base plan's decisions (`plan --base`): a tie-break after the last goal, added
    /// by the planner when a base plan is given; not for `solver.goals`.
    #[serde(skip_deserializing)]
    Stability,
}

impl Goal {
    pub fn key(self) -> &'static str {
        match self {
            Goal::MustServe => "must_serve",
            Goal::Gap => "gap",
            Goal::Shares => "shares",
            Goal::Travel => "travel",
            Goal::Indicators => "indicators",
            Goal::Wishes => "wishes",
            Goal::Stability => "stability",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SolverSettings {
    /// Goals in lexicographic order.
    pub goals: Vec<Goal>,
    /// Wall-clock limit for the whole solve, in seconds.
    pub time_limit_seconds: f64,
    /// Relative MIP gap at which a stage counts as solved.
    pub mip_rel_gap: f64,
    /// Threads for HiGHS. With 2 or more the dual simplex runs its linear algebra on them (the
    /// same pivots, so the same plan); branch and bound keeps one search worker either way.
    pub threads: u32,
    pub random_seed: u32,
    pub presolve: Presolve,
    /// Relative tolerance with which an earlier goal is held while later goals are optimized.
    pub stage_tolerance: f64,
}

impl Default for SolverSettings {
    fn default() -> Self {
        SolverSettings {
            goals: vec![Goal::MustServe, Goal::Gap, Goal::Shares, Goal::Travel],
            time_limit_seconds: 300.0,
            mip_rel_gap: 1e-4,
            threads: 2,
            random_seed: 0,
            presolve: Presolve::Auto,
            stage_tolerance: 1e-9,
        }
    }
}

impl Scenario {
    /// First day of the planned academic year (1 September of `plan_year`).
    pub fn term_start(&self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(self.plan_year, 9, 1).expect("valid year")
    }

    /// Last day of the rotation term.
    pub fn term_end(&self) -> chrono::NaiveDate {
        let start = self.term_start();
        start
            .checked_add_months(chrono::Months::new(self.policy.term_months))
            .and_then(|d| d.pred_opt())
            .unwrap_or(start)
    }

    /// Looks a subject up by canonical id, Chinese name or alias.
    pub fn subject_id(&self, text: &str) -> Option<&str> {
        let t = text.trim();
        let lower = t.to_lowercase();
        // (compared without a lower-case copy of every alias: this runs for every subject
        // cell of the teachers file; `str::to_lowercase` differs from the characters' own
        // lower case only for a final capital sigma)
        let same_lower = |a: &str| {
            if a.contains('Σ') {
                a.to_lowercase() == lower
            } else {
                a.chars().flat_map(char::to_lowercase).eq(lower.chars())
            }
        };
        self.subjects.iter().find_map(|(id, def)| {
            (id == &lower || def.zh == t || def.aliases.iter().any(|a| a == t || same_lower(a)))
                .then_some(id.as_str())
        })
    }
}
