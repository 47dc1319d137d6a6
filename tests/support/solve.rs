//! The only place the tests plan. Every solve runs the independent checker on the files the
//! plan is written to, and fails the test with the check report unless the checker agrees with
//! the plan: no hard rule broken, no figure of the files different from the recomputed one, and
//! the goals the checker finds missed exactly those the plan declares (must-serve misses:
//! exactly its unplaced teachers). A plan that declares nothing must therefore pass check.
//!
//! A test that wants a check to fail (a hand edit) edits the written folder of a [`Checked`]
//! and runs `rotaplan::check::check_plan` on it itself.

use rotaplan::check::{check_plan, CheckReport, RuleKind};
use rotaplan::input::{LoadOptions, Loaded};
use rotaplan::output::figures::Summary;
use rotaplan::output::{render, RenderOptions};
use rotaplan::plan::{Plan, SolveOptions};
use rotaplan::whatif::{self, replan::Replanned, Done, RunOptions};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The rendered files of a plan, by name, as `output::render` returns them.
pub type Files = Vec<(String, Vec<u8>)>;

/// How to solve and render: the time limit and exported model of the solve, the options of the
/// rendering, and a label that names the case in every failure message.
#[derive(Debug, Clone)]
pub struct Solve {
    pub label: String,
    pub time_limit_seconds: f64,
    pub export_model: Option<PathBuf>,
    pub render: RenderOptions,
}

impl Solve {
    /// Default rendering, 300 s.
    pub fn new(label: impl Into<String>) -> Solve {
        Solve {
            label: label.into(),
            time_limit_seconds: 300.0,
            export_model: None,
            render: RenderOptions::default(),
        }
    }

    pub fn time_limit(mut self, seconds: f64) -> Solve {
        self.time_limit_seconds = seconds;
        self
    }

    pub fn export_model(mut self, path: impl Into<PathBuf>) -> Solve {
        self.export_model = Some(path.into());
        self
    }

    pub fn render(mut self, render: RenderOptions) -> Solve {
        self.render = render;
        self
    }
}

/// A plan that passed the checker, with everything the tests look at afterwards.
pub struct Checked {
    pub plan: Plan,
    pub summary: Summary,
    pub files: Files,
    /// The folder the files were written to (removed when dropped).
    pub dir: tempfile::TempDir,
    pub report: CheckReport,
    /// Codes of the goals the plan declares missed (the checker found the same).
    pub declared: BTreeSet<&'static str>,
}

impl Checked {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The plan and its folder, for tests that explain or edit the written files.
    pub fn into_folder(self) -> (Plan, tempfile::TempDir) {
        (self.plan, self.dir)
    }
}

/// Plans `loaded` (default rendering, 300 s) and checks the written files; see the module.
pub fn solve_checked(loaded: &Loaded, label: &str) -> Checked {
    solve_checked_with(loaded, &Solve::new(label))
}

/// Plans `loaded` as `how` says and checks the written files; see the module.
pub fn solve_checked_with(loaded: &Loaded, how: &Solve) -> Checked {
    let opts = SolveOptions {
        time_limit_seconds: how.time_limit_seconds,
        export_model: how.export_model.clone(),
    };
    let plan = rotaplan::plan::plan(loaded, &opts)
        .unwrap_or_else(|e| panic!("{}: no plan: {e}", how.label));
    render_checked(loaded, plan, &how.render, &how.label)
}

/// Renders a plan already made, writes it to a new folder and checks it as [`solve_checked`]
/// does (for a plan rendered in several ways).
pub fn render_checked(loaded: &Loaded, plan: Plan, opts: &RenderOptions, label: &str) -> Checked {
    let (summary, files) = render(loaded, &plan, opts);
    let dir = tempfile::tempdir().unwrap();
    rotaplan::output::atomic::write_files(dir.path(), &files)
        .unwrap_or_else(|e| panic!("{label}: cannot write the plan: {e}"));
    let report = check_plan(loaded, dir.path());
    let declared = assert_check_agrees(loaded, &plan, &report, label);
    Checked {
        plan,
        summary,
        files,
        dir,
        report,
        declared,
    }
}

/// Plans a feature scenario under tests/features (60 s) and checks it.
pub fn solve_feature(name: &str) -> (Loaded, Checked) {
    let loaded = super::load(super::feature_dir(name).join("scenario.toml"));
    let checked = solve_checked_with(&loaded, &Solve::new(name).time_limit(60.0));
    (loaded, checked)
}

/// The checker agrees with the plan (see the module); returns the declared goal misses.
pub fn assert_check_agrees(
    loaded: &Loaded,
    plan: &Plan,
    report: &CheckReport,
    label: &str,
) -> BTreeSet<&'static str> {
    let text = report.render_text();
    assert_folder_keeps_the_rules(report, label);
    let found: BTreeSet<&'static str> = report.violations.iter().map(|v| v.code).collect();
    let declared: BTreeSet<&'static str> = plan.violations.iter().map(|v| v.code).collect();
    assert_eq!(found, declared, "{label}: {text}");
    let missed: BTreeSet<String> = report
        .violations
        .iter()
        .filter(|v| v.code == "C-MUST-SERVE")
        .flat_map(|v| v.rows.iter().map(|r| r.id.clone()))
        .collect();
    let unplaced: BTreeSet<String> = plan
        .unplaced
        .iter()
        .map(|u| loaded.county.teachers[u.teacher].id.clone())
        .collect();
    assert_eq!(missed, unplaced, "{label}: {text}");
    assert_eq!(
        report.is_ok(),
        plan.violations.is_empty(),
        "{label}: {text}"
    );
    found
}

/// What can be asked of a written folder without its `Plan`: no mismatch, no hard rule broken,
/// every goal missed declared in summary.json.
pub fn assert_folder_keeps_the_rules(report: &CheckReport, label: &str) {
    let text = report.render_text();
    assert!(report.mismatches.is_empty(), "{label}: {text}");
    for v in &report.violations {
        assert!(
            v.kind == RuleKind::Goal,
            "{label}: hard violation {}: {text}",
            v.code
        );
        assert!(
            v.declared,
            "{label}: undeclared goal miss {}: {text}",
            v.code
        );
    }
}

/// `whatif::solve_and_write` into `out`, then the independent checker on the folder.
pub fn solve_into(loaded: &Loaded, out: &Path, opts: &RunOptions, label: &str) -> Done {
    let done = whatif::solve_and_write(loaded, out, opts, |_| Vec::new())
        .unwrap_or_else(|e| panic!("{label}: {e:?}"));
    assert!(done.check_ok(), "{label}: {}", done.check_text());
    let report = check_plan(loaded, out);
    assert_check_agrees(loaded, &done.plan, &report, label);
    done
}

/// `whatif::replan::replan` from `before` into `after`, then the independent checker on it.
pub fn replan_checked(
    loaded: &Loaded,
    before: &Path,
    after: &Path,
    opts: &RunOptions,
    label: &str,
) -> Replanned {
    let r = whatif::replan::replan(loaded, before, after, opts)
        .unwrap_or_else(|e| panic!("{label}: {e:?}"));
    assert!(r.done.check_ok(), "{label}: {}", r.done.check_text());
    let report = check_plan(loaded, after);
    assert_check_agrees(loaded, &r.done.plan, &report, label);
    r
}

/// `whatif::batch::run` of the scenarios in `dir` into `out`; then every folder written is
/// loaded with `load` and checked. Returns the rows, the worst exit code and the check report
/// of each folder by scenario name.
pub fn batch_checked(
    dir: &Path,
    out: &Path,
    opts: &RunOptions,
    load: &LoadOptions,
) -> (
    Vec<whatif::batch::Row>,
    whatif::Outcome,
    BTreeMap<String, CheckReport>,
) {
    let (rows, worst) = whatif::batch::run(dir, out, opts, load)
        .unwrap_or_else(|e| panic!("batch of {}: {e}", dir.display()));
    let mut reports = BTreeMap::new();
    for r in &rows {
        let folder = out.join(&r.name);
        if !folder.join("plan.csv").is_file() {
            continue;
        }
        let loaded = rotaplan::input::load_with(Path::new(&r.scenario_file), load)
            .unwrap_or_else(|d| panic!("{}: {d:#?}", r.scenario_file));
        let report = check_plan(&loaded, &folder);
        assert_folder_keeps_the_rules(&report, &r.name);
        reports.insert(r.name.clone(), report);
    }
    (rows, worst, reports)
}

/// `whatif::sweep::run` of `scenario` into `out`; then every point's folder is loaded with the
/// point's value and checked. Returns the sweep, the worst exit code and the check report of
/// each point by folder.
pub fn sweep_checked(
    scenario: &Path,
    set: &whatif::sweep::SetSpec,
    out: &Path,
    opts: &RunOptions,
    load: &LoadOptions,
) -> (
    whatif::sweep::Sweep,
    whatif::Outcome,
    BTreeMap<String, CheckReport>,
) {
    let (sweep, worst) = whatif::sweep::run(scenario, set, out, opts, load)
        .unwrap_or_else(|e| panic!("sweep of {}: {e}", scenario.display()));
    let mut reports = BTreeMap::new();
    for value in &set.values {
        let folder = format!("points/{}={}", set.key, value);
        if !out.join(&folder).join("plan.csv").is_file() {
            continue;
        }
        let mut lo = load.clone();
        lo.overrides.push((set.key.clone(), value.clone()));
        let loaded = rotaplan::input::load_with(scenario, &lo)
            .unwrap_or_else(|d| panic!("{folder}: {d:#?}"));
        let report = check_plan(&loaded, &out.join(&folder));
        assert_folder_keeps_the_rules(&report, &folder);
        reports.insert(folder, report);
    }
    assert_eq!(
        reports.len(),
        sweep.points.iter().filter(|p| p.row.exit_code < 2).count(),
        "every point with a plan is checked"
    );
    (sweep, worst, reports)
}

/// The independent checker on a folder the command line wrote (`rotaplan plan --out DIR`
/// without `--check`): the scenario is loaded as the command did (no locks), the folder must
/// keep the rules (see [`assert_folder_keeps_the_rules`]). Returns the report.
pub fn check_folder(scenario: impl AsRef<Path>, dir: &Path) -> CheckReport {
    let loaded = super::load(scenario);
    let report = check_plan(&loaded, dir);
    assert_folder_keeps_the_rules(&report, &dir.display().to_string());
    report
}

/// Plans a scenario that must NOT plan (absurd numbers that reach the solver): returns the
/// typed error, and fails the test on a plan or on a panic. No plan comes out, so there is
/// nothing for the checker to judge.
pub fn plan_must_fail(
    loaded: &Loaded,
    opts: &rotaplan::plan::SolveOptions,
) -> rotaplan::plan::PlanError {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rotaplan::plan::plan(loaded, opts)
    }))
    .unwrap_or_else(|_| panic!("planning panicked instead of returning an error"));
    match result {
        Ok(_) => panic!("planning succeeded where it had to fail"),
        Err(e) => e,
    }
}
