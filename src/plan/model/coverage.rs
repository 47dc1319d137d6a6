//! The gap goal on coverage (docs/model.md, "The gap goal"): at each school whose teachers the
//! plan can change, continuous columns say how much of each subject each class of teachers
//! present teaches; itinerant columns carry part of a teacher's load to a school nearby (走教).
//! The gap is Σ over schools of weight × (need − covered).

use super::built::GoalExpr;
use super::sparse::Sparse;
use super::{travel_cost_exact, Terms};
use crate::plan::prepare::Prepared;
use crate::scenario::{Goal, Scenario};
use std::collections::{BTreeMap, BTreeSet};

/// What arrives at or leaves each school, column by column, gathered by `build`.
#[derive(Default)]
pub(super) struct SchoolFlows {
    /// (school, staff class) → pick (or part) columns of its teachers who leave.
    pub out_of: BTreeMap<(usize, usize), Vec<usize>>,
    /// (school, subject) → columns of rotated or exchange teachers arriving to teach it.
    pub arrive: BTreeMap<(usize, String), Vec<usize>>,
    /// (school, subject) → hire columns of that subject.
    pub hired: BTreeMap<(usize, String), Vec<usize>>,
}

/// One class of teachers present at a school after the plan.
pub(super) struct ClassVars {
    /// Teachers before the plan (staff classes), 0 for arrivals and hires.
    pub count: f64,
    /// Columns that add teachers to the class.
    pub inflow: Vec<usize>,
    /// Columns that take teachers out of the class.
    pub outflow: Vec<usize>,
    /// Cover columns of the class: (subject position at the school, column).
    pub cover: Vec<(usize, usize)>,
    /// Itinerant columns drawing on the class.
    pub away: Vec<usize>,
}

/// The coverage columns of one school.
pub(super) struct CoverBlock {
    pub school: usize,
    pub classes: Vec<ClassVars>,
    /// Per subject at the school: need, and itinerant columns arriving.
    pub need: Vec<f64>,
    pub visiting: Vec<Vec<usize>>,
    /// What each class is.
    pub keys: Vec<CoverClass>,
}

/// Who teaches where, for naming and reading back the cover and itinerant columns.
#[derive(Clone, Debug)]
pub enum CoverCol {
    /// A class at a school teaches a subject there.
    Cover {
        school: usize,
        class: CoverClass,
        subject: String,
    },
    /// A class based at `base` teaches `subject` at `school`.
    Itinerant {
        base: usize,
        class: CoverClass,
        school: usize,
        subject: String,
    },
}

/// A class of teachers present at a school.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CoverClass {
    /// The school's own teachers of a staff class (`StaffingPrep::staff`).
    Staff(usize),
    /// Rotated or exchange teachers arriving to teach the subject.
    Arrived(String),
    /// Hires of the subject.
    Hired(String),
}

/// Builds the coverage blocks and the gap goal. Returns the goal, the blocks (for `settle`) and
/// the meaning of each new column.
pub(super) fn coverage_goal(
    prep: &Prepared,
    scenario: &Scenario,
    sp: &mut Sparse,
    flows: &SchoolFlows,
    travel: &mut GoalExpr,
) -> (GoalExpr, Vec<CoverBlock>, Vec<(usize, CoverCol)>) {
    let st = &prep.staffing;
    let n = st.needs.len();
    let mut gap = GoalExpr::new(Goal::Gap, 0.0, 0.0);
    let mut involved = vec![false; n];
    for &(s, _) in flows.out_of.keys() {
        involved[s] = true;
    }
    for (s, _) in flows.arrive.keys().chain(flows.hired.keys()) {
        involved[*s] = true;
    }
    let reach = itinerant_reach(prep, flows);
    for &(b, t, _, _) in &reach {
        involved[b] = true;
        involved[t] = true;
    }
    // Schools the plan cannot change: their gap is a constant.
    for s in (0..n).filter(|&s| !involved[s]) {
        let problem = crate::rules::staffing::school_problem(&st.needs[s], &st.staff[s]);
        let cover = crate::rules::staffing::cover(&problem);
        gap.constant += st.weight[s] * cover.uncovered(&problem.need);
    }
    let mut blocks: Vec<CoverBlock> = Vec::new();
    let mut block_of = vec![usize::MAX; n];
    let mut names = Vec::new();
    for s in (0..n).filter(|&s| involved[s]) {
        block_of[s] = blocks.len();
        blocks.push(school_block(prep, scenario, sp, flows, s, &mut gap, &mut names));
    }
    // Itinerant columns: (base, class, target, subject).
    for &(b, t, km, ref subject) in &reach {
        let Some(j) = st.needs[t].iter().position(|(x, _)| x == subject) else {
            continue;
        };
        let base = &blocks[block_of[b]];
        let classes: Vec<usize> = base
            .classes
            .iter()
            .enumerate()
            .filter(|(k, _)| itinerant_class(prep, b, &base.keys[*k], subject))
            .map(|(k, _)| k)
            .collect();
        for k in classes {
            let col = sp.col(0.0, st.needs[t][j].1, false);
            gap.add(-st.weight[t], col);
            let cost = km * scenario.weights.travel_per_km * scenario.itinerant.cost_per_fte_km;
            if cost > 0.0 {
                travel.add(travel_cost_exact(cost), col);
            }
            blocks[block_of[b]].classes[k].away.push(col);
            blocks[block_of[t]].visiting[j].push(col);
            let class = blocks[block_of[b]].keys[k].clone();
            names.push((
                col,
                CoverCol::Itinerant {
                    base: b,
                    class,
                    school: t,
                    subject: subject.clone(),
                },
            ));
        }
    }
    // Rows: each class teaches at most its teachers' load; each subject is covered at most to
    // its need.
    for block in &blocks {
        for class in &block.classes {
            let mut terms: Terms = class.cover.iter().map(|&(_, c)| (c, 1.0)).collect();
            terms.extend(class.away.iter().map(|&c| (c, 1.0)));
            if terms.is_empty() {
                continue;
            }
            terms.extend(class.inflow.iter().map(|&c| (c, -1.0)));
            terms.extend(class.outflow.iter().map(|&c| (c, 1.0)));
            sp.row(f64::NEG_INFINITY, class.count, terms);
        }
        for (j, &need) in block.need.iter().enumerate() {
            let mut terms: Terms = block
                .classes
                .iter()
                .flat_map(|c| c.cover.iter().filter(|&&(x, _)| x == j).map(|&(_, col)| (col, 1.0)))
                .collect();
            terms.extend(block.visiting[j].iter().map(|&c| (c, 1.0)));
            if terms.len() > 1 {
                sp.row(f64::NEG_INFINITY, need, terms);
            }
        }
    }
    (gap, blocks, names)
}

/// Whether class `class` at base `b` may teach `subject` itinerantly: a staff class whose
/// subjects (other than the general ones a general school adds) include it, or rotated or
/// exchange teachers who came to teach it; never hires.
fn itinerant_class(prep: &Prepared, b: usize, class: &CoverClass, subject: &str) -> bool {
    match class {
        CoverClass::Staff(k) => prep.staffing.staff[b][*k].1.iter().any(|x| x == subject),
        CoverClass::Arrived(p) => p == subject,
        CoverClass::Hired(_) => false,
    }
}

/// (base, target, km, subject) for every itinerant column worth having: the target lacks the
/// subject before the plan and some class at the base may teach it there.
fn itinerant_reach(prep: &Prepared, flows: &SchoolFlows) -> Vec<(usize, usize, f64, String)> {
    let st = &prep.staffing;
    let subjects: BTreeSet<&str> = st.itinerant_subjects.iter().map(String::as_str).collect();
    let mut lacking: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut out = Vec::new();
    for &(b, t, km) in &st.reach {
        let lacks = lacking.entry(t).or_insert_with(|| lacking_subjects(prep, t, &subjects));
        for subject in lacks.iter() {
            let staff = st.staff[b]
                .iter()
                .any(|(_, subs)| subs.iter().any(|x| x == subject));
            let arrives = flows.arrive.contains_key(&(b, subject.clone()));
            if staff || arrives {
                out.push((b, t, km, subject.clone()));
            }
        }
    }
    out
}

/// Itinerant subjects a school lacks before the plan: one more teacher of the subject would
/// cover some of its need.
fn lacking_subjects(prep: &Prepared, t: usize, subjects: &BTreeSet<&str>) -> Vec<String> {
    use crate::rules::staffing::{room_for, school_problem};
    let st = &prep.staffing;
    let problem = school_problem(&st.needs[t], &st.staff[t]);
    st.needs[t]
        .iter()
        .enumerate()
        .filter(|(_, (s, _))| subjects.contains(s.as_str()))
        .filter(|(j, _)| room_for(&problem, &[*j]) > 1e-9)
        .map(|(_, (s, _))| s.clone())
        .collect()
}

/// Subjects a teacher arriving to teach `subject` may teach at school `s` (as
/// `rules::staffing::arrival_subjects`).
fn arrival_subjects(prep: &Prepared, scenario: &Scenario, s: usize, subject: &str) -> Vec<String> {
    let mut subs = vec![subject.to_string()];
    if prep.staffing.general[s] {
        subs.extend(scenario.coverage.general_subjects.iter().cloned());
    }
    subs.sort();
    subs.dedup();
    subs
}

/// The coverage block of school `s`: its classes with their cover columns.
fn school_block(
    prep: &Prepared,
    scenario: &Scenario,
    sp: &mut Sparse,
    flows: &SchoolFlows,
    s: usize,
    gap: &mut GoalExpr,
    names: &mut Vec<(usize, CoverCol)>,
) -> CoverBlock {
    let st = &prep.staffing;
    let needs = &st.needs[s];
    let index: BTreeMap<&str, usize> = needs
        .iter()
        .enumerate()
        .map(|(j, (x, _))| (x.as_str(), j))
        .collect();
    let w = st.weight[s];
    gap.constant += w * needs.iter().map(|(_, n)| n).sum::<f64>();
    let mut classes = Vec::new();
    let mut keys = Vec::new();
    for (k, (count, subs)) in st.staff[s].iter().enumerate() {
        let outflow = flows.out_of.get(&(s, k)).cloned().unwrap_or_default();
        classes.push((*count, Vec::new(), outflow, subs.clone()));
        keys.push(CoverClass::Staff(k));
    }
    for ((r, subject), cols) in flows.arrive.range((s, String::new())..) {
        if *r != s {
            break;
        }
        let subs = arrival_subjects(prep, scenario, s, subject);
        classes.push((0.0, cols.clone(), Vec::new(), subs));
        keys.push(CoverClass::Arrived(subject.clone()));
    }
    for ((r, subject), cols) in flows.hired.range((s, String::new())..) {
        if *r != s {
            break;
        }
        let subs = arrival_subjects(prep, scenario, s, subject);
        classes.push((0.0, cols.clone(), Vec::new(), subs));
        keys.push(CoverClass::Hired(subject.clone()));
    }
    let mut block = CoverBlock {
        school: s,
        classes: Vec::new(),
        need: needs.iter().map(|(_, n)| *n).collect(),
        visiting: vec![Vec::new(); needs.len()],
        keys: Vec::new(),
    };
    for ((count, inflow, outflow, subs), key) in classes.into_iter().zip(keys) {
        let mut cover = Vec::new();
        for subject in &subs {
            let Some(&j) = index.get(subject.as_str()) else {
                continue;
            };
            let col = sp.col(0.0, needs[j].1, false);
            gap.add(-w, col);
            cover.push((j, col));
            names.push((
                col,
                CoverCol::Cover {
                    school: s,
                    class: key.clone(),
                    subject: subject.clone(),
                },
            ));
        }
        block.classes.push(ClassVars {
            count,
            inflow,
            outflow,
            cover,
            away: Vec::new(),
        });
        block.keys.push(key);
    }
    block
}
