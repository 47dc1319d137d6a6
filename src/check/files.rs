//! The five plan files as typed rows, read by the checker's own reader (never the writer's
//! types), so that a change in how plans are written cannot silently change how they are judged.
//! A bad cell is reported once here (C-PARSE) and left `None`; the row still takes part in the
//! other checks, so one typo does not cascade into a dozen unrelated violations.

use super::read::{
    parse_bool, parse_count, parse_date, parse_error, parse_num, read_csv, read_text, required,
    subject, typed, Source, Table,
};
use super::report::{RowRef, Violation};
use super::staff_files::{
    coverage_rows, itinerant_rows, staffing_rows, CoverageRow, ItinerantRow, StaffingFileRow,
    COVERAGE, ITINERANT, STAFFING,
};
use crate::domain::Programme;
use crate::scenario::Scenario;
use chrono::NaiveDate;
use serde_json::{Map, Value};

pub(crate) const PLAN: &str = "plan.csv";
pub(crate) const HIRES: &str = "hires.csv";
pub(crate) const GAPS: &str = "gaps.csv";
pub(crate) const UNPLACED: &str = "unplaced.csv";
pub(crate) const SUMMARY: &str = "summary.json";

/// What a plan.csv row is: a rotation to a rural school (轮岗), or an exchange of a rural
/// teacher to a sending-area school (对口交流).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Rotation,
    Exchange,
}

impl Kind {
    /// `rotation` / `exchange` as written, also in Chinese; empty = rotation (old plans).
    fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_lowercase().as_str() {
            "" | "rotation" | "rotate" | "rotated" | "交流轮岗" | "轮岗" => {
                Some(Kind::Rotation)
            }
            "exchange" | "对口交流" | "交流" => Some(Kind::Exchange),
            _ => None,
        }
    }
}

pub(crate) struct PlanRow {
    pub line: usize,
    /// `kind` column; a missing column, an empty or unreadable cell is a rotation.
    pub kind: Kind,
    pub teacher_id: String,
    pub subject: String,
    pub from_school_id: String,
    pub to_school_id: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub must_serve: Option<bool>,
    pub backbone: Option<bool>,
    /// Outer `None`: unreadable or no column; inner `None`: empty cell (no coordinates).
    pub distance_km: Option<Option<f64>>,
}

pub(crate) struct HireRow {
    pub line: usize,
    pub school_id: String,
    pub subject: String,
    pub count: i64,
    pub programme: Programme,
}

pub(crate) struct GapFileRow {
    pub line: usize,
    pub school_id: String,
    pub subject: String,
    /// The [`GAP_COLUMNS`] in order; `None` when unreadable.
    pub values: [Option<f64>; 7],
}

pub(crate) const GAP_COLUMNS: [&str; 7] = [
    "need_fte",
    "staff_before",
    "staff_after",
    "covered_after",
    "itinerant_fte",
    "gap_before",
    "gap_after",
];

pub(crate) struct UnplacedRow {
    pub line: usize,
    pub teacher_id: String,
}

/// What was read; a missing or unreadable file is `None` (C-FILE already reported).
pub(crate) struct PlanFiles {
    pub plan: Option<Vec<PlanRow>>,
    pub hires: Option<Vec<HireRow>>,
    pub gaps: Option<Vec<GapFileRow>>,
    pub unplaced: Option<Vec<UnplacedRow>>,
    pub summary: Option<Map<String, Value>>,
    pub coverage: Option<Vec<CoverageRow>>,
    pub itinerant: Option<Vec<ItinerantRow>>,
    pub staffing: Option<Vec<StaffingFileRow>>,
}

pub(crate) fn read_all(scenario: &Scenario, src: Source, out: &mut Vec<Violation>) -> PlanFiles {
    PlanFiles {
        plan: read_csv(src, PLAN, out).and_then(|t| plan_rows(scenario, &t, out)),
        hires: read_csv(src, HIRES, out).and_then(|t| hire_rows(scenario, &t, out)),
        gaps: read_csv(src, GAPS, out).and_then(|t| gap_rows(scenario, &t, out)),
        unplaced: read_csv(src, UNPLACED, out).and_then(|t| unplaced_rows(&t, out)),
        summary: read_summary(src, out),
        coverage: read_csv(src, COVERAGE, out).and_then(|t| coverage_rows(scenario, &t, out)),
        itinerant: read_csv(src, ITINERANT, out).and_then(|t| itinerant_rows(scenario, &t, out)),
        staffing: read_csv(src, STAFFING, out).and_then(|t| staffing_rows(&t, out)),
    }
}

pub(crate) fn plan_rows(
    scenario: &Scenario,
    t: &Table,
    out: &mut Vec<Violation>,
) -> Option<Vec<PlanRow>> {
    let key = [
        "teacher_id",
        "subject",
        "from_school_id",
        "to_school_id",
        "start_date",
        "end_date",
    ];
    if !t.require(&key, out) {
        return None;
    }
    t.require(
        &["name", "must_serve", "backbone", "distance_km", "reason"],
        out,
    );
    let mut rows = Vec::new();
    for r in &t.rows {
        let id = r.get(t.col("teacher_id")).to_string();
        let Some([_, subj, from, to]) = required(
            t,
            r,
            ["teacher_id", "subject", "from_school_id", "to_school_id"],
            &id,
            out,
        ) else {
            continue;
        };
        rows.push(PlanRow {
            line: r.line,
            kind: typed(t, r, "kind", &id, Kind::parse, out).unwrap_or(Kind::Rotation),
            subject: subject(scenario, &subj),
            from_school_id: from,
            to_school_id: to,
            start_date: typed(t, r, "start_date", &id, parse_date, out),
            end_date: typed(t, r, "end_date", &id, parse_date, out),
            must_serve: typed(t, r, "must_serve", &id, parse_bool, out),
            backbone: typed(t, r, "backbone", &id, parse_bool, out),
            distance_km: typed(
                t,
                r,
                "distance_km",
                &id,
                |s| {
                    if s.is_empty() {
                        Some(None)
                    } else {
                        parse_num(s).map(Some)
                    }
                },
                out,
            ),
            teacher_id: id,
        });
    }
    Some(rows)
}

pub(crate) fn hire_rows(
    scenario: &Scenario,
    t: &Table,
    out: &mut Vec<Violation>,
) -> Option<Vec<HireRow>> {
    if !t.require(&["school_id", "subject", "count", "programme"], out) {
        return None;
    }
    let mut rows = Vec::new();
    for r in &t.rows {
        let id = r.get(t.col("school_id")).to_string();
        let Some([_, subj]) = required(t, r, ["school_id", "subject"], &id, out) else {
            continue;
        };
        let count = typed(t, r, "count", &id, parse_count, out);
        let programme = typed(t, r, "programme", &id, Programme::parse, out);
        let (Some(count), Some(programme)) = (count, programme) else {
            continue;
        };
        rows.push(HireRow {
            line: r.line,
            school_id: id,
            subject: subject(scenario, &subj),
            count,
            programme,
        });
    }
    Some(rows)
}

fn gap_rows(scenario: &Scenario, t: &Table, out: &mut Vec<Violation>) -> Option<Vec<GapFileRow>> {
    let mut cols = vec!["school_id", "subject"];
    cols.extend(GAP_COLUMNS);
    if !t.require(&cols, out) {
        return None;
    }
    let mut rows = Vec::new();
    for r in &t.rows {
        let id = r.get(t.col("school_id")).to_string();
        let Some([_, subj]) = required(t, r, ["school_id", "subject"], &id, out) else {
            continue;
        };
        let values = GAP_COLUMNS.map(|c| typed(t, r, c, &id, parse_num, out));
        rows.push(GapFileRow {
            line: r.line,
            school_id: id,
            subject: subject(scenario, &subj),
            values,
        });
    }
    Some(rows)
}

fn unplaced_rows(t: &Table, out: &mut Vec<Violation>) -> Option<Vec<UnplacedRow>> {
    if !t.require(&["teacher_id"], out) {
        return None;
    }
    t.require(&["name", "subject", "reason"], out);
    let rows = t.rows.iter().filter_map(|r| {
        let [id] = required(t, r, ["teacher_id"], "", out)?;
        Some(UnplacedRow {
            line: r.line,
            teacher_id: id,
        })
    });
    Some(rows.collect())
}

pub(crate) fn read_summary(src: Source, out: &mut Vec<Violation>) -> Option<Map<String, Value>> {
    let text = read_text(src, SUMMARY, out)?;
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(m)) => Some(m),
        Ok(_) => {
            out.push(
                parse_error(
                    SUMMARY,
                    1,
                    SUMMARY,
                    "summary.json must be a JSON object".into(),
                )
                .zh("summary.json 必须是一个 JSON 对象"),
            );
            None
        }
        Err(e) => {
            out.push(
                Violation::new(
                    "C-PARSE",
                    format!("summary.json is not valid JSON: {e}"),
                    vec![RowRef::new(SUMMARY, Some(e.line()), SUMMARY)],
                )
                .zh(format!("summary.json 不是有效的 JSON：{e}")),
            );
            None
        }
    }
}
