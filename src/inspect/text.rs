//! The overview as a terminal report. Labels are bilingual (English, then Chinese) because the
//! report is read both by the county's personnel office and by developers; FTE figures show one
//! decimal, which is the precision a staffing decision is made at.

use super::data::{Figures, Overview, ReasonCount};
use super::table::{Align, Table};
use crate::domain::Area;
use std::fmt::Write;

use Align::{Left as L, Right as R};

/// Renders the overview as aligned, bilingual text ending with a newline.
pub fn render_text(o: &Overview) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "County overview 县域概况: {} (plan year 计划年度 {}, term 交流期 {} – {})",
        o.scenario, o.plan_year, o.term_start, o.term_end
    );
    let _ = writeln!(
        out,
        "  {} schools 所学校, {} teachers 名教师, {} students 名学生",
        o.schools, o.teachers, o.students
    );
    section(&mut out, "Teachers by area 各区域教师", &areas_table(o));
    section(&mut out, "Rotation pool 交流轮岗对象", &pool_table(o));
    section(
        &mut out,
        "Due by years in school 同校任教年限 (eligible 可交流)",
        &due_table(o),
    );
    section(&mut out, "Subjects 各学科编制 (FTE)", &subjects_table(o));
    section(
        &mut out,
        "Gaps by area 各区域缺编 (FTE)",
        &gaps_by_area_table(o),
    );
    let top = format!(
        "Top {} schools by weighted gap 加权缺编最多的学校",
        o.top_schools.len()
    );
    section(&mut out, &top, &top_table(o));
    section(&mut out, "Totals 合计", &totals_table(o));
    section(
        &mut out,
        "Establishment by area 各区域核定编制",
        &establishment_area_table(o),
    );
    section(
        &mut out,
        "Establishment by school 各校核定编制",
        &establishment_school_table(o),
    );
    out
}

fn section(out: &mut String, title: &str, body: &str) {
    let _ = write!(out, "\n{title}\n{body}");
}

fn area_label(area: Area) -> String {
    format!("{} {}", area.key(), area.zh())
}

fn fte(x: f64) -> String {
    format!("{x:.1}")
}

fn areas_table(o: &Overview) -> String {
    let mut t = Table::new(
        &[
            "area 区域",
            "schools 学校",
            "teachers 教师",
            "students 学生",
            "eligible 可交流",
        ],
        &[L, R, R, R, R],
    );
    for a in &o.areas {
        t.row(vec![
            area_label(a.area),
            a.schools.to_string(),
            a.teachers.to_string(),
            a.students.to_string(),
            a.eligible.to_string(),
        ]);
    }
    t.row(vec![
        "total 合计".into(),
        o.schools.to_string(),
        o.teachers.to_string(),
        o.students.to_string(),
        o.eligible.to_string(),
    ]);
    t.render()
}

fn pool_table(o: &Overview) -> String {
    let mut t = Table::new(&["", "teachers 人数"], &[L, R]);
    t.row(vec!["eligible 可交流".into(), o.eligible.to_string()]);
    t.row(vec![
        "must serve 必须交流".into(),
        o.must_serve_total.to_string(),
    ]);
    reason_rows(&mut t, &o.must_serve);
    t.row(vec![
        "  of them not eligible 其中不可交流".into(),
        o.must_serve_ineligible.to_string(),
    ]);
    t.row(vec![
        "deferred 暂缓交流 (sending areas 派出区域)".into(),
        o.deferred_total.to_string(),
    ]);
    reason_rows(&mut t, &o.deferred);
    t.row(vec![
        "resting after a term 交流期满间隔期内".into(),
        o.resting.to_string(),
    ]);
    t.row(vec![
        "on a term from an earlier year 上年起交流期未满".into(),
        o.on_term.to_string(),
    ]);
    t.row(vec!["due 到期应交流".into(), o.due_total.to_string()]);
    if o.leaders > 0 {
        t.row(vec![
            "leaders 校长、副校长、中层干部 (docs/leaders.md)".into(),
            o.leaders.to_string(),
        ]);
        t.row(vec![
            "  of them due 其中任职期满应交流".into(),
            o.leaders_due.to_string(),
        ]);
    }
    if o.applicants > 0 {
        t.row(vec![
            "applicants 个人申请 (docs/wishes.md)".into(),
            o.applicants.to_string(),
        ]);
        t.row(vec![
            "  of them volunteers 其中自愿".into(),
            o.volunteers.to_string(),
        ]);
    }
    t.render()
}

fn reason_rows(t: &mut Table, reasons: &[ReasonCount]) {
    for r in reasons {
        t.row(vec![
            format!("  {} {}", r.reason, r.zh),
            r.teachers.to_string(),
        ]);
    }
}

fn due_table(o: &Overview) -> String {
    if o.due.is_empty() {
        return "  none 无\n".into();
    }
    let mut t = Table::new(&["years 年限", "teachers 人数"], &[R, R]);
    for d in &o.due {
        t.row(vec![d.years.to_string(), d.teachers.to_string()]);
    }
    t.render()
}

fn subjects_table(o: &Overview) -> String {
    let mut header = vec![
        "subject 学科",
        "need 需求",
        "staff 现有",
        "gap 缺编",
        "surplus 超编",
    ];
    let area_headers: Vec<String> = Area::ALL
        .iter()
        .map(|a| format!("gap {}", a.zh()))
        .collect();
    header.extend(area_headers.iter().map(String::as_str));
    let aligns: Vec<Align> = std::iter::once(L)
        .chain(std::iter::repeat_n(R, header.len() - 1))
        .collect();
    let mut t = Table::new(&header, &aligns);
    for s in &o.subjects {
        let mark = if s.shortage { " *" } else { "" };
        let mut cells = vec![format!("{} {}{mark}", s.subject, s.zh)];
        cells.extend(figure_cells(&s.figures));
        cells.extend(s.by_area.iter().map(|a| fte(a.figures.gap)));
        t.row(cells);
    }
    let mut text = t.render();
    let _ = writeln!(
        text,
        "  * shortage subject 紧缺学科: {} (gap 缺编 {})",
        if o.shortage_subjects.is_empty() {
            "none 无".to_string()
        } else {
            o.shortage_subjects.join(", ")
        },
        fte(o.shortage_gap_total)
    );
    text
}

fn figure_cells(f: &Figures) -> [String; 4] {
    [fte(f.need), fte(f.staff), fte(f.gap), fte(f.surplus)]
}

fn gaps_by_area_table(o: &Overview) -> String {
    let mut t = Table::new(
        &[
            "area 区域",
            "need 需求",
            "staff 现有",
            "gap 缺编",
            "surplus 超编",
            "weighted 加权缺编",
        ],
        &[L, R, R, R, R, R],
    );
    for a in &o.areas {
        let mut cells = vec![area_label(a.area)];
        cells.extend(figure_cells(&a.figures));
        cells.push(fte(a.weighted_gap));
        t.row(cells);
    }
    t.render()
}

fn top_table(o: &Overview) -> String {
    if o.top_schools.is_empty() {
        return "  no school has a gap 无缺编学校\n".into();
    }
    let mut t = Table::new(
        &[
            "#",
            "school 学校",
            "name 名称",
            "area 区域",
            "gap 缺编",
            "weighted 加权",
            "short subjects 缺编学科",
        ],
        &[R, L, L, L, R, R, L],
    );
    for (i, s) in o.top_schools.iter().enumerate() {
        let short: Vec<String> = s
            .short_subjects
            .iter()
            .map(|x| format!("{} {}", x.subject, fte(x.gap)))
            .collect();
        t.row(vec![
            (i + 1).to_string(),
            s.school_id.clone(),
            s.name.clone(),
            area_label(s.area),
            fte(s.gap),
            fte(s.weighted_gap),
            short.join(", "),
        ]);
    }
    t.render()
}

fn totals_table(o: &Overview) -> String {
    let mut t = Table::new(&["", "FTE"], &[L, R]);
    t.row(vec!["gap total 缺编总数".into(), fte(o.gap_total)]);
    t.row(vec![
        "weighted gap total 加权缺编总数".into(),
        fte(o.weighted_gap_total),
    ]);
    t.row(vec![
        "gap in shortage subjects 紧缺学科缺编".into(),
        fte(o.shortage_gap_total),
    ]);
    t.render()
}

fn establishment_area_table(o: &Overview) -> String {
    let mut t = Table::new(
        &[
            "area 区域",
            "schools 学校",
            "establishment 核定编制",
            "headcount 在编人数",
            "above 超编学校",
            "below 缺编学校",
            "vacant posts 空编",
        ],
        &[L, R, R, R, R, R, R],
    );
    for a in &o.establishment_by_area {
        t.row(vec![
            area_label(a.area),
            a.schools.to_string(),
            a.establishment.to_string(),
            a.headcount.to_string(),
            a.schools_above.to_string(),
            a.schools_below.to_string(),
            a.vacant_posts.to_string(),
        ]);
    }
    let sum = |f: fn(&super::data::AreaEstablishment) -> u64| -> String {
        o.establishment_by_area
            .iter()
            .map(f)
            .sum::<u64>()
            .to_string()
    };
    t.row(vec![
        "total 合计".into(),
        sum(|a| a.schools.into()),
        sum(|a| a.establishment),
        sum(|a| a.headcount),
        sum(|a| a.schools_above.into()),
        sum(|a| a.schools_below.into()),
        sum(|a| a.vacant_posts),
    ]);
    t.render()
}

fn establishment_school_table(o: &Overview) -> String {
    if o.establishment_by_school.is_empty() {
        return "  no school 无学校\n".into();
    }
    let mut t = Table::new(
        &[
            "school 学校",
            "name 名称",
            "area 区域",
            "establishment 核定编制",
            "source 来源",
            "headcount 在编人数",
            "above(+)/below(-) 超编(+)/缺编(-)",
        ],
        &[L, L, L, R, L, R, R],
    );
    for s in &o.establishment_by_school {
        let source = if s.source == "given" {
            "given 核定"
        } else {
            "computed 测算"
        };
        t.row(vec![
            s.school_id.clone(),
            s.name.clone(),
            area_label(s.area),
            s.establishment.to_string(),
            source.into(),
            s.headcount.to_string(),
            format!("{:+}", s.difference),
        ]);
    }
    t.render()
}
