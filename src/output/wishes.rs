//! The applications' part of a plan (docs/wishes.md): the merit list (积分公示, merit-list.csv
//! and the workbook's sheet), and the wishes figures of summary.json, which are the
//! independent checker's own count ([`crate::check::wishes::wish_figures`]).

use super::csv_bytes;
use crate::check::wishes::{wish_figures_with, SentTeacher, WishFigures};
use crate::plan::{MoveKind, Plan};
use crate::problem::Problem;
use crate::rules::status::whole_years;
use crate::rules::wishes::{self, Outcome};
use std::collections::BTreeMap;

/// One applicant on the merit list.
#[derive(Debug, Clone)]
pub struct WishLine {
    pub teacher: usize,
    /// Points in hundredths: total, and the parts (years in school, backbone, age, family).
    pub points: u32,
    pub years: u32,
    pub parts: [f64; 4],
    pub volunteer: bool,
    /// The wishes as school, township or area names.
    pub wishes: Vec<String>,
    /// Where the plan sends the teacher (school index), and the outcome.
    pub to: Option<usize>,
    pub outcome: Outcome,
    /// Whether the teacher may rotate this year (an application of one who may not has no
    /// effect).
    pub eligible: bool,
}

impl WishLine {
    /// The outcome in words: (English key, Chinese).
    pub fn outcome_text(&self) -> (String, String) {
        match self.outcome {
            _ if !self.eligible => ("not eligible".into(), "本年度不符合交流条件".into()),
            Outcome::Stays => ("stays".into(), "留任原校".into()),
            Outcome::AtWish(k) => (format!("wish {k}"), format!("第{k}志愿")),
            Outcome::Unwished => ("not at a wish".into(), "组织安排（非志愿学校）".into()),
        }
    }
}

/// The applicants ordered by points (most first), then teacher id.
pub fn lines(problem: &Problem, plan: &Plan) -> Vec<WishLine> {
    let county = &problem.county;
    let scenario = &problem.scenario;
    let rules = &scenario.applications;
    let start = scenario.term_start();
    let sent: BTreeMap<usize, usize> = (plan.assignments.iter())
        .filter(|a| a.kind == MoveKind::Rotation)
        .map(|a| (a.teacher, a.to))
        .collect();
    let mut out: Vec<WishLine> = Vec::new();
    for app in &problem.applications {
        let Some(i) = problem.teacher_ix(&app.teacher_id) else {
            continue;
        };
        let t = &county.teachers[i];
        let school = problem.school_ix(&t.school_id).unwrap_or(0);
        let st = crate::rules::teacher_status(t, &county.schools[school], scenario);
        let years = t
            .school_since
            .or(t.hire_date)
            .map_or(0, |d| whole_years(d, start));
        let age = whole_years(t.birth_date, start);
        let to = sent.get(&i).copied();
        let outcome = match to {
            None => Outcome::Stays,
            Some(r) => wishes::wish_rank(app, &county.schools[r])
                .map_or(Outcome::Unwished, Outcome::AtWish),
        };
        let backbone = if t.backbone.is_backbone() { 1.0 } else { 0.0 };
        out.push(WishLine {
            teacher: i,
            points: wishes::points(t, Some(app), rules, start),
            years,
            parts: [
                rules.points_per_year_in_school * years as f64,
                rules.points_backbone * backbone,
                rules.points_per_year_of_age * age as f64,
                wishes::points_value(app.family_points),
            ],
            volunteer: app.volunteer,
            wishes: app.wishes.iter().map(|w| wish_name(problem, w)).collect(),
            to,
            outcome,
            eligible: st.eligible,
        });
    }
    out.sort_by(|a, b| {
        (b.points.cmp(&a.points)).then_with(|| {
            county.teachers[a.teacher]
                .id
                .cmp(&county.teachers[b.teacher].id)
        })
    });
    out
}

/// A wish as the merit list shows it: the school's name, the township, or the area.
fn wish_name(problem: &Problem, w: &crate::domain::Wish) -> String {
    match w {
        crate::domain::Wish::School(id) => problem
            .school_ix(id)
            .map_or_else(|| id.clone(), |s| problem.county.schools[s].name.clone()),
        crate::domain::Wish::Township(name) => name.clone(),
        crate::domain::Wish::Area(a) => a.zh().to_string(),
    }
}

/// The wishes figures of summary.json, counted by the independent checker on the plan's
/// rotations; `None` without applications.
pub fn figures(problem: &Problem, plan: &Plan) -> Option<WishFigures> {
    let county = &problem.county;
    let sent: Vec<SentTeacher> = (plan.assignments.iter())
        .filter(|a| a.kind == MoveKind::Rotation)
        .map(|a| SentTeacher {
            teacher_id: &county.teachers[a.teacher].id,
            to_school: &county.schools[a.to].id,
            subject: &a.subject,
        })
        .collect();
    let exchanged: Vec<&str> = (plan.assignments.iter())
        .filter(|a| a.kind == MoveKind::Exchange)
        .map(|a| county.teachers[a.teacher].id.as_str())
        .collect();
    wish_figures_with(problem, &sent, &exchanged)
}

/// merit-list.csv: the published points (积分公示), in Chinese.
pub fn merit_csv(problem: &Problem, lines: &[WishLine]) -> Vec<u8> {
    let county = &problem.county;
    let max = lines
        .iter()
        .map(|l| l.wishes.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut header: Vec<String> = [
        "排名",
        "工号",
        "姓名",
        "学校",
        "任教学科",
        "本校任教年限",
        "年限积分",
        "骨干积分",
        "年龄积分",
        "家庭加分",
        "总积分",
        "是否自愿",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend((1..=max).map(|k| format!("志愿{k}")));
    header.extend(["交流学校".to_string(), "结果".to_string()]);
    let rows = lines
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let t = &county.teachers[l.teacher];
            let school = problem
                .school_ix(&t.school_id)
                .map_or_else(String::new, |s| county.schools[s].name.clone());
            let mut row = vec![
                (k + 1).to_string(),
                t.id.clone(),
                t.name.clone(),
                school,
                problem
                    .scenario
                    .subjects
                    .get(&t.subject)
                    .map_or_else(|| t.subject.clone(), |d| d.zh.clone()),
                l.years.to_string(),
                format!("{:.2}", l.parts[0]),
                format!("{:.2}", l.parts[1]),
                format!("{:.2}", l.parts[2]),
                format!("{:.2}", l.parts[3]),
                format!("{:.2}", wishes::points_value(l.points)),
                if l.volunteer { "是" } else { "否" }.to_string(),
            ];
            row.extend((0..max).map(|k| l.wishes.get(k).cloned().unwrap_or_default()));
            row.push(l.to.map_or_else(String::new, |r| county.schools[r].name.clone()));
            row.push(l.outcome_text().1);
            row
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    csv_bytes(&header, rows)
}
