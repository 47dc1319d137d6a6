//! Editing a plan in the workbench (docs/workbench.md, "Edit"): a teacher sent to another
//! school, or kept at home, is written into the plan folder's plan.csv, and the folder is made
//! consistent again as `rotaplan render` does; the independent checker's verdict comes back at
//! once, with each broken rule in words. Every edit keeps the plan.csv before it, so it can be
//! undone.

use super::store::Store;
use crate::check::RuleKind;
use crate::output::atomic::write_file as write_atomic;
use crate::output::Lang;
use serde::Serialize;
use std::path::PathBuf;

/// What an edit (or an undo) left: the checker's verdict on the rendered plan.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Every hard rule kept.
    pub ok: bool,
    /// The hard rules the plan now breaks: (code, label, the rule in words).
    pub broken: Vec<(String, String, String)>,
    /// The goals missed (code, the rule in words), e.g. the rotation share after removing one.
    pub missed: Vec<(String, String)>,
    pub message: String,
}

/// Why an edit could not be made.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("no plan yet: plan the scenario first · 尚无方案，请先规划")]
    NoPlan,
    #[error("{0} is not in the rotation list · 交流名单中没有 {0}")]
    NotInPlan(String),
    #[error("no teacher {0} in the roster · 教师名册中没有工号 {0}")]
    NotInRoster(String),
    #[error("nothing to undo · 没有可撤销的修改")]
    NothingToUndo,
    #[error("{0}")]
    Other(String),
}

/// The plan.csv files kept before each edit, oldest first.
fn saved_edits(hist: &std::path::Path) -> Result<Vec<PathBuf>, EditError> {
    let mut saved: Vec<PathBuf> = std::fs::read_dir(hist)
        .map_err(|e| EditError::Other(e.to_string()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    saved.sort();
    Ok(saved)
}

fn history(store: &Store, name: &str) -> Result<PathBuf, EditError> {
    let dir = crate::serve::guard::inside(&store.root, &["history", name])
        .map_err(|e| EditError::Other(e.to_string()))?;
    std::fs::create_dir_all(&dir).map_err(|e| EditError::Other(e.to_string()))?;
    Ok(dir)
}

/// Sends `teacher` to `to` (a school id), or keeps them at home (`to` empty); a teacher the
/// plan leaves at home is added to the list. Renders and checks.
pub fn edit(
    store: &Store,
    name: &str,
    teacher: &str,
    to: &str,
    lang: Lang,
) -> Result<Outcome, EditError> {
    let dir = store
        .plan_dir(name)
        .map_err(|e| EditError::Other(e.to_string()))?;
    let plan_csv = dir.join("plan.csv");
    let bytes = std::fs::read(&plan_csv).map_err(|_| EditError::NoPlan)?;
    // (read before anything is written: data that no longer loads changes nothing)
    let problem = load(store, name)?;
    let text =
        String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).into_owned();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = (reader.records().flatten())
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    let head = rows.first().cloned().unwrap_or_default();
    let col = |k: &str| head.iter().position(|h| h == k);
    let (Some(id_col), Some(to_col)) = (col("teacher_id"), col("to_school_id")) else {
        return Err(EditError::Other(
            "plan.csv has no teacher_id/to_school_id columns".into(),
        ));
    };
    let at = (1..rows.len()).find(|&i| rows[i].get(id_col).map(String::as_str) == Some(teacher));
    match at {
        Some(at) if to.trim().is_empty() => {
            rows.remove(at);
        }
        Some(at) => rows[at][to_col] = to.trim().to_string(),
        None if to.trim().is_empty() => return Err(EditError::NotInPlan(teacher.to_string())),
        None => {
            let row = new_row(&problem, &head, teacher, to.trim())?;
            let at = (1..rows.len())
                .find(|&i| rows[i].get(id_col).is_some_and(|id| id.as_str() > teacher))
                .unwrap_or(rows.len());
            rows.insert(at, row);
        }
    }
    // the plan.csv before the edit, for undo
    let hist = history(store, name)?;
    let n = std::fs::read_dir(&hist).map(|d| d.count()).unwrap_or(0);
    write_atomic(&hist.join(format!("{n:05}.csv")), &bytes)
        .map_err(|e| EditError::Other(e.to_string()))?;
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for r in &rows {
        out.write_record(r)
            .map_err(|e| EditError::Other(e.to_string()))?;
    }
    let edited = out
        .into_inner()
        .map_err(|e| EditError::Other(e.to_string()))?;
    write_atomic(&plan_csv, &edited).map_err(|e| EditError::Other(e.to_string()))?;
    render(store, name, &problem, lang)
}

/// A plan.csv row (in the columns of `head`) for a teacher the plan leaves at home, sent to
/// `to` in their main subject for the plan's term: a rotation from a sending area, otherwise an
/// exchange (对口交流). The derived columns are filled as the roster says; `render` rewrites
/// them, and the checker judges the decision.
fn new_row(
    loaded: &crate::problem::Problem,
    head: &[String],
    teacher: &str,
    to: &str,
) -> Result<Vec<String>, EditError> {
    let t = (loaded.county.teachers.iter())
        .find(|t| t.id == teacher)
        .ok_or_else(|| EditError::NotInRoster(teacher.to_string()))?;
    let sending = (loaded.county.school(&t.school_id))
        .is_some_and(|s| loaded.scenario.policy.sending_areas.contains(&s.area));
    let scenario = &loaded.scenario;
    Ok(head
        .iter()
        .map(|h| match h.as_str() {
            "teacher_id" => t.id.clone(),
            "name" => t.name.clone(),
            "subject" => t.subject.clone(),
            "from_school_id" => t.school_id.clone(),
            "to_school_id" => to.to_string(),
            "start_date" => scenario.term_start().to_string(),
            "end_date" => scenario.term_end().to_string(),
            "must_serve" | "backbone" => "false".to_string(),
            "reason" => "workbench".to_string(),
            "kind" => if sending { "rotation" } else { "exchange" }.to_string(),
            _ => String::new(),
        })
        .collect())
}

fn load(store: &Store, name: &str) -> Result<crate::problem::Problem, EditError> {
    let file = store
        .scenario_file(name)
        .map_err(|e| EditError::Other(e.to_string()))?;
    crate::input::load(&file)
        .map(|l| l.problem)
        .map_err(|d| EditError::Other(format!("{} error(s) in the data · 数据有误", d.len())))
}

/// Puts back the plan.csv before the last edit; renders and checks.
pub fn undo(store: &Store, name: &str, lang: Lang) -> Result<Outcome, EditError> {
    let dir = store
        .plan_dir(name)
        .map_err(|e| EditError::Other(e.to_string()))?;
    let hist = history(store, name)?;
    let mut saved = saved_edits(&hist)?;
    let last = saved.pop().ok_or(EditError::NothingToUndo)?;
    let bytes = std::fs::read(&last).map_err(|e| EditError::Other(e.to_string()))?;
    let problem = load(store, name)?;
    write_atomic(&dir.join("plan.csv"), &bytes).map_err(|e| EditError::Other(e.to_string()))?;
    let _ = std::fs::remove_file(&last);
    render(store, name, &problem, lang)
}

/// The edits made since the plan (its plan.csv before the first edit against the one now), as
/// a locks file in the scenario folder: a teacher moved or added `goes_to` the school, a teacher
/// taken out `stays`. The edit history is then cleared: the next plan starts from these locks.
/// Returns how many locks were written.
pub fn pin(store: &Store, name: &str) -> Result<usize, EditError> {
    let dir = store
        .plan_dir(name)
        .map_err(|e| EditError::Other(e.to_string()))?;
    let hist = history(store, name)?;
    let saved = saved_edits(&hist)?;
    let first = saved.first().ok_or(EditError::NothingToUndo)?;
    let moves = |bytes: &[u8]| -> std::collections::BTreeMap<String, (String, String)> {
        let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
            .into_owned();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let head: Vec<String> = r
            .headers()
            .map(|h| h.iter().map(str::to_string).collect())
            .unwrap_or_default();
        let col = |k: &str| head.iter().position(|h| h == k);
        let (Some(t), Some(to), Some(s)) = (col("teacher_id"), col("to_school_id"), col("subject"))
        else {
            return Default::default();
        };
        (r.records().flatten())
            .filter_map(|rec| {
                Some((
                    rec.get(t)?.to_string(),
                    (rec.get(to)?.to_string(), rec.get(s)?.to_string()),
                ))
            })
            .collect()
    };
    let before = moves(&std::fs::read(first).map_err(|e| EditError::Other(e.to_string()))?);
    let now = moves(&std::fs::read(dir.join("plan.csv")).map_err(|_| EditError::NoPlan)?);
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut n = 0;
    let mut row = |w: &mut csv::Writer<Vec<u8>>, r: [&str; 5]| {
        n += 1;
        w.write_record(r)
            .map_err(|e| EditError::Other(e.to_string()))
    };
    out.write_record(["kind", "teacher_id", "school_id", "subject", "note"])
        .map_err(|e| EditError::Other(e.to_string()))?;
    for (t, (to, subject)) in &now {
        if before.get(t) != Some(&(to.clone(), subject.clone())) {
            row(
                &mut out,
                [
                    "goes_to",
                    t,
                    to,
                    subject,
                    "工作台调整 edited in the workbench",
                ],
            )?;
        }
    }
    for t in before.keys().filter(|t| !now.contains_key(*t)) {
        row(
            &mut out,
            ["stays", t, "", "", "工作台调整 edited in the workbench"],
        )?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| EditError::Other(e.to_string()))?;
    let locks = store
        .scenario_dir(name)
        .map_err(|e| EditError::Other(e.to_string()))?
        .join("locks.csv");
    write_atomic(&locks, &bytes).map_err(|e| EditError::Other(e.to_string()))?;
    for f in saved {
        let _ = std::fs::remove_file(f);
    }
    Ok(n)
}

/// The plan folder rendered again from its decisions and checked (`rotaplan render`).
fn render(
    store: &Store,
    name: &str,
    loaded: &crate::problem::Problem,
    lang: Lang,
) -> Result<Outcome, EditError> {
    let dir = store
        .plan_dir(name)
        .map_err(|e| EditError::Other(e.to_string()))?;
    let opts = crate::pipeline::RunOptions {
        lang,
        check: true,
        record_run_info: true,
        ..Default::default()
    };
    let done = crate::pipeline::render::render_dir(loaded, &dir, &dir, &opts)
        .map_err(|e| EditError::Other(e.to_string()))?;
    let report = done.check.unwrap_or_default();
    let broken: Vec<(String, String, String)> = (report.violations.iter())
        .filter(|v| v.kind == RuleKind::Hard && !crate::check::DERIVED.contains(&v.code))
        .map(|v| {
            let label = v.label_in(lang).to_string();
            (v.code.to_string(), label, v.rule_in(lang).to_string())
        })
        .collect();
    let missed: Vec<(String, String)> = (report.violations.iter())
        .filter(|v| v.kind == RuleKind::Goal)
        .map(|v| (v.code.to_string(), v.rule_in(lang).to_string()))
        .collect();
    let ok = broken.is_empty();
    let message = match (ok, lang) {
        (true, Lang::Zh) => "修改后的方案符合全部规则".to_string(),
        (true, Lang::En) => "the edited plan keeps every rule".to_string(),
        (false, Lang::Zh) => format!("修改后的方案违反 {} 条规则", broken.len()),
        (false, Lang::En) => format!("the edited plan breaks {} rule(s)", broken.len()),
    };
    Ok(Outcome {
        ok,
        broken,
        missed,
        message,
    })
}
