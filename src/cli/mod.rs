//! The `rotaplan` command line: clap arguments (one file per command), a run configuration
//! validated once ([`config`]), one printer ([`printer`]) and one exit-code enum ([`exit`]).
//! Everything else is the library; a plan is made by its one pipeline
//! (`rotaplan::pipeline::plan_to_dir`).

mod advance;
mod check;
mod compare;
mod config;
mod exit;
mod explain;
mod generate;
mod help;
mod inspect;
mod ledger;
mod plan;
mod printer;
mod progress;
mod publish;
mod render;
mod serve;
mod sweep;
mod validate;

use clap::{Parser, Subcommand};
use exit::Exit;
pub(crate) use printer::lang;
use printer::{eprint_line, Printer};
use rotaplan::diag::Diagnostic;
use rotaplan::input::{LoadOptions, Loaded};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "rotaplan",
    version,
    about = "Plans yearly teacher rotation (交流轮岗) and new-hire allocation for a county education bureau",
    long_about = "rotaplan reads a county's schools, teachers and hiring from a scenario (TOML plus CSV/XLSX), \
checks them, and computes a provably optimal yearly plan: who rotates to which rural school and where \
each new hire goes. See README.md and docs/.",
    after_help = "Example:\n  rotaplan plan scenarios/demo-county/scenario.toml --out out/demo\n\n\
Exit codes: 0 success; 1 a rule not met (plan) or broken (check); 2 bad input; 3 the solver or the file system failed."
)]
struct Cli {
    /// Language of messages, errors, help and documents: zh (Chinese, the default) or en
    /// · 语言：zh（中文，默认）或 en（英文）
    #[arg(long, global = true, default_value = "zh", value_parser = ["zh", "en"])]
    lang: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a scenario and its data files; list every problem at once.
    #[command(after_help = validate::HELP)]
    Validate(validate::Args),
    /// Show the county at a glance: teachers by area, who may or must rotate, gaps by subject.
    #[command(after_help = inspect::HELP)]
    Inspect(inspect::Args),
    /// Compute the optimal plan and write it to a folder.
    #[command(after_help = plan::HELP)]
    Plan(plan::Args),
    /// Write a realistic synthetic county (or a province of counties) as a scenario folder.
    #[command(after_help = generate::HELP)]
    Generate(generate::Args),
    /// Explain a plan: why a teacher was or was not chosen, or what a school received and why.
    #[command(after_help = explain::HELP)]
    Explain(explain::Args),
    /// Check a plan folder (possibly edited by hand) against every rule.
    #[command(after_help = check::HELP)]
    Check(check::Args),
    /// Compare plan folders side by side: figures, gaps by subject and area, teachers, schools.
    #[command(after_help = compare::HELP)]
    Compare(compare::Args),
    /// Plan a scenario for each value of a numeric key; table and chart of the key figures.
    #[command(after_help = sweep::HELP)]
    Sweep(sweep::Args),
    /// Write next year's scenario from this year's and its plan: service credited, terms
    /// ended, retirees off, hires on the roster (下一年度).
    #[command(after_help = advance::HELP)]
    Advance(advance::Args),
    /// A teacher's service record, or the service ledger at a glance: who has served, who
    /// still must serve, 特岗 terms ending (交流任教台账).
    #[command(after_help = ledger::HELP)]
    Ledger(ledger::Args),
    /// The publicity list (公示名单) and the notification letters (交流通知) of a checked
    /// plan: print-ready HTML, an xlsx set up for A4, CSV, and PDFs with --pdf.
    #[command(after_help = publish::HELP)]
    Publish(publish::Args),
    /// Rewrite a plan folder's derived files, workbook and reports from its decisions after a
    /// hand edit (plan.csv, hires.csv), and check it.
    #[command(after_help = render::HELP)]
    Render(render::Args),
    /// The local web workbench: upload, validate, plan and download in a browser.
    #[command(after_help = serve::HELP)]
    Serve(serve::Args),
}

/// Parses the command line, runs the command and gives its exit code.
pub fn run() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = help::lang_of(&args);
    let matches = help::localized(Cli::command(), lang).get_matches_from(args);
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let lang = rotaplan::output::Lang::parse(&cli.lang).unwrap_or(lang);
    printer::set_lang(lang);
    // Developer traces (docs/performance.md): the library reads no environment variable.
    rotaplan::plan::set_solver_traces(
        std::env::var_os("ROTAPLAN_DEBUG_CG").is_some(),
        std::env::var_os("ROTAPLAN_HIGHS_LOG").is_some(),
    );
    let mut out = Printer::new();
    let code = match cli.command {
        Command::Validate(a) => validate::run(a, &mut out),
        Command::Inspect(a) => inspect::run(a, &mut out),
        Command::Plan(a) => plan::run(a, &mut out),
        Command::Generate(a) => generate::run(a, &mut out),
        Command::Explain(a) => explain::run(a, &mut out),
        Command::Check(a) => check::run(a, &mut out),
        Command::Compare(a) => compare::run(a, &mut out),
        Command::Sweep(a) => sweep::run(a, &mut out),
        Command::Advance(a) => advance::run(a, &mut out),
        Command::Ledger(a) => ledger::run(a, &mut out),
        Command::Publish(a) => publish::run(a, &mut out),
        Command::Render(a) => render::run(a, &mut out),
        Command::Serve(a) => serve::run(a, &mut out),
    };
    out.finish(code).into()
}

/// Prints diagnostics in the run's language (`--lang`).
fn print_diagnostics(diags: &[Diagnostic]) {
    let zh = lang() == rotaplan::output::Lang::Zh;
    for d in diags {
        if zh {
            eprint_line(d.render_zh());
        } else {
            eprint_line(d);
        }
    }
}

/// Loads a scenario (with locks files), printing its warnings; on errors prints them all and
/// gives exit code 2.
fn load(path: &Path, locks: &[PathBuf]) -> Result<Loaded, Exit> {
    let opts = LoadOptions {
        locks: locks.to_vec(),
        overrides: Vec::new(),
    };
    match rotaplan::input::load_with(path, &opts) {
        Ok(loaded) => {
            print_diagnostics(&loaded.warnings);
            Ok(loaded)
        }
        Err(diags) => {
            print_diagnostics(&diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprint_line(match lang() {
                rotaplan::output::Lang::Zh => format!(
                    "{} 共有 {errors} 处错误，未做规划，未写入任何文件。",
                    path.display()
                ),
                rotaplan::output::Lang::En => format!(
                    "{errors} error(s) in {}; nothing was planned or written.",
                    path.display()
                ),
            });
            Err(Exit::BadInput)
        }
    }
}

/// The pseudonym key the user set: `$ROTAPLAN_ANON_KEY` (the library reads no environment).
fn anon_key() -> Option<String> {
    std::env::var("ROTAPLAN_ANON_KEY")
        .ok()
        .filter(|k| !k.is_empty())
}

/// Prints a library error and gives its exit code.
fn fail(e: &dyn std::fmt::Display, code: Exit) -> Exit {
    eprint_line(format!("error: {e}"));
    code
}
