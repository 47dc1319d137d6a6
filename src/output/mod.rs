//! Plan output files (see docs/plan-format.md and docs/reports.md): rendered in memory, then
//! written atomically. Machine files (CSV, JSON) keep real ids for `check`; the human reports
//! (report.md, plan.xlsx, report.html) follow `--lang` and `--anonymize`.

pub mod anon;
pub mod atomic;
pub mod csv_safe;
pub mod figures;
mod html;
pub mod lang;
mod report;
mod svg;
mod xlsx;

use crate::plan::Plan;
use crate::problem::Problem;
use crate::rules;
use crate::rules::indicators::{self, IndicatorParams, Indicators};
use anon::Names;
use figures::{gap_rows_for, r6, summary, GapRow, Summary};
pub use lang::Lang;

const BOM: &str = "\u{feff}";

/// Options for rendering.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Write zero for every timing figure, so that two runs give byte-identical files.
    pub reproducible: bool,
    /// Language of plan.xlsx and report.html labels.
    pub lang: Lang,
    /// Key for teacher pseudonyms in the human reports (plan.xlsx, report.html, report.md);
    /// `None` shows real ids and names. The CSV files always keep real ids: `check` reads them.
    pub anonymize: Option<String>,
}

/// One rotated teacher with what the reports show about them.
#[derive(Debug, Clone)]
pub struct PlanLine {
    pub teacher: usize,
    pub from: usize,
    pub to: usize,
    pub subject: String,
    pub must_serve: bool,
    pub backbone: bool,
    pub distance_km: Option<f64>,
    pub reason: String,
}

/// Everything the human reports are made from, computed once.
pub struct ReportCtx<'a> {
    pub loaded: &'a Problem,
    pub plan: &'a Plan,
    pub lines: Vec<PlanLine>,
    pub gaps: Vec<GapRow>,
    pub summary: Summary,
    pub indicators: Indicators,
    pub names: Names,
    pub lang: Lang,
    pub reproducible: bool,
}

impl ReportCtx<'_> {
    /// The subject's label: Chinese name (zh) or canonical id (en).
    pub fn subject(&self, id: &str) -> String {
        match self.lang {
            Lang::Zh => self
                .loaded
                .scenario
                .subjects
                .get(id)
                .map(|d| d.zh.clone())
                .unwrap_or_else(|| id.to_string()),
            Lang::En => id.to_string(),
        }
    }
}

fn plan_lines(loaded: &Problem, plan: &Plan) -> Vec<PlanLine> {
    let county = &loaded.county;
    plan.assignments
        .iter()
        .map(|a| {
            let t = &county.teachers[a.teacher];
            let from = loaded
                .school_ix(&t.school_id)
                .expect("the input layer keeps only teachers of known schools");
            let st = rules::teacher_status(t, &county.schools[from], &loaded.scenario);
            PlanLine {
                teacher: a.teacher,
                from,
                to: a.to,
                subject: a.subject.clone(),
                must_serve: st.must_serve.is_some(),
                backbone: t.backbone.is_backbone(),
                distance_km: crate::rules::moves::distance_km(
                    &county.schools[from],
                    &county.schools[a.to],
                ),
                reason: a.reason.clone(),
            }
        })
        .collect()
}

/// CSV bytes with a BOM; every cell goes through [`csv_safe::protect`], so no cell is a
/// spreadsheet formula.
fn csv_bytes(header: &[&str], rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().from_writer(BOM.as_bytes().to_vec());
    // Writing into memory cannot fail: the results are the csv crate's I/O errors.
    let _ = w.write_record(header);
    for r in rows {
        let cells: Vec<_> = r.iter().map(|c| csv_safe::protect(c)).collect();
        let _ = w.write_record(cells.iter().map(|c| c.as_bytes()));
    }
    w.into_inner().unwrap_or_default()
}

fn f4(x: f64) -> String {
    let s = format!("{:.4}", r6(x));
    if s == "-0.0000" {
        "0.0000".into()
    } else {
        s
    }
}

/// Renders every plan file: (file name, bytes), in a fixed order.
pub fn render(
    loaded: &Problem,
    plan: &Plan,
    opts: &RenderOptions,
) -> (Summary, Vec<(String, Vec<u8>)>) {
    let (summary, files, ()) = render_with(loaded, plan, opts, |_| ());
    (summary, files)
}

/// Data files: the plan CSVs and summary.json, which `check` reads.
pub const DATA_FILES: usize = 5;

/// As `render`, and runs `alongside` on the data files (the first `DATA_FILES`: the plan CSVs
/// and summary.json) while the workbook and the reports are rendered: `plan --check` checks the
/// plan there, on the other core.
pub fn render_with<T: Send>(
    loaded: &Problem,
    plan: &Plan,
    opts: &RenderOptions,
    alongside: impl FnOnce(&[(String, Vec<u8>)]) -> T + Send,
) -> (Summary, Vec<(String, Vec<u8>)>, T) {
    let county = &loaded.county;
    let lines = plan_lines(loaded, plan);
    let plan_csv = plan_csv(loaded, &lines);
    let hires_csv = hires_csv(loaded, plan);
    let out = figures::outcome(plan);
    let gaps = gap_rows_for(loaded, &out);
    let gaps_csv = gaps_csv(&gaps);
    let unplaced_csv = unplaced_csv(loaded, plan);
    let indicators = indicators::compute(county, &out, &IndicatorParams::default());
    let mut sum = summary(loaded, plan, &gaps, &indicators);
    if opts.reproducible {
        sum.solve_seconds = 0.0;
        for s in &mut sum.stages {
            s.seconds = 0.0;
        }
    }
    // A struct of numbers, strings and lists: serde_json cannot fail on it.
    let mut json = serde_json::to_vec_pretty(&sum).unwrap_or_default();
    json.push(b'\n');
    let names = match &opts.anonymize {
        Some(key) => Names::pseudonyms(county, key),
        None => Names::real(),
    };
    let ctx = ReportCtx {
        loaded,
        plan,
        lines,
        gaps,
        summary: sum,
        indicators,
        names,
        lang: opts.lang,
        reproducible: opts.reproducible,
    };
    let mut files = vec![
        ("plan.csv".to_string(), plan_csv),
        ("hires.csv".to_string(), hires_csv),
        ("gaps.csv".to_string(), gaps_csv),
        ("unplaced.csv".to_string(), unplaced_csv),
        ("summary.json".to_string(), json),
    ];
    debug_assert_eq!(files.len(), DATA_FILES);
    // The workbook (compressed) takes as long as the rest: both are built side by side, and
    // `alongside` runs beside the reports.
    let (xlsx, ((report, html), extra)) = rayon::join(
        || xlsx::render(&ctx),
        || {
            rayon::join(
                || (report::render(&ctx), html::render(&ctx)),
                || alongside(&files),
            )
        },
    );
    files.extend([
        ("report.md".to_string(), report.into_bytes()),
        ("plan.xlsx".to_string(), xlsx),
        ("report.html".to_string(), html.into_bytes()),
    ]);
    (ctx.summary, files, extra)
}

/// plan.csv: one row per rotated teacher, with the term dates.
fn plan_csv(loaded: &Problem, lines: &[PlanLine]) -> Vec<u8> {
    let county = &loaded.county;
    let scenario = &loaded.scenario;
    let start = scenario.term_start().to_string();
    let end = scenario.term_end().to_string();
    let plan_rows = lines
        .iter()
        .map(|l| {
            let t = &county.teachers[l.teacher];
            vec![
                t.id.clone(),
                t.name.clone(),
                l.subject.clone(),
                county.schools[l.from].id.clone(),
                county.schools[l.to].id.clone(),
                start.clone(),
                end.clone(),
                l.must_serve.to_string(),
                l.backbone.to_string(),
                l.distance_km.map(|d| format!("{d:.1}")).unwrap_or_default(),
                l.reason.clone(),
            ]
        })
        .collect();
    csv_bytes(
        &[
            "teacher_id",
            "name",
            "subject",
            "from_school_id",
            "to_school_id",
            "start_date",
            "end_date",
            "must_serve",
            "backbone",
            "distance_km",
            "reason",
        ],
        plan_rows,
    )
}

/// hires.csv: new teachers per school, subject and programme.
fn hires_csv(loaded: &Problem, plan: &Plan) -> Vec<u8> {
    let county = &loaded.county;
    csv_bytes(
        &["school_id", "subject", "count", "programme"],
        plan.hires
            .iter()
            .map(|h| {
                vec![
                    county.schools[h.school].id.clone(),
                    h.subject.clone(),
                    h.count.to_string(),
                    h.programme.key().to_string(),
                ]
            })
            .collect(),
    )
}

/// gaps.csv: need, staff and gap per school and subject, before and after.
fn gaps_csv(gaps: &[GapRow]) -> Vec<u8> {
    csv_bytes(
        &[
            "school_id",
            "subject",
            "need_fte",
            "staff_before",
            "staff_after",
            "gap_before",
            "gap_after",
        ],
        gaps.iter()
            .map(|g| {
                vec![
                    g.school_id.clone(),
                    g.subject.clone(),
                    f4(g.need),
                    f4(g.staff_before),
                    f4(g.staff_after),
                    f4(g.gap_before()),
                    f4(g.gap_after()),
                ]
            })
            .collect(),
    )
}

/// unplaced.csv: the teachers the plan could not place, by teacher id.
fn unplaced_csv(loaded: &Problem, plan: &Plan) -> Vec<u8> {
    let county = &loaded.county;
    csv_bytes(
        &["teacher_id", "name", "subject", "reason"],
        sorted_unplaced(loaded, plan)
            .iter()
            .map(|u| {
                let t = &county.teachers[u.teacher];
                vec![
                    t.id.clone(),
                    t.name.clone(),
                    t.subject.clone(),
                    u.reason.clone(),
                ]
            })
            .collect(),
    )
}

/// Unplaced teachers sorted by teacher id.
pub fn sorted_unplaced<'a>(loaded: &Problem, plan: &'a Plan) -> Vec<&'a crate::plan::Unplaced> {
    let county = &loaded.county;
    let mut unplaced: Vec<_> = plan.unplaced.iter().collect();
    unplaced.sort_by(|a, b| {
        county.teachers[a.teacher]
            .id
            .cmp(&county.teachers[b.teacher].id)
    });
    unplaced
}
