//! The checker's own maximum flow for "how much of a school's needs can these teachers cover":
//! source → pool of teachers (capacity: how many FTE they have) → subject they may teach →
//! sink (capacity: the subject's need). Subjects are filled one at a time in their order, each
//! as far as it can be without taking coverage from an earlier one, so the split among subjects
//! is deterministic; the total is the maximum coverage either way.

const EPS: f64 = 1e-9;

/// Teachers with the same subjects: `cap` FTE in all, who may teach `subjects` (indices).
#[derive(Debug, Clone)]
pub(crate) struct Pool {
    pub cap: f64,
    pub subjects: Vec<usize>,
}

/// Coverage of each subject (same order as `need`); the sum is the maximum coverage.
pub(crate) fn max_cover(need: &[f64], pools: &[Pool]) -> Vec<f64> {
    let (np, ns) = (pools.len(), need.len());
    // nodes: 0 source, 1..=np pools, np+1..=np+ns subjects
    let n = 1 + np + ns;
    let big = need.iter().map(|v| v.max(0.0)).sum::<f64>()
        + pools.iter().map(|p| p.cap.max(0.0)).sum::<f64>()
        + 1.0;
    let mut res = vec![vec![0.0f64; n]; n];
    for (k, p) in pools.iter().enumerate() {
        res[0][1 + k] = p.cap.max(0.0);
        for &s in p.subjects.iter().filter(|&&s| s < ns) {
            res[1 + k][1 + np + s] = big;
        }
    }
    let mut covered = vec![0.0; ns];
    for (s, &want) in need.iter().enumerate() {
        let target = 1 + np + s;
        while want - covered[s] > EPS {
            let Some(prev) = bfs(&res, target) else { break };
            let mut delta = want - covered[s];
            let mut v = target;
            while v != 0 {
                let u = prev[v];
                delta = delta.min(res[u][v]);
                v = u;
            }
            if delta <= EPS {
                break;
            }
            let mut v = target;
            while v != 0 {
                let u = prev[v];
                res[u][v] -= delta;
                res[v][u] += delta;
                v = u;
            }
            covered[s] += delta;
        }
    }
    covered
}

/// Shortest residual path from the source to `target`: each node's predecessor.
fn bfs(res: &[Vec<f64>], target: usize) -> Option<Vec<usize>> {
    let n = res.len();
    let mut prev = vec![usize::MAX; n];
    prev[0] = 0;
    let mut queue = std::collections::VecDeque::from([0usize]);
    while let Some(u) = queue.pop_front() {
        if u == target {
            return Some(prev);
        }
        for v in 0..n {
            if prev[v] == usize::MAX && res[u][v] > EPS {
                prev[v] = u;
                queue.push_back(v);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(cap: f64, subjects: &[usize]) -> Pool {
        Pool {
            cap,
            subjects: subjects.to_vec(),
        }
    }

    #[test]
    fn earlier_subjects_are_filled_first_and_shifted_teachers_keep_them() {
        // Teacher A may teach 0 or 1, teacher B only 0. Subject 0 needs 1, subject 1 needs 1.
        // Filling 0 first takes A; filling 1 then shifts 0 to B: both covered.
        let c = max_cover(&[1.0, 1.0], &[pool(1.0, &[0, 1]), pool(1.0, &[0])]);
        assert!(
            (c[0] - 1.0).abs() < 1e-9 && (c[1] - 1.0).abs() < 1e-9,
            "{c:?}"
        );
    }

    #[test]
    fn a_teacher_qualified_for_both_goes_to_the_first_subject() {
        let c = max_cover(&[0.6, 2.0], &[pool(1.0, &[0, 1])]);
        assert!(
            (c[0] - 0.6).abs() < 1e-9 && (c[1] - 0.4).abs() < 1e-9,
            "{c:?}"
        );
    }

    #[test]
    fn nobody_qualified_covers_nothing() {
        let c = max_cover(&[1.5], &[pool(3.0, &[1])]);
        assert_eq!(c, vec![0.0]);
    }
}
