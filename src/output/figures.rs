//! The plan's figures: gaps before and after per school and subject, and the summary.
//!
//! A (school, subject) gap is the part of its need nobody covers (docs/plan-format.md,
//! gaps.csv): before the plan, the most the school's own teachers cover
//! (`rules::staffing::cover_before`); after it, what coverage.csv and itinerant.csv say is
//! taught there.

use crate::domain::{Area, Arrival, Move, Outcome};
use crate::plan::{GoalViolation, MoveKind, Plan};
use crate::problem::Problem;
use crate::rules::indicators::{Indicators, Spread};
use crate::rules::{self, gap_weight, staffing, Gaps};
use serde::Serialize;
use std::collections::BTreeMap;

/// One row of gaps.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct GapRow {
    pub school_id: String,
    pub subject: String,
    pub need: f64,
    /// Teachers whose main subject this is, before and after the plan (heads).
    pub staff_before: f64,
    pub staff_after: f64,
    /// FTE of the need covered by the school's own teachers before the plan.
    pub covered_before: f64,
    /// FTE covered after the plan, itinerant teaching included.
    pub covered_after: f64,
    /// The part of `covered_after` taught itinerantly (走教).
    pub itinerant: f64,
    pub weight: f64,
}

impl GapRow {
    pub fn gap_before(&self) -> f64 {
        Gaps::gap(self.need, self.covered_before)
    }
    pub fn gap_after(&self) -> f64 {
        Gaps::gap(self.need, self.covered_after)
    }
}

/// A subject a school's own teachers taught before the plan and nobody teaches after it (its
/// teachers of the subject left, and no arrival, hire, colleague or itinerant teacher covers
/// it): summary.json `left_untaught`.
#[derive(Debug, Clone, Serialize)]
pub struct Untaught {
    pub school_id: String,
    pub subject: String,
    /// The subject's need at the school, all of it untaught after the plan (FTE).
    pub need_fte: f64,
    /// The catalogue's Chinese name of the subject (for the sentence, not the file).
    #[serde(skip)]
    pub subject_zh: String,
}

/// Unweighted gap of one area before and after the plan (summary.json `gap_by_area`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct AreaGap {
    pub before: f64,
    pub after: f64,
}

/// `gap_by_area`: every area, in the order urban, town, rural, teaching point.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct GapByArea {
    pub urban: AreaGap,
    pub town: AreaGap,
    pub rural: AreaGap,
    pub teaching_point: AreaGap,
}

impl GapByArea {
    pub fn get(&self, area: Area) -> AreaGap {
        match area {
            Area::Urban => self.urban,
            Area::Town => self.town,
            Area::Rural => self.rural,
            Area::TeachingPoint => self.teaching_point,
        }
    }
    fn get_mut(&mut self, area: Area) -> &mut AreaGap {
        match area {
            Area::Urban => &mut self.urban,
            Area::Town => &mut self.town,
            Area::Rural => &mut self.rural,
            Area::TeachingPoint => &mut self.teaching_point,
        }
    }
}

/// summary.json.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub scenario: String,
    pub plan_year: i32,
    pub status: &'static str,
    /// The fingerprint of the decisions as planned (plan.csv's moves and hires.csv; the workbook
    /// holds the same): how `check` and `render` tell which copy an office edited
    /// (docs/plan-format.md, "Which file holds the decisions").
    pub decisions: String,
    pub objective: f64,
    pub mip_gap: f64,
    pub solve_seconds: f64,
    pub eligible: usize,
    pub rotated: usize,
    pub rotation_share: f64,
    pub rotation_target: u32,
    pub backbone_rotated: usize,
    pub backbone_share: f64,
    pub must_serve: usize,
    pub must_serve_placed: usize,
    pub hires: u32,
    /// Exchange rows of plan.csv (对口交流).
    pub exchanged: usize,
    /// Hires of the batches not placed: batch count − placed, summed.
    pub hires_unspent: u32,
    /// FTE taught itinerantly (itinerant.csv).
    pub itinerant_fte: f64,
    /// Schools whose headcount exceeds their establishment, before and after the plan.
    pub over_establishment_before: usize,
    pub over_establishment_after: usize,
    pub gap_before: f64,
    pub gap_after: f64,
    pub weighted_gap_before: f64,
    pub weighted_gap_after: f64,
    /// Unweighted gap per area, before and after.
    pub gap_by_area: GapByArea,
    /// Subjects a school taught before the plan and nobody teaches after it.
    pub left_untaught: Vec<Untaught>,
    pub violations: Vec<GoalViolation>,
    /// Leader rotation (docs/leaders.md); absent for a roster without leaders.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leaders: Option<super::leaders::LeaderFigures>,
    /// Applications and wishes (docs/wishes.md), counted by the independent checker; absent
    /// without applications.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wishes: Option<crate::check::wishes::WishFigures>,
    pub stages: Vec<crate::plan::StageReport>,
    pub model_columns: usize,
    pub model_rows: usize,
    /// The 2017 quality-balance spreads per stage and indicator, before and after.
    pub indicators: Vec<Spread>,
}

impl Summary {
    /// The quality-balance coefficients above their limit after the plan (a rule the plan
    /// does not have to meet, shown beside the rules it does): the spreads whose CV after the
    /// plan is above its limit.
    pub fn cv_over(&self) -> Vec<&Spread> {
        (self.indicators.iter())
            .filter(|s| s.cv_after.is_some_and(|v| v > s.cv_limit))
            .collect()
    }

    /// The areas whose gap grew in the plan, by more than 0.05 FTE: (area, before, after).
    /// Rotation opens gaps at the sending schools; the office should see by how much.
    pub fn areas_grown(&self) -> Vec<(Area, f64, f64)> {
        (Area::ALL.iter())
            .map(|&a| (a, self.gap_by_area.get(a)))
            .filter(|(_, g)| g.after > g.before + 0.05)
            .map(|(a, g)| (a, g.before, g.after))
            .collect()
    }

    /// The two lists above and `left_untaught` as sentences, (English, Chinese); empty when
    /// none has anything.
    pub fn side_effects(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let cv = self.cv_over();
        if !cv.is_empty() {
            let values = |s: &Spread| {
                let before = s.cv_before.map_or("–".to_string(), |b| format!("{b:.3}"));
                let after = s.cv_after.unwrap_or(0.0);
                format!("{before} → {after:.3} > {}", s.cv_limit)
            };
            let en: Vec<String> = (cv.iter())
                .map(|s| {
                    let i = s.indicator.key().to_uppercase();
                    format!("{} {i} {}", s.stage.key(), values(s))
                })
                .collect();
            let zh: Vec<String> = (cv.iter())
                .map(|s| {
                    let i = s.indicator.key().to_uppercase();
                    format!("{}{i} {}", s.stage.zh(), values(s))
                })
                .collect();
            out.push((
                format!(
                    "balance coefficients past their limit after the plan (2017 thresholds, not rules of the plan): {}",
                    en.join(", ")
                ),
                format!("方案后差异系数超过均衡标准（2017年标准，非本方案规则）：{}", zh.join("，")),
            ));
        }
        let grown = self.areas_grown();
        if !grown.is_empty() {
            let en: Vec<String> = (grown.iter())
                .map(|(a, b, g)| format!("{} {b:.1} → {g:.1} FTE (+{:.1})", a.key(), g - b))
                .collect();
            let zh: Vec<String> = (grown.iter())
                .map(|(a, b, g)| format!("{} {b:.1} → {g:.1}（增加 {:.1}）", a.zh(), g - b))
                .collect();
            out.push((
                format!("gap grew where teachers were sent from: {}", en.join(", ")),
                format!("缺口增加的区域（教师派出所致）：{}", zh.join("，")),
            ));
        }
        if !self.left_untaught.is_empty() {
            let en: Vec<String> = (self.left_untaught.iter())
                .map(|u| format!("{} {} {:.2} FTE", u.school_id, u.subject, u.need_fte))
                .collect();
            let zh: Vec<String> = (self.left_untaught.iter())
                .map(|u| format!("{} {} {:.2}", u.school_id, u.subject_zh, u.need_fte))
                .collect();
            out.push((
                format!(
                    "subjects nobody teaches after the plan at schools that taught them before: {}",
                    en.join(", ")
                ),
                format!("方案后无人任教的学科（方案前有人任教）：{}", zh.join("，")),
            ));
        }
        out
    }
}

/// Rounds for output so that files do not change with the last bits of floating point.
pub fn r6(x: f64) -> f64 {
    let v = (x * 1e6).round() / 1e6;
    if v == 0.0 {
        0.0
    } else {
        v
    }
}

/// What the plan does, as domain facts.
pub fn outcome(plan: &Plan) -> Outcome {
    Outcome {
        moves: plan
            .assignments
            .iter()
            .map(|a| Move {
                teacher: a.teacher,
                to: a.to,
                subject: a.subject.clone(),
            })
            .collect(),
        hires: plan
            .hires
            .iter()
            .map(|h| Arrival {
                school: h.school,
                subject: h.subject.clone(),
                count: h.count,
                programme: h.programme,
            })
            .collect(),
    }
}

/// The gap rows of a plan: covered after = its coverage rows plus its itinerant rows.
pub fn gap_rows(loaded: &Problem, plan: &Plan) -> Vec<GapRow> {
    let county = &loaded.county;
    let mut cells = base_cells(loaded, &outcome(plan));
    for c in &plan.coverage {
        cell(&mut cells, &county.schools[c.school].id, &c.subject).covered_after += c.fte;
    }
    for r in &plan.itinerant {
        let row = cell(&mut cells, &county.schools[r.school].id, &r.subject);
        row.covered_after += r.fte;
        row.itinerant += r.fte;
    }
    finish(loaded, cells)
}

/// Need, staff and gap per school and subject before and after `outcome`, sorted by school id
/// and subject, for an outcome without coverage rows (a what-if, explain): covered after is
/// the most the teachers present after it can cover, as `rules::staffing::cover` shares their
/// load (no itinerant teaching).
pub fn gap_rows_for(loaded: &Problem, outcome: &Outcome) -> Vec<GapRow> {
    let county = &loaded.county;
    let scenario = &loaded.scenario;
    let mut cells = base_cells(loaded, outcome);
    let needs = staffing::needs_by_school(county, scenario);
    let mut present: Vec<Vec<(f64, Vec<String>)>> = vec![Vec::new(); county.schools.len()];
    let moved: BTreeMap<usize, &Move> = outcome.moves.iter().map(|m| (m.teacher, m)).collect();
    for (i, t) in county.teachers.iter().enumerate() {
        if let (None, Some(s)) = (moved.get(&i), loaded.school_ix(&t.school_id)) {
            present[s].push((1.0, staffing::own_subjects(t, &county.schools[s], scenario)));
        }
    }
    for m in &outcome.moves {
        let subjects = staffing::arrival_subjects(&m.subject, &county.schools[m.to], scenario);
        present[m.to].push((1.0, subjects));
    }
    for h in &outcome.hires {
        let subjects = staffing::arrival_subjects(&h.subject, &county.schools[h.school], scenario);
        present[h.school].push((h.count as f64, subjects));
    }
    for (s, school) in county.schools.iter().enumerate() {
        let cover = staffing::cover(&staffing::school_problem(&needs[s], &present[s]));
        for ((subject, _), c) in needs[s].iter().zip(cover.covered) {
            cell(&mut cells, &school.id, subject).covered_after += c;
        }
    }
    finish(loaded, cells)
}

type Cells = BTreeMap<(String, String), GapRow>;

fn cell<'a>(cells: &'a mut Cells, school_id: &str, subject: &str) -> &'a mut GapRow {
    cells
        .entry((school_id.to_string(), subject.to_string()))
        .or_insert_with(|| GapRow {
            school_id: school_id.to_string(),
            subject: subject.to_string(),
            need: 0.0,
            staff_before: 0.0,
            staff_after: 0.0,
            covered_before: 0.0,
            covered_after: 0.0,
            itinerant: 0.0,
            weight: 1.0,
        })
}

/// Every (school, subject) with a need or staff before or after `outcome`: need, main-subject
/// heads before and after, and the cover before the plan; covered after still zero.
fn base_cells(loaded: &Problem, outcome: &Outcome) -> Cells {
    let county = &loaded.county;
    let gaps = Gaps::compute(county, &loaded.scenario);
    let mut cells = Cells::new();
    for ((school, subject), &(need, staff)) in &gaps.cells {
        let row = cell(&mut cells, school, subject);
        row.need = need;
        row.staff_before = staff;
        row.staff_after = staff;
    }
    for ((school, subject), covered) in staffing::cover_before(county, &loaded.scenario) {
        cell(&mut cells, &school, &subject).covered_before = covered;
    }
    for a in &outcome.moves {
        let t = &county.teachers[a.teacher];
        cell(&mut cells, &t.school_id, &t.subject).staff_after -= 1.0;
        cell(&mut cells, &county.schools[a.to].id, &a.subject).staff_after += 1.0;
    }
    for h in &outcome.hires {
        cell(&mut cells, &county.schools[h.school].id, &h.subject).staff_after += h.count as f64;
    }
    cells
}

/// The rows in order, each with its school's gap weight.
fn finish(loaded: &Problem, cells: Cells) -> Vec<GapRow> {
    let county = &loaded.county;
    let weight: BTreeMap<&str, f64> = county
        .schools
        .iter()
        .map(|s| (s.id.as_str(), gap_weight(s, &loaded.scenario)))
        .collect();
    cells
        .into_values()
        .map(|mut g| {
            g.weight = weight.get(g.school_id.as_str()).copied().unwrap_or(1.0);
            g
        })
        .collect()
}

/// A spread with its figures rounded for output.
fn rounded(s: &Spread) -> Spread {
    let r = |x: Option<f64>| x.map(r6);
    Spread {
        mean_before: r(s.mean_before),
        mean_after: r(s.mean_after),
        cv_before: r(s.cv_before),
        cv_after: r(s.cv_after),
        ..s.clone()
    }
}

/// summary.json from the plan, its gap rows, the schools above establishment (before, after:
/// from the staffing table) and the indicators.
pub fn summary(
    loaded: &Problem,
    plan: &Plan,
    gaps: &[GapRow],
    over_establishment: (usize, usize),
    ind: &Indicators,
) -> Summary {
    let county = &loaded.county;
    let scenario = &loaded.scenario;
    let rotations = || {
        plan.assignments
            .iter()
            .filter(|a| a.kind == MoveKind::Rotation)
    };
    let rotated = rotations().count();
    let backbone_rotated = rotations()
        .filter(|a| county.teachers[a.teacher].backbone.is_backbone())
        .count();
    let must_serve = county
        .teachers
        .iter()
        .filter(|t| {
            let school = loaded.school_ix(&t.school_id).map(|s| &county.schools[s]);
            school.is_some_and(|school| {
                let st = rules::teacher_status(t, school, scenario);
                st.eligible && st.must_serve.is_some()
            })
        })
        .count();
    let sum = |f: &dyn Fn(&GapRow) -> f64| r6(gaps.iter().map(f).sum());
    Summary {
        scenario: scenario.name.clone(),
        plan_year: scenario.plan_year,
        status: plan.status.key(),
        decisions: decisions_fingerprint(loaded, plan),
        objective: r6(plan.objective),
        mip_gap: r6(plan.mip_gap),
        solve_seconds: (plan.solve_seconds * 1000.0).round() / 1000.0,
        eligible: plan.eligible,
        rotated,
        rotation_share: r6(if plan.eligible == 0 {
            0.0
        } else {
            rotated as f64 / plan.eligible as f64
        }),
        rotation_target: plan.rotation_target,
        backbone_rotated,
        backbone_share: r6(if rotated == 0 {
            0.0
        } else {
            backbone_rotated as f64 / rotated as f64
        }),
        must_serve,
        must_serve_placed: must_serve - plan.unplaced.len(),
        hires: plan.hires.iter().map(|h| h.count).sum(),
        exchanged: plan.assignments.len() - rotated,
        hires_unspent: plan.hires_unspent,
        itinerant_fte: r6(plan.itinerant.iter().map(|r| r.fte).sum()),
        over_establishment_before: over_establishment.0,
        over_establishment_after: over_establishment.1,
        gap_before: sum(&|g| g.gap_before()),
        gap_after: sum(&|g| g.gap_after()),
        weighted_gap_before: sum(&|g| g.weight * g.gap_before()),
        weighted_gap_after: sum(&|g| g.weight * g.gap_after()),
        gap_by_area: gap_by_area(loaded, gaps),
        left_untaught: left_untaught(loaded, gaps),
        violations: plan.violations.clone(),
        leaders: None,
        wishes: None,
        stages: plan
            .stages
            .iter()
            .map(|s| crate::plan::StageReport {
                objective: r6(s.objective),
                mip_gap: r6(s.mip_gap),
                seconds: (s.seconds * 1000.0).round() / 1000.0,
                ..s.clone()
            })
            .collect(),
        model_columns: plan.model_columns,
        model_rows: plan.model_rows,
        indicators: ind.spreads.iter().map(rounded).collect(),
    }
}

/// The cells taught before the plan and not at all after it, in the order of `gaps`.
fn left_untaught(loaded: &Problem, gaps: &[GapRow]) -> Vec<Untaught> {
    (gaps.iter())
        .filter(|g| g.need > 1e-9 && g.covered_before > 1e-9 && g.covered_after <= 1e-9)
        .map(|g| Untaught {
            school_id: g.school_id.clone(),
            subject: g.subject.clone(),
            need_fte: r6(g.need),
            subject_zh: (loaded.scenario.subjects.get(&g.subject))
                .map_or_else(|| g.subject.clone(), |d| d.zh.clone()),
        })
        .collect()
}

/// Unweighted gap per area before and after, rounded.
pub fn gap_by_area(loaded: &Problem, gaps: &[GapRow]) -> GapByArea {
    let mut out = GapByArea::default();
    for g in gaps {
        if let Some(s) = loaded.school_ix(&g.school_id) {
            let e = out.get_mut(loaded.county.schools[s].area);
            e.before += g.gap_before();
            e.after += g.gap_after();
        }
    }
    for a in Area::ALL {
        let e = out.get_mut(a);
        *e = AreaGap {
            before: r6(e.before),
            after: r6(e.after),
        };
    }
    out
}

/// A figure written with up to 4 decimals, no trailing zeros.
pub(crate) fn plain(x: f64) -> String {
    let s = format!("{:.4}", r6(x));
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// The fingerprint of the plan's decisions as plan.csv and hires.csv write them
/// ([`crate::domain::decisions`]).
fn decisions_fingerprint(loaded: &Problem, plan: &Plan) -> String {
    use crate::domain::decisions::{fingerprint, hire_line, move_line};
    let county = &loaded.county;
    let start = loaded.scenario.term_start().to_string();
    let end = loaded.scenario.term_end().to_string();
    let moves = plan.assignments.iter().map(|a| {
        let t = &county.teachers[a.teacher];
        move_line(
            a.kind.key(),
            &t.id,
            &a.subject,
            &t.school_id,
            &county.schools[a.to].id,
            &start,
            &end,
        )
    });
    let hires = (plan.hires.iter()).filter(|h| h.count > 0).map(|h| {
        hire_line(
            &county.schools[h.school].id,
            &h.subject,
            h.programme.key(),
            i64::from(h.count),
        )
    });
    fingerprint(moves.chain(hires).collect())
}
