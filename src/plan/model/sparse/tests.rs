//! Tests of the sparse model: bound propagation, forcing rows, packed entries.

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
    transposed.seal();
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
    for j in 0..sp.cols.len() {
        for (r, k) in sp.entries(j) {
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
        sp.seal();
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
/// Every column's entries, in order.
fn all_entries(sp: &Sparse) -> Vec<Vec<(usize, f64)>> {
    (0..sp.cols.len())
        .map(|j| sp.entries(j).collect())
        .collect()
}

/// Each column's entries as the rows give them, worked out directly: a row's terms on one
/// column summed, zeros and empty rows left out, rows numbered as they are kept.
fn expected_entries(n: usize, rows: &[TestRow]) -> Vec<Vec<(usize, f64)>> {
    let mut out = vec![Vec::new(); n];
    let mut r = 0;
    for (_, _, terms) in rows {
        let mut sum = vec![0.0; n];
        let mut seen = vec![false; n];
        for &(j, k) in terms {
            sum[j] += k;
            seen[j] = true;
        }
        let kept: Vec<usize> = (0..n).filter(|&j| seen[j] && sum[j] != 0.0).collect();
        if kept.is_empty() {
            continue;
        }
        for j in kept {
            out[j].push((r, sum[j]));
        }
        r += 1;
    }
    out
}

/// A small xorshift generator for the random models.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    /// `count` rows over n columns; duplicate columns (summed), zero coefficients (dropped)
    /// and rows without terms among them.
    fn rows(&mut self, n: usize, count: u64) -> Vec<TestRow> {
        (0..count)
            .map(|_| {
                let terms = (0..self.below(5))
                    .map(|_| (self.below(n as u64) as usize, self.below(5) as f64 - 2.0))
                    .collect();
                (self.below(3) as f64, 9.0, terms)
            })
            .collect()
    }
}

#[test]
fn packed_entries_are_the_rows_by_column_also_for_rows_added_after() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut packed_after = 0;
    for _ in 0..300 {
        let n = 1 + rng.below(6) as usize;
        let count = rng.below(6);
        let first = rng.rows(n, count);
        let count = rng.below(6);
        let later = rng.rows(n, count);
        let one_more = rng.rows(n, 1);
        let cols = vec![(0.0, 3.0); n];
        let all: Vec<TestRow> = first
            .iter()
            .chain(&later)
            .chain(&one_more)
            .cloned()
            .collect();
        // every row added before the entries are packed
        let mut whole = model(&cols, &all);
        whole.seal();
        assert_eq!(all_entries(&whole), expected_entries(n, &all));
        // packed after the first rows; the later ones in one pass, then one alone
        let mut packed = model(&cols, &first);
        packed.seal();
        assert_eq!(all_entries(&packed), expected_entries(n, &first));
        packed.rows_from(later.clone());
        let (lb, ub, terms) = &one_more[0];
        packed.row(*lb, *ub, terms.clone());
        assert_eq!(all_entries(&packed), all_entries(&whole));
        let row_bounds = |sp: &Sparse| sp.rows.iter().map(|r| (r.lb, r.ub)).collect::<Vec<_>>();
        assert_eq!(row_bounds(&packed), row_bounds(&whole));
        packed_after += usize::from(packed.rows.len() > first.len());
        // a column added after packing starts without entries and takes later rows
        let j = packed.col(0.0, 1.0, true);
        assert_eq!(packed.entries(j).count(), 0);
        packed.row(0.0, 1.0, vec![(j, 1.0), (0, 2.0)]);
        let r = packed.rows.len() - 1;
        assert_eq!(packed.entries(j).collect::<Vec<_>>(), vec![(r, 1.0)]);
        assert_eq!(packed.entries(0).last(), Some((r, 2.0)));
    }
    assert!(packed_after > 100, "{packed_after}");
}
