//! `whatif.json`: facts about a plan that its files do not carry (areas, the subjects a budget
//! bought, the travel objective, locks, closures), tied to the plan by a digest of its files.

use crate::plan::Plan;
use crate::problem::Problem;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Facts about a plan that its files do not carry, written to `whatif.json` beside them so
/// that `compare` can group gaps by area and show the subjects a budget bought.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct RunInfo {
    /// School id → area key.
    pub areas: BTreeMap<String, String>,
    /// Subject → hires the budget bought there (empty without `[hires] total`).
    pub budget_mix: BTreeMap<String, u32>,
    /// Objective of the travel stage (km-equivalents), 0 when not solved.
    pub travel: f64,
    pub locks: usize,
    pub closed: Vec<String>,
    /// [`plan_digest`] of the plan these facts belong to: `compare` trusts whatif.json only
    /// when it matches the folder's plan.csv and hires.csv.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub plan_digest: String,
}

pub fn run_info(loaded: &Problem, plan: &Plan) -> RunInfo {
    let county = &loaded.county;
    let areas = county.area_keys();
    let mut budget_mix = BTreeMap::new();
    if let Some(b) = &loaded.commitments.budget {
        for subject in &b.subjects {
            let placed: u32 = plan
                .hires
                .iter()
                .filter(|h| &h.subject == subject && h.programme == b.programme)
                .map(|h| h.count)
                .sum();
            let fixed: u32 = county
                .hires
                .iter()
                .filter(|h| &h.subject == subject && h.programme == b.programme)
                .map(|h| h.count)
                .sum();
            let bought = placed.saturating_sub(fixed);
            if bought > 0 {
                budget_mix.insert(subject.clone(), bought);
            }
        }
    }
    let travel = plan
        .stages
        .iter()
        .find(|s| s.goal == crate::scenario::Goal::Travel)
        .map(|s| crate::output::figures::r6(s.objective))
        .unwrap_or(0.0);
    RunInfo {
        areas,
        budget_mix,
        travel,
        locks: loaded.commitments.locks.len(),
        closed: loaded.commitments.closed.clone(),
        plan_digest: String::new(),
    }
}

/// A short digest (FNV-1a, 64 bits, hex) of a plan's plan.csv and hires.csv bytes among
/// rendered `files`; it ties whatif.json to the plan it was written with. Not a security
/// measure: it only tells a stale whatif.json from a current one.
pub fn plan_digest(files: &[(String, Vec<u8>)]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for name in ["plan.csv", "hires.csv"] {
        let bytes = files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
            .unwrap_or(&[]);
        for &b in name.as_bytes().iter().chain(bytes) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// `whatif.json` for a plan folder (see [`RunInfo`]).
pub fn info_file(info: &RunInfo) -> (String, Vec<u8>) {
    let mut json = serde_json::to_vec_pretty(info).expect("run info serializes");
    json.push(b'\n');
    ("whatif.json".into(), json)
}
