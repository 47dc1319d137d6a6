//! What the `indicators` goal needs from the county, as data on `Prepared`: each school's
//! students and teacher tally before the plan (as `rules::indicators` counts them), its
//! school parts, and how one teacher of each group counts. Built only when the goal is in
//! `solver.goals`; the model turns it into rows in `indicator_goal` (model.rs).

use super::network::Group;
use crate::domain::{County, Education, Stage, Teacher};
use crate::rules::indicators::{
    school_parts, Indicator, IndicatorParams, Indicators, SchoolPart, StaffMember, StaffTally,
};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct IndicatorPrep {
    pub params: IndicatorParams,
    /// Students per school (the indicators are per 100 students of the whole school).
    pub students: Vec<f64>,
    /// Staff tally per school before the plan.
    pub before: Vec<StaffTally>,
    /// (school index, part) for every school part counted in the spread.
    pub parts: Vec<(usize, SchoolPart)>,
    /// Per group: how one of its teachers counts (education, backbone); the prepare step keeps
    /// both the same within a group and within a pool when the goal is on.
    pub members: Vec<(Option<Education>, bool)>,
}

/// The class of a teacher for the indicators beyond subject: education rank for L1 (none or
/// below 专科, 专科, 本科 or above) and backbone for L2. Groups and pools are split by it when
/// the goal is on, so that every flow moves teachers who count alike.
pub fn class(t: &Teacher) -> u8 {
    let edu = match t.education {
        Some(e) if e >= Education::Bachelor => 2,
        Some(e) if e >= Education::Associate => 1,
        _ => 0,
    };
    edu * 2 + u8::from(t.backbone.is_backbone())
}

pub fn prepare(county: &County, groups: &[Group]) -> IndicatorPrep {
    let params = IndicatorParams::default();
    let index: HashMap<&str, usize> = county
        .schools
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut before = vec![StaffTally::default(); county.schools.len()];
    for t in &county.teachers {
        if let Some(&s) = index.get(t.school_id.as_str()) {
            let m = StaffMember {
                education: t.education,
                backbone: t.backbone.is_backbone(),
                subject: &t.subject,
            };
            before[s].add(&m, &params, 1.0);
        }
    }
    let parts = county
        .schools
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            school_parts(s, &before[i], &before[i], &params)
                .into_iter()
                .filter(|p| p.in_spread)
                .map(move |p| (i, p))
        })
        .collect();
    let members = groups
        .iter()
        .map(|g| {
            let t = &county.teachers[g.members[0]];
            (t.education, t.backbone.is_backbone())
        })
        .collect();
    IndicatorPrep {
        params,
        students: county.schools.iter().map(|s| s.students as f64).collect(),
        before,
        parts,
        members,
    }
}

/// The value of the `indicators` goal for a plan, recomputed from its indicators (as
/// `rules::indicators::compute` gives them): (shortfall below the thresholds, shortfall
/// below the means before the plan), each summed over stages and indicators of the parts counted
/// in the spread, weighted by students and relative to its reference. Their sum is what the
/// goal's stage minimises (docs/model.md, "The indicators goal").
pub fn goal_value(ind: &Indicators) -> (f64, f64) {
    let (mut threshold_part, mut mean_part) = (0.0, 0.0);
    for stage in [Stage::Primary, Stage::Junior] {
        let parts: Vec<&SchoolPart> = ind
            .parts
            .iter()
            .filter(|p| p.stage == stage && p.in_spread)
            .collect();
        let total: f64 = parts.iter().map(|p| p.students).sum();
        if total <= 0.0 {
            continue;
        }
        for k in Indicator::ALL {
            let mean0 = parts
                .iter()
                .map(|p| p.students * p.value(k, false))
                .sum::<f64>()
                / total;
            for p in &parts {
                let (w, x, t) = (p.students / total, p.value(k, true), p.threshold(k));
                threshold_part += w * (t - x).max(0.0) / t;
                if mean0 > 1e-9 {
                    mean_part += w * (mean0 - x).max(0.0) / mean0;
                }
            }
        }
    }
    (threshold_part, mean_part)
}
