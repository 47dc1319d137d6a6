//! The checker's own reading of teachers' applications (docs/wishes.md): each teacher's points
//! (积分), where the plan sends the applicants among their wishes, and the justified-envy pairs.
//! It does not call the planner's wishes rules: points, eligibility and costs are computed here
//! again, so summary.json's `wishes` block is judged by a second reading of the same text.

mod summary;

pub(crate) use summary::check;

use super::exchange::whole_years;
use super::rules::distance;
use super::standing::{standing, Term};
use crate::domain::{Application, School, Teacher, Wish};
use crate::problem::Problem;
use crate::scenario::ApplicationRules;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// How many envy pairs [`WishFigures::envy`] keeps.
pub const ENVY_LISTED: usize = 50;

/// A guard on `[applications] max_wishes` (the input layer accepts at most 5).
const MAX_WISHES: usize = 64;

/// Costs closer than this are equal.
const EPS: f64 = 1e-9;

/// A teacher the plan rotates (a plan.csv rotation row: not a hire, an exchange or a leader
/// move).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentTeacher<'a> {
    pub teacher_id: &'a str,
    pub to_school: &'a str,
    pub subject: &'a str,
}

/// A justified-envy pair: `envious` applied, may rotate, has more points than `envied` and
/// would rather have `envied`'s post at `school`, in a subject it teaches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnvyPair {
    pub envious: String,
    pub envied: String,
    pub school: String,
    pub envious_points: f64,
    pub envied_points: f64,
}

/// summary.json's `wishes` block as the checker recomputes it (docs/wishes.md, "Outputs").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WishFigures {
    /// Teachers with an application.
    pub applicants: usize,
    /// Applicants who volunteer (自愿).
    pub volunteers: usize,
    /// Volunteers the plan rotates.
    pub volunteers_moved: usize,
    /// Rotated teachers who did not volunteer (applicants or not).
    pub non_volunteers_moved: usize,
    /// Rotated applicants at their k-th wish, k = 1 … `max_wishes`.
    pub at_wish: Vec<usize>,
    /// Rotated applicants with wishes, sent where none of them lies.
    pub unwished: usize,
    /// Justified-envy pairs.
    pub envy_pairs: usize,
    /// The first [`ENVY_LISTED`] pairs, by envious teacher id, then envied teacher id.
    #[serde(skip)]
    pub envy: Vec<EnvyPair>,
}

/// Where a teacher ends up, as the wishes goal sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Stays,
    /// At the wish of this rank (0: the first wish).
    Wish(usize),
    /// Sent where no wish lies.
    Unwished,
}

/// A teacher's points in hundredths (docs/wishes.md, "Points"): the roster part rounded half
/// away from zero, plus the family points (hundredths already).
pub(crate) fn points(
    t: &Teacher,
    family_points: u32,
    rules: &ApplicationRules,
    plan_year: i32,
) -> i64 {
    let day = NaiveDate::from_ymd_opt(plan_year, 9, 1);
    let years_to = |since: Option<NaiveDate>| match (since, day) {
        (Some(since), Some(day)) => whole_years(since, day).max(0) as f64,
        _ => 0.0,
    };
    let in_school = years_to(t.school_since.or(t.hire_date));
    let age = years_to(Some(t.birth_date));
    let backbone = if t.backbone.is_backbone() { 1.0 } else { 0.0 };
    let raw = rules.points_per_year_in_school * in_school
        + rules.points_backbone * backbone
        + rules.points_per_year_of_age * age;
    round_hundredths(raw) + i64::from(family_points)
}

/// round(100 × raw), halves away from zero. The product is first snapped to a millionth, so
/// that 0.015 × 100 (1.4999999999999998 in binary) counts as the half it is written as.
fn round_hundredths(raw: f64) -> i64 {
    let v = 100.0 * raw;
    let snapped = (v * 1e6).round() / 1e6;
    // (`as` saturates, and maps NaN to 0)
    snapped.round() as i64
}

/// Where `school_id` lies among `wishes`: the first wish that covers it. An unknown school lies
/// in no wish.
pub(crate) fn place_at(wishes: &[Wish], school_id: &str, school: Option<&School>) -> Place {
    let Some(s) = school else {
        return Place::Unwished;
    };
    wishes
        .iter()
        .position(|w| w.covers(school_id, s.township.as_deref(), s.area))
        .map_or(Place::Unwished, Place::Wish)
}

/// An applicant's cost of an outcome, before the points factor (docs/wishes.md, "The wishes
/// goal"). The factor 1 + points / 100 is the same for all of one teacher's outcomes, so
/// comparing these compares the teacher's costs.
pub(crate) fn cost(volunteer: bool, place: Place, rules: &ApplicationRules) -> f64 {
    let sent = match place {
        Place::Stays => return if volunteer { rules.volunteer } else { 0.0 },
        Place::Wish(k) => k as f64 * rules.rank,
        Place::Unwished => rules.unwished,
    };
    if volunteer {
        sent
    } else {
        rules.volunteer + sent
    }
}

/// One applicant, as the figures need them.
struct Applicant<'a> {
    teacher: &'a Teacher,
    volunteer: bool,
    wishes: &'a [Wish],
    points: i64,
    /// The school the plan sends the teacher to.
    sent_to: Option<&'a str>,
}

/// A rotated teacher of the roster, with their points.
struct Sent<'a> {
    teacher_id: &'a str,
    to_school: &'a str,
    points: i64,
}

/// The wishes figures of a plan that rotates `sent` (one row per teacher; a teacher's later
/// rows and teachers not in the roster are left out). `None` when the problem has no
/// applications.
pub fn wish_figures(problem: &Problem, sent: &[SentTeacher]) -> Option<WishFigures> {
    wish_figures_with(problem, sent, &[])
}

/// As [`wish_figures`], with the ids of the teachers the plan sends on exchange, who count
/// against their school's release limit too.
pub fn wish_figures_with(
    problem: &Problem,
    sent: &[SentTeacher],
    exchanged: &[&str],
) -> Option<WishFigures> {
    if problem.applications.is_empty() {
        return None;
    }
    let scenario = &problem.scenario;
    let rules = &scenario.applications;
    let teacher = |id: &str| {
        let i = problem.teacher_ix(id)?;
        problem.county.teachers.get(i)
    };
    let school = |id: &str| {
        let i = problem.school_ix(id)?;
        problem.county.schools.get(i)
    };
    let max_wishes = usize::try_from(rules.max_wishes)
        .unwrap_or(MAX_WISHES)
        .min(MAX_WISHES);

    // The first application of each roster teacher, by teacher id.
    let mut apps: BTreeMap<&str, &Application> = BTreeMap::new();
    for a in &problem.applications {
        if teacher(&a.teacher_id).is_some() {
            apps.entry(a.teacher_id.as_str()).or_insert(a);
        }
    }
    let family = |id: &str| apps.get(id).map_or(0, |a| a.family_points);

    // The first row of each rotated roster teacher, by teacher id.
    let mut first: BTreeMap<&str, &SentTeacher> = BTreeMap::new();
    for s in sent {
        if teacher(s.teacher_id).is_some() {
            first.entry(s.teacher_id).or_insert(s);
        }
    }
    let mut by_subject: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut moved: Vec<Sent> = Vec::with_capacity(first.len());
    for (id, s) in &first {
        let Some(t) = teacher(id) else { continue };
        by_subject.entry(s.subject).or_default().push(moved.len());
        moved.push(Sent {
            teacher_id: id,
            to_school: s.to_school,
            points: points(t, family(id), rules, scenario.plan_year),
        });
    }

    let applicants: Vec<Applicant> = apps
        .iter()
        .filter_map(|(id, a)| {
            let t = teacher(id)?;
            Some(Applicant {
                teacher: t,
                volunteer: a.volunteer,
                wishes: &a.wishes[..a.wishes.len().min(max_wishes)],
                points: points(t, a.family_points, rules, scenario.plan_year),
                sent_to: first.get(id).map(|s| s.to_school),
            })
        })
        .collect();

    let mut at_wish = vec![0usize; max_wishes];
    let (mut unwished, mut volunteers_moved) = (0usize, 0usize);
    for a in &applicants {
        let Some(to) = a.sent_to else { continue };
        volunteers_moved += usize::from(a.volunteer);
        match place_at(a.wishes, to, school(to)) {
            Place::Wish(k) => {
                if let Some(n) = at_wish.get_mut(k) {
                    *n += 1;
                }
            }
            Place::Unwished if !a.wishes.is_empty() => unwished += 1,
            _ => {}
        }
    }

    // The release limit: a teacher whose school already sends its limit, all with at least
    // their points, could take no post elsewhere (the release limit stops them, not points).
    let mut staff: HashMap<&str, usize> = HashMap::new();
    for t in &problem.county.teachers {
        *staff.entry(t.home_school()).or_default() += 1;
    }
    let mut sent_from: HashMap<&str, Vec<i64>> = HashMap::new();
    for b in &moved {
        if let Some(t) = teacher(b.teacher_id) {
            sent_from.entry(t.home_school()).or_default().push(b.points);
        }
    }
    let mut exchanged_from: HashMap<&str, usize> = HashMap::new();
    for id in exchanged {
        if let Some(t) = teacher(id) {
            *exchanged_from.entry(t.home_school()).or_default() += 1;
        }
    }
    // Locks and kept decisions (the office's, not the points'): a teacher locked or kept is
    // not moved by points, and a teacher locked or kept at a post cannot be displaced from it.
    let commitments = &problem.commitments;
    let fixed: std::collections::HashSet<&str> = (commitments.locks.iter())
        .filter_map(|l| l.teacher_id.as_deref())
        .chain((commitments.keep.assignments.iter()).map(|k| k.teacher_id.as_str()))
        .collect();
    let share = scenario.policy.max_send_share;
    let may_leave = |a: &Applicant| {
        let home = a.teacher.home_school();
        let limit = (share * staff.get(home).copied().unwrap_or(0) as f64 + 1e-9).floor() as usize;
        let from = sent_from.get(home).map_or(&[][..], Vec::as_slice);
        let away = from.len() + exchanged_from.get(home).copied().unwrap_or(0);
        a.sent_to.is_some() || away < limit || from.iter().any(|&p| p < a.points)
    };
    // Housing: a teacher from farther than commute_km needs a bed at the school; where every
    // bed is taken, one who needs a bed could not take the post of one who does not.
    let commute = scenario.policy.commute_km;
    let needs_bed = |from: &str, to: &str| match (school(from), school(to)) {
        (Some(f), Some(t)) => distance(f, t).is_none_or(|d| d > commute),
        _ => true,
    };
    let mut beds_taken: HashMap<&str, usize> = HashMap::new();
    for b in &moved {
        if let Some(t) = teacher(b.teacher_id) {
            if needs_bed(t.home_school(), b.to_school) {
                *beds_taken.entry(b.to_school).or_default() += 1;
            }
        }
    }
    let no_bed_for = |a: &Teacher, b: &Sent| {
        let full = school(b.to_school)
            .and_then(|s| s.housing_beds)
            .is_some_and(|beds| beds_taken.get(b.to_school).copied().unwrap_or(0) >= beds as usize);
        full && needs_bed(a.home_school(), b.to_school)
            && !teacher(b.teacher_id).is_some_and(|bt| needs_bed(bt.home_school(), b.to_school))
    };
    let term = Term::of(scenario);
    let (mut envy_pairs, mut envy) = (0usize, Vec::new());
    for a in &applicants {
        let t = a.teacher;
        let home = t.home_school();
        if !standing(t, school(home), scenario, term).eligible()
            || !may_leave(a)
            || fixed.contains(t.id.as_str())
        {
            continue;
        }
        let own = match a.sent_to {
            Some(to) => place_at(a.wishes, to, school(to)),
            None => Place::Stays,
        };
        let own_cost = cost(a.volunteer, own, rules);
        let mut subjects: Vec<&str> = std::iter::once(t.subject.as_str())
            .chain(t.extra_subjects.iter().map(String::as_str))
            .collect();
        subjects.sort_unstable();
        subjects.dedup();
        let mut envied: Vec<usize> = Vec::new();
        for subject in subjects {
            for &j in by_subject.get(subject).map_or(&[][..], Vec::as_slice) {
                let b = &moved[j];
                if b.teacher_id == t.id
                    || fixed.contains(b.teacher_id)
                    || b.to_school == home
                    || a.points <= b.points
                    || no_bed_for(t, b)
                {
                    continue;
                }
                // (only a post a wished for: a named no preference among the others)
                let there = place_at(a.wishes, b.to_school, school(b.to_school));
                if matches!(there, Place::Wish(_))
                    && cost(a.volunteer, there, rules) < own_cost - EPS
                {
                    envied.push(j);
                }
            }
        }
        envy_pairs += envied.len();
        if envy.len() < ENVY_LISTED {
            envied.sort_unstable();
            for &j in envied.iter().take(ENVY_LISTED - envy.len()) {
                let b = &moved[j];
                envy.push(EnvyPair {
                    envious: t.id.clone(),
                    envied: b.teacher_id.to_string(),
                    school: b.to_school.to_string(),
                    envious_points: a.points as f64 / 100.0,
                    envied_points: b.points as f64 / 100.0,
                });
            }
        }
    }

    Some(WishFigures {
        applicants: applicants.len(),
        volunteers: applicants.iter().filter(|a| a.volunteer).count(),
        volunteers_moved,
        non_volunteers_moved: moved.len().saturating_sub(volunteers_moved),
        at_wish,
        unwished,
        envy_pairs,
        envy,
    })
}

#[cfg(test)]
mod tests;
