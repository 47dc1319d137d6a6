//! Reading a scenario and its data files (CSV in UTF-8/GBK, XLSX) into domain types, with
//! validation that reports every problem at once.

use crate::diag::Diagnostic;
use crate::domain::County;
use crate::scenario::Scenario;
use std::path::{Path, PathBuf};

/// A scenario with its data, validated.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The scenario file as given.
    pub path: PathBuf,
    /// Folder data paths are relative to.
    pub base_dir: PathBuf,
    pub scenario: Scenario,
    pub county: County,
    /// Warnings: do not stop the run.
    pub warnings: Vec<Diagnostic>,
}

/// Loads and validates a scenario. On failure returns every diagnostic found (errors and
/// warnings, sorted), never just the first.
pub fn load(path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let _ = path;
    todo!("input layer")
}
