//! Hard rules on coverage.csv (C-COVERAGE, docs/plan-format.md "The rules", 6) and
//! itinerant.csv (C-ITINERANT, rule 7): who is present at a school after the plan, what each
//! may teach there, at most 1 FTE per teacher in all, hires covering no more than was hired, no
//! subject covered beyond its need, and 走教 only where the scenario allows it. The limits on
//! sums of rows are in coverage_totals.rs.

use super::coverage_totals::{
    beyond_need, cover_ref, hire_totals, itin_ref, max_fte_per_school, max_schools, teacher_totals,
};
use super::posts::{general, own};
use super::report::{Mismatch, Violation};
use super::rules::distance;
use super::staff_files::{CoverKind, CoverageRow, ItinerantRow, COVERAGE, ITINERANT};
use super::zh::{self, Said};
use super::Ctx;
use crate::domain::{School, Stage};
use crate::scenario::Scenario;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

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

pub(crate) fn check_all(ctx: &Ctx, out: &mut Vec<Violation>) {
    let present = present(ctx);
    let hired = hired(ctx);
    let cover = ctx.files.coverage.as_deref().unwrap_or(&[]);
    let itin = ctx.files.itinerant.as_deref().unwrap_or(&[]);
    for r in cover {
        if let Some(why) = cover_row(ctx, &present, &hired, r) {
            out.push(
                Violation::new(
                    "C-COVERAGE",
                    format!("{COVERAGE} row {}: {} · 任课安排无效", r.id(), why.en),
                    vec![cover_ref(r)],
                )
                .zh(format!(
                    "{COVERAGE} 的 {} 行：{}，任课安排无效",
                    r.id(),
                    why.zh
                )),
            );
        }
    }
    for r in itin {
        let why = itinerant_row(ctx, &present, r);
        if !why.is_empty() {
            let why = zh::join(&why);
            out.push(
                Violation::new(
                    "C-ITINERANT",
                    format!(
                        "{ITINERANT} row {}: {} · 走教安排不符合规定",
                        r.id(),
                        why.en
                    ),
                    vec![itin_ref(r)],
                )
                .zh(format!(
                    "{ITINERANT} 的 {} 行：{}，走教安排不符合规定",
                    r.id(),
                    why.zh
                )),
            );
        }
    }
    max_schools(ctx, itin, out);
    max_fte_per_school(ctx, itin, out);
    teacher_totals(cover, itin, out);
    hire_totals(ctx.scenario, &hired, cover, out);
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
) -> Option<Said> {
    let sc = ctx.scenario;
    let Some(school) = ctx.school(&r.school_id) else {
        return Some(Said::new(
            format!("school {} is not in the schools file", r.school_id),
            format!("学校 {} 不在学校名单中", r.school_id),
        ));
    };
    if r.fte < 0.0 {
        return Some(Said::new(
            format!("fte {} is negative", r.fte),
            format!("fte {} 为负数", r.fte),
        ));
    }
    let g = general(sc, school);
    let own: BTreeSet<&str> = match r.kind {
        CoverKind::Hire => {
            if !hired.contains_key(&(r.school_id.as_str(), r.post_subject.as_str())) {
                return Some(Said::new(
                    format!(
                        "hires.csv places no {} hire at {}",
                        r.post_subject, r.school_id
                    ),
                    format!(
                        "hires.csv 未在 {} 安排{}新教师",
                        r.school_id,
                        zh::subject(sc, &r.post_subject)
                    ),
                ));
            }
            [r.post_subject.as_str()].into()
        }
        kind => {
            let Some(p) = present.get(r.teacher_id.as_str()) else {
                return Some(Said::new(
                    format!("teacher {} is not in the roster", r.teacher_id),
                    format!("教师 {} 不在花名册中", r.teacher_id),
                ));
            };
            if p.school != r.school_id || p.kind != kind {
                return Some(Said::new(
                    format!(
                        "teacher {} is not at {} as {} after the plan (they are at {} as {})",
                        r.teacher_id,
                        r.school_id,
                        kind.key(),
                        p.school,
                        p.kind.key()
                    ),
                    format!(
                        "方案执行后教师 {} 不是以{}身份在 {} 任课（而是以{}身份在 {}）",
                        r.teacher_id,
                        kind.zh(),
                        r.school_id,
                        p.kind.zh(),
                        p.school
                    ),
                ));
            }
            if p.post != r.post_subject {
                let staff = kind == CoverKind::Staff;
                return Some(Said::new(
                    format!(
                        "post_subject must be {} (the teacher's {}), not {}",
                        p.post,
                        if staff {
                            "main subject"
                        } else {
                            "plan.csv subject"
                        },
                        r.post_subject
                    ),
                    format!(
                        "post_subject 应为{}（教师的{}），而不是{}",
                        zh::subject(sc, p.post),
                        if staff {
                            "主教学科"
                        } else {
                            "plan.csv 所列学科"
                        },
                        zh::subject(sc, &r.post_subject)
                    ),
                ));
            }
            p.own.clone()
        }
    };
    if !may_teach(&own, g, &r.subject) {
        let mut may: Vec<&str> = own.iter().copied().collect();
        may.extend(g.iter().map(String::as_str));
        let (who, who_zh) = if r.kind == CoverKind::Hire {
            ("a hire".to_string(), "新教师".to_string())
        } else {
            (
                format!("teacher {}", r.teacher_id),
                format!("教师 {} ", r.teacher_id),
            )
        };
        return Some(Said::new(
            format!(
                "{who} may teach {} at {}, not {}",
                may.join(", "),
                r.school_id,
                r.subject
            ),
            format!(
                "{who_zh}在 {} 可任教{}，不能任教{}",
                r.school_id,
                zh::subjects(sc, may.iter().copied()),
                zh::subject(sc, &r.subject)
            ),
        ));
    }
    None
}

fn itinerant_row(ctx: &Ctx, present: &HashMap<&str, Present>, r: &ItinerantRow) -> Vec<Said> {
    let (sc, rules) = (ctx.scenario, &ctx.scenario.itinerant);
    let mut why = Vec::new();
    if !rules.enabled {
        why.push(Said::new(
            "itinerant teaching is off (itinerant.enabled = false)",
            "未启用走教（itinerant.enabled = false）",
        ));
    }
    if r.fte < 0.0 {
        why.push(Said::new(
            format!("fte {} is negative", r.fte),
            format!("fte {} 为负数", r.fte),
        ));
    }
    let base = match present.get(r.teacher_id.as_str()) {
        None => {
            why.push(Said::new(
                format!("teacher {} is not in the roster", r.teacher_id),
                format!("教师 {} 不在花名册中", r.teacher_id),
            ));
            None
        }
        Some(p) if !matches!(p.kind, CoverKind::Staff | CoverKind::Rotated) => {
            why.push(Said::new(
                format!(
                    "teacher {} is on exchange; only staying and rotated teachers teach itinerantly",
                    r.teacher_id
                ),
                format!(
                    "教师 {} 为对口交流教师；只有留任教师和交流轮岗教师可以走教",
                    r.teacher_id
                ),
            ));
            None
        }
        Some(p) if p.school != r.base_school_id => {
            why.push(Said::new(
                format!(
                    "teacher {}'s base after the plan is {}, not {}",
                    r.teacher_id, p.school, r.base_school_id
                ),
                format!(
                    "方案执行后教师 {} 的所在学校是 {}，而不是 {}",
                    r.teacher_id, p.school, r.base_school_id
                ),
            ));
            None
        }
        Some(p) => {
            if !p.own.contains(r.subject.as_str()) {
                let own: Vec<&str> = p.own.iter().copied().collect();
                why.push(Said::new(
                    format!(
                        "the teacher's own subjects are {} (general subjects do not travel), not {}",
                        own.join(", "),
                        r.subject
                    ),
                    format!(
                        "教师本人的任教学科为{}（通用学科不走教），不包括{}",
                        zh::subjects(sc, own.iter().copied()),
                        zh::subject(sc, &r.subject)
                    ),
                ));
            }
            ctx.school(p.school)
        }
    };
    if !itinerant_subjects(sc).contains(r.subject.as_str()) {
        why.push(Said::new(
            format!(
                "{} is not an itinerant subject (itinerant.subjects, else the shortage subjects)",
                r.subject
            ),
            format!(
                "{}不是走教学科（itinerant.subjects，未设置时为紧缺学科）",
                zh::subject(sc, &r.subject)
            ),
        ));
    }
    let Some(target) = ctx.school(&r.school_id) else {
        why.push(Said::new(
            format!("school {} is not in the schools file", r.school_id),
            format!("学校 {} 不在学校名单中", r.school_id),
        ));
        return why;
    };
    if !rules.target_areas.contains(&target.area) {
        why.push(Said::new(
            format!(
                "school {} is in the {} ({}) area, not one of itinerant.target_areas",
                target.id,
                target.area.key(),
                target.area.zh()
            ),
            format!(
                "学校 {} 位于{}，不属于走教目标区域（itinerant.target_areas）",
                target.id,
                target.area.zh()
            ),
        ));
    }
    if let Some(base) = base {
        reach(ctx, base, target, &mut why);
    }
    why
}

/// The target is another school within `km` (both coordinates known), in the same township
/// when `same_township`.
fn reach(ctx: &Ctx, base: &School, target: &School, why: &mut Vec<Said>) {
    let rules = &ctx.scenario.itinerant;
    if base.id == target.id {
        why.push(Said::new(
            "the school served is the base school",
            "走教学校就是教师本校",
        ));
        return;
    }
    match distance(base, target) {
        None => why.push(Said::new(
            format!(
                "{} or {} has no coordinates, so the distance is unknown",
                base.id, target.id
            ),
            format!("{} 或 {} 没有坐标，距离不明", base.id, target.id),
        )),
        Some(d) if d > rules.km + 1e-9 => why.push(Said::new(
            format!(
                "{} is {d:.1} km from {}, farther than itinerant.km = {} · 超出走教距离",
                target.id, base.id, rules.km
            ),
            format!(
                "{} 距 {} {d:.1} 公里，超出走教距离 itinerant.km = {} 公里",
                target.id, base.id, rules.km
            ),
        )),
        Some(_) => {}
    }
    if rules.same_township && (base.township.is_none() || base.township != target.township) {
        why.push(Said::new(
            format!(
                "{} and {} are not in the same township (itinerant.same_township)",
                base.id, target.id
            ),
            format!(
                "{} 与 {} 不在同一乡镇（itinerant.same_township）",
                base.id, target.id
            ),
        ));
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
