//! `plan --from` and the rule that an exchange leaves no class untaught (对口交流不减课,
//! `rules::exchange`): kept exchanges beyond a school's limits go home.

use super::Dropped;
use crate::problem::Problem;
use crate::rules::{self, exchange, staffing};
use crate::scenario::Keep;
use std::collections::{BTreeMap, BTreeSet};

/// Drops kept exchanges, the latest kept first, until every exchange limit holds: the kept
/// exchanges of its teachers (and those locked to go) less, per swap subject s, min(kept
/// rotated arrivals and previous hires of s, those exchanges of main subject s) within its
/// bound. Returns the teachers dropped.
pub(super) fn drop_untaught(
    loaded: &Problem,
    keep: &mut Keep,
    hires: &super::HireCounts,
    locked_to_go: &[&str],
) -> Vec<(String, Dropped)> {
    let county = &loaded.county;
    let scenario = &loaded.scenario;
    let takes = |to: &str| {
        (loaded.school_ix(to))
            .is_some_and(|s| staffing::takes_exchange(&county.schools[s], scenario))
    };
    if !keep.assignments.iter().any(|m| takes(&m.school_id)) {
        return Vec::new();
    }
    let before = staffing::Before::compute(county, scenario);
    let home_of = |t: usize| loaded.school_ix(&county.teachers[t].school_id);
    let may_go = |t: usize| {
        let teacher = &county.teachers[t];
        home_of(t).is_some_and(|h| {
            let school = &county.schools[h];
            let st = rules::teacher_status(teacher, school, scenario);
            staffing::may_exchange(teacher, school, &st, scenario)
        })
    };
    // swap subjects: the main subjects of the teachers who may go on exchange from a school
    // that receives
    let mut swaps: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for (t, teacher) in county.teachers.iter().enumerate() {
        let Some(h) = home_of(t) else { continue };
        if may_go(t) && rules::moves::may_receive(&county.schools[h], scenario) {
            swaps.entry(h).or_default().insert(teacher.subject.clone());
        }
    }
    let limits = exchange::exchange_limits(county, scenario, &before, may_go, |r| {
        swaps.get(&r).into_iter().flatten().cloned().collect()
    });
    let locked: BTreeSet<usize> = (locked_to_go.iter())
        .filter_map(|id| loaded.teacher_ix(id))
        .collect();
    // kept rotated arrivals and previous hires per (school, subject): dropping exchanges
    // below does not change them
    let mut arrived: BTreeMap<(String, String), usize> = BTreeMap::new();
    for m in keep.assignments.iter().filter(|m| !takes(&m.school_id)) {
        *arrived
            .entry((m.school_id.clone(), m.subject.clone()))
            .or_default() += 1;
    }
    for ((r, s, _), &n) in hires {
        *arrived.entry((r.clone(), s.clone())).or_default() += n as usize;
    }
    let mut out = Vec::new();
    for limit in &limits {
        let school = county.schools[limit.school].id.as_str();
        let of_limit = |id: &str| {
            loaded
                .teacher_ix(id)
                .is_some_and(|t| limit.teachers.binary_search(&t).is_ok())
        };
        let main = |id: &str| {
            loaded
                .teacher_ix(id)
                .map(|t| county.teachers[t].subject.as_str())
        };
        let fixed: Vec<usize> = (limit.teachers.iter().copied())
            .filter(|t| locked.contains(t))
            .collect();
        loop {
            let gone: Vec<&str> = (keep.assignments.iter())
                .filter(|m| takes(&m.school_id) && of_limit(&m.teacher_id))
                .map(|m| m.teacher_id.as_str())
                .collect();
            let replaced: usize = (limit.arrivals.iter())
                .map(|subject| {
                    let came = arrived
                        .get(&(school.to_string(), subject.clone()))
                        .copied()
                        .unwrap_or(0);
                    let left = (gone.iter().filter(|id| main(id) == Some(subject.as_str())))
                        .count()
                        + (fixed.iter())
                            .filter(|&&t| county.teachers[t].subject == *subject)
                            .count();
                    came.min(left)
                })
                .sum();
            if (gone.len() + fixed.len()).saturating_sub(replaced) <= limit.most as usize {
                break;
            }
            let Some(k) = (keep.assignments.iter())
                .rposition(|m| takes(&m.school_id) && of_limit(&m.teacher_id))
            else {
                break;
            };
            let m = keep.assignments.remove(k);
            out.push((
                m.teacher_id,
                Dropped::LeavesClassesUntaught(school.to_string()),
            ));
        }
    }
    out
}
