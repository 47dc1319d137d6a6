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
    // Teachers who may teach the same subjects of a set to try count alike: only the whole
    // set of subjects and sets of partial subjects are tried, so a teacher's class is their
    // partial subjects and whether they may teach any subject at all. Exchange teachers form
    // their own classes (the bound's teachers are theirs).
    let partial_bits = partial.iter().fold(0u64, |m, &k| m | (1 << k));
    let mut present: BTreeMap<(u64, bool), f64> = BTreeMap::new();
    let mut going: BTreeMap<(u64, bool), Vec<usize>> = BTreeMap::new();
    for &(i, k, go) in &masks {
        let class = (k & partial_bits, k != 0);
        *present.entry(class).or_default() += 1.0;
        if go {
            going.entry(class).or_default().push(i);
        }
    }
    if going.len() > 128 || arrival_masks.len() > 64 {
        // (more kinds of exchange teachers or arrivals than a bit set holds: no catalogue
        // comes near; the school's exchange teachers stay, as above)
        return stay_all(school, teachers);
    }
    let touches = |(k, any): (u64, bool), set: u64| any && (set == all || k & set != 0);
    let present: Vec<((u64, bool), f64)> = present.into_iter().collect();
    let going: Vec<((u64, bool), Vec<usize>)> = going.into_iter().collect();
    // per set of exchange-teacher classes and arrivals touched: the smallest bound
    let mut best: BTreeMap<(u128, u64), u32> = BTreeMap::new();
    let mut try_set = |set: u64| {
        // the exchange-teacher classes the set touches, and their teachers
        let (mut goers, mut count) = (0u128, 0usize);
        for (c, (class, ts)) in going.iter().enumerate() {
            if touches(*class, set) {
                goers |= 1 << c;
                count += ts.len();
            }
        }
        if goers == 0 {
            return;
        }
        let here: f64 = (present.iter())
            .filter(|&&(class, _)| touches(class, set))
            .map(|&(_, n)| n)
            .sum();
        let room = here + (total_need - need_of(set)) - covered;
        let most = (room + EPS).floor().max(0.0) as u32;
        if (most as usize) < count {
            let came: u64 = (arrival_masks.iter().enumerate())
                .filter(|&(_, &(_, k))| k & set != 0)
                .fold(0, |m, (a, _)| m | (1 << a));
            let b = best.entry((goers, came)).or_insert(most);
            *b = (*b).min(most);
        }
    };
    try_set(all);
    for pick in 1u64..(1 << partial.len()) {
        let set = (0..partial.len())
            .filter(|&b| pick & (1 << b) != 0)
            .fold(0u64, |m, b| m | (1 << partial[b]));
        try_set(set);
    }
    let kept = undominated(&best);
    let mut limits: Vec<ExchangeLimit> = (kept.into_iter())
        .map(|((ts, ar), most)| {
            let mut teachers: Vec<usize> = (going.iter().enumerate())
                .filter(|&(c, _)| ts & (1 << c) != 0)
                .flat_map(|(_, (_, t))| t.iter().copied())
                .collect();
            teachers.sort_unstable();
            let arrivals: Vec<String> = (arrival_masks.iter().enumerate())
                .filter(|&(a, _)| ar & (1 << a) != 0)
                .map(|(_, &(p, _))| p.to_string())
                .collect();
            ExchangeLimit {
                school,
                teachers,
                arrivals,
                most,
            }
        })
        .collect();
    limits.sort_by(|a, b| (&a.teachers, &a.arrivals).cmp(&(&b.teachers, &b.arrivals)));
    limits
}

/// The limits of `best` ((teacher classes, arrivals) → bound) that no other implies, in key
/// order. A limit is implied by another over a superset of its teachers, a subset of its
/// arrivals and no larger bound (every class in a key has a teacher, and the arrivals are
/// distinct subjects, so the bit sets say it). Only limits that can imply it are compared:
/// those of no larger bound (sorted by bound), with at least as many classes and at most as
/// many arrivals (counted first). A school of 250 teachers has thousands of limits, and
/// comparing every pair took 0.54 s of a 50,000-teacher county in 200 schools
/// (docs/performance.md, "Thirteenth round").
fn undominated(best: &BTreeMap<(u128, u64), u32>) -> Vec<((u128, u64), u32)> {
    // (bound, classes, arrivals, teacher classes, arrival set), by bound
    let mut by_most: Vec<(u32, u32, u32, u128, u64)> = (best.iter())
        .map(|(&(ts, ar), &m)| (m, ts.count_ones(), ar.count_ones(), ts, ar))
        .collect();
    by_most.sort_unstable_by_key(|e| e.0);
    let implied = |&(&(ts, ar), &most): &(&(u128, u64), &u32)| {
        let (n_ts, n_ar) = (ts.count_ones(), ar.count_ones());
        let within = by_most.partition_point(|e| e.0 <= most);
        by_most[..within]
            .iter()
            .any(|&(_, n_ots, n_oar, ots, oar)| {
                n_ots >= n_ts
                    && n_oar <= n_ar
                    && (ots, oar) != (ts, ar)
                    && ts & !ots == 0
                    && oar & !ar == 0
            })
    };
    (best.iter())
        .filter(|e| !implied(e))
        .map(|(&key, &most)| (key, most))
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

    /// A small deterministic generator for the test's schools.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = (self.0.wrapping_mul(6364136223846793005)).wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    /// The limits read straight from the rule: every subject set S, every teacher one by one.
    fn by_every_set(
        needs: &[(String, f64)],
        covered: f64,
        teachers: &[(usize, Vec<String>, bool)],
        arrivals: &[(String, Vec<String>)],
    ) -> Vec<(Vec<usize>, Vec<String>, u32)> {
        let needed: Vec<&(String, f64)> = needs.iter().filter(|(_, n)| *n > 1e-9).collect();
        let total: f64 = needed.iter().map(|(_, n)| n).sum();
        let mut best: BTreeMap<(Vec<usize>, Vec<String>), u32> = BTreeMap::new();
        for pick in 1u32..(1 << needed.len()) {
            let set: Vec<&str> = (0..needed.len())
                .filter(|&k| pick & (1 << k) != 0)
                .map(|k| needed[k].0.as_str())
                .collect();
            let touches = |subs: &[String]| subs.iter().any(|x| set.contains(&x.as_str()));
            let present = teachers.iter().filter(|t| touches(&t.1)).count() as f64;
            let goers: Vec<usize> = (teachers.iter())
                .filter(|t| t.2 && touches(&t.1))
                .map(|t| t.0)
                .collect();
            let need: f64 = (needed.iter())
                .filter(|(s, _)| set.contains(&s.as_str()))
                .map(|(_, n)| n)
                .sum();
            let most = (present + (total - need) - covered + EPS).floor().max(0.0) as u32;
            if goers.is_empty() || most as usize >= goers.len() {
                continue;
            }
            let came: Vec<String> = (arrivals.iter())
                .filter(|(_, subs)| touches(subs))
                .map(|(p, _)| p.clone())
                .collect();
            let b = best.entry((goers, came)).or_insert(most);
            *b = (*b).min(most);
        }
        let within = |a: &[usize], b: &[usize]| a.iter().all(|x| b.contains(x));
        let within_s = |a: &[String], b: &[String]| a.iter().all(|x| b.contains(x));
        (best.iter())
            .filter(|&((ts, ar), most)| {
                !best.iter().any(|((ots, oar), m)| {
                    (ots, oar) != (ts, ar) && m <= most && within(ts, ots) && within_s(oar, ar)
                })
            })
            .map(|((ts, ar), most)| (ts.clone(), ar.clone(), *most))
            .collect()
    }

    #[test]
    fn the_limits_are_those_of_every_subject_set() {
        let subjects = ["chinese", "math", "music", "art", "pe", "it"];
        let mut rng = Lcg(12345);
        let mut binding = 0;
        for _ in 0..400 {
            let pick_subjects = |rng: &mut Lcg, most: u64| -> Vec<String> {
                let k = 1 + rng.next(most) as usize;
                let mut subs: Vec<String> = Vec::new();
                for _ in 0..k {
                    let s = subjects[rng.next(6) as usize].to_string();
                    if !subs.contains(&s) {
                        subs.push(s);
                    }
                }
                subs
            };
            let mut needs: Vec<(String, f64)> = Vec::new();
            for s in subjects {
                if rng.next(3) > 0 {
                    needs.push((s.to_string(), rng.next(20) as f64 / 8.0));
                }
            }
            let n = 2 + rng.next(8) as usize;
            let mut teachers: Vec<(usize, Vec<String>, bool)> = Vec::new();
            for i in 0..n {
                let subs = pick_subjects(&mut rng, 3);
                teachers.push((i * 3, subs, rng.next(2) == 0));
            }
            let mut arrivals: Vec<(String, Vec<String>)> = Vec::new();
            for p in subjects {
                if rng.next(3) == 0 {
                    arrivals.push((p.to_string(), pick_subjects(&mut rng, 2)));
                }
            }
            arrivals.sort();
            let total: f64 = needs.iter().map(|(_, n)| n).sum();
            let covered = total.min(n as f64) * (0.5 + rng.next(6) as f64 / 10.0);
            let got: Vec<(Vec<usize>, Vec<String>, u32)> =
                (school_limits(1, &needs, covered, &teachers, &arrivals).into_iter())
                    .map(|l| (l.teachers, l.arrivals, l.most))
                    .collect();
            let want = by_every_set(&needs, covered, &teachers, &arrivals);
            assert_eq!(
                got, want,
                "needs {needs:?} teachers {teachers:?} arrivals {arrivals:?}"
            );
            binding += usize::from(!want.is_empty());
        }
        assert!(binding > 100, "{binding} schools with limits");
    }
}
