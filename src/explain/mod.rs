//! `rotaplan explain SCENARIO DIR ID`: why a teacher was or was not chosen, and what a school
//! received and what stopped it receiving more, read from a written plan folder.
//!
//! It works on the files, not on the solver: a plan edited by hand is explained the same way,
//! and the figures are those a personnel officer can recompute: open posts, housing beds,
//! release caps and the goal terms (travel cost, weighted gap) of `docs/model.md`. It does not
//! claim what the optimizer "thought"; it says which rule binds and what each alternative would
//! cost or gain.

mod read;
mod school;
mod teacher;
mod text;
pub mod wishes;

use crate::domain::{County, Outcome};
use crate::output::anon::Names;
use crate::output::figures::{gap_rows_for, GapRow};
use crate::output::Lang;
use crate::plan::diagnose::{Limits, Usage};
use crate::problem::Problem;
use crate::rules::{gap_weight, moves, Gaps};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

pub use school::SchoolExplanation;
pub use teacher::{Alternative, CircuitStop, TeacherExplanation};
pub use text::render_text;

/// What went wrong; every case is bad input (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ExplainError {
    #[error("{0}")]
    PlanFolder(String),
    #[error("\"{0}\" is neither a teacher id nor a school id of the scenario{1}")]
    UnknownId(String, String),
}

#[derive(Debug, Clone, Default)]
pub struct ExplainOptions {
    pub lang: Lang,
    /// Pseudonym key: teachers are shown (and may be named) by their pseudonyms.
    pub anonymize: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Explanation {
    Teacher(Box<TeacherExplanation>),
    School(Box<SchoolExplanation>),
}

/// The written plan with everything derived from it that both explanations need.
pub(crate) struct PlanView<'a> {
    pub loaded: &'a Problem,
    pub outcome: Outcome,
    /// Teacher index → (move index).
    pub moved: BTreeMap<usize, usize>,
    /// Teacher index → reason from unplaced.csv.
    pub unplaced: BTreeMap<usize, String>,
    pub school_ix: BTreeMap<&'a str, usize>,
    pub gaps: BTreeMap<(String, String), GapRow>,
    /// (receiving school, subject) → open posts before the plan.
    pub posts: BTreeMap<(usize, String), u32>,
    /// Rotated teachers arriving per post, beds taken and teachers sent per school.
    pub usage: Usage,
    pub release_cap: Vec<u32>,
    /// Per school, teachers it may still take under its headcount cap after the plan.
    pub head_room: Vec<i64>,
    pub names: Names,
    /// itinerant.csv: (teacher, school served, subject, FTE, km).
    pub itinerant: Vec<(usize, usize, String, f64, Option<f64>)>,
}

impl<'a> PlanView<'a> {
    fn new(loaded: &'a Problem, dir: &Path, opts: &ExplainOptions) -> Result<Self, ExplainError> {
        let county: &County = &loaded.county;
        let school_ix: BTreeMap<&str, usize> = county
            .schools
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let files = read::read(loaded, dir, &school_ix)?;
        let outcome = files.outcome;
        let gaps = gap_rows_for(loaded, &outcome)
            .into_iter()
            .map(|g| ((g.school_id.clone(), g.subject.clone()), g))
            .collect();
        let scenario = &loaded.scenario;
        // open posts as the planner counts them: what the school's own teachers leave uncovered
        let posts: BTreeMap<(usize, String), u32> =
            crate::rules::staffing::open_posts(county, scenario)
                .into_iter()
                .filter(|((s, _), _)| moves::may_receive(&county.schools[*s], scenario))
                .collect();
        let from_of = |t: usize| school_ix[county.teachers[t].school_id.as_str()];
        let usage = Usage::count(
            county,
            &scenario.policy,
            outcome
                .moves
                .iter()
                .map(|m| (from_of(m.teacher), m.to, m.subject.as_str())),
        );
        let moved = outcome
            .moves
            .iter()
            .enumerate()
            .map(|(k, m)| (m.teacher, k))
            .collect();
        let mut staff = vec![0usize; county.schools.len()];
        for t in &county.teachers {
            staff[school_ix[t.school_id.as_str()]] += 1;
        }
        let release_cap = staff
            .iter()
            .map(|&n| moves::release_cap(n, &scenario.policy))
            .collect();
        let (cap, before) = crate::plan::diagnose::headcount_caps(county, scenario);
        let head_room = crate::plan::diagnose::head_room(
            &cap,
            &before,
            (outcome.moves.iter()).map(|m| (from_of(m.teacher), m.to)),
            outcome.hires.iter().map(|h| (h.school, h.count)),
        );
        let names = match &opts.anonymize {
            Some(key) => Names::pseudonyms(county, key),
            None => Names::real(),
        };
        Ok(PlanView {
            loaded,
            outcome,
            moved,
            unplaced: files.unplaced,
            itinerant: files.itinerant,
            school_ix,
            gaps,
            posts,
            usage,
            release_cap,
            head_room,
            names,
        })
    }

    /// The limits a move needs and what the plan leaves of them (shared with the planner's
    /// unplaced reasons).
    pub fn limits(&self) -> Limits<'_> {
        Limits {
            county: self.county(),
            policy: &self.loaded.scenario.policy,
            posts: &self.posts,
            release_cap: &self.release_cap,
            usage: &self.usage,
            head_room: &self.head_room,
        }
    }

    pub fn county(&self) -> &'a County {
        &self.loaded.county
    }

    /// Gap of a cell after the plan, and what one teacher more (`delta` 1) or fewer (−1) would
    /// leave: (need, staff after, gap after, gap with delta).
    pub fn cell(&self, school: usize, subject: &str, delta: f64) -> (f64, f64, f64, f64) {
        let id = &self.county().schools[school].id;
        let (need, staff) = self
            .gaps
            .get(&(id.clone(), subject.to_string()))
            .map(|g| (g.need, g.staff_after))
            .unwrap_or((0.0, 0.0));
        (
            need,
            staff,
            Gaps::gap(need, staff),
            Gaps::gap(need, staff + delta),
        )
    }

    pub fn weight(&self, school: usize) -> f64 {
        gap_weight(&self.county().schools[school], &self.loaded.scenario)
    }
}

/// Explains a teacher or a school of the plan in `dir`. `id` is a teacher id, a school id, or
/// (with `anonymize`) a teacher's pseudonym.
pub fn explain(
    loaded: &Problem,
    dir: &Path,
    id: &str,
    opts: &ExplainOptions,
) -> Result<Explanation, ExplainError> {
    // the teachers were planned for the county with the moved leaders at their new schools
    let leaders =
        crate::plan::leaders::LeaderPlan::of_moves(loaded, read::leader_moves(loaded, dir)?);
    let placed = leaders.place(loaded);
    let original = loaded;
    let loaded: &Problem = &placed;
    let view = PlanView::new(loaded, dir, opts)?;
    let county = &loaded.county;
    let id = id.trim();
    let by_pseudonym = view.names.lookup();
    let teacher = if view.names.is_anonymous() {
        // Pseudonyms only: a real id would defeat sharing the output.
        by_pseudonym.get(id).copied()
    } else {
        county.teachers.iter().position(|t| t.id == id)
    };
    if let Some(t) = teacher {
        let mut e = teacher::explain(&view, t);
        e.wishes = wishes::note(&view, t);
        e.leader = crate::output::leaders::lines(loaded, &leaders)
            .into_iter()
            .find(|l| l.teacher == t)
            .map(|l| teacher::LeaderNote::of(original, &l));
        // a moved leader is named at the roster's school, the move shown beside it
        if let Some(n) = &e.leader {
            if let Some(s) = original.county.school(&n.school_id) {
                e.school_id = s.id.clone();
                e.school_name = s.name.clone();
            }
        }
        return Ok(Explanation::Teacher(Box::new(e)));
    }
    if let Some(&s) = view.school_ix.get(id) {
        return Ok(Explanation::School(Box::new(school::explain(&view, s))));
    }
    let hint = if view.names.is_anonymous() {
        "; with --anonymize, name a teacher by their pseudonym (ANON-…) as shown in the reports"
    } else {
        ""
    };
    Err(ExplainError::UnknownId(id.to_string(), hint.to_string()))
}
