//! A plan from its decisions alone (`rotaplan render`, docs/plan-format.md "Editing a plan by
//! hand"): the moves and hires a plan folder holds, read by the checker's reader, completed
//! with everything that follows from them — coverage, itinerant teaching, the teachers left
//! unplaced, the goals missed — without solving. Its status is `edited`: the decisions are the
//! office's, not the optimizer's.

use super::assign::{rotation_reason, Assignment, HirePlacement, MoveKind};
use super::leaders::{LeaderMove, LeaderPlan};
use super::{complete, prepare, Plan};
use crate::check::PlanRecord;
use crate::problem::Problem;

/// Why a plan folder's decisions cannot be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("teacher {0} of plan.csv is not on the roster · 花名册中无此教师")]
    UnknownTeacher(String),
    #[error("school {0} of the plan is not in the schools file · 学校文件中无此学校")]
    UnknownSchool(String),
}

/// The plan these decisions make, as `plan` would write it for them.
pub fn from_record(original: &Problem, record: &PlanRecord) -> Result<Plan, RecordError> {
    let leaders = leader_plan(original, record)?;
    let placed = leaders.place(original);
    let loaded: &Problem = &placed;
    let prep = prepare::prepare(loaded);
    let school = |id: &str| {
        loaded
            .school_ix(id)
            .ok_or_else(|| RecordError::UnknownSchool(id.to_string()))
    };
    let mut assignments = Vec::with_capacity(record.moves.len());
    for m in &record.moves {
        let t = loaded
            .teacher_ix(&m.teacher_id)
            .ok_or_else(|| RecordError::UnknownTeacher(m.teacher_id.clone()))?;
        let kind = if m.exchange {
            MoveKind::Exchange
        } else {
            MoveKind::Rotation
        };
        // the reason as the planner gives it (plan::assign)
        let reason = match kind {
            MoveKind::Exchange => format!("exchange:teach:{}", m.subject),
            MoveKind::Rotation => rotation_reason(&prep.statuses[t], &m.subject),
        };
        assignments.push(Assignment {
            teacher: t,
            to: school(&m.to_school_id)?,
            subject: m.subject.clone(),
            reason,
            kind,
        });
    }
    assignments.sort_by(|a, b| {
        let county = &loaded.county;
        county.teachers[a.teacher]
            .id
            .cmp(&county.teachers[b.teacher].id)
    });
    let mut hires = Vec::with_capacity(record.hires.len());
    for h in &record.hires {
        hires.push(HirePlacement {
            school: school(&h.school_id)?,
            subject: h.subject.clone(),
            programme: h.programme,
            count: h.count,
        });
    }
    Ok(complete(
        &prep,
        loaded,
        assignments,
        hires,
        Vec::new(),
        leaders,
    ))
}

/// The leaders' moves of the record (leaders.csv).
fn leader_plan(loaded: &Problem, record: &PlanRecord) -> Result<LeaderPlan, RecordError> {
    let mut moves = Vec::with_capacity(record.leaders.len());
    for m in &record.leaders {
        let t = loaded
            .teacher_ix(&m.teacher_id)
            .ok_or_else(|| RecordError::UnknownTeacher(m.teacher_id.clone()))?;
        let school = |id: &str| {
            loaded
                .school_ix(id)
                .ok_or_else(|| RecordError::UnknownSchool(id.to_string()))
        };
        moves.push(LeaderMove {
            teacher: t,
            post: loaded.county.teachers[t].post,
            from: school(&m.from_school_id)?,
            to: school(&m.to_school_id)?,
            replaces: None,
        });
    }
    moves.sort_by_key(|m| m.teacher);
    // whose post each takes: the leaders of the post who left the school, in id order
    let mut left: std::collections::BTreeMap<(usize, crate::domain::Post), Vec<usize>> =
        Default::default();
    for m in &moves {
        left.entry((m.from, m.post)).or_default().push(m.teacher);
    }
    for m in &mut moves {
        if let Some(queue) = left.get_mut(&(m.to, m.post)) {
            m.replaces = (!queue.is_empty()).then(|| queue.remove(0));
        }
    }
    let mut plan = LeaderPlan::of_moves(loaded, moves);
    plan.by_hand = true;
    Ok(plan)
}
