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

use super::prepare::Prepared;
use crate::scenario::{Goal, Presolve, Scenario};
use highs::{ColProblem, HighsModelStatus, Row, Sense};
use std::ops::Range;
use std::path::Path;
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
}

impl SolveStatus {
    pub fn key(self) -> &'static str {
        match self {
            SolveStatus::Optimal => "optimal",
            SolveStatus::TimeLimit => "time_limit",
            SolveStatus::GapLimit => "gap_limit",
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

/// The gap columns of one cell, to set them to their least feasible values given the flows.
enum CellVars {
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

/// One column of the sparse model: bounds, integrality and its (row, coefficient) entries.
struct ColDef {
    lb: f64,
    ub: f64,
    integer: bool,
    entries: Vec<(usize, f64)>,
}

struct RowDef {
    lb: f64,
    ub: f64,
}

/// The whole model as a sparse matrix, column by column, so that any column's reduced cost can
/// be computed from row duals whether or not HiGHS has it.
#[derive(Default)]
struct Sparse {
    cols: Vec<ColDef>,
    rows: Vec<RowDef>,
}

impl Sparse {
    fn col(&mut self, lb: f64, ub: f64, integer: bool) -> usize {
        self.cols.push(ColDef {
            lb,
            ub,
            integer,
            // most columns (arcs: pool, post, cell, beds) have up to 4 entries
            entries: Vec::with_capacity(4),
        });
        self.cols.len() - 1
    }

    /// Adds lb ≤ Σ terms ≤ ub (terms on one column are summed); a row without terms is skipped.
    fn row(&mut self, lb: f64, ub: f64, mut terms: Vec<(usize, f64)>) {
        if !terms.is_sorted_by_key(|t| t.0) {
            terms.sort_by_key(|t| t.0);
        }
        let mut merged: Vec<(usize, f64)> = Vec::with_capacity(terms.len());
        for (c, k) in terms {
            match merged.last_mut() {
                Some(last) if last.0 == c => last.1 += k,
                _ => merged.push((c, k)),
            }
        }
        merged.retain(|t| t.1 != 0.0);
        if merged.is_empty() {
            return;
        }
        let r = self.rows.len();
        self.rows.push(RowDef { lb, ub });
        for (c, k) in merged {
            self.cols[c].entries.push((r, k));
        }
    }

    /// Lowers column upper bounds to what the rows imply (bound propagation: for a row
    /// lb ≤ Σ a·x ≤ ub, a column with a > 0 can reach at most (ub − least activity of the
    /// others)/a, one with a < 0 at most (lb − greatest activity of the others)/a; integer
    /// columns round down). Every plan keeps these bounds, so nothing is lost; a picked
    /// teacher count, say, is bounded by the release cap of the school and a pool's outflow by
    /// what its picks can bring. Tighter boxes let HiGHS's dual simplex pass more breakpoints
    /// in one ratio test (docs/model.md, "Implied bounds").
    fn imply_upper_bounds(&mut self) {
        // the rows' entries, row by row (compressed), and the bounds as dense arrays
        let m = self.rows.len();
        let mut start = vec![0usize; m + 1];
        for c in &self.cols {
            for &(r, _) in &c.entries {
                start[r + 1] += 1;
            }
        }
        for r in 0..m {
            start[r + 1] += start[r];
        }
        let mut next = start.clone();
        let mut terms = vec![(0usize, 0.0f64); start[m]];
        for (j, c) in self.cols.iter().enumerate() {
            for &(r, k) in &c.entries {
                terms[next[r]] = (j, k);
                next[r] += 1;
            }
        }
        let lb: Vec<f64> = self.cols.iter().map(|c| c.lb).collect();
        let mut ub: Vec<f64> = self.cols.iter().map(|c| c.ub).collect();
        // Rows to look at: all at first, then those with a column whose bound moved.
        // (a row is dirty when a bound in it moved since it was last looked at: the rest give
        // what they gave before, so skipping them changes nothing)
        let mut dirty = vec![true; m];
        for _ in 0..IMPLY_PASSES {
            let mut any = false;
            for r in 0..m {
                if !std::mem::take(&mut dirty[r]) {
                    continue;
                }
                let RowDef {
                    lb: row_lb,
                    ub: row_ub,
                } = self.rows[r];
                let row = &terms[start[r]..start[r + 1]];
                let (mut least, mut most) = (0.0, 0.0);
                let (mut least_inf, mut most_inf) = (0usize, 0usize);
                for &(j, k) in row {
                    let (lo, hi) = span(lb[j], ub[j], k);
                    if lo.is_finite() {
                        least += lo;
                    } else {
                        least_inf += 1;
                    }
                    if hi.is_finite() {
                        most += hi;
                    } else {
                        most_inf += 1;
                    }
                }
                // the others' least (k > 0) or greatest (k < 0) activity, if finite
                let others = |sum: f64, inf: usize, own: f64| match (own.is_finite(), inf) {
                    (true, 0) => Some(sum - own),
                    (false, 1) => Some(sum),
                    _ => None,
                };
                for &(j, k) in row {
                    let (lo, hi) = span(lb[j], ub[j], k);
                    let bound = if k > 0.0 && row_ub.is_finite() {
                        others(least, least_inf, lo).map(|rest| (row_ub - rest) / k)
                    } else if k < 0.0 && row_lb.is_finite() {
                        others(most, most_inf, hi).map(|rest| (row_lb - rest) / k)
                    } else {
                        None
                    };
                    let Some(bound) = bound.filter(|&v| v < ub[j]) else {
                        continue;
                    };
                    let bound = if self.cols[j].integer {
                        (bound + 1e-9).floor()
                    } else {
                        bound + 1e-9 * bound.abs().max(1.0)
                    };
                    if bound < ub[j] && bound >= lb[j] {
                        // the row's sums change with the bound; later terms of this row use
                        // the sums as they were, which is still valid (only looser)
                        ub[j] = bound;
                        any = true;
                        for &(r2, _) in &self.cols[j].entries {
                            dirty[r2] = true;
                        }
                    }
                }
            }
            if !any {
                break;
            }
        }
        for (c, &u) in self.cols.iter_mut().zip(&ub) {
            c.ub = u;
        }
    }

    /// Least and greatest activity of each row over the column bounds (±∞ when a column is
    /// unbounded in the direction that counts).
    fn activity_ranges(&self) -> Vec<(f64, f64)> {
        let mut act = vec![(0.0f64, 0.0f64); self.rows.len()];
        for c in &self.cols {
            for &(r, k) in &c.entries {
                let (lo, hi) = span(c.lb, c.ub, k);
                act[r].0 += lo;
                act[r].1 += hi;
            }
        }
        act
    }

    /// Fixes the columns of forcing rows: a row whose least activity already reaches its upper
    /// bound (or whose greatest activity its lower bound) holds only with each of its columns at
    /// the bound that gives that activity, so every plan has them there. A column is fixed
    /// only where `keep` (the stage's starting plan) has it already, so that plan stays within
    /// the bounds. Fixing a column at one of its bounds leaves the least and greatest activity
    /// of its other rows as they were or closer together, so a second pass finds the rows that
    /// became forcing. Returns the columns fixed.
    fn fix_forcing_rows(&mut self, keep: &[f64]) -> Vec<usize> {
        let mut fixed = Vec::new();
        for _ in 0..FORCING_PASSES {
            // per row: Some(true) held at its least activity, Some(false) at its greatest
            let forced: Vec<Option<bool>> = self
                .activity_ranges()
                .iter()
                .zip(&self.rows)
                .map(|(&(least, most), r)| {
                    if least.is_finite() && least == r.ub {
                        Some(true)
                    } else if most.is_finite() && most == r.lb {
                        Some(false)
                    } else {
                        None
                    }
                })
                .collect();
            let before = fixed.len();
            for (j, c) in self.cols.iter_mut().enumerate() {
                if c.lb == c.ub {
                    continue;
                }
                for &(r, k) in &c.entries {
                    let Some(least) = forced[r] else { continue };
                    // the bound that gives the row's least (or greatest) activity
                    let v = if least == (k > 0.0) { c.lb } else { c.ub };
                    if v.is_finite() && (keep[j] - v).abs() <= 1e-9 {
                        c.lb = v;
                        c.ub = v;
                        fixed.push(j);
                        break;
                    }
                }
            }
            if fixed.len() == before {
                break;
            }
        }
        fixed
    }
}

/// Least and greatest contribution k·x of a term over lb ≤ x ≤ ub.
fn span(lb: f64, ub: f64, k: f64) -> (f64, f64) {
    if k > 0.0 {
        (k * lb, k * ub)
    } else {
        (k * ub, k * lb)
    }
}

/// Passes of `Sparse::fix_forcing_rows` (the columns one pass fixes can make more rows
/// forcing).
const FORCING_PASSES: usize = 2;

/// Rounds of bound propagation in `Sparse::imply_upper_bounds` (the bounds a round implies
/// tighten rows that the next round uses).
const IMPLY_PASSES: usize = 3;

struct Built {
    sp: Sparse,
    cells: Vec<CellVars>,
    /// Shares slack: (v_rot column, v_bb column).
    v: (usize, usize),
    goals: Vec<GoalExpr>,
    /// The arc columns (the only ones left out of a restricted model).
    arcs: Range<usize>,
    /// Set when posts without a binding housing limit are reached through hubs.
    hub: Option<Hub>,
    /// The hub columns (fixed at 0 when there is no hub).
    hub_cols: Range<usize>,
    /// Per arc, the most teachers it may carry by the fixings of the hub stages (see
    /// `fix_by_duals`), for the arcs a hub build reaches through its hub.
    path_ub: Vec<f64>,
    /// Per arc: reached through the hub in this build (its own column fixed at 0).
    via_hub: Vec<bool>,
    /// The hub balance rows, which come first (0 without the hub).
    hub_rows: usize,
    /// Upper bound of each hub column as built (before any fixing).
    hub_ub: Vec<f64>,
    /// Whether the groups' parts are modelled (see `build`): needed by the goals that read
    /// the backbone and due flags (shares, travel).
    parts_on: bool,
    /// The part columns: per group with more than one part, teachers of each part who leave
    /// (fixed at 0 without `parts_on`).
    part_cols: Range<usize>,
    /// Per group, its first part column (`None` for a group of one part, whose picks carry
    /// its flags).
    first_part: Vec<Option<usize>>,
    /// The columns that count backbone teachers who leave.
    backbone: Vec<usize>,
    /// The rows tying each group's picks to its parts, which come last (0 without `parts_on`).
    part_rows: usize,
}

/// One hub per subject: pools send teachers into it, posts draw teachers from it.
struct Hub {
    /// (pool, column)
    out: Vec<(usize, usize)>,
    /// ((school, subject) post, column)
    into: Vec<((usize, String), usize)>,
}

impl Built {
    fn goal(&self, g: Goal) -> &GoalExpr {
        self.goals
            .iter()
            .find(|e| e.goal == g)
            .expect("every goal built")
    }
}

/// One goal: constant plus (column, coefficient) terms, and the granularity of its values (1 for
/// counts, 0.1 for travel, 0 when continuous), with which a gap below one step proves optimality.
#[derive(Clone)]
struct GoalExpr {
    goal: Goal,
    constant: f64,
    terms: Vec<(usize, f64)>,
    step: f64,
}

impl GoalExpr {
    fn new(goal: Goal, constant: f64, step: f64) -> Self {
        GoalExpr {
            goal,
            constant,
            terms: Vec::new(),
            step,
        }
    }
    fn add(&mut self, coef: f64, col: usize) {
        self.terms.push((col, coef));
    }
    fn value(&self, cols: &[f64]) -> f64 {
        self.constant + self.terms.iter().map(|&(c, k)| k * cols[c]).sum::<f64>()
    }
    /// A value no plan can go below, known without solving: 0 for counts and travel; none for
    /// the gap, whose slots may lower it below its constant.
    fn lower_bound(&self) -> f64 {
        match self.goal {
            Goal::MustServe | Goal::Shares | Goal::Travel | Goal::Indicators => 0.0,
            Goal::Gap => f64::NEG_INFINITY,
        }
    }
}

/// Builds the model. With `hub`, a post whose school has no binding housing limit is reached
/// through one hub per subject instead of one arc per pool: for the goals before shares and
/// travel any pool may fill such a post, so the hub loses nothing and needs a column per pool
/// and per post instead of one per pair (docs/model.md, "Hubs"). Without `parts_on`, a group's
/// members who differ only in the backbone and due flags are one flow: the part columns are
/// fixed at 0 and the rows that tie them to the picks are left out. That model is exact, and
/// smaller, for every goal but shares and travel, which need `parts_on` (docs/model.md,
/// "Parts").
fn build(prep: &Prepared, scenario: &Scenario, hub: bool, parts_on: bool) -> Built {
    let hub = hub && prep.indicators.is_none(); // a hub would mix teachers who count differently
    let mut sp = Sparse::default();
    let mut post_total: std::collections::BTreeMap<&str, u32> = Default::default();
    for ((_, subject), &n) in &prep.posts {
        *post_total.entry(subject.as_str()).or_default() += n;
    }
    // Columns: picks, arcs, hires option by option, then gap slots and the two share slacks.
    for p in &prep.picks {
        let subject = prep.pools[p.pool].subject.as_str();
        let ub = post_total[subject].min(prep.groups[p.group].members.len() as u32);
        sp.col(0.0, ub as f64, true);
    }
    let first_arc = sp.cols.len();
    let n_schools = prep.release_cap.len();
    let mut posts_at = vec![0u32; n_schools];
    for (&(r, _), &n) in &prep.posts {
        posts_at[r] += n;
    }
    // Posts reached through a hub (see `Hub`): every post but those at a school with a pool of
    // the same subject (no teacher moves within a school). Where housing can bind, hub arrivals
    // count as needing a bed and the arcs from pools within commuting distance stay.
    let beds_bind = |r: usize| prep.beds[r].is_some_and(|beds| beds < posts_at[r]);
    let pool_at: std::collections::BTreeSet<(usize, &str)> = prep
        .pools
        .iter()
        .map(|q| (q.school, q.subject.as_str()))
        .collect();
    let post_via: Vec<bool> = prep
        .posts
        .keys()
        .map(|(r, s)| hub && !pool_at.contains(&(*r, s.as_str())))
        .collect();
    let post_open: Vec<u32> = prep.posts.values().copied().collect();
    let mut via = Vec::with_capacity(prep.arcs.len());
    for a in &prep.arcs {
        let through = post_via[a.post] && (a.needs_bed || !beds_bind(a.to));
        let ub = if through { 0 } else { post_open[a.post] };
        via.push(through);
        sp.col(0.0, ub as f64, true);
    }
    let arcs = first_arc..sp.cols.len();
    let first_hire = sp.cols.len();
    for o in &prep.hires {
        for _ in &o.schools {
            sp.col(0.0, o.count as f64, true);
        }
    }
    // Hub columns: per pool, teachers sent through its subject's hub; per post, teachers
    // arriving through it. They exist in both builds (fixed at 0 without the hub) so that both
    // have the same columns.
    let first_hub = sp.cols.len();
    let mut hub_out = Vec::new();
    for (q, pool) in prep.pools.iter().enumerate() {
        let ub = if hub {
            post_total[pool.subject.as_str()]
        } else {
            0
        };
        hub_out.push((q, sp.col(0.0, ub as f64, true)));
    }
    let mut hub_in = Vec::new();
    for (k, (&(r, ref subject), &n)) in prep.posts.iter().enumerate() {
        let ub = if post_via[k] { n } else { 0 };
        hub_in.push((r, subject.clone(), sp.col(0.0, ub as f64, true)));
    }
    let hub_cols = first_hub..sp.cols.len();
    // Part columns, for groups of more than one part.
    let first_part_col = sp.cols.len();
    let mut first_part = Vec::with_capacity(prep.groups.len());
    for g in &prep.groups {
        if g.parts.len() < 2 {
            first_part.push(None);
            continue;
        }
        first_part.push(Some(sp.cols.len()));
        for part in &g.parts {
            let ub = if parts_on { part.members.len() } else { 0 };
            sp.col(0.0, ub as f64, true);
        }
    }
    let part_cols = first_part_col..sp.cols.len();

    let mut group_out: Vec<Vec<(usize, f64)>> = vec![Vec::new(); prep.groups.len()];
    let mut school_out: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n_schools];
    let mut beds_in: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n_schools];
    let mut post_in: Vec<Vec<(usize, f64)>> = vec![Vec::new(); post_open.len()];
    // Columns of teachers and hires arriving in and leaving each cell.
    let mut inflow: Vec<Vec<usize>> = vec![Vec::new(); prep.cells.len()];
    let mut outflow: Vec<Vec<usize>> = vec![Vec::new(); prep.cells.len()];
    let mut total = Vec::new();
    let mut backbone = Vec::new();
    let ms_total: usize = prep
        .groups
        .iter()
        .filter(|g| g.must_serve)
        .map(|g| g.members.len())
        .sum();
    let mut must_serve = GoalExpr::new(Goal::MustServe, ms_total as f64, 1.0);
    let mut travel = GoalExpr::new(Goal::Travel, 0.0, TRAVEL_STEP);
    let mut pool_balance: Vec<Vec<(usize, f64)>> = vec![Vec::new(); prep.pools.len()];
    for (p, pick) in prep.picks.iter().enumerate() {
        let g = &prep.groups[pick.group];
        group_out[pick.group].push((p, 1.0));
        school_out[g.school].push((p, 1.0));
        pool_balance[pick.pool].push((p, 1.0));
        if let Some(&c) = prep.cell_index.get(&(g.school, g.main_subject.clone())) {
            outflow[c].push(p);
        }
        total.push((p, 1.0));
        if g.must_serve {
            must_serve.add(-1.0, p);
        }
        // A group of one part: its picks carry the part's flags.
        if let [part] = g.parts.as_slice() {
            if part.backbone {
                backbone.push((p, 1.0));
            }
            if part.cost > 0.0 {
                travel.add(travel_cost(part.cost), p);
            }
        }
    }
    // Otherwise the part columns do: teachers of each part who leave.
    let mut part_ties = Vec::new();
    for (g, group) in prep.groups.iter().enumerate() {
        let Some(first) = first_part[g] else { continue };
        let mut tie = group_out[g].clone();
        for (k, part) in group.parts.iter().enumerate() {
            let col = first + k;
            tie.push((col, -1.0));
            if part.backbone {
                backbone.push((col, 1.0));
            }
            if part.cost > 0.0 {
                travel.add(travel_cost(part.cost), col);
            }
        }
        part_ties.push(tie);
    }
    for (a, arc) in prep.arcs.iter().enumerate() {
        let col = first_arc + a;
        pool_balance[arc.pool].push((col, -1.0));
        if arc.needs_bed {
            beds_in[arc.to].push((col, 1.0));
        }
        post_in[arc.post].push((col, 1.0));
        inflow[arc.cell].push(col);
        travel.add(travel_cost(arc.cost), col);
    }
    if hub {
        let mut balance: std::collections::BTreeMap<&str, Vec<(usize, f64)>> = Default::default();
        for &(q, col) in &hub_out {
            pool_balance[q].push((col, -1.0));
            balance
                .entry(prep.pools[q].subject.as_str())
                .or_default()
                .push((col, 1.0));
        }
        for (k, (r, subject, col)) in hub_in.iter().enumerate() {
            if sp.cols[*col].ub > 0.0 {
                balance
                    .entry(subject.as_str())
                    .or_default()
                    .push((*col, -1.0));
                post_in[k].push((*col, 1.0));
                inflow[prep.cell_index[&(*r, subject.clone())]].push(*col);
                if beds_bind(*r) {
                    beds_in[*r].push((*col, 1.0));
                }
            }
        }
        for terms in balance.into_values() {
            sp.row(0.0, 0.0, terms);
        }
    }
    let hub_rows = sp.rows.len();
    for terms in pool_balance {
        sp.row(0.0, 0.0, terms);
    }
    let mut col = first_hire;
    for (o, opt) in prep.hires.iter().enumerate() {
        let mut placed = Vec::new();
        for &(school, cost) in &opt.schools {
            placed.push((col, 1.0));
            travel.add(travel_cost(cost), col);
            if let Some(&c) = prep.cell_index.get(&(school, opt.subject.clone())) {
                inflow[c].push(col);
            }
            col += 1;
        }
        if !prep.whatif.in_budget(o) {
            sp.row(opt.count as f64, opt.count as f64, placed);
        }
    }
    whatif_rows(prep, &mut sp, first_arc, first_hire);
    for &(a, _) in &prep.whatif.arc_min {
        via[a] = false; // pinned: an arc of its own
    }
    // Rows that cannot bind are left out (a smaller basis for the simplex): a group with one
    // pick (its column bound already says it), a school whose eligible teachers are all within
    // its release cap, a school with more beds than open posts.
    for (g, terms) in group_out.into_iter().enumerate() {
        if terms.len() > 1 {
            sp.row(
                f64::NEG_INFINITY,
                prep.groups[g].members.len() as f64,
                terms,
            );
        }
    }
    let mut eligible_at = vec![0usize; n_schools];
    for g in &prep.groups {
        eligible_at[g.school] += g.members.len();
    }
    for (s, terms) in school_out.into_iter().enumerate() {
        if eligible_at[s] > prep.release_cap[s] as usize {
            sp.row(f64::NEG_INFINITY, prep.release_cap[s] as f64, terms);
        }
    }
    for (r, terms) in beds_in.into_iter().enumerate() {
        match prep.beds[r] {
            Some(beds) if beds < posts_at[r] => sp.row(f64::NEG_INFINITY, beds as f64, terms),
            _ => {}
        }
    }
    for (terms, &open) in post_in.into_iter().zip(&post_open) {
        sp.row(f64::NEG_INFINITY, open as f64, terms);
    }

    // Gap after the plan, cell by cell (see docs/model.md, "The gap goal"): cells that only
    // receive gain in unit slots, cells that only send lose in unit slots; both are linear per
    // teacher, which keeps the LP relaxation close to the integer optimum. Cells that may both
    // receive and send use the general form y ≥ need − staff − in + out.
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
            // gain w per filled whole slot, w·frac for the last, partial one
            gap.constant += before;
            let full = short.floor();
            let frac = short - full;
            let mut slots = Vec::new();
            let mut terms: Vec<(usize, f64)> = ins.iter().map(|&v| (v, -1.0)).collect();
            for (cap, gain) in [(full, w), (1.0, w * frac)] {
                if cap > 0.0 && gain > 0.0 {
                    let z = sp.col(0.0, cap, false);
                    gap.add(-gain, z);
                    terms.push((z, 1.0));
                    slots.push((z, cap));
                }
            }
            sp.row(f64::NEG_INFINITY, 0.0, terms);
            cell_vars.push(CellVars::Receive {
                inflow: ins.clone(),
                slots,
            });
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
            // free departures up to the surplus, then 1 − frac, then w per teacher
            let free = surplus.floor();
            let frac = surplus - free;
            let mut slots = Vec::new();
            let mut terms: Vec<(usize, f64)> = outs.iter().map(|&v| (v, -1.0)).collect();
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
            cell_vars.push(CellVars::Send {
                outflow: outs.clone(),
                slots,
            });
        } else {
            let cell = mixed_cell(&mut sp, short, ins, outs);
            if let CellVars::Mixed { col, .. } = cell {
                gap.add(w, col);
            }
            cell_vars.push(cell);
        }
    }

    // Shares: shortfalls (in whole teachers) as slack so that the plan always exists.
    let mut shares = GoalExpr::new(Goal::Shares, 0.0, 1.0);
    let v_rot = sp.col(0.0, f64::INFINITY, true);
    let v_bb = sp.col(0.0, f64::INFINITY, true);
    shares.add(1.0, v_rot);
    shares.add(1.0, v_bb);
    let mut rot = total.clone();
    rot.push((v_rot, 1.0));
    sp.row(prep.rotation_target as f64, f64::INFINITY, rot);
    let share = scenario.policy.backbone_share;
    let backbone_cols: Vec<usize> = backbone.iter().map(|&(c, _)| c).collect();
    let mut bb = backbone;
    bb.push((v_bb, 1.0));
    bb.extend(total.iter().map(|&(c, _)| (c, -share)));
    sp.row(0.0, f64::INFINITY, bb);
    let indicators = indicator_goal(prep, &mut sp, (first_arc, first_hire), &mut cell_vars);
    // Σ picks of a group = Σ its part columns; last, so that the rows before them are the same
    // in every build.
    let part_rows = if parts_on { part_ties.len() } else { 0 };
    if parts_on {
        for tie in part_ties {
            sp.row(0.0, 0.0, tie);
        }
    }
    sp.imply_upper_bounds();
    let hub_ub: Vec<f64> = hub_cols.clone().map(|j| sp.cols[j].ub).collect();

    Built {
        sp,
        cells: cell_vars,
        v: (v_rot, v_bb),
        goals: vec![must_serve, gap, shares, travel, indicators],
        arcs,
        hub_cols: hub_cols.clone(),
        path_ub: vec![f64::INFINITY; prep.arcs.len()],
        via_hub: via,
        hub_rows,
        hub_ub,
        parts_on,
        part_cols,
        first_part,
        backbone: backbone_cols,
        part_rows,
        hub: hub.then_some(Hub {
            out: hub_out,
            into: hub_in.into_iter().map(|(r, s, c)| ((r, s), c)).collect(),
        }),
    }
}

/// A cell that may both receive and send: y ≥ short − in + out, y ≥ 0, plus, when short is
/// fractional, the cut y ≥ frac·(⌈short⌉ − in + out). At whole-teacher flows w·max(0, short −
/// in + out) has a kink between ⌊short⌋ and ⌈short⌉; the cut makes the LP follow the integer
/// points (the convex hull), so a fractional short no longer yields fractional flows. The
/// caller prices y.
fn mixed_cell(sp: &mut Sparse, short: f64, ins: &[usize], outs: &[usize]) -> CellVars {
    let y = sp.col(0.0, f64::INFINITY, false);
    let mut terms: Vec<(usize, f64)> = vec![(y, 1.0)];
    terms.extend(ins.iter().map(|&v| (v, 1.0)));
    terms.extend(outs.iter().map(|&v| (v, -1.0)));
    sp.row(short, f64::INFINITY, terms.clone());
    let frac = short - short.floor();
    if frac > 1e-9 {
        let cut = terms
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

/// Travel costs are rounded to this step (km-equivalents), so the travel goal takes values on a
/// grid and a MIP gap below one step proves the optimum exactly.
pub const TRAVEL_STEP: f64 = 0.1;

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

/// How many of the nearest arcs each pool and each receiving post start with.
const START_ARCS: usize = 3;

/// How many arcs of each sending pool and into each receiving post the travel stage starts
/// with, when it starts from the plan of the goals before it, besides one per teacher that plan
/// moves out of the pool or into the post (see `initial_active`).
const TRAVEL_START_ARCS: usize = 6;

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
            // SAFETY: called between solves, from the thread that owns the pool (never one of
            // HiGHS's own workers), as the function requires.
            unsafe { highs_sys::Highs_resetThreadScheduler(0) };
        }
        t.set(threads);
    });
}

/// Solves the goals in the scenario's order. Returns the final flows and one report per stage.
pub fn solve(
    prep: &Prepared,
    scenario: &Scenario,
    opts: &SolveOptions,
) -> Result<(Flows, Vec<StageReport>), String> {
    let started = Instant::now();
    use_highs_threads(scenario.solver.threads);
    let goals = &scenario.solver.goals;
    if goals.is_empty() {
        return Err("no goals configured in solver.goals".into());
    }
    // Stages before the first goal that reads the backbone or due flags (shares, travel) use
    // hubs and leave the groups' parts out; from that goal on, the arc build with parts (travel
    // needs every arc's own cost).
    let switch_at = goals
        .iter()
        .position(|&g| matches!(g, Goal::Shares | Goal::Travel))
        .unwrap_or(goals.len());
    let mut built = build(prep, scenario, switch_at > 0, switch_at == 0);
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
    // The arc build depends on nothing the stages before it decide, so it is built on the other
    // core while they solve.
    std::thread::scope(|scope| {
        let mut pending = (switch_at < goals.len() && !built.parts_on)
            .then(|| scope.spawn(|| build(prep, scenario, false, true)));
        let mut active = initial_active(prep, &built, None);
        let mut held: Vec<(Goal, f64)> = Vec::new();
        let mut cache: Option<LpCache> = None;
        let mut reports = Vec::new();
        let mut incumbent: Option<Vec<f64>> = None;
        for (k, &goal) in goals.iter().enumerate() {
            if k == switch_at && !built.parts_on {
                let mut arcs = match pending.take() {
                    Some(h) => h.join().map_err(|_| "building the arc model failed")?,
                    None => build(prep, scenario, false, true),
                };
                carry_fixings(prep, &built, &mut arcs);
                incumbent = incumbent.map(|cols| {
                    let cols = split_parts(prep, &arcs, unhub(prep, &built, cols));
                    polish(prep, scenario, &cols, &arcs)
                });
                // With the earlier goals held, many rows can only hold at one end of their
                // range (a post that must receive as many teachers as its arcs can carry);
                // their columns are fixed, and the travel LPs leave them out. (HiGHS's presolve
                // finds them for the first LP only; the re-solves after pricing start from a
                // basis, without presolve.)
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
                if let Some(x) = &incumbent {
                    // The fixings hold for every plan the held goals allow, so the start keeps
                    // them; should rounding say otherwise, the start wins.
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
                built = arcs;
                active = next;
                cache = None;
            }
            let remaining = (opts.time_limit_seconds - started.elapsed().as_secs_f64()).max(0.01);
            let export = if k + 1 == goals.len() {
                opts.export_model.as_deref()
            } else {
                None
            };
            let stage = Stage {
                goal,
                held: &held,
                time_limit: remaining,
                export,
                start: incumbent.as_deref(),
            };
            let (cols, report, duals) =
                solve_stage(prep, scenario, &built, &mut active, &mut cache, &stage)?;
            let tol = scenario.solver.stage_tolerance * report.objective.abs().max(1.0);
            // (after the last stage no model is solved again: nothing to tighten)
            let last = k + 1 == goals.len();
            if let (Some(y), SolveStatus::Optimal, false) = (&duals, report.status, last) {
                let (fixed, rows) = fix_by_duals(
                    prep,
                    &mut built,
                    goal,
                    &held,
                    y,
                    report.objective + tol,
                    &cols,
                );
                if let Some(c) = cache.as_mut() {
                    let changed: Vec<(usize, f64, f64)> = (c.map.iter().enumerate())
                        .filter(|&(_, &j)| fixed[j])
                        .map(|(m, &j)| (m, built.sp.cols[j].lb, built.sp.cols[j].ub))
                        .collect();
                    set_bounds(&mut c.model, &changed)?;
                    for (i, lb, ub) in rows {
                        set_row_bounds(&mut c.model, i, lb, ub)?;
                    }
                }
            }
            if duals.is_none() && report.status == SolveStatus::Optimal && !last {
                fix_at_floor(&mut built, goal, report.objective, cache.as_mut())?;
            }
            held.push((goal, report.objective + tol));
            let stop = report.status == SolveStatus::TimeLimit;
            reports.push(report);
            incumbent = Some(cols);
            if stop {
                break;
            }
        }
        let cols = incumbent.expect("at least one stage ran");
        // When no stage needed the arc build with parts (the goals have neither shares nor
        // travel), the hub flows become arcs and each group's leavers are split among its parts,
        // as at the switch.
        let cols = if built.parts_on {
            cols
        } else {
            split_parts(prep, &built, unhub(prep, &built, cols))
        };
        let round = |col: usize| cols[col].round().max(0.0) as u32;
        let (n1, n2) = (prep.picks.len(), prep.arcs.len());
        let mut next = n1 + n2;
        let flows = Flows {
            picks: (0..n1).map(round).collect(),
            arcs: (n1..n1 + n2).map(round).collect(),
            parts: part_counts(prep, &built, &cols),
            hires: prep
                .hires
                .iter()
                .map(|o| {
                    let row = (next..next + o.schools.len()).map(round).collect();
                    next += o.schools.len();
                    row
                })
                .collect(),
        };
        Ok((flows, reports))
    })
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
fn initial_active(prep: &Prepared, b: &Built, start: Option<&[f64]>) -> Vec<bool> {
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
            moved[arc.pool] += n;
            moved[np + arc.post] += n;
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
        if receives(arc.post) {
            by_pool[arc.pool].push(a);
        }
        if sends(arc.pool) {
            by_post[arc.post].push(a);
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

/// The arcs into each post (by place in `Prepared::posts`), in arc order.
fn arcs_by_post(prep: &Prepared) -> Vec<Vec<usize>> {
    let mut by_post = vec![Vec::new(); prep.posts.len()];
    for (a, arc) in prep.arcs.iter().enumerate() {
        by_post[arc.post].push(a);
    }
    by_post
}

/// The LP relaxation of the hub stages, kept from stage to stage: the next goal changes its
/// costs and adds the held row, and starts from the last basis instead of from scratch.
struct LpCache {
    model: highs::Model,
    rows: Vec<Row>,
    /// Full column of each model column.
    map: Vec<usize>,
    /// Held goal rows the model has, and which of them have their entries and bound.
    held: Vec<bool>,
    hub: bool,
    /// Built without its fixed columns (their values moved into the row bounds), which
    /// depend on the stage: such a model is not reused.
    dropped: bool,
}

struct Stage<'a> {
    goal: Goal,
    held: &'a [(Goal, f64)],
    time_limit: f64,
    export: Option<&'a Path>,
    /// The previous stage's solution: feasible for this stage, used as its starting plan.
    start: Option<&'a [f64]>,
}

/// What `StageModel::pin` changed, for `unpin` to restore.
struct Pinned {
    shift: Vec<f64>,
    offset: f64,
    fixed: Vec<bool>,
}

/// A stage's model in HiGHS terms: the sparse model plus held goal rows and the stage's costs.
struct StageModel<'a> {
    b: &'a Built,
    cost: Vec<f64>,
    /// Entries of each column in the held goal rows (numbered after the model's rows).
    extra: Vec<Vec<(usize, f64)>>,
    /// Upper bounds of the held goal rows.
    held_ub: Vec<f64>,
    /// The goal each held row holds.
    held_goal: Vec<Goal>,
    /// Which held rows are in the solver's model. A held row left out is a free row without
    /// entries (a relaxation); it goes in once a plan breaks it.
    on: Vec<bool>,
    /// Columns fixed at a value (lb = ub): a model built without them carries their part of
    /// each row (`shift`, over the model's rows and then the held rows) and of the cost
    /// (`offset`).
    fixed: Vec<bool>,
    shift: Vec<f64>,
    offset: f64,
}

impl<'a> StageModel<'a> {
    /// The model of the stage for `goal`, with a row for each earlier goal held at its bound.
    fn new(b: &'a Built, goal: Goal, held: &[(Goal, f64)]) -> Self {
        let n = b.sp.cols.len();
        let mut sm = StageModel {
            b,
            cost: vec![0.0; n],
            extra: vec![Vec::new(); n],
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
                sm.extra[c].push((r, k));
            }
        }
        sm.shift = vec![0.0; b.sp.rows.len() + sm.held_ub.len()];
        sm.fixed = b.sp.cols.iter().map(|c| c.lb == c.ub).collect();
        for (j, c) in b.sp.cols.iter().enumerate() {
            if c.lb != c.ub || c.lb == 0.0 {
                continue;
            }
            sm.offset += sm.cost[j] * c.lb;
            for &(r, k) in c.entries.iter().chain(&sm.extra[j]) {
                sm.shift[r] += k * c.lb;
            }
        }
        sm
    }

    /// Treats the columns `pins` (place, column, value) as fixed at their values: models built
    /// until `unpin` leave them out, like the columns fixed in the model. Returns what `unpin`
    /// restores.
    fn pin(&mut self, pins: &[(usize, usize, f64)]) -> Pinned {
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
            for &(r, k) in self.b.sp.cols[j].entries.iter().chain(&self.extra[j]) {
                self.shift[r] += k * v;
            }
        }
        saved
    }

    fn unpin(&mut self, saved: Pinned) {
        self.shift = saved.shift;
        self.offset = saved.offset;
        self.fixed = saved.fixed;
    }

    fn entries(&self, j: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let first = self.b.sp.rows.len();
        self.b.sp.cols[j]
            .entries
            .iter()
            .chain(self.extra[j].iter().filter(move |e| self.on[e.0 - first]))
            .copied()
    }

    /// Held rows left out of the solver's model that `cols` breaks (beyond rounding).
    fn broken(&self, cols: &[f64]) -> Vec<usize> {
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
    fn switch_on(
        &mut self,
        model: &mut highs::Model,
        map: &[usize],
        h: usize,
        dropped: bool,
    ) -> Result<(), String> {
        let r = self.b.sp.rows.len() + h;
        let shift = if dropped { self.shift[r] } else { 0.0 };
        self.on[h] = true;
        for (m, &j) in map.iter().enumerate() {
            for &(rr, k) in &self.extra[j] {
                if rr == r {
                    change_coeff(model, r, m, k)?;
                }
            }
        }
        set_row_bounds(model, r, f64::NEG_INFINITY, self.held_ub[h] - shift)?;
        if debug() {
            eprintln!("[cg] held {} row switched on", self.held_goal[h].key());
        }
        Ok(())
    }

    /// Reduced cost of column j under row duals y (HiGHS: d = c − Aᵀy).
    fn reduced_cost(&self, j: usize, y: &[f64]) -> f64 {
        self.cost[j] - self.entries(j).map(|(r, k)| k * y[r]).sum::<f64>()
    }

    /// A HiGHS model with the columns for which `take` holds, in column order; returns it with
    /// the model's row handles and the full column of each model column. With `drop`, fixed
    /// columns are left out and their values moved into the row bounds and the cost offset
    /// (a smaller model for the simplex; the solution has them at their value, see `lift`).
    fn to_highs(
        &self,
        take: impl Fn(usize) -> bool,
        relax: bool,
        drop: bool,
    ) -> (highs::Model, Vec<Row>, Vec<usize>) {
        let shift = |r: usize| if drop { self.shift[r] } else { 0.0 };
        let mut pb = ColProblem::default();
        let mut rows: Vec<Row> = self
            .b
            .sp
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| pb.add_row(r.lb - shift(i)..=r.ub - shift(i)))
            .collect();
        let first = rows.len();
        rows.extend(
            self.held_ub
                .iter()
                .zip(&self.on)
                .enumerate()
                .map(|(h, (&ub, &on))| {
                    if on {
                        pb.add_row(..=ub - shift(first + h))
                    } else {
                        pb.add_row::<f64, _>(..)
                    }
                }),
        );
        let mut map = Vec::new();
        for j in 0..self.b.sp.cols.len() {
            if !take(j) || (drop && self.fixed[j]) {
                continue;
            }
            let c = &self.b.sp.cols[j];
            let entries: Vec<(Row, f64)> = self.entries(j).map(|(r, k)| (rows[r], k)).collect();
            pb.add_column_with_integrality(self.cost[j], c.lb..=c.ub, entries, c.integer && !relax);
            map.push(j);
        }
        let mut model = pb.optimise(Sense::Minimise);
        if drop && self.offset != 0.0 {
            // SAFETY: the pointer comes from a live highs::Model.
            unsafe {
                highs_sys::Highs_changeObjectiveOffset(model.as_mut_ptr(), self.offset);
            }
        }
        (model, rows, map)
    }
}

/// A stage's plan, its report, and the row duals of its LP when pricing converged.
type StageResult = (Vec<f64>, StageReport, Option<Vec<f64>>);

fn solve_stage(
    prep: &Prepared,
    scenario: &Scenario,
    b: &Built,
    active: &mut [bool],
    cache: &mut Option<LpCache>,
    stage: &Stage,
) -> Result<StageResult, String> {
    let goal = stage.goal;
    let t = Instant::now();
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
        // The full model (every arc), so that another solver re-solves what was proven.
        let (mut full, _, _) = sm.to_highs(|_| true, false, false);
        name_columns(&mut full, prep, b.v, n);
        write_model(&mut full, path)?;
    }
    // The held rows are dense (the gap goal spans every cell) and make each simplex iteration
    // slow, while the fixings from the earlier stages' duals mostly hold them already. So they
    // start out of the model, as a relaxation, and go in only when a plan breaks one.
    sm.on.iter_mut().for_each(|o| *o = false);
    let report = |status, objective, mip_gap, solver_columns| StageReport {
        goal,
        status,
        objective,
        mip_gap,
        seconds: t.elapsed().as_secs_f64(),
        columns: n,
        rows,
        solver_columns,
    };
    // The previous plan already reaches this goal's lower bound: it is optimal as it is.
    let value = target.value(&start);
    if value <= target.lower_bound() + 1e-9 {
        return Ok((start, report(SolveStatus::Optimal, value, 0.0, 0), None));
    }
    for j in b.arcs.clone() {
        if start[j] > 0.5 {
            active[j] = true;
        }
    }
    let settings = &scenario.solver;
    let configure = |model: &mut highs::Model, time_limit: f64| {
        model.make_quiet();
        if std::env::var_os("ROTAPLAN_HIGHS_LOG").is_some() {
            // For diagnosing slow solves: HiGHS's own log on the console.
            model.set_option("output_flag", true);
            model.set_option("log_to_console", true);
        }
        let threads = settings.threads.max(1) as i32;
        model.set_option("threads", threads);
        if threads > 1 {
            // HiGHS's dual simplex with its linear-algebra tasks on the other threads (SIP,
            // one column slice): the same pivots as the serial dual simplex, so the same plan,
            // and the solve 2–12% faster on two cores (docs/performance.md, stop 17). Branch
            // and bound keeps one search worker, so that its result does not depend on timing.
            model.set_option("simplex_strategy", 2);
            model.set_option("simplex_max_concurrency", 3);
            model.set_option("parallel", "off");
        }
        model.set_option("random_seed", settings.random_seed as i32);
        // Sixteen times HiGHS's default cost perturbation: the dual simplex of these degenerate
        // LPs takes fewer iterations and ends on integral vertices more often, so fewer MIPs
        // (about 13% less solve time on six generated counties; docs/performance.md, stop 17).
        model.set_option("dual_simplex_cost_perturbation_multiplier", 16.0);
        model.set_option("time_limit", time_limit.max(0.01));
        model.set_option("mip_rel_gap", settings.mip_rel_gap);
        if target.step > 0.0 {
            // Values lie on a grid: closing the gap below one step is a proof of optimality.
            model.set_option("mip_abs_gap", 0.99 * target.step);
        }
        let presolve = match settings.presolve {
            Presolve::Auto => "choose",
            Presolve::On => "on",
            Presolve::Off => "off",
        };
        model.set_option("presolve", presolve);
    };
    let left = |t: &Instant| stage.time_limit - t.elapsed().as_secs_f64();
    let hs_err = |e| format!("HiGHS failed while solving the {} stage: {e:?}", goal.key());

    // 1. The LP relaxation of the full model, by pricing arcs into the restricted one.
    // The model starts as an LP (every column continuous) so that each re-solve after pricing
    // starts from the last basis; integrality is switched on for branch and bound.
    // A hub build's LP goes on to the next hub stage, with its fixed columns; the arc build's
    // LP leaves them out.
    let mut lp_dropped = false;
    let (mut model, hrows, mut map) = match cache.take() {
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
                rows.push(model.add_row::<f64, _>(.., std::iter::empty()));
            }
            let costs: Vec<f64> = map.iter().map(|&j| sm.cost[j]).collect();
            change_costs(&mut model, &costs)?;
            for (j, _) in active.iter().enumerate().filter(|(_, &a)| a) {
                if !pos.contains_key(&j) {
                    add_column(&mut model, &sm, &rows, j, true);
                    map.push(j);
                }
            }
            (model, rows, map)
        }
        _ => {
            lp_dropped = b.hub.is_none();
            sm.to_highs(|j| active[j], true, lp_dropped)
        }
    };
    configure(&mut model, left(&t));
    if goal == Goal::MustServe && settings.presolve == Presolve::Auto {
        // The must-serve LP is solved faster without presolve, and its basis, which the gap
        // stage starts from, serves as well (docs/performance.md, stop 16). Its MIPs, if any,
        // keep presolve.
        model.set_option("presolve", "off");
    }
    let arcs: Vec<usize> = b.arcs.clone().filter(|&j| b.sp.cols[j].ub > 0.0).collect();
    let mut lp: Option<(f64, Vec<f64>, Vec<f64>)>; // (bound, row duals, columns)
    loop {
        let solved = model.try_solve().map_err(hs_err)?;
        if solved.status() != HighsModelStatus::Optimal {
            // (the time limit): the last LP had arcs to add, so its bound proves nothing
            model = solved.into();
            lp = None;
            break;
        }
        let iters = solved.simplex_iteration_count();
        let y = solved.get_solution().dual_rows().to_vec();
        let bound = solved.objective_value() + target.constant;
        let cols = lift(&solved, &map, b);
        model = solved.into();
        let entering = most_negative(prep, b, &arcs, active, |j| sm.reduced_cost(j, &y));
        if debug() {
            eprintln!(
                "[cg] {} lp bound {bound:.4} columns {} entering {} at {:.3}s iters {}",
                goal.key(),
                map.len(),
                entering.len(),
                t.elapsed().as_secs_f64(),
                iters
            );
        }
        // Converged on the relaxation: its optimum is the full LP's once it keeps the held
        // rows left out; otherwise the broken ones go in and the LP is solved again.
        let broken = if entering.is_empty() {
            sm.broken(&settle(prep, scenario, &cols, b, false))
        } else {
            Vec::new()
        };
        lp = Some((bound, y, cols));
        if (entering.is_empty() && broken.is_empty()) || left(&t) <= 0.0 {
            if !entering.is_empty() || !broken.is_empty() {
                lp = None; // not converged: no certificate
            }
            break;
        }
        for h in broken {
            sm.switch_on(&mut model, &map, h, lp_dropped)?;
        }
        let first_new = map.len();
        add_lp_columns(&mut model, &sm, &entering)
            .map_err(|e| format!("HiGHS failed while solving the {} stage: {e}", goal.key()))?;
        for j in entering {
            active[j] = true;
            map.push(j);
        }
        let added: Vec<usize> = (first_new..map.len())
            .filter(|&m| b.sp.cols[map[m]].ub.is_finite())
            .collect();
        at_upper(&mut model, &added);
        // Re-solves start from the last basis; presolve would throw it away.
        model.set_option("presolve", "off");
    }

    // The LP stays as it is for the next stage; branch and bound gets a model of its own,
    // built when first needed (`big`), over the columns the LP has that are not fixed.
    *cache = Some(LpCache {
        model,
        rows: hrows,
        map,
        held: sm.on.clone(),
        hub: b.hub.is_some(),
        dropped: lp_dropped,
    });
    let map: Vec<usize> = (0..n).filter(|&j| active[j] && !sm.fixed[j]).collect();
    let mut big: Option<(highs::Model, Vec<Row>, Vec<usize>)> = None;

    // 2. An integral LP optimum is the MIP optimum.
    if let (true, Some((_, _, cols))) = (debug(), &lp) {
        let frac = |r: std::ops::Range<usize>| {
            r.filter(|&j| b.sp.cols[j].integer && (cols[j] - cols[j].round()).abs() > 1e-6)
                .count()
        };
        let np = prep.picks.len();
        let nh = b.arcs.end;
        eprintln!(
            "[cg] fractional picks {} arcs {} hires {}",
            frac(0..np),
            frac(b.arcs.clone()),
            frac(nh..b.v.0)
        );
    }
    if let Some((bound, _, cols)) = &lp {
        // Flows (picks, arcs, hires) decide everything; slack is set by `polish`.
        let integral = map.iter().all(|&j| {
            j >= b.v.0 || !b.sp.cols[j].integer || (cols[j] - cols[j].round()).abs() <= 1e-6
        });
        if integral {
            let rounded: Vec<f64> = (0..n)
                .map(|j| {
                    if b.sp.cols[j].integer {
                        cols[j].round()
                    } else {
                        cols[j]
                    }
                })
                .collect();
            let cols = polish(prep, scenario, &rounded, b);
            let value = target.value(&cols);
            if value <= bound + 1e-6 * bound.abs().max(1.0) && sm.broken(&cols).is_empty() {
                let y = lp.as_ref().map(|l| l.1.clone());
                return Ok((cols, report(SolveStatus::Optimal, value, 0.0, map.len()), y));
            }
        }
    }

    // 3. Neighbourhood MIPs; 4. branch and bound on the restricted model, then close it with
    //    every arc that could still improve by the remaining gap (reduced cost below it), and
    //    solve once more.
    let mut incumbent = start;
    if let Some((bound, y, cols)) = &lp {
        // Branch only where needed, in four neighbourhoods of the LP optimum, each measured
        // against the full LP bound:
        // - the fractional flows: every integer column the LP leaves whole is fixed at its
        //   value, and the small MIP over the fractional ones is solved (usually enough);
        // - the LP's support: every flow the LP leaves at zero is fixed to zero;
        // - the LP's optimal face: every column with a nonzero reduced cost is fixed at the
        //   bound it points to; each whole plan on it reaches the LP bound;
        // - the reduced-cost neighbourhood: a plan within the tolerance Δ of the LP bound
        //   moves no column whose reduced cost exceeds Δ (goal ≥ bound + Σ |d_j| · distance of
        //   x_j from its LP bound), so fixing those columns keeps every such plan. Arcs left
        //   out with a reduced cost below Δ are added first.
        // A plan within the tolerance from any of them is optimal for the stage.
        let delta = (settings.mip_rel_gap * bound.abs()).max(0.99 * target.step);
        for hood in ["fractional", "support", "face", "reduced-cost"] {
            // The fractional neighbourhood fixes nearly every flow: it gets a small model of
            // its own, with the fixed flows left out (pinned). The others share the big one.
            let small = hood == "fractional";
            if !small && big.is_none() {
                let mut x = sm.to_highs(|j| active[j], false, true);
                configure(&mut x.0, left(&t));
                big = Some(x);
            }
            if let (Some((model, hrows, hmap)), "reduced-cost") = (big.as_mut(), hood) {
                let entering: Vec<usize> = arcs
                    .iter()
                    .copied()
                    .filter(|&j| !active[j] && sm.reduced_cost(j, y) < delta)
                    .collect();
                for j in entering {
                    add_column(model, &sm, hrows, j, false);
                    active[j] = true;
                    hmap.push(j);
                }
            }
            let over: &[usize] = match &big {
                Some(x) if !small => &x.2,
                _ => &map,
            };
            // (place in `over`, column, value)
            let fixed: Vec<(usize, usize, f64)> = over
                .iter()
                .enumerate()
                .filter_map(|(m, &j)| {
                    let c = &b.sp.cols[j];
                    if j >= b.v.0 || !c.integer {
                        return None;
                    }
                    let v = cols[j].round();
                    let whole = (cols[j] - v).abs() <= 1e-6;
                    if hood == "fractional" {
                        return whole.then_some((m, j, v));
                    }
                    if hood == "support" {
                        return (v == 0.0 && whole).then_some((m, j, v));
                    }
                    let d = sm.reduced_cost(j, y);
                    let delta = if hood == "face" { 1e-9 } else { delta };
                    if d > delta {
                        Some((m, j, c.lb))
                    } else if d < -delta && c.ub.is_finite() {
                        Some((m, j, c.ub))
                    } else {
                        None
                    }
                })
                .collect();
            let over_len = over.len();
            let (mut model, hrows, hmap, pinned) = if small {
                let saved = sm.pin(&fixed);
                let mut x = sm.to_highs(|j| active[j], false, true);
                configure(&mut x.0, left(&t));
                (x.0, x.1, x.2, Some(saved))
            } else {
                let (mut model, hrows, hmap) = big.take().expect("built above");
                let pins: Vec<(usize, f64, f64)> =
                    fixed.iter().map(|&(m, _, v)| (m, v, v)).collect();
                set_bounds(&mut model, &pins)?;
                (model, hrows, hmap, None)
            };
            let lifted = |solved: &highs::SolvedModel| {
                let mut x = lift(solved, &hmap, b);
                if small {
                    for &(_, j, v) in &fixed {
                        x[j] = v;
                    }
                }
                x
            };
            let fits = fixed
                .iter()
                .all(|&(_, j, v)| (incumbent[j] - v).abs() < 0.5);
            let warm: Vec<f64> = if fits && hood == "reduced-cost" {
                hmap.iter().map(|&j| incumbent[j]).collect()
            } else {
                hmap.iter().map(|&j| cols[j].round()).collect()
            };
            let solved = loop {
                configure(&mut model, left(&t));
                let solved = solve_from(model, &warm, &sm, &hmap).map_err(hs_err)?;
                if solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible {
                    let cand = polish(prep, scenario, &lifted(&solved), b);
                    let broken = sm.broken(&cand);
                    if !broken.is_empty() && left(&t) > 0.0 {
                        model = solved.into();
                        for h in broken {
                            sm.switch_on(&mut model, &hmap, h, true)?;
                        }
                        continue;
                    }
                    if broken.is_empty() && target.value(&cand) < target.value(&incumbent) {
                        incumbent = cand;
                    }
                }
                break solved;
            };
            // What the stage is proven not to go below. The reduced-cost neighbourhood holds
            // every plan below bound + Δ, so its own MIP bound, capped there, bounds them all.
            let mut lower = *bound;
            if hood == "reduced-cost" {
                if let Ok(hood_bound) = solved.double_info_value(c"mip_dual_bound") {
                    let hood_bound = hood_bound + target.constant;
                    if hood_bound.is_finite() {
                        lower = lower.max(hood_bound.min(bound + delta));
                    }
                }
            }
            let model_columns = hmap.len();
            if let Some(saved) = pinned {
                sm.unpin(saved);
            } else {
                let mut model: highs::Model = solved.into();
                let back: Vec<(usize, f64, f64)> = (fixed.iter())
                    .map(|&(m, j, _)| (m, b.sp.cols[j].lb, b.sp.cols[j].ub))
                    .collect();
                set_bounds(&mut model, &back)?;
                big = Some((model, hrows, hmap));
            }
            let ub = target.value(&incumbent);
            let improve = (settings.mip_rel_gap * ub.abs()).max(0.99 * target.step);
            if debug() {
                eprintln!(
                    "[cg] {} {hood} MIP: {} of {} fixed ({} in the model), ub {ub:.4} lp bound {bound:.4} proven {lower:.4} at {:.3}s",
                    goal.key(),
                    fixed.len(),
                    over_len,
                    model_columns,
                    t.elapsed().as_secs_f64()
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
                return Ok((
                    incumbent,
                    report(SolveStatus::Optimal, ub, gap, over_len),
                    Some(y.clone()),
                ));
            }
        }
    }
    let (mut model, hrows, mut map) = match big.take() {
        Some(x) => x,
        None => sm.to_highs(|j| active[j], false, true),
    };
    let mut closed = false;
    let (status, mip_gap) = loop {
        configure(&mut model, left(&t));
        let warm: Vec<f64> = map.iter().map(|&j| incumbent[j]).collect();
        let solved = solve_from(model, &warm, &sm, &map).map_err(hs_err)?;
        let mip_gap = {
            let g = solved.mip_gap();
            if g.is_finite() {
                g.max(0.0)
            } else {
                0.0
            }
        };
        let hs = solved.status();
        let mut broken = Vec::new();
        if solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible {
            let cols = polish(prep, scenario, &lift(&solved, &map, b), b);
            broken = sm.broken(&cols);
            if broken.is_empty() && target.value(&cols) <= target.value(&incumbent) + 1e-9 {
                incumbent = cols;
            }
        }
        model = solved.into();
        if !broken.is_empty() && left(&t) > 0.0 {
            // The plan breaks a held row left out: put it in and branch again.
            for h in broken {
                sm.switch_on(&mut model, &map, h, true)?;
            }
            continue;
        }
        let ub = target.value(&incumbent);
        let proven = mip_gap <= 1e-9 || (target.step > 0.0 && mip_gap * ub.abs() < target.step);
        let mip_gap = if proven { 0.0 } else { mip_gap };
        let status = match hs {
            HighsModelStatus::Optimal => SolveStatus::Optimal,
            HighsModelStatus::ReachedTimeLimit
            | HighsModelStatus::ReachedIterationLimit
            | HighsModelStatus::ReachedSolutionLimit
            | HighsModelStatus::ReachedInterrupt => SolveStatus::TimeLimit,
            other => {
                return Err(format!(
                    "HiGHS ended the {} stage with status {other:?}",
                    goal.key()
                ))
            }
        };
        let Some((bound, y, _)) = &lp else {
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
        let improve = (settings.mip_rel_gap * ub.abs()).max(0.99 * target.step);
        let threshold = ub - bound - improve;
        let entering: Vec<usize> = arcs
            .iter()
            .copied()
            .filter(|&j| !active[j] && sm.reduced_cost(j, y) < threshold)
            .collect();
        if debug() {
            eprintln!(
                "[cg] {} mip ub {ub:.4} lp bound {bound:.4} gap {mip_gap:.2e} closing with {}",
                goal.key(),
                entering.len()
            );
        }
        if entering.is_empty() {
            break (status, mip_gap);
        }
        for j in entering {
            add_column(&mut model, &sm, &hrows, j, false);
            active[j] = true;
            map.push(j);
        }
        closed = true;
    };
    let objective = target.value(&incumbent);
    let y = lp.map(|l| l.1);
    Ok((incumbent, report(status, objective, mip_gap, map.len()), y))
}

/// Arcs left out whose reduced cost is negative: per receiving post the `PRICE_PER_POST` most
/// negative (ties to the shorter trip), so that a round of pricing adds what the LP most wants
/// and the arcs the travel goal will prefer.
fn most_negative(
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
            by_post[arc.post].push(((d * 1e6).round(), arc.cost, j));
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

/// How many arcs into one receiving post one round of pricing adds at most.
const PRICE_PER_POST: usize = 4;

/// Reduced-cost fixing from a held goal. With row duals y of the stage's LP (signs made valid
/// for each row's finite bound, or 0) and reduced costs d = c − Aᵀy, every plan x keeps
///   goal(x) ≥ L + Σ_j |d_j| · (distance of x_j from the bound its d_j points to),
/// where L = Σ_i y_i · (row bound) + Σ_j d_j · (column bound) is the Lagrangian bound. Once the
/// goal is held at z, an integer column can move at most ⌊(z − L)/|d_j|⌋ from that bound, so
/// its bounds tighten without losing any plan the held row allows. In a hub build, an arc
/// reached through the hub moves its pool's hub column and its post's hub column together, so
/// it may carry at most ⌊(z − L)/(d_out + d_in)⌋ (kept in `path_ub` for the travel build).
/// Bounds never move past `keep`, the plan the stage returned. Returns which columns changed.
fn fix_by_duals(
    prep: &Prepared,
    b: &mut Built,
    goal: Goal,
    held: &[(Goal, f64)],
    y: &[f64],
    z: f64,
    keep: &[f64],
) -> (Vec<bool>, Vec<(usize, f64, f64)>) {
    let n = b.sp.cols.len();
    let mut changed = vec![false; n];
    let (bounds, path, row_bounds) = {
        let sm = StageModel::new(b, goal, held);
        let rows = b.sp.rows.len() + sm.held_ub.len();
        if y.len() != rows {
            return (changed, Vec::new());
        }
        let row_bounds = |i: usize| -> (f64, f64) {
            if i < b.sp.rows.len() {
                (b.sp.rows[i].lb, b.sp.rows[i].ub)
            } else {
                (f64::NEG_INFINITY, sm.held_ub[i - b.sp.rows.len()])
            }
        };
        let mut lagrange = b.goal(goal).constant;
        let y: Vec<f64> = (0..rows)
            .map(|i| {
                let (lb, ub) = row_bounds(i);
                let v = y[i];
                let v = if (v > 0.0 && lb.is_finite()) || (v < 0.0 && ub.is_finite()) {
                    v
                } else {
                    0.0
                };
                lagrange += if v > 0.0 {
                    v * lb
                } else if v < 0.0 {
                    v * ub
                } else {
                    0.0
                };
                v
            })
            .collect();
        let d: Vec<f64> = (0..n).map(|j| sm.reduced_cost(j, &y)).collect();
        for (j, &dj) in d.iter().enumerate() {
            let c = &b.sp.cols[j];
            if dj > 0.0 {
                lagrange += dj * c.lb;
            } else if dj < 0.0 {
                if !c.ub.is_finite() {
                    if dj < -1e-9 {
                        return (changed, Vec::new()); // no finite bound: no valid L
                    }
                    continue;
                }
                lagrange += dj * c.ub;
            }
        }
        let slack = z - lagrange + 1e-7 * z.abs().max(1.0);
        if !slack.is_finite() || slack < 0.0 {
            return (changed, Vec::new());
        }
        // The stage's plan reaches the LP bound: the goal is held at the LP's optimal face,
        // where every column and row with a nonzero reduced cost or dual sits at its bound
        // (goal − L = Σ |d_j| · distance_j + Σ |y_i| · distance_i = 0). Every plan at the
        // optimum is on it; plans within the tolerance above it are not.
        let value = b.goal(goal).value(keep);
        let face = value - lagrange <= 1e-9 * value.abs().max(1.0);
        if debug() {
            eprintln!(
                "[cg] {} fixing: plan at {value:.6}, held at {z:.6}, lagrangian bound \
                 {lagrange:.6}{}",
                goal.key(),
                if face {
                    ", held at the optimal face"
                } else {
                    ""
                }
            );
        }
        let room = |dj: f64| {
            if face {
                0.0
            } else {
                (slack / dj.abs() + 1e-9).floor()
            }
        };
        let at = |j: usize| {
            if b.sp.cols[j].integer {
                keep[j].round()
            } else {
                keep[j]
            }
        };
        let mut bounds = Vec::new();
        for (j, &dj) in d.iter().enumerate() {
            let c = &b.sp.cols[j];
            let toward = if dj > 0.0 { c.lb } else { c.ub };
            if !(c.integer || face) || dj.abs() <= 1e-9 || !toward.is_finite() || c.lb == c.ub {
                continue;
            }
            let (lb, ub) = if dj > 0.0 {
                (c.lb, (c.lb + room(dj)).max(at(j)).min(c.ub))
            } else {
                ((c.ub - room(dj)).min(at(j)).max(c.lb), c.ub)
            };
            if lb > c.lb || ub < c.ub {
                bounds.push((j, lb, ub));
            }
        }
        // Rows whose activity is a whole number in every plan (whole coefficients on integer
        // columns) tighten the same way: |y_i| · distance from the bound y_i points to ≤ slack.
        let mut whole = vec![true; b.sp.rows.len()];
        let mut at_keep = vec![0.0; b.sp.rows.len()];
        for (j, c) in b.sp.cols.iter().enumerate() {
            let v = at(j);
            for &(r, k) in &c.entries {
                // (coefficients are small: a whole one survives the round trip through i64)
                if !c.integer || (k as i64) as f64 != k {
                    whole[r] = false;
                }
                at_keep[r] += k * v;
            }
        }
        let mut row_bounds_new = Vec::new();
        for (i, r) in b.sp.rows.iter().enumerate() {
            let v = y[i];
            if !(whole[i] || face) || v.abs() <= 1e-9 || r.lb == r.ub {
                continue;
            }
            let (lb, ub) = if v > 0.0 {
                (r.lb, (r.lb + room(v)).max(at_keep[i]).min(r.ub))
            } else {
                ((r.ub - room(v)).min(at_keep[i]).max(r.lb), r.ub)
            };
            if lb > r.lb || ub < r.ub {
                row_bounds_new.push((i, lb, ub));
            }
        }
        let mut path = Vec::new();
        if let Some(h) = &b.hub {
            for (a, arc) in prep.arcs.iter().enumerate() {
                if !b.via_hub[a] {
                    continue; // a real arc of the hub build: fixed as a column
                }
                // hub.out is by pool and hub.into by post, in order
                let (o, i) = (h.out[arc.pool].1, h.into[arc.post].1);
                // an arc's teachers are at most the flows through both hub columns, measured
                // from their lower bounds only when those are 0
                let (d_o, d_i) = (d[o], d[i]);
                let at_zero = b.sp.cols[o].lb == 0.0 && b.sp.cols[i].lb == 0.0;
                if at_zero && d_o >= 0.0 && d_i >= 0.0 && d_o + d_i > 1e-9 {
                    path.push((a, room(d_o + d_i)));
                }
            }
        }
        (bounds, path, row_bounds_new)
    };
    for (j, lb, ub) in bounds {
        b.sp.cols[j].lb = lb;
        b.sp.cols[j].ub = ub;
        changed[j] = true;
    }
    for (a, k) in path {
        b.path_ub[a] = b.path_ub[a].min(k);
    }
    for &(i, lb, ub) in &row_bounds {
        b.sp.rows[i].lb = lb;
        b.sp.rows[i].ub = ub;
    }
    if debug() {
        eprintln!(
            "[cg] {} fixing: {} columns and {} rows tightened, {} hub arcs bounded",
            goal.key(),
            changed.iter().filter(|&&c| c).count(),
            row_bounds.len(),
            b.path_ub.iter().filter(|&&k| k.is_finite()).count()
        );
    }
    (changed, row_bounds)
}

/// A goal whose plan reaches the least value its terms can take (each column at the bound its
/// coefficient favours) is held by fixing each term's column at that bound: no other plan
/// reaches the value. The shares goal held at 0 is the usual case.
fn fix_at_floor(
    b: &mut Built,
    goal: Goal,
    value: f64,
    cache: Option<&mut LpCache>,
) -> Result<(), String> {
    let e = b.goal(goal).clone();
    let floor = e.terms.iter().fold(e.constant, |acc, &(c, k)| {
        let col = &b.sp.cols[c];
        acc + if k > 0.0 { k * col.lb } else { k * col.ub }
    });
    if !floor.is_finite() || value > floor + 1e-9 * floor.abs().max(1.0) {
        return Ok(());
    }
    for &(c, k) in &e.terms {
        let col = &mut b.sp.cols[c];
        if k > 0.0 {
            col.ub = col.lb;
        } else if k < 0.0 {
            col.lb = col.ub;
        }
    }
    if let Some(c) = cache {
        let terms: std::collections::HashSet<usize> = e.terms.iter().map(|t| t.0).collect();
        let changed: Vec<(usize, f64, f64)> = (c.map.iter().enumerate())
            .filter(|&(_, j)| terms.contains(j))
            .map(|(m, &j)| (m, b.sp.cols[j].lb, b.sp.cols[j].ub))
            .collect();
        set_bounds(&mut c.model, &changed)?;
    }
    if debug() {
        eprintln!(
            "[cg] {} held at its floor {floor:.6}: terms fixed",
            goal.key()
        );
    }
    Ok(())
}

/// Carries the fixings of the hub stages into the arc build of the travel stage: the same
/// columns keep their tightened bounds; arcs reached through the hub get their path bound; a
/// hub column's tightened bounds bound the arcs it stands for (those of its pool, or into its
/// post, that the hub build reaches through the hub) as a row.
fn carry_fixings(prep: &Prepared, hub: &Built, arcs: &mut Built) {
    if hub.sp.cols.len() != arcs.sp.cols.len() {
        return;
    }
    for j in 0..hub.sp.cols.len() {
        if hub.hub_cols.contains(&j) || (!hub.parts_on && hub.part_cols.contains(&j)) {
            continue;
        }
        let (from, to) = (&hub.sp.cols[j], &mut arcs.sp.cols[j]);
        if hub.arcs.contains(&j) && hub.via_hub[j - hub.arcs.start] {
            let k = hub.path_ub[j - hub.arcs.start];
            to.ub = to.ub.min(k.max(to.lb));
            continue;
        }
        to.lb = to.lb.max(from.lb).min(to.ub);
        to.ub = to.ub.min(from.ub).max(to.lb);
    }
    // The arc build has the hub build's rows but the hub balance rows, in the same order, and
    // then the rows of the parts.
    let common = hub.sp.rows.len() - hub.hub_rows - hub.part_rows;
    if common == arcs.sp.rows.len() - arcs.part_rows {
        for (i, to) in arcs.sp.rows[..common].iter_mut().enumerate() {
            let from = &hub.sp.rows[i + hub.hub_rows];
            to.lb = to.lb.max(from.lb).min(to.ub);
            to.ub = to.ub.min(from.ub).max(to.lb);
        }
    }
    let Some(h) = &hub.hub else { return };
    // (hub.out is by pool and hub.into by post, in order)
    let mut out: Vec<Vec<(usize, f64)>> = vec![Vec::new(); h.out.len()];
    let mut into: Vec<Vec<(usize, f64)>> = vec![Vec::new(); h.into.len()];
    for (a, arc) in prep.arcs.iter().enumerate() {
        if hub.via_hub[a] && arcs.sp.cols[arcs.arcs.start + a].ub > 0.0 {
            let term = (arcs.arcs.start + a, 1.0);
            out[arc.pool].push(term);
            into[arc.post].push(term);
        }
    }
    let cols = out
        .into_iter()
        .zip(h.out.iter().map(|&(_, c)| c))
        .chain(into.into_iter().zip(h.into.iter().map(|&(_, c)| c)));
    for (terms, c) in cols {
        let col = &hub.sp.cols[c];
        let built_ub = hub.hub_ub[c - hub.hub_cols.start];
        if col.lb <= 0.0 && col.ub >= built_ub {
            continue;
        }
        // A hub column without arcs in the arc build carried nothing in the stage's plan.
        if !terms.is_empty() {
            arcs.sp.row(col.lb, col.ub, terms);
        }
    }
}

/// Each group's teachers who leave (its picks, rounded), split among its parts: backbone
/// teachers first, then those due (a start for the shares and travel goals, which then find
/// the best split).
fn split_parts(prep: &Prepared, b: &Built, mut cols: Vec<f64>) -> Vec<f64> {
    let leaving = leaving_by_group(prep, &cols);
    for (g, group) in prep.groups.iter().enumerate() {
        let Some(first) = b.first_part[g] else {
            continue;
        };
        let mut order: Vec<usize> = (0..group.parts.len()).collect();
        order.sort_by_key(|&k| (!group.parts[k].backbone, !group.parts[k].due));
        let mut left = leaving[g] as f64;
        for k in order {
            let take = left.min(group.parts[k].members.len() as f64);
            cols[first + k] = take;
            left -= take;
        }
    }
    cols
}

/// Teachers of each group who leave: its picks, rounded.
fn leaving_by_group(prep: &Prepared, cols: &[f64]) -> Vec<u32> {
    let mut leaving = vec![0u32; prep.groups.len()];
    for (p, pick) in prep.picks.iter().enumerate() {
        leaving[pick.group] += cols[p].round().max(0.0) as u32;
    }
    leaving
}

/// Teachers of each group's parts who leave, by group and part.
fn part_counts(prep: &Prepared, b: &Built, cols: &[f64]) -> Vec<Vec<u32>> {
    let leaving = leaving_by_group(prep, cols);
    prep.groups
        .iter()
        .enumerate()
        .map(|(g, group)| match b.first_part[g] {
            Some(first) => (0..group.parts.len())
                .map(|k| cols[first + k].round().max(0.0) as u32)
                .collect(),
            None => vec![leaving[g]],
        })
        .collect()
}

/// Turns a solution of the hub build into one of the arc build: each post draws its teachers
/// from the nearest pools of its subject that sent teachers into the hub (a start for the
/// travel goal, which then finds the best routes).
fn unhub(prep: &Prepared, b: &Built, mut cols: Vec<f64>) -> Vec<f64> {
    let Some(h) = &b.hub else {
        return cols;
    };
    let into_post = arcs_by_post(prep);
    let mut left: Vec<f64> = vec![0.0; prep.pools.len()];
    for &(q, col) in &h.out {
        left[q] = cols[col].round();
    }
    // hub.into is by post, in order
    for (k, (_, col)) in h.into.iter().enumerate() {
        let mut need = cols[*col].round();
        if need <= 0.0 {
            continue;
        }
        let mut from: Vec<(f64, usize, usize)> = into_post[k]
            .iter()
            .map(|&a| (&prep.arcs[a], a))
            .filter(|(arc, _)| left[arc.pool] > 0.0)
            .map(|(arc, a)| (arc.cost, arc.pool, b.arcs.start + a))
            .collect();
        from.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        for (_, q, j) in from {
            if need <= 0.0 {
                break;
            }
            let take = need.min(left[q]);
            cols[j] += take;
            left[q] -= take;
            need -= take;
        }
    }
    for j in b.hub_cols.clone() {
        cols[j] = 0.0;
    }
    cols
}

/// Solves the MIP starting from `warm`. HiGHS 1.16 was seen to accept a starting plan, report
/// a better objective found "in the reduced space", and return the starting plan itself (see
/// docs/model.md, "The exact per-teacher reference"); when the returned plan's cost disagrees
/// with the objective HiGHS reports, the start is dropped and the MIP solved again without it.
fn solve_from(
    mut model: highs::Model,
    warm: &[f64],
    sm: &StageModel,
    map: &[usize],
) -> Result<highs::SolvedModel, highs::HighsStatus> {
    model.set_solution(Some(warm), None, None, None);
    let solved = model.try_solve()?;
    if solved.primal_solution_status() != highs::HighsSolutionStatus::Feasible {
        return Ok(solved);
    }
    let sol = solved.get_solution();
    let mut offset = 0.0;
    // SAFETY: the pointer comes from a live highs::Model; offset is a valid f64 to write.
    unsafe {
        highs_sys::Highs_getObjectiveOffset(solved.as_ptr() as *mut _, &mut offset);
    }
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
    let mut model: highs::Model = solved.into();
    // SAFETY: the pointer comes from a live highs::Model.
    unsafe {
        highs_sys::Highs_clearSolver(model.as_mut_ptr());
    }
    model.try_solve()
}

/// The full column vector of a solved model whose model column m is full column `map[m]`;
/// columns left out are 0, or their value when fixed.
fn lift(solved: &highs::SolvedModel, map: &[usize], b: &Built) -> Vec<f64> {
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

/// A HiGHS call's status as a result: an error status means the model was not changed, which
/// only a fault of ours (an index out of range) causes, so the stage stops with that error.
fn checked(status: highs_sys::HighsInt, what: &str) -> Result<(), String> {
    if status == highs_sys::kHighsStatusError {
        return Err(format!("HiGHS refused to {what} (an internal fault)"));
    }
    Ok(())
}

fn change_coeff(
    model: &mut highs::Model,
    row: usize,
    col: usize,
    value: f64,
) -> Result<(), String> {
    // SAFETY: the pointer comes from a live highs::Model; HiGHS checks row and col against
    // the model and returns an error status for one out of range.
    let status = unsafe {
        highs_sys::Highs_changeCoeff(
            model.as_mut_ptr(),
            row as highs_sys::HighsInt,
            col as highs_sys::HighsInt,
            value,
        )
    };
    checked(status, "change a coefficient")
}

fn change_costs(model: &mut highs::Model, costs: &[f64]) -> Result<(), String> {
    if costs.is_empty() {
        return Ok(());
    }
    // SAFETY: the pointer comes from a live highs::Model with `costs.len()` columns.
    let status = unsafe {
        highs_sys::Highs_changeColsCostByRange(
            model.as_mut_ptr(),
            0,
            costs.len() as highs_sys::HighsInt - 1,
            costs.as_ptr(),
        )
    };
    checked(status, "change the costs")
}

/// Puts the model's columns `cols` (just added, with a negative reduced cost) at their upper
/// bound in the model's basis. At their lower bound they would make the basis dual infeasible,
/// and HiGHS's dual simplex would start again from its phase 1; at the upper bound the basis
/// stays dual feasible, only primal infeasible, and the dual simplex goes on from it.
fn at_upper(model: &mut highs::Model, cols: &[usize]) {
    if cols.is_empty() {
        return;
    }
    let ptr = model.as_mut_ptr();
    // SAFETY: the pointer comes from a live highs::Model; the arrays have the model's sizes.
    unsafe {
        let n = highs_sys::Highs_getNumCol(ptr) as usize;
        let m = highs_sys::Highs_getNumRow(ptr) as usize;
        let mut col_status = vec![0 as highs_sys::HighsInt; n];
        let mut row_status = vec![0 as highs_sys::HighsInt; m];
        if highs_sys::Highs_getBasis(ptr, col_status.as_mut_ptr(), row_status.as_mut_ptr())
            != highs_sys::kHighsStatusOk
        {
            return;
        }
        for &j in cols {
            col_status[j] = highs_sys::kHighsBasisStatusUpper;
        }
        highs_sys::Highs_setBasis(ptr, col_status.as_ptr(), row_status.as_ptr());
    }
}

fn set_row_bounds(model: &mut highs::Model, i: usize, lb: f64, ub: f64) -> Result<(), String> {
    // SAFETY: the pointer comes from a live highs::Model; HiGHS checks i against the model
    // and returns an error status for a row out of range.
    let status = unsafe {
        highs_sys::Highs_changeRowBounds(model.as_mut_ptr(), i as highs_sys::HighsInt, lb, ub)
    };
    checked(status, "change a row's bounds")
}

/// Sets the bounds of the model's columns (column, lb, ub) in one call: HiGHS checks the
/// model on every call, which made one call per column cost as much as thousands of simplex
/// iterations when a stage fixes thousands of columns.
fn set_bounds(model: &mut highs::Model, changes: &[(usize, f64, f64)]) -> Result<(), String> {
    if changes.is_empty() {
        return Ok(());
    }
    let set: Vec<highs_sys::HighsInt> =
        changes.iter().map(|c| c.0 as highs_sys::HighsInt).collect();
    let lower: Vec<f64> = changes.iter().map(|c| c.1).collect();
    let upper: Vec<f64> = changes.iter().map(|c| c.2).collect();
    // SAFETY: the pointer comes from a live highs::Model and the three arrays have
    // `changes.len()` entries; HiGHS checks each index against the model and returns an error
    // status for one out of range.
    let status = unsafe {
        highs_sys::Highs_changeColsBoundsBySet(
            model.as_mut_ptr(),
            changes.len() as highs_sys::HighsInt,
            set.as_ptr(),
            lower.as_ptr(),
            upper.as_ptr(),
        )
    };
    checked(status, "change column bounds")
}

/// Adds the columns `js` to an LP (continuous) in one call; HiGHS resets its factorization on
/// each call that adds columns. The model's rows are numbered as the full model's (every row
/// handle `rows[r]` is row r), so entries go to row r.
fn add_lp_columns(model: &mut highs::Model, sm: &StageModel, js: &[usize]) -> Result<(), String> {
    if js.is_empty() {
        return Ok(());
    }
    type Int = highs_sys::HighsInt;
    let (mut cost, mut lower, mut upper) = (Vec::new(), Vec::new(), Vec::new());
    let (mut start, mut index, mut value) = (Vec::new(), Vec::new(), Vec::new());
    for &j in js {
        let c = &sm.b.sp.cols[j];
        cost.push(sm.cost[j]);
        lower.push(c.lb);
        upper.push(c.ub);
        start.push(index.len() as Int);
        for (r, k) in sm.entries(j) {
            index.push(r as Int);
            value.push(k);
        }
    }
    // SAFETY: the pointer comes from a live highs::Model; `start` has one entry per column,
    // `index` and `value` one per nonzero, and every index is a row of the model.
    let status = unsafe {
        highs_sys::Highs_addCols(
            model.as_mut_ptr(),
            js.len() as Int,
            cost.as_ptr(),
            lower.as_ptr(),
            upper.as_ptr(),
            index.len() as Int,
            start.as_ptr(),
            index.as_ptr(),
            value.as_ptr(),
        )
    };
    if status == highs_sys::kHighsStatusError {
        return Err(format!("HiGHS refused {} priced columns", js.len()));
    }
    Ok(())
}

/// `ROTAPLAN_DEBUG_CG=1` prints each stage's pricing rounds and bounds on stderr.
fn debug() -> bool {
    std::env::var_os("ROTAPLAN_DEBUG_CG").is_some()
}

fn add_column(model: &mut highs::Model, sm: &StageModel, rows: &[Row], j: usize, relax: bool) {
    let c = &sm.b.sp.cols[j];
    let entries: Vec<(Row, f64)> = sm.entries(j).map(|(r, k)| (rows[r], k)).collect();
    model.add_column_with_integrality(sm.cost[j], c.lb..=c.ub, entries, c.integer && !relax);
}

/// The plan that rotates nobody and places every hire batch at its first allowed school.
fn trivial_start(prep: &Prepared, columns: usize) -> Vec<f64> {
    let mut cols = vec![0.0; columns];
    let mut next = prep.picks.len() + prep.arcs.len();
    for o in &prep.hires {
        if !o.schools.is_empty() {
            cols[next] = o.count as f64;
        }
        next += o.schools.len();
    }
    whatif_start(prep, &mut cols);
    cols
}

/// Sets every slack column of a solution to the least value its rows allow, given the flows:
/// the solver leaves slack that no goal of its stage prices wherever it likes, and a later goal
/// must see the plan's true value.
fn polish(prep: &Prepared, scenario: &Scenario, start: &[f64], b: &Built) -> Vec<f64> {
    settle(prep, scenario, start, b, true)
}

/// Sets the slack columns (gap slots, shares shortfalls) to the least the flows allow. With
/// `whole`, flows are whole numbers (rounded); otherwise they are an LP's, and a mixed cell
/// also keeps its cut, so the result stays a point of the LP relaxation.
fn settle(prep: &Prepared, scenario: &Scenario, start: &[f64], b: &Built, whole: bool) -> Vec<f64> {
    let (cells, (v_rot, v_bb)) = (&b.cells, b.v);
    let mut cols = start.to_vec();
    let at = |x: f64| if whole { x.round() } else { x };
    let sum = |cols: &[f64], of: &[usize]| of.iter().map(|&c| at(cols[c])).sum::<f64>();
    for cell in cells {
        match cell {
            CellVars::Receive {
                inflow: flow,
                slots,
            }
            | CellVars::Send {
                outflow: flow,
                slots,
            } => {
                let mut left = sum(&cols, flow);
                for &(col, cap) in slots {
                    cols[col] = left.min(cap).max(0.0);
                    left -= cols[col];
                }
            }
            CellVars::Mixed {
                col,
                short,
                inflow,
                outflow,
            } => {
                let net = sum(&cols, inflow) - sum(&cols, outflow);
                let frac = short - short.floor();
                let cut = if whole || frac <= 1e-9 {
                    0.0
                } else {
                    frac * (short.ceil() - net)
                };
                cols[*col] = (short - net).max(cut).max(0.0);
            }
        }
    }
    let moved = |a: usize| at(cols[a]);
    let total: f64 = (0..prep.picks.len()).map(moved).sum();
    let backbone: f64 = b.backbone.iter().map(|&c| moved(c)).sum();
    cols[v_rot] = (prep.rotation_target as f64 - total).max(0.0);
    let short_bb = scenario.policy.backbone_share * total - backbone;
    cols[v_bb] = if whole {
        (short_bb - 1e-9).ceil().max(0.0)
    } else {
        short_bb.max(0.0)
    };
    cols
}

/// Readable column names for an exported model: `pick_<school>_<subject>_g<group>`,
/// `arc_<from>_<to>_<subject>`, `hire_<subject>_<programme>_<school>`,
/// `part_<school>_g<group>_<backbone|other>_<due|notdue>`, `short_rotation`,
/// `short_backbone`, and `gap_<column>` for the gap slots; each ends in `_c<column>` so that
/// names stay unique whatever the ids contain (characters other than ASCII letters, digits and
/// `_` become `_`).
fn name_columns(
    model: &mut highs::Model,
    prep: &Prepared,
    (v_rot, v_bb): (usize, usize),
    columns: usize,
) {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let mut names: Vec<String> = Vec::with_capacity(columns);
    for p in &prep.picks {
        let pool = &prep.pools[p.pool];
        names.push(format!(
            "pick_{}_{}_g{}",
            clean(&prep.school_ids[pool.school]),
            clean(&pool.subject),
            p.group
        ));
    }
    for a in &prep.arcs {
        let from = &prep.school_ids[prep.pools[a.pool].school];
        names.push(format!(
            "arc_{}_{}_{}",
            clean(from),
            clean(&prep.school_ids[a.to]),
            clean(&a.subject)
        ));
    }
    for o in &prep.hires {
        for &(school, _) in &o.schools {
            names.push(format!(
                "hire_{}_{}_{}",
                clean(&o.subject),
                o.programme.key(),
                clean(&prep.school_ids[school])
            ));
        }
    }
    // hub columns: one per pool (into its subject's hub), one per post (out of it)
    for q in &prep.pools {
        names.push(format!(
            "hub_from_{}_{}",
            clean(&prep.school_ids[q.school]),
            clean(&q.subject)
        ));
    }
    for (r, subject) in prep.posts.keys() {
        names.push(format!(
            "hub_to_{}_{}",
            clean(&prep.school_ids[*r]),
            clean(subject)
        ));
    }
    // part columns: per group of more than one part, teachers of each part who leave
    for (g, group) in prep.groups.iter().enumerate() {
        if group.parts.len() > 1 {
            for part in &group.parts {
                names.push(format!(
                    "part_{}_g{g}_{}_{}",
                    clean(&prep.school_ids[group.school]),
                    if part.backbone { "backbone" } else { "other" },
                    if part.due { "due" } else { "notdue" }
                ));
            }
        }
    }
    while names.len() < columns {
        let col = names.len();
        names.push(if col == v_rot {
            "short_rotation".into()
        } else if col == v_bb {
            "short_backbone".into()
        } else if col > v_bb {
            // the indicators goal's terms are built after the shares columns
            "indicator".into()
        } else {
            "gap".into()
        });
    }
    for (col, name) in names.iter().enumerate() {
        let Ok(c_name) = std::ffi::CString::new(format!("{name}_c{col}")) else {
            continue;
        };
        // SAFETY: the pointer comes from a live highs::Model; HiGHS copies the name.
        unsafe {
            highs_sys::Highs_passColName(
                model.as_mut_ptr(),
                col as highs_sys::HighsInt,
                c_name.as_ptr(),
            );
        }
    }
}

/// Writes the model in the format HiGHS infers from the extension (.lp, .mps).
fn write_model(model: &mut highs::Model, path: &Path) -> Result<(), String> {
    let c_path = std::ffi::CString::new(path.to_string_lossy().as_bytes())
        .map_err(|_| format!("model path {} contains a NUL byte", path.display()))?;
    // SAFETY: the pointer comes from a live highs::Model; HiGHS copies the path string.
    let status = unsafe { highs_sys::Highs_writeModel(model.as_mut_ptr(), c_path.as_ptr()) };
    if status == highs_sys::STATUS_ERROR {
        return Err(format!(
            "HiGHS could not write the model to {}",
            path.display()
        ));
    }
    Ok(())
}

// ---- What-if (issue 5): locks, kept decisions and hiring budgets, all data on `Prepared` ----

/// What `prep.whatif` asks of the model: lower bounds on pinned picks and arcs and on kept hire
/// placements; each hiring budget's options add up to its total.
fn whatif_rows(prep: &Prepared, sp: &mut Sparse, first_arc: usize, first_hire: usize) {
    let w = &prep.whatif;
    let mut hire_col = Vec::with_capacity(prep.hires.len());
    let mut next = first_hire;
    for o in &prep.hires {
        hire_col.push(next);
        next += o.schools.len();
    }
    let at_least = |sp: &mut Sparse, col: usize, n: u32| {
        let c = &mut sp.cols[col];
        c.lb = c.lb.max(n as f64);
        c.ub = c.ub.max(c.lb);
    };
    for &(p, n) in &w.pick_min {
        at_least(sp, p, n);
    }
    for &(a, n) in &w.arc_min {
        // a pinned arc stays an arc of its own, also where a hub serves the post
        let arc = &prep.arcs[a];
        let ub = prep.posts[&(arc.to, arc.subject.clone())] as f64;
        sp.cols[first_arc + a].ub = ub;
        at_least(sp, first_arc + a, n);
    }
    for &(o, k, n) in &w.hire_min {
        at_least(sp, hire_col[o] + k, n);
    }
    for b in &w.budgets {
        let terms: Vec<(usize, f64)> = b
            .options
            .iter()
            .flat_map(|&o| (0..prep.hires[o].schools.len()).map(move |k| (k, o)))
            .map(|(k, o)| (hire_col[o] + k, 1.0))
            .collect();
        sp.row(b.total as f64, b.total as f64, terms);
    }
}

/// Makes the trivial start keep `whatif_rows`: pins moved, kept hires at their schools, the
/// rest of each batch or budget at its first school.
fn whatif_start(prep: &Prepared, cols: &mut [f64]) {
    let w = &prep.whatif;
    let n1 = prep.picks.len();
    for &(p, n) in &w.pick_min {
        cols[p] = n as f64;
    }
    for &(a, n) in &w.arc_min {
        cols[n1 + a] = n as f64;
    }
    let mut first = vec![0usize; prep.hires.len()];
    let mut next = n1 + prep.arcs.len();
    for (o, opt) in prep.hires.iter().enumerate() {
        first[o] = next;
        for k in 0..opt.schools.len() {
            cols[next + k] = 0.0;
        }
        next += opt.schools.len();
    }
    let mut placed = vec![0u32; prep.hires.len()];
    for &(o, k, n) in &w.hire_min {
        cols[first[o] + k] += n as f64;
        placed[o] += n;
    }
    for (o, opt) in prep.hires.iter().enumerate() {
        if !opt.schools.is_empty() && !w.in_budget(o) {
            cols[first[o]] += opt.count.saturating_sub(placed[o]) as f64;
        }
    }
    for b in &w.budgets {
        let done: u32 = b.options.iter().map(|&o| placed[o]).sum();
        if let Some(&o) = b
            .options
            .iter()
            .find(|&&o| !prep.hires[o].schools.is_empty())
        {
            cols[first[o]] += b.total.saturating_sub(done) as f64;
        }
    }
}

// ---- Indicators goal (issue 6): the 2017 quality-balance teacher indicators L1–L3 ----

/// The `indicators` goal (docs/model.md, "The indicators goal"). Per stage and indicator, over
/// the school parts counted in the spread, each weighted by its share w of the stage's students,
/// the shortfall below two references, each relative to its reference:
/// Σ w·max(0, T − x)/T below the threshold T (fewer schools below threshold) plus
/// Σ w·max(0, μ₀ − x)/μ₀ below the stage's student-weighted mean μ₀ before the plan (a smaller
/// spread). A value x is 100·count/students of its school and every flow moves a count by one
/// teacher, so each term is a `Mixed` slack in teacher units, y ≥ short − in + out, valued
/// w·100/(students·reference) per teacher. Needs the arc build (no hubs) and groups and pools
/// split by `indicator_prep::class`, so that every flow moves teachers who count alike.
fn indicator_goal(
    prep: &Prepared,
    sp: &mut Sparse,
    (first_arc, first_hire): (usize, usize),
    cells: &mut Vec<CellVars>,
) -> GoalExpr {
    use crate::domain::{Education, Programme, Stage};
    use crate::rules::indicators::{Indicator, StaffMember, StaffTally};
    let mut goal = GoalExpr::new(Goal::Indicators, 0.0, 0.0);
    let Some(ind) = &prep.indicators else {
        return goal;
    };
    let one = |education: Option<Education>, backbone: bool, subject: &str, sign: f64| {
        let mut t = StaffTally::default();
        let m = StaffMember {
            education,
            backbone,
            subject,
        };
        t.add(&m, &ind.params, sign);
        t
    };
    // What each flow column does to one school's tally: departures by picks (main subject at
    // home), arrivals by arcs (subject of the move) and hires.
    let mut flows: Vec<Vec<(usize, StaffTally)>> = vec![Vec::new(); ind.students.len()];
    let mut pool_member = vec![None; prep.pools.len()];
    for (p, pick) in prep.picks.iter().enumerate() {
        let g = &prep.groups[pick.group];
        let (education, backbone) = ind.members[pick.group];
        pool_member[pick.pool] = Some((education, backbone));
        flows[g.school].push((p, one(education, backbone, &g.main_subject, -1.0)));
    }
    for (a, arc) in prep.arcs.iter().enumerate() {
        if let Some((education, backbone)) = pool_member[arc.pool] {
            let t = one(education, backbone, &arc.subject, 1.0);
            flows[arc.to].push((first_arc + a, t));
        }
    }
    let mut col = first_hire;
    for o in &prep.hires {
        // as domain::rules::indicators counts hires
        let education = (o.programme == Programme::PubliclyFunded).then_some(Education::Bachelor);
        for &(school, _) in &o.schools {
            flows[school].push((col, one(education, false, &o.subject, 1.0)));
            col += 1;
        }
    }
    let count = |t: &StaffTally, k: Indicator, stage: Stage| match k {
        Indicator::L1 if stage == Stage::Junior => t.junior_qualified,
        Indicator::L1 => t.primary_qualified,
        Indicator::L2 => t.backbone,
        Indicator::L3 => t.pe_arts,
    };
    for stage in [Stage::Primary, Stage::Junior] {
        let parts: Vec<&(usize, _)> = ind.parts.iter().filter(|(_, p)| p.stage == stage).collect();
        let total: f64 = parts.iter().map(|(_, p)| p.students).sum();
        if total <= 0.0 {
            continue;
        }
        for k in Indicator::ALL {
            let threshold = ind.params.threshold(k, stage);
            let mean0: f64 = parts
                .iter()
                .map(|(_, p)| p.students * p.value(k, false))
                .sum::<f64>()
                / total;
            for &&(r, ref part) in &parts {
                let (students, w) = (ind.students[r], part.students / total);
                let c0 = count(&ind.before[r], k, stage);
                let terms: Vec<(usize, f64)> = flows[r]
                    .iter()
                    .map(|(c, t)| (*c, count(t, k, stage)))
                    .filter(|t| t.1 != 0.0)
                    .collect();
                let ins: Vec<usize> = terms.iter().filter(|t| t.1 > 0.0).map(|t| t.0).collect();
                let outs: Vec<usize> = terms.iter().filter(|t| t.1 < 0.0).map(|t| t.0).collect();
                let per_teacher = 100.0 / students; // what one teacher adds to x
                for reference in [threshold, mean0] {
                    if reference <= 1e-9 {
                        continue;
                    }
                    // teachers missing to reach the reference, valued per teacher
                    let short = reference / per_teacher - c0;
                    let coef = w * per_teacher / reference;
                    let worst = short + outs.iter().map(|&c| sp.cols[c].ub).sum::<f64>();
                    if ins.is_empty() && outs.is_empty() {
                        goal.constant += coef * short.max(0.0);
                        continue;
                    }
                    if worst <= 1e-9 {
                        continue; // stays at or above the reference whatever leaves
                    }
                    let cell = mixed_cell(sp, short, &ins, &outs);
                    if let CellVars::Mixed { col, .. } = cell {
                        goal.add(coef, col);
                    }
                    cells.push(cell);
                }
            }
        }
    }
    goal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_model_change_is_an_error() {
        let mut pb = ColProblem::default();
        let r = pb.add_row(..=1.0);
        pb.add_column(1.0, 0.0..=1.0, [(r, 1.0)]);
        let mut model = pb.optimise(Sense::Minimise);
        assert!(set_bounds(&mut model, &[(0, 0.0, 0.5)]).is_ok());
        assert!(set_row_bounds(&mut model, 0, 0.0, 1.0).is_ok());
        assert!(change_coeff(&mut model, 0, 0, 2.0).is_ok());
        // column 5 and row 3 do not exist
        let e = set_bounds(&mut model, &[(5, 0.0, 1.0)]).expect_err("no column 5");
        assert!(e.contains("refused"), "{e}");
        assert!(set_row_bounds(&mut model, 3, 0.0, 1.0).is_err());
        assert!(change_coeff(&mut model, 3, 0, 1.0).is_err());
    }

    /// (lb, ub, terms)
    type TestRow = (f64, f64, Vec<(usize, f64)>);

    fn model(cols: &[(f64, f64)], rows: &[TestRow]) -> Sparse {
        let mut sp = Sparse::default();
        for &(lb, ub) in cols {
            sp.col(lb, ub, true);
        }
        for (lb, ub, terms) in rows {
            sp.row(*lb, *ub, terms.clone());
        }
        sp
    }

    fn bounds(sp: &Sparse) -> Vec<(f64, f64)> {
        sp.cols.iter().map(|c| (c.lb, c.ub)).collect()
    }

    #[test]
    fn forcing_rows_fix_their_columns_where_the_plan_has_them() {
        let inf = f64::INFINITY;
        // x0 + x1 ≤ 0 holds only at 0; x2 + x3 ≥ 6 only at 3 each; x4 − x5 ≤ −3 only with
        // x4 at 0 and x5 at 3; x6 + x7 ≤ 5 is not forcing.
        let mut sp = model(
            &[(0.0, 3.0); 8],
            &[
                (-inf, 0.0, vec![(0, 1.0), (1, 1.0)]),
                (6.0, inf, vec![(2, 1.0), (3, 1.0)]),
                (-inf, -3.0, vec![(4, 1.0), (5, -1.0)]),
                (-inf, 5.0, vec![(6, 1.0), (7, 1.0)]),
            ],
        );
        let keep = [0.0, 0.0, 3.0, 3.0, 0.0, 3.0, 2.0, 1.0];
        let fixed = sp.fix_forcing_rows(&keep);
        assert_eq!(fixed, vec![0, 1, 2, 3, 4, 5]);
        let b = bounds(&sp);
        assert_eq!(
            &b[..6],
            &[
                (0.0, 0.0),
                (0.0, 0.0),
                (3.0, 3.0),
                (3.0, 3.0),
                (0.0, 0.0),
                (3.0, 3.0)
            ]
        );
        assert_eq!(&b[6..], &[(0.0, 3.0), (0.0, 3.0)]);
    }

    #[test]
    fn a_column_is_fixed_only_where_the_kept_plan_has_it() {
        let mut sp = model(
            &[(0.0, 3.0); 2],
            &[(f64::NEG_INFINITY, 0.0, vec![(0, 1.0), (1, 1.0)])],
        );
        // (a plan that breaks the row: the columns stay free)
        assert!(sp.fix_forcing_rows(&[1.0, 0.0]).contains(&1));
        assert_eq!(bounds(&sp)[0], (0.0, 3.0));
    }

    #[test]
    fn the_second_pass_finds_rows_made_forcing_by_the_first() {
        // x0 ≤ 0 fixes x0; then x0 + x1 ≥ 3 can only hold with x1 at 3.
        let mut sp = model(
            &[(0.0, 2.0), (0.0, 3.0)],
            &[
                (f64::NEG_INFINITY, 0.0, vec![(0, 1.0)]),
                (3.0, f64::INFINITY, vec![(0, 1.0), (1, 1.0)]),
            ],
        );
        assert_eq!(sp.fix_forcing_rows(&[0.0, 3.0]), vec![0, 1]);
        assert_eq!(bounds(&sp), vec![(0.0, 0.0), (3.0, 3.0)]);
    }

    /// Every whole point within the bounds that keeps every row.
    fn feasible(sp: &Sparse) -> Vec<Vec<i64>> {
        let mut points = vec![Vec::new()];
        for c in &sp.cols {
            points = points
                .into_iter()
                .flat_map(|p| {
                    (c.lb as i64..=c.ub as i64).map(move |v| {
                        let mut q = p.clone();
                        q.push(v);
                        q
                    })
                })
                .collect();
        }
        let mut act = vec![Vec::new(); sp.rows.len()];
        for (j, c) in sp.cols.iter().enumerate() {
            for &(r, k) in &c.entries {
                act[r].push((j, k));
            }
        }
        points
            .into_iter()
            .filter(|p| {
                sp.rows.iter().zip(&act).all(|(r, terms)| {
                    let a: f64 = terms.iter().map(|&(j, k)| k * p[j] as f64).sum();
                    a >= r.lb && a <= r.ub
                })
            })
            .collect()
    }

    #[test]
    fn fixing_forcing_rows_keeps_every_plan_on_random_models() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut forced_somewhere = 0;
        for _ in 0..3000 {
            let n = 2 + next(3) as usize;
            let cols: Vec<(f64, f64)> = (0..n)
                .map(|_| {
                    let lb = next(2) as f64;
                    (lb, lb + next(3) as f64)
                })
                .collect();
            let rows: Vec<TestRow> = (0..1 + next(3))
                .map(|_| {
                    let mut terms = Vec::new();
                    for j in 0..n {
                        if next(3) > 0 {
                            terms.push((j, [1.0, -1.0, 2.0][next(3) as usize]));
                        }
                    }
                    let (lb, ub) = match next(3) {
                        0 => (f64::NEG_INFINITY, next(6) as f64 - 2.0),
                        1 => (next(6) as f64 - 2.0, f64::INFINITY),
                        _ => {
                            let lb = next(6) as f64 - 2.0;
                            (lb, lb + next(3) as f64)
                        }
                    };
                    (lb, ub, terms)
                })
                .collect();
            let mut sp = model(&cols, &rows);
            let before = feasible(&sp);
            let Some(keep) = before.first() else { continue };
            let keep: Vec<f64> = keep.iter().map(|&v| v as f64).collect();
            if !sp.fix_forcing_rows(&keep).is_empty() {
                forced_somewhere += 1;
            }
            assert_eq!(feasible(&sp), before, "{cols:?} {rows:?}");
        }
        assert!(forced_somewhere > 100, "{forced_somewhere}");
    }
}
