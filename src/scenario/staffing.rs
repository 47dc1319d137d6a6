//! Scenario tables of the staffing model (docs/rules.md, "Staffing"): establishment posts
//! (核定编制), coverage of subjects by teachers qualified for several, itinerant teaching (走教)
//! and two-way exchange (对口交流).

use crate::domain::Area;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `[establishment]`: how a school's approved posts are computed where the schools file gives
/// none, and how far rotations may take a school above them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EstablishmentRules {
    /// Pupils per post in primary grades (2014 unified standard: 19).
    pub primary_ratio: f64,
    /// Pupils per post in junior grades (13.5).
    pub junior_ratio: f64,
    /// Class-based minimum (班师比): posts per class, by area. An area not listed has none.
    pub per_class: BTreeMap<Area, f64>,
    /// How many teachers rotations (and exchanges) may take a receiving school above its
    /// establishment. Hires never may.
    pub allowance: u32,
    /// Multi-grade teaching (复式教学): a school of a listed area whose pupils per class are
    /// fewer than this teaches in combined classes. An area not listed never combines.
    pub multigrade_below: BTreeMap<Area, f64>,
    /// Most pupils in one combined class: a school that combines has
    /// max(1, ⌈pupils ÷ multigrade_group⌉) teaching groups per stage, never more than its
    /// classes.
    pub multigrade_group: f64,
    /// Pupils per teacher below which a school with two or more teachers after the plan is
    /// flagged in the outputs (师多生少); 0: no flag.
    pub pupil_floor: f64,
    /// Whether the floor is also a rule: no rotation, exchange or hire takes a school below
    /// `pupil_floor` pupils per teacher (a school already below keeps its teachers).
    pub floor_caps_arrivals: bool,
}

impl Default for EstablishmentRules {
    fn default() -> Self {
        EstablishmentRules {
            primary_ratio: 19.0,
            junior_ratio: 13.5,
            per_class: [(Area::Rural, 1.7), (Area::TeachingPoint, 1.7)]
                .into_iter()
                .collect(),
            allowance: 0,
            multigrade_below: [(Area::Rural, 10.0), (Area::TeachingPoint, 15.0)]
                .into_iter()
                .collect(),
            multigrade_group: 25.0,
            pupil_floor: 5.0,
            floor_caps_arrivals: true,
        }
    }
}

/// `[coverage]`: which subjects a teacher may teach besides their main and extra subjects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CoverageRules {
    /// Subjects any teacher may teach at a school of `general_areas` (兼课, 全科教师).
    pub general_subjects: Vec<String>,
    /// Areas whose schools let every teacher teach the general subjects.
    pub general_areas: Vec<Area>,
}

impl Default for CoverageRules {
    fn default() -> Self {
        CoverageRules {
            general_subjects: vec!["morality".into(), "science".into(), "labour".into()],
            general_areas: vec![Area::Rural, Area::TeachingPoint],
        }
    }
}

/// `[itinerant]`: teachers who teach part of their load at nearby schools (走教).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ItinerantRules {
    pub enabled: bool,
    /// Greatest distance between the base school and a school served.
    pub km: f64,
    /// Also require the two schools to be in the same township.
    pub same_township: bool,
    /// Most schools one teacher serves besides the base school.
    pub max_schools: u32,
    /// Most FTE of one subject taught itinerantly at one school served (part of a load: a
    /// school that needs more gets a teacher of its own).
    pub max_fte_per_school: f64,
    /// Subjects taught itinerantly; empty: the catalogue's shortage subjects.
    pub subjects: Vec<String>,
    /// Areas of the schools served.
    pub target_areas: Vec<Area>,
    /// Travel goal: cost of one FTE taught at a school 1 km away, as a multiple of
    /// `weights.travel_per_km`.
    pub cost_per_fte_km: f64,
}

impl Default for ItinerantRules {
    fn default() -> Self {
        ItinerantRules {
            enabled: true,
            km: 10.0,
            same_township: false,
            max_schools: 3,
            max_fte_per_school: 0.5,
            subjects: Vec::new(),
            target_areas: vec![Area::Rural, Area::TeachingPoint],
            cost_per_fte_km: 1.0,
        }
    }
}

/// `[exchange]`: rural teachers who go the other way for the term (对口交流): to a school of a
/// sending area, to teach where it is short or to learn (跟岗).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExchangeRules {
    pub enabled: bool,
    /// Areas whose teachers may go on exchange.
    pub from_areas: Vec<Area>,
    /// Continuous years in the current school a teacher needs before an exchange.
    pub min_years_in_school: u32,
    /// Travel goal: extra cost (km) of one exchange, so that exchanges happen only where they
    /// help.
    pub penalty: f64,
    /// The planner offers each exchange teacher the nearest this many schools that take
    /// exchanges, and the schools paired with theirs (a search limit, not a rule: `check`
    /// accepts an exchange to any school that takes them).
    pub nearest: u32,
}

impl Default for ExchangeRules {
    fn default() -> Self {
        ExchangeRules {
            enabled: true,
            from_areas: vec![Area::Rural, Area::TeachingPoint],
            min_years_in_school: 3,
            penalty: 5.0,
            nearest: 3,
        }
    }
}
