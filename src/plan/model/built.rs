//! What a build of the model is: the sparse model with the columns and rows it needs to be
//! read back (gap slots, share slacks, hubs, parts) and its goals.

use super::sparse::Sparse;
use crate::scenario::Goal;
use std::ops::Range;

/// The gap columns of one cell, to set them to their least feasible values given the flows.
pub(super) enum CellVars {
    /// Slots (column, capacity), filled in order by the arrivals.
    Receive {
        inflow: Vec<usize>,
        slots: Vec<(usize, f64)>,
    },
    /// Slots (column, capacity), filled in order by the departures.
    Send {
        outflow: Vec<usize>,
        slots: Vec<(usize, f64)>,
    },
    /// y ≥ short − in + out.
    Mixed {
        col: usize,
        short: f64,
        inflow: Vec<usize>,
        outflow: Vec<usize>,
    },
}

pub(super) struct Built {
    pub sp: Sparse,
    pub cells: Vec<CellVars>,
    /// The shares goal's slack columns.
    pub slack: ShareSlacks,
    pub goals: Vec<GoalExpr>,
    /// The stability goal's kept counts (`plan --base`), set from the flows by `settle`.
    pub kept: Vec<KeptCol>,
    /// Their columns and rows: derived from the flows, never tightened by a fixing (a bound
    /// implied in the hub build, where most arcs are closed, would not hold in the arc build).
    pub kept_cols: Range<usize>,
    pub kept_rows: Range<usize>,
    /// The arc columns (the only ones left out of a restricted model).
    pub arcs: Range<usize>,
    /// Set when posts without a binding housing limit are reached through hubs.
    pub hub: Option<Hub>,
    /// The hub columns (fixed at 0 when there is no hub).
    pub hub_cols: Range<usize>,
    /// Per arc, the most teachers it may carry by the fixings of the hub stages (see
    /// `fix_by_duals`), for the arcs a hub build reaches through its hub.
    pub path_ub: Vec<f64>,
    /// Per arc: reached through the hub in this build (its own column fixed at 0).
    pub via_hub: Vec<bool>,
    /// The hub balance rows, which come first (0 without the hub).
    pub hub_rows: usize,
    /// Upper bound of each hub column as built (before any fixing).
    pub hub_ub: Vec<f64>,
    /// Whether the groups' parts are modelled (see `build`): needed by the goals that read
    /// the backbone and due flags (shares, travel).
    pub parts_on: bool,
    /// The part columns: per group with more than one part, teachers of each part who leave
    /// (fixed at 0 without `parts_on`).
    pub part_cols: Range<usize>,
    /// Per group, its first part column (`None` for a group of one part, whose picks carry
    /// its flags).
    pub first_part: Vec<Option<usize>>,
    /// The columns that count backbone teachers who leave.
    pub backbone: Vec<usize>,
    /// The rows tying each group's picks to its parts, which come last (0 without `parts_on`).
    pub part_rows: usize,
}

/// A kept count of the stability goal (`plan --base`): its column, the most it may keep, and
/// the flows it may not exceed.
pub(super) struct KeptCol {
    pub col: usize,
    pub cap: f64,
    pub flows: Vec<usize>,
}

/// The two slack columns of the shares goal: teachers short of the rotation target and
/// backbone teachers short of the backbone share. They are the first columns after the gap
/// slots; only the indicators goal's slacks come after them.
#[derive(Debug, Clone, Copy)]
pub(super) struct ShareSlacks {
    pub rotation: usize,
    pub backbone: usize,
}

/// One hub per subject: pools send teachers into it, posts draw teachers from it.
pub(super) struct Hub {
    /// (pool, column)
    pub out: Vec<(usize, usize)>,
    /// ((school, subject) post, column)
    pub into: Vec<((usize, String), usize)>,
}

impl Built {
    pub fn goal(&self, g: Goal) -> &GoalExpr {
        self.goals
            .iter()
            .find(|e| e.goal == g)
            .expect("every goal built")
    }
}

/// One goal: constant plus (column, coefficient) terms, and the granularity of its values (1 for
/// counts, 0.1 for travel, 0 when continuous), with which a gap below one step proves optimality.
#[derive(Clone)]
pub(super) struct GoalExpr {
    pub goal: Goal,
    pub constant: f64,
    pub terms: Vec<(usize, f64)>,
    pub step: f64,
}

impl GoalExpr {
    pub fn new(goal: Goal, constant: f64, step: f64) -> Self {
        GoalExpr {
            goal,
            constant,
            terms: Vec::new(),
            step,
        }
    }
    pub fn add(&mut self, coef: f64, col: usize) {
        self.terms.push((col, coef));
    }
    pub fn value(&self, cols: &[f64]) -> f64 {
        self.constant + self.terms.iter().map(|&(c, k)| k * cols[c]).sum::<f64>()
    }
    /// A value no plan can go below, known without solving: 0 for counts and travel; none for
    /// the gap, whose slots may lower it below its constant.
    pub fn lower_bound(&self) -> f64 {
        match self.goal {
            Goal::MustServe
            | Goal::Shares
            | Goal::Travel
            | Goal::Indicators
            | Goal::Wishes
            | Goal::Stability => 0.0,
            Goal::Gap => f64::NEG_INFINITY,
        }
    }
}

/// A cell that may both receive and send: y ≥ short − in + out, y ≥ 0, plus, when short is
/// fractional, the cut y ≥ frac·(⌈short⌉ − in + out) − z_in. At whole-teacher flows
/// w·max(0, short − in + out) has a kink between ⌊short⌋ and ⌈short⌉; the cut makes the LP
/// follow the integer points (the convex hull), so a fractional short no longer yields
/// fractional flows. Itinerant teaching (`z_in`, `z_out`, continuous FTE) counts in full in the
/// first row; the cut stays valid with `z_in` (uncovered ≥ frac − z_in at ⌊short⌋ arrivals),
/// and without `z_out`, which only raises what is uncovered. The caller prices y.
pub(super) fn mixed_cell(sp: &mut Sparse, short: f64, ins: &[usize], outs: &[usize]) -> CellVars {
    let y = sp.col(0.0, f64::INFINITY, false);
    let mut terms: Vec<(usize, f64)> = vec![(y, 1.0)];
    terms.extend(ins.iter().map(|&v| (v, 1.0)));
    terms.extend(outs.iter().map(|&v| (v, -1.0)));
    sp.row(short, f64::INFINITY, terms.clone());
    let frac = short - short.floor();
    if frac > 1e-9 {
        let cut: Vec<(usize, f64)> = terms
            .iter()
            .map(|&(c, k)| if c == y { (c, 1.0) } else { (c, frac * k) })
            .collect();
        sp.row(frac * short.ceil(), f64::INFINITY, cut);
    }
    CellVars::Mixed {
        col: y,
        short,
        inflow: ins.to_vec(),
        outflow: outs.to_vec(),
    }
}
