//! plan.xlsx: the plan as the office hands it on, one sheet per table, each with a bold header,
//! fitted column widths, a frozen header row and filters. Labels follow `--lang`.
//!
//! The workbook's creation time is the only thing in the file that depends on the clock; with
//! `--reproducible` it is fixed to 1 January of the plan year, so two runs give the same bytes.

use super::{figures::r6, ReportCtx};
use crate::output::Lang;
use crate::rules::indicators::Indicator;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

/// A cell value.
pub(crate) enum Cell {
    Text(String),
    /// A number shown with the given number of decimals.
    Num(f64, usize),
    /// A date cell (yyyy-mm-dd), so that it sorts and filters as a date.
    Date(chrono::NaiveDate),
    Empty,
}

impl Cell {
    fn width(&self) -> usize {
        match self {
            Cell::Text(s) => display_width(s),
            Cell::Num(x, d) => format!("{x:.d$}").len(),
            Cell::Date(_) => 10,
            Cell::Empty => 0,
        }
    }
}

pub(crate) fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// The most characters an Excel cell holds.
const MAX_CELL_CHARS: usize = 32_767;

/// The text cut to what an Excel cell holds, ending in "…" when cut.
fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        None => s.into(),
        Some(_) => {
            let end = s
                .char_indices()
                .nth(MAX_CELL_CHARS - 1)
                .map_or(s.len(), |(i, _)| i);
            format!("{}…", &s[..end]).into()
        }
    }
}

/// Width in Excel character units: CJK characters take two.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum()
}

/// One sheet: a header row and data rows, then optional notes below the table.
pub(crate) struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Extra tables under the main one (not filtered): (title, header, rows).
    pub below: Vec<(String, Vec<String>, Vec<Vec<Cell>>)>,
}

struct Formats {
    header: Format,
    date: Format,
    nums: [Format; 5],
    title: Format,
}

fn write_row(ws: &mut Worksheet, row: u32, cells: &[Cell], f: &Formats) -> Result<(), XlsxError> {
    for (c, cell) in cells.iter().enumerate() {
        let col = c as u16;
        match cell {
            Cell::Text(s) if !s.is_empty() => {
                ws.write_string(row, col, fit(s))?;
            }
            Cell::Num(x, d) => {
                ws.write_number_with_format(row, col, r6(*x), &f.nums[(*d).min(4)])?;
            }
            Cell::Date(d) => {
                use chrono::Datelike;
                let year = u16::try_from(d.year()).unwrap_or(0);
                match ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8) {
                    Ok(x) => ws.write_datetime_with_format(row, col, x, &f.date)?,
                    // Excel has no dates before 1900 or after 9999: the date as text.
                    Err(_) => ws.write_string(row, col, d.to_string())?,
                };
            }
            _ => {}
        }
    }
    Ok(())
}

fn worksheet(sheet: &Sheet, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut worksheet = Worksheet::new();
    let ws = &mut worksheet;
    ws.set_name(&sheet.name)?;
    let mut widths: Vec<usize> = sheet.headers.iter().map(|h| display_width(h)).collect();
    for (c, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &f.header)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        write_row(ws, r as u32 + 1, row, f)?;
        for (c, cell) in row.iter().enumerate() {
            if c < widths.len() {
                widths[c] = widths[c].max(cell.width());
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    let last_col = sheet.headers.len().saturating_sub(1) as u16;
    ws.autofilter(0, 0, sheet.rows.len() as u32, last_col)?;
    let mut r = sheet.rows.len() as u32 + 2;
    for (title, header, rows) in &sheet.below {
        ws.write_string_with_format(r, 0, title, &f.title)?;
        r += 1;
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, h, &f.header)?;
        }
        r += 1;
        for row in rows {
            write_row(ws, r, row, f)?;
            r += 1;
        }
        r += 1;
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64 + 2.0).clamp(6.0, 60.0))?;
    }
    Ok(worksheet)
}

/// Writes the sheets into workbook bytes.
pub(crate) fn workbook(sheets: &[Sheet], created: Option<i32>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let mut props = DocProperties::new()
        .set_title("rotaplan")
        .set_author("rotaplan");
    if let Some(year) = created {
        let date = ExcelDateTime::from_ymd(u16::try_from(year).unwrap_or(0), 1, 1)?;
        props = props.set_creation_datetime(&date);
    }
    book.set_properties(&props);
    // Level 3, the level Excel itself writes, instead of the default 6: compressing the sheets
    // is much of the time of saving. On the 10,000-teacher benchmark county the whole run
    // executes 0.7% fewer instructions (scripts/instructions.sh), for a workbook of 204 KB
    // instead of 187 KB.
    book.set_zip_compression_level(3);
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let nums = ["0", "0.0", "0.00", "0.000", "0.0000"].map(|n| Format::new().set_num_format(n));
    let f = Formats {
        header,
        date: Format::new().set_num_format("yyyy-mm-dd"),
        nums,
        title: Format::new().set_bold(),
    };
    // The sheets are independent: built side by side, then added in their order.
    use rayon::prelude::*;
    let built: Vec<Worksheet> = sheets
        .par_iter()
        .map(|sheet| worksheet(sheet, &f))
        .collect::<Result<_, _>>()?;
    for ws in built {
        book.push_worksheet(ws);
    }
    book.save_to_buffer()
}

fn sheets(ctx: &ReportCtx) -> Vec<Sheet> {
    vec![
        plan_sheet(ctx),
        hire_sheet(ctx),
        gap_sheet(ctx),
        unplaced_sheet(ctx),
        indicator_sheet(ctx),
        summary_sheet(ctx),
    ]
}

/// Header labels in the report language from (Chinese, English) pairs.
fn labels(l: Lang, pairs: &[(&str, &str)]) -> Vec<String> {
    pairs
        .iter()
        .map(|(zh, en)| l.t(zh, en).to_string())
        .collect()
}

/// The rotation plan: one row per rotated teacher, with the term dates.
fn plan_sheet(ctx: &ReportCtx) -> Sheet {
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
                    text(&p.reason),
                ]
            })
            .collect(),
        below: vec![],
    }
}

/// The new hires per school, subject and programme.
fn hire_sheet(ctx: &ReportCtx) -> Sheet {
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
    }
}

/// The staffing gap per school and subject, before and after the plan.
fn gap_sheet(ctx: &ReportCtx) -> Sheet {
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
                    Cell::Num(g.gap_before(), 2),
                    Cell::Num(g.gap_after(), 2),
                ])
            })
            .collect(),
        below: vec![],
    }
}

/// The teachers the plan could not place, by teacher id.
fn unplaced_sheet(ctx: &ReportCtx) -> Sheet {
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
        rows: super::sorted_unplaced(ctx.loaded, ctx.plan)
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

fn indicator_sheet(ctx: &ReportCtx) -> Sheet {
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
    }
}

fn summary_sheet(ctx: &ReportCtx) -> Sheet {
    let l = ctx.lang;
    let s = &ctx.summary;
    let p = &ctx.loaded.scenario.policy;
    let rows: Vec<(&str, &str, Cell)> = vec![
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
                    .map(|v| format!("{}: {}", v.code, v.message))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        ),
    ];
    Sheet {
        name: l.t("汇总", "summary").into(),
        headers: vec![l.t("指标", "figure").into(), l.t("值", "value").into()],
        rows: rows
            .into_iter()
            .map(|(zh, en, v)| vec![text(l.t(zh, en)), v])
            .collect(),
        below: vec![],
    }
}

/// plan.xlsx bytes.
pub(crate) fn render(ctx: &ReportCtx) -> Vec<u8> {
    let created = ctx.reproducible.then_some(ctx.summary.plan_year);
    // Every input is in memory, every sheet name is fixed and valid and long texts are cut to
    // fit, so a failure here is a bug: the workbook then says so instead of the plan run
    // failing (the CSV files hold the plan).
    workbook(&sheets(ctx), created).unwrap_or_else(|e| failure_note(&e.to_string()))
}

/// A workbook with one sheet that says why plan.xlsx could not be built.
fn failure_note(error: &str) -> Vec<u8> {
    let sheet = Sheet {
        name: "error".into(),
        headers: vec!["plan.xlsx could not be built / plan.xlsx 无法生成".into()],
        rows: vec![vec![text(error)]],
        below: vec![],
    };
    workbook(&[sheet], None).unwrap_or_default()
}
