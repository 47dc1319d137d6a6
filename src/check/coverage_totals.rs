//! The coverage and itinerant rules on sums of rows (C-COVERAGE, C-ITINERANT): at most
//! `itinerant.max_schools` schools and `itinerant.max_fte_per_school` per school and subject
//! for a teacher's 走教, at most 1 FTE per teacher in all, hires covering no more than was hired,
//! no subject covered beyond its need. The rules on single rows are in coverage.rs.

use super::report::{RowRef, Violation};
use super::staff_files::{CoverKind, CoverageRow, ItinerantRow, COVERAGE, ITINERANT};
use super::zh;
use super::Ctx;
use crate::scenario::Scenario;
use std::collections::{BTreeMap, BTreeSet};

/// Sums written with 4 decimals may be off by this much.
const TOL: f64 = 1e-3;

pub(crate) fn cover_ref(r: &CoverageRow) -> RowRef {
    RowRef::new(COVERAGE, Some(r.line), r.id())
}

pub(crate) fn itin_ref(r: &ItinerantRow) -> RowRef {
    RowRef::new(ITINERANT, Some(r.line), r.id())
}

pub(crate) fn max_schools(ctx: &Ctx, itin: &[ItinerantRow], out: &mut Vec<Violation>) {
    let max = ctx.scenario.itinerant.max_schools as usize;
    let mut by: BTreeMap<&str, (BTreeSet<&str>, Vec<RowRef>)> = BTreeMap::new();
    for r in itin {
        let e = by.entry(&r.teacher_id).or_default();
        e.0.insert(&r.school_id);
        e.1.push(itin_ref(r));
    }
    for (id, (schools, rows)) in by.into_iter().filter(|(_, (s, _))| s.len() > max) {
        let list: Vec<&str> = schools.into_iter().collect();
        out.push(Violation::new(
            "C-ITINERANT",
            format!("teacher {id} serves {} schools ({}) besides the base school; itinerant.max_schools is {max} · 走教学校数超出上限", list.len(), list.join(", ")),
            rows,
        ).zh(format!(
            "教师 {id} 除本校外走教 {} 所学校（{}），超出走教学校数上限 itinerant.max_schools = {max}",
            list.len(),
            list.join("、")
        )));
    }
}

/// Itinerant teaching of one subject at one school, from one base school, is part of a load:
/// at most `itinerant.max_fte_per_school`.
pub(crate) fn max_fte_per_school(ctx: &Ctx, itin: &[ItinerantRow], out: &mut Vec<Violation>) {
    let max = ctx.scenario.itinerant.max_fte_per_school;
    let mut by: BTreeMap<(&str, &str, &str), (f64, Vec<RowRef>)> = BTreeMap::new();
    for r in itin {
        let e = by
            .entry((&r.base_school_id, &r.school_id, &r.subject))
            .or_default();
        e.0 += r.fte;
        e.1.push(itin_ref(r));
    }
    for ((base, school, subject), (fte, rows)) in by {
        if fte > max + 1e-6 {
            out.push(Violation::new(
                "C-ITINERANT",
                format!("{fte:.4} FTE of {subject} taught at {school} by teachers based at {base}; itinerant.max_fte_per_school is {max} · 同一学校同一学科走教课时超出上限"),
                rows,
            ).zh(format!(
                "本校为 {base} 的教师在 {school} 走教{} {fte:.4} FTE，超出同一学校同一学科走教上限 itinerant.max_fte_per_school = {max}",
                zh::subject(ctx.scenario, subject)
            )));
        }
    }
}

pub(crate) fn teacher_totals(
    cover: &[CoverageRow],
    itin: &[ItinerantRow],
    out: &mut Vec<Violation>,
) {
    let mut by: BTreeMap<&str, (f64, f64, Vec<RowRef>)> = BTreeMap::new();
    for r in cover.iter().filter(|r| r.kind != CoverKind::Hire) {
        let e = by.entry(&r.teacher_id).or_default();
        e.0 += r.fte;
        e.2.push(cover_ref(r));
    }
    for r in itin {
        let e = by.entry(&r.teacher_id).or_default();
        e.1 += r.fte;
        e.2.push(itin_ref(r));
    }
    for (id, (own, away, rows)) in by {
        if own + away <= 1.0 + TOL {
            continue;
        }
        let code = if own > 1.0 + TOL {
            "C-COVERAGE"
        } else {
            "C-ITINERANT"
        };
        out.push(Violation::new(
            code,
            format!("teacher {id} teaches {own:.4} FTE at the school and {away:.4} FTE itinerantly, more than 1 FTE in all · 教师工作量超过满工作量"),
            rows,
        ).zh(format!(
            "教师 {id} 在本校任课 {own:.4} FTE，走教 {away:.4} FTE，合计超过 1 FTE，超过满工作量"
        )));
    }
}

pub(crate) fn hire_totals(
    scenario: &Scenario,
    hired: &BTreeMap<(&str, &str), i64>,
    cover: &[CoverageRow],
    out: &mut Vec<Violation>,
) {
    let mut by: BTreeMap<(&str, &str), (f64, Vec<RowRef>)> = BTreeMap::new();
    for r in cover.iter().filter(|r| r.kind == CoverKind::Hire) {
        let e = by.entry((&r.school_id, &r.post_subject)).or_default();
        e.0 += r.fte;
        e.1.push(cover_ref(r));
    }
    for ((school, post), (fte, rows)) in by {
        let Some(&n) = hired.get(&(school, post)) else {
            continue; // reported per row
        };
        if fte > n as f64 + TOL {
            out.push(Violation::new(
                "C-COVERAGE",
                format!("hires of {post} at {school} cover {fte:.4} FTE, but hires.csv places {n} · 新招教师任课超出招聘人数"),
                rows,
            ).zh(format!(
                "{school} 的{}新教师任课 {fte:.4} FTE，但 hires.csv 只安排了 {n} 人，新教师任课超出招聘人数",
                zh::subject(scenario, post)
            )));
        }
    }
}

pub(crate) fn beyond_need(
    ctx: &Ctx,
    cover: &[CoverageRow],
    itin: &[ItinerantRow],
    out: &mut Vec<Violation>,
) {
    let mut by: BTreeMap<(&str, &str), (f64, Vec<RowRef>)> = BTreeMap::new();
    for r in cover {
        let e = by.entry((&r.school_id, &r.subject)).or_default();
        e.0 += r.fte;
        e.1.push(cover_ref(r));
    }
    for r in itin {
        let e = by.entry((&r.school_id, &r.subject)).or_default();
        e.0 += r.fte;
        e.1.push(itin_ref(r));
    }
    for ((school, subject), (fte, rows)) in by {
        if ctx.school(school).is_none() {
            continue;
        }
        let need = ctx
            .needs
            .get(&(school.to_string(), subject.to_string()))
            .copied()
            .unwrap_or(0.0);
        if fte > need + TOL {
            out.push(Violation::new(
                "C-COVERAGE",
                format!("{subject} at {school} is covered {fte:.4} FTE, beyond its need of {need:.4} FTE · 任课超出该学科需求"),
                rows,
            ).zh(format!(
                "{school} 的{}安排任课 {fte:.4} FTE，超出该学科需求 {need:.4} FTE",
                zh::subject(ctx.scenario, subject)
            )));
        }
    }
}
