//! The checker's own reading of who may and who must rotate (docs/plan-format.md, "The rules").
//! It deliberately does not call crate::rules::status: two independent readings of the
//! same text are what makes a disagreement visible. Only the statutory retirement schedule is
//! shared, because it is law, not interpretation.

use super::zh::Said;
use crate::domain::{Area, Deferral, Programme, School, Teacher};
use crate::rules::retirement::retirement_date;
use crate::scenario::Scenario;
use chrono::{Datelike, Months, NaiveDate};

/// The rotation term: 1 September of plan_year to the day before start + term_months.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Term {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Term {
    pub fn of(scenario: &Scenario) -> Option<Term> {
        let start = NaiveDate::from_ymd_opt(scenario.plan_year, 9, 1)?;
        let end = start
            .checked_add_months(Months::new(scenario.policy.term_months))?
            .pred_opt()?;
        Some(Term { start, end })
    }
}

/// Why a teacher may not rotate; a teacher may have several reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NotEligible {
    UnknownSchool,
    NotSendingArea(Area),
    ExemptSchool,
    Deferred(Deferral),
    NearRetirement(NaiveDate),
    /// The roster's last_term_end, within policy.rest_years_after_term of the term start.
    Resting(NaiveDate),
    /// On a term from an earlier year that runs until this day (the service ledger).
    OnTerm(NaiveDate),
    /// A principal, vice principal or middle manager (the roster's `post`).
    Leader(crate::domain::Post),
}

impl NotEligible {
    pub fn sentence(&self, scenario: &Scenario) -> Said {
        let p = &scenario.policy;
        match self {
            NotEligible::UnknownSchool => Said::new(
                "the teacher's school is not in the schools file",
                "教师所在学校不在学校名单中",
            ),
            NotEligible::NotSendingArea(a) => Said::new(
                format!(
                    "the school is in the {} ({}) area, not a sending area",
                    a.key(),
                    a.zh()
                ),
                format!("所在学校位于{}，不属于派出区域", a.zh()),
            ),
            NotEligible::ExemptSchool => Said::new(
                "the school is exempt this year (policy.exempt_schools)",
                "所在学校本年度免于交流（policy.exempt_schools）",
            ),
            NotEligible::Deferred(d) => Said::new(
                format!("rotation is deferred in the roster ({})", d.key()),
                format!("花名册登记暂缓交流（{}）", d.zh()),
            ),
            NotEligible::NearRetirement(d) => Said::new(
                format!(
                    "the teacher retires on {d}, within {} years of the term start",
                    p.deferral_before_retirement_years
                ),
                format!(
                    "教师将于 {d} 退休，距交流期开始不足 {} 年",
                    p.deferral_before_retirement_years
                ),
            ),
            NotEligible::Resting(d) => Said::new(
                format!(
                    "the teacher's last term ended on {d}, within {} years of the term start \
                     (policy.rest_years_after_term) · 交流期满间隔期内",
                    p.rest_years_after_term
                ),
                format!(
                    "教师上一轮交流期于 {d} 结束，距本次交流期开始不足 {} 年\
                     （policy.rest_years_after_term），仍在交流期满间隔期内",
                    p.rest_years_after_term
                ),
            ),
            NotEligible::OnTerm(d) => Said::new(
                format!(
                    "the teacher is on a term from an earlier year that runs until {d} (service ledger) · 交流期未满"
                ),
                format!("教师往年开始的交流期尚未结束，至 {d} 期满（交流档案）"),
            ),
            NotEligible::Leader(post) => Said::new(
                format!(
                    "the teacher is a {} ({}), who rotates under [leaders], not as a teacher · \
                     干部按干部交流规则轮岗",
                    post.key(),
                    post.zh()
                ),
                format!(
                    "该教师为{}，按干部交流规则（[leaders]）轮岗，不作为教师交流",
                    post.zh()
                ),
            ),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Standing {
    pub not_eligible: Vec<NotEligible>,
    pub must_serve: bool,
}

impl Standing {
    pub fn eligible(&self) -> bool {
        self.not_eligible.is_empty()
    }
}

/// Whether a school's area is one whose teachers may be sent.
fn sending(scenario: &Scenario, area: Area) -> bool {
    scenario.policy.sending_areas.contains(&area)
}

/// The end of the teacher's last term when a term starting on `start` is no later than
/// `policy.rest_years_after_term` years after it (rotation and exchange alike).
pub(crate) fn resting(
    teacher: &Teacher,
    scenario: &Scenario,
    start: NaiveDate,
) -> Option<NaiveDate> {
    let ended = teacher.last_term_end?;
    let years = scenario.policy.rest_years_after_term.min(1000) as i32;
    let until = (ended.year() + years, ended.month(), ended.day());
    ((start.year(), start.month(), start.day()) <= until).then_some(ended)
}

pub(crate) fn standing(
    teacher: &Teacher,
    school: Option<&School>,
    scenario: &Scenario,
    term: Option<Term>,
) -> Standing {
    let p = &scenario.policy;
    let mut not = Vec::new();
    match school {
        None => not.push(NotEligible::UnknownSchool),
        Some(s) if !sending(scenario, s.area) => not.push(NotEligible::NotSendingArea(s.area)),
        Some(_) => {}
    }
    if p.exempt_schools.iter().any(|e| e == teacher.home_school()) {
        not.push(NotEligible::ExemptSchool);
    }
    if let Some(term) = &teacher.on_term {
        not.push(NotEligible::OnTerm(term.until));
    }
    if teacher.post.is_leader() {
        not.push(NotEligible::Leader(teacher.post));
    }
    if let Some(d) = teacher.deferral {
        not.push(NotEligible::Deferred(d));
    }
    if let Some(t) = term {
        let retires = retirement_date(teacher.birth_date, teacher.gender, p);
        let limit = t.start.checked_add_months(Months::new(
            p.deferral_before_retirement_years.saturating_mul(12),
        ));
        if limit.is_none_or(|l| retires < l) {
            not.push(NotEligible::NearRetirement(retires));
        }
        if let Some(ended) = resting(teacher, scenario, t.start) {
            not.push(NotEligible::Resting(ended));
        }
    }
    let eligible = not.is_empty();
    let short = teacher.rural_service_months < p.senior_title_rural_months;
    let end_year = term.map(|t| t.end.year()).unwrap_or(scenario.plan_year + 1);
    let title_due = teacher
        .senior_title_target_year
        .is_some_and(|y| y <= end_year);
    let funded = teacher.programme == Programme::PubliclyFunded
        && school.is_some_and(|s| matches!(s.area, Area::Urban | Area::Town))
        && teacher.rural_service_months == 0;
    // brought forward by a five-year plan (policy.serve_ahead)
    let ahead = p.serve_ahead.iter().any(|id| id == &teacher.id);
    Standing {
        not_eligible: not,
        must_serve: eligible && short && (title_due || funded || ahead),
    }
}
