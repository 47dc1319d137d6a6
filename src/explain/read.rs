//! Reads the plan folder's plan.csv, hires.csv and unplaced.csv into domain facts. Any row that
//! names an unknown teacher or school stops explain with the file and line: explaining a plan
//! that does not fit the scenario would mislead (`rotaplan check` says what is wrong with it).

use super::ExplainError;
use crate::domain::{Arrival, Move, Outcome, Programme};
use crate::problem::Problem;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub(crate) struct Files {
    pub outcome: Outcome,
    pub unplaced: BTreeMap<usize, String>,
    /// itinerant.csv (走教): (teacher, school served, subject, FTE, km), in file order.
    pub itinerant: Vec<(usize, usize, String, f64, Option<f64>)>,
}

struct Csv {
    name: &'static str,
    headers: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

impl Csv {
    fn col(&self, name: &str) -> Result<usize, ExplainError> {
        self.headers.iter().position(|h| h == name).ok_or_else(|| {
            ExplainError::PlanFolder(format!(
                "{} has no column {name}; write the plan again with `rotaplan plan`",
                self.name
            ))
        })
    }
}

fn read_csv(dir: &Path, name: &'static str, required: bool) -> Result<Option<Csv>, ExplainError> {
    let path = dir.join(name);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(None),
        Err(e) => {
            return Err(ExplainError::PlanFolder(format!(
                "cannot read {}: {e}; give the folder `rotaplan plan --out` wrote",
                path.display()
            )))
        }
    };
    // A plan.csv saved again from Excel on a Chinese Windows is GBK.
    let (text, _) =
        crate::input::decode_text(&bytes, crate::input::TextEncoding::Auto).map_err(|e| {
            ExplainError::PlanFolder(format!(
                "{name}: bytes {} on line {} are not valid {}; save it as CSV UTF-8",
                e.bytes, e.line, e.encoding
            ))
        })?;
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let bad = |e: csv::Error| ExplainError::PlanFolder(format!("{name} is not valid CSV: {e}"));
    let headers = reader
        .headers()
        .map_err(bad)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(bad)?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        rows.push((line, rec.iter().map(|c| c.trim().to_string()).collect()));
    }
    Ok(Some(Csv {
        name,
        headers,
        rows,
    }))
}

fn cell(row: &[String], i: usize) -> &str {
    row.get(i).map(String::as_str).unwrap_or("")
}

pub(crate) fn read(
    loaded: &Problem,
    dir: &Path,
    schools: &BTreeMap<&str, usize>,
) -> Result<Files, ExplainError> {
    let county = &loaded.county;
    let teachers: HashMap<&str, usize> = county
        .teachers
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let unknown = |file: &str, line: usize, what: &str, id: &str| {
        ExplainError::PlanFolder(format!(
            "{file} line {line}: {what} \"{id}\" is not in the scenario; run `rotaplan check` on this folder"
        ))
    };
    let subject = |s: &str| {
        loaded
            .scenario
            .subject_id(s)
            .map(str::to_string)
            .unwrap_or_else(|| s.to_string())
    };
    let plan = read_csv(dir, "plan.csv", true)?.expect("required file");
    let (ct, cs, cto) = (
        plan.col("teacher_id")?,
        plan.col("subject")?,
        plan.col("to_school_id")?,
    );
    let mut moves = Vec::new();
    for (line, row) in &plan.rows {
        let tid = cell(row, ct);
        let teacher = *teachers
            .get(tid)
            .ok_or_else(|| unknown("plan.csv", *line, "teacher", tid))?;
        let to_id = cell(row, cto);
        let to = *schools
            .get(to_id)
            .ok_or_else(|| unknown("plan.csv", *line, "school", to_id))?;
        moves.push(Move {
            teacher,
            to,
            subject: subject(cell(row, cs)),
        });
    }
    let mut hires = Vec::new();
    if let Some(h) = read_csv(dir, "hires.csv", false)? {
        let (cs, csub, cn) = (h.col("school_id")?, h.col("subject")?, h.col("count")?);
        let cp = h.col("programme").ok();
        for (line, row) in &h.rows {
            let sid = cell(row, cs);
            let school = *schools
                .get(sid)
                .ok_or_else(|| unknown("hires.csv", *line, "school", sid))?;
            let count = cell(row, cn).parse::<u32>().map_err(|_| {
                ExplainError::PlanFolder(format!(
                    "hires.csv line {line}: count \"{}\" is not a whole number",
                    cell(row, cn)
                ))
            })?;
            let programme = cp
                .and_then(|c| Programme::parse(cell(row, c)))
                .unwrap_or_default();
            hires.push(Arrival {
                school,
                subject: subject(cell(row, csub)),
                count,
                programme,
            });
        }
    }
    let mut unplaced = BTreeMap::new();
    if let Some(u) = read_csv(dir, "unplaced.csv", false)? {
        let (ct, cr) = (u.col("teacher_id")?, u.col("reason")?);
        for (line, row) in &u.rows {
            let tid = cell(row, ct);
            let t = *teachers
                .get(tid)
                .ok_or_else(|| unknown("unplaced.csv", *line, "teacher", tid))?;
            unplaced.insert(t, cell(row, cr).to_string());
        }
    }
    let mut itinerant = Vec::new();
    if let Some(it) = read_csv(dir, "itinerant.csv", false)? {
        let (ct, cs, cj, cf) = (
            it.col("teacher_id")?,
            it.col("school_id")?,
            it.col("subject")?,
            it.col("fte")?,
        );
        let ck = it.col("distance_km").ok();
        for (line, row) in &it.rows {
            let tid = cell(row, ct);
            let t = *teachers
                .get(tid)
                .ok_or_else(|| unknown("itinerant.csv", *line, "teacher", tid))?;
            let sid = cell(row, cs);
            let school = *schools
                .get(sid)
                .ok_or_else(|| unknown("itinerant.csv", *line, "school", sid))?;
            let fte = cell(row, cf).parse::<f64>().map_err(|_| {
                ExplainError::PlanFolder(format!(
                    "itinerant.csv line {line}: fte \"{}\" is not a number",
                    cell(row, cf)
                ))
            })?;
            let km = ck.and_then(|c| cell(row, c).parse::<f64>().ok());
            itinerant.push((t, school, subject(cell(row, cj)), fte, km));
        }
    }
    Ok(Files {
        outcome: Outcome { moves, hires },
        unplaced,
        itinerant,
    })
}

/// The leaders' moves of leaders.csv (docs/leaders.md); none when the plan has no leaders.csv.
pub(crate) fn leader_moves(
    loaded: &Problem,
    dir: &Path,
) -> Result<Vec<crate::plan::leaders::LeaderMove>, ExplainError> {
    let Some(csv) = read_csv(dir, "leaders.csv", false)? else {
        return Ok(Vec::new());
    };
    let (ct, cto) = (csv.col("teacher_id")?, csv.col("to_school_id")?);
    let mut moves = Vec::new();
    for (line, row) in &csv.rows {
        let to_id = cell(row, cto);
        if to_id.is_empty() {
            continue;
        }
        let unknown = |what: &str, id: &str| {
            ExplainError::PlanFolder(format!(
                "leaders.csv line {line}: {what} \"{id}\" is not in the scenario; run `rotaplan check` on this folder"
            ))
        };
        let tid = cell(row, ct);
        let teacher = loaded
            .teacher_ix(tid)
            .ok_or_else(|| unknown("teacher", tid))?;
        let t = &loaded.county.teachers[teacher];
        moves.push(crate::plan::leaders::LeaderMove {
            teacher,
            post: t.post,
            from: (loaded.school_ix(&t.school_id))
                .ok_or_else(|| unknown("school", &t.school_id))?,
            to: loaded
                .school_ix(to_id)
                .ok_or_else(|| unknown("school", to_id))?,
            replaces: None,
        });
    }
    moves.sort_by_key(|m| m.teacher);
    Ok(moves)
}
