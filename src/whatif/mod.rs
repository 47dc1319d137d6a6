//! What-if tools around the planner: many scenarios in one run (`plan --batch`), plans side by
//! side (`compare`), a parameter swept over a range (`sweep`) and re-planning from a previous
//! plan with as few changes as possible (`plan --from`). Variants, patches, budgets and locks
//! themselves are read by `input` (docs/scenario.md, "Variants").
//!
//! Every plan written here goes through the same path as `rotaplan plan`: solve, render,
//! write atomically, then the independent checker, so each folder is a plan `check` accepts.

pub mod batch;
pub mod compare;
pub mod replan;
mod svg;
pub mod sweep;

use crate::input::Loaded;
use crate::output::figures::Summary;
use crate::plan::Plan;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Settings shared by every plan of a what-if run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub time_limit: Option<f64>,
    pub reproducible: bool,
    /// Labels of plan.xlsx and report.html.
    pub lang: crate::output::Lang,
    /// Pseudonyms in plan.xlsx and report.html (key: `$ROTAPLAN_ANON_KEY`, else the scenario's
    /// name and year, as for `rotaplan plan --anonymize`).
    pub anonymize: bool,
}

/// Facts about a plan that its files do not carry, written to `whatif.json` beside them so
/// that `compare` can group gaps by area and show the subjects a budget bought.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq)]
pub struct RunInfo {
    /// School id → area key.
    pub areas: BTreeMap<String, String>,
    /// Subject → hires the budget bought there (empty without `[hires] total`).
    pub budget_mix: BTreeMap<String, u32>,
    /// Objective of the travel stage (km-equivalents), 0 when not solved.
    pub travel: f64,
    pub locks: usize,
    pub closed: Vec<String>,
}

/// A plan written and checked.
pub struct Done {
    pub summary: Summary,
    pub info: RunInfo,
    pub plan: Plan,
    pub check_ok: bool,
    pub check_text: String,
}

/// Why a run produced no plan, with the exit code it maps to (2 bad input, 3 solver/files).
#[derive(Debug, Clone)]
pub struct Failed {
    pub code: u8,
    pub message: String,
}

pub fn run_info(loaded: &Loaded, plan: &Plan) -> RunInfo {
    let county = &loaded.county;
    let areas = county
        .schools
        .iter()
        .map(|s| (s.id.clone(), s.area.key().to_string()))
        .collect();
    let mut budget_mix = BTreeMap::new();
    if let Some(b) = &loaded.whatif.budget {
        for subject in &b.subjects {
            let placed: u32 = plan
                .hires
                .iter()
                .filter(|h| &h.subject == subject && h.programme == b.programme)
                .map(|h| h.count)
                .sum();
            let fixed: u32 = county
                .hires
                .iter()
                .filter(|h| &h.subject == subject && h.programme == b.programme)
                .map(|h| h.count)
                .sum();
            let bought = placed.saturating_sub(fixed);
            if bought > 0 {
                budget_mix.insert(subject.clone(), bought);
            }
        }
    }
    let travel = plan
        .stages
        .iter()
        .find(|s| s.goal == crate::scenario::Goal::Travel)
        .map(|s| crate::output::figures::r6(s.objective))
        .unwrap_or(0.0);
    RunInfo {
        areas,
        budget_mix,
        travel,
        locks: loaded.whatif.locks.len(),
        closed: loaded.whatif.closed.clone(),
    }
}

/// `music:3;pe:2`
pub fn mix_text(mix: &BTreeMap<String, u32>) -> String {
    mix.iter()
        .map(|(s, n)| format!("{s}:{n}"))
        .collect::<Vec<_>>()
        .join(";")
}

/// Plans a loaded scenario into `out` (plan files plus `whatif.json` and `extra` files, all
/// written atomically), then checks the folder.
pub fn solve_and_write(
    loaded: &Loaded,
    out: &Path,
    opts: &RunOptions,
    extra: impl FnOnce(&Plan) -> Vec<(String, Vec<u8>)>,
) -> Result<Done, Failed> {
    let solve = crate::plan::SolveOptions {
        time_limit_seconds: opts
            .time_limit
            .unwrap_or(loaded.scenario.solver.time_limit_seconds),
        export_model: None,
    };
    let plan = crate::plan::plan(loaded, &solve).map_err(|e| Failed {
        code: 3,
        message: e.to_string(),
    })?;
    let anonymize = opts.anonymize.then(|| {
        std::env::var("ROTAPLAN_ANON_KEY")
            .ok()
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| {
                crate::output::anon::default_key(&loaded.scenario.name, loaded.scenario.plan_year)
            })
    });
    let render = crate::output::RenderOptions {
        reproducible: opts.reproducible,
        lang: opts.lang,
        anonymize,
    };
    let (summary, mut files) = crate::output::render(loaded, &plan, &render);
    let info = run_info(loaded, &plan);
    files.push(info_file(&info));
    files.extend(extra(&plan));
    crate::output::atomic::write_files(out, &files).map_err(|e| Failed {
        code: 3,
        message: format!("cannot write the plan into {}: {e}", out.display()),
    })?;
    let report = crate::check::check_plan(loaded, out);
    Ok(Done {
        summary,
        info,
        plan,
        check_ok: report.is_ok(),
        check_text: report.render_text(),
    })
}

/// CSV bytes with a UTF-8 BOM (as every rotaplan CSV), fields quoted where needed.
pub(crate) fn csv_bytes(header: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    w.write_record(header).expect("in-memory csv");
    for r in rows {
        w.write_record(r).expect("in-memory csv");
    }
    w.into_inner().expect("in-memory csv")
}

/// A figure written with up to 4 decimals, no trailing zeros.
pub(crate) fn num(x: f64) -> String {
    let s = format!("{:.4}", crate::output::figures::r6(x));
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// A figure as the tables write it (up to 4 decimals).
pub fn num_text(x: f64) -> String {
    num(x)
}

/// `whatif.json` for a plan folder (see [`RunInfo`]).
pub fn info_file(info: &RunInfo) -> (String, Vec<u8>) {
    let mut json = serde_json::to_vec_pretty(info).expect("run info serializes");
    json.push(b'\n');
    ("whatif.json".into(), json)
}
