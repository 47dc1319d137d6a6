//! Hard rules on plan.csv, one function per rule, each named for its code. A plan that breaks
//! one of these is wrong whatever summary.json says. Per-row rules look at every row; limits
//! (housing, release) count each known teacher once, so a duplicated row is reported only as
//! C-TEACHER-TWICE and not again as a housing or release breach.

use super::files::{Kind, PlanRow, PLAN};
use super::report::{RowRef, Violation};
use super::zh::{self, Said};
use super::Ctx;
use crate::domain::{School, Teacher};
use std::collections::BTreeMap;

pub(crate) fn check_all(ctx: &Ctx, out: &mut Vec<Violation>) {
    c_teacher_unknown(ctx, out);
    c_teacher_twice(ctx, out);
    c_from_school(ctx, out);
    c_not_eligible(ctx, out);
    c_dest(ctx, out);
    c_subject(ctx, out);
    c_housing(ctx, out);
    c_release(ctx, out);
    c_dates(ctx, out);
}

fn at(row: &PlanRow) -> Vec<RowRef> {
    vec![RowRef::new(PLAN, Some(row.line), &row.teacher_id)]
}

/// Every row of plan.csv whose teacher is in the roster.
fn known<'a>(ctx: &'a Ctx) -> impl Iterator<Item = (&'a PlanRow, &'a Teacher)> + 'a {
    ctx.plan
        .iter()
        .filter_map(|r| ctx.teachers.get(r.teacher_id.as_str()).map(|t| (r, *t)))
}

/// The rotation rows of [`known`]: exchange rows are judged by their own rule (exchange.rs).
fn known_rotations<'a>(ctx: &'a Ctx) -> impl Iterator<Item = (&'a PlanRow, &'a Teacher)> + 'a {
    known(ctx).filter(|(r, _)| r.kind == Kind::Rotation)
}

/// Straight-line distance in km; `None` when either school has no coordinates.
pub(crate) fn distance(a: &School, b: &School) -> Option<f64> {
    Some(a.location?.distance_km(b.location?))
}

fn c_teacher_unknown(ctx: &Ctx, out: &mut Vec<Violation>) {
    for r in ctx
        .plan
        .iter()
        .filter(|r| !ctx.teachers.contains_key(r.teacher_id.as_str()))
    {
        out.push(
            Violation::new(
                "C-TEACHER-UNKNOWN",
                format!(
                    "teacher {} is not in the roster; only roster teachers can rotate",
                    r.teacher_id
                ),
                at(r),
            )
            .zh(format!(
                "教师 {} 不在花名册中；只有花名册中的教师才能交流轮岗",
                r.teacher_id
            )),
        );
    }
}

fn c_teacher_twice(ctx: &Ctx, out: &mut Vec<Violation>) {
    let mut by_id: BTreeMap<&str, Vec<&PlanRow>> = BTreeMap::new();
    for r in ctx.plan {
        by_id.entry(&r.teacher_id).or_default().push(r);
    }
    for (id, rows) in by_id.into_iter().filter(|(_, rows)| rows.len() > 1) {
        out.push(
            Violation::new(
                "C-TEACHER-TWICE",
                format!(
                    "teacher {id} appears {} times; a teacher rotates at most once a year",
                    rows.len()
                ),
                rows.iter().flat_map(|r| at(r)).collect(),
            )
            .zh(format!(
                "教师 {id} 在 plan.csv 中出现 {} 次；每名教师每年至多交流一次",
                rows.len()
            )),
        );
    }
}

fn c_from_school(ctx: &Ctx, out: &mut Vec<Violation>) {
    for (r, t) in known(ctx).filter(|(r, t)| r.from_school_id != t.home_school()) {
        out.push(
            Violation::new(
                "C-FROM-SCHOOL",
                format!(
                    "teacher {} is at school {} in the roster, but from_school_id says {}",
                    t.id,
                    t.home_school(),
                    r.from_school_id
                ),
                at(r),
            )
            .zh(format!(
                "教师 {} 在花名册中属于学校 {}，但 from_school_id（派出学校）填的是 {}",
                t.id,
                t.home_school(),
                r.from_school_id
            )),
        );
    }
}

fn c_not_eligible(ctx: &Ctx, out: &mut Vec<Violation>) {
    for (r, t) in known_rotations(ctx) {
        let Some(st) = ctx.standing.get(t.id.as_str()) else {
            continue;
        };
        if st.eligible() {
            continue;
        }
        let why: Vec<Said> = st
            .not_eligible
            .iter()
            .map(|n| n.sentence(ctx.scenario))
            .collect();
        let why = zh::join(&why);
        out.push(
            Violation::new(
                "C-NOT-ELIGIBLE",
                format!("teacher {} may not rotate this year: {}", t.id, why.en),
                at(r),
            )
            .zh(format!("教师 {} 本年度不能交流轮岗：{}", t.id, why.zh)),
        );
    }
}

fn c_dest(ctx: &Ctx, out: &mut Vec<Violation>) {
    let p = &ctx.scenario.policy;
    for r in ctx.plan.iter().filter(|r| r.kind == Kind::Rotation) {
        let to = &r.to_school_id;
        let problem = match ctx.school(to) {
            None => Some(Said::new(
                format!("receiving school {to} is not in the schools file"),
                format!("接收学校 {to} 不在学校名单中"),
            )),
            Some(_) if p.exempt_schools.iter().any(|e| e == to) => Some(Said::new(
                format!("receiving school {to} is exempt this year (policy.exempt_schools)"),
                format!("接收学校 {to} 本年度免于交流（policy.exempt_schools）"),
            )),
            Some(s) if !(p.rural_service_areas.contains(&s.area) || (p.weak_schools_count && s.weak)) => Some(Said::new(
                format!(
                    "receiving school {to} is in the {} ({}) area{}, which does not count as rural service",
                    s.area.key(),
                    s.area.zh(),
                    if s.weak { " (weak, but weak schools do not count)" } else { "" }
                ),
                format!(
                    "接收学校 {to} 位于{}{}，到该校任教不计为乡村学校任教经历",
                    s.area.zh(),
                    if s.weak { "（虽为薄弱学校，但本方案不把薄弱学校计入）" } else { "" }
                ),
            )),
            Some(_) => None,
        };
        if let Some(rule) = problem {
            out.push(Violation::new("C-DEST", rule.en, at(r)).zh(rule.zh));
        }
    }
}

fn c_subject(ctx: &Ctx, out: &mut Vec<Violation>) {
    for (r, t) in known_rotations(ctx) {
        if r.subject == t.subject || t.extra_subjects.contains(&r.subject) {
            continue;
        }
        let mut can = vec![t.subject.clone()];
        can.extend(t.extra_subjects.iter().cloned());
        out.push(
            Violation::new(
                "C-SUBJECT",
                format!(
                    "teacher {} may teach {} but is planned for {}",
                    t.id,
                    can.join(", "),
                    r.subject
                ),
                at(r),
            )
            .zh(format!(
                "教师 {} 可任教{}，但方案安排其任教{}",
                t.id,
                zh::subjects(ctx.scenario, can.iter().map(String::as_str)),
                zh::subject(ctx.scenario, &r.subject)
            )),
        );
    }
}

fn c_housing(ctx: &Ctx, out: &mut Vec<Violation>) {
    let commute = ctx.scenario.policy.commute_km;
    let mut far: BTreeMap<&str, Vec<&PlanRow>> = BTreeMap::new();
    for (r, t) in &ctx.rotations {
        let Some(to) = ctx.school(&r.to_school_id) else {
            continue;
        };
        let d = ctx
            .school(t.home_school())
            .and_then(|from| distance(from, to));
        if d.is_none_or(|d| d > commute) {
            far.entry(to.id.as_str()).or_default().push(r);
        }
    }
    for (id, rows) in far {
        let Some(beds) = ctx.school(id).and_then(|s| s.housing_beds) else {
            continue;
        };
        if rows.len() > beds as usize {
            out.push(Violation::new(
                "C-HOUSING",
                format!(
                    "school {id} has {beds} housing bed(s) but receives {} teacher(s) from farther than {commute} km or of unknown distance",
                    rows.len()
                ),
                rows.iter().flat_map(|r| at(r)).collect(),
            ).zh(format!(
                "学校 {id} 有周转宿舍床位 {beds} 张，但接收了 {} 名距离超过 {commute} 公里或距离不明的交流轮岗教师",
                rows.len()
            )));
        }
    }
}

fn c_release(ctx: &Ctx, out: &mut Vec<Violation>) {
    let share = ctx.scenario.policy.max_send_share;
    // the roster's teachers of each school, those away on a term from an earlier year
    // included (they are not sent this year)
    let mut staff: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for t in ctx.teachers.values() {
        let e = staff.entry(t.home_school()).or_default();
        e.0 += 1;
        e.1 += usize::from(t.on_term.is_some());
    }
    let mut sent: BTreeMap<&str, Vec<&PlanRow>> = BTreeMap::new();
    for (r, t) in &ctx.moves {
        sent.entry(t.home_school()).or_default().push(r);
    }
    for (id, rows) in sent {
        let (n, away) = staff.get(id).copied().unwrap_or((0, 0));
        let limit = (share * n as f64 + 1e-9).floor().max(0.0) as usize;
        if rows.len() > limit {
            let (still, still_zh) = if away > 0 {
                (
                    format!(" ({away} of them away on a term from an earlier year)"),
                    format!("（其中 {away} 人往年开始的交流期未满，仍在外校）"),
                )
            } else {
                (String::new(), String::new())
            };
            out.push(Violation::new(
                "C-RELEASE",
                format!(
                    "school {id} has {n} teachers{still} and may send at most {limit} (max_send_share {share}), rotations and exchanges together, but sends {} · 派出人数超过上限",
                    rows.len()
                ),
                rows.iter().flat_map(|r| at(r)).collect(),
            ).zh(format!(
                "学校 {id} 有教师 {n} 人{still_zh}，按派出比例上限（max_send_share {share}）交流轮岗与对口交流合计至多派出 {limit} 人，但派出了 {} 人",
                rows.len()
            )));
        }
    }
}

fn c_dates(ctx: &Ctx, out: &mut Vec<Violation>) {
    let Some(term) = ctx.term else { return };
    for r in ctx.plan {
        let wrong_start = r.start_date.is_some_and(|d| d != term.start);
        let wrong_end = r.end_date.is_some_and(|d| d != term.end);
        if wrong_start || wrong_end {
            let show = |d: Option<chrono::NaiveDate>| {
                d.map(|d| d.to_string()).unwrap_or_else(|| "?".into())
            };
            out.push(
                Violation::new(
                    "C-DATES",
                    format!(
                        "the term runs {} to {}, the row says {} to {}",
                        term.start,
                        term.end,
                        show(r.start_date),
                        show(r.end_date)
                    ),
                    at(r),
                )
                .zh(format!(
                    "交流期为 {} 至 {}，该行填写的是 {} 至 {}",
                    term.start,
                    term.end,
                    show(r.start_date),
                    show(r.end_date)
                )),
            );
        }
    }
}
