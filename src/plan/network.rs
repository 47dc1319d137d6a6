//! The network the model's flows run on: groups of interchangeable teachers and their parts,
//! the picks that send a group's members into a pool, the pools of leaving teachers, the
//! routes from pools to receiving posts, and the hire options.
//!
//! Teachers who are the same for the rules and the must-serve and gap goals (same school,
//! subjects and must-serve flag) form one group, decided as an integer flow; within a group,
//! the members with the same backbone and due flags form a part, the flags the shares and
//! travel goals read. Individuals are chosen afterwards by a fixed priority (see `assign`).
//! This keeps the model small at county scale. The rules of a single move (who may receive,
//! travel cost, housing) come from [`crate::rules::moves`].

use crate::domain::{County, Programme};
use crate::rules::{moves, staffing, TeacherStatus};
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
    /// Rural teachers going the other way for the term (对口交流): not counted in the shares,
    /// routed only to exchange posts.
    pub exchange: bool,
    /// Teacher indices in priority order (longest in school first, then id).
    pub members: Vec<usize>,
    /// The teacher, when the group is one applicant (docs/wishes.md): applicants differ in
    /// the wishes goal, so each is a group of their own.
    pub applicant: Option<usize>,
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
    /// A pool of teachers on exchange (routes only to exchange posts).
    pub exchange: bool,
    /// The applicant whose wishes this pool serves: its routes go only to schools of their
    /// wishes (docs/wishes.md). The applicant may also leave through the school's common pool.
    pub wish_of: Option<usize>,
}

/// Second layer: teachers of a pool go to a receiving school with an open post in the subject.
/// (The model calls these its arcs: `Prepared::arcs`.)
/// Its places are kept as u32 (a county has 682,323 routes at 50,000 teachers in 600 schools:
/// 32 bytes each instead of 56), read through `pool`, `to`, `post` and `cell`.
#[derive(Debug, Clone)]
pub struct Route {
    pool: u32,
    to: u32,
    post: u32,
    cell: Option<u32>,
    /// Cost in the travel goal (distance, unpaired schools): [`moves::travel_cost`].
    pub cost: f64,
    /// Arrival needs a housing bed: [`moves::needs_bed`].
    pub needs_bed: bool,
    /// On a route of a wish pool: the rank of the first of the applicant's wishes that covers
    /// the receiving school.
    pub wish: Option<u8>,
}

impl Route {
    /// The sending pool: its place in `Prepared::pools`.
    #[inline]
    pub fn pool(&self) -> usize {
        self.pool as usize
    }

    /// The receiving school.
    #[inline]
    pub fn to(&self) -> usize {
        self.to as usize
    }

    /// The post (receiving school, subject) it fills: its place in `Prepared::posts`.
    #[inline]
    pub fn post(&self) -> usize {
        self.post as usize
    }

    /// The cell of that post, if the school has a need or staff in the subject (a post for
    /// the general subjects may not).
    #[inline]
    pub fn cell(&self) -> Option<usize> {
        self.cell.map(|c| c as usize)
    }
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
    /// Open posts in the subject at each of `schools` (same order): the most hires there.
    pub open: Vec<u32>,
}

/// The key that keeps teachers apart beyond school, subjects and must-serve: their class for
/// the indicators goal when it is on (see `indicator_prep::class`).
pub type ClassOf<'a> = dyn Fn(usize) -> Option<u8> + 'a;

/// Subject id → place in the catalogue.
fn catalogue_order(scenario: &Scenario) -> BTreeMap<&str, usize> {
    scenario
        .subjects
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect()
}

/// A teacher's subjects: main subject first, then the extra subjects in catalogue order.
fn subjects_of(t: &crate::domain::Teacher, order: &BTreeMap<&str, usize>) -> Vec<String> {
    let mut extras: Vec<String> = t
        .extra_subjects
        .iter()
        .filter(|s| **s != t.subject)
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    extras.sort_by_key(|s| order.get(s.as_str()).copied().unwrap_or(usize::MAX));
    let mut subjects = vec![t.subject.clone()];
    subjects.extend(extras);
    subjects
}

/// Members in priority order: longest in their school first, then by id.
fn by_priority(members: &mut [usize], county: &County, statuses: &[TeacherStatus]) {
    members.sort_by(|&a, &b| {
        statuses[b]
            .years_in_school
            .cmp(&statuses[a].years_in_school)
            .then_with(|| county.teachers[a].id.cmp(&county.teachers[b].id))
    });
}

/// Groups of the eligible teachers not decided outside the groups (`fixed`), each with its
/// members in priority order and split into parts.
pub fn groups(
    county: &County,
    scenario: &Scenario,
    statuses: &[TeacherStatus],
    teacher_school: &[usize],
    fixed: impl Fn(usize) -> bool,
    class_of: &ClassOf,
    applicant: impl Fn(usize) -> bool,
) -> Vec<Group> {
    let subject_order = catalogue_order(scenario);
    type Key = (usize, Vec<String>, bool, Option<u8>, Option<usize>);
    let mut by_key: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (i, t) in county.teachers.iter().enumerate() {
        let st = &statuses[i];
        if !st.eligible || fixed(i) {
            continue;
        }
        let subjects = subjects_of(t, &subject_order);
        let key = (
            teacher_school[i],
            subjects,
            st.must_serve.is_some(),
            class_of(i),
            applicant(i).then_some(i),
        );
        by_key.entry(key).or_default().push(i);
    }
    let not_due_penalty = scenario.weights.not_due_penalty;
    let mut groups = Vec::with_capacity(by_key.len());
    for ((school, subjects, must_serve, _, applicant), mut members) in by_key {
        by_priority(&mut members, county, statuses);
        let mut by_flags: BTreeMap<(bool, bool), Vec<usize>> = BTreeMap::new();
        for &t in &members {
            let flags = (county.teachers[t].backbone.is_backbone(), statuses[t].due);
            by_flags.entry(flags).or_default().push(t);
        }
        let parts = by_flags
            .into_iter()
            .map(|((backbone, due), m)| Part::new(backbone, due, not_due_penalty, m))
            .collect();
        groups.push(Group {
            school,
            main_subject: subjects[0].clone(),
            subjects,
            must_serve,
            exchange: false,
            members,
            parts,
            applicant,
        });
    }
    groups
}

/// Groups of the teachers who may go on exchange (`rules::staffing::may_exchange`), by school
/// and subjects, each one part (the shares and the not-due penalty do not read them).
pub fn exchange_groups(
    county: &County,
    scenario: &Scenario,
    statuses: &[TeacherStatus],
    teacher_school: &[usize],
    fixed: impl Fn(usize) -> bool,
    class_of: &ClassOf,
) -> Vec<Group> {
    let subject_order = catalogue_order(scenario);
    type Key = (usize, Vec<String>, Option<u8>);
    let mut by_key: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (i, t) in county.teachers.iter().enumerate() {
        let school = &county.schools[teacher_school[i]];
        if fixed(i) || !staffing::may_exchange(t, school, &statuses[i], scenario) {
            continue;
        }
        let subjects = subjects_of(t, &subject_order);
        by_key
            .entry((teacher_school[i], subjects, class_of(i)))
            .or_default()
            .push(i);
    }
    by_key
        .into_iter()
        .map(|((school, subjects, _), mut members)| {
            by_priority(&mut members, county, statuses);
            Group {
                school,
                main_subject: subjects[0].clone(),
                subjects,
                must_serve: false,
                exchange: true,
                parts: vec![Part::new(false, true, 0.0, members.clone())],
                members,
                applicant: None,
            }
        })
        .collect()
}

/// Pools and picks: a group may teach any of its subjects that has an open post at another
/// school, through the pool of its school and that subject.
pub fn pools_and_picks(
    groups: &[Group],
    posts: &BTreeMap<(usize, String), u32>,
    exchange_post: &dyn Fn(usize) -> bool,
    class_of: &ClassOf,
    has_wishes: &dyn Fn(usize) -> bool,
) -> (Vec<Pool>, Vec<Pick>) {
    // (the schools with an open post, by subject and kind)
    let mut post_schools: BTreeMap<(&str, bool), Vec<usize>> = BTreeMap::new();
    for (r, subject) in posts.keys() {
        post_schools
            .entry((subject.as_str(), exchange_post(*r)))
            .or_default()
            .push(*r);
    }
    let mut pools: Vec<Pool> = Vec::new();
    type PoolKey = (usize, String, bool, Option<u8>, Option<usize>);
    let mut pool_index: BTreeMap<PoolKey, usize> = BTreeMap::new();
    let mut picks = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        for subject in &group.subjects {
            // A subject with no open post anywhere cannot be taught elsewhere.
            let elsewhere = post_schools
                .get(&(subject.as_str(), group.exchange))
                .is_some_and(|rs| rs.iter().any(|&r| r != group.school));
            if !elsewhere {
                continue;
            }
            // an applicant with wishes may leave through their own wish pool as well
            let wish_pool = group.applicant.filter(|&t| has_wishes(t));
            for wish_of in std::iter::once(None).chain(wish_pool.map(Some)) {
                let pool = *pool_index
                    .entry((
                        group.school,
                        subject.clone(),
                        group.exchange,
                        class_of(group.members[0]),
                        wish_of,
                    ))
                    .or_insert_with(|| {
                        pools.push(Pool {
                            school: group.school,
                            subject: subject.clone(),
                            exchange: group.exchange,
                            wish_of,
                        });
                        pools.len() - 1
                    });
                picks.push(Pick { group: g, pool });
            }
        }
    }
    (pools, picks)
}

/// Routes from every pool to every receiving school (in `receivers`) with an open post in the
/// pool's subject, other than the pool's own school.
pub fn routes(
    county: &County,
    scenario: &Scenario,
    pools: &[Pool],
    (receivers, exchange_to): (&[usize], &[usize]),
    posts: &BTreeMap<(usize, String), u32>,
    cell_index: &BTreeMap<(usize, String), usize>,
    wish_rank: &dyn Fn(usize, usize) -> Option<u8>,
) -> Vec<Route> {
    let school_ix: BTreeMap<&str, usize> = county
        .schools
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
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
    // Per subject and school: the post's place in `posts`, if the school has one.
    let mut post_at: BTreeMap<&str, Vec<Option<usize>>> = BTreeMap::new();
    for (k, (r, subject)) in posts.keys().enumerate() {
        post_at
            .entry(subject.as_str())
            .or_insert_with(|| vec![None; county.schools.len()])[*r] = Some(k);
    }
    let post_cell: Vec<Option<usize>> = posts
        .keys()
        .map(|key| cell_index.get(key).copied())
        .collect();
    let mut routes = Vec::new();
    // distance and pairing from the last pool's school to every school (a school's pools
    // come one after the other, and they share them)
    type FromSchool = (usize, Vec<(Option<f64>, bool)>);
    let mut from_school: Option<FromSchool> = None;
    for (p, pool) in pools.iter().enumerate() {
        let from = &county.schools[pool.school];
        if from_school.as_ref().is_none_or(|(s, _)| *s != pool.school) {
            let row = (county.schools.iter().enumerate())
                .map(|(r, to)| {
                    // an exchange is paired when its two schools are, in either order
                    let paired =
                        paired.contains(&(pool.school, r)) || paired.contains(&(r, pool.school));
                    (moves::distance_km(from, to), paired)
                })
                .collect();
            from_school = Some((pool.school, row));
        }
        let Some((_, facts)) = from_school.as_ref() else {
            continue;
        };
        let Some(at) = post_at.get(pool.subject.as_str()) else {
            continue;
        };
        // an exchange pool reaches the nearest schools that take exchanges and its pairs
        let near: Vec<usize>;
        let destinations = if pool.exchange {
            let mut by_km: Vec<(f64, usize)> = exchange_to
                .iter()
                .map(|&r| {
                    let km = moves::distance_km(from, &county.schools[r]).unwrap_or(f64::MAX);
                    (km, r)
                })
                .collect();
            by_km.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let n = scenario.exchange.nearest as usize;
            near = by_km
                .iter()
                .enumerate()
                .filter(|&(i, &(_, r))| {
                    i < n
                        || paired.contains(&(r, pool.school))
                        || paired.contains(&(pool.school, r))
                })
                .map(|(_, &(_, r))| r)
                .collect();
            &near
        } else {
            receivers
        };
        for &r in destinations {
            let Some(post) = at[r].filter(|_| r != pool.school) else {
                continue;
            };
            let wish = pool.wish_of.and_then(|t| wish_rank(t, r));
            if pool.wish_of.is_some() && wish.is_none() {
                continue;
            }
            let (dist, paired) = facts[r];
            let mut cost = moves::travel_cost(dist, paired, scenario);
            if pool.exchange {
                cost += scenario.exchange.penalty;
            }
            routes.push(Route {
                pool: u32::try_from(p).expect("fewer than 4 billion pools"),
                to: u32::try_from(r).expect("fewer than 4 billion schools"),
                post: u32::try_from(post).expect("fewer than 4 billion posts"),
                cell: post_cell[post]
                    .map(|c| u32::try_from(c).expect("fewer than 4 billion cells")),
                cost,
                // exchanges go to town, where teachers live
                needs_bed: !pool.exchange && moves::needs_bed(dist, &scenario.policy),
                wish,
            });
        }
    }
    // (pushed one by one, the list has up to twice the room it needs: 682,323 routes of
    // 50,000 teachers in 600 schools held 20 MiB spare through the whole solve)
    routes.shrink_to_fit();
    routes
}

/// The schools a hire batch may go to (in its areas, not `closed`), with the travel-goal cost
/// of a hire there.
pub fn hire_schools(
    county: &County,
    scenario: &Scenario,
    closed: &BTreeSet<usize>,
    programme: Programme,
    areas: Option<&[crate::domain::Area]>,
) -> Vec<(usize, f64)> {
    let areas = moves::hire_areas(programme, areas, scenario);
    (0..county.schools.len())
        .filter(|&i| areas.contains(&county.schools[i].area) && !closed.contains(&i))
        .map(|i| (i, moves::hire_cost(&county.schools[i], scenario)))
        .collect()
}
