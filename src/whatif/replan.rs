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

use super::compare::read_csv;
use super::{csv_bytes, solve_and_write, Done, Failed, RunOptions};
use crate::domain::Programme;
use crate::input::Loaded;
use crate::rules::{self, Gaps, Ineligible};
use crate::scenario::{Keep, LockKind};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A previous assignment: teacher → (to, subject).
type Previous = BTreeMap<String, (String, String)>;
/// Hires placed: (school, subject, programme) → count.
type HireCounts = BTreeMap<(String, String, String), u32>;

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
    pub reason: String,
}

pub struct Replanned {
    pub done: Done,
    pub changes: Vec<Change>,
    pub previous: usize,
    pub kept: usize,
}

fn read_previous(dir: &Path) -> Result<(Previous, HireCounts), String> {
    let mut prev = Previous::new();
    for r in read_csv(&dir.join("plan.csv"))? {
        let g = |k: &str| r.get(k).cloned().unwrap_or_default();
        prev.insert(g("teacher_id"), (g("to_school_id"), g("subject")));
    }
    let mut hires = HireCounts::new();
    for r in read_csv(&dir.join("hires.csv"))? {
        let g = |k: &str| r.get(k).cloned().unwrap_or_default();
        let n: f64 = g("count").parse().unwrap_or(0.0);
        *hires
            .entry((g("school_id"), g("subject"), g("programme")))
            .or_default() += n.round().max(0.0) as u32;
    }
    Ok((prev, hires))
}

/// Which previous decisions still keep every rule; the others with the reason they are dropped.
pub fn keep_from(
    loaded: &Loaded,
    prev: &Previous,
    hires: &HireCounts,
) -> (Keep, BTreeMap<String, String>) {
    let county = &loaded.county;
    let scenario = &loaded.scenario;
    let school_ix: BTreeMap<&str, usize> = county
        .schools
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let teacher_ix: BTreeMap<&str, usize> = county
        .teachers
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let mut nobody: BTreeSet<&str> = loaded.whatif.closed.iter().map(String::as_str).collect();
    let mut stays = BTreeSet::new();
    let mut locked: BTreeMap<&str, &str> = BTreeMap::new();
    let gaps = Gaps::compute(county, scenario);
    let mut posts: BTreeMap<(usize, String), i64> = BTreeMap::new();
    for ((sid, subject), &(need, staff)) in &gaps.cells {
        posts.insert(
            (school_ix[sid.as_str()], subject.clone()),
            (Gaps::gap(need, staff) - 1e-9).ceil().max(0.0) as i64,
        );
    }
    let mut beds: Vec<Option<i64>> = county
        .schools
        .iter()
        .map(|s| s.housing_beds.map(i64::from))
        .collect();
    let mut staff = vec![0i64; county.schools.len()];
    for t in &county.teachers {
        staff[school_ix[t.school_id.as_str()]] += 1;
    }
    let mut release: Vec<i64> = staff
        .iter()
        .map(|&n| (scenario.policy.max_send_share * n as f64 + 1e-9).floor() as i64)
        .collect();
    let far =
        |from: usize, to: usize| match (county.schools[from].location, county.schools[to].location)
        {
            (Some(a), Some(b)) => a.distance_km(b) > scenario.policy.commute_km,
            _ => true,
        };
    let mut take = |t: usize,
                    to: usize,
                    subject: &str,
                    posts: &mut BTreeMap<(usize, String), i64>|
     -> Result<(), String> {
        let from = school_ix[county.teachers[t].school_id.as_str()];
        let p = posts.get(&(to, subject.to_string())).copied().unwrap_or(0);
        if p <= 0 {
            return Err(format!(
                "no open {subject} post left at {} (taken by a lock or an assignment kept before it)",
                county.schools[to].id
            ));
        }
        if far(from, to) && beds[to].is_some_and(|b| b <= 0) {
            return Err(format!(
                "no housing bed left at {} (taken by a lock or an assignment kept before it)",
                county.schools[to].id
            ));
        }
        if release[from] <= 0 {
            return Err(format!(
                "{} already sends its maximum (counting locks and assignments kept before it)",
                county.schools[from].id
            ));
        }
        *posts.get_mut(&(to, subject.to_string())).expect("checked") -= 1;
        if far(from, to) {
            if let Some(b) = &mut beds[to] {
                *b -= 1;
            }
        }
        release[from] -= 1;
        Ok(())
    };
    for l in &loaded.whatif.locks {
        match l.kind {
            LockKind::ReceivesNobody => {
                nobody.extend(l.school_id.as_deref());
            }
            LockKind::Stays => {
                stays.extend(l.teacher_id.as_deref());
            }
            LockKind::GoesTo => {
                if let (Some(t), Some(s)) = (l.teacher_id.as_deref(), l.school_id.as_deref()) {
                    locked.insert(t, s);
                    if let (Some(&ti), Some(&si)) = (teacher_ix.get(t), school_ix.get(s)) {
                        let subject = l
                            .subject
                            .clone()
                            .unwrap_or_else(|| county.teachers[ti].subject.clone());
                        let _ = take(ti, si, &subject, &mut posts);
                    }
                }
            }
        }
    }
    let mut keep = Keep::default();
    let mut dropped = BTreeMap::new();
    for (tid, (to, subject)) in prev {
        let why: Result<(), String> = (|| {
            if let Some(s) = locked.get(tid.as_str()) {
                return if *s == to {
                    Ok(())
                } else {
                    Err(format!("a lock sends them to {s}"))
                };
            }
            let &ti = teacher_ix
                .get(tid.as_str())
                .ok_or("no longer in the roster")?;
            if stays.contains(tid.as_str()) {
                return Err("locked to stay".into());
            }
            let t = &county.teachers[ti];
            let from = school_ix[t.school_id.as_str()];
            let st = rules::teacher_status(t, &county.schools[from], scenario);
            if let Some(i) = st.ineligible {
                return Err(match i {
                    Ineligible::Deferred(r) => {
                        format!("withdrawn: rotation deferred ({} {})", r.key(), r.zh())
                    }
                    Ineligible::ExemptSchool => format!("own school {} is exempt now", t.school_id),
                    Ineligible::NotSendingArea => {
                        format!("own school {} no longer sends", t.school_id)
                    }
                });
            }
            let &si = school_ix
                .get(to.as_str())
                .ok_or_else(|| format!("school {to} is not in the schools file"))?;
            if nobody.contains(to.as_str()) {
                return Err(format!("school {to} is closed or receives nobody now"));
            }
            let dest = &county.schools[si];
            if !rules::status::counts_as_rural_service(dest, scenario)
                || scenario.policy.exempt_schools.contains(to)
            {
                return Err(format!(
                    "school {to} no longer receives (exempt or not rural service)"
                ));
            }
            if subject != &t.subject && !t.extra_subjects.contains(subject) {
                return Err(format!("no longer teaches {subject}"));
            }
            take(ti, si, subject, &mut posts)
        })();
        match why {
            Ok(()) => {
                if !locked.contains_key(tid.as_str()) {
                    keep.assignments
                        .push((tid.clone(), to.clone(), subject.clone()));
                }
            }
            Err(e) => {
                dropped.insert(tid.clone(), e);
            }
        }
    }
    for ((school, subject, programme), n) in hires {
        if nobody.contains(school.as_str()) {
            continue;
        }
        if let Some(p) = Programme::parse(programme) {
            keep.hires.push((school.clone(), subject.clone(), p, *n));
        }
    }
    (keep, dropped)
}

/// Re-plans `loaded` keeping what it can of the plan in `prev_dir`; writes the plan and
/// changes.csv into `out`.
pub fn replan(
    loaded: &Loaded,
    prev_dir: &Path,
    out: &Path,
    opts: &RunOptions,
) -> Result<Replanned, Failed> {
    let (prev, prev_hires) =
        read_previous(prev_dir).map_err(|message| Failed { code: 2, message })?;
    let (keep, dropped) = keep_from(loaded, &prev, &prev_hires);
    let kept = keep.assignments.len();
    let mut with_keep = loaded.clone();
    with_keep.whatif.keep = keep;
    let mut changes = Vec::new();
    let done = solve_and_write(&with_keep, out, opts, |plan| {
        changes = diff(loaded, &prev, &prev_hires, plan, &dropped);
        vec![("changes.csv".to_string(), changes_csv(&changes))]
    })?;
    Ok(Replanned {
        done,
        changes,
        previous: prev.len(),
        kept,
    })
}

fn diff(
    loaded: &Loaded,
    prev: &Previous,
    prev_hires: &HireCounts,
    plan: &crate::plan::Plan,
    dropped: &BTreeMap<String, String>,
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
        let (change, reason) = match (&before, &after) {
            (Some(b), Some(a)) if b == a => continue,
            (Some(_), Some(_)) => (
                "moved",
                dropped
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| "re-planned".into()),
            ),
            (Some(_), None) => (
                "removed",
                dropped
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| "re-planned".into()),
            ),
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
            reason,
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
            let reason = if loaded.whatif.closed.contains(&k.0) {
                format!("school {} closed", k.0)
            } else {
                "hiring changed, or hires moved to a better place".into()
            };
            out.push(Change {
                kind: "hire".into(),
                id: format!("{}/{}/{}", k.0, k.1, k.2),
                name: String::new(),
                change: "changed".into(),
                before: b.to_string(),
                after: a.to_string(),
                reason,
            });
        }
    }
    out
}

pub fn changes_csv(changes: &[Change]) -> Vec<u8> {
    let header: Vec<String> = ["kind", "id", "name", "change", "before", "after", "reason"]
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
                c.reason.clone(),
            ]
        })
        .collect();
    csv_bytes(&header, &rows)
}

/// Why the re-plan added a teacher: the usual goals on the places freed, with the teacher's
/// plan reason (and backbone, which the backbone share may have asked for).
fn added_reason(county: &crate::domain::County, id: &str, reason: &str) -> String {
    let backbone = county
        .teachers
        .iter()
        .find(|t| t.id == id)
        .is_some_and(|t| t.backbone.is_backbone());
    format!(
        "added by the re-plan for the usual goals (gap, shares) on the freed places: {reason}{}",
        if backbone { "; backbone" } else { "" }
    )
}
