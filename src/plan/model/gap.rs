//! The gap goal's cells (docs/model.md, "The gap goal"): cells that only receive gain in unit
//! slots, cells that only send lose in unit slots, cells that may do both use the general form
//! with its cut.

use super::built::{mixed_cell, CellVars, GoalExpr};
use super::sparse::Sparse;
use super::Terms;
use crate::plan::prepare::Prepared;
use crate::scenario::Goal;

/// Gap after the plan, cell by cell (see docs/model.md, "The gap goal"): cells that only
/// receive gain in unit slots, cells that only send lose in unit slots; both are linear per
/// teacher, which keeps the LP relaxation close to the integer optimum. Cells that may both
/// receive and send use the general form y ≥ need − staff − in + out.
pub(super) fn gap_goal(
    prep: &Prepared,
    sp: &mut Sparse,
    inflow: &[Vec<usize>],
    outflow: &[Vec<usize>],
) -> (GoalExpr, Vec<CellVars>) {
    let mut gap = GoalExpr::new(Goal::Gap, 0.0, 0.0);
    let mut cell_vars = Vec::new();
    for (c, cell) in prep.cells.iter().enumerate() {
        let (w, short) = (cell.weight, cell.need - cell.staff);
        let (ins, outs) = (&inflow[c], &outflow[c]);
        let before = w * short.max(0.0);
        if ins.is_empty() && outs.is_empty() {
            gap.constant += before;
        } else if outs.is_empty() {
            if short <= 0.0 {
                continue;
            }
            gap.constant += before;
            cell_vars.push(receiving_cell(sp, &mut gap, w, short, ins));
        } else if ins.is_empty() {
            gap.constant += before;
            let surplus = -short;
            if surplus <= 0.0 {
                // already short: every departure adds a whole teacher to the gap
                for &v in outs {
                    gap.add(w, v);
                }
                continue;
            }
            cell_vars.push(sending_cell(sp, &mut gap, w, surplus, outs));
        } else {
            let cell = mixed_cell(sp, short, ins, outs);
            if let CellVars::Mixed { col, .. } = cell {
                gap.add(w, col);
            }
            cell_vars.push(cell);
        }
    }
    (gap, cell_vars)
}

/// A cell that only receives, `short` teachers short: gain w per filled whole slot, w·frac for
/// the last, partial one.
fn receiving_cell(
    sp: &mut Sparse,
    gap: &mut GoalExpr,
    w: f64,
    short: f64,
    ins: &[usize],
) -> CellVars {
    let full = short.floor();
    let frac = short - full;
    let mut slots = Vec::new();
    let mut terms: Terms = ins.iter().map(|&v| (v, -1.0)).collect();
    for (cap, gain) in [(full, w), (1.0, w * frac)] {
        if cap > 0.0 && gain > 0.0 {
            let z = sp.col(0.0, cap, false);
            gap.add(-gain, z);
            terms.push((z, 1.0));
            slots.push((z, cap));
        }
    }
    sp.row(f64::NEG_INFINITY, 0.0, terms);
    CellVars::Receive {
        inflow: ins.to_vec(),
        slots,
    }
}

/// A cell that only sends, with `surplus` teachers more than it needs: free departures up to
/// the surplus, then 1 − frac, then w per teacher.
fn sending_cell(
    sp: &mut Sparse,
    gap: &mut GoalExpr,
    w: f64,
    surplus: f64,
    outs: &[usize],
) -> CellVars {
    let free = surplus.floor();
    let frac = surplus - free;
    let mut slots = Vec::new();
    let mut terms: Terms = outs.iter().map(|&v| (v, -1.0)).collect();
    let partial = if frac > 0.0 { 1.0 } else { 0.0 };
    for (cap, cost) in [(free, 0.0), (partial, w * (1.0 - frac)), (f64::INFINITY, w)] {
        if cap > 0.0 {
            let u = sp.col(0.0, cap, false);
            if cost > 0.0 {
                gap.add(cost, u);
            }
            terms.push((u, 1.0));
            slots.push((u, cap));
        }
    }
    sp.row(0.0, f64::INFINITY, terms);
    CellVars::Send {
        outflow: outs.to_vec(),
        slots,
    }
}
