//! The optimization model: integer flows of teacher groups to open posts and of hire batches to
//! schools, with one goal per stage (lexicographic).
//!
//! The model is built once as a sparse matrix ([`Sparse`]); each stage hands HiGHS the rows, the
//! earlier goals as held constraints, and a *restricted* set of arcs (pool → receiving school):
//! the arcs a plan is likely to use. Arcs left out are priced with the LP duals (column
//! generation) until none could improve the LP, so the LP bound is the bound of the full model;
//! after the MIP, every arc whose reduced cost is below the remaining gap is added and the MIP
//! re-solved, which proves the restricted optimum is the full model's optimum (docs/model.md,
//! "Pruning arcs without loss of optimality").

mod build;
mod built;
mod export;
mod fixing;
mod gap;
mod highs_ffi;
mod hoods;
mod indicator;
mod lp;
mod lp_rows;
mod mip;
mod sparse;
mod stability;
mod stage;
mod stage_model;
mod start;

use super::error::PlanError;
use super::prepare::Prepared;
use crate::scenario::{Goal, Scenario};
use build::{build, exchange_schools};
use built::Built;
use fixing::{carry_fixings, fix_at_floor, fix_by_duals};
use highs_ffi::{set_bounds, set_row_bounds};
use lp::{initial_active, LpCache};
use stage::{solve_stage, GoalStage};
use start::{part_counts, polish, split_parts, unhub};
use std::time::Instant;

/// How a stage's solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SolveStatus {
    /// Proven optimal within `solver.mip_rel_gap` (the stage's `mip_gap` is the proven relative
    /// gap, 0 when exact; grid goals are exact once the gap is below one step).
    Optimal,
    /// Stopped at the time limit with a feasible plan.
    TimeLimit,
    /// A plan whose bound was not proven over the full model (pricing stopped early).
    GapLimit,
    /// Decisions edited by hand and rendered again (`rotaplan render`): no solve, no proof.
    Edited,
}

impl SolveStatus {
    pub fn key(self) -> &'static str {
        match self {
            SolveStatus::Optimal => "optimal",
            SolveStatus::TimeLimit => "time_limit",
            SolveStatus::GapLimit => "gap_limit",
            SolveStatus::Edited => "edited",
        }
    }

    /// The status of a summary.json `status` key; `None` for anything else.
    pub fn parse(key: &str) -> Option<SolveStatus> {
        [
            SolveStatus::Optimal,
            SolveStatus::TimeLimit,
            SolveStatus::GapLimit,
            SolveStatus::Edited,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }

    /// The status in Chinese: 最优, 达到时间上限, 未证明最优, 人工调整.
    pub fn zh(self) -> &'static str {
        match self {
            SolveStatus::Optimal => "最优",
            SolveStatus::TimeLimit => "达到时间上限",
            SolveStatus::GapLimit => "未证明最优",
            SolveStatus::Edited => "人工调整",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct StageReport {
    pub goal: Goal,
    pub status: SolveStatus,
    pub objective: f64,
    pub mip_gap: f64,
    pub seconds: f64,
    pub columns: usize,
    pub rows: usize,
    /// Columns HiGHS was given (the restricted model; 0 when the stage needed no solve).
    pub solver_columns: usize,
}

/// Values of a solved stage.
#[derive(Debug, Clone)]
pub struct Flows {
    /// Teachers per pick (group → pool).
    pub picks: Vec<u32>,
    /// Teachers per arc (pool → receiving school).
    pub arcs: Vec<u32>,
    /// Teachers who leave, per group and part (`Group::parts`).
    pub parts: Vec<Vec<u32>>,
    /// Hires per (hire option, school position).
    pub hires: Vec<Vec<u32>>,
}

/// Travel costs are rounded to this step (km-equivalents), so the travel goal takes values on a
/// grid and a MIP gap below one step proves the optimum exactly.
pub const TRAVEL_STEP: f64 = 0.1;

/// Terms of a row: (column, coefficient).
type Terms = Vec<(usize, f64)>;

fn travel_cost(cost: f64) -> f64 {
    (cost / TRAVEL_STEP).round() * TRAVEL_STEP
}

/// Options for the whole lexicographic solve.
#[derive(Debug, Clone)]
pub struct SolveOptions {
    pub time_limit_seconds: f64,
    /// Write the last stage's model here (.lp or .mps).
    pub export_model: Option<std::path::PathBuf>,
}

/// Readies HiGHS on the calling thread for models with `threads` threads. HiGHS keeps one
/// thread pool per calling thread, sized by the first model solved there, and refuses to run a
/// model asking for another size; so when this thread last solved with another count, its pool
/// is released first (a library caller may plan scenarios with different `threads` in turn).
pub(crate) fn use_highs_threads(threads: u32) {
    thread_local! {
        static THREADS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }
    let threads = threads.max(1);
    THREADS.with(|t| {
        if t.get() != 0 && t.get() != threads {
            highs_ffi::reset_thread_scheduler();
        }
        t.set(threads);
    });
}

static PRICING_TRACE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
static HIGHS_LOG: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Developer traces on stderr, for the whole process: each stage's pricing rounds and bounds
/// (`pricing`), and HiGHS's own log of every solve (`highs_log`). The library does not read the
/// environment: the command line sets these from `ROTAPLAN_DEBUG_CG` and `ROTAPLAN_HIGHS_LOG`.
pub fn set_solver_traces(pricing: bool, highs_log: bool) {
    use std::sync::atomic::Ordering::Relaxed;
    PRICING_TRACE.store(pricing, Relaxed);
    HIGHS_LOG.store(highs_log, Relaxed);
}

/// Whether to print each stage's pricing rounds and bounds ([`set_solver_traces`]).
fn debug() -> bool {
    PRICING_TRACE.load(std::sync::atomic::Ordering::Relaxed)
}

/// Whether HiGHS logs its solves ([`set_solver_traces`]).
pub(crate) fn highs_log() -> bool {
    HIGHS_LOG.load(std::sync::atomic::Ordering::Relaxed)
}

/// Solves the goals in the scenario's order. Returns the final flows and one report per stage.
pub fn solve(
    prep: &Prepared,
    scenario: &Scenario,
    opts: &SolveOptions,
) -> Result<(Flows, Vec<StageReport>), PlanError> {
    let started = Instant::now();
    use_highs_threads(scenario.solver.threads);
    let goals = &prep.goals;
    if goals.is_empty() {
        return Err(PlanError::NoGoals);
    }
    // Stages before the first goal that reads the backbone or due flags (shares, travel) use
    // hubs and leave the groups' parts out; from that goal on, the arc build with parts (travel
    // needs every arc's own cost).
    let switch_at = goals
        .iter()
        .position(|&g| matches!(g, Goal::Shares | Goal::Travel | Goal::Stability))
        .unwrap_or(goals.len());
    let exchange = exchange_schools(prep);
    let mut built = build(prep, scenario, switch_at > 0, switch_at == 0, &exchange);
    // kept for the arc build if a later goal needs it, and dropped once that is built
    let mut exchange = (switch_at > 0).then_some(exchange);
    if debug() {
        eprintln!(
            "[cg] groups {} picks {} pools {} arcs {} hire cols {} cells {} cols {} rows {}",
            prep.groups.len(),
            prep.picks.len(),
            prep.pools.len(),
            prep.arcs.len(),
            prep.hires.iter().map(|o| o.schools.len()).sum::<usize>(),
            prep.cells.len(),
            built.sp.cols.len(),
            built.sp.rows.len()
        );
    }
    // Every goal but the last is held as a row by the stages after it: its coefficients must
    // be numbers HiGHS takes in a row.
    for &g in &goals[..goals.len() - 1] {
        let coefs = built.goal(g).terms.iter().map(|&(_, k)| k);
        if let Some(value) = highs_ffi::out_of_range(super::error::ModelPart::Coefficient, coefs) {
            return Err(PlanError::OutOfRange {
                part: super::error::ModelPart::Coefficient,
                value,
            });
        }
    }
    // The arc build is built when the first goal that needs it comes, after the hub stages'
    // LP has been dropped: building it on the other core while they solved took no less time
    // on two cores (HiGHS uses both) and held both builds and that LP at once (50,000 teachers
    // in 600 schools: 732 MiB at the peak against 562 MiB; docs/performance.md).
    {
        let mut active = initial_active(prep, &built, None);
        let mut held: Vec<(Goal, f64)> = Vec::new();
        let mut cache: Option<LpCache> = None;
        let mut reports = Vec::new();
        let mut incumbent: Option<Vec<f64>> = None;
        for (k, &goal) in goals.iter().enumerate() {
            // time spent for this stage before it (`rotation_first`), counted in its report
            let mut before_stage = 0.0;
            if k == switch_at && !built.parts_on {
                if goal == Goal::Shares {
                    let remaining = opts.time_limit_seconds - started.elapsed().as_secs_f64();
                    if let Some(start) = incumbent.as_deref() {
                        let rotated = rotation_first(
                            prep,
                            scenario,
                            &mut built,
                            &mut active,
                            &mut cache,
                            &held,
                            start,
                            remaining,
                        )?;
                        if let Some((cols, seconds)) = rotated {
                            incumbent = Some(cols);
                            before_stage = seconds;
                        }
                    }
                }
                drop(cache.take());
                let ex = exchange.take().expect("kept while the hub build is in use");
                let arcs = build(prep, scenario, false, true, &ex);
                drop(ex);
                let (arcs, next) =
                    switch_build(prep, scenario, &built, arcs, &mut incumbent, &active);
                built = arcs;
                active = next;
            }
            let remaining = (opts.time_limit_seconds - started.elapsed().as_secs_f64()).max(0.01);
            let last = k + 1 == goals.len();
            let stage = GoalStage {
                goal,
                held: &held,
                time_limit: remaining,
                export: if last {
                    opts.export_model.as_deref()
                } else {
                    None
                },
                start: incumbent.as_deref(),
                start_only: false,
            };
            let out = solve_stage(prep, scenario, &built, &mut active, &mut cache, &stage)?;
            let mut report = out.report;
            report.seconds += before_stage;
            let tol = scenario.solver.stage_tolerance * report.objective.abs().max(1.0);
            // (after the last stage no model is solved again: nothing to tighten)
            if let (Some(y), SolveStatus::Optimal, false) = (&out.duals, report.status, last) {
                let z = report.objective + tol;
                let fixing = fix_by_duals(prep, &mut built, goal, &held, y, z, &out.cols);
                if let Some(c) = cache.as_mut() {
                    let changed: Vec<(usize, f64, f64)> = (c.map.iter().enumerate())
                        .filter(|&(_, &j)| fixing.columns[j])
                        .map(|(m, &j)| (m, built.sp.cols[j].lb, built.sp.cols[j].ub))
                        .collect();
                    set_bounds(&mut c.model, &changed)?;
                    for (i, lb, ub) in fixing.rows {
                        set_row_bounds(&mut c.model, i, lb, ub)?;
                    }
                }
            }
            if out.duals.is_none() && report.status == SolveStatus::Optimal && !last {
                fix_at_floor(&mut built, goal, report.objective, cache.as_mut())?;
            }
            held.push((goal, report.objective + tol));
            let stop = report.status == SolveStatus::TimeLimit;
            reports.push(report);
            incumbent = Some(out.cols);
            if stop {
                break;
            }
        }
        let Some(cols) = incumbent else {
            return Err(PlanError::NoGoals);
        };
        Ok((flows_of(prep, &built, cols), reports))
    }
}

/// Before the shares goal leaves the hub build: the rotation part of the shares goal, solved
/// in the hub build (the backbone part needs the groups' parts, which only the arc build has),
/// from the hub LP's last basis. Its plan is only the shares stage's start: when the leavers,
/// split among their groups' parts backbone first, also meet the backbone share, that start
/// reaches the shares goal's floor of 0 and the stage in the arc build has nothing to solve;
/// otherwise that stage solves as before. The earlier goals stay held, so the start keeps
/// them. Returns the plan and the seconds it took; `None` when the time is up.
#[allow(clippy::too_many_arguments)]
fn rotation_first(
    prep: &Prepared,
    scenario: &Scenario,
    built: &mut Built,
    active: &mut [bool],
    cache: &mut Option<LpCache>,
    held: &[(Goal, f64)],
    start: &[f64],
    remaining: f64,
) -> Result<Option<(Vec<f64>, f64)>, PlanError> {
    if remaining <= 0.0 {
        return Ok(None);
    }
    let k = (built.goals.iter())
        .position(|e| e.goal == Goal::Shares)
        .expect("every goal built");
    let rotation = built.slack.rotation;
    let mut only = built.goals[k].clone();
    only.terms.retain(|&(c, _)| c == rotation);
    let shares = std::mem::replace(&mut built.goals[k], only);
    let stage = GoalStage {
        goal: Goal::Shares,
        held,
        time_limit: remaining,
        export: None,
        start: Some(start),
        start_only: true,
    };
    let out = solve_stage(prep, scenario, built, active, cache, &stage);
    built.goals[k] = shares;
    let out = out?;
    if debug() {
        eprintln!(
            "[cg] rotations first: {:?}, {} short of the rotation target, in {:.3}s",
            out.report.status, out.report.objective, out.report.seconds
        );
    }
    Ok(Some((out.cols, out.report.seconds)))
}

/// At the first goal that needs the arc build with parts: carries the hub stages' fixings into
/// `arcs`, turns the plan so far into one of `arcs` and fixes the forcing rows it allows.
/// Returns the arc build and the columns its first stage starts with.
fn switch_build(
    prep: &Prepared,
    scenario: &Scenario,
    built: &Built,
    mut arcs: Built,
    incumbent: &mut Option<Vec<f64>>,
    active: &[bool],
) -> (Built, Vec<bool>) {
    carry_fixings(prep, built, &mut arcs);
    *incumbent = incumbent.take().map(|cols| {
        let cols = split_parts(prep, &arcs, unhub(prep, built, cols));
        polish(prep, scenario, &cols, &arcs)
    });
    // With the earlier goals held, many rows can only hold at one end of their range (a post
    // that must receive as many teachers as its arcs can carry); their columns are fixed, and
    // the travel LPs leave them out. (HiGHS's presolve finds them for the first LP only; the
    // re-solves after pricing start from a basis, without presolve.)
    if let Some(x) = incumbent.as_deref() {
        let n = arcs.sp.fix_forcing_rows(x).len();
        if debug() {
            eprintln!("[cg] {n} columns of the travel build fixed by forcing rows");
        }
    }
    let next = match incumbent.as_deref() {
        Some(x) => initial_active(prep, &arcs, Some(x)),
        None => {
            let mut next = initial_active(prep, &arcs, None);
            for j in built.arcs.clone() {
                next[j] |= active[j];
            }
            next
        }
    };
    if let Some(x) = incumbent.as_deref() {
        // The fixings hold for every plan the held goals allow, so the start keeps them;
        // should rounding say otherwise, the start wins.
        for (j, c) in arcs.sp.cols.iter_mut().enumerate() {
            if x[j] < c.lb || x[j] > c.ub {
                if debug() {
                    eprintln!("[cg] start outside fixed bounds of column {j}");
                }
                c.lb = c.lb.min(x[j]);
                c.ub = c.ub.max(x[j]);
            }
        }
    }
    (arcs, next)
}

/// The flows of the final plan. When no stage needed the arc build with parts (the goals have
/// neither shares nor travel), the hub flows become arcs and each group's leavers are split
/// among its parts, as at the switch.
fn flows_of(prep: &Prepared, built: &Built, cols: Vec<f64>) -> Flows {
    let cols = if built.parts_on {
        cols
    } else {
        split_parts(prep, built, unhub(prep, built, cols))
    };
    let round = |col: usize| cols[col].round().max(0.0) as u32;
    let (n1, n2) = (prep.picks.len(), prep.arcs.len());
    let mut next = n1 + n2;
    Flows {
        picks: (0..n1).map(round).collect(),
        arcs: (n1..n1 + n2).map(round).collect(),
        parts: part_counts(prep, built, &cols),
        hires: prep
            .hires
            .iter()
            .map(|o| {
                let row = (next..next + o.schools.len()).map(round).collect();
                next += o.schools.len();
                row
            })
            .collect(),
    }
}
