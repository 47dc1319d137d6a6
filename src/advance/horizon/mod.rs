//! `rotaplan plan SCENARIO --years N`: a rolling projection over N years (docs/years.md). Each
//! year is planned by the one-year planner, its plan checked, and the county carried forward
//! by `advance` into the next year's scenario, which is read back as a user's would be. It shows
//! where the county goes if the office follows the plan every year: the yearly figures in
//! horizon.csv and horizon.json, and the quality-balance coefficients and gaps by year against
//! their limits in horizon.svg. (One model over the whole horizon is still to come.)

mod files;
mod page;

use super::deadlines::{self, DeadlineRow, YearFacts};
use super::{advance, report_files, AdvanceError, ChangeKind};
use crate::generate::{write_scenario_with, Flavor};
use crate::output::atomic::add_files;
use crate::pipeline::{plan_to_dir, RunError, RunOptions};
use crate::problem::Problem;
use crate::whatif::compare::CompareError;
use files::{chart, csv};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One year of the projection.
#[derive(Debug, Clone, Serialize)]
pub struct YearRow {
    pub year: i32,
    /// The plan folder of the year (relative to the projection's folder).
    pub folder: String,
    pub status: String,
    /// The independent checker found no broken rule, no goal missed that the plan does not
    /// admit, and no figure that disagrees (goals the plan admits missing are in `violations`).
    pub check_ok: bool,
    pub eligible: usize,
    pub rotated: usize,
    pub rotation_share: f64,
    pub backbone_share: f64,
    pub must_serve: usize,
    pub must_serve_placed: usize,
    /// Teachers brought forward into this year from a later deadline (`policy.serve_ahead`).
    pub brought_forward: usize,
    pub hires: u32,
    pub hires_unspent: u32,
    pub gap_before: f64,
    pub gap_after: f64,
    pub weighted_gap_after: f64,
    /// (stage, indicator, CV after, limit) of the quality-balance coefficients.
    pub cv_after: Vec<(String, String, Option<f64>, f64)>,
    /// Codes of the rules not met, with their messages.
    pub violations: Vec<String>,
    /// Carried into the next year: retired, hired (0 for the last year).
    pub retired_after: usize,
    pub hired_after: usize,
}

/// Why a projection stopped.
#[derive(Debug, thiserror::Error)]
pub enum HorizonError {
    #[error("year {year}: {source}")]
    Plan { year: i32, source: RunError },
    #[error("year {year}: {source}")]
    Advance { year: i32, source: AdvanceError },
    #[error("year {year}: writing next year's scenario: {message}")]
    Write { year: i32, message: String },
    #[error(
        "year {year}: the scenario carried forward, {}, does not load ({errors} error(s), the first: {first}) · 下一年数据有误",
        path.display()
    )]
    Load {
        year: i32,
        path: PathBuf,
        errors: usize,
        first: String,
    },
    #[error("{}: {message}", dir.display())]
    Files { dir: PathBuf, message: String },
}

/// What a projection produced.
#[derive(Debug, Clone, Serialize)]
pub struct Projection {
    pub years: Vec<YearRow>,
    /// Every teacher who had to serve within the horizon (deadlines.csv).
    pub deadlines: Vec<DeadlineRow>,
    /// Year 1 as the plain one-year plan had it, when bringing teachers forward into year 1
    /// changed it: the difference is the price of the later years.
    pub plain_first_year: Option<YearRow>,
    /// Rounds planned: 1, plus one per time teachers were brought forward.
    pub rounds: usize,
    /// The rounds stopped at their limit with teachers still to bring forward (deadlines.csv
    /// shows them as they stand).
    pub round_limit: bool,
}

/// At most this many rounds of bringing teachers forward (each plans the years from the first
/// year that changed): a bound on the time, reported when reached (`Projection::round_limit`).
const MAX_ROUNDS: usize = 12;

/// Plans `years` years from `first` into `out`: `out/<year>/` the plans, `out/scenario-<year>/`
/// the scenarios carried forward, and horizon.csv, horizon.json, horizon.svg and deadlines.csv.
/// Every plan is checked. Teachers whose deadline year cannot place them are brought forward
/// (`deadlines::bring_forward`) and the years from there planned again.
pub fn project(
    first: &Problem,
    years: u32,
    out: &Path,
    run: &RunOptions,
    flavor: Flavor,
) -> Result<Projection, HorizonError> {
    let mut run = run.clone();
    run.check = true;
    let n = years as usize;
    clear_previous(out, first.scenario.plan_year, n)?;
    // year k's county as carried forward, before its list of teachers brought forward (the
    // first year's: the scenario's own list, if it has one)
    let mut base: Vec<Problem> = vec![first.clone()];
    let mut done: Vec<(YearRow, Problem, YearFacts)> = Vec::new();
    let mut ahead: Vec<BTreeSet<String>> = vec![BTreeSet::new(); n];
    ahead[0] = first.scenario.policy.serve_ahead.iter().cloned().collect();
    let mut round_limit = false;
    let mut tried: BTreeSet<(String, usize)> = BTreeSet::new();
    let mut why = std::collections::BTreeMap::new();
    let mut plain_first_year = None;
    let mut from = 0;
    let mut rounds = 0;
    loop {
        rounds += 1;
        done.truncate(from);
        base.truncate(from + 1);
        for k in from..n {
            let mut problem = base[k].clone();
            problem.scenario.policy.serve_ahead = ahead[k].iter().cloned().collect();
            let year = problem.scenario.plan_year;
            let variant = out.join(format!("scenario-{year}"));
            write_ahead(first, &problem, &variant, k == 0)?;
            let (row, facts) = plan_year(&problem, out, &run)?;
            if k + 1 == n {
                done.push((row, problem, facts));
                break;
            }
            let next = carry(&problem, out, flavor, &mut done, row, facts)?;
            base.push(next);
        }
        if rounds == 1 {
            plain_first_year = done.first().map(|d| d.0.clone());
        }
        let facts: Vec<YearFacts> = done.iter().map(|d| d.2.clone()).collect();
        // (on copies: at the round limit nothing is planned again, so nothing may change)
        let (mut a, mut t, mut w) = (ahead.clone(), tried.clone(), why.clone());
        match deadlines::bring_forward(&base, &facts, &mut a, &mut t, &mut w) {
            Some(_) if rounds >= MAX_ROUNDS => {
                round_limit = true;
                break;
            }
            Some(k) => {
                (ahead, tried, why) = (a, t, w);
                // the years after k are carried forward again: their folders go first, so
                // that no file of this round (a lock of a term that ran on) stays behind
                for d in &done[k..] {
                    let next = out.join(format!("scenario-{}", d.0.year + 1));
                    if d.0.year < done.last().map_or(0, |l| l.0.year) && next.is_dir() {
                        std::fs::remove_dir_all(&next).map_err(|e| HorizonError::Files {
                            dir: next.clone(),
                            message: e.to_string(),
                        })?;
                    }
                }
                from = k;
            }
            _ => break,
        }
    }
    // year 1 changed only if teachers were brought into it
    let own: BTreeSet<String> = first.scenario.policy.serve_ahead.iter().cloned().collect();
    if done.first().is_none_or(|d| {
        d.1.scenario
            .policy
            .serve_ahead
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            == own
    }) {
        plain_first_year = None;
    }
    let rows: Vec<YearRow> = done.iter().map(|d| d.0.clone()).collect();
    let pairs: Vec<(Problem, YearFacts)> = done.into_iter().map(|d| (d.1, d.2)).collect();
    let deadlines = deadlines::rows(&pairs, &why);
    let projection = Projection {
        years: rows,
        deadlines,
        plain_first_year,
        rounds,
        round_limit,
    };
    let files = vec![
        ("horizon.csv".to_string(), csv(&projection.years)),
        (
            "horizon.json".to_string(),
            serde_json::to_vec_pretty(&projection).expect("plain data"),
        ),
        (
            "horizon.svg".to_string(),
            chart(&projection.years).into_bytes(),
        ),
        (
            "deadlines.csv".to_string(),
            deadlines::csv(&projection.deadlines),
        ),
        (
            "horizon.html".to_string(),
            page::html(&projection, &first.scenario.name).into_bytes(),
        ),
    ];
    add_files(out, &files).map_err(|e| HorizonError::Files {
        dir: out.to_path_buf(),
        message: e.to_string(),
    })?;
    Ok(projection)
}

/// Plans one year of the projection into `out/<year>/` and checks it.
fn plan_year(
    problem: &Problem,
    out: &Path,
    run: &RunOptions,
) -> Result<(YearRow, YearFacts), HorizonError> {
    let year = problem.scenario.plan_year;
    let folder = year.to_string();
    let plan_dir = out.join(&folder);
    let done = plan_to_dir(problem, &plan_dir, run, |_| Vec::new())
        .map_err(|source| HorizonError::Plan { year, source })?;
    let s = &done.summary;
    let county = &problem.county;
    let facts = YearFacts {
        year,
        moved: (done.plan.assignments.iter())
            .map(|a| {
                (
                    county.teachers[a.teacher].id.clone(),
                    county.schools[a.to].id.clone(),
                )
            })
            .collect(),
        unplaced: (done.plan.unplaced.iter())
            .map(|u| (county.teachers[u.teacher].id.clone(), u.reason.clone()))
            .collect(),
    };
    let row = YearRow {
        year,
        folder,
        status: s.status.to_string(),
        check_ok: done
            .check
            .as_ref()
            .is_some_and(|c| c.mismatches.is_empty() && !c.violations.iter().any(|v| v.is_fatal())),
        eligible: s.eligible,
        rotated: s.rotated,
        rotation_share: s.rotation_share,
        backbone_share: s.backbone_share,
        must_serve: s.must_serve,
        must_serve_placed: s.must_serve_placed,
        brought_forward: problem.scenario.policy.serve_ahead.len(),
        hires: s.hires,
        hires_unspent: done.plan.hires_unspent,
        gap_before: s.gap_before,
        gap_after: s.gap_after,
        weighted_gap_after: s.weighted_gap_after,
        cv_after: (s.indicators.iter())
            .map(|i| {
                (
                    i.stage.key().to_string(),
                    i.indicator.key().to_string(),
                    i.cv_after,
                    i.cv_limit,
                )
            })
            .collect(),
        violations: (s.violations.iter())
            .map(|v| format!("{}: {}", v.code, v.message))
            .collect(),
        retired_after: 0,
        hired_after: 0,
    };
    Ok((row, facts))
}

/// Carries the year just planned forward with `advance` into `out/scenario-<year + 1>/` and
/// reads that back as a user's scenario would be (with the locks of terms that run on).
/// Pushes the year onto `done` with its counts of retirees and hires.
fn carry(
    problem: &Problem,
    out: &Path,
    flavor: Flavor,
    done: &mut Vec<(YearRow, Problem, YearFacts)>,
    mut row: YearRow,
    facts: YearFacts,
) -> Result<Problem, HorizonError> {
    let year = problem.scenario.plan_year;
    let plan_dir = out.join(year.to_string());
    let adv =
        advance(problem, &plan_dir).map_err(|source| HorizonError::Advance { year, source })?;
    let count = |kind| adv.changes.iter().filter(|c| c.kind == kind).count();
    row.retired_after = count(ChangeKind::Retired);
    row.hired_after = count(ChangeKind::Hired);
    let next_dir = out.join(format!("scenario-{}", year + 1));
    write_scenario_with(
        &adv.scenario,
        &adv.county,
        &next_dir,
        flavor,
        None,
        report_files(&adv),
    )
    .map_err(|e| HorizonError::Write {
        year,
        message: e.to_string(),
    })?;
    done.push((row, problem.clone(), facts));
    let path = next_dir.join("scenario.toml");
    // (terms that run on are read from the service.csv advance wrote)
    match crate::input::load(&path) {
        Ok(next) => Ok(next.problem),
        Err(diags) => {
            let mut errors = diags.iter().filter(|d| d.is_error());
            Err(HorizonError::Load {
                year: year + 1,
                first: errors.next().map_or(String::new(), |d| d.to_string()),
                errors: 1 + errors.count(),
                path,
            })
        }
    }
}

/// A year that must take teachers brought forward is planned from its scenario with
/// `policy.serve_ahead` set: written as `scenario-<year>/ahead.toml`, a variant of the year's
/// scenario (for the first year, of the scenario the projection started from), so that
/// `rotaplan check scenario-<year>/ahead.toml <year>/` checks the plan against what it was
/// planned from. A year without such teachers has no ahead.toml (one left by an earlier round
/// is removed).
fn write_ahead(
    first: &Problem,
    problem: &Problem,
    dir: &Path,
    is_first: bool,
) -> Result<(), HorizonError> {
    let path = dir.join("ahead.toml");
    let list = &problem.scenario.policy.serve_ahead;
    // the first year planned with the scenario's own list: the scenario itself is what it
    // was planned from
    let list: &[String] = if is_first && *list == first.scenario.policy.serve_ahead {
        &[]
    } else {
        list
    };
    let files_err = |e: std::io::Error| HorizonError::Files {
        dir: dir.to_path_buf(),
        message: e.to_string(),
    };
    if list.is_empty() {
        if path.is_file() {
            std::fs::remove_file(&path).map_err(files_err)?;
        }
        return Ok(());
    }
    let extends = if is_first {
        match first.sources.first() {
            Some(src) => {
                // (made first, so that its path is the real one, links and `..` resolved)
                std::fs::create_dir_all(dir).map_err(files_err)?;
                relative_to(dir, src)
            }
            // a problem made in code: nothing to point at
            None => return Ok(()),
        }
    } else {
        "scenario.toml".to_string()
    };
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let ids: Vec<String> = list.iter().map(|id| quote(id)).collect();
    let text = format!(
        "# Written by rotaplan plan --years: this year must also place the teachers below, whose\n\
         # deadline year had no post for them (docs/years.md, \"Deadlines\").\n\
         # 期限年无岗位、提前至本年交流的教师。\n\
         extends = {}\n\n[policy]\nserve_ahead = [{}]\n",
        quote(&extends),
        ids.join(", ")
    );
    add_files(dir, &[("ahead.toml".to_string(), text.into_bytes())]).map_err(|e| {
        HorizonError::Files {
            dir: dir.to_path_buf(),
            message: e.to_string(),
        }
    })
}

/// Before a projection: the scenario folders a previous projection into `out` left for these
/// years go (the scenario writer takes only new or empty folders), when they hold only what a
/// projection writes; a folder with anything else is refused, nothing touched.
fn clear_previous(out: &Path, first_year: i32, years: usize) -> Result<(), HorizonError> {
    let ours = |name: &str| {
        [
            "scenario.toml",
            "ahead.toml",
            "advance-report.csv",
            "service.csv",
            "locks.csv",
        ]
        .contains(&name)
            || ["schools.", "teachers.", "needs.", "hires.", "pairs."]
                .iter()
                .any(|p| name.starts_with(p))
    };
    let mut clear = Vec::new();
    for y in first_year..first_year + years as i32 {
        let dir = out.join(format!("scenario-{y}"));
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut foreign: Vec<String> = Vec::new();
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !(e.path().is_file() && ours(&name)) {
                foreign.push(name);
            }
        }
        if !foreign.is_empty() {
            foreign.sort();
            return Err(HorizonError::Files {
                dir: dir.clone(),
                message: format!(
                    "holds files a projection does not write ({}); choose a new or empty folder for the output · 该文件夹中有不是 rotaplan 写出的文件，请换一个新的或空的文件夹",
                    foreign.join(", ")
                ),
            });
        }
        clear.push(dir);
    }
    for dir in clear {
        std::fs::remove_dir_all(&dir).map_err(|e| HorizonError::Files {
            dir: dir.clone(),
            message: e.to_string(),
        })?;
    }
    Ok(())
}

/// `target` as a path relative to the folder `dir` (both made absolute first), with `/`.
fn relative_to(dir: &Path, target: &Path) -> String {
    let abs = |p: &Path| {
        std::fs::canonicalize(p).unwrap_or_else(|_| {
            std::env::current_dir()
                .map(|c| c.join(p))
                .unwrap_or_else(|_| p.to_path_buf())
        })
    };
    let (from, to) = (abs(dir), abs(target));
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// Each folder, with a `plan --years` folder (one holding horizon.json) replaced by its year
/// folders, in the order horizon.json lists them.
pub fn expand_years(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, CompareError> {
    let mut out = Vec::new();
    for d in dirs {
        let path = d.join("horizon.json");
        if !path.is_file() {
            out.push(d.clone());
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|source| CompareError::Read {
            path: path.clone(),
            source,
        })?;
        let json: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|source| CompareError::Json {
                path: path.clone(),
                source,
            })?;
        let rows = (json.get("years").and_then(|y| y.as_array()))
            .ok_or_else(|| CompareError::NoYearFolder { path: path.clone() })?;
        for r in rows {
            let folder = (r.get("folder").and_then(|f| f.as_str()))
                .filter(|f| !f.is_empty() && !f.contains(['/', '\\']) && *f != "..")
                .ok_or_else(|| CompareError::NoYearFolder { path: path.clone() })?;
            out.push(d.join(folder));
        }
    }
    Ok(out)
}
