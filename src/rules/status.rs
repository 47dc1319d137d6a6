//! Who may rotate, who must serve this year, who is deferred and why.

use super::retirement::retirement_date;
use crate::domain::{Area, Deferral, Programme, School, Teacher};
use crate::scenario::Scenario;
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum DeferReason {
    Pregnancy,
    Nursing,
    Illness,
    Other,
    /// Retires within `deferral_before_retirement_years` of the term start.
    NearRetirement {
        retires: NaiveDate,
    },
}

impl DeferReason {
    pub fn key(&self) -> &'static str {
        match self {
            DeferReason::Pregnancy => "pregnancy",
            DeferReason::Nursing => "nursing",
            DeferReason::Illness => "illness",
            DeferReason::Other => "other",
            DeferReason::NearRetirement { .. } => "near_retirement",
        }
    }
    pub fn zh(&self) -> &'static str {
        match self {
            DeferReason::Pregnancy => "孕期",
            DeferReason::Nursing => "哺乳期",
            DeferReason::Illness => "疾病",
            DeferReason::Other => "其他",
            DeferReason::NearRetirement { .. } => "临近退休",
        }
    }
}

/// Why a teacher may not rotate this year.
///
/// Adjacently tagged: `DeferReason` carries its own `kind` tag, so an internally tagged
/// `Deferred` would write `kind` twice in one JSON object. A deferral serializes as
/// `{"kind":"deferred","reason":{"kind":"pregnancy"}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "reason")]
pub enum Ineligible {
    /// The school's area is not a sending area (e.g. already rural).
    NotSendingArea,
    /// The school is exempted this year in the scenario.
    ExemptSchool,
    Deferred(DeferReason),
    /// Back from a rotation or exchange term that ended on this day, within
    /// `policy.rest_years_after_term`.
    RestAfterTerm {
        ended: NaiveDate,
    },
    /// On a rotation or exchange term that started in an earlier year and ends on this day
    /// (`Teacher::on_term`): teaching at the school served, not moved again until it ends.
    OnTerm {
        until: NaiveDate,
    },
    /// A principal, vice principal or middle manager: rotates under `[leaders]`
    /// (docs/leaders.md), not as a teacher.
    Leader {
        post: crate::domain::Post,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum MustServeReason {
    /// Lacks the rural service required for a senior title targeted within the term.
    SeniorTitle { target_year: i32 },
    /// A publicly-funded normal graduate in an urban or town school without rural service.
    PubliclyFunded,
    /// Brought forward from a later senior-title target year (`policy.serve_ahead`): a
    /// five-year plan found no post for the teacher in the year the target needs.
    Ahead,
}

impl MustServeReason {
    pub fn key(&self) -> &'static str {
        match self {
            MustServeReason::SeniorTitle { .. } => "senior_title",
            MustServeReason::PubliclyFunded => "publicly_funded",
            MustServeReason::Ahead => "ahead",
        }
    }
    pub fn zh(&self) -> &'static str {
        match self {
            MustServeReason::SeniorTitle { .. } => "评高级职称",
            MustServeReason::PubliclyFunded => "公费师范生",
            MustServeReason::Ahead => "提前交流",
        }
    }
}

/// Everything the rules say about one teacher for the planned year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeacherStatus {
    /// May be rotated this year.
    pub eligible: bool,
    pub ineligible: Option<Ineligible>,
    /// Deferral reason, also for teachers who would otherwise not be eligible.
    pub deferred: Option<DeferReason>,
    /// Must serve in a rural school this year. Set only for teachers who would be in the
    /// sending areas; a deferred teacher can still be "must serve" (reported as a conflict).
    pub must_serve: Option<MustServeReason>,
    /// Whole years at the current school at the term start.
    pub years_in_school: u32,
    /// `years_in_school` ≥ the trigger.
    pub due: bool,
    pub retires: NaiveDate,
}

/// Whole years from `from` to `to` (0 if `to` is earlier).
pub fn whole_years(from: NaiveDate, to: NaiveDate) -> u32 {
    if to < from {
        return 0;
    }
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// Whether service at this school counts as rural service under the scenario.
pub fn counts_as_rural_service(school: &School, scenario: &Scenario) -> bool {
    scenario.policy.rural_service_areas.contains(&school.area)
        || (scenario.policy.weak_schools_count && school.weak)
}

/// The end of the teacher's last term when the teacher is still resting from it at this year's
/// term start: within `policy.rest_years_after_term` years of `last_term_end`.
pub fn resting(teacher: &Teacher, scenario: &Scenario) -> Option<NaiveDate> {
    let ended = teacher.last_term_end?;
    let rest = Months::new(scenario.policy.rest_years_after_term.saturating_mul(12));
    let until = ended.checked_add_months(rest).unwrap_or(NaiveDate::MAX);
    (scenario.term_start() <= until).then_some(ended)
}

/// Whether this school's teachers may be sent away this year.
pub fn is_sending_school(school: &School, scenario: &Scenario) -> bool {
    scenario.policy.sending_areas.contains(&school.area)
        && !scenario
            .policy
            .exempt_schools
            .iter()
            .any(|id| id == &school.id)
}

/// The rules applied to one teacher at the given school.
pub fn teacher_status(teacher: &Teacher, school: &School, scenario: &Scenario) -> TeacherStatus {
    let policy = &scenario.policy;
    let start = scenario.term_start();
    let retires = retirement_date(teacher.birth_date, teacher.gender, policy);
    let defer_horizon = start
        .checked_add_months(Months::new(policy.deferral_before_retirement_years * 12))
        .unwrap_or(NaiveDate::MAX);

    let deferred = match teacher.deferral {
        Some(Deferral::Pregnancy) => Some(DeferReason::Pregnancy),
        Some(Deferral::Nursing) => Some(DeferReason::Nursing),
        Some(Deferral::Illness) => Some(DeferReason::Illness),
        Some(Deferral::Other) => Some(DeferReason::Other),
        None if retires < defer_horizon => Some(DeferReason::NearRetirement { retires }),
        None => None,
    };

    let in_sending_area = policy.sending_areas.contains(&school.area);
    let exempt = policy.exempt_schools.iter().any(|id| id == &school.id);
    let ineligible = if let Some(term) = &teacher.on_term {
        Some(Ineligible::OnTerm { until: term.until })
    } else if teacher.post.is_leader() {
        Some(Ineligible::Leader { post: teacher.post })
    } else if !in_sending_area {
        Some(Ineligible::NotSendingArea)
    } else if exempt {
        Some(Ineligible::ExemptSchool)
    } else if let Some(d) = deferred {
        Some(Ineligible::Deferred(d))
    } else {
        resting(teacher, scenario).map(|ended| Ineligible::RestAfterTerm { ended })
    };

    let lacks_service = teacher.rural_service_months < policy.senior_title_rural_months;
    let term_end_year = scenario.term_end().year();
    // (a teacher on a running term is serving it: not must-serve again while it runs)
    // (nor a leader, who rotates under [leaders])
    let must_serve = if !in_sending_area
        || !lacks_service
        || teacher.on_term.is_some()
        || teacher.post.is_leader()
    {
        None
    } else if let Some(y) = teacher
        .senior_title_target_year
        .filter(|&y| y <= term_end_year)
    {
        Some(MustServeReason::SeniorTitle { target_year: y })
    } else if teacher.programme == Programme::PubliclyFunded
        && matches!(school.area, Area::Urban | Area::Town)
        && teacher.rural_service_months == 0
    {
        Some(MustServeReason::PubliclyFunded)
    } else if policy.serve_ahead.iter().any(|id| id == &teacher.id) {
        Some(MustServeReason::Ahead)
    } else {
        None
    };

    let since = teacher.school_since.or(teacher.hire_date).unwrap_or(start);
    let years_in_school = whole_years(since, start);
    TeacherStatus {
        eligible: ineligible.is_none(),
        ineligible,
        deferred,
        must_serve,
        years_in_school,
        due: years_in_school >= policy.years_in_school_trigger,
        retires,
    }
}
