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
