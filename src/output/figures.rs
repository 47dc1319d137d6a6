//! The plan's figures: gaps before and after per school and subject, and the summary.

use crate::domain::{Arrival, Move, Outcome};
use crate::plan::{GoalViolation, Plan};
use crate::problem::Problem;
use crate::rules::indicators::{Indicators, Spread};
use crate::rules::{self, gap_weight, Gaps};
use serde::Serialize;
use std::collections::BTreeMap;

/// One row of gaps.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct GapRow {
    pub school_id: String,
    pub subject: String,
    pub need: f64,
    pub staff_before: f64,
    pub staff_after: f64,
    pub weight: f64,
}

impl GapRow {
    pub fn gap_before(&self) -> f64 {
        Gaps::gap(self.need, self.staff_before)
    }
    pub fn gap_after(&self) -> f64 {
        Gaps::gap(self.need, self.staff_after)
    }
}

/// summary.json.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub scenario: String,
    pub plan_year: i32,
    pub status: &'static str,
    pub objective: f64,
    pub mip_gap: f64,
    pub solve_seconds: f64,
    pub eligible: usize,
    pub rotated: usize,
    pub rotation_share: f64,
    pub rotation_target: u32,
    pub backbone_rotated: usize,
    pub backbone_share: f64,
    pub must_serve: usize,
    pub must_serve_placed: usize,
    pub hires: u32,
    pub gap_before: f64,
    pub gap_after: f64,
    pub weighted_gap_before: f64,
    pub weighted_gap_after: f64,
    pub violations: Vec<GoalViolation>,
    pub stages: Vec<crate::plan::StageReport>,
    pub model_columns: usize,
    pub model_rows: usize,
    /// The 2017 quality-balance spreads per stage and indicator, before and after.
    pub indicators: Vec<Spread>,
}

/// Rounds for output so that files do not change with the last bits of floating point.
pub fn r6(x: f64) -> f64 {
    let v = (x * 1e6).round() / 1e6;
    if v == 0.0 {
        0.0
    } else {
        v
    }
}

/// What the plan does, as domain facts.
pub fn outcome(plan: &Plan) -> Outcome {
    Outcome {
        moves: plan
            .assignments
            .iter()
            .map(|a| Move {
                teacher: a.teacher,
                to: a.to,
                subject: a.subject.clone(),
            })
            .collect(),
        hires: plan
            .hires
            .iter()
            .map(|h| Arrival {
                school: h.school,
                subject: h.subject.clone(),
                count: h.count,
                programme: h.programme,
            })
            .collect(),
    }
}

pub fn gap_rows(loaded: &Problem, plan: &Plan) -> Vec<GapRow> {
    gap_rows_for(loaded, &outcome(plan))
}

/// Need, staff and gap per school and subject before and after `outcome`, sorted by school id
/// and subject.
pub fn gap_rows_for(loaded: &Problem, outcome: &Outcome) -> Vec<GapRow> {
    let county = &loaded.county;
    let gaps = Gaps::compute(county, &loaded.scenario);
    let mut cells: BTreeMap<(String, String), (f64, f64, f64)> = gaps
        .cells
        .iter()
        .map(|(k, &(n, s))| (k.clone(), (n, s, s)))
        .collect();
    for a in &outcome.moves {
        let t = &county.teachers[a.teacher];
        cells
            .entry((t.school_id.clone(), t.subject.clone()))
            .or_insert((0.0, 0.0, 0.0))
            .2 -= 1.0;
        cells
            .entry((county.schools[a.to].id.clone(), a.subject.clone()))
            .or_insert((0.0, 0.0, 0.0))
            .2 += 1.0;
    }
    for h in &outcome.hires {
        cells
            .entry((county.schools[h.school].id.clone(), h.subject.clone()))
            .or_insert((0.0, 0.0, 0.0))
            .2 += h.count as f64;
    }
    let weight: BTreeMap<&str, f64> = county
        .schools
        .iter()
        .map(|s| (s.id.as_str(), gap_weight(s, &loaded.scenario)))
        .collect();
    cells
        .into_iter()
        .map(|((school_id, subject), (need, before, after))| GapRow {
            weight: weight[school_id.as_str()],
            school_id,
            subject,
            need,
            staff_before: before,
            staff_after: after,
        })
        .collect()
}

/// A spread with its figures rounded for output.
fn rounded(s: &Spread) -> Spread {
    let r = |x: Option<f64>| x.map(r6);
    Spread {
        mean_before: r(s.mean_before),
        mean_after: r(s.mean_after),
        cv_before: r(s.cv_before),
        cv_after: r(s.cv_after),
        ..s.clone()
    }
}

pub fn summary(loaded: &Problem, plan: &Plan, gaps: &[GapRow], ind: &Indicators) -> Summary {
    let county = &loaded.county;
    let scenario = &loaded.scenario;
    let rotated = plan.assignments.len();
    let backbone_rotated = plan
        .assignments
        .iter()
        .filter(|a| county.teachers[a.teacher].backbone.is_backbone())
        .count();
    let must_serve = county
        .teachers
        .iter()
        .filter(|t| {
            county.school(&t.school_id).is_some_and(|school| {
                let st = rules::teacher_status(t, school, scenario);
                st.eligible && st.must_serve.is_some()
            })
        })
        .count();
    let sum = |f: &dyn Fn(&GapRow) -> f64| r6(gaps.iter().map(f).sum());
    Summary {
        scenario: scenario.name.clone(),
        plan_year: scenario.plan_year,
        status: plan.status.key(),
        objective: r6(plan.objective),
        mip_gap: r6(plan.mip_gap),
        solve_seconds: (plan.solve_seconds * 1000.0).round() / 1000.0,
        eligible: plan.eligible,
        rotated,
        rotation_share: r6(if plan.eligible == 0 {
            0.0
        } else {
            rotated as f64 / plan.eligible as f64
        }),
        rotation_target: plan.rotation_target,
        backbone_rotated,
        backbone_share: r6(if rotated == 0 {
            0.0
        } else {
            backbone_rotated as f64 / rotated as f64
        }),
        must_serve,
        must_serve_placed: must_serve - plan.unplaced.len(),
        hires: plan.hires.iter().map(|h| h.count).sum(),
        gap_before: sum(&|g| g.gap_before()),
        gap_after: sum(&|g| g.gap_after()),
        weighted_gap_before: sum(&|g| g.weight * g.gap_before()),
        weighted_gap_after: sum(&|g| g.weight * g.gap_after()),
        violations: plan.violations.clone(),
        stages: plan
            .stages
            .iter()
            .map(|s| crate::plan::StageReport {
                objective: r6(s.objective),
                mip_gap: r6(s.mip_gap),
                seconds: (s.seconds * 1000.0).round() / 1000.0,
                ..s.clone()
            })
            .collect(),
        model_columns: plan.model_columns,
        model_rows: plan.model_rows,
        indicators: ind.spreads.iter().map(rounded).collect(),
    }
}
