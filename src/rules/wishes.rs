//! Applications and wishes (docs/wishes.md): a teacher's points (积分), the rank of a school in
//! their wishes, and what each outcome costs in the wishes goal.

use super::status::whole_years;
use crate::domain::{Application, School, Teacher};
use crate::scenario::ApplicationRules;
use chrono::NaiveDate;

/// Points in hundredths: years in school, backbone and age by the scenario's rates, rounded,
/// plus the family circumstances points of the application (if any).
pub fn points(
    t: &Teacher,
    app: Option<&Application>,
    rules: &ApplicationRules,
    term_start: NaiveDate,
) -> u32 {
    let since = t.school_since.or(t.hire_date);
    let years = since.map_or(0, |d| whole_years(d, term_start)) as f64;
    let age = whole_years(t.birth_date, term_start) as f64;
    let backbone = if t.backbone.is_backbone() { 1.0 } else { 0.0 };
    let raw = rules.points_per_year_in_school * years
        + rules.points_backbone * backbone
        + rules.points_per_year_of_age * age;
    // (f64::round rounds halves away from zero; the product is first snapped to a millionth,
    // so that a rate written as 0.015 counts as the half it is)
    let base = ((100.0 * raw * 1e6).round() / 1e6).round().max(0.0) as u32;
    base + app.map_or(0, |a| a.family_points)
}

/// Points as a number of points (hundredths shown as decimals).
pub fn points_value(hundredths: u32) -> f64 {
    hundredths as f64 / 100.0
}

/// The weight of an applicant's outcome costs: 1 + points / 100.
pub fn factor(hundredths: u32) -> f64 {
    1.0 + points_value(hundredths) / 100.0
}

/// The 1-based rank of the first wish that covers the school, if any.
pub fn wish_rank(app: &Application, school: &School) -> Option<u8> {
    app.wishes
        .iter()
        .position(|w| w.covers(&school.id, school.township.as_deref(), school.area))
        .map(|k| k as u8 + 1)
}

/// What happens to a teacher in the plan, as the wishes goal sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Stays,
    /// Sent to the school of this wish rank (1-based).
    AtWish(u8),
    /// Sent where no wish lies.
    Unwished,
}

/// The cost of an outcome before the points factor (docs/wishes.md, "The wishes goal"). `app`
/// is `None` for a teacher who did not apply.
pub fn cost(app: Option<&Application>, outcome: Outcome, rules: &ApplicationRules) -> f64 {
    let Some(app) = app else {
        return match outcome {
            Outcome::Stays => 0.0,
            _ => rules.volunteer,
        };
    };
    let sent = if app.volunteer { 0.0 } else { rules.volunteer };
    match outcome {
        Outcome::Stays if app.volunteer => rules.volunteer,
        Outcome::Stays => 0.0,
        Outcome::AtWish(k) => sent + (k.saturating_sub(1)) as f64 * rules.rank,
        Outcome::Unwished => sent + rules.unwished,
    }
}
