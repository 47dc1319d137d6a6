//! The pure preference mode (docs/wishes.md): with `wishes` first in `solver.goals`, the
//! volunteers and the applicants who must serve this year are placed one after another in
//! order of points, each at their highest wish that still has
//! an open post they may fill under every hard rule the model has (open posts, release cap,
//! beds, headcount cap), after the locks and kept decisions. A serial dictatorship: no
//! applicant prefers the post of one with fewer points, unless a rule stopped them.

use super::commitments::{Pin, PinSource};
use super::error::PlanError;
use super::model::{self, Flows, SolveOptions, StageReport};
use super::prepare::{prepare_with, Prepared};
use crate::problem::Problem;
use std::collections::BTreeMap;

/// Plans in the pure preference mode. Only the posts open before the plan are offered: a post
/// that opens when a teacher there leaves on exchange (对口交流), or room a school gains when
/// its own teachers leave, depends on the plan itself, so in this mode rotated teachers do not
/// take it (`Prepared::fixed_posts`), and no one takes after the placements what a teacher
/// with more points could not have.
///
/// The placements are the wishes goal's stage: the model then solves the other goals in their
/// order with the placements held, and may still send teachers where the later goals need
/// them (a must-serve teacher, a gap), never to a post a teacher with more points wished for
/// and could not have. The wishes stage reports the wishes goal's value of the final plan.
pub fn solve(
    prep: &Prepared,
    problem: &Problem,
    opts: &SolveOptions,
) -> Result<(Prepared, Flows, Vec<StageReport>), PlanError> {
    let started = std::time::Instant::now();
    let placed = prepared(prep, problem);
    let seconds = started.elapsed().as_secs_f64();
    let (flows, mut stages) = model::solve(&placed, &problem.scenario, opts)?;
    // (its value is that of the named plan, set once the teachers are named: `plan::plan`)
    let objective = 0.0;
    stages.insert(
        0,
        StageReport {
            goal: crate::scenario::Goal::Wishes,
            status: model::SolveStatus::Optimal,
            objective,
            mip_gap: 0.0,
            seconds,
            columns: 0,
            rows: 0,
            solver_columns: 0,
        },
    );
    Ok((placed, flows, stages))
}

/// The model's data in the pure preference mode: `prep` (of `problem`) with the applicants
/// placed by [`serial`], only the posts open before the plan offered, and the goals after the
/// wishes goal to solve.
pub fn prepared(prep: &Prepared, problem: &Problem) -> Prepared {
    let mut placed = prepare_with(problem, serial(prep, problem));
    placed.fixed_posts = true;
    placed.goals.retain(|&g| g != crate::scenario::Goal::Wishes);
    placed
}

/// The placements, as pins the model then holds.
pub fn serial(prep: &Prepared, problem: &Problem) -> Vec<Pin> {
    let county = &problem.county;
    let n = county.schools.len();
    // what is left of each limit after the locks and kept decisions
    let post_ix: BTreeMap<(usize, &str), usize> = (prep.posts.keys().enumerate())
        .map(|(k, (r, s))| ((*r, s.as_str()), k))
        .collect();
    let mut post_left: Vec<i64> = (prep.posts.iter())
        .map(|(key, &open)| open as i64 - prep.swap.get(key).copied().unwrap_or(0) as i64)
        .collect();
    let mut release_left: Vec<i64> = prep.release_cap.iter().map(|&c| c as i64).collect();
    let mut beds_left: Vec<Option<i64>> = prep.beds.iter().map(|b| b.map(i64::from)).collect();
    let mut head_left: Vec<i64> = (0..n)
        .map(|r| prep.staffing.cap[r] as i64 - prep.staffing.headcount[r] as i64)
        .collect();
    for p in prep.commitments.pins() {
        let from = prep.teacher_school[p.teacher];
        release_left[from] -= 1;
        head_left[p.to] -= 1;
        if let Some(&k) = post_ix.get(&(p.to, p.subject.as_str())) {
            post_left[k] -= 1;
        }
        let km = crate::rules::moves::distance_km(&county.schools[from], &county.schools[p.to]);
        if crate::rules::moves::needs_bed(km, &problem.scenario.policy) {
            if let Some(b) = beds_left[p.to].as_mut() {
                *b -= 1;
            }
        }
    }
    // hires kept from a previous plan take their post and their room
    for &(o, k, n) in &prep.commitments.hire_min {
        let opt = &prep.hires[o];
        let Some(&(school, _)) = opt.schools.get(k) else {
            continue;
        };
        head_left[school] -= i64::from(n);
        if let Some(&p) = post_ix.get(&(school, opt.subject.as_str())) {
            post_left[p] -= i64::from(n);
        }
    }
    // each applicant's wish routes, best first: rank, then their main subject before extra
    // subjects, then the shorter route, then the school id
    let mut routes: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (a, arc) in prep.arcs.iter().enumerate() {
        if let (Some(t), Some(_)) = (prep.pools[arc.pool()].wish_of, arc.wish) {
            routes.entry(t).or_default().push(a);
        }
    }
    let mut order: Vec<usize> = routes.keys().copied().collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (prep.applicants[&a].points, prep.applicants[&b].points);
        pb.cmp(&pa)
            .then_with(|| county.teachers[a].id.cmp(&county.teachers[b].id))
    });
    let mut pins = Vec::new();
    for t in order {
        let teacher = &county.teachers[t];
        // staying is what a teacher who did not volunteer prefers, unless they must serve this
        // year: they will be sent, and would rather go to a wish
        if !prep.applicants[&t].app.volunteer && prep.statuses[t].must_serve.is_none() {
            continue;
        }
        let arcs = routes.get_mut(&t).expect("listed");
        arcs.sort_by(|&x, &y| {
            let (ax, ay) = (&prep.arcs[x], &prep.arcs[y]);
            let main = |a: &super::network::Route| prep.pools[a.pool()].subject != teacher.subject;
            (ax.wish.cmp(&ay.wish))
                .then_with(|| main(ax).cmp(&main(ay)))
                .then_with(|| ax.cost.total_cmp(&ay.cost))
                .then_with(|| county.schools[ax.to()].id.cmp(&county.schools[ay.to()].id))
        });
        let from = prep.teacher_school[t];
        if release_left[from] <= 0 {
            continue;
        }
        let fits = |a: &super::network::Route| {
            post_left[a.post()] > 0
                && head_left[a.to()] > 0
                && !(a.needs_bed && beds_left[a.to()].is_some_and(|b| b <= 0))
        };
        let Some(&a) = arcs.iter().find(|&&a| fits(&prep.arcs[a])) else {
            continue;
        };
        let arc = &prep.arcs[a];
        post_left[arc.post()] -= 1;
        head_left[arc.to()] -= 1;
        release_left[from] -= 1;
        if arc.needs_bed {
            if let Some(b) = beds_left[arc.to()].as_mut() {
                *b -= 1;
            }
        }
        pins.push(Pin {
            teacher: t,
            to: arc.to(),
            subject: prep.pools[arc.pool()].subject.clone(),
            source: PinSource::Wish,
        });
    }
    pins.sort_by_key(|p| p.teacher);
    pins
}
