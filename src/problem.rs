//! The problem every layer below the input works on: the scenario, the county and the
//! variant's commitments (budget, locks, closures), with id indices built once.
//!
//! The input layer makes it (`input::load` wraps it in `input::Loaded`, which adds where the
//! files were and the warnings found); planning, checking, rendering, explaining and the what-if
//! tools take a `&Problem` and never see files or encodings. `Loaded` dereferences to its
//! problem, so `&loaded` can be passed wherever a `&Problem` is asked for.

use crate::domain::County;
use crate::scenario::{Commitments, Scenario};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

/// A scenario with its county and commitments, ready to plan.
#[derive(Debug, Clone)]
pub struct Problem {
    pub scenario: Scenario,
    pub county: County,
    /// Budget, locks and closed schools of a variant (docs/scenario.md, "Variants").
    pub commitments: Commitments,
    /// The files the problem was read from (the scenario file first, then its data files):
    /// an output folder that holds one of them is refused. Empty for a problem made in code.
    pub sources: Vec<PathBuf>,
    /// The service ledger (`[data] service`, docs/years.md): empty when none is given.
    pub service: Vec<crate::domain::ServiceRecord>,
    /// Teachers' applications and wishes (`[data] applications`, docs/wishes.md): empty when
    /// none is given.
    pub applications: Vec<crate::domain::Application>,
    index: OnceLock<Index>,
}

/// Position of each school and teacher by id in [`Problem::county`].
#[derive(Debug, Clone, Default)]
struct Index {
    schools: HashMap<String, usize>,
    teachers: HashMap<String, usize>,
}

impl Problem {
    pub fn new(scenario: Scenario, county: County, commitments: Commitments) -> Problem {
        Problem {
            scenario,
            county,
            commitments,
            sources: Vec::new(),
            service: Vec::new(),
            applications: Vec::new(),
            index: OnceLock::new(),
        }
    }

    /// The same problem with its service ledger.
    pub fn with_service(mut self, service: Vec<crate::domain::ServiceRecord>) -> Problem {
        self.service = service;
        self
    }

    /// The same problem with its teachers' applications.
    pub fn with_applications(mut self, applications: Vec<crate::domain::Application>) -> Problem {
        self.applications = applications;
        self
    }

    /// The same problem read from these files.
    pub fn with_sources(mut self, sources: Vec<PathBuf>) -> Problem {
        self.sources = sources;
        self
    }

    /// Built on first use, from the ids as they are then: a caller that changes ids in
    /// `county` afterwards must use [`Problem::reindexed`].
    fn index(&self) -> &Index {
        self.index.get_or_init(|| Index {
            schools: (self.county.schools.iter().enumerate())
                .map(|(i, s)| (s.id.clone(), i))
                .collect(),
            teachers: (self.county.teachers.iter().enumerate())
                .map(|(i, t)| (t.id.clone(), i))
                .collect(),
        })
    }

    /// The problem with its indices dropped, to be built again on next use.
    pub fn reindexed(mut self) -> Problem {
        self.index = OnceLock::new();
        self
    }

    /// Position of a school in `county.schools`.
    pub fn school_ix(&self, id: &str) -> Option<usize> {
        self.index().schools.get(id).copied()
    }

    /// Position of a teacher in `county.teachers`.
    pub fn teacher_ix(&self, id: &str) -> Option<usize> {
        self.index().teachers.get(id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Area, School, Stage};

    fn school(id: &str) -> School {
        School {
            id: id.into(),
            name: id.into(),
            area: Area::Rural,
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

    fn scenario() -> Scenario {
        toml::from_str(
            "name = \"t\"\nplan_year = 2026\n[data]\nschools = \"s.csv\"\nteachers = \"t.csv\"\n",
        )
        .expect("scenario")
    }

    #[test]
    fn ids_are_found_at_their_position_and_reindexing_sees_new_ids() {
        let county = County {
            schools: vec![school("S1"), school("S2")],
            ..County::default()
        };
        let p = Problem::new(scenario(), county, Commitments::default());
        assert_eq!(p.school_ix("S2"), Some(1));
        assert_eq!(p.school_ix("S3"), None);
        assert_eq!(p.teacher_ix("T1"), None);
        let mut p = p;
        p.county.schools[1].id = "S3".into();
        assert_eq!(p.school_ix("S3"), None, "stale until reindexed");
        let p = p.reindexed();
        assert_eq!(p.school_ix("S3"), Some(1));
    }
}
