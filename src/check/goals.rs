//! Goals a plan may miss, provided it says so: in summary.json's `violations` (by code) and, for
//! must-serve teachers, in unplaced.csv. A missed goal is reported either way; `declared` tells
//! whether the plan admitted it, and only undeclared misses make the report fail.

use super::codes::RuleKind;
use super::files::{SUMMARY, UNPLACED};
use super::report::{Figures, RowRef, Violation};
use super::Ctx;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn check_all(ctx: &Ctx, fig: &Figures, out: &mut Vec<Violation>) {
    let start = out.len();
    c_must_serve(ctx, out);
    c_unplaced_list(ctx, out);
    c_rotation_share(ctx, fig, out);
    c_backbone_share(ctx, fig, out);
    let declared = declared_codes(ctx);
    for v in out[start..].iter_mut().filter(|v| v.kind == RuleKind::Goal) {
        v.declared = declared.contains(&normalize(v.code));
    }
}

/// Marks the goal violations among `vs` that summary.json declares.
pub(crate) fn mark_declared(ctx: &Ctx, vs: &mut [Violation]) {
    let declared = declared_codes(ctx);
    for v in vs.iter_mut().filter(|v| v.kind == RuleKind::Goal) {
        v.declared = declared.contains(&normalize(v.code));
    }
}

/// Code spelling tolerated in summary.json: `C-MUST-SERVE`, `must_serve`, `MUST-SERVE`.
pub(crate) fn normalize(code: &str) -> String {
    let up = code.trim().to_uppercase().replace('_', "-");
    up.strip_prefix("C-").map(str::to_string).unwrap_or(up)
}

/// Codes named in summary.json `violations`: entries `{ "code": .. }` or bare strings.
pub(crate) fn declared_codes(ctx: &Ctx) -> BTreeSet<String> {
    let list = ctx
        .files
        .summary
        .as_ref()
        .and_then(|m| m.get("violations"))
        .and_then(|v| v.as_array());
    list.into_iter()
        .flatten()
        .filter_map(|e| e.get("code").and_then(|c| c.as_str()).or(e.as_str()))
        .map(normalize)
        .collect()
}

fn rotated_ids<'a>(ctx: &'a Ctx) -> BTreeSet<&'a str> {
    ctx.rotations.iter().map(|(_, t)| t.id.as_str()).collect()
}

/// Eligible must-serve teachers not in plan.csv, in roster order.
fn unserved<'a>(ctx: &'a Ctx) -> Vec<&'a crate::domain::Teacher> {
    let rotated = rotated_ids(ctx);
    ctx.county
        .teachers
        .iter()
        .filter(|t| {
            ctx.standing
                .get(t.id.as_str())
                .is_some_and(|s| s.must_serve)
                && !rotated.contains(t.id.as_str())
        })
        .collect()
}

fn c_must_serve(ctx: &Ctx, out: &mut Vec<Violation>) {
    for t in unserved(ctx) {
        out.push(Violation::new(
            "C-MUST-SERVE",
            format!("teacher {} must serve this year (rural service needed before a senior title, or a publicly funded graduate) but is not rotated", t.id),
            vec![RowRef::new(&ctx.roster, Some(t.source_line), &t.id)],
        ).zh(format!(
            "教师 {} 本年度必须交流（评高级职称前须有乡村任教经历，或为公费师范生），但方案未安排其交流轮岗",
            t.id
        )));
    }
}

fn c_unplaced_list(ctx: &Ctx, out: &mut Vec<Violation>) {
    let Some(listed) = ctx.files.unplaced.as_deref() else {
        return;
    };
    let expected: BTreeMap<&str, usize> = unserved(ctx)
        .iter()
        .map(|t| (t.id.as_str(), t.source_line))
        .collect();
    let mut seen = BTreeSet::new();
    for r in listed {
        let why = if !seen.insert(r.teacher_id.as_str()) {
            Some(("is listed twice", "被重复列出"))
        } else if expected.contains_key(r.teacher_id.as_str()) {
            None
        } else if !ctx.teachers.contains_key(r.teacher_id.as_str()) {
            Some(("is not in the roster", "不在花名册中"))
        } else if rotated_ids(ctx).contains(r.teacher_id.as_str()) {
            Some(("is rotated in plan.csv", "已在 plan.csv 中安排交流轮岗"))
        } else {
            Some((
                "is not an eligible must-serve teacher",
                "不是符合条件的必须交流教师",
            ))
        };
        if let Some((why, why_zh)) = why {
            out.push(
                Violation::new(
                    "C-UNPLACED-LIST",
                    format!("unplaced.csv lists teacher {}, who {why}", r.teacher_id),
                    vec![RowRef::new(UNPLACED, Some(r.line), &r.teacher_id)],
                )
                .zh(format!(
                    "unplaced.csv 列出了教师 {}，但该教师{why_zh}",
                    r.teacher_id
                )),
            );
        }
    }
    for (id, line) in expected.into_iter().filter(|(id, _)| !seen.contains(id)) {
        out.push(
            Violation::new(
                "C-UNPLACED-LIST",
                format!(
                "teacher {id} must serve and is not rotated, but unplaced.csv does not list them"
            ),
                vec![
                    RowRef::new(UNPLACED, None, id),
                    RowRef::new(&ctx.roster, Some(line), id),
                ],
            )
            .zh(format!(
                "教师 {id} 必须交流且未安排交流轮岗，但 unplaced.csv 未列出该教师"
            )),
        );
    }
}

fn c_rotation_share(ctx: &Ctx, fig: &Figures, out: &mut Vec<Violation>) {
    let share = ctx.scenario.policy.rotation_share;
    let needed = (share * fig.eligible as f64 - 1e-9).ceil().max(0.0) as usize;
    if fig.rotated < needed {
        out.push(Violation::new(
            "C-ROTATION-SHARE",
            format!(
                "at least {needed} of {} eligible teachers must rotate (rotation_share {share}); the plan rotates {}",
                fig.eligible, fig.rotated
            ),
            vec![RowRef::new(SUMMARY, None, "rotated")],
        ).zh(format!(
            "符合交流条件的 {} 名教师中至少应有 {needed} 人交流轮岗（交流比例 rotation_share {share}），方案只安排了 {} 人",
            fig.eligible, fig.rotated
        )));
    }
}

fn c_backbone_share(ctx: &Ctx, fig: &Figures, out: &mut Vec<Violation>) {
    let share = ctx.scenario.policy.backbone_share;
    let needed = share * fig.rotated as f64;
    if (fig.backbone_rotated as f64) < needed - 1e-9 {
        out.push(Violation::new(
            "C-BACKBONE-SHARE",
            format!(
                "at least {needed:.2} of the {} rotated must be backbone teachers (backbone_share {share}); the plan has {}",
                fig.rotated, fig.backbone_rotated
            ),
            vec![RowRef::new(SUMMARY, None, "backbone_rotated")],
        ).zh(format!(
            "交流轮岗的 {} 人中至少应有 {needed:.2} 名骨干教师（骨干比例 backbone_share {share}），方案只有 {} 名",
            fig.rotated, fig.backbone_rotated
        )));
    }
}
