//! The stability goal of a what-if against a base plan (`plan --base`; docs/model.md, "Keeping
//! a base plan"). After the last goal, with every goal held at its optimum, the plan keeps as
//! many of the base plan's decisions as it can. The model knows teachers by group, part, pool
//! and route, so a decision is kept when the flows still carry it, counted per
//!
//! - group and part: how many of the part's teachers who moved in the base plan may leave;
//! - group and subject: how many of the group leave to teach the subject they taught there;
//! - sending school, subject, kind and receiving school: how many go where they went;
//! - school, subject and programme of a hire: how many hires stay where they were placed.
//!
//! Each count is a column `kept ≤ base count` with a row `kept ≤ the flows of its key`, and
//! the goal is the number of base decisions not kept: Σ base counts − Σ kept. Which teachers
//! fill the kept flows is then the base plan's own (`assign`: base movers first, each to the
//! school they went to), so a teacher whose assignment stays optimal keeps it.

use super::built::{GoalExpr, KeptCol};
use super::sparse::Sparse;
use crate::plan::prepare::Prepared;
use crate::scenario::Goal;
use std::collections::BTreeMap;
use std::ops::Range;

/// Where the model's columns start (see `build::add_columns`).
pub(super) struct Layout<'a> {
    pub first_arc: usize,
    pub first_hire: usize,
    pub first_part: &'a [Option<usize>],
}

impl<'a> From<(usize, usize, &'a [Option<usize>])> for Layout<'a> {
    fn from((first_arc, first_hire, first_part): (usize, usize, &'a [Option<usize>])) -> Self {
        Layout {
            first_arc,
            first_hire,
            first_part,
        }
    }
}

/// The stability goal, its kept columns, and the ranges of their columns and rows.
pub(super) struct Stability {
    pub goal: GoalExpr,
    pub kept: Vec<KeptCol>,
    pub cols: Range<usize>,
    pub rows: Range<usize>,
}

/// The stability goal with its columns and rows; an empty goal without a base plan.
pub(super) fn stability_goal(prep: &Prepared, sp: &mut Sparse, at: &Layout) -> Stability {
    let (col0, row0) = (sp.cols.len(), sp.rows.len());
    let (goal, kept) = goal_and_rows(prep, sp, at);
    Stability {
        goal,
        kept,
        cols: col0..sp.cols.len(),
        rows: row0..sp.rows.len(),
    }
}

fn goal_and_rows(prep: &Prepared, sp: &mut Sparse, at: &Layout) -> (GoalExpr, Vec<KeptCol>) {
    let mut goal = GoalExpr::new(Goal::Stability, 0.0, 1.0);
    let mut kept = Vec::new();
    let Some(base) = &prep.commitments.base else {
        return (goal, kept);
    };
    let mut add = |sp: &mut Sparse, count: u32, flows: Vec<usize>| {
        if count == 0 || flows.is_empty() {
            // nothing the model could keep: a constant part of the goal
            goal.constant += f64::from(count);
            return;
        }
        let cap = f64::from(count);
        let col = sp.col(0.0, cap, false);
        let mut terms = vec![(col, 1.0)];
        terms.extend(flows.iter().map(|&f| (f, -1.0)));
        sp.row(f64::NEG_INFINITY, 0.0, terms);
        goal.constant += cap;
        goal.add(-1.0, col);
        kept.push(KeptCol { col, cap, flows });
    };
    let moved = |t: usize, exchange: bool| base.moves[t].as_ref().filter(|m| m.2 == exchange);
    // picks by group
    let mut picks_of: Vec<Vec<usize>> = vec![Vec::new(); prep.groups.len()];
    for (p, pick) in prep.picks.iter().enumerate() {
        picks_of[pick.group].push(p);
    }
    for (g, group) in prep.groups.iter().enumerate() {
        // parts
        for (q, part) in group.parts.iter().enumerate() {
            let count = (part.members.iter())
                .filter(|&&t| moved(t, group.exchange).is_some())
                .count() as u32;
            let flows = match at.first_part[g] {
                Some(c) => vec![c + q],
                None => picks_of[g].clone(),
            };
            add(sp, count, flows);
        }
        // subjects
        let mut by_subject: BTreeMap<&str, u32> = BTreeMap::new();
        for &t in &group.members {
            if let Some(m) = moved(t, group.exchange) {
                *by_subject.entry(m.1.as_str()).or_default() += 1;
            }
        }
        for (subject, count) in by_subject {
            let flows = (picks_of[g].iter().copied())
                .filter(|&p| prep.pools[prep.picks[p].pool].subject == subject)
                .collect();
            add(sp, count, flows);
        }
    }
    // routes: (sending school, subject, exchange, receiving school)
    let mut routes: BTreeMap<(usize, &str, bool, usize), u32> = BTreeMap::new();
    for group in &prep.groups {
        for &t in &group.members {
            if let Some(m) = moved(t, group.exchange) {
                let from = prep.teacher_school[t];
                *routes
                    .entry((from, m.1.as_str(), group.exchange, m.0))
                    .or_default() += 1;
            }
        }
    }
    let mut arcs_of: BTreeMap<(usize, &str, bool, usize), Vec<usize>> = BTreeMap::new();
    for (a, arc) in prep.arcs.iter().enumerate() {
        let pool = &prep.pools[arc.pool()];
        arcs_of
            .entry((pool.school, pool.subject.as_str(), pool.exchange, arc.to()))
            .or_default()
            .push(at.first_arc + a);
    }
    for (key, count) in routes {
        add(sp, count, arcs_of.remove(&key).unwrap_or_default());
    }
    // hires
    let mut hire_cols: BTreeMap<(usize, &str, crate::domain::Programme), Vec<usize>> =
        BTreeMap::new();
    let mut next = at.first_hire;
    for o in &prep.hires {
        for &(school, _) in &o.schools {
            hire_cols
                .entry((school, o.subject.as_str(), o.programme))
                .or_default()
                .push(next);
            next += 1;
        }
    }
    for ((school, subject, programme), &count) in &base.hires {
        let flows = (hire_cols.get(&(*school, subject.as_str(), *programme)))
            .cloned()
            .unwrap_or_default();
        add(sp, count, flows);
    }
    (goal, kept)
}
