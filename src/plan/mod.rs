//! The optimizer: from a loaded scenario to the best plan the rules allow.
//!
//! Goals are solved lexicographically (see [`model`]); rules that cannot be met never make the
//! model infeasible: they are slack in the model and come back as [`GoalViolation`]s with the
//! teachers concerned listed as unplaced.

pub mod assign;
pub mod commitments;
pub mod cover;
pub mod diagnose;
pub mod edited;
pub mod error;
pub mod indicator_prep;
pub mod itinerant;
pub mod leaders;
pub mod model;
pub mod network;
pub mod prepare;
pub mod reference;
pub mod wishes;
pub mod wishes_first;

pub use assign::{Assignment, CoverageRow, CoveredBy, HirePlacement, ItinerantRow, MoveKind};
pub use diagnose::Unplaced;
pub use error::PlanError;
pub use model::{set_solver_traces, SolveOptions, SolveStatus, StageReport};

use crate::problem::Problem;
use std::collections::BTreeMap;

/// A rule the plan could not meet, in words a personnel office understands.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GoalViolation {
    pub code: &'static str,
    pub message: String,
    /// The same in Chinese.
    pub message_zh: String,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub assignments: Vec<Assignment>,
    pub hires: Vec<HirePlacement>,
    pub unplaced: Vec<Unplaced>,
    /// Who covers what at each school after the plan (coverage.csv).
    pub coverage: Vec<CoverageRow>,
    /// Itinerant teaching (itinerant.csv).
    pub itinerant: Vec<ItinerantRow>,
    /// Hires of the batches left unplaced: no vacant post where they would close a gap.
    pub hires_unspent: u32,
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
    /// The leaders' moves (leaders.csv), made before the teachers' plan: the rest of the plan
    /// is for the county with the moved leaders at their new schools ([`Plan::placed`]).
    pub leaders: leaders::LeaderPlan,
}

/// Plans the year for a loaded scenario: the leaders first, then the teachers of the county
/// with the moved leaders at their new schools.
pub fn plan(loaded: &Problem, opts: &SolveOptions) -> Result<Plan, PlanError> {
    let leaders = leaders::plan(loaded);
    let placed = leaders.place(loaded);
    let prep = prepare::prepare(&placed);
    let (prep, flows, stages) = if prep.goals.first() == Some(&crate::scenario::Goal::Wishes) {
        // the pure preference mode: applicants placed first, by points (docs/wishes.md)
        wishes_first::solve(&prep, &placed, opts)?
    } else {
        let (flows, stages) = model::solve(&prep, &placed.scenario, opts)?;
        (prep, flows, stages)
    };
    let (assignments, hires) = assign::assign(&prep, &placed.county, &flows);
    let mut stages = stages;
    // the pure preference mode's wishes stage (`wishes_first::solve`): the named plan's value
    if let Some(first) = stages.first_mut().filter(|_| prep.fixed_posts) {
        let net = wishes::Network {
            groups: &prep.groups,
            picks: &prep.picks,
            pools: &prep.pools,
            arcs: &prep.arcs,
        };
        first.objective = wishes::value(&placed, &prep.applicants, &net, &assignments);
    }
    Ok(complete(
        &prep,
        &placed,
        assignments,
        hires,
        stages,
        leaders,
    ))
}

impl Plan {
    /// The problem this plan's teachers were planned for: `loaded` with the moved leaders at
    /// their new schools (`loaded` itself, borrowed, when no leader moves). Every reader of
    /// the plan's figures works on it.
    pub fn placed<'a>(&self, loaded: &'a Problem) -> std::borrow::Cow<'a, Problem> {
        self.leaders.place(loaded)
    }
}

/// The plan of these decisions: coverage and itinerant teaching worked out, the exchange
/// teachers who only learn (跟岗) marked, the must-serve teachers left unplaced and the goals
/// missed. `stages` are the solve's; without any (a plan edited by hand, `from_record`), the
/// status is `Edited`.
fn complete(
    prep: &prepare::Prepared,
    loaded: &Problem,
    mut assignments: Vec<Assignment>,
    hires: Vec<HirePlacement>,
    stages: Vec<StageReport>,
    leaders: leaders::LeaderPlan,
) -> Plan {
    let county = &loaded.county;
    let scenario = &loaded.scenario;
    let (coverage, itinerant) = cover::decode(prep, county, scenario, &assignments, &hires);
    // An exchange teacher who teaches nothing at the school learns there (跟岗).
    let teaching: std::collections::BTreeSet<usize> = coverage
        .iter()
        .filter_map(|c| match c.by {
            CoveredBy::Exchange(t) => Some(t),
            _ => None,
        })
        .collect();
    for a in assignments
        .iter_mut()
        .filter(|a| a.kind == MoveKind::Exchange)
    {
        if !teaching.contains(&a.teacher) {
            a.reason = "exchange:shadow".into();
        }
    }
    let placed: u32 = hires.iter().map(|h| h.count).sum();
    let offered: u32 = county.hires.iter().map(|b| b.count).sum::<u32>()
        + loaded.commitments.budget.as_ref().map_or(0, |b| b.total);
    let hires_unspent = offered.saturating_sub(placed);

    let must_serve = diagnose::must_serve(prep);
    let ms_by_subject = diagnose::must_serve_by_subject(county, &must_serve);
    let posts_of = |subject: &str| diagnose::posts_of(prep, subject);
    let unplaced = diagnose::unplaced(prep, county, scenario, &assignments, &hires);

    let mut violations = leaders.violations(loaded);
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
        let detail_zh: Vec<String> = by_subject
            .iter()
            .map(|(s, n)| {
                let name = scenario.subjects.get(*s).map_or(*s, |d| d.zh.as_str());
                format!(
                    "{name} {n} 人（须交流 {} 人，空缺岗位 {} 个）",
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
            message_zh: format!(
                "{} 名必须交流的教师中有 {} 名无法安排：{}；名单见 unplaced.csv",
                must_serve.len(),
                unplaced.len(),
                detail_zh.join("，")
            ),
        });
    }
    let rotated = assignments
        .iter()
        .filter(|a| a.kind == MoveKind::Rotation)
        .count() as u32;
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
            message_zh: format!(
                "符合条件的 {} 名教师中交流 {rotated} 名（{:.1}%），低于要求的 {:.1}%（{} 名）：差 {} 名",
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
        .filter(|a| a.kind == MoveKind::Rotation)
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
            message_zh: format!(
                "交流的 {rotated} 名教师中骨干教师 {backbone} 名（{:.1}%），低于要求的 {:.1}%：差 {} 名",
                100.0 * backbone / (rotated.max(1) as f64),
                100.0 * scenario.policy.backbone_share,
                (need_bb - backbone - 1e-9).ceil()
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
            SolveStatus::Edited => 3,
        })
        .unwrap_or(SolveStatus::Edited);
    let last = stages.last();
    // the objective of the last goal of the scenario: a base plan's stability stage
    // (`plan --base`) is a tie-break after it, with its own value in `stages`
    let last_goal = (stages.iter().rev()).find(|s| s.goal != crate::scenario::Goal::Stability);
    Plan {
        objective: last_goal.map_or(0.0, |l| l.objective),
        mip_gap: stages.iter().map(|s| s.mip_gap).fold(0.0, f64::max),
        solve_seconds: stages.iter().map(|s| s.seconds).fold(0.0, |a, b| a + b),
        model_columns: last.map_or(0, |l| l.columns),
        model_rows: last.map_or(0, |l| l.rows),
        status,
        assignments,
        hires,
        unplaced,
        coverage,
        itinerant,
        hires_unspent,
        violations,
        stages,
        eligible: prep.eligible,
        rotation_target: prep.rotation_target,
        leaders,
    }
}
