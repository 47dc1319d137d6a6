//! The staffing plan files as typed rows, read as files.rs reads the others: coverage.csv (who
//! teaches what), itinerant.csv (走教 circuits) and staffing.csv (one row per school). A bad
//! cell is one C-PARSE and the row is dropped or the cell left `None`.

use super::read::{parse_num, Table};
use super::read::{required, subject, typed};
use super::report::Violation;
use crate::scenario::Scenario;

pub(crate) const COVERAGE: &str = "coverage.csv";
pub(crate) const ITINERANT: &str = "itinerant.csv";
pub(crate) const STAFFING: &str = "staffing.csv";

/// Who covers a coverage.csv row: a staying teacher, a rotated or exchanged arrival, or hires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum CoverKind {
    Staff,
    Rotated,
    Exchange,
    Hire,
}

impl CoverKind {
    fn parse(s: &str) -> Option<CoverKind> {
        match s.trim().to_lowercase().as_str() {
            "staff" | "本校" | "在编" => Some(CoverKind::Staff),
            "rotated" | "rotation" | "轮岗" | "交流轮岗" => Some(CoverKind::Rotated),
            "exchange" | "对口交流" => Some(CoverKind::Exchange),
            "hire" | "hired" | "新招" | "招聘" => Some(CoverKind::Hire),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            CoverKind::Staff => "staff",
            CoverKind::Rotated => "rotated",
            CoverKind::Exchange => "exchange",
            CoverKind::Hire => "hire",
        }
    }

    /// As the plan's own labels say it (本校教师, 交流轮岗, 对口交流, 新教师).
    pub fn zh(self) -> &'static str {
        match self {
            CoverKind::Staff => "本校教师",
            CoverKind::Rotated => "交流轮岗",
            CoverKind::Exchange => "对口交流",
            CoverKind::Hire => "新教师",
        }
    }
}

pub(crate) struct CoverageRow {
    pub line: usize,
    pub school_id: String,
    pub subject: String,
    /// Empty for hires.
    pub teacher_id: String,
    pub kind: CoverKind,
    pub post_subject: String,
    pub fte: f64,
    pub periods: Option<f64>,
}

impl CoverageRow {
    /// How a message names the row: `S1/music/T01` (`S1/music/hire:music` for hires).
    pub fn id(&self) -> String {
        match self.kind {
            CoverKind::Hire => format!(
                "{}/{}/hire:{}",
                self.school_id, self.subject, self.post_subject
            ),
            _ => format!("{}/{}/{}", self.school_id, self.subject, self.teacher_id),
        }
    }
}

pub(crate) struct ItinerantRow {
    pub line: usize,
    pub teacher_id: String,
    pub base_school_id: String,
    pub school_id: String,
    pub subject: String,
    pub fte: f64,
    /// Outer `None`: no column or unreadable; inner `None`: empty cell.
    pub distance_km: Option<Option<f64>>,
}

impl ItinerantRow {
    pub fn id(&self) -> String {
        format!("{}→{}/{}", self.teacher_id, self.school_id, self.subject)
    }
}

/// staffing.csv's columns after `school_id`, in order.
pub(crate) const STAFFING_COLUMNS: [&str; 23] = [
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
];

pub(crate) struct StaffingFileRow {
    pub line: usize,
    pub school_id: String,
    /// The cells of [`STAFFING_COLUMNS`]; `None` when the column is absent.
    pub cells: Vec<Option<String>>,
}

pub(crate) fn coverage_rows(
    scenario: &Scenario,
    t: &Table,
    out: &mut Vec<Violation>,
) -> Option<Vec<CoverageRow>> {
    let key = [
        "school_id",
        "subject",
        "teacher_id",
        "kind",
        "post_subject",
        "fte",
    ];
    if !t.require(&key, out) {
        return None;
    }
    t.require(&["name", "periods"], out);
    let mut rows = Vec::new();
    for r in &t.rows {
        let id = format!("{}/{}", r.get(t.col("school_id")), r.get(t.col("subject")));
        let Some([school_id, subj, post]) =
            required(t, r, ["school_id", "subject", "post_subject"], &id, out)
        else {
            continue;
        };
        let kind = typed(t, r, "kind", &id, CoverKind::parse, out);
        let fte = typed(t, r, "fte", &id, parse_num, out);
        let periods = typed(t, r, "periods", &id, |s| Some(parse_num(s)), out).flatten();
        let (Some(kind), Some(fte)) = (kind, fte) else {
            continue;
        };
        let teacher_id = r.get(t.col("teacher_id")).to_string();
        if kind != CoverKind::Hire && teacher_id.is_empty() {
            out.push(
                super::read::parse_error(
                    t.file,
                    r.line,
                    &id,
                    format!(
                        "teacher_id empty in a {} row; only hire rows have none",
                        kind.key()
                    ),
                )
                .zh(format!(
                    "{}行的 teacher_id 为空；只有新教师（hire）行可以不填",
                    kind.zh()
                )),
            );
            continue;
        }
        rows.push(CoverageRow {
            line: r.line,
            school_id,
            subject: subject(scenario, &subj),
            teacher_id,
            kind,
            post_subject: subject(scenario, &post),
            fte,
            periods,
        });
    }
    Some(rows)
}

pub(crate) fn itinerant_rows(
    scenario: &Scenario,
    t: &Table,
    out: &mut Vec<Violation>,
) -> Option<Vec<ItinerantRow>> {
    let key = [
        "teacher_id",
        "base_school_id",
        "school_id",
        "subject",
        "fte",
    ];
    if !t.require(&key, out) {
        return None;
    }
    t.require(&["name", "periods", "distance_km"], out);
    let mut rows = Vec::new();
    for r in &t.rows {
        let id = r.get(t.col("teacher_id")).to_string();
        let Some([_, base, school_id, subj]) = required(
            t,
            r,
            ["teacher_id", "base_school_id", "school_id", "subject"],
            &id,
            out,
        ) else {
            continue;
        };
        let Some(fte) = typed(t, r, "fte", &id, parse_num, out) else {
            continue;
        };
        let distance_km = typed(
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
        );
        rows.push(ItinerantRow {
            line: r.line,
            base_school_id: base,
            school_id,
            subject: subject(scenario, &subj),
            fte,
            distance_km,
            teacher_id: id,
        });
    }
    Some(rows)
}

pub(crate) fn staffing_rows(t: &Table, out: &mut Vec<Violation>) -> Option<Vec<StaffingFileRow>> {
    if !t.require(&["school_id"], out) {
        return None;
    }
    // A plan folder of an earlier version has neither teaching_groups nor below_pupil_floor:
    // their cells are then not compared.
    let since_multigrade = ["teaching_groups", "below_pupil_floor"];
    let required_columns: Vec<&str> = (STAFFING_COLUMNS.iter().copied())
        .filter(|c| !since_multigrade.contains(c))
        .collect();
    t.require(&required_columns, out);
    let mut rows = Vec::new();
    for r in &t.rows {
        let Some([school_id]) = required(t, r, ["school_id"], "", out) else {
            continue;
        };
        let cells = STAFFING_COLUMNS
            .iter()
            .map(|c| t.col(c).map(|i| r.get(Some(i)).to_string()))
            .collect();
        rows.push(StaffingFileRow {
            line: r.line,
            school_id,
            cells,
        });
    }
    Some(rows)
}
