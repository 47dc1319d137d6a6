//! From the model's cover and itinerant columns to named teachers (coverage.csv,
//! itinerant.csv).
//!
//! Itinerant teaching is given to the teachers of the class the model drew it from, in teacher
//! id order, each teaching at most `itinerant.max_schools` schools besides their own and at most
//! one load in all; then every school's own needs are covered as far as the teachers present
//! can (`rules::staffing::cover`, the same maximum the model reaches once the itinerant
//! teaching is fixed), and each class's share is split among its members in id order.

use super::assign::{Assignment, CoverageRow, CoveredBy, HirePlacement, ItinerantRow, MoveKind};
use super::model::{CoverClass, CoverCol};
use super::prepare::Prepared;
use crate::domain::County;
use crate::rules::staffing::{self, cover, school_problem};
use crate::scenario::Scenario;
use std::collections::BTreeMap;

/// A teacher (or the hires of a subject) present at a school after the plan.
struct Present {
    by: CoveredBy,
    post_subject: String,
    subjects: Vec<String>,
    /// Load left to teach (FTE).
    left: f64,
    /// The class the model knows them by.
    class: CoverClass,
    /// Schools served itinerantly.
    served: Vec<usize>,
}

/// Coverage rows, itinerant rows, and the itinerant FTE the circuit limit left untaught.
pub fn decode(
    prep: &Prepared,
    county: &County,
    scenario: &Scenario,
    assignments: &[Assignment],
    hires: &[HirePlacement],
    columns: &[(CoverCol, f64)],
) -> (Vec<CoverageRow>, Vec<ItinerantRow>, f64) {
    let n = county.schools.len();
    let st = &prep.staffing;
    let mut present: Vec<Vec<Present>> = (0..n).map(|_| Vec::new()).collect();
    let mut leaves = vec![false; county.teachers.len()];
    for a in assignments {
        leaves[a.teacher] = true;
    }
    for (t, teacher) in county.teachers.iter().enumerate() {
        let s = prep.teacher_school[t];
        if leaves[t] {
            continue;
        }
        let subjects = staffing::own_subjects(teacher, &county.schools[s], scenario);
        let class = st.staff[s]
            .iter()
            .position(|(_, x)| *x == subjects)
            .map_or(CoverClass::Staff(usize::MAX), CoverClass::Staff);
        present[s].push(Present {
            by: CoveredBy::Staff(t),
            post_subject: teacher.subject.clone(),
            subjects,
            left: 1.0,
            class,
            served: Vec::new(),
        });
    }
    for a in assignments {
        let by = match a.kind {
            MoveKind::Rotation => CoveredBy::Rotated(a.teacher),
            MoveKind::Exchange => CoveredBy::Exchange(a.teacher),
        };
        present[a.to].push(Present {
            by,
            post_subject: a.subject.clone(),
            subjects: staffing::arrival_subjects(&a.subject, &county.schools[a.to], scenario),
            left: 1.0,
            class: CoverClass::Arrived(a.subject.clone()),
            served: Vec::new(),
        });
    }
    for h in hires {
        present[h.school].push(Present {
            by: CoveredBy::Hire,
            post_subject: h.subject.clone(),
            subjects: staffing::arrival_subjects(&h.subject, &county.schools[h.school], scenario),
            left: h.count as f64,
            class: CoverClass::Hired(h.subject.clone()),
            served: Vec::new(),
        });
    }
    for list in &mut present {
        list.sort_by_key(|p| (p.by.teacher().map(|t| county.teachers[t].id.clone()), p.post_subject.clone()));
    }

    // Itinerant teaching, target by target.
    let mut visiting: BTreeMap<(usize, String), f64> = BTreeMap::new();
    let mut itinerant = Vec::new();
    let mut dropped = 0.0;
    let max_schools = scenario.itinerant.max_schools as usize;
    for (col, amount) in columns {
        let CoverCol::Itinerant {
            base,
            class,
            school,
            subject,
        } = col
        else {
            continue;
        };
        let mut want = *amount;
        while want > 1e-9 {
            let pick = present[*base]
                .iter()
                .enumerate()
                .filter(|(_, p)| p.class == *class && p.by != CoveredBy::Hire && p.left > 1e-9)
                .filter(|(_, p)| p.served.contains(school) || p.served.len() < max_schools)
                .max_by(|(_, a), (_, b)| {
                    (a.served.contains(school))
                        .cmp(&b.served.contains(school))
                        .then(a.left.total_cmp(&b.left))
                })
                .map(|(i, _)| i);
            let Some(i) = pick else {
                dropped += want;
                break;
            };
            let p = &mut present[*base][i];
            let take = want.min(p.left);
            p.left -= take;
            want -= take;
            if !p.served.contains(school) {
                p.served.push(*school);
            }
            let teacher = p.by.teacher().expect("hires are never itinerant");
            itinerant.push(ItinerantRow {
                teacher,
                base: *base,
                school: *school,
                subject: subject.clone(),
                fte: take,
            });
            *visiting.entry((*school, subject.clone())).or_default() += take;
        }
    }

    // Each school's own needs, by the teachers present.
    let mut coverage = Vec::new();
    for s in 0..n {
        let needs: Vec<(String, f64)> = st.needs[s]
            .iter()
            .map(|(subject, need)| {
                let v = visiting.get(&(s, subject.clone())).copied().unwrap_or(0.0);
                (subject.clone(), (need - v).max(0.0))
            })
            .collect();
        let teachers: Vec<(f64, Vec<String>)> = present[s]
            .iter()
            .map(|p| (p.left, p.subjects.clone()))
            .collect();
        let problem = school_problem(&needs, &teachers);
        let solved = cover(&problem);
        for (k, p) in present[s].iter().enumerate() {
            for (i, &j) in problem.classes[k].1.iter().enumerate() {
                let fte = solved.amount[k][i];
                if fte > 1e-9 {
                    coverage.push(CoverageRow {
                        school: s,
                        subject: needs[j].0.clone(),
                        by: p.by,
                        post_subject: p.post_subject.clone(),
                        fte,
                    });
                }
            }
        }
    }
    merge_itinerant(&mut itinerant, county);
    (coverage, itinerant, dropped)
}

/// One row per teacher, school served and subject, sorted by teacher id, school id, subject.
fn merge_itinerant(rows: &mut Vec<ItinerantRow>, county: &County) {
    rows.sort_by(|a, b| {
        (&county.teachers[a.teacher].id, &county.schools[a.school].id, &a.subject).cmp(&(
            &county.teachers[b.teacher].id,
            &county.schools[b.school].id,
            &b.subject,
        ))
    });
    rows.dedup_by(|b, a| {
        if a.teacher == b.teacher && a.school == b.school && a.subject == b.subject {
            a.fte += b.fte;
            true
        } else {
            false
        }
    });
}
