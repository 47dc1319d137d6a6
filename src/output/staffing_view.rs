//! What the reports (report.md, report.html) show of staffing, computed once from the staffing
//! table and the plan: establishment and headcount per area, the gap per area with a sentence
//! on how the urban and town gaps changed, the teaching points' shortage subjects and who covers
//! them, and the itinerant circuits.

use super::staffing::pupils_per_teacher;
use super::{Lang, ReportCtx};
use crate::domain::Area;
use crate::plan::CoveredBy;
use crate::rules::moves::distance_km;
use crate::rules::staffing::load;
use std::collections::{BTreeMap, HashSet};

/// Establishment and headcount of one area, before and after the plan.
#[derive(Debug, Clone, Default)]
pub(crate) struct AreaStaffing {
    pub area: Option<Area>,
    pub schools: u32,
    pub students: u64,
    pub establishment: u64,
    pub before: u64,
    pub after: u64,
    /// Schools above their establishment, before and after.
    pub over_before: u32,
    pub over_after: u32,
    pub gap_before: f64,
    pub gap_after: f64,
}

impl AreaStaffing {
    pub fn ppt_before(&self) -> Option<f64> {
        pupils_per_teacher(self.students, self.before)
    }
    pub fn ppt_after(&self) -> Option<f64> {
        pupils_per_teacher(self.students, self.after)
    }
}

/// Every area in order (urban, town, rural, teaching point), including empty ones.
pub(crate) fn by_area(ctx: &ReportCtx) -> Vec<AreaStaffing> {
    let county = &ctx.loaded.county;
    let mut out: Vec<AreaStaffing> = Area::ALL
        .iter()
        .map(|&a| AreaStaffing {
            area: Some(a),
            ..AreaStaffing::default()
        })
        .collect();
    for r in &ctx.staffing {
        let s = &county.schools[r.school];
        let Some(e) = out.iter_mut().find(|x| x.area == Some(s.area)) else {
            continue;
        };
        e.schools += 1;
        e.students += u64::from(s.students);
        e.establishment += u64::from(r.establishment);
        e.before += u64::from(r.before);
        e.after += u64::from(r.after);
        e.over_before += u32::from(r.over_before());
        e.over_after += u32::from(r.over_after());
    }
    for e in &mut out {
        if let Some(a) = e.area {
            let g = ctx.summary.gap_by_area.get(a);
            e.gap_before = g.before;
            e.gap_after = g.after;
        }
    }
    out
}

/// One plain sentence on how the urban and the town gaps changed, e.g. "The urban gap grew
/// from 8.0 to 9.5 FTE (+1.5); the town gap stayed at 2.0 FTE."
pub(crate) fn gap_sentence(l: Lang, areas: &[AreaStaffing]) -> String {
    let parts: Vec<String> = [Area::Urban, Area::Town]
        .iter()
        .filter_map(|&a| areas.iter().find(|x| x.area == Some(a)))
        .filter(|x| x.schools > 0)
        .map(|x| {
            let area = x.area.map(|a| l.area(a)).unwrap_or_default();
            let (b, a) = (x.gap_before, x.gap_after);
            let d = a - b;
            match l {
                Lang::Zh if d > 0.05 => {
                    format!("{area}缺口由 {b:.1} FTE 增至 {a:.1} FTE（增加 {d:.1}）")
                }
                Lang::Zh if d < -0.05 => {
                    format!("{area}缺口由 {b:.1} FTE 降至 {a:.1} FTE（减少 {:.1}）", -d)
                }
                Lang::Zh => format!("{area}缺口保持 {a:.1} FTE"),
                Lang::En if d > 0.05 => {
                    format!("the {area} gap grew from {b:.1} to {a:.1} FTE (+{d:.1})")
                }
                Lang::En if d < -0.05 => {
                    format!("the {area} gap fell from {b:.1} to {a:.1} FTE ({d:.1})")
                }
                Lang::En => format!("the {area} gap stayed at {a:.1} FTE"),
            }
        })
        .collect();
    if parts.is_empty() {
        return l
            .t(
                "本县无城区、镇区学校。",
                "The county has no urban or town school.",
            )
            .to_string();
    }
    match l {
        Lang::Zh => format!("{}。", parts.join("；")),
        Lang::En => {
            let s = parts.join("; ");
            let mut c = s.chars();
            let first = c.next().map(|f| f.to_uppercase().collect::<String>());
            format!("{}{}.", first.unwrap_or_default(), c.as_str())
        }
    }
}

/// A shortage subject at a teaching point: its need and who covers it after the plan (FTE).
#[derive(Debug, Clone, Default)]
pub(crate) struct ShortageCover {
    pub school: usize,
    pub subject: String,
    pub need: f64,
    pub staff: f64,
    pub rotated: f64,
    pub exchange: f64,
    pub hire: f64,
    pub itinerant: f64,
    pub uncovered: f64,
    /// Why part of the need stays uncovered, (Chinese, English); empty when all is covered.
    pub why: (String, String),
}

impl ShortageCover {
    /// The reason in both languages, Chinese first (report.md); empty when all is covered.
    pub fn why_both(&self) -> String {
        if self.why.0.is_empty() {
            String::new()
        } else {
            format!("{} {}", self.why.0, self.why.1)
        }
    }
}

/// Why a teaching point's shortage subject stays uncovered: the school is at its headcount
/// cap (a teacher of its own cannot come), and no teacher of the subject is within itinerant
/// reach, or those within reach have no load to spare.
/// `taught`: the (school, subject) pairs some teacher of the roster teaches, in the main
/// subject or an extra one.
fn why_uncovered(
    ctx: &ReportCtx,
    taught: &HashSet<(usize, &str)>,
    school: usize,
    subject: &str,
) -> (String, String) {
    let county = &ctx.loaded.county;
    let scenario = &ctx.loaded.scenario;
    let row = ctx.staffing.iter().find(|r| r.school == school);
    let full = row.is_some_and(|r| r.after >= r.cap);
    let target = &county.schools[school];
    // the cap is the pupil floor's, not the establishment's
    let by_floor = row.is_some_and(|r| {
        crate::rules::staffing::pupil_floor_cap(target.students, scenario)
            < r.establishment
                .saturating_add(scenario.establishment.allowance)
    });
    let teaches = (0..county.schools.len()).any(|b| {
        taught.contains(&(b, subject))
            && crate::rules::staffing::itinerant_reach(&county.schools[b], target, scenario)
                .is_some()
    });
    let travels = crate::rules::staffing::itinerant_subjects(scenario)
        .iter()
        .any(|x| x == subject);
    let post = if full && by_floor {
        (
            "学生太少，不再派驻教师 (生师比下限)",
            "too few pupils for another resident teacher (pupil floor)",
        )
    } else if full {
        (
            "已满编，不能再派教师",
            "at its headcount cap: no teacher of its own can come",
        )
    } else {
        (
            "无该学科可派教师或空岗",
            "no teacher of the subject could be sent or hired",
        )
    };
    let km = scenario.itinerant.km;
    let reach = if !scenario.itinerant.enabled || !travels {
        (
            "该学科不走教".to_string(),
            "the subject is not taught itinerantly".to_string(),
        )
    } else if !teaches {
        (
            format!("{km} km 内无该学科教师可走教"),
            format!("no teacher of the subject within {km} km"),
        )
    } else {
        (
            "附近该学科教师无余力或本校也缺".to_string(),
            "the teachers of the subject nearby have no load to spare, or their own school lacks the subject too".to_string(),
        )
    };
    (
        format!("{}；{}", post.0, reach.0),
        format!("{}; {}", post.1, reach.1),
    )
}

/// Every teaching point's shortage subjects with a need, by school id and subject.
pub(crate) fn teaching_point_shortage(ctx: &ReportCtx) -> Vec<ShortageCover> {
    let loaded = ctx.loaded;
    let county = &loaded.county;
    let shortage = |s: &str| loaded.scenario.subjects.get(s).is_some_and(|d| d.shortage);
    let mut cells: BTreeMap<(&str, &str), ShortageCover> = BTreeMap::new();
    for g in &ctx.gaps {
        let Some(s) = loaded.school_ix(&g.school_id) else {
            continue;
        };
        if county.schools[s].area == Area::TeachingPoint && shortage(&g.subject) && g.need > 0.0 {
            cells.insert(
                (g.school_id.as_str(), g.subject.as_str()),
                ShortageCover {
                    school: s,
                    subject: g.subject.clone(),
                    need: g.need,
                    itinerant: g.itinerant,
                    uncovered: g.gap_after(),
                    ..ShortageCover::default()
                },
            );
        }
    }
    for c in &ctx.plan.coverage {
        let key = (county.schools[c.school].id.as_str(), c.subject.as_str());
        if let Some(e) = cells.get_mut(&key) {
            match c.by {
                CoveredBy::Staff(_) => e.staff += c.fte,
                CoveredBy::Rotated(_) => e.rotated += c.fte,
                CoveredBy::Exchange(_) => e.exchange += c.fte,
                CoveredBy::Hire => e.hire += c.fte,
            }
        }
    }
    let mut rows: Vec<ShortageCover> = cells.into_values().collect();
    if rows.iter().any(|r| r.uncovered > 5e-5) {
        let mut taught: HashSet<(usize, &str)> = HashSet::new();
        for t in &county.teachers {
            let Some(b) = loaded.school_ix(&t.school_id) else {
                continue;
            };
            taught.insert((b, t.subject.as_str()));
            taught.extend(t.extra_subjects.iter().map(|x| (b, x.as_str())));
        }
        for r in rows.iter_mut().filter(|r| r.uncovered > 5e-5) {
            r.why = why_uncovered(ctx, &taught, r.school, &r.subject);
        }
    }
    rows
}

/// One stop of an itinerant circuit: the school served, the subject, periods and km from
/// the base school.
#[derive(Debug, Clone)]
pub(crate) struct Stop {
    pub school: usize,
    pub subject: String,
    pub periods: f64,
    pub km: Option<f64>,
}

/// A teacher's itinerant circuit (走教): base school and the schools served.
#[derive(Debug, Clone)]
pub(crate) struct Circuit {
    pub teacher: usize,
    pub base: usize,
    pub stops: Vec<Stop>,
}

/// The circuits by teacher id; stops by school id and subject.
pub(crate) fn circuits(ctx: &ReportCtx) -> Vec<Circuit> {
    let county = &ctx.loaded.county;
    let mut by_teacher: BTreeMap<&str, Circuit> = BTreeMap::new();
    for r in ctx.plan.itinerant.iter().filter(|r| r.fte > 5e-5) {
        let (base, school) = (&county.schools[r.base], &county.schools[r.school]);
        by_teacher
            .entry(county.teachers[r.teacher].id.as_str())
            .or_insert_with(|| Circuit {
                teacher: r.teacher,
                base: r.base,
                stops: Vec::new(),
            })
            .stops
            .push(Stop {
                school: r.school,
                subject: r.subject.clone(),
                periods: r.fte * load(school, &ctx.loaded.scenario),
                km: distance_km(base, school),
            });
    }
    let mut out: Vec<Circuit> = by_teacher.into_values().collect();
    for c in &mut out {
        c.stops.sort_by(|a, b| {
            (&county.schools[a.school].id, &a.subject)
                .cmp(&(&county.schools[b.school].id, &b.subject))
        });
    }
    out
}
