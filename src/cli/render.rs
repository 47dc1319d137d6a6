//! `rotaplan render`: a plan folder edited by hand made consistent again (docs/plan-format.md,
//! "Editing a plan by hand").

use super::{fail, load, Exit, Printer};
use rotaplan::check::DecisionFile;
use std::path::PathBuf;

pub const HELP: &str =
    "Example:\n  rotaplan render scenarios/demo-county/scenario.toml out/demo\n\n\
After plan.csv or hires.csv, or the rotation or hires sheet of plan.xlsx, were edited by hand\n\
(a teacher moved to another school, a row deleted), rewrites everything that follows from them: coverage.csv, itinerant.csv, gaps.csv,\n\
staffing.csv, unplaced.csv, summary.json (status `edited`), plan.csv, hires.csv, plan.xlsx and\n\
the reports, and checks the result. Without --out the folder is rewritten in place, as one unit.\n\
Exit code 0 when the edited plan keeps every rule, 1 when it breaks or misses one (the check\n\
report says which), 2 when the scenario or the plan's decisions cannot be read.";

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (TOML) the plan was made from.
    scenario: PathBuf,
    /// The plan folder whose decisions (plan.csv and hires.csv, or plan.xlsx) were edited.
    plan: PathBuf,
    /// Write the rendered plan into this folder instead (new, empty, or a plan folder).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Read the decisions from this copy: plan.csv (with hires.csv) or plan.xlsx. By default, the
    /// copy that was edited since the plan.
    #[arg(long, value_name = "FILE", value_parser = ["plan.csv", "plan.xlsx", "csv", "xlsx"])]
    decisions: Option<String>,
    /// Write zero for timing figures and fix the workbook's creation time.
    #[arg(long)]
    reproducible: bool,
}

pub fn run(a: Args, out: &mut Printer) -> Exit {
    let loaded = match load(&a.scenario, &[]) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let opts = rotaplan::pipeline::RunOptions {
        reproducible: a.reproducible,
        lang: super::lang(),
        check: true,
        ..Default::default()
    };
    let dest = a.out.clone().unwrap_or_else(|| a.plan.clone());
    let pick = a.decisions.as_deref().and_then(DecisionFile::parse);
    match rotaplan::pipeline::render::render_dir_from(&loaded, &a.plan, &dest, &opts, pick) {
        Ok(done) => super::plan::print_done(&dest, &done, out),
        Err(e) => fail(&e, Exit::of_kind(e.kind())),
    }
}
