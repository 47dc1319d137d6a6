//! Must-serve deadlines over a five-year plan (docs/years.md, "Deadlines"). A teacher whose
//! senior-title target year falls within the horizon must serve no later than the plan year
//! whose term ends in that year. When that year has no post for the teacher (the plan lists
//! them as unplaced), the projection brings them forward: they must serve in the latest earlier
//! year of the horizon in which they may rotate (`policy.serve_ahead` of that year's scenario,
//! must-serve reason `ahead`), and the years from there on are planned again. deadlines.csv then
//! says, for every teacher who had to serve within the horizon, when the rules made them
//! must-serve, when and where they went, and why a year left them for later.

use crate::problem::Problem;
use crate::rules::status::{teacher_status, DeferReason, Ineligible, MustServeReason};
use chrono::Datelike;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What one planned year says about must-serve teachers.
#[derive(Debug, Clone, Default)]
pub struct YearFacts {
    pub year: i32,
    /// Teacher id → (receiving school id, rotation or exchange) for every teacher who moved.
    pub moved: Vec<(String, String)>,
    /// Must-serve teachers the plan could not place, with the plan's reason.
    pub unplaced: Vec<(String, String)>,
}

/// One teacher who had to serve within the horizon (deadlines.csv).
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineRow {
    pub teacher_id: String,
    pub name: String,
    pub school_id: String,
    pub subject: String,
    /// `senior_title` or `publicly_funded`.
    pub reason: String,
    pub target_year: Option<i32>,
    /// The first plan year in which the rules made the teacher must-serve (the deadline).
    pub must_serve_from: i32,
    /// The plan year the teacher went, and where; `None` when no year of the horizon placed them.
    pub placed_year: Option<i32>,
    pub placed_school: Option<String>,
    pub outcome: Outcome,
    /// Why, in words (English · Chinese).
    pub note: String,
    #[serde(skip)]
    pub(crate) subject_zh: String,
    /// The last year that made the teacher must-serve without letting them rotate, and why.
    #[serde(skip)]
    pub(crate) barred: Option<(i32, String, String)>,
    /// Placed in a year that had them brought forward (set while the rows are gathered).
    #[serde(skip)]
    pub(crate) placed_ahead: bool,
}

/// What became of a must-serve teacher's deadline (deadlines.csv `outcome`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Placed in the deadline year (or before it, when the rules named the teacher earlier).
    OnTime,
    /// Brought forward into an earlier year and placed there.
    Ahead,
    /// Placed after the deadline year, which could not place them.
    Late,
    /// Deferred, resting, … in the last year that made them must-serve.
    NotEligible,
    NotPlaced,
}

impl Outcome {
    /// Report order.
    pub const ALL: [Outcome; 5] = [
        Outcome::OnTime,
        Outcome::Ahead,
        Outcome::Late,
        Outcome::NotEligible,
        Outcome::NotPlaced,
    ];

    /// The key written in deadlines.csv and horizon.json.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::OnTime => "on_time",
            Outcome::Ahead => "ahead",
            Outcome::Late => "late",
            Outcome::NotEligible => "not_eligible",
            Outcome::NotPlaced => "not_placed",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Outcome::OnTime => "on time",
            Outcome::Ahead => "brought forward",
            Outcome::Late => "late",
            Outcome::NotEligible => "not eligible",
            Outcome::NotPlaced => "not placed",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Outcome::OnTime => "按期",
            Outcome::Ahead => "提前",
            Outcome::Late => "延后",
            Outcome::NotEligible => "不符合条件",
            Outcome::NotPlaced => "未安排",
        }
    }
}

/// "N on time 按期, N brought forward 提前, …": the rows counted by outcome.
pub fn tally(rows: &[DeadlineRow]) -> String {
    (Outcome::ALL.iter())
        .map(|&o| {
            let n = rows.iter().filter(|r| r.outcome == o).count();
            format!("{n} {} {}", o.en(), o.zh())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Teachers of `problem` (the year's county, before its plan) whom the rules make must-serve
/// this year, with their reason and, when they may not rotate, why (English, Chinese).
fn must_serve(problem: &Problem) -> Vec<(usize, MustServeReason, Option<Words>)> {
    let county = &problem.county;
    (county.teachers.iter().enumerate())
        .filter_map(|(i, t)| {
            let s = &county.schools[problem.school_ix(&t.school_id)?];
            let st = teacher_status(t, s, &problem.scenario);
            st.must_serve
                .map(|r| (i, r, st.ineligible.map(|n| why_not(&n))))
        })
        .collect()
}

/// A reason in English and Chinese.
type Words = (String, String);

/// Why a teacher may not rotate, in English and Chinese.
fn why_not(n: &Ineligible) -> Words {
    match n {
        Ineligible::NotSendingArea => ("not in a sending area".into(), "非派出区域".into()),
        Ineligible::ExemptSchool => ("the school is exempt".into(), "学校免于交流".into()),
        Ineligible::Deferred(d) => (
            format!("deferred ({})", d.key()),
            format!("暂缓交流（{}）", d.zh()),
        ),
        Ineligible::RestAfterTerm { ended } => (
            format!("resting after a term that ended {ended}"),
            "交流期满间隔期内".into(),
        ),
        Ineligible::OnTerm { until } => (
            format!("on a term that runs until {until}"),
            format!("交流期至{until}"),
        ),
        Ineligible::Leader { post } => (
            format!("a {} rotates as a leader", post.key()),
            format!("{}按干部交流", post.zh()),
        ),
    }
}

/// After a round of the projection: brings forward the teachers whom their deadline year (or
/// an earlier year they were brought to) could not place, or whom it may not send (too close
/// to retirement, resting after a term), one year earlier than tried so far,
/// into a year where they may rotate and still lack service. `base[k]` is year k's county as
/// carried forward (before its list), `facts[k]` what its plan did, `ahead[k]` its list.
/// Looks at every year in one pass. Returns the first year whose list changed, from which the
/// years must be planned again; `None` when nothing more can be brought forward.
pub fn bring_forward(
    base: &[Problem],
    facts: &[YearFacts],
    ahead: &mut [BTreeSet<String>],
    tried: &mut BTreeSet<(String, usize)>,
    why: &mut BTreeMap<String, (String, String)>,
) -> Option<usize> {
    // every year at once: one round of planning again serves them all
    let mut earliest: Option<usize> = None;
    for (k, year) in facts.iter().enumerate() {
        // the plan's unplaced must-serve teachers, and those whom a foreseeable rule (near
        // retirement, the rest after a term) keeps from rotating in their deadline year
        let p = &base[k];
        let mut stuck: Vec<(String, (String, String))> = (year.unplaced.iter())
            .map(|u| {
                (
                    u.0.clone(),
                    ("no post".to_string(), "无相应岗位".to_string()),
                )
            })
            .collect();
        for t in &p.county.teachers {
            let Some(s) = p.school_ix(&t.school_id).map(|i| &p.county.schools[i]) else {
                continue;
            };
            let st = teacher_status(t, s, &p.scenario);
            let foreseeable = matches!(
                st.ineligible,
                Some(Ineligible::Deferred(DeferReason::NearRetirement { .. }))
                    | Some(Ineligible::RestAfterTerm { .. })
            );
            if let (true, Some(MustServeReason::SeniorTitle { .. }), Some(n)) =
                (foreseeable, st.must_serve, &st.ineligible)
            {
                stuck.push((t.id.clone(), why_not(n)));
            }
        }
        for (id, reason) in &stuck {
            // already brought into an earlier year (a teacher stuck in two years: once)
            if ahead[..k].iter().any(|a| a.contains(id)) {
                continue;
            }
            let Some(t) = p.teacher_ix(id).map(|i| &p.county.teachers[i]) else {
                continue;
            };
            let Some(school) = p.school_ix(&t.school_id).map(|i| &p.county.schools[i]) else {
                continue;
            };
            // only a deadline moves; a publicly-funded graduate is must-serve from the start
            let own = teacher_status(t, school, &p.scenario).must_serve;
            let brought = ahead[k].contains(id);
            if !brought && !matches!(own, Some(MustServeReason::SeniorTitle { .. })) {
                continue;
            }
            for j in (0..k).rev() {
                if tried.contains(&(id.clone(), j)) {
                    continue;
                }
                let q = &base[j];
                let Some(u) = q.teacher_ix(id).map(|i| &q.county.teachers[i]) else {
                    continue;
                };
                let Some(s) = q.school_ix(&u.school_id).map(|i| &q.county.schools[i]) else {
                    continue;
                };
                let st = teacher_status(u, s, &q.scenario);
                let lacks = u.rural_service_months < q.scenario.policy.senior_title_rural_months;
                if st.eligible && lacks && st.must_serve.is_none() {
                    tried.insert((id.clone(), j));
                    ahead[j].insert(id.clone());
                    why.entry(id.clone()).or_insert_with(|| reason.clone());
                    earliest = Some(earliest.map_or(j, |e| e.min(j)));
                    if brought {
                        // year k did not place them either: it plans without them again (a
                        // teacher no earlier year takes stays where they are)
                        ahead[k].remove(id);
                    }
                    break;
                }
            }
        }
    }
    earliest
}

/// deadlines.csv's rows: every teacher whom a year of the horizon made must-serve (by the
/// rules or brought forward), in teacher id order.
pub fn rows(
    years: &[(Problem, YearFacts)],
    why: &BTreeMap<String, (String, String)>,
) -> Vec<DeadlineRow> {
    let mut out: BTreeMap<String, DeadlineRow> = Default::default();
    let end = years.last().map_or(0, |(_, f)| f.year);
    for (problem, facts) in years {
        let year = facts.year;
        let zh = |subject: &str| {
            (problem.scenario.subjects.get(subject)).map_or(subject.to_string(), |d| d.zh.clone())
        };
        for (i, reason, barred) in must_serve(problem) {
            let t = &problem.county.teachers[i];
            let ahead = matches!(reason, MustServeReason::Ahead);
            let entry = out.entry(t.id.clone()).or_insert_with(|| DeadlineRow {
                teacher_id: t.id.clone(),
                name: t.name.clone(),
                school_id: t.school_id.clone(),
                subject: t.subject.clone(),
                reason: String::new(),
                target_year: t.senior_title_target_year,
                // set below: the first year the rules name, else the target's
                must_serve_from: 0,
                placed_year: None,
                placed_school: None,
                outcome: Outcome::NotPlaced,
                note: String::new(),
                subject_zh: zh(&t.subject),
                barred: None,
                placed_ahead: false,
            });
            if entry.placed_year.is_none() {
                entry.barred = barred.map(|(en, cn)| (year, en, cn));
            }
            if !ahead && entry.reason.is_empty() {
                entry.reason = reason.key().to_string();
                entry.must_serve_from = year;
            }
            if entry.placed_year.is_none() {
                if let Some((_, to)) = facts.moved.iter().find(|(id, _)| id == &t.id) {
                    entry.placed_year = Some(year);
                    entry.placed_school = Some(to.clone());
                    entry.placed_ahead = ahead;
                }
            }
        }
    }
    // a teacher brought forward and placed before the rules named them: the deadline year is
    // the plan year whose term ends in the target year
    let ends_after = years.first().map_or(1, |(p, _)| {
        p.scenario.term_end().year() - p.scenario.plan_year
    });
    for r in out.values_mut() {
        if r.reason.is_empty() {
            r.reason = MustServeReason::SeniorTitle { target_year: 0 }.key().into();
            r.must_serve_from = r.target_year.map_or(end, |y| y - ends_after);
        }
        let (outcome, note) = match (r.placed_year, r.placed_ahead, &r.barred) {
            (Some(y), true, _) => {
                let (en, cn) = why.get(&r.teacher_id).cloned().unwrap_or_default();
                (
                    Outcome::Ahead,
                    format!(
                        "brought forward to {y}: in the deadline year {} {} · 期限年{}：{cn}，提前至{y}年交流",
                        r.must_serve_from,
                        if en == "no post" {
                            format!("no post for a {} teacher", r.subject)
                        } else {
                            en
                        },
                        r.must_serve_from
                    ),
                )
            }
            (Some(y), _, _) if y <= r.must_serve_from => (
                Outcome::OnTime,
                format!("placed in the deadline year {y} · 按期交流"),
            ),
            (Some(y), _, Some((_, en, cn))) => (
                Outcome::Late,
                format!(
                    "may not rotate in {} ({en}), nor in an earlier year: placed in {y} · 期限年不符合交流条件（{cn}），{y}年交流",
                    r.must_serve_from
                ),
            ),
            (Some(y), _, None) => (
                Outcome::Late,
                format!(
                    "no post in {} and none in an earlier year: placed in {y} · 期限年未能安排，{y}年交流",
                    r.must_serve_from
                ),
            ),
            (None, _, Some((y, en, cn))) => (
                Outcome::NotEligible,
                format!("may not rotate in {y}: {en} · {y}年不符合交流条件：{cn}"),
            ),
            (None, _, None) => (
                Outcome::NotPlaced,
                format!(
                    "no year from {} to {end} had a post for a {} teacher the rules allow · 规划期内无{}可安排岗位",
                    r.must_serve_from, r.subject, r.subject_zh
                ),
            ),
        };
        r.outcome = outcome;
        r.note = note;
    }
    out.into_values().collect()
}

/// deadlines.csv: written as the plan's CSV files are.
pub fn csv(rows: &[DeadlineRow]) -> Vec<u8> {
    let header = [
        "teacher_id",
        "name",
        "school_id",
        "subject",
        "reason",
        "target_year",
        "must_serve_from",
        "placed_year",
        "placed_school",
        "outcome",
        "note",
    ];
    let opt = |v: Option<i32>| v.map_or(String::new(), |y| y.to_string());
    let lines: Vec<Vec<String>> = (rows.iter())
        .map(|r| {
            vec![
                r.teacher_id.clone(),
                r.name.clone(),
                r.school_id.clone(),
                r.subject.clone(),
                r.reason.clone(),
                opt(r.target_year),
                r.must_serve_from.to_string(),
                opt(r.placed_year),
                r.placed_school.clone().unwrap_or_default(),
                r.outcome.key().to_string(),
                r.note.clone(),
            ]
        })
        .collect();
    crate::output::csv_bytes(&header, lines)
}
