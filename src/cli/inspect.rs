//! `rotaplan inspect`: the county at a glance.

use super::{load, Exit, Printer};
use std::path::PathBuf;

pub const HELP: &str = "Example:\n  rotaplan inspect scenarios/demo-county/scenario.toml\n  rotaplan inspect scenarios/demo-county/scenario.toml --json > overview.json";

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (scenario.toml).
    scenario: PathBuf,
    /// Print the overview as JSON.
    #[arg(long)]
    json: bool,
    /// How many schools with the largest gaps to list.
    #[arg(long, default_value_t = 10)]
    top: usize,
}

pub fn run(a: Args, out: &mut Printer) -> Exit {
    let loaded = match load(&a.scenario, &[]) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let options = rotaplan::inspect::Options { top_schools: a.top };
    let overview = rotaplan::inspect::overview_with(&loaded.scenario, &loaded.county, &options)
        .with_applications(&loaded.applications);
    if a.json {
        out.json(&overview);
    } else {
        out.text(&rotaplan::inspect::render_text(&overview));
    }
    Exit::Success
}
