//! A minimum-cost assignment with lexicographic costs (the Hungarian method with potentials).
//!
//! Costs are vectors compared in order, so goals are met one after another exactly, with no
//! weights to choose and no rounding: the method needs only that costs add, subtract and
//! compare, which vectors of integers under lexicographic order do.

/// A cost: goals in order of priority, each a whole number (smaller is better).
pub type Cost = [i64; COST_LEN];
pub const COST_LEN: usize = 6;

const INF: Cost = [i64::MAX / 4, 0, 0, 0, 0, 0];

fn add(a: Cost, b: Cost) -> Cost {
    std::array::from_fn(|k| a[k] + b[k])
}

fn sub(a: Cost, b: Cost) -> Cost {
    std::array::from_fn(|k| a[k] - b[k])
}

/// The assignment of rows to columns of a square cost matrix (`cost(i, j)`, n × n) of least
/// total cost: `result[i]` is the column of row `i`. Exact (an optimal assignment for the
/// lexicographic order); O(n³).
pub fn solve(n: usize, cost: impl Fn(usize, usize) -> Cost) -> Vec<usize> {
    // 1-based as in the textbook statement: row and column 0 are the "virtual" start.
    let mut u = vec![[0i64; COST_LEN]; n + 1];
    let mut v = vec![[0i64; COST_LEN]; n + 1];
    let mut owner = vec![0usize; n + 1]; // column → row
    let mut way = vec![0usize; n + 1];
    for row in 1..=n {
        owner[0] = row;
        let mut col0 = 0usize;
        let mut min_v = vec![INF; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[col0] = true;
            let r0 = owner[col0];
            let mut delta = INF;
            let mut col1 = 0usize;
            for col in 1..=n {
                if used[col] {
                    continue;
                }
                let cur = sub(sub(cost(r0 - 1, col - 1), u[r0]), v[col]);
                if cur < min_v[col] {
                    min_v[col] = cur;
                    way[col] = col0;
                }
                if min_v[col] < delta {
                    delta = min_v[col];
                    col1 = col;
                }
            }
            for col in 0..=n {
                if used[col] {
                    u[owner[col]] = add(u[owner[col]], delta);
                    v[col] = sub(v[col], delta);
                } else {
                    min_v[col] = sub(min_v[col], delta);
                }
            }
            col0 = col1;
            if owner[col0] == 0 {
                break;
            }
        }
        loop {
            let col1 = way[col0];
            owner[col0] = owner[col1];
            col0 = col1;
            if col0 == 0 {
                break;
            }
        }
    }
    let mut result = vec![0usize; n];
    for col in 1..=n {
        if owner[col] > 0 {
            result[owner[col] - 1] = col - 1;
        }
    }
    result
}

/// The total cost of an assignment.
pub fn total(assign: &[usize], cost: impl Fn(usize, usize) -> Cost) -> Cost {
    (assign.iter().enumerate()).fold([0; COST_LEN], |acc, (i, &j)| add(acc, cost(i, j)))
}
