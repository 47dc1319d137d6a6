//! The exchange limit rows (docs/model.md, "Exchanges"): exchanges leave no class untaught at
//! the school they leave (`rules::exchange`).

use super::super::sparse::Sparse;
use super::super::Terms;
use crate::plan::prepare::Prepared;
use std::collections::BTreeMap;

/// The most patterns a school's exchanges are written with (see `limit_rows`); a school with
/// more gets the limit rows themselves.
const MOST_PATTERNS: usize = 256;

/// The most work (limits checked) the search for a school's patterns may take before its
/// limits are written as rows instead.
const WORK: usize = 1 << 16;

/// One limit of a school, over the school's exchange groups and its swap subjects (places in
/// `School::groups` and `School::swaps`): Σ leavers of `alone` + Σ over `swapped` of the
/// leavers of that main subject nobody replaces ≤ `most`.
struct Limit {
    alone: Vec<usize>,
    swapped: Vec<usize>,
    most: u32,
}

/// A school's exchange groups and swap subjects, as the limits read them.
struct School<'a> {
    school: usize,
    /// Exchange groups that may leave (a pick), in group order. The patterns count leavers per
    /// group. (Counting together groups that no limit tells apart, such as applicants of one
    /// subject, gives fewer patterns; measured, the gap stage of a 700-school county then
    /// stopped above its LP bound and the county took minutes: docs/performance.md, "Twelfth
    /// round".)
    groups: Vec<usize>,
    /// Per group: its swap subject (place in `swaps`), if its main subject is one.
    main: Vec<Option<usize>>,
    /// Swap subjects: (subject, its post's place in `post_in`).
    swaps: Vec<(&'a str, usize)>,
    limits: Vec<Limit>,
}

/// Exchanges leave no class untaught (`rules::exchange`), in one of two exact forms per school.
///
/// **Patterns** (a school two of whose limits cross, `crossing`): every whole choice (L, c) the
/// school's limits allow is listed, L the leavers of each of its exchange groups and c,
/// per swap subject s, the leavers of main subject s that arrivals replace (c_s ≤ L's leavers
/// of main s), only the least c for each L. A column λ_P ∈ [0, 1] per pattern P, Σ λ ≤ 1; per
/// group, Σ its picks = Σ_P λ_P L_P; per swap subject, Σ_P λ_P c_P,s ≤ Σ arrivals and
/// hires at the post (school, s). Every whole plan the limits allow is one pattern, and the LP
/// sees only mixtures of allowed whole choices: the rows below allow half a teacher to leave
/// under crossing limits, and the travel LP of a county with many small schools sat that far
/// below its plans (docs/performance.md, "Twelfth round").
///
/// **Rows** (the other schools, and those with more than `MOST_PATTERNS` patterns or limits or
/// a longer search than `WORK`): per swap subject s a column u ≥ 0 with Σ picks of the exchange
/// groups of main s − Σ arrivals and hires at the post (school, s) − u ≤ 0 (u is at least the
/// leavers of main s nobody replaces); per limit, Σ picks of its groups of other main subjects
/// + Σ its swap subjects' u ≤ its bound.
pub(super) fn limit_rows(
    sp: &mut Sparse,
    ex: &ExchangeSchools,
    group_out: &[Terms],
    post_in: &[Terms],
) {
    for (school, list) in &ex.schools {
        match list {
            Some(list) => pattern_rows(sp, school, list, group_out, post_in),
            None => plain_rows(sp, school, group_out, post_in),
        }
    }
}

/// The schools whose exchange limits can bind, each with its patterns (`None`: written as
/// rows; see `limit_rows`). They follow from the prepared problem alone, so the hub build and
/// the arc build share them: worked out once per plan.
pub(in crate::plan::model) struct ExchangeSchools<'a> {
    schools: Vec<(School<'a>, Option<Vec<Pattern>>)>,
}

/// The [`ExchangeSchools`] of a prepared problem.
pub(in crate::plan::model) fn exchange_schools(prep: &Prepared) -> ExchangeSchools<'_> {
    let mut may_leave = vec![false; prep.groups.len()];
    for pick in &prep.picks {
        may_leave[pick.group] = true;
    }
    let post_index = super::posts::post_index(prep);
    let schools = (schools(prep, &may_leave, &post_index).into_iter())
        .map(|school| {
            let size: Vec<u32> = (school.groups.iter())
                .map(|&g| prep.groups[g].members.len() as u32)
                .collect();
            let cap = prep.release_cap[school.school];
            let list = crossing(&school)
                .then(|| patterns(&school, &size, cap))
                .flatten();
            (school, list)
        })
        .collect();
    ExchangeSchools { schools }
}

/// The schools with exchange limits that can bind, in school order: over the exchange groups
/// that may leave (`may_leave`, per group: it has a pick), with the swap subjects that have a
/// rotation post (`post_index`, as the builds number the posts).
fn schools<'a>(
    prep: &'a Prepared,
    may_leave: &[bool],
    post_index: &BTreeMap<(usize, String), usize>,
) -> Vec<School<'a>> {
    let limits = &prep.staffing.exchange_limits;
    // per teacher (county position): its exchange group
    let mut group_of: Vec<Option<usize>> = vec![None; prep.teacher_school.len()];
    // exchange groups that may leave, by (school, main subject)
    let mut by_main: BTreeMap<(usize, &str), Vec<usize>> = BTreeMap::new();
    for (g, group) in prep.groups.iter().enumerate().filter(|(_, g)| g.exchange) {
        for &m in &group.members {
            group_of[m] = Some(g);
        }
        if may_leave[g] {
            (by_main.entry((group.school, group.main_subject.as_str())))
                .or_default()
                .push(g);
        }
    }
    let mut out: Vec<School> = Vec::new();
    for limit in limits {
        let mut groups: Vec<usize> = (limit.teachers.iter())
            .filter_map(|&t| group_of.get(t).copied().flatten())
            .filter(|&g| may_leave[g])
            .collect();
        groups.sort_unstable();
        groups.dedup();
        if groups.is_empty() {
            continue;
        }
        if out.last().is_none_or(|s| s.school != limit.school) {
            out.push(School {
                school: limit.school,
                groups: Vec::new(),
                main: Vec::new(),
                swaps: Vec::new(),
                limits: Vec::new(),
            });
        }
        let school = out.last_mut().expect("pushed above");
        let mut swapped: Vec<usize> = Vec::new();
        let mut leave: Vec<usize> = Vec::new();
        for subject in &limit.arrivals {
            let post = post_index.get(&(limit.school, subject.clone()));
            let groups_of = by_main.get(&(limit.school, subject.as_str()));
            let (Some(&post), Some(groups_of)) = (post, groups_of) else {
                continue;
            };
            let s = match school.swaps.iter().position(|&(x, _)| x == subject) {
                Some(s) => s,
                None => {
                    school.swaps.push((subject.as_str(), post));
                    school.swaps.len() - 1
                }
            };
            swapped.push(s);
            leave.extend(groups_of.iter().copied());
        }
        let alone: Vec<usize> = (groups.iter().copied())
            .filter(|&g| {
                let main = prep.groups[g].main_subject.as_str();
                !(swapped.iter()).any(|&s| school.swaps[s].0 == main)
            })
            .collect();
        school.groups.extend(groups.into_iter().chain(leave));
        school.limits.push(Limit {
            alone,
            swapped,
            most: limit.most,
        });
    }
    for school in &mut out {
        school.groups.sort_unstable();
        school.groups.dedup();
        let groups = &school.groups;
        let place = |g: usize| groups.binary_search(&g).expect("a group of the school");
        for limit in &mut school.limits {
            for g in &mut limit.alone {
                *g = place(*g);
            }
        }
        school.main = (groups.iter())
            .map(|&g| {
                let main = prep.groups[g].main_subject.as_str();
                school.swaps.iter().position(|&(x, _)| x == main)
            })
            .collect();
    }
    out
}

/// Whether two of the school's limits cross: each counts a group the other does not, and
/// they share one. Crossing limits are where the rows' LP sends parts of teachers (three
/// one-teacher groups any two of whom may send one: half of each); limits that nest or keep
/// apart stay rows, which are fewer columns for the LP.
fn crossing(school: &School) -> bool {
    let sets: Vec<Vec<usize>> = (school.limits.iter())
        .map(|l| {
            let mut set = l.alone.clone();
            for (g, m) in school.main.iter().enumerate() {
                if m.is_some_and(|s| l.swapped.contains(&s)) {
                    set.push(g);
                }
            }
            set.sort_unstable();
            set.dedup();
            set
        })
        .collect();
    let within = |a: &[usize], b: &[usize]| a.iter().all(|g| b.binary_search(g).is_ok());
    let apart = |a: &[usize], b: &[usize]| a.iter().all(|g| b.binary_search(g).is_err());
    sets.iter().enumerate().any(|(i, a)| {
        sets[i + 1..]
            .iter()
            .any(|b| !within(a, b) && !within(b, a) && !apart(a, b))
    })
}

/// A whole choice of a school's exchanges: leavers per group and, per swap subject, the
/// leavers of that main subject that arrivals replace (in `School::groups` and
/// `School::swaps` order).
struct Pattern {
    leave: Vec<u32>,
    credit: Vec<u32>,
}

/// Every whole choice but "nobody leaves" that the school's limits allow, with the least
/// credits for each choice of leavers; `None` when there are more than `MOST_PATTERNS`, the
/// school has more than `MOST_PATTERNS` limits, or the search takes more than `WORK` limit
/// checks (it would take longer than the rows save).
///
/// `size`: the members of each group; `cap`: the most the school may release (its release
/// cap bounds every move out of it, exchanges too).
fn patterns(school: &School, size: &[u32], cap: u32) -> Option<Vec<Pattern>> {
    if school.limits.len() > MOST_PATTERNS {
        return None;
    }
    let mut alone_in = vec![Vec::new(); size.len()];
    for (l, limit) in school.limits.iter().enumerate() {
        for &g in &limit.alone {
            alone_in[g].push(l);
        }
    }
    let mut search = Search {
        school,
        size,
        alone_in: &alone_in,
        leave: vec![0; size.len()],
        alone: vec![0; school.limits.len()],
        out: Vec::new(),
        steps: 0,
    };
    search.walk(0, cap).then_some(search.out)
}

/// The depth-first search of `patterns`.
struct Search<'a> {
    school: &'a School<'a>,
    size: &'a [u32],
    /// Per group: the limits that count its leavers alone.
    alone_in: &'a [Vec<usize>],
    leave: Vec<u32>,
    /// Per limit: the leavers it counts alone.
    alone: Vec<u32>,
    out: Vec<Pattern>,
    steps: usize,
}

impl Search<'_> {
    /// Chooses the leavers of groups i.. (at most `left` more); false when there are too many
    /// patterns.
    fn walk(&mut self, i: usize, left: u32) -> bool {
        self.steps += 1;
        if self.steps > WORK || self.out.len() > MOST_PATTERNS {
            return false;
        }
        if i == self.size.len() {
            if self.leave.iter().any(|&x| x > 0) {
                self.credits();
            }
            return self.steps <= WORK && self.out.len() <= MOST_PATTERNS;
        }
        let mut ok = true;
        let mut x = 0;
        loop {
            self.leave[i] = x;
            if !self.walk(i + 1, left - x) {
                ok = false;
                break;
            }
            if x == self.size[i].min(left) {
                break;
            }
            // one more leaver of group i: the limits that count it alone must still hold
            // with every leaver of a swap subject replaced (more leavers only add to them)
            x += 1;
            let mut over = false;
            for &l in &self.alone_in[i] {
                self.alone[l] += 1;
                over |= self.alone[l] > self.school.limits[l].most;
            }
            if over {
                break;
            }
        }
        for &l in &self.alone_in[i] {
            self.alone[l] -= x;
        }
        self.leave[i] = 0;
        ok
    }

    /// Adds the patterns of the current leavers: every least credit vector that meets every
    /// limit.
    fn credits(&mut self) {
        let school = self.school;
        let mut main = vec![0u32; school.swaps.len()];
        for (g, &x) in self.leave.iter().enumerate() {
            if let Some(s) = school.main[g] {
                main[s] += x;
            }
        }
        let meets = |credit: &[u32]| {
            (school.limits.iter().zip(&self.alone)).all(|(l, &a)| {
                let left: u32 = l.swapped.iter().map(|&s| main[s] - credit[s]).sum();
                a + left <= l.most
            })
        };
        // every credit vector within 0..=main, in odometer order
        let mut credit = vec![0u32; main.len()];
        let mut found = Vec::new();
        loop {
            self.steps += school.limits.len();
            if self.steps > WORK {
                return; // the search gives up (see `walk`)
            }
            if meets(&credit) {
                let mut least = true;
                for s in 0..credit.len() {
                    if credit[s] > 0 {
                        credit[s] -= 1;
                        least &= !meets(&credit);
                        credit[s] += 1;
                    }
                }
                if least {
                    found.push(credit.clone());
                }
            }
            let Some(s) = (0..credit.len()).find(|&s| credit[s] < main[s]) else {
                break;
            };
            credit[s] += 1;
            for r in &mut credit[..s] {
                *r = 0;
            }
        }
        for credit in found {
            self.out.push(Pattern {
                leave: self.leave.clone(),
                credit,
            });
        }
    }
}

/// The pattern columns and rows of one school (see `limit_rows`).
fn pattern_rows(
    sp: &mut Sparse,
    school: &School,
    list: &[Pattern],
    group_out: &[Terms],
    post_in: &[Terms],
) {
    let lambda: Vec<usize> = list.iter().map(|_| sp.col(0.0, 1.0, false)).collect();
    sp.row(
        f64::NEG_INFINITY,
        1.0,
        lambda.iter().map(|&j| (j, 1.0)).collect(),
    );
    for (i, &g) in school.groups.iter().enumerate() {
        let mut row: Terms = group_out[g].clone();
        row.extend(
            (list.iter().zip(&lambda))
                .filter(|(p, _)| p.leave[i] > 0)
                .map(|(p, &j)| (j, -f64::from(p.leave[i]))),
        );
        sp.row(0.0, 0.0, row);
    }
    for (s, &(_, post)) in school.swaps.iter().enumerate() {
        let mut row: Terms = (list.iter().zip(&lambda))
            .filter(|(p, _)| p.credit[s] > 0)
            .map(|(p, &j)| (j, f64::from(p.credit[s])))
            .collect();
        if row.is_empty() {
            continue;
        }
        row.extend(
            (post_in[post].iter())
                .filter(|&&(_, a)| a > 0.0)
                .map(|&(j, a)| (j, -a)),
        );
        sp.row(f64::NEG_INFINITY, 0.0, row);
    }
}

/// The limit rows of one school, with a column per swap subject (see `limit_rows`).
fn plain_rows(sp: &mut Sparse, school: &School, group_out: &[Terms], post_in: &[Terms]) {
    let unreplaced: Vec<usize> = (school.swaps.iter().enumerate())
        .map(|(s, &(_, post))| {
            let mut row: Terms = (school.groups.iter().zip(&school.main))
                .filter(|&(_, &m)| m == Some(s))
                .flat_map(|(&g, _)| group_out[g].iter().copied())
                .collect();
            row.extend(
                (post_in[post].iter())
                    .filter(|&&(_, a)| a > 0.0)
                    .map(|&(j, a)| (j, -a)),
            );
            let u = sp.col(0.0, f64::INFINITY, false);
            row.push((u, -1.0));
            sp.row(f64::NEG_INFINITY, 0.0, row);
            u
        })
        .collect();
    for limit in &school.limits {
        let mut terms: Terms = (limit.alone.iter())
            .flat_map(|&i| group_out[school.groups[i]].iter().copied())
            .collect();
        terms.extend(limit.swapped.iter().map(|&s| (unreplaced[s], 1.0)));
        sp.row(f64::NEG_INFINITY, f64::from(limit.most), terms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule read straight: per limit, Σ leavers counted alone + Σ over its swap subjects of
    /// max(0, leavers of that main subject − arrivals of it) ≤ its bound.
    fn allowed(school: &School, leave: &[u32], arrive: &[u32]) -> bool {
        let mut main = vec![0u32; school.swaps.len()];
        for (g, &x) in leave.iter().enumerate() {
            if let Some(s) = school.main[g] {
                main[s] += x;
            }
        }
        school.limits.iter().all(|l| {
            let alone: u32 = l.alone.iter().map(|&g| leave[g]).sum();
            let left: u32 = (l.swapped.iter())
                .map(|&s| main[s].saturating_sub(arrive[s]))
                .sum();
            alone + left <= l.most
        })
    }

    /// Whether some pattern has these leavers and credits the arrivals cover ("nobody leaves"
    /// is the Σ λ ≤ 1 slack).
    fn covered(list: &[Pattern], leave: &[u32], arrive: &[u32]) -> bool {
        leave.iter().all(|&x| x == 0)
            || list
                .iter()
                .any(|p| p.leave == leave && p.credit.iter().zip(arrive).all(|(c, a)| c <= a))
    }

    fn limit(alone: &[usize], swapped: &[usize], most: u32) -> Limit {
        Limit {
            alone: alone.to_vec(),
            swapped: swapped.to_vec(),
            most,
        }
    }

    /// Every vector with entries in 0..=top[i], in odometer order.
    fn boxes(top: &[u32]) -> Vec<Vec<u32>> {
        let mut out = vec![vec![0u32; top.len()]];
        for (i, &t) in top.iter().enumerate() {
            out = (out.into_iter())
                .flat_map(|v| {
                    (0..=t).map(move |x| {
                        let mut v = v.clone();
                        v[i] = x;
                        v
                    })
                })
                .collect();
        }
        out
    }

    #[test]
    fn patterns_are_exactly_the_whole_choices_the_limits_allow() {
        // groups: two chinese teachers; one chinese teacher who also teaches art; two math
        // teachers. Swap subjects chinese (0) and math (1).
        let school = School {
            school: 0,
            groups: vec![10, 11, 12],
            main: vec![Some(0), Some(0), Some(1)],
            swaps: vec![("chinese", 0), ("math", 1)],
            limits: vec![
                limit(&[1], &[], 0),
                limit(&[], &[0], 1),
                limit(&[2], &[0], 1),
                limit(&[0, 1], &[1], 2),
            ],
        };
        let size = [2, 1, 2];
        let cap = 4;
        let list = patterns(&school, &size, cap).expect("a few patterns");
        let mut checked = 0;
        for leave in boxes(&size) {
            if leave.iter().sum::<u32>() > cap {
                continue;
            }
            for arrive in boxes(&[3, 3]) {
                assert_eq!(
                    allowed(&school, &leave, &arrive),
                    covered(&list, &leave, &arrive),
                    "leavers {leave:?}, arrivals {arrive:?}"
                );
                checked += 1;
            }
        }
        assert!(checked > 100);
        for p in &list {
            assert!(p.leave.iter().any(|&x| x > 0));
            let mut main = [0u32; 2];
            for (g, &x) in p.leave.iter().enumerate() {
                main[school.main[g].expect("every group swaps here")] += x;
            }
            assert!(p.credit.iter().zip(main).all(|(&c, m)| c <= m));
            // least: one credit less breaks a limit
            for s in 0..2 {
                if p.credit[s] > 0 {
                    let mut less = p.credit.clone();
                    less[s] -= 1;
                    assert!(!allowed(&school, &p.leave, &less), "{:?}", p.credit);
                }
            }
        }
    }

    #[test]
    fn half_a_teacher_under_overlapping_limits_is_no_mixture_of_patterns() {
        // Three one-teacher groups, any two of whom leave only one: the rows allow half of
        // each (1.5 teachers in all); every pattern sends one teacher at most.
        let school = School {
            school: 0,
            groups: vec![0, 1, 2],
            main: vec![None; 3],
            swaps: Vec::new(),
            limits: vec![
                limit(&[0, 1], &[], 1),
                limit(&[1, 2], &[], 1),
                limit(&[0, 2], &[], 1),
            ],
        };
        let list = patterns(&school, &[1, 1, 1], 3).expect("three patterns");
        assert_eq!(list.len(), 3);
        assert!(list.iter().all(|p| p.leave.iter().sum::<u32>() == 1));
    }

    #[test]
    fn a_school_with_too_many_choices_keeps_its_limit_rows() {
        let wide = School {
            school: 0,
            groups: (0..12).collect(),
            main: vec![None; 12],
            swaps: Vec::new(),
            limits: vec![limit(&[0, 1], &[], 5)],
        };
        assert!(patterns(&wide, &[10; 12], 20).is_none());
        let many = School {
            limits: (0..=MOST_PATTERNS).map(|_| limit(&[0], &[], 1)).collect(),
            ..wide
        };
        assert!(patterns(&many, &[1; 12], 1).is_none());
    }
}
