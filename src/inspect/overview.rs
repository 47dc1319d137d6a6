//! The entry points that compute the overview (its data is in `data`, the passes in `tally`).

use super::data::{AreaLine, Figures, Options, Overview};
use super::tally::{round4, tally_gaps, tally_teachers};
use crate::domain::{Area, County, School};
use crate::scenario::Scenario;
use std::collections::{BTreeMap, HashMap};

/// The overview with default options (top 10 schools).
pub fn overview(scenario: &Scenario, county: &County) -> Overview {
    overview_with(scenario, county, &Options::default())
}

/// The overview of a validated county. Teachers, needs and cells naming a school the county
/// lacks (which the input layer rejects) are left out rather than guessed at.
pub fn overview_with(scenario: &Scenario, county: &County, options: &Options) -> Overview {
    let schools: HashMap<&str, &School> =
        county.schools.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut areas: BTreeMap<Area, AreaLine> =
        Area::ALL.iter().map(|&a| (a, area_line(a))).collect();
    for s in &county.schools {
        let line = areas.get_mut(&s.area).expect("all areas present");
        line.schools += 1;
        line.students += u64::from(s.students);
    }

    let roster = tally_teachers(scenario, county, &schools, &mut areas);
    let cells = tally_gaps(scenario, county, &schools, &mut areas, options.top_schools);

    let shortage_subjects: Vec<String> = scenario
        .subjects
        .iter()
        .filter(|(_, d)| d.shortage)
        .map(|(id, _)| id.clone())
        .collect();
    let shortage_gap_total = cells
        .subjects
        .iter()
        .filter(|s| s.shortage)
        .map(|s| s.figures.gap)
        .sum();

    let (establishment_by_area, establishment_by_school) =
        super::establishment::establishment(scenario, county);
    let areas: Vec<AreaLine> = areas.into_values().collect();
    Overview {
        scenario: scenario.name.clone(),
        plan_year: scenario.plan_year,
        term_start: scenario.term_start(),
        term_end: scenario.term_end(),
        schools: areas.iter().map(|a| a.schools).sum(),
        teachers: areas.iter().map(|a| a.teachers).sum(),
        students: areas.iter().map(|a| a.students).sum(),
        areas,
        eligible: roster.eligible,
        must_serve_total: roster.must_serve.iter().map(|r| r.teachers).sum(),
        must_serve: roster.must_serve,
        must_serve_ineligible: roster.must_serve_ineligible,
        deferred_total: roster.deferred.iter().map(|r| r.teachers).sum(),
        deferred: roster.deferred,
        resting: roster.resting,
        on_term: roster.on_term,
        leaders: (county.teachers.iter())
            .filter(|t| t.post.is_leader())
            .count() as u32,
        leaders_due: (county.teachers.iter())
            .filter(|t| {
                matches!(
                    crate::rules::leaders::standing(t, scenario),
                    Some(crate::rules::leaders::Standing::Due { .. })
                )
            })
            .count() as u32,
        applicants: 0,
        volunteers: 0,
        named: roster.named,
        due_total: roster.due.iter().map(|d| d.teachers).sum(),
        due: roster.due,
        subjects: cells.subjects,
        top_schools: cells.top_schools,
        gap_total: round4(cells.gap_total),
        weighted_gap_total: round4(cells.weighted_gap_total),
        shortage_subjects,
        shortage_gap_total: round4(shortage_gap_total),
        establishment_by_area,
        establishment_by_school,
    }
}

fn area_line(area: Area) -> AreaLine {
    AreaLine {
        area,
        schools: 0,
        teachers: 0,
        students: 0,
        eligible: 0,
        figures: Figures::default(),
        weighted_gap: 0.0,
    }
}

impl Overview {
    /// The overview with the county's applications counted (docs/wishes.md).
    pub fn with_applications(mut self, applications: &[crate::domain::Application]) -> Overview {
        self.applicants = applications.len() as u32;
        self.volunteers = applications.iter().filter(|a| a.volunteer).count() as u32;
        self
    }
}
