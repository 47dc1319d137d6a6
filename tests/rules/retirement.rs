//! Retirement dates under both schedules, at every birth-month boundary of the 2024 decision.
//!
//! Convention pinned here: a teacher retires on the first day of the month after the month in
//! which the retirement age is reached (age = base + delay, counted from the birth month).

use crate::support::d;
use rotaplan::domain::Gender::{self, Female, Male};
use rotaplan::rules::retirement::{delay_months, retirement_age_months};
use rotaplan::rules::retirement_date;
use rotaplan::scenario::{Policy, RetirementSchedule};

use RetirementSchedule::{Fixed, Gradual2025};

fn policy(schedule: RetirementSchedule, female_base: u32) -> Policy {
    Policy {
        retirement_schedule: schedule,
        female_base_age: female_base,
        ..Policy::default()
    }
}

/// (case, gender, female base age, schedule, birth, delay months, retirement date)
type Case = (
    &'static str,
    Gender,
    u32,
    RetirementSchedule,
    &'static str,
    u32,
    &'static str,
);

#[rustfmt::skip]
const CASES: &[Case] = &[
    // Men, base 60: first affected birth month January 1965, +1 month per 4 months of birth.
    ("men Dec 1964 not delayed", Male, 55, Gradual2025, "1964-12-15", 0, "2025-01-01"),
    ("men Dec 31 1964", Male, 55, Gradual2025, "1964-12-31", 0, "2025-01-01"),
    ("men Jan 1965 +1", Male, 55, Gradual2025, "1965-01-15", 1, "2025-03-01"),
    ("men Apr 1965 still +1", Male, 55, Gradual2025, "1965-04-30", 1, "2025-06-01"),
    ("men May 1965 +2", Male, 55, Gradual2025, "1965-05-01", 2, "2025-08-01"),
    ("men Aug 1976 +35", Male, 55, Gradual2025, "1976-08-10", 35, "2039-08-01"),
    ("men Sep 1976 cap +36", Male, 55, Gradual2025, "1976-09-10", 36, "2039-10-01"),
    ("men 1990 stays at cap", Male, 55, Gradual2025, "1990-03-01", 36, "2053-04-01"),
    ("men fixed Jan 1965", Male, 55, Fixed, "1965-01-15", 0, "2025-02-01"),
    ("men fixed Sep 1976", Male, 55, Fixed, "1976-09-10", 0, "2036-10-01"),
    // Women, base 55: first affected January 1970, same pace and cap as men.
    ("women55 Dec 1969 not delayed", Female, 55, Gradual2025, "1969-12-20", 0, "2025-01-01"),
    ("women55 Jan 1970 +1", Female, 55, Gradual2025, "1970-01-05", 1, "2025-03-01"),
    ("women55 Apr 1970 +1", Female, 55, Gradual2025, "1970-04-05", 1, "2025-06-01"),
    ("women55 May 1970 +2", Female, 55, Gradual2025, "1970-05-05", 2, "2025-08-01"),
    ("women55 Aug 1981 +35", Female, 55, Gradual2025, "1981-08-31", 35, "2039-08-01"),
    ("women55 Sep 1981 cap +36", Female, 55, Gradual2025, "1981-09-01", 36, "2039-10-01"),
    ("women55 fixed Sep 1981", Female, 55, Fixed, "1981-09-01", 0, "2036-10-01"),
    // Base 50: first affected January 1975, +1 month per 2 months of birth, cap +60.
    ("base50 Dec 1974 not delayed", Female, 50, Gradual2025, "1974-12-15", 0, "2025-01-01"),
    ("base50 Jan 1975 +1", Female, 50, Gradual2025, "1975-01-15", 1, "2025-03-01"),
    ("base50 Feb 1975 still +1", Female, 50, Gradual2025, "1975-02-15", 1, "2025-04-01"),
    ("base50 Mar 1975 +2", Female, 50, Gradual2025, "1975-03-15", 2, "2025-06-01"),
    ("base50 Oct 1984 +59", Female, 50, Gradual2025, "1984-10-15", 59, "2039-10-01"),
    ("base50 Nov 1984 cap +60", Female, 50, Gradual2025, "1984-11-15", 60, "2039-12-01"),
    ("base50 1995 stays at cap", Female, 50, Gradual2025, "1995-01-01", 60, "2050-02-01"),
    ("base50 fixed Nov 1984", Female, 50, Fixed, "1984-11-15", 0, "2034-12-01"),
    // The female base does not change men's dates.
    ("men unaffected by female base 50", Male, 50, Gradual2025, "1965-05-01", 2, "2025-08-01"),
];

#[test]
fn retirement_dates_at_schedule_boundaries() {
    for &(case, gender, female_base, schedule, birth, delay, expected) in CASES {
        let p = policy(schedule, female_base);
        let base = match gender {
            Male => p.male_base_age,
            Female => p.female_base_age,
        };
        let birth = d(birth);
        assert_eq!(
            retirement_age_months(birth, gender, &p),
            base * 12 + delay,
            "{case}: age in months"
        );
        assert_eq!(
            retirement_date(birth, gender, &p),
            d(expected),
            "{case}: date"
        );
    }
}

#[test]
fn delay_table_of_the_2024_decision() {
    // (base age, birth, delay): the published table's rows, and base ages it does not cover.
    let rows: &[(u32, &str, u32)] = &[
        (60, "1965-08-01", 2),
        (60, "1965-09-01", 3),
        (60, "1970-01-01", 16),
        (55, "1975-01-01", 16),
        (50, "1980-01-01", 31),
        (58, "1990-01-01", 0),
        (65, "1990-01-01", 0),
    ];
    for &(base, birth, delay) in rows {
        assert_eq!(
            delay_months(base, d(birth)),
            delay,
            "base {base}, born {birth}"
        );
    }
}

#[test]
fn other_base_ages_retire_without_delay() {
    let p = Policy {
        male_base_age: 58,
        ..Policy::default()
    };
    assert_eq!(retirement_date(d("1980-03-20"), Male, &p), d("2038-04-01"));
}
