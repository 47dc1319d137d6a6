//! Why a teacher is not placed somewhere: what a plan leaves of each open post, of each
//! school's housing beds and of each school's release cap.
//!
//! The planner uses it for the reasons in unplaced.csv (must-serve teachers left without a
//! post) and `explain` for the rules that block each alternative, so the two never disagree.
//! The rules of a single move come from [`crate::rules::moves`].

use super::assign::Assignment;
use super::prepare::Prepared;
use crate::domain::County;
use crate::rules::moves;
use crate::scenario::{Policy, Scenario};
use std::collections::{BTreeMap, BTreeSet};

/// A must-serve teacher left without a post.
#[derive(Debug, Clone, PartialEq)]
pub struct Unplaced {
    pub teacher: usize,
    pub reason: String,
}

/// A rule that keeps a teacher from one more move to a receiving school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Block {
    /// Every open post in the subject there is filled.
    PostsFull,
    /// The teacher would need a housing bed and every bed there is taken.
    HousingFull,
    /// The teacher would need a housing bed and the school has no turnover housing (0 beds).
    NoHousing,
    /// The school is at its headcount cap after the plan (establishment + allowance, or the
    /// pupil floor: `rules::staffing::headcount_cap`).
    HeadcountFull,
}

impl Block {
    /// The stable code used in explain's JSON and text (see docs/reports.md).
    pub fn key(self) -> &'static str {
        match self {
            Block::PostsFull => "posts_full",
            Block::HousingFull => "housing_full",
            Block::NoHousing => "no_housing",
            Block::HeadcountFull => "headcount_full",
        }
    }
}

/// The rotations of a plan, counted per post, per school's beds and per sending school.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    /// (receiving school, subject) → rotated teachers arriving.
    pub filled: BTreeMap<(usize, String), u32>,
    /// Housing beds taken per school (teachers arriving from beyond commuting distance).
    pub beds_used: Vec<u32>,
    /// Teachers sent per school.
    pub sent: Vec<u32>,
}

impl Usage {
    /// Counts the moves `(from school, to school, subject)`.
    pub fn count<'a>(
        county: &County,
        policy: &Policy,
        moves: impl IntoIterator<Item = (usize, usize, &'a str)>,
    ) -> Usage {
        let n = county.schools.len();
        let mut u = Usage {
            filled: BTreeMap::new(),
            beds_used: vec![0; n],
            sent: vec![0; n],
        };
        for (from, to, subject) in moves {
            *u.filled.entry((to, subject.to_string())).or_insert(0) += 1;
            if moves::needs_bed_between(&county.schools[from], &county.schools[to], policy) {
                u.beds_used[to] += 1;
            }
            u.sent[from] += 1;
        }
        u
    }

    pub fn filled(&self, school: usize, subject: &str) -> u32 {
        self.filled
            .get(&(school, subject.to_string()))
            .copied()
            .unwrap_or(0)
    }
}

/// What a plan leaves of the limits a move needs: the open posts before the plan, the release
/// caps, the housing beds, and the plan's [`Usage`] of them.
pub struct Limits<'a> {
    pub county: &'a County,
    pub policy: &'a Policy,
    /// (receiving school, subject) → open posts before the plan.
    pub posts: &'a BTreeMap<(usize, String), u32>,
    pub release_cap: &'a [u32],
    pub usage: &'a Usage,
    /// Per school, teachers it may still take under its headcount cap after the plan
    /// ([`head_room`]).
    pub head_room: &'a [i64],
}

/// Per school, the teachers it may still take after the plan under its headcount cap:
/// cap − (headcount before − teachers leaving + teachers arriving + hires). `cap` and `before`
/// per school (the planner's `StaffingPrep`, or [`headcount_caps`]); `moves` are (from school,
/// to school) of every rotation and exchange, `hires` (school, count).
pub fn head_room(
    cap: &[u32],
    before: &[u32],
    moves: impl IntoIterator<Item = (usize, usize)>,
    hires: impl IntoIterator<Item = (usize, u32)>,
) -> Vec<i64> {
    let mut room: Vec<i64> = (cap.iter().zip(before))
        .map(|(&c, &b)| i64::from(c) - i64::from(b))
        .collect();
    for (from, to) in moves {
        room[from] += 1;
        room[to] -= 1;
    }
    for (school, n) in hires {
        room[school] -= i64::from(n);
    }
    room
}

/// Per school, its headcount cap and its teachers before the plan, as the planner counts them
/// (`rules::staffing::headcount_cap`), for a plan read back from its folder.
pub fn headcount_caps(county: &County, scenario: &Scenario) -> (Vec<u32>, Vec<u32>) {
    let ix: BTreeMap<&str, usize> = (county.schools.iter().enumerate())
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut before = vec![0u32; county.schools.len()];
    for t in &county.teachers {
        if let Some(&i) = ix.get(t.school_id.as_str()) {
            before[i] += 1;
        }
    }
    let cap = (county.schools.iter().zip(&before))
        .map(|(s, &n)| {
            let est = crate::rules::staffing::establishment(s, scenario);
            crate::rules::staffing::headcount_cap(s, est, n, scenario)
        })
        .collect();
    (cap, before)
}

impl Limits<'_> {
    /// The school sends as many teachers as its release cap allows.
    pub fn cap_reached(&self, school: usize) -> bool {
        self.usage.sent[school] >= self.release_cap[school]
    }

    /// The school's housing is taken: `NoHousing` for a school with 0 beds, `HousingFull` when
    /// every bed is used, `None` with a bed free or no limit recorded.
    pub fn housing(&self, school: usize) -> Option<Block> {
        let beds = self.county.schools[school].housing_beds?;
        if self.usage.beds_used[school] < beds {
            None
        } else if beds == 0 {
            Some(Block::NoHousing)
        } else {
            Some(Block::HousingFull)
        }
    }

    /// The rules that keep one more teacher from `from` out of the post (`to`, `subject`).
    pub fn blocks(&self, from: usize, to: usize, subject: &str) -> Vec<Block> {
        let mut out = Vec::new();
        let open = self
            .posts
            .get(&(to, subject.to_string()))
            .copied()
            .unwrap_or(0);
        if self.usage.filled(to, subject) >= open {
            out.push(Block::PostsFull);
        }
        if self.head_room.get(to).is_some_and(|&room| room <= 0) {
            out.push(Block::HeadcountFull);
        }
        let schools = &self.county.schools;
        if moves::needs_bed_between(&schools[from], &schools[to], self.policy) {
            out.extend(self.housing(to));
        }
        out
    }

    /// Receiving schools other than `from` with a post in `subject` the plan leaves open.
    pub fn open_posts_elsewhere(&self, from: usize, subject: &str) -> Vec<usize> {
        self.posts
            .iter()
            .filter(|((r, s), &n)| s == subject && *r != from && self.usage.filled(*r, s) < n)
            .map(|((r, _), _)| *r)
            .collect()
    }
}

/// Must-serve teachers the plan leaves without a post, each with the rules that blocked them
/// (the reasons of unplaced.csv).
pub fn unplaced(
    prep: &Prepared,
    county: &County,
    scenario: &Scenario,
    assignments: &[Assignment],
    hires: &[crate::plan::assign::HirePlacement],
) -> Vec<Unplaced> {
    let placed: BTreeSet<usize> = assignments.iter().map(|a| a.teacher).collect();
    let usage = Usage::count(
        county,
        &scenario.policy,
        assignments
            .iter()
            .map(|a| (prep.teacher_school[a.teacher], a.to, a.subject.as_str())),
    );
    let room = head_room(
        &prep.staffing.cap,
        &prep.staffing.headcount,
        (assignments.iter()).map(|a| (prep.teacher_school[a.teacher], a.to)),
        hires.iter().map(|h| (h.school, h.count)),
    );
    let limits = Limits {
        county,
        policy: &scenario.policy,
        posts: &prep.posts,
        release_cap: &prep.release_cap,
        usage: &usage,
        head_room: &room,
    };
    let must_serve = must_serve(prep);
    let by_subject = must_serve_by_subject(county, &must_serve);
    let commute = scenario.policy.commute_km;
    let mut out = Vec::new();
    for &t in must_serve.iter().filter(|t| !placed.contains(t)) {
        let teacher = &county.teachers[t];
        let school = prep.teacher_school[t];
        let s = teacher.subject.as_str();
        let zh = scenario.subjects.get(s).map(|d| d.zh.as_str()).unwrap_or(s);
        let mut reason = format!(
            "{} must-serve {s} ({zh}) teachers, {} open {s} posts at receiving schools",
            by_subject[s],
            posts_of(prep, s)
        );
        if prep.commitments.stays.contains(&t) {
            reason = "locked to stay (locks file)".to_string();
        } else if teacher.extra_subjects.is_empty() {
            reason.push_str("; no extra subject");
        }
        if limits.cap_reached(school) {
            reason.push_str(&format!(
                "; school {} already sends its maximum of {} (max_send_share)",
                county.schools[school].id, prep.release_cap[school]
            ));
        }
        let open = limits.open_posts_elsewhere(school, s);
        let blocked_by = |keep: &dyn Fn(&Block) -> bool| -> Vec<&str> {
            (open.iter())
                .filter(|&&r| limits.blocks(school, r, s).iter().any(keep))
                .map(|&r| county.schools[r].id.as_str())
                .collect()
        };
        let housing = blocked_by(&|b| matches!(b, Block::HousingFull | Block::NoHousing));
        let headcount = blocked_by(&|b| *b == Block::HeadcountFull);
        let either = blocked_by(&|b| *b != Block::PostsFull);
        if open.is_empty() {
            reason.push_str(&format!("; every open {s} post is filled"));
        } else if either.len() == open.len() {
            if !housing.is_empty() {
                reason.push_str(&format!(
                    "; the schools with open {s} posts left ({}) have no free housing bed for a teacher from beyond {commute} km",
                    housing.join(", ")
                ));
            }
            if !headcount.is_empty() {
                reason.push_str(&format!(
                    "; the schools with open {s} posts left ({}) are at their headcount cap (establishment + allowance, or the pupil floor)",
                    headcount.join(", ")
                ));
            }
        }
        out.push(Unplaced { teacher: t, reason });
    }
    out
}

/// Eligible must-serve teachers, by index.
pub fn must_serve(prep: &Prepared) -> Vec<usize> {
    (0..prep.statuses.len())
        .filter(|&t| prep.statuses[t].eligible && prep.statuses[t].must_serve.is_some())
        .collect()
}

/// Must-serve teachers per main subject.
pub fn must_serve_by_subject<'a>(
    county: &'a County,
    must_serve: &[usize],
) -> BTreeMap<&'a str, usize> {
    let mut by_subject: BTreeMap<&str, usize> = BTreeMap::new();
    for &t in must_serve {
        *by_subject
            .entry(county.teachers[t].subject.as_str())
            .or_default() += 1;
    }
    by_subject
}

/// Open posts in a subject at all receiving schools, before the plan (not the exchange posts
/// at the schools that take exchanges: a must-serve teacher cannot take one).
pub fn posts_of(prep: &Prepared, subject: &str) -> u32 {
    prep.posts
        .iter()
        .filter(|((r, s), _)| s == subject && !prep.staffing.exchange_to[*r])
        .map(|(_, &n)| n)
        .sum()
}
