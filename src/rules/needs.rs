//! Staffing need, current staff and gap per school and subject, in full-time equivalents.
//!
//! need = Σ over the school's stages of teaching groups × weekly periods ÷ standard weekly
//! load, unless the needs file gives the need of that school and subject explicitly. A school's
//! teaching groups are its classes, or fewer combined classes (复式班) at a small school
//! ([`teaching_groups`]).

use crate::domain::{County, School, Stage};
use crate::scenario::Scenario;
use std::collections::BTreeMap;

/// (school id, subject id) → FTE.
pub type SubjectNeeds = BTreeMap<(String, String), f64>;

/// Classes of a school in primary grades and in junior grades.
pub fn stage_classes(school: &School) -> (f64, f64) {
    match school.stage {
        Stage::Primary => (school.classes as f64, 0.0),
        Stage::Junior => (0.0, school.classes as f64),
        Stage::NineYear => match (school.primary_classes, school.junior_classes) {
            (Some(p), Some(j)) => (p as f64, j as f64),
            (Some(p), None) => (p as f64, school.classes.saturating_sub(p) as f64),
            (None, Some(j)) => (school.classes.saturating_sub(j) as f64, j as f64),
            (None, None) => {
                let c = school.classes as f64;
                (c * 2.0 / 3.0, c / 3.0)
            }
        },
    }
}

/// Teaching groups of a school in primary and in junior grades (docs/rules.md, "Multi-grade
/// classes"): its classes, unless the school's area is listed in
/// `establishment.multigrade_below` and it has pupils, but fewer per class than the number
/// given there; then each stage with classes has max(1, ⌈its pupils ÷ `multigrade_group` − ε⌉)
/// combined classes (复式班), never more than its classes. A stage's pupils are the school's
/// shared in proportion to its classes, so both stages of a nine-year school combine or
/// neither does.
pub fn teaching_groups(school: &School, scenario: &Scenario) -> (f64, f64) {
    let (p, j) = stage_classes(school);
    let rules = &scenario.establishment;
    let Some(&below) = rules.multigrade_below.get(&school.area) else {
        return (p, j);
    };
    let classes = p + j;
    let pupils = school.students as f64;
    // A school whose pupils are not given (0) keeps its classes: its pupils per class are
    // unknown.
    if classes <= 0.0 || pupils <= 0.0 || pupils >= below * classes || rules.multigrade_group <= 0.0
    {
        return (p, j);
    }
    let groups = |c: f64| {
        if c <= 0.0 {
            return 0.0;
        }
        let stage_pupils = pupils * c / classes;
        let combined = (stage_pupils / rules.multigrade_group - super::moves::EPS)
            .ceil()
            .max(1.0);
        combined.min(c)
    };
    (groups(p), groups(j))
}

/// Need of every school in every subject with a positive need (computed from its teaching
/// groups, then overridden by the needs file).
pub fn school_needs(county: &County, scenario: &Scenario) -> SubjectNeeds {
    let mut needs = SubjectNeeds::new();
    let cur = &scenario.curriculum;
    for school in &county.schools {
        let (p, j) = teaching_groups(school, scenario);
        for (id, def) in &scenario.subjects {
            let need = p * def.primary_periods / cur.primary_load
                + j * def.junior_periods / cur.junior_load;
            if need > 0.0 {
                needs.insert((school.id.clone(), id.clone()), need);
            }
        }
    }
    for o in &county.needs {
        needs.insert((o.school_id.clone(), o.subject.clone()), o.need_fte);
    }
    needs
}

/// Teachers per school and main subject (each teacher counts 1 FTE in their main subject).
pub fn staff_counts(county: &County) -> BTreeMap<(String, String), f64> {
    // counted under borrowed keys (the same order), then owned once per cell
    let mut staff: BTreeMap<(&str, &str), f64> = BTreeMap::new();
    for t in &county.teachers {
        *staff
            .entry((t.school_id.as_str(), t.subject.as_str()))
            .or_insert(0.0) += 1.0;
    }
    staff
        .into_iter()
        .map(|((school, subject), n)| ((school.to_string(), subject.to_string()), n))
        .collect()
}

/// Weight of a school's gap in the objective: area weight × remote × weak multipliers.
pub fn gap_weight(school: &School, scenario: &Scenario) -> f64 {
    let w = &scenario.weights;
    let mut weight = w.area(school.area);
    if school.remote {
        weight *= w.remote;
    }
    if school.weak {
        weight *= w.weak;
    }
    weight
}

/// Need, staff and gap per school and subject.
#[derive(Debug, Clone, PartialEq)]
pub struct Gaps {
    /// (school id, subject) → (need, staff); every pair with a need or a staff member.
    pub cells: BTreeMap<(String, String), (f64, f64)>,
}

impl Gaps {
    pub fn compute(county: &County, scenario: &Scenario) -> Gaps {
        let mut cells: BTreeMap<(String, String), (f64, f64)> = BTreeMap::new();
        for (k, n) in school_needs(county, scenario) {
            cells.entry(k).or_default().0 = n;
        }
        for (k, s) in staff_counts(county) {
            cells.entry(k).or_default().1 = s;
        }
        Gaps { cells }
    }

    /// Shortage (need − staff, if positive) of one cell.
    pub fn gap(need: f64, staff: f64) -> f64 {
        (need - staff).max(0.0)
    }

    /// Total shortage over all cells.
    pub fn total_gap(&self) -> f64 {
        self.cells.values().map(|&(n, s)| Gaps::gap(n, s)).sum()
    }
}
