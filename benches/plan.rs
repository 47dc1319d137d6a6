//! County-scale benchmark: `cargo bench --bench plan` (sizes with ROTAPLAN_BENCH_SIZES, e.g.
//! "1000,5000,10000"; runs per size with ROTAPLAN_BENCH_RUNS, default 3). County shapes with
//! ROTAPLAN_BENCH_SHAPES instead, e.g. "demo,10000:450,20000:500,50000:600" (teachers:schools,
//! optionally :P for P% teaching points; `demo` is scenarios/demo-county). With
//! ROTAPLAN_BENCH_REFERENCE=SECONDS it also solves each county with the exact per-teacher
//! model (`rotaplan::plan::reference`, what an analyst would write: one binary per teacher and
//! school) within that many seconds, and prints the ratio of its time to the planner's.
//!
//! For each size it generates a county (seed 1, about 50 teachers per school), then times the
//! phases in this process — load, model (prepare, build, assign individuals), solve (the goal
//! stages), write, check — and reports the median of the runs, with the model's size (all
//! columns, and the most HiGHS was given in one stage) and the largest proven MIP gap. As in
//! `rotaplan plan --check`, the check runs on the other core while the workbook and the
//! reports are rendered: its column is its own time, which the write column includes. Peak
//! memory is measured on a separate `rotaplan plan` process per size (VmHWM from /proc,
//! Linux). Results go to stdout as a Markdown table.

use rotaplan::generate::{generate_to_dir, Flavor, GenerateParams};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

// The same allocator as the `rotaplan` binary, so that the figures are the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Peak resident memory (MB) of `rotaplan plan` on the scenario, by polling /proc.
fn peak_memory_mb(bin: &Path, scenario: &Path, out: &Path) -> Option<f64> {
    let mut child = Command::new(bin)
        .arg("plan")
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .stdout(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            if let Some(line) = text.lines().find(|l| l.starts_with("VmHWM:")) {
                let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
                peak_kb = peak_kb.max(kb);
            }
        }
        if child.try_wait().ok()?.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(peak_kb as f64 / 1024.0)
}

fn main() {
    rotaplan::plan::set_solver_traces(
        std::env::var_os("ROTAPLAN_DEBUG_CG").is_some(),
        std::env::var_os("ROTAPLAN_HIGHS_LOG").is_some(),
    );
    let sizes: Vec<u32> = std::env::var("ROTAPLAN_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,2000,5000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("ROTAPLAN_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3)
        .max(1);
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/rotaplan");
    // (teachers, schools, teaching-point percent); 0 teachers: the bundled demo
    let shapes: Vec<(u32, u32, Option<u32>)> = match std::env::var("ROTAPLAN_BENCH_SHAPES") {
        Ok(list) => list
            .split(',')
            .filter_map(|s| {
                let s = s.trim();
                if s == "demo" {
                    return Some((0, 0, None));
                }
                let mut it = s.split(':').map(|x| x.parse::<u32>().ok());
                Some((it.next()??, it.next()??, it.next().flatten()))
            })
            .collect(),
        Err(_) => sizes
            .iter()
            .map(|&t| (t, (t / 50).clamp(20, 400), None))
            .collect(),
    };
    let reference_limit: Option<f64> = std::env::var("ROTAPLAN_BENCH_REFERENCE")
        .ok()
        .and_then(|s| s.parse().ok());
    let mut against_reference = Vec::new();
    println!("| teachers | schools | columns | solver columns | rows | load s | model s | solve s | write s | check s | total s | peak MB | status | max gap |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
    for &(teachers, schools, points) in &shapes {
        let tmp = tempfile::tempdir().expect("temp dir");
        let scenario = if teachers == 0 {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/demo-county/scenario.toml")
        } else {
            let dir = tmp.path().join("county");
            generate_to_dir(
                &GenerateParams {
                    teaching_point_percent: points,
                    ..GenerateParams::new(teachers, schools, 1)
                },
                &dir,
                Flavor::English,
            )
            .expect("generate");
            dir.join("scenario.toml")
        };

        let (mut load, mut model, mut solve, mut write, mut check, mut total) =
            (vec![], vec![], vec![], vec![], vec![], vec![]);
        let (mut solver_columns, mut max_gap) = (0, 0.0f64);
        let mut last = None;
        let (mut n_teachers, mut n_schools) = (0usize, 0usize);
        for run in 0..runs {
            let out = tmp.path().join(format!("out{run}"));
            let t0 = Instant::now();
            let loaded = rotaplan::input::load(&scenario).expect("generated county loads");
            n_schools = loaded.county.schools.len();
            n_teachers = loaded.county.teachers.len();
            let t1 = Instant::now();
            let opts = rotaplan::plan::SolveOptions {
                time_limit_seconds: 3600.0,
                export_model: None,
            };
            let p = rotaplan::plan::plan(&loaded, &opts).expect("plan");
            let t2 = Instant::now();
            // As `rotaplan plan --check`: the checker reads the plan files as rendered, on the
            // other core while the workbook and the reports are rendered; its own time is the
            // check column, inside the write column.
            let (summary, files, (report, checked)) = rotaplan::output::render_with(
                &loaded,
                &p,
                &rotaplan::output::RenderOptions::default(),
                |data| {
                    let t = Instant::now();
                    let report = rotaplan::check::check_rendered(&loaded, data);
                    (report, t.elapsed().as_secs_f64())
                },
            );
            rotaplan::output::atomic::write_files(&out, &files).expect("write");
            let t3 = Instant::now();
            // Goals a generated county cannot meet are reported, not failures; broken hard rules
            // and wrong figures are.
            let broken = report
                .violations
                .iter()
                .any(|v| v.kind == rotaplan::check::RuleKind::Hard);
            assert!(
                !broken && report.mismatches.is_empty(),
                "{}",
                report.render_text()
            );
            let t4 = Instant::now();
            load.push((t1 - t0).as_secs_f64());
            // Solve: the goal stages; model: preparing, building, assigning individuals.
            let stages: f64 = p.stages.iter().map(|st| st.seconds).sum();
            model.push((t2 - t1).as_secs_f64() - stages);
            solve.push(stages);
            solver_columns = p
                .stages
                .iter()
                .map(|st| st.solver_columns)
                .max()
                .unwrap_or(0);
            max_gap = p.stages.iter().map(|st| st.mip_gap).fold(0.0, f64::max);
            write.push((t3 - t2).as_secs_f64());
            check.push(checked);
            total.push((t4 - t0).as_secs_f64());
            last = Some(summary);
        }
        let s = last.expect("at least one run");
        let label = if teachers == 0 {
            format!("{n_teachers} (demo)")
        } else {
            format!("{n_teachers}")
        };
        if let Some(limit) = reference_limit {
            let loaded = rotaplan::input::load(&scenario).expect("county loads");
            let prep = rotaplan::plan::prepare::prepare(&loaded);
            let t = Instant::now();
            let solved = rotaplan::plan::reference::solve_per_teacher(&prep, &loaded, limit);
            let secs = t.elapsed().as_secs_f64();
            against_reference.push((
                format!("{label} / {n_schools}"),
                median(solve.clone()),
                median(total.clone()),
                solved.is_ok().then_some(secs),
                limit,
            ));
        }
        let peak = if bin.exists() {
            peak_memory_mb(&bin, &scenario, &tmp.path().join("mem"))
                .map(|m| format!("{m:.0}"))
                .unwrap_or_else(|| "n/a".into())
        } else {
            "n/a (cargo build --release first)".into()
        };
        println!(
            "| {label} | {} | {} | {solver_columns} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {peak} | {} | {:.1e} |",
            n_schools,
            s.model_columns,
            s.model_rows,
            median(load),
            median(model),
            median(solve),
            median(write),
            median(check),
            median(total),
            s.status,
            max_gap
        );
    }
    if !against_reference.is_empty() {
        println!();
        println!("| county (teachers / schools) | planner solve s | planner total s | per-teacher model s | ratio (solve) |");
        println!("|---|---:|---:|---:|---:|");
        for (county, solve, total, reference, limit) in against_reference {
            let (secs, ratio) = match reference {
                Some(r) => (format!("{r:.1}"), format!("{:.0}×", r / solve)),
                None => (
                    format!("> {limit:.0} (stopped)"),
                    format!("> {:.0}×", limit / solve),
                ),
            };
            println!("| {county} | {solve:.3} | {total:.3} | {secs} | {ratio} |");
        }
    }
}
