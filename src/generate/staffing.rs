//! How many teachers of each subject a school has: the need its classes create (the same rule the
//! planner uses) times the area's coverage of that subject. This is what produces the structural
//! shortage: rural schools staffed in total but short of music, PE, art, English and IT.

use super::calibration::{coverage, group, COVERAGE_NOISE, JUNIOR_COVERAGE_FACTOR};
use super::rng::Rng;
use crate::domain::{Area, School, Stage};
use crate::rules::needs::teaching_groups;
use crate::rules::staffing::computed_establishment;
use crate::scenario::Scenario;

/// Need in FTE per primary class and per junior class, per subject of the catalogue (in
/// catalogue order, which is sorted by id).
pub struct NeedPerClass {
    pub rows: Vec<(String, f64, f64)>,
}

impl NeedPerClass {
    pub fn new(scenario: &Scenario) -> NeedPerClass {
        let c = &scenario.curriculum;
        let rows = scenario
            .subjects
            .iter()
            .map(|(id, d)| {
                (
                    id.clone(),
                    d.primary_periods / c.primary_load,
                    d.junior_periods / c.junior_load,
                )
            })
            .collect();
        NeedPerClass { rows }
    }

    /// Expected teachers per class of a school of this area, with this share of primary classes.
    pub fn teachers_per_class(&self, area: Area, primary_share: f64) -> f64 {
        self.rows
            .iter()
            .map(|(id, p, j)| {
                let cov = coverage(area, group(id));
                cov * (primary_share * p + (1.0 - primary_share) * j * JUNIOR_COVERAGE_FACTOR)
            })
            .sum()
    }
}

/// Share of a stage's classes that are primary when classes are still to be chosen.
pub fn primary_share(stage: Stage) -> f64 {
    match stage {
        Stage::Primary => 1.0,
        Stage::Junior => 0.0,
        Stage::NineYear => 2.0 / 3.0,
    }
}

/// Teachers per main subject at one school, in catalogue order (subjects with none left out),
/// from its teaching groups (a small school's combined classes count once, as the planner
/// counts them).
pub fn staff_school(
    rng: &mut Rng,
    school: &School,
    needs: &NeedPerClass,
    scenario: &Scenario,
) -> Vec<(String, u32)> {
    let (p, j) = teaching_groups(school, scenario);
    let mut staff = Vec::new();
    for (id, per_p, per_j) in &needs.rows {
        let cov = coverage(school.area, group(id));
        let noise = rng.uniform(COVERAGE_NOISE.0, COVERAGE_NOISE.1);
        let expected = cov * noise * (p * per_p + j * per_j * JUNIOR_COVERAGE_FACTOR);
        let n = rng.round_stochastic(expected);
        if n > 0 {
            staff.push((id.clone(), n));
        }
    }
    if staff.is_empty() {
        // Every school has at least one teacher: a Chinese teacher teaching everything.
        staff.push(("chinese".to_string(), 1));
    }
    staff
}

/// Adds or removes teachers until the county has exactly `target`. Urban and town schools absorb
/// the change first (largest first), in Chinese and mathematics, since they are the ones with a
/// surplus there; other subjects and areas only when those run out. No school drops below one.
pub fn adjust_total(schools: &[School], staff: &mut [Vec<(String, u32)>], target: u32) {
    let total: u32 = staff.iter().flatten().map(|(_, n)| n).sum();
    let mut order: Vec<usize> = (0..schools.len()).collect();
    let rank = |a: Area| match a {
        Area::Urban => 0,
        Area::Town => 1,
        Area::Rural => 2,
        Area::TeachingPoint => 3,
    };
    order.sort_by_key(|&i| {
        let size: u32 = staff[i].iter().map(|(_, n)| n).sum();
        (rank(schools[i].area), std::cmp::Reverse(size), i)
    });
    let senders: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| rank(schools[i].area) <= 1)
        .collect();
    let first = if senders.is_empty() { &order } else { &senders };
    if total < target {
        for k in 0..(target - total) as usize {
            let i = first[k % first.len()];
            let subject = if (k / first.len()) % 2 == 0 {
                "chinese"
            } else {
                "math"
            };
            match staff[i].iter_mut().find(|(s, _)| s == subject) {
                Some(entry) => entry.1 += 1,
                None => staff[i].push((subject.to_string(), 1)),
            }
        }
    } else {
        let mut excess = total - target;
        // Pass 0: only Chinese/maths in sending schools; pass 1: any subject anywhere.
        for pass in 0..2 {
            let candidates = if pass == 0 { first } else { &order };
            loop {
                let mut removed = false;
                for &i in candidates {
                    if excess == 0 {
                        break;
                    }
                    let school_total: u32 = staff[i].iter().map(|(_, n)| n).sum();
                    if school_total <= 1 {
                        continue;
                    }
                    let pick = staff[i]
                        .iter_mut()
                        .filter(|(s, n)| *n > 0 && (pass == 1 || s == "chinese" || s == "math"))
                        .max_by_key(|(_, n)| *n);
                    if let Some(e) = pick {
                        e.1 -= 1;
                        excess -= 1;
                        removed = true;
                    }
                }
                if excess == 0 || !removed {
                    break;
                }
            }
        }
    }
    for s in staff.iter_mut() {
        s.retain(|(_, n)| *n > 0);
        s.sort();
    }
}

/// Fills `School::establishment` where the schools file is to give the approved number
/// (核定编制数); see [`super::EstablishmentColumn`].
pub fn establishment_column(
    rng: &mut Rng,
    schools: &mut [School],
    headcounts: &[u32],
    scenario: &Scenario,
    column: super::EstablishmentColumn,
) {
    match column {
        super::EstablishmentColumn::Demo => {
            for (s, &heads) in schools.iter_mut().zip(headcounts) {
                let computed = computed_establishment(s, scenario);
                s.establishment = match s.area {
                    // approved when the school had its present staff, or the standard's number
                    Area::Urban | Area::Town => Some(computed.max(heads)),
                    Area::Rural => Some(computed.max(heads + heads.div_ceil(8))),
                    Area::TeachingPoint => None,
                };
            }
        }
        super::EstablishmentColumn::Sampled => {
            let k = ((schools.len() as f64 / 8.0).round() as usize).max(1);
            for i in rng.choose_weighted(&vec![1.0; schools.len()], k) {
                let computed = computed_establishment(&schools[i], scenario);
                // −1 … +2: approved numbers lag enrolment, more often behind a shrinking school.
                let adjusted = (computed + rng.range(0, 3)).saturating_sub(1).max(1);
                schools[i].establishment = Some(adjusted);
            }
            // Rural schools keep the posts they were approved when they had more pupils, some
            // left vacant (空编): their headcount plus an eighth, or the computed number.
            for (s, &heads) in schools.iter_mut().zip(headcounts) {
                if s.area == Area::Rural {
                    let computed = computed_establishment(s, scenario);
                    s.establishment = Some(computed.max(heads + heads.div_ceil(8)));
                }
            }
        }
    }
}
