//! Leader rotation (docs/leaders.md): principals, vice principals and middle managers whose
//! tenure is due move, strong schools' leaders go to weak schools whose leaders are due, and
//! every school keeps its leaders' posts.
//!
//! Leaders of one post are reassigned among the posts they hold: each movable leader takes
//! the post of one movable leader (their own, when they stay), so every school keeps exactly
//! the principals, vice principals and managers it had. The best such assignment is found
//! exactly by [`assignment::solve`], with its goals in this order:
//!
//! 1. every due leader moves;
//! 2. every weak school whose leader is due gets one from a stronger school (以强带弱);
//! 3. as few leaders who are not due move as possible;
//! 4. the leaders sent to weak schools come from the strongest schools;
//! 5. the least distance moved.
//!
//! The teacher plan is then made for the county with the leaders in their new schools
//! ([`LeaderPlan::place`]), so coverage and headcount see them where they serve.

pub mod assignment;

use crate::domain::Post;
use crate::problem::Problem;
use crate::rules::leaders::{self, Standing};
use assignment::{Cost, COST_LEN};
use std::borrow::Cow;

/// A leader moved to another school's post of the same kind.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaderMove {
    /// Index in `county.teachers`.
    pub teacher: usize,
    pub post: Post,
    /// School indices.
    pub from: usize,
    pub to: usize,
    /// Whose post the leader takes (index in `county.teachers`).
    pub replaces: Option<usize>,
}

/// The leader decisions of a plan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeaderPlan {
    pub moves: Vec<LeaderMove>,
    /// Due leaders who stay: the first goal missed (C-LEADER-DUE).
    pub due_staying: Vec<usize>,
    /// Weak schools whose due leaders of a post are not all replaced by leaders of stronger
    /// schools: (school index, post, how many are not) (C-LEADER-WEAK).
    pub weak_unserved: Vec<(usize, Post, u32)>,
    /// The optimum of each goal, in order (see the module's list), summed over the posts.
    pub cost: Cost,
    /// The moves are an office's (leaders.csv edited by hand, `rotaplan render`), not planned.
    pub by_hand: bool,
}

/// Plans the leaders' moves of a county.
pub fn plan(problem: &Problem) -> LeaderPlan {
    let county = &problem.county;
    let scenario = &problem.scenario;
    let mut moves = Vec::new();
    let mut cost = [0; COST_LEN];
    let pins: std::collections::HashMap<usize, usize> = (problem.commitments.keep.leaders.iter())
        .filter_map(|(t, s)| Some((problem.teacher_ix(t)?, problem.school_ix(s)?)))
        .collect();
    for post in Post::LEADERS {
        let pool: Vec<(usize, bool)> = (county.teachers.iter().enumerate())
            .filter(|(_, t)| t.post == post)
            .filter_map(|(i, t)| match leaders::standing(t, scenario)? {
                Standing::Due { .. } => Some((i, true)),
                Standing::Movable { .. } => Some((i, false)),
                Standing::Stays(_) => None,
            })
            .collect();
        if pool.is_empty() {
            continue;
        }
        // moves a re-plan keeps (`plan --from`), when the post can still be had; else none
        let mut costs = Costs::new(problem, &pool, &pins);
        let mut assign = assignment::solve(pool.len(), |i, j| costs.cost(i, j));
        if assignment::total(&assign, |i, j| costs.cost(i, j))[0] > 0 {
            costs.pin.iter_mut().for_each(|p| *p = None);
            assign = assignment::solve(pool.len(), |i, j| costs.cost(i, j));
        }
        let total = assignment::total(&assign, |i, j| costs.cost(i, j));
        for k in 0..COST_LEN {
            cost[k] += total[k];
        }
        for (i, &j) in assign.iter().enumerate() {
            if i != j {
                let (t, _) = pool[i];
                moves.push(LeaderMove {
                    teacher: t,
                    post,
                    from: school_of(problem, t),
                    to: school_of(problem, pool[j].0),
                    replaces: Some(pool[j].0),
                });
            }
        }
    }
    moves.sort_by_key(|m| m.teacher);
    let mut plan = LeaderPlan::of_moves(problem, moves);
    plan.cost = cost;
    plan
}

fn school_of(problem: &Problem, teacher: usize) -> usize {
    let t = &problem.county.teachers[teacher];
    problem.school_ix(&t.school_id).unwrap_or(0)
}

/// The costs of one post's pool, with what they depend on worked out once: the assignment
/// asks for a cost many times per pair.
struct Costs {
    /// Per pool member: index of its school among `schools`, and whether it is due.
    at: Vec<(usize, bool)>,
    /// Per school of the pool: weak, quality, quality in tenths.
    weak: Vec<bool>,
    quality: Vec<f64>,
    tenths: Vec<i64>,
    /// Metres between the pool's schools (row-major), 0 when a location is unknown.
    metres: Vec<i64>,
    /// Whether a leader may move between the pool's schools (row-major, `stages_match`).
    allowed: Vec<bool>,
    /// Per pool member: the school (among the pool's) of a move a re-plan keeps.
    pin: Vec<Option<usize>>,
}

impl Costs {
    fn new(
        problem: &Problem,
        pool: &[(usize, bool)],
        pins: &std::collections::HashMap<usize, usize>,
    ) -> Costs {
        let rules = &problem.scenario.leaders;
        let all = &problem.county.schools;
        let mut ids: Vec<usize> = pool.iter().map(|&(t, _)| school_of(problem, t)).collect();
        ids.sort_unstable();
        ids.dedup();
        let local = |s: usize| ids.binary_search(&s).unwrap_or(0);
        let at = pool
            .iter()
            .map(|&(t, due)| (local(school_of(problem, t)), due))
            .collect();
        let metres = (ids.iter())
            .flat_map(|&a| {
                ids.iter().map(move |&b| {
                    crate::rules::moves::distance_km(&all[a], &all[b])
                        .map_or(0, |d| (d * 1000.0).round() as i64)
                })
            })
            .collect();
        let allowed = (ids.iter())
            .flat_map(|&a| {
                ids.iter()
                    .map(move |&b| leaders::stages_match(&all[a], &all[b], rules))
            })
            .collect();
        let pin = (pool.iter())
            .map(|(t, _)| pins.get(t).and_then(|s| ids.binary_search(s).ok()))
            .collect();
        Costs {
            allowed,
            pin,
            at,
            weak: ids.iter().map(|&s| all[s].weak).collect(),
            quality: (ids.iter())
                .map(|&s| leaders::quality(&all[s], rules))
                .collect(),
            tenths: (ids.iter())
                .map(|&s| (leaders::quality(&all[s], rules) * 10.0).round() as i64)
                .collect(),
            metres,
        }
    }

    /// The cost of member `i` taking the post of member `j` (its own when `i == j`), by the
    /// goals of the module in order: a forbidden move (within one school), a due leader who
    /// stays, a weak school's due leader not replaced from a stronger school, a leader moved who
    /// is not due, minus the quality sent to weak schools, metres moved.
    fn cost(&self, i: usize, j: usize) -> Cost {
        let (si, due_i) = self.at[i];
        let (sj, due_j) = self.at[j];
        let weak_due_slot = self.weak[sj] && due_j;
        if self.pin[i].is_some_and(|p| p != sj) {
            return [1, 0, 0, 0, 0, 0]; // a kept move goes where it went
        }
        if i == j {
            return [0, i64::from(due_i), i64::from(weak_due_slot), 0, 0, 0];
        }
        let n = self.weak.len();
        if si == sj || !self.allowed[si * n + sj] {
            // a move within the school is no move; across stages it is not allowed
            return [1, 0, 0, 0, 0, 0];
        }
        // (rules::leaders::is_stronger)
        let stronger = self.quality[si] > self.quality[sj];
        [
            0,
            0,
            i64::from(weak_due_slot && !stronger),
            i64::from(!due_i),
            if self.weak[sj] { -self.tenths[si] } else { 0 },
            self.metres[si * n + sj],
        ]
    }
}

impl LeaderPlan {
    /// The plan of these moves (the planner's, or a plan folder's after a hand edit): the due
    /// leaders who stay and the weak schools left unserved worked out.
    pub fn of_moves(problem: &Problem, moves: Vec<LeaderMove>) -> LeaderPlan {
        let county = &problem.county;
        let scenario = &problem.scenario;
        let rules = &scenario.leaders;
        let moved: std::collections::HashSet<usize> = moves.iter().map(|m| m.teacher).collect();
        let mut due_staying = Vec::new();
        // per (weak school, post): due leaders, and leaders arriving from stronger schools
        let mut weak: std::collections::BTreeMap<(usize, Post), (u32, u32)> = Default::default();
        for (i, t) in county.teachers.iter().enumerate() {
            let Some(Standing::Due { .. }) = leaders::standing(t, scenario) else {
                continue;
            };
            if !moved.contains(&i) {
                due_staying.push(i);
            }
            let s = school_of(problem, i);
            if county.schools[s].weak {
                weak.entry((s, t.post)).or_default().0 += 1;
            }
        }
        for m in &moves {
            if let Some(e) = weak.get_mut(&(m.to, m.post)) {
                if leaders::is_stronger(&county.schools[m.from], &county.schools[m.to], rules) {
                    e.1 += 1;
                }
            }
        }
        let weak_unserved = (weak.into_iter())
            .filter(|(_, (due, came))| came < due)
            .map(|((s, p), (due, came))| (s, p, due - came))
            .collect();
        LeaderPlan {
            moves,
            due_staying,
            weak_unserved,
            cost: [0; COST_LEN],
            by_hand: false,
        }
    }

    /// The problem with every moved leader at the school of the new post (the same problem,
    /// borrowed, when no leader moves).
    pub fn place<'a>(&self, problem: &'a Problem) -> Cow<'a, Problem> {
        if self.moves.is_empty() {
            return Cow::Borrowed(problem);
        }
        let mut placed = problem.clone();
        for m in &self.moves {
            placed.county.teachers[m.teacher].school_id = problem.county.schools[m.to].id.clone();
        }
        Cow::Owned(placed)
    }

    /// The goals missed, in words.
    pub fn violations(&self, problem: &Problem) -> Vec<super::GoalViolation> {
        let county = &problem.county;
        let mut out = Vec::new();
        if !self.due_staying.is_empty() {
            let ids: Vec<&str> = (self.due_staying.iter())
                .map(|&t| county.teachers[t].id.as_str())
                .collect();
            let (message, message_zh) = if self.by_hand {
                (
                    format!(
                        "{} due leaders stay in the edited leaders.csv: {}",
                        ids.len(),
                        ids.join(", ")
                    ),
                    format!(
                        "{} 名任职期满的干部经人工调整未交流：{}",
                        ids.len(),
                        ids.join("，")
                    ),
                )
            } else {
                (
                    format!(
                        "{} due leaders could not be moved (no post of their kind held by a \
                         movable leader elsewhere): {}; listed in leaders.csv",
                        ids.len(),
                        ids.join(", ")
                    ),
                    format!(
                        "{} 名任职期满的干部无法交流（其他学校没有可交流的同类职务）：{}；名单见 leaders.csv",
                        ids.len(),
                        ids.join("，")
                    ),
                )
            };
            out.push(super::GoalViolation {
                code: "C-LEADER-DUE",
                message,
                message_zh,
            });
        }
        if !self.weak_unserved.is_empty() {
            let what: Vec<String> = (self.weak_unserved.iter())
                .map(|&(s, p, n)| format!("{} {} ×{n}", county.schools[s].id, p.key()))
                .collect();
            out.push(super::GoalViolation {
                code: "C-LEADER-WEAK",
                message: format!(
                    "{} weak schools with a due leader get no leader from a stronger school: {}",
                    what.len(),
                    what.join(", ")
                ),
                message_zh: format!(
                    "{} 所薄弱学校的期满干部无法由较强学校的干部接任：{}",
                    what.len(),
                    what.join("，")
                ),
            });
        }
        out
    }
}
