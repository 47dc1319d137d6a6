//! The staffing rules in the reference model: hires within open and vacant posts, and
//! itinerant teaching (走教).

use super::{on_grid, Lin, RefModel};
use crate::plan::model::TRAVEL_STEP;
use crate::plan::prepare::Prepared;
use crate::scenario::Scenario;
use std::collections::BTreeMap;

/// Hires: one integer per option and allowed school, at most the open posts of the subject
/// there; each batch placed at most whole (unspent hires are allowed), each budget's options
/// adding up to at most its total; hires at a school within its vacant posts and, with the
/// rotated teachers of the subject, within its open posts. Returns the columns of each option.
pub(super) fn add_hires(
    prep: &Prepared,
    m: &mut RefModel,
    travel: &mut Lin,
    cell_in: &mut [Lin],
    post_in: &mut BTreeMap<(usize, String), Lin>,
    head: &mut [Lin],
) -> Vec<Vec<usize>> {
    let n_schools = prep.release_cap.len();
    let mut placed_of: Vec<Lin> = Vec::with_capacity(prep.hires.len());
    let mut hire_col: Vec<Vec<usize>> = Vec::with_capacity(prep.hires.len());
    let mut vacant: Vec<Lin> = vec![Lin::default(); n_schools];
    let mut shared: BTreeMap<(usize, String), (u32, Lin)> = BTreeMap::new();
    for opt in &prep.hires {
        let mut placed = Lin::default();
        let mut cols = Vec::new();
        for (k, &(school, cost)) in opt.schools.iter().enumerate() {
            let open = opt.open.get(k).copied().unwrap_or(0);
            let col = m.col(0.0, opt.count.min(open) as f64, true);
            placed.add(col, 1.0);
            travel.add(col, on_grid(cost + TRAVEL_STEP));
            if let Some(&c) = prep.cell_index.get(&(school, opt.subject.clone())) {
                cell_in[c].add(col, 1.0);
            }
            let key = (school, opt.subject.clone());
            if !prep.staffing.exchange_to[school] && prep.posts.contains_key(&key) {
                post_in.entry(key).or_default().add(col, 1.0);
            } else {
                let e = shared.entry(key).or_insert_with(|| (open, Lin::default()));
                e.1.add(col, 1.0);
            }
            vacant[school].add(col, 1.0);
            head[school].add(col, 1.0);
            cols.push(col);
        }
        placed_of.push(placed);
        hire_col.push(cols);
    }
    for (_, (open, form)) in shared {
        m.cons(form, f64::NEG_INFINITY, open as f64);
    }
    for (r, form) in vacant.into_iter().enumerate() {
        m.cons(form, f64::NEG_INFINITY, prep.staffing.vacant[r] as f64);
    }
    for (o, placed) in placed_of.iter().enumerate() {
        let opt = &prep.hires[o];
        if opt.schools.is_empty() || prep.commitments.in_budget(o) {
            continue;
        }
        m.cons(placed.clone(), f64::NEG_INFINITY, opt.count as f64);
    }
    for b in &prep.commitments.budgets {
        let mut form = Lin::default();
        for &o in &b.options {
            form.terms.extend(placed_of[o].terms.iter().copied());
        }
        m.cons(form, f64::NEG_INFINITY, b.total as f64);
    }
    for &(o, k, n) in &prep.commitments.hire_min {
        let col = hire_col[o][k];
        m.cols[col].lb = m.cols[col].lb.max(n as f64);
    }
    hire_col
}

/// Itinerant teaching (走教): one continuous column per base within reach of a target, per
/// itinerant subject the target lacks and the base's own teachers teach (where the base has
/// no open post in it), in FTE, out of the base's cell and into the target's; its travel cost
/// is km × `travel_per_km` × `itinerant.cost_per_fte_km` per FTE.
pub(super) fn add_itinerant(
    prep: &Prepared,
    scenario: &Scenario,
    m: &mut RefModel,
    travel: &mut Lin,
    cell_in: &mut [Lin],
    cell_out: &mut [Lin],
) {
    let st = &prep.staffing;
    let per_km = scenario.weights.travel_per_km * scenario.itinerant.cost_per_fte_km;
    for &(b, t, km) in &st.reach {
        for subject in &st.itinerant_subjects {
            let (Some(&into), Some(&from)) = (
                prep.cell_index.get(&(t, subject.clone())),
                prep.cell_index.get(&(b, subject.clone())),
            ) else {
                continue;
            };
            let short = (prep.cells[into].need - prep.cells[into].staff).min(
                prep.uncovered
                    .get(&(t, subject.clone()))
                    .copied()
                    .unwrap_or(0.0),
            );
            let teaches =
                prep.cells[from].staff > 1e-9 && !prep.posts.contains_key(&(b, subject.clone()));
            if short <= 1e-9 || !teaches {
                continue;
            }
            let col = m.col(0.0, short.min(scenario.itinerant.max_fte_per_school), false);
            let cost = (km * per_km * 1e6).round() / 1e6;
            if cost > 0.0 {
                travel.add(col, cost);
            }
            cell_in[into].add(col, 1.0);
            cell_out[from].add(col, 1.0);
            m.itinerant.insert((b, t, subject.clone()), col);
        }
    }
}
