//! `rotaplan ledger`: what the service ledger and the roster say about service (docs/years.md):
//! a teacher's record, or a summary of who has served, who still must serve before their
//! target year, who rests after a term, and the 特岗 teachers whose term ends.

use crate::domain::{Programme, ServiceRecord, Teacher};
use crate::problem::Problem;
use crate::rules::status::{counts_as_rural_service, resting, teacher_status};
use chrono::{Months, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// One teacher's service record.
#[derive(Debug, Clone, Serialize)]
pub struct TeacherRecord {
    pub teacher_id: String,
    pub name: String,
    /// The teacher's own school (the roster's).
    pub school_id: String,
    /// On a term from an earlier year: the school served and the term's last day.
    pub on_term: Option<OnTermAt>,
    pub rural_service_months: u32,
    pub required_months: u32,
    pub senior_title_target_year: Option<i32>,
    pub last_term_end: Option<NaiveDate>,
    /// Not sent again before this year's term start when resting: the rest's last day.
    pub rests_until: Option<NaiveDate>,
    pub eligible: bool,
    pub must_serve: bool,
    pub stints: Vec<ServiceRecord>,
}

/// Where and until when a teacher serves a term from an earlier year.
#[derive(Debug, Clone, Serialize)]
pub struct OnTermAt {
    pub school_id: String,
    pub until: NaiveDate,
}

/// A teacher who still lacks the rural service a senior title needs by their target year.
#[derive(Debug, Clone, Serialize)]
pub struct StillToServe {
    pub teacher_id: String,
    pub name: String,
    pub school_id: String,
    pub target_year: i32,
    pub months: u32,
    pub lacking: u32,
    /// Must serve this year (the target year falls within this year's term).
    pub this_year: bool,
}

/// A 特岗 teacher whose term ends by the next year's term start.
#[derive(Debug, Clone, Serialize)]
pub struct TegangEnding {
    pub teacher_id: String,
    pub name: String,
    pub school_id: String,
    pub hire_date: NaiveDate,
    pub term_ends: NaiveDate,
}

/// The ledger summary of a scenario.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerSummary {
    pub plan_year: i32,
    /// Rows of the ledger, and how many are of teachers no longer on the roster.
    pub rows: usize,
    pub rows_of_former_teachers: usize,
    /// Rows by (kind, start year).
    pub by_kind_and_year: Vec<(String, i32, usize)>,
    /// Teachers with rural service credited (roster), and those in the ledger.
    pub teachers_with_service: usize,
    pub teachers_in_ledger: usize,
    pub resting: usize,
    /// Teachers on a term from an earlier year that runs through this year.
    pub on_term: usize,
    pub still_to_serve: Vec<StillToServe>,
    pub tegang_ending: Vec<TegangEnding>,
}

/// A teacher's record; `None` when the id is not on the roster.
pub fn teacher_record(loaded: &Problem, id: &str) -> Option<TeacherRecord> {
    let t = loaded.county.teachers.iter().find(|t| t.id == id)?;
    let scenario = &loaded.scenario;
    let status = loaded
        .county
        .school(&t.school_id)
        .map(|s| teacher_status(t, s, scenario));
    let rest = Months::new(scenario.policy.rest_years_after_term.saturating_mul(12));
    let rests_until = resting(t, scenario).and_then(|end| end.checked_add_months(rest));
    Some(TeacherRecord {
        teacher_id: t.id.clone(),
        name: t.name.clone(),
        school_id: t.home_school().to_string(),
        on_term: (t.on_term.as_ref()).map(|term| OnTermAt {
            school_id: t.school_id.clone(),
            until: term.until,
        }),
        rural_service_months: t.rural_service_months,
        required_months: scenario.policy.senior_title_rural_months,
        senior_title_target_year: t.senior_title_target_year,
        last_term_end: t.last_term_end,
        rests_until,
        eligible: status.as_ref().is_some_and(|s| s.eligible),
        must_serve: status.as_ref().is_some_and(|s| s.must_serve.is_some()),
        stints: (loaded.service.iter())
            .filter(|r| r.teacher_id == t.id)
            .cloned()
            .collect(),
    })
}

/// The summary of the scenario's ledger and roster.
pub fn summary(loaded: &Problem) -> LedgerSummary {
    let scenario = &loaded.scenario;
    let policy = &scenario.policy;
    let on_roster: BTreeMap<&str, &Teacher> = (loaded.county.teachers.iter())
        .map(|t| (t.id.as_str(), t))
        .collect();
    let mut by: BTreeMap<(String, i32), usize> = BTreeMap::new();
    for r in &loaded.service {
        use chrono::Datelike;
        *by.entry((r.kind.key().to_string(), r.start.year()))
            .or_default() += 1;
    }
    let in_ledger: std::collections::BTreeSet<&str> = (loaded.service.iter())
        .map(|r| r.teacher_id.as_str())
        .filter(|id| on_roster.contains_key(id))
        .collect();
    let next_start = NaiveDate::from_ymd_opt(scenario.plan_year + 1, 9, 1).expect("valid year");
    let mut still = Vec::new();
    let mut ending = Vec::new();
    let mut resting_now = 0;
    let mut on_term = 0;
    for t in &loaded.county.teachers {
        if t.on_term.is_some() {
            // serving a term that runs on: credited year by year as it is served
            on_term += 1;
            continue;
        }
        let Some(school) = loaded.county.school(&t.school_id) else {
            continue;
        };
        if resting(t, scenario).is_some() {
            resting_now += 1;
        }
        let sends = policy.sending_areas.contains(&school.area);
        if let Some(target) = t.senior_title_target_year {
            if sends
                && t.rural_service_months < policy.senior_title_rural_months
                && !counts_as_rural_service(school, scenario)
            {
                let st = teacher_status(t, school, scenario);
                still.push(StillToServe {
                    teacher_id: t.id.clone(),
                    name: t.name.clone(),
                    school_id: t.school_id.clone(),
                    target_year: target,
                    months: t.rural_service_months,
                    lacking: policy.senior_title_rural_months - t.rural_service_months,
                    this_year: st.must_serve.is_some(),
                });
            }
        }
        if let (Programme::Tegang, Some(hired)) = (t.programme, t.hire_date) {
            let ends = hired
                .checked_add_months(Months::new(policy.tegang_years.saturating_mul(12)))
                .unwrap_or(NaiveDate::MAX);
            if ends <= next_start {
                ending.push(TegangEnding {
                    teacher_id: t.id.clone(),
                    name: t.name.clone(),
                    school_id: t.school_id.clone(),
                    hire_date: hired,
                    term_ends: ends.pred_opt().unwrap_or(ends),
                });
            }
        }
    }
    still.sort_by(|a, b| (a.target_year, &a.teacher_id).cmp(&(b.target_year, &b.teacher_id)));
    LedgerSummary {
        plan_year: scenario.plan_year,
        rows: loaded.service.len(),
        rows_of_former_teachers: (loaded.service.iter())
            .filter(|r| !on_roster.contains_key(r.teacher_id.as_str()))
            .count(),
        by_kind_and_year: by.into_iter().map(|((k, y), n)| (k, y, n)).collect(),
        teachers_with_service: (loaded.county.teachers.iter())
            .filter(|t| t.rural_service_months > 0)
            .count(),
        teachers_in_ledger: in_ledger.len(),
        resting: resting_now,
        on_term,
        still_to_serve: still,
        tegang_ending: ending,
    }
}

impl LedgerSummary {
    /// The summary as text, in English and Chinese.
    pub fn render_text(&self) -> String {
        let mut o = String::new();
        let mut line = |s: String| {
            o.push_str(&s);
            o.push('\n');
        };
        line(format!(
            "service ledger for {} · {} 年交流任教台账: {} rows ({} of teachers no longer on the roster) · 共 {} 条（其中已不在花名册 {} 条）",
            self.plan_year, self.plan_year, self.rows, self.rows_of_former_teachers, self.rows, self.rows_of_former_teachers
        ));
        for (kind, year, n) in &self.by_kind_and_year {
            line(format!("  {year} {kind}: {n}"));
        }
        line(format!(
            "teachers with rural service credited · 有乡村任教记录: {} (in the ledger · 台账中 {}); resting after a term · 交流期满间隔期内: {}; on a term from an earlier year · 上年起交流期未满: {}",
            self.teachers_with_service, self.teachers_in_ledger, self.resting, self.on_term
        ));
        line(format!(
            "still to serve before their senior-title year · 评高级前仍须到乡村任教: {}",
            self.still_to_serve.len()
        ));
        for s in &self.still_to_serve {
            line(format!(
                "  {} {} ({}) target {} · 拟评 {}: {} months, lacks {}{}",
                s.teacher_id,
                s.name,
                s.school_id,
                s.target_year,
                s.target_year,
                s.months,
                s.lacking,
                if s.this_year {
                    " — must serve this year · 本年必须交流"
                } else {
                    ""
                }
            ));
        }
        line(format!(
            "特岗 terms ending by the next term · 特岗服务期将满: {}",
            self.tegang_ending.len()
        ));
        for t in &self.tegang_ending {
            line(format!(
                "  {} {} ({}) hired {} · 录用, term ends {} · 期满",
                t.teacher_id, t.name, t.school_id, t.hire_date, t.term_ends
            ));
        }
        o
    }
}

impl TeacherRecord {
    /// The record as text, in English and Chinese.
    pub fn render_text(&self) -> String {
        let mut o = format!(
            "{} {} ({}): rural service {} of {} months · 乡村任教 {}/{} 月",
            self.teacher_id,
            self.name,
            self.school_id,
            self.rural_service_months,
            self.required_months,
            self.rural_service_months,
            self.required_months
        );
        if let Some(y) = self.senior_title_target_year {
            o.push_str(&format!("; senior title {y} · 拟评高级 {y}"));
        }
        o.push('\n');
        o.push_str(&format!(
            "eligible this year · 本年可交流: {}; must serve · 必须交流: {}",
            yes(self.eligible),
            yes(self.must_serve)
        ));
        if let Some(at) = &self.on_term {
            let (school, until) = (&at.school_id, at.until);
            o.push_str(&format!(
                "; on a term at {school} until {until} · 在{school}交流至{until}"
            ));
        }
        if let (Some(end), Some(until)) = (self.last_term_end, self.rests_until) {
            o.push_str(&format!(
                "; last term ended {end}, resting until {until} · 上次交流 {end} 结束，间隔至 {until}"
            ));
        }
        o.push('\n');
        if self.stints.is_empty() {
            o.push_str("no rows in the service ledger · 台账中无记录\n");
        }
        for s in &self.stints {
            o.push_str(&format!(
                "  {} – {}  {} {} at {}: {} months · 记入 {} 月  ({})\n",
                s.start,
                s.end,
                s.kind.key(),
                s.kind.zh(),
                s.school_id,
                s.months,
                s.months,
                s.source
            ));
        }
        o
    }
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes 是"
    } else {
        "no 否"
    }
}
