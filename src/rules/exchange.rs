//! What an exchange (对口交流) may take from the school it leaves (docs/rules.md, 9.4, "An
//! exchange leaves no class untaught"): the teachers who stay must still be able to teach as
//! much of the school's needs as all of its teachers could before the plan. A teacher of a
//! small school often teaches a second subject (兼课); the office will not send the one music
//! teacher of a village school to town for the term and leave its music untaught.
//!
//! The rule is the maximum flow of [`super::staffing::cover`] kept at its value. By the
//! max-flow min-cut theorem the teachers present cover needs `n` up to
//! min over subject sets S of (Σ_{s ∉ S} n_s + #teachers who may teach a subject of S); so the
//! cover stays at C before the plan exactly when, for every S, the teachers who leave and may
//! teach a subject of S number at most #those teachers + Σ_{s ∉ S} n_s − C. Each S whose bound
//! can bind becomes an [`ExchangeLimit`]: linear rows the model and the per-teacher reference
//! add over the exchange teachers, and a condition the checker verifies with a flow of its own.

use super::staffing::{arrival_subjects, own_subjects, school_positions, Before};
use crate::domain::County;
use crate::scenario::Scenario;
use std::collections::BTreeMap;

/// A limit's teachers and arrival subjects.
type LimitKey = (Vec<usize>, Vec<String>);

/// Numerical slack when a bound is rounded down to whole teachers.
const EPS: f64 = 1e-6;

/// Subject sets are enumerated exhaustively up to this many subjects that not every teacher of
/// the school (and every arrival that may replace one) may teach: 2^16 sets. A school with more
/// sends nobody on exchange ([`stay_all`]): the rule could not be checked in reasonable time.
const EXHAUSTIVE: usize = 16;

/// Of `teachers` (county positions, sorted), at most `most` go on exchange that nobody replaces:
/// `teachers` are the exchange teachers of `school` who may teach one of a set S of its
/// subjects, and without more of them the teachers present could not cover what the school
/// covered before. A rotated teacher or hire of subject s at the school replaces an exchange
/// teacher of main subject s (the swap: it takes their classes), for each s of `arrivals` (the
/// subjects whose arrivals may teach a subject of S): the exchanges of `teachers` less, per s,
/// min(arrivals of s, exchanges of main s) stay within `most`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeLimit {
    /// The school's position in the county.
    pub school: usize,
    pub teachers: Vec<usize>,
    /// Subjects whose arrivals at the school may replace exchange teachers of that main subject.
    pub arrivals: Vec<String>,
    pub most: u32,
}

/// The limits on exchanges from each school ([`ExchangeLimit`]), for the teachers `may_go`
/// (county positions) says may go on exchange; `swaps(school)` lists the subjects whose
/// rotated arrivals or hires there may replace an exchange teacher of that main subject. Only
/// limits that can bind are listed, none implied by another, in school, then teacher order.
pub fn exchange_limits(
    county: &County,
    scenario: &Scenario,
    before: &Before,
    may_go: impl Fn(usize) -> bool,
    swaps: impl Fn(usize) -> Vec<String>,
) -> Vec<ExchangeLimit> {
    let ix = school_positions(county);
    // per school: (teacher position, subjects they may teach there, may go)
    let mut at: Vec<Vec<(usize, Vec<String>, bool)>> = vec![Vec::new(); county.schools.len()];
    let mut goers = vec![false; county.schools.len()];
    for (i, t) in county.teachers.iter().enumerate() {
        let Some(&s) = ix.get(t.school_id.as_str()) else {
            continue;
        };
        let go = may_go(i);
        goers[s] |= go;
        at[s].push((i, own_subjects(t, &county.schools[s], scenario), go));
    }
    let mut out = Vec::new();
    for (s, teachers) in at.iter().enumerate().filter(|&(s, _)| goers[s]) {
        let needs = &before.needs[s];
        let covered: f64 = before.covered[s].iter().sum();
        let school = &county.schools[s];
        let arrivals: Vec<(String, Vec<String>)> = swaps(s)
            .into_iter()
            .map(|p| {
                let subs = arrival_subjects(&p, school, scenario);
                (p, subs)
            })
            .collect();
        out.extend(school_limits(s, needs, covered, teachers, &arrivals));
    }
    out
}

/// The limits of one school: `needs` (subject, FTE), `covered` the most its teachers cover,
/// `arrivals` the post subjects that may swap with the subjects such an arrival may teach.
fn school_limits(
    school: usize,
    needs: &[(String, f64)],
    covered: f64,
    teachers: &[(usize, Vec<String>, bool)],
    arrivals: &[(String, Vec<String>)],
) -> Vec<ExchangeLimit> {
    let needed: Vec<(&str, f64)> = needs
        .iter()
        .filter(|(_, n)| *n > 1e-9)
        .map(|(s, n)| (s.as_str(), *n))
        .collect();
    // (no catalogue has this many subjects at one school: its teachers stay, see below)
    if needed.len() > 63 {
        return stay_all(school, teachers);
    }
    // each teacher's subjects as a bit set over `needed`
    let mask = |subs: &[String]| -> u64 {
        needed
            .iter()
            .enumerate()
            .filter(|(_, (s, _))| subs.iter().any(|x| x == s))
            .fold(0u64, |m, (k, _)| m | (1 << k))
    };
    let masks: Vec<(usize, u64, bool)> = teachers
        .iter()
        .map(|(i, subs, go)| (*i, mask(subs), *go))
        .collect();
    let arrival_masks: Vec<(&str, u64)> = (arrivals.iter())
        .map(|(p, subs)| (p.as_str(), mask(subs)))
        .collect();
    // subjects every teacher and every arrival that may replace one may teach: a set holding
    // one touches everyone, so among those only the whole set of subjects counts (it has the
    // smallest bound and credits no more arrivals)
    let everyone = (masks.iter().map(|&(_, k, _)| k))
        .chain(arrival_masks.iter().map(|&(_, k)| k))
        .fold(u64::MAX, |m, k| m & k);
    let partial: Vec<usize> = (0..needed.len())
        .filter(|&k| everyone & (1 << k) == 0)
        .collect();
    if partial.len() > EXHAUSTIVE {
        return stay_all(school, teachers);
    }
    let all: u64 = if needed.is_empty() {
        0
    } else {
        u64::MAX >> (64 - needed.len())
    };
    let need_of = |set: u64| -> f64 {
        (0..needed.len())
            .filter(|&k| set & (1 << k) != 0)
            .map(|k| needed[k].1)
            .sum()
    };
    let total_need = need_of(all);
    // the sets S to try, as bit sets over `needed`
    let mut sets: Vec<u64> = vec![all];
    for pick in 1u64..(1 << partial.len()) {
        let set = (0..partial.len())
            .filter(|&b| pick & (1 << b) != 0)
            .fold(0u64, |m, b| m | (1 << partial[b]));
        sets.push(set);
    }
    // per set of teachers who may go (by position) and arrivals: the smallest bound
    let mut best: BTreeMap<LimitKey, u32> = BTreeMap::new();
    for set in sets {
        let touched = masks.iter().filter(|&&(_, k, _)| k & set != 0);
        let present = touched.clone().count() as f64;
        let goers: Vec<usize> = touched.filter(|&&(_, _, go)| go).map(|t| t.0).collect();
        if goers.is_empty() {
            continue;
        }
        let room = present + (total_need - need_of(set)) - covered;
        let most = (room + EPS).floor().max(0.0) as u32;
        if (most as usize) < goers.len() {
            let came: Vec<String> = (arrival_masks.iter())
                .filter(|&&(_, k)| k & set != 0)
                .map(|&(p, _)| p.to_string())
                .collect();
            let b = best.entry((goers, came)).or_insert(most);
            *b = (*b).min(most);
        }
    }
    // a limit is implied by another over a superset of its teachers, a subset of its
    // arrivals and no larger bound
    let limits: Vec<(LimitKey, u32)> = best.into_iter().collect();
    let within = |a: &[usize], b: &[usize]| a.iter().all(|t| b.binary_search(t).is_ok());
    let within_s = |a: &[String], b: &[String]| a.iter().all(|t| b.binary_search(t).is_ok());
    limits
        .iter()
        .filter(|((ts, ar), most)| {
            !limits.iter().any(|((ots, oar), m)| {
                (ots, oar) != (ts, ar) && m <= most && within(ts, ots) && within_s(oar, ar)
            })
        })
        .map(|((ts, ar), most)| ExchangeLimit {
            school,
            teachers: ts.clone(),
            arrivals: ar.clone(),
            most: *most,
        })
        .collect()
}

/// The limit that keeps every exchange teacher of a school at home: for a school whose subjects
/// are too many to enumerate the sets of (a custom catalogue; the national one has 16).
fn stay_all(school: usize, teachers: &[(usize, Vec<String>, bool)]) -> Vec<ExchangeLimit> {
    let goers: Vec<usize> = (teachers.iter())
        .filter(|&&(_, _, go)| go)
        .map(|&(i, _, _)| i)
        .collect();
    if goers.is_empty() {
        return Vec::new();
    }
    vec![ExchangeLimit {
        school,
        teachers: goers,
        arrivals: Vec::new(),
        most: 0,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(i: usize, subs: &[&str], go: bool) -> (usize, Vec<String>, bool) {
        (i, subs.iter().map(|s| s.to_string()).collect(), go)
    }

    fn needs(list: &[(&str, f64)]) -> Vec<(String, f64)> {
        list.iter().map(|(s, n)| (s.to_string(), *n)).collect()
    }

    #[test]
    fn the_only_music_teacher_may_not_go() {
        // chinese 2, music 0.8: teachers 0 and 1 chinese only, 2 chinese and music; all may go
        let n = needs(&[("chinese", 2.0), ("music", 0.8)]);
        let ts = [
            t(0, &["chinese"], true),
            t(1, &["chinese"], true),
            t(2, &["chinese", "music"], true),
        ];
        let limits = school_limits(7, &n, 2.8, &ts, &[]);
        // S = all: 3 + 0 − 2.8 = 0.2 → none of the three may go; S = {music} (teacher 2
        // alone, room 1 + 2 − 2.8 = 0.2) says no more, so it is left out
        assert_eq!(
            limits,
            vec![ExchangeLimit {
                school: 7,
                teachers: vec![0, 1, 2],
                arrivals: vec![],
                most: 0
            }]
        );
        // with a fourth chinese teacher who stays, one chinese teacher may go, but not 2
        let mut ts = ts.to_vec();
        ts.push(t(3, &["chinese"], false));
        let limits = school_limits(7, &n, 2.8, &ts, &[]);
        assert!(limits.contains(&ExchangeLimit {
            school: 7,
            teachers: vec![2],
            arrivals: vec![],
            most: 0
        }));
        assert!(limits.contains(&ExchangeLimit {
            school: 7,
            teachers: vec![0, 1, 2],
            arrivals: vec![],
            most: 1
        }));
    }

    #[test]
    fn a_spare_teacher_may_go_and_two_who_share_a_subject_not_both() {
        // chinese 2, music 1: four chinese teachers, two of whom teach music too
        let n = needs(&[("chinese", 2.0), ("music", 1.0)]);
        let ts = [
            t(0, &["chinese"], true),
            t(1, &["chinese"], false),
            t(2, &["chinese", "music"], true),
            t(3, &["chinese", "music"], true),
        ];
        let limits = school_limits(0, &n, 3.0, &ts, &[]);
        // all: 4 − 3 = 1 of {0, 2, 3}; {music}: 2 + 2 − 3 = 1 of {2, 3} (implied by the first,
        // so left out)
        assert_eq!(
            limits,
            vec![ExchangeLimit {
                school: 0,
                teachers: vec![0, 2, 3],
                arrivals: vec![],
                most: 1
            }]
        );
    }

    #[test]
    fn a_school_with_room_has_no_limit() {
        let n = needs(&[("chinese", 1.0)]);
        let ts = [
            t(0, &["chinese"], true),
            t(1, &["chinese"], true),
            t(2, &["chinese"], false),
        ];
        // 3 − 1 = 2 may go: both goers
        assert!(school_limits(0, &n, 1.0, &ts, &[]).is_empty());
    }

    #[test]
    fn a_subject_short_before_still_counts_what_the_rest_can_cover() {
        // english 1 covered 0 before (nobody may teach it): its need is outside every set that
        // touches a goer, so the bound is the chinese room only
        let n = needs(&[("chinese", 1.0), ("english", 1.0)]);
        let ts = [t(0, &["chinese"], true), t(1, &["chinese"], false)];
        // {chinese}: 2 + 1 − 1 = 2 ≥ 1 goer; all: 2 + 0 − 1 = 1 ≥ 1 → no limit
        assert!(school_limits(0, &n, 1.0, &ts, &[]).is_empty());
    }

    #[test]
    fn an_arrival_of_a_swap_subject_counts_where_it_may_teach_the_set() {
        // music 1 taught by teacher 0 (chinese, music), chinese 1 by teacher 1; a chinese
        // arrival may swap (chinese had no open post)
        let n = needs(&[("chinese", 1.0), ("music", 1.0)]);
        let ts = [t(0, &["chinese", "music"], true), t(1, &["chinese"], false)];
        let arrivals = [("chinese".to_string(), vec!["chinese".to_string()])];
        let limits = school_limits(0, &n, 2.0, &ts, &arrivals);
        // {music}: 1 + 1 − 2 = 0, no arrival teaches music: teacher 0 stays whoever comes
        assert!(limits.contains(&ExchangeLimit {
            school: 0,
            teachers: vec![0],
            arrivals: vec![],
            most: 0
        }));
        // {chinese} (touches both teachers): 2 + 1 − 2 = 1 ≥ 1 goer: no limit of its own
        assert_eq!(limits.len(), 1);
    }

    #[test]
    fn a_subject_every_teacher_shares_still_counts_where_arrivals_cannot_teach_it() {
        // (the reviewer's case) chinese 4, music 0.8; A1, A2 music with chinese, may go; B1-B3
        // chinese only; music arrivals may replace A1 and A2 but teach no chinese
        let n = needs(&[("chinese", 4.0), ("music", 0.8)]);
        let ts = [
            t(1, &["chinese", "music"], true),
            t(2, &["chinese", "music"], true),
            t(3, &["chinese"], false),
            t(4, &["chinese"], false),
            t(5, &["chinese"], false),
        ];
        let arrivals = [("music".to_string(), vec!["music".to_string()])];
        let limits = school_limits(0, &n, 4.8, &ts, &arrivals);
        // S = {chinese}: 5 + 0.8 − 4.8 = 1 of A1, A2, and no arrival counts
        assert!(
            limits.contains(&ExchangeLimit {
                school: 0,
                teachers: vec![1, 2],
                arrivals: vec![],
                most: 1
            }),
            "{limits:?}"
        );
    }

    #[test]
    fn a_school_with_too_many_subjects_to_enumerate_sends_nobody() {
        let subjects: Vec<String> = (0..17).map(|k| format!("s{k:02}")).collect();
        let n: Vec<(String, f64)> = subjects.iter().map(|s| (s.clone(), 1.0)).collect();
        let ts: Vec<(usize, Vec<String>, bool)> = (subjects.iter().enumerate())
            .map(|(k, s)| (k, vec![s.clone()], k == 0))
            .collect();
        let limits = school_limits(3, &n, 17.0, &ts, &[]);
        assert_eq!(
            limits,
            vec![ExchangeLimit {
                school: 3,
                teachers: vec![0],
                arrivals: vec![],
                most: 0
            }]
        );
    }
}
