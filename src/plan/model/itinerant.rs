//! Itinerant teaching (走教) in the model: continuous columns, in FTE, of a subject taught by
//! teachers based at one school at another school nearby that lacks it (docs/model.md,
//! "Itinerant teaching"). Each column leaves the base's cell of the subject and enters the
//! target's; its travel cost is km × `travel_per_km` × `itinerant.cost_per_fte_km` per FTE.

use super::built::GoalExpr;
use super::sparse::Sparse;
use super::travel_cost_exact;
use crate::plan::prepare::Prepared;
use crate::scenario::Scenario;
use std::collections::BTreeSet;

/// The itinerant columns of a build, by cell.
pub(super) struct Itinerant {
    /// (column, base school, target school, subject)
    pub columns: Vec<(usize, usize, usize, String)>,
    /// Per cell: itinerant columns teaching in it.
    pub into_cell: Vec<Vec<usize>>,
    /// Per cell: itinerant columns its teachers teach elsewhere.
    pub out_of_cell: Vec<Vec<usize>>,
}

/// One column per school within reach of a target (`StaffingPrep::reach`) and itinerant
/// subject the target lacks before the plan (its cell is short) and the base has teachers of
/// (its cell covers some of the subject, or the base may receive teachers of it).
pub(super) fn itinerant_columns(
    prep: &Prepared,
    scenario: &Scenario,
    sp: &mut Sparse,
    travel: &mut GoalExpr,
) -> Itinerant {
    let n_cells = prep.cells.len();
    let mut it = Itinerant {
        columns: Vec::new(),
        into_cell: vec![Vec::new(); n_cells],
        out_of_cell: vec![Vec::new(); n_cells],
    };
    let st = &prep.staffing;
    let posts: BTreeSet<(usize, &str)> = prep.posts.keys().map(|(r, s)| (*r, s.as_str())).collect();
    let per_km = scenario.weights.travel_per_km * scenario.itinerant.cost_per_fte_km;
    for &(b, t, km) in &st.reach {
        for subject in &st.itinerant_subjects {
            let Some(&into) = prep.cell_index.get(&(t, subject.clone())) else {
                continue;
            };
            // what the school lacks once its own teachers shift their load
            let short = (prep.cells[into].need - prep.cells[into].staff).min(
                prep.uncovered
                    .get(&(t, subject.clone()))
                    .copied()
                    .unwrap_or(0.0),
            );
            if short <= 1e-9 {
                continue;
            }
            let Some(&from) = prep.cell_index.get(&(b, subject.clone())) else {
                continue;
            };
            let has = prep.cells[from].staff > 1e-9 && !posts.contains(&(b, subject.as_str()));
            if !has {
                continue;
            }
            let col = sp.col(0.0, short.min(scenario.itinerant.max_fte_per_school), false);
            let cost = travel_cost_exact(km * per_km);
            if cost > 0.0 {
                travel.add(cost, col);
            }
            it.into_cell[into].push(col);
            it.out_of_cell[from].push(col);
            it.columns.push((col, b, t, subject.clone()));
        }
    }
    if !it.columns.is_empty() {
        travel.step = 0.0; // itinerant costs are continuous
    }
    it
}
