//! report.md: the plan in a page the bureau's leadership reads, with Chinese and English labels.

use super::staffing_view as view;
use super::{figures::Summary, Lang, ReportCtx};
use crate::plan::MoveKind;
use crate::rules::indicators::{Indicator, Spread};
use std::collections::BTreeMap;
use std::fmt::Write;

/// User text (names, ids, messages) made inert in Markdown: characters that start markup,
/// HTML (`<script>`) or a table cell are backslash-escaped, line breaks become spaces.
fn md(text: &str) -> String {
    let mut o = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '<' | '>' | '~' | '#' | '&' => {
                o.push('\\');
                o.push(c);
            }
            '\r' | '\n' => o.push(' '),
            c if c.is_control() => o.push('\u{fffd}'),
            c => o.push(c),
        }
    }
    o
}

fn cv(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.3}")).unwrap_or_else(|| "—".into())
}

/// The quality-balance section: coefficients against their limits, schools below threshold.
fn indicators(o: &mut String, spreads: &[Spread]) {
    let _ = writeln!(
        o,
        "## 优质均衡教师指标 Quality-balance teacher indicators (2017)\n"
    );
    let _ = writeln!(
        o,
        "| 学段 Stage | 指标 Indicator | 差异系数前 CV before | 差异系数后 CV after | 上限 Limit | 低于标准校数 Schools below threshold (before → after) |\n|---|---|---:|---:|---:|---:|"
    );
    for s in spreads {
        let mark = match s.meets(true) {
            Some(true) => "✓",
            Some(false) => "✗",
            None => "",
        };
        let _ = writeln!(
            o,
            "| {} {} | {} {} | {} | {} {mark} | {:.2} | {} → {} of {} |",
            s.stage.zh(),
            s.stage.key(),
            s.indicator.key().to_uppercase(),
            s.indicator.zh(),
            cv(s.cv_before),
            cv(s.cv_after),
            s.cv_limit,
            s.below_before,
            s.below_after,
            s.schools
        );
    }
    let _ = writeln!(
        o,
        "\n{}: {}; {}: {}; {}: {}. Per school: plan.xlsx, report.html.\n",
        Indicator::L1.key().to_uppercase(),
        Indicator::L1.en(),
        Indicator::L2.key().to_uppercase(),
        Indicator::L2.en(),
        Indicator::L3.key().to_uppercase(),
        Indicator::L3.en()
    );
}

pub fn render(ctx: &ReportCtx) -> String {
    let mut o = String::new();
    headline(&mut o, ctx);
    rule_status(&mut o, &ctx.summary);
    subject_gaps(&mut o, ctx);
    staffing(&mut o, ctx);
    indicators(&mut o, &ctx.summary.indicators);
    receiving_schools(&mut o, ctx);
    itinerant(&mut o, ctx);
    leaders(&mut o, ctx);
    wishes(&mut o, ctx);
    stages(&mut o, &ctx.summary);
    let _ = writeln!(o, "\n明细见 plan.xlsx、report.html 及 plan.csv、hires.csv、gaps.csv、unplaced.csv、coverage.csv、itinerant.csv、staffing.csv。 Details: plan.xlsx, report.html, plan.csv, hires.csv, gaps.csv, unplaced.csv, coverage.csv, itinerant.csv, staffing.csv.");
    o
}

/// The title and the table of headline figures.
fn headline(o: &mut String, ctx: &ReportCtx) {
    let s = &ctx.summary;
    let scenario = &ctx.loaded.scenario;
    let _ = writeln!(
        o,
        "# {} — 交流轮岗与新教师分配方案 Rotation and hiring plan {}–{}\n",
        md(&scenario.name),
        s.plan_year,
        s.plan_year + 1
    );
    let _ = writeln!(o, "| 指标 Figure | 值 Value |\n|---|---|");
    let rows: Vec<(&str, String)> = vec![
        (
            "求解状态 Solver status",
            format!("{} (MIP gap {:.4}%)", s.status, 100.0 * s.mip_gap),
        ),
        ("符合交流条件 Eligible teachers", s.eligible.to_string()),
        (
            "交流人数 Rotated",
            format!(
                "{} ({:.1}%, required {:.0}%)",
                s.rotated,
                100.0 * s.rotation_share,
                100.0 * scenario.policy.rotation_share
            ),
        ),
        (
            "其中骨干教师 Backbone among rotated",
            format!(
                "{} ({:.1}%, required {:.0}%)",
                s.backbone_rotated,
                100.0 * s.backbone_share,
                100.0 * scenario.policy.backbone_share
            ),
        ),
        (
            "须本年服务 Must serve this year",
            format!("{} placed of {}", s.must_serve_placed, s.must_serve),
        ),
        ("对口交流 Exchanged", s.exchanged.to_string()),
        (
            "新教师 New hires placed",
            format!("{} ({} unspent 未安排)", s.hires, s.hires_unspent),
        ),
        ("走教 Itinerant (FTE)", format!("{:.1}", s.itinerant_fte)),
        (
            "超编学校 Schools above establishment",
            format!(
                "{} → {}",
                s.over_establishment_before, s.over_establishment_after
            ),
        ),
        (
            "学科缺口 Subject gap (FTE)",
            format!("{:.1} → {:.1}", s.gap_before, s.gap_after),
        ),
        (
            "加权缺口 Weighted gap",
            format!("{:.1} → {:.1}", s.weighted_gap_before, s.weighted_gap_after),
        ),
    ];
    for (k, v) in rows {
        let _ = writeln!(o, "| {k} | {v} |");
    }
    let _ = writeln!(o);
}

/// Either the note that every rule is met or the list of rules the plan does not meet.
fn rule_status(o: &mut String, s: &Summary) {
    if s.violations.is_empty() {
        let _ = writeln!(o, "所有规则均已满足。 Every rule is met.\n");
    } else {
        let _ = writeln!(o, "## 未能满足的规则 Rules not met\n");
        for v in &s.violations {
            let _ = writeln!(
                o,
                "- `{}` {} · {}",
                v.code,
                md(&v.message),
                md(&v.message_zh)
            );
        }
        let _ = writeln!(o);
    }
    let notes = s.side_effects();
    if !notes.is_empty() {
        let _ = writeln!(o, "## 需要关注 (不属于规则) To note (not rules)\n");
        for (en, zh) in &notes {
            let _ = writeln!(o, "- {} · {}", md(zh), md(en));
        }
        let _ = writeln!(o);
    }
}

/// Need and gap per subject, summed over the schools, before and after.
fn subject_gaps(o: &mut String, ctx: &ReportCtx) {
    let scenario = &ctx.loaded.scenario;
    let _ = writeln!(o, "## 各学科缺口 Gap by subject (FTE)\n");
    let _ = writeln!(
        o,
        "| 学科 Subject | 需求 Need | 缺口前 Before | 缺口后 After |\n|---|---:|---:|---:|"
    );
    let mut by_subject: BTreeMap<&str, (f64, f64, f64)> = BTreeMap::new();
    for g in &ctx.gaps {
        let e = by_subject.entry(g.subject.as_str()).or_default();
        e.0 += g.need;
        e.1 += g.gap_before();
        e.2 += g.gap_after();
    }
    for (subject, (need, before, after)) in &by_subject {
        let zh = scenario
            .subjects
            .get(*subject)
            .map(|d| d.zh.as_str())
            .unwrap_or("");
        let _ = writeln!(
            o,
            "| {} {} | {need:.1} | {before:.1} | {after:.1} |",
            md(zh),
            md(subject)
        );
    }
    let _ = writeln!(o);
}

/// How many rotated teachers each receiving school takes, and in which subjects.
fn receiving_schools(o: &mut String, ctx: &ReportCtx) {
    let county = &ctx.loaded.county;
    let _ = writeln!(o, "## 交流去向 Rotations by receiving school\n");
    let _ = writeln!(
        o,
        "| 学校 School | 区域 Area | 接收 Received | 学科 Subjects |\n|---|---|---:|---|"
    );
    let mut by_school: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for a in ctx
        .plan
        .assignments
        .iter()
        .filter(|a| a.kind == MoveKind::Rotation)
    {
        by_school.entry(a.to).or_default().push(a.subject.as_str());
    }
    let mut schools: Vec<_> = by_school.into_iter().collect();
    schools.sort_by(|a, b| county.schools[a.0].id.cmp(&county.schools[b.0].id));
    for (school, subjects) in schools {
        let sc = &county.schools[school];
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &subjects {
            *counts.entry(s).or_default() += 1;
        }
        let list: Vec<String> = counts
            .iter()
            .map(|(s, n)| format!("{} {n}", md(s)))
            .collect();
        let _ = writeln!(
            o,
            "| {} {} | {} | {} | {} |",
            md(&sc.id),
            md(&sc.name),
            sc.area.zh(),
            subjects.len(),
            list.join(", ")
        );
    }
    let _ = writeln!(o);
}

/// The solver's goals in order, with status, objective and time.
fn stages(o: &mut String, s: &Summary) {
    let _ = writeln!(o, "## 求解过程 Solver stages\n");
    let _ = writeln!(
        o,
        "| 目标 Goal | 状态 Status | 目标值 Objective | 用时 Seconds |\n|---|---|---:|---:|"
    );
    for st in &s.stages {
        let _ = writeln!(
            o,
            "| {} | {} | {:.4} | {:.3} |",
            st.goal.key(),
            st.status.key(),
            st.objective,
            st.seconds
        );
    }
}

/// A subject as "语文 chinese": the catalogue's Chinese name, then the id.
fn subject_label(ctx: &ReportCtx, id: &str) -> String {
    match ctx.loaded.scenario.subjects.get(id) {
        Some(d) => format!("{} {}", md(&d.zh), md(id)),
        None => md(id),
    }
}

fn opt2(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.2}")).unwrap_or_else(|| "—".into())
}

/// The staffing section: establishment and headcount per area, the schools above their
/// establishment, pupils per teacher, the gap per area with a sentence, and the teaching
/// points' shortage subjects with who covers them.
fn staffing(o: &mut String, ctx: &ReportCtx) {
    let county = &ctx.loaded.county;
    let areas = view::by_area(ctx);
    let _ = writeln!(o, "## 编制与人员 Establishment and headcount\n");
    let _ = writeln!(
        o,
        "| 区域 Area | 学校 Schools | 核定编制 Establishment | 人数前 Headcount before | 人数后 After | 超编学校 Above establishment (before → after) | 生师比前 Pupils per teacher before | 生师比后 After | 缺口前 Gap before (FTE) | 缺口后 After |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for a in &areas {
        let Some(area) = a.area else { continue };
        let _ = writeln!(
            o,
            "| {} {} | {} | {} | {} | {} | {} → {} | {} | {} | {:.1} | {:.1} |",
            area.zh(),
            Lang::En.area(area),
            a.schools,
            a.establishment,
            a.before,
            a.after,
            a.over_before,
            a.over_after,
            opt2(a.ppt_before()),
            opt2(a.ppt_after()),
            a.gap_before,
            a.gap_after
        );
    }
    let _ = writeln!(
        o,
        "\n{} {}\n",
        view::gap_sentence(Lang::Zh, &areas),
        view::gap_sentence(Lang::En, &areas)
    );
    above_establishment(o, ctx);
    few_pupils(o, ctx);
    let _ = writeln!(
        o,
        "### 教学点紧缺学科 Teaching points' shortage subjects (FTE)\n"
    );
    let rows = view::teaching_point_shortage(ctx);
    if rows.is_empty() {
        let _ = writeln!(
            o,
            "没有教学点需要紧缺学科。 No teaching point needs a shortage subject.\n"
        );
        return;
    }
    let _ = writeln!(
        o,
        "| 教学点 Teaching point | 学科 Subject | 需求 Need | 本校 Staff | 交流 Rotated | 对口交流 Exchange | 新教师 Hire | 走教 Itinerant | 未覆盖 Uncovered | 原因 Why |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
    );
    for r in &rows {
        let s = &county.schools[r.school];
        let _ = writeln!(
            o,
            "| {} {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {} |",
            md(&s.id),
            md(&s.name),
            subject_label(ctx, &r.subject),
            r.need,
            r.staff,
            r.rotated,
            r.exchange,
            r.hire,
            r.itinerant,
            r.uncovered,
            md(&r.why_both())
        );
    }
    let _ = writeln!(o);
}

/// Schools above their establishment after the plan (or before it).
fn above_establishment(o: &mut String, ctx: &ReportCtx) {
    let county = &ctx.loaded.county;
    let over: Vec<_> = ctx
        .staffing
        .iter()
        .filter(|r| r.over_before() || r.over_after())
        .collect();
    let _ = writeln!(o, "### 超编学校 Schools above establishment\n");
    if over.is_empty() {
        let _ = writeln!(o, "没有学校超编。 No school is above its establishment.\n");
        return;
    }
    let _ = writeln!(
        o,
        "| 学校 School | 区域 Area | 核定编制 Establishment | 人数前 Before | 人数后 After | 超编 Above |\n|---|---|---:|---:|---:|---:|"
    );
    for r in over {
        let s = &county.schools[r.school];
        let _ = writeln!(
            o,
            "| {} {} | {} | {} | {} | {} | {} |",
            md(&s.id),
            md(&s.name),
            s.area.zh(),
            r.establishment,
            r.before,
            r.after,
            r.above()
        );
    }
    let _ = writeln!(o);
}

/// Schools with fewer pupils per teacher after the plan than `establishment.pupil_floor`
/// (师多生少), with their teaching groups and arrivals.
fn few_pupils(o: &mut String, ctx: &ReportCtx) {
    let county = &ctx.loaded.county;
    let floor = ctx.loaded.scenario.establishment.pupil_floor;
    let rows: Vec<_> = ctx.staffing.iter().filter(|r| r.below_floor).collect();
    let _ = writeln!(
        o,
        "### 师多生少 Fewer than {} pupils per teacher after the plan\n",
        crate::output::figures::plain(floor)
    );
    if rows.is_empty() {
        let _ = writeln!(o, "没有。 None.\n");
        return;
    }
    let _ = writeln!(
        o,
        "| 学校 School | 区域 Area | 学生 Pupils | 班级 Classes | 教学班 Teaching groups | 核定编制 Establishment | 人数前 Before | 调入 Arrivals | 人数后 After | 生师比后 Pupils per teacher |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for r in rows {
        let s = &county.schools[r.school];
        let _ = writeln!(
            o,
            "| {} {} | {} | {} | {} | {:.*} | {} | {} | {} | {} | {} |",
            md(&s.id),
            md(&s.name),
            s.area.zh(),
            s.students,
            s.classes,
            r.group_decimals(),
            r.groups,
            r.establishment,
            r.before,
            r.arrivals(),
            r.after,
            opt2(crate::output::staffing::pupils_per_teacher(
                s.students.into(),
                r.after.into()
            ))
        );
    }
    let _ = writeln!(o);
}

/// The itinerant circuits (走教): teacher, base school, schools served.
fn itinerant(o: &mut String, ctx: &ReportCtx) {
    let county = &ctx.loaded.county;
    let _ = writeln!(o, "## 走教 Itinerant teaching\n");
    let circuits = view::circuits(ctx);
    if circuits.is_empty() {
        let _ = writeln!(o, "本方案无走教。 No itinerant teaching in this plan.\n");
        return;
    }
    let _ = writeln!(
        o,
        "| 教师 Teacher | 所在学校 Base school | 走教学校 Schools served (subject, periods per week, km) |\n|---|---|---|"
    );
    for c in &circuits {
        let stops: Vec<String> = c
            .stops
            .iter()
            .map(|st| {
                format!(
                    "{} {} ({}, {:.1}, {})",
                    md(&county.schools[st.school].id),
                    md(&county.schools[st.school].name),
                    subject_label(ctx, &st.subject),
                    st.periods,
                    st.km
                        .map(|k| format!("{k:.1} km"))
                        .unwrap_or_else(|| "—".into())
                )
            })
            .collect();
        let _ = writeln!(
            o,
            "| {} {} | {} | {} |",
            md(ctx.names.id(county, c.teacher)),
            md(ctx.names.name(county, c.teacher)),
            md(&county.schools[c.base].name),
            stops.join("; ")
        );
    }
    let _ = writeln!(o);
}

/// Leader rotation (docs/leaders.md): the figures and every leader who moves or, due, stays.
fn leaders(o: &mut String, ctx: &ReportCtx) {
    let (Some(f), false) = (ctx.summary.leaders, ctx.leaders.is_empty()) else {
        return;
    };
    let county = &ctx.loaded.county;
    let _ = writeln!(o, "## 干部交流 Leader rotation\n");
    let _ = writeln!(
        o,
        "校长、副校长和中层干部 {} 人，期满应交流 {} 人，交流 {} 人，期满未交流 {} 人，薄弱学校未由较强学校接任 {} 人。 \
         {} leaders, {} due, {} moved, {} due staying, {} weak-school posts not filled from a stronger school.\n",
        f.leaders, f.due, f.moved, f.due_staying, f.weak_unserved,
        f.leaders, f.due, f.moved, f.due_staying, f.weak_unserved
    );
    let _ = writeln!(
        o,
        "| 工号 Id | 姓名 Name | 职务 Post | 原学校 From | 交流学校 To | 说明 Reason |\n|---|---|---|---|---|---|"
    );
    for x in ctx
        .leaders
        .iter()
        .filter(|x| x.to.is_some() || x.due_staying())
    {
        let t = &county.teachers[x.teacher];
        let _ = writeln!(
            o,
            "| {} | {} | {} {} | {} | {} | {} ({}) |",
            md(ctx.names.id(county, x.teacher)),
            md(ctx.names.name(county, x.teacher)),
            t.post.zh(),
            t.post.key(),
            md(&county.schools[x.school].name),
            x.to.map_or("—".to_string(), |s| md(&county.schools[s].name)),
            x.reason.1,
            x.reason.0
        );
    }
    let _ = writeln!(o);
}

/// Applications and wishes (docs/wishes.md): the figures, the envy count of the independent
/// checker, and the ten applicants with the most points.
fn wishes(o: &mut String, ctx: &ReportCtx) {
    let Some(f) = &ctx.summary.wishes else {
        return;
    };
    let county = &ctx.loaded.county;
    let share = |n: usize, d: usize| {
        if d == 0 {
            0.0
        } else {
            100.0 * n as f64 / d as f64
        }
    };
    let ranks: Vec<String> = (f.at_wish.iter().enumerate())
        .map(|(k, n)| format!("第{}志愿 wish {} {n}", k + 1, k + 1))
        .collect();
    let _ = writeln!(o, "## 个人申请 Applications and wishes\n");
    let _ = writeln!(
        o,
        "申请 {} 人，其中自愿 {} 人；交流自愿者 {} 人（{:.1}%），非自愿交流 {} 人；{}；非志愿学校 {} 人；合理嫉妒对（独立校验计数）{} 个。 \
         {} applicants, {} volunteers; {} volunteers placed ({:.1}%), {} others sent; {}; {} sent where no wish lies; {} justified-envy pairs (counted by the independent checker).\n",
        f.applicants, f.volunteers, f.volunteers_moved, share(f.volunteers_moved, f.volunteers),
        f.non_volunteers_moved, ranks.join("、"), f.unwished, f.envy_pairs,
        f.applicants, f.volunteers, f.volunteers_moved, share(f.volunteers_moved, f.volunteers),
        f.non_volunteers_moved, ranks.join(", "), f.unwished, f.envy_pairs
    );
    let _ = writeln!(
        o,
        "| 排名 Rank | 工号 Id | 姓名 Name | 积分 Points | 自愿 Volunteer | 结果 Outcome |\n|---|---|---|---|---|---|"
    );
    for (k, x) in ctx.wishes.iter().take(10).enumerate() {
        let (en, zh) = x.outcome_text();
        let _ = writeln!(
            o,
            "| {} | {} | {} | {:.2} | {} | {zh} ({en}) |",
            k + 1,
            md(ctx.names.id(county, x.teacher)),
            md(ctx.names.name(county, x.teacher)),
            crate::rules::wishes::points_value(x.points),
            if x.volunteer { "是 yes" } else { "否 no" },
        );
    }
    let _ = writeln!(o, "\n完整积分公示见 merit-list.csv 与工作簿“积分公示”。 The whole merit list: merit-list.csv and the workbook's sheet 积分公示.\n");
}
