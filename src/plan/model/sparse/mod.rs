//! The model as a sparse matrix, column by column, and what is done on it before any solve:
//! bound propagation and the fixing of forcing rows.

/// One column of the sparse model: bounds and integrality (its entries are in
/// `Sparse::entries`).
pub(super) struct ColDef {
    pub lb: f64,
    pub ub: f64,
    pub integer: bool,
}

/// A row to add: (lb, ub, terms).
pub(super) type NewRow = (f64, f64, Vec<(usize, f64)>);

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
    /// until `imply_upper_bounds` reads and drops them. While the model is built they are its
    /// only entries; `seal` packs them by column.
    by_row: RowTerms,
    /// The columns' entries (row, coefficient), in the order their rows were added.
    entries: Entries,
}

/// The columns' entries: none while the model is built (its rows are recorded, `by_row`); once
/// it is built (`Sparse::seal`), packed column after column, rows as u32. On 50,000 teachers in
/// 600 schools (730,000 columns) a list per column, grown row by row beside the recorded rows,
/// was most of the 122 MiB the plan's peak fell by (docs/performance.md, "Fourteenth round").
#[derive(Default)]
enum Entries {
    #[default]
    Rows,
    Packed {
        /// Column j's entries are `row[start[j]..start[j + 1]]` and `coef[…]`.
        start: Vec<u32>,
        row: Vec<u32>,
        coef: Vec<f64>,
    },
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

/// The entries of one column, (row, coefficient) in the order their rows were added.
pub(super) struct ColEntries<'a>(
    std::iter::Zip<std::slice::Iter<'a, u32>, std::slice::Iter<'a, f64>>,
);

impl Iterator for ColEntries<'_> {
    type Item = (usize, f64);

    #[inline]
    fn next(&mut self) -> Option<(usize, f64)> {
        self.0.next().map(|(&r, &k)| (r as usize, k))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl Sparse {
    pub fn col(&mut self, lb: f64, ub: f64, integer: bool) -> usize {
        self.cols.push(ColDef { lb, ub, integer });
        if let Entries::Packed { start, .. } = &mut self.entries {
            let end = start.last().copied().unwrap_or(0);
            start.push(end);
        }
        self.cols.len() - 1
    }

    /// The entries of column j: (row, coefficient), in the order their rows were added. Only
    /// once the model is sealed (`seal`): while it is built, its entries are its rows'.
    #[inline]
    pub fn entries(&self, j: usize) -> ColEntries<'_> {
        let Entries::Packed { start, row, coef } = &self.entries else {
            panic!("the sparse model's columns are read before it is sealed");
        };
        let (a, b) = (start[j] as usize, start[j + 1] as usize);
        ColEntries(row[a..b].iter().zip(&coef[a..b]))
    }

    /// Packs the columns' entries, by column, from the rows recorded while the model was built
    /// (a counting sort: each column's entries come out in row order). Rows added after it
    /// (`row`, `rows_from`) go into the packed entries. The recorded rows stay until
    /// `imply_upper_bounds` reads them.
    pub fn seal(&mut self) {
        if matches!(self.entries, Entries::Packed { .. }) {
            return;
        }
        let (n, m) = (self.cols.len(), self.rows.len());
        let recorded = &self.by_row;
        // (rows are recorded from the first one on and until the model is sealed)
        debug_assert_eq!(recorded.start.len(), m + 1);
        assert!(
            u32::try_from(recorded.terms.len()).is_ok() && u32::try_from(m).is_ok(),
            "a model beyond 4 billion entries or rows"
        );
        let mut start = vec![0u32; n + 1];
        for &(c, _) in &recorded.terms {
            start[c + 1] += 1;
        }
        for j in 0..n {
            start[j + 1] += start[j];
        }
        let mut next: Vec<u32> = start[..n].to_vec();
        let mut row = vec![0u32; recorded.terms.len()];
        let mut coef = vec![0.0f64; recorded.terms.len()];
        for r in 0..m {
            for &(c, k) in &recorded.terms[recorded.start[r]..recorded.start[r + 1]] {
                let i = next[c] as usize;
                row[i] = r as u32;
                coef[i] = k;
                next[c] += 1;
            }
        }
        self.entries = Entries::Packed { start, row, coef };
    }

    /// Adds lb ≤ Σ terms ≤ ub (terms on one column are summed); a row without terms is skipped.
    pub fn row(&mut self, lb: f64, ub: f64, terms: Vec<(usize, f64)>) {
        self.rows_from(vec![(lb, ub, terms)]);
    }

    /// Adds each (lb, ub, terms) as `row` does, in order: to packed entries in one pass.
    pub fn rows_from(&mut self, new: Vec<NewRow>) {
        let mut added: Vec<(usize, Vec<(usize, f64)>)> = Vec::with_capacity(new.len());
        for (lb, ub, terms) in new {
            let merged = merge_terms(terms);
            if merged.is_empty() {
                continue;
            }
            let r = self.rows.len();
            self.rows.push(RowDef { lb, ub });
            // (until the model is sealed the recorded rows are its only entries: recording
            // stops only when `imply_upper_bounds` takes them, after sealing)
            if !self.by_row.done {
                self.by_row.terms.extend_from_slice(&merged);
                self.by_row.start.push(self.by_row.terms.len());
            }
            added.push((r, merged));
        }
        match &mut self.entries {
            // (recorded above: the rows are the entries until the model is sealed)
            Entries::Rows => {}
            Entries::Packed { start, row, coef } => {
                if added.is_empty() {
                    return;
                }
                // new entries per column, rows in order, then one pass that moves the old
                let ncols = start.len() - 1;
                let mut more = vec![0u32; ncols + 1];
                for (_, merged) in &added {
                    for &(c, _) in merged {
                        more[c + 1] += 1;
                    }
                }
                let total = row.len() + added.iter().map(|(_, m)| m.len()).sum::<usize>();
                let mut next_start = Vec::with_capacity(ncols + 1);
                next_start.push(0u32);
                for j in 0..ncols {
                    let len = start[j + 1] - start[j] + more[j + 1];
                    next_start.push(next_start[j] + len);
                }
                let mut next_row = vec![0u32; total];
                let mut next_coef = vec![0.0f64; total];
                let mut at: Vec<u32> = Vec::with_capacity(ncols);
                for j in 0..ncols {
                    let (a, b) = (start[j] as usize, start[j + 1] as usize);
                    let to = next_start[j] as usize;
                    next_row[to..to + b - a].copy_from_slice(&row[a..b]);
                    next_coef[to..to + b - a].copy_from_slice(&coef[a..b]);
                    at.push((to + b - a) as u32);
                }
                for (r, merged) in added {
                    for (c, k) in merged {
                        let i = at[c] as usize;
                        next_row[i] = r as u32;
                        next_coef[i] = k;
                        at[c] += 1;
                    }
                }
                *start = next_start;
                *row = next_row;
                *coef = next_coef;
            }
        }
    }

    /// The rows' terms, row by row: as `row` recorded them (which stops recording), or, when
    /// they were not all recorded, transposed from the columns (sealed).
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
        for j in 0..self.cols.len() {
            for (r, _) in self.entries(j) {
                start[r + 1] += 1;
            }
        }
        for r in 0..m {
            start[r + 1] += start[r];
        }
        let mut next = start.clone();
        let mut terms = vec![(0usize, 0.0f64); start[m]];
        for j in 0..self.cols.len() {
            for (r, k) in self.entries(j) {
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
        // (the columns' entries mark the rows a tightened bound makes worth another look)
        self.seal();
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
                        for (r2, _) in self.entries(j) {
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
        for (j, c) in self.cols.iter().enumerate() {
            for (r, k) in self.entries(j) {
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
        assert_eq!(keep.len(), self.cols.len(), "a plan of every column");
        self.seal();
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
            for (j, &kept) in keep.iter().enumerate() {
                let (lb, ub) = (self.cols[j].lb, self.cols[j].ub);
                if lb == ub {
                    continue;
                }
                // the bound that gives the least (or greatest) activity of its first forced row
                let at = self.entries(j).find_map(|(r, k)| {
                    let least = forced[r]?;
                    let v = if least == (k > 0.0) { lb } else { ub };
                    (v.is_finite() && (kept - v).abs() <= 1e-9).then_some(v)
                });
                if let Some(v) = at {
                    self.cols[j].lb = v;
                    self.cols[j].ub = v;
                    fixed.push(j);
                }
            }
            if fixed.len() == before {
                break;
            }
        }
        fixed
    }
}

/// The terms of a row sorted by column, those on one column summed, zeros left out.
fn merge_terms(mut terms: Vec<(usize, f64)>) -> Vec<(usize, f64)> {
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
    merged
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
mod tests;
