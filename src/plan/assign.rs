//! From group flows to named teachers.
//!
//! Within a part of a group every member is the same for the model, so who goes is decided by
//! a fixed, documented priority: members are already ordered longest in school first, then by
//! id; the first members of each part leave, as many as the model sends from it, and in that
//! order they fill the group's picks (main subject first). Within a pool every teacher
//! costs the same wherever they go, so the pool's teachers, in group order, take its
//! destinations in order of receiving school id.

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
    // Who leaves: the first members of each part of a group, as many as the part sends; in the
    // group's priority order they fill its picks in order (main subject first), joining the
    // pool of that subject.
    let mut goes = vec![false; prep.teacher_school.len()];
    let mut leavers: Vec<Vec<usize>> = Vec::with_capacity(prep.groups.len());
    for (group, counts) in prep.groups.iter().zip(&flows.parts) {
        for (part, &n) in group.parts.iter().zip(counts) {
            for &t in part.members.iter().take(n as usize) {
                goes[t] = true;
            }
        }
        leavers.push(group.members.iter().copied().filter(|&t| goes[t]).collect());
    }
    let mut cursor = vec![0usize; prep.groups.len()];
    let mut leaving: Vec<Vec<usize>> = vec![Vec::new(); prep.pools.len()];
    for (p, pick) in prep.picks.iter().enumerate() {
        let members = &leavers[pick.group];
        for _ in 0..flows.picks[p] {
            if let Some(&t) = members.get(cursor[pick.group]) {
                leaving[pick.pool].push(t);
                cursor[pick.group] += 1;
            }
        }
    }
    // Where to: each pool's arrivals in order of receiving school id.
    let mut going: Vec<Vec<usize>> = vec![Vec::new(); prep.pools.len()];
    for (a, arc) in prep.arcs.iter().enumerate() {
        for _ in 0..flows.arcs[a] {
            going[arc.pool].push(arc.to);
        }
    }
    let mut out = Vec::new();
    for (p, pool) in prep.pools.iter().enumerate() {
        going[p].sort_by(|&a, &b| county.schools[a].id.cmp(&county.schools[b].id));
        for (t, to) in
            super::commitments::pair_pool(&prep.commitments, &leaving[p], going[p].clone())
        {
            let status = &prep.statuses[t];
            let mut reason = match status.must_serve {
                Some(r) => format!("must_serve:{}", r.key()),
                None if status.due => {
                    format!("due:{}y; gap:{}", status.years_in_school, pool.subject)
                }
                None => format!("gap:{}", pool.subject),
            };
            super::commitments::note_pin(&prep.commitments, t, &mut reason);
            out.push(Assignment {
                teacher: t,
                to,
                subject: pool.subject.clone(),
                reason,
            });
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
