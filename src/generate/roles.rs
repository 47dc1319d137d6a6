//! Roles that are shares of the whole county rather than properties of one teacher: further
//! subjects, 特岗 and 公费师范生 programmes, who must serve this year, other senior-title plans,
//! deferrals and backbone recognition. Exact counts are drawn with weighted sampling so the
//! demo hits its calibration (e.g. 12 % backbone) at any size.

use super::calibration::*;
use super::rng::Rng;
use super::teachers::{age_at, Calendar};
use crate::domain::{
    Area, Backbone, Deferral, Education, Gender, Programme, School, Stage, Teacher, Title,
};
use chrono::Datelike;

/// The shortage subjects: a must-serve teacher qualified in one has a post waiting in the villages.
pub const SHORTAGE: [&str; 5] = ["music", "pe", "art", "english", "it"];

/// Whether the teacher can teach a shortage subject (main or extra).
pub fn teaches_shortage(t: &Teacher) -> bool {
    SHORTAGE.contains(&t.subject.as_str())
        || t.extra_subjects
            .iter()
            .any(|s| SHORTAGE.contains(&s.as_str()))
}

fn is_sending(area: Area) -> bool {
    matches!(area, Area::Urban | Area::Town)
}

/// Further subjects that fit a main subject at a school of this stage, with their weights.
fn extra_options(subject: &str, stage: Stage) -> &'static [(&'static str, f64)] {
    let junior = stage == Stage::Junior;
    match subject {
        "chinese" => &[
            ("music", 0.35),
            ("art", 0.35),
            ("morality", 0.2),
            ("pe", 0.1),
        ],
        "math" if junior => &[("it", 0.5), ("physics", 0.3), ("pe", 0.2)],
        "math" => &[("it", 0.5), ("science", 0.3), ("pe", 0.2)],
        "english" => &[("music", 0.5), ("art", 0.5)],
        "pe" => &[("labour", 0.5), ("it", 0.5)],
        "music" => &[("art", 0.6), ("chinese", 0.4)],
        "art" => &[("music", 0.6), ("labour", 0.4)],
        "it" => &[("math", 0.6), ("labour", 0.4)],
        "labour" => &[("pe", 0.5), ("art", 0.5)],
        _ => &[("labour", 0.6), ("it", 0.4)],
    }
}

/// Assigns every county-wide role. `school_of[i]` is the school of teacher `i`.
pub fn assign(rng: &mut Rng, teachers: &mut [Teacher], school_of: &[&School], cal: &Calendar) {
    programmes(rng, teachers, school_of, cal);
    extras(rng, teachers, school_of);
    let must_serve = must_serve(rng, teachers, school_of, cal);
    other_targets(rng, teachers, school_of, cal, &must_serve);
    deferrals(rng, teachers, cal, &must_serve);
    backbone(rng, teachers, school_of, cal);
}

fn years_of_service(t: &Teacher, cal: &Calendar) -> i32 {
    t.hire_date.map_or(0, |d| cal.plan_year - d.year())
}

/// 特岗 teachers in rural schools (most young rural teachers came that way) and a few
/// publicly-funded graduates, some of them placed in urban schools and so due to serve.
fn programmes(rng: &mut Rng, teachers: &mut [Teacher], school_of: &[&School], cal: &Calendar) {
    for (i, t) in teachers.iter_mut().enumerate() {
        if !matches!(school_of[i].area, Area::Rural | Area::TeachingPoint) {
            continue;
        }
        let years = years_of_service(t, cal);
        let age = age_at(t, cal);
        let p_tegang = match (years, age) {
            (0..=3, 0..=32) => 0.6,
            (4..=15, _) => 0.2,
            _ => 0.0,
        };
        if rng.chance(p_tegang) {
            t.programme = Programme::Tegang;
            t.education = Some(
                t.education
                    .unwrap_or(Education::Bachelor)
                    .max(Education::Associate),
            );
        } else if years <= 6 && age <= 30 && rng.chance(0.1) {
            t.programme = Programme::PubliclyFunded;
            t.education = Some(Education::Bachelor);
        }
    }
    let urban: Vec<usize> = (0..teachers.len())
        .filter(|&i| school_of[i].area == Area::Urban)
        .collect();
    let k = ((urban.len() as f64 * PUBLICLY_FUNDED_URBAN_SHARE).round() as usize).max(2);
    let weights: Vec<f64> = urban
        .iter()
        .map(|&i| {
            let t = &teachers[i];
            let fits = age_at(t, cal) <= 27 && years_of_service(t, cal) <= 3 && teaches_shortage(t);
            if fits {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    for c in rng.choose_weighted(&weights, k) {
        let t = &mut teachers[urban[c]];
        t.programme = Programme::PubliclyFunded;
        t.education = Some(Education::Bachelor);
        t.rural_service_months = 0;
    }
}

/// About 15 % of teachers hold a further subject; rural teachers, who already teach several, and
/// Chinese and maths teachers, most often.
fn extras(rng: &mut Rng, teachers: &mut [Teacher], school_of: &[&School]) {
    let weights: Vec<f64> = teachers
        .iter()
        .zip(school_of)
        .map(|(t, s)| {
            let area = match s.area {
                Area::Urban => 0.8,
                Area::Town => 1.0,
                Area::Rural => 1.8,
                Area::TeachingPoint => 2.2,
            };
            let subject = if matches!(t.subject.as_str(), "chinese" | "math") {
                1.5
            } else {
                0.7
            };
            area * subject
        })
        .collect();
    let k = (teachers.len() as f64 * EXTRA_SUBJECT_SHARE).round() as usize;
    for i in rng.choose_weighted(&weights, k) {
        let options = extra_options(&teachers[i].subject, school_of[i].stage);
        let w: Vec<f64> = options.iter().map(|o| o.1).collect();
        let first = options[rng.weighted(&w)].0;
        let mut extra = vec![first.to_string()];
        if rng.chance(0.12) {
            let second = options[rng.weighted(&w)].0;
            if second != first {
                extra.push(second.to_string());
            }
        }
        extra.sort();
        teachers[i].extra_subjects = extra;
    }
}

/// Urban and town teachers who plan a senior title this year or next without rural service: they
/// must serve now. Chosen among intermediate-title teachers aged 30–48 who can teach a shortage
/// subject, so the demo can place all of them.
fn must_serve(
    rng: &mut Rng,
    teachers: &mut [Teacher],
    school_of: &[&School],
    cal: &Calendar,
) -> Vec<bool> {
    let sending = (0..teachers.len())
        .filter(|&i| is_sending(school_of[i].area))
        .count();
    let k = (sending as f64 * MUST_SERVE_SHARE).round() as usize;
    let weights: Vec<f64> = teachers
        .iter()
        .zip(school_of)
        .map(|(t, s)| {
            let age = age_at(t, cal);
            let fits = is_sending(s.area)
                && t.title == Some(Title::Intermediate)
                && t.programme == Programme::Regular
                && (30..=48).contains(&age)
                && teaches_shortage(t);
            if fits {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    let mut chosen = vec![false; teachers.len()];
    for i in rng.choose_weighted(&weights, k) {
        let t = &mut teachers[i];
        t.senior_title_target_year = Some(cal.plan_year + rng.range(0, 1) as i32);
        t.rural_service_months = 0;
        chosen[i] = true;
    }
    chosen
}

/// Other intermediate teachers also plan senior titles: later years, or soon but with their rural
/// service already done. None of them becomes must-serve by accident.
fn other_targets(
    rng: &mut Rng,
    teachers: &mut [Teacher],
    school_of: &[&School],
    cal: &Calendar,
    must: &[bool],
) {
    for (i, t) in teachers.iter_mut().enumerate() {
        if must[i]
            || t.title != Some(Title::Intermediate)
            || years_of_service(t, cal) < 8
            || age_at(t, cal) > 50
        {
            continue;
        }
        if rng.chance(0.2) {
            t.senior_title_target_year = Some(cal.plan_year + rng.range(2, 5) as i32);
        } else if rng.chance(0.08) {
            t.senior_title_target_year = Some(cal.plan_year + rng.range(0, 1) as i32);
            if is_sending(school_of[i].area) && t.rural_service_months < 12 {
                t.rural_service_months = 12 * rng.range(1, 3);
            }
        }
    }
}

/// About 2 % deferred: pregnancy and nursing among younger women, illness among older teachers.
fn deferrals(rng: &mut Rng, teachers: &mut [Teacher], cal: &Calendar, must: &[bool]) {
    let young_woman =
        |t: &Teacher| t.gender == Gender::Female && (24..=38).contains(&age_at(t, cal));
    let weights: Vec<f64> = teachers
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if must[i] || t.programme == Programme::PubliclyFunded {
                0.0
            } else if young_woman(t) {
                3.0
            } else {
                1.0
            }
        })
        .collect();
    let k = (teachers.len() as f64 * DEFERRAL_SHARE).round() as usize;
    for i in rng.choose_weighted(&weights, k) {
        let t = &mut teachers[i];
        let reasons = [
            Deferral::Pregnancy,
            Deferral::Nursing,
            Deferral::Illness,
            Deferral::Other,
        ];
        let mix = if young_woman(t) {
            [0.5, 0.4, 0.0, 0.1]
        } else {
            [0.0, 0.0, 0.75, 0.25]
        };
        t.deferral = Some(reasons[rng.weighted(&mix)]);
    }
}

/// About 12 % backbone teachers, mostly county level: experienced, titled, commoner in town.
fn backbone(rng: &mut Rng, teachers: &mut [Teacher], school_of: &[&School], cal: &Calendar) {
    let weights: Vec<f64> = teachers
        .iter()
        .zip(school_of)
        .map(|(t, s)| {
            let title = match t.title {
                Some(Title::Intermediate) => 1.0,
                Some(Title::Senior) => 3.0,
                Some(Title::FullSenior) => 6.0,
                Some(Title::Junior) => 0.15,
                _ => 0.0,
            };
            let area = match s.area {
                Area::Urban => 1.6,
                Area::Town => 1.0,
                Area::Rural => 0.5,
                Area::TeachingPoint => 0.15,
            };
            let age = if (32..=52).contains(&age_at(t, cal)) {
                1.0
            } else {
                0.3
            };
            title * area * age
        })
        .collect();
    let k = (teachers.len() as f64 * BACKBONE_SHARE).round() as usize;
    for i in rng.choose_weighted(&weights, k) {
        let t = &mut teachers[i];
        let senior = t.title >= Some(Title::Senior);
        let mix = if senior {
            BACKBONE_LEVELS
        } else {
            [BACKBONE_LEVELS[0], BACKBONE_LEVELS[1], 0.0]
        };
        t.backbone = [Backbone::County, Backbone::City, Backbone::Province][rng.weighted(&mix)];
    }
}
