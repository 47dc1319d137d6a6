//! The passes behind [`super::Overview`]: one over the teachers (the rules), one over the gap
//! cells (need and staff). Sums are kept at full precision and rounded once, when stored.

use super::data::{
    AreaLine, DueCount, Figures, NamedTeacher, ReasonCount, SchoolGap, SubjectAreaLine,
    SubjectLine, SubjectShort,
};
use crate::domain::{Area, County, School};
use crate::rules::{gap_weight, teacher_status, DeferReason, Gaps, Ineligible, MustServeReason};
use crate::scenario::Scenario;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

impl Figures {
    pub(super) fn add_cell(&mut self, need: f64, staff: f64) {
        self.need += need;
        self.staff += staff;
        self.gap += Gaps::gap(need, staff);
        self.surplus += (staff - need).max(0.0);
    }

    pub(super) fn rounded(self) -> Figures {
        Figures {
            need: round4(self.need),
            staff: round4(self.staff),
            gap: round4(self.gap),
            surplus: round4(self.surplus),
        }
    }
}

pub(super) struct Roster {
    pub(super) eligible: u32,
    pub(super) must_serve: Vec<ReasonCount>,
    pub(super) must_serve_ineligible: u32,
    pub(super) deferred: Vec<ReasonCount>,
    pub(super) resting: u32,
    pub(super) on_term: u32,
    pub(super) due: Vec<DueCount>,
    pub(super) named: Vec<NamedTeacher>,
}

/// Counts from the rules applied to every teacher.
pub(super) fn tally_teachers(
    scenario: &Scenario,
    county: &County,
    schools: &HashMap<&str, &School>,
    areas: &mut BTreeMap<Area, AreaLine>,
) -> Roster {
    // Fixed report order; the date of the near-retirement placeholder is never shown.
    let must_order = [
        MustServeReason::SeniorTitle { target_year: 0 },
        MustServeReason::PubliclyFunded,
    ];
    let defer_order = [
        DeferReason::Pregnancy,
        DeferReason::Nursing,
        DeferReason::Illness,
        DeferReason::Other,
        DeferReason::NearRetirement {
            retires: NaiveDate::MIN,
        },
    ];
    let mut must: Vec<ReasonCount> = must_order.iter().map(|r| reason(r.key(), r.zh())).collect();
    // (a line of its own only where a five-year plan brought teachers forward)
    if !scenario.policy.serve_ahead.is_empty() {
        let r = MustServeReason::Ahead;
        must.push(reason(r.key(), r.zh()));
    }
    let mut deferred: Vec<ReasonCount> = defer_order
        .iter()
        .map(|r| reason(r.key(), r.zh()))
        .collect();
    let mut due: BTreeMap<u32, u32> = BTreeMap::new();
    let mut eligible = 0;
    let mut must_serve_ineligible = 0;
    let mut resting = 0;
    let mut on_term = 0;
    let mut named: Vec<NamedTeacher> = Vec::new();

    for t in &county.teachers {
        // (by the roster's school: a teacher away on a term counts at home)
        let Some(school) = schools.get(t.home_school()) else {
            continue;
        };
        let st = teacher_status(t, school, scenario);
        let mut name = |list: &str, reason: &str, zh: String| {
            named.push(NamedTeacher {
                list: list.to_string(),
                teacher_id: t.id.clone(),
                name: t.name.clone(),
                school_id: school.id.clone(),
                school: school.name.clone(),
                subject: t.subject.clone(),
                reason: reason.to_string(),
                reason_zh: zh,
                years_in_school: st.years_in_school,
                eligible: st.eligible,
            })
        };
        if let Some(r) = st.must_serve {
            name("must_serve", r.key(), r.zh().to_string());
        }
        if scenario.policy.sending_areas.contains(&school.area) {
            if let Some(r) = st.deferred {
                name("deferred", r.key(), r.zh().to_string());
            }
        }
        if st.eligible && st.due {
            let zh = format!("同校任教满 {} 年", st.years_in_school);
            name("due", "due", zh);
        }
        if t.on_term.is_some() {
            on_term += 1;
        }
        let line = areas.get_mut(&school.area).expect("all areas present");
        line.teachers += 1;
        if st.eligible {
            eligible += 1;
            line.eligible += 1;
            if st.due {
                *due.entry(st.years_in_school).or_default() += 1;
            }
        }
        if let Some(r) = st.must_serve {
            bump(&mut must, r.key());
            if !st.eligible {
                must_serve_ineligible += 1;
            }
        }
        if scenario.policy.sending_areas.contains(&school.area) {
            if let Some(r) = st.deferred {
                bump(&mut deferred, r.key());
            }
            if matches!(st.ineligible, Some(Ineligible::RestAfterTerm { .. })) {
                resting += 1;
            }
        }
    }
    let order = |l: &str| {
        ["must_serve", "deferred", "due"]
            .iter()
            .position(|x| *x == l)
    };
    named.sort_by(|a, b| (order(&a.list), &a.teacher_id).cmp(&(order(&b.list), &b.teacher_id)));
    Roster {
        named,
        eligible,
        must_serve: must,
        must_serve_ineligible,
        deferred,
        resting,
        on_term,
        due: due
            .into_iter()
            .map(|(years, teachers)| DueCount { years, teachers })
            .collect(),
    }
}

fn reason(key: &str, zh: &str) -> ReasonCount {
    ReasonCount {
        reason: key.to_string(),
        zh: zh.to_string(),
        teachers: 0,
    }
}

fn bump(counts: &mut [ReasonCount], key: &str) {
    if let Some(c) = counts.iter_mut().find(|c| c.reason == key) {
        c.teachers += 1;
    }
}

pub(super) struct Cells {
    pub(super) subjects: Vec<SubjectLine>,
    pub(super) top_schools: Vec<SchoolGap>,
    pub(super) gap_total: f64,
    pub(super) weighted_gap_total: f64,
}

/// Sums the gap cells by subject, area and school, and picks the schools with the largest
/// weighted gap.
pub(super) fn tally_gaps(
    scenario: &Scenario,
    county: &County,
    schools: &HashMap<&str, &School>,
    areas: &mut BTreeMap<Area, AreaLine>,
    top: usize,
) -> Cells {
    let gaps = Gaps::compute(county, scenario);
    let mut subjects: BTreeMap<&str, (Figures, BTreeMap<Area, Figures>)> = BTreeMap::new();
    let mut per_school: BTreeMap<&str, SchoolGap> = BTreeMap::new();
    let (mut gap_total, mut weighted_gap_total) = (0.0, 0.0);

    for ((school_id, subject), &(need, staff)) in &gaps.cells {
        let Some(school) = schools.get(school_id.as_str()) else {
            continue;
        };
        let gap = Gaps::gap(need, staff);
        let weighted = gap * gap_weight(school, scenario);
        gap_total += gap;
        weighted_gap_total += weighted;

        let (total, by_area) = subjects.entry(subject.as_str()).or_default();
        total.add_cell(need, staff);
        by_area
            .entry(school.area)
            .or_default()
            .add_cell(need, staff);
        let line = areas.get_mut(&school.area).expect("all areas present");
        line.figures.add_cell(need, staff);
        line.weighted_gap += weighted;

        if gap > 0.0 {
            let entry = per_school.entry(school_id).or_insert_with(|| SchoolGap {
                school_id: school.id.clone(),
                name: school.name.clone(),
                area: school.area,
                gap: 0.0,
                weighted_gap: 0.0,
                short_subjects: Vec::new(),
            });
            entry.gap += gap;
            entry.weighted_gap += weighted;
            entry.short_subjects.push(SubjectShort {
                subject: subject.clone(),
                gap,
            });
        }
    }

    for line in areas.values_mut() {
        line.figures = line.figures.rounded();
        line.weighted_gap = round4(line.weighted_gap);
    }
    Cells {
        subjects: subject_lines(scenario, subjects),
        top_schools: top_schools(per_school.into_values().collect(), top),
        gap_total,
        weighted_gap_total,
    }
}

fn subject_lines(
    scenario: &Scenario,
    subjects: BTreeMap<&str, (Figures, BTreeMap<Area, Figures>)>,
) -> Vec<SubjectLine> {
    subjects
        .into_iter()
        .filter(|(_, (f, _))| f.need > 0.0 || f.staff > 0.0)
        .map(|(id, (figures, by_area))| {
            let def = scenario.subjects.get(id);
            SubjectLine {
                subject: id.to_string(),
                zh: def.map(|d| d.zh.clone()).unwrap_or_default(),
                shortage: def.is_some_and(|d| d.shortage),
                figures: figures.rounded(),
                by_area: Area::ALL
                    .iter()
                    .map(|&area| SubjectAreaLine {
                        area,
                        figures: by_area.get(&area).copied().unwrap_or_default().rounded(),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn top_schools(mut all: Vec<SchoolGap>, top: usize) -> Vec<SchoolGap> {
    for s in &mut all {
        s.short_subjects.sort_by(|a, b| {
            b.gap
                .total_cmp(&a.gap)
                .then_with(|| a.subject.cmp(&b.subject))
        });
        for sub in &mut s.short_subjects {
            sub.gap = round4(sub.gap);
        }
        s.gap = round4(s.gap);
        s.weighted_gap = round4(s.weighted_gap);
    }
    // Sorted on the rounded figures, so schools that print the same tie-break by id.
    all.sort_by(|a, b| {
        b.weighted_gap
            .total_cmp(&a.weighted_gap)
            .then_with(|| b.gap.total_cmp(&a.gap))
            .then_with(|| a.school_id.cmp(&b.school_id))
    });
    all.truncate(top);
    all
}

/// Rounds an FTE figure to 4 decimals, so sums print without float noise (0.30000000000000004).
pub(super) fn round4(x: f64) -> f64 {
    let r = (x * 10_000.0).round() / 10_000.0;
    if r == 0.0 {
        0.0 // no "-0.0" in reports
    } else {
        r
    }
}
