//! The files `advance` writes beside next year's scenario: advance-report.csv and service.csv.

use super::Advanced;
use crate::output::csv_bytes;

/// The files `advance` writes beside the scenario: advance-report.csv, service.csv (the ledger
/// given, then this year's service; the next scenario's `[data] service`, from which a term
/// that runs on is read back). They are written as the plan's CSV files are (`csv_bytes`: UTF-8
/// with BOM, a cell a spreadsheet would read as a formula with a leading apostrophe).
pub fn report_files(adv: &Advanced) -> Vec<(String, Vec<u8>)> {
    let changes = (adv.changes.iter())
        .map(|c| {
            vec![
                c.teacher_id.clone(),
                c.name.clone(),
                c.school_id.clone(),
                c.kind.key().to_string(),
                c.kind.zh().to_string(),
                c.months.to_string(),
                c.detail.clone(),
                c.detail_zh.clone(),
            ]
        })
        .collect();
    let ledger = (adv.ledger.iter())
        .map(|s| {
            vec![
                s.teacher_id.clone(),
                s.name.clone(),
                s.school_id.clone(),
                s.home_school_id.clone().unwrap_or_default(),
                s.kind.key().to_string(),
                s.start.to_string(),
                s.end.to_string(),
                s.months.to_string(),
                s.source.clone(),
                s.subject.clone().unwrap_or_default(),
            ]
        })
        .collect();
    vec![
        (
            "advance-report.csv".to_string(),
            csv_bytes(
                &[
                    "teacher_id",
                    "name",
                    "school_id",
                    "change",
                    "变动",
                    "rural_months_credited",
                    "detail",
                    "说明",
                ],
                changes,
            ),
        ),
        (
            "service.csv".to_string(),
            csv_bytes(
                &[
                    "teacher_id",
                    "name",
                    "school_id",
                    "home_school_id",
                    "kind",
                    "start_date",
                    "end_date",
                    "rural_months_credited",
                    "source",
                    "subject",
                ],
                ledger,
            ),
        ),
    ]
}
