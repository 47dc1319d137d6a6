//! From county facts to the pieces of the model: groups of interchangeable teachers, receiving
//! posts, hire batches and the cells whose gap the plan can move.
//!
//! Teachers who are the same for the rules and the must-serve and gap goals (same school,
//! subjects and must-serve flag) form one group, decided as an integer flow; within a group,
//! the members with the same backbone and due flags form a part, the flags the shares and
//! travel goals read. Individuals are chosen afterwards by a fixed priority (see `assign`).
//! This keeps the model small at county scale.

use crate::domain::rules::{self, gap_weight, Gaps, TeacherStatus};
use crate::domain::{Area, County, Programme, School};
use crate::input::Loaded;
use crate::scenario::Scenario;
use std::collections::{BTreeMap, BTreeSet};

/// Teachers interchangeable for the rules and for the must-serve and gap goals.
#[derive(Debug, Clone)]
pub struct Group {
    pub school: usize,
    pub main_subject: String,
    /// Main subject first, then extra subjects in catalogue order.
    pub subjects: Vec<String>,
    pub must_serve: bool,
    /// Teacher indices in priority order (longest in school first, then id).
    pub members: Vec<usize>,
    /// The members split by the flags the shares and travel goals read, in (backbone, due)
    /// order; at least one.
    pub parts: Vec<Part>,
}

/// Members of a group with the same backbone and due flags: interchangeable for every goal.
#[derive(Debug, Clone)]
pub struct Part {
    pub backbone: bool,
    pub due: bool,
    /// Cost in the travel goal of each member who leaves (the not-due penalty, or 0).
    pub cost: f64,
    /// Teacher indices in priority order.
    pub members: Vec<usize>,
}

impl Part {
    /// The part of `members` (in priority order) with these flags.
    pub fn new(backbone: bool, due: bool, not_due_penalty: f64, members: Vec<usize>) -> Part {
        Part {
            backbone,
            due,
            cost: if due { 0.0 } else { not_due_penalty },
            members,
        }
    }
}

/// First layer of the network: members of a group leave to teach one of their subjects, and
/// join the pool of their school's teachers of that subject who leave.
#[derive(Debug, Clone)]
pub struct Pick {
    pub group: usize,
    /// The pool (school, subject) the teachers join.
    pub pool: usize,
}

/// A pool: teachers leaving one school to teach one subject elsewhere. Everything that depends
/// on where they go (distance, pairing, housing, posts) depends only on the pool, not on who
/// is in it, so routes start from pools and the model stays small.
#[derive(Debug, Clone)]
pub struct Pool {
    pub school: usize,
    pub subject: String,
}

/// Second layer: teachers of a pool go to a receiving school with an open post in the subject.
#[derive(Debug, Clone)]
pub struct Arc {
    pub pool: usize,
    pub to: usize,
    pub subject: String,
    /// The post (receiving school, subject) it fills: its place in `Prepared::posts`.
    pub post: usize,
    /// The cell of that post.
    pub cell: usize,
    /// Cost in the travel goal (distance, unpaired schools).
    pub cost: f64,
    /// Arrival needs a housing bed (beyond commuting distance or unknown distance).
    pub needs_bed: bool,
}

/// A batch of new hires and the schools it may go to.
#[derive(Debug, Clone)]
pub struct HireOption {
    pub batch: usize,
    pub subject: String,
    pub programme: Programme,
    pub count: u32,
    /// (school index, travel-goal cost)
    pub schools: Vec<(usize, f64)>,
}

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
    pub arcs: Vec<Arc>,
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
    pub whatif: super::whatif::WhatIfPrep,
    /// Data of the indicators goal, when it is in `solver.goals` (see `indicator_prep`).
    pub indicators: Option<super::indicator_prep::IndicatorPrep>,
}

/// Whether a school may receive rotated teachers this year.
pub fn is_receiver(school: &School, scenario: &Scenario) -> bool {
    rules::status::counts_as_rural_service(school, scenario)
        && !scenario
            .policy
            .exempt_schools
            .iter()
            .any(|id| id == &school.id)
}

/// Areas a hire batch may go to: the batch's own list, else tegang → rural-service areas,
/// others → anywhere.
pub fn hire_areas(programme: Programme, areas: Option<&[Area]>, scenario: &Scenario) -> Vec<Area> {
    match (areas, programme) {
        (Some(a), _) => a.to_vec(),
        (None, Programme::Tegang) => scenario.policy.rural_service_areas.clone(),
        (None, _) => Area::ALL.to_vec(),
    }
}

/// Straight-line distance between two schools, if both have coordinates.
pub fn distance(a: &School, b: &School) -> Option<f64> {
    Some(a.location?.distance_km(b.location?))
}

pub fn prepare(loaded: &Loaded) -> Prepared {
    let scenario = &loaded.scenario;
    let county: &County = &loaded.county;
    let policy = &scenario.policy;
    let weights = &scenario.weights;
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
    let mut wi = super::whatif::WhatIfPrep::new(loaded, &statuses);

    // Cells and posts.
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
    let receivers: Vec<usize> = (0..county.schools.len())
        .filter(|&i| is_receiver(&county.schools[i], scenario) && !wi.closed.contains(&i))
        .collect();
    let mut posts = BTreeMap::new();
    for &r in &receivers {
        for (subject, _) in scenario.subjects.iter() {
            if let Some(&c) = cell_index.get(&(r, subject.clone())) {
                let gap = Gaps::gap(cells[c].need, cells[c].staff);
                let open = (gap - 1e-9).ceil().max(0.0) as u32;
                if open > 0 {
                    posts.insert((r, subject.clone()), open);
                }
            }
        }
    }

    // Groups of interchangeable eligible teachers.
    let subject_order: BTreeMap<&str, usize> = scenario
        .subjects
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    // With the indicators goal, teachers who count differently for L1/L2 are kept apart.
    let ind = scenario
        .solver
        .goals
        .contains(&crate::scenario::Goal::Indicators);
    let ind_class = |t: usize| ind.then(|| super::indicator_prep::class(&county.teachers[t]));
    type Key = (usize, Vec<String>, bool, Option<u8>);
    let mut by_key: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (i, t) in county.teachers.iter().enumerate() {
        let st = &statuses[i];
        if !st.eligible || wi.fixed(i) {
            continue;
        }
        let mut extras: Vec<String> = t
            .extra_subjects
            .iter()
            .filter(|s| **s != t.subject)
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        extras.sort_by_key(|s| subject_order.get(s.as_str()).copied().unwrap_or(usize::MAX));
        let mut subjects = vec![t.subject.clone()];
        subjects.extend(extras);
        let key = (
            teacher_school[i],
            subjects,
            st.must_serve.is_some(),
            ind_class(i),
        );
        by_key.entry(key).or_default().push(i);
    }
    let mut groups = Vec::with_capacity(by_key.len());
    for ((school, subjects, must_serve, _), mut members) in by_key {
        members.sort_by(|&a, &b| {
            statuses[b]
                .years_in_school
                .cmp(&statuses[a].years_in_school)
                .then_with(|| county.teachers[a].id.cmp(&county.teachers[b].id))
        });
        let mut by_flags: BTreeMap<(bool, bool), Vec<usize>> = BTreeMap::new();
        for &t in &members {
            let flags = (county.teachers[t].backbone.is_backbone(), statuses[t].due);
            by_flags.entry(flags).or_default().push(t);
        }
        let parts = by_flags
            .into_iter()
            .map(|((backbone, due), m)| Part::new(backbone, due, weights.not_due_penalty, m))
            .collect();
        groups.push(Group {
            school,
            main_subject: subjects[0].clone(),
            subjects,
            must_serve,
            members,
            parts,
        });
    }

    groups.extend(wi.pin_groups(county, &statuses, &teacher_school, weights.not_due_penalty));

    // Picks and arcs: a group may fill an open post in any of its subjects at any receiving
    // school, through the pool of its school and that subject.
    let paired: BTreeSet<(usize, usize)> = county
        .pairs
        .iter()
        .filter_map(|p| {
            Some((
                *school_ix.get(p.urban_school_id.as_str())?,
                *school_ix.get(p.rural_school_id.as_str())?,
            ))
        })
        .collect();
    // (the receiving schools with an open post, by subject)
    let mut post_schools: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (r, subject) in posts.keys() {
        post_schools.entry(subject.as_str()).or_default().push(*r);
    }
    let mut pools: Vec<Pool> = Vec::new();
    let mut pool_index: BTreeMap<(usize, String, Option<u8>), usize> = BTreeMap::new();
    let mut picks = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        for subject in &group.subjects {
            // A subject with no open post anywhere cannot be taught elsewhere.
            let elsewhere = post_schools
                .get(subject.as_str())
                .is_some_and(|rs| rs.iter().any(|&r| r != group.school));
            if !elsewhere {
                continue;
            }
            let pool = *pool_index
                .entry((group.school, subject.clone(), ind_class(group.members[0])))
                .or_insert_with(|| {
                    pools.push(Pool {
                        school: group.school,
                        subject: subject.clone(),
                    });
                    pools.len() - 1
                });
            picks.push(Pick { group: g, pool });
        }
    }
    // Per subject and school: the post's place in `posts`, if the school has one.
    let mut post_at: BTreeMap<&str, Vec<Option<usize>>> = BTreeMap::new();
    for (k, (r, subject)) in posts.keys().enumerate() {
        post_at
            .entry(subject.as_str())
            .or_insert_with(|| vec![None; county.schools.len()])[*r] = Some(k);
    }
    let post_cell: Vec<usize> = posts.keys().map(|key| cell_index[key]).collect();
    let mut arcs = Vec::new();
    for (p, pool) in pools.iter().enumerate() {
        let from = &county.schools[pool.school];
        let Some(at) = post_at.get(pool.subject.as_str()) else {
            continue;
        };
        for &r in &receivers {
            let Some(post) = at[r].filter(|_| r != pool.school) else {
                continue;
            };
            let to = &county.schools[r];
            let dist = distance(from, to);
            let mut cost = weights.travel_per_km * dist.unwrap_or(policy.commute_km);
            if !paired.contains(&(pool.school, r)) {
                cost += weights.unpaired_penalty;
            }
            arcs.push(Arc {
                pool: p,
                to: r,
                subject: pool.subject.clone(),
                post,
                cell: post_cell[post],
                cost,
                needs_bed: dist.is_none_or(|d| d > policy.commute_km),
            });
        }
    }

    wi.bind_pins(&groups, &picks, &pools, &arcs);

    // Hires: any school of the batch's areas.
    let mut hires = Vec::new();
    let closed = wi.closed.clone();
    let hire_schools = |programme: Programme, areas: Option<&[Area]>| -> Vec<(usize, f64)> {
        let areas = hire_areas(programme, areas, scenario);
        let chosen: Vec<usize> = (0..county.schools.len())
            .filter(|&i| areas.contains(&county.schools[i].area) && !closed.contains(&i))
            .collect();
        chosen
            .into_iter()
            .map(|i| {
                let s = &county.schools[i];
                let preferred = rules::status::counts_as_rural_service(s, scenario) || s.weak;
                (
                    i,
                    if preferred {
                        0.0
                    } else {
                        weights.hire_outside_rural_penalty
                    },
                )
            })
            .collect()
    };
    for (b, batch) in county.hires.iter().enumerate() {
        hires.push(HireOption {
            batch: b,
            subject: batch.subject.clone(),
            programme: batch.programme,
            count: batch.count,
            schools: hire_schools(batch.programme, batch.areas.as_deref()),
        });
    }
    wi.bind_hires(loaded, &mut hires, hire_schools);

    let mut staff_per_school = vec![0u32; county.schools.len()];
    for &s in &teacher_school {
        staff_per_school[s] += 1;
    }
    let release_cap = staff_per_school
        .iter()
        .map(|&n| (policy.max_send_share * n as f64 + 1e-9).floor() as u32)
        .collect();
    let eligible = statuses.iter().filter(|s| s.eligible).count();
    let rotation_target = (policy.rotation_share * eligible as f64 - 1e-9)
        .ceil()
        .max(0.0) as u32;

    let indicators = ind.then(|| super::indicator_prep::prepare(county, &groups));
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
        whatif: wi,
    }
}
