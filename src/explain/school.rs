//! What one school received and sent, its gaps before and after, and for every gap left the
//! rule that stops the plan from closing it.

use super::teacher::round4;
use super::PlanView;
use crate::plan::diagnose::{Block, Limits};
use crate::rules::indicators::{self, IndicatorParams, SchoolPart};
use crate::rules::{moves, teacher_status};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Arriving {
    /// Shown id (pseudonym with --anonymize).
    pub teacher_id: String,
    pub name: String,
    pub from_school_id: String,
    pub subject: String,
    pub must_serve: bool,
    pub distance_km: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Leaving {
    pub teacher_id: String,
    pub name: String,
    pub to_school_id: String,
    pub subject: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubjectGap {
    pub subject: String,
    pub need: f64,
    pub staff_before: f64,
    pub staff_after: f64,
    pub gap_before: f64,
    pub gap_after: f64,
    pub open_posts: u32,
    pub filled_posts: u32,
    pub hires: u32,
    /// For a gap left after the plan: the rule that binds (see docs/reports.md).
    pub binding: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SchoolExplanation {
    pub id: String,
    pub name: String,
    pub area: String,
    pub stage: String,
    pub students: u32,
    /// May receive rotated teachers (rural-service area or weak school, not exempt).
    pub receiver: bool,
    pub exempt: bool,
    pub received: Vec<Arriving>,
    /// (subject, count, programme)
    pub hires: Vec<(String, u32, String)>,
    pub sent: Vec<Leaving>,
    pub release_cap: u32,
    pub housing_beds: Option<u32>,
    pub beds_used: u32,
    pub gaps: Vec<SubjectGap>,
    /// Schoolwide limits reached: `housing_full` (or `no_housing` for a school without
    /// turnover housing), `release_cap`, `headcount_full` (at its headcount cap after the plan).
    pub limits: Vec<String>,
    pub indicators: Vec<SchoolPart>,
}

pub(crate) fn explain(v: &PlanView, s: usize) -> SchoolExplanation {
    let county = v.county();
    let scenario = &v.loaded.scenario;
    let school = &county.schools[s];
    let receiver = moves::may_receive(school, scenario);
    let exempt = moves::is_exempt(school, scenario);
    let limits = v.limits();
    let (received, sent) = moves_of(v, s);
    let hires: Vec<(String, u32, String)> = v
        .outcome
        .hires
        .iter()
        .filter(|h| h.school == s)
        .map(|h| (h.subject.clone(), h.count, h.programme.key().to_string()))
        .collect();

    // Housing taken: every bed used, or no turnover housing at all.
    let housing = limits.housing(s);
    let mut reached = Vec::new();
    if let Some(b) = housing.filter(|_| receiver) {
        reached.push(b.key().to_string());
    }
    if !sent.is_empty() && limits.cap_reached(s) {
        reached.push("release_cap".to_string());
    }
    // at its headcount cap after the plan (establishment + allowance, or the pupil floor)
    if receiver && limits.head_room.get(s).is_some_and(|&room| room <= 0) {
        reached.push("headcount_full".to_string());
    }

    let at = SchoolLimits {
        s,
        receiver,
        exempt,
        housing,
        limits: &limits,
    };
    let gaps = subject_gaps(v, &at);
    let parts = indicators::compute(county, &v.outcome, &IndicatorParams::default())
        .parts
        .into_iter()
        .filter(|p| p.school_id == school.id)
        .collect();
    SchoolExplanation {
        id: school.id.clone(),
        name: school.name.clone(),
        area: school.area.key().to_string(),
        stage: school.stage.key().to_string(),
        students: school.students,
        receiver,
        exempt,
        received,
        hires,
        sent,
        release_cap: v.release_cap[s],
        housing_beds: school.housing_beds,
        beds_used: v.usage.beds_used[s],
        gaps,
        limits: reached,
        indicators: parts,
    }
}

/// The rotated teachers school `s` receives (by subject and id) and sends (by id).
fn moves_of(v: &PlanView, s: usize) -> (Vec<Arriving>, Vec<Leaving>) {
    let county = v.county();
    let scenario = &v.loaded.scenario;
    let school = &county.schools[s];
    let mut received = Vec::new();
    let mut sent = Vec::new();
    for m in &v.outcome.moves {
        let t = &county.teachers[m.teacher];
        let from = v.school_ix[t.school_id.as_str()];
        if m.to == s {
            let st = teacher_status(t, &county.schools[from], scenario);
            received.push(Arriving {
                teacher_id: v.names.id(county, m.teacher).to_string(),
                name: v.names.name(county, m.teacher).to_string(),
                from_school_id: county.schools[from].id.clone(),
                subject: m.subject.clone(),
                must_serve: st.must_serve.is_some(),
                distance_km: moves::distance_km(&county.schools[from], school)
                    .map(|d| (d * 10.0).round() / 10.0),
            });
        }
        if from == s {
            sent.push(Leaving {
                teacher_id: v.names.id(county, m.teacher).to_string(),
                name: v.names.name(county, m.teacher).to_string(),
                to_school_id: county.schools[m.to].id.clone(),
                subject: m.subject.clone(),
            });
        }
    }
    received.sort_by(|a, b| (&a.subject, &a.teacher_id).cmp(&(&b.subject, &b.teacher_id)));
    sent.sort_by(|a, b| a.teacher_id.cmp(&b.teacher_id));
    (received, sent)
}

/// School `s` and what limits it: the rules a gap left there is checked against.
struct SchoolLimits<'a, 'v> {
    s: usize,
    receiver: bool,
    exempt: bool,
    /// Housing taken: every bed used, or no turnover housing at all.
    housing: Option<Block>,
    limits: &'a Limits<'v>,
}

/// The gaps of school `s` per subject, before and after the plan, each gap left with the rule
/// that binds.
fn subject_gaps(v: &PlanView, at: &SchoolLimits) -> Vec<SubjectGap> {
    let s = at.s;
    let school = &v.county().schools[s];
    let mut gaps = Vec::new();
    for g in v.gaps.values().filter(|g| g.school_id == school.id) {
        let key = (s, g.subject.clone());
        let open = v.posts.get(&key).copied().unwrap_or(0);
        let filled = v.usage.filled(s, &g.subject);
        let hired: u32 = v
            .outcome
            .hires
            .iter()
            .filter(|h| h.school == s && h.subject == g.subject)
            .map(|h| h.count)
            .sum();
        let gap_after = g.gap_after();
        let binding = (gap_after > 1e-9).then(|| {
            if gap_after > g.gap_before() + 1e-9 && g.staff_after < g.staff_before {
                "opened_by_sending"
            } else if !at.receiver {
                if at.exempt {
                    "exempt_school"
                } else {
                    "not_receiving"
                }
            } else if filled >= open {
                "posts_full"
            } else if let Some(b) = at.housing {
                b.key()
            } else if available(v, s, at.limits, &g.subject) == 0 {
                "no_teacher_available"
            } else {
                "goal_tradeoff"
            }
            .to_string()
        });
        gaps.push(SubjectGap {
            subject: g.subject.clone(),
            need: round4(g.need),
            staff_before: g.staff_before,
            staff_after: g.staff_after,
            gap_before: round4(g.gap_before()),
            gap_after: round4(gap_after),
            open_posts: open,
            filled_posts: filled,
            hires: hired,
            binding,
        });
    }
    gaps
}

/// Teachers still available to send to school `s` in `subject`: eligible, not rotated, at a
/// school below its release cap.
fn available(v: &PlanView, s: usize, limits: &Limits, subject: &str) -> usize {
    let county = v.county();
    let scenario = &v.loaded.scenario;
    county
        .teachers
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            let from = v.school_ix[t.school_id.as_str()];
            !v.moved.contains_key(i)
                && from != s
                && !limits.cap_reached(from)
                && moves::may_teach(t, subject)
                && teacher_status(t, &county.schools[from], scenario).eligible
        })
        .count()
}
