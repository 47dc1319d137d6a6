//! From county facts to the pieces of the model: the cells whose gap the plan can move, the
//! receiving posts, and the network of groups, pools, routes and hire options
//! (see [`super::network`]), with the what-if bounds and the indicators goal's data.

use super::commitments::CommitmentsPrep;
use super::indicator_prep::{self, IndicatorPrep};
use super::network::{self, Group, HireOption, Pick, Pool, Route};
use crate::domain::County;
use crate::problem::Problem;
use crate::rules::{self, gap_weight, moves, Gaps, TeacherStatus};
use crate::scenario::{Goal, Scenario};
use std::collections::BTreeMap;

/// A (school, subject) cell with its need and staff before the plan.
#[derive(Debug, Clone)]
pub struct Cell {
    pub school: usize,
    pub subject: String,
    pub need: f64,
    pub staff: f64,
    pub weight: f64,
}

/// Everything the model is built from.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub statuses: Vec<TeacherStatus>,
    /// Teacher index → school index.
    pub teacher_school: Vec<usize>,
    pub groups: Vec<Group>,
    pub picks: Vec<Pick>,
    pub pools: Vec<Pool>,
    /// Routes from pools to receiving posts (the model's arcs).
    pub arcs: Vec<Route>,
    pub hires: Vec<HireOption>,
    pub cells: Vec<Cell>,
    /// (school, subject) → cell index.
    pub cell_index: BTreeMap<(usize, String), usize>,
    /// Open posts for rotated teachers per (receiving school, subject).
    pub posts: BTreeMap<(usize, String), u32>,
    /// Largest number of teachers each school may send.
    pub release_cap: Vec<u32>,
    /// Housing beds per school (`None`: no limit).
    pub beds: Vec<Option<u32>>,
    /// School ids by index, for naming model columns.
    pub school_ids: Vec<String>,
    pub eligible: usize,
    /// Rotations needed for the rotation share.
    pub rotation_target: u32,
    /// Locks, kept decisions and hiring budgets (see `whatif`).
    pub commitments: CommitmentsPrep,
    /// Data of the indicators goal, when it is in `solver.goals` (see `indicator_prep`).
    pub indicators: Option<IndicatorPrep>,
}

/// Cells (school, subject) with need and staff before the plan, in gap order, with their index.
fn cells(
    county: &County,
    scenario: &Scenario,
    school_ix: &BTreeMap<&str, usize>,
) -> (Vec<Cell>, BTreeMap<(usize, String), usize>) {
    let gaps = Gaps::compute(county, scenario);
    let mut cells = Vec::new();
    let mut cell_index = BTreeMap::new();
    for ((sid, subject), &(need, staff)) in &gaps.cells {
        let school = school_ix[sid.as_str()];
        cell_index.insert((school, subject.clone()), cells.len());
        cells.push(Cell {
            school,
            subject: subject.clone(),
            need,
            staff,
            weight: gap_weight(&county.schools[school], scenario),
        });
    }
    (cells, cell_index)
}

/// Open posts for rotated teachers per (receiving school, subject): [`moves::open_posts`] of
/// the cell's gap, where the school has one.
pub fn open_posts(
    scenario: &Scenario,
    receivers: &[usize],
    cells: &[Cell],
    cell_index: &BTreeMap<(usize, String), usize>,
) -> BTreeMap<(usize, String), u32> {
    let mut posts = BTreeMap::new();
    for &r in receivers {
        for (subject, _) in scenario.subjects.iter() {
            if let Some(&c) = cell_index.get(&(r, subject.clone())) {
                let open = moves::open_posts(Gaps::gap(cells[c].need, cells[c].staff));
                if open > 0 {
                    posts.insert((r, subject.clone()), open);
                }
            }
        }
    }
    posts
}

pub fn prepare(loaded: &Problem) -> Prepared {
    let scenario = &loaded.scenario;
    let county: &County = &loaded.county;
    let policy = &scenario.policy;
    let school_ix: BTreeMap<&str, usize> = county
        .schools
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let teacher_school: Vec<usize> = county
        .teachers
        .iter()
        .map(|t| school_ix[t.school_id.as_str()])
        .collect();
    let statuses: Vec<TeacherStatus> = county
        .teachers
        .iter()
        .zip(&teacher_school)
        .map(|(t, &s)| rules::teacher_status(t, &county.schools[s], scenario))
        .collect();
    let mut wi = CommitmentsPrep::new(loaded, &statuses);

    let (cells, cell_index) = cells(county, scenario, &school_ix);
    let receivers: Vec<usize> = (0..county.schools.len())
        .filter(|&i| moves::may_receive(&county.schools[i], scenario) && !wi.closed.contains(&i))
        .collect();
    let posts = open_posts(scenario, &receivers, &cells, &cell_index);

    // With the indicators goal, teachers who count differently for L1/L2 are kept apart.
    let ind = scenario.solver.goals.contains(&Goal::Indicators);
    let class_of = |t: usize| ind.then(|| indicator_prep::class(&county.teachers[t]));
    let mut groups = network::groups(
        county,
        scenario,
        &statuses,
        &teacher_school,
        |t| wi.fixed(t),
        &class_of,
    );
    groups.extend(wi.pin_groups(
        county,
        &statuses,
        &teacher_school,
        scenario.weights.not_due_penalty,
    ));
    let (pools, picks) = network::pools_and_picks(&groups, &posts, &class_of);
    let arcs = network::routes(county, scenario, &pools, &receivers, &posts, &cell_index);
    wi.bind_pins(&groups, &picks, &pools, &arcs);

    // Hires: any school of the batch's areas.
    let closed = wi.closed.clone();
    let hire_schools = |programme: crate::domain::Programme,
                        areas: Option<&[crate::domain::Area]>| {
        network::hire_schools(county, scenario, &closed, programme, areas)
    };
    let mut hires: Vec<HireOption> = county
        .hires
        .iter()
        .enumerate()
        .map(|(b, batch)| HireOption {
            batch: b,
            subject: batch.subject.clone(),
            programme: batch.programme,
            count: batch.count,
            schools: hire_schools(batch.programme, batch.areas.as_deref()),
        })
        .collect();
    wi.bind_hires(loaded, &mut hires, hire_schools);

    let mut staff_per_school = vec![0usize; county.schools.len()];
    for &s in &teacher_school {
        staff_per_school[s] += 1;
    }
    let release_cap = staff_per_school
        .iter()
        .map(|&n| moves::release_cap(n, policy))
        .collect();
    let eligible = statuses.iter().filter(|s| s.eligible).count();
    let rotation_target = (policy.rotation_share * eligible as f64 - moves::EPS)
        .ceil()
        .max(0.0) as u32;

    let indicators = ind.then(|| indicator_prep::prepare(county, &groups));
    Prepared {
        statuses,
        teacher_school,
        groups,
        picks,
        pools,
        arcs,
        hires,
        cells,
        cell_index,
        posts,
        release_cap,
        beds: county.schools.iter().map(|s| s.housing_beds).collect(),
        school_ids: county.schools.iter().map(|s| s.id.clone()).collect(),
        eligible,
        rotation_target,
        indicators,
        commitments: wi,
    }
}
