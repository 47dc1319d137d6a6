//! The optimizer: from a loaded scenario to the best plan the rules allow.
//!
//! Goals are solved lexicographically (see [`model`]); rules that cannot be met never make the
//! model infeasible: they are slack in the model and come back as [`GoalViolation`]s with the
//! teachers concerned listed as unplaced.

pub mod assign;
pub mod error;
pub mod indicator_prep;
pub mod model;
pub mod prepare;
pub mod reference;
pub mod whatif;

pub use assign::{Assignment, HirePlacement};
pub use error::PlanError;
pub use model::{SolveOptions, SolveStatus, StageReport};

use crate::input::Loaded;
use std::collections::BTreeMap;

/// A rule the plan could not meet, in words a personnel office understands.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GoalViolation {
    pub code: &'static str,
    pub message: String,
}

/// A must-serve teacher left without a post.
#[derive(Debug, Clone, PartialEq)]
pub struct Unplaced {
    pub teacher: usize,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub assignments: Vec<Assignment>,
    pub hires: Vec<HirePlacement>,
    pub unplaced: Vec<Unplaced>,
    pub violations: Vec<GoalViolation>,
    pub stages: Vec<StageReport>,
    /// Worst status over the stages.
    pub status: SolveStatus,
    /// Objective of the last stage solved.
    pub objective: f64,
    /// Largest MIP gap over the stages.
    pub mip_gap: f64,
    pub solve_seconds: f64,
    pub eligible: usize,
    pub rotation_target: u32,
    pub model_columns: usize,
    pub model_rows: usize,
}

/// Plans the year for a loaded scenario.
pub fn plan(loaded: &Loaded, opts: &SolveOptions) -> Result<Plan, PlanError> {
    let prep = prepare::prepare(loaded);
    let (flows, stages) = model::solve(&prep, &loaded.scenario, opts)?;
    let (assignments, hires) = assign::assign(&prep, &loaded.county, &flows);
    let county = &loaded.county;
    let scenario = &loaded.scenario;

    let placed: std::collections::BTreeSet<usize> = assignments.iter().map(|a| a.teacher).collect();
    let must_serve: Vec<usize> = (0..county.teachers.len())
        .filter(|&t| prep.statuses[t].eligible && prep.statuses[t].must_serve.is_some())
        .collect();
    let mut sent = vec![0u32; county.schools.len()];
    for a in &assignments {
        sent[prep.teacher_school[a.teacher]] += 1;
    }
    let posts_of = |subject: &str| -> u32 {
        prep.posts
            .iter()
            .filter(|((_, s), _)| s == subject)
            .map(|(_, &n)| n)
            .sum()
    };
    let mut ms_by_subject: BTreeMap<&str, usize> = BTreeMap::new();
    for &t in &must_serve {
        *ms_by_subject
            .entry(county.teachers[t].subject.as_str())
            .or_default() += 1;
    }
    // What the plan leaves of each post and each school's housing, to say what blocked a
    // must-serve teacher.
    let commute = scenario.policy.commute_km;
    let needs_bed = |from: usize, to: usize| {
        prepare::distance(&county.schools[from], &county.schools[to]).is_none_or(|d| d > commute)
    };
    let mut arrived: BTreeMap<(usize, &str), u32> = BTreeMap::new();
    let mut beds_used = vec![0u32; county.schools.len()];
    for a in &assignments {
        *arrived.entry((a.to, a.subject.as_str())).or_default() += 1;
        if needs_bed(prep.teacher_school[a.teacher], a.to) {
            beds_used[a.to] += 1;
        }
    }
    let mut unplaced = Vec::new();
    for &t in must_serve.iter().filter(|t| !placed.contains(t)) {
        let teacher = &county.teachers[t];
        let school = prep.teacher_school[t];
        let s = teacher.subject.as_str();
        let zh = scenario.subjects.get(s).map(|d| d.zh.as_str()).unwrap_or(s);
        let mut reason = format!(
            "{} must-serve {s} ({zh}) teachers, {} open {s} posts at receiving schools",
            ms_by_subject[s],
            posts_of(s)
        );
        if prep.whatif.stays.contains(&t) {
            reason = "locked to stay (locks file)".to_string();
        } else if teacher.extra_subjects.is_empty() {
            reason.push_str("; no extra subject");
        }
        if sent[school] >= prep.release_cap[school] {
            reason.push_str(&format!(
                "; school {} already sends its maximum of {} (max_send_share)",
                county.schools[school].id, prep.release_cap[school]
            ));
        }
        let open: Vec<usize> = prep
            .posts
            .iter()
            .filter(|((r, subject), &n)| {
                subject == s && *r != school && arrived.get(&(*r, s)).copied().unwrap_or(0) < n
            })
            .map(|((r, _), _)| *r)
            .collect();
        let housing_full: Vec<&str> = open
            .iter()
            .filter(|&&r| needs_bed(school, r) && prep.beds[r].is_some_and(|b| beds_used[r] >= b))
            .map(|&r| county.schools[r].id.as_str())
            .collect();
        if open.is_empty() {
            reason.push_str(&format!("; every open {s} post is filled"));
        } else if housing_full.len() == open.len() {
            reason.push_str(&format!(
                "; the schools with open {s} posts left ({}) have no free housing bed for a teacher from beyond {commute} km",
                housing_full.join(", ")
            ));
        }
        unplaced.push(Unplaced { teacher: t, reason });
    }

    let mut violations = Vec::new();
    if !unplaced.is_empty() {
        let mut by_subject: BTreeMap<&str, usize> = BTreeMap::new();
        for u in &unplaced {
            *by_subject
                .entry(county.teachers[u.teacher].subject.as_str())
                .or_default() += 1;
        }
        let detail: Vec<String> = by_subject
            .iter()
            .map(|(s, n)| {
                format!(
                    "{n} {s} ({} must serve, {} open posts)",
                    ms_by_subject[s],
                    posts_of(s)
                )
            })
            .collect();
        violations.push(GoalViolation {
            code: "C-MUST-SERVE",
            message: format!(
                "{} of {} must-serve teachers could not be placed: {}; listed in unplaced.csv",
                unplaced.len(),
                must_serve.len(),
                detail.join(", ")
            ),
        });
    }
    let rotated = assignments.len() as u32;
    if rotated < prep.rotation_target {
        violations.push(GoalViolation {
            code: "C-ROTATION-SHARE",
            message: format!(
                "{rotated} of {} eligible teachers rotate ({:.1}%), below the required {:.1}% ({} teachers): short by {}",
                prep.eligible,
                100.0 * rotated as f64 / prep.eligible.max(1) as f64,
                100.0 * scenario.policy.rotation_share,
                prep.rotation_target,
                prep.rotation_target - rotated
            ),
        });
    }
    let backbone = assignments
        .iter()
        .filter(|a| county.teachers[a.teacher].backbone.is_backbone())
        .count() as f64;
    let need_bb = scenario.policy.backbone_share * rotated as f64;
    if backbone + 1e-9 < need_bb {
        violations.push(GoalViolation {
            code: "C-BACKBONE-SHARE",
            message: format!(
                "{backbone} backbone teachers among {rotated} rotated ({:.1}%), below the required {:.1}%: short by {}",
                100.0 * backbone / (rotated.max(1) as f64),
                100.0 * scenario.policy.backbone_share,
                (need_bb - backbone - 1e-9).ceil()
            ),
        });
    }
    for opt in prep.hires.iter().filter(|o| o.schools.is_empty()) {
        violations.push(GoalViolation {
            code: "C-HIRE-COUNT",
            message: format!(
                "{} {} hires ({}) have no school in their allowed areas and stay unplaced",
                opt.count,
                opt.subject,
                opt.programme.key()
            ),
        });
    }

    let status = stages
        .iter()
        .map(|s| s.status)
        .max_by_key(|s| match s {
            SolveStatus::Optimal => 0,
            SolveStatus::GapLimit => 1,
            SolveStatus::TimeLimit => 2,
        })
        .unwrap_or(SolveStatus::Optimal);
    let last = stages.last().expect("at least one stage");
    Ok(Plan {
        objective: last.objective,
        mip_gap: stages.iter().map(|s| s.mip_gap).fold(0.0, f64::max),
        solve_seconds: stages.iter().map(|s| s.seconds).sum(),
        model_columns: last.columns,
        model_rows: last.rows,
        status,
        assignments,
        hires,
        unplaced,
        violations,
        stages,
        eligible: prep.eligible,
        rotation_target: prep.rotation_target,
    })
}
