//! From county facts to the pieces of the model: the cells whose gap the plan can move, the
//! receiving posts, and the network of groups, pools, routes and hire options
//! (see [`super::network`]), with the what-if bounds and the indicators goal's data.

use super::commitments::CommitmentsPrep;
use super::indicator_prep::{self, IndicatorPrep};
use super::itinerant::{self, ItinerantFlow};
use super::network::{self, Group, HireOption, Pick, Pool, Route};
use crate::domain::County;
use crate::problem::Problem;
use crate::rules::exchange::{self, ExchangeLimit};
use crate::rules::{self, gap_weight, moves, staffing, Gaps, TeacherStatus};
use crate::scenario::{Goal, Scenario};
use std::collections::BTreeMap;

/// A (school, subject) cell with its need and what the school's teachers cover of it before
/// the plan (`staff`).
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
    /// Posts for rotated teachers per (receiving school, subject): the open posts plus the
    /// exchange teachers of the subject who could leave (`swap`); exchange posts at the schools
    /// that take exchanges.
    pub posts: BTreeMap<(usize, String), u32>,
    /// Per (receiving school, subject): exchange-eligible teachers of that main subject there,
    /// whose leaving opens a post (see `posts`).
    pub swap: BTreeMap<(usize, String), u32>,
    /// Per (school, subject): teachers of that main subject there who may rotate out. Each
    /// who does leaves their classes, and a hire of the subject may take them (以新补缺,
    /// `rules::moves::hire_posts`); not in the pure preference mode (`fixed_posts`).
    pub backfill: BTreeMap<(usize, String), u32>,
    /// Per (school, subject): need − what the school's own teachers cover before the plan
    /// (`rules::staffing::cover_before`), where positive.
    pub uncovered: BTreeMap<(usize, String), f64>,
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
    /// The staffing model: establishment, headcounts, coverage.
    pub staffing: StaffingPrep,
    /// Itinerant teaching, arranged before the plan from spare load (`plan::itinerant`);
    /// `cells` count it (less staff at the base, more at the target).
    pub itinerant: Vec<ItinerantFlow>,
    /// The goals in the order they are solved (`plan::wishes::goals`).
    pub goals: Vec<Goal>,
    /// Applicants by teacher index (docs/wishes.md).
    pub applicants: BTreeMap<usize, super::wishes::Applicant>,
    /// The wishes goal's costs, when the scenario has applications.
    pub wishes: Option<super::wishes::WishCosts>,
    /// Only the posts open before the plan take rotated teachers: an exchange teacher who
    /// leaves opens no post, and a school's departures make no room under its headcount cap
    /// (the pure preference mode, `plan::wishes_first`).
    pub fixed_posts: bool,
}

/// What the staffing rules need, per school (docs/rules.md, "Staffing").
#[derive(Debug, Clone, Default)]
pub struct StaffingPrep {
    /// Roster teachers before the plan.
    pub headcount: Vec<u32>,
    /// Most teachers present after the plan (`rules::staffing::headcount_cap`).
    pub cap: Vec<u32>,
    /// Posts hires may fill: establishment − posts held (`staffing::posts_held`), if positive.
    pub vacant: Vec<u32>,
    /// Whether the school takes teachers on exchange (its posts are exchange posts).
    pub exchange_to: Vec<bool>,
    /// Needs per school: (subject, FTE), subject-id order.
    pub needs: Vec<Vec<(String, f64)>>,
    /// Limits on exchanges from a school, so that its teachers still cover what it covered
    /// before (`rules::exchange::exchange_limits`), those below the school's release cap (the
    /// others cannot bind); a limit's bound is raised to the exchanges pinned among its
    /// teachers that pinned arrivals and kept hires do not replace (a lock the checker then
    /// reports).
    pub exchange_limits: Vec<ExchangeLimit>,
}

/// Cells (school, subject) with need and staff before the plan, in gap order, with their index.
fn cells(
    county: &County,
    scenario: &Scenario,
    school_ix: &BTreeMap<&str, usize>,
    sends: &[bool],
    before: &staffing::Before,
) -> (Vec<Cell>, BTreeMap<(usize, String), usize>) {
    // At a school whose teachers may leave (rotation or exchange), a cell's staff stays its
    // teachers of that main subject: a teacher who leaves leaves the cell of their main
    // subject, and what the teachers who stay cover (coverage.csv) is never less than that.
    // Elsewhere a cell's staff is what the school's own teachers cover of it before the plan
    // plus the load its teachers of that main subject have left
    // (`rules::staffing::Before::staff_by_id`): teachers of small schools teach several subjects.
    let mut gaps = Gaps::compute(county, scenario);
    let staff = before.staff_by_id(county);
    for (key, cell) in gaps.cells.iter_mut() {
        if !sends[school_ix[key.0.as_str()]] {
            cell.1 = staff.get(key).copied().unwrap_or(0.0);
        }
    }
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
    prepare_with(loaded, Vec::new())
}

/// As [`prepare`], with teachers placed beforehand at a wish (the pure preference mode,
/// `plan::wishes_first`), held like locks.
pub fn prepare_with(loaded: &Problem, wish_pins: Vec<super::commitments::Pin>) -> Prepared {
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
    wi.add_pins(wish_pins);

    let receivers: Vec<usize> = (0..county.schools.len())
        .filter(|&i| moves::may_receive(&county.schools[i], scenario) && !wi.closed.contains(&i))
        .collect();
    // what each school's own teachers cover before the plan, worked out once
    let before = staffing::Before::compute(county, scenario);
    let open_all = before.open_posts();
    let uncovered = before.uncovered();
    let mut posts: BTreeMap<(usize, String), u32> = open_all
        .iter()
        .filter(|((r, _), _)| receivers.binary_search(r).is_ok())
        .map(|(k, &n)| (k.clone(), n))
        .collect();
    let exchange_to: Vec<bool> = county
        .schools
        .iter()
        .enumerate()
        .map(|(i, s)| staffing::takes_exchange(s, scenario) && !wi.closed.contains(&i))
        .collect();

    // With the indicators goal, teachers who count differently for L1/L2 are kept apart.
    let ind = scenario.solver.goals.contains(&Goal::Indicators);
    let class_of = |t: usize| ind.then(|| indicator_prep::class(&county.teachers[t]));
    let applicants = super::wishes::applicants(loaded);
    let mut groups = network::groups(
        county,
        scenario,
        &statuses,
        &teacher_school,
        |t| wi.fixed(t),
        &class_of,
        |t| applicants.contains_key(&t),
    );
    groups.extend(wi.pin_groups(
        county,
        &statuses,
        &teacher_school,
        scenario.weights.not_due_penalty,
        &exchange_to,
    ));
    let exchange_groups = network::exchange_groups(
        county,
        scenario,
        &statuses,
        &teacher_school,
        |t| wi.fixed(t),
        &class_of,
    );
    // Exchange posts: every subject an exchange group may teach, at every school that takes
    // exchanges; bounded by the teachers who could come (the headcount row is the real limit).
    let mut exchange_supply: BTreeMap<&str, u32> = BTreeMap::new();
    for g in exchange_groups
        .iter()
        .chain(groups.iter().filter(|g| g.exchange))
    {
        for s in &g.subjects {
            *exchange_supply.entry(s.as_str()).or_default() += g.members.len() as u32;
        }
    }
    for (u, _) in exchange_to.iter().enumerate().filter(|(_, &x)| x) {
        for (s, &n) in &exchange_supply {
            posts.insert((u, s.to_string()), n);
        }
    }
    // A rotated teacher may take the classes of an exchange teacher of the same subject who
    // leaves a receiving school (the two swap, 对口交流): such posts open with the swap.
    let mut swap: BTreeMap<(usize, String), u32> = BTreeMap::new();
    for g in exchange_groups
        .iter()
        .chain(groups.iter().filter(|g| g.exchange))
    {
        if receivers.binary_search(&g.school).is_ok() {
            *swap.entry((g.school, g.main_subject.clone())).or_default() += g.members.len() as u32;
        }
    }
    for (key, &n) in &swap {
        let open = posts.entry(key.clone()).or_default();
        *open = open.saturating_add(n);
    }
    groups.extend(exchange_groups);
    let mut backfill: BTreeMap<(usize, String), u32> = BTreeMap::new();
    for g in groups.iter().filter(|g| !g.exchange) {
        *backfill
            .entry((g.school, g.main_subject.clone()))
            .or_default() += g.members.len() as u32;
    }
    let mut sends = vec![false; county.schools.len()];
    for g in &groups {
        sends[g.school] = true;
    }
    let mut goes = vec![false; county.teachers.len()];
    for g in groups.iter().filter(|g| g.exchange) {
        for &m in &g.members {
            goes[m] = true;
        }
    }
    // a rotated teacher or hire of a subject may replace an exchange teacher of that main
    // subject who leaves a receiving school (a swap)
    let swaps = |r: usize| -> Vec<String> {
        (swap.range((r, String::new())..))
            .take_while(|((s, _), _)| *s == r)
            .filter(|_| !exchange_to[r])
            .map(|((_, subject), _)| subject.clone())
            .collect()
    };
    // The exchange limits read only the groups and the staff before the plan: worked out on
    // the other core while the cells, itinerant teaching and the routes are (0.2 s of 50,000
    // teachers in 600 schools; the solver does not run yet).
    let (mut exchange_limits, (cells, cell_index, itinerant, pools, picks, arcs)) = rayon::join(
        || exchange::exchange_limits(county, scenario, &before, |t| goes[t], swaps),
        || {
            let (mut cells, cell_index) = cells(county, scenario, &school_ix, &sends, &before);
            // Itinerant teaching comes first, from the load schools have to spare; the model
            // counts it as fixed staff (plan::itinerant).
            let reach = itinerant_reach(county, scenario);
            let itinerant_subjects = staffing::itinerant_subjects(scenario);
            let facts: Vec<itinerant::CellFacts> = (cells.iter())
                .map(|c| itinerant::CellFacts {
                    need: c.need,
                    staff: c.staff,
                    weight: c.weight,
                })
                .collect();
            let itinerant = itinerant::allocate(
                &itinerant::ItinerantInput {
                    cells: &facts,
                    cell_index: &cell_index,
                    posts: &open_all,
                    uncovered: &uncovered,
                    reach: &reach,
                    subjects: &itinerant_subjects,
                },
                scenario,
            );
            for f in &itinerant {
                cells[cell_index[&(f.base, f.subject.clone())]].staff -= f.fte;
                cells[cell_index[&(f.target, f.subject.clone())]].staff += f.fte;
            }
            let exchange_post = |r: usize| exchange_to[r];
            let has_wishes =
                |t: usize| applicants.get(&t).is_some_and(|a| !a.app.wishes.is_empty());
            let (pools, picks) =
                network::pools_and_picks(&groups, &posts, &exchange_post, &class_of, &has_wishes);
            let wish_rank = |t: usize, r: usize| {
                let a = applicants.get(&t)?;
                crate::rules::wishes::wish_rank(&a.app, &county.schools[r])
            };
            let exchange_schools: Vec<usize> = (0..county.schools.len())
                .filter(|&i| exchange_to[i])
                .collect();
            let arcs = network::routes(
                county,
                scenario,
                &pools,
                (&receivers, &exchange_schools),
                &posts,
                &cell_index,
                &wish_rank,
            );
            (cells, cell_index, itinerant, pools, picks, arcs)
        },
    );
    wi.bind_pins(&groups, &picks, &pools, &arcs);
    let mut goals = super::wishes::goals(scenario, !applicants.is_empty());
    // a base plan (`plan --base`): keep its decisions where they stay optimal, after the rest
    if wi.base.is_some() {
        goals.push(Goal::Stability);
    }
    let wishes = (!applicants.is_empty()).then(|| {
        let net = super::wishes::Network {
            groups: &groups,
            picks: &picks,
            pools: &pools,
            arcs: &arcs,
        };
        super::wishes::costs(county, scenario, &applicants, &net, &|t| {
            wi.pin_of(t).map(|p| p.to)
        })
    });

    // Hires: any school of the batch's areas with a vacant post and an open post in the
    // subject (a hire closes a gap there), or teachers of the subject who may rotate out
    // (a hire may take the classes they leave).
    let closed = wi.closed.clone();
    let headcount = staffing::headcounts(county);
    let held = staffing::posts_held(county);
    let establishment: Vec<u32> = county
        .schools
        .iter()
        .map(|s| staffing::establishment(s, scenario))
        .collect();
    let hire_schools = |programme: crate::domain::Programme,
                        areas: Option<&[crate::domain::Area]>,
                        subject: &str| {
        let mut schools = network::hire_schools(county, scenario, &closed, programme, areas);
        schools.retain(|&(r, _)| {
            staffing::vacant_posts(establishment[r], held[r]) > 0
                && (open_all.contains_key(&(r, subject.to_string()))
                    || backfill.contains_key(&(r, subject.to_string())))
        });
        schools
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
            schools: hire_schools(batch.programme, batch.areas.as_deref(), &batch.subject),
            open: Vec::new(),
        })
        .collect();
    wi.bind_hires(loaded, &mut hires, hire_schools);
    // pinned arrivals and kept hires per (school, subject), counted once (a re-plan keeps
    // thousands of moves)
    let mut came: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    for p in wi.pins() {
        *came.entry((p.to, p.subject.as_str())).or_default() += 1;
    }
    for &(o, k, n) in &wi.hire_min {
        *came
            .entry((hires[o].schools[k].0, hires[o].subject.as_str()))
            .or_default() += n as usize;
    }
    for limit in &mut exchange_limits {
        // pinned exchanges less the pinned arrivals and kept hires that replace them, as the
        // rows count them
        let pinned: Vec<usize> = (limit.teachers.iter().copied())
            .filter(|&t| wi.pin_of(t).is_some_and(|p| exchange_to[p.to]))
            .collect();
        let replaced: usize = (limit.arrivals.iter())
            .map(|subject| {
                let came = came.get(&(limit.school, subject.as_str())).copied();
                let left = (pinned.iter())
                    .filter(|&&t| county.teachers[t].subject == *subject)
                    .count();
                came.unwrap_or(0).min(left)
            })
            .sum();
        let unreplaced = u32::try_from(pinned.len() - replaced.min(pinned.len())).unwrap_or(0);
        limit.most = limit.most.max(unreplaced);
    }
    let mut staffing = staffing_prep(
        loaded,
        exchange_to,
        &establishment,
        (headcount, &held),
        before.needs,
    );
    for h in &mut hires {
        h.open = h
            .schools
            .iter()
            .map(|&(r, _)| {
                let key = (r, h.subject.clone());
                let at = |m: &BTreeMap<(usize, String), u32>| m.get(&key).copied().unwrap_or(0);
                moves::hire_posts(at(&open_all), at(&backfill))
            })
            .collect();
    }

    // A school sends at most max_send_share of its roster in one year: those away on a term
    // from an earlier year count in their own school's roster, not as sent this year
    // (docs/rules.md, section 5).
    let mut staff_per_school = vec![0usize; county.schools.len()];
    for t in &county.teachers {
        staff_per_school[school_ix[t.home_school()]] += 1;
    }
    let release_cap: Vec<u32> = staff_per_school
        .iter()
        .map(|&n| moves::release_cap(n, policy))
        .collect();
    // (a limit no smaller than its school's release cap cannot bind)
    exchange_limits.retain(|l| l.most < release_cap[l.school]);
    staffing.exchange_limits = exchange_limits;
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
        swap,
        backfill,
        uncovered,
        release_cap,
        beds: county.schools.iter().map(|s| s.housing_beds).collect(),
        school_ids: county.schools.iter().map(|s| s.id.clone()).collect(),
        eligible,
        rotation_target,
        indicators,
        commitments: wi,
        staffing,
        itinerant,
        goals,
        applicants,
        wishes,
        fixed_posts: false,
    }
}

/// The staffing model's data (see [`StaffingPrep`]).
fn staffing_prep(
    problem: &Problem,
    exchange_to: Vec<bool>,
    establishment: &[u32],
    (headcount, held): (Vec<u32>, &[u32]),
    needs: Vec<Vec<(String, f64)>>,
) -> StaffingPrep {
    let scenario = &problem.scenario;
    let cap = (problem.county.schools.iter())
        .zip(establishment)
        .zip(&headcount)
        .map(|((school, &e), &h)| staffing::headcount_cap(school, e, h, scenario))
        .collect();
    let vacant = establishment
        .iter()
        .zip(held)
        .map(|(&e, &h)| staffing::vacant_posts(e, h))
        .collect();
    StaffingPrep {
        headcount,
        cap,
        vacant,
        exchange_to,
        needs,
        exchange_limits: Vec::new(),
    }
}

/// (base, target, km): every pair of schools within itinerant reach, targets in id order.
fn itinerant_reach(county: &County, scenario: &Scenario) -> Vec<(usize, usize, f64)> {
    let mut reach = Vec::new();
    if scenario.itinerant.enabled {
        for (t, target) in county.schools.iter().enumerate() {
            for (b, base) in county.schools.iter().enumerate() {
                if let Some(km) = staffing::itinerant_reach(base, target, scenario) {
                    reach.push((b, t, km));
                }
            }
        }
    }
    reach
}
