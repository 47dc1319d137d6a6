//! The neighbourhoods of the LP optimum that a stage searches before branch and bound
//! (docs/model.md, "Branch only where needed"): which columns each fixes.

use super::lp::LpOptimum;
use super::stage_model::{StageModel, StageRun};

/// (place in the model's columns, full column, value) of a column a neighbourhood fixes.
pub(super) type Fix = (usize, usize, f64);

/// How many steps from a fractional column the around neighbourhood frees.
const AROUND_STEPS: usize = 2;

/// Rows with more of the model's columns than this (held goals, a county-wide share, a large
/// school's headcount) do not make their columns neighbours.
const AROUND_ROW: usize = 60;

/// The neighbourhoods of the LP optimum searched before branch and bound, in order.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Hood {
    /// Every integer column the LP leaves whole is fixed at its value; the small MIP over the
    /// fractional ones (usually enough).
    Fractional,
    /// Every flow the LP leaves at zero is fixed to zero.
    Support,
    /// Every column with a nonzero reduced cost is fixed at the bound it points to: each whole
    /// plan on the LP's optimal face reaches the LP bound.
    Face,
    /// Every integer column on which the incumbent and the LP optimum agree is fixed there
    /// (relaxation-induced neighbourhood): it holds the incumbent, so its MIP starts from a
    /// plan that keeps every held row and can only improve on it.
    Agree,
    /// Every integer column the LP leaves whole is fixed at its value, except the columns
    /// around the fractional ones: those that share a short row with a fractional column, or
    /// with such a neighbour (two steps), and whose reduced cost is within the tolerance. A
    /// whole plan near the LP optimum usually reroutes a few flows next to the fractional ones.
    Around,
    /// A plan within the tolerance Δ of the LP bound moves no column whose reduced cost exceeds
    /// Δ (goal ≥ bound + Σ |d_j| · distance of x_j from its LP bound), so fixing those columns
    /// keeps every such plan. Arcs left out with a reduced cost below Δ are added first.
    ReducedCost,
    /// The same with Δ half the tolerance, before it when its Δ is over twice the tolerance:
    /// fewer columns, and a plan it finds (within the tolerance) decides the stage.
    Near,
}

impl Hood {
    pub(super) const ALL: [Hood; 7] = [
        Hood::Fractional,
        Hood::Agree,
        Hood::Around,
        Hood::Support,
        Hood::Face,
        Hood::Near,
        Hood::ReducedCost,
    ];

    /// Whether the neighbourhood fixes nearly every flow: its MIP gets a small model of its own,
    /// with the fixed flows left out, and a stage that is only a start searches it.
    pub(super) fn small(self) -> bool {
        matches!(self, Hood::Fractional | Hood::Agree | Hood::Around)
    }

    pub(super) fn key(self) -> &'static str {
        match self {
            Hood::Fractional => "fractional",
            Hood::Support => "support",
            Hood::Face => "face",
            Hood::Agree => "agree",
            Hood::Around => "around",
            Hood::ReducedCost => "reduced-cost",
            Hood::Near => "near",
        }
    }
}

/// The columns (of `over`, the model's columns) a neighbourhood fixes, with their values.
pub(super) fn fixings(
    run: &StageRun,
    sm: &StageModel,
    hood: Hood,
    over: &[usize],
    lp: &LpOptimum,
    delta: f64,
    incumbent: &[f64],
) -> Vec<Fix> {
    let (b, cols) = (run.b, &lp.cols);
    let free = if hood == Hood::Around {
        around(run, sm, over, lp, delta)
    } else {
        Vec::new()
    };
    over.iter()
        .enumerate()
        .filter_map(|(m, &j)| {
            let c = &b.sp.cols[j];
            if j >= b.slack.rotation || !c.integer {
                return None;
            }
            let v = cols[j].round();
            let whole = (cols[j] - v).abs() <= 1e-6;
            match hood {
                Hood::Fractional => return whole.then_some((m, j, v)),
                Hood::Support => return (v == 0.0 && whole).then_some((m, j, v)),
                Hood::Agree => {
                    return (whole && (incumbent[j] - v).abs() < 0.5).then_some((m, j, v))
                }
                Hood::Around => return (whole && !free[j]).then_some((m, j, v)),
                Hood::Face | Hood::ReducedCost | Hood::Near => {}
            }
            let d = sm.reduced_cost(j, &lp.y);
            let delta = if hood == Hood::Face { 1e-9 } else { delta };
            if d > delta {
                Some((m, j, c.lb))
            } else if d < -delta && c.ub.is_finite() {
                Some((m, j, c.ub))
            } else {
                None
            }
        })
        .collect()
}

/// The around neighbourhood's free columns (by full column): the fractional integer columns of
/// the LP optimum and, `AROUND_STEPS` times over, the integer columns of `over` that share a row
/// of at most `AROUND_ROW` of them with a column freed in the step before and whose reduced cost
/// is within `delta`. Level by level, so the set does not depend on any order.
fn around(
    run: &StageRun,
    sm: &StageModel,
    over: &[usize],
    lp: &LpOptimum,
    delta: f64,
) -> Vec<bool> {
    let (b, cols) = (run.b, &lp.cols);
    let integer = |j: usize| j < b.slack.rotation && b.sp.cols[j].integer;
    let mut by_row: Vec<Vec<usize>> = vec![Vec::new(); b.sp.rows.len()];
    for &j in over.iter().filter(|&&j| integer(j)) {
        for (r, _) in b.sp.entries(j) {
            by_row[r].push(j);
        }
    }
    let mut free = vec![false; b.sp.cols.len()];
    // (a column's reduced cost is looked at once: it is a neighbour of many freed columns)
    let mut seen = vec![false; b.sp.cols.len()];
    let mut level: Vec<usize> = (over.iter().copied())
        .filter(|&j| integer(j) && (cols[j] - cols[j].round()).abs() > 1e-6)
        .collect();
    for &j in &level {
        free[j] = true;
        seen[j] = true;
    }
    for _ in 0..AROUND_STEPS {
        let mut next = Vec::new();
        for &j in &level {
            for (r, _) in b.sp.entries(j) {
                if by_row[r].len() > AROUND_ROW {
                    continue;
                }
                for &k in &by_row[r] {
                    if !std::mem::replace(&mut seen[k], true)
                        && sm.reduced_cost(k, &lp.y).abs() <= delta
                    {
                        free[k] = true;
                        next.push(k);
                    }
                }
            }
        }
        level = next;
    }
    free
}
