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
}

impl SolveStatus {
    pub fn key(self) -> &'static str {
        match self {
            SolveStatus::Optimal => "optimal",
            SolveStatus::TimeLimit => "time_limit",
            SolveStatus::GapLimit => "gap_limit",
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
    /// Teachers per pick (group → pool).
    pub picks: Vec<u32>,
    /// Teachers per arc (pool → receiving school).
    pub arcs: Vec<u32>,
    /// Hires per (hire option, school position).
    pub hires: Vec<Vec<u32>>,
}

/// The gap columns of one cell, to set them to their least feasible values given the flows.
enum CellVars {
    /// Slots (column, capacity), filled in order by the arrivals.
    Receive {
        inflow: Vec<usize>,
        slots: Vec<(usize, f64)>,
    },
    /// Slots (column, capacity), filled in order by the departures.
    Send {
        outflow: Vec<usize>,
        slots: Vec<(usize, f64)>,
    },
    /// y ≥ short − in + out.
    Mixed {
        col: usize,
        short: f64,
        inflow: Vec<usize>,
        outflow: Vec<usize>,
    },
}

struct Built {
    vars: ProblemVariables,
    cells: Vec<CellVars>,
    /// Shares slack: (v_rot column, v_bb column).
    v: (usize, usize),
    constraints: Vec<good_lp::Constraint>,
    goals: Vec<GoalExpr>,
}

/// One goal: its expression, constant term, the same as (column, coefficient) pairs for
/// evaluating a known solution, and the granularity of its values (1 for counts, 0.1 for
/// travel, 0 when continuous), with which a MIP gap below one step proves optimality.
struct GoalExpr {
    goal: Goal,
    expr: Expression,
    constant: f64,
    terms: Vec<(usize, f64)>,
    step: f64,
}

impl GoalExpr {
    fn new(goal: Goal, constant: f64, step: f64) -> Self {
        GoalExpr {
            goal,
            expr: Expression::default(),
            constant,
            terms: Vec::new(),
            step,
        }
    }
    fn add(&mut self, coef: f64, var: Variable, col: usize) {
        self.expr.add_mul(coef, var);
        self.terms.push((col, coef));
    }
    fn value(&self, cols: &[f64]) -> f64 {
        self.constant + self.terms.iter().map(|&(c, k)| k * cols[c]).sum::<f64>()
    }
    /// A value no plan can go below, known without solving: 0 for counts and travel; none for
    /// the gap, whose slots may lower it below its constant.
    fn lower_bound(&self) -> f64 {
        match self.goal {
            Goal::MustServe | Goal::Shares | Goal::Travel => 0.0,
            Goal::Gap => f64::NEG_INFINITY,
        }
    }
}

fn build(prep: &Prepared, scenario: &Scenario) -> Built {
    let mut vars = ProblemVariables::new();
    let mut post_total: std::collections::BTreeMap<&str, u32> = Default::default();
    for ((_, subject), &n) in &prep.posts {
        *post_total.entry(subject.as_str()).or_default() += n;
    }
    let x1: Vec<Variable> = prep
        .picks
        .iter()
        .map(|p| {
            let subject = prep.pools[p.pool].subject.as_str();
            let ub = post_total[subject].min(prep.groups[p.group].members.len() as u32);
            vars.add(variable().integer().min(0).max(ub as f64))
        })
        .collect();
    let x: Vec<Variable> = prep
        .arcs
        .iter()
        .map(|a| {
            let ub = prep.posts[&(a.to, a.subject.clone())];
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
    // Teachers and hires arriving in and leaving each cell: (column, variable).
    let mut inflow: Vec<Vec<(usize, Variable)>> = vec![Vec::new(); prep.cells.len()];
    let mut outflow: Vec<Vec<(usize, Variable)>> = vec![Vec::new(); prep.cells.len()];
    let mut total = Expression::default();
    let mut backbone = Expression::default();
    let ms_total: usize = prep
        .groups
        .iter()
        .filter(|g| g.must_serve)
        .map(|g| g.members.len())
        .sum();
    let mut must_serve = GoalExpr::new(Goal::MustServe, ms_total as f64, 1.0);
    let mut travel = GoalExpr::new(Goal::Travel, 0.0, TRAVEL_STEP);
    let mut pool_balance: Vec<Expression> = vec![Expression::default(); prep.pools.len()];
    for (p, pick) in prep.picks.iter().enumerate() {
        let g = &prep.groups[pick.group];
        group_out[pick.group].add_mul(1.0, x1[p]);
        school_out[g.school].add_mul(1.0, x1[p]);
        pool_balance[pick.pool].add_mul(1.0, x1[p]);
        if let Some(&c) = prep.cell_index.get(&(g.school, g.main_subject.clone())) {
            outflow[c].push((p, x1[p]));
        }
        total.add_mul(1.0, x1[p]);
        if g.backbone {
            backbone.add_mul(1.0, x1[p]);
        }
        if g.must_serve {
            must_serve.add(-1.0, x1[p], p);
        }
        if pick.cost > 0.0 {
            travel.add(travel_cost(pick.cost), x1[p], p);
        }
    }
    let first_arc = x1.len();
    for (a, arc) in prep.arcs.iter().enumerate() {
        let col = first_arc + a;
        pool_balance[arc.pool].add_mul(-1.0, x[a]);
        if arc.needs_bed {
            beds_in[arc.to].add_mul(1.0, x[a]);
        }
        post_in
            .entry((arc.to, arc.subject.as_str()))
            .or_default()
            .add_mul(1.0, x[a]);
        inflow[prep.cell_index[&(arc.to, arc.subject.clone())]].push((col, x[a]));
        travel.add(travel_cost(arc.cost), x[a], col);
    }
    for e in pool_balance {
        constraints.push(e.eq(0.0));
    }
    let mut next_col = x1.len() + x.len();
    for (o, opt) in prep.hires.iter().enumerate() {
        let mut placed = Expression::default();
        for (k, &(school, cost)) in opt.schools.iter().enumerate() {
            placed.add_mul(1.0, h[o][k]);
            travel.add(travel_cost(cost), h[o][k], next_col);
            if let Some(&c) = prep.cell_index.get(&(school, opt.subject.clone())) {
                inflow[c].push((next_col, h[o][k]));
            }
            next_col += 1;
        }
        if !opt.schools.is_empty() && !prep.whatif.in_budget(o) {
            constraints.push(placed.eq(opt.count as f64));
        }
    }
    constraints.extend(whatif_rows(prep, &x1, &x, &h));
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

    // Gap after the plan, cell by cell (see docs/model.md, "The gap goal"): cells that only
    // receive gain in unit slots, cells that only send lose in unit slots; both are linear per
    // teacher, which keeps the LP relaxation close to the integer optimum. Cells that may both
    // receive and send use the general form y ≥ need − staff − in + out.
    let mut gap = GoalExpr::new(Goal::Gap, 0.0, 0.0);
    let mut cell_vars = Vec::new();
    let add_var = |vars: &mut ProblemVariables, max: f64| {
        let col = vars.len();
        (col, vars.add(variable().min(0).max(max)))
    };
    for (c, cell) in prep.cells.iter().enumerate() {
        let (w, short) = (cell.weight, cell.need - cell.staff);
        let (ins, outs) = (&inflow[c], &outflow[c]);
        let before = w * short.max(0.0);
        if ins.is_empty() && outs.is_empty() {
            gap.constant += before;
        } else if outs.is_empty() {
            if short <= 0.0 {
                continue;
            }
            // gain w per filled whole slot, w·frac for the last, partial one
            gap.constant += before;
            let full = short.floor();
            let frac = short - full;
            let mut slots = Vec::new();
            let mut sum = Expression::default();
            for (cap, gain) in [(full, w), (1.0, w * frac)] {
                if cap > 0.0 && gain > 0.0 {
                    let (col, z) = add_var(&mut vars, cap);
                    gap.add(-gain, z, col);
                    sum.add_mul(1.0, z);
                    slots.push((col, cap));
                }
            }
            let mut arrivals = Expression::default();
            for &(_, v) in ins {
                arrivals.add_mul(1.0, v);
            }
            constraints.push(sum.leq(arrivals));
            cell_vars.push(CellVars::Receive {
                inflow: ins.iter().map(|p| p.0).collect(),
                slots,
            });
        } else if ins.is_empty() {
            gap.constant += before;
            let surplus = -short;
            if surplus <= 0.0 {
                // already short: every departure adds a whole teacher to the gap
                for &(col, v) in outs {
                    gap.add(w, v, col);
                }
                continue;
            }
            // free departures up to the surplus, then 1 − frac, then w per teacher
            let free = surplus.floor();
            let frac = surplus - free;
            let mut slots = Vec::new();
            let mut sum = Expression::default();
            let partial = if frac > 0.0 { 1.0 } else { 0.0 };
            for (cap, cost) in [(free, 0.0), (partial, w * (1.0 - frac)), (f64::INFINITY, w)] {
                if cap > 0.0 {
                    let (col, u) = add_var(&mut vars, cap);
                    if cost > 0.0 {
                        gap.add(cost, u, col);
                    }
                    sum.add_mul(1.0, u);
                    slots.push((col, cap));
                }
            }
            let mut departures = Expression::default();
            for &(_, v) in outs {
                departures.add_mul(1.0, v);
            }
            constraints.push(sum.geq(departures));
            cell_vars.push(CellVars::Send {
                outflow: outs.iter().map(|p| p.0).collect(),
                slots,
            });
        } else {
            let (col, y) = add_var(&mut vars, f64::INFINITY);
            gap.add(w, y, col);
            let mut change = Expression::default();
            for &(_, v) in ins {
                change.add_mul(1.0, v);
            }
            for &(_, v) in outs {
                change.add_mul(-1.0, v);
            }
            constraints.push((change + y).geq(short));
            cell_vars.push(CellVars::Mixed {
                col,
                short,
                inflow: ins.iter().map(|p| p.0).collect(),
                outflow: outs.iter().map(|p| p.0).collect(),
            });
        }
    }

    // Shares: shortfalls (in whole teachers) as slack so that the plan always exists.
    let mut shares = GoalExpr::new(Goal::Shares, 0.0, 1.0);
    let col = vars.len();
    let v_rot = vars.add(variable().integer().min(0));
    shares.add(1.0, v_rot, col);
    let v_bb = vars.add(variable().integer().min(0));
    shares.add(1.0, v_bb, col + 1);
    constraints.push((total.clone() + v_rot).geq(prep.rotation_target as f64));
    let share = scenario.policy.backbone_share;
    constraints.push((backbone + v_bb - share * total).geq(0.0));

    let goals = vec![must_serve, gap, shares, travel];
    let v = (col, col + 1);
    Built {
        vars,
        cells: cell_vars,
        v,
        constraints,
        goals,
    }
}

fn has_terms(e: &Expression) -> bool {
    e.linear_coefficients().next().is_some()
}

/// Travel costs are rounded to this step (km-equivalents), so the travel goal takes values on a
/// grid and a MIP gap below one step proves the optimum exactly.
pub const TRAVEL_STEP: f64 = 0.1;

fn travel_cost(cost: f64) -> f64 {
    (cost / TRAVEL_STEP).round() * TRAVEL_STEP
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
    let mut incumbent: Option<Vec<f64>> = None;
    let goals = &scenario.solver.goals;
    if goals.is_empty() {
        return Err("no goals configured in solver.goals".into());
    }
    for (k, &goal) in goals.iter().enumerate() {
        let remaining = (opts.time_limit_seconds - started.elapsed().as_secs_f64()).max(1.0);
        let export = if k + 1 == goals.len() {
            opts.export_model.as_deref()
        } else {
            None
        };
        let stage = Stage {
            goal,
            held: &held,
            time_limit: remaining,
            export,
            start: incumbent.as_deref(),
        };
        let (cols, report) = solve_stage(prep, scenario, &stage)?;
        let tol = scenario.solver.stage_tolerance * report.objective.abs().max(1.0);
        held.push((goal, report.objective + tol));
        let stop = report.status == SolveStatus::TimeLimit;
        reports.push(report);
        incumbent = Some(cols);
        if stop {
            break;
        }
    }
    let cols = incumbent.expect("at least one stage ran");
    // Columns: picks, then arcs, then hires option by option (see `build`).
    let round = |col: usize| cols[col].round().max(0.0) as u32;
    let (n1, n2) = (prep.picks.len(), prep.arcs.len());
    let mut next = n1 + n2;
    let flows = Flows {
        picks: (0..n1).map(round).collect(),
        arcs: (n1..n1 + n2).map(round).collect(),
        hires: prep
            .hires
            .iter()
            .map(|o| {
                let row = (next..next + o.schools.len()).map(round).collect();
                next += o.schools.len();
                row
            })
            .collect(),
    };
    Ok((flows, reports))
}

struct Stage<'a> {
    goal: Goal,
    held: &'a [(Goal, f64)],
    time_limit: f64,
    export: Option<&'a Path>,
    /// The previous stage's solution: feasible for this stage, used as its starting plan.
    start: Option<&'a [f64]>,
}

fn solve_stage(
    prep: &Prepared,
    scenario: &Scenario,
    stage: &Stage,
) -> Result<(Vec<f64>, StageReport), String> {
    let goal = stage.goal;
    let Built {
        vars,
        cells,
        v,
        mut constraints,
        goals,
    } = build(prep, scenario);
    // Every stage starts from a plan: the previous stage's, or for the first stage the plan
    // that moves nobody and puts each hire batch at its first school. So a stage stopped by
    // the time limit still returns a plan that keeps every hard rule.
    let base = match stage.start {
        Some(s) => s.to_vec(),
        None => trivial_start(prep, vars.len()),
    };
    let polished = polish(prep, scenario, &base, &cells, v);
    let stage = &Stage {
        start: Some(&polished),
        ..*stage
    };
    let find = |g: Goal| {
        goals
            .iter()
            .find(|e| e.goal == g)
            .expect("every goal built")
    };
    for &(g, bound) in stage.held {
        let e = find(g);
        if has_terms(&e.expr) {
            constraints.push(e.expr.clone().leq(bound - e.constant));
        }
    }
    let target = find(goal);
    let columns = vars.len();
    let rows = constraints.len();
    let mut problem = vars.minimise(target.expr.clone()).using(highs);
    for c in constraints {
        problem.add_constraint(c);
    }
    let mut model = problem.into_inner();
    let settings = &scenario.solver;
    model.make_quiet();
    if std::env::var_os("ROTAPLAN_HIGHS_LOG").is_some() {
        // For diagnosing slow solves: HiGHS's own log on the console.
        model.set_option("output_flag", true);
        model.set_option("log_to_console", true);
    }
    model.set_option("threads", settings.threads.max(1) as i32);
    model.set_option("random_seed", settings.random_seed as i32);
    model.set_option("time_limit", stage.time_limit);
    model.set_option("mip_rel_gap", settings.mip_rel_gap);
    if target.step > 0.0 {
        // Values lie on a grid: closing the gap below one step is a proof of optimality, so
        // ask for exactly that instead of a relative tolerance.
        model.set_option("mip_abs_gap", 0.99 * target.step);
        model.set_option("mip_rel_gap", 0.0);
    }
    let presolve = match settings.presolve {
        Presolve::Auto => "choose",
        Presolve::On => "on",
        Presolve::Off => "off",
    };
    model.set_option("presolve", presolve);
    if let Some(path) = stage.export {
        name_columns(&mut model, prep, v, columns);
        write_model(&mut model, path)?;
    }
    let report = |status, objective, mip_gap, seconds| StageReport {
        goal,
        status,
        objective,
        mip_gap,
        seconds,
        columns,
        rows,
    };
    if let Some(start) = stage.start {
        // The previous plan already reaches this goal's lower bound: it is optimal as it is.
        let value = target.value(start);
        if value <= target.lower_bound() + 1e-9 {
            return Ok((
                start.to_vec(),
                report(SolveStatus::Optimal, value, 0.0, 0.0),
            ));
        }
        model.set_solution(Some(start), None, None, None);
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
    let proven = mip_gap <= 1e-9
        || (target.step > 0.0 && mip_gap * solved.objective_value().abs() < target.step);
    let status = match solved.status() {
        HighsModelStatus::Optimal if proven => SolveStatus::Optimal,
        HighsModelStatus::Optimal => SolveStatus::GapLimit,
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
    // The objective as the plan has it (slack set to its least value), which is what the
    // plan files show, also when the time limit stopped the solver early.
    let cols = polish(prep, scenario, solved.get_solution().columns(), &cells, v);
    let objective = target.value(&cols);
    let mip_gap = if status == SolveStatus::Optimal {
        0.0
    } else {
        mip_gap
    };
    Ok((cols, report(status, objective, mip_gap, seconds)))
}

/// The plan that rotates nobody and places every hire batch at its first allowed school.
fn trivial_start(prep: &Prepared, columns: usize) -> Vec<f64> {
    let mut cols = vec![0.0; columns];
    let mut next = prep.picks.len() + prep.arcs.len();
    for o in &prep.hires {
        if !o.schools.is_empty() {
            cols[next] = o.count as f64;
        }
        next += o.schools.len();
    }
    whatif_start(prep, &mut cols);
    cols
}

/// Sets every slack column of a solution to the least value its rows allow, given the flows:
/// the solver leaves slack that no goal of its stage prices wherever it likes, and a later goal
/// must see the plan's true value.
fn polish(
    prep: &Prepared,
    scenario: &Scenario,
    start: &[f64],
    cells: &[CellVars],
    (v_rot, v_bb): (usize, usize),
) -> Vec<f64> {
    let mut cols = start.to_vec();
    let sum = |cols: &[f64], of: &[usize]| of.iter().map(|&c| cols[c].round()).sum::<f64>();
    for cell in cells {
        match cell {
            CellVars::Receive {
                inflow: flow,
                slots,
            }
            | CellVars::Send {
                outflow: flow,
                slots,
            } => {
                let mut left = sum(&cols, flow);
                for &(col, cap) in slots {
                    cols[col] = left.min(cap).max(0.0);
                    left -= cols[col];
                }
            }
            CellVars::Mixed {
                col,
                short,
                inflow,
                outflow,
            } => {
                cols[*col] = (short - sum(&cols, inflow) + sum(&cols, outflow)).max(0.0);
            }
        }
    }
    let moved = |a: usize| cols[a].round();
    let total: f64 = (0..prep.picks.len()).map(moved).sum();
    let backbone: f64 = (0..prep.picks.len())
        .filter(|&p| prep.groups[prep.picks[p].group].backbone)
        .map(moved)
        .sum();
    cols[v_rot] = (prep.rotation_target as f64 - total).max(0.0);
    cols[v_bb] = (scenario.policy.backbone_share * total - backbone - 1e-9)
        .ceil()
        .max(0.0);
    cols
}

/// Readable column names for an exported model: `pick_<school>_<subject>_g<group>`,
/// `arc_<from>_<to>_<subject>`, `hire_<subject>_<programme>_<school>`, `short_rotation`,
/// `short_backbone`, and `gap_<column>` for the gap slots; each ends in `_c<column>` so that
/// names stay unique whatever the ids contain (characters other than ASCII letters, digits and
/// `_` become `_`).
fn name_columns(
    model: &mut highs::Model,
    prep: &Prepared,
    (v_rot, v_bb): (usize, usize),
    columns: usize,
) {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let mut names: Vec<String> = Vec::with_capacity(columns);
    for p in &prep.picks {
        let pool = &prep.pools[p.pool];
        names.push(format!(
            "pick_{}_{}_g{}",
            clean(&prep.school_ids[pool.school]),
            clean(&pool.subject),
            p.group
        ));
    }
    for a in &prep.arcs {
        let from = &prep.school_ids[prep.pools[a.pool].school];
        names.push(format!(
            "arc_{}_{}_{}",
            clean(from),
            clean(&prep.school_ids[a.to]),
            clean(&a.subject)
        ));
    }
    for o in &prep.hires {
        for &(school, _) in &o.schools {
            names.push(format!(
                "hire_{}_{}_{}",
                clean(&o.subject),
                o.programme.key(),
                clean(&prep.school_ids[school])
            ));
        }
    }
    while names.len() < columns {
        let col = names.len();
        names.push(if col == v_rot {
            "short_rotation".into()
        } else if col == v_bb {
            "short_backbone".into()
        } else {
            "gap".into()
        });
    }
    for (col, name) in names.iter().enumerate() {
        let Ok(c_name) = std::ffi::CString::new(format!("{name}_c{col}")) else {
            continue;
        };
        // SAFETY: the pointer comes from a live highs::Model; HiGHS copies the name.
        unsafe {
            highs_sys::Highs_passColName(
                model.as_mut_ptr(),
                col as highs_sys::HighsInt,
                c_name.as_ptr(),
            );
        }
    }
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

// ---- What-if (issue 5): locks, kept decisions and hiring budgets, all data on `Prepared` ----

/// Rows for `prep.whatif`: lower bounds on pinned picks and arcs and on kept hire placements;
/// each hiring budget's options add up to its total.
fn whatif_rows(
    prep: &Prepared,
    x1: &[Variable],
    x: &[Variable],
    h: &[Vec<Variable>],
) -> Vec<good_lp::Constraint> {
    let w = &prep.whatif;
    let mut rows = Vec::new();
    for &(p, n) in &w.pick_min {
        rows.push(x1[p].into_expression().geq(n as f64));
    }
    for &(a, n) in &w.arc_min {
        rows.push(x[a].into_expression().geq(n as f64));
    }
    for &(o, k, n) in &w.hire_min {
        rows.push(h[o][k].into_expression().geq(n as f64));
    }
    for b in &w.budgets {
        let mut sum = Expression::default();
        for &o in &b.options {
            for &v in &h[o] {
                sum.add_mul(1.0, v);
            }
        }
        if has_terms(&sum) {
            rows.push(sum.eq(b.total as f64));
        }
    }
    rows
}

/// Makes the trivial start keep `whatif_rows`: pins moved, kept hires at their schools, the
/// rest of each batch or budget at its first school.
fn whatif_start(prep: &Prepared, cols: &mut [f64]) {
    let w = &prep.whatif;
    let n1 = prep.picks.len();
    for &(p, n) in &w.pick_min {
        cols[p] = n as f64;
    }
    for &(a, n) in &w.arc_min {
        cols[n1 + a] = n as f64;
    }
    let mut first = vec![0usize; prep.hires.len()];
    let mut next = n1 + prep.arcs.len();
    for (o, opt) in prep.hires.iter().enumerate() {
        first[o] = next;
        for k in 0..opt.schools.len() {
            cols[next + k] = 0.0;
        }
        next += opt.schools.len();
    }
    let mut placed = vec![0u32; prep.hires.len()];
    for &(o, k, n) in &w.hire_min {
        cols[first[o] + k] += n as f64;
        placed[o] += n;
    }
    for (o, opt) in prep.hires.iter().enumerate() {
        if !opt.schools.is_empty() && !w.in_budget(o) {
            cols[first[o]] += opt.count.saturating_sub(placed[o]) as f64;
        }
    }
    for b in &w.budgets {
        let done: u32 = b.options.iter().map(|&o| placed[o]).sum();
        if let Some(&o) = b
            .options
            .iter()
            .find(|&&o| !prep.hires[o].schools.is_empty())
        {
            cols[first[o]] += b.total.saturating_sub(done) as f64;
        }
    }
}
