//! Why one teacher was chosen or not, and what every receiving school they could have gone to
//! would have cost or gained.

use super::PlanView;
use crate::domain::{Move, School};
use crate::plan::diagnose::Limits;
use crate::rules::{moves, teacher_status, Ineligible, TeacherStatus};
use serde::Serialize;

/// A receiving school the teacher could teach at: an open post in one of their subjects.
#[derive(Debug, Clone, Serialize)]
pub struct Alternative {
    pub school_id: String,
    pub school_name: String,
    pub subject: String,
    /// The plan sends the teacher here.
    pub chosen: bool,
    /// Open posts in the subject before the plan, and how many the plan fills.
    pub open_posts: u32,
    pub filled_posts: u32,
    pub distance_km: Option<f64>,
    pub paired: bool,
    /// Travel-goal cost: travel_per_km × km (commute_km when unknown) + unpaired penalty +
    /// not-due penalty.
    pub travel_cost: f64,
    /// Arriving needs a housing bed (beyond commute_km or unknown distance).
    pub needs_bed: bool,
    pub beds: Option<u32>,
    pub beds_used: u32,
    /// Gap of the cell after the plan (FTE).
    pub gap_after: f64,
    /// Gap the teacher closes there (for the chosen school: closes now), FTE and weighted.
    pub gain_fte: f64,
    pub weighted_gain: f64,
    /// Change of the weighted gap goal (negative is better) if the teacher went here instead of
    /// where the plan has them: for a teacher who stays, the weighted gap leaving opens at home
    /// minus the weighted gain here; for a rotated teacher, what their move closes now minus
    /// the weighted gain here. 0 for the chosen school.
    pub net_weighted_gap: f64,
    /// Rules that keep the teacher out: `posts_full`, `housing_full`, `no_housing` (see
    /// `plan::diagnose::Block`).
    pub blocked_by: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeacherExplanation {
    /// The id shown (a pseudonym with --anonymize).
    pub id: String,
    pub name: String,
    pub school_id: String,
    pub school_name: String,
    pub subjects: Vec<String>,
    pub backbone: bool,
    pub years_in_school: u32,
    pub due: bool,
    pub eligible: bool,
    /// `not_sending_area`, `exempt_school` or `deferred:<reason>`.
    pub ineligible: Option<String>,
    /// `senior_title`, `publicly_funded`.
    pub must_serve: Option<String>,
    pub rotated: bool,
    /// Where the plan sends them: (school id, subject).
    pub placed_at: Option<(String, String)>,
    pub unplaced_reason: Option<String>,
    /// Itinerant teaching (走教, itinerant.csv): the schools the teacher also teaches at.
    pub circuit: Vec<CircuitStop>,
    /// The home school's gap in the main subject after the plan, and with this teacher away
    /// (for a rotated teacher: with them back), FTE.
    pub home_gap_after: f64,
    pub home_weighted_loss: f64,
    /// The home school sends its maximum (max_send_share).
    pub release_cap_reached: bool,
    pub sent_from_school: u32,
    pub release_cap: u32,
    /// Short reason codes, most important first (see docs/reports.md).
    pub why: Vec<String>,
    pub alternatives: Vec<Alternative>,
    /// For a principal, vice principal or middle manager: the leader rotation (leaders.csv).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leader: Option<LeaderNote>,
    /// For an applicant: their points and wishes, and why not a higher wish (docs/wishes.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wishes: Option<super::wishes::WishNote>,
}

/// What leader rotation decided for a leader (docs/leaders.md).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LeaderNote {
    /// `principal`, `vice_principal`, `middle_manager`.
    pub post: String,
    pub post_zh: String,
    /// The school of the post held.
    pub school_id: String,
    pub years_in_post: Option<u32>,
    /// `due`, `movable`, `stays`.
    pub standing: String,
    pub to_school_id: Option<String>,
    pub to_school_name: Option<String>,
    pub reason: String,
    pub reason_zh: String,
}

impl LeaderNote {
    pub(crate) fn of(
        loaded: &crate::problem::Problem,
        l: &crate::output::leaders::LeaderLine,
    ) -> LeaderNote {
        let county = &loaded.county;
        let t = &county.teachers[l.teacher];
        let to = l.to.map(|s| &county.schools[s]);
        LeaderNote {
            post: t.post.key().to_string(),
            post_zh: t.post.zh().to_string(),
            school_id: county.schools[l.school].id.clone(),
            years_in_post: l.years,
            standing: crate::output::leaders::standing_key(l.standing)
                .0
                .to_string(),
            to_school_id: to.map(|s| s.id.clone()),
            to_school_name: to.map(|s| s.name.clone()),
            reason: l.reason.0.to_string(),
            reason_zh: l.reason.1.to_string(),
        }
    }
}

/// One school of a teacher's itinerant circuit (走教).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CircuitStop {
    pub school_id: String,
    pub school_name: String,
    pub subject: String,
    pub fte: f64,
    pub distance_km: Option<f64>,
}

pub(crate) fn explain(v: &PlanView, t: usize) -> TeacherExplanation {
    let county = v.county();
    let scenario = &v.loaded.scenario;
    let teacher = &county.teachers[t];
    // (a teacher on a term from an earlier year: the roster's school, not the one served)
    let home = v.school_ix[teacher.home_school()];
    let home_school = &county.schools[home];
    let st = teacher_status(teacher, home_school, scenario);
    let mut subjects = vec![teacher.subject.clone()];
    for s in &teacher.extra_subjects {
        if !subjects.contains(s) {
            subjects.push(s.clone());
        }
    }
    let placed = v.moved.get(&t).map(|&k| &v.outcome.moves[k]);
    let limits = v.limits();
    let rotated = placed.is_some();
    let delta = if rotated { 1.0 } else { -1.0 };
    let (_, _, home_gap, home_other) = v.cell(home, &teacher.subject, delta);
    let loss = if rotated {
        home_gap - home_other
    } else {
        home_other - home_gap
    };
    let home_loss = loss * v.weight(home);
    // The weighted gap a rotated teacher's move closes where they go.
    let closes_now = placed
        .map(|m| {
            let (_, _, after, without) = v.cell(m.to, &m.subject, -1.0);
            (without - after) * v.weight(m.to)
        })
        .unwrap_or(0.0);
    let weighing = Weighing {
        home,
        home_school,
        st: &st,
        subjects: &subjects,
        placed,
        home_loss,
        closes_now,
    };
    let mut alternatives = weigh_alternatives(v, &weighing, &limits);
    sort_alternatives(&mut alternatives);

    let cap_reached = limits.cap_reached(home);
    let ineligible = st.ineligible.map(|i| match i {
        Ineligible::NotSendingArea => "not_sending_area".to_string(),
        Ineligible::ExemptSchool => "exempt_school".to_string(),
        Ineligible::Deferred(r) => format!("deferred:{}", r.key()),
        Ineligible::RestAfterTerm { ended } => format!("rest_after_term:{ended}"),
        Ineligible::OnTerm { until } => format!("on_term:{}, {until}", teacher.school_id),
        Ineligible::Leader { post } => format!("leader:{}", post.key()),
    });
    let why = why_codes(&st, &ineligible, placed, &alternatives, cap_reached);
    TeacherExplanation {
        id: v.names.id(county, t).to_string(),
        name: v.names.name(county, t).to_string(),
        school_id: home_school.id.clone(),
        school_name: home_school.name.clone(),
        subjects,
        backbone: teacher.backbone.is_backbone(),
        years_in_school: st.years_in_school,
        due: st.due,
        eligible: st.eligible,
        ineligible,
        must_serve: st.must_serve.map(|r| r.key().to_string()),
        rotated,
        placed_at: placed.map(|m| (county.schools[m.to].id.clone(), m.subject.clone())),
        unplaced_reason: v.unplaced.get(&t).cloned(),
        circuit: v
            .itinerant
            .iter()
            .filter(|r| r.0 == t)
            .map(|(_, school, subject, fte, km)| CircuitStop {
                school_id: county.schools[*school].id.clone(),
                school_name: county.schools[*school].name.clone(),
                subject: subject.clone(),
                fte: *fte,
                distance_km: *km,
            })
            .collect(),
        home_gap_after: round4(home_gap),
        home_weighted_loss: round4(home_loss),
        release_cap_reached: cap_reached,
        sent_from_school: v.usage.sent[home],
        release_cap: v.release_cap[home],
        why,
        alternatives,
        leader: None,
        wishes: None,
    }
}

/// The teacher whose alternatives are weighed, and what the plan does with them.
struct Weighing<'a> {
    home: usize,
    home_school: &'a School,
    st: &'a TeacherStatus,
    /// Main subject first, then the extra subjects.
    subjects: &'a [String],
    /// Where the plan sends the teacher.
    placed: Option<&'a Move>,
    /// The weighted gap their leaving opens at home (for a rotated teacher: that their
    /// return would close).
    home_loss: f64,
    /// The weighted gap a rotated teacher's move closes where they go (0 for one who stays).
    closes_now: f64,
}

/// Every receiving school with an open post in one of the teacher's subjects, unsorted.
fn weigh_alternatives(v: &PlanView, w: &Weighing, limits: &Limits) -> Vec<Alternative> {
    let county = v.county();
    let scenario = &v.loaded.scenario;
    let mut alternatives = Vec::new();
    // An ineligible teacher has no alternatives to weigh.
    if !w.st.eligible {
        return alternatives;
    }
    for (to, school) in county.schools.iter().enumerate() {
        if to == w.home || !moves::may_receive(school, scenario) {
            continue;
        }
        for subject in w.subjects {
            let Some(&open) = v.posts.get(&(to, subject.clone())) else {
                continue;
            };
            alternatives.push(alternative(v, w, limits, to, subject, open));
        }
    }
    alternatives
}

/// What sending the teacher to teach `subject` at school `to` (with `open` posts) would cost
/// or gain, and what keeps them out.
fn alternative(
    v: &PlanView,
    w: &Weighing,
    limits: &Limits,
    to: usize,
    subject: &String,
    open: u32,
) -> Alternative {
    let county = v.county();
    let scenario = &v.loaded.scenario;
    let school = &county.schools[to];
    let chosen = w
        .placed
        .is_some_and(|m| m.to == to && &m.subject == subject);
    let filled = v.usage.filled(to, subject);
    let dist = moves::distance_km(w.home_school, school);
    let is_paired = county.pairs.iter().any(|p| {
        p.urban_school_id == w.home_school.id && p.rural_school_id == county.schools[to].id
    });
    let mut cost = moves::travel_cost(dist, is_paired, scenario);
    if !w.st.due {
        cost += scenario.weights.not_due_penalty;
    }
    let needs_bed = moves::needs_bed(dist, &scenario.policy);
    let (_, _, gap_after, other) = v.cell(to, subject, if chosen { -1.0 } else { 1.0 });
    let gain = if chosen {
        other - gap_after
    } else {
        gap_after - other
    };
    let blocked_by = if chosen {
        Vec::new()
    } else {
        limits
            .blocks(w.home, to, subject)
            .into_iter()
            .map(|b| b.key())
            .collect()
    };
    Alternative {
        school_id: school.id.clone(),
        school_name: school.name.clone(),
        subject: subject.clone(),
        chosen,
        open_posts: open,
        filled_posts: filled,
        distance_km: dist.map(|d| (d * 10.0).round() / 10.0),
        paired: is_paired,
        travel_cost: (cost * 100.0).round() / 100.0,
        needs_bed,
        beds: school.housing_beds,
        beds_used: v.usage.beds_used[to],
        gap_after: round4(gap_after),
        gain_fte: round4(gain),
        weighted_gain: round4(gain * v.weight(to)),
        net_weighted_gap: if chosen {
            0.0
        } else if w.placed.is_some() {
            // They leave home either way: only the destinations differ.
            round4(w.closes_now - gain * v.weight(to))
        } else {
            round4(w.home_loss - gain * v.weight(to))
        },
        blocked_by,
    }
}

/// The chosen school first, then open ones by weighted gain, travel cost and id.
fn sort_alternatives(alternatives: &mut [Alternative]) {
    alternatives.sort_by(|a, b| {
        b.chosen
            .cmp(&a.chosen)
            .then(
                a.blocked_by
                    .is_empty()
                    .cmp(&b.blocked_by.is_empty())
                    .reverse(),
            )
            .then(b.weighted_gain.total_cmp(&a.weighted_gain))
            .then(a.travel_cost.total_cmp(&b.travel_cost))
            .then(a.school_id.cmp(&b.school_id))
            .then(a.subject.cmp(&b.subject))
    });
}

/// The reason codes of [`TeacherExplanation::why`], most important first.
fn why_codes(
    st: &TeacherStatus,
    ineligible: &Option<String>,
    placed: Option<&Move>,
    alternatives: &[Alternative],
    cap_reached: bool,
) -> Vec<String> {
    let mut why = Vec::new();
    if let Some(i) = ineligible {
        why.push(i.clone());
    }
    if let Some(r) = st.must_serve {
        why.push(format!("must_serve:{}", r.key()));
    }
    if let Some(m) = placed {
        if st.due {
            why.push(format!("due:{}y", st.years_in_school));
        }
        why.push(format!("fills_gap:{}", m.subject));
    } else if st.eligible {
        let open: Vec<&Alternative> = alternatives
            .iter()
            .filter(|a| a.blocked_by.is_empty())
            .collect();
        if alternatives.is_empty() {
            why.push("no_open_post".into());
        } else if open.is_empty() {
            let mut codes: Vec<&str> = alternatives
                .iter()
                .flat_map(|a| a.blocked_by.iter().copied())
                .collect();
            codes.sort();
            codes.dedup();
            why.extend(codes.into_iter().map(String::from));
        }
        if cap_reached {
            why.push("release_cap".into());
        }
        if !open.is_empty() && !cap_reached {
            // Open posts remain and the school may send: another teacher or another school
            // served the goals better. Say which goal term speaks against this teacher.
            if open.iter().all(|a| a.net_weighted_gap >= -1e-9) {
                why.push("home_gap".into());
            } else {
                why.push("gap_gain_left".into());
            }
            if !st.due {
                why.push("not_due".into());
            }
        }
    }
    why
}

pub(crate) fn round4(x: f64) -> f64 {
    let v = (x * 1e4).round() / 1e4;
    if v == 0.0 {
        0.0
    } else {
        v
    }
}
