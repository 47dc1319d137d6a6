//! The leaders' part of a plan (docs/leaders.md): one row per principal, vice principal and
//! middle manager of the roster, as leaders.csv, the workbook's 干部交流 sheet and the
//! reports' section show it.

use super::csv_bytes;
use crate::plan::leaders::LeaderPlan;
use crate::plan::Plan;
use crate::problem::Problem;
use crate::rules::leaders::{self, Standing};
use serde::Serialize;

/// One leader and what the plan does with them.
#[derive(Debug, Clone)]
pub struct LeaderLine {
    pub teacher: usize,
    /// School indices: the post held, and the new post's school when the leader moves.
    pub school: usize,
    pub to: Option<usize>,
    pub replaces: Option<usize>,
    pub years: Option<u32>,
    pub standing: Standing,
    /// Why, in English (a key) and Chinese.
    pub reason: (&'static str, &'static str),
    pub quality_from: f64,
    pub quality_to: Option<f64>,
    pub distance_km: Option<f64>,
}

/// The leader figures of summary.json (`leaders`; absent for a roster without leaders).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LeaderFigures {
    /// Leaders in the roster.
    pub leaders: usize,
    pub moved: usize,
    /// Leaders due to rotate (tenure reached term_years × due_after_terms).
    pub due: usize,
    /// Due leaders who stay (C-LEADER-DUE).
    pub due_staying: usize,
    /// Due leaders of weak schools not replaced by a leader of a stronger school
    /// (C-LEADER-WEAK).
    pub weak_unserved: u32,
}

/// The leaders of the roster in id order, with the plan's decisions. `placed` is the plan's
/// problem (moved leaders at their new schools).
pub fn lines(placed: &Problem, plan: &LeaderPlan) -> Vec<LeaderLine> {
    let county = &placed.county;
    let scenario = &placed.scenario;
    let rules = &scenario.leaders;
    let moved: std::collections::HashMap<usize, &crate::plan::leaders::LeaderMove> =
        plan.moves.iter().map(|m| (m.teacher, m)).collect();
    let mut out: Vec<LeaderLine> = Vec::new();
    for (i, t) in county.teachers.iter().enumerate() {
        let Some(standing) = leaders::standing(t, scenario) else {
            continue;
        };
        let mv = moved.get(&i).copied();
        // (a leader on a term from an earlier year holds the post at home)
        let school = mv.map_or_else(
            || placed.school_ix(t.home_school()).unwrap_or(0),
            |m| m.from,
        );
        let from = &county.schools[school];
        let years = leaders::post_start(t)
            .map(|d| crate::rules::status::whole_years(d, scenario.term_start()));
        let reason = match (standing, mv) {
            (Standing::Due { .. }, Some(m)) if county.schools[m.to].weak => {
                if leaders::is_stronger(from, &county.schools[m.to], rules) {
                    ("due:strong_to_weak", "任职期满，交流到薄弱学校（以强带弱）")
                } else {
                    ("due:to_weak", "任职期满，交流到薄弱学校")
                }
            }
            (Standing::Due { .. }, Some(_)) => ("due", "任职期满交流"),
            (_, Some(m))
                if leaders::is_stronger(from, &county.schools[m.to], rules)
                    && county.schools[m.to].weak =>
            {
                ("to_weak", "交流到薄弱学校（以强带弱）")
            }
            (_, Some(_)) => ("makes_room", "为期满干部腾出岗位"),
            (Standing::Due { .. }, None) if plan.by_hand => {
                ("due:kept", "任职期满，人工调整后未交流")
            }
            (Standing::Due { .. }, None) => {
                ("due:no_post", "任职期满，但无同类岗位可交流（未满足）")
            }
            (Standing::Movable { .. }, None) => ("not_due", "未到交流年限"),
            (Standing::Stays(s), None) => (s.key(), s.zh()),
        };
        out.push(LeaderLine {
            teacher: i,
            school,
            to: mv.map(|m| m.to),
            replaces: mv.and_then(|m| m.replaces),
            years,
            standing,
            reason,
            quality_from: leaders::quality(from, rules),
            quality_to: mv.map(|m| leaders::quality(&county.schools[m.to], rules)),
            distance_km: mv
                .and_then(|m| crate::rules::moves::distance_km(from, &county.schools[m.to])),
        });
    }
    out.sort_by(|a, b| {
        county.teachers[a.teacher]
            .id
            .cmp(&county.teachers[b.teacher].id)
    });
    out
}

impl LeaderLine {
    /// A due leader who stays: the goal missed (C-LEADER-DUE).
    pub fn due_staying(&self) -> bool {
        matches!(self.standing, Standing::Due { .. }) && self.to.is_none()
    }
}

/// The figures of summary.json; `None` for a roster without leaders.
pub fn figures(lines: &[LeaderLine], plan: &Plan) -> Option<LeaderFigures> {
    if lines.is_empty() {
        return None;
    }
    Some(LeaderFigures {
        leaders: lines.len(),
        moved: plan.leaders.moves.len(),
        due: (lines.iter())
            .filter(|l| matches!(l.standing, Standing::Due { .. }))
            .count(),
        due_staying: plan.leaders.due_staying.len(),
        weak_unserved: plan.leaders.weak_unserved.iter().map(|w| w.2).sum(),
    })
}

pub fn standing_key(s: Standing) -> (&'static str, &'static str) {
    match s {
        Standing::Due { .. } => ("due", "期满应交流"),
        Standing::Movable { .. } => ("movable", "可交流"),
        Standing::Stays(_) => ("stays", "不参加交流"),
    }
}

/// A quality score as given (up to 6 decimals), so that 80.04 and 80 read as different.
fn num(x: f64) -> String {
    format!("{}", (x * 1e6).round() / 1e6)
}

/// leaders.csv: every leader, the post held and the new post (empty: stays).
pub(super) fn leaders_csv(placed: &Problem, lines: &[LeaderLine]) -> Vec<u8> {
    let county = &placed.county;
    let rows = lines
        .iter()
        .map(|l| {
            let t = &county.teachers[l.teacher];
            let to = l.to.map(|s| &county.schools[s]);
            let (standing, standing_zh) = standing_key(l.standing);
            vec![
                t.id.clone(),
                t.name.clone(),
                t.post.key().to_string(),
                t.post.zh().to_string(),
                county.schools[l.school].id.clone(),
                county.schools[l.school].name.clone(),
                l.years.map(|y| y.to_string()).unwrap_or_default(),
                standing.to_string(),
                standing_zh.to_string(),
                to.map(|s| s.id.clone()).unwrap_or_default(),
                to.map(|s| s.name.clone()).unwrap_or_default(),
                (l.replaces)
                    .map(|r| county.teachers[r].id.clone())
                    .unwrap_or_default(),
                num(l.quality_from),
                l.quality_to.map(num).unwrap_or_default(),
                l.distance_km.map(|d| format!("{d:.1}")).unwrap_or_default(),
                l.reason.0.to_string(),
                l.reason.1.to_string(),
            ]
        })
        .collect();
    csv_bytes(
        &[
            "teacher_id",
            "name",
            "post",
            "post_zh",
            "school_id",
            "school_name",
            "years_in_post",
            "standing",
            "standing_zh",
            "to_school_id",
            "to_school_name",
            "replaces_teacher_id",
            "quality_from",
            "quality_to",
            "distance_km",
            "reason",
            "reason_zh",
        ],
        rows,
    )
}
