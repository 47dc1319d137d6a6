//! `[leaders]`: how principals, vice principals and middle managers rotate (任期制, 轮岗制;
//! docs/leaders.md).

use crate::domain::{Area, Post};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `[leaders]`: terms, the tenure that makes a leader due, which posts rotate and how a
/// school's quality is scored where the schools file gives none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LeaderRules {
    /// Years of one term (任期), e.g. 3.
    pub term_years: u32,
    /// Terms in one school after which a leader is due to rotate (commonly two).
    pub due_after_terms: u32,
    /// Years in the post at the school after which a leader who is not due may be moved, to
    /// make room for one who is (default: one term).
    pub min_years: u32,
    /// The posts that rotate.
    pub rotate: Vec<Post>,
    /// Vice principals and middle managers every school keeps at least (or as many as it had,
    /// when it had fewer).
    pub min_managers: u32,
    /// Areas whose schools have exactly one principal (a teaching point is run by its central
    /// school).
    pub principal_areas: Vec<Area>,
    /// A leader who retires within this many years of the term start is not moved.
    pub retire_within_years: u32,
    /// Leaders move only between schools of the same stage (a nine-year school matches
    /// primary and junior schools).
    pub same_stage: bool,
    /// Quality score (0–100) by area of a school that is not weak and has no `quality` cell.
    pub quality_by_area: BTreeMap<Area, f64>,
    /// Quality score of a weak school (薄弱学校) without a `quality` cell.
    pub weak_quality: f64,
}

impl Default for LeaderRules {
    fn default() -> Self {
        LeaderRules {
            term_years: 3,
            due_after_terms: 2,
            min_years: 3,
            rotate: Post::LEADERS.to_vec(),
            min_managers: 0,
            principal_areas: vec![Area::Urban, Area::Town, Area::Rural],
            retire_within_years: 2,
            same_stage: true,
            quality_by_area: [
                (Area::Urban, 80.0),
                (Area::Town, 70.0),
                (Area::Rural, 60.0),
                (Area::TeachingPoint, 50.0),
            ]
            .into_iter()
            .collect(),
            weak_quality: 40.0,
        }
    }
}

impl LeaderRules {
    /// Years in one school after which a leader is due.
    pub fn due_years(&self) -> u32 {
        self.term_years.saturating_mul(self.due_after_terms)
    }
}
