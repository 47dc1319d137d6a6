//! The planner's side of applications and wishes (docs/wishes.md): who applied, their points,
//! the goal list with the wishes goal in place, and what each pick and arc costs in the wishes
//! goal. The rules themselves (points, ranks, costs) are in [`crate::rules::wishes`].

use super::network::{Group, Pick, Pool, Route};
use crate::domain::{Application, County};
use crate::problem::Problem;
use crate::rules::wishes::{self, Outcome};
use crate::scenario::{Goal, Scenario};
use std::collections::BTreeMap;

/// One teacher's application, with their points.
#[derive(Debug, Clone)]
pub struct Applicant {
    pub app: Application,
    /// Points in hundredths.
    pub points: u32,
}

/// The applicants by teacher index (empty without applications).
pub fn applicants(problem: &Problem) -> BTreeMap<usize, Applicant> {
    let county = &problem.county;
    let rules = &problem.scenario.applications;
    let start = problem.scenario.term_start();
    (problem.applications.iter())
        .filter_map(|a| {
            let t = problem.teacher_ix(&a.teacher_id)?;
            let points = wishes::points(&county.teachers[t], Some(a), rules, start);
            Some((
                t,
                Applicant {
                    app: a.clone(),
                    points,
                },
            ))
        })
        .collect()
}

/// The goals in the order they are solved: `solver.goals`, with the wishes goal after shares
/// (else after gap, else last) when the scenario has applications and does not name it, and
/// without it when there are none.
pub fn goals(scenario: &Scenario, has_applications: bool) -> Vec<Goal> {
    let mut goals = scenario.solver.goals.clone();
    if !has_applications {
        goals.retain(|&g| g != Goal::Wishes);
    } else if !goals.contains(&Goal::Wishes) {
        let at = (goals.iter().position(|&g| g == Goal::Shares))
            .or_else(|| goals.iter().position(|&g| g == Goal::Gap))
            .map_or(goals.len(), |k| k + 1);
        goals.insert(at, Goal::Wishes);
    }
    goals
}

/// The wishes goal's terms: a constant, a cost per pick and a cost per arc.
#[derive(Debug, Clone, Default)]
pub struct WishCosts {
    pub constant: f64,
    pub picks: Vec<f64>,
    pub arcs: Vec<f64>,
}

/// What the network's parts are to the wishes goal.
pub struct Network<'a> {
    pub groups: &'a [Group],
    pub picks: &'a [Pick],
    pub pools: &'a [Pool],
    pub arcs: &'a [Route],
}

/// Costs of the wishes goal (docs/wishes.md): an applicant's group stays at the cost of
/// staying (the constant); a pick into their wish pool adds the cost of their first wish, each
/// arc from it the ranks below; a pick into the common pool adds the cost of an unwished post;
/// a pinned applicant's pick the cost of the pinned school. A teacher who did not apply costs
/// `volunteer` when sent. Exchanges cost nothing.
pub fn costs(
    county: &County,
    scenario: &Scenario,
    applicants: &BTreeMap<usize, Applicant>,
    net: &Network,
    pinned_to: &dyn Fn(usize) -> Option<usize>,
) -> WishCosts {
    let rules = &scenario.applications;
    let mut out = WishCosts {
        constant: 0.0,
        picks: vec![0.0; net.picks.len()],
        arcs: vec![0.0; net.arcs.len()],
    };
    let mut counted = vec![false; net.groups.len()];
    for (p, pick) in net.picks.iter().enumerate() {
        let g = &net.groups[pick.group];
        if g.exchange {
            continue;
        }
        let one = (g.members.len() == 1).then(|| g.members[0]);
        let Some((t, a)) = one.and_then(|t| Some((t, applicants.get(&t)?))) else {
            out.picks[p] = wishes::cost(None, Outcome::Unwished, rules);
            continue;
        };
        let f = wishes::factor(a.points);
        let stays = wishes::cost(Some(&a.app), Outcome::Stays, rules);
        if !counted[pick.group] {
            counted[pick.group] = true;
            out.constant += f * stays;
        }
        let outcome = match (net.pools[pick.pool].wish_of, pinned_to(t)) {
            (_, Some(to)) => match wishes::wish_rank(&a.app, &county.schools[to]) {
                Some(k) => Outcome::AtWish(k),
                None => Outcome::Unwished,
            },
            (Some(_), None) => Outcome::AtWish(1),
            (None, None) => Outcome::Unwished,
        };
        out.picks[p] = f * (wishes::cost(Some(&a.app), outcome, rules) - stays);
    }
    for (k, arc) in net.arcs.iter().enumerate() {
        if let (Some(rank), Some(t)) = (arc.wish, net.pools[arc.pool()].wish_of) {
            if let Some(a) = applicants.get(&t) {
                out.arcs[k] =
                    wishes::factor(a.points) * (rank.saturating_sub(1)) as f64 * rules.rank;
            }
        }
    }
    out
}

/// The wishes goal's value of named assignments (docs/wishes.md), as the model counts it:
/// every teacher of the rotation groups that may leave at all (a pick; pinned ones included)
/// at the cost of their outcome, an applicant's times their factor. An exchange counts as
/// staying.
pub fn value(
    problem: &Problem,
    applicants: &BTreeMap<usize, Applicant>,
    net: &Network,
    assignments: &[super::Assignment],
) -> f64 {
    let mut may_leave = vec![false; net.groups.len()];
    for p in net.picks {
        may_leave[p.group] = true;
    }
    let groups = net.groups;
    let rules = &problem.scenario.applications;
    let county = &problem.county;
    let sent: BTreeMap<usize, usize> = (assignments.iter())
        .filter(|a| a.kind == super::MoveKind::Rotation)
        .map(|a| (a.teacher, a.to))
        .collect();
    let mut total = 0.0;
    let members = (groups.iter().zip(&may_leave))
        .filter(|(g, &m)| m && !g.exchange)
        .flat_map(|(g, _)| &g.members);
    for t in members {
        let outcome = match (sent.get(t), applicants.get(t)) {
            (None, _) => Outcome::Stays,
            (Some(&r), Some(a)) => wishes::wish_rank(&a.app, &county.schools[r])
                .map_or(Outcome::Unwished, Outcome::AtWish),
            (Some(_), None) => Outcome::Unwished,
        };
        total += match applicants.get(t) {
            Some(a) => wishes::factor(a.points) * wishes::cost(Some(&a.app), outcome, rules),
            None => wishes::cost(None, outcome, rules),
        };
    }
    total
}
