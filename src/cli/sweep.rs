//! `rotaplan sweep`: one plan per value of a numeric scenario key, with a table and a chart.
//! The `--set`, the time limit and every point's scenario are validated before anything is
//! written.

use super::progress::Bar;
use super::{anon_key, fail, Exit, Printer};
use rotaplan::input::LoadOptions;
use rotaplan::pipeline::RunOptions;
use rotaplan::whatif::{self, batch::outcome_text, sweep::Sweep, WhatIfError};
use std::path::PathBuf;

pub const HELP: &str = "Examples:\n  rotaplan sweep scenarios/whatif/budget.toml --set hires.total=0..200:20 --out out/sweep\n  \
rotaplan sweep scenarios/demo-county/scenario.toml --set policy.rotation_share=0.1,0.15,0.2 --out out/share\n\n\
Writes sweep.csv, sweep.json, sweep.svg and one plan folder per value under points/ (each checked).\n\
Exit code 0, 1 when a point misses a rule, 2 on bad input (nothing written), 3 when the solver or the disk failed.";

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (scenario.toml).
    scenario: PathBuf,
    /// KEY=FROM..TO:STEP, KEY=A,B,C or KEY=V (e.g. hires.total=0..200:20, weights.rural=1,2).
    #[arg(long)]
    set: String,
    /// The folder to write the sweep into (sweep.csv, sweep.json, sweep.svg, points/).
    #[arg(long)]
    out: PathBuf,
    /// Locks every point must keep.
    #[arg(long)]
    locks: Vec<PathBuf>,
    /// Per-point solver time limit in seconds (positive).
    #[arg(long)]
    time_limit: Option<f64>,
    /// Write zero for timing figures.
    #[arg(long)]
    reproducible: bool,
}

pub fn run(a: Args, out: &mut Printer) -> Exit {
    let spec = match whatif::sweep::parse_set(&a.set) {
        Ok(s) => s,
        Err(e) => return fail(&e, Exit::BadInput),
    };
    let opts = RunOptions {
        time_limit: a.time_limit,
        reproducible: a.reproducible,
        anon_key: anon_key(),
        ..Default::default()
    };
    let load = LoadOptions {
        locks: a.locks,
        overrides: Vec::new(),
    };
    let bar = Bar::new("sweep");
    let result = whatif::sweep::run_with_progress(&a.scenario, &spec, &a.out, &opts, &load, &|p| {
        bar.report(p)
    });
    drop(bar);
    match result {
        Ok((sweep, worst)) => {
            print_sweep(&spec.key, &sweep, &a.out, out);
            Exit::of_outcome(worst)
        }
        Err(WhatIfError::Point {
            scenario,
            key,
            value,
            diagnostics,
        }) => {
            super::print_diagnostics(&diagnostics);
            let e = WhatIfError::Point {
                scenario,
                key,
                value,
                diagnostics,
            };
            fail(&e, Exit::of_kind(e.kind()))
        }
        Err(e) => fail(&e, Exit::of_kind(e.kind())),
    }
}

fn print_sweep(key: &str, sweep: &Sweep, dir: &std::path::Path, out: &mut Printer) {
    out.line(format!(
        "{:>12} {:>10} {:>8} {:>6} {:>10}  budget mix",
        key, "w.gap", "rotated", "hires", "marginal"
    ));
    for p in &sweep.points {
        out.line(format!(
            "{:>12} {:>10.1} {:>8} {:>6} {:>10.3}  {}{}",
            whatif::num_text(p.value),
            p.row.weighted_gap_after,
            p.row.rotated,
            p.row.hires,
            p.marginal_gain,
            p.row.budget_mix,
            if p.row.outcome.exit_code() > 1 {
                format!(" [{}: {}]", outcome_text(p.row.outcome), p.row.message)
            } else {
                String::new()
            }
        ));
    }
    match sweep.stops_paying_off_after {
        Some(v) => out.line(format!(
            "{key} stops paying off after {} (later steps gain under 10% of the best step).",
            whatif::num_text(v)
        )),
        None if sweep.points.iter().any(|p| p.pays_off) => out.line(format!(
            "{key}: every step still paid off; extend the range to see where it stops."
        )),
        None => out.line(format!("{key}: no step improved the weighted gap.")),
    }
    out.line(format!(
        "sweep of {} points written to {} (sweep.csv, sweep.json, sweep.svg).",
        sweep.points.len(),
        dir.display()
    ));
}
