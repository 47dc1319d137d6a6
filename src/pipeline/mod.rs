//! The one way a plan folder is made: plan → render (with the independent check alongside) →
//! write. `rotaplan plan`, `plan --locks`, `plan --from` (through `whatif::replan`),
//! `plan --batch` and `sweep` all come through [`plan_to_dir`], so a flag means the same in
//! each of them.
//!
//! The library reads no environment variable and draws nothing: the command line passes the
//! pseudonym key in [`RunOptions::anon_key`] and reports progress itself.

use crate::check::CheckReport;
use crate::output::figures::Summary;
use crate::plan::Plan;
use crate::problem::Problem;
pub mod info;
pub mod render;

use info::{info_file, plan_digest, run_info, RunInfo};
use std::error::Error;
use std::path::{Path, PathBuf};

/// A boxed error from a lower layer, kept typed for `source()`.
pub type Cause = Box<dyn Error + Send + Sync>;

/// Settings of one run, shared by every plan it makes. Built once by the command line, which
/// refuses contradictory flags; [`RunOptions::validate`] refuses values no run can use.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Solver time limit in seconds (finite, positive); `None`: the scenario's
    /// `solver.time_limit_seconds`.
    pub time_limit: Option<f64>,
    /// Write zero for timing figures so that two runs give byte-identical files.
    pub reproducible: bool,
    /// Labels of plan.xlsx and report.html.
    pub lang: crate::output::Lang,
    /// Pseudonyms in plan.xlsx and report.html.
    pub anonymize: bool,
    /// The pseudonym key; `None`: one derived from the scenario's name and year. The command
    /// line passes `$ROTAPLAN_ANON_KEY` here.
    pub anon_key: Option<String>,
    /// Write the model of the last goal stage for audit (.lp or .mps).
    pub export_model: Option<PathBuf>,
    /// Run the independent checker on the plan files as rendered (the bytes then written) and
    /// make its verdict part of the outcome. On by default; `rotaplan plan` turns it on with
    /// `--check`, `--batch` and `sweep` always check.
    pub check: bool,
    /// Write whatif.json (areas, budget split, travel, locks) beside the plan. On by default;
    /// a plain `rotaplan plan` writes it only for a hiring budget.
    pub record_run_info: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            time_limit: None,
            reproducible: false,
            lang: crate::output::Lang::default(),
            anonymize: false,
            anon_key: None,
            export_model: None,
            check: true,
            record_run_info: true,
        }
    }
}

/// A setting no run can use.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SettingError {
    #[error(
        "--time-limit {0}: the time limit must be a positive, finite number of seconds, e.g. 60 \
         · 求解时限须为正的有限秒数，例如 60"
    )]
    TimeLimit(String),
}

impl RunOptions {
    /// Refuses a time limit that is zero, negative, NaN or infinite (the scenario key
    /// `solver.time_limit_seconds` is held to the same rule when the scenario is read).
    pub fn validate(&self) -> Result<(), SettingError> {
        match self.time_limit {
            Some(t) if !(t.is_finite() && t > 0.0) => Err(SettingError::TimeLimit(t.to_string())),
            _ => Ok(()),
        }
    }
}

/// Whether a failure is the input's fault (exit 2) or a fault of the solver or the file
/// system (exit 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    BadInput,
    Fault,
}

/// Why a run produced no plan folder.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Setting(#[from] SettingError),
    #[error(
        "--out {out} holds the input file {input}: the plan would overwrite or mix with the \
         scenario's files; choose a new or empty folder · 输出文件夹含有输入文件，请另选新的或空的文件夹"
    )]
    OutHoldsInput { out: PathBuf, input: PathBuf },
    #[error("the previous plan cannot be used · 原方案无法使用: {0}")]
    PreviousPlan(Cause),
    /// The planner's own message (solver failure, model out of range).
    #[error("{0}")]
    Solve(#[from] crate::plan::PlanError),
    #[error("cannot write the plan into {} · 无法写入方案文件夹: {source}", dir.display())]
    Write {
        dir: PathBuf,
        source: crate::output::atomic::OutputError,
    },
}

impl RunError {
    /// A previous plan folder that cannot be read (any typed error, or a message).
    pub fn previous_plan(e: impl Into<Cause>) -> RunError {
        RunError::PreviousPlan(e.into())
    }

    pub fn kind(&self) -> FailureKind {
        match self {
            RunError::Setting(_) | RunError::OutHoldsInput { .. } | RunError::PreviousPlan(_) => {
                FailureKind::BadInput
            }
            // A folder holding files rotaplan did not write is refused: bad input too.
            RunError::Write { source, .. } if source.is_bad_input() => FailureKind::BadInput,
            // A number the solver cannot take (a load or weight out of range) is bad input.
            RunError::Solve(crate::plan::PlanError::OutOfRange { .. }) => FailureKind::BadInput,
            RunError::Solve(_) | RunError::Write { .. } => FailureKind::Fault,
        }
    }
}

/// A plan written (and checked when asked).
#[derive(Debug)]
pub struct Done {
    pub summary: Summary,
    pub info: RunInfo,
    pub plan: Plan,
    /// The checker's report on the written files; `None` when the run did not check.
    pub check: Option<CheckReport>,
}

/// What a written plan amounts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every rule met, and the check (when run) passed.
    Ok,
    /// A rule or goal could not be met (summary.json `violations`).
    RuleNotMet,
    /// The checker found a problem in the written plan.
    CheckFailed,
}

impl Done {
    pub fn verdict(&self) -> Verdict {
        if !self.summary.violations.is_empty() {
            Verdict::RuleNotMet
        } else if !self.check_ok() {
            Verdict::CheckFailed
        } else {
            Verdict::Ok
        }
    }

    /// True when the check passed or was not run.
    pub fn check_ok(&self) -> bool {
        self.check.as_ref().is_none_or(CheckReport::is_ok)
    }

    /// The check report as text in English; empty when the run did not check.
    pub fn check_text(&self) -> String {
        self.check_text_in(crate::output::Lang::En)
    }

    /// The check report as text in `lang`; empty when the run did not check.
    pub fn check_text_in(&self, lang: crate::output::Lang) -> String {
        self.check
            .as_ref()
            .map(|c| c.render_text_in(lang))
            .unwrap_or_default()
    }
}

/// Plans a loaded scenario into `out`: the plan files, whatif.json (see
/// [`RunOptions::record_run_info`]) and the `extra` files made from the plan, written as one
/// folder. Refuses an `out` folder that holds one of the scenario's input files.
pub fn plan_to_dir(
    loaded: &Problem,
    out: &Path,
    opts: &RunOptions,
    extra: impl FnOnce(&Plan) -> Vec<(String, Vec<u8>)>,
) -> Result<Done, RunError> {
    opts.validate()?;
    refuse_input_folder(loaded, out)?;
    // Refuse a folder that cannot take the plan before spending the solve on it.
    crate::output::atomic::check_plan_folder(out).map_err(|source| RunError::Write {
        dir: out.to_path_buf(),
        source,
    })?;
    let solve = crate::plan::SolveOptions {
        time_limit_seconds: opts
            .time_limit
            .unwrap_or(loaded.scenario.solver.time_limit_seconds),
        export_model: opts.export_model.clone(),
    };
    let plan = crate::plan::plan(loaded, &solve).map_err(RunError::Solve)?;
    let render = render_options(loaded, opts);
    // The checker reads the data files as rendered (the bytes written below), on the other
    // core while the workbook and the reports are rendered.
    let (summary, mut files, check) = crate::output::render_with(loaded, &plan, &render, |data| {
        opts.check
            .then(|| crate::check::check_rendered(loaded, data))
    });
    let mut info = run_info(loaded, &plan);
    info.plan_digest = plan_digest(&files);
    if opts.record_run_info || loaded.commitments.budget.is_some() {
        files.push(info_file(&info));
    }
    files.extend(extra(&plan));
    crate::output::atomic::write_files(out, &files).map_err(|source| RunError::Write {
        dir: out.to_path_buf(),
        source,
    })?;
    Ok(Done {
        summary,
        info,
        plan,
        check,
    })
}

/// The rendering settings of a run: language, timings, pseudonyms (the key given, else the
/// scenario's default key).
fn render_options(loaded: &Problem, opts: &RunOptions) -> crate::output::RenderOptions {
    crate::output::RenderOptions {
        reproducible: opts.reproducible,
        lang: opts.lang,
        anonymize: opts.anonymize.then(|| {
            opts.anon_key.clone().unwrap_or_else(|| {
                crate::output::anon::default_key(&loaded.scenario.name, loaded.scenario.plan_year)
            })
        }),
    }
}

/// An output folder that holds an input file would be overwritten or mixed with the inputs
/// (`plan --out` pointed at the scenario's own folder).
fn refuse_input_folder(loaded: &Problem, out: &Path) -> Result<(), RunError> {
    let Ok(out_dir) = out.canonicalize() else {
        return Ok(()); // a folder that does not exist yet holds no input
    };
    for input in loaded.sources.iter().cloned() {
        let parent = input
            .canonicalize()
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf));
        if parent.as_deref() == Some(out_dir.as_path()) {
            return Err(RunError::OutHoldsInput {
                out: out.to_path_buf(),
                input,
            });
        }
    }
    Ok(())
}
