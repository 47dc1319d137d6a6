//! Hard rules on coverage.csv (C-COVERAGE, docs/plan-format.md "The rules", 6) and
//! itinerant.csv (C-ITINERANT, rule 7): who is present at a school after the plan, what each
//! may teach there, at most 1 FTE per teacher in all, hires covering no more than was hired, no
//! subject covered beyond its need, and 走教 only where the scenario allows it.

use super::posts::{general, own};
use super::report::{Mismatch, RowRef, Violation};
use super::rules::distance;
use super::staff_files::{CoverKind, CoverageRow, ItinerantRow, COVERAGE, ITINERANT};
use super::Ctx;
use crate::domain::{School, Stage};
use crate::scenario::Scenario;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Sums written with 4 decimals may be off by this much.
const TOL: f64 = 1e-3;

/// Where a teacher is after the plan, as what, and the subjects of their post (no general ones).
struct Present<'a> {
    school: &'a str,
    kind: CoverKind,
    post: &'a str,
    own: BTreeSet<&'a str>,
}

fn present<'a>(ctx: &'a Ctx) -> HashMap<&'a str, Present<'a>> {
    let moved: HashSet<&str> = ctx.moves.iter().map(|(_, t)| t.id.as_str()).collect();
    let mut map: HashMap<&str, Present> = ctx
        .county
        .teachers
        .iter()
        .filter(|t| !moved.contains(t.id.as_str()))
        .map(|t| {
            // on a term from an earlier year: as the rotated or exchange teacher they arrived
            let (kind, post) = match &t.on_term {
                Some(term) if term.kind == crate::domain::ServiceKind::Exchange => (
                    CoverKind::Exchange,
                    term.subject.as_deref().unwrap_or(&t.subject),
                ),
                Some(term) => (
                    CoverKind::Rotated,
                    term.subject.as_deref().unwrap_or(&t.subject),
                ),
                None => (CoverKind::Staff, t.subject.as_str()),
            };
            let p = Present {
                school: &t.school_id,
                kind,
                post,
                own: own(t),
            };
            (t.id.as_str(), p)
        })
        .collect();
    for (rows, kind) in [
        (&ctx.rotations, CoverKind::Rotated),
        (&ctx.exchanges, CoverKind::Exchange),
    ] {
        for (r, t) in rows {
            let p = Present {
                school: &r.to_school_id,
                kind,
                post: &r.subject,
                own: [r.subject.as_str()].into(),
            };
            map.insert(t.id.as_str(), p);
        }
    }
    map
}

/// Subjects taught itinerantly: the `[itinerant]` list, else the catalogue's shortage subjects.
fn itinerant_subjects(scenario: &Scenario) -> BTreeSet<&str> {
    let list = &scenario.itinerant.subjects;
    if list.is_empty() {
        scenario
            .subjects
            .iter()
            .filter(|(_, d)| d.shortage)
            .map(|(id, _)| id.as_str())
            .collect()
    } else {
        list.iter().map(String::as_str).collect()
    }
}

fn cover_ref(r: &CoverageRow) -> RowRef {
    RowRef::new(COVERAGE, Some(r.line), r.id())
}

fn itin_ref(r: &ItinerantRow) -> RowRef {
    RowRef::new(ITINERANT, Some(r.line), r.id())
}

pub(crate) fn check_all(ctx: &Ctx, out: &mut Vec<Violation>) {
    let present = present(ctx);
    let hired = hired(ctx);
    let cover = ctx.files.coverage.as_deref().unwrap_or(&[]);
    let itin = ctx.files.itinerant.as_deref().unwrap_or(&[]);
    for r in cover {
        if let Some(why) = cover_row(ctx, &present, &hired, r) {
            out.push(Violation::new(
                "C-COVERAGE",
                format!("{COVERAGE} row {}: {why} · 任课安排无效", r.id()),
                vec![cover_ref(r)],
            ));
        }
    }
    for r in itin {
        let why = itinerant_row(ctx, &present, r);
        if !why.is_empty() {
            out.push(Violation::new(
                "C-ITINERANT",
                format!(
                    "{ITINERANT} row {}: {} · 走教安排不符合规定",
                    r.id(),
                    why.join("; ")
                ),
                vec![itin_ref(r)],
            ));
        }
    }
    max_schools(ctx, itin, out);
    max_fte_per_school(ctx, itin, out);
    teacher_totals(cover, itin, out);
    hire_totals(&hired, cover, out);
    beyond_need(ctx, cover, itin, out);
}

/// Hires placed per (school, subject), summing programmes.
fn hired<'a>(ctx: &Ctx<'a>) -> BTreeMap<(&'a str, &'a str), i64> {
    let mut m = BTreeMap::new();
    for h in ctx.files.hires.iter().flatten().filter(|h| h.count > 0) {
        *m.entry((h.school_id.as_str(), h.subject.as_str()))
            .or_default() += h.count;
    }
    m
}

fn may_teach(own: &BTreeSet<&str>, g: &[String], subject: &str) -> bool {
    own.contains(subject) || g.iter().any(|s| s == subject)
}

fn cover_row(
    ctx: &Ctx,
    present: &HashMap<&str, Present>,
    hired: &BTreeMap<(&str, &str), i64>,
    r: &CoverageRow,
) -> Option<String> {
    let Some(school) = ctx.school(&r.school_id) else {
        return Some(format!("school {} is not in the schools file", r.school_id));
    };
    if r.fte < 0.0 {
        return Some(format!("fte {} is negative", r.fte));
    }
    let g = general(ctx.scenario, school);
    let own: BTreeSet<&str> = match r.kind {
        CoverKind::Hire => {
            if !hired.contains_key(&(r.school_id.as_str(), r.post_subject.as_str())) {
                return Some(format!(
                    "hires.csv places no {} hire at {}",
                    r.post_subject, r.school_id
                ));
            }
            [r.post_subject.as_str()].into()
        }
        kind => {
            let Some(p) = present.get(r.teacher_id.as_str()) else {
                return Some(format!("teacher {} is not in the roster", r.teacher_id));
            };
            if p.school != r.school_id || p.kind != kind {
                return Some(format!(
                    "teacher {} is not at {} as {} after the plan (they are at {} as {})",
                    r.teacher_id,
                    r.school_id,
                    kind.key(),
                    p.school,
                    p.kind.key()
                ));
            }
            if p.post != r.post_subject {
                return Some(format!(
                    "post_subject must be {} (the teacher's {}), not {}",
                    p.post,
                    if kind == CoverKind::Staff {
                        "main subject"
                    } else {
                        "plan.csv subject"
                    },
                    r.post_subject
                ));
            }
            p.own.clone()
        }
    };
    if !may_teach(&own, g, &r.subject) {
        let mut may: Vec<&str> = own.iter().copied().collect();
        may.extend(g.iter().map(String::as_str));
        return Some(format!(
            "{} may teach {} at {}, not {}",
            if r.kind == CoverKind::Hire {
                "a hire".to_string()
            } else {
                format!("teacher {}", r.teacher_id)
            },
            may.join(", "),
            r.school_id,
            r.subject
        ));
    }
    None
}

fn itinerant_row(ctx: &Ctx, present: &HashMap<&str, Present>, r: &ItinerantRow) -> Vec<String> {
    let rules = &ctx.scenario.itinerant;
    let mut why = Vec::new();
    if !rules.enabled {
        why.push("itinerant teaching is off (itinerant.enabled = false)".to_string());
    }
    if r.fte < 0.0 {
        why.push(format!("fte {} is negative", r.fte));
    }
    let base = match present.get(r.teacher_id.as_str()) {
        None => {
            why.push(format!("teacher {} is not in the roster", r.teacher_id));
            None
        }
        Some(p) if !matches!(p.kind, CoverKind::Staff | CoverKind::Rotated) => {
            why.push(format!(
                "teacher {} is on exchange; only staying and rotated teachers teach itinerantly",
                r.teacher_id
            ));
            None
        }
        Some(p) if p.school != r.base_school_id => {
            why.push(format!(
                "teacher {}'s base after the plan is {}, not {}",
                r.teacher_id, p.school, r.base_school_id
            ));
            None
        }
        Some(p) => {
            if !p.own.contains(r.subject.as_str()) {
                let own: Vec<&str> = p.own.iter().copied().collect();
                why.push(format!(
                    "the teacher's own subjects are {} (general subjects do not travel), not {}",
                    own.join(", "),
                    r.subject
                ));
            }
            ctx.school(p.school)
        }
    };
    if !itinerant_subjects(ctx.scenario).contains(r.subject.as_str()) {
        why.push(format!(
            "{} is not an itinerant subject (itinerant.subjects, else the shortage subjects)",
            r.subject
        ));
    }
    let Some(target) = ctx.school(&r.school_id) else {
        why.push(format!("school {} is not in the schools file", r.school_id));
        return why;
    };
    if !rules.target_areas.contains(&target.area) {
        why.push(format!(
            "school {} is in a {} ({}) area, not one of itinerant.target_areas",
            target.id,
            target.area.key(),
            target.area.zh()
        ));
    }
    if let Some(base) = base {
        reach(ctx, base, target, &mut why);
    }
    why
}

/// The target is another school within `km` (both coordinates known), in the same township
/// when `same_township`.
fn reach(ctx: &Ctx, base: &School, target: &School, why: &mut Vec<String>) {
    let rules = &ctx.scenario.itinerant;
    if base.id == target.id {
        why.push("the school served is the base school".into());
        return;
    }
    match distance(base, target) {
        None => why.push(format!(
            "{} or {} has no coordinates, so the distance is unknown",
            base.id, target.id
        )),
        Some(d) if d > rules.km + 1e-9 => why.push(format!(
            "{} is {d:.1} km from {}, farther than itinerant.km = {} · 超出走教距离",
            target.id, base.id, rules.km
        )),
        Some(_) => {}
    }
    if rules.same_township && (base.township.is_none() || base.township != target.township) {
        why.push(format!(
            "{} and {} are not in the same township (itinerant.same_township)",
            base.id, target.id
        ));
    }
}

fn max_schools(ctx: &Ctx, itin: &[ItinerantRow], out: &mut Vec<Violation>) {
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
        ));
    }
}

/// Itinerant teaching of one subject at one school, from one base school, is part of a load:
/// at most `itinerant.max_fte_per_school`.
fn max_fte_per_school(ctx: &Ctx, itin: &[ItinerantRow], out: &mut Vec<Violation>) {
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
            ));
        }
    }
}

fn teacher_totals(cover: &[CoverageRow], itin: &[ItinerantRow], out: &mut Vec<Violation>) {
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
        ));
    }
}

fn hire_totals(
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
            ));
        }
    }
}

fn beyond_need(ctx: &Ctx, cover: &[CoverageRow], itin: &[ItinerantRow], out: &mut Vec<Violation>) {
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
            ));
        }
    }
}

/// Weekly periods of one FTE at a school: the junior load at a junior school, else primary.
fn load(scenario: &Scenario, s: &School) -> f64 {
    match s.stage {
        Stage::Junior => scenario.curriculum.junior_load,
        _ => scenario.curriculum.primary_load,
    }
}

/// Figures the files state about their rows: coverage.csv periods (fte × load, 1 decimal) and
/// itinerant.csv distance_km (1 decimal, empty when a school has no coordinates).
pub(crate) fn compare(ctx: &Ctx, out: &mut Vec<Mismatch>) {
    for r in ctx.files.coverage.iter().flatten() {
        let (Some(s), Some(got)) = (ctx.school(&r.school_id), r.periods) else {
            continue;
        };
        let want = r.fte * load(ctx.scenario, s);
        if (want - got).abs() > 0.06 {
            out.push(Mismatch::new(
                "C-COVERAGE",
                COVERAGE,
                Some(r.line),
                format!("{} periods", r.id()),
                format!("{want:.1}"),
                format!("{got:.1}"),
            ));
        }
    }
    for r in ctx.files.itinerant.iter().flatten() {
        let (Some(base), Some(to), Some(got)) = (
            ctx.school(&r.base_school_id),
            ctx.school(&r.school_id),
            r.distance_km,
        ) else {
            continue;
        };
        let want = distance(base, to);
        let off = match (want, got) {
            (None, None) => false,
            (Some(w), Some(g)) => (w - g).abs() > 0.05 + 1e-6,
            _ => true,
        };
        if off {
            let fmt = |d: Option<f64>| {
                d.map(|d| format!("{d:.1}"))
                    .unwrap_or_else(|| "(empty)".into())
            };
            out.push(Mismatch::new(
                "C-DISTANCE",
                ITINERANT,
                Some(r.line),
                format!("{} distance_km", r.id()),
                fmt(want),
                fmt(got),
            ));
        }
    }
}
