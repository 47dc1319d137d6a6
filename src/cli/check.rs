//! `rotaplan check`: the independent checker on a plan folder. Exit 0 when the plan keeps
//! every rule, 1 when it breaks one, 2 when the folder cannot be read as a plan (one message).

use super::{fail, load, Exit, Printer};
use rotaplan::check::DecisionFile;
use std::path::PathBuf;

pub const HELP: &str = "Example:\n  rotaplan check scenarios/demo-county/scenario.toml out/demo\n\n\
Exit code 0 when the plan keeps every rule and its figures agree, or when its decisions keep\n\
every rule and only the files derived from them are stale after a hand edit (a warning: run\n\
`rotaplan render`), 1 otherwise, \
2 when the scenario or the plan folder cannot be read (missing, not a folder, a plan file missing, UTF-16 or binary).";

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (scenario.toml) the plan was made from.
    scenario: PathBuf,
    /// The plan folder (plan.csv, hires.csv, gaps.csv, unplaced.csv, summary.json).
    dir: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Read the decisions from this copy: plan.csv (with hires.csv) or plan.xlsx. By default, the
    /// copy that was edited since the plan.
    #[arg(long, value_name = "FILE", value_parser = ["plan.csv", "plan.xlsx", "csv", "xlsx"])]
    decisions: Option<String>,
    /// A locks file the plan must keep (as given to plan --locks).
    #[arg(long)]
    locks: Vec<PathBuf>,
}

pub fn run(a: Args, out: &mut Printer) -> Exit {
    let loaded = match load(&a.scenario, &a.locks) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let pick = a.decisions.as_deref().and_then(DecisionFile::parse);
    let report = match rotaplan::check::check_folder_from(&loaded, &a.dir, pick) {
        Ok(r) => r,
        Err(e) => return fail(&e, Exit::BadInput),
    };
    if a.json {
        out.json(&report);
    } else {
        out.text(&report.render_text_in(super::lang()));
    }
    // files derived from edited decisions that are merely stale: a warning (the text says so)
    if report.is_ok() || report.only_stale() {
        Exit::Success
    } else {
        Exit::RuleNotMet
    }
}
