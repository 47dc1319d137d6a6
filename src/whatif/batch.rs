//! `plan --batch DIR --out OUT`: every scenario of a folder (DIR/*.toml and DIR/*/scenario.toml,
//! which is also how `generate --counties K` lays out a province) planned in parallel, one
//! HiGHS thread per solve, one output folder per scenario and a summary over all. A scenario
//! that fails is reported in the summary; the others still run.

use super::{
    csv_bytes, mix_text, num, solve_and_write, Outcome, RunError, RunOptions, WhatIfError,
};
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Progress of a batch or a sweep, for the caller to show (the library draws nothing).
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// The run starts with this many plans.
    Start(usize),
    /// One plan is done.
    Done(&'a Row),
}

/// A progress callback that shows nothing.
pub fn no_progress(_: Progress) {}

/// One scenario found in the batch folder.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Output folder name: the file stem, or the folder of a `scenario.toml`.
    pub name: String,
    pub path: PathBuf,
}

/// The scenarios of a folder, sorted by name; names made unique with `-2`, `-3` …
pub fn discover(dir: &Path) -> std::io::Result<Vec<Entry>> {
    let mut found = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_file() && p.extension().is_some_and(|x| x == "toml") {
            let stem = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            found.push(Entry {
                name: stem,
                path: p,
            });
        } else if p.is_dir() && p.join("scenario.toml").is_file() {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            found.push(Entry {
                name,
                path: p.join("scenario.toml"),
            });
        }
    }
    found.sort_by(|a, b| (&a.name, &a.path).cmp(&(&b.name, &b.path)));
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for e in &mut found {
        let n = seen.entry(e.name.clone()).or_default();
        *n += 1;
        if *n > 1 {
            e.name = format!("{}-{n}", e.name);
        }
    }
    Ok(found)
}

/// One row of the batch summary.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct Row {
    pub name: String,
    pub scenario_file: String,
    pub outcome: Outcome,
    /// The outcome's exit code ([`Outcome::exit_code`]), kept in the summary for scripts.
    pub exit_code: u8,
    pub status: String,
    pub eligible: usize,
    pub rotated: usize,
    pub rotation_share: f64,
    pub backbone_share: f64,
    pub must_serve: usize,
    pub must_serve_placed: usize,
    pub hires: u32,
    pub budget_mix: String,
    pub gap_before: f64,
    pub gap_after: f64,
    pub weighted_gap_before: f64,
    pub weighted_gap_after: f64,
    pub travel: f64,
    pub solve_seconds: f64,
    pub violations: String,
    pub message: String,
}

impl Row {
    /// The summary row of a scenario that produced no plan.
    pub fn failed(e: &Entry, outcome: Outcome, message: String) -> Row {
        Row {
            name: e.name.clone(),
            scenario_file: e.path.to_string_lossy().replace('\\', "/"),
            outcome,
            exit_code: outcome.exit_code(),
            status: String::new(),
            eligible: 0,
            rotated: 0,
            rotation_share: 0.0,
            backbone_share: 0.0,
            must_serve: 0,
            must_serve_placed: 0,
            hires: 0,
            budget_mix: String::new(),
            gap_before: 0.0,
            gap_after: 0.0,
            weighted_gap_before: 0.0,
            weighted_gap_after: 0.0,
            travel: 0.0,
            solve_seconds: 0.0,
            violations: String::new(),
            message,
        }
    }

    /// The summary row of a run that failed.
    pub fn of_error(e: &Entry, err: &RunError) -> Row {
        Row::failed(e, Outcome::of_error(err), err.to_string())
    }
}

/// One line naming every error of a scenario that does not load.
pub fn errors_line(diags: &[crate::diag::Diagnostic]) -> String {
    let lines: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    format!("{} error(s): {}", lines.len(), lines.join(" | "))
}

/// The figures of a planned scenario as a summary row.
pub fn row_of(name: &str, file: &Path, done: &super::Done, reproducible: bool) -> Row {
    let s = &done.summary;
    let violations: Vec<&str> = s.violations.iter().map(|v| v.code).collect();
    let outcome = Outcome::of_verdict(done.verdict());
    Row {
        name: name.to_string(),
        scenario_file: file.to_string_lossy().replace('\\', "/"),
        outcome,
        exit_code: outcome.exit_code(),
        status: s.status.to_string(),
        eligible: s.eligible,
        rotated: s.rotated,
        rotation_share: s.rotation_share,
        backbone_share: s.backbone_share,
        must_serve: s.must_serve,
        must_serve_placed: s.must_serve_placed,
        hires: s.hires,
        budget_mix: mix_text(&done.info.budget_mix),
        gap_before: s.gap_before,
        gap_after: s.gap_after,
        weighted_gap_before: s.weighted_gap_before,
        weighted_gap_after: s.weighted_gap_after,
        travel: done.info.travel,
        solve_seconds: if reproducible { 0.0 } else { s.solve_seconds },
        violations: violations.join(";"),
        message: done
            .check_text()
            .lines()
            .next()
            .filter(|_| !done.check_ok())
            .unwrap_or("")
            .to_string(),
    }
}

/// Plans one scenario file into `out`, as a summary row. Every plan is checked.
pub fn run_one(e: &Entry, out: &Path, opts: &RunOptions, load: &crate::input::LoadOptions) -> Row {
    let mut loaded = match crate::input::load_with(&e.path, load) {
        Ok(l) => l,
        Err(diags) => return Row::failed(e, Outcome::BadInput, errors_line(&diags)),
    };
    // Parallel solves: one HiGHS thread each.
    loaded.scenario.solver.threads = 1;
    let opts = RunOptions {
        check: true,
        record_run_info: true,
        ..opts.clone()
    };
    match solve_and_write(&loaded, out, &opts, |_| Vec::new()) {
        Ok(done) => row_of(&e.name, &e.path, &done, opts.reproducible),
        Err(err) => Row::of_error(e, &err),
    }
}

pub const HEADER: [&str; 21] = [
    "name",
    "scenario_file",
    "outcome",
    "exit_code",
    "status",
    "eligible",
    "rotated",
    "rotation_share",
    "backbone_share",
    "must_serve",
    "must_serve_placed",
    "hires",
    "budget_mix",
    "gap_before",
    "gap_after",
    "weighted_gap_before",
    "weighted_gap_after",
    "travel",
    "solve_seconds",
    "violations",
    "message",
];

pub fn summary_csv(rows: &[Row]) -> Vec<u8> {
    let header: Vec<String> = HEADER.iter().map(|s| s.to_string()).collect();
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.name.clone(),
                r.scenario_file.clone(),
                outcome_text(r.outcome),
                r.exit_code.to_string(),
                r.status.clone(),
                r.eligible.to_string(),
                r.rotated.to_string(),
                num(r.rotation_share),
                num(r.backbone_share),
                r.must_serve.to_string(),
                r.must_serve_placed.to_string(),
                r.hires.to_string(),
                r.budget_mix.clone(),
                num(r.gap_before),
                num(r.gap_after),
                num(r.weighted_gap_before),
                num(r.weighted_gap_after),
                num(r.travel),
                num(r.solve_seconds),
                r.violations.clone(),
                r.message.clone(),
            ]
        })
        .collect();
    csv_bytes(&header, &body)
}

/// An outcome as the summary files write it (`ok`, `rule_not_met`, …).
pub fn outcome_text(o: Outcome) -> String {
    serde_json::to_value(o)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Runs every scenario of `dir` into `out/<name>/` and writes `batch-summary.csv` and
/// `batch-summary.json` into `out`. Returns the rows and the worst outcome.
pub fn run(
    dir: &Path,
    out: &Path,
    opts: &RunOptions,
    load: &crate::input::LoadOptions,
) -> Result<(Vec<Row>, Outcome), WhatIfError> {
    run_with_progress(dir, out, opts, load, &no_progress)
}

/// [`run`], telling `progress` when it starts and as each scenario is done.
pub fn run_with_progress(
    dir: &Path,
    out: &Path,
    opts: &RunOptions,
    load: &crate::input::LoadOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Vec<Row>, Outcome), WhatIfError> {
    opts.validate()?;
    let entries = discover(dir).map_err(|source| WhatIfError::ReadDir {
        dir: dir.to_path_buf(),
        source,
    })?;
    if entries.is_empty() {
        return Err(WhatIfError::NoScenario {
            dir: dir.to_path_buf(),
        });
    }
    progress(Progress::Start(entries.len()));
    let mut rows: Vec<Row> = entries
        .par_iter()
        .map(|e| {
            let row = run_one(e, &out.join(&e.name), opts, load);
            progress(Progress::Done(&row));
            row
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let worst = rows
        .iter()
        .map(|r| r.outcome)
        .fold(Outcome::Ok, Outcome::worst);
    let mut json = serde_json::to_vec_pretty(&rows).unwrap_or_default();
    json.push(b'\n');
    crate::output::atomic::add_files(
        out,
        &[
            ("batch-summary.csv".into(), summary_csv(&rows)),
            ("batch-summary.json".into(), json),
        ],
    )
    .map_err(|e| WhatIfError::Write {
        what: "the batch summary",
        dir: out.to_path_buf(),
        source: e.into(),
    })?;
    Ok((rows, worst))
}
