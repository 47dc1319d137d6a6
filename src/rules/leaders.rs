//! Leader rotation (docs/leaders.md): whose tenure makes them due, who may be moved, how
//! strong a school is, which schools have a principal.

use super::retirement::retirement_date;
use super::status::whole_years;
use crate::domain::{School, Teacher};
use crate::scenario::{LeaderRules, Scenario};
use chrono::{Months, NaiveDate};

/// A school's quality score (0–100): the schools file's `quality`, else `weak_quality` for a
/// weak school, else the score of its area.
pub fn quality(school: &School, rules: &LeaderRules) -> f64 {
    if let Some(q) = school.quality {
        q
    } else if school.weak {
        rules.weak_quality
    } else {
        rules
            .quality_by_area
            .get(&school.area)
            .copied()
            .unwrap_or(0.0)
    }
}

/// When the leader's current post at the school started: `post_since`, but not before the
/// leader came to the school (`school_since`); either alone when only one is given.
pub fn post_start(t: &Teacher) -> Option<NaiveDate> {
    match (t.post_since, t.school_since) {
        (Some(p), Some(s)) => Some(p.max(s)),
        (p, s) => p.or(s),
    }
}

/// What the rules say about one leader this year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Tenure reached `term_years × due_after_terms`: must rotate.
    Due { years: u32 },
    /// May be moved (tenure reached `min_years`) to make room for a due leader.
    Movable { years: u32 },
    /// Stays this year.
    Stays(Stay),
}

/// Why a leader is not moved this year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stay {
    /// The post does not rotate (`leaders.rotate`).
    NotRotating,
    /// A deferral in the roster.
    Deferred,
    /// Retires within `leaders.retire_within_years`.
    Retiring { retires: NaiveDate },
    /// On a term that runs on from an earlier year.
    OnTerm,
    /// The school is exempt this year (`policy.exempt_schools`).
    ExemptSchool,
    /// Fewer years in the post than `leaders.min_years`.
    TooSoon { years: u32 },
    /// Neither `post_since` nor `school_since` is given.
    NoDate,
}

impl Stay {
    pub fn key(self) -> &'static str {
        match self {
            Stay::NotRotating => "post_does_not_rotate",
            Stay::Deferred => "deferred",
            Stay::Retiring { .. } => "retiring",
            Stay::OnTerm => "on_term",
            Stay::ExemptSchool => "exempt_school",
            Stay::TooSoon { .. } => "too_soon",
            Stay::NoDate => "no_post_date",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Stay::NotRotating => "该职务不参加轮岗",
            Stay::Deferred => "暂缓交流",
            Stay::Retiring { .. } => "临近退休",
            Stay::OnTerm => "交流期未满",
            Stay::ExemptSchool => "学校本年度免于交流",
            Stay::TooSoon { .. } => "任职年限不足",
            Stay::NoDate => "缺任现职时间",
        }
    }
}

/// The standing of a leader; `None` for a teacher.
pub fn standing(t: &Teacher, scenario: &Scenario) -> Option<Standing> {
    if !t.post.is_leader() {
        return None;
    }
    let rules = &scenario.leaders;
    let start = scenario.term_start();
    let stay = |s| Some(Standing::Stays(s));
    if !rules.rotate.contains(&t.post) {
        return stay(Stay::NotRotating);
    }
    if t.on_term.is_some() {
        return stay(Stay::OnTerm);
    }
    if scenario.policy.exempt_schools.contains(&t.school_id) {
        return stay(Stay::ExemptSchool);
    }
    if t.deferral.is_some() {
        return stay(Stay::Deferred);
    }
    let retires = retirement_date(t.birth_date, t.gender, &scenario.policy);
    let horizon = start
        .checked_add_months(Months::new(rules.retire_within_years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MAX);
    if retires < horizon {
        return stay(Stay::Retiring { retires });
    }
    let Some(since) = post_start(t) else {
        return stay(Stay::NoDate);
    };
    let years = whole_years(since, start);
    if years >= rules.due_years() {
        Some(Standing::Due { years })
    } else if years >= rules.min_years {
        Some(Standing::Movable { years })
    } else {
        stay(Stay::TooSoon { years })
    }
}

/// Whether a move of a leader between these schools is strong to weak: from a school of a
/// strictly higher quality score.
pub fn is_stronger(from: &School, to: &School, rules: &LeaderRules) -> bool {
    quality(from, rules) > quality(to, rules)
}

/// Whether a leader may move between these schools: any two schools, or with
/// `leaders.same_stage` schools of one stage (a nine-year school matches either).
pub fn stages_match(from: &School, to: &School, rules: &LeaderRules) -> bool {
    use crate::domain::Stage::NineYear;
    !rules.same_stage || from.stage == to.stage || from.stage == NineYear || to.stage == NineYear
}
