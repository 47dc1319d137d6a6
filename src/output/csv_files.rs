//! The plan's CSV files (docs/plan-format.md): plan.csv, hires.csv, gaps.csv, unplaced.csv,
//! coverage.csv, itinerant.csv and staffing.csv. Real ids and names (`check` reads them);
//! every cell through [`super::csv_safe::protect`].

use super::figures::GapRow;
use super::staffing::{pupils_per_teacher, SchoolStaffing};
use super::{csv_bytes, f4, sorted_unplaced, PlanLine};
use crate::plan::{CoveredBy, Plan};
use crate::problem::Problem;
use crate::rules::staffing::load;

/// plan.csv: one row per teacher who moves (rotation or exchange), with the term dates.
pub(super) fn plan_csv(loaded: &Problem, lines: &[PlanLine]) -> Vec<u8> {
    let county = &loaded.county;
    let scenario = &loaded.scenario;
    let start = scenario.term_start().to_string();
    let end = scenario.term_end().to_string();
    let plan_rows = lines
        .iter()
        .map(|l| {
            let t = &county.teachers[l.teacher];
            vec![
                t.id.clone(),
                t.name.clone(),
                l.subject.clone(),
                county.schools[l.from].id.clone(),
                county.schools[l.to].id.clone(),
                start.clone(),
                end.clone(),
                l.must_serve.to_string(),
                l.backbone.to_string(),
                km(l.distance_km),
                l.reason.clone(),
                l.kind.key().to_string(),
            ]
        })
        .collect();
    csv_bytes(
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
            "kind",
        ],
        plan_rows,
    )
}

fn km(d: Option<f64>) -> String {
    d.map(|d| format!("{d:.1}")).unwrap_or_default()
}

/// One decimal, without "-0.0".
fn f1(x: f64) -> String {
    let s = format!("{:.1}", super::figures::r6(x));
    if s == "-0.0" {
        "0.0".into()
    } else {
        s
    }
}

/// hires.csv: new teachers per school, subject and programme.
pub(super) fn hires_csv(loaded: &Problem, plan: &Plan) -> Vec<u8> {
    let county = &loaded.county;
    csv_bytes(
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
    )
}

/// gaps.csv: need, staff, coverage and gap per school and subject, before and after.
pub(super) fn gaps_csv(gaps: &[GapRow]) -> Vec<u8> {
    csv_bytes(
        &[
            "school_id",
            "subject",
            "need_fte",
            "staff_before",
            "staff_after",
            "covered_after",
            "itinerant_fte",
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
                    f4(g.covered_after),
                    f4(g.itinerant),
                    f4(g.gap_before()),
                    f4(g.gap_after()),
                ]
            })
            .collect(),
    )
}

/// unplaced.csv: the teachers the plan could not place, by teacher id.
pub(super) fn unplaced_csv(loaded: &Problem, plan: &Plan) -> Vec<u8> {
    let county = &loaded.county;
    csv_bytes(
        &["teacher_id", "name", "subject", "reason"],
        sorted_unplaced(loaded, plan)
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
    )
}

/// Whether an FTE figure prints as zero (such rows are not written).
fn zero(fte: f64) -> bool {
    f4(fte) == "0.0000"
}

/// coverage.csv: who teaches what at each school after the plan, sorted by school id, subject,
/// kind, teacher id and post subject; hires are anonymous (no teacher id or name).
pub(super) fn coverage_csv(loaded: &Problem, plan: &Plan) -> Vec<u8> {
    let county = &loaded.county;
    let mut rows: Vec<Vec<String>> = plan
        .coverage
        .iter()
        .filter(|c| !zero(c.fte))
        .map(|c| {
            let school = &county.schools[c.school];
            let (id, name) = match c.by {
                CoveredBy::Hire => (String::new(), String::new()),
                by => {
                    let t = by.teacher().map(|t| &county.teachers[t]);
                    (
                        t.map(|t| t.id.clone()).unwrap_or_default(),
                        t.map(|t| t.name.clone()).unwrap_or_default(),
                    )
                }
            };
            vec![
                school.id.clone(),
                c.subject.clone(),
                id,
                name,
                c.by.key().to_string(),
                c.post_subject.clone(),
                f4(c.fte),
                f1(c.fte * load(school, &loaded.scenario)),
            ]
        })
        .collect();
    rows.sort_by(|a, b| {
        (&a[0], &a[1], &a[4], &a[2], &a[5]).cmp(&(&b[0], &b[1], &b[4], &b[2], &b[5]))
    });
    csv_bytes(
        &[
            "school_id",
            "subject",
            "teacher_id",
            "name",
            "kind",
            "post_subject",
            "fte",
            "periods",
        ],
        rows,
    )
}

/// itinerant.csv: 走教, one row per teacher, school served and subject, sorted by teacher id,
/// school id and subject; periods at the school served's load.
pub(super) fn itinerant_csv(loaded: &Problem, plan: &Plan) -> Vec<u8> {
    let county = &loaded.county;
    let mut rows: Vec<Vec<String>> = plan
        .itinerant
        .iter()
        .filter(|r| !zero(r.fte))
        .map(|r| {
            let t = &county.teachers[r.teacher];
            let (base, school) = (&county.schools[r.base], &county.schools[r.school]);
            vec![
                t.id.clone(),
                t.name.clone(),
                base.id.clone(),
                school.id.clone(),
                r.subject.clone(),
                f4(r.fte),
                f1(r.fte * load(school, &loaded.scenario)),
                km(crate::rules::moves::distance_km(base, school)),
            ]
        })
        .collect();
    rows.sort_by(|a, b| (&a[0], &a[3], &a[4]).cmp(&(&b[0], &b[3], &b[4])));
    csv_bytes(
        &[
            "teacher_id",
            "name",
            "base_school_id",
            "school_id",
            "subject",
            "fte",
            "periods",
            "distance_km",
        ],
        rows,
    )
}

/// Pupils per teacher with 2 decimals; empty without teachers.
fn ppt(students: u32, teachers: u32) -> String {
    pupils_per_teacher(students.into(), teachers.into())
        .map(|x| format!("{:.2}", super::figures::r6(x)))
        .unwrap_or_default()
}

/// staffing.csv: one row per school (the staffing table).
pub(super) fn staffing_csv(loaded: &Problem, table: &[SchoolStaffing]) -> Vec<u8> {
    let county = &loaded.county;
    csv_bytes(
        &[
            "school_id",
            "name",
            "area",
            "stage",
            "students",
            "classes",
            "teaching_groups",
            "establishment",
            "establishment_source",
            "headcount_before",
            "rotated_out",
            "exchange_out",
            "rotated_in",
            "exchange_in",
            "hires",
            "headcount_after",
            "headcount_cap",
            "above_establishment",
            "vacant_after",
            "pupils_per_teacher_before",
            "pupils_per_teacher_after",
            "below_pupil_floor",
            "gap_before",
            "gap_after",
        ],
        table
            .iter()
            .map(|r| {
                let s = &county.schools[r.school];
                vec![
                    s.id.clone(),
                    s.name.clone(),
                    s.area.key().to_string(),
                    s.stage.key().to_string(),
                    s.students.to_string(),
                    s.classes.to_string(),
                    format!("{:.*}", r.group_decimals(), super::figures::r6(r.groups)),
                    r.establishment.to_string(),
                    r.source().to_string(),
                    r.before.to_string(),
                    r.rotated_out.to_string(),
                    r.exchange_out.to_string(),
                    r.rotated_in.to_string(),
                    r.exchange_in.to_string(),
                    r.hires.to_string(),
                    r.after.to_string(),
                    r.cap.to_string(),
                    r.above().to_string(),
                    r.vacant_after().to_string(),
                    ppt(s.students, r.before),
                    ppt(s.students, r.after),
                    u8::from(r.below_floor).to_string(),
                    f4(r.gap_before),
                    f4(r.gap_after),
                ]
            })
            .collect(),
    )
}
