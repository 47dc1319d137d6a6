//! Hard rule on exchange rows (对口交流, docs/plan-format.md, "The rules", 8): a rural teacher
//! goes to a school of a sending area for the term. Read on its own, not through
//! crate::rules: the same deferral and retirement reading as standing.rs, plus years in school,
//! the 特岗 service period, and the destination. Housing does not apply; the release limit
//! (rules.rs) counts exchanges with rotations.

use super::files::{Kind, PlanRow, PLAN};
use super::report::{RowRef, Violation};
use super::Ctx;
use crate::domain::{Programme, Teacher};
use crate::rules::retirement::retirement_date;
use chrono::{Datelike, Months, NaiveDate};

pub(crate) fn check_all(ctx: &Ctx, out: &mut Vec<Violation>) {
    for r in ctx.plan.iter().filter(|r| r.kind == Kind::Exchange) {
        let Some(t) = ctx.teachers.get(r.teacher_id.as_str()) else {
            continue; // C-TEACHER-UNKNOWN
        };
        let why = reasons(ctx, r, t);
        if !why.is_empty() {
            out.push(Violation::new(
                "C-EXCHANGE",
                format!(
                    "teacher {} may not go on exchange to {}: {} · 不符合对口交流条件",
                    t.id,
                    r.to_school_id,
                    why.join("; ")
                ),
                vec![RowRef::new(PLAN, Some(r.line), &t.id)],
            ));
        }
    }
}

/// Whole years from `since` to `to`.
pub(super) fn whole_years(since: NaiveDate, to: NaiveDate) -> i64 {
    let mut y = i64::from(to.year() - since.year());
    if (to.month(), to.day()) < (since.month(), since.day()) {
        y -= 1;
    }
    y
}

fn reasons(ctx: &Ctx, r: &PlanRow, t: &Teacher) -> Vec<String> {
    let x = &ctx.scenario.exchange;
    let p = &ctx.scenario.policy;
    let mut why = Vec::new();
    if !x.enabled {
        why.push("exchanges are off (exchange.enabled = false) · 未启用对口交流".to_string());
    }
    match ctx.school(t.home_school()) {
        None => why.push(format!(
            "the teacher's school {} is not in the schools file",
            t.home_school()
        )),
        Some(s) if !x.from_areas.contains(&s.area) => why.push(format!(
            "the teacher's school {} is in a {} ({}) area, not one of exchange.from_areas",
            s.id,
            s.area.key(),
            s.area.zh()
        )),
        Some(_) => {}
    }
    if p.exempt_schools.iter().any(|e| e == t.home_school()) {
        why.push(format!(
            "the teacher's school {} is exempt this year (policy.exempt_schools)",
            t.home_school()
        ));
    }
    if let Some(term) = &t.on_term {
        why.push(format!(
            "the teacher is on a {} term until {} (service ledger) · 交流期未满",
            term.kind.key(),
            term.until
        ));
    }
    if t.post.is_leader() {
        why.push(format!(
            "the teacher is a {} ({}), who rotates under [leaders] · 干部按干部交流规则轮岗",
            t.post.key(),
            t.post.zh()
        ));
    }
    if let Some(d) = t.deferral {
        why.push(format!(
            "the roster defers the teacher ({}) · 暂缓交流",
            format!("{d:?}").to_lowercase()
        ));
    }
    if let Some(term) = ctx.term {
        let retires = retirement_date(t.birth_date, t.gender, p);
        let limit = term.start.checked_add_months(Months::new(
            p.deferral_before_retirement_years.saturating_mul(12),
        ));
        if limit.is_none_or(|l| retires < l) {
            why.push(format!(
                "the teacher retires on {retires}, within {} years of the term start",
                p.deferral_before_retirement_years
            ));
        }
        match t.school_since.or(t.hire_date) {
            None => why.push(format!(
                "the roster gives neither school_since nor hire_date, so {} years in the school cannot be shown",
                x.min_years_in_school
            )),
            Some(since) if whole_years(since, term.start) < i64::from(x.min_years_in_school) => {
                why.push(format!(
                    "{} whole year(s) in the school since {since} by {}, exchange.min_years_in_school is {} · 在校年限不足",
                    whole_years(since, term.start).max(0),
                    term.start,
                    x.min_years_in_school
                ))
            }
            Some(_) => {}
        }
        if let Some(ended) = super::standing::resting(t, ctx.scenario, term.start) {
            why.push(format!(
                "the teacher's last term ended on {ended}, within {} years of the term start (policy.rest_years_after_term) · 交流期满间隔期内",
                p.rest_years_after_term
            ));
        }
        if let (Programme::Tegang, Some(hired)) = (t.programme, t.hire_date) {
            if whole_years(hired, term.start) < i64::from(p.tegang_years) {
                why.push(format!(
                    "a 特岗 teacher hired on {hired} serves {} years in rural schools (policy.tegang_years) · 特岗服务期未满",
                    p.tegang_years
                ));
            }
        }
    }
    let from = t.school_id.as_str();
    match ctx.school(&r.to_school_id) {
        None => why.push(format!(
            "destination {} is not in the schools file",
            r.to_school_id
        )),
        Some(s) if s.id == from => why.push("the destination is the teacher's own school".into()),
        Some(s) if p.exempt_schools.contains(&s.id) => why.push(format!(
            "destination {} is exempt this year (policy.exempt_schools)",
            s.id
        )),
        Some(s) if !p.sending_areas.contains(&s.area) => why.push(format!(
            "destination {} is in a {} ({}) area, not a sending area (policy.sending_areas)",
            s.id,
            s.area.key(),
            s.area.zh()
        )),
        Some(_) => {}
    }
    if r.subject != t.subject && !t.extra_subjects.contains(&r.subject) {
        let mut can = vec![t.subject.clone()];
        can.extend(t.extra_subjects.iter().cloned());
        why.push(format!(
            "the teacher may teach {} but the row says {} · 任教学科不符",
            can.join(", "),
            r.subject
        ));
    }
    why
}
