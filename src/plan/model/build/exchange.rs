//! The exchange limit rows (docs/model.md, "What a move may do"): exchanges leave no class
//! untaught at the school they leave (`rules::exchange`).

use super::super::sparse::Sparse;
use super::super::Terms;
use super::Columns;
use crate::plan::prepare::Prepared;
use std::collections::BTreeMap;

/// Exchanges leave no class untaught (`rules::exchange`). Per swap subject s of a school r, a
/// column u ≥ 0 with Σ picks of r's exchange groups of main subject s − Σ arrivals and hires at
/// the post (r, s) − u ≤ 0: u is at least the leavers of main s nobody replaces. Per limit:
/// Σ picks of its exchange groups of other main subjects + Σ its swap subjects' u ≤ its bound
/// (Σ leavers − Σ_s min(arrivals of s, leavers of main s), exactly).
pub(super) fn limit_rows(
    prep: &Prepared,
    sp: &mut Sparse,
    group_out: &[Terms],
    c: &Columns,
    post_in: &[Terms],
) {
    let limits = &prep.staffing.exchange_limits;
    if limits.is_empty() {
        return;
    }
    let mut group_of: BTreeMap<usize, usize> = BTreeMap::new();
    // exchange groups by (school, main subject)
    let mut by_main: BTreeMap<(usize, &str), Vec<usize>> = BTreeMap::new();
    for (g, group) in prep.groups.iter().enumerate().filter(|(_, g)| g.exchange) {
        for &m in &group.members {
            group_of.insert(m, g);
        }
        (by_main
            .entry((group.school, group.main_subject.as_str()))
            .or_default())
        .push(g);
    }
    // the unreplaced leavers' column of (school, subject), made when a limit first needs it
    let mut unreplaced: BTreeMap<(usize, &str), Option<usize>> = BTreeMap::new();
    for limit in limits {
        let mut groups: Vec<usize> = (limit.teachers.iter())
            .filter_map(|t| group_of.get(t).copied())
            .collect();
        groups.sort_unstable();
        groups.dedup();
        if groups.iter().all(|&g| group_out[g].is_empty()) {
            continue;
        }
        let mut terms: Terms = Vec::new();
        let mut swapped: Vec<&str> = Vec::new();
        for subject in &limit.arrivals {
            let key = (limit.school, subject.as_str());
            let u = *unreplaced.entry(key).or_insert_with(|| {
                let k = *c.post_index.get(&(limit.school, subject.clone()))?;
                let came = (post_in[k].iter()).filter(|&&(_, a)| a > 0.0);
                let leave: Terms = (by_main.get(&key).into_iter().flatten())
                    .flat_map(|&g| group_out[g].iter().copied())
                    .collect();
                if leave.is_empty() {
                    return None;
                }
                let mut row: Terms = leave;
                row.extend(came.map(|&(j, a)| (j, -a)));
                let u = sp.col(0.0, f64::INFINITY, false);
                row.push((u, -1.0));
                sp.row(f64::NEG_INFINITY, 0.0, row);
                Some(u)
            });
            if let Some(u) = u {
                terms.push((u, 1.0));
                swapped.push(subject);
            }
        }
        for &g in &groups {
            if !swapped.contains(&prep.groups[g].main_subject.as_str()) {
                terms.extend(group_out[g].iter().copied());
            }
        }
        sp.row(f64::NEG_INFINITY, f64::from(limit.most), terms);
    }
}
