//! The full tables at the end of report.html: rotations, hires, unplaced teachers, indicators
//! per school, gaps per school and subject.

use super::{labels, n, num, t, table};
use crate::output::xlsx::programme;
use crate::output::ReportCtx;
use crate::rules::indicators::Indicator;
use std::fmt::Write;

/// One table row: its cells (text, right-aligned) and the row's CSS class.
type Row<'a> = (Vec<(String, bool)>, &'a str);

pub(super) fn tables(o: &mut String, ctx: &ReportCtx) {
    rotation_table(o, ctx);
    hire_table(o, ctx);
    unplaced_table(o, ctx);
    indicator_table(o, ctx);
    gap_table(o, ctx);
}

/// The rotation list: one row per teacher who moves.
fn rotation_table(o: &mut String, ctx: &ReportCtx) {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let _ = write!(
        o,
        "<h2 id=\"rotations\">{}</h2>",
        l.t("交流名单", "Rotation list")
    );
    let rows: Vec<Row> = ctx
        .lines
        .iter()
        .map(|p| {
            let from = &county.schools[p.from];
            let to = &county.schools[p.to];
            (
                vec![
                    t(ctx.names.id(county, p.teacher)),
                    t(ctx.names.name(county, p.teacher)),
                    t(ctx.subject(&p.subject)),
                    t(&from.name),
                    t(format!("{} ({})", to.name, l.area(to.area))),
                    t(l.yes_no(p.must_serve)),
                    t(l.yes_no(p.backbone)),
                    p.distance_km.map(|d| n(d, 1)).unwrap_or_else(|| t("")),
                    t(crate::output::reasons::sentence(
                        &p.reason,
                        l,
                        &ctx.loaded.scenario,
                    )),
                    t(l.move_kind(p.kind)),
                ],
                "",
            )
        })
        .collect();
    table(
        o,
        &labels(
            l,
            &[
                ("工号", "id"),
                ("姓名", "name"),
                ("任教学科", "subject"),
                ("派出学校", "from"),
                ("接收学校", "to"),
                ("须本年服务", "must serve"),
                ("骨干", "backbone"),
                ("距离 km", "km"),
                ("原因", "reason"),
                ("类型", "kind"),
            ],
        ),
        &rows,
    );
}

/// The new hires: one row per school, subject and programme.
fn hire_table(o: &mut String, ctx: &ReportCtx) {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let _ = write!(o, "<h2>{}</h2>", l.t("新教师分配", "New hires"));
    let rows: Vec<Row> = ctx
        .plan
        .hires
        .iter()
        .map(|h| {
            let s = &county.schools[h.school];
            (
                vec![
                    t(&s.name),
                    t(l.area(s.area)),
                    t(ctx.subject(&h.subject)),
                    n(h.count as f64, 0),
                    t(programme(l, h.programme)),
                ],
                "",
            )
        })
        .collect();
    table(
        o,
        &labels(
            l,
            &[
                ("学校", "school"),
                ("区域", "area"),
                ("学科", "subject"),
                ("人数", "count"),
                ("招聘类别", "programme"),
            ],
        ),
        &rows,
    );
}

/// The teachers the plan could not place, with the reason; nothing when all were placed.
fn unplaced_table(o: &mut String, ctx: &ReportCtx) {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let unplaced = crate::output::sorted_unplaced(ctx.loaded, ctx.plan);
    if !unplaced.is_empty() {
        let _ = write!(o, "<h2>{}</h2>", l.t("未能安排的教师", "Unplaced teachers"));
        let rows: Vec<Row> = unplaced
            .iter()
            .map(|u| {
                (
                    vec![
                        t(ctx.names.id(county, u.teacher)),
                        t(ctx.names.name(county, u.teacher)),
                        t(ctx.subject(&county.teachers[u.teacher].subject)),
                        t(&u.reason),
                    ],
                    "",
                )
            })
            .collect();
        table(
            o,
            &labels(
                l,
                &[
                    ("工号", "id"),
                    ("姓名", "name"),
                    ("学科", "subject"),
                    ("原因", "reason"),
                ],
            ),
            &rows,
        );
    }
}

/// The indicators per school and stage, before and after the plan, against the thresholds.
fn indicator_table(o: &mut String, ctx: &ReportCtx) {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let _ = write!(
        o,
        "<h2>{}</h2>",
        l.t(
            "各校均衡指标（每百名学生）",
            "Indicators per school (per 100 students)"
        )
    );
    let mut headers = labels(
        l,
        &[
            ("学校", "school"),
            ("区域", "area"),
            ("学段", "stage"),
            ("学生数", "students"),
        ],
    );
    for i in Indicator::ALL {
        headers.push(format!(
            "{} {}→{} ({})",
            i.key().to_uppercase(),
            l.t("前", "before"),
            l.t("后", "after"),
            l.t("标准", "threshold")
        ));
    }
    let rows: Vec<Row> = ctx
        .indicators
        .parts
        .iter()
        .map(|p| {
            let s = county.school(&p.school_id);
            let mut cells = vec![
                t(s.map(|x| x.name.clone()).unwrap_or_default()),
                t(s.map(|x| l.area(x.area)).unwrap_or_default()),
                t(format!(
                    "{}{}",
                    l.stage(p.stage),
                    if p.in_spread {
                        ""
                    } else {
                        l.t("（不计入）", " (left out)")
                    }
                )),
                n(p.students, 0),
            ];
            for i in Indicator::ALL {
                let mark = if p.below(i, true) { " ▼" } else { "" };
                cells.push((
                    format!(
                        "{} → {}{mark} ({})",
                        num(p.value(i, false), 2),
                        num(p.value(i, true), 2),
                        num(p.threshold(i), 1)
                    ),
                    true,
                ));
            }
            (cells, "")
        })
        .collect();
    table(o, &headers, &rows);
}

/// The staffing gap per school and subject, before and after the plan.
fn gap_table(o: &mut String, ctx: &ReportCtx) {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let _ = write!(
        o,
        "<h2>{}</h2>",
        l.t("各校各学科缺口 (FTE)", "Gaps by school and subject (FTE)")
    );
    let rows: Vec<Row> = ctx
        .gaps
        .iter()
        .map(|g| {
            let s = county.school(&g.school_id);
            (
                vec![
                    t(s.map(|x| x.name.clone()).unwrap_or_default()),
                    t(s.map(|x| l.area(x.area)).unwrap_or_default()),
                    t(ctx.subject(&g.subject)),
                    n(g.need, 2),
                    n(g.staff_before, 0),
                    n(g.staff_after, 0),
                    n(g.gap_before(), 2),
                    n(g.gap_after(), 2),
                ],
                "",
            )
        })
        .collect();
    table(
        o,
        &labels(
            l,
            &[
                ("学校", "school"),
                ("区域", "area"),
                ("学科", "subject"),
                ("需求", "need"),
                ("现有", "staff before"),
                ("方案后", "staff after"),
                ("缺口前", "gap before"),
                ("缺口后", "gap after"),
            ],
        ),
        &rows,
    );
}
