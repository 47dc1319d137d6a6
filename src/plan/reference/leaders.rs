//! A per-leader binary model of leader rotation, for testing [`crate::plan::leaders`].
//!
//! The planner reassigns posts (slot by slot, the Hungarian method with vector costs). This
//! model assigns each movable leader to a school instead: one binary per (leader, school that
//! has a movable leader of the same post), each school keeping as many leaders of each post as
//! it had, with an integer count of the weak school's due leaders not replaced from a stronger
//! school. The five goals are solved one after another with good_lp on HiGHS, each held while
//! the later ones are solved. `tests/slow/leaders.rs` compares the optima with the planner's.

use crate::domain::Post;
use crate::plan::error::PlanError;
use crate::problem::Problem;
use crate::rules::leaders::{self, Standing};
use good_lp::solvers::highs::highs;
use good_lp::{variable, Expression, ProblemVariables, Solution, SolverModel, Variable};
use std::collections::BTreeMap;

/// The optimum of each goal (the planner's `LeaderPlan::cost` order; the first, "forbidden
/// moves", is always 0 here).
pub fn solve_leaders(problem: &Problem) -> Result<[i64; 6], PlanError> {
    let county = &problem.county;
    let scenario = &problem.scenario;
    let rules = &scenario.leaders;
    let school = |t: usize| {
        problem
            .school_ix(&county.teachers[t].school_id)
            .unwrap_or(0)
    };
    // movable leaders per post: (teacher, due)
    let mut pools: BTreeMap<Post, Vec<(usize, bool)>> = BTreeMap::new();
    for (i, t) in county.teachers.iter().enumerate() {
        match leaders::standing(t, scenario) {
            Some(Standing::Due { .. }) => pools.entry(t.post).or_default().push((i, true)),
            Some(Standing::Movable { .. }) => pools.entry(t.post).or_default().push((i, false)),
            _ => {}
        }
    }
    let mut pv = ProblemVariables::new();
    let mut goals: [Expression; 5] = Default::default();
    let mut rows: Vec<(Expression, f64, bool)> = Vec::new(); // (form, rhs, equality; else ≥)
    for pool in pools.values() {
        // schools holding a post of this kind, with how many
        let mut slots: BTreeMap<usize, u32> = BTreeMap::new();
        for &(t, _) in pool {
            *slots.entry(school(t)).or_default() += 1;
        }
        let mut at: BTreeMap<usize, Vec<(usize, Variable)>> = BTreeMap::new(); // school → (leader, x)
        for &(t, due) in pool {
            let from = school(t);
            let mut one = Expression::default();
            for &s in slots.keys() {
                if s != from
                    && !leaders::stages_match(&county.schools[from], &county.schools[s], rules)
                {
                    continue;
                }
                let x = pv.add(variable().binary());
                one += x;
                at.entry(s).or_default().push((t, x));
                if s == from {
                    if due {
                        goals[0] += x;
                    }
                    continue;
                }
                let (a, b) = (&county.schools[from], &county.schools[s]);
                if !due {
                    goals[2] += x;
                }
                if b.weak {
                    goals[3] -= (leaders::quality(a, rules) * 10.0).round() * x;
                }
                let metres =
                    crate::rules::moves::distance_km(a, b).map_or(0.0, |d| (d * 1000.0).round());
                goals[4] += metres * x;
            }
            rows.push((one, 1.0, true));
        }
        for (&s, &n) in &slots {
            let mut kept = Expression::default();
            let mut stronger = Expression::default();
            for &(t, x) in &at[&s] {
                kept += x;
                let from = school(t);
                if from != s
                    && leaders::is_stronger(&county.schools[from], &county.schools[s], rules)
                {
                    stronger += x;
                }
            }
            rows.push((kept, f64::from(n), true));
            let due_here = pool.iter().filter(|&&(t, d)| d && school(t) == s).count();
            if county.schools[s].weak && due_here > 0 {
                // u ≥ due − stronger arrivals
                let u = pv.add(variable().integer().min(0.0));
                goals[1] += u;
                rows.push((u + stronger, due_here as f64, false));
            }
        }
    }
    let mut held: Vec<(usize, f64)> = Vec::new();
    let mut out = [0i64; 6];
    for k in 0..5 {
        let mut model = pv.clone().minimise(goals[k].clone()).using(highs);
        model.set_verbose(false);
        let mut model = model
            .set_mip_rel_gap(0.0)
            .map_err(|e| PlanError::reference(e.to_string()))?;
        for (form, rhs, eq) in &rows {
            let c = if *eq {
                form.clone().eq(*rhs)
            } else {
                form.clone().geq(*rhs)
            };
            model.add_constraint(c);
        }
        for &(g, v) in &held {
            model.add_constraint(goals[g].clone().leq(v + 0.5));
        }
        let sol = model
            .solve()
            .map_err(|e| PlanError::reference(format!("leaders goal {k}: HiGHS: {e}")))?;
        let v = sol.eval(&goals[k]).round();
        held.push((k, v));
        out[k + 1] = v as i64;
    }
    Ok(out)
}
