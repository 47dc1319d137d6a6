//! rotaplan: yearly teacher rotation (交流轮岗) and new-hire allocation for county education bureaus.
//!
//! Layers, each depending only on those above it:
//! - [`diag`]: diagnostics (errors and warnings with file, line, column, code and remedy).
//! - [`domain`]: county facts (schools, teachers, hires, pairs, the outcome of a plan).
//! - [`scenario`]: the scenario (policy, weights, curriculum, solver settings, what-if variants).
//! - [`rules`]: the policy rules as functions of county facts and scenario values (who may
//!   rotate, gaps, indicators, and in [`rules::moves`] every rule about one move).
//! - [`problem`]: the scenario, the county and the variant's commitments, with id indices:
//!   what every layer below the input takes.
//! - [`input`]: reading the scenario TOML and the CSV/XLSX files into those types, with
//!   validation; the only layer that knows files and encodings.
//! - [`inspect`]: the county at a glance.
//! - [`plan`]: the optimization model (good_lp + HiGHS).
//! - [`check`]: the independent plan checker; never calls into [`plan`].
//! - [`output`]: plan files (CSV, JSON, Markdown, XLSX, HTML), rendered in memory, written as a
//!   folder.
//! - [`explain`]: why a teacher was or was not chosen, what a school received; reads a plan folder.
//! - [`pipeline`]: the one way a plan folder is made (plan → render with the check alongside →
//!   write), with typed errors and a verdict; used by every command that plans.
//! - [`whatif`]: batch, sweep, compare and re-plan around the pipeline.
//! - [`generate`]: synthetic counties.
//!
//! The command line (src/cli/, in the binary) sits on top: arguments, the run configuration,
//! printing and exit codes. The library prints nothing and draws no progress bar; the
//! pseudonym key comes in as a setting, not from the environment.

pub mod advance;
pub mod check;
pub mod diag;
pub mod domain;
pub mod explain;
pub mod generate;
pub mod input;
pub mod inspect;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod problem;
pub mod rules;
pub mod scenario;
pub mod serve;
pub mod whatif;
