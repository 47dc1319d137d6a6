//! `rotaplan advance`: next year's scenario from this year's scenario and its plan
//! (docs/years.md). The bookkeeping an office does by hand each September, as one step that
//! changes nothing it was given:
//!
//! - the plan year moves on by one;
//! - every teacher who taught the year at a school that counts as rural service (by rotation or
//!   on the school's own staff) is credited the months served (`rural_service_months`);
//! - rotated and exchange teachers are back at their own school, whose roster they never left
//!   (交流不转编), unless their term runs into the next year: service.csv records the whole
//!   term, and next year's county has them at the school served until it ends
//!   (`Teacher::on_term`, read from the ledger);
//! - teachers who retire before the next term starts leave the roster;
//! - the plan's hires join the roster of the school they were placed at, with new ids;
//! - 特岗 teachers whose term has ended take a regular post at their school;
//! - everything else (schools, needs, next year's hiring, pairs, the scenario's settings) is
//!   carried over unchanged.
//!
//! Only a plan whose decisions keep every rule is carried forward (a goal the plan misses, such
//! as a must-serve teacher who could not be placed, does not stop it, nor do derived files left
//! stale by a hand edit). Every change is listed in
//! `advance-report.csv`, and the year's service in `service.csv` (记入档案).

use crate::check::{read_checked, CheckReport, PlanFolderError, PlanRecord};
use crate::domain::{Backbone, County, Gender, Programme, ServiceKind, ServiceRecord, Teacher};
use crate::problem::Problem;
use crate::rules::retirement::retirement_date;
use crate::rules::status::counts_as_rural_service;
use crate::scenario::Scenario;
use chrono::{Datelike, Months, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

mod change;
pub mod deadlines;
pub mod horizon;
pub mod ledger;
pub mod recruit;
mod report;
pub use change::{Change, ChangeKind};
pub use report::report_files;

/// Next year's scenario and county, with what changed.
#[derive(Debug, Clone)]
pub struct Advanced {
    pub scenario: Scenario,
    pub county: County,
    pub changes: Vec<Change>,
    /// This year's service, for the teachers' files (also in `ledger`).
    pub stints: Vec<ServiceRecord>,
    /// The service ledger of the next year: the one given, then this year's service.
    pub ledger: Vec<ServiceRecord>,
    /// Ids of the hires added, whose name, gender and birth date are placeholders.
    pub placeholders: Vec<String>,
    /// What of this year's scenario is not carried over (a variant's budget, locks, closed
    /// schools), in words (English · Chinese).
    pub dropped: Vec<String>,
    /// Next year's hiring file, made from `[horizon] hires` when the scenario has it.
    pub recruitment: Option<recruit::Recruitment>,
}

/// Why a plan cannot be carried forward.
#[derive(Debug, thiserror::Error)]
pub enum AdvanceError {
    #[error(transparent)]
    Folder(#[from] PlanFolderError),
    #[error(
        "{dir}: the plan does not pass check ({violations} rule violation(s), {mismatches} \
         figure mismatch(es)); run `rotaplan check` on it, correct it, then advance · \
         方案未通过复核，请先运行 rotaplan check 并改正"
    )]
    NotCompliant {
        dir: String,
        violations: usize,
        mismatches: usize,
    },
}

/// Name of a hire added by `advance` until the office enters the real one.
pub const PLACEHOLDER_NAME: &str = "新教师（待补录）";

/// Age at which a hire's placeholder birth date puts them at the start of their term.
const PLACEHOLDER_AGE: i32 = 22;

/// Next year's scenario from `loaded` and the plan in `plan_dir`, whose decisions must keep
/// every rule.
pub fn advance(loaded: &Problem, plan_dir: &Path) -> Result<Advanced, AdvanceError> {
    let (report, record) = read_checked(loaded, plan_dir)?;
    refuse_unless_clean(&report, plan_dir)?;
    Ok(advance_record(loaded, &record))
}

/// A plan is carried forward when its decisions break no hard rule. A goal it misses (a
/// must-serve teacher who could not be placed) does not stop it: the plan is the best possible,
/// and the office executes it; nor do files derived from the decisions that a hand edit left
/// stale (`CheckReport::decisions_keep_the_rules`).
fn refuse_unless_clean(report: &CheckReport, dir: &Path) -> Result<(), AdvanceError> {
    // the decisions are what is carried forward: files derived from them that are stale after
    // a hand edit (figures, coverage, summary) do not stop it
    if report.decisions_keep_the_rules() {
        return Ok(());
    }
    Err(AdvanceError::NotCompliant {
        dir: dir.display().to_string(),
        violations: report.broken_decisions(),
        mismatches: report.mismatches.len(),
    })
}

/// Whole months from `from` to `to` (0 if `to` is not later).
fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    if to <= from {
        return 0;
    }
    let mut m = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if to.day() < from.day() {
        m -= 1;
    }
    m.max(0) as u32
}

/// Next year's scenario from a plan's decisions (already checked).
pub fn advance_record(loaded: &Problem, record: &PlanRecord) -> Advanced {
    let scenario = &loaded.scenario;
    let county = &loaded.county;
    let policy = &scenario.policy;
    let start = scenario.term_start();
    let next_year = scenario.plan_year + 1;
    let next_start = NaiveDate::from_ymd_opt(next_year, 9, 1).expect("valid year");
    let school_of: HashMap<&str, &crate::domain::School> =
        county.schools.iter().map(|s| (s.id.as_str(), s)).collect();
    let counts = |id: &str| {
        school_of
            .get(id)
            .is_some_and(|s| counts_as_rural_service(s, scenario))
    };
    let move_of: HashMap<&str, &crate::check::RecordedMove> = (record.moves.iter())
        .map(|m| (m.teacher_id.as_str(), m))
        .collect();
    let leader_to: HashMap<&str, &str> = (record.leaders.iter())
        .map(|m| (m.teacher_id.as_str(), m.to_school_id.as_str()))
        .collect();
    // the ledger carried over; a term that runs on from an earlier year is credited on its
    // own row, year by year
    let mut ledger = loaded.service.clone();
    let year_months = months_between(start, next_start);
    let source = format!("plan {}", scenario.plan_year);

    let mut changes = Vec::new();
    let mut stints = Vec::new();
    let mut teachers = Vec::with_capacity(county.teachers.len());
    for t in &county.teachers {
        let retires = retirement_date(t.birth_date, t.gender, policy);
        let change = |kind, months, detail: String, detail_zh: String| Change {
            teacher_id: t.id.clone(),
            name: t.name.clone(),
            school_id: t.home_school().to_string(),
            kind,
            months,
            detail,
            detail_zh,
        };
        let mut next = t.clone();
        // back on the own school's roster; a term that runs on is read from the ledger again
        next.school_id = t.home_school().to_string();
        next.on_term = None;
        // Where the teacher taught this year, and for how long away from home.
        let (served_at, months_away) = match move_of.get(t.id.as_str()) {
            Some(m) => {
                let end = m.end_date.succ_opt().unwrap_or(m.end_date).min(next_start);
                (m.to_school_id.as_str(), months_between(m.start_date, end))
            }
            // a leader moved teaches the year at the new post's school
            None => (
                leader_to
                    .get(t.id.as_str())
                    .copied()
                    .unwrap_or(&t.school_id),
                0,
            ),
        };
        if let Some(&to) = leader_to.get(t.id.as_str()) {
            // the appointment moves with the leader (docs/leaders.md)
            next.school_id = to.to_string();
            next.post_since = Some(start);
            next.school_since = Some(start);
            changes.push(change(
                ChangeKind::LeaderMoved,
                0,
                format!(
                    "{} moved from {} to {} on {start}: on its roster, in post since then",
                    t.post.key(),
                    t.school_id,
                    to
                ),
                format!(
                    "{}自{start}起由{}交流到{}任职：列入该校花名册，任现职时间自该日起算",
                    t.post.zh(),
                    t.school_id,
                    to
                ),
            ));
        }
        if let Some(term) = &t.on_term {
            let served = t.school_id.as_str();
            let end = (term.until.succ_opt().unwrap_or(term.until))
                .min(next_start)
                .min(retires.max(start));
            let credit = if counts(served) {
                months_between(start, end)
            } else {
                0
            };
            next.rural_service_months += credit;
            if let Some(row) = ledger
                .iter_mut()
                .find(|r| r.teacher_id == t.id && r.kind == term.kind && r.start == term.start)
            {
                row.months += credit;
                // a teacher who retires during the term ends it on the day before
                if retires <= row.end {
                    row.end = row.end.min(retires.pred_opt().unwrap_or(retires));
                }
            }
            // back home before the year ends: the rest of the year at home counts where the
            // own school does
            let back = term.until.succ_opt().unwrap_or(term.until);
            let home_credit = if back < next_start && counts(t.home_school()) {
                months_between(back, next_start.min(retires.max(back)))
            } else {
                0
            };
            next.rural_service_months += home_credit;
            let credit = credit + home_credit;
            let exchange = term.kind == ServiceKind::Exchange;
            if retires <= next_start {
                // (retired below)
            } else if term.until >= next_start {
                changes.push(change(
                    ChangeKind::TermContinues,
                    credit,
                    format!(
                        "term at {served} runs to {}: stays there next year (service.csv); +{credit} months rural service (now {})",
                        term.until, next.rural_service_months
                    ),
                    format!(
                        "在{served}的交流期至{}，下一年继续（见 service.csv）；乡村任教月数 +{credit}（累计 {}）",
                        term.until, next.rural_service_months
                    ),
                ));
            } else {
                let back = term.until.succ_opt().unwrap_or(term.until);
                next.last_term_end = Some(term.until);
                next.school_since = Some(back);
                let (kind, en, zh) = if exchange {
                    (ChangeKind::ExchangeEnded, "exchange", "对口交流")
                } else {
                    (ChangeKind::RotationEnded, "rotation", "轮岗")
                };
                changes.push(change(
                    kind,
                    credit,
                    format!(
                        "{en} at {served} ended on {}: +{credit} months rural service (now {}), back at {} (years in school count from {back}; not sent again within {} years)",
                        term.until, next.rural_service_months, next.school_id, policy.rest_years_after_term
                    ),
                    format!(
                        "在{served}的{zh}于{}期满：乡村任教月数 +{credit}（累计 {}），回到{}（在校年限自{back}起算；{}年内不再交流）",
                        term.until, next.rural_service_months, next.school_id, policy.rest_years_after_term
                    ),
                ));
            }
        } else if let Some(m) = move_of.get(t.id.as_str()) {
            let credit = if counts(served_at) { months_away } else { 0 };
            next.rural_service_months += credit;
            // Back at the own school: continuous years there count again from the return, and
            // the teacher rests from rotation for policy.rest_years_after_term.
            // (a term that runs on is recorded when it ends)
            if m.end_date < next_start {
                next.last_term_end = Some(m.end_date);
                next.school_since = Some(next_start);
            }
            let kind = if m.exchange {
                ServiceKind::Exchange
            } else {
                ServiceKind::Rotation
            };
            stints.push(ServiceRecord {
                teacher_id: t.id.clone(),
                name: t.name.clone(),
                school_id: m.to_school_id.clone(),
                home_school_id: Some(t.school_id.clone()),
                kind,
                start: m.start_date,
                // (a term that runs on is recorded with its whole length, and credited year
                // by year as each year is advanced)
                end: m.end_date,
                months: credit,
                source: source.clone(),
                subject: Some(m.subject.clone()),
                source_line: 0,
            });
            if m.end_date >= next_start && retires > next_start {
                changes.push(change(
                    ChangeKind::TermContinues,
                    credit,
                    format!(
                        "term at {} runs to {}: stays there next year (service.csv); +{credit} months rural service (now {})",
                        m.to_school_id, m.end_date, next.rural_service_months
                    ),
                    format!(
                        "在{}的交流期至{}，下一年继续（见 service.csv）；乡村任教月数 +{credit}（累计 {}）",
                        m.to_school_id, m.end_date, next.rural_service_months
                    ),
                ));
            } else if m.exchange {
                changes.push(change(
                    ChangeKind::ExchangeEnded,
                    credit,
                    format!(
                        "exchange at {} ended on {}: back at {} (years in school count from {next_start}; not sent again within {} years)",
                        m.to_school_id, m.end_date, t.school_id, policy.rest_years_after_term
                    ),
                    format!(
                        "在{}的对口交流于{}结束，回到{}（在校年限自{next_start}起算；{}年内不再交流）",
                        m.to_school_id, m.end_date, t.school_id, policy.rest_years_after_term
                    ),
                ));
            } else {
                changes.push(change(
                    ChangeKind::RotationEnded,
                    credit,
                    format!(
                        "rotation at {} ended on {}: +{credit} months rural service (now {}), back at {} (years in school count from {next_start}; not sent again within {} years)",
                        m.to_school_id, m.end_date, next.rural_service_months, t.school_id, policy.rest_years_after_term
                    ),
                    format!(
                        "在{}的轮岗于{}期满：乡村任教月数 +{credit}（累计 {}），回到{}（在校年限自{next_start}起算；{}年内不再交流）",
                        m.to_school_id, m.end_date, next.rural_service_months, t.school_id, policy.rest_years_after_term
                    ),
                ));
            }
        } else if counts(served_at) && retires > start {
            let credit = months_between(start, retires.min(next_start)).min(year_months);
            next.rural_service_months += credit;
            if credit > 0 {
                changes.push(change(
                    ChangeKind::RuralService,
                    credit,
                    format!(
                        "taught the year at {served_at}: +{credit} months rural service (now {})",
                        next.rural_service_months
                    ),
                    format!(
                        "本年在{served_at}任教：乡村任教月数 +{credit}（累计 {}）",
                        next.rural_service_months
                    ),
                ));
            }
        }
        if retires <= next_start {
            changes.push(change(
                ChangeKind::Retired,
                0,
                format!(
                    "retires on {retires}, before the {next_year} term: removed from the roster"
                ),
                format!("{retires}退休，早于{next_year}年学期开始：移出花名册"),
            ));
            continue;
        }
        if t.programme == Programme::Tegang {
            if let Some(hired) = t.hire_date {
                let ends = hired
                    .checked_add_months(Months::new(policy.tegang_years * 12))
                    .unwrap_or(NaiveDate::MAX);
                if ends <= next_start {
                    next.programme = Programme::Regular;
                    stints.push(ServiceRecord {
                        teacher_id: t.id.clone(),
                        name: t.name.clone(),
                        school_id: t.home_school().to_string(),
                        home_school_id: None,
                        kind: ServiceKind::Tegang,
                        start: hired,
                        end: ends.pred_opt().unwrap_or(ends),
                        months: 0,
                        source: source.clone(),
                        subject: None,
                        source_line: 0,
                    });
                    changes.push(change(
                        ChangeKind::TegangEnded,
                        0,
                        format!(
                            "特岗 term of {} years (from {hired}) ended: a regular post at {}",
                            policy.tegang_years,
                            t.home_school()
                        ),
                        format!(
                            "特岗服务期{}年（自{hired}）期满：转为{}在编教师",
                            policy.tegang_years,
                            t.home_school()
                        ),
                    ));
                }
            }
        }
        teachers.push(next);
    }

    let (hired, placeholders) = hires(loaded, record, next_start, year_months, &counts);
    for (t, months) in &hired {
        changes.push(Change {
            teacher_id: t.id.clone(),
            name: t.name.clone(),
            school_id: t.school_id.clone(),
            kind: ChangeKind::Hired,
            months: *months,
            detail: format!(
                "hired on {} at {} ({}, {}); +{months} months rural service; enter name, gender and birth date",
                start,
                t.school_id,
                t.subject,
                t.programme.key()
            ),
            detail_zh: format!(
                "{}录用至{}（{}，{}）；乡村任教月数 +{months}；请补录姓名、性别、出生日期",
                start,
                t.school_id,
                t.subject,
                t.programme.zh()
            ),
        });
    }
    teachers.extend(hired.into_iter().map(|(t, _)| t));
    teachers.sort_by(|a, b| a.id.cmp(&b.id));
    changes.sort_by(|a, b| (a.kind, &a.teacher_id).cmp(&(b.kind, &b.teacher_id)));
    stints.sort_by(|a, b| (&a.teacher_id, a.start).cmp(&(&b.teacher_id, b.start)));

    let mut next_scenario = scenario.clone();
    next_scenario.plan_year = next_year;
    // a list brought forward by a five-year plan holds for its year only
    next_scenario.policy.serve_ahead.clear();
    let (this, that) = (scenario.plan_year.to_string(), next_year.to_string());
    next_scenario.name = scenario.name.replace(&this, &that);
    let mut dropped = Vec::new();
    let w = &loaded.commitments;
    if w.budget.is_some() {
        dropped.push("the variant's hiring budget · 方案变体的招聘总数".to_string());
    }
    if !w.locks.is_empty() {
        dropped.push(format!(
            "{} lock(s) of this year · 本年锁定 {} 条",
            w.locks.len(),
            w.locks.len()
        ));
    }
    if !w.closed.is_empty() {
        dropped.push(format!(
            "{} closed school(s) of the variant · 方案变体停止接收的学校 {} 所",
            w.closed.len(),
            w.closed.len()
        ));
    }
    let mut next_county = County {
        schools: county.schools.clone(),
        teachers,
        needs: county.needs.clone(),
        hires: county.hires.clone(),
        pairs: county.pairs.clone(),
    };
    // a yearly budget: next year's hiring file from it, the list moved on a year (the last
    // entry repeats)
    let recruitment = (!scenario.horizon.hires.is_empty()).then(|| {
        let list = &scenario.horizon.hires;
        if list.len() > 1 {
            next_scenario.horizon.hires = list[1..].to_vec();
        }
        let (batches, r) = recruit::recruit(&next_county, &next_scenario, list[0]);
        next_county.hires = batches;
        r
    });
    Advanced {
        scenario: next_scenario,
        county: next_county,
        recruitment,
        changes,
        ledger: ledger.into_iter().chain(stints.iter().cloned()).collect(),
        stints,
        placeholders,
        dropped,
    }
}

/// The plan's hires as roster teachers with new ids (`N` + year + number, skipping ids in
/// use), each with the rural service months its year at the school credits.
fn hires(
    loaded: &Problem,
    record: &PlanRecord,
    next_start: NaiveDate,
    year_months: u32,
    counts: &dyn Fn(&str) -> bool,
) -> (Vec<(Teacher, u32)>, Vec<String>) {
    let scenario = &loaded.scenario;
    let start = scenario.term_start();
    let used: BTreeSet<&str> = loaded
        .county
        .teachers
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    let mut number = 0u32;
    let mut next_id = || loop {
        number += 1;
        let id = format!("N{}{number:03}", scenario.plan_year);
        if !used.contains(id.as_str()) {
            return id;
        }
    };
    let birth =
        NaiveDate::from_ymd_opt(scenario.plan_year - PLACEHOLDER_AGE, 9, 1).expect("valid year");
    // in school and subject order, so that ids do not depend on the file's row order
    let mut placed: BTreeMap<(&str, &str, Programme), u32> = BTreeMap::new();
    for h in &record.hires {
        *placed
            .entry((h.school_id.as_str(), h.subject.as_str(), h.programme))
            .or_default() += h.count;
    }
    let mut out = Vec::new();
    let mut ids = Vec::new();
    for ((school, subject, programme), count) in placed {
        for _ in 0..count {
            let id = next_id();
            let months = if counts(school) {
                months_between(start, next_start).min(year_months)
            } else {
                0
            };
            ids.push(id.clone());
            out.push((
                Teacher {
                    id,
                    name: PLACEHOLDER_NAME.to_string(),
                    gender: Gender::Female,
                    birth_date: birth,
                    school_id: school.to_string(),
                    subject: subject.to_string(),
                    extra_subjects: Vec::new(),
                    title: None,
                    backbone: Backbone::None,
                    hire_date: Some(start),
                    school_since: Some(start),
                    rural_service_months: months,
                    last_term_end: None,
                    senior_title_target_year: None,
                    deferral: None,
                    education: None,
                    programme,
                    post: Default::default(),
                    post_since: None,
                    on_term: None,
                    source_line: 0,
                },
                months,
            ));
        }
    }
    (out, ids)
}
