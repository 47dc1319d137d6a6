//! The staffing sections of report.html: establishment and headcount per area, the schools
//! above their establishment, the gap per area with a sentence, the teaching points' shortage
//! subjects and who covers them, and the itinerant circuits. Every name is escaped by `table`.

use super::{labels, n, t, table};
use crate::output::staffing_view::{self as view, AreaStaffing};
use crate::output::svg::esc;
use crate::output::ReportCtx;
use std::fmt::Write;

type Row<'a> = (Vec<(String, bool)>, &'a str);

fn opt(x: Option<f64>) -> (String, bool) {
    x.map_or_else(|| ("—".to_string(), true), |v| n(v, 2))
}

/// The staffing section.
pub(super) fn staffing(o: &mut String, ctx: &ReportCtx) {
    let l = ctx.lang;
    let areas = view::by_area(ctx);
    let _ = write!(
        o,
        "<h2 id=\"staffing\">{}</h2><p>{}</p>",
        l.t("编制与人员", "Establishment and headcount"),
        esc(&view::gap_sentence(l, &areas))
    );
    area_table(o, ctx, &areas);
    above_table(o, ctx);
    few_pupils_table(o, ctx);
    shortage_table(o, ctx);
}

fn area_table(o: &mut String, ctx: &ReportCtx, areas: &[AreaStaffing]) {
    let l = ctx.lang;
    let rows: Vec<Row> = areas
        .iter()
        .filter_map(|a| {
            let area = a.area?;
            Some((
                vec![
                    t(l.area(area)),
                    n(a.schools as f64, 0),
                    n(a.establishment as f64, 0),
                    n(a.before as f64, 0),
                    n(a.after as f64, 0),
                    (format!("{} → {}", a.over_before, a.over_after), true),
                    opt(a.ppt_before()),
                    opt(a.ppt_after()),
                    n(a.gap_before, 1),
                    n(a.gap_after, 1),
                ],
                if a.over_after > 0 { "over" } else { "" },
            ))
        })
        .collect();
    table(
        o,
        &labels(
            l,
            &[
                ("区域", "area"),
                ("学校数", "schools"),
                ("核定编制", "establishment"),
                ("人数前", "headcount before"),
                ("人数后", "headcount after"),
                (
                    "超编学校 前→后",
                    "schools above establishment before → after",
                ),
                ("生师比前", "pupils per teacher before"),
                ("生师比后", "pupils per teacher after"),
                ("缺口前 (FTE)", "gap before (FTE)"),
                ("缺口后 (FTE)", "gap after (FTE)"),
            ],
        ),
        &rows,
    );
}

/// Schools above their establishment before or after the plan.
fn above_table(o: &mut String, ctx: &ReportCtx) {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let _ = write!(
        o,
        "<h2 id=\"above-establishment\">{}</h2>",
        l.t("超编学校", "Schools above establishment")
    );
    let rows: Vec<Row> = ctx
        .staffing
        .iter()
        .filter(|r| r.over_before() || r.over_after())
        .map(|r| {
            let s = &county.schools[r.school];
            (
                vec![
                    t(&s.name),
                    t(l.area(s.area)),
                    n(r.establishment as f64, 0),
                    n(r.before as f64, 0),
                    n(r.after as f64, 0),
                    n(r.above() as f64, 0),
                ],
                if r.above() > 0 { "over" } else { "" },
            )
        })
        .collect();
    if rows.is_empty() {
        let _ = write!(
            o,
            "<p class=\"note\">{}</p>",
            l.t("没有学校超编。", "No school is above its establishment.")
        );
        return;
    }
    table(
        o,
        &labels(
            l,
            &[
                ("学校", "school"),
                ("区域", "area"),
                ("核定编制", "establishment"),
                ("人数前", "before"),
                ("人数后", "after"),
                ("超编", "above"),
            ],
        ),
        &rows,
    );
}

/// Schools with fewer pupils per teacher after the plan than the floor (师多生少).
fn few_pupils_table(o: &mut String, ctx: &ReportCtx) {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let floor = crate::output::figures::plain(ctx.loaded.scenario.establishment.pupil_floor);
    let _ = write!(
        o,
        "<h2 id=\"few-pupils\">{}</h2>",
        esc(&match l {
            crate::output::Lang::Zh => format!("师多生少：方案后生师比低于 {floor}"),
            crate::output::Lang::En =>
                format!("Fewer than {floor} pupils per teacher after the plan"),
        })
    );
    let rows: Vec<Row> = ctx
        .staffing
        .iter()
        .filter(|r| r.below_floor)
        .map(|r| {
            let s = &county.schools[r.school];
            (
                vec![
                    t(&s.name),
                    t(l.area(s.area)),
                    n(f64::from(s.students), 0),
                    n(f64::from(s.classes), 0),
                    n(r.groups, r.group_decimals()),
                    n(f64::from(r.establishment), 0),
                    n(f64::from(r.before), 0),
                    n(f64::from(r.arrivals()), 0),
                    n(f64::from(r.after), 0),
                    opt(crate::output::staffing::pupils_per_teacher(
                        s.students.into(),
                        r.after.into(),
                    )),
                ],
                "",
            )
        })
        .collect();
    if rows.is_empty() {
        let _ = write!(o, "<p class=\"note\">{}</p>", l.t("没有。", "None."));
        return;
    }
    table(
        o,
        &labels(
            l,
            &[
                ("学校", "school"),
                ("区域", "area"),
                ("学生数", "pupils"),
                ("班级数", "classes"),
                ("教学班(含复式)", "teaching groups"),
                ("核定编制", "establishment"),
                ("人数前", "before"),
                ("调入", "arrivals"),
                ("人数后", "after"),
                ("生师比后", "pupils per teacher after"),
            ],
        ),
        &rows,
    );
}

/// The teaching points' shortage subjects: need and who covers it (FTE), uncovered marked.
fn shortage_table(o: &mut String, ctx: &ReportCtx) {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let _ = write!(
        o,
        "<h2 id=\"shortage\">{}</h2>",
        l.t(
            "教学点紧缺学科覆盖 (FTE)",
            "Teaching points' shortage subjects (FTE)"
        )
    );
    let rows: Vec<Row> = view::teaching_point_shortage(ctx)
        .iter()
        .map(|r| {
            (
                vec![
                    t(&county.schools[r.school].name),
                    t(ctx.subject(&r.subject)),
                    n(r.need, 2),
                    n(r.staff, 2),
                    n(r.rotated, 2),
                    n(r.exchange, 2),
                    n(r.hire, 2),
                    n(r.itinerant, 2),
                    (super::num(r.uncovered, 2), true),
                    t(ctx.lang.t(&r.why.0, &r.why.1)),
                ],
                if r.uncovered > 0.005 { "over" } else { "" },
            )
        })
        .collect();
    if rows.is_empty() {
        let _ = write!(
            o,
            "<p class=\"note\">{}</p>",
            l.t(
                "没有教学点需要紧缺学科。",
                "No teaching point needs a shortage subject."
            )
        );
        return;
    }
    table(
        o,
        &labels(
            l,
            &[
                ("教学点", "teaching point"),
                ("学科", "subject"),
                ("需求", "need"),
                ("本校教师", "staff"),
                ("交流轮岗", "rotated"),
                ("对口交流", "exchange"),
                ("新教师", "hire"),
                ("走教", "itinerant"),
                ("未覆盖", "uncovered"),
                ("原因", "why"),
            ],
        ),
        &rows,
    );
}

/// The itinerant circuits: teacher, base school, schools served.
pub(super) fn itinerant(o: &mut String, ctx: &ReportCtx) {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let _ = write!(
        o,
        "<h2 id=\"itinerant\">{}</h2>",
        l.t("走教", "Itinerant teaching")
    );
    let circuits = view::circuits(ctx);
    if circuits.is_empty() {
        let _ = write!(
            o,
            "<p class=\"note\">{}</p>",
            l.t("本方案无走教。", "No itinerant teaching in this plan.")
        );
        return;
    }
    let rows: Vec<Row> = circuits
        .iter()
        .map(|c| {
            let stops: Vec<String> = c
                .stops
                .iter()
                .map(|st| {
                    format!(
                        "{} ({}, {} {}, {})",
                        county.schools[st.school].name,
                        ctx.subject(&st.subject),
                        super::num(st.periods, 1),
                        l.t("节/周", "periods/week"),
                        st.km
                            .map(|k| format!("{} km", super::num(k, 1)))
                            .unwrap_or_else(|| "—".into())
                    )
                })
                .collect();
            (
                vec![
                    t(ctx.names.id(county, c.teacher)),
                    t(ctx.names.name(county, c.teacher)),
                    t(&county.schools[c.base].name),
                    t(stops.join("; ")),
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
                ("所在学校", "base school"),
                ("走教学校", "schools served"),
            ],
        ),
        &rows,
    );
}
