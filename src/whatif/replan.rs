//! `plan --from PREVIOUS_DIR`: re-plan after a change (a teacher withdraws, a school closes, a
//! lock is added) while changing as few published decisions as possible.
//!
//! Choice: every previous assignment that still keeps every hard rule is kept (pinned), in
//! teacher-id order, after the locks; only the places it frees, and the assignments that broke
//! a rule, are planned again with the usual goals. Previous hire placements are kept as lower
//! bounds the same way. Why: once a list is published (名单公示) each change means a teacher and
//! two schools re-arranging their year, so the bureau wants the fewest changes first and the
//! best use of the freed places second; a keep-bonus in the objective would trade a change
//! against travel or gap at a rate nobody chose. The price: the new plan may be slightly
//! worse on the gap than a fresh plan; `compare` shows by how much.

mod dropped;
mod exchange_keep;
mod hire_posts;
mod previous;

pub use dropped::Dropped;

use super::{csv_bytes, solve_and_write, Done, RunError, RunOptions};
use crate::domain::Programme;
use crate::problem::Problem;
use crate::rules::{self, moves, staffing, Ineligible};
use crate::scenario::{Keep, KeptHires, KeptMove, LockKind};
pub use previous::{read_previous, HireCounts, Previous, PreviousPlan, PreviousPlanError};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

impl From<PreviousPlanError> for RunError {
    /// An unusable previous plan is bad input: exit code 2.
    fn from(e: PreviousPlanError) -> RunError {
        RunError::previous_plan(e)
    }
}

/// One line of changes.csv.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Change {
    /// `teacher` or `hire`
    pub kind: String,
    /// teacher_id, or `school/subject/programme`
    pub id: String,
    pub name: String,
    /// `removed`, `added`, `moved`, `changed`
    pub change: String,
    pub before: String,
    pub after: String,
    /// Why, as a stable code (`deferred`, `no_post_left`, `re_planned`, …).
    pub reason_code: String,
    /// Why, as a sentence in English and in Chinese.
    pub reason: String,
    #[serde(default)]
    pub reason_zh: String,
}

pub struct Replanned {
    pub done: Done,
    pub changes: Vec<Change>,
    pub previous: usize,
    pub kept: usize,
}

/// What is left of the limits a kept or locked move takes: open posts per (school, subject),
/// housing beds per school (`None`: no limit) and the release cap per sending school.
struct Room<'a> {
    loaded: &'a Problem,
    posts: BTreeMap<(usize, String), i64>,
    beds: Vec<Option<i64>>,
    release: Vec<i64>,
    /// Teachers each school may still take under its headcount cap.
    head: Vec<i64>,
}

impl<'a> Room<'a> {
    fn new(loaded: &'a Problem) -> Room<'a> {
        let school_ix = |id: &str| loaded.school_ix(id).expect("a loaded county's ids");
        let county = &loaded.county;
        let scenario = &loaded.scenario;
        // open posts as the planner counts them (`rules::staffing::open_posts`)
        let posts: BTreeMap<(usize, String), i64> =
            crate::rules::staffing::open_posts(county, scenario)
                .into_iter()
                .map(|(k, n)| (k, i64::from(n)))
                .collect();
        let mut staff = vec![0usize; county.schools.len()];
        for t in &county.teachers {
            staff[school_ix(&t.school_id)] += 1;
        }
        Room {
            loaded,
            posts,
            beds: county
                .schools
                .iter()
                .map(|s| s.housing_beds.map(i64::from))
                .collect(),
            release: staff
                .iter()
                .map(|&n| i64::from(moves::release_cap(n, &scenario.policy)))
                .collect(),
            head: county
                .schools
                .iter()
                .zip(&staff)
                .map(|(s, &n)| {
                    let est = staffing::establishment(s, scenario);
                    i64::from(staffing::headcount_cap(s, est, n as u32, scenario)) - n as i64
                })
                .collect(),
        }
    }

    /// Takes a place under the release cap of `from` and under the headcount cap of `to` for
    /// a teacher going on exchange; their post at home opens to a rotated teacher of their
    /// main subject (a swap), and their home school may take one more.
    fn take_exchange(&mut self, t: usize, from: usize, to: usize) -> Result<(), Dropped> {
        let county = &self.loaded.county;
        if self.release[from] <= 0 {
            return Err(Dropped::SendsMaximum(county.schools[from].id.clone()));
        }
        if self.head[to] <= 0 {
            return Err(Dropped::NoPostLeft(
                county.teachers[t].subject.clone(),
                county.schools[to].id.clone(),
            ));
        }
        self.release[from] -= 1;
        self.head[to] -= 1;
        if moves::may_receive(&county.schools[from], &self.loaded.scenario) {
            *self
                .posts
                .entry((from, county.teachers[t].subject.clone()))
                .or_default() += 1;
        }
        Ok(())
    }

    /// The position of a school of the county (the input layer keeps only teachers of known
    /// schools).
    fn school(&self, id: &str) -> usize {
        self.loaded.school_ix(id).expect("a loaded county's ids")
    }

    /// Takes a post, a bed if the move needs one, and a place under the release cap for
    /// teacher `t` going to school `to` to teach `subject`; or says which is gone.
    fn take(&mut self, t: usize, to: usize, subject: &str) -> Result<(), Dropped> {
        let county = &self.loaded.county;
        let from = self.school(&county.teachers[t].school_id);
        let key = (to, subject.to_string());
        if self.posts.get(&key).copied().unwrap_or(0) <= 0 {
            return Err(Dropped::NoPostLeft(
                subject.to_string(),
                county.schools[to].id.clone(),
            ));
        }
        let far = moves::needs_bed_between(
            &county.schools[from],
            &county.schools[to],
            &self.loaded.scenario.policy,
        );
        if far && self.beds[to].is_some_and(|b| b <= 0) {
            return Err(Dropped::NoBedLeft(county.schools[to].id.clone()));
        }
        if self.release[from] <= 0 {
            return Err(Dropped::SendsMaximum(county.schools[from].id.clone()));
        }
        if self.head[to] <= 0 {
            return Err(Dropped::NoPostLeft(
                subject.to_string(),
                county.schools[to].id.clone(),
            ));
        }
        self.head[to] -= 1;
        *self.posts.get_mut(&key).expect("checked") -= 1;
        if far {
            if let Some(b) = &mut self.beds[to] {
                *b -= 1;
            }
        }
        self.release[from] -= 1;
        Ok(())
    }
}

/// The locks as the re-plan reads them.
#[derive(Default)]
struct Locked<'a> {
    /// Schools closed or locked to receive nobody.
    nobody: BTreeSet<&'a str>,
    /// Teachers locked to stay.
    stays: BTreeSet<&'a str>,
    /// Teacher → school they are locked to.
    goes_to: BTreeMap<&'a str, &'a str>,
}

/// Reads the locks and takes their places first.
fn apply_locks<'a>(loaded: &'a Problem, room: &mut Room) -> Locked<'a> {
    let county = &loaded.county;
    let mut locked = Locked {
        nobody: loaded
            .commitments
            .closed
            .iter()
            .map(String::as_str)
            .collect(),
        ..Locked::default()
    };
    for l in &loaded.commitments.locks {
        match l.kind {
            LockKind::ReceivesNobody => {
                locked.nobody.extend(l.school_id.as_deref());
            }
            LockKind::Stays => {
                locked.stays.extend(l.teacher_id.as_deref());
            }
            LockKind::GoesTo => {
                if let (Some(t), Some(s)) = (l.teacher_id.as_deref(), l.school_id.as_deref()) {
                    locked.goes_to.insert(t, s);
                    if let (Some(ti), Some(si)) = (loaded.teacher_ix(t), loaded.school_ix(s)) {
                        let subject = l
                            .subject
                            .clone()
                            .unwrap_or_else(|| county.teachers[ti].subject.clone());
                        let _ = room.take(ti, si, &subject);
                    }
                }
            }
        }
    }
    locked
}

/// Whether a previous assignment (teacher `tid` to `to`, teaching `subject`) still keeps
/// every rule, taking its places if so.
fn still_keeps(
    loaded: &Problem,
    locked: &Locked,
    room: &mut Room,
    (tid, to, subject): (&str, &str, &str),
) -> Result<(), Dropped> {
    let county = &loaded.county;
    let scenario = &loaded.scenario;
    if let Some(s) = locked.goes_to.get(tid) {
        return if *s == to {
            Ok(())
        } else {
            Err(Dropped::LockSendsElsewhere(s.to_string()))
        };
    }
    let ti = loaded.teacher_ix(tid).ok_or(Dropped::NotInRoster)?;
    if locked.stays.contains(tid) {
        return Err(Dropped::LockedToStay);
    }
    let t = &county.teachers[ti];
    let from = room.school(&t.school_id);
    let st = rules::teacher_status(t, &county.schools[from], scenario);
    // an exchange (to a school that takes exchanges) keeps the exchange rules
    if let Some(si) = loaded.school_ix(to) {
        if staffing::takes_exchange(&county.schools[si], scenario) {
            if !staffing::may_exchange(t, &county.schools[from], &st, scenario) {
                return Err(Dropped::OwnSchoolNoLongerSends(t.school_id.clone()));
            }
            if !moves::may_teach(t, subject) {
                return Err(Dropped::NoLongerTeaches(subject.to_string()));
            }
            return room.take_exchange(ti, from, si);
        }
    }
    if let Some(i) = st.ineligible {
        return Err(match i {
            Ineligible::Deferred(r) => Dropped::Deferred(r.key(), r.zh()),
            Ineligible::ExemptSchool => Dropped::OwnSchoolExempt(t.school_id.clone()),
            Ineligible::NotSendingArea => Dropped::OwnSchoolNoLongerSends(t.school_id.clone()),
            Ineligible::RestAfterTerm { ended } => Dropped::Resting(ended),
            Ineligible::OnTerm { until } => Dropped::OnTerm(until),
            Ineligible::Leader { post } => Dropped::Leader(post.key(), post.zh()),
        });
    }
    let si = loaded
        .school_ix(to)
        .ok_or_else(|| Dropped::UnknownSchool(to.to_string()))?;
    if locked.nobody.contains(to) {
        return Err(Dropped::ReceivesNobody(to.to_string()));
    }
    if !moves::may_receive(&county.schools[si], scenario) {
        return Err(Dropped::NoLongerReceives(to.to_string()));
    }
    if !moves::may_teach(t, subject) {
        return Err(Dropped::NoLongerTeaches(subject.to_string()));
    }
    room.take(ti, si, subject)
}

/// Which previous decisions still keep every rule; the others with the reason they are dropped.
pub fn keep_from(
    loaded: &Problem,
    prev: &Previous,
    hires: &HireCounts,
) -> (Keep, BTreeMap<String, Dropped>) {
    let mut room = Room::new(loaded);
    let locked = apply_locks(loaded, &mut room);
    let mut keep = Keep::default();
    let mut dropped = BTreeMap::new();
    // exchanges first: the posts they leave open to rotated teachers (swaps)
    let takes = |to: &str| {
        loaded
            .school_ix(to)
            .is_some_and(|s| staffing::takes_exchange(&loaded.county.schools[s], &loaded.scenario))
    };
    let in_order = prev
        .iter()
        .filter(|(_, (to, _))| takes(to))
        .chain(prev.iter().filter(|(_, (to, _))| !takes(to)));
    // Every previous move frees a place at its teacher's school under the headcount cap; a
    // move dropped below gives it back.
    let home = |tid: &str| {
        loaded
            .teacher_ix(tid)
            .and_then(|t| loaded.school_ix(&loaded.county.teachers[t].school_id))
    };
    for tid in prev.keys() {
        if let Some(h) = home(tid) {
            room.head[h] += 1;
        }
    }
    for (tid, (to, subject)) in in_order {
        let move_ = (tid.as_str(), to.as_str(), subject.as_str());
        match still_keeps(loaded, &locked, &mut room, move_) {
            Ok(()) => {
                if !locked.goes_to.contains_key(tid.as_str()) {
                    keep.assignments.push(KeptMove {
                        teacher_id: tid.clone(),
                        school_id: to.clone(),
                        subject: subject.clone(),
                    });
                }
            }
            Err(e) => {
                if let Some(h) = home(tid) {
                    room.head[h] -= 1;
                }
                dropped.insert(tid.clone(), e);
            }
        }
    }
    // Exchanges that would leave their school teaching less than before go home (the latest
    // kept first); their return takes a place under the home school's cap.
    let goes: Vec<&str> = locked.goes_to.keys().copied().collect();
    for (tid, why) in exchange_keep::drop_untaught(loaded, &mut keep, hires, &goes) {
        if let Some(h) = home(&tid) {
            room.head[h] -= 1;
        }
        dropped.insert(tid, why);
    }
    // A school left over its cap by a dropped departure gives up its latest kept arrivals.
    while let Some(over) = (0..room.head.len()).find(|&s| room.head[s] < 0) {
        let sid = loaded.county.schools[over].id.clone();
        let Some(k) = keep.assignments.iter().rposition(|m| m.school_id == sid) else {
            room.head[over] = 0; // nothing kept arrives there: the cap was already passed
            continue;
        };
        let m = keep.assignments.remove(k);
        room.head[over] += 1;
        if let Some(h) = home(&m.teacher_id) {
            room.head[h] -= 1;
        }
        dropped.insert(m.teacher_id, Dropped::HeadcountCap(sid));
    }
    let mut posts = hire_posts::hire_posts(loaded, &keep, &locked);
    for ((school, subject, programme), n) in hires {
        if locked.nobody.contains(school.as_str()) {
            continue;
        }
        // (a hire beyond the posts the kept moves leave is planned again)
        let left = posts
            .entry((school.as_str(), subject.as_str()))
            .or_default();
        let n = (*n).min(u32::try_from(*left).unwrap_or(0));
        *left -= i64::from(n);
        if let (Some(p), true) = (Programme::parse(programme), n > 0) {
            keep.hires.push(KeptHires {
                school_id: school.clone(),
                subject: subject.clone(),
                programme: p,
                count: n,
            });
        }
    }
    (keep, dropped)
}

/// Re-plans `loaded` keeping what it can of the plan in `prev_dir`; writes the plan and
/// changes.csv into `out`.
pub fn replan(
    loaded: &Problem,
    prev_dir: &Path,
    out: &Path,
    opts: &RunOptions,
) -> Result<Replanned, RunError> {
    let PreviousPlan {
        assignments: prev,
        hires: prev_hires,
        leaders: prev_leaders,
    } = read_previous(prev_dir, &loaded.county)?;
    // the previous leaders' moves kept where they can be; the teachers' assignments judged for
    // the county the teachers are planned for, with the leaders moved first
    let mut with_keep = loaded.clone();
    with_keep.commitments.keep.leaders = prev_leaders;
    let placed = crate::plan::leaders::plan(&with_keep).place(&with_keep);
    let (keep, dropped) = keep_from(&placed, &prev, &prev_hires);
    let kept = keep.assignments.len();
    with_keep.commitments.keep.assignments = keep.assignments;
    with_keep.commitments.keep.hires = keep.hires;
    let mut changes = Vec::new();
    let done = solve_and_write(&with_keep, out, opts, |plan| {
        changes = diff(loaded, &prev, &prev_hires, plan, &dropped);
        vec![("changes.csv".to_string(), changes_csv(&changes, opts.lang))]
    })?;
    Ok(Replanned {
        done,
        changes,
        previous: prev.len(),
        kept,
    })
}

fn diff(
    loaded: &Problem,
    prev: &Previous,
    prev_hires: &HireCounts,
    plan: &crate::plan::Plan,
    dropped: &BTreeMap<String, Dropped>,
) -> Vec<Change> {
    let county = &loaded.county;
    let new: BTreeMap<&str, (&str, &str, &str)> = plan
        .assignments
        .iter()
        .map(|a| {
            let t = &county.teachers[a.teacher];
            (
                t.id.as_str(),
                (
                    county.schools[a.to].id.as_str(),
                    a.subject.as_str(),
                    a.reason.as_str(),
                ),
            )
        })
        .collect();
    let name = |id: &str| {
        county
            .teachers
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.name.clone())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    let ids: BTreeSet<&str> = prev
        .keys()
        .map(String::as_str)
        .chain(new.keys().copied())
        .collect();
    for id in ids {
        let before = prev.get(id).map(|(to, s)| format!("{to}/{s}"));
        let after = new.get(id).map(|(to, s, _)| format!("{to}/{s}"));
        let why = |id: &str| match dropped.get(id) {
            Some(d) => (d.code().to_string(), d.to_string(), d.zh()),
            None => (
                "re_planned".to_string(),
                "re-planned".to_string(),
                "重新规划".to_string(),
            ),
        };
        let (change, (reason_code, reason, reason_zh)) = match (&before, &after) {
            (Some(b), Some(a)) if b == a => continue,
            (Some(_), Some(_)) => ("moved", why(id)),
            (Some(_), None) => ("removed", why(id)),
            (None, Some(_)) => ("added", added_reason(county, id, new[id].2)),
            (None, None) => continue,
        };
        out.push(Change {
            kind: "teacher".into(),
            id: id.to_string(),
            name: name(id),
            change: change.into(),
            before: before.unwrap_or_default(),
            after: after.unwrap_or_default(),
            reason_code,
            reason,
            reason_zh,
        });
    }
    let mut now = HireCounts::new();
    for h in &plan.hires {
        *now.entry((
            county.schools[h.school].id.clone(),
            h.subject.clone(),
            h.programme.key().to_string(),
        ))
        .or_default() += h.count;
    }
    let keys: BTreeSet<&(String, String, String)> = prev_hires.keys().chain(now.keys()).collect();
    for k in keys {
        let (b, a) = (
            prev_hires.get(k).copied().unwrap_or(0),
            now.get(k).copied().unwrap_or(0),
        );
        if a != b {
            let (reason_code, reason, reason_zh) = if loaded.commitments.closed.contains(&k.0) {
                (
                    "school_closed",
                    format!("school {} closed", k.0),
                    format!("学校 {} 撤并", k.0),
                )
            } else {
                (
                    "hiring_changed",
                    "hiring changed, or hires moved to a better place".to_string(),
                    "招聘计划变化，或新教师改派到更需要的学校".to_string(),
                )
            };
            out.push(Change {
                kind: "hire".into(),
                id: format!("{}/{}/{}", k.0, k.1, k.2),
                name: String::new(),
                change: "changed".into(),
                before: b.to_string(),
                after: a.to_string(),
                reason_code: reason_code.into(),
                reason,
                reason_zh,
            });
        }
    }
    out
}

/// changes.csv: the codes (kind, change, reason_code) and the reason as a sentence in `lang`.
pub fn changes_csv(changes: &[Change], lang: crate::output::Lang) -> Vec<u8> {
    let header: Vec<String> = [
        "kind",
        "id",
        "name",
        "change",
        "before",
        "after",
        "reason_code",
        "reason",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows: Vec<Vec<String>> = changes
        .iter()
        .map(|c| {
            vec![
                c.kind.clone(),
                c.id.clone(),
                c.name.clone(),
                c.change.clone(),
                c.before.clone(),
                c.after.clone(),
                c.reason_code.clone(),
                lang.t(&c.reason_zh, &c.reason).to_string(),
            ]
        })
        .collect();
    csv_bytes(&header, &rows)
}

/// Why the re-plan added a teacher: the usual goals on the places freed, with the teacher's
/// plan reason (and backbone, which the backbone share may have asked for).
fn added_reason(
    county: &crate::domain::County,
    id: &str,
    reason: &str,
) -> (String, String, String) {
    let backbone = county
        .teachers
        .iter()
        .find(|t| t.id == id)
        .is_some_and(|t| t.backbone.is_backbone());
    (
        "added".into(),
        format!(
            "added by the re-plan for the usual goals (gap, shares) on the freed places: {reason}{}",
            if backbone { "; backbone" } else { "" }
        ),
        format!(
            "重新规划时为填补空出的岗位（缺编、交流比例）而加入：{reason}{}",
            if backbone { "；骨干教师" } else { "" }
        ),
    )
}
