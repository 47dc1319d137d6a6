//! Which copy of the decisions a check reads (docs/plan-format.md, "Which file holds the
//! decisions"). A plan folder holds its moves and hires twice: in plan.csv and hires.csv, and in
//! the workbook's rotation and hires sheets. An office edits one of them. summary.json records
//! the fingerprint of the decisions as planned; the copy that still has it is the unedited one,
//! and the other is read. When both were edited, differently, the user says which to read.

use super::files::{
    hire_rows, plan_rows, read_summary, HireRow, Kind, PlanRow, HIRES, PLAN, SUMMARY,
};
use super::gate::PlanFolderError;
use super::read::{read_csv, Source};
use super::report::{CheckReport, DecisionFile, DecisionSource, RowRef, Violation};
use super::workbook::{self, WORKBOOK};
use crate::domain::decisions::{fingerprint, hire_line, move_line};
use crate::scenario::Scenario;
use std::path::Path;

/// Chooses the copy of the decisions in `dir` (`pick` when the user named one) and, for the
/// workbook, puts its sheets in `files` in place of plan.csv and hires.csv.
pub(crate) fn choose(
    scenario: &Scenario,
    dir: &Path,
    files: &mut [(String, Vec<u8>)],
    pick: Option<DecisionFile>,
) -> Result<DecisionSource, PlanFolderError> {
    let csv = DecisionSource::default();
    if pick == Some(DecisionFile::Csv) {
        return Ok(csv);
    }
    let path = dir.join(WORKBOOK);
    let asked = pick == Some(DecisionFile::Workbook);
    if !path.is_file() {
        return match asked {
            true => Err(PlanFolderError::Missing(path)),
            false => Ok(csv),
        };
    }
    let book = match workbook::translate(&path) {
        Ok(b) if b.anonymized && asked => {
            return Err(PlanFolderError::Unusable {
                path,
                message: "the workbook names teachers by pseudonym (plan --anonymize): edit \
                          plan.csv instead · 工作簿为匿名版本，无法读回，请修改 plan.csv"
                    .into(),
            })
        }
        Ok(b) if b.anonymized => return Ok(csv),
        Ok(b) => b,
        Err(e) if asked => {
            return Err(PlanFolderError::Unusable {
                path,
                message: e.to_string(),
            })
        }
        Err(e) => {
            return Ok(DecisionSource {
                note: Some(format!(
                    "plan.xlsx was not read ({e}); the decisions were read from plan.csv \
                     and hires.csv · 未能读取 plan.xlsx，决定取自 plan.csv 和 hires.csv"
                )),
                note_zh: Some(format!(
                    "未能读取 plan.xlsx（{e}），决定取自 plan.csv 和 hires.csv"
                )),
                ..csv
            })
        }
    };
    let in_csv = fingerprint_of(scenario, files);
    let in_book = fingerprint_of(
        scenario,
        &[
            (PLAN.to_string(), book.plan.clone()),
            (HIRES.to_string(), book.hires.clone()),
        ],
    );
    let planned = recorded(files);
    let read_book =
        match () {
            _ if asked => true,
            _ if in_csv == in_book => false,
            _ if planned.as_deref() == Some(in_csv.as_str()) => true,
            _ if planned.as_deref() == Some(in_book.as_str()) => false,
            _ if planned.is_none() => return Ok(DecisionSource {
                note: Some(
                    "plan.xlsx and plan.csv hold different decisions and summary.json does not \
                     say which was edited: plan.csv was read; give --decisions plan.xlsx to read \
                     the workbook · plan.xlsx 与 plan.csv 不一致，已按 plan.csv 检查"
                        .into(),
                ),
                note_zh: Some(
                    "plan.xlsx 与 plan.csv 中的决定不一致，summary.json 也未说明改的是哪一个：\
                     已按 plan.csv 检查；如要检查工作簿，请加 --decisions plan.xlsx"
                        .into(),
                ),
                ..csv
            }),
            _ => return Err(PlanFolderError::BothEdited(dir.to_path_buf())),
        };
    if !read_book {
        let note = (in_csv != in_book).then(|| {
            "plan.csv or hires.csv was edited: the decisions were read from them; plan.xlsx is \
             stale until `rotaplan render` · 已按修改后的 plan.csv 检查，plan.xlsx 待重新生成"
                .to_string()
        });
        let note_zh = (in_csv != in_book).then(|| {
            "plan.csv 或 hires.csv 经过修改：决定取自修改后的文件；plan.xlsx 已过时，\
             运行 `rotaplan render` 后重新生成"
                .to_string()
        });
        return Ok(DecisionSource {
            note,
            note_zh,
            ..csv
        });
    }
    for (name, bytes) in files.iter_mut() {
        if name == PLAN {
            *bytes = book.plan.clone();
        } else if name == HIRES {
            *bytes = book.hires.clone();
        }
    }
    let stale = in_csv != in_book;
    Ok(DecisionSource {
        file: DecisionFile::Workbook,
        note: Some(format!(
            "the decisions were read from plan.xlsx (sheets {} and {}){} · 决定取自 plan.xlsx（{}、{}）",
            book.plan_sheet,
            book.hire_sheet,
            if stale {
                ", edited after the plan; plan.csv and hires.csv are stale until `rotaplan render`"
            } else {
                ""
            },
            book.plan_sheet,
            book.hire_sheet,
        )),
        note_zh: Some(format!(
            "决定取自 plan.xlsx（{}、{}）{}",
            book.plan_sheet,
            book.hire_sheet,
            if stale {
                "，工作簿在规划后经过修改；plan.csv 和 hires.csv 已过时，运行 `rotaplan render` 后重新生成"
            } else {
                ""
            },
        )),
        sheets: Some((book.plan_sheet, book.hire_sheet)),
        csv_stale: stale,
    })
}

/// The fingerprint of the moves and hires in `files` as the checker reads them.
fn fingerprint_of(scenario: &Scenario, files: &[(String, Vec<u8>)]) -> String {
    let mut scratch = Vec::new();
    let src = Source::Rendered(files);
    let plan =
        read_csv(src, PLAN, &mut scratch).and_then(|t| plan_rows(scenario, &t, &mut scratch));
    let hires =
        read_csv(src, HIRES, &mut scratch).and_then(|t| hire_rows(scenario, &t, &mut scratch));
    fingerprint_rows(
        plan.as_deref().unwrap_or(&[]),
        hires.as_deref().unwrap_or(&[]),
    )
}

/// The fingerprint of moves and hires as read ([`crate::domain::decisions`]).
pub(crate) fn fingerprint_rows(plan: &[PlanRow], hires: &[HireRow]) -> String {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let moves = plan.iter().map(|r| {
        let kind = match r.kind {
            Kind::Rotation => "rotation",
            Kind::Exchange => "exchange",
        };
        move_line(
            kind,
            &r.teacher_id,
            &r.subject,
            &r.from_school_id,
            &r.to_school_id,
            &date(r.start_date),
            &date(r.end_date),
        )
    });
    let hires = (hires.iter())
        .filter(|h| h.count > 0)
        .map(|h| hire_line(&h.school_id, &h.subject, h.programme.key(), h.count));
    fingerprint(moves.chain(hires).collect())
}

/// The fingerprint summary.json records, if it does.
fn recorded(files: &[(String, Vec<u8>)]) -> Option<String> {
    let mut scratch = Vec::new();
    let summary = read_summary(Source::Rendered(files), &mut scratch)?;
    summary
        .get("decisions")
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// After a check of the workbook's decisions: its rows are named by sheet, and the stale
/// plan.csv and hires.csv are a finding of their own (a derived file, like gaps.csv).
pub(crate) fn relabel(report: &mut CheckReport, source: &DecisionSource) {
    let Some((plan_sheet, hire_sheet)) = &source.sheets else {
        return;
    };
    let plan_name = format!("{WORKBOOK} ({plan_sheet})");
    let hire_name = format!("{WORKBOOK} ({hire_sheet})");
    let rename = |file: &mut String| {
        if file == PLAN {
            *file = plan_name.clone();
        } else if file == HIRES {
            *file = hire_name.clone();
        }
    };
    for v in &mut report.violations {
        v.rows.iter_mut().for_each(|r| rename(&mut r.file));
    }
    for m in &mut report.mismatches {
        rename(&mut m.file);
    }
    if source.csv_stale {
        report.violations.push(
            Violation::new(
                "C-DECISIONS",
                "plan.csv and hires.csv hold the decisions as planned, plan.xlsx as edited \
                 · plan.csv、hires.csv 与修改后的 plan.xlsx 不一致",
                vec![
                    RowRef::new(PLAN, None, PLAN),
                    RowRef::new(HIRES, None, HIRES),
                    RowRef::new(SUMMARY, None, "decisions"),
                ],
            )
            .zh("plan.csv 和 hires.csv 仍是规划时的决定，plan.xlsx 是修改后的决定，两者不一致"),
        );
    }
}
