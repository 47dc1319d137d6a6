//! Plan output files (see docs/plan-format.md): rendered in memory, then written atomically.

pub mod atomic;
pub mod figures;
mod report;

use crate::input::Loaded;
use crate::plan::Plan;
use figures::{gap_rows, r6, summary, Summary};

const BOM: &str = "\u{feff}";

/// Options for rendering.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Write zero for every timing figure, so that two runs give byte-identical files.
    pub reproducible: bool,
}

fn csv_bytes(header: &[&str], rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().from_writer(BOM.as_bytes().to_vec());
    w.write_record(header).expect("in-memory write");
    for r in rows {
        w.write_record(&r).expect("in-memory write");
    }
    w.into_inner().expect("in-memory write")
}

fn f4(x: f64) -> String {
    let s = format!("{:.4}", r6(x));
    if s == "-0.0000" {
        "0.0000".into()
    } else {
        s
    }
}

/// Renders every plan file: (file name, bytes), in a fixed order.
pub fn render(
    loaded: &Loaded,
    plan: &Plan,
    opts: &RenderOptions,
) -> (Summary, Vec<(String, Vec<u8>)>) {
    let county = &loaded.county;
    let scenario = &loaded.scenario;
    let start = scenario.term_start().to_string();
    let end = scenario.term_end().to_string();
    let statuses: Vec<_> = plan
        .assignments
        .iter()
        .map(|a| {
            let t = &county.teachers[a.teacher];
            let from = county.school(&t.school_id).expect("validated reference");
            (
                crate::domain::rules::teacher_status(t, from, scenario),
                from,
            )
        })
        .collect();
    let plan_rows = plan
        .assignments
        .iter()
        .zip(&statuses)
        .map(|(a, (st, from))| {
            let t = &county.teachers[a.teacher];
            let to = &county.schools[a.to];
            let dist = crate::plan::prepare::distance(from, to)
                .map(|d| format!("{d:.1}"))
                .unwrap_or_default();
            vec![
                t.id.clone(),
                t.name.clone(),
                a.subject.clone(),
                from.id.clone(),
                to.id.clone(),
                start.clone(),
                end.clone(),
                st.must_serve.is_some().to_string(),
                t.backbone.is_backbone().to_string(),
                dist,
                a.reason.clone(),
            ]
        })
        .collect();
    let plan_csv = csv_bytes(
        &[
            "teacher_id",
            "name",
            "subject",
            "from_school_id",
            "to_school_id",
            "start_date",
            "end_date",
            "must_serve",
            "backbone",
            "distance_km",
            "reason",
        ],
        plan_rows,
    );
    let hires_csv = csv_bytes(
        &["school_id", "subject", "count", "programme"],
        plan.hires
            .iter()
            .map(|h| {
                vec![
                    county.schools[h.school].id.clone(),
                    h.subject.clone(),
                    h.count.to_string(),
                    h.programme.key().to_string(),
                ]
            })
            .collect(),
    );
    let gaps = gap_rows(loaded, plan);
    let gaps_csv = csv_bytes(
        &[
            "school_id",
            "subject",
            "need_fte",
            "staff_before",
            "staff_after",
            "gap_before",
            "gap_after",
        ],
        gaps.iter()
            .map(|g| {
                vec![
                    g.school_id.clone(),
                    g.subject.clone(),
                    f4(g.need),
                    f4(g.staff_before),
                    f4(g.staff_after),
                    f4(g.gap_before()),
                    f4(g.gap_after()),
                ]
            })
            .collect(),
    );
    let mut unplaced: Vec<_> = plan.unplaced.iter().collect();
    unplaced.sort_by(|a, b| {
        county.teachers[a.teacher]
            .id
            .cmp(&county.teachers[b.teacher].id)
    });
    let unplaced_csv = csv_bytes(
        &["teacher_id", "name", "subject", "reason"],
        unplaced
            .iter()
            .map(|u| {
                let t = &county.teachers[u.teacher];
                vec![
                    t.id.clone(),
                    t.name.clone(),
                    t.subject.clone(),
                    u.reason.clone(),
                ]
            })
            .collect(),
    );
    let mut sum = summary(loaded, plan, &gaps);
    if opts.reproducible {
        sum.solve_seconds = 0.0;
        for s in &mut sum.stages {
            s.seconds = 0.0;
        }
    }
    let mut json = serde_json::to_vec_pretty(&sum).expect("summary serializes");
    json.push(b'\n');
    let report = report::render(loaded, plan, &sum, &gaps);
    let files = vec![
        ("plan.csv".to_string(), plan_csv),
        ("hires.csv".to_string(), hires_csv),
        ("gaps.csv".to_string(), gaps_csv),
        ("unplaced.csv".to_string(), unplaced_csv),
        ("summary.json".to_string(), json),
        ("report.md".to_string(), report.into_bytes()),
    ];
    (sum, files)
}
