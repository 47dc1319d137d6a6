//! `rotaplan render`: a plan folder made consistent again from its decisions after a hand edit
//! (docs/plan-format.md, "Editing a plan by hand"). The moves and hires (plan.csv and hires.csv,
//! or the workbook's sheets when the workbook was edited) are read by the checker's reader; everything else — coverage, itinerant teaching, gaps,
//! staffing, the teachers left unplaced, summary.json, the workbook and the reports — is worked
//! out from them again, without solving, and checked. The plan's status becomes `edited`.

use super::{Done, RunError, RunOptions};
use crate::problem::Problem;
use std::path::Path;

/// Why the decisions of a plan folder cannot be read.
#[derive(Debug, thiserror::Error)]
#[error(
    "{dir}: {rows} row(s) of plan.csv, hires.csv, plan.xlsx or leaders.csv cannot be read or used \
     ({first}); correct them, then render · 方案文件有无法读取或无法使用的行，请改正后再生成"
)]
pub struct UnreadableDecisions {
    dir: String,
    rows: usize,
    first: String,
}

/// Renders the decisions in `dir` into `out` (which may be `dir` itself: the folder is
/// replaced as one unit).
pub fn render_dir(
    loaded: &Problem,
    dir: &Path,
    out: &Path,
    opts: &RunOptions,
) -> Result<Done, RunError> {
    render_dir_from(loaded, dir, out, opts, None)
}

/// [`render_dir`] with the decisions read from the copy the user named (`render
/// --decisions`), or, with `None`, from the copy that was edited: plan.csv and hires.csv, or the
/// workbook's rotation and hires sheets (docs/plan-format.md, "Which file holds the
/// decisions").
pub fn render_dir_from(
    loaded: &Problem,
    dir: &Path,
    out: &Path,
    opts: &RunOptions,
    pick: Option<crate::check::DecisionFile>,
) -> Result<Done, RunError> {
    opts.validate()?;
    let (report, record) =
        crate::check::read_checked_from(loaded, dir, pick).map_err(RunError::previous_plan)?;
    let unreadable: Vec<_> = (report.violations.iter())
        .filter(|v| v.code == "C-PARSE" || v.code == "C-LEADER-MOVE")
        .collect();
    if let Some(first) = unreadable.first() {
        return Err(RunError::previous_plan(UnreadableDecisions {
            dir: dir.display().to_string(),
            rows: unreadable.len(),
            first: first.rule.clone(),
        }));
    }
    let plan =
        crate::plan::edited::from_record(loaded, &record).map_err(RunError::previous_plan)?;
    crate::output::atomic::check_plan_folder(out).map_err(|source| RunError::Write {
        dir: out.to_path_buf(),
        source,
    })?;
    let render = super::render_options(loaded, opts);
    let (summary, files, check) = crate::output::render_with(loaded, &plan, &render, |data| {
        Some(crate::check::check_rendered(loaded, data))
    });
    crate::output::atomic::write_files(out, &files).map_err(|source| RunError::Write {
        dir: out.to_path_buf(),
        source,
    })?;
    let mut info = super::run_info(loaded, &plan);
    info.plan_digest = super::plan_digest(&files);
    Ok(Done {
        summary,
        info,
        plan,
        check,
    })
}
