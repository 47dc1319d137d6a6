//! The checker's reading of establishment posts and of what a school's own staff can cover
//! (docs/plan-format.md, "The rules", 1–5 and 9): its own establishment formula, headcounts
//! before and after the plan, and the maximum coverage of a school's needs by its before-plan
//! staff (flow.rs), from which open posts and the gap before the plan follow.

use super::files::Kind;
use super::flow::{max_cover, Pool};
use super::Ctx;
use crate::domain::{School, Stage, Teacher};
use crate::scenario::Scenario;
use std::collections::{BTreeMap, BTreeSet};

const EPS: f64 = 1e-9;

/// Classes taught at primary and at junior level.
pub(crate) fn class_split(s: &School) -> (f64, f64) {
    let c = f64::from(s.classes);
    match s.stage {
        Stage::Primary => (c, 0.0),
        Stage::Junior => (0.0, c),
        Stage::NineYear => match (s.primary_classes, s.junior_classes) {
            (Some(p), Some(j)) => (f64::from(p), f64::from(j)),
            (Some(p), None) => (f64::from(p), (c - f64::from(p)).max(0.0)),
            (None, Some(j)) => ((c - f64::from(j)).max(0.0), f64::from(j)),
            (None, None) => (c * 2.0 / 3.0, c / 3.0),
        },
    }
}

/// Teaching groups at primary and at junior level: the classes, or, at a school of an area in
/// `multigrade_below` with pupils, but fewer per class than its number there, each stage's pupils
/// in combined classes of at most `multigrade_group` (at least one, at most the stage's
/// classes).
pub(crate) fn groups(scenario: &Scenario, s: &School) -> (f64, f64) {
    let (pc, jc) = class_split(s);
    let r = &scenario.establishment;
    let threshold = r.multigrade_below.get(&s.area).copied().unwrap_or(0.0);
    let n = f64::from(s.students);
    let combine = n > 0.0 && pc + jc > 0.0 && r.multigrade_group > 0.0 && n < threshold * (pc + jc);
    if !combine {
        return (pc, jc);
    }
    let (pp, jp) = pupils(s);
    let stage = |classes: f64, pupils: f64| {
        if classes > 0.0 {
            classes.min(((pupils / r.multigrade_group) - EPS).ceil().max(1.0))
        } else {
            0.0
        }
    };
    (stage(pc, pp), stage(jc, jp))
}

/// Pupils in primary and in junior grades: a nine-year school shares them in proportion to
/// its primary and junior classes; a school without classes counts all pupils in its stage
/// (a nine-year school's as primary).
pub(crate) fn pupils(s: &School) -> (f64, f64) {
    let (p, j) = class_split(s);
    let n = f64::from(s.students);
    if p + j <= 0.0 {
        return match s.stage {
            Stage::Junior => (0.0, n),
            _ => (n, 0.0),
        };
    }
    (n * p / (p + j), n * j / (p + j))
}

/// A school's establishment and whether the schools file gave it (else computed:
/// max(⌈P/primary_ratio + J/junior_ratio⌉, ⌈teaching groups × per_class[area]⌉)).
pub(crate) fn establishment(scenario: &Scenario, s: &School) -> (u32, bool) {
    if let Some(e) = s.establishment {
        return (e, true);
    }
    let r = &scenario.establishment;
    let (p, j) = pupils(s);
    let ratio = |n: f64, per: f64| if per > 0.0 { n / per } else { 0.0 };
    let by_pupils = ratio(p, r.primary_ratio) + ratio(j, r.junior_ratio);
    let (gp, gj) = groups(scenario, s);
    let by_classes = (gp + gj) * r.per_class.get(&s.area).copied().unwrap_or(0.0);
    let posts = (by_pupils - EPS)
        .ceil()
        .max((by_classes - EPS).ceil())
        .max(0.0);
    (if posts.is_finite() { posts as u32 } else { 0 }, false)
}

/// The general subjects any teacher may teach at this school (none outside general areas).
pub(crate) fn general<'a>(scenario: &'a Scenario, s: &School) -> &'a [String] {
    let c = &scenario.coverage;
    if c.general_areas.contains(&s.area) {
        &c.general_subjects
    } else {
        &[]
    }
}

/// A staying teacher's own subjects: main and extra subjects (without the general ones).
pub(crate) fn own(t: &Teacher) -> BTreeSet<&str> {
    // on a term from an earlier year: the subject of the post they were sent to
    if let Some(term) = &t.on_term {
        return [term.subject.as_deref().unwrap_or(&t.subject)].into();
    }
    std::iter::once(t.subject.as_str())
        .chain(t.extra_subjects.iter().map(String::as_str))
        .collect()
}

/// Headcounts of one school before and after the plan.
#[derive(Debug, Clone, Default)]
pub(crate) struct Heads {
    pub est: u32,
    pub given: bool,
    /// The school's pupils (0: not given).
    pub students: u32,
    /// Establishment posts held before the plan: the roster's teachers of the school, those
    /// away on a term from an earlier year included.
    pub held: i64,
    pub before: i64,
    pub rotated_out: i64,
    pub exchange_out: i64,
    pub rotated_in: i64,
    pub exchange_in: i64,
    pub hires: i64,
}

impl Heads {
    pub fn after(&self) -> i64 {
        self.before - self.rotated_out - self.exchange_out
            + self.rotated_in
            + self.exchange_in
            + self.hires
    }
    /// max(est + allowance, before): the establishment's part of the cap (C-HEADCOUNT).
    pub fn posts_cap(&self, scenario: &Scenario) -> i64 {
        (i64::from(self.est) + i64::from(scenario.establishment.allowance)).max(self.before)
    }
    /// max(before, min(est + allowance, the pupil floor's room)): staffing.csv's headcount_cap.
    pub fn cap(&self, scenario: &Scenario) -> i64 {
        let posts = i64::from(self.est) + i64::from(scenario.establishment.allowance);
        posts.min(self.floor_room(scenario)).max(self.before)
    }
    /// The most teachers with at least `pupil_floor` pupils each (one at least), found by
    /// bisection on that comparison; no limit where the floor is off or pupils are not given.
    pub fn floor_room(&self, scenario: &Scenario) -> i64 {
        let rules = &scenario.establishment;
        let pupils = f64::from(self.students);
        if !rules.floor_caps_arrivals || rules.pupil_floor <= 0.0 || self.students == 0 {
            return i64::MAX;
        }
        let fits = |n: i64| n <= 1 || pupils / n as f64 >= rules.pupil_floor;
        // fits(lo) holds and fits(hi) does not
        let (mut lo, mut hi) = (1i64, (pupils / rules.pupil_floor).ceil() as i64 + 2);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if fits(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo
    }
    /// Posts hires may fill: max(0, est − held).
    pub fn vacant(&self) -> i64 {
        (i64::from(self.est) - self.held).max(0)
    }
}

/// Every known school's headcounts. Moves count each known teacher's first row, out of the
/// roster school and into a known school; hires count rows with a positive count.
pub(crate) fn heads(ctx: &Ctx) -> BTreeMap<String, Heads> {
    let mut map: BTreeMap<String, Heads> = ctx
        .county
        .schools
        .iter()
        .map(|s| {
            let (est, given) = establishment(ctx.scenario, s);
            (
                s.id.clone(),
                Heads {
                    est,
                    given,
                    students: s.students,
                    ..Heads::default()
                },
            )
        })
        .collect();
    for t in &ctx.county.teachers {
        if let Some(h) = map.get_mut(&t.school_id) {
            h.before += 1;
        }
        // (a teacher away on a term from an earlier year holds the post at home)
        if let Some(h) = map.get_mut(t.home_school()) {
            h.held += 1;
        }
    }
    for (r, t) in &ctx.moves {
        let exchange = r.kind == Kind::Exchange;
        if let Some(h) = map.get_mut(&t.school_id) {
            *if exchange {
                &mut h.exchange_out
            } else {
                &mut h.rotated_out
            } += 1;
        }
        if let Some(h) = map.get_mut(&r.to_school_id) {
            *if exchange {
                &mut h.exchange_in
            } else {
                &mut h.rotated_in
            } += 1;
        }
    }
    for h in ctx.files.hires.iter().flatten().filter(|h| h.count > 0) {
        if let Some(s) = map.get_mut(&h.school_id) {
            s.hires += h.count;
        }
    }
    map
}

/// A school's coverage problem before the plan: its subjects with a need (by id), their needs
/// and its roster teachers grouped by the subjects they may teach there.
pub(crate) struct Problem {
    pub subjects: Vec<String>,
    pub need: Vec<f64>,
    pub pools: Vec<Pool>,
}

impl Problem {
    pub fn of(ctx: &Ctx, s: &School) -> Problem {
        Problem::without(ctx, s, &|_| false)
    }

    /// [`Problem::of`] without the teachers `gone` says have left.
    pub fn without(ctx: &Ctx, s: &School, gone: &dyn Fn(&Teacher) -> bool) -> Problem {
        // the range runs past the school: keep only its own keys
        let (subjects, need): (Vec<String>, Vec<f64>) = ctx
            .needs
            .range((s.id.clone(), String::new())..)
            .take_while(|((sid, _), _)| sid == &s.id)
            .filter(|(_, &n)| n > EPS)
            .map(|((_, j), &n)| (j.clone(), n))
            .unzip();
        let g = general(ctx.scenario, s);
        let mut groups: BTreeMap<Vec<usize>, f64> = BTreeMap::new();
        for t in ctx.staff_at.get(s.id.as_str()).into_iter().flatten() {
            if gone(t) {
                continue;
            }
            let own = own(t);
            let may: Vec<usize> = subjects
                .iter()
                .enumerate()
                .filter(|(_, j)| own.contains(j.as_str()) || g.contains(j))
                .map(|(i, _)| i)
                .collect();
            *groups.entry(may).or_default() += 1.0;
        }
        let pools = groups
            .into_iter()
            .map(|(subjects, cap)| Pool { cap, subjects })
            .collect();
        Problem {
            subjects,
            need,
            pools,
        }
    }

    /// Coverage of each subject by the before-plan staff (subjects filled in id order).
    pub fn cover(&self) -> Vec<f64> {
        max_cover(&self.need, &self.pools)
    }

    /// Open posts for `subject` before the plan: ⌈need − covered − ε⌉, with the coverage of
    /// [`Problem::cover`] (subjects filled in id order, each as far as the earlier ones allow);
    /// 0 for a subject the school does not need.
    pub fn open_posts(&self, subject: &str) -> i64 {
        let cover = self.cover();
        self.subjects
            .iter()
            .position(|j| j == subject)
            .map_or(0, |j| {
                ((self.need[j] - cover[j]).max(0.0) - EPS).ceil().max(0.0) as i64
            })
    }
}
