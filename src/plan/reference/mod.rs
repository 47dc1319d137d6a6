//! An exact per-teacher model, for testing the aggregated model of [`super::model`].
//!
//! It takes the facts from [`Prepared`] (who is eligible, which posts are open, what a move
//! costs, the cells and their weights) but none of the aggregated formulation: there are no
//! groups, pools, hubs, slots or column generation. Every eligible teacher has one binary per
//! (receiving school, subject) they could fill, every hire option one integer per allowed school,
//! every cell one continuous gap variable, and the goals are solved lexicographically with
//! good_lp on HiGHS at a relative MIP gap of 0. It is meant for small counties only (a few
//! thousand binaries); `tests/slow/reference.rs` compares its stage optima with the planner's.

pub mod leaders;
mod staffing;
mod wishes;

use super::error::PlanError;
use super::model::TRAVEL_STEP;
use super::prepare::Prepared;
use crate::problem::Problem;
use crate::scenario::{Goal, Scenario};
use good_lp::solvers::highs::{highs, HighsParallelType};
use good_lp::{
    variable, Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus, SolverModel,
    Variable,
};
use std::collections::BTreeMap;
use std::time::Instant;

/// A column of the reference model: bounds and integrality.
#[derive(Debug, Clone, Copy)]
struct Col {
    lb: f64,
    ub: f64,
    integer: bool,
}

/// A linear form Σ k·col + constant over the reference model's columns.
#[derive(Debug, Clone, Default)]
struct Lin {
    terms: Vec<(usize, f64)>,
    constant: f64,
}

impl Lin {
    fn add(&mut self, col: usize, k: f64) {
        self.terms.push((col, k));
    }
    fn value(&self, values: &[f64]) -> f64 {
        self.constant + self.terms.iter().map(|&(c, k)| k * values[c]).sum::<f64>()
    }
    fn expr(&self, vars: &[Variable]) -> Expression {
        let mut e = Expression::with_capacity(self.terms.len());
        for &(c, k) in &self.terms {
            e.add_mul(k, vars[c]);
        }
        e + self.constant
    }
}

/// lb ≤ form ≤ ub (either side may be infinite).
#[derive(Debug, Clone)]
struct Cons {
    form: Lin,
    lb: f64,
    ub: f64,
}

/// One move of one teacher: teacher t teaches subject s at receiving school r.
#[derive(Debug, Clone)]
struct Move {
    teacher: usize,
    to: usize,
    subject: String,
    col: usize,
    /// An exchange (not counted in the shares).
    exchange: bool,
}

#[derive(Default)]
struct RefModel {
    cols: Vec<Col>,
    cons: Vec<Cons>,
    goals: BTreeMap<&'static str, Lin>,
    /// Per cell: its gap column and the row y ≥ need − staff − in + out.
    gap_rows: Vec<(usize, usize)>,
    /// Per (school, swap subject): the column of the exchange teachers nobody replaces and its
    /// row leavers − arrivals − u ≤ 0 (`staffing::exchange_limits`).
    unreplaced_rows: Vec<(usize, usize)>,
    moves: Vec<Move>,
    /// Per hire option, the column of each allowed school.
    hire_cols: Vec<Vec<usize>>,
}

impl RefModel {
    fn col(&mut self, lb: f64, ub: f64, integer: bool) -> usize {
        self.cols.push(Col { lb, ub, integer });
        self.cols.len() - 1
    }
    fn cons(&mut self, form: Lin, lb: f64, ub: f64) {
        self.cons.push(Cons { form, lb, ub });
    }
}

/// A cost on the travel goal's grid (the same 0.1 grid the planner uses).
fn on_grid(cost: f64) -> f64 {
    (cost / TRAVEL_STEP).round() * TRAVEL_STEP
}

fn build(prep: &Prepared, problem: &Problem) -> Result<RefModel, PlanError> {
    let scenario = &problem.scenario;
    let mut m = RefModel::default();
    let n_schools = prep.release_cap.len();

    // Moves: every member of every group, every subject the group may leave to teach, every
    // receiving school with an open post in it other than the teacher's own.
    let arc_of: BTreeMap<(usize, usize), usize> = prep
        .arcs
        .iter()
        .enumerate()
        .map(|(a, arc)| ((arc.pool(), arc.to()), a))
        .collect();
    let mut moves: Vec<Move> = Vec::new();
    let mut per_teacher: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut travel = Lin::default();
    let mut must_serve = Lin::default();
    let mut total = Lin::default();
    let mut backbone = Lin::default();
    let mut departures: Vec<Lin> = vec![Lin::default(); n_schools];
    let mut head: Vec<Lin> = vec![Lin::default(); n_schools];
    let mut beds_in: Vec<Lin> = vec![Lin::default(); n_schools];
    let mut post_in: BTreeMap<(usize, String), Lin> = BTreeMap::new();
    let mut cell_in: Vec<Lin> = vec![Lin::default(); prep.cells.len()];
    let mut cell_out: Vec<Lin> = vec![Lin::default(); prep.cells.len()];
    // per (school, main subject): its teachers who rotate out, whose classes hires may take
    let mut rotated_out: BTreeMap<(usize, String), Lin> = BTreeMap::new();
    for (g, group) in prep.groups.iter().enumerate() {
        let home = group.school;
        let main_cell = prep.cell_index.get(&(home, group.main_subject.clone()));
        // (an applicant's wish pool offers moves the school's common pool offers too)
        let picks = prep.picks.iter().filter(|p| p.group == g);
        for pick in picks.filter(|p| prep.pools[p.pool].wish_of.is_none()) {
            let subject = &prep.pools[pick.pool].subject;
            for (&(r, ref s), _) in prep.posts.iter() {
                // exchange teachers go only to exchange posts, rotated teachers only to others
                if s != subject || r == home || prep.staffing.exchange_to[r] != group.exchange {
                    continue;
                }
                // an exchange teacher is offered only the nearest schools that take exchanges
                // (`exchange.nearest`), as the planner offers them
                if group.exchange && !arc_of.contains_key(&(pick.pool, r)) {
                    continue;
                }
                let arc = arc_of
                    .get(&(pick.pool, r))
                    .map(|&a| &prep.arcs[a])
                    .ok_or_else(|| {
                        PlanError::reference(format!(
                            "no route from school {} to {} for {subject}",
                            prep.school_ids[home], prep.school_ids[r]
                        ))
                    })?;
                let members = group.parts.iter().flat_map(|part| {
                    let cost = on_grid(arc.cost) + on_grid(part.cost);
                    part.members.iter().map(move |&t| (t, cost, part.backbone))
                });
                for (t, cost, is_backbone) in members {
                    let col = m.col(0.0, 1.0, true);
                    moves.push(Move {
                        teacher: t,
                        to: r,
                        subject: s.clone(),
                        col,
                        exchange: group.exchange,
                    });
                    per_teacher.entry(t).or_default().push(col);
                    travel.add(col, cost);
                    if group.exchange {
                        // a swap: the exchange teacher's post at home opens to a rotated one
                        // (not in the pure preference mode: `Prepared::fixed_posts`)
                        if !prep.fixed_posts
                            && !prep.staffing.exchange_to[home]
                            && prep.posts.contains_key(&(home, group.main_subject.clone()))
                        {
                            post_in
                                .entry((home, group.main_subject.clone()))
                                .or_default()
                                .add(col, -1.0);
                        }
                    } else {
                        rotated_out
                            .entry((home, group.main_subject.clone()))
                            .or_default()
                            .add(col, 1.0);
                        total.add(col, 1.0);
                        if is_backbone {
                            backbone.add(col, 1.0);
                        }
                    }
                    if group.must_serve {
                        must_serve.add(col, -1.0);
                    }
                    departures[home].add(col, 1.0);
                    if !prep.fixed_posts {
                        head[home].add(col, -1.0);
                    }
                    head[r].add(col, 1.0);
                    if arc.needs_bed {
                        beds_in[r].add(col, 1.0);
                    }
                    post_in.entry((r, s.clone())).or_default().add(col, 1.0);
                    if let Some(&c) = prep.cell_index.get(&(r, s.clone())) {
                        cell_in[c].add(col, 1.0);
                    }
                    if let Some(&c) = main_cell {
                        cell_out[c].add(col, 1.0);
                    }
                }
            }
        }
    }
    must_serve.constant = prep
        .groups
        .iter()
        .filter(|g| g.must_serve)
        .map(|g| g.members.len())
        .sum::<usize>() as f64;

    // Hard rules on moves.
    for cols in per_teacher.values() {
        let form = Lin {
            terms: cols.iter().map(|&c| (c, 1.0)).collect(),
            constant: 0.0,
        };
        m.cons(form, f64::NEG_INFINITY, 1.0);
    }
    m.hire_cols = staffing::add_hires(
        prep,
        &mut m,
        &mut travel,
        (&mut cell_in, &mut head),
        &mut post_in,
        &rotated_out,
    );
    for (key, form) in post_in {
        let swap = prep.swap.get(&key).copied().unwrap_or(0);
        m.cons(
            form,
            f64::NEG_INFINITY,
            prep.posts[&key].saturating_sub(swap) as f64,
        );
    }
    let st = &prep.staffing;
    for (r, form) in head.into_iter().enumerate() {
        m.cons(
            form,
            f64::NEG_INFINITY,
            st.cap[r] as f64 - st.headcount[r] as f64,
        );
    }
    for (r, form) in beds_in.into_iter().enumerate() {
        if let Some(beds) = prep.beds[r] {
            m.cons(form, f64::NEG_INFINITY, beds as f64);
        }
    }
    for (u, form) in departures.into_iter().enumerate() {
        m.cons(form, f64::NEG_INFINITY, prep.release_cap[u] as f64);
    }

    // Pinned teachers (locks, kept decisions) make their move.
    for pin in prep.commitments.pins() {
        let mv = moves
            .iter()
            .find(|mv| mv.teacher == pin.teacher && mv.to == pin.to && mv.subject == pin.subject)
            .ok_or_else(|| {
                PlanError::reference(format!(
                    "pinned teacher {} has no move to school {} for {}",
                    pin.teacher, prep.school_ids[pin.to], pin.subject
                ))
            })?;
        m.cols[mv.col].lb = 1.0;
    }

    staffing::exchange_limits(prep, problem, &mut m, &moves);
    staffing::itinerant_travel(prep, scenario, &mut travel);
    let gap = add_gap(prep, &mut m, &cell_in, &cell_out);
    let shares = add_shares(prep, scenario, &mut m, &total, backbone);

    m.goals
        .insert(Goal::Wishes.key(), wishes::goal(prep, problem, &moves));
    m.moves = moves;
    m.goals.insert(Goal::MustServe.key(), must_serve);
    m.goals.insert(Goal::Gap.key(), gap);
    m.goals.insert(Goal::Shares.key(), shares);
    m.goals.insert(Goal::Travel.key(), travel);
    Ok(m)
}

/// Gap: y_c ≥ need − staff − in + out, y_c ≥ 0, cost weight · y_c. Returns the gap goal.
fn add_gap(prep: &Prepared, m: &mut RefModel, cell_in: &[Lin], cell_out: &[Lin]) -> Lin {
    let mut gap = Lin::default();
    for (c, cell) in prep.cells.iter().enumerate() {
        let y = m.col(0.0, f64::INFINITY, false);
        gap.add(y, cell.weight);
        let mut form = Lin::default();
        form.add(y, 1.0);
        form.terms.extend(cell_in[c].terms.iter().copied());
        form.terms
            .extend(cell_out[c].terms.iter().map(|&(col, k)| (col, -k)));
        m.gap_rows.push((y, m.cons.len()));
        m.cons(form, cell.need - cell.staff, f64::INFINITY);
    }
    gap
}

/// Shares: Σx + v_rot ≥ target; Σ backbone x + v_bb ≥ share · Σx. Returns the shares goal.
fn add_shares(
    prep: &Prepared,
    scenario: &Scenario,
    m: &mut RefModel,
    total: &Lin,
    backbone: Lin,
) -> Lin {
    let v_rot = m.col(0.0, f64::INFINITY, true);
    let v_bb = m.col(0.0, f64::INFINITY, true);
    let mut rot = total.clone();
    rot.add(v_rot, 1.0);
    m.cons(rot, prep.rotation_target as f64, f64::INFINITY);
    let share = scenario.policy.backbone_share;
    let mut bb = backbone;
    bb.add(v_bb, 1.0);
    bb.terms
        .extend(total.terms.iter().map(|&(col, k)| (col, -share * k)));
    m.cons(bb, 0.0, f64::INFINITY);
    let mut shares = Lin::default();
    shares.add(v_rot, 1.0);
    shares.add(v_bb, 1.0);
    shares
}

/// Solves the per-teacher model goal by goal in the order of `scenario.solver.goals`, each
/// earlier goal held at f ≤ f* + `stage_tolerance` · max(1, |f*|), exactly (relative MIP gap 0,
/// one branch-and-bound worker). Returns each stage's optimal objective; an error if HiGHS
/// fails or any stage is not proven optimal within `time_limit_seconds` (for all stages
/// together).
pub fn solve_per_teacher(
    prep: &Prepared,
    problem: &Problem,
    time_limit_seconds: f64,
) -> Result<Vec<(Goal, f64)>, PlanError> {
    let scenario = &problem.scenario;
    let started = Instant::now();
    super::model::use_highs_threads(scenario.solver.threads);
    let m = build(prep, problem)?;
    let mut held: Vec<(&'static str, f64)> = Vec::new();
    let mut out = Vec::new();
    for &goal in &prep.goals {
        let left = time_limit_seconds - started.elapsed().as_secs_f64();
        if left <= 0.0 {
            return Err(PlanError::reference(format!(
                "time limit reached before the {} stage",
                goal.key()
            )));
        }
        let values = solve_stage(&m, goal, &held, left, scenario.solver.threads)?;
        let f = m.goals[goal.key()].value(&values);
        held.push((
            goal.key(),
            f + scenario.solver.stage_tolerance * f.abs().max(1.0),
        ));
        out.push((goal, f));
    }
    Ok(out)
}

/// One stage: minimise `goal` subject to the hard rules and the held goals. Integer columns
/// are rounded and each gap variable set to its least feasible value, so the objective is
/// evaluated exactly on the solution found.
///
/// No MIP start is given: with HiGHS 1.16, the previous stage's plan given as a start was valued
/// 993.7 in the model but 919.2 in HiGHS's presolved space; HiGHS then reported 919.2 as the
/// optimum and returned the start itself, while the true optimum was 949.9 (generated county of
/// 300 teachers in 6 schools, seed 12, travel stage).
fn solve_stage(
    m: &RefModel,
    goal: Goal,
    held: &[(&'static str, f64)],
    time_limit: f64,
    threads: u32,
) -> Result<Vec<f64>, PlanError> {
    let mut pv = ProblemVariables::new();
    let vars: Vec<Variable> = m
        .cols
        .iter()
        .map(|c| {
            let mut def = variable().min(c.lb);
            if c.ub.is_finite() {
                def = def.max(c.ub);
            }
            if c.integer {
                def = def.integer();
            }
            pv.add(def)
        })
        .collect();
    let target = &m.goals[goal.key()];
    let mut problem = pv.minimise(target.expr(&vars)).using(highs);
    problem.set_verbose(crate::plan::model::highs_log());
    let mut problem = problem
        .set_mip_rel_gap(0.0)
        .map_err(|e| PlanError::reference(e.to_string()))?
        // the scenario's threads (see `model::use_highs_threads`); the search stays one worker
        .set_threads(threads.max(1))
        .set_parallel(HighsParallelType::Off)
        .set_time_limit(time_limit);
    for c in &m.cons {
        let e = c.form.expr(&vars);
        if c.lb == c.ub {
            problem.add_constraint(e.eq(c.lb));
        } else {
            if c.lb.is_finite() {
                problem.add_constraint(e.clone().geq(c.lb));
            }
            if c.ub.is_finite() {
                problem.add_constraint(e.leq(c.ub));
            }
        }
    }
    for &(key, bound) in held {
        problem.add_constraint(m.goals[key].expr(&vars).leq(bound));
    }
    let solution = problem.solve().map_err(|e: ResolutionError| {
        PlanError::reference(format!("{} stage: HiGHS: {e}", goal.key()))
    })?;
    // good_lp reports HiGHS's `Optimal` as `GapLimit` when the final gap is positive; with a
    // relative gap of 0 that can only be HiGHS's absolute gap (1e-6), so both are optimal here.
    if !matches!(
        solution.status(),
        SolutionStatus::Optimal | SolutionStatus::GapLimit
    ) {
        return Err(PlanError::reference(format!(
            "{} stage: not proven optimal ({:?})",
            goal.key(),
            solution.status()
        )));
    }
    let mut values: Vec<f64> = vars.iter().map(|&v| solution.value(v)).collect();
    for (j, c) in m.cols.iter().enumerate() {
        if c.integer {
            values[j] = values[j].round();
        }
    }
    settle(m, &mut values);
    // The rounded plan must keep every row: it is the plan whose objective is reported.
    if let Some(broken) = broken_rows(m, &values).first() {
        return Err(PlanError::reference(format!(
            "{} stage: {broken} after rounding",
            goal.key()
        )));
    }
    for &(key, bound) in held {
        let v = m.goals[key].value(&values);
        if v > bound + 1e-6 * bound.abs().max(1.0) {
            return Err(PlanError::reference(format!(
                "{} stage: held goal {key} at {v} above {bound} after rounding",
                goal.key()
            )));
        }
    }
    Ok(values)
}

/// Sets each gap variable and each unreplaced exchange column to the least value its row
/// allows.
fn settle(m: &RefModel, values: &mut [f64]) {
    for &(y, row) in &m.gap_rows {
        values[y] = 0.0;
        values[y] = (m.cons[row].lb - m.cons[row].form.value(values)).max(0.0);
    }
    for &(u, row) in &m.unreplaced_rows {
        values[u] = 0.0;
        values[u] = (m.cons[row].form.value(values) - m.cons[row].ub).max(0.0);
    }
}

/// Rows the values break (beyond 1e-6), described.
fn broken_rows(m: &RefModel, values: &[f64]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, c) in m.cons.iter().enumerate() {
        let v = c.form.value(values);
        if v < c.lb - 1e-6 || v > c.ub + 1e-6 {
            out.push(format!("row {i} broken: {} ≤ {v} ≤ {}", c.lb, c.ub));
        }
    }
    for (j, c) in m.cols.iter().enumerate() {
        if values[j] < c.lb - 1e-6 || values[j] > c.ub + 1e-6 {
            out.push(format!(
                "column {j} out of bounds: {} ≤ {} ≤ {}",
                c.lb, values[j], c.ub
            ));
        }
    }
    out
}

/// Evaluates a plan of the planner in the per-teacher model: every assignment must be one of
/// its moves, every hire placement one of its hire columns, and every hard rule must hold.
/// Returns the value of each goal, in `scenario.solver.goals` order, with the share slacks at
/// their least values.
pub fn evaluate_plan(
    prep: &Prepared,
    problem: &Problem,
    plan: &super::Plan,
) -> Result<Vec<(Goal, f64)>, PlanError> {
    let m = build(prep, problem)?;
    let mut values = vec![0.0; m.cols.len()];
    for a in &plan.assignments {
        let mv = m
            .moves
            .iter()
            .find(|mv| mv.teacher == a.teacher && mv.to == a.to && mv.subject == a.subject)
            .ok_or_else(|| {
                PlanError::reference(format!(
                    "teacher {} to {} for {}: no such move",
                    a.teacher, prep.school_ids[a.to], a.subject
                ))
            })?;
        values[mv.col] += 1.0;
    }
    let mut room: Vec<u32> = prep.hires.iter().map(|o| o.count).collect();
    for h in &plan.hires {
        let mut left = h.count;
        for (o, opt) in prep.hires.iter().enumerate() {
            if opt.subject != h.subject || opt.programme != h.programme {
                continue;
            }
            if let Some(k) = opt.schools.iter().position(|&(s, _)| s == h.school) {
                let n = left.min(room[o]);
                values[m.hire_cols[o][k]] += n as f64;
                room[o] -= n;
                left -= n;
            }
        }
        if left > 0 {
            return Err(PlanError::reference(format!(
                "{} {} hires at {}: no such hire column",
                left, h.subject, prep.school_ids[h.school]
            )));
        }
    }
    // Share slacks: the least whole shortfalls.
    let total: f64 = m
        .moves
        .iter()
        .filter(|mv| !mv.exchange)
        .map(|mv| values[mv.col])
        .sum();
    let shares = &m.goals[Goal::Shares.key()];
    let (v_rot, v_bb) = (shares.terms[0].0, shares.terms[1].0);
    values[v_rot] = (prep.rotation_target as f64 - total).max(0.0);
    let rows_with = |col: usize| {
        m.cons
            .iter()
            .find(|c| c.form.terms.iter().any(|t| t.0 == col))
    };
    if let Some(c) = rows_with(v_bb) {
        values[v_bb] = 0.0;
        values[v_bb] = (c.lb - c.form.value(&values) - 1e-9).ceil().max(0.0);
    }
    settle(&m, &mut values);
    let broken = broken_rows(&m, &values);
    if !broken.is_empty() {
        return Err(PlanError::reference(broken.join("; ")));
    }
    Ok(prep
        .goals
        .iter()
        .map(|&g| (g, m.goals[g.key()].value(&values)))
        .collect())
}
