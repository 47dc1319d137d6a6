//! `rotaplan sweep SCENARIO --set KEY=FROM..TO:STEP --out DIR`: one plan per value of a numeric
//! scenario key (`hires.total`, `policy.rotation_share`, `weights.rural`, …), solved in
//! parallel, with a table (sweep.csv) and a chart (sweep.svg) of the key figures against the
//! value, marking where a larger value stops paying off.
//!
//! "Stops paying off": the weighted gap's improvement per unit of the parameter between two
//! neighbouring points falls below 10% of the best such improvement in the sweep; the last
//! point before that is marked. For a hiring budget this is where one more hire buys less than
//! a tenth of what the most useful hires bought.

mod svg;

use super::batch::{no_progress, outcome_text, row_of, Entry, Progress, Row};
use super::{csv_bytes, num, solve_and_write, Outcome, RunOptions, WhatIfError};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A `--set` that cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SetError {
    #[error("--set {0}: expected KEY=FROM..TO:STEP, KEY=A,B,C or KEY=V · 格式应为 键=起..止:步长")]
    Syntax(String),
    #[error("--set {0}: the key must be dotted, e.g. policy.rotation_share · 键须带点号")]
    Key(String),
    #[error("--set {text}: \"{value}\" is not a number · 不是数字")]
    NotANumber { text: String, value: String },
    #[error("--set {0}: need FROM ≤ TO and a positive STEP · 须起 ≤ 止且步长为正")]
    Range(String),
    #[error("--set {0}: no value · 没有取值")]
    Empty(String),
    #[error("--set {text}: {points} points; at most 500 · 取值最多 500 个")]
    TooMany { text: String, points: usize },
}

/// The values a `--set` gives.
#[derive(Debug, Clone, PartialEq)]
pub struct SetSpec {
    pub key: String,
    pub values: Vec<toml::Value>,
}

/// Parses `key=from..to:step`, `key=a,b,c` or `key=v`. Whole numbers stay integers (counts).
pub fn parse_set(text: &str) -> Result<SetSpec, SetError> {
    let (key, spec) = text
        .split_once('=')
        .ok_or_else(|| SetError::Syntax(text.to_string()))?;
    let key = key.trim().to_string();
    if key.is_empty() || key.split('.').any(|p| p.trim().is_empty()) {
        return Err(SetError::Key(text.to_string()));
    }
    let int = |s: &str| s.trim().parse::<i64>().ok();
    let float = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .ok_or_else(|| SetError::NotANumber {
                text: text.to_string(),
                value: s.trim().to_string(),
            })
    };
    let values = if let Some((range, step)) = spec.split_once("..").map(|(a, b)| {
        let (to, step) = b.split_once(':').unwrap_or((b, "1"));
        ((a, to), step)
    }) {
        let (from, to) = range;
        if let (Some(f), Some(t), Some(s)) = (int(from), int(to), int(step)) {
            if s <= 0 || t < f {
                return Err(SetError::Range(text.to_string()));
            }
            (0..)
                .map(|i| f + i * s)
                .take_while(|v| *v <= t)
                .map(toml::Value::Integer)
                .collect()
        } else {
            let (f, t, s) = (float(from)?, float(to)?, float(step)?);
            if s <= 0.0 || t < f {
                return Err(SetError::Range(text.to_string()));
            }
            let n = ((t - f) / s + 1e-9).floor() as i64;
            (0..=n)
                .map(|i| toml::Value::Float(((f + i as f64 * s) * 1e9).round() / 1e9))
                .collect()
        }
    } else {
        spec.split(',')
            .map(|v| match int(v) {
                Some(i) => Ok(toml::Value::Integer(i)),
                None => float(v).map(toml::Value::Float),
            })
            .collect::<Result<Vec<_>, _>>()?
    };
    if values.is_empty() {
        return Err(SetError::Empty(text.to_string()));
    }
    if values.len() > 500 {
        return Err(SetError::TooMany {
            text: text.to_string(),
            points: values.len(),
        });
    }
    Ok(SetSpec { key, values })
}

fn as_f64(v: &toml::Value) -> f64 {
    v.as_float()
        .or_else(|| v.as_integer().map(|i| i as f64))
        .unwrap_or(0.0)
}

/// One point of the sweep: the value and the plan's figures.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Point {
    pub value: f64,
    pub folder: String,
    /// Weighted gap gained per unit of the parameter since the previous point.
    pub marginal_gain: f64,
    /// Up to and including the marked point, a larger value still paid off.
    pub pays_off: bool,
    #[serde(flatten)]
    pub row: Row,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Sweep {
    pub key: String,
    pub points: Vec<Point>,
    /// The last value that paid off when a later one did not (see the module comment); none
    /// when nothing improved or every step still paid off.
    pub stops_paying_off_after: Option<f64>,
}

/// Runs the sweep into `out`: `out/points/<key>=<value>/` per point, `sweep.csv`,
/// `sweep.json`, `sweep.svg`. Every point is loaded first: a key or value the scenario refuses
/// stops the sweep before anything is written. Returns the sweep and the worst outcome.
pub fn run(
    scenario: &Path,
    set: &SetSpec,
    out: &Path,
    opts: &RunOptions,
    load: &crate::input::LoadOptions,
) -> Result<(Sweep, Outcome), WhatIfError> {
    run_with_progress(scenario, set, out, opts, load, &no_progress)
}

/// [`run`], telling `progress` when it starts and as each point is done.
pub fn run_with_progress(
    scenario: &Path,
    set: &SetSpec,
    out: &Path,
    opts: &RunOptions,
    load: &crate::input::LoadOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Sweep, Outcome), WhatIfError> {
    opts.validate()?;
    let loaded = set
        .values
        .par_iter()
        .map(|v| {
            let mut lo = load.clone();
            lo.overrides.push((set.key.clone(), v.clone()));
            crate::input::load_with(scenario, &lo).map_err(|diagnostics| WhatIfError::Point {
                scenario: scenario.to_path_buf(),
                key: set.key.clone(),
                value: v.to_string(),
                diagnostics,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let opts = RunOptions {
        check: true,
        record_run_info: true,
        ..opts.clone()
    };
    progress(Progress::Start(set.values.len()));
    let results: Vec<(f64, String, Row)> = set
        .values
        .par_iter()
        .zip(loaded)
        .map(|(v, mut loaded)| {
            let folder = format!("points/{}={}", set.key, v);
            let entry = Entry {
                name: folder.clone(),
                path: scenario.to_path_buf(),
            };
            loaded.scenario.solver.threads = 1;
            let row = match solve_and_write(&loaded, &out.join(&folder), &opts, |_| Vec::new()) {
                Ok(done) => row_of(&folder, scenario, &done, opts.reproducible),
                Err(err) => Row::of_error(&entry, &err),
            };
            progress(Progress::Done(&row));
            (as_f64(v), folder, row)
        })
        .collect();
    let sweep = analyse(&set.key, results);
    let worst = sweep
        .points
        .iter()
        .map(|p| p.row.outcome)
        .fold(Outcome::Ok, Outcome::worst);
    let mut json = serde_json::to_vec_pretty(&sweep).unwrap_or_default();
    json.push(b'\n');
    crate::output::atomic::add_files(
        out,
        &[
            ("sweep.csv".into(), table(&sweep)),
            ("sweep.json".into(), json),
            ("sweep.svg".into(), svg::chart(&sweep).into_bytes()),
        ],
    )
    .map_err(|e| WhatIfError::Write {
        what: "the sweep",
        dir: out.to_path_buf(),
        source: e.into(),
    })?;
    Ok((sweep, worst))
}

/// Orders the points, computes marginal gains and the point after which it stops paying off.
pub fn analyse(key: &str, mut results: Vec<(f64, String, Row)>) -> Sweep {
    results.sort_by(|a, b| a.0.total_cmp(&b.0));
    let ok: Vec<bool> = results
        .iter()
        .map(|r| r.2.outcome.exit_code() <= 1)
        .collect();
    let mut gains = vec![0.0; results.len()];
    for i in 1..results.len() {
        let dx = results[i].0 - results[i - 1].0;
        if dx > 0.0 && ok[i] && ok[i - 1] {
            gains[i] = (results[i - 1].2.weighted_gap_after - results[i].2.weighted_gap_after) / dx;
        }
    }
    let best = gains.iter().cloned().fold(0.0, f64::max);
    let mut last_paying = None;
    if best > 1e-9 {
        for (i, &g) in gains.iter().enumerate().skip(1) {
            if g >= 0.1 * best {
                last_paying = Some(i);
            } else {
                break;
            }
        }
    }
    let points = results
        .into_iter()
        .enumerate()
        .map(|(i, (value, folder, row))| Point {
            value,
            folder,
            marginal_gain: crate::output::figures::r6(gains[i]),
            pays_off: last_paying.is_some_and(|l| i <= l),
            row,
        })
        .collect::<Vec<_>>();
    // Only a point followed by one that no longer pays off marks where it stops.
    let stops_paying_off_after = last_paying
        .filter(|&l| l + 1 < points.len())
        .map(|l| points[l].value);
    Sweep {
        key: key.to_string(),
        points,
        stops_paying_off_after,
    }
}

/// sweep.csv: the value, then the key figures.
pub fn table(s: &Sweep) -> Vec<u8> {
    let header: Vec<String> = [
        s.key.as_str(),
        "outcome",
        "status",
        "weighted_gap_after",
        "gap_after",
        "marginal_gain",
        "pays_off",
        "rotated",
        "rotation_share",
        "backbone_share",
        "must_serve_placed",
        "hires",
        "budget_mix",
        "travel",
        "violations",
        "folder",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    let rows: Vec<Vec<String>> = s
        .points
        .iter()
        .map(|p| {
            let r = &p.row;
            vec![
                num(p.value),
                outcome_text(r.outcome),
                r.status.clone(),
                num(r.weighted_gap_after),
                num(r.gap_after),
                num(p.marginal_gain),
                p.pays_off.to_string(),
                r.rotated.to_string(),
                num(r.rotation_share),
                num(r.backbone_share),
                r.must_serve_placed.to_string(),
                r.hires.to_string(),
                r.budget_mix.clone(),
                num(r.travel),
                r.violations.clone(),
                p.folder.clone(),
            ]
        })
        .collect();
    csv_bytes(&header, &rows)
}
