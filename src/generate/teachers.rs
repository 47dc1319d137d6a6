//! One teacher's base attributes: gender, age, education, career dates, title and the rural
//! service already done, each drawn from distributions that depend on the school's area and
//! stage. The roles that are shares of the whole county (backbone, must-serve, deferrals …) are
//! assigned afterwards in `roles`.

use super::calibration::*;
use super::names;
use super::rng::Rng;
use crate::domain::{Area, Backbone, Education, Gender, Programme, School, Stage, Teacher, Title};
use crate::rules::status::whole_years;
use chrono::{Datelike, Days, NaiveDate};

/// Dates a teacher's attributes are measured against.
pub struct Calendar {
    pub plan_year: i32,
    /// 1 September of the plan year.
    pub term_start: NaiveDate,
}

impl Calendar {
    /// The calendar of `plan_year`, moved into [`super::bounds::PLAN_YEARS`].
    pub fn new(plan_year: i32) -> Calendar {
        let years = super::bounds::PLAN_YEARS;
        let plan_year = plan_year.clamp(*years.start(), *years.end());
        Calendar {
            plan_year,
            term_start: NaiveDate::from_ymd_opt(plan_year, 9, 1).unwrap_or_default(),
        }
    }

    /// A day in the school-year change-over (20 August – 1 September) of `year`, when teachers
    /// start work and move schools.
    pub fn changeover(&self, rng: &mut Rng, year: i32) -> NaiveDate {
        let year = year.min(self.plan_year - 1);
        NaiveDate::from_ymd_opt(year, 8, 20).unwrap_or(self.term_start)
            + Days::new(u64::from(rng.range(0, 12)))
    }
}

/// Age in years at the term start, from the area's cohort mixture, capped for the gender.
fn age(rng: &mut Rng, area: Area, gender: Gender) -> f64 {
    let cohorts = age_cohorts(area);
    let weights: Vec<f64> = cohorts.iter().map(|c| c.0).collect();
    let (_, lo, hi) = cohorts[rng.weighted(&weights)];
    let max = match gender {
        Gender::Female => MAX_AGE_FEMALE,
        Gender::Male => MAX_AGE_MALE,
    };
    rng.uniform(lo, hi.min(max))
}

/// Highest education: older teachers trained at secondary normal schools (中师) and colleges,
/// younger ones mostly hold bachelor degrees; junior schools ask for one level more.
fn education(rng: &mut Rng, age: f64, area: Area, stage: Stage) -> Education {
    let mix: [f64; 4] = if age >= 50.0 {
        [0.35, 0.45, 0.20, 0.0]
    } else if age >= 40.0 {
        [0.10, 0.45, 0.45, 0.0]
    } else if age >= 30.0 {
        [0.0, 0.20, 0.75, 0.05]
    } else {
        [0.0, 0.10, 0.80, 0.10]
    };
    let levels = [
        Education::Secondary,
        Education::Associate,
        Education::Bachelor,
        Education::Master,
    ];
    let mut e = levels[rng.weighted(&mix)];
    if stage != Stage::Primary && e < Education::Bachelor && rng.chance(0.7) {
        e = if e == Education::Secondary {
            Education::Associate
        } else {
            Education::Bachelor
        };
    }
    if e == Education::Master && matches!(area, Area::Rural | Area::TeachingPoint) {
        e = Education::Bachelor;
    }
    e
}

/// Title from years of service; senior titles are commoner in urban schools.
fn title(rng: &mut Rng, years: u32, area: Area) -> Title {
    let senior = match area {
        Area::Urban => 0.38,
        Area::Town => 0.25,
        Area::Rural => 0.15,
        Area::TeachingPoint => 0.08,
    };
    let mix: [f64; 5] = match years {
        0 => [1.0, 0.0, 0.0, 0.0, 0.0],
        1..=4 => [0.05, 0.95, 0.0, 0.0, 0.0],
        5..=9 => [0.0, 0.5, 0.5, 0.0, 0.0],
        10..=17 => [0.0, 0.15, 0.85 - senior / 3.0, senior / 3.0, 0.0],
        _ => {
            let full = if area == Area::Urban { 0.01 } else { 0.0 };
            [0.0, 0.03, 0.97 - senior - full, senior, full]
        }
    };
    [
        Title::Unrated,
        Title::Junior,
        Title::Intermediate,
        Title::Senior,
        Title::FullSenior,
    ][rng.weighted(&mix)]
}

fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    if to <= from {
        return 0;
    }
    let m = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    m.max(0) as u32
}

/// A teacher of `subject` at `school`, with an id assigned later.
pub fn base(rng: &mut Rng, school: &School, subject: &str, cal: &Calendar) -> Teacher {
    let gender = if rng.chance(female_share(school.area, school.stage, subject)) {
        Gender::Female
    } else {
        Gender::Male
    };
    let age = age(rng, school.area, gender);
    let birth_date = cal.term_start - Days::new((age * 365.25).round() as u64);
    let education = education(rng, age, school.area, school.stage);
    let start_age = match education {
        Education::Secondary => 19,
        Education::Associate => 21,
        Education::Bachelor => 22,
        Education::Master | Education::Doctor => 25,
    } + rng.range(0, 2) as i32;
    let hire_date = cal.changeover(rng, birth_date.year() + start_age);
    let years = whole_years(hire_date, cal.term_start);

    let stay = match school.area {
        Area::Urban => 0.3,
        Area::Town => 0.3,
        Area::Rural => 0.45,
        Area::TeachingPoint => 0.6,
    };
    let school_since = if years <= 1 || rng.chance(stay) {
        hire_date
    } else {
        let moved = hire_date.year() + rng.range(1, years - 1) as i32;
        cal.changeover(rng, moved)
    };
    let title = title(rng, years, school.area);

    let before_here = months_between(hire_date, school_since);
    let here = months_between(school_since, cal.term_start);
    let rural_service_months = match school.area {
        Area::Rural | Area::TeachingPoint => here + if rng.chance(0.6) { before_here } else { 0 },
        _ if title >= Title::Senior && rng.chance(0.8) => 12 * rng.range(1, 3),
        // Many urban and town teachers started in a village school before moving in.
        _ if before_here > 0 && rng.chance(0.45) => before_here.min(180),
        _ if years >= 3 && rng.chance(0.10) => 12 * rng.range(1, 3),
        _ => 0,
    };

    Teacher {
        id: String::new(),
        name: names::person(rng, gender),
        gender,
        birth_date,
        school_id: school.id.clone(),
        subject: subject.to_string(),
        extra_subjects: Vec::new(),
        title: Some(title),
        backbone: Backbone::None,
        hire_date: Some(hire_date),
        school_since: Some(school_since),
        rural_service_months,
        last_term_end: None,
        senior_title_target_year: None,
        deferral: None,
        education: Some(education),
        programme: Programme::Regular,
        post: Default::default(),
        post_since: None,
        on_term: None,
        source_line: 0,
    }
}

/// Age in whole years at the term start.
pub fn age_at(t: &Teacher, cal: &Calendar) -> u32 {
    whole_years(t.birth_date, cal.term_start)
}
