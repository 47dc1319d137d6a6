//! Every rule about one move: a teacher leaving a sending school to teach a subject at a
//! receiving school, or a batch of new hires placed at a school.
//!
//! The planner (`plan::prepare`, `plan::diagnose`), the re-planner (`whatif::replan`), the
//! explanations (`explain`) and the lock checks (`input::locks`) all call these functions, so a
//! change of policy is made here once. The independent checker (`check`) keeps its own reading
//! on purpose and never calls this module. docs/rules.md has a worked example for each rule.

use super::status::counts_as_rural_service;
use crate::domain::{Area, Programme, School, Teacher};
use crate::scenario::{Policy, Scenario};

/// Tolerance on fractional figures (FTE gaps, shares of a head count): a gap of 2.0000000001
/// FTE is two posts, and 20% of 10 teachers is 2 even when the product rounds to 1.9999999999.
pub const EPS: f64 = 1e-9;

/// Whether the scenario exempts the school from rotation this year (`policy.exempt_schools`):
/// it neither sends nor receives.
pub fn is_exempt(school: &School, scenario: &Scenario) -> bool {
    scenario
        .policy
        .exempt_schools
        .iter()
        .any(|id| id == &school.id)
}

/// Whether a school may receive rotated teachers this year: service there counts as rural
/// service (a rural-service area, or a weak school when `policy.weak_schools_count`) and the
/// school is not exempt.
pub fn may_receive(school: &School, scenario: &Scenario) -> bool {
    counts_as_rural_service(school, scenario) && !is_exempt(school, scenario)
}

/// Whether a teacher may teach the subject at the receiving school: it is their main subject
/// or one of their extra subjects.
pub fn may_teach(teacher: &Teacher, subject: &str) -> bool {
    teacher.subject == subject || teacher.extra_subjects.iter().any(|s| s == subject)
}

/// Open posts for rotated teachers in a cell with this gap (need − staff, FTE): ⌈gap − ε⌉,
/// and none for a cell without a gap. A gap of 0.2 FTE opens one post; 2.0 opens two.
pub fn open_posts(gap: f64) -> u32 {
    (gap - EPS).ceil().max(0.0) as u32
}

/// The most hires of a subject a school may take: its open posts in the subject before the
/// plan, plus one for each of its teachers of that main subject who rotates out (以新补缺: the
/// hire takes the classes they leave). A rotated teacher keeps their establishment post at home
/// (交流不转编), so the hire still needs a vacant post (`staffing::vacant_posts`). Rotated
/// teachers arriving take only the posts open before the plan.
pub fn hire_posts(open_before: u32, rotated_out: u32) -> u32 {
    open_before.saturating_add(rotated_out)
}

/// The most teachers a school with `staff` teachers may send: ⌊max_send_share × staff + ε⌋.
pub fn release_cap(staff: usize, policy: &Policy) -> u32 {
    (policy.max_send_share * staff as f64 + EPS).floor() as u32
}

/// Straight-line distance between two schools in km, if both have coordinates.
pub fn distance_km(from: &School, to: &School) -> Option<f64> {
    Some(from.location?.distance_km(to.location?))
}

/// Whether a teacher arriving from this distance needs a turnover housing bed (周转宿舍):
/// beyond `policy.commute_km`, or when the distance is unknown.
pub fn needs_bed(distance: Option<f64>, policy: &Policy) -> bool {
    distance.is_none_or(|d| d > policy.commute_km)
}

/// [`needs_bed`] for a move between two schools.
pub fn needs_bed_between(from: &School, to: &School, policy: &Policy) -> bool {
    needs_bed(distance_km(from, to), policy)
}

/// The move's cost in the travel goal: `travel_per_km` × km (`commute_km` when the distance
/// is unknown), plus `unpaired_penalty` when the two schools are not a pair (结对).
/// The not-due penalty belongs to the teacher, not to the move, and is added by the caller.
pub fn travel_cost(distance: Option<f64>, paired: bool, scenario: &Scenario) -> f64 {
    let weights = &scenario.weights;
    let mut cost = weights.travel_per_km * distance.unwrap_or(scenario.policy.commute_km);
    if !paired {
        cost += weights.unpaired_penalty;
    }
    cost
}

/// Areas a hire batch may be placed in: the batch's own list; else, for 特岗 (tegang) hires,
/// the rural-service areas; else anywhere.
pub fn hire_areas(programme: Programme, areas: Option<&[Area]>, scenario: &Scenario) -> Vec<Area> {
    match (areas, programme) {
        (Some(a), _) => a.to_vec(),
        (None, Programme::Tegang) => scenario.policy.rural_service_areas.clone(),
        (None, _) => Area::ALL.to_vec(),
    }
}

/// The cost in the travel goal of one hire placed at the school: none where service counts as
/// rural or the school is weak, else `hire_outside_rural_penalty`.
pub fn hire_cost(school: &School, scenario: &Scenario) -> f64 {
    if counts_as_rural_service(school, scenario) || school.weak {
        0.0
    } else {
        scenario.weights.hire_outside_rural_penalty
    }
}
