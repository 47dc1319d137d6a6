//! `rotaplan compare DIR_A DIR_B [DIR_C …]`: plans side by side. Reads only the plan files
//! (summary.json, plan.csv, gaps.csv, hires.csv) and, when present, whatif.json for school
//! areas and travel (written by the what-if commands; for a folder of plain `plan`, pass
//! `--scenario` for the areas; travel is then 0); differences are against the first plan.
//! A whatif.json is used only when its `plan_digest` matches the folder's plan.csv and
//! hires.csv: one left from an earlier plan (or written before digests) is ignored.

use super::{plan_digest, RunInfo};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A plan folder that cannot be compared.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error("compare needs at least two plan folders · 至少需要两个方案文件夹")]
    TooFew,
    #[error("cannot read {} · 无法读取: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not JSON · 不是有效的 JSON: {source}", path.display())]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{} is not a readable CSV file · 不是可读的 CSV 文件: {source}", path.display())]
    Csv { path: PathBuf, source: csv::Error },
    #[error("{}: a year without its folder · 逐年汇总缺少年份文件夹", path.display())]
    NoYearFolder { path: PathBuf },
}

/// A numeric line: one value per plan, and each plan's difference to the first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Line {
    pub key: String,
    pub values: Vec<f64>,
    /// values[i] − values[0] for i ≥ 1.
    pub diffs: Vec<f64>,
}

/// A teacher whose assignment differs between the plans.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TeacherLine {
    pub teacher_id: String,
    pub name: String,
    /// `school/subject` per plan; empty when the teacher does not rotate in that plan.
    pub assignments: Vec<String>,
}

/// A school whose staffing differs between the plans.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SchoolLine {
    pub school_id: String,
    pub area: String,
    /// Rotated teachers in + hires − rotated teachers out, per plan.
    pub net_staff: Vec<f64>,
    /// Σ gap_after over its subjects, per plan.
    pub gap_after: Vec<f64>,
    /// net_staff[i] − net_staff[0]: positive gains, negative loses, against the first plan.
    pub gains: Vec<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Comparison {
    pub plans: Vec<String>,
    /// `status` per plan (text).
    pub status: Vec<String>,
    pub figures: Vec<Line>,
    pub gaps_by_subject: Vec<Line>,
    pub gaps_by_area: Vec<Line>,
    pub teachers: Vec<TeacherLine>,
    pub schools: Vec<SchoolLine>,
}

pub(super) const FIGURES: [&str; 14] = [
    "eligible",
    "rotated",
    "rotation_share",
    "rotation_target",
    "backbone_rotated",
    "backbone_share",
    "must_serve",
    "must_serve_placed",
    "hires",
    "gap_before",
    "gap_after",
    "weighted_gap_before",
    "weighted_gap_after",
    "solve_seconds",
];

struct PlanDir {
    summary: serde_json::Value,
    /// teacher → (name, to, subject, from)
    plan: BTreeMap<String, (String, String, String, String)>,
    /// (school, subject) → gap_after
    gaps: BTreeMap<(String, String), f64>,
    /// school → hires
    hires: BTreeMap<String, f64>,
    info: Option<RunInfo>,
}

/// One CSV record: lower-case header → trimmed cell.
pub(crate) type CsvRow = BTreeMap<String, String>;

pub(crate) fn read_csv(path: &Path) -> Result<Vec<CsvRow>, CompareError> {
    let bytes = read(path)?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .map_err(|e| csv_error(path, e))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| csv_error(path, e))?;
        out.push(
            header
                .iter()
                .cloned()
                .zip(
                    rec.iter()
                        .map(|s| crate::output::csv_safe::unprotect(s.trim()).to_string()),
                )
                .collect(),
        );
    }
    Ok(out)
}

fn read(path: &Path) -> Result<Vec<u8>, CompareError> {
    std::fs::read(path).map_err(|source| CompareError::Read {
        path: path.to_path_buf(),
        source,
    })
}

fn csv_error(path: &Path, source: csv::Error) -> CompareError {
    CompareError::Csv {
        path: path.to_path_buf(),
        source,
    }
}

fn field<'a>(row: &'a BTreeMap<String, String>, k: &str) -> &'a str {
    row.get(k).map(String::as_str).unwrap_or("")
}

fn read_dir(dir: &Path) -> Result<PlanDir, CompareError> {
    let sp = dir.join("summary.json");
    let summary: serde_json::Value =
        serde_json::from_slice(&read(&sp)?).map_err(|source| CompareError::Json {
            path: sp.clone(),
            source,
        })?;
    let mut plan = BTreeMap::new();
    for r in read_csv(&dir.join("plan.csv"))? {
        plan.insert(
            field(&r, "teacher_id").to_string(),
            (
                field(&r, "name").to_string(),
                field(&r, "to_school_id").to_string(),
                field(&r, "subject").to_string(),
                field(&r, "from_school_id").to_string(),
            ),
        );
    }
    let mut gaps = BTreeMap::new();
    for r in read_csv(&dir.join("gaps.csv"))? {
        let g: f64 = field(&r, "gap_after").parse().unwrap_or(0.0);
        gaps.insert(
            (
                field(&r, "school_id").to_string(),
                field(&r, "subject").to_string(),
            ),
            g,
        );
    }
    let mut hires = BTreeMap::new();
    for r in read_csv(&dir.join("hires.csv"))? {
        let n: f64 = field(&r, "count").parse().unwrap_or(0.0);
        *hires.entry(field(&r, "school_id").to_string()).or_default() += n;
    }
    let info = current_info(dir)?;
    Ok(PlanDir {
        summary,
        plan,
        gaps,
        hires,
        info,
    })
}

/// The folder's whatif.json when it belongs to the plan beside it (see the module comment).
fn current_info(dir: &Path) -> Result<Option<RunInfo>, CompareError> {
    let Ok(bytes) = std::fs::read(dir.join("whatif.json")) else {
        return Ok(None);
    };
    let Ok(info) = serde_json::from_slice::<RunInfo>(&bytes) else {
        return Ok(None);
    };
    let files: Vec<(String, Vec<u8>)> = ["plan.csv", "hires.csv"]
        .iter()
        .map(|n| Ok((n.to_string(), read(&dir.join(n))?)))
        .collect::<Result<_, CompareError>>()?;
    Ok((!info.plan_digest.is_empty() && info.plan_digest == plan_digest(&files)).then_some(info))
}

fn line(key: &str, values: Vec<f64>) -> Line {
    let diffs = values.iter().skip(1).map(|v| v - values[0]).collect();
    Line {
        key: key.to_string(),
        values,
        diffs,
    }
}

/// Compares plan folders. Names are the folders' names (their paths when names repeat).
/// School areas come from the folders' whatif.json.
pub fn compare(dirs: &[&Path]) -> Result<Comparison, CompareError> {
    compare_with(dirs, &BTreeMap::new())
}

/// [`compare`] with school areas (school id → area key) for folders without whatif.json.
pub fn compare_with(
    dirs: &[&Path],
    known_areas: &BTreeMap<String, String>,
) -> Result<Comparison, CompareError> {
    if dirs.len() < 2 {
        return Err(CompareError::TooFew);
    }
    let plans: Vec<PlanDir> = dirs.iter().map(|d| read_dir(d)).collect::<Result<_, _>>()?;
    let areas = school_areas(known_areas, &plans);
    let (by_subject, by_area, by_school) = gap_sums(&plans, &areas);
    Ok(Comparison {
        plans: plan_names(dirs),
        status: statuses(&plans),
        figures: figure_lines(&plans),
        gaps_by_subject: by_subject.into_iter().map(|(k, v)| line(&k, v)).collect(),
        gaps_by_area: by_area.into_iter().map(|(k, v)| line(&k, v)).collect(),
        teachers: teacher_lines(&plans),
        schools: school_lines(&plans, &by_school, &areas),
    })
}

/// The folders' names, or their paths when two folders share a name.
fn plan_names(dirs: &[&Path]) -> Vec<String> {
    let names: Vec<String> = dirs
        .iter()
        .map(|d| {
            d.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| d.display().to_string())
        })
        .collect();
    if names.iter().collect::<BTreeSet<_>>().len() < names.len() {
        dirs.iter().map(|d| d.display().to_string()).collect()
    } else {
        names
    }
}

/// The solver status of each plan.
fn statuses(plans: &[PlanDir]) -> Vec<String> {
    plans
        .iter()
        .map(|p| {
            p.summary
                .get("status")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

/// The summary figures, then the number of rule violations and the travel of each plan.
fn figure_lines(plans: &[PlanDir]) -> Vec<Line> {
    let fig = |p: &PlanDir, k: &str| p.summary.get(k).and_then(|v| v.as_f64()).unwrap_or(0.0);
    let mut figures: Vec<Line> = FIGURES
        .iter()
        .map(|k| line(k, plans.iter().map(|p| fig(p, k)).collect()))
        .collect();
    figures.push(line(
        "violations",
        plans
            .iter()
            .map(|p| {
                p.summary
                    .get("violations")
                    .and_then(|v| v.as_array())
                    .map_or(0.0, |a| a.len() as f64)
            })
            .collect(),
    ));
    figures.push(line(
        "travel",
        plans
            .iter()
            .map(|p| {
                p.info
                    .as_ref()
                    .map_or_else(|| summary_travel(p), |i| i.travel)
            })
            .collect(),
    ));
    figures
}

/// The travel stage's objective from summary.json's `stages`, for a plan folder without
/// whatif.json (a plain `rotaplan plan`); 0 when the plan has no travel stage.
fn summary_travel(p: &PlanDir) -> f64 {
    (p.summary.get("stages").and_then(|v| v.as_array()))
        .and_then(|stages| {
            stages
                .iter()
                .find(|s| s.get("goal").and_then(|g| g.as_str()) == Some("travel"))
        })
        .and_then(|s| s.get("objective").and_then(|v| v.as_f64()))
        .unwrap_or(0.0)
}

/// School id → area key: the given areas first, then those the folders' whatif.json name.
fn school_areas(
    known_areas: &BTreeMap<String, String>,
    plans: &[PlanDir],
) -> BTreeMap<String, String> {
    let mut areas: BTreeMap<String, String> = known_areas.clone();
    for p in plans {
        if let Some(i) = &p.info {
            for (s, a) in &i.areas {
                areas.entry(s.clone()).or_insert_with(|| a.clone());
            }
        }
    }
    areas
}

/// A school's area key, `unknown` when no source names it.
fn area_of(areas: &BTreeMap<String, String>, school: &str) -> String {
    areas
        .get(school)
        .cloned()
        .unwrap_or_else(|| "unknown".into())
}

/// Key → one value per plan.
type PerPlan = BTreeMap<String, Vec<f64>>;

/// Adds `v` to plan `i`'s value under `key` (of `n` plans).
fn add(map: &mut PerPlan, key: String, n: usize, i: usize, v: f64) {
    map.entry(key).or_insert_with(|| vec![0.0; n])[i] += v;
}

/// The gap after each plan, summed by subject, by area and by school.
fn gap_sums(plans: &[PlanDir], areas: &BTreeMap<String, String>) -> (PerPlan, PerPlan, PerPlan) {
    let n = plans.len();
    let (mut by_subject, mut by_area, mut by_school) =
        (PerPlan::new(), PerPlan::new(), PerPlan::new());
    for (i, p) in plans.iter().enumerate() {
        for ((school, subject), g) in &p.gaps {
            add(&mut by_subject, subject.clone(), n, i, *g);
            add(&mut by_area, area_of(areas, school), n, i, *g);
            add(&mut by_school, school.clone(), n, i, *g);
        }
    }
    (by_subject, by_area, by_school)
}

/// The teachers whose assignment (school/subject, or none) differs between the plans.
fn teacher_lines(plans: &[PlanDir]) -> Vec<TeacherLine> {
    let mut teacher_ids: BTreeSet<&String> = BTreeSet::new();
    for p in plans {
        teacher_ids.extend(p.plan.keys());
    }
    let mut teachers = Vec::new();
    for t in teacher_ids {
        let assignments: Vec<String> = plans
            .iter()
            .map(|p| {
                p.plan
                    .get(t)
                    .map(|(_, to, s, _)| format!("{to}/{s}"))
                    .unwrap_or_default()
            })
            .collect();
        if assignments.iter().any(|a| a != &assignments[0]) {
            let name = plans
                .iter()
                .find_map(|p| p.plan.get(t).map(|x| x.0.clone()))
                .unwrap_or_default();
            teachers.push(TeacherLine {
                teacher_id: t.clone(),
                name,
                assignments,
            });
        }
    }
    teachers
}

/// The schools whose net staff change (rotations in and out, hires) or gap after differs
/// between the plans, with each plan's gain over the first.
fn school_lines(
    plans: &[PlanDir],
    school_gap: &PerPlan,
    areas: &BTreeMap<String, String>,
) -> Vec<SchoolLine> {
    let n = plans.len();
    let mut net = PerPlan::new();
    for (i, p) in plans.iter().enumerate() {
        for (_, to, _, from) in p.plan.values() {
            add(&mut net, to.clone(), n, i, 1.0);
            add(&mut net, from.clone(), n, i, -1.0);
        }
        for (s, h) in &p.hires {
            add(&mut net, s.clone(), n, i, *h);
        }
    }
    let all_schools: BTreeSet<String> = net.keys().chain(school_gap.keys()).cloned().collect();
    let mut schools = Vec::new();
    for s in all_schools {
        let net_staff = net.get(&s).cloned().unwrap_or_else(|| vec![0.0; n]);
        let gap_after = school_gap.get(&s).cloned().unwrap_or_else(|| vec![0.0; n]);
        let differs = |v: &[f64]| v.iter().any(|x| (x - v[0]).abs() > 1e-9);
        if differs(&net_staff) || differs(&gap_after) {
            let gains = net_staff.iter().skip(1).map(|v| v - net_staff[0]).collect();
            schools.push(SchoolLine {
                area: area_of(areas, &s),
                school_id: s,
                net_staff,
                gap_after,
                gains,
            });
        }
    }
    schools
}
