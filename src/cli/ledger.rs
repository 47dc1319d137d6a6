//! `rotaplan ledger`: a teacher's service record, or the summary of the service ledger.

use super::{fail, load, Exit, Printer};
use rotaplan::advance::ledger::{summary, teacher_record};
use std::path::PathBuf;

pub const HELP: &str = "Examples:\n  rotaplan ledger next/2027/scenario.toml\n  \
rotaplan ledger next/2027/scenario.toml --teacher T00041\n\n\
Reads the scenario's roster and its service ledger ([data] service, written by `rotaplan advance`).\n\
The summary counts the ledger's rows by kind and year and lists who still must serve before their\n\
senior-title year and the 特岗 teachers whose term ends by the next term. Exit code 0, 2 when the\n\
scenario cannot be read or the teacher is not on the roster.";

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (TOML).
    scenario: PathBuf,
    /// One teacher's record (id as in the roster).
    #[arg(long, value_name = "ID")]
    teacher: Option<String>,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args, out: &mut Printer) -> Exit {
    let loaded = match load(&a.scenario, &[]) {
        Ok(l) => l,
        Err(code) => return code,
    };
    match &a.teacher {
        Some(id) => {
            let Some(record) = teacher_record(&loaded, id) else {
                return fail(
                    &format!(
                        "teacher {id} is not on the roster of {} · 花名册中无此教师",
                        a.scenario.display()
                    ),
                    Exit::BadInput,
                );
            };
            if a.json {
                out.json(&record);
            } else {
                out.text(&record.render_text());
            }
        }
        None => {
            let s = summary(&loaded);
            if a.json {
                out.json(&s);
            } else {
                out.text(&s.render_text());
            }
        }
    }
    Exit::Success
}
