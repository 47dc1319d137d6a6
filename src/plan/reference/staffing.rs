//! The staffing rules in the reference model: hires within open and vacant posts, and
//! itinerant teaching (走教).

use super::{on_grid, Lin, Move, RefModel};
use crate::plan::model::TRAVEL_STEP;
use crate::plan::prepare::Prepared;
use crate::scenario::Scenario;
use std::collections::BTreeMap;

/// Hires: one integer per option and allowed school, at most the open posts of the subject
/// there; each batch placed at most whole (unspent hires are allowed), each budget's options
/// adding up to at most its total; hires at a school within its vacant posts and, with the
/// rotated teachers of the subject, within its open posts; each teacher of the subject who
/// rotates out of the school opens one more post to hires (以新补缺), not to rotated teachers.
/// Returns the columns of each option.
pub(super) fn add_hires(
    prep: &Prepared,
    m: &mut RefModel,
    travel: &mut Lin,
    (cell_in, head): (&mut [Lin], &mut [Lin]),
    post_in: &mut BTreeMap<(usize, String), Lin>,
    rotated_out: &BTreeMap<(usize, String), Lin>,
) -> Vec<Vec<usize>> {
    let backfill =
        |key: &(usize, String)| (!prep.fixed_posts).then(|| rotated_out.get(key)).flatten();
    // (an exchange post is bounded by who could come, not by open posts: no hire shares it)
    let post = |key: &(usize, String)| !prep.staffing.exchange_to[key.0];
    // rotated arrivals alone stay within the posts open before the plan
    for (key, form) in post_in.iter() {
        if backfill(key).is_some() && post(key) {
            let swap = prep.swap.get(key).copied().unwrap_or(0);
            let open = prep.posts[key].saturating_sub(swap);
            m.cons(form.clone(), f64::NEG_INFINITY, open as f64);
        }
    }
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
                let before = open.saturating_sub(prep.backfill.get(&key).copied().unwrap_or(0));
                let e = shared
                    .entry(key)
                    .or_insert_with(|| (before, Lin::default()));
                e.1.add(col, 1.0);
            }
            vacant[school].add(col, 1.0);
            head[school].add(col, 1.0);
            cols.push(col);
        }
        placed_of.push(placed);
        hire_col.push(cols);
    }
    for (key, (open, mut form)) in shared {
        for &(col, k) in backfill(&key).map_or(&[][..], |l| &l.terms[..]) {
            form.add(col, -k);
        }
        m.cons(form, f64::NEG_INFINITY, open as f64);
    }
    for (key, form) in post_in.iter_mut().filter(|(key, _)| post(key)) {
        for &(col, k) in backfill(key).map_or(&[][..], |l| &l.terms[..]) {
            form.add(col, -k);
        }
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

/// Itinerant teaching (走教) is arranged before the plan, from spare load
/// (`plan::itinerant`), and `Prepared::cells` count it: here it is the travel goal's constant.
pub(super) fn itinerant_travel(prep: &Prepared, scenario: &Scenario, travel: &mut Lin) {
    travel.constant += prep
        .itinerant
        .iter()
        .map(|f| f.travel(scenario))
        .sum::<f64>();
}

/// Exchanges leave no class untaught (`rules::exchange`): per limit, its teachers' exchange
/// moves of other main subjects + per swap subject s a column u_s ≥ (exchange moves of main
/// subject s from the school − rotated arrivals and hires of s there), within its bound.
pub(super) fn exchange_limits(
    prep: &Prepared,
    problem: &crate::problem::Problem,
    m: &mut RefModel,
    moves: &[Move],
) {
    let main = |t: usize| problem.county.teachers[t].subject.as_str();
    let home = |t: usize| prep.teacher_school[t];
    let mut unreplaced: BTreeMap<(usize, String), Option<usize>> = BTreeMap::new();
    for limit in &prep.staffing.exchange_limits {
        let goes: Vec<&Move> = (moves.iter())
            .filter(|mv| mv.exchange && limit.teachers.binary_search(&mv.teacher).is_ok())
            .collect();
        if goes.is_empty() {
            continue;
        }
        let mut form = Lin::default();
        let mut swapped: Vec<&str> = Vec::new();
        for subject in &limit.arrivals {
            let key = (limit.school, subject.clone());
            let u = *unreplaced.entry(key).or_insert_with(|| {
                let mut row = Lin::default();
                for mv in moves.iter().filter(|mv| mv.exchange) {
                    if home(mv.teacher) == limit.school && main(mv.teacher) == subject {
                        row.add(mv.col, 1.0);
                    }
                }
                if row.terms.is_empty() {
                    return None;
                }
                for mv in moves
                    .iter()
                    .filter(|mv| !mv.exchange && mv.to == limit.school)
                {
                    if mv.subject == *subject {
                        row.add(mv.col, -1.0);
                    }
                }
                for (opt, cols) in prep.hires.iter().zip(&m.hire_cols) {
                    for (&(school, _), &col) in opt.schools.iter().zip(cols) {
                        if school == limit.school && opt.subject == *subject {
                            row.add(col, -1.0);
                        }
                    }
                }
                let u = m.col(0.0, f64::INFINITY, false);
                row.add(u, -1.0);
                m.unreplaced_rows.push((u, m.cons.len()));
                m.cons(row, f64::NEG_INFINITY, 0.0);
                Some(u)
            });
            if let Some(u) = u {
                form.add(u, 1.0);
                swapped.push(subject);
            }
        }
        for mv in &goes {
            if !swapped.contains(&main(mv.teacher)) {
                form.add(mv.col, 1.0);
            }
        }
        m.cons(form, f64::NEG_INFINITY, f64::from(limit.most));
    }
}
