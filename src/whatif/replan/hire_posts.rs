//! What a re-plan keeps of the previous hires: no more than the posts they may still take.

use super::Locked;
use crate::problem::Problem;
use crate::rules::staffing;
use crate::scenario::Keep;
use std::collections::BTreeMap;

/// Posts hires may still take per (school, subject) after the kept and locked moves
/// (`moves::hire_posts`): the open posts before the plan, less the rotated teachers kept or
/// locked there, plus the school's teachers of that main subject kept or locked leaving (a
/// rotated one's classes go to hires, an exchange one's to a rotated teacher or a hire).
pub(super) fn hire_posts<'a>(
    loaded: &'a Problem,
    keep: &Keep,
    locked: &Locked,
) -> BTreeMap<(&'a str, &'a str), i64> {
    let county = &loaded.county;
    let mut posts: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for ((s, subject), n) in staffing::open_posts(county, &loaded.scenario) {
        posts.insert(
            (county.schools[s].id.as_str(), subject_ref(loaded, &subject)),
            n.into(),
        );
    }
    // (a lock names no subject: the teacher's main one)
    let moved = (keep.assignments.iter())
        .map(|m| {
            (
                m.teacher_id.as_str(),
                m.school_id.as_str(),
                Some(m.subject.as_str()),
            )
        })
        .chain(locked.goes_to.iter().map(|(&t, &s)| (t, s, None)));
    for (tid, to, subject) in moved {
        let Some(t) = loaded.teacher_ix(tid).map(|t| &county.teachers[t]) else {
            continue;
        };
        let exchange = (loaded.school_ix(to))
            .is_some_and(|s| staffing::takes_exchange(&county.schools[s], &loaded.scenario));
        // (an exchange arrival needs no open post; an exchange teacher leaving opens one, a
        // swap, as a rotated teacher leaving opens one to hires)
        let subject = subject.unwrap_or(t.subject.as_str());
        let to = loaded.school_ix(to).map(|s| county.schools[s].id.as_str());
        if let Some(to) = to.filter(|_| !exchange) {
            *posts.entry((to, subject_ref(loaded, subject))).or_default() -= 1;
        }
        let home = (t.school_id.as_str(), subject_ref(loaded, &t.subject));
        *posts.entry(home).or_default() += 1;
    }
    posts
}

/// The scenario's own spelling of a subject id (so that keys borrow from `loaded`).
fn subject_ref<'a>(loaded: &'a Problem, subject: &str) -> &'a str {
    (loaded.scenario.subjects.keys())
        .find(|k| k.as_str() == subject)
        .map_or("", |k| k.as_str())
}
