//! `rotaplan explain`: why a teacher was or was not chosen, what a school received and why.

use super::{anon_key, fail, load, Exit, Printer};
use std::path::PathBuf;

pub const HELP: &str =
    "Examples:\n  rotaplan explain scenarios/demo-county/scenario.toml out/demo T00001\n  \
rotaplan explain scenarios/demo-county/scenario.toml out/demo S0031 --lang en --json\n\n\
ID is a teacher id or a school id (with --anonymize: a teacher's pseudonym, ANON-…).\n\
Exit code 0, or 2 when the scenario, the plan folder or the id is wrong.";

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (TOML) the plan was made from.
    scenario: PathBuf,
    /// The plan folder written by `plan` (plan.csv, hires.csv, unplaced.csv).
    dir: PathBuf,
    /// Teacher id, school id, or pseudonym (with --anonymize).
    id: String,
    /// Print the explanation as JSON.
    #[arg(long)]
    json: bool,
    /// Show teachers by pseudonym, as in reports written with `plan --anonymize`.
    #[arg(long)]
    anonymize: bool,
}

pub fn run(a: Args, out: &mut Printer) -> Exit {
    let loaded = match load(&a.scenario, &[]) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let lang = super::lang();
    let opts = rotaplan::explain::ExplainOptions {
        lang,
        anonymize: a.anonymize.then(|| {
            anon_key().unwrap_or_else(|| {
                rotaplan::output::anon::default_key(
                    &loaded.scenario.name,
                    loaded.scenario.plan_year,
                )
            })
        }),
    };
    match rotaplan::explain::explain(&loaded, &a.dir, &a.id, &opts) {
        Ok(e) => {
            if a.json {
                out.json(&e);
            } else {
                out.text(&rotaplan::explain::render_text(&e, lang, &loaded.scenario));
            }
            Exit::Success
        }
        Err(e) => fail(&e, Exit::BadInput),
    }
}
