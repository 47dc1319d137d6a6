//! "Why not my first wish" (docs/wishes.md): for an applicant, their points, where the plan
//! sends them, and for each wish above that, why they are not there — the posts went to
//! teachers with more points, there was no post after the gap goal, or a rule (release limit,
//! housing, eligibility) stopped them, with the numbers.

use super::PlanView;
use crate::rules::wishes::{self, Outcome};
use serde::Serialize;

/// One wish ranked above where the teacher is, and why they are not there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WishWhy {
    pub rank: u8,
    /// The wish as written (school id, township, area).
    pub wish: String,
    /// `filled_by_more_points`, `no_post`, `release_limit`, `housing`, `not_eligible`,
    /// `not_volunteer`.
    pub reason: String,
    /// The teachers who took those posts, with their points (for `filled_by_more_points`).
    pub taken_by: Vec<(String, f64)>,
    /// The numbers of the rule (sent / limit, beds taken / beds).
    pub numbers: Option<(u32, u32)>,
}

/// An applicant's wishes and what became of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WishNote {
    pub points: f64,
    pub volunteer: bool,
    pub wishes: Vec<String>,
    /// `stays`, `wish:K` or `unwished`.
    pub outcome: String,
    pub why_not: Vec<WishWhy>,
}

/// The note of teacher `t`, if they applied.
pub(crate) fn note(view: &PlanView, t: usize) -> Option<WishNote> {
    let loaded = view.loaded;
    let county = &loaded.county;
    let teacher = &county.teachers[t];
    let apps: std::collections::BTreeMap<&str, &crate::domain::Application> =
        (loaded.applications.iter())
            .map(|a| (a.teacher_id.as_str(), a))
            .collect();
    let app = *apps.get(teacher.id.as_str())?;
    let scenario = &loaded.scenario;
    let start = scenario.term_start();
    let rules = &scenario.applications;
    let points_of = |i: usize| {
        let a = apps.get(county.teachers[i].id.as_str()).copied();
        wishes::points(&county.teachers[i], a, rules, start)
    };
    let mine = points_of(t);
    let home = view.school_ix[teacher.school_id.as_str()];
    let placed = view.moved.get(&t).map(|&k| &view.outcome.moves[k]);
    let outcome = match placed {
        None => Outcome::Stays,
        Some(m) => {
            wishes::wish_rank(app, &county.schools[m.to]).map_or(Outcome::Unwished, Outcome::AtWish)
        }
    };
    let above = match outcome {
        Outcome::AtWish(k) => k - 1,
        _ => app.wishes.len() as u8,
    };
    let st = crate::rules::teacher_status(teacher, &county.schools[home], scenario);
    let subjects: Vec<&str> = std::iter::once(teacher.subject.as_str())
        .chain(teacher.extra_subjects.iter().map(String::as_str))
        .collect();
    let mut why_not = Vec::new();
    for (k, w) in app.wishes.iter().enumerate().take(above as usize) {
        let in_wish = |s: usize| {
            let school = &county.schools[s];
            s != home && w.covers(&school.id, school.township.as_deref(), school.area)
        };
        let mut why = WishWhy {
            rank: k as u8 + 1,
            wish: w.text(),
            reason: String::new(),
            taken_by: Vec::new(),
            numbers: None,
        };
        let posts: Vec<usize> = (view.posts.keys())
            .filter(|(s, subject)| in_wish(*s) && subjects.contains(&subject.as_str()))
            .map(|(s, _)| *s)
            .collect();
        let taken: Vec<(String, f64)> = (view.outcome.moves.iter())
            .filter(|m| m.teacher != t && in_wish(m.to) && subjects.contains(&m.subject.as_str()))
            .map(|m| {
                let p = points_of(m.teacher);
                (
                    county.teachers[m.teacher].id.clone(),
                    wishes::points_value(p),
                )
            })
            .collect();
        let sent = view.usage.sent[home];
        let cap = view.release_cap[home];
        if !st.eligible {
            why.reason = "not_eligible".into();
        } else if !app.volunteer && placed.is_none() {
            why.reason = "not_volunteer".into();
        } else if placed.is_none() && sent >= cap {
            why.reason = "release_limit".into();
            why.numbers = Some((sent, cap));
        } else if posts.is_empty() || taken.is_empty() {
            why.reason = "no_post".into();
        } else if let Some(&s) = posts.iter().find(|&&s| {
            let beds = county.schools[s].housing_beds;
            let km = crate::rules::moves::distance_km(&county.schools[home], &county.schools[s]);
            crate::rules::moves::needs_bed(km, &scenario.policy)
                && beds.is_some_and(|b| view.usage.beds_used[s] >= b)
        }) {
            why.reason = "housing".into();
            why.numbers = Some((
                view.usage.beds_used[s],
                county.schools[s].housing_beds.unwrap_or(0),
            ));
        } else {
            why.reason = "filled_by_more_points".into();
            why.taken_by = taken
                .into_iter()
                .filter(|(_, p)| *p >= wishes::points_value(mine))
                .collect();
            if why.taken_by.is_empty() {
                why.reason = "earlier_goals".into();
            }
        }
        why_not.push(why);
    }
    Some(WishNote {
        points: wishes::points_value(mine),
        volunteer: app.volunteer,
        wishes: app.wishes.iter().map(|w| w.text()).collect(),
        outcome: match outcome {
            Outcome::Stays => "stays".into(),
            Outcome::AtWish(k) => format!("wish:{k}"),
            Outcome::Unwished => "unwished".into(),
        },
        why_not,
    })
}

/// A reason in words: (Chinese, English).
pub(crate) fn reason_text(why: &WishWhy) -> (String, String) {
    let nums = |(a, b): (u32, u32)| format!("{a}/{b}");
    match why.reason.as_str() {
        "filled_by_more_points" => {
            let who: Vec<String> = (why.taken_by.iter())
                .map(|(id, p)| format!("{id} ({p:.2})"))
                .collect();
            (
                format!("岗位已由积分更高的教师交流：{}", who.join("、")),
                format!(
                    "the posts went to teachers with more points: {}",
                    who.join(", ")
                ),
            )
        }
        "no_post" => (
            "按缺口目标，该处本学科无交流岗位".into(),
            "no post in the subject there after the gap goal".into(),
        ),
        "release_limit" => {
            let n = why.numbers.map(nums).unwrap_or_default();
            (
                format!("本校派出人数已达上限（{n}）"),
                format!("the school sends its release limit ({n})"),
            )
        }
        "housing" => {
            let n = why.numbers.map(nums).unwrap_or_default();
            (
                format!("该校周转宿舍已满（{n}）"),
                format!("the school's housing beds are all taken ({n})"),
            )
        }
        "not_eligible" => (
            "本年度不符合交流条件".into(),
            "not eligible to rotate this year".into(),
        ),
        "not_volunteer" => (
            "未自愿申请，按规定优先安排自愿者".into(),
            "did not volunteer: volunteers go first".into(),
        ),
        _ => (
            "岗位由其他教师交流（更靠前的目标：缺口、比例）".into(),
            "the posts went to others by the earlier goals (gap, shares)".into(),
        ),
    }
}
