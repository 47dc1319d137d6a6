//! Plan output files (see docs/plan-format.md and docs/reports.md): rendered in memory, then
//! written atomically. Machine files (CSV, JSON) keep real ids for `check`; the human reports
//! (report.md, plan.xlsx, report.html) follow `--lang` and `--anonymize`.

pub mod anon;
pub mod atomic;
mod csv_files;
pub mod csv_safe;
pub mod figures;
mod html;
pub mod lang;
pub mod leaders;
pub mod publish;
pub mod publish_pdf;
pub mod reasons;
mod report;
pub mod staffing;
mod staffing_view;
pub(crate) mod svg;
pub mod wishes;
mod xlsx;

use crate::plan::MoveKind;
use crate::plan::Plan;
use crate::problem::Problem;
use crate::rules;
use crate::rules::indicators::{self, IndicatorParams, Indicators};
use anon::Names;
use figures::{gap_rows, r6, summary, GapRow, Summary};
pub use lang::Lang;
use staffing::SchoolStaffing;

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
    pub kind: MoveKind,
}

/// Everything the human reports are made from, computed once.
pub struct ReportCtx<'a> {
    pub loaded: &'a Problem,
    pub plan: &'a Plan,
    pub lines: Vec<PlanLine>,
    pub gaps: Vec<GapRow>,
    /// The staffing table, by school id.
    pub staffing: Vec<SchoolStaffing>,
    pub summary: Summary,
    pub indicators: Indicators,
    pub names: Names,
    pub lang: Lang,
    pub reproducible: bool,
    /// The roster's leaders and the plan's decisions (leaders.csv); empty without leaders.
    pub leaders: Vec<leaders::LeaderLine>,
    /// The applicants by points, with the plan's outcome (merit-list.csv); empty without
    /// applications.
    pub wishes: Vec<wishes::WishLine>,
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
                // An exchange is no rotation: it never serves a must-serve duty.
                must_serve: a.kind == MoveKind::Rotation && st.must_serve.is_some(),
                backbone: t.backbone.is_backbone(),
                distance_km: crate::rules::moves::distance_km(
                    &county.schools[from],
                    &county.schools[a.to],
                ),
                reason: a.reason.clone(),
                kind: a.kind,
            }
        })
        .collect()
}

/// CSV bytes with a BOM; every cell goes through [`csv_safe::protect`], so no cell is a
/// spreadsheet formula.
pub(crate) fn csv_bytes(header: &[&str], rows: Vec<Vec<String>>) -> Vec<u8> {
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

/// Data files: the plan CSVs and summary.json, which `check` reads (and leaders.csv after
/// them, for a roster with leaders).
pub const DATA_FILES: usize = 8;

/// As `render`, and runs `alongside` on the data files (the first `DATA_FILES`: plan.csv,
/// hires.csv, gaps.csv, unplaced.csv, coverage.csv, itinerant.csv, staffing.csv and
/// summary.json) while the workbook and the reports are rendered: `plan --check` checks the
/// plan there, on the other core.
pub fn render_with<T: Send>(
    loaded: &Problem,
    plan: &Plan,
    opts: &RenderOptions,
    alongside: impl FnOnce(&[(String, Vec<u8>)]) -> T + Send,
) -> (Summary, Vec<(String, Vec<u8>)>, T) {
    // Every figure is of the county the teachers were planned for: moved leaders at their new
    // schools.
    let placed = plan.placed(loaded);
    let loaded: &Problem = &placed;
    let county = &loaded.county;
    let leader_lines = leaders::lines(loaded, &plan.leaders);
    let lines = plan_lines(loaded, plan);
    let out = figures::outcome(plan);
    let gaps = gap_rows(loaded, plan);
    let staffing = staffing::table_with(loaded, plan, &gaps);
    let indicators = indicators::compute(county, &out, &IndicatorParams::default());
    let over = (
        staffing.iter().filter(|s| s.over_before()).count(),
        staffing.iter().filter(|s| s.over_after()).count(),
    );
    let mut sum = summary(loaded, plan, &gaps, over, &indicators);
    sum.leaders = leaders::figures(&leader_lines, plan);
    sum.wishes = wishes::figures(loaded, plan);
    let wish_lines = wishes::lines(loaded, plan);
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
    let mut files = vec![
        ("plan.csv".to_string(), csv_files::plan_csv(loaded, &lines)),
        ("hires.csv".to_string(), csv_files::hires_csv(loaded, plan)),
        ("gaps.csv".to_string(), csv_files::gaps_csv(&gaps)),
        (
            "unplaced.csv".to_string(),
            csv_files::unplaced_csv(loaded, plan),
        ),
        (
            "coverage.csv".to_string(),
            csv_files::coverage_csv(loaded, plan),
        ),
        (
            "itinerant.csv".to_string(),
            csv_files::itinerant_csv(loaded, plan),
        ),
        (
            "staffing.csv".to_string(),
            csv_files::staffing_csv(loaded, &staffing),
        ),
        ("summary.json".to_string(), json),
    ];
    debug_assert_eq!(files.len(), DATA_FILES);
    if !leader_lines.is_empty() {
        files.push((
            "leaders.csv".to_string(),
            leaders::leaders_csv(loaded, &leader_lines),
        ));
    }
    if !wish_lines.is_empty() {
        files.push((
            "merit-list.csv".to_string(),
            wishes::merit_csv(loaded, &wish_lines),
        ));
    }
    let ctx = ReportCtx {
        loaded,
        plan,
        lines,
        gaps,
        staffing,
        summary: sum,
        indicators,
        names,
        lang: opts.lang,
        reproducible: opts.reproducible,
        leaders: leader_lines,
        wishes: wish_lines,
    };
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
