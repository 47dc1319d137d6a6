//! `rotaplan validate`: check a scenario and its data files, every problem at once.

use super::printer::eprint_line;
use super::{print_diagnostics, Exit, Printer};
use std::path::PathBuf;

pub const HELP: &str = "Example:\n  rotaplan validate scenarios/demo-county/scenario.toml\n\n\
Exit code 0 when the data can be planned (warnings are printed), 2 when there are errors.";

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (TOML).
    scenario: PathBuf,
    /// Print diagnostics as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args, out: &mut Printer) -> Exit {
    let result = rotaplan::input::load(&a.scenario);
    let (diags, ok) = match &result {
        Ok(l) => (l.warnings.clone(), true),
        Err(d) => (d.clone(), false),
    };
    if a.json {
        out.json(&diags);
    } else {
        print_diagnostics(&diags);
        if let Ok(l) = &result {
            out.line(format!(
                "OK 校验通过: {} — {} schools, {} teachers, {} hire batches, {} warning(s).",
                l.scenario.name,
                l.county.schools.len(),
                l.county.teachers.len(),
                l.county.hires.len(),
                l.warnings.len()
            ));
        } else {
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprint_line(format!(
                "{errors} error(s) 错误 in {}.",
                a.scenario.display()
            ));
        }
    }
    if ok {
        Exit::Success
    } else {
        Exit::BadInput
    }
}
