//! The files `advance` writes beside next year's scenario: advance-report.csv, service.csv
//! and locks.csv.

use super::Advanced;

/// The files `advance` writes beside the scenario: advance-report.csv, service.csv (the ledger
/// given, then this year's service; the next scenario's `[data] service`) and, when
/// terms continue, locks.csv (UTF-8 with BOM, as Excel opens them; cells a spreadsheet would
/// read as formulas written with a leading apostrophe).
pub fn report_files(adv: &Advanced) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut rows = vec![csv_row(&[
        "teacher_id",
        "name",
        "school_id",
        "change",
        "变动",
        "rural_months_credited",
        "detail",
        "说明",
    ])];
    for c in &adv.changes {
        rows.push(csv_row(&[
            &c.teacher_id,
            &c.name,
            &c.school_id,
            c.kind.key(),
            c.kind.zh(),
            &c.months.to_string(),
            &c.detail,
            &c.detail_zh,
        ]));
    }
    files.push(("advance-report.csv".to_string(), csv_bytes(&rows)));
    let mut rows = vec![csv_row(&[
        "teacher_id",
        "name",
        "school_id",
        "home_school_id",
        "kind",
        "start_date",
        "end_date",
        "rural_months_credited",
        "source",
    ])];
    for s in &adv.ledger {
        rows.push(csv_row(&[
            &s.teacher_id,
            &s.name,
            &s.school_id,
            s.home_school_id.as_deref().unwrap_or(""),
            s.kind.key(),
            &s.start.to_string(),
            &s.end.to_string(),
            &s.months.to_string(),
            &s.source,
        ]));
    }
    files.push(("service.csv".to_string(), csv_bytes(&rows)));
    if !adv.continuing.is_empty() {
        let mut rows = vec![csv_row(&[
            "kind",
            "teacher_id",
            "school_id",
            "subject",
            "note",
        ])];
        for c in &adv.continuing {
            let note = format!("term until {} · 交流期至{}", c.until, c.until);
            rows.push(csv_row(&[
                "goes_to",
                &c.teacher_id,
                &c.school_id,
                &c.subject,
                &note,
            ]));
        }
        files.push(("locks.csv".to_string(), csv_bytes(&rows)));
    }
    files
}

fn csv_row(cells: &[&str]) -> Vec<String> {
    cells
        .iter()
        .map(|c| crate::output::csv_safe::protect(c).into_owned())
        .collect()
}

fn csv_bytes(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for r in rows {
        w.write_record(r).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}
