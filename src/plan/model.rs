//! The optimization model: integer flows of teacher groups to open posts and of hire batches to
//! schools, with one goal per stage (lexicographic). Each stage is built afresh from
//! [`Prepared`] (building is cheap next to solving) with the earlier goals held as constraints.

use super::prepare::Prepared;
use crate::scenario::{Goal, Presolve, Scenario};
use good_lp::solvers::highs::highs;
use good_lp::{
    variable, Expression, IntoAffineExpression, ProblemVariables, SolverModel, Variable,
};
use highs::HighsModelStatus;
use std::path::Path;
use std::time::Instant;

/// How a stage's solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SolveStatus {
    Optimal,
    /// Stopped at the time limit with a feasible plan.
    TimeLimit,
    /// Stopped at the MIP gap tolerance.
    GapLimit,
    /// No plan found (only without any slack; should not happen).
    Failed,
}

impl SolveStatus {
    pub fn key(self) -> &'static str {
        match self {
            SolveStatus::Optimal => "optimal",
            SolveStatus::TimeLimit => "time_limit",
            SolveStatus::GapLimit => "gap_limit",
            SolveStatus::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct StageReport {
    pub goal: Goal,
    pub status: SolveStatus,
    pub objective: f64,
    pub mip_gap: f64,
    pub seconds: f64,
    pub columns: usize,
    pub rows: usize,
}

/// Values of a solved stage.
#[derive(Debug, Clone)]
pub struct Flows {
    /// Teachers per arc.
    pub arcs: Vec<u32>,
    /// Hires per (hire option, school position).
    pub hires: Vec<Vec<u32>>,
}

struct Built {
    vars: ProblemVariables,
    /// Column index of each arc's variable (good_lp numbers columns in creation order).
    x: Vec<usize>,
    h: Vec<Vec<usize>>,
    constraints: Vec<good_lp::Constraint>,
    /// Expression and constant of each goal.
    goals: Vec<(Goal, Expression, f64)>,
}

fn build(prep: &Prepared, scenario: &Scenario) -> Built {
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = prep
        .arcs
        .iter()
        .map(|a| {
            let posts = prep.posts[&(a.to, a.subject.clone())];
            let ub = posts.min(prep.groups[a.group].members.len() as u32);
            vars.add(variable().integer().min(0).max(ub as f64))
        })
        .collect();
    let h: Vec<Vec<Variable>> = prep
        .hires
        .iter()
        .map(|o| {
            o.schools
                .iter()
                .map(|_| vars.add(variable().integer().min(0).max(o.count as f64)))
                .collect()
        })
        .collect();
    let mut constraints = Vec::new();

    // Per group, school, receiving school and post: how many move.
    let n_schools = prep.release_cap.len();
    let mut group_out: Vec<Expression> = vec![Expression::default(); prep.groups.len()];
    let mut school_out: Vec<Expression> = vec![Expression::default(); n_schools];
    let mut beds_in: Vec<Expression> = vec![Expression::default(); n_schools];
    let mut post_in: std::collections::BTreeMap<(usize, &str), Expression> = Default::default();
    // Staff change per cell.
    let mut delta: Vec<Expression> = vec![Expression::default(); prep.cells.len()];
    let mut touched = vec![false; prep.cells.len()];
    let mut total = Expression::default();
    let mut backbone = Expression::default();
    let mut must_serve = Expression::default();
    let mut travel = Expression::default();
    for (a, arc) in prep.arcs.iter().enumerate() {
        let g = &prep.groups[arc.group];
        group_out[arc.group].add_mul(1.0, x[a]);
        school_out[g.school].add_mul(1.0, x[a]);
        if arc.needs_bed {
            beds_in[arc.to].add_mul(1.0, x[a]);
        }
        post_in
            .entry((arc.to, arc.subject.as_str()))
            .or_default()
            .add_mul(1.0, x[a]);
        if let Some(&c) = prep.cell_index.get(&(g.school, g.main_subject.clone())) {
            delta[c].add_mul(-1.0, x[a]);
            touched[c] = true;
        }
        let c = prep.cell_index[&(arc.to, arc.subject.clone())];
        delta[c].add_mul(1.0, x[a]);
        touched[c] = true;
        total.add_mul(1.0, x[a]);
        if g.backbone {
            backbone.add_mul(1.0, x[a]);
        }
        if g.must_serve {
            must_serve.add_mul(1.0, x[a]);
        }
        travel.add_mul(arc.cost, x[a]);
    }
    for (o, opt) in prep.hires.iter().enumerate() {
        let mut placed = Expression::default();
        for (k, &(school, cost)) in opt.schools.iter().enumerate() {
            placed.add_mul(1.0, h[o][k]);
            travel.add_mul(cost, h[o][k]);
            if let Some(&c) = prep.cell_index.get(&(school, opt.subject.clone())) {
                delta[c].add_mul(1.0, h[o][k]);
                touched[c] = true;
            }
        }
        if !opt.schools.is_empty() {
            constraints.push(placed.eq(opt.count as f64));
        }
    }
    for (g, e) in group_out.into_iter().enumerate() {
        if has_terms(&e) {
            constraints.push(e.leq(prep.groups[g].members.len() as f64));
        }
    }
    for (s, e) in school_out.into_iter().enumerate() {
        if has_terms(&e) {
            constraints.push(e.leq(prep.release_cap[s] as f64));
        }
    }
    for (r, e) in beds_in.into_iter().enumerate() {
        if let (Some(beds), true) = (prep.beds[r], has_terms(&e)) {
            constraints.push(e.leq(beds as f64));
        }
    }
    for ((r, s), e) in post_in {
        constraints.push(e.leq(prep.posts[&(r, s.to_string())] as f64));
    }

    // Gap after the plan: y_c ≥ need − (staff + delta), y_c ≥ 0, for cells the plan can move.
    let mut gap = Expression::default();
    let mut gap_const = 0.0;
    for (c, cell) in prep.cells.iter().enumerate() {
        if touched[c] && cell.need > 0.0 {
            let y = vars.add(variable().min(0));
            gap.add_mul(cell.weight, y);
            let d = std::mem::take(&mut delta[c]);
            constraints.push((d + y).geq(cell.need - cell.staff));
        } else {
            gap_const += cell.weight * (cell.need - cell.staff).max(0.0);
        }
    }

    // Shares: shortfalls as slack so that the plan always exists.
    let v_rot = vars.add(variable().min(0));
    let v_bb = vars.add(variable().min(0));
    constraints.push((total.clone() + v_rot).geq(prep.rotation_target as f64));
    let share = scenario.policy.backbone_share;
    constraints.push((backbone + v_bb - share * total).geq(0.0));
    let mut shares = Expression::default();
    shares.add_mul(1.0, v_rot);
    shares.add_mul(1.0, v_bb);

    let ms_total: usize = prep
        .groups
        .iter()
        .filter(|g| g.must_serve)
        .map(|g| g.members.len())
        .sum();
    let goals = vec![
        (Goal::MustServe, -must_serve, ms_total as f64),
        (Goal::Gap, gap, gap_const),
        (Goal::Shares, shares, 0.0),
        (Goal::Travel, travel, 0.0),
    ];
    // Variables were created arcs first, then hires, so their columns are their positions.
    let x_cols = (0..x.len()).collect();
    let mut next = x.len();
    let h_cols = h
        .iter()
        .map(|row| {
            let cols = (next..next + row.len()).collect();
            next += row.len();
            cols
        })
        .collect();
    Built {
        vars,
        x: x_cols,
        h: h_cols,
        constraints,
        goals,
    }
}

fn has_terms(e: &Expression) -> bool {
    e.linear_coefficients().next().is_some()
}

/// Options for the whole lexicographic solve.
#[derive(Debug, Clone)]
pub struct SolveOptions {
    pub time_limit_seconds: f64,
    /// Write the last stage's model here (.lp or .mps).
    pub export_model: Option<std::path::PathBuf>,
}

/// Solves the goals in the scenario's order. Returns the final flows and one report per stage.
pub fn solve(
    prep: &Prepared,
    scenario: &Scenario,
    opts: &SolveOptions,
) -> Result<(Flows, Vec<StageReport>), String> {
    let started = Instant::now();
    let mut held: Vec<(Goal, f64)> = Vec::new();
    let mut reports = Vec::new();
    let mut last: Option<Flows> = None;
    let goals = &scenario.solver.goals;
    for (k, &goal) in goals.iter().enumerate() {
        let remaining = (opts.time_limit_seconds - started.elapsed().as_secs_f64()).max(1.0);
        let export = if k + 1 == goals.len() {
            opts.export_model.as_deref()
        } else {
            None
        };
        let (flows, report) = solve_stage(prep, scenario, goal, &held, remaining, export)?;
        let tol = scenario.solver.stage_tolerance * report.objective.abs().max(1.0);
        held.push((goal, report.objective + tol));
        let stop = report.status == SolveStatus::TimeLimit;
        reports.push(report);
        last = Some(flows);
        if stop {
            break;
        }
    }
    let flows = last.ok_or("no goals configured in solver.goals")?;
    Ok((flows, reports))
}

fn solve_stage(
    prep: &Prepared,
    scenario: &Scenario,
    goal: Goal,
    held: &[(Goal, f64)],
    time_limit: f64,
    export: Option<&Path>,
) -> Result<(Flows, StageReport), String> {
    let Built {
        vars,
        x,
        h,
        mut constraints,
        goals,
    } = build(prep, scenario);
    let find = |g: Goal| {
        goals
            .iter()
            .find(|(k, _, _)| *k == g)
            .expect("every goal built")
    };
    for &(g, bound) in held {
        let (_, expr, constant) = find(g);
        if has_terms(expr) {
            constraints.push(expr.clone().leq(bound - constant));
        }
    }
    let (_, objective, constant) = find(goal);
    let constant = *constant;
    let columns = vars.len();
    let rows = constraints.len();
    let mut problem = vars.minimise(objective.clone()).using(highs);
    for c in constraints {
        problem.add_constraint(c);
    }
    let mut model = problem.into_inner();
    let settings = &scenario.solver;
    model.make_quiet();
    model.set_option("threads", settings.threads.max(1) as i32);
    model.set_option("random_seed", settings.random_seed as i32);
    model.set_option("time_limit", time_limit);
    model.set_option("mip_rel_gap", settings.mip_rel_gap);
    let presolve = match settings.presolve {
        Presolve::Auto => "choose",
        Presolve::On => "on",
        Presolve::Off => "off",
    };
    model.set_option("presolve", presolve);
    if let Some(path) = export {
        write_model(&mut model, path)?;
    }
    let t = Instant::now();
    let solved = model
        .try_solve()
        .map_err(|e| format!("HiGHS failed while solving the {} stage: {e:?}", goal.key()))?;
    let seconds = t.elapsed().as_secs_f64();
    let mip_gap = {
        let g = solved.mip_gap();
        if g.is_finite() {
            g.max(0.0)
        } else {
            0.0
        }
    };
    let status = match solved.status() {
        HighsModelStatus::Optimal => {
            if mip_gap > 1e-9 {
                SolveStatus::GapLimit
            } else {
                SolveStatus::Optimal
            }
        }
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt => SolveStatus::TimeLimit,
        other => {
            return Err(format!(
                "HiGHS ended the {} stage with status {other:?}",
                goal.key()
            ))
        }
    };
    if solved.primal_solution_status() != highs::HighsSolutionStatus::Feasible {
        return Err(format!(
            "HiGHS found no plan within the time limit in the {} stage; raise --time-limit",
            goal.key()
        ));
    }
    let solution = solved.get_solution();
    let values = solution.columns();
    let round = |col: usize| values[col].round().max(0.0) as u32;
    let flows = Flows {
        arcs: x.iter().map(|&c| round(c)).collect(),
        hires: h
            .iter()
            .map(|row| row.iter().map(|&c| round(c)).collect())
            .collect(),
    };
    // Objective from the rounded flows would differ only by solver tolerances.
    let objective = solved.objective_value() + constant;
    Ok((
        flows,
        StageReport {
            goal,
            status,
            objective,
            mip_gap,
            seconds,
            columns,
            rows,
        },
    ))
}

/// Writes the model in the format HiGHS infers from the extension (.lp, .mps).
fn write_model(model: &mut highs::Model, path: &Path) -> Result<(), String> {
    let c_path = std::ffi::CString::new(path.to_string_lossy().as_bytes())
        .map_err(|_| format!("model path {} contains a NUL byte", path.display()))?;
    // SAFETY: the pointer comes from a live highs::Model; HiGHS copies the path string.
    let status = unsafe { highs_sys::Highs_writeModel(model.as_mut_ptr(), c_path.as_ptr()) };
    if status == highs_sys::STATUS_ERROR {
        return Err(format!(
            "HiGHS could not write the model to {}",
            path.display()
        ));
    }
    Ok(())
}
