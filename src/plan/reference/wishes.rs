//! The wishes goal in the per-teacher model (docs/wishes.md): each teacher's cost at each move
//! and of staying, from [`crate::rules::wishes`], with no pools.

use super::{Lin, Move};
use crate::plan::prepare::Prepared;
use crate::problem::Problem;
use crate::rules::wishes::{self, Outcome};

/// Σ over the eligible teachers of the planner's groups: an applicant's factor × (cost of
/// staying + Σ over their moves of (cost there − cost of staying)); a teacher who did not apply
/// `volunteer` per move. Exchanges cost nothing.
pub(super) fn goal(prep: &Prepared, problem: &Problem, moves: &[Move]) -> Lin {
    let rules = &problem.scenario.applications;
    let county = &problem.county;
    let mut g = Lin::default();
    if prep.wishes.is_none() {
        return g;
    }
    let mut seen = std::collections::BTreeSet::new();
    for mv in moves.iter().filter(|mv| !mv.exchange) {
        let Some(a) = prep.applicants.get(&mv.teacher) else {
            g.add(mv.col, rules.volunteer);
            continue;
        };
        let f = wishes::factor(a.points);
        let stays = wishes::cost(Some(&a.app), Outcome::Stays, rules);
        if seen.insert(mv.teacher) {
            g.constant += f * stays;
        }
        let outcome = wishes::wish_rank(&a.app, &county.schools[mv.to])
            .map_or(Outcome::Unwished, Outcome::AtWish);
        g.add(
            mv.col,
            f * (wishes::cost(Some(&a.app), outcome, rules) - stays),
        );
    }
    g
}
