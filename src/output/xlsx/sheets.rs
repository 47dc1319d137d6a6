//! The workbook's sheets of the plan: rotations and exchanges, hires, gaps, unplaced teachers,
//! indicators and the summary (the staffing sheets are in `staffing`).

use super::{labels, text, Cell, Sheet};
use crate::output::{Lang, ReportCtx};
use crate::rules::indicators::Indicator;

/// The rotation plan: one row per teacher who moves (rotation or exchange), with the term
/// dates.
pub(super) fn plan_sheet(ctx: &ReportCtx) -> Sheet {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let scenario = &ctx.loaded.scenario;
    let (start, end) = (scenario.term_start(), scenario.term_end());
    Sheet {
        name: l.t("交流方案", "plan").into(),
        headers: labels(
            l,
            &[
                ("工号", "teacher id"),
                ("姓名", "name"),
                ("任教学科", "subject"),
                ("派出学校代码", "from school id"),
                ("派出学校", "from school"),
                ("接收学校代码", "to school id"),
                ("接收学校", "to school"),
                ("接收学校区域", "to area"),
                ("开始日期", "start"),
                ("结束日期", "end"),
                ("须本年服务", "must serve"),
                ("骨干教师", "backbone"),
                ("距离(km)", "distance (km)"),
                ("原因", "reason"),
                ("类型", "kind"),
            ],
        ),
        rows: ctx
            .lines
            .iter()
            .map(|p| {
                let from = &county.schools[p.from];
                let to = &county.schools[p.to];
                vec![
                    text(ctx.names.id(county, p.teacher)),
                    text(ctx.names.name(county, p.teacher)),
                    text(ctx.subject(&p.subject)),
                    text(&from.id),
                    text(&from.name),
                    text(&to.id),
                    text(&to.name),
                    text(l.area(to.area)),
                    Cell::Date(start),
                    Cell::Date(end),
                    text(l.yes_no(p.must_serve)),
                    text(l.yes_no(p.backbone)),
                    p.distance_km.map_or(Cell::Empty, |d| Cell::Num(d, 1)),
                    text(crate::output::reasons::sentence(&p.reason, l, scenario)),
                    text(l.move_kind(p.kind)),
                ]
            })
            .collect(),
        below: vec![],
        marked: vec![],
    }
}

/// The new hires per school, subject and programme.
pub(super) fn hire_sheet(ctx: &ReportCtx) -> Sheet {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    Sheet {
        name: l.t("新教师分配", "hires").into(),
        headers: labels(
            l,
            &[
                ("学校代码", "school id"),
                ("学校", "school"),
                ("区域", "area"),
                ("学科", "subject"),
                ("人数", "count"),
                ("招聘类别", "programme"),
            ],
        ),
        rows: ctx
            .plan
            .hires
            .iter()
            .map(|hp| {
                let s = &county.schools[hp.school];
                vec![
                    text(&s.id),
                    text(&s.name),
                    text(l.area(s.area)),
                    text(ctx.subject(&hp.subject)),
                    Cell::Num(hp.count as f64, 0),
                    text(programme(l, hp.programme)),
                ]
            })
            .collect(),
        below: vec![],
        marked: vec![],
    }
}

/// The staffing gap per school and subject, before and after the plan.
pub(super) fn gap_sheet(ctx: &ReportCtx) -> Sheet {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    Sheet {
        name: l.t("学科缺口", "gaps").into(),
        headers: labels(
            l,
            &[
                ("学校代码", "school id"),
                ("学校", "school"),
                ("区域", "area"),
                ("学科", "subject"),
                ("需求(FTE)", "need (FTE)"),
                ("现有", "staff before"),
                ("方案后", "staff after"),
                ("覆盖后(FTE)", "covered after (FTE)"),
                ("其中走教", "of which itinerant"),
                ("缺口前", "gap before"),
                ("缺口后", "gap after"),
            ],
        ),
        rows: ctx
            .gaps
            .iter()
            .filter_map(|g| {
                let s = county.school(&g.school_id)?;
                Some(vec![
                    text(&s.id),
                    text(&s.name),
                    text(l.area(s.area)),
                    text(ctx.subject(&g.subject)),
                    Cell::Num(g.need, 2),
                    Cell::Num(g.staff_before, 0),
                    Cell::Num(g.staff_after, 0),
                    Cell::Num(g.covered_after, 2),
                    Cell::Num(g.itinerant, 2),
                    Cell::Num(g.gap_before(), 2),
                    Cell::Num(g.gap_after(), 2),
                ])
            })
            .collect(),
        below: vec![],
        marked: vec![],
    }
}

/// The teachers the plan could not place, by teacher id.
pub(super) fn unplaced_sheet(ctx: &ReportCtx) -> Sheet {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    Sheet {
        name: l.t("未安排", "unplaced").into(),
        headers: labels(
            l,
            &[
                ("工号", "teacher id"),
                ("姓名", "name"),
                ("学科", "subject"),
                ("原因", "reason"),
            ],
        ),
        rows: crate::output::sorted_unplaced(ctx.loaded, ctx.plan)
            .iter()
            .map(|u| {
                vec![
                    text(ctx.names.id(county, u.teacher)),
                    text(ctx.names.name(county, u.teacher)),
                    text(ctx.subject(&county.teachers[u.teacher].subject)),
                    text(&u.reason),
                ]
            })
            .collect(),
        below: vec![],
        marked: vec![],
    }
}

pub(crate) fn programme(l: Lang, p: crate::domain::Programme) -> &'static str {
    use crate::domain::Programme::*;
    match (l, p) {
        (Lang::Zh, Regular) => "公开招聘",
        (Lang::Zh, Tegang) => "特岗教师",
        (Lang::Zh, PubliclyFunded) => "公费师范生",
        (Lang::En, p) => p.key(),
    }
}

fn opt_num(x: Option<f64>, d: usize) -> Cell {
    x.map_or(Cell::Empty, |v| Cell::Num(v, d))
}

pub(super) fn indicator_sheet(ctx: &ReportCtx) -> Sheet {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let mut headers: Vec<String> = [
        ("学校代码", "school id"),
        ("学校", "school"),
        ("区域", "area"),
        ("学段", "stage"),
        ("学生数", "students"),
        ("计入差异系数", "in CV"),
    ]
    .iter()
    .map(|(zh, en)| l.t(zh, en).to_string())
    .collect();
    for i in Indicator::ALL {
        let k = i.key().to_uppercase();
        headers.push(format!("{k} {}", l.t("方案前", "before")));
        headers.push(format!("{k} {}", l.t("方案后", "after")));
        headers.push(format!("{k} {}", l.t("标准", "threshold")));
    }
    let rows = ctx
        .indicators
        .parts
        .iter()
        .filter_map(|p| {
            let s = county.school(&p.school_id)?;
            let mut row = vec![
                text(&s.id),
                text(&s.name),
                text(l.area(s.area)),
                text(l.stage(p.stage)),
                Cell::Num(p.students, 0),
                text(l.yes_no(p.in_spread)),
            ];
            for i in Indicator::ALL {
                row.push(Cell::Num(p.value(i, false), 2));
                row.push(Cell::Num(p.value(i, true), 2));
                row.push(Cell::Num(p.threshold(i), 1));
            }
            Some(row)
        })
        .collect();
    let spread_header: Vec<String> = [
        ("学段", "stage"),
        ("指标", "indicator"),
        ("学校数", "schools"),
        ("均值前", "mean before"),
        ("均值后", "mean after"),
        ("差异系数前", "CV before"),
        ("差异系数后", "CV after"),
        ("上限", "limit"),
        ("达标(方案后)", "met (after)"),
        ("低于标准校数前", "below threshold before"),
        ("低于标准校数后", "below threshold after"),
    ]
    .iter()
    .map(|(zh, en)| l.t(zh, en).to_string())
    .collect();
    let spread_rows = ctx
        .indicators
        .spreads
        .iter()
        .map(|s| {
            vec![
                text(l.stage(s.stage)),
                text(format!(
                    "{} {}",
                    s.indicator.key().to_uppercase(),
                    l.t(s.indicator.zh(), s.indicator.en())
                )),
                Cell::Num(s.schools as f64, 0),
                opt_num(s.mean_before, 3),
                opt_num(s.mean_after, 3),
                opt_num(s.cv_before, 3),
                opt_num(s.cv_after, 3),
                Cell::Num(s.cv_limit, 2),
                s.meets(true).map_or(Cell::Empty, |m| text(l.yes_no(m))),
                Cell::Num(s.below_before as f64, 0),
                Cell::Num(s.below_after as f64, 0),
            ]
        })
        .collect();
    Sheet {
        name: l.t("均衡指标", "indicators").into(),
        headers,
        rows,
        below: vec![(
            l.t(
                "差异系数（按学生数加权；不足50人的教学点不计）",
                "Coefficients of variation (student-weighted; teaching points under 50 students left out)",
            )
            .to_string(),
            spread_header,
            spread_rows,
        )],
        marked: vec![],
    }
}

pub(super) fn summary_sheet(ctx: &ReportCtx) -> Sheet {
    let l = ctx.lang;
    let s = &ctx.summary;
    let p = &ctx.loaded.scenario.policy;
    let mut rows: Vec<(&str, &str, Cell)> = vec![
        ("方案", "scenario", text(&s.scenario)),
        (
            "学年",
            "plan year",
            text(format!("{}–{}", s.plan_year, s.plan_year + 1)),
        ),
        ("求解状态", "solver status", text(s.status)),
        ("MIP 间隙", "MIP gap", Cell::Num(s.mip_gap, 4)),
        (
            "求解用时(秒)",
            "solve seconds",
            Cell::Num(s.solve_seconds, 3),
        ),
        ("符合交流条件", "eligible", Cell::Num(s.eligible as f64, 0)),
        ("交流人数", "rotated", Cell::Num(s.rotated as f64, 0)),
        ("交流比例", "rotation share", Cell::Num(s.rotation_share, 4)),
        (
            "要求交流比例",
            "required rotation share",
            Cell::Num(p.rotation_share, 4),
        ),
        (
            "交流骨干教师",
            "backbone rotated",
            Cell::Num(s.backbone_rotated as f64, 0),
        ),
        ("骨干比例", "backbone share", Cell::Num(s.backbone_share, 4)),
        (
            "要求骨干比例",
            "required backbone share",
            Cell::Num(p.backbone_share, 4),
        ),
        (
            "须本年服务",
            "must serve",
            Cell::Num(s.must_serve as f64, 0),
        ),
        (
            "其中已安排",
            "must serve placed",
            Cell::Num(s.must_serve_placed as f64, 0),
        ),
        ("新教师", "hires", Cell::Num(s.hires as f64, 0)),
        (
            "对口交流人数",
            "exchanged",
            Cell::Num(s.exchanged as f64, 0),
        ),
        (
            "未安排的招聘名额",
            "hires unspent",
            Cell::Num(s.hires_unspent as f64, 0),
        ),
        (
            "走教(FTE)",
            "itinerant (FTE)",
            Cell::Num(s.itinerant_fte, 2),
        ),
        (
            "超编学校前",
            "schools above establishment before",
            Cell::Num(s.over_establishment_before as f64, 0),
        ),
        (
            "超编学校后",
            "schools above establishment after",
            Cell::Num(s.over_establishment_after as f64, 0),
        ),
        (
            "学科缺口前(FTE)",
            "gap before (FTE)",
            Cell::Num(s.gap_before, 2),
        ),
        (
            "学科缺口后(FTE)",
            "gap after (FTE)",
            Cell::Num(s.gap_after, 2),
        ),
        (
            "加权缺口前",
            "weighted gap before",
            Cell::Num(s.weighted_gap_before, 2),
        ),
        (
            "加权缺口后",
            "weighted gap after",
            Cell::Num(s.weighted_gap_after, 2),
        ),
        (
            "未满足的规则",
            "rules not met",
            text(
                s.violations
                    .iter()
                    .map(|v| format!("{}: {}", v.code, l.t(&v.message_zh, &v.message)))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        ),
    ];
    if let Some(f) = s.leaders {
        let at = rows.len() - 1; // before the rules not met
        let count = |n: usize| Cell::Num(n as f64, 0);
        rows.splice(
            at..at,
            [
                ("干部(校长、副校长、中层)", "leaders", count(f.leaders)),
                ("期满应交流干部", "leaders due", count(f.due)),
                ("交流干部", "leaders moved", count(f.moved)),
                (
                    "期满未交流干部",
                    "due leaders staying",
                    count(f.due_staying),
                ),
            ],
        );
    }
    Sheet {
        name: l.t("汇总", "summary").into(),
        headers: vec![l.t("指标", "figure").into(), l.t("值", "value").into()],
        rows: rows
            .into_iter()
            .map(|(zh, en, v)| vec![text(l.t(zh, en)), v])
            .collect(),
        below: vec![],
        marked: vec![],
    }
}
