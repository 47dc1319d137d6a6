//! Statutory retirement date from birth date and gender.
//!
//! The 2024 decision on the gradual delay of retirement (from 1 January 2025): for base ages 60
//! and 55 the age rises by one month for every four months of birth after the first affected
//! birth month, up to 36 months; for base age 50, by one month for every two months, up to 60
//! months. First affected birth months: January 1965 (men, 60), January 1970 (55), January 1975
//! (50). A teacher retires on the first day of the month after reaching the retirement age.

use crate::domain::Gender;
use crate::scenario::{Policy, RetirementSchedule};
use chrono::{Datelike, Months, NaiveDate};

/// Months by which the retirement age is delayed under the 2025 schedule, for a base age and a
/// birth month. Base ages other than 50, 55 and 60 are not delayed.
pub fn delay_months(base_age: u32, birth: NaiveDate) -> u32 {
    let (first_year, per, cap) = match base_age {
        60 => (1965, 4, 36),
        55 => (1970, 4, 36),
        50 => (1975, 2, 60),
        _ => return 0,
    };
    let months_since = (birth.year() - first_year) * 12 + birth.month0() as i32;
    if months_since < 0 {
        return 0;
    }
    ((months_since as u32) / per + 1).min(cap)
}

/// Retirement age in months for this teacher under the policy.
pub fn retirement_age_months(birth: NaiveDate, gender: Gender, policy: &Policy) -> u32 {
    let base = match gender {
        Gender::Male => policy.male_base_age,
        Gender::Female => policy.female_base_age,
    };
    let delay = match policy.retirement_schedule {
        RetirementSchedule::Fixed => 0,
        RetirementSchedule::Gradual2025 => delay_months(base, birth),
    };
    base * 12 + delay
}

/// The day the teacher retires: the first day of the month after the birthday month in which
/// the retirement age is reached.
pub fn retirement_date(birth: NaiveDate, gender: Gender, policy: &Policy) -> NaiveDate {
    let months = retirement_age_months(birth, gender, policy);
    let birth_month = NaiveDate::from_ymd_opt(birth.year(), birth.month(), 1).expect("valid");
    birth_month
        .checked_add_months(Months::new(months + 1))
        .unwrap_or(NaiveDate::MAX)
}
