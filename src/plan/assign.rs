//! From group flows to named teachers.
//!
//! Within a group every member is the same for the model, so who goes is decided by a fixed,
//! documented priority: members are already ordered longest in school first, then by id; the
//! first members fill the group's moves in order of (receiving school id, subject).

use super::model::Flows;
use super::prepare::Prepared;
use crate::domain::County;

/// One rotated teacher.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub teacher: usize,
    pub to: usize,
    pub subject: String,
    pub reason: String,
}

/// Placed hires: (school index, subject, programme, count), one per batch and school.
#[derive(Debug, Clone, PartialEq)]
pub struct HirePlacement {
    pub school: usize,
    pub subject: String,
    pub programme: crate::domain::Programme,
    pub count: u32,
}

pub fn assign(
    prep: &Prepared,
    county: &County,
    flows: &Flows,
) -> (Vec<Assignment>, Vec<HirePlacement>) {
    let mut per_group: Vec<Vec<usize>> = vec![Vec::new(); prep.groups.len()];
    for (a, arc) in prep.arcs.iter().enumerate() {
        if flows.arcs[a] > 0 {
            per_group[arc.group].push(a);
        }
    }
    let mut out = Vec::new();
    for (g, arcs) in per_group.iter_mut().enumerate() {
        let group = &prep.groups[g];
        arcs.sort_by(|&a, &b| {
            let (x, y) = (&prep.arcs[a], &prep.arcs[b]);
            (&county.schools[x.to].id, &x.subject).cmp(&(&county.schools[y.to].id, &y.subject))
        });
        let mut members = group.members.iter();
        for &a in arcs.iter() {
            let arc = &prep.arcs[a];
            for _ in 0..flows.arcs[a] {
                let Some(&t) = members.next() else { break };
                let status = &prep.statuses[t];
                let reason = match status.must_serve {
                    Some(r) => format!("must_serve:{}", r.key()),
                    None if status.due => {
                        format!("due:{}y; gap:{}", status.years_in_school, arc.subject)
                    }
                    None => format!("gap:{}", arc.subject),
                };
                out.push(Assignment {
                    teacher: t,
                    to: arc.to,
                    subject: arc.subject.clone(),
                    reason,
                });
            }
        }
    }
    out.sort_by(|a, b| {
        county.teachers[a.teacher]
            .id
            .cmp(&county.teachers[b.teacher].id)
    });

    let mut hires = Vec::new();
    for (o, opt) in prep.hires.iter().enumerate() {
        for (k, &(school, _)) in opt.schools.iter().enumerate() {
            let count = flows.hires[o][k];
            if count > 0 {
                hires.push(HirePlacement {
                    school,
                    subject: opt.subject.clone(),
                    programme: opt.programme,
                    count,
                });
            }
        }
    }
    // Batches of the same subject and programme at one school are one row.
    hires.sort_by(|a, b| {
        (&county.schools[a.school].id, &a.subject, a.programme).cmp(&(
            &county.schools[b.school].id,
            &b.subject,
            b.programme,
        ))
    });
    hires.dedup_by(|b, a| {
        if a.school == b.school && a.subject == b.subject && a.programme == b.programme {
            a.count += b.count;
            true
        } else {
            false
        }
    });
    (out, hires)
}
