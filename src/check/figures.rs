//! Recomputes needs, staff, gaps and the summary figures from the inputs and the plan rows.
//!
//! need = teaching groups × weekly periods ÷ standard load, per stage; a nine-year school's
//! classes are split by primary_classes / junior_classes (one missing: classes minus the other;
//! both missing: two thirds and one third, kept fractional); a small school's classes combine
//! (posts::groups); and a needs-file row replaces the computed need of its school and subject. Staff counts use the roster, not the plan's own
//! columns, so a wrong from_school_id cannot hide a gap.
//!
//! The gap after the plan is need − what coverage.csv and itinerant.csv say is taught (never
//! below 0); the gap before is need − the most the school's own staff could cover (posts.rs).

use super::files::Kind;
use super::posts::{groups, Heads, Problem};
use super::report::{AreaGap, Figures, GapRow};
use super::Ctx;
use crate::domain::{County, School};
use crate::scenario::Scenario;
use std::collections::BTreeMap;

type Key = (String, String);

/// Per-period share of a teacher's week; a zero or negative load yields no need.
fn per_period(load: f64) -> f64 {
    if load > 0.0 {
        1.0 / load
    } else {
        0.0
    }
}

/// The need of every subject at one school (computed), before overrides.
pub(crate) fn computed_needs(scenario: &Scenario, s: &School) -> BTreeMap<String, f64> {
    let (pc, jc) = groups(scenario, s);
    let (pl, jl) = (
        per_period(scenario.curriculum.primary_load),
        per_period(scenario.curriculum.junior_load),
    );
    scenario
        .subjects
        .iter()
        .map(|(id, d)| {
            (
                id.clone(),
                pc * d.primary_periods * pl + jc * d.junior_periods * jl,
            )
        })
        .filter(|(_, n)| *n > 0.0)
        .collect()
}

fn weight(scenario: &Scenario, s: &School) -> f64 {
    let w = &scenario.weights;
    w.area(s.area) * if s.remote { w.remote } else { 1.0 } * if s.weak { w.weak } else { 1.0 }
}

/// Need per (school, subject): computed from classes, replaced by the needs file's rows.
pub(crate) fn needs(scenario: &Scenario, county: &County) -> BTreeMap<Key, f64> {
    let mut need: BTreeMap<Key, f64> = BTreeMap::new();
    for s in &county.schools {
        for (subj, n) in computed_needs(scenario, s) {
            need.insert((s.id.clone(), subj), n);
        }
    }
    for o in &county.needs {
        need.insert((o.school_id.clone(), o.subject.clone()), o.need_fte);
    }
    need
}

/// The recomputed summary figures and gaps.csv rows (sorted by school, subject).
pub(crate) fn recompute(ctx: &Ctx, heads: &BTreeMap<String, Heads>) -> (Figures, Vec<GapRow>) {
    let gaps = gap_rows(ctx);
    let eligible = ctx.standing.values().filter(|s| s.eligible()).count();
    let must_serve = ctx.standing.values().filter(|s| s.must_serve).count();
    let of_kind = |k: Kind| ctx.plan.iter().filter(|r| r.kind == k).count();
    let (rotated, exchanged) = (of_kind(Kind::Rotation), of_kind(Kind::Exchange));
    let backbone_rotated = ctx
        .rotations
        .iter()
        .filter(|(_, t)| t.backbone.is_backbone())
        .count();
    let must_serve_placed = ctx
        .rotations
        .iter()
        .filter(|(_, t)| {
            ctx.standing
                .get(t.id.as_str())
                .is_some_and(|s| s.must_serve)
        })
        .count();
    let hires: i64 = ctx.files.hires.iter().flatten().map(|h| h.count).sum();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let mut gap_by_area: BTreeMap<String, AreaGap> = BTreeMap::new();
    for s in &ctx.county.schools {
        gap_by_area.entry(s.area.key().to_string()).or_default();
    }
    for g in &gaps {
        if let Some(s) = ctx.school(&g.school_id) {
            let a = gap_by_area.entry(s.area.key().to_string()).or_default();
            a.before += g.gap_before;
            a.after += g.gap_after;
        }
    }
    let over = |after: bool| {
        heads
            .values()
            .filter(|h| (if after { h.after() } else { h.before }) > i64::from(h.est))
            .count()
    };
    let figures = Figures {
        eligible,
        rotated,
        rotation_share: ratio(rotated, eligible),
        backbone_rotated,
        backbone_share: ratio(backbone_rotated, rotated),
        must_serve,
        must_serve_placed,
        hires: hires.max(0) as u64,
        gap_before: gaps.iter().map(|g| g.gap_before).sum(),
        gap_after: gaps.iter().map(|g| g.gap_after).sum(),
        weighted_gap_before: gaps.iter().map(|g| g.weight * g.gap_before).sum(),
        weighted_gap_after: gaps.iter().map(|g| g.weight * g.gap_after).sum(),
        exchanged,
        hires_unspent: super::hires::unspent(ctx).max(0) as u64,
        itinerant_fte: ctx.files.itinerant.iter().flatten().map(|r| r.fte).sum(),
        over_establishment_before: over(false),
        over_establishment_after: over(true),
        gap_by_area,
        wishes: None,
    };
    (figures, gaps)
}

/// Coverage of each (school, subject) with a need by the school's before-plan staff.
fn covered_before(ctx: &Ctx) -> BTreeMap<Key, f64> {
    let mut m = BTreeMap::new();
    for s in &ctx.county.schools {
        let p = Problem::of(ctx, s);
        for (j, c) in p.subjects.iter().zip(p.cover()) {
            m.insert((s.id.clone(), j.clone()), c);
        }
    }
    m
}

fn gap_rows(ctx: &Ctx) -> Vec<GapRow> {
    let scenario = ctx.scenario;
    let need = &ctx.needs;
    let mut before: BTreeMap<Key, f64> = BTreeMap::new();
    for t in &ctx.county.teachers {
        *before
            .entry((t.school_id.clone(), t.subject.clone()))
            .or_default() += 1.0;
    }
    let mut delta: BTreeMap<Key, f64> = BTreeMap::new();
    for (r, t) in &ctx.moves {
        *delta
            .entry((t.school_id.clone(), t.subject.clone()))
            .or_default() -= 1.0;
        if ctx.school(&r.to_school_id).is_some() {
            *delta
                .entry((r.to_school_id.clone(), r.subject.clone()))
                .or_default() += 1.0;
        }
    }
    for h in ctx.files.hires.iter().flatten() {
        if h.count > 0 && ctx.school(&h.school_id).is_some() {
            *delta
                .entry((h.school_id.clone(), h.subject.clone()))
                .or_default() += h.count as f64;
        }
    }
    // (covered after, itinerant) per (school, subject), from the plan's own coverage files
    let mut covered: BTreeMap<Key, (f64, f64)> = BTreeMap::new();
    for r in ctx.files.coverage.iter().flatten() {
        covered
            .entry((r.school_id.clone(), r.subject.clone()))
            .or_default()
            .0 += r.fte;
    }
    for r in ctx.files.itinerant.iter().flatten() {
        let e = covered
            .entry((r.school_id.clone(), r.subject.clone()))
            .or_default();
        e.0 += r.fte;
        e.1 += r.fte;
    }
    let cover_before = covered_before(ctx);
    let mut keys: Vec<&Key> = need
        .keys()
        .chain(before.keys())
        .chain(delta.keys())
        .collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let n = need.get(k).copied().unwrap_or(0.0);
            let b = before.get(k).copied().unwrap_or(0.0);
            let a = b + delta.get(k).copied().unwrap_or(0.0);
            if n <= 1e-9 && b == 0.0 && a == 0.0 {
                return None;
            }
            let (c, itinerant) = covered.get(k).copied().unwrap_or((0.0, 0.0));
            let cb = cover_before.get(k).copied().unwrap_or(0.0);
            let w = ctx.school(&k.0).map(|s| weight(scenario, s)).unwrap_or(1.0);
            Some(GapRow {
                school_id: k.0.clone(),
                subject: k.1.clone(),
                need_fte: n,
                staff_before: b,
                staff_after: a,
                covered_after: c,
                itinerant_fte: itinerant,
                gap_before: (n - cb).max(0.0),
                gap_after: (n - c).max(0.0),
                weight: w,
            })
        })
        .collect()
}
