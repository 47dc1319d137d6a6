//! A goal stage's model in HiGHS terms (`StageModel`: the sparse model, the earlier goals held
//! as rows, the stage's costs), what the phases share while solving it (`StageRun`), and what a
//! stage returns. The phases themselves are in lp.rs and mip.rs; stage.rs runs them.

use super::built::{Built, GoalExpr};
use super::highs_ffi::{
    bounds_out_of_range, change_coeff, change_objective_offset, out_of_range, set_row_bounds,
};
use super::{debug, SolveStatus, StageReport};
use crate::plan::error::{ModelPart, PlanError};
use crate::plan::prepare::Prepared;
use crate::scenario::{Goal, Presolve, Scenario};
use highs::{ColProblem, Row, Sense};
use std::time::Instant;

/// `StageModel::extra_of` of a column without entries in the held goal rows.
pub(super) const NONE: u32 = u32::MAX;

/// Column j's entries in the held goal rows (`StageModel::extra_of`).
fn extra_of<'x>(of: &[u32], lists: &'x [Vec<(usize, f64)>], j: usize) -> &'x [(usize, f64)] {
    match of[j] {
        NONE => &[],
        i => &lists[i as usize],
    }
}

/// What a stage returns: its plan, its report, and the row duals of its LP when pricing
/// converged.
pub(super) struct StageOutcome {
    pub cols: Vec<f64>,
    pub report: StageReport,
    pub duals: Option<Vec<f64>>,
}

/// A model handed to HiGHS: the model, its row handles, and the full column of each model
/// column.
pub(super) struct SolverModel {
    pub model: highs::Model,
    pub rows: Vec<Row>,
    pub map: Vec<usize>,
}

/// What `StageModel::pin` changed, for `unpin` to restore.
pub(super) struct Pinned {
    shift: Vec<f64>,
    offset: f64,
    fixed: Vec<bool>,
}

/// A stage's model in HiGHS terms: the sparse model plus held goal rows and the stage's costs.
pub(super) struct StageModel<'a> {
    pub b: &'a Built,
    /// The goal of the stage.
    pub goal: Goal,
    pub cost: Vec<f64>,
    /// Entries of the columns in the held goal rows (numbered after the model's rows): column
    /// j's are `extra_lists[extra_of[j]]`, for the columns with any (`NONE` for the rest, most
    /// of them: a list per column took 17 MiB on 730,000 columns).
    extra_of: Vec<u32>,
    extra_lists: Vec<Vec<(usize, f64)>>,
    /// Upper bounds of the held goal rows.
    pub held_ub: Vec<f64>,
    /// The goal each held row holds.
    pub held_goal: Vec<Goal>,
    /// Which held rows are in the solver's model. A held row left out is a free row without
    /// entries (a relaxation); it goes in once a plan breaks it.
    pub on: Vec<bool>,
    /// Columns fixed at a value (lb = ub): a model built without them carries their part of
    /// each row (`shift`, over the model's rows and then the held rows) and of the cost
    /// (`offset`).
    pub fixed: Vec<bool>,
    pub shift: Vec<f64>,
    pub offset: f64,
}

impl<'a> StageModel<'a> {
    /// The model of the stage for `goal`, with a row for each earlier goal held at its bound.
    pub fn new(b: &'a Built, goal: Goal, held: &[(Goal, f64)]) -> Self {
        let n = b.sp.cols.len();
        let mut sm = StageModel {
            b,
            goal,
            cost: vec![0.0; n],
            extra_of: vec![NONE; n],
            extra_lists: Vec::new(),
            held_ub: Vec::new(),
            held_goal: Vec::new(),
            on: Vec::new(),
            fixed: Vec::new(),
            shift: Vec::new(),
            offset: 0.0,
        };
        for &(c, k) in &b.goal(goal).terms {
            sm.cost[c] += k;
        }
        for &(g, bound) in held {
            let e = b.goal(g);
            if e.terms.is_empty() {
                continue;
            }
            let r = b.sp.rows.len() + sm.held_ub.len();
            sm.held_ub.push(bound - e.constant);
            sm.held_goal.push(g);
            sm.on.push(true);
            for &(c, k) in &e.terms {
                if sm.extra_of[c] == NONE {
                    sm.extra_of[c] = sm.extra_lists.len() as u32;
                    sm.extra_lists.push(Vec::new());
                }
                sm.extra_lists[sm.extra_of[c] as usize].push((r, k));
            }
        }
        sm.shift = vec![0.0; b.sp.rows.len() + sm.held_ub.len()];
        sm.fixed = b.sp.cols.iter().map(|c| c.lb == c.ub).collect();
        for (j, c) in b.sp.cols.iter().enumerate() {
            if c.lb != c.ub || c.lb == 0.0 {
                continue;
            }
            sm.offset += sm.cost[j] * c.lb;
            let extra = extra_of(&sm.extra_of, &sm.extra_lists, j);
            for (r, k) in b.sp.entries(j).chain(extra.iter().copied()) {
                sm.shift[r] += k * c.lb;
            }
        }
        sm
    }

    /// Treats the columns `pins` (place, column, value) as fixed at their values: models built
    /// until `unpin` leave them out, like the columns fixed in the model. Returns what `unpin`
    /// restores.
    pub fn pin(&mut self, pins: &[(usize, usize, f64)]) -> Pinned {
        let saved = Pinned {
            shift: self.shift.clone(),
            offset: self.offset,
            fixed: self.fixed.clone(),
        };
        for &(_, j, v) in pins {
            if self.fixed[j] {
                continue; // already in the shift and the offset
            }
            self.fixed[j] = true;
            self.offset += self.cost[j] * v;
            let extra = extra_of(&self.extra_of, &self.extra_lists, j);
            for (r, k) in (self.b.sp.entries(j)).chain(extra.iter().copied()) {
                self.shift[r] += k * v;
            }
        }
        saved
    }

    pub fn unpin(&mut self, saved: Pinned) {
        self.shift = saved.shift;
        self.offset = saved.offset;
        self.fixed = saved.fixed;
    }

    /// The full row of held row h (numbered after the model's rows).
    pub fn held_row(&self, h: usize) -> usize {
        self.b.sp.rows.len() + h
    }

    /// Column j's entries in the held goal rows.
    fn extra(&self, j: usize) -> &[(usize, f64)] {
        extra_of(&self.extra_of, &self.extra_lists, j)
    }

    pub fn entries(&self, j: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let first = self.b.sp.rows.len();
        (self.b.sp.entries(j)).chain(
            (self.extra(j).iter())
                .filter(move |e| self.on[e.0 - first])
                .copied(),
        )
    }

    /// Held rows left out of the solver's model that `cols` breaks (beyond rounding).
    pub fn broken(&self, cols: &[f64]) -> Vec<usize> {
        (0..self.held_ub.len())
            .filter(|&h| {
                let e = self.b.goal(self.held_goal[h]);
                let v: f64 = e.terms.iter().map(|&(c, k)| k * cols[c]).sum();
                let ub = self.held_ub[h];
                !self.on[h] && v > ub + 1e-9 * ub.abs().max(1.0)
            })
            .collect()
    }

    /// Puts held row h into `model` (whose column m is full column `map[m]`; `dropped`: built
    /// without the fixed columns).
    /// `at`: the row's place in `model` (`held_row(h)` unless the model leaves rows out).
    pub fn switch_on(
        &mut self,
        model: &mut highs::Model,
        map: &[usize],
        h: usize,
        dropped: bool,
        at: usize,
    ) -> Result<(), PlanError> {
        let r = self.held_row(h);
        let shift = if dropped { self.shift[r] } else { 0.0 };
        self.on[h] = true;
        for (m, &j) in map.iter().enumerate() {
            for &(rr, k) in self.extra(j) {
                if rr == r {
                    change_coeff(model, at, m, k)?;
                }
            }
        }
        set_row_bounds(model, at, f64::NEG_INFINITY, self.held_ub[h] - shift)?;
        if debug() {
            eprintln!("[cg] held {} row switched on", self.held_goal[h].key());
        }
        Ok(())
    }

    /// Reduced cost of column j under row duals y (HiGHS: d = c − Aᵀy).
    pub fn reduced_cost(&self, j: usize, y: &[f64]) -> f64 {
        self.cost[j] - self.entries(j).map(|(r, k)| k * y[r]).sum::<f64>()
    }

    /// A HiGHS model with the columns for which `take` holds, in column order; returns it with
    /// the model's row handles and the full column of each model column. With `drop`, fixed
    /// columns are left out and their values moved into the row bounds and the cost offset
    /// (a smaller model for the simplex; the solution has them at their value, see `lift`).
    pub fn to_highs(
        &self,
        take: impl Fn(usize) -> bool,
        relax: bool,
        drop: bool,
    ) -> Result<SolverModel, PlanError> {
        let map: Vec<usize> = (0..self.b.sp.cols.len())
            .filter(|&j| take(j) && !(drop && self.fixed[j]))
            .collect();
        let (model, handles) = self.highs_model(&map, relax, drop, |_| true)?;
        let rows = (handles.into_iter())
            .map(|h| h.expect("every row kept"))
            .collect();
        Ok(SolverModel { model, rows, map })
    }

    /// The bounds of row r (a model row, or a held row: free while off) in the solver's model;
    /// `drop`: one built without the fixed columns, whose values move into the bounds.
    pub(super) fn row_bounds(&self, r: usize, drop: bool) -> (f64, f64) {
        let first = self.b.sp.rows.len();
        let shift = if drop { self.shift[r] } else { 0.0 };
        match r.checked_sub(first) {
            None => (self.b.sp.rows[r].lb - shift, self.b.sp.rows[r].ub - shift),
            Some(h) if self.on[h] => (f64::NEG_INFINITY, self.held_ub[h] - shift),
            Some(_) => (f64::NEG_INFINITY, f64::INFINITY),
        }
    }

    /// A HiGHS model over the full columns `map` (integer where the column is, unless `relax`;
    /// `drop`: fixed columns left out, see `to_highs`) and the rows (model rows, then held
    /// rows) for which `keep` holds, in order. Returns it with each row's handle, `None` for a
    /// row left out.
    pub(super) fn highs_model(
        &self,
        map: &[usize],
        relax: bool,
        drop: bool,
        keep: impl Fn(usize) -> bool,
    ) -> Result<(highs::Model, Vec<Option<Row>>), PlanError> {
        let mut pb = ColProblem::default();
        let handles: Vec<Option<Row>> = (0..self.b.sp.rows.len() + self.held_ub.len())
            .map(|r| {
                keep(r).then(|| {
                    let (lb, ub) = self.row_bounds(r, drop);
                    pb.add_row(lb..=ub)
                })
            })
            .collect();
        for &j in map {
            let c = &self.b.sp.cols[j];
            let entries: Vec<(Row, f64)> = (self.entries(j))
                .filter_map(|(r, k)| Some((handles[r]?, k)))
                .collect();
            pb.add_column_with_integrality(self.cost[j], c.lb..=c.ub, entries, c.integer && !relax);
        }
        let Ok(mut model) = pb.try_optimise(Sense::Minimise) else {
            return Err(self.refused(map, |r| if drop { self.shift[r] } else { 0.0 }));
        };
        if drop && self.offset != 0.0 {
            change_objective_offset(&mut model, self.offset);
        }
        Ok((model, handles))
    }

    /// Adds full column j to `model` (whose row handles are `rows`), continuous with `relax`.
    pub fn add_column(
        &self,
        model: &mut highs::Model,
        rows: &[Row],
        j: usize,
        relax: bool,
    ) -> Result<(), PlanError> {
        let c = &self.b.sp.cols[j];
        let entries: Vec<(Row, f64)> = self.entries(j).map(|(r, k)| (rows[r], k)).collect();
        let integer = c.integer && !relax;
        match model.try_add_column_with_integrality(self.cost[j], c.lb..=c.ub, entries, integer) {
            Ok(_) => Ok(()),
            Err(_) => Err(self.column_refused(&[j], "add a column")),
        }
    }

    /// Why HiGHS refused the columns `js`: the first number out of range, else a fault.
    fn column_refused(&self, js: &[usize], what: &'static str) -> PlanError {
        self.first_out_of_range(js, &[])
            .unwrap_or(PlanError::Refused { what })
    }

    /// Why HiGHS refused the model of `to_highs` over the columns `map` (row bounds shifted by
    /// `shift`): the first number out of range, else a rejection of the stage's model.
    pub(super) fn refused(&self, map: &[usize], shift: impl Fn(usize) -> f64) -> PlanError {
        let rows: Vec<(f64, f64)> = (self.b.sp.rows.iter().enumerate())
            .map(|(i, r)| (r.lb - shift(i), r.ub - shift(i)))
            .collect();
        self.first_out_of_range(map, &rows)
            .unwrap_or(PlanError::Rejected {
                stage: self.goal.key(),
            })
    }

    /// The first number HiGHS refuses among the coefficients, costs and bounds of the columns
    /// `js` and the row bounds `rows`, as an error.
    pub(super) fn first_out_of_range(
        &self,
        js: &[usize],
        rows: &[(f64, f64)],
    ) -> Option<PlanError> {
        let coefficients = js.iter().flat_map(|&j| self.entries(j).map(|e| e.1));
        let costs = js.iter().map(|&j| self.cost[j]);
        let bounds = (js
            .iter()
            .map(|&j| (self.b.sp.cols[j].lb, self.b.sp.cols[j].ub)))
        .chain(rows.iter().copied());
        let found = [
            (
                ModelPart::Coefficient,
                out_of_range(ModelPart::Coefficient, coefficients),
            ),
            (ModelPart::Cost, out_of_range(ModelPart::Cost, costs)),
            (ModelPart::Bound, bounds_out_of_range(bounds)),
        ];
        let (part, value) = found
            .into_iter()
            .find_map(|(part, v)| v.map(|v| (part, v)))?;
        Some(PlanError::OutOfRange { part, value })
    }
}

/// What every phase of a stage reads: the problem, the build, the stage's goal and its clock.
pub(super) struct StageRun<'a> {
    pub prep: &'a Prepared,
    pub scenario: &'a Scenario,
    pub b: &'a Built,
    pub goal: Goal,
    pub target: &'a GoalExpr,
    /// When the stage started.
    pub started: Instant,
    pub time_limit: f64,
    /// Rows of the stage's model (the build's and the held goals').
    pub rows: usize,
    /// The arc columns that may carry teachers (upper bound above 0).
    pub open_arcs: Vec<usize>,
    /// Only a start for a later stage is wanted (`GoalStage::start_only`).
    pub start_only: bool,
}

impl StageRun<'_> {
    /// Seconds left of the stage's time limit.
    pub fn left(&self) -> f64 {
        self.time_limit - self.started.elapsed().as_secs_f64()
    }

    pub fn report(
        &self,
        status: SolveStatus,
        objective: f64,
        mip_gap: f64,
        solver_columns: usize,
    ) -> StageReport {
        StageReport {
            goal: self.goal,
            status,
            objective,
            mip_gap,
            seconds: self.started.elapsed().as_secs_f64(),
            columns: self.b.sp.cols.len(),
            rows: self.rows,
            solver_columns,
        }
    }

    /// HiGHS's failure to solve, as an error of this stage.
    pub fn solver_error(&self, status: highs::HighsStatus) -> PlanError {
        PlanError::Solver {
            stage: self.goal.key(),
            status: format!("{status:?}"),
        }
    }

    /// HiGHS's simplex strategy for the stage's solves: the dual simplex, with two threads
    /// or more with its linear-algebra tasks on the other threads (SIP, one column slice): the
    /// same pivots as the serial dual simplex, so the same plan, and the solve 2–12% faster on
    /// two cores (docs/performance.md). Branch and bound keeps one search worker
    /// (`parallel` off), so that its result does not depend on timing.
    pub fn dual_strategy(&self) -> i32 {
        if self.scenario.solver.threads > 1 {
            2
        } else {
            1
        }
    }

    /// Sets HiGHS's options for a solve of this stage with `time_limit` seconds.
    pub fn configure(&self, model: &mut highs::Model, time_limit: f64) {
        let settings = &self.scenario.solver;
        model.make_quiet();
        if super::highs_log() {
            // For diagnosing slow solves: HiGHS's own log on the console.
            model.set_option("output_flag", true);
            model.set_option("log_to_console", true);
        }
        let threads = settings.threads.max(1) as i32;
        model.set_option("threads", threads);
        model.set_option("simplex_strategy", self.dual_strategy());
        if threads > 1 {
            model.set_option("simplex_max_concurrency", 3);
            model.set_option("parallel", "off");
        }
        model.set_option("random_seed", settings.random_seed as i32);
        // Sixteen times HiGHS's default cost perturbation: the dual simplex of these degenerate
        // LPs takes fewer iterations and ends on integral vertices more often, so fewer MIPs
        // (about 13% less solve time on six generated counties; docs/performance.md).
        model.set_option("dual_simplex_cost_perturbation_multiplier", 16.0);
        model.set_option("time_limit", time_limit.max(0.01));
        model.set_option("mip_rel_gap", settings.mip_rel_gap);
        if self.target.step > 0.0 {
            // Values lie on a grid: closing the gap below one step is a proof of optimality.
            model.set_option("mip_abs_gap", 0.99 * self.target.step);
        }
        let presolve = match settings.presolve {
            Presolve::Auto => "choose",
            Presolve::On => "on",
            Presolve::Off => "off",
        };
        model.set_option("presolve", presolve);
        // HiGHS's root reduced-cost heuristic (a sub-MIP over the columns of small reduced
        // cost, nested up to twelve deep) finds nothing the stage's own neighbourhoods have not
        // found and took most of the hard counties' branch and bound: without it the province
        // of 100 counties took 168 s instead of 229 s, with the same optimum on every county,
        // and the counties that never branch are unchanged (docs/performance.md).
        model.set_option("mip_heuristic_run_root_reduced_cost", false);
    }
}

/// The full column vector of a solved model whose model column m is full column `map[m]`;
/// columns left out are 0, or their value when fixed.
pub(super) fn lift(solved: &highs::SolvedModel, map: &[usize], b: &Built) -> Vec<f64> {
    let sol = solved.get_solution();
    let mut cols: Vec<f64> =
        b.sp.cols
            .iter()
            .map(|c| if c.lb == c.ub { c.lb } else { 0.0 })
            .collect();
    for (m, &j) in map.iter().enumerate() {
        cols[j] = sol.columns()[m];
    }
    cols
}
