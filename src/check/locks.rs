//! Hard rule: every lock is kept. Read independently of the planner: the locks as loaded and
//! the plan files, nothing else. Schools closed by a variant count as receiving nobody.

use super::files::HIRES;
use super::report::{RowRef, Violation};
use super::zh;
use super::Ctx;
use crate::scenario::LockKind;

const PLAN: &str = "plan.csv";

pub(crate) fn check_all(ctx: &Ctx, out: &mut Vec<Violation>) {
    for l in &ctx.commitments.locks {
        let lock_ref = || RowRef::new(&l.file, Some(l.source_line), l.kind.key());
        let row_of = |t: &str| ctx.plan.iter().find(|r| r.teacher_id == t);
        match l.kind {
            LockKind::GoesTo => {
                let tid = l.teacher_id.as_deref().unwrap_or_default();
                let to = l.school_id.as_deref().unwrap_or_default();
                let subject = l
                    .subject
                    .clone()
                    .or_else(|| ctx.teachers.get(tid).map(|t| t.subject.clone()));
                match row_of(tid) {
                    None => out.push(
                        Violation::new(
                            "C-LOCK",
                            format!(
                                "teacher {tid} is locked to go to {to}, but is not in plan.csv"
                            ),
                            vec![lock_ref()],
                        )
                        .zh(format!(
                            "教师 {tid} 被锁定调往 {to}，但 plan.csv 中没有该教师"
                        )),
                    ),
                    Some(r) if r.to_school_id != to || Some(&r.subject) != subject.as_ref() => {
                        out.push(Violation::new(
                            "C-LOCK",
                            format!(
                                "teacher {tid} is locked to go to {to} ({}), plan.csv sends them to {} ({})",
                                subject.as_deref().unwrap_or("?"),
                                r.to_school_id,
                                r.subject
                            ),
                            vec![lock_ref(), RowRef::new(PLAN, Some(r.line), tid)],
                        ).zh(format!(
                            "教师 {tid} 被锁定调往 {to}（{}），但 plan.csv 安排其去 {}（{}）",
                            subject.as_deref().map_or("?".to_string(), |s| zh::subject(ctx.scenario, s)),
                            r.to_school_id,
                            zh::subject(ctx.scenario, &r.subject)
                        )))
                    }
                    Some(_) => {}
                }
            }
            LockKind::Stays => {
                let tid = l.teacher_id.as_deref().unwrap_or_default();
                if let Some(r) = row_of(tid) {
                    out.push(
                        Violation::new(
                            "C-LOCK",
                            format!("teacher {tid} is locked to stay, but plan.csv rotates them"),
                            vec![lock_ref(), RowRef::new(PLAN, Some(r.line), tid)],
                        )
                        .zh(format!("教师 {tid} 被锁定留任，但 plan.csv 安排其交流")),
                    );
                }
            }
            LockKind::ReceivesNobody => {
                let sid = l.school_id.as_deref().unwrap_or_default();
                receives_nobody(ctx, sid, Some(lock_ref()), out);
            }
        }
    }
    for sid in &ctx.commitments.closed {
        receives_nobody(ctx, sid, None, out);
    }
}

fn receives_nobody(ctx: &Ctx, sid: &str, lock: Option<RowRef>, out: &mut Vec<Violation>) {
    let (why, why_zh) = if lock.is_some() {
        ("is locked to receive nobody", "被锁定为不接收任何人")
    } else {
        (
            "is closed by the scenario (close_school)",
            "在本方案中已关闭（close_school）",
        )
    };
    let mut rows: Vec<RowRef> = lock.into_iter().collect();
    rows.extend(
        ctx.plan
            .iter()
            .filter(|r| r.to_school_id == sid)
            .map(|r| RowRef::new(PLAN, Some(r.line), &r.teacher_id)),
    );
    rows.extend(
        ctx.files
            .hires
            .iter()
            .flatten()
            .filter(|r| r.school_id == sid)
            .map(|r| {
                RowRef::new(
                    HIRES,
                    Some(r.line),
                    format!("{}/{}", r.school_id, r.subject),
                )
            }),
    );
    let n = rows
        .iter()
        .filter(|r| r.file == PLAN || r.file == HIRES)
        .count();
    if n > 0 {
        out.push(
            Violation::new(
                "C-LOCK",
                format!(
                    "school {sid} {why}, but the plan sends it {n} row(s) of teachers or hires"
                ),
                rows,
            )
            .zh(format!(
                "学校 {sid} {why_zh}，但方案向其安排了 {n} 行交流教师或新教师"
            )),
        );
    }
}
