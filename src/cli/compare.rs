//! `rotaplan compare`: plan folders side by side.

use super::{fail, load, Exit, Printer};
use std::path::{Path, PathBuf};

pub const HELP: &str = "Example:\n  rotaplan compare out/whatif/more-hires out/whatif/rotation-15 --csv compare.csv\n  \
rotaplan compare out/five-years        # the years of a `plan --years` folder side by side\n\n\
Differences are against the first folder. A folder written by `plan --years` stands for its\n\
year folders, in order. The text follows --lang (Chinese names of figures, subjects and areas by\n\
default); --json and --csv keep the machine keys.";

#[derive(clap::Args)]
pub struct Args {
    /// Two or more plan folders (a `plan --years` folder counts as its years).
    #[arg(required = true, num_args = 1..)]
    dirs: Vec<PathBuf>,
    /// Also write the comparison as one CSV table.
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Print the comparison as JSON instead of text.
    #[arg(long)]
    json: bool,
    /// The scenario, for school areas when a folder has no whatif.json (plain `plan`).
    #[arg(long)]
    scenario: Option<PathBuf>,
}

pub fn run(a: Args, out: &mut Printer) -> Exit {
    let dirs = match rotaplan::advance::horizon::expand_years(&a.dirs) {
        Ok(d) => d,
        Err(e) => return fail(&e, Exit::BadInput),
    };
    let refs: Vec<&Path> = dirs.iter().map(PathBuf::as_path).collect();
    let mut areas = std::collections::BTreeMap::new();
    let mut subjects = rotaplan::scenario::default_subjects();
    if let Some(path) = &a.scenario {
        let loaded = match load(path, &[]) {
            Ok(l) => l,
            Err(code) => return code,
        };
        areas = loaded.county.area_keys();
        subjects = loaded.scenario.subjects.clone();
    }
    let c = match rotaplan::whatif::compare::compare_with(&refs, &areas) {
        Ok(c) => c,
        Err(e) => return fail(&e, Exit::BadInput),
    };
    if let Some(path) = &a.csv {
        if let Err(e) = rotaplan::output::atomic::write_file(path, &c.to_csv()) {
            return fail(
                &format!("cannot write {} · 无法写入: {e}", path.display()),
                Exit::Failure,
            );
        }
    }
    if a.json {
        out.json(&c);
    } else {
        out.text(&c.render_text_with(super::lang(), &subjects));
    }
    Exit::Success
}
