//! What the overview holds: plain data in a fixed order, serialized as-is for `--json`. The
//! passes that fill it are in `tally`, the entry points in `overview`.

use crate::domain::Area;
use chrono::NaiveDate;
use serde::Serialize;

/// Choices that shape the overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// How many schools to list by weighted gap.
    pub top_schools: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { top_schools: 10 }
    }
}

/// The county at a glance. Counts are teachers; need, staff, gap and surplus are FTE, rounded
/// to 4 decimals (as in the plan files). Lists have a fixed order documented on each field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    pub scenario: String,
    pub plan_year: i32,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
    pub schools: u32,
    pub teachers: u32,
    pub students: u64,
    /// Every area, in the order urban, town, rural, teaching point (also when empty).
    pub areas: Vec<AreaLine>,
    /// Teachers who may rotate this year.
    pub eligible: u32,
    /// Teachers who must serve this year, by reason (senior title, publicly funded).
    pub must_serve: Vec<ReasonCount>,
    pub must_serve_total: u32,
    /// Of the must-serve teachers, those who may not rotate (deferred or at an exempt school):
    /// conflicts the office has to resolve by hand.
    pub must_serve_ineligible: u32,
    /// Deferred teachers at schools in the sending areas (exempt schools included), by reason in
    /// the order pregnancy, nursing, illness, other, near retirement.
    pub deferred: Vec<ReasonCount>,
    pub deferred_total: u32,
    /// Teachers at schools in the sending areas resting after a term (the roster's
    /// last_term_end within policy.rest_years_after_term), not deferred otherwise.
    pub resting: u32,
    /// Teachers on a rotation or exchange term from an earlier year that runs through this
    /// year (the service ledger), counted at the school they serve.
    pub on_term: u32,
    /// Principals, vice principals and middle managers (the roster's `post`), who rotate under
    /// `[leaders]` (docs/leaders.md), and those of them due to rotate this year.
    pub leaders: u32,
    pub leaders_due: u32,
    /// Teachers' applications (`[data] applications`, docs/wishes.md) and the volunteers
    /// among them ([`Overview::with_applications`]; 0 without applications).
    pub applicants: u32,
    pub volunteers: u32,
    /// Eligible teachers due to rotate (years in school ≥ the trigger), by whole years in school,
    /// ascending.
    pub due: Vec<DueCount>,
    pub due_total: u32,
    /// The teachers behind the counts, by name (the workbench's overview, `inspect --names`):
    /// the must-serve teachers, the deferred at sending-area schools, and the eligible due to
    /// rotate, in that order, each list by teacher id.
    pub named: Vec<NamedTeacher>,
    /// Subjects with a need or staff anywhere in the county, by subject id.
    pub subjects: Vec<SubjectLine>,
    /// Schools with a gap, largest weighted gap first (ties: larger gap, then school id).
    pub top_schools: Vec<SchoolGap>,
    /// Σ over schools and subjects of max(0, need − staff).
    pub gap_total: f64,
    /// Σ of gap × the school's gap weight.
    pub weighted_gap_total: f64,
    /// Catalogue subjects flagged `shortage`, by id.
    pub shortage_subjects: Vec<String>,
    /// The part of `gap_total` in shortage subjects.
    pub shortage_gap_total: f64,
    /// Establishment against headcount per area, in area order (all four areas).
    pub establishment_by_area: Vec<AreaEstablishment>,
    /// Every school's establishment against its headcount, by school id.
    pub establishment_by_school: Vec<SchoolEstablishment>,
}

/// Need, staff, shortage and surplus of a group of (school, subject) cells. Gap and surplus are
/// summed per cell, so a surplus at one school never hides a gap at another.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Figures {
    pub need: f64,
    pub staff: f64,
    pub gap: f64,
    pub surplus: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaLine {
    pub area: Area,
    pub schools: u32,
    pub teachers: u32,
    pub students: u64,
    pub eligible: u32,
    #[serde(flatten)]
    pub figures: Figures,
    pub weighted_gap: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReasonCount {
    /// Stable key, e.g. `senior_title`, `near_retirement`.
    pub reason: String,
    /// Chinese label for reports.
    pub zh: String,
    pub teachers: u32,
}

/// One teacher of the overview's named lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedTeacher {
    /// `must_serve`, `deferred` or `due`.
    pub list: String,
    pub teacher_id: String,
    pub name: String,
    pub school_id: String,
    pub school: String,
    pub subject: String,
    /// The reason's key (`senior_title`, `pregnancy`, `due`) and its Chinese label.
    pub reason: String,
    pub reason_zh: String,
    pub years_in_school: u32,
    /// Whether the teacher may rotate this year (a must-serve teacher who may not is a conflict
    /// for the office to resolve).
    pub eligible: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueCount {
    pub years: u32,
    pub teachers: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectLine {
    pub subject: String,
    /// Chinese name from the catalogue (empty for a subject the catalogue lacks).
    pub zh: String,
    pub shortage: bool,
    #[serde(flatten)]
    pub figures: Figures,
    /// The same figures per area, in area order (all four areas).
    pub by_area: Vec<SubjectAreaLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectAreaLine {
    pub area: Area,
    #[serde(flatten)]
    pub figures: Figures,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolGap {
    pub school_id: String,
    pub name: String,
    pub area: Area,
    /// Σ over the school's subjects of max(0, need − staff).
    pub gap: f64,
    pub weighted_gap: f64,
    /// Subjects short at the school, largest gap first (ties by subject id).
    pub short_subjects: Vec<SubjectShort>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectShort {
    pub subject: String,
    pub gap: f64,
}

/// A school's establishment (核定编制) against its headcount before any plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolEstablishment {
    pub school_id: String,
    pub name: String,
    pub area: Area,
    pub establishment: u32,
    /// `given` (schools file) or `computed` (scenario `[establishment]`).
    pub source: String,
    pub headcount: u32,
    /// headcount − establishment: positive above the establishment (超编), negative below it
    /// (空编: posts hires may fill).
    pub difference: i64,
}

/// Establishment and headcount summed over an area's schools.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaEstablishment {
    pub area: Area,
    pub schools: u32,
    pub establishment: u64,
    pub headcount: u64,
    /// Schools above their establishment.
    pub schools_above: u32,
    /// Schools below it (with vacant posts).
    pub schools_below: u32,
    /// Σ of max(0, establishment − headcount): the vacant posts hires may fill.
    pub vacant_posts: u64,
}
