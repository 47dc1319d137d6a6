//! The LP phase of a goal stage: the LP relaxation of the full model, solved over a restricted
//! set of arcs that pricing grows until no arc left out could improve it (column generation).
//! Also which arcs a stage starts with.

use super::built::Built;
use super::highs_ffi::{change_costs, set_bounds};
use super::lp_rows::RowMap;
use super::stage_model::{lift, SolverModel, StageModel, StageRun};
use super::start::settle;
use super::{debug, travel_cost};
use crate::plan::error::PlanError;
use crate::plan::prepare::Prepared;
use crate::scenario::{Goal, Presolve};
use highs::{HighsModelStatus, Row};

/// How many of the nearest arcs each pool and each receiving post start with.
const START_ARCS: usize = 3;

/// How many arcs of each sending pool and into each receiving post the travel stage starts
/// with, when it starts from the plan of the goals before it, besides one per teacher that plan
/// moves out of the pool or into the post (see `initial_active`).
const TRAVEL_START_ARCS: usize = 6;

/// How many arcs into one receiving post one round of pricing adds at most.
const PRICE_PER_POST: usize = 4;

/// HiGHS's `simplex_strategy` for the primal simplex.
const PRIMAL_SIMPLEX: i32 = 4;

/// The LP relaxation of the hub stages, kept from stage to stage: the next goal changes its
/// costs and adds the held row, and starts from the last basis instead of from scratch.
pub(super) struct LpCache {
    pub model: highs::Model,
    pub rows: Vec<Row>,
    /// Full column of each model column.
    pub map: Vec<usize>,
    /// Held goal rows the model has, and which of them have their entries and bound.
    pub held: Vec<bool>,
    pub hub: bool,
    /// Built without its fixed columns (their values moved into the row bounds), which
    /// depend on the stage: such a model is not reused. (Nor could its rows be set by their
    /// full number: it leaves out rows, see `restricted_lp`.)
    pub dropped: bool,
}

/// The optimum of the full model's LP relaxation, proven by pricing.
pub(super) struct LpOptimum {
    /// The LP's objective (with the goal's constant): no plan goes below it.
    pub bound: f64,
    /// Row duals.
    pub y: Vec<f64>,
    /// The LP's solution, over the full columns.
    pub cols: Vec<f64>,
}

/// The LP relaxation of the full model, by pricing arcs into the restricted one. The model
/// starts as an LP (every column continuous) so that each re-solve after pricing starts from
/// the last basis; it stays in `cache` for the next stage. `None` when pricing did not
/// converge within the time limit (the last LP had arcs to add, so its bound proves nothing).
pub(super) fn relaxation(
    run: &StageRun,
    sm: &mut StageModel,
    active: &mut [bool],
    cache: &mut Option<LpCache>,
) -> Result<Option<LpOptimum>, PlanError> {
    let (prep, b) = (run.prep, run.b);
    let settings = &run.scenario.solver;
    let (restricted, mut row_map, warm) = restricted_lp(sm, active, cache)?;
    let lp_dropped = row_map.is_some();
    let SolverModel {
        mut model,
        rows: hrows,
        mut map,
    } = restricted;
    run.configure(&mut model, run.left());
    if run.goal == Goal::MustServe && settings.presolve == Presolve::Auto {
        // The must-serve LP is solved faster without presolve, and its basis, which the gap
        // stage starts from, serves as well (docs/performance.md). Its MIPs, if any, keep
        // presolve.
        model.set_option("presolve", "off");
    }
    // A goal of one column (the rotation target's shortfall, `rotation_first`) from the last
    // stage's basis: that basis is optimal for the other goal, so primal feasible, and the
    // primal simplex drives the one column down in a few hundred pivots, where the dual simplex
    // first works off thousands of dual infeasibilities (50,000 teachers in 600 schools: 808
    // pivots and 0.23 s against 17,815 and 4.0 s; docs/performance.md). The re-solves after
    // pricing go back to the dual simplex (the priced columns enter at their upper bound to
    // keep the basis dual feasible).
    let mut primal = warm && run.target.terms.len() == 1;
    if primal {
        model.set_option("simplex_strategy", PRIMAL_SIMPLEX);
    }
    let mut lp: Option<LpOptimum>;
    loop {
        let solved = model.try_solve().map_err(|e| run.solver_error(e))?;
        if solved.status() != HighsModelStatus::Optimal {
            // (the time limit): the last LP had arcs to add, so its bound proves nothing
            model = solved.into();
            lp = None;
            break;
        }
        let iters = solved.simplex_iteration_count();
        let y = match &row_map {
            Some(rm) => rm.full_duals(solved.get_solution().dual_rows()),
            None => solved.get_solution().dual_rows().to_vec(),
        };
        let bound = solved.objective_value() + run.target.constant;
        let cols = lift(&solved, &map, b);
        model = solved.into();
        if std::mem::take(&mut primal) {
            model.set_option("simplex_strategy", run.dual_strategy());
        }
        let entering = most_negative(prep, b, &run.open_arcs, active, |j| sm.reduced_cost(j, &y));
        if debug() {
            eprintln!(
                "[cg] {} lp bound {bound:.4} columns {} entering {} at {:.3}s iters {}",
                run.goal.key(),
                map.len(),
                entering.len(),
                run.started.elapsed().as_secs_f64(),
                iters
            );
        }
        // Converged on the relaxation: its optimum is the full LP's once it keeps the held
        // rows left out; otherwise the broken ones go in and the LP is solved again.
        let broken = if entering.is_empty() {
            sm.broken(&settle(prep, run.scenario, &cols, b, false))
        } else {
            Vec::new()
        };
        lp = Some(LpOptimum { bound, y, cols });
        if (entering.is_empty() && broken.is_empty()) || run.left() <= 0.0 {
            if !entering.is_empty() || !broken.is_empty() {
                lp = None; // not converged: no certificate
            }
            break;
        }
        for h in broken {
            let r = sm.held_row(h);
            // (a model that leaves rows out keeps every held row)
            let at = row_map.as_ref().map_or(Some(r), |rm| rm.model_row(r));
            sm.switch_on(&mut model, &map, h, lp_dropped, at.expect("held rows kept"))?;
        }
        // At their lower bound the columns just added (negative reduced cost) would make the
        // basis dual infeasible, and HiGHS's dual simplex would start again from its phase 1;
        // at the upper bound the basis stays dual feasible, only primal infeasible, and the
        // dual simplex goes on from it.
        let bound = sm.add_lp_columns_at_upper(&mut model, &entering, &map, row_map.as_mut())?;
        set_bounds(&mut model, &bound)?;
        for j in entering {
            active[j] = true;
            map.push(j);
        }
        // Re-solves start from the last basis; presolve would throw it away.
        model.set_option("presolve", "off");
    }
    *cache = Some(LpCache {
        model,
        rows: hrows,
        map,
        held: sm.on.clone(),
        hub: b.hub.is_some(),
        dropped: lp_dropped,
    });
    Ok(lp)
}

/// The restricted LP to start from: the cached one of the last hub stage, with this goal's
/// costs, its held rows and the columns activated since, or a new one. A hub build's LP goes on
/// to the next hub stage, with its fixed columns; an LP built without hubs leaves them out, and
/// the rows that cannot reach a bound (`StageModel::to_highs_lp`), and serves this stage only.
/// Returns the rows it has when it left some out, and whether it goes on from the cached LP's
/// basis.
fn restricted_lp(
    sm: &mut StageModel,
    active: &[bool],
    cache: &mut Option<LpCache>,
) -> Result<(SolverModel, Option<RowMap>, bool), PlanError> {
    let b = sm.b;
    match cache.take() {
        Some(c) if c.hub == b.hub.is_some() && !c.dropped => {
            let LpCache {
                mut model,
                mut rows,
                mut map,
                held,
                ..
            } = c;
            sm.on[..held.len()].copy_from_slice(&held);
            // the earlier goals' rows added since, this goal's costs, columns added since
            let pos: std::collections::HashMap<usize, usize> =
                map.iter().enumerate().map(|(m, &j)| (j, m)).collect();
            for h in held.len()..sm.held_ub.len() {
                debug_assert_eq!(rows.len(), b.sp.rows.len() + h);
                let row = model.try_add_row::<f64, _>(.., std::iter::empty());
                rows.push(row.map_err(|_| PlanError::Refused { what: "add a row" })?);
            }
            let costs: Vec<f64> = map.iter().map(|&j| sm.cost[j]).collect();
            change_costs(&mut model, &costs)?;
            for (j, _) in active.iter().enumerate().filter(|(_, &a)| a) {
                if !pos.contains_key(&j) {
                    sm.add_column(&mut model, &rows, j, true)?;
                    map.push(j);
                }
            }
            Ok((SolverModel { model, rows, map }, None, true))
        }
        _ if b.hub.is_none() => {
            let (model, rows) = sm.to_highs_lp(|j| active[j])?;
            Ok((model, Some(rows), false))
        }
        _ => Ok((sm.to_highs(|j| active[j], true, false)?, None, false)),
    }
}

/// Arcs left out whose reduced cost is negative: per receiving post the `PRICE_PER_POST` most
/// negative (ties to the shorter trip), so that a round of pricing adds what the LP most wants
/// and the arcs the travel goal will prefer.
pub(super) fn most_negative(
    prep: &Prepared,
    b: &Built,
    arcs: &[usize],
    active: &[bool],
    rc: impl Fn(usize) -> f64,
) -> Vec<usize> {
    // per post: (rounded reduced cost, trip cost, column)
    type Candidates = Vec<(f64, f64, usize)>;
    let mut by_post: Vec<Candidates> = vec![Vec::new(); prep.posts.len()];
    for &j in arcs {
        if active[j] {
            continue;
        }
        let d = rc(j);
        if d < -1e-7 {
            let arc = &prep.arcs[j - b.arcs.start];
            by_post[arc.post()].push(((d * 1e6).round(), arc.cost, j));
        }
    }
    let mut out = Vec::new();
    for mut list in by_post {
        list.sort_by(|x, y| {
            x.0.total_cmp(&y.0)
                .then(x.1.total_cmp(&y.1))
                .then(x.2.cmp(&y.2))
        });
        out.extend(list.into_iter().take(PRICE_PER_POST).map(|x| x.2));
    }
    out.sort_unstable();
    out
}

/// Every column but the arcs, and for arcs: the `START_ARCS` cheapest of each pool and the
/// `START_ARCS` cheapest into each receiving post (cost, then order, so the choice is fixed).
///
/// With a starting plan (the travel stage's, after the earlier goals), the earlier goals have
/// mostly decided which pools send and which posts receive; the travel goal pairs them. So
/// only arcs between a pool that sends and a post that receives in that plan are chosen: of
/// each such pool and into each such post, the `TRAVEL_START_ARCS` cheapest plus one more per
/// teacher the plan moves through it. Pricing adds any other arc the LP wants, so the choice
/// changes the work, not the optimum.
pub(super) fn initial_active(prep: &Prepared, b: &Built, start: Option<&[f64]>) -> Vec<bool> {
    let mut active = vec![true; b.sp.cols.len()];
    for j in b.arcs.clone() {
        active[j] = false;
    }
    if b.hub.is_none() {
        for j in b.hub_cols.clone() {
            active[j] = false;
        }
    }
    if !b.parts_on {
        for j in b.part_cols.clone() {
            active[j] = false;
        }
    }
    for j in b.arcs.clone() {
        // pinned arcs (locks, kept decisions) are always in
        if b.sp.cols[j].lb > 0.0 {
            active[j] = true;
        }
    }
    // Teachers the starting plan moves out of each pool and into each post (pools, then posts).
    let (np, nq) = (prep.pools.len(), prep.posts.len());
    let mut moved = vec![0usize; np + nq];
    if let Some(x) = start {
        for (a, arc) in prep.arcs.iter().enumerate() {
            let n = x[b.arcs.start + a].round().max(0.0) as usize;
            moved[arc.pool()] += n;
            moved[np + arc.post()] += n;
        }
    }
    // Without a starting plan every pool may send and every post receive.
    let sends = |q: usize| start.is_none() || moved[q] > 0;
    let receives = |k: usize| start.is_none() || moved[np + k] > 0;
    let mut by_pool: Vec<Vec<usize>> = vec![Vec::new(); np];
    let mut by_post: Vec<Vec<usize>> = vec![Vec::new(); nq];
    for (a, arc) in prep.arcs.iter().enumerate() {
        if b.sp.cols[b.arcs.start + a].ub <= 0.0 {
            continue;
        }
        if receives(arc.post()) {
            by_pool[arc.pool()].push(a);
        }
        if sends(arc.pool()) {
            by_post[arc.post()].push(a);
        }
    }
    let costs: Vec<f64> = prep.arcs.iter().map(|a| travel_cost(a.cost)).collect();
    let order = |&x: &usize, &y: &usize| costs[x].total_cmp(&costs[y]).then(x.cmp(&y));
    let base = if start.is_some() {
        TRAVEL_START_ARCS
    } else {
        START_ARCS
    };
    for (list, extra) in by_pool.iter_mut().chain(by_post.iter_mut()).zip(moved) {
        let k = base + extra;
        // the k first open arcs in that order (no need to sort the rest)
        if list.len() > k {
            list.select_nth_unstable_by(k - 1, order);
        }
        for &a in list.iter().take(k) {
            active[b.arcs.start + a] = true;
        }
    }
    active
}
