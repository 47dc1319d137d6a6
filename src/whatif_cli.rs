//! The what-if commands of the command line: `plan --batch`, `plan --locks`, `plan --from`,
//! `compare`, `sweep`, `check --locks`. Same exit codes as the rest (see main.rs).

use rotaplan::input::{LoadOptions, Loaded};
use rotaplan::whatif::{self, RunOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn load(path: &Path, opts: &LoadOptions) -> Result<Loaded, ExitCode> {
    match rotaplan::input::load_with(path, opts) {
        Ok(l) => {
            for d in &l.warnings {
                eprintln!("{d}");
            }
            Ok(l)
        }
        Err(diags) => {
            for d in &diags {
                eprintln!("{d}");
            }
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "{errors} error(s) in {}; nothing was planned or written.",
                path.display()
            );
            Err(ExitCode::from(2))
        }
    }
}

fn load_opts(locks: Vec<PathBuf>) -> LoadOptions {
    LoadOptions {
        locks,
        overrides: Vec::new(),
    }
}

fn summary_line(out: &Path, done: &whatif::Done) -> String {
    let s = &done.summary;
    let mut line = format!(
        "{} plan for {} written to {}: status {}, rotated {} of {} eligible ({:.1}%), backbone {:.1}%, \
must-serve placed {}/{}, hires {}, gap {:.1} → {:.1} FTE (weighted {:.1} → {:.1}), solved in {:.2} s.",
        s.plan_year,
        s.scenario,
        out.display(),
        s.status,
        s.rotated,
        s.eligible,
        100.0 * s.rotation_share,
        100.0 * s.backbone_share,
        s.must_serve_placed,
        s.must_serve,
        s.hires,
        s.gap_before,
        s.gap_after,
        s.weighted_gap_before,
        s.weighted_gap_after,
        done.plan.solve_seconds
    );
    if !done.info.budget_mix.is_empty() {
        line.push_str(&format!(
            "\nhiring budget split by the plan: {}",
            whatif::mix_text(&done.info.budget_mix)
        ));
    }
    line
}

/// Prints the outcome of a plan; exit 1 when a rule is not met or the check fails.
fn finish(out: &Path, done: &whatif::Done, print_check: bool) -> ExitCode {
    println!("{}", summary_line(out, done));
    for v in &done.summary.violations {
        println!("rule not met [{}]: {}", v.code, v.message);
    }
    if print_check {
        print!("{}", done.check_text);
    }
    if done.summary.violations.is_empty() && (done.check_ok || !print_check) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

pub fn plan_locked(
    scenario: &Path,
    out: &Path,
    check: bool,
    opts: RunOptions,
    locks: Vec<PathBuf>,
) -> ExitCode {
    let loaded = match load(scenario, &load_opts(locks)) {
        Ok(l) => l,
        Err(c) => return c,
    };
    match whatif::solve_and_write(&loaded, out, &opts, |_| Vec::new()) {
        Ok(done) => finish(out, &done, check),
        Err(f) => {
            eprintln!("error: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

pub fn replan(
    scenario: &Path,
    from: &Path,
    out: &Path,
    check: bool,
    opts: RunOptions,
    locks: Vec<PathBuf>,
) -> ExitCode {
    let loaded = match load(scenario, &load_opts(locks)) {
        Ok(l) => l,
        Err(c) => return c,
    };
    match whatif::replan::replan(&loaded, from, out, &opts) {
        Ok(r) => {
            let count = |kind: &str, change: &str| {
                r.changes
                    .iter()
                    .filter(|c| c.kind == kind && c.change == change)
                    .count()
            };
            let code = finish(out, &r.done, check);
            println!(
                "re-planned from {}: kept {} of {} previous rotations; {} removed, {} added, {} moved; {} hire row(s) changed (changes.csv).",
                from.display(),
                r.previous - count("teacher", "removed") - count("teacher", "moved"),
                r.previous,
                count("teacher", "removed"),
                count("teacher", "added"),
                count("teacher", "moved"),
                count("hire", "changed")
            );
            for c in &r.changes {
                println!(
                    "  {} {} {} {}: {} → {} ({})",
                    c.change, c.kind, c.id, c.name, c.before, c.after, c.reason
                );
            }
            let _ = r.kept;
            code
        }
        Err(f) => {
            eprintln!("error: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

pub fn batch(dir: &Path, out: &Path, opts: RunOptions, locks: Vec<PathBuf>) -> ExitCode {
    match whatif::batch::run(dir, out, &opts, &load_opts(locks)) {
        Ok((rows, worst)) => {
            for r in &rows {
                let mix = if r.budget_mix.is_empty() {
                    String::new()
                } else {
                    format!(", budget {}", r.budget_mix)
                };
                println!(
                    "{:<24} {:<13} rotated {:>4}, hires {:>4}{mix}, weighted gap {:.1} → {:.1} {}{}",
                    r.name,
                    r.outcome,
                    r.rotated,
                    r.hires,
                    r.weighted_gap_before,
                    r.weighted_gap_after,
                    r.violations,
                    if r.message.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", r.message)
                    }
                );
            }
            println!(
                "{} scenario(s) planned into {}; summary in batch-summary.csv and batch-summary.json.",
                rows.len(),
                out.display()
            );
            ExitCode::from(worst)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

pub fn check_locked(scenario: &Path, dir: &Path, json: bool, locks: Vec<PathBuf>) -> ExitCode {
    let loaded = match load(scenario, &load_opts(locks)) {
        Ok(l) => l,
        Err(c) => return c,
    };
    crate::report_check(&loaded, dir, json)
}

pub fn compare(
    dirs: &[PathBuf],
    csv: Option<PathBuf>,
    json: bool,
    scenario: Option<PathBuf>,
) -> ExitCode {
    let refs: Vec<&Path> = dirs.iter().map(PathBuf::as_path).collect();
    let mut areas = std::collections::BTreeMap::new();
    if let Some(path) = scenario {
        let loaded = match load(&path, &LoadOptions::default()) {
            Ok(l) => l,
            Err(c) => return c,
        };
        for s in &loaded.county.schools {
            areas.insert(s.id.clone(), s.area.key().to_string());
        }
    }
    let c = match whatif::compare::compare_with(&refs, &areas) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(path) = csv {
        if let Err(e) = rotaplan::output::atomic::write_file(&path, &c.to_csv()) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(3);
        }
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&c).expect("comparison serializes")
        );
    } else {
        print!("{}", c.render_text());
    }
    ExitCode::SUCCESS
}

pub fn sweep(
    scenario: &Path,
    set: &str,
    out: &Path,
    locks: Vec<PathBuf>,
    time_limit: Option<f64>,
    reproducible: bool,
) -> ExitCode {
    let spec = match whatif::sweep::parse_set(set) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let opts = RunOptions {
        time_limit,
        reproducible,
        ..Default::default()
    };
    match whatif::sweep::run(scenario, &spec, out, &opts, &load_opts(locks)) {
        Ok((sweep, worst)) => {
            println!(
                "{:>12} {:>10} {:>8} {:>6} {:>10}  budget mix",
                spec.key, "w.gap", "rotated", "hires", "marginal"
            );
            for p in &sweep.points {
                println!(
                    "{:>12} {:>10.1} {:>8} {:>6} {:>10.3}  {}{}",
                    whatif::num_text(p.value),
                    p.row.weighted_gap_after,
                    p.row.rotated,
                    p.row.hires,
                    p.marginal_gain,
                    p.row.budget_mix,
                    if p.row.exit_code > 1 {
                        format!(" [{}: {}]", p.row.outcome, p.row.message)
                    } else {
                        String::new()
                    }
                );
            }
            match sweep.stops_paying_off_after {
                Some(v) => println!(
                    "{} stops paying off after {} (later steps gain under 10% of the best step).",
                    spec.key,
                    whatif::num_text(v)
                ),
                None if sweep.points.iter().any(|p| p.pays_off) => println!(
                    "{}: every step still paid off; extend the range to see where it stops.",
                    spec.key
                ),
                None => println!("{}: no step improved the weighted gap.", spec.key),
            }
            println!(
                "sweep of {} points written to {} (sweep.csv, sweep.json, sweep.svg).",
                sweep.points.len(),
                out.display()
            );
            ExitCode::from(worst)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(3)
        }
    }
}
