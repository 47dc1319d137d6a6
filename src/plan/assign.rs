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

/// One teacher who moves for the term: a rotation (urban to rural, 交流轮岗) or a two-way
/// exchange (a rural teacher to a school of a sending area, 对口交流).
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub teacher: usize,
    pub to: usize,
    pub subject: String,
    pub reason: String,
    pub kind: MoveKind,
}

/// Which way a teacher moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum MoveKind {
    /// From a sending-area school to a receiving school (counts for the shares).
    #[default]
    Rotation,
    /// From a rural school to a sending-area school, to teach or to learn (跟岗).
    Exchange,
}

impl MoveKind {
    /// The key written in plan.csv's `kind` column.
    pub fn key(self) -> &'static str {
        match self {
            MoveKind::Rotation => "rotation",
            MoveKind::Exchange => "exchange",
        }
    }
    /// The Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            MoveKind::Rotation => "交流轮岗",
            MoveKind::Exchange => "对口交流",
        }
    }
}

/// Who covers part of a subject's need at a school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CoveredBy {
    /// A teacher of the school who stays (teacher index).
    Staff(usize),
    /// A teacher rotated in (teacher index).
    Rotated(usize),
    /// A teacher on exchange (teacher index).
    Exchange(usize),
    /// New hires of `CoverageRow::post_subject` (anonymous).
    Hire,
}

impl CoveredBy {
    pub fn key(self) -> &'static str {
        match self {
            CoveredBy::Staff(_) => "staff",
            CoveredBy::Rotated(_) => "rotated",
            CoveredBy::Exchange(_) => "exchange",
            CoveredBy::Hire => "hire",
        }
    }
    pub fn teacher(self) -> Option<usize> {
        match self {
            CoveredBy::Staff(t) | CoveredBy::Rotated(t) | CoveredBy::Exchange(t) => Some(t),
            CoveredBy::Hire => None,
        }
    }
}

/// Part of a subject's need at a school covered by someone present there (coverage.csv).
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageRow {
    pub school: usize,
    pub subject: String,
    pub by: CoveredBy,
    /// The subject of the teacher's post: main subject (staff), the plan's subject (rotated,
    /// exchange), the hires' subject (hire).
    pub post_subject: String,
    pub fte: f64,
}

/// Part of a subject taught by a teacher at another school than their base (走教,
/// itinerant.csv).
#[derive(Debug, Clone, PartialEq)]
pub struct ItinerantRow {
    pub teacher: usize,
    pub base: usize,
    pub school: usize,
    pub subject: String,
    pub fte: f64,
}

/// Placed hires: (school index, subject, programme, count), one per batch and school.
#[derive(Debug, Clone, PartialEq)]
pub struct HirePlacement {
    pub school: usize,
    pub subject: String,
    pub programme: crate::domain::Programme,
    pub count: u32,
}

/// The reason plan.csv gives for a rotation to teach `subject`: must serve, else due by years
/// in school, else the gap it fills.
pub(crate) fn rotation_reason(status: &crate::rules::TeacherStatus, subject: &str) -> String {
    match status.must_serve {
        Some(r) => format!("must_serve:{}", r.key()),
        None if status.due => format!("due:{}y; gap:{subject}", status.years_in_school),
        None => format!("gap:{subject}"),
    }
}

pub fn assign(
    prep: &Prepared,
    county: &County,
    flows: &Flows,
) -> (Vec<Assignment>, Vec<HirePlacement>) {
    // Who leaves: the first members of each part of a group, as many as the part sends (with
    // a base plan, `plan --base`, its movers first); in the group's priority order they fill
    // its picks in order (main subject first), joining the pool of that subject — a base
    // mover the pick of the subject they taught in the base plan.
    let wi = &prep.commitments;
    let mut goes = vec![false; prep.teacher_school.len()];
    let mut leavers: Vec<Vec<usize>> = Vec::with_capacity(prep.groups.len());
    for (group, counts) in prep.groups.iter().zip(&flows.parts) {
        let based = |t: &usize| wi.base_move(*t).is_some_and(|m| m.2 == group.exchange);
        for (part, &n) in group.parts.iter().zip(counts) {
            let first = part.members.iter().filter(|t| based(t));
            let order = first.chain(part.members.iter().filter(|t| !based(t)));
            for &t in order.take(n as usize) {
                goes[t] = true;
            }
        }
        leavers.push(group.members.iter().copied().filter(|&t| goes[t]).collect());
    }
    let mut leaving: Vec<Vec<usize>> = vec![Vec::new(); prep.pools.len()];
    for (p, pick) in prep.picks.iter().enumerate() {
        let members = &mut leavers[pick.group];
        let subject = &prep.pools[pick.pool].subject;
        for _ in 0..flows.picks[p] {
            let i = (members.iter())
                .position(|&t| wi.base_move(t).is_some_and(|m| &m.1 == subject))
                .unwrap_or(0);
            if i < members.len() {
                leaving[pick.pool].push(members.remove(i));
            }
        }
    }
    // Where to: each pool's arrivals in order of receiving school id.
    let mut going: Vec<Vec<usize>> = vec![Vec::new(); prep.pools.len()];
    for (a, arc) in prep.arcs.iter().enumerate() {
        for _ in 0..flows.arcs[a] {
            going[arc.pool()].push(arc.to());
        }
    }
    let mut out = Vec::new();
    for (p, pool) in prep.pools.iter().enumerate() {
        going[p].sort_by(|&a, &b| county.schools[a].id.cmp(&county.schools[b].id));
        for (t, to) in
            super::commitments::pair_pool(&prep.commitments, &leaving[p], going[p].clone())
        {
            if pool.exchange {
                out.push(Assignment {
                    kind: MoveKind::Exchange,
                    teacher: t,
                    to,
                    subject: pool.subject.clone(),
                    reason: format!("exchange:teach:{}", pool.subject),
                });
                continue;
            }
            let status = &prep.statuses[t];
            let mut reason = rotation_reason(status, &pool.subject);
            super::commitments::note_pin(&prep.commitments, t, &mut reason);
            out.push(Assignment {
                kind: MoveKind::Rotation,
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
