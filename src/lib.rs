//! rotaplan: yearly teacher rotation (交流轮岗) and new-hire allocation for county education bureaus.
//!
//! Layers, each depending only on those above it:
//! - [`diag`]: diagnostics (errors and warnings with file, line, column, code and remedy).
//! - [`domain`]: county facts (schools, teachers, hires, pairs, the outcome of a plan).
//! - [`scenario`]: the scenario TOML (policy, weights, curriculum, solver settings).
//! - [`rules`]: the policy rules as functions of county facts and scenario values (who may
//!   rotate, gaps, indicators, and in [`rules::moves`] every rule about one move).
//! - [`input`]: reading CSV/XLSX files into domain types, with validation.
//! - [`inspect`]: the county at a glance.
//! - [`plan`]: the optimization model (good_lp + HiGHS).
//! - [`check`]: the independent plan checker; never calls into [`plan`].
//! - [`output`]: plan files (CSV, JSON, Markdown, XLSX, HTML) written atomically.
//! - [`explain`]: why a teacher was or was not chosen, what a school received; reads a plan folder.

pub mod check;
pub mod diag;
pub mod domain;
pub mod explain;
pub mod generate;
pub mod input;
pub mod inspect;
pub mod output;
pub mod plan;
pub mod rules;
pub mod scenario;
pub mod whatif;
