//! Establishment posts (核定编制) and coverage: which subjects the teachers present at a school
//! can teach, and how much of each subject's need they cover (docs/rules.md, "Staffing").
//!
//! - A school's establishment is the number the schools file gives, else
//!   max(⌈primary pupils ÷ primary_ratio + junior pupils ÷ junior_ratio⌉, ⌈teaching groups ×
//!   per-class minimum of its area⌉): a small school's combined classes (复式班) count once.
//! - Hires never take a school's headcount above its establishment; rotations and exchanges
//!   never take it above max(establishment + allowance, headcount before the plan).
//! - No arrival takes a school below `pupil_floor` pupils per teacher (师多生少) where
//!   `floor_caps_arrivals` is on: a teaching point of 9 pupils keeps one resident teacher.
//! - A teacher teaches at most one full load (1 FTE), split among the subjects they may teach
//!   there: their post's subject (main subject and extra subjects for a school's own teachers),
//!   and the general subjects at schools of the general areas.

use super::moves::EPS;
use super::needs::stage_classes;
use crate::domain::{County, School, Teacher};
use crate::scenario::Scenario;
use std::collections::BTreeMap;

/// Pupils of a school in primary and in junior grades: a nine-year school's pupils are shared
/// in proportion to its classes (as `needs::stage_classes` splits them).
pub fn stage_pupils(school: &School) -> (f64, f64) {
    let (p, j) = stage_classes(school);
    let students = school.students as f64;
    if p + j <= 0.0 {
        return match school.stage {
            crate::domain::Stage::Junior => (0.0, students),
            _ => (students, 0.0),
        };
    }
    (students * p / (p + j), students * j / (p + j))
}

/// The establishment computed from the scenario's `[establishment]` table, ignoring the schools
/// file's column.
pub fn computed_establishment(school: &School, scenario: &Scenario) -> u32 {
    let rules = &scenario.establishment;
    let (p, j) = stage_pupils(school);
    let by_pupils = p / rules.primary_ratio + j / rules.junior_ratio;
    let per_class = rules.per_class.get(&school.area).copied().unwrap_or(0.0);
    let (gp, gj) = super::needs::teaching_groups(school, scenario);
    let by_classes = (gp + gj) * per_class;
    let posts = by_pupils.max(by_classes);
    if posts.is_finite() {
        (posts - EPS).ceil().max(0.0) as u32
    } else {
        0
    }
}

/// A school's establishment: the schools file's number, else [`computed_establishment`].
pub fn establishment(school: &School, scenario: &Scenario) -> u32 {
    school
        .establishment
        .unwrap_or_else(|| computed_establishment(school, scenario))
}

/// Whether a school with `teachers` present is flagged as having few pupils per teacher
/// (师多生少): two teachers or more, and fewer than `establishment.pupil_floor` pupils each.
pub fn below_pupil_floor(students: u32, teachers: u32, scenario: &Scenario) -> bool {
    // pupils per teacher compared as the office reads it (a school exactly at the floor is not
    // below it; 4.9 × 50 is not exactly 245 in floating point)
    teachers >= 2 && (students as f64) / (teachers as f64) < scenario.establishment.pupil_floor
}

/// Teaching groups of a school (primary and junior together, [`super::needs::teaching_groups`]).
pub fn groups(school: &School, scenario: &Scenario) -> f64 {
    let (p, j) = super::needs::teaching_groups(school, scenario);
    p + j
}

/// Vacant posts (空编) hires may fill: establishment − headcount before the plan, if positive.
pub fn vacant_posts(establishment: u32, headcount_before: u32) -> u32 {
    establishment.saturating_sub(headcount_before)
}

/// The most teachers a school may have present after the plan: max(headcount before,
/// min(establishment + allowance, [`pupil_floor_cap`])). A school already above it may swap
/// teachers (send one, receive one) but not grow.
pub fn headcount_cap(
    school: &School,
    establishment: u32,
    headcount_before: u32,
    scenario: &Scenario,
) -> u32 {
    establishment
        .saturating_add(scenario.establishment.allowance)
        .min(pupil_floor_cap(school.students, scenario))
        .max(headcount_before)
}

/// The most teachers a school of `students` pupils may have without being flagged by
/// [`below_pupil_floor`]: the largest n with n ≤ 1 or students ÷ n ≥ `pupil_floor`, so never
/// less than one. No limit (`u32::MAX`) where `floor_caps_arrivals` is off, the floor is 0 or
/// the school's pupils are not given (0).
pub fn pupil_floor_cap(students: u32, scenario: &Scenario) -> u32 {
    let rules = &scenario.establishment;
    if !rules.floor_caps_arrivals || rules.pupil_floor <= 0.0 || students == 0 {
        return u32::MAX;
    }
    // ⌊students ÷ floor⌋, then settled by the flag's own comparison (a division), so that
    // the cap and the flag never disagree at a floor that is not a whole number
    let mut n = ((f64::from(students) / rules.pupil_floor).floor() as u32).max(1);
    while n >= 2 && below_pupil_floor(students, n, scenario) {
        n -= 1;
    }
    while n < u32::MAX && !below_pupil_floor(students, n + 1, scenario) {
        n += 1;
    }
    n
}

/// Whether every teacher present at this school may teach the general subjects.
pub fn general_school(school: &School, scenario: &Scenario) -> bool {
    scenario.coverage.general_areas.contains(&school.area)
}

/// Subjects a school's own teacher may teach there: main, extra subjects, and the general
/// subjects at a general school. Sorted, without repeats.
pub fn own_subjects(teacher: &Teacher, school: &School, scenario: &Scenario) -> Vec<String> {
    // on a term from an earlier year: the post's subject, as an arrival teaches it
    if let Some(term) = &teacher.on_term {
        return arrival_subjects(term.post_subject(teacher), school, scenario);
    }
    let mut subjects = vec![teacher.subject.clone()];
    subjects.extend(teacher.extra_subjects.iter().cloned());
    with_general(subjects, school, scenario)
}

/// Subjects a teacher who arrives to teach `post_subject` (rotated, on exchange, or hired) may
/// teach at the school: that subject, and the general subjects at a general school.
pub fn arrival_subjects(post_subject: &str, school: &School, scenario: &Scenario) -> Vec<String> {
    with_general(vec![post_subject.to_string()], school, scenario)
}

fn with_general(mut subjects: Vec<String>, school: &School, scenario: &Scenario) -> Vec<String> {
    if general_school(school, scenario) {
        subjects.extend(scenario.coverage.general_subjects.iter().cloned());
    }
    subjects.sort();
    subjects.dedup();
    subjects
}

/// Subjects taught itinerantly (走教): the `[itinerant]` list, else the catalogue's shortage
/// subjects.
pub fn itinerant_subjects(scenario: &Scenario) -> Vec<String> {
    let rules = &scenario.itinerant;
    if !rules.subjects.is_empty() {
        let mut s = rules.subjects.clone();
        s.sort();
        s.dedup();
        return s;
    }
    scenario
        .subjects
        .iter()
        .filter(|(_, d)| d.shortage)
        .map(|(id, _)| id.clone())
        .collect()
}

/// Whether a teacher based at `base` may teach itinerantly at `target`: itinerant teaching is
/// on, the schools differ, the target is in a target area, both have coordinates within
/// `km`, and (if asked) they are in the same township.
pub fn itinerant_reach(base: &School, target: &School, scenario: &Scenario) -> Option<f64> {
    let rules = &scenario.itinerant;
    if !rules.enabled || base.id == target.id || !rules.target_areas.contains(&target.area) {
        return None;
    }
    if rules.same_township && (base.township.is_none() || base.township != target.township) {
        return None;
    }
    let km = super::moves::distance_km(base, target)?;
    (km <= rules.km + EPS).then_some(km)
}

/// Weekly periods of one FTE at a school: the junior load at a junior school, else the
/// primary load.
pub fn load(school: &School, scenario: &Scenario) -> f64 {
    match school.stage {
        crate::domain::Stage::Junior => scenario.curriculum.junior_load,
        _ => scenario.curriculum.primary_load,
    }
}

/// One school's coverage problem: subjects with their uncovered need, and classes of teachers
/// (a capacity in FTE and the subjects, by index, each may teach).
#[derive(Debug, Clone, Default)]
pub struct CoverProblem {
    pub need: Vec<f64>,
    pub classes: Vec<(f64, Vec<usize>)>,
}

/// How a [`CoverProblem`] is covered: `amount[k][i]` FTE of subject `classes[k].1[i]` by class k.
#[derive(Debug, Clone, PartialEq)]
pub struct Cover {
    pub amount: Vec<Vec<f64>>,
    pub covered: Vec<f64>,
}

impl Cover {
    /// Σ over subjects of need − covered.
    pub fn uncovered(&self, need: &[f64]) -> f64 {
        need.iter()
            .zip(&self.covered)
            .map(|(n, c)| (n - c).max(0.0))
            .sum()
    }
}

/// The most of the need the classes can cover (a maximum flow), subjects taken in their order,
/// each covered as far as it can be without uncovering an earlier one, classes tried in their
/// order: the same problem always gives the same cover. An augmenting path may shift part of
/// an earlier subject to another class, never lower its coverage.
pub fn cover(problem: &CoverProblem) -> Cover {
    let n_sub = problem.need.len();
    let mut amount: Vec<Vec<f64>> = problem
        .classes
        .iter()
        .map(|(_, subs)| vec![0.0; subs.len()])
        .collect();
    let mut left: Vec<f64> = problem
        .classes
        .iter()
        .map(|(cap, _)| cap.max(0.0))
        .collect();
    let mut covered = vec![0.0; n_sub];
    // subject → (class, position in the class's list) of the classes that may teach it
    let mut teach: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n_sub];
    for (k, (_, subs)) in problem.classes.iter().enumerate() {
        for (i, &s) in subs.iter().enumerate() {
            if s < n_sub {
                teach[s].push((k, i));
            }
        }
    }
    #[allow(clippy::needless_range_loop)] // `target` also names the subject to the search
    for target in 0..n_sub {
        loop {
            let want = problem.need[target] - covered[target];
            if want <= EPS {
                break;
            }
            let Some(path) = augmenting_path(target, &teach, &amount, &left, problem) else {
                break;
            };
            let last = path.steps.last().map_or(path.first.0, |h| h.to);
            let mut delta = want.min(left[last]);
            for h in &path.steps {
                delta = delta.min(amount[h.from][h.from_pos]);
            }
            if delta <= EPS {
                break;
            }
            amount[path.first.0][path.first.1] += delta;
            for h in &path.steps {
                amount[h.from][h.from_pos] -= delta;
                amount[h.to][h.to_pos] += delta;
            }
            left[last] -= delta;
            covered[target] += delta;
        }
    }
    Cover { amount, covered }
}

/// A class hands over part of a subject it teaches to another class that may teach it.
#[derive(Clone, Copy)]
struct HandOver {
    from: usize,
    from_pos: usize,
    to: usize,
    to_pos: usize,
}

/// An augmenting path: the class that takes on the target subject (class, position), then the
/// hand-overs that free its capacity; the last class reached has capacity left.
struct Path {
    first: (usize, usize),
    steps: Vec<HandOver>,
}

/// Breadth-first search for an augmenting path to `target`, classes in their order.
fn augmenting_path(
    target: usize,
    teach: &[Vec<(usize, usize)>],
    amount: &[Vec<f64>],
    left: &[f64],
    problem: &CoverProblem,
) -> Option<Path> {
    let n_classes = problem.classes.len();
    let mut seen = vec![false; n_classes];
    // how each class was reached: None for a class that takes the target directly
    let mut came: Vec<Option<HandOver>> = vec![None; n_classes];
    let mut first_pos = vec![0usize; n_classes];
    let mut queue = std::collections::VecDeque::new();
    for &(k, i) in &teach[target] {
        if !seen[k] {
            seen[k] = true;
            first_pos[k] = i;
            queue.push_back(k);
        }
    }
    while let Some(k) = queue.pop_front() {
        if left[k] > EPS {
            let mut steps = Vec::new();
            let mut at = k;
            while let Some(h) = came[at] {
                steps.push(h);
                at = h.from;
            }
            steps.reverse();
            return Some(Path {
                first: (at, first_pos[at]),
                steps,
            });
        }
        for (pos, &s) in problem.classes[k].1.iter().enumerate() {
            if s >= teach.len() || amount[k][pos] <= EPS {
                continue;
            }
            for &(k2, i2) in &teach[s] {
                if !seen[k2] {
                    seen[k2] = true;
                    came[k2] = Some(HandOver {
                        from: k,
                        from_pos: pos,
                        to: k2,
                        to_pos: i2,
                    });
                    queue.push_back(k2);
                }
            }
        }
    }
    None
}

/// A school's cover problem from its needs (subject, FTE) and its teachers as (FTE, subjects
/// they may teach). Needs are taken in subject-id order; subjects nobody needs are dropped from
/// the teachers' lists.
pub fn school_problem(needs: &[(String, f64)], teachers: &[(f64, Vec<String>)]) -> CoverProblem {
    let index: BTreeMap<&str, usize> = needs
        .iter()
        .enumerate()
        .map(|(i, (s, _))| (s.as_str(), i))
        .collect();
    CoverProblem {
        need: needs.iter().map(|(_, n)| *n).collect(),
        classes: teachers
            .iter()
            .map(|(cap, subs)| {
                (
                    *cap,
                    subs.iter()
                        .filter_map(|s| index.get(s.as_str()).copied())
                        .collect(),
                )
            })
            .collect(),
    }
}

/// Each school's position in `county.schools`, by id.
pub(super) fn school_positions(county: &County) -> BTreeMap<&str, usize> {
    (county.schools.iter().enumerate())
        .map(|(i, s)| (s.id.as_str(), i))
        .collect()
}

/// Needs of every school, (subject, FTE) in subject-id order, schools by index.
pub fn needs_by_school(county: &County, scenario: &Scenario) -> Vec<Vec<(String, f64)>> {
    let ix = school_positions(county);
    let mut out = vec![Vec::new(); county.schools.len()];
    for ((school, subject), need) in super::needs::school_needs(county, scenario) {
        if let Some(&i) = ix.get(school.as_str()) {
            out[i].push((subject, need));
        }
    }
    out
}

/// What each school's own teachers cover before the plan, worked out once: its needs, the
/// coverage of each (subjects in id order, each as far as it can be without uncovering an
/// earlier one: a maximum flow whose result is unique), and the load its teachers of each main
/// subject have left once the needs are covered.
pub struct Before {
    /// Per school: (subject, need FTE), subject-id order.
    pub needs: Vec<Vec<(String, f64)>>,
    /// Per school, in the order of `needs`: FTE covered.
    pub covered: Vec<Vec<f64>>,
    /// Per school: main subject → load left (FTE), where positive.
    pub left: Vec<BTreeMap<String, f64>>,
}

impl Before {
    pub fn compute(county: &County, scenario: &Scenario) -> Before {
        let ix = school_positions(county);
        let needs = needs_by_school(county, scenario);
        // teachers by (main subject, subjects they may teach), in roster order; a teacher on a
        // term from an earlier year by the post's subject, and one on exchange has no load to
        // spare for itinerant teaching (an empty main subject matches none)
        let mut classes: Vec<Vec<(String, f64, Vec<String>)>> =
            vec![Vec::new(); county.schools.len()];
        for t in &county.teachers {
            let Some(&s) = ix.get(t.school_id.as_str()) else {
                continue;
            };
            let subs = own_subjects(t, &county.schools[s], scenario);
            let main = match &t.on_term {
                Some(term) if term.kind == crate::domain::ServiceKind::Exchange => "",
                Some(term) => term.post_subject(t),
                None => t.subject.as_str(),
            };
            match classes[s]
                .iter_mut()
                .find(|(m, _, x)| m == main && *x == subs)
            {
                Some(class) => class.1 += 1.0,
                None => classes[s].push((main.to_string(), 1.0, subs)),
            }
        }
        let mut covered = Vec::with_capacity(needs.len());
        let mut left = Vec::with_capacity(needs.len());
        for (s, school_classes) in classes.iter().enumerate() {
            let teachers: Vec<(f64, Vec<String>)> = school_classes
                .iter()
                .map(|(_, n, subs)| (*n, subs.clone()))
                .collect();
            let solved = cover(&school_problem(&needs[s], &teachers));
            let mut by_main: BTreeMap<String, f64> = BTreeMap::new();
            for (k, (main, n, _)) in school_classes.iter().enumerate() {
                let rest = (n - solved.amount[k].iter().sum::<f64>()).max(0.0);
                if rest > 1e-9 && !main.is_empty() {
                    *by_main.entry(main.clone()).or_default() += rest;
                }
            }
            covered.push(solved.covered);
            left.push(by_main);
        }
        Before {
            needs,
            covered,
            left,
        }
    }

    /// (school index, subject, need, covered) for every need.
    fn cells(&self) -> impl Iterator<Item = (usize, &String, f64, f64)> + '_ {
        self.needs
            .iter()
            .zip(&self.covered)
            .enumerate()
            .flat_map(|(s, (needs, cov))| {
                needs
                    .iter()
                    .zip(cov)
                    .map(move |((subject, need), &c)| (s, subject, *need, c))
            })
    }

    /// Open posts per (school index, subject): ⌈need − covered − ε⌉, where positive. Rotated
    /// arrivals and hires of the subject share them.
    pub fn open_posts(&self) -> BTreeMap<(usize, String), u32> {
        self.cells()
            .filter_map(|(s, subject, need, c)| {
                let open = super::moves::open_posts(need - c);
                (open > 0).then(|| ((s, subject.clone()), open))
            })
            .collect()
    }

    /// Need − covered per (school index, subject), where positive.
    pub fn uncovered(&self) -> BTreeMap<(usize, String), f64> {
        self.cells()
            .filter(|&(_, _, need, c)| need - c > 1e-9)
            .map(|(s, subject, need, c)| ((s, subject.clone()), need - c))
            .collect()
    }

    /// Covered FTE per (school id, subject).
    pub fn covered_by_id(&self, county: &County) -> BTreeMap<(String, String), f64> {
        self.cells()
            .map(|(s, subject, _, c)| ((county.schools[s].id.clone(), subject.clone()), c))
            .collect()
    }

    /// What each (school, subject) cell has before the plan, as the optimizer's gap goal counts
    /// it (docs/model.md, "The gap goal"): what the school's own teachers cover of the subject
    /// plus the load its teachers of that main subject have left (a surplus they may take
    /// elsewhere). (school id, subject) → FTE.
    pub fn staff_by_id(&self, county: &County) -> BTreeMap<(String, String), f64> {
        let mut out = self.covered_by_id(county);
        for (s, left) in self.left.iter().enumerate() {
            for (main, &rest) in left {
                *out.entry((county.schools[s].id.clone(), main.clone()))
                    .or_default() += rest;
            }
        }
        out
    }
}

/// Coverage of every school's needs by its own teachers before the plan ([`Before`]):
/// (school id, subject) → covered FTE.
pub fn cover_before(county: &County, scenario: &Scenario) -> BTreeMap<(String, String), f64> {
    Before::compute(county, scenario).covered_by_id(county)
}

/// Open posts before the plan per (school index, subject): ⌈need − covered before − ε⌉
/// ([`Before::open_posts`]).
pub fn open_posts(county: &County, scenario: &Scenario) -> BTreeMap<(usize, String), u32> {
    Before::compute(county, scenario).open_posts()
}

/// Teachers teaching at each school before the plan: its roster, less those away on a term
/// from an earlier year, plus those serving such a term there.
pub fn headcounts(county: &County) -> Vec<u32> {
    let ix = school_positions(county);
    let mut out = vec![0u32; county.schools.len()];
    for t in &county.teachers {
        if let Some(&s) = ix.get(t.school_id.as_str()) {
            out[s] += 1;
        }
    }
    out
}

/// Establishment posts held at each school before the plan: the teachers on its roster, those
/// away on a term from an earlier year included (交流不转编: they keep their post at home, and
/// hires may fill only the posts nobody holds). [`headcounts`] counts where they teach.
pub fn posts_held(county: &County) -> Vec<u32> {
    let ix = school_positions(county);
    let mut out = vec![0u32; county.schools.len()];
    for t in &county.teachers {
        if let Some(&s) = ix.get(t.home_school()) {
            out[s] += 1;
        }
    }
    out
}

/// Whether a teacher of a school may go on exchange this year (对口交流, docs/rules.md):
/// exchanges are on, the school is in `exchange.from_areas` and not exempt, the teacher is not
/// deferred, has `min_years_in_school` whole years in the school, is not resting after a term
/// (`policy.rest_years_after_term`), and is not a 特岗 teacher within their term.
pub fn may_exchange(
    teacher: &Teacher,
    school: &School,
    status: &super::TeacherStatus,
    scenario: &Scenario,
) -> bool {
    let rules = &scenario.exchange;
    if !rules.enabled
        || !rules.from_areas.contains(&school.area)
        || super::moves::is_exempt(school, scenario)
        || status.deferred.is_some()
        || status.years_in_school < rules.min_years_in_school
        || super::status::resting(teacher, scenario).is_some()
        || teacher.on_term.is_some()
        || teacher.post.is_leader()
    {
        return false;
    }
    if teacher.programme == crate::domain::Programme::Tegang {
        let start = scenario.term_start();
        let served = teacher
            .hire_date
            .map_or(0, |h| super::status::whole_years(h, start));
        if served < scenario.policy.tegang_years {
            return false;
        }
    }
    true
}

/// Whether a school may take teachers on exchange: a school of a sending area, not exempt, that
/// does not receive rotated teachers.
pub fn takes_exchange(school: &School, scenario: &Scenario) -> bool {
    scenario.exchange.enabled
        && scenario.policy.sending_areas.contains(&school.area)
        && !super::moves::is_exempt(school, scenario)
        && !super::moves::may_receive(school, scenario)
}
