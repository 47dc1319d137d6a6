//! The year's new hires, the paired-support relations and a few explicit needs: the files a
//! bureau keeps beside its roster.

use super::calibration::HIRE_MIX;
use super::calibration::HIRE_SHARE;
use super::rng::{apportion, Rng};
use crate::domain::{Area, HireBatch, NeedOverride, Pair, Programme, School};
use crate::rules::needs::stage_classes;
use crate::scenario::Scenario;

/// Hire batches, about 4 % of the teachers, sorted by subject and programme. Mostly the shortage
/// subjects; 特岗 batches name the rural areas explicitly.
pub fn hires(teachers: u32) -> Vec<HireBatch> {
    let total = ((f64::from(teachers) * HIRE_SHARE).round() as u32).max(1);
    let shares: Vec<f64> = HIRE_MIX.iter().map(|h| h.2).collect();
    let mut batches: Vec<HireBatch> = HIRE_MIX
        .iter()
        .zip(apportion(total, &shares))
        .filter(|(_, count)| *count > 0)
        .map(|(&(subject, programme, _), count)| {
            let programme = Programme::parse(programme).expect("calibrated programme key");
            HireBatch {
                subject: subject.to_string(),
                count,
                programme,
                areas: (programme == Programme::Tegang)
                    .then(|| vec![Area::Rural, Area::TeachingPoint]),
                source_line: 0,
            }
        })
        .collect();
    batches.sort_by(|a, b| (&a.subject, a.programme).cmp(&(&b.subject, b.programme)));
    batches
}

/// Each urban school supports one to three rural schools or teaching points (对口支援); a
/// supported school has one partner while the villages last.
pub fn pairs(rng: &mut Rng, schools: &[School]) -> Vec<Pair> {
    let mut pool: Vec<&School> = schools
        .iter()
        .filter(|s| matches!(s.area, Area::Rural | Area::TeachingPoint))
        .collect();
    rng.shuffle(&mut pool);
    let mut next = 0usize;
    let mut pairs = Vec::new();
    for urban in schools.iter().filter(|s| s.area == Area::Urban) {
        if pool.is_empty() {
            break;
        }
        let mut mine: Vec<&str> = Vec::new();
        for _ in 0..rng.range(1, 3) {
            let s = pool[next % pool.len()];
            next += 1;
            if !mine.contains(&s.id.as_str()) {
                mine.push(&s.id);
            }
        }
        for id in mine {
            pairs.push(Pair {
                urban_school_id: urban.id.clone(),
                rural_school_id: id.to_string(),
                source_line: 0,
            });
        }
    }
    pairs.sort_by(|a, b| {
        (&a.urban_school_id, &a.rural_school_id).cmp(&(&b.urban_school_id, &b.rural_school_id))
    });
    pairs
}

/// A few needs the bureau sets by hand: teaching points with only grades 1–2 teach no English
/// (it starts in grade 3), and two rural schools chosen as PE-featured schools (体育特色学校) need
/// half a PE teacher more than the curriculum rule gives.
pub fn needs(rng: &mut Rng, schools: &[School], scenario: &Scenario) -> Vec<NeedOverride> {
    let mut out = Vec::new();
    for s in schools
        .iter()
        .filter(|s| s.area == Area::TeachingPoint && s.classes <= 2)
        .take(4)
    {
        out.push(NeedOverride {
            school_id: s.id.clone(),
            subject: "english".to_string(),
            need_fte: 0.0,
            source_line: 0,
        });
    }
    let mut rural: Vec<&School> = schools.iter().filter(|s| s.area == Area::Rural).collect();
    rng.shuffle(&mut rural);
    let cur = &scenario.curriculum;
    if let Some(pe) = scenario.subjects.get("pe") {
        for s in rural.into_iter().take(2) {
            let (p, j) = stage_classes(s);
            let rule =
                p * pe.primary_periods / cur.primary_load + j * pe.junior_periods / cur.junior_load;
            out.push(NeedOverride {
                school_id: s.id.clone(),
                subject: "pe".to_string(),
                need_fte: ((rule + 0.5) * 100.0).round() / 100.0,
                source_line: 0,
            });
        }
    }
    out.sort_by(|a, b| (&a.school_id, &a.subject).cmp(&(&b.school_id, &b.subject)));
    out
}
