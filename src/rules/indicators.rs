//! The teacher indicators of the 2017 quality-balance evaluation (县域义务教育优质均衡发展督导
//! 评估办法, 教督〔2017〕6号), per school and as a student-weighted spread across schools.
//!
//! A county is judged school by school against a threshold, and across schools by the
//! coefficient of variation (差异系数) of each indicator within a stage. Rotation and hiring are
//! the levers that move the teacher indicators, so the reports show them before and after the
//! plan. The thresholds are the national defaults of docs/policy.md, held in [`IndicatorParams`] so
//! that a province's own values can be passed in.
//!
//! Choices where the method leaves room (docs/reports.md):
//! - A nine-year school is split into a primary part and a junior part by its classes
//!   (`needs::stage_classes`); students and teachers are shared out in the same proportion, so
//!   both parts have the school's ratios, but each is judged by its stage's qualification rule
//!   and threshold and weighted by its share of the students.
//! - A rotated teacher counts at the receiving school for the term, teaching the subject of the
//!   move; a hire counts at their school with no backbone level, and with a bachelor's degree
//!   if publicly funded (公费师范生 are graduates of four-year programmes), else with no known
//!   education (so not in L1).
//! - Teaching points under 50 students, and schools without students, are left out of the
//!   spread; their values are still reported.

use super::needs::stage_classes;
use crate::domain::{Area, County, Education, Outcome, Programme, School, Stage};
use serde::Serialize;

/// Thresholds and limits of the evaluation (defaults: docs/policy.md).
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorParams {
    /// L1 per 100 students, primary schools.
    pub l1_primary: f64,
    /// L1 per 100 students, junior schools.
    pub l1_junior: f64,
    /// L2 per 100 students.
    pub l2: f64,
    /// L3 per 100 students.
    pub l3: f64,
    /// Largest coefficient of variation, primary schools.
    pub cv_primary: f64,
    /// Largest coefficient of variation, junior schools.
    pub cv_junior: f64,
    /// Teaching points with fewer students are left out of the spread.
    pub min_teaching_point_students: u32,
    /// Subject ids counted in L3 (PE and the arts).
    pub pe_arts_subjects: Vec<String>,
}

impl Default for IndicatorParams {
    fn default() -> Self {
        IndicatorParams {
            l1_primary: 4.2,
            l1_junior: 5.3,
            l2: 1.0,
            l3: 0.9,
            cv_primary: 0.50,
            cv_junior: 0.45,
            min_teaching_point_students: 50,
            pe_arts_subjects: vec!["pe".into(), "music".into(), "art".into()],
        }
    }
}

impl IndicatorParams {
    pub fn threshold(&self, indicator: Indicator, stage: Stage) -> f64 {
        match (indicator, stage) {
            (Indicator::L1, Stage::Junior) => self.l1_junior,
            (Indicator::L1, _) => self.l1_primary,
            (Indicator::L2, _) => self.l2,
            (Indicator::L3, _) => self.l3,
        }
    }
    pub fn cv_limit(&self, stage: Stage) -> f64 {
        match stage {
            Stage::Junior => self.cv_junior,
            _ => self.cv_primary,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// Teachers above the required qualification per 100 students.
    L1,
    /// County-level-or-higher backbone teachers per 100 students.
    L2,
    /// PE and arts (music, fine art) teachers per 100 students.
    L3,
}

impl Indicator {
    pub const ALL: [Indicator; 3] = [Indicator::L1, Indicator::L2, Indicator::L3];

    pub fn key(self) -> &'static str {
        match self {
            Indicator::L1 => "l1",
            Indicator::L2 => "l2",
            Indicator::L3 => "l3",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Indicator::L1 => "每百名学生拥有高于规定学历教师数",
            Indicator::L2 => "每百名学生拥有县级及以上骨干教师数",
            Indicator::L3 => "每百名学生拥有体育、艺术（美术、音乐）专任教师数",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Indicator::L1 => "teachers above the required qualification per 100 students",
            Indicator::L2 => "county-level-or-higher backbone teachers per 100 students",
            Indicator::L3 => "PE and arts teachers per 100 students",
        }
    }
    fn index(self) -> usize {
        self as usize
    }
}

/// One teacher as the indicators see them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StaffMember<'a> {
    pub education: Option<Education>,
    pub backbone: bool,
    /// The subject taught at the school.
    pub subject: &'a str,
}

/// A school's staff counted for the indicators.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StaffTally {
    /// College diploma (专科) or above: above the requirement for primary teaching.
    pub primary_qualified: f64,
    /// Bachelor (本科) or above: above the requirement for junior teaching.
    pub junior_qualified: f64,
    pub backbone: f64,
    pub pe_arts: f64,
}

impl StaffTally {
    /// Adds (`sign` 1) or removes (`sign` −1) one teacher.
    pub fn add(&mut self, m: &StaffMember, params: &IndicatorParams, sign: f64) {
        if m.education.is_some_and(|e| e >= Education::Associate) {
            self.primary_qualified += sign;
        }
        if m.education.is_some_and(|e| e >= Education::Bachelor) {
            self.junior_qualified += sign;
        }
        if m.backbone {
            self.backbone += sign;
        }
        if params.pe_arts_subjects.iter().any(|s| s == m.subject) {
            self.pe_arts += sign;
        }
    }

    /// Indicator values per 100 students for a school part of the given stage.
    pub fn per_100(&self, stage: Stage, students: f64) -> [f64; 3] {
        if students <= 0.0 {
            return [0.0; 3];
        }
        let l1 = if stage == Stage::Junior {
            self.junior_qualified
        } else {
            self.primary_qualified
        };
        [l1, self.backbone, self.pe_arts].map(|n| 100.0 * n / students)
    }
}

/// One school in one stage: a nine-year school gives a primary and a junior part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolPart {
    pub school_id: String,
    /// `Primary` or `Junior`.
    pub stage: Stage,
    /// Students of this part (a nine-year school's students shared out by classes).
    pub students: f64,
    /// Counted in the spread (not a teaching point under the minimum, has students).
    pub in_spread: bool,
    /// L1, L2, L3 per 100 students before the plan.
    pub before: [f64; 3],
    /// L1, L2, L3 per 100 students after the plan.
    pub after: [f64; 3],
    pub thresholds: [f64; 3],
}

impl SchoolPart {
    pub fn value(&self, indicator: Indicator, after: bool) -> f64 {
        if after {
            self.after[indicator.index()]
        } else {
            self.before[indicator.index()]
        }
    }
    pub fn threshold(&self, indicator: Indicator) -> f64 {
        self.thresholds[indicator.index()]
    }
    pub fn below(&self, indicator: Indicator, after: bool) -> bool {
        self.value(indicator, after) + 1e-9 < self.threshold(indicator)
    }
}

/// The spread of one indicator in one stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spread {
    pub stage: Stage,
    pub indicator: Indicator,
    /// School parts counted.
    pub schools: usize,
    pub mean_before: Option<f64>,
    pub mean_after: Option<f64>,
    /// Student-weighted coefficient of variation; `None` when the mean is 0 or no school counts.
    pub cv_before: Option<f64>,
    pub cv_after: Option<f64>,
    pub cv_limit: f64,
    /// Counted school parts below the indicator's threshold.
    pub below_before: usize,
    pub below_after: usize,
}

impl Spread {
    /// The coefficient is within its limit (`None`: nothing to judge).
    pub fn meets(&self, after: bool) -> Option<bool> {
        let cv = if after { self.cv_after } else { self.cv_before };
        cv.map(|c| c <= self.cv_limit + 1e-12)
    }
}

/// Per-school values and the spreads, before and after a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicators {
    /// Sorted by school id, then stage.
    pub parts: Vec<SchoolPart>,
    /// Primary then junior, L1 to L3; only stages with a school part.
    pub spreads: Vec<Spread>,
}

/// Student-weighted mean and coefficient of variation of `(students, value)` pairs:
/// mean = Σ PᵢXᵢ / P, S = √(Σ Pᵢ(Xᵢ − mean)² / P), CV = S / mean.
pub fn weighted_mean_cv(points: &[(f64, f64)]) -> (Option<f64>, Option<f64>) {
    let total: f64 = points.iter().map(|p| p.0).sum();
    if total <= 0.0 {
        return (None, None);
    }
    let mean = points.iter().map(|(p, x)| p * x).sum::<f64>() / total;
    if mean <= 0.0 {
        return (Some(mean), None);
    }
    let var = points
        .iter()
        .map(|(p, x)| p * (x - mean).powi(2))
        .sum::<f64>()
        / total;
    (Some(mean), Some(var.sqrt() / mean))
}

/// The parts of one school with their values before and after.
pub fn school_parts(
    school: &School,
    before: &StaffTally,
    after: &StaffTally,
    params: &IndicatorParams,
) -> Vec<SchoolPart> {
    let (p, j) = stage_classes(school);
    let students = school.students as f64;
    let shares: Vec<(Stage, f64)> = match school.stage {
        Stage::Primary => vec![(Stage::Primary, 1.0)],
        Stage::Junior => vec![(Stage::Junior, 1.0)],
        Stage::NineYear if p + j > 0.0 => {
            vec![(Stage::Primary, p / (p + j)), (Stage::Junior, j / (p + j))]
        }
        Stage::NineYear => vec![(Stage::Primary, 2.0 / 3.0), (Stage::Junior, 1.0 / 3.0)],
    };
    let small_point =
        school.area == Area::TeachingPoint && school.students < params.min_teaching_point_students;
    shares
        .into_iter()
        .filter(|&(_, share)| share > 0.0)
        .map(|(stage, share)| SchoolPart {
            school_id: school.id.clone(),
            stage,
            students: students * share,
            in_spread: !small_point && students > 0.0,
            // Teachers are shared out like students, so the ratios are the school's.
            before: before.per_100(stage, students),
            after: after.per_100(stage, students),
            thresholds: Indicator::ALL.map(|i| params.threshold(i, stage)),
        })
        .collect()
}

/// The indicators of every school and their spreads, before and after `outcome`.
pub fn compute(county: &County, outcome: &Outcome, params: &IndicatorParams) -> Indicators {
    let index: std::collections::HashMap<&str, usize> = county
        .schools
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut before = vec![StaffTally::default(); county.schools.len()];
    for t in &county.teachers {
        if let Some(&s) = index.get(t.school_id.as_str()) {
            let m = StaffMember {
                education: t.education,
                backbone: t.backbone.is_backbone(),
                subject: &t.subject,
            };
            before[s].add(&m, params, 1.0);
        }
    }
    let mut after = before.clone();
    for mv in &outcome.moves {
        let t = &county.teachers[mv.teacher];
        let Some(&from) = index.get(t.school_id.as_str()) else {
            continue;
        };
        let home = StaffMember {
            education: t.education,
            backbone: t.backbone.is_backbone(),
            subject: &t.subject,
        };
        after[from].add(&home, params, -1.0);
        let away = StaffMember {
            subject: &mv.subject,
            ..home
        };
        after[mv.to].add(&away, params, 1.0);
    }
    for h in &outcome.hires {
        // Publicly-funded normal students graduate with a bachelor's degree; for the other
        // programmes the hiring file does not say.
        let education = (h.programme == Programme::PubliclyFunded).then_some(Education::Bachelor);
        let m = StaffMember {
            education,
            backbone: false,
            subject: &h.subject,
        };
        for _ in 0..h.count {
            after[h.school].add(&m, params, 1.0);
        }
    }
    let mut parts: Vec<SchoolPart> = county
        .schools
        .iter()
        .enumerate()
        .flat_map(|(i, s)| school_parts(s, &before[i], &after[i], params))
        .collect();
    parts.sort_by(|a, b| (a.school_id.as_str(), a.stage).cmp(&(b.school_id.as_str(), b.stage)));
    let spreads = spreads(&parts, params);
    Indicators { parts, spreads }
}

/// Mean, CV and schools below threshold per stage and indicator.
pub fn spreads(parts: &[SchoolPart], params: &IndicatorParams) -> Vec<Spread> {
    let mut out = Vec::new();
    for stage in [Stage::Primary, Stage::Junior] {
        let counted: Vec<&SchoolPart> = parts
            .iter()
            .filter(|p| p.stage == stage && p.in_spread)
            .collect();
        if !parts.iter().any(|p| p.stage == stage) {
            continue;
        }
        for indicator in Indicator::ALL {
            let points = |after: bool| -> Vec<(f64, f64)> {
                counted
                    .iter()
                    .map(|p| (p.students, p.value(indicator, after)))
                    .collect()
            };
            let (mean_before, cv_before) = weighted_mean_cv(&points(false));
            let (mean_after, cv_after) = weighted_mean_cv(&points(true));
            out.push(Spread {
                stage,
                indicator,
                schools: counted.len(),
                mean_before,
                mean_after,
                cv_before,
                cv_after,
                cv_limit: params.cv_limit(stage),
                below_before: counted.iter().filter(|p| p.below(indicator, false)).count(),
                below_after: counted.iter().filter(|p| p.below(indicator, true)).count(),
            });
        }
    }
    out
}
