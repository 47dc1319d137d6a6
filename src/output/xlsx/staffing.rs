//! The workbook's staffing sheets: 编制与人员 (establishment and headcount per school, rows
//! above establishment highlighted), 课程覆盖 (who teaches what) and 走教 (itinerant teaching).

use super::{labels, text, Cell, Sheet};
use crate::output::staffing::pupils_per_teacher;
use crate::output::ReportCtx;
use crate::rules::staffing::load;

fn ppt(students: u32, teachers: u32) -> Cell {
    pupils_per_teacher(students.into(), teachers.into()).map_or(Cell::Empty, |x| Cell::Num(x, 2))
}

fn count(n: u32) -> Cell {
    Cell::Num(f64::from(n), 0)
}

/// One row per school: establishment, headcount before and after, who left and arrived.
pub(super) fn staffing_sheet(ctx: &ReportCtx) -> Sheet {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let rows: Vec<Vec<Cell>> = ctx
        .staffing
        .iter()
        .map(|r| {
            let s = &county.schools[r.school];
            vec![
                text(&s.id),
                text(&s.name),
                text(l.area(s.area)),
                text(l.stage(s.stage)),
                count(s.students),
                count(s.classes),
                Cell::Num(r.groups, r.group_decimals()),
                count(r.establishment),
                text(l.establishment_source(r.given)),
                count(r.before),
                count(r.rotated_out),
                count(r.exchange_out),
                count(r.rotated_in),
                count(r.exchange_in),
                count(r.hires),
                count(r.after),
                count(r.cap),
                count(r.above()),
                count(r.vacant_after()),
                ppt(s.students, r.before),
                ppt(s.students, r.after),
                text(if r.below_floor { l.t("是", "yes") } else { "" }),
                Cell::Num(r.gap_before, 2),
                Cell::Num(r.gap_after, 2),
            ]
        })
        .collect();
    Sheet {
        name: l.t("编制与人员", "staffing").into(),
        headers: labels(
            l,
            &[
                ("学校代码", "school id"),
                ("学校", "school"),
                ("区域", "area"),
                ("学段", "stage"),
                ("学生数", "students"),
                ("班级数", "classes"),
                ("教学班(含复式)", "teaching groups"),
                ("核定编制", "establishment"),
                ("编制来源", "establishment source"),
                ("方案前人数", "headcount before"),
                ("交流派出", "rotated out"),
                ("对口交流派出", "exchange out"),
                ("交流接收", "rotated in"),
                ("对口交流接收", "exchange in"),
                ("新教师", "hires"),
                ("方案后人数", "headcount after"),
                ("人数上限", "headcount cap"),
                ("超编人数", "above establishment"),
                ("方案后空编", "vacant posts after"),
                ("生师比前", "pupils per teacher before"),
                ("生师比后", "pupils per teacher after"),
                ("师多生少", "few pupils per teacher"),
                ("缺口前(FTE)", "gap before (FTE)"),
                ("缺口后(FTE)", "gap after (FTE)"),
            ],
        ),
        marked: ctx
            .staffing
            .iter()
            .enumerate()
            .filter(|(_, r)| r.above() > 0 || r.below_floor)
            .map(|(i, _)| i)
            .collect(),
        rows,
        below: vec![],
    }
}

/// Who teaches what at each school after the plan, in coverage.csv's order.
/// The coverage sheet's order: school, subject, who covers, teacher, post subject. Borrowed:
/// the sheet has tens of thousands of rows, compared n·log n times.
fn coverage_key<'a>(
    county: &'a crate::domain::County,
    c: &'a crate::plan::CoverageRow,
) -> (&'a str, &'a str, &'static str, Option<&'a str>, &'a str) {
    (
        county.schools[c.school].id.as_str(),
        c.subject.as_str(),
        c.by.key(),
        c.by.teacher().map(|t| county.teachers[t].id.as_str()),
        c.post_subject.as_str(),
    )
}

pub(super) fn coverage_sheet(ctx: &ReportCtx) -> Sheet {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let mut coverage: Vec<_> = ctx.plan.coverage.iter().filter(|c| c.fte > 5e-5).collect();
    coverage.sort_by(|a, b| coverage_key(county, a).cmp(&coverage_key(county, b)));
    let rows = coverage
        .iter()
        .map(|c| {
            let s = &county.schools[c.school];
            let (id, name) = match c.by.teacher() {
                Some(t) => (
                    text(ctx.names.id(county, t)),
                    text(ctx.names.name(county, t)),
                ),
                None => (Cell::Empty, Cell::Empty),
            };
            vec![
                text(&s.id),
                text(&s.name),
                text(l.area(s.area)),
                text(ctx.subject(&c.subject)),
                id,
                name,
                text(l.covered_by(c.by)),
                text(ctx.subject(&c.post_subject)),
                Cell::Num(c.fte, 2),
                Cell::Num(c.fte * load(s, &ctx.loaded.scenario), 1),
            ]
        })
        .collect();
    Sheet {
        name: l.t("课程覆盖", "coverage").into(),
        headers: labels(
            l,
            &[
                ("学校代码", "school id"),
                ("学校", "school"),
                ("区域", "area"),
                ("学科", "subject"),
                ("工号", "teacher id"),
                ("姓名", "name"),
                ("任课教师", "covered by"),
                ("岗位学科", "post subject"),
                ("FTE", "FTE"),
                ("周课时", "periods per week"),
            ],
        ),
        rows,
        below: vec![],
        marked: vec![],
    }
}

/// Itinerant teaching (走教): one row per teacher, school served and subject.
pub(super) fn itinerant_sheet(ctx: &ReportCtx) -> Sheet {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let mut rows: Vec<_> = ctx.plan.itinerant.iter().filter(|r| r.fte > 5e-5).collect();
    rows.sort_by(|a, b| {
        (
            &county.teachers[a.teacher].id,
            &county.schools[a.school].id,
            &a.subject,
        )
            .cmp(&(
                &county.teachers[b.teacher].id,
                &county.schools[b.school].id,
                &b.subject,
            ))
    });
    Sheet {
        name: l.t("走教", "itinerant").into(),
        headers: labels(
            l,
            &[
                ("工号", "teacher id"),
                ("姓名", "name"),
                ("所在学校", "base school"),
                ("走教学校代码", "school id"),
                ("走教学校", "school"),
                ("区域", "area"),
                ("学科", "subject"),
                ("FTE", "FTE"),
                ("周课时", "periods per week"),
                ("距离(km)", "distance (km)"),
            ],
        ),
        rows: rows
            .iter()
            .map(|r| {
                let (base, s) = (&county.schools[r.base], &county.schools[r.school]);
                vec![
                    text(ctx.names.id(county, r.teacher)),
                    text(ctx.names.name(county, r.teacher)),
                    text(&base.name),
                    text(&s.id),
                    text(&s.name),
                    text(l.area(s.area)),
                    text(ctx.subject(&r.subject)),
                    Cell::Num(r.fte, 2),
                    Cell::Num(r.fte * load(s, &ctx.loaded.scenario), 1),
                    crate::rules::moves::distance_km(base, s)
                        .map_or(Cell::Empty, |d| Cell::Num(d, 1)),
                ]
            })
            .collect(),
        below: vec![],
        marked: vec![],
    }
}

/// The leaders (干部交流): every principal, vice principal and middle manager, and the plan's
/// decision (docs/leaders.md).
pub(super) fn leader_sheet(ctx: &ReportCtx) -> Sheet {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    Sheet {
        name: l.t("干部交流", "leaders").into(),
        headers: labels(
            l,
            &[
                ("工号", "teacher id"),
                ("姓名", "name"),
                ("职务", "post"),
                ("学校代码", "school id"),
                ("学校", "school"),
                ("任现职年限", "years in post"),
                ("交流资格", "standing"),
                ("交流学校代码", "to school id"),
                ("交流学校", "to school"),
                ("接替", "replaces"),
                ("原学校评分", "quality from"),
                ("新学校评分", "quality to"),
                ("距离(km)", "distance (km)"),
                ("说明", "reason"),
            ],
        ),
        rows: (ctx.leaders.iter())
            .map(|x| {
                let t = &county.teachers[x.teacher];
                let from = &county.schools[x.school];
                let to = x.to.map(|s| &county.schools[s]);
                let standing = crate::output::leaders::standing_key(x.standing);
                vec![
                    text(ctx.names.id(county, x.teacher)),
                    text(ctx.names.name(county, x.teacher)),
                    text(l.t(t.post.zh(), t.post.key())),
                    text(&from.id),
                    text(&from.name),
                    x.years.map_or(Cell::Empty, |y| Cell::Num(f64::from(y), 0)),
                    text(l.t(standing.1, standing.0)),
                    to.map_or(Cell::Empty, |s| text(&s.id)),
                    to.map_or(Cell::Empty, |s| text(&s.name)),
                    x.replaces
                        .map_or(Cell::Empty, |r| text(ctx.names.id(county, r))),
                    Cell::Num(x.quality_from, 1),
                    x.quality_to.map_or(Cell::Empty, |q| Cell::Num(q, 1)),
                    x.distance_km.map_or(Cell::Empty, |d| Cell::Num(d, 1)),
                    text(l.t(x.reason.1, x.reason.0)),
                ]
            })
            .collect(),
        below: vec![],
        marked: (ctx.leaders.iter().enumerate())
            .filter(|(_, x)| x.due_staying())
            .map(|(i, _)| i)
            .collect(),
    }
}

/// The merit list (积分公示, docs/wishes.md): every applicant by points, the points' parts, the
/// wishes and where the plan sends them.
pub(super) fn merit_sheet(ctx: &ReportCtx) -> Sheet {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let most = ctx
        .wishes
        .iter()
        .map(|w| w.wishes.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let mut heads: Vec<(String, String)> = [
        ("排名", "rank"),
        ("工号", "teacher id"),
        ("姓名", "name"),
        ("学校", "school"),
        ("本校任教年限", "years in school"),
        ("年限积分", "points: years"),
        ("骨干积分", "points: backbone"),
        ("年龄积分", "points: age"),
        ("家庭加分", "points: family"),
        ("总积分", "points"),
        ("是否自愿", "volunteer"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    heads.extend((1..=most).map(|k| (format!("志愿{k}"), format!("wish {k}"))));
    heads.push(("交流学校".into(), "sent to".into()));
    heads.push(("结果".into(), "outcome".into()));
    Sheet {
        name: l.t("积分公示", "merit list").into(),
        headers: heads
            .iter()
            .map(|(zh, en)| l.t(zh, en).to_string())
            .collect(),
        rows: (ctx.wishes.iter().enumerate())
            .map(|(k, x)| {
                let t = &county.teachers[x.teacher];
                let school = ctx
                    .loaded
                    .school_ix(&t.school_id)
                    .map_or(Cell::Empty, |s| text(&county.schools[s].name));
                let (en, zh) = x.outcome_text();
                let mut row = vec![
                    Cell::Num((k + 1) as f64, 0),
                    text(ctx.names.id(county, x.teacher)),
                    text(ctx.names.name(county, x.teacher)),
                    school,
                    Cell::Num(f64::from(x.years), 0),
                    Cell::Num(x.parts[0], 2),
                    Cell::Num(x.parts[1], 2),
                    Cell::Num(x.parts[2], 2),
                    Cell::Num(x.parts[3], 2),
                    Cell::Num(crate::rules::wishes::points_value(x.points), 2),
                    text(l.t(
                        if x.volunteer { "是" } else { "否" },
                        if x.volunteer { "yes" } else { "no" },
                    )),
                ];
                row.extend((0..most).map(|k| x.wishes.get(k).map_or(Cell::Empty, text)));
                row.push(x.to.map_or(Cell::Empty, |s| text(&county.schools[s].name)));
                row.push(text(l.t(&zh, &en)));
                row
            })
            .collect(),
        below: vec![],
        marked: vec![],
    }
}
