//! Fixings between goal stages: bounds that every plan the held goals allow keeps, found from
//! the LP duals (`fix_by_duals`), from a goal held at its floor (`fix_at_floor`), and carried
//! from the hub build into the arc build (`carry_fixings`). The forcing rows are fixed on the
//! sparse model itself (`Sparse::fix_forcing_rows`).

use super::built::Built;
use super::debug;
use super::highs_ffi::set_bounds;
use super::lp::LpCache;
use super::stage_model::StageModel;
use crate::plan::error::PlanError;
use crate::plan::prepare::Prepared;
use crate::scenario::Goal;

/// New bounds (row or model column, lb, ub).
pub(super) type NewBounds = Vec<(usize, f64, f64)>;

/// (arc, most teachers) of an arc reached through the hub.
type PathBound = (usize, f64);

/// What `fix_by_duals` changed: which columns of the build, and the rows' new bounds.
pub(super) struct DualFixing {
    pub columns: Vec<bool>,
    pub rows: NewBounds,
}

/// The Lagrangian bound of a stage's LP: the duals with signs made valid, the reduced costs
/// and L.
struct Lagrangian {
    y: Vec<f64>,
    d: Vec<f64>,
    bound: f64,
}

/// How far a column or row may move from the bound its reduced cost or dual points to.
struct Room<'a> {
    /// z − L (with a little tolerance).
    slack: f64,
    /// The plan is at the LP's optimal face: nothing may move.
    face: bool,
    keep: &'a [f64],
    b: &'a Built,
}

impl Room<'_> {
    fn of(&self, dj: f64) -> f64 {
        if self.face {
            0.0
        } else {
            (self.slack / dj.abs() + 1e-9).floor()
        }
    }

    /// The kept plan's value of column j (rounded for an integer column).
    fn at(&self, j: usize) -> f64 {
        if self.b.sp.cols[j].integer {
            self.keep[j].round()
        } else {
            self.keep[j]
        }
    }
}

/// Reduced-cost fixing from a held goal. With row duals y of the stage's LP (signs made valid
/// for each row's finite bound, or 0) and reduced costs d = c − Aᵀy, every plan x keeps
///   goal(x) ≥ L + Σ_j |d_j| · (distance of x_j from the bound its d_j points to),
/// where L = Σ_i y_i · (row bound) + Σ_j d_j · (column bound) is the Lagrangian bound. Once the
/// goal is held at z, an integer column can move at most ⌊(z − L)/|d_j|⌋ from that bound, so
/// its bounds tighten without losing any plan the held row allows. In a hub build, an arc
/// reached through the hub moves its pool's hub column and its post's hub column together, so
/// it may carry at most ⌊(z − L)/(d_out + d_in)⌋ (kept in `path_ub` for the travel build).
/// Bounds never move past `keep`, the plan the stage returned. Returns what changed.
pub(super) fn fix_by_duals(
    prep: &Prepared,
    b: &mut Built,
    goal: Goal,
    held: &[(Goal, f64)],
    y: &[f64],
    z: f64,
    keep: &[f64],
) -> DualFixing {
    let n = b.sp.cols.len();
    let mut changed = vec![false; n];
    let Some((bounds, path, row_bounds)) = tightenings(prep, b, goal, held, y, z, keep) else {
        return DualFixing {
            columns: changed,
            rows: Vec::new(),
        };
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
    DualFixing {
        columns: changed,
        rows: row_bounds,
    }
}

/// The new column bounds, hub path bounds (arc, most teachers) and row bounds of
/// `fix_by_duals`; `None` when the duals give no valid bound.
fn tightenings(
    prep: &Prepared,
    b: &Built,
    goal: Goal,
    held: &[(Goal, f64)],
    y: &[f64],
    z: f64,
    keep: &[f64],
) -> Option<(NewBounds, Vec<PathBound>, NewBounds)> {
    let sm = StageModel::new(b, goal, held);
    let l = lagrangian(b, &sm, goal, y)?;
    let slack = z - l.bound + 1e-7 * z.abs().max(1.0);
    if !slack.is_finite() || slack < 0.0 {
        return None;
    }
    // The stage's plan reaches the LP bound: the goal is held at the LP's optimal face,
    // where every column and row with a nonzero reduced cost or dual sits at its bound
    // (goal − L = Σ |d_j| · distance_j + Σ |y_i| · distance_i = 0). Every plan at the
    // optimum is on it; plans within the tolerance above it are not.
    let value = b.goal(goal).value(keep);
    let face = value - l.bound <= 1e-9 * value.abs().max(1.0);
    if debug() {
        eprintln!(
            "[cg] {} fixing: plan at {value:.6}, held at {z:.6}, lagrangian bound \
             {:.6}{}",
            goal.key(),
            l.bound,
            if face {
                ", held at the optimal face"
            } else {
                ""
            }
        );
    }
    let room = Room {
        slack,
        face,
        keep,
        b,
    };
    let bounds = column_bounds(b, &l.d, &room);
    let rows = row_bounds(b, &l.y, &room);
    let path = hub_paths(prep, b, &l.d, &room);
    Some((bounds, path, rows))
}

/// The Lagrangian bound from the LP's row duals `y` (see `fix_by_duals`); `None` when the duals
/// are not the stage model's or a column without a finite bound has a negative reduced cost.
fn lagrangian(b: &Built, sm: &StageModel, goal: Goal, y: &[f64]) -> Option<Lagrangian> {
    let rows = b.sp.rows.len() + sm.held_ub.len();
    if y.len() != rows {
        return None;
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
    let d: Vec<f64> = (0..b.sp.cols.len())
        .map(|j| sm.reduced_cost(j, &y))
        .collect();
    for (j, &dj) in d.iter().enumerate() {
        let c = &b.sp.cols[j];
        if dj > 0.0 {
            lagrange += dj * c.lb;
        } else if dj < 0.0 {
            if !c.ub.is_finite() {
                if dj < -1e-9 {
                    return None; // no finite bound: no valid L
                }
                continue;
            }
            lagrange += dj * c.ub;
        }
    }
    Some(Lagrangian {
        y,
        d,
        bound: lagrange,
    })
}

/// Columns whose reduced cost bounds how far they may move.
fn column_bounds(b: &Built, d: &[f64], room: &Room) -> NewBounds {
    let mut bounds = Vec::new();
    for (j, &dj) in d.iter().enumerate() {
        let c = &b.sp.cols[j];
        let toward = if dj > 0.0 { c.lb } else { c.ub };
        if !(c.integer || room.face)
            || dj.abs() <= 1e-9
            || !toward.is_finite()
            || c.lb == c.ub
            || b.kept_cols.contains(&j)
        {
            continue;
        }
        let (lb, ub) = if dj > 0.0 {
            (c.lb, (c.lb + room.of(dj)).max(room.at(j)).min(c.ub))
        } else {
            ((c.ub - room.of(dj)).min(room.at(j)).max(c.lb), c.ub)
        };
        if lb > c.lb || ub < c.ub {
            bounds.push((j, lb, ub));
        }
    }
    bounds
}

/// Rows whose activity is a whole number in every plan (whole coefficients on integer columns)
/// tighten the same way: |y_i| · distance from the bound y_i points to ≤ slack.
fn row_bounds(b: &Built, y: &[f64], room: &Room) -> NewBounds {
    let mut whole = vec![true; b.sp.rows.len()];
    let mut at_keep = vec![0.0; b.sp.rows.len()];
    for (j, c) in b.sp.cols.iter().enumerate() {
        let v = room.at(j);
        for (r, k) in b.sp.entries(j) {
            // (coefficients are small: a whole one survives the round trip through i64)
            if !c.integer || (k as i64) as f64 != k {
                whole[r] = false;
            }
            at_keep[r] += k * v;
        }
    }
    let mut bounds = Vec::new();
    for (i, r) in b.sp.rows.iter().enumerate() {
        let v = y[i];
        if !(whole[i] || room.face) || v.abs() <= 1e-9 || r.lb == r.ub || b.kept_rows.contains(&i) {
            continue;
        }
        let (lb, ub) = if v > 0.0 {
            (r.lb, (r.lb + room.of(v)).max(at_keep[i]).min(r.ub))
        } else {
            ((r.ub - room.of(v)).min(at_keep[i]).max(r.lb), r.ub)
        };
        if lb > r.lb || ub < r.ub {
            bounds.push((i, lb, ub));
        }
    }
    bounds
}

/// In a hub build: (arc, most teachers) for the arcs reached through the hub.
fn hub_paths(prep: &Prepared, b: &Built, d: &[f64], room: &Room) -> Vec<PathBound> {
    let mut path = Vec::new();
    let Some(h) = &b.hub else {
        return path;
    };
    for (a, arc) in prep.arcs.iter().enumerate() {
        if !b.via_hub[a] {
            continue; // a real arc of the hub build: fixed as a column
        }
        // hub.out is by pool and hub.into by post, in order
        let (o, i) = (h.out[arc.pool()].1, h.into[arc.post()].1);
        // an arc's teachers are at most the flows through both hub columns, measured
        // from their lower bounds only when those are 0
        let (d_o, d_i) = (d[o], d[i]);
        let at_zero = b.sp.cols[o].lb == 0.0 && b.sp.cols[i].lb == 0.0;
        if at_zero && d_o >= 0.0 && d_i >= 0.0 && d_o + d_i > 1e-9 {
            path.push((a, room.of(d_o + d_i)));
        }
    }
    path
}

/// A goal whose plan reaches the least value its terms can take (each column at the bound its
/// coefficient favours) is held by fixing each term's column at that bound: no other plan
/// reaches the value. The shares goal held at 0 is the usual case.
pub(super) fn fix_at_floor(
    b: &mut Built,
    goal: Goal,
    value: f64,
    cache: Option<&mut LpCache>,
) -> Result<(), PlanError> {
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
        let changed: NewBounds = (c.map.iter().enumerate())
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
pub(super) fn carry_fixings(prep: &Prepared, hub: &Built, arcs: &mut Built) {
    if hub.sp.cols.len() != arcs.sp.cols.len() {
        return;
    }
    for j in 0..hub.sp.cols.len() {
        if hub.hub_cols.contains(&j)
            || (!hub.parts_on && hub.part_cols.contains(&j))
            || hub.kept_cols.contains(&j)
        {
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
            if arcs.kept_rows.contains(&i) {
                continue;
            }
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
            out[arc.pool()].push(term);
            into[arc.post()].push(term);
        }
    }
    let cols = out
        .into_iter()
        .zip(h.out.iter().map(|&(_, c)| c))
        .chain(into.into_iter().zip(h.into.iter().map(|&(_, c)| c)));
    // (added together: the arc build's entries are packed, `Sparse::rows_from`)
    let mut rows = Vec::new();
    for (terms, c) in cols {
        let col = &hub.sp.cols[c];
        let built_ub = hub.hub_ub[c - hub.hub_cols.start];
        if col.lb <= 0.0 && col.ub >= built_ub {
            continue;
        }
        // A hub column without arcs in the arc build carried nothing in the stage's plan.
        if !terms.is_empty() {
            rows.push((col.lb, col.ub, terms));
        }
    }
    arcs.sp.rows_from(rows);
}
