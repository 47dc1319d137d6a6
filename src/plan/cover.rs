//! From the model's cover and itinerant columns to named teachers (coverage.csv,
//! itinerant.csv).
//!
//! Itinerant teaching is given to the teachers of the class the model drew it from, in teacher
//! id order, each teaching at most `itinerant.max_schools` schools besides their own and at most
//! one load in all; then every school's own needs are covered as far as the teachers present
//! can (`rules::staffing::cover`, the same maximum the model reaches once the itinerant
//! teaching is fixed), and each class's share is split among its members in id order.

use super::assign::{Assignment, CoverageRow, CoveredBy, HirePlacement, ItinerantRow, MoveKind};
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
    /// Subjects they may teach at other schools (main and extra subjects, or the subject
    /// they came to teach; none for hires).
    away: Vec<String>,
    /// Schools served itinerantly.
    served: Vec<usize>,
}

/// Coverage rows and itinerant rows. Itinerant FTE that no teacher of the base can take (the
/// circuit limit) is left untaught, and gaps.csv counts it as uncovered.
pub fn decode(
    prep: &Prepared,
    county: &County,
    scenario: &Scenario,
    assignments: &[Assignment],
    hires: &[HirePlacement],
) -> (Vec<CoverageRow>, Vec<ItinerantRow>) {
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
        let mut away = vec![teacher.subject.clone()];
        away.extend(teacher.extra_subjects.iter().cloned());
        // on a term from an earlier year: counted as the arrival they were (the post's
        // subject; an exchange teacher does not teach itinerantly)
        let (by, post_subject) = match &teacher.on_term {
            Some(term) => {
                away = vec![term.post_subject(teacher).to_string()];
                let by = if term.kind == crate::domain::ServiceKind::Exchange {
                    CoveredBy::Exchange(t)
                } else {
                    CoveredBy::Rotated(t)
                };
                (by, term.post_subject(teacher).to_string())
            }
            None => (CoveredBy::Staff(t), teacher.subject.clone()),
        };
        present[s].push(Present {
            by,
            post_subject,
            subjects,
            left: 1.0,
            away,
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
            away: vec![a.subject.clone()],
            served: Vec::new(),
        });
    }
    for h in hires {
        present[h.school].push(Present {
            by: CoveredBy::Hire,
            post_subject: h.subject.clone(),
            subjects: staffing::arrival_subjects(&h.subject, &county.schools[h.school], scenario),
            left: h.count as f64,
            away: Vec::new(),
            served: Vec::new(),
        });
    }
    // (borrowed keys: a key of copied strings is made again for every comparison)
    let id = |p: &Present| p.by.teacher().map(|t| county.teachers[t].id.as_str());
    for list in &mut present {
        list.sort_by(|x, y| (id(x), &x.post_subject).cmp(&(id(y), &y.post_subject)));
    }

    // Itinerant teaching, target by target, less what the plan's arrivals made redundant.
    let flows = trim_itinerant(prep, county, scenario, &present);
    let mut visiting: BTreeMap<(usize, String), f64> = BTreeMap::new();
    let mut itinerant = Vec::new();
    let max_schools = scenario.itinerant.max_schools as usize;
    let own = |p: &Present| matches!(p.by, CoveredBy::Staff(_));
    for (f, fte) in prep.itinerant.iter().zip(flows) {
        let (base, school, subject) = (&f.base, &f.target, &f.subject);
        let mut want = fte;
        while want > 1e-9 {
            let pick = present[*base]
                .iter()
                .enumerate()
                .filter(|(_, p)| p.away.contains(subject) && p.left > 1e-9)
                .filter(|(_, p)| !matches!(p.by, CoveredBy::Exchange(_) | CoveredBy::Hire))
                .filter(|(_, p)| p.served.contains(school) || p.served.len() < max_schools)
                // the base's own teachers first: the spare load is theirs (plan::itinerant)
                .max_by(|(_, a), (_, b)| {
                    (a.served.contains(school))
                        .cmp(&b.served.contains(school))
                        .then(own(a).cmp(&own(b)))
                        .then(a.left.total_cmp(&b.left))
                })
                .map(|(i, _)| i);
            let Some(i) = pick else {
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
    #[allow(clippy::needless_range_loop)] // `s` is the school of several tables
    for s in 0..n {
        let needs: Vec<(String, f64)> = st.needs[s]
            .iter()
            .map(|(subject, need)| {
                let v = visiting.get(&(s, subject.clone())).copied().unwrap_or(0.0);
                (subject.clone(), (need - v).max(0.0))
            })
            .collect();
        // Teachers who may teach the same subjects form one class; its share is then split
        // among them in their order, each up to the load they have left.
        let mut classes: Vec<(f64, Vec<String>)> = Vec::new();
        let mut class_of = Vec::with_capacity(present[s].len());
        for p in &present[s] {
            match classes.iter().position(|(_, x)| *x == p.subjects) {
                Some(k) => {
                    classes[k].0 += p.left;
                    class_of.push(k);
                }
                None => {
                    class_of.push(classes.len());
                    classes.push((p.left, p.subjects.clone()));
                }
            }
        }
        let problem = school_problem(&needs, &classes);
        let solved = cover(&problem);
        let mut left: Vec<f64> = present[s].iter().map(|p| p.left).collect();
        for (k, subjects) in problem.classes.iter().map(|(_, x)| x).enumerate() {
            let members: Vec<usize> = (0..present[s].len())
                .filter(|&i| class_of[i] == k)
                .collect();
            let mut m = 0;
            for (i, &j) in subjects.iter().enumerate() {
                let mut amount = solved.amount[k][i];
                while amount > 1e-9 && m < members.len() {
                    let who = members[m];
                    let take = amount.min(left[who]);
                    if take > 1e-9 {
                        let p = &present[s][who];
                        coverage.push(CoverageRow {
                            school: s,
                            subject: needs[j].0.clone(),
                            by: p.by,
                            post_subject: p.post_subject.clone(),
                            fte: take,
                        });
                        left[who] -= take;
                        amount -= take;
                    }
                    if left[who] <= 1e-9 {
                        m += 1;
                    }
                }
            }
        }
    }
    merge_itinerant(&mut itinerant, county);
    // The files state FTE to 4 decimals: the figures are those of the rows as written, rounded
    // down so that no teacher or need is ever exceeded.
    for c in &mut coverage {
        c.fte = written(c.fte);
    }
    coverage.retain(|c| c.fte > 0.0);
    for r in &mut itinerant {
        r.fte = written(r.fte);
    }
    itinerant.retain(|r| r.fte > 0.0);
    (coverage, itinerant)
}

/// The FTE of each itinerant flow (`prep.itinerant`, same order) once the plan's arrivals are
/// there. Itinerant teaching is arranged before the model, for what a school's own teachers
/// cannot cover (`plan::itinerant`); when the plan then sends a teacher or a hire to teach
/// that subject there (a must-serve teacher of a scarce subject often goes where the post is
/// small), the visits may be needed only for what the arrivals leave: at most the uncovered
/// need before the plan less one FTE per arrival of the subject, and only as far as the
/// school's whole cover (every subject, every teacher present: `rules::staffing::cover`) stays
/// what it was with the full visits — an arrival's load may be teaching other subjects there.
/// The rest is dropped, the farthest visits first, and the base schools keep that load at
/// home. So no teacher travels to teach what a colleague now at the school teaches, and no gap
/// grows: the school served is covered as far as before, the bases have more load of their own.
fn trim_itinerant(
    prep: &Prepared,
    county: &County,
    scenario: &Scenario,
    present: &[Vec<Present>],
) -> Vec<f64> {
    let mut fte: Vec<f64> = prep.itinerant.iter().map(|f| f.fte).collect();
    if fte.is_empty() {
        return fte;
    }
    let uncovered = staffing::Before::compute(county, scenario).uncovered();
    // flows into each (school, subject), the farthest first
    let mut into: BTreeMap<(usize, &str), Vec<usize>> = BTreeMap::new();
    for (k, f) in prep.itinerant.iter().enumerate() {
        into.entry((f.target, f.subject.as_str()))
            .or_default()
            .push(k);
    }
    for ((school, subject), mut ks) in into {
        let arrived: f64 = (present[school].iter())
            .filter(|p| !matches!(p.by, CoveredBy::Staff(_)) && p.post_subject == subject)
            .map(|p| p.left)
            .sum();
        if arrived <= 0.0 {
            continue;
        }
        let short = (uncovered.get(&(school, subject.to_string())).copied()).unwrap_or(0.0);
        let full: f64 = ks.iter().map(|&k| fte[k]).sum();
        let mut excess = full - (short - arrived).max(0.0);
        if excess <= 1e-9 {
            continue;
        }
        // the cut costs the school cover one for one beyond what its teachers have to spare
        let visits = |cut: f64| -> BTreeMap<String, f64> {
            let mut v: BTreeMap<String, f64> = BTreeMap::new();
            for f in prep
                .itinerant
                .iter()
                .zip(&fte)
                .filter(|(f, _)| f.target == school)
            {
                *v.entry(f.0.subject.clone()).or_default() += *f.1;
            }
            *v.entry(subject.to_string()).or_default() -= cut;
            v
        };
        let needs = &prep.staffing.needs[school];
        let base = school_uncovered(needs, &visits(0.0), &present[school]);
        // the cover lost grows with the cut at a rate of at most 1: take the loss back until
        // there is none (at once when the rate is 1); keep every visit if that does not settle
        let mut settled = false;
        for _ in 0..30 {
            let lost = school_uncovered(needs, &visits(excess), &present[school]) - base;
            if lost <= 1e-9 {
                settled = true;
                break;
            }
            excess -= lost;
        }
        if !settled {
            continue;
        }
        ks.sort_by(|&a, &b| {
            (prep.itinerant[b].km.total_cmp(&prep.itinerant[a].km)).then(
                county.schools[prep.itinerant[a].base]
                    .id
                    .cmp(&county.schools[prep.itinerant[b].base].id),
            )
        });
        for k in ks {
            if excess <= 1e-9 {
                break;
            }
            let cut = excess.min(fte[k]);
            fte[k] -= cut;
            excess -= cut;
        }
    }
    fte
}

/// Need left uncovered at a school by the teachers present (each with the load they have
/// left) once the visits cover their subjects.
fn school_uncovered(
    needs: &[(String, f64)],
    visiting: &BTreeMap<String, f64>,
    present: &[Present],
) -> f64 {
    let needs: Vec<(String, f64)> = (needs.iter())
        .map(|(subject, need)| {
            let v = visiting.get(subject).copied().unwrap_or(0.0);
            (subject.clone(), (need - v).max(0.0))
        })
        .collect();
    let mut classes: Vec<(f64, Vec<String>)> = Vec::new();
    for p in present {
        match classes.iter().position(|(_, x)| *x == p.subjects) {
            Some(k) => classes[k].0 += p.left,
            None => classes.push((p.left, p.subjects.clone())),
        }
    }
    let problem = school_problem(&needs, &classes);
    cover(&problem).uncovered(&problem.need)
}

/// An FTE figure as the plan files write it: 4 decimals, rounded down (with a margin for
/// binary fractions such as 0.30000000000000004).
fn written(fte: f64) -> f64 {
    ((fte + 1e-9) * 1e4).floor() / 1e4
}

/// One row per teacher, school served and subject, sorted by teacher id, school id, subject.
fn merge_itinerant(rows: &mut Vec<ItinerantRow>, county: &County) {
    rows.sort_by(|a, b| {
        (
            &county.teachers[a.teacher].id,
            &county.schools[a.school].id,
            &a.subject,
        )
            .cmp(&(
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
