//! Itinerant teaching (走教), arranged before the plan from the load schools have to spare
//! (docs/model.md, "Itinerant teaching").
//!
//! A school's teachers of an itinerant subject with load beyond what their own school needs
//! teach that spare load at nearby schools that lack the subject. The amounts are a small linear
//! programme of their own, solved lexicographically: first the most shortage covered, weighted
//! as the gap goal weighs the target school; then, among those, the least travel. The plan's
//! model then counts them as fixed: the base school's cell has that much less staff, the target
//! school's that much more. The base never goes short for it, so a rotated teacher or a hire
//! is sent only where spare load cannot reach.

use crate::scenario::Scenario;
use highs::{HighsModelStatus, RowProblem, Sense};
use std::collections::BTreeMap;

/// One itinerant flow: teachers of `base` teach `fte` of `subject` at `target`, `km` away.
#[derive(Debug, Clone, PartialEq)]
pub struct ItinerantFlow {
    pub base: usize,
    pub target: usize,
    pub subject: String,
    pub fte: f64,
    pub km: f64,
}

/// A cell's need, staff before the plan and gap weight.
pub(super) struct CellFacts {
    pub need: f64,
    pub staff: f64,
    pub weight: f64,
}

/// What the allocation reads of the prepared county.
pub(super) struct ItinerantInput<'a> {
    /// Per cell (`Prepared::cells`): need, staff and gap weight.
    pub cells: &'a [CellFacts],
    pub cell_index: &'a BTreeMap<(usize, String), usize>,
    /// Open posts per (receiving school, subject): a base with an open post in the subject has
    /// none to spare.
    pub posts: &'a BTreeMap<(usize, String), u32>,
    /// Per (school, subject): what its own teachers cannot cover before the plan.
    pub uncovered: &'a BTreeMap<(usize, String), f64>,
    /// (base, target, km): schools within itinerant reach.
    pub reach: &'a [(usize, usize, f64)],
    pub subjects: &'a [String],
}

/// FTE are kept to four decimals: floored, so that no bound is exceeded, unless the LP's value
/// is within its tolerance of a four-decimal number.
fn floor4(x: f64) -> f64 {
    let near = (x * 1e4).round();
    if (x * 1e4 - near).abs() < 1e-3 {
        near / 1e4
    } else {
        (x * 1e4).floor() / 1e4
    }
}

/// The travel cost of one FTE taught `km` away (km × `travel_per_km` × `cost_per_fte_km`).
fn cost_per_fte(km: f64, scenario: &Scenario) -> f64 {
    km * scenario.weights.travel_per_km * scenario.itinerant.cost_per_fte_km
}

impl ItinerantFlow {
    /// Its cost in the travel goal (a constant there: the flow is fixed before the model),
    /// rounded to 10⁻⁶.
    pub fn travel(&self, scenario: &Scenario) -> f64 {
        (cost_per_fte(self.km, scenario) * self.fte * 1e6).round() / 1e6
    }
}

/// The itinerant flows of a county, in (target, subject, base) order: a deterministic optimum
/// of max Σ weight(target) · fte, then min Σ cost · fte, with each base's spare load
/// (staff − need of its cell), each target's shortage (what its own teachers cannot cover) and
/// `itinerant.max_fte_per_school` per flow as bounds.
pub(super) fn allocate(input: &ItinerantInput, scenario: &Scenario) -> Vec<ItinerantFlow> {
    let cap = scenario.itinerant.max_fte_per_school;
    // candidate flows: (base cell, target cell, flow, upper bound); target cells' shortage
    let mut cands: Vec<(usize, usize, ItinerantFlow, f64)> = Vec::new();
    let mut shortage: BTreeMap<usize, f64> = BTreeMap::new();
    let at = SubjectTable::new(input);
    for &(b, t, km) in input.reach {
        for (subject, &i) in input.subjects.iter().zip(&at.position) {
            let (Some(into), Some(from)) = (at.cell(t, i), at.cell(b, i)) else {
                continue;
            };
            let (ct, cb) = (&input.cells[into], &input.cells[from]);
            let short = (ct.need - ct.staff).min(at.uncovered(t, i));
            let spare = cb.staff - cb.need;
            if short <= 1e-9 || spare <= 1e-9 || at.has_post(b, i) {
                continue;
            }
            let ub = short.min(cap);
            shortage.insert(into, short);
            let flow = ItinerantFlow {
                base: b,
                target: t,
                subject: subject.clone(),
                fte: 0.0,
                km,
            };
            cands.push((from, into, flow, ub));
        }
    }
    if cands.is_empty() {
        return Vec::new();
    }
    let values = solve(input, scenario, &cands, &shortage);
    let mut flows: Vec<ItinerantFlow> = cands
        .into_iter()
        .zip(values)
        .filter_map(|((_, _, mut flow, _), v)| {
            flow.fte = floor4(v);
            (flow.fte > 0.0).then_some(flow)
        })
        .collect();
    flows.sort_by(|x, y| (x.target, &x.subject, x.base).cmp(&(y.target, &y.subject, y.base)));
    flows
}

/// The input's (school, subject) facts by school and the subject's place in
/// `ItinerantInput::subjects`, read once: the candidates are every pair of schools within
/// reach times every subject, too many to look each up by a (school, name) key.
struct SubjectTable {
    subjects: usize,
    /// Each of the input's subjects' place in the table (a name listed twice: its first).
    position: Vec<usize>,
    /// Per school and subject: the cell, what its own teachers cannot cover, an open post.
    facts: Vec<(Option<usize>, f64, bool)>,
}

impl SubjectTable {
    fn new(input: &ItinerantInput) -> Self {
        let mut index: std::collections::HashMap<&str, usize> = Default::default();
        for (i, s) in input.subjects.iter().enumerate() {
            index.entry(s.as_str()).or_insert(i);
        }
        let position = (input.subjects.iter()).map(|s| index[s.as_str()]).collect();
        let schools = (input.reach.iter())
            .map(|&(b, t, _)| b.max(t) + 1)
            .max()
            .unwrap_or(0);
        let n = input.subjects.len();
        let mut facts = vec![(None, 0.0, false); schools * n];
        let slot = |(school, subject): &(usize, String)| {
            let i = *index.get(subject.as_str())?;
            (*school < schools).then_some(school * n + i)
        };
        for (key, &cell) in input.cell_index {
            if let Some(k) = slot(key) {
                facts[k].0 = Some(cell);
            }
        }
        for (key, &gap) in input.uncovered {
            if let Some(k) = slot(key) {
                facts[k].1 = gap;
            }
        }
        for key in input.posts.keys() {
            if let Some(k) = slot(key) {
                facts[k].2 = true;
            }
        }
        SubjectTable {
            subjects: n,
            position,
            facts,
        }
    }

    fn cell(&self, school: usize, subject: usize) -> Option<usize> {
        self.facts[school * self.subjects + subject].0
    }

    fn uncovered(&self, school: usize, subject: usize) -> f64 {
        self.facts[school * self.subjects + subject].1
    }

    fn has_post(&self, school: usize, subject: usize) -> bool {
        self.facts[school * self.subjects + subject].2
    }
}

/// The two LPs: coverage first, then travel with the coverage held.
fn solve(
    input: &ItinerantInput,
    scenario: &Scenario,
    cands: &[(usize, usize, ItinerantFlow, f64)],
    shortage: &BTreeMap<usize, f64>,
) -> Vec<f64> {
    let mut by_base: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut by_target: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, (from, into, _, _)) in cands.iter().enumerate() {
        by_base.entry(*from).or_default().push(k);
        by_target.entry(*into).or_default().push(k);
    }
    // scaled to at most 1, so that any weight the scenario allows is a number HiGHS takes
    let scaled = |v: Vec<f64>| {
        let top = v.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        if top > 0.0 && top.is_finite() {
            v.into_iter().map(|x| x / top).collect()
        } else {
            v
        }
    };
    let gain: Vec<f64> = scaled(cands.iter().map(|c| input.cells[c.1].weight).collect());
    let cost: Vec<f64> = scaled(
        cands
            .iter()
            .map(|c| cost_per_fte(c.2.km, scenario))
            .collect(),
    );
    let build = |objective: &[f64], held: Option<f64>| {
        let mut pb = RowProblem::default();
        let cols: Vec<_> = cands
            .iter()
            .zip(objective)
            .map(|(c, &k)| pb.add_column(k, 0.0..=c.3))
            .collect();
        for (&from, ks) in &by_base {
            let spare = input.cells[from].staff - input.cells[from].need;
            pb.add_row(..=spare, ks.iter().map(|&k| (cols[k], 1.0)));
        }
        for (into, ks) in &by_target {
            pb.add_row(..=shortage[into], ks.iter().map(|&k| (cols[k], 1.0)));
        }
        if let Some(least) = held {
            pb.add_row(least.., cols.iter().zip(&gain).map(|(&c, &g)| (c, g)));
        }
        pb
    };
    // HiGHS keeps one thread pool per calling thread: the same size as the plan's solves
    let threads = scenario.solver.threads.max(1);
    super::model::use_highs_threads(threads);
    let run = |pb: RowProblem, sense: Sense| -> Option<Vec<f64>> {
        let mut model = pb.optimise(sense);
        model.make_quiet();
        model.set_option("threads", threads as i32);
        model.set_option("random_seed", 0);
        let solved = model.solve();
        (solved.status() == HighsModelStatus::Optimal)
            .then(|| solved.get_solution().columns().to_vec())
    };
    let Some(first) = run(build(&gain, None), Sense::Maximise) else {
        return vec![0.0; cands.len()];
    };
    let covered: f64 = first.iter().zip(&gain).map(|(v, g)| v * g).sum();
    let least = covered - 1e-9 * covered.abs().max(1.0);
    run(build(&cost, Some(least)), Sense::Minimise).unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(need: f64, staff: f64, weight: f64) -> CellFacts {
        CellFacts {
            need,
            staff,
            weight,
        }
    }

    /// (base, target, FTE) of the music flows among schools 0, 1, … whose cells are `cells`,
    /// `reach` (base, target, km) apart, with the open music posts at `posts`.
    fn music_flows(
        cells: &[CellFacts],
        reach: &[(usize, usize, f64)],
        posts: &[usize],
    ) -> Vec<(usize, usize, f64)> {
        let music = || "music".to_string();
        let index = (0..cells.len()).map(|k| ((k, music()), k)).collect();
        let uncovered = (cells.iter().enumerate())
            .map(|(k, c)| ((k, music()), (c.need - c.staff).max(0.0)))
            .collect();
        let posts = posts.iter().map(|&k| ((k, music()), 1)).collect();
        let input = ItinerantInput {
            cells,
            cell_index: &index,
            posts: &posts,
            uncovered: &uncovered,
            reach,
            subjects: &[music()],
        };
        let scenario: Scenario = toml::from_str(
            "name = \"t\"\nplan_year = 2026\n[data]\nschools = \"s.csv\"\nteachers = \"t.csv\"\n",
        )
        .expect("scenario");
        allocate(&input, &scenario)
            .iter()
            .map(|f| (f.base, f.target, f.fte))
            .collect()
    }

    /// One base with 0.6 to spare, two targets short 0.4 each: the heavier target is served
    /// fully, the other gets what is left; among equal weights the nearer base is used.
    #[test]
    fn spare_load_goes_to_the_heaviest_shortage_then_the_nearest() {
        let cells = [
            cell(0.4, 1.0, 1.5), // school 0: a base, 0.6 to spare
            cell(0.4, 0.0, 2.0), // school 1: a target, weight 2
            cell(0.4, 0.0, 1.0), // school 2: a target, weight 1
            cell(0.4, 1.0, 1.5), // school 3: a base, 0.6 to spare, farther from school 2
        ];
        let reach = [(0, 1, 5.0), (0, 2, 4.0), (3, 2, 9.0)];
        // target 1 takes 0.4 from base 0; target 2 takes base 0's last 0.2 (4 km) and 0.2 from
        // base 3 (9 km).
        assert_eq!(
            music_flows(&cells, &reach, &[]),
            vec![(0, 1, 0.4), (0, 2, 0.2), (3, 2, 0.2)]
        );
    }

    /// A base whose teachers of the subject are all needed at home teaches nowhere else, and a
    /// base with an open post in the subject neither.
    #[test]
    fn a_base_without_spare_load_or_with_an_open_post_teaches_nowhere_else() {
        let cells = [
            cell(1.0, 1.0, 1.5), // school 0: staff = need
            cell(0.4, 0.0, 2.0), // school 1: a target
            cell(0.4, 1.0, 1.5), // school 2: 0.6 to spare, but an open post in music
        ];
        assert!(music_flows(&cells, &[(0, 1, 5.0), (2, 1, 5.0)], &[2]).is_empty());
    }
}
