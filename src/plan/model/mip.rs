//! The MIP phases of a goal stage, after its LP: an integral LP optimum is the MIP optimum;
//! otherwise neighbourhood MIPs around the LP optimum, then branch and bound on the restricted
//! model, closed with every arc that could still improve by the remaining gap.

use super::highs_ffi::{clear_solver, objective_offset, set_bounds};
use super::hoods::{fixings, Fix, Hood};
use super::lp::LpOptimum;
use super::stage_model::{lift, SolverModel, StageModel, StageOutcome, StageRun};
use super::start::polish;
use super::{debug, SolveStatus};
use crate::plan::error::PlanError;
use highs::{HighsModelStatus, HighsSolutionStatus};

/// An integral LP optimum (over the branch-and-bound columns `map`) is the MIP optimum (phase
/// 2 of a stage).
pub(super) fn integral_lp(
    run: &StageRun,
    sm: &StageModel,
    lp: &LpOptimum,
    map: &[usize],
) -> Option<StageOutcome> {
    let (b, cols) = (run.b, &lp.cols);
    let first_slack = b.slack.rotation;
    if debug() {
        let frac = |r: std::ops::Range<usize>| {
            r.filter(|&j| b.sp.cols[j].integer && (cols[j] - cols[j].round()).abs() > 1e-6)
                .count()
        };
        eprintln!(
            "[cg] fractional picks {} arcs {} hires {}",
            frac(0..run.prep.picks.len()),
            frac(b.arcs.clone()),
            frac(b.arcs.end..first_slack)
        );
    }
    // Flows (picks, arcs, hires) decide everything; slack is set by `polish`.
    let integral = map.iter().all(|&j| {
        j >= first_slack || !b.sp.cols[j].integer || (cols[j] - cols[j].round()).abs() <= 1e-6
    });
    if !integral {
        return None;
    }
    // (`polish` rounds the integer columns)
    let cols = polish(run.prep, run.scenario, cols, b);
    let value = run.target.value(&cols);
    let bound = lp.bound;
    if value <= bound + 1e-6 * bound.abs().max(1.0) && sm.broken(&cols).is_empty() {
        return Some(StageOutcome {
            cols,
            report: run.report(SolveStatus::Optimal, value, 0.0, map.len()),
            duals: Some(lp.y.clone()),
        });
    }
    None
}

/// Neighbourhood MIPs (with an LP optimum), then branch and bound, from the stage's starting
/// plan `start` (phases 3 and 4). `map`: the columns of branch and bound, for the fractional
/// neighbourhood.
pub(super) fn branch(
    run: &StageRun,
    sm: &mut StageModel,
    active: &mut [bool],
    lp: Option<LpOptimum>,
    map: Vec<usize>,
    start: Vec<f64>,
) -> Result<StageOutcome, PlanError> {
    let mut incumbent = start;
    let mut big: Option<SolverModel> = None;
    if let Some(lp) = &lp {
        let found = neighbourhoods(run, sm, active, lp, &map, &mut big, &mut incumbent)?;
        if let Some(out) = found {
            return Ok(out);
        }
    }
    if run.start_only {
        // (a start for a later stage, which proves its own goal: no search for a proof)
        let ub = run.target.value(&incumbent);
        let gap = gap_to_bound(ub, lp.as_ref());
        return Ok(StageOutcome {
            cols: incumbent,
            report: run.report(SolveStatus::GapLimit, ub, gap, map.len()),
            duals: lp.map(|l| l.y),
        });
    }
    branch_and_close(run, sm, active, lp, big, incumbent)
}

/// Branch only where needed, in the neighbourhoods of the LP optimum (`Hood`), each measured
/// against the full LP bound. A plan within the tolerance from any of them is optimal for the
/// stage. The fractional, agree and around neighbourhoods fix nearly every flow: each gets a
/// small model of its own, with the fixed flows left out (pinned); the others share `big`. A
/// stage that is only a start (`start_only`) searches the small ones only.
fn neighbourhoods(
    run: &StageRun,
    sm: &mut StageModel,
    active: &mut [bool],
    lp: &LpOptimum,
    map: &[usize],
    big: &mut Option<SolverModel>,
    incumbent: &mut Vec<f64>,
) -> Result<Option<StageOutcome>, PlanError> {
    let (b, target) = (run.b, run.target);
    let bound = lp.bound;
    let tolerance = improvement(run, bound);
    // The best plan's value, and how far below it a plan must be to count as better.
    let best = |incumbent: &[f64]| {
        let ub = target.value(incumbent);
        (ub, improvement(run, ub))
    };
    for hood in Hood::ALL {
        if run.start_only && !hood.small() {
            continue;
        }
        // When the reduced-cost neighbourhood below decides the stage by itself (Δ under its
        // cap), support and face could only make it a little smaller.
        if matches!(hood, Hood::Support | Hood::Face) {
            let (ub, improve) = best(incumbent);
            if ub - improve - bound <= 4.0 * tolerance {
                if debug() {
                    eprintln!("[cg] {} {} skipped", run.goal.key(), hood.key());
                }
                continue;
            }
        }
        // The reduced-cost neighbourhood keeps every plan within Δ of the LP bound. It only
        // has to show that no plan beats the incumbent by more than the tolerance: with Δ =
        // incumbent − tolerance − bound it keeps every such plan, so its MIP decides the stage
        // and no closing round is needed after it (either it finds such a plan, or it proves
        // the stage at least bound + Δ, and the incumbent within the tolerance). The smaller Δ,
        // the more columns it fixes. Capped at 4× the tolerance: a far incumbent would leave
        // nearly every column free.
        let delta = if matches!(hood, Hood::ReducedCost | Hood::Near) {
            let (ub, improve) = best(incumbent);
            // (a hair above, so that bound + Δ clears ub − improve in floating point)
            let margin = 1e-9 * ub.abs().max(1.0);
            let full = (ub - improve - bound + margin).clamp(margin, (4.0 * tolerance).max(margin));
            if hood == Hood::Near && full <= 2.0 * tolerance {
                continue; // (the reduced-cost neighbourhood is hardly larger)
            }
            full.min(if hood == Hood::Near {
                0.5 * tolerance
            } else {
                f64::INFINITY
            })
        } else {
            tolerance
        };
        let (x, fixed, pinned, over_len) = if hood.small() {
            let fixed = fixings(run, sm, hood, map, lp, delta, incumbent);
            let saved = sm.pin(&fixed);
            let mut x = sm.to_highs(|j| active[j], false, true)?;
            run.configure(&mut x.model, run.left());
            (x, fixed, Some(saved), map.len())
        } else {
            let mut x = match big.take() {
                Some(x) => x,
                None => {
                    let mut x = sm.to_highs(|j| active[j], false, true)?;
                    run.configure(&mut x.model, run.left());
                    x
                }
            };
            if matches!(hood, Hood::ReducedCost | Hood::Near) {
                let entering = arcs_below(run, sm, active, lp, delta);
                put_in(sm, active, &entering, (&mut x.model, &x.rows, &mut x.map))?;
            }
            let fixed = fixings(run, sm, hood, &x.map, lp, delta, incumbent);
            let pins: Vec<(usize, f64, f64)> = fixed.iter().map(|&(m, _, v)| (m, v, v)).collect();
            set_bounds(&mut x.model, &pins)?;
            let over_len = x.map.len();
            // (the near neighbourhood is a quick look of at most 100 nodes, docs/model.md)
            let nodes = if hood == Hood::Near { 100 } else { i32::MAX };
            x.model.set_option("mip_max_nodes", nodes);
            (x, fixed, None, over_len)
        };
        let (mut x, lower) = solve_hood(
            run,
            sm,
            hood,
            x,
            &fixed,
            pinned.is_some(),
            lp,
            delta,
            incumbent,
        )?;
        let model_columns = x.map.len();
        if let Some(saved) = pinned {
            sm.unpin(saved);
        } else {
            let back: Vec<(usize, f64, f64)> = (fixed.iter())
                .map(|&(m, j, _)| (m, b.sp.cols[j].lb, b.sp.cols[j].ub))
                .collect();
            set_bounds(&mut x.model, &back)?;
            *big = Some(x);
        }
        let ub = target.value(incumbent);
        let improve = improvement(run, ub);
        if debug() {
            eprintln!(
                "[cg] {} {} MIP: {} of {} fixed ({} in the model), ub {ub:.4} lp bound {bound:.4} proven {lower:.4} at {:.3}s",
                run.goal.key(),
                hood.key(),
                fixed.len(),
                over_len,
                model_columns,
                run.started.elapsed().as_secs_f64()
            );
        }
        if ub - lower <= improve {
            let exact = if target.step > 0.0 {
                ub - lower < 0.99 * target.step + 1e-9
            } else {
                ub - lower <= 1e-6 * ub.abs().max(1.0)
            };
            let gap = if exact {
                0.0
            } else {
                (ub - lower) / ub.abs().max(1e-9)
            };
            return Ok(Some(StageOutcome {
                cols: std::mem::take(incumbent),
                report: run.report(SolveStatus::Optimal, ub, gap, over_len),
                duals: Some(lp.y.clone()),
            }));
        }
    }
    Ok(None)
}

/// Solves one neighbourhood's MIP `x` (its columns `fixed` fixed: pinned out of the model when
/// `pinned`, by bounds otherwise), putting in the held rows its plans break; keeps a better
/// plan in `incumbent`. Returns the model and what the stage is proven not to go below.
#[allow(clippy::too_many_arguments)]
fn solve_hood(
    run: &StageRun,
    sm: &mut StageModel,
    hood: Hood,
    x: SolverModel,
    fixed: &[Fix],
    pinned: bool,
    lp: &LpOptimum,
    delta: f64,
    incumbent: &mut Vec<f64>,
) -> Result<(SolverModel, f64), PlanError> {
    let (b, target) = (run.b, run.target);
    let SolverModel {
        mut model,
        rows,
        map,
    } = x;
    let lifted = |solved: &highs::SolvedModel| {
        let mut x = lift(solved, &map, b);
        if pinned {
            for &(_, j, v) in fixed {
                x[j] = v;
            }
        }
        x
    };
    let fits = fixed
        .iter()
        .all(|&(_, j, v)| (incumbent[j] - v).abs() < 0.5);
    let warm: Vec<f64> = if fits
        && matches!(
            hood,
            Hood::ReducedCost | Hood::Near | Hood::Agree | Hood::Around
        ) {
        map.iter().map(|&j| incumbent[j]).collect()
    } else {
        map.iter().map(|&j| lp.cols[j].round()).collect()
    };
    let solved = loop {
        run.configure(&mut model, run.left());
        let solved = solve_from(run, model, &warm, sm, &map).map_err(|e| run.solver_error(e))?;
        if solved.primal_solution_status() == HighsSolutionStatus::Feasible {
            let cand = polish(run.prep, run.scenario, &lifted(&solved), b);
            let broken = sm.broken(&cand);
            if !broken.is_empty() && run.left() > 0.0 {
                model = solved.into();
                for h in broken {
                    sm.switch_on(&mut model, &map, h, true, sm.held_row(h))?;
                }
                continue;
            }
            if broken.is_empty() && target.value(&cand) < target.value(incumbent) {
                *incumbent = cand;
            }
        }
        break solved;
    };
    // What the stage is proven not to go below. The reduced-cost neighbourhood holds every
    // plan below bound + Δ, so its own MIP bound, capped there, bounds them all.
    let mut lower = lp.bound;
    let rc = matches!(hood, Hood::ReducedCost | Hood::Near);
    if rc && solved.status() == HighsModelStatus::Infeasible {
        // no plan at all within Δ of the LP bound
        lower = lp.bound + delta;
    } else if rc {
        if let Ok(hood_bound) = solved.double_info_value(c"mip_dual_bound") {
            let hood_bound = hood_bound + target.constant;
            if hood_bound.is_finite() {
                lower = lower.max(hood_bound.min(lp.bound + delta));
            }
        }
    }
    let model = solved.into();
    Ok((SolverModel { model, rows, map }, lower))
}

/// Branch and bound on the restricted model (`big`, or a new one), then, with an LP bound,
/// close it: every arc left out that could still improve by the remaining gap (reduced cost
/// below it) is added and the MIP solved once more, which proves the restricted optimum is the
/// full model's.
fn branch_and_close(
    run: &StageRun,
    sm: &mut StageModel,
    active: &mut [bool],
    lp: Option<LpOptimum>,
    big: Option<SolverModel>,
    mut incumbent: Vec<f64>,
) -> Result<StageOutcome, PlanError> {
    let (b, target) = (run.b, run.target);
    let SolverModel {
        mut model,
        rows: hrows,
        mut map,
    } = match big {
        Some(x) => x,
        None => sm.to_highs(|j| active[j], false, true)?,
    };
    // Every arc that could beat the incumbent by more than the tolerance goes in before the
    // first branch and bound, not after it: the incumbent only improves, so the closing round
    // below then finds none left out, and the MIP is solved once instead of twice. Only when
    // they are few (at most a quarter of the model's columns): with a far incumbent they are
    // many, and a restricted MIP that improves it first leaves fewer for the closing round.
    if let Some(lp) = &lp {
        let ub = target.value(&incumbent);
        let entering = arcs_below(run, sm, active, lp, ub - lp.bound - improvement(run, ub));
        let few = 4 * entering.len() <= map.len();
        if debug() {
            eprintln!(
                "[cg] {} mip start ub {ub:.4} lp bound {:.4}: {} arcs could improve, {}",
                run.goal.key(),
                lp.bound,
                entering.len(),
                if few {
                    "in now"
                } else {
                    "left to the closing round"
                }
            );
        }
        if few {
            put_in(sm, active, &entering, (&mut model, &hrows, &mut map))?;
        }
    }
    let mut closed = false;
    let (status, mip_gap) = loop {
        run.configure(&mut model, run.left());
        let warm: Vec<f64> = map.iter().map(|&j| incumbent[j]).collect();
        let solved = solve_from(run, model, &warm, sm, &map).map_err(|e| run.solver_error(e))?;
        let hs = solved.status();
        let mip_gap = {
            let g = solved.mip_gap();
            if g.is_finite() {
                g.max(0.0)
            } else if hs == HighsModelStatus::Optimal {
                0.0
            } else {
                f64::INFINITY
            }
        };
        let mut broken = Vec::new();
        if solved.primal_solution_status() == HighsSolutionStatus::Feasible {
            let cols = polish(run.prep, run.scenario, &lift(&solved, &map, b), b);
            broken = sm.broken(&cols);
            if broken.is_empty() && target.value(&cols) <= target.value(&incumbent) + 1e-9 {
                incumbent = cols;
            }
        }
        model = solved.into();
        if !broken.is_empty() && run.left() > 0.0 {
            // The plan breaks a held row left out: put it in and branch again.
            for h in broken {
                sm.switch_on(&mut model, &map, h, true, sm.held_row(h))?;
            }
            continue;
        }
        let ub = target.value(&incumbent);
        // Stopped before HiGHS had a bound (a time limit): the distance from the LP bound, or
        // 100% without one, rather than a gap of 0 that would read as proven.
        let mip_gap = if mip_gap.is_finite() {
            mip_gap
        } else {
            gap_to_bound(ub, lp.as_ref())
        };
        let proven = mip_gap <= 1e-9 || (target.step > 0.0 && mip_gap * ub.abs() < target.step);
        let mip_gap = if proven { 0.0 } else { mip_gap };
        let status = stage_status(run, hs)?;
        let Some(lp) = &lp else {
            // No full LP bound: the restricted optimum is not proven for the full model.
            let status = if status == SolveStatus::Optimal {
                SolveStatus::GapLimit
            } else {
                status
            };
            break (status, mip_gap.max(1e-9));
        };
        if closed || status == SolveStatus::TimeLimit {
            break (status, mip_gap);
        }
        // A plan using arc j costs at least bound + rc(j); it can beat the incumbent by a
        // step (grid goals) or by the relative tolerance only if rc(j) < ub − bound − that.
        let entering = arcs_below(run, sm, active, lp, ub - lp.bound - improvement(run, ub));
        if debug() {
            eprintln!(
                "[cg] {} mip ub {ub:.4} lp bound {:.4} gap {mip_gap:.2e} closing with {}",
                run.goal.key(),
                lp.bound,
                entering.len()
            );
        }
        if entering.is_empty() {
            break (status, mip_gap);
        }
        put_in(sm, active, &entering, (&mut model, &hrows, &mut map))?;
        closed = true;
    };
    let objective = target.value(&incumbent);
    Ok(StageOutcome {
        cols: incumbent,
        report: run.report(status, objective, mip_gap, map.len()),
        duals: lp.map(|l| l.y),
    })
}

/// The stage's status from HiGHS's model status; an error for a status that gives no plan.
fn stage_status(run: &StageRun, hs: HighsModelStatus) -> Result<SolveStatus, PlanError> {
    match hs {
        HighsModelStatus::Optimal => Ok(SolveStatus::Optimal),
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt => Ok(SolveStatus::TimeLimit),
        other => Err(PlanError::Status {
            stage: run.goal.key(),
            status: format!("{other:?}"),
        }),
    }
}

/// Solves the MIP starting from `warm`. HiGHS 1.16 was seen to accept a starting plan, report
/// a better objective found "in the reduced space", and return the starting plan itself (see
/// docs/model.md, "The exact per-teacher reference"); when the returned plan's cost disagrees
/// with the objective HiGHS reports, the start is dropped and the MIP solved again without it,
/// within what is left of the stage's time (none left: the first solve's result stands).
fn solve_from(
    run: &StageRun,
    mut model: highs::Model,
    warm: &[f64],
    sm: &StageModel,
    map: &[usize],
) -> Result<highs::SolvedModel, highs::HighsStatus> {
    model.try_set_solution(Some(warm), None, None, None)?;
    let solved = model.try_solve()?;
    if solved.primal_solution_status() != HighsSolutionStatus::Feasible {
        return Ok(solved);
    }
    let sol = solved.get_solution();
    let offset = objective_offset(&solved);
    let cost: f64 = offset
        + map
            .iter()
            .zip(sol.columns())
            .map(|(&j, &x)| sm.cost[j] * x)
            .sum::<f64>();
    let reported = solved.objective_value();
    if (cost - reported).abs() <= 1e-6 * cost.abs().max(1.0) + 1e-6 {
        return Ok(solved);
    }
    if run.left() <= 0.0 {
        return Ok(solved);
    }
    let mut model: highs::Model = solved.into();
    clear_solver(&mut model);
    // (the time limit HiGHS was given counted from the first solve)
    model.set_option("time_limit", run.left().max(0.01));
    model.try_solve()
}

/// How much better than `value` a plan must be to count: the relative tolerance
/// (`mip_rel_gap`), or just under one step for goals on a grid.
fn improvement(run: &StageRun, value: f64) -> f64 {
    (run.scenario.solver.mip_rel_gap * value.abs()).max(0.99 * run.target.step)
}

/// Puts the arcs `entering` into `model` (its row handles, and its `map`: the full column of
/// each model column) and marks them active.
fn put_in(
    sm: &mut StageModel,
    active: &mut [bool],
    entering: &[usize],
    (model, rows, map): (&mut highs::Model, &[highs::Row], &mut Vec<usize>),
) -> Result<(), PlanError> {
    for &j in entering {
        sm.add_column(model, rows, j, false)?;
        active[j] = true;
        map.push(j);
    }
    Ok(())
}

/// The arcs left out whose reduced cost under the LP's duals is below `threshold` (a plan
/// using arc j costs at least the LP bound plus its reduced cost).
fn arcs_below(
    run: &StageRun,
    sm: &StageModel,
    active: &[bool],
    lp: &LpOptimum,
    threshold: f64,
) -> Vec<usize> {
    (run.open_arcs.iter().copied())
        .filter(|&j| !active[j] && sm.reduced_cost(j, &lp.y) < threshold)
        .collect()
}

/// The relative distance of a plan's value `ub` from the LP bound, or 100% without a bound:
/// the gap reported for a plan no branch and bound has proven.
fn gap_to_bound(ub: f64, lp: Option<&LpOptimum>) -> f64 {
    lp.map_or(1.0, |l| ((ub - l.bound) / ub.abs().max(1e-9)).max(0.0))
}
