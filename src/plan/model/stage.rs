//! One goal stage: `solve_stage` runs the phases on the stage's model (stage_model.rs): the LP
//! by pricing (`lp`), then the MIPs (`mip`).

use super::built::Built;
use super::export::export_full_model;
use super::stage_model::{StageModel, StageOutcome, StageRun};
use super::start::{polish, trivial_start};
use super::{lp, mip, SolveStatus};
use crate::plan::error::PlanError;
use crate::plan::prepare::Prepared;
use crate::scenario::{Goal, Scenario};
use std::path::Path;
use std::time::Instant;

/// A goal stage of the lexicographic solve (not a school stage).
pub(super) struct GoalStage<'a> {
    pub goal: Goal,
    pub held: &'a [(Goal, f64)],
    pub time_limit: f64,
    pub export: Option<&'a Path>,
    /// The previous stage's solution: feasible for this stage, used as its starting plan.
    pub start: Option<&'a [f64]>,
    /// Only a start for a later stage is wanted (`rotation_first`): after the LP, the small
    /// neighbourhoods (fractional, agree, around) and no proof; their best plan, or the start.
    pub start_only: bool,
}

/// Solves one goal stage: 1. the LP relaxation of the full model, by pricing arcs into the
/// restricted one; 2. an integral LP optimum is the MIP optimum; 3. neighbourhood MIPs around
/// the LP optimum; 4. branch and bound on the restricted model, closed with every arc that
/// could still improve.
pub(super) fn solve_stage(
    prep: &Prepared,
    scenario: &Scenario,
    b: &Built,
    active: &mut [bool],
    cache: &mut Option<lp::LpCache>,
    stage: &GoalStage,
) -> Result<StageOutcome, PlanError> {
    let goal = stage.goal;
    let started = Instant::now();
    let n = b.sp.cols.len();
    // Every stage starts from a plan: the previous stage's, or for the first stage the plan
    // that moves nobody and puts each hire batch at its first school. So a stage stopped by
    // the time limit still returns a plan that keeps every hard rule.
    let base = match stage.start {
        Some(s) => s.to_vec(),
        None => trivial_start(prep, n),
    };
    let start = polish(prep, scenario, &base, b);
    let target = b.goal(goal);
    let mut sm = StageModel::new(b, goal, stage.held);
    let rows = b.sp.rows.len() + sm.held_ub.len();
    if let Some(path) = stage.export {
        let mut full = sm.to_highs(|_| true, false, false)?;
        export_full_model(&mut full.model, prep, b.slack, b.sp.cols.len(), path)?;
    }
    // The held rows are dense (the gap goal spans every cell) and make each simplex iteration
    // slow, while the fixings from the earlier stages' duals mostly hold them already. So they
    // start out of the model, as a relaxation, and go in only when a plan breaks one.
    // All but the wishes goal's: it prices the arcs travel prices, the other way (an
    // applicant's wished school against the nearest post), so the next LP always breaks it,
    // and solving that LP again with the row costs more than starting with it (docs/model.md,
    // "Held rows are kept out until a plan breaks one").
    for (on, &g) in sm.on.iter_mut().zip(&sm.held_goal) {
        *on = g == Goal::Wishes;
    }
    let run = StageRun {
        prep,
        scenario,
        b,
        goal,
        target,
        started,
        time_limit: stage.time_limit,
        rows,
        open_arcs: b.arcs.clone().filter(|&j| b.sp.cols[j].ub > 0.0).collect(),
        start_only: stage.start_only,
    };
    // The previous plan already reaches this goal's lower bound, or the earlier goals fixed
    // every column (HiGHS refuses a start for a model without columns): it is optimal as it is.
    let value = target.value(&start);
    let all_fixed = b.sp.cols.iter().all(|c| c.lb >= c.ub);
    if value <= target.lower_bound() + 1e-9 || all_fixed {
        let report = run.report(SolveStatus::Optimal, value, 0.0, 0);
        return Ok(StageOutcome {
            cols: start,
            report,
            duals: None,
        });
    }
    for j in b.arcs.clone() {
        if start[j] > 0.5 {
            active[j] = true;
        }
    }
    run_phases(&run, &mut sm, active, cache, start).map_err(|e| match e {
        // HiGHS may also take a model with a number out of range and fail on it later
        PlanError::Solver { .. } | PlanError::Status { .. } => {
            let all: Vec<usize> = (0..n).collect();
            sm.first_out_of_range(&all, &[]).unwrap_or(e)
        }
        e => e,
    })
}

/// The phases of `solve_stage` from the LP on.
fn run_phases(
    run: &StageRun,
    sm: &mut StageModel,
    active: &mut [bool],
    cache: &mut Option<lp::LpCache>,
    start: Vec<f64>,
) -> Result<StageOutcome, PlanError> {
    let lp = lp::relaxation(run, sm, active, cache)?;
    if cache.as_ref().is_some_and(|c| c.dropped) {
        // An LP built without its fixed columns serves no later stage (`lp::restricted_lp`):
        // freed now, before the MIPs build models of their own, its factorization is not held
        // beside theirs. (The plan's memory peak comes earlier, during pricing.)
        *cache = None;
    }
    // Branch and bound gets a model of its own, built when first needed, over the columns the
    // LP has that are not fixed.
    let n = run.b.sp.cols.len();
    let map: Vec<usize> = (0..n).filter(|&j| active[j] && !sm.fixed[j]).collect();
    if let Some(lp) = &lp {
        if let Some(out) = mip::integral_lp(run, sm, lp, &map) {
            return Ok(out);
        }
    }
    mip::branch(run, sm, active, lp, map, start)
}
