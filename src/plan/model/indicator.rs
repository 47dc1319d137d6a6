//! The indicators goal (issue 6): the 2017 quality-balance teacher indicators L1–L3.

use super::built::{mixed_cell, CellVars, GoalExpr};
use super::sparse::Sparse;
use crate::plan::prepare::Prepared;
use crate::scenario::Goal;

/// The `indicators` goal (docs/model.md, "The indicators goal"). Per stage and indicator, over
/// the school parts counted in the spread, each weighted by its share w of the stage's students,
/// the shortfall below two references, each relative to its reference:
/// Σ w·max(0, T − x)/T below the threshold T (fewer schools below threshold) plus
/// Σ w·max(0, μ₀ − x)/μ₀ below the stage's student-weighted mean μ₀ before the plan (a smaller
/// spread). A value x is 100·count/students of its school and every flow moves a count by one
/// teacher, so each term is a `Mixed` slack in teacher units, y ≥ short − in + out, valued
/// w·100/(students·reference) per teacher. Needs the arc build (no hubs) and groups and pools
/// split by `indicator_prep::class`, so that every flow moves teachers who count alike.
pub(super) fn indicator_goal(
    prep: &Prepared,
    sp: &mut Sparse,
    (first_arc, first_hire): (usize, usize),
    cells: &mut Vec<CellVars>,
) -> GoalExpr {
    use crate::domain::{Education, Programme, Stage};
    use crate::rules::indicators::{Indicator, StaffMember, StaffTally};
    let mut goal = GoalExpr::new(Goal::Indicators, 0.0, 0.0);
    let Some(ind) = &prep.indicators else {
        return goal;
    };
    let one = |education: Option<Education>, backbone: bool, subject: &str, sign: f64| {
        let mut t = StaffTally::default();
        let m = StaffMember {
            education,
            backbone,
            subject,
        };
        t.add(&m, &ind.params, sign);
        t
    };
    // What each flow column does to one school's tally: departures by picks (main subject at
    // home), arrivals by arcs (subject of the move) and hires.
    let mut flows: Vec<Vec<(usize, StaffTally)>> = vec![Vec::new(); ind.students.len()];
    let mut pool_member = vec![None; prep.pools.len()];
    for (p, pick) in prep.picks.iter().enumerate() {
        let g = &prep.groups[pick.group];
        let (education, backbone) = ind.members[pick.group];
        pool_member[pick.pool] = Some((education, backbone));
        flows[g.school].push((p, one(education, backbone, &g.main_subject, -1.0)));
    }
    for (a, arc) in prep.arcs.iter().enumerate() {
        if let Some((education, backbone)) = pool_member[arc.pool()] {
            let t = one(education, backbone, &prep.pools[arc.pool()].subject, 1.0);
            flows[arc.to()].push((first_arc + a, t));
        }
    }
    let mut col = first_hire;
    for o in &prep.hires {
        // as rules::indicators counts hires
        let education = (o.programme == Programme::PubliclyFunded).then_some(Education::Bachelor);
        for &(school, _) in &o.schools {
            flows[school].push((col, one(education, false, &o.subject, 1.0)));
            col += 1;
        }
    }
    let count = |t: &StaffTally, k: Indicator, stage: Stage| match k {
        Indicator::L1 if stage == Stage::Junior => t.junior_qualified,
        Indicator::L1 => t.primary_qualified,
        Indicator::L2 => t.backbone,
        Indicator::L3 => t.pe_arts,
    };
    for stage in [Stage::Primary, Stage::Junior] {
        let parts: Vec<&(usize, _)> = ind.parts.iter().filter(|(_, p)| p.stage == stage).collect();
        let total: f64 = parts.iter().map(|(_, p)| p.students).sum();
        if total <= 0.0 {
            continue;
        }
        for k in Indicator::ALL {
            let threshold = ind.params.threshold(k, stage);
            let mean0: f64 = parts
                .iter()
                .map(|(_, p)| p.students * p.value(k, false))
                .sum::<f64>()
                / total;
            for &&(r, ref part) in &parts {
                let (students, w) = (ind.students[r], part.students / total);
                let c0 = count(&ind.before[r], k, stage);
                let terms: Vec<(usize, f64)> = flows[r]
                    .iter()
                    .map(|(c, t)| (*c, count(t, k, stage)))
                    .filter(|t| t.1 != 0.0)
                    .collect();
                let ins: Vec<usize> = terms.iter().filter(|t| t.1 > 0.0).map(|t| t.0).collect();
                let outs: Vec<usize> = terms.iter().filter(|t| t.1 < 0.0).map(|t| t.0).collect();
                let per_teacher = 100.0 / students; // what one teacher adds to x
                for reference in [threshold, mean0] {
                    if reference <= 1e-9 {
                        continue;
                    }
                    // teachers missing to reach the reference, valued per teacher
                    let short = reference / per_teacher - c0;
                    let coef = w * per_teacher / reference;
                    let worst = short + outs.iter().map(|&c| sp.cols[c].ub).sum::<f64>();
                    if ins.is_empty() && outs.is_empty() {
                        goal.constant += coef * short.max(0.0);
                        continue;
                    }
                    if worst <= 1e-9 {
                        continue; // stays at or above the reference whatever leaves
                    }
                    let cell = mixed_cell(sp, short, &ins, &outs);
                    if let CellVars::Mixed { col, .. } = cell {
                        goal.add(coef, col);
                    }
                    cells.push(cell);
                }
            }
        }
    }
    goal
}
