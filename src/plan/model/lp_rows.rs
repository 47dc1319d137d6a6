//! The LPs built without their fixed columns (the arc build's stages: shares, travel, wishes,
//! stability; every stage of a build without hubs) leave out the rows that cannot reach a
//! bound (`StageModel::to_highs_lp`); `RowMap` says which rows such a model has.

use super::debug;
use super::highs_ffi::{add_cols, add_rows, NewColumns};
use super::stage_model::{SolverModel, StageModel, NONE};
use crate::plan::error::PlanError;
use highs::Row;

/// The rows a solver model has, when it leaves out rows of the full model
/// ([`StageModel::to_highs_lp`]).
pub(super) struct RowMap {
    /// Model row of each full row (`NONE` when left out).
    model_of: Vec<u32>,
    /// Full row of each model row.
    full_of: Vec<usize>,
}

impl RowMap {
    /// The model row of full row r, if the model has it.
    pub fn model_row(&self, r: usize) -> Option<usize> {
        match self.model_of[r] {
            NONE => None,
            m => Some(m as usize),
        }
    }

    /// The row duals of the full model from those of the model's rows: 0 for a row left out
    /// (it cannot reach a bound, so its dual is 0 in every optimal dual solution).
    pub fn full_duals(&self, model_duals: &[f64]) -> Vec<f64> {
        let mut y = vec![0.0; self.model_of.len()];
        for (&r, &v) in self.full_of.iter().zip(model_duals) {
            y[r] = v;
        }
        y
    }
}

impl StageModel<'_> {
    /// The LP of `to_highs` (continuous, without the fixed columns) over the columns for which
    /// `take` holds, without the rows that cannot reach a bound: their least and greatest
    /// activity over its columns, from the columns' bounds, lie strictly within the row's
    /// bounds (and a row none of them reaches goes out if its bounds hold at 0). With most
    /// columns fixed, many rows are such (of the travel LP, about half), and HiGHS's re-solves
    /// after pricing, which run without presolve, would carry them in every factorization, in
    /// every pivot, and in the steepest-edge weights they compute afresh after each call that
    /// adds columns (one backward solve per row). A row left out goes in when a column that
    /// reaches it does (`add_lp_columns_at_upper`). Leaving out such a row leaves the LP's
    /// feasible set and optimum as they are; its slack is positive at every feasible point, so
    /// its dual is 0 in every optimal dual solution, and the duals of the smaller LP with 0 for
    /// it (`RowMap::full_duals`) are optimal duals of the full LP: pricing, the reduced-cost
    /// fixing, the neighbourhoods and the bounds drawn from them read the same kind of duals.
    /// (Rows that can reach a bound stay: in their place 0, though valid, fixed fewer columns;
    /// docs/performance.md, "Sixteenth round".) The held rows all stay (free while off).
    /// Returns the model and which rows it has.
    pub fn to_highs_lp(
        &self,
        take: impl Fn(usize) -> bool,
    ) -> Result<(SolverModel, RowMap), PlanError> {
        let first = self.b.sp.rows.len();
        let n_rows = first + self.held_ub.len();
        let map: Vec<usize> = (0..self.b.sp.cols.len())
            .filter(|&j| take(j) && !self.fixed[j])
            .collect();
        // each row's least and greatest activity over the LP's columns (with the number of
        // unbounded terms)
        let mut least = vec![(0.0f64, 0u32); first];
        let mut most = vec![(0.0f64, 0u32); first];
        let mut reached = vec![false; first];
        for &j in &map {
            let c = &self.b.sp.cols[j];
            for (r, k) in self.b.sp.entries(j) {
                reached[r] = true;
                let (lo, hi) = if k >= 0.0 {
                    (k * c.lb, k * c.ub)
                } else {
                    (k * c.ub, k * c.lb)
                };
                add_activity(&mut least[r], lo);
                add_activity(&mut most[r], hi);
            }
        }
        // A row no column reaches goes out if its bounds hold at 0 (its dual moves no reduced
        // cost); one that does not stays, for HiGHS to find the LP infeasible.
        let keep: Vec<bool> = (0..n_rows)
            .map(|r| {
                let (lb, ub) = self.row_bounds(r, true);
                r >= first
                    || if reached[r] {
                        can_bind((lb, ub), least[r], most[r])
                    } else {
                        lb > 0.0 || ub < 0.0
                    }
            })
            .collect();
        let (model, handles) = self.highs_model(&map, true, true, |r| keep[r])?;
        let mut rm = RowMap {
            model_of: vec![NONE; n_rows],
            full_of: Vec::new(),
        };
        for (r, h) in handles.iter().enumerate() {
            if h.is_some() {
                rm.model_of[r] = rm.full_of.len() as u32;
                rm.full_of.push(r);
            }
        }
        let rows: Vec<Row> = handles.into_iter().flatten().collect();
        if debug() {
            eprintln!(
                "[cg] {} lp: {} of {n_rows} rows kept",
                self.goal.key(),
                rm.full_of.len()
            );
        }
        Ok((SolverModel { model, rows, map }, rm))
    }

    /// Adds the full columns `js` to an LP (continuous) in one call; HiGHS resets its
    /// factorization on each call that adds columns. `map`: the full column of each model
    /// column. `rows`: the model's rows when it leaves some out (`to_highs_lp`): the rows the
    /// columns reach that it left out go in first. Without it the model's rows are numbered as
    /// the full model's (every row handle `rows[r]` is row r), so entries go to row r.
    ///
    /// Each column with a finite upper bound goes in nonbasic at that bound: HiGHS puts a new
    /// column at its lower bound, or at its upper bound when the lower one is infinite, so the
    /// columns go in with no lower bound, and the bounds they should have are set after
    /// (`set_bounds`), which keeps a nonbasic column at the bound it is at. (Setting the basis
    /// instead makes HiGHS check it as a user's basis: a factorization of its own, and on
    /// 50,000 teachers in 600 schools the plan's peak memory.) Returns the columns to bound
    /// (place in the model, lb, ub), the new columns numbered from `map.len()`.
    pub fn add_lp_columns_at_upper(
        &self,
        model: &mut highs::Model,
        js: &[usize],
        map: &[usize],
        mut rows: Option<&mut RowMap>,
    ) -> Result<Vec<(usize, f64, f64)>, PlanError> {
        let first = map.len();
        // the rows left out that the columns reach go in first
        if let Some(rm) = rows.as_deref_mut() {
            self.add_rows_reached(model, js, map, rm)?;
        }
        let mut new = NewColumns::default();
        let mut bound = Vec::new();
        for (m, &j) in js.iter().enumerate() {
            let c = &self.b.sp.cols[j];
            let lb = if c.ub.is_finite() {
                bound.push((first + m, c.lb, c.ub));
                f64::NEG_INFINITY
            } else {
                c.lb
            };
            new.column(self.cost[j], lb, c.ub);
            for (r, k) in self.entries(j) {
                let at = match rows.as_deref() {
                    None => r,
                    Some(rm) => rm.model_row(r).expect("added above"),
                };
                new.entry(at, k);
            }
        }
        add_cols(model, &new)?;
        Ok(bound)
    }

    /// Puts into `model` (whose column m is full column `map[m]`, its rows those of `rm`) the
    /// rows left out that the columns `js` reach, with their entries in the model's columns:
    /// rows that could not bind without these columns may with them.
    pub(super) fn add_rows_reached(
        &self,
        model: &mut highs::Model,
        js: &[usize],
        map: &[usize],
        rm: &mut RowMap,
    ) -> Result<(), PlanError> {
        let mut wanted: Vec<usize> = (js.iter())
            .flat_map(|&j| self.entries(j).map(|(r, _)| r))
            .filter(|&r| rm.model_row(r).is_none())
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        if !wanted.is_empty() {
            let mut slot = vec![NONE; rm.model_of.len()];
            for (k, &r) in wanted.iter().enumerate() {
                slot[r] = k as u32;
            }
            let mut terms: Vec<Vec<(usize, f64)>> = vec![Vec::new(); wanted.len()];
            for (m, &j) in map.iter().enumerate() {
                for (r, k) in self.entries(j) {
                    if slot[r] != NONE {
                        terms[slot[r] as usize].push((m, k));
                    }
                }
            }
            let bounds: Vec<(f64, f64)> =
                wanted.iter().map(|&r| self.row_bounds(r, true)).collect();
            add_rows(model, &bounds, &terms)?;
            if debug() {
                eprintln!(
                    "[cg] {} rows reached by the priced columns added",
                    wanted.len()
                );
            }
            for &r in &wanted {
                rm.model_of[r] = rm.full_of.len() as u32;
                rm.full_of.push(r);
            }
        }
        Ok(())
    }
}

/// Whether a row with bounds (lb, ub) can bind or reach a bound: its least or greatest
/// activity, each a sum of finite terms and a number of unbounded ones, may meet or leave the
/// bounds.
fn can_bind((lb, ub): (f64, f64), (lo, lo_inf): (f64, u32), (hi, hi_inf): (f64, u32)) -> bool {
    // strictly within: a row that can reach a bound may carry a dual, and the fixings and the
    // neighbourhoods read the duals (a row its activity could leave by a rounding error also
    // stays in)
    let holds_low = lb == f64::NEG_INFINITY || (lo_inf == 0 && lo > lb);
    let holds_high = ub == f64::INFINITY || (hi_inf == 0 && hi < ub);
    !(holds_low && holds_high)
}

/// Adds a term's least or greatest value to a row's (sum of finite terms, unbounded terms).
fn add_activity(acc: &mut (f64, u32), v: f64) {
    if v.is_finite() {
        acc.0 += v;
    } else {
        acc.1 += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INF: f64 = f64::INFINITY;

    #[test]
    fn a_row_stays_where_its_activity_can_reach_its_bounds() {
        // arrivals ≤ 5 open posts
        assert!(!can_bind((-INF, 5.0), (0.0, 0), (4.0, 0)));
        assert!(can_bind((-INF, 5.0), (0.0, 0), (5.0, 0)));
        assert!(can_bind((-INF, 5.0), (0.0, 0), (5.5, 0)));
        // (whatever the other bound: a row ≤ 5 whose activity reaches 5.5 binds)
        assert!(can_bind((-INF, 5.0), (-INF, 1), (5.5, 0)));
        // an unbounded term can take any row past its finite bound
        assert!(can_bind((-INF, 5.0), (0.0, 0), (0.0, 1)));
        assert!(can_bind((2.0, INF), (0.0, 1), (9.0, 0)));
        // a row that can reach its bound counts as binding (it may carry a dual): equalities
        // always, an inequality whose activity can meet its bound
        assert!(can_bind((3.0, 3.0), (3.0, 0), (3.0, 0)));
        assert!(can_bind((-INF, 0.0), (0.0, 0), (0.0, 0)));
        assert!(can_bind((1.0, INF), (1.0, 0), (4.0, 0)));
        assert!(!can_bind((1.0, INF), (1.5, 0), (4.0, 0)));
        // exactly: an activity a rounding error beyond the bound may bind
        assert!(!can_bind((-INF, 1e6), (0.0, 0), (1e6 - 1e-6, 0)));
        assert!(can_bind((-INF, 1e6), (0.0, 0), (1e6 + 1e-6, 0)));
    }

    #[test]
    fn activities_count_unbounded_terms_apart() {
        let mut acc = (0.0, 0);
        for v in [1.5, -INF, 2.0, INF, f64::NAN] {
            add_activity(&mut acc, v);
        }
        assert_eq!(acc, (3.5, 3));
    }

    #[test]
    fn rows_left_out_have_dual_zero() {
        // full rows 0..5; the model has rows 3, 0 and 4, in that order
        let rm = RowMap {
            model_of: vec![1, NONE, NONE, 0, 2],
            full_of: vec![3, 0, 4],
        };
        assert_eq!(
            rm.full_duals(&[7.0, -1.0, 0.5]),
            vec![-1.0, 0.0, 0.0, 7.0, 0.5]
        );
        assert_eq!(rm.model_row(3), Some(0));
        assert_eq!(rm.model_row(1), None);
    }
}
