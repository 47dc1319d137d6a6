//! Hard rule on the schools exchange teachers leave (docs/plan-format.md, "The rules", 8; 对口交流
//! 不减课): after the plan, the school's teachers can still cover as much of its needs as its
//! own teachers covered before. Counted with the checker's own flow (flow.rs): the school's
//! before-plan staff less those who leave on exchange, plus, per subject s, as many of the
//! rotated teachers and hires of s as there are exchange teachers of main subject s leaving (they
//! take a leaver's classes: a swap), each teaching s and, at a general school, the general ones.

use super::files::PLAN;
use super::flow::{max_cover, Pool};
use super::posts::{general, Problem};
use super::report::{RowRef, Violation};
use super::zh;
use super::Ctx;
use std::collections::{BTreeMap, BTreeSet};

/// Coverage within this of before counts as kept (the flows are in floating point).
const TOL: f64 = 1e-6;

pub(crate) fn check_all(ctx: &Ctx, out: &mut Vec<Violation>) {
    let mut leaving: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
    for (r, t) in &ctx.exchanges {
        (leaving.entry(r.from_school_id.as_str()).or_default()).push((r.line, t.id.as_str()));
    }
    for (school_id, rows) in leaving {
        let Some(school) = ctx.school(school_id) else {
            continue; // C-FROM-SCHOOL
        };
        let ids: BTreeSet<&str> = rows.iter().map(|&(_, id)| id).collect();
        let before = Problem::of(ctx, school);
        let covered: Vec<f64> = before.cover();
        let mut after = Problem::without(ctx, school, &|t| ids.contains(t.id.as_str()));
        let g = general(ctx.scenario, school);
        let leavers: Vec<&str> = (ctx.exchanges.iter())
            .filter(|(r, _)| r.from_school_id == school_id)
            .map(|(_, t)| t.subject.as_str())
            .collect();
        for (subject, n) in swapped_in(ctx, school_id, &leavers) {
            let subjects = (before.subjects.iter().enumerate())
                .filter(|(_, j)| **j == subject || g.contains(j))
                .map(|(k, _)| k)
                .collect();
            after.pools.push(Pool {
                cap: n as f64,
                subjects,
            });
        }
        let kept = max_cover(&after.need, &after.pools);
        let (was, now) = (covered.iter().sum::<f64>(), kept.iter().sum::<f64>());
        if now >= was - TOL {
            continue;
        }
        let lost: Vec<(&String, f64)> = (before.subjects.iter().enumerate())
            .filter(|&(k, _)| kept[k] < covered[k] - TOL)
            .map(|(k, j)| (j, covered[k] - kept[k]))
            .collect();
        let short: Vec<String> = lost.iter().map(|(j, d)| format!("{j} {d:.2}")).collect();
        let short_zh: Vec<String> = (lost.iter())
            .map(|(j, d)| format!("{} {d:.2}", zh::subject(ctx.scenario, j)))
            .collect();
        let n = rows.len();
        let refs = rows
            .iter()
            .map(|&(line, id)| RowRef::new(PLAN, Some(line), id))
            .collect();
        out.push(
            Violation::new(
                "C-EXCHANGE-COVER",
                format!(
                    "school {school_id}: with its {n} exchange teacher(s) gone, its teachers cover \
                     {now:.2} FTE of its needs, less than the {was:.2} its own teachers covered \
                     before the plan (short: {}) · 对口交流派出后本校课程无人承担",
                    short.join(", ")
                ),
                refs,
            )
            .zh(format!(
                "学校 {school_id}：派出 {n} 名对口交流教师后，本校教师只能承担需求中的 {now:.2} FTE，\
                 少于方案前本校教师承担的 {was:.2} FTE（不足：{}）",
                short_zh.join("，")
            )),
        );
    }
}

/// Per subject: min(rotated teachers and hires of it at the school, exchange teachers of that
/// main subject leaving it (`leavers`, their main subjects)).
fn swapped_in(ctx: &Ctx, school_id: &str, leavers: &[&str]) -> Vec<(String, i64)> {
    let mut came: BTreeMap<String, i64> = BTreeMap::new();
    for (r, _) in ctx
        .rotations
        .iter()
        .filter(|(r, _)| r.to_school_id == school_id)
    {
        *came.entry(r.subject.clone()).or_default() += 1;
    }
    for h in (ctx.files.hires.iter().flatten()).filter(|h| h.school_id == school_id) {
        *came.entry(h.subject.clone()).or_default() += h.count.max(0);
    }
    came.into_iter()
        .map(|(subject, n)| {
            let left = leavers.iter().filter(|&&m| m == subject).count() as i64;
            (subject, n.min(left))
        })
        .filter(|&(_, n)| n > 0)
        .collect()
}
