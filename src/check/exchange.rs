//! Hard rule on exchange rows (对口交流, docs/plan-format.md, "The rules", 8): a rural teacher
//! goes to a school of a sending area for the term. Read on its own, not through
//! crate::rules: the same deferral and retirement reading as standing.rs, plus years in school,
//! the 特岗 service period, and the destination. Housing does not apply; the release limit
//! (rules.rs) counts exchanges with rotations.

use super::files::{Kind, PlanRow, PLAN};
use super::report::{RowRef, Violation};
use super::zh::{self, Said};
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
            let why = zh::join(&why);
            out.push(
                Violation::new(
                    "C-EXCHANGE",
                    format!(
                        "teacher {} may not go on exchange to {}: {} · 不符合对口交流条件",
                        t.id, r.to_school_id, why.en
                    ),
                    vec![RowRef::new(PLAN, Some(r.line), &t.id)],
                )
                .zh(format!(
                    "教师 {} 不符合对口交流到 {} 的条件：{}",
                    t.id, r.to_school_id, why.zh
                )),
            );
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

fn reasons(ctx: &Ctx, r: &PlanRow, t: &Teacher) -> Vec<Said> {
    let x = &ctx.scenario.exchange;
    let p = &ctx.scenario.policy;
    let mut why = Vec::new();
    if !x.enabled {
        why.push(Said::new(
            "exchanges are off (exchange.enabled = false) · 未启用对口交流",
            "未启用对口交流（exchange.enabled = false）",
        ));
    }
    match ctx.school(t.home_school()) {
        None => why.push(Said::new(
            format!(
                "the teacher's school {} is not in the schools file",
                t.home_school()
            ),
            format!("教师所在学校 {} 不在学校名单中", t.home_school()),
        )),
        Some(s) if !x.from_areas.contains(&s.area) => why.push(Said::new(
            format!(
                "the teacher's school {} is in the {} ({}) area, not one of exchange.from_areas",
                s.id,
                s.area.key(),
                s.area.zh()
            ),
            format!(
                "教师所在学校 {} 位于{}，不属于对口交流的派出区域（exchange.from_areas）",
                s.id,
                s.area.zh()
            ),
        )),
        Some(_) => {}
    }
    if p.exempt_schools.iter().any(|e| e == t.home_school()) {
        why.push(Said::new(
            format!(
                "the teacher's school {} is exempt this year (policy.exempt_schools)",
                t.home_school()
            ),
            format!(
                "教师所在学校 {} 本年度免于交流（policy.exempt_schools）",
                t.home_school()
            ),
        ));
    }
    if let Some(term) = &t.on_term {
        why.push(Said::new(
            format!(
                "the teacher is on a {} term until {} (service ledger) · 交流期未满",
                term.kind.key(),
                term.until
            ),
            format!(
                "教师正在{}期内，至 {} 期满（交流档案），交流期未满",
                term.kind.zh(),
                term.until
            ),
        ));
    }
    if t.post.is_leader() {
        why.push(Said::new(
            format!(
                "the teacher is a {} ({}), who rotates under [leaders] · 干部按干部交流规则轮岗",
                t.post.key(),
                t.post.zh()
            ),
            format!("该教师为{}，按干部交流规则（[leaders]）轮岗", t.post.zh()),
        ));
    }
    if let Some(d) = t.deferral {
        why.push(Said::new(
            format!("the roster defers the teacher ({}) · 暂缓交流", d.key()),
            format!("花名册登记暂缓交流（{}）", d.zh()),
        ));
    }
    if let Some(term) = ctx.term {
        let retires = retirement_date(t.birth_date, t.gender, p);
        let limit = term.start.checked_add_months(Months::new(
            p.deferral_before_retirement_years.saturating_mul(12),
        ));
        if limit.is_none_or(|l| retires < l) {
            why.push(Said::new(
                format!(
                    "the teacher retires on {retires}, within {} years of the term start",
                    p.deferral_before_retirement_years
                ),
                format!(
                    "教师将于 {retires} 退休，距交流期开始不足 {} 年",
                    p.deferral_before_retirement_years
                ),
            ));
        }
        let need = x.min_years_in_school;
        match t.school_since.or(t.hire_date) {
            None => why.push(Said::new(
                format!(
                    "the roster gives neither school_since nor hire_date, so {need} years in the school cannot be shown"
                ),
                format!(
                    "花名册既无 school_since 也无 hire_date，无法证明在校已满 {need} 年"
                ),
            )),
            Some(since) if whole_years(since, term.start) < i64::from(need) => {
                let years = whole_years(since, term.start).max(0);
                why.push(Said::new(
                    format!(
                        "{years} whole year(s) in the school since {since} by {}, exchange.min_years_in_school is {need} · 在校年限不足",
                        term.start
                    ),
                    format!(
                        "自 {since} 起至 {} 在校仅满 {years} 年，对口交流要求在校满 {need} 年\
                         （exchange.min_years_in_school），在校年限不足",
                        term.start
                    ),
                ))
            }
            Some(_) => {}
        }
        if let Some(ended) = super::standing::resting(t, ctx.scenario, term.start) {
            why.push(Said::new(
                format!(
                    "the teacher's last term ended on {ended}, within {} years of the term start (policy.rest_years_after_term) · 交流期满间隔期内",
                    p.rest_years_after_term
                ),
                format!(
                    "教师上一轮交流期于 {ended} 结束，距本次交流期开始不足 {} 年\
                     （policy.rest_years_after_term），仍在交流期满间隔期内",
                    p.rest_years_after_term
                ),
            ));
        }
        if let (Programme::Tegang, Some(hired)) = (t.programme, t.hire_date) {
            if whole_years(hired, term.start) < i64::from(p.tegang_years) {
                why.push(Said::new(
                    format!(
                        "a 特岗 teacher hired on {hired} serves {} years in rural schools (policy.tegang_years) · 特岗服务期未满",
                        p.tegang_years
                    ),
                    format!(
                        "特岗教师 {hired} 入职，须在乡村学校服务满 {} 年（policy.tegang_years），\
                         特岗服务期未满",
                        p.tegang_years
                    ),
                ));
            }
        }
    }
    destination(ctx, r, t, &mut why);
    why
}

/// The receiving school and the subject of an exchange row.
fn destination(ctx: &Ctx, r: &PlanRow, t: &Teacher, why: &mut Vec<Said>) {
    let p = &ctx.scenario.policy;
    let from = t.school_id.as_str();
    match ctx.school(&r.to_school_id) {
        None => why.push(Said::new(
            format!("destination {} is not in the schools file", r.to_school_id),
            format!("接收学校 {} 不在学校名单中", r.to_school_id),
        )),
        Some(s) if s.id == from => why.push(Said::new(
            "the destination is the teacher's own school",
            "接收学校就是教师本校",
        )),
        Some(s) if p.exempt_schools.contains(&s.id) => why.push(Said::new(
            format!(
                "destination {} is exempt this year (policy.exempt_schools)",
                s.id
            ),
            format!("接收学校 {} 本年度免于交流（policy.exempt_schools）", s.id),
        )),
        Some(s) if !p.sending_areas.contains(&s.area) => why.push(Said::new(
            format!(
                "destination {} is in the {} ({}) area, not a sending area (policy.sending_areas)",
                s.id,
                s.area.key(),
                s.area.zh()
            ),
            format!(
                "接收学校 {} 位于{}，不属于派出区域（policy.sending_areas）",
                s.id,
                s.area.zh()
            ),
        )),
        Some(_) => {}
    }
    if r.subject != t.subject && !t.extra_subjects.contains(&r.subject) {
        let mut can = vec![t.subject.clone()];
        can.extend(t.extra_subjects.iter().cloned());
        let sc = ctx.scenario;
        why.push(Said::new(
            format!(
                "the teacher may teach {} but the row says {} · 任教学科不符",
                can.join(", "),
                r.subject
            ),
            format!(
                "教师可任教{}，但该行填写的是{}，任教学科不符",
                zh::subjects(sc, can.iter().map(String::as_str)),
                zh::subject(sc, &r.subject)
            ),
        ));
    }
}
