//! The staffing table: one row per school with its establishment (核定编制), headcount before
//! and after the plan, who left and arrived, and its gap. staffing.csv, the workbook's
//! 编制与人员 sheet, the reports and summary.json all read it from [`table`].

use super::figures::{gap_rows, GapRow};
use crate::plan::{MoveKind, Plan};
use crate::problem::Problem;
use crate::rules::staffing;
use std::collections::BTreeMap;

/// One school's establishment and headcount, before and after the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolStaffing {
    /// School index.
    pub school: usize,
    pub establishment: u32,
    /// Teaching groups: classes, or fewer combined classes at a small school (复式班).
    pub groups: f64,
    /// Fewer pupils per teacher after the plan than `establishment.pupil_floor` (师多生少).
    pub below_floor: bool,
    /// True when the schools file gives the establishment, false when it is computed.
    pub given: bool,
    pub before: u32,
    /// Establishment posts held before the plan: the roster's teachers, those away on a term
    /// from an earlier year included (`rules::staffing::posts_held`).
    pub held: u32,
    pub rotated_out: u32,
    pub exchange_out: u32,
    pub rotated_in: u32,
    pub exchange_in: u32,
    pub hires: u32,
    pub after: u32,
    /// The most teachers the school may have after the plan (`rules::staffing::headcount_cap`).
    pub cap: u32,
    /// Σ over the school's subjects of the gap before and after (FTE).
    pub gap_before: f64,
    pub gap_after: f64,
}

impl SchoolStaffing {
    /// `given` or `computed`.
    pub fn source(&self) -> &'static str {
        if self.given {
            "given"
        } else {
            "computed"
        }
    }
    /// Teachers above the establishment after the plan.
    pub fn above(&self) -> u32 {
        self.after.saturating_sub(self.establishment)
    }
    /// Posts still vacant after the plan: establishment − posts held (held + hires); teachers
    /// rotated or exchanged keep their post at home (交流不转编).
    pub fn vacant_after(&self) -> u32 {
        self.establishment
            .saturating_sub(self.held.saturating_add(self.hires))
    }
    /// Teachers who arrive: rotated, on exchange, hired.
    pub fn arrivals(&self) -> u32 {
        self.rotated_in + self.exchange_in + self.hires
    }
    /// Decimals the teaching groups are written with: none for a whole number, else 2 (a
    /// nine-year school without its class split has fractional stage classes).
    pub fn group_decimals(&self) -> usize {
        let g = super::figures::r6(self.groups);
        if (g - g.round()).abs() < 1e-9 {
            0
        } else {
            2
        }
    }
    pub fn over_before(&self) -> bool {
        self.before > self.establishment
    }
    pub fn over_after(&self) -> bool {
        self.after > self.establishment
    }
}

/// Pupils per teacher; `None` without teachers.
pub fn pupils_per_teacher(students: u64, teachers: u64) -> Option<f64> {
    (teachers > 0).then(|| students as f64 / teachers as f64)
}

/// The staffing table of a plan, by school id.
pub fn table(loaded: &Problem, plan: &Plan) -> Vec<SchoolStaffing> {
    table_with(loaded, plan, &gap_rows(loaded, plan))
}

/// As [`table`], with the plan's gap rows already computed.
pub fn table_with(loaded: &Problem, plan: &Plan, gaps: &[GapRow]) -> Vec<SchoolStaffing> {
    let county = &loaded.county;
    let scenario = &loaded.scenario;
    let mut rows: Vec<SchoolStaffing> = county
        .schools
        .iter()
        .enumerate()
        .map(|(i, s)| SchoolStaffing {
            school: i,
            establishment: staffing::establishment(s, scenario),
            groups: staffing::groups(s, scenario),
            below_floor: false,
            given: s.establishment.is_some(),
            before: 0,
            held: 0,
            rotated_out: 0,
            exchange_out: 0,
            rotated_in: 0,
            exchange_in: 0,
            hires: 0,
            after: 0,
            cap: 0,
            gap_before: 0.0,
            gap_after: 0.0,
        })
        .collect();
    for t in &county.teachers {
        if let Some(s) = loaded.school_ix(&t.school_id) {
            rows[s].before += 1;
        }
        if let Some(s) = loaded.school_ix(t.home_school()) {
            rows[s].held += 1;
        }
    }
    for a in &plan.assignments {
        let from = loaded.school_ix(&county.teachers[a.teacher].school_id);
        match a.kind {
            MoveKind::Rotation => {
                rows[a.to].rotated_in += 1;
                if let Some(f) = from {
                    rows[f].rotated_out += 1;
                }
            }
            MoveKind::Exchange => {
                rows[a.to].exchange_in += 1;
                if let Some(f) = from {
                    rows[f].exchange_out += 1;
                }
            }
        }
    }
    for h in &plan.hires {
        rows[h.school].hires += h.count;
    }
    let mut gap: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for g in gaps {
        let e = gap.entry(g.school_id.as_str()).or_default();
        e.0 += g.gap_before();
        e.1 += g.gap_after();
    }
    for r in &mut rows {
        let school = &county.schools[r.school];
        r.after = (r.before + r.arrivals()).saturating_sub(r.rotated_out + r.exchange_out);
        r.cap = staffing::headcount_cap(school, r.establishment, r.before, scenario);
        r.below_floor = staffing::below_pupil_floor(school.students, r.after, scenario);
        if let Some(&(b, a)) = gap.get(school.id.as_str()) {
            r.gap_before = b;
            r.gap_after = a;
        }
    }
    rows.sort_by(|a, b| {
        county.schools[a.school]
            .id
            .cmp(&county.schools[b.school].id)
    });
    rows
}
