//! What-if tools around the planner: many scenarios in one run (`plan --batch`), plans side by
//! side (`compare`), a parameter swept over a range (`sweep`) and re-planning from a previous
//! plan with as few changes as possible (`plan --from`). Variants, patches, budgets and locks
//! themselves are read by `input` (docs/scenario.md, "Variants").
//!
//! Every plan written here goes through the same pipeline as `rotaplan plan`
//! ([`crate::pipeline`]): solve, render with the independent check alongside, write the folder.

pub mod base;
pub mod batch;
pub mod compare;
mod compare_labels;
mod compare_text;
pub mod replan;
pub mod sweep;

use crate::diag::Diagnostic;
use crate::plan::Plan;
use crate::problem::Problem;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use crate::pipeline::info::{info_file, plan_digest, run_info, RunInfo};
use crate::pipeline::FailureKind;
pub use crate::pipeline::{Done, RunError, RunOptions, Verdict};

/// How one plan of a batch or a sweep ended; ordered from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Written; every rule met and the check passed.
    Ok,
    /// Written; a rule or goal could not be met (summary.json `violations`).
    RuleNotMet,
    /// Written; the independent checker found a problem.
    CheckFailed,
    /// Not planned: the scenario, its data or a setting is wrong.
    BadInput,
    /// Not planned: the solver failed.
    SolverError,
    /// Planned but not written: the file system failed.
    WriteError,
}

impl Outcome {
    /// The exit code `rotaplan` gives this outcome (README): 0 ok, 1 a rule not met or the
    /// check failed, 2 bad input, 3 the solver or the file system failed.
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Ok => 0,
            Outcome::RuleNotMet | Outcome::CheckFailed => 1,
            Outcome::BadInput => 2,
            Outcome::SolverError | Outcome::WriteError => 3,
        }
    }

    /// The worse of two outcomes by exit code (a bad input outweighs a rule not met).
    pub fn worst(self, other: Outcome) -> Outcome {
        if (other.exit_code(), other) > (self.exit_code(), self) {
            other
        } else {
            self
        }
    }

    pub fn of_verdict(v: Verdict) -> Outcome {
        match v {
            Verdict::Ok => Outcome::Ok,
            Verdict::RuleNotMet => Outcome::RuleNotMet,
            Verdict::CheckFailed => Outcome::CheckFailed,
        }
    }

    pub fn of_error(e: &RunError) -> Outcome {
        match (e.kind(), e) {
            (FailureKind::BadInput, _) => Outcome::BadInput,
            (FailureKind::Fault, RunError::Write { .. }) => Outcome::WriteError,
            (FailureKind::Fault, _) => Outcome::SolverError,
        }
    }
}

/// Why a whole batch or sweep could not run. The same kind of failure gives the same exit code
/// in both (see [`WhatIfError::kind`]).
#[derive(Debug, thiserror::Error)]
pub enum WhatIfError {
    #[error("cannot read {} · 无法读取文件夹: {source}", dir.display())]
    ReadDir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "no scenario in {}: expected DIR/*.toml or DIR/*/scenario.toml · 文件夹中没有情景文件",
        dir.display()
    )]
    NoScenario { dir: PathBuf },
    #[error(transparent)]
    Set(#[from] sweep::SetError),
    #[error(transparent)]
    Setting(#[from] crate::pipeline::SettingError),
    /// A sweep point that cannot be loaded; found before anything is written.
    #[error(
        "{} with {key} = {value}: {} error(s); nothing was planned or written · 情景有误，未写入任何文件",
        scenario.display(),
        diagnostics.iter().filter(|d| d.is_error()).count()
    )]
    Point {
        scenario: PathBuf,
        key: String,
        value: String,
        diagnostics: Vec<Diagnostic>,
    },
    #[error("cannot write {what} into {} · 无法写入: {source}", dir.display())]
    Write {
        what: &'static str,
        dir: PathBuf,
        source: crate::pipeline::Cause,
    },
}

impl WhatIfError {
    pub fn kind(&self) -> FailureKind {
        match self {
            WhatIfError::Write { .. } => FailureKind::Fault,
            _ => FailureKind::BadInput,
        }
    }
}

/// `music:3;pe:2`
pub fn mix_text(mix: &BTreeMap<String, u32>) -> String {
    mix.iter()
        .map(|(s, n)| format!("{s}:{n}"))
        .collect::<Vec<_>>()
        .join(";")
}

/// Plans a loaded scenario into `out` through the one pipeline ([`crate::pipeline::plan_to_dir`]):
/// plan files, `whatif.json` and the `extra` files, written as one folder; checked unless
/// `opts.check` is off.
pub fn solve_and_write(
    loaded: &Problem,
    out: &Path,
    opts: &RunOptions,
    extra: impl FnOnce(&Plan) -> Vec<(String, Vec<u8>)>,
) -> Result<Done, RunError> {
    crate::pipeline::plan_to_dir(loaded, out, opts, extra)
}

/// CSV bytes with a UTF-8 BOM (as every rotaplan CSV), fields quoted where needed.
pub(crate) fn csv_bytes(header: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    w.write_record(header).expect("in-memory csv");
    for r in rows {
        w.write_record(
            r.iter()
                .map(|c| crate::output::csv_safe::protect(c).into_owned()),
        )
        .expect("in-memory csv");
    }
    w.into_inner().expect("in-memory csv")
}

pub(crate) use crate::output::figures::plain as num;

/// A figure as the tables write it (up to 4 decimals).
pub fn num_text(x: f64) -> String {
    num(x)
}
