//! Start plans and the moves between builds: the plan that moves nobody, slack set to the least
//! the flows allow (`polish`, `settle`), and a hub build's plan turned into one of the arc build
//! with parts (`unhub`, `split_parts`).

use super::built::{Built, CellVars, ShareSlacks};
use crate::plan::prepare::Prepared;
use crate::scenario::Scenario;

/// The plan that rotates nobody and places no hire but the kept ones (hires may stay
/// unplaced: they go only where they close a gap).
pub(super) fn trivial_start(prep: &Prepared, columns: usize) -> Vec<f64> {
    let mut cols = vec![0.0; columns];
    commitment_start(prep, &mut cols);
    cols
}

/// Sets every slack column of a solution to the least value its rows allow, given the flows:
/// the solver leaves slack that no goal of its stage prices wherever it likes, and a later goal
/// must see the plan's true value.
pub(super) fn polish(prep: &Prepared, scenario: &Scenario, start: &[f64], b: &Built) -> Vec<f64> {
    settle(prep, scenario, start, b, true)
}

/// Sets the slack columns (gap slots, shares shortfalls) to the least the flows allow. With
/// `whole`, flows are whole numbers (rounded); otherwise they are an LP's, and a mixed cell
/// also keeps its cut, so the result stays a point of the LP relaxation.
pub(super) fn settle(
    prep: &Prepared,
    scenario: &Scenario,
    start: &[f64],
    b: &Built,
    whole: bool,
) -> Vec<f64> {
    let (
        cells,
        ShareSlacks {
            rotation: v_rot,
            backbone: v_bb,
        },
    ) = (&b.cells, b.slack);
    let mut cols = start.to_vec();
    if whole {
        // A MIP's plan comes within HiGHS's integrality tolerance of whole numbers (0.9999992):
        // its goal values, and the value an earlier goal is held at, are those of the whole plan,
        // not of that noise (which, times a wishes cost, moved a held value by 10⁻⁵ and shut
        // out every other plan of the same value).
        for (x, c) in cols.iter_mut().zip(&b.sp.cols) {
            if c.integer {
                *x = x.round();
            }
        }
    }
    // (every flow is an integer column: with `whole` already rounded above)
    let sum = |cols: &[f64], of: &[usize]| of.iter().map(|&c| cols[c]).sum::<f64>();
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
    let moved = |a: usize| cols[a];
    let total: f64 = (0..prep.picks.len())
        .filter(|&p| !prep.groups[prep.picks[p].group].exchange)
        .map(moved)
        .sum();
    let backbone: f64 = b.backbone.iter().map(|&c| moved(c)).sum();
    cols[v_rot] = (prep.rotation_target as f64 - total).max(0.0);
    let short_bb = scenario.policy.backbone_share * total - backbone;
    cols[v_bb] = if whole {
        (short_bb - 1e-9).ceil().max(0.0)
    } else {
        short_bb.max(0.0)
    };
    // the stability goal's kept counts (`plan --base`): as many as the flows carry
    for k in &b.kept {
        cols[k.col] = sum(&cols, &k.flows).min(k.cap).max(0.0);
    }
    cols
}

/// Makes the trivial start keep `commitment_rows`: pins moved, kept hires at their schools, the
/// rest of each batch or budget at its first school.
fn commitment_start(prep: &Prepared, cols: &mut [f64]) {
    let w = &prep.commitments;
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
    for &(o, k, n) in &w.hire_min {
        cols[first[o] + k] += n as f64;
    }
}

/// Each group's teachers who leave (its picks, rounded), split among its parts: backbone
/// teachers first, then those due (a start for the shares and travel goals, which then find
/// the best split).
pub(super) fn split_parts(prep: &Prepared, b: &Built, mut cols: Vec<f64>) -> Vec<f64> {
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
pub(super) fn part_counts(prep: &Prepared, b: &Built, cols: &[f64]) -> Vec<Vec<u32>> {
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
pub(super) fn unhub(prep: &Prepared, b: &Built, mut cols: Vec<f64>) -> Vec<f64> {
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
            .filter(|(arc, _)| left[arc.pool()] > 0.0)
            .map(|(arc, a)| (arc.cost, arc.pool(), b.arcs.start + a))
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

/// The arcs into each post (by place in `Prepared::posts`), in arc order.
fn arcs_by_post(prep: &Prepared) -> Vec<Vec<usize>> {
    let mut by_post = vec![Vec::new(); prep.posts.len()];
    for (a, arc) in prep.arcs.iter().enumerate() {
        by_post[arc.post()].push(a);
    }
    by_post
}
