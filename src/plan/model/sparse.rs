//! The model as a sparse matrix, column by column, and what is done on it before any solve:
//! bound propagation and the fixing of forcing rows.

/// One column of the sparse model: bounds, integrality and its (row, coefficient) entries.
pub(super) struct ColDef {
    pub lb: f64,
    pub ub: f64,
    pub integer: bool,
    pub entries: Vec<(usize, f64)>,
}

/// One row of the sparse model: lb ≤ Σ entries ≤ ub.
pub(super) struct RowDef {
    pub lb: f64,
    pub ub: f64,
}

/// The whole model as a sparse matrix, column by column, so that any column's reduced cost can
/// be computed from row duals whether or not HiGHS has it.
#[derive(Default)]
pub(super) struct Sparse {
    pub cols: Vec<ColDef>,
    pub rows: Vec<RowDef>,
    /// The rows' terms as they are added, row after row (`by_row.start[r]..start[r + 1]`),
    /// until `imply_upper_bounds` reads and drops them: the same entries as the columns', kept
    /// twice while the model is built so that bound propagation needs no transposition (on a
    /// county of 1.7 million entries, the transposition's scattered writes took 0.09 s).
    by_row: RowTerms,
}

/// The terms of the rows added so far, row by row (compressed).
struct RowTerms {
    /// Off once `imply_upper_bounds` has used them: rows added later are not recorded.
    done: bool,
    start: Vec<usize>,
    terms: Vec<(usize, f64)>,
}

impl Default for RowTerms {
    fn default() -> Self {
        RowTerms {
            done: false,
            start: vec![0],
            terms: Vec::new(),
        }
    }
}

impl Sparse {
    pub fn col(&mut self, lb: f64, ub: f64, integer: bool) -> usize {
        self.cols.push(ColDef {
            lb,
            ub,
            integer,
            // (no room reserved: the hub build's arcs through a hub get no entries at all)
            entries: Vec::new(),
        });
        self.cols.len() - 1
    }

    /// A column with room for `room` entries (their number known in advance).
    pub fn col_with_room(&mut self, lb: f64, ub: f64, integer: bool, room: usize) -> usize {
        let j = self.col(lb, ub, integer);
        self.cols[j].entries.reserve_exact(room);
        j
    }

    /// Gives back the spare capacity of the columns' entries once the model is built (an arc
    /// column with five entries had room for eight: a third of the model's memory on a county
    /// of 700,000 arcs).
    pub fn shrink(&mut self) {
        for c in &mut self.cols {
            // (a spare entry or none is left as it is: moving the column to save 16 bytes
            // costs more than it saves)
            if c.entries.capacity() > c.entries.len() + 1 {
                c.entries.shrink_to_fit();
            }
        }
    }

    /// Adds lb ≤ Σ terms ≤ ub (terms on one column are summed); a row without terms is skipped.
    pub fn row(&mut self, lb: f64, ub: f64, mut terms: Vec<(usize, f64)>) {
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
        if !self.by_row.done {
            self.by_row.terms.extend_from_slice(&merged);
            self.by_row.start.push(self.by_row.terms.len());
        }
        for (c, k) in merged {
            self.cols[c].entries.push((r, k));
        }
    }

    /// The rows' terms, row by row: as `row` recorded them (which stops recording), or, when
    /// they were not all recorded, transposed from the columns.
    fn take_row_terms(&mut self) -> (Vec<usize>, Vec<(usize, f64)>) {
        let m = self.rows.len();
        let recorded = std::mem::replace(
            &mut self.by_row,
            RowTerms {
                done: true,
                ..Default::default()
            },
        );
        if recorded.start.len() == m + 1 {
            return (recorded.start, recorded.terms);
        }
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
        (start, terms)
    }

    /// Lowers column upper bounds to what the rows imply (bound propagation: for a row
    /// lb ≤ Σ a·x ≤ ub, a column with a > 0 can reach at most (ub − least activity of the
    /// others)/a, one with a < 0 at most (lb − greatest activity of the others)/a; integer
    /// columns round down). Every plan keeps these bounds, so nothing is lost; a picked
    /// teacher count, say, is bounded by the release cap of the school and a pool's outflow by
    /// what its picks can bring. Tighter boxes let HiGHS's dual simplex pass more breakpoints
    /// in one ratio test (docs/model.md, "Implied bounds").
    pub fn imply_upper_bounds(&mut self) {
        // the rows' entries, row by row (compressed), as `row` recorded them, and the bounds
        // as dense arrays
        let m = self.rows.len();
        let (start, terms) = self.take_row_terms();
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
    pub fn fix_forcing_rows(&mut self, keep: &[f64]) -> Vec<usize> {
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
pub(super) fn span(lb: f64, ub: f64, k: f64) -> (f64, f64) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn bounds_implied_from_the_recorded_rows_are_those_of_the_transposed_columns() {
        let inf = f64::INFINITY;
        // a chain: x0 ≤ 2 through the first row tightens x1 through the second, and so on;
        // a duplicated term is summed; the last row is added after a first propagation
        let cols = [(0.0, 9.0); 5];
        let rows: Vec<TestRow> = vec![
            (-inf, 2.0, vec![(0, 1.0)]),
            (-inf, 7.0, vec![(1, 1.0), (0, -1.0), (1, 1.0)]),
            (-inf, 4.0, vec![(2, 2.0), (1, 1.0)]),
            (1.0, inf, vec![(3, -1.0), (2, 1.0)]),
        ];
        let mut recorded = model(&cols, &rows);
        let mut transposed = model(&cols, &[]);
        transposed.by_row.done = true;
        for (lb, ub, terms) in &rows {
            transposed.row(*lb, *ub, terms.clone());
        }
        recorded.imply_upper_bounds();
        transposed.imply_upper_bounds();
        assert_eq!(bounds(&recorded), bounds(&transposed));
        // 2·x1 − x0 ≤ 7 with x0 ≤ 2 gives x1 ≤ 4.5, so 4; 2·x2 + x1 ≤ 4 gives x2 ≤ 2;
        // x2 − x3 ≥ 1 gives x3 ≤ 1
        assert_eq!(
            bounds(&recorded),
            vec![(0.0, 2.0), (0.0, 4.0), (0.0, 2.0), (0.0, 1.0), (0.0, 9.0)]
        );
        // rows added after the first propagation are not recorded: the second one transposes
        recorded.row(-inf, 5.0, vec![(4, 1.0), (3, 1.0)]);
        recorded.imply_upper_bounds();
        assert_eq!(bounds(&recorded)[4], (0.0, 5.0));
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
