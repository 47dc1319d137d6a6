//! The `rotaplan` command line: a thin layer over the library.
//!
//! Exit codes: 0 success; 1 the plan breaks a rule (check) or a rule could not be met (plan);
//! 2 bad input (every problem listed); 3 the solver or the file system failed.

use clap::{Parser, Subcommand};
use rotaplan::diag::Diagnostic;
use rotaplan::input::{self, Loaded};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Many small allocations (rows, cells, strings); mimalloc serves them faster than the system
/// allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod whatif_cli;

#[derive(Parser)]
#[command(
    name = "rotaplan",
    version,
    about = "Plans yearly teacher rotation (交流轮岗) and new-hire allocation for a county education bureau",
    long_about = "rotaplan reads a county's schools, teachers and hiring from a scenario (TOML plus CSV/XLSX), \
checks them, and computes a provably optimal yearly plan: who rotates to which rural school and where \
each new hire goes. See README.md and docs/.",
    after_help = "Example:\n  rotaplan plan scenarios/demo-county/scenario.toml --out out/demo"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a scenario and its data files; list every problem at once.
    #[command(
        after_help = "Example:\n  rotaplan validate scenarios/demo-county/scenario.toml\n\n\
Exit code 0 when the data can be planned (warnings are printed), 2 when there are errors."
    )]
    Validate {
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// Print diagnostics as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show the county at a glance: teachers by area, who may or must rotate, gaps by subject.
    #[command(
        after_help = "Example:\n  rotaplan inspect scenarios/demo-county/scenario.toml\n  rotaplan inspect scenarios/demo-county/scenario.toml --json > overview.json"
    )]
    Inspect {
        scenario: PathBuf,
        /// Print the overview as JSON.
        #[arg(long)]
        json: bool,
        /// How many schools with the largest gaps to list.
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
    /// Compute the optimal plan and write it to a folder.
    #[command(
        after_help = "Example:\n  rotaplan plan scenarios/demo-county/scenario.toml --out out/demo --check\n\n\
Writes plan.csv, hires.csv, gaps.csv, unplaced.csv, summary.json, report.md, plan.xlsx and report.html into --out.\n\
Exit code 0 when every rule is met, 1 when a rule could not be met (see summary.json violations).\n\n\
What-if:\n  rotaplan plan --batch scenarios/whatif --out out/whatif        # every scenario of a folder, in parallel\n  \
rotaplan plan scenarios/demo-county/scenario.toml --locks locks.csv --out out/locked\n  \
rotaplan plan variant.toml --from out/demo --out out/replan      # as few changes as possible"
    )]
    Plan {
        /// The scenario file (TOML); omit with --batch.
        #[arg(required_unless_present = "batch")]
        scenario: Option<PathBuf>,
        /// Plan every scenario of this folder (DIR/*.toml, DIR/*/scenario.toml) into --out/<name>/.
        #[arg(long, conflicts_with_all = ["scenario", "from", "export_model"])]
        batch: Option<PathBuf>,
        /// A locks file (CSV/XLSX: kind, teacher_id, school_id, subject) every plan must keep.
        #[arg(long)]
        locks: Vec<PathBuf>,
        /// Re-plan from this previous plan folder, changing as few assignments as possible.
        #[arg(long)]
        from: Option<PathBuf>,
        /// Output folder (created if missing; files in it are replaced).
        #[arg(long)]
        out: PathBuf,
        /// Stop the solver after this many seconds and keep the best plan found.
        #[arg(long)]
        time_limit: Option<f64>,
        /// Write the model of the last goal stage for audit (.lp or .mps).
        #[arg(long)]
        export_model: Option<PathBuf>,
        /// Run the independent checker on the written plan.
        #[arg(long)]
        check: bool,
        /// Write zero for timing figures so that two runs give byte-identical files.
        #[arg(long)]
        reproducible: bool,
        /// Language of plan.xlsx and report.html labels.
        #[arg(long, default_value = "zh", value_parser = ["zh", "en"])]
        lang: String,
        /// Pseudonyms instead of teacher names and ids in plan.xlsx and report.html (the CSV
        /// files keep real ids for `check`). Key: $ROTAPLAN_ANON_KEY, else the scenario name.
        #[arg(long)]
        anonymize: bool,
    },
    /// Write a realistic synthetic county (or a province of counties) as a scenario folder.
    #[command(
        after_help = "Examples:\n  rotaplan generate --teachers 10000 --schools 200 --seed 7 --out gen/county\n  \
rotaplan generate --teachers 8000 --schools 150 --counties 100 --out gen/province\n\n\
Same seed, same files. With --counties K, each county goes to DIR/county-001 … and differs by its index.\n\
The calibration is described in docs/generator.md."
    )]
    Generate {
        /// Teachers per county.
        #[arg(long, default_value_t = 2000)]
        teachers: u32,
        /// Schools and teaching points per county.
        #[arg(long, default_value_t = 60)]
        schools: u32,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Number of counties (a province); each is written to its own folder.
        #[arg(long, default_value_t = 1)]
        counties: u32,
        /// Calendar year in which the planned academic year starts.
        #[arg(long, default_value_t = 2026)]
        plan_year: i32,
        /// Chinese headers and values, GBK teachers.csv and schools.xlsx, as a bureau's export.
        #[arg(long)]
        chinese: bool,
        #[arg(long)]
        out: PathBuf,
    },
    /// Explain a plan: why a teacher was or was not chosen, or what a school received and why.
    #[command(
        after_help = "Examples:\n  rotaplan explain scenarios/demo-county/scenario.toml out/demo T00001\n  \
rotaplan explain scenarios/demo-county/scenario.toml out/demo S0031 --lang en --json\n\n\
ID is a teacher id or a school id (with --anonymize: a teacher's pseudonym, ANON-…).\n\
Exit code 0, or 2 when the scenario, the plan folder or the id is wrong."
    )]
    Explain {
        /// The scenario file (TOML) the plan was made from.
        scenario: PathBuf,
        /// The plan folder written by `plan` (plan.csv, hires.csv, unplaced.csv).
        dir: PathBuf,
        /// Teacher id, school id, or pseudonym (with --anonymize).
        id: String,
        /// Print the explanation as JSON.
        #[arg(long)]
        json: bool,
        /// Language of the text.
        #[arg(long, default_value = "zh", value_parser = ["zh", "en"])]
        lang: String,
        /// Show teachers by pseudonym, as in reports written with `plan --anonymize`.
        #[arg(long)]
        anonymize: bool,
    },
    /// Check a plan folder (possibly edited by hand) against every rule.
    #[command(
        after_help = "Example:\n  rotaplan check scenarios/demo-county/scenario.toml out/demo\n\n\
Exit code 0 when the plan keeps every rule and its figures agree, 1 otherwise."
    )]
    Check {
        scenario: PathBuf,
        /// The plan folder (plan.csv, hires.csv, gaps.csv, unplaced.csv, summary.json).
        dir: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// A locks file the plan must keep (as given to plan --locks).
        #[arg(long)]
        locks: Vec<PathBuf>,
    },
    /// Compare plan folders side by side: figures, gaps by subject and area, teachers, schools.
    #[command(
        after_help = "Example:\n  rotaplan compare out/whatif/more-hires out/whatif/rotation-15 --csv compare.csv\n\n\
Differences are against the first folder."
    )]
    Compare {
        /// Two or more plan folders.
        #[arg(required = true, num_args = 2..)]
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
    },
    /// Plan a scenario for each value of a numeric key; table and chart of the key figures.
    #[command(
        after_help = "Examples:\n  rotaplan sweep scenarios/whatif/budget.toml --set hires.total=0..200:20 --out out/sweep\n  \
rotaplan sweep scenarios/demo-county/scenario.toml --set policy.rotation_share=0.1,0.15,0.2 --out out/share\n\n\
Writes sweep.csv, sweep.json, sweep.svg and one plan folder per value under points/."
    )]
    Sweep {
        scenario: PathBuf,
        /// KEY=FROM..TO:STEP, KEY=A,B,C or KEY=V (e.g. hires.total=0..200:20, weights.rural=1,2).
        #[arg(long)]
        set: String,
        #[arg(long)]
        out: PathBuf,
        /// Locks every point must keep.
        #[arg(long)]
        locks: Vec<PathBuf>,
        /// Per-point solver time limit in seconds.
        #[arg(long)]
        time_limit: Option<f64>,
        /// Write zero for timing figures.
        #[arg(long)]
        reproducible: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate { scenario, json } => validate(&scenario, json),
        Command::Inspect {
            scenario,
            json,
            top,
        } => inspect(&scenario, json, top),
        Command::Plan {
            batch: Some(dir),
            out,
            time_limit,
            reproducible,
            lang,
            anonymize,
            locks,
            ..
        } => whatif_cli::batch(
            &dir,
            &out,
            run_options(time_limit, reproducible, &lang, anonymize),
            locks,
        ),
        Command::Plan {
            scenario: Some(scenario),
            from: Some(from),
            out,
            time_limit,
            check,
            reproducible,
            lang,
            anonymize,
            locks,
            ..
        } => whatif_cli::replan(
            &scenario,
            &from,
            &out,
            check,
            run_options(time_limit, reproducible, &lang, anonymize),
            locks,
        ),
        Command::Plan {
            scenario: Some(scenario),
            out,
            time_limit,
            export_model,
            check,
            reproducible,
            lang,
            anonymize,
            locks,
            ..
        } => {
            if locks.is_empty() {
                plan(
                    &scenario,
                    &out,
                    time_limit,
                    export_model,
                    check,
                    ReportFlags {
                        reproducible,
                        lang: &lang,
                        anonymize,
                    },
                )
            } else {
                whatif_cli::plan_locked(
                    &scenario,
                    &out,
                    check,
                    run_options(time_limit, reproducible, &lang, anonymize),
                    locks,
                )
            }
        }
        Command::Plan { .. } => ExitCode::from(2),
        Command::Explain {
            scenario,
            dir,
            id,
            json,
            lang,
            anonymize,
        } => explain(&scenario, &dir, &id, json, &lang, anonymize),
        Command::Check {
            scenario,
            dir,
            json,
            locks,
        } => {
            if locks.is_empty() {
                check(&scenario, &dir, json)
            } else {
                whatif_cli::check_locked(&scenario, &dir, json, locks)
            }
        }
        Command::Compare {
            dirs,
            csv,
            json,
            scenario,
        } => whatif_cli::compare(&dirs, csv, json, scenario),
        Command::Sweep {
            scenario,
            set,
            out,
            locks,
            time_limit,
            reproducible,
        } => whatif_cli::sweep(&scenario, &set, &out, locks, time_limit, reproducible),
        Command::Generate {
            teachers,
            schools,
            seed,
            counties,
            plan_year,
            chinese,
            out,
        } => generate(teachers, schools, seed, counties, plan_year, chinese, &out),
    }
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

/// Loads a scenario, printing warnings; on errors prints them all and returns exit code 2.
fn load(path: &Path) -> Result<Loaded, ExitCode> {
    match input::load(path) {
        Ok(loaded) => {
            print_diagnostics(&loaded.warnings);
            Ok(loaded)
        }
        Err(diags) => {
            print_diagnostics(&diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "{errors} error(s) in {}; nothing was planned or written.",
                path.display()
            );
            Err(ExitCode::from(2))
        }
    }
}

fn validate(path: &Path, json: bool) -> ExitCode {
    let result = input::load(path);
    let (diags, ok) = match &result {
        Ok(l) => (l.warnings.clone(), true),
        Err(d) => (d.clone(), false),
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&diags).expect("diagnostics serialize")
        );
    } else {
        print_diagnostics(&diags);
        if let Ok(l) = &result {
            println!(
                "OK 校验通过: {} — {} schools, {} teachers, {} hire batches, {} warning(s).",
                l.scenario.name,
                l.county.schools.len(),
                l.county.teachers.len(),
                l.county.hires.len(),
                l.warnings.len()
            );
        } else {
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprintln!("{errors} error(s) 错误 in {}.", path.display());
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

fn inspect(path: &Path, json: bool, top: usize) -> ExitCode {
    let loaded = match load(path) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let options = rotaplan::inspect::Options { top_schools: top };
    let overview = rotaplan::inspect::overview_with(&loaded.scenario, &loaded.county, &options);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&overview).expect("overview serializes")
        );
    } else {
        print!("{}", rotaplan::inspect::render_text(&overview));
    }
    ExitCode::SUCCESS
}

/// The flags of `plan` that shape the human reports.
struct ReportFlags<'a> {
    reproducible: bool,
    lang: &'a str,
    anonymize: bool,
}

/// The pseudonym key: $ROTAPLAN_ANON_KEY, else one derived from the scenario.
/// Options of the what-if paths (`--batch`, `--locks`, `--from`) from `plan`'s flags.
fn run_options(
    time_limit: Option<f64>,
    reproducible: bool,
    lang: &str,
    anonymize: bool,
) -> rotaplan::whatif::RunOptions {
    rotaplan::whatif::RunOptions {
        time_limit,
        reproducible,
        lang: rotaplan::output::Lang::parse(lang).unwrap_or_default(),
        anonymize,
    }
}

fn anonymize_key(loaded: &Loaded, anonymize: bool) -> Option<String> {
    anonymize.then(|| {
        std::env::var("ROTAPLAN_ANON_KEY")
            .ok()
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| {
                rotaplan::output::anon::default_key(
                    &loaded.scenario.name,
                    loaded.scenario.plan_year,
                )
            })
    })
}

fn explain(path: &Path, dir: &Path, id: &str, json: bool, lang: &str, anonymize: bool) -> ExitCode {
    let loaded = match load(path) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let lang = rotaplan::output::Lang::parse(lang).unwrap_or_default();
    let opts = rotaplan::explain::ExplainOptions {
        lang,
        anonymize: anonymize_key(&loaded, anonymize),
    };
    match rotaplan::explain::explain(&loaded, dir, id, &opts) {
        Ok(e) => {
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&e).expect("explanation serializes")
                );
            } else {
                print!(
                    "{}",
                    rotaplan::explain::render_text(&e, lang, &loaded.scenario)
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn plan(
    path: &Path,
    out: &Path,
    time_limit: Option<f64>,
    export_model: Option<PathBuf>,
    run_check: bool,
    flags: ReportFlags,
) -> ExitCode {
    let loaded = match load(path) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let opts = rotaplan::plan::SolveOptions {
        time_limit_seconds: time_limit.unwrap_or(loaded.scenario.solver.time_limit_seconds),
        export_model,
    };
    let plan = match rotaplan::plan::plan(&loaded, &opts) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(3);
        }
    };
    let render = rotaplan::output::RenderOptions {
        reproducible: flags.reproducible,
        lang: rotaplan::output::Lang::parse(flags.lang).unwrap_or_default(),
        anonymize: anonymize_key(&loaded, flags.anonymize),
    };
    // With --check, the checker reads the plan files as rendered (the bytes written below) while
    // the workbook and the reports are rendered.
    let (summary, mut files, report) =
        rotaplan::output::render_with(&loaded, &plan, &render, |data| {
            run_check.then(|| rotaplan::check::check_rendered(&loaded, data))
        });
    // A hiring budget's split is decided by the plan: whatif.json records it, as for what-ifs.
    let budget_mix = loaded.whatif.budget.is_some().then(|| {
        let info = rotaplan::whatif::run_info(&loaded, &plan);
        files.push(rotaplan::whatif::info_file(&info));
        info.budget_mix
    });
    if let Err(e) = rotaplan::output::atomic::write_files(out, &files) {
        eprintln!("error: cannot write the plan into {}: {e}", out.display());
        return ExitCode::from(3);
    }
    println!(
        "{} plan for {} written to {}: status {}, rotated {} of {} eligible ({:.1}%), backbone {:.1}%, \
must-serve placed {}/{}, hires {}, gap {:.1} → {:.1} FTE (weighted {:.1} → {:.1}), solved in {:.2} s.",
        summary.plan_year,
        summary.scenario,
        out.display(),
        summary.status,
        summary.rotated,
        summary.eligible,
        100.0 * summary.rotation_share,
        100.0 * summary.backbone_share,
        summary.must_serve_placed,
        summary.must_serve,
        summary.hires,
        summary.gap_before,
        summary.gap_after,
        summary.weighted_gap_before,
        summary.weighted_gap_after,
        plan.solve_seconds
    );
    if let Some(mix) = budget_mix.filter(|m| !m.is_empty()) {
        println!(
            "hiring budget split by the plan: {}",
            rotaplan::whatif::mix_text(&mix)
        );
    }
    for v in &summary.violations {
        println!("rule not met [{}]: {}", v.code, v.message);
    }
    let mut code = if summary.violations.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    if let Some(report) = report {
        print!("{}", report.render_text());
        if !report.is_ok() {
            code = ExitCode::from(1);
        }
    }
    code
}

fn check(path: &Path, dir: &Path, json: bool) -> ExitCode {
    match load(path) {
        Ok(loaded) => report_check(&loaded, dir, json),
        Err(code) => code,
    }
}

/// Checks a plan folder against a loaded scenario and prints the report; exit 1 when it breaks
/// a rule.
fn report_check(loaded: &Loaded, dir: &Path, json: bool) -> ExitCode {
    let report = rotaplan::check::check_plan(loaded, dir);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serializes")
        );
    } else {
        print!("{}", report.render_text());
    }
    if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn generate(
    teachers: u32,
    schools: u32,
    seed: u64,
    counties: u32,
    plan_year: i32,
    chinese: bool,
    out: &Path,
) -> ExitCode {
    use rotaplan::generate::{generate_to_dir, Flavor, GenerateParams};
    if teachers == 0 || schools == 0 || counties == 0 {
        eprintln!("error: --teachers, --schools and --counties must be at least 1");
        return ExitCode::from(2);
    }
    let flavor = if chinese {
        Flavor::Chinese
    } else {
        Flavor::English
    };
    let base = GenerateParams {
        plan_year,
        ..GenerateParams::new(teachers, schools, seed)
    };
    for i in 0..counties {
        let (params, dir) = if counties == 1 {
            (base.clone(), out.to_path_buf())
        } else {
            (base.for_county(i), out.join(format!("county-{:03}", i + 1)))
        };
        if let Err(e) = generate_to_dir(&params, &dir, flavor) {
            eprintln!("error: cannot write {}: {e}", dir.display());
            return ExitCode::from(3);
        }
    }
    println!(
        "wrote {counties} county scenario(s) of {teachers} teachers in {schools} schools to {}",
        out.display()
    );
    ExitCode::SUCCESS
}
