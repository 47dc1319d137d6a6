//! What-if data for the model, derived from [`crate::scenario::Commitments`]: pinned teachers
//! (locks and decisions kept from a previous plan) as singleton groups with lower bounds on
//! their pick and arc, teachers locked to stay left out of every group, schools that receive
//! nobody, lower bounds on kept hire placements, and hiring budgets whose subject mix the model
//! chooses (one hire option per allowed subject, their sum fixed to the budget).

use super::network::{Group, HireOption, Part, Pick, Pool, Route};
use crate::domain::County;
use crate::problem::Problem;
use crate::rules::staffing;
use crate::rules::TeacherStatus;
use crate::scenario::LockKind;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Why a teacher is pinned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinSource {
    Lock,
    Kept,
    /// Placed at a wish in the pure preference mode (`plan::wishes_first`).
    Wish,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pin {
    pub teacher: usize,
    pub to: usize,
    pub subject: String,
    pub source: PinSource,
}

/// A hiring budget: the hire options that share it and its total.
#[derive(Debug, Clone)]
pub struct Budget {
    pub options: Vec<usize>,
    pub total: u32,
}

#[derive(Debug, Clone, Default)]
pub struct CommitmentsPrep {
    /// Sorted by teacher, stably (a teacher's earlier pin first): `pin_of` searches them so.
    /// Private so that nothing else can add one out of order: add pins with `add_pins`, read
    /// them with `pins`.
    pins: Vec<Pin>,
    /// Teachers locked to stay.
    pub stays: BTreeSet<usize>,
    /// Schools that receive nobody (locks, closed schools).
    pub closed: BTreeSet<usize>,
    /// Lower bounds: (pick, n), (arc, n), (hire option, school position, n).
    pub pick_min: Vec<(usize, u32)>,
    pub arc_min: Vec<(usize, u32)>,
    pub hire_min: Vec<(usize, usize, u32)>,
    pub budgets: Vec<Budget>,
    /// The base plan's decisions (`plan --base`), by index: a tie-break after the last goal.
    pub base: Option<BasePrep>,
}

/// A base plan by index (`plan --base`): where each teacher went, and the hires per (school,
/// subject, programme).
#[derive(Debug, Clone, Default)]
pub struct BasePrep {
    /// Per teacher: (receiving school, subject, exchange), `None` for one who stayed.
    pub moves: Vec<Option<(usize, String, bool)>>,
    pub hires: BTreeMap<(usize, String, crate::domain::Programme), u32>,
}

impl CommitmentsPrep {
    /// Pins, stays and closed schools, resolved to indices. Locks were checked on loading;
    /// kept decisions by `whatif::replan`.
    pub fn new(loaded: &Problem, statuses: &[TeacherStatus]) -> CommitmentsPrep {
        let county = &loaded.county;
        let w = &loaded.commitments;
        let school_ix = index(county.schools.iter().map(|s| s.id.as_str()));
        let teacher_ix = index(county.teachers.iter().map(|t| t.id.as_str()));
        let mut out = CommitmentsPrep::default();
        for l in &w.locks {
            let t = l
                .teacher_id
                .as_deref()
                .and_then(|t| teacher_ix.get(t))
                .copied();
            let s = l
                .school_id
                .as_deref()
                .and_then(|s| school_ix.get(s))
                .copied();
            match (l.kind, t, s) {
                (LockKind::Stays, Some(t), _) => {
                    out.stays.insert(t);
                }
                (LockKind::ReceivesNobody, _, Some(s)) => {
                    out.closed.insert(s);
                }
                (LockKind::GoesTo, Some(t), Some(s)) if statuses[t].eligible => {
                    out.pins.push(Pin {
                        teacher: t,
                        to: s,
                        subject: l
                            .subject
                            .clone()
                            .unwrap_or_else(|| county.teachers[t].subject.clone()),
                        source: PinSource::Lock,
                    })
                }
                _ => {}
            }
        }
        for c in &w.closed {
            if let Some(&s) = school_ix.get(c.as_str()) {
                out.closed.insert(s);
            }
        }
        let pinned: BTreeSet<usize> = out.pins.iter().map(|p| p.teacher).collect();
        for crate::scenario::KeptMove {
            teacher_id: tid,
            school_id: sid,
            subject,
        } in &w.keep.assignments
        {
            let (Some(&t), Some(&s)) = (teacher_ix.get(tid.as_str()), school_ix.get(sid.as_str()))
            else {
                continue;
            };
            // a kept exchange: the teacher may go on exchange and the school takes them
            let exchange = staffing::takes_exchange(&county.schools[s], &loaded.scenario)
                && staffing::may_exchange(
                    &county.teachers[t],
                    &county.schools[school_ix[county.teachers[t].school_id.as_str()]],
                    &statuses[t],
                    &loaded.scenario,
                );
            if (statuses[t].eligible || exchange) && !pinned.contains(&t) && !out.stays.contains(&t)
            {
                out.pins.push(Pin {
                    teacher: t,
                    to: s,
                    subject: subject.clone(),
                    source: PinSource::Kept,
                });
            }
        }
        out.pins.sort_by_key(|p| p.teacher);
        out.base = w.base.as_ref().map(|b| {
            let mut moves = vec![None; county.teachers.len()];
            for m in &b.moves {
                if let (Some(&t), Some(&s)) = (
                    teacher_ix.get(m.teacher_id.as_str()),
                    school_ix.get(m.school_id.as_str()),
                ) {
                    moves[t] = Some((s, m.subject.clone(), m.exchange));
                }
            }
            let mut hires = BTreeMap::new();
            for h in &b.hires {
                if let Some(&s) = school_ix.get(h.school_id.as_str()) {
                    *hires
                        .entry((s, h.subject.clone(), h.programme))
                        .or_insert(0) += h.count;
                }
            }
            BasePrep { moves, hires }
        });
        out
    }

    /// Whether the teacher is decided outside the groups (pinned or staying).
    pub fn fixed(&self, teacher: usize) -> bool {
        self.stays.contains(&teacher) || self.pin_of(teacher).is_some()
    }

    /// Adds pins (the wishes-first stage's) and keeps the list sorted by teacher, as
    /// `pin_of` needs. The sort is stable: a teacher's earlier pin stays first.
    pub fn add_pins(&mut self, pins: impl IntoIterator<Item = Pin>) {
        self.pins.extend(pins);
        self.pins.sort_by_key(|p| p.teacher);
    }

    /// Where the teacher went in the base plan (`plan --base`): (school, subject, exchange).
    pub fn base_move(&self, teacher: usize) -> Option<&(usize, String, bool)> {
        self.base.as_ref().and_then(|b| b.moves[teacher].as_ref())
    }

    /// The pins, sorted by teacher (each teacher's in the order they were added).
    pub fn pins(&self) -> &[Pin] {
        &self.pins
    }

    /// The teacher's first pin. The pins are sorted by teacher (stably, where they are made and
    /// in `add_pins`), so this is a binary search: a replan that keeps thousands of decisions
    /// asks it for every teacher.
    pub fn pin_of(&self, teacher: usize) -> Option<&Pin> {
        let i = self.pins.partition_point(|p| p.teacher < teacher);
        self.pins.get(i).filter(|p| p.teacher == teacher)
    }

    /// One singleton group per pin, teaching only the pinned subject.
    pub fn pin_groups(
        &self,
        county: &County,
        statuses: &[TeacherStatus],
        teacher_school: &[usize],
        not_due_penalty: f64,
        exchange_to: &[bool],
    ) -> Vec<Group> {
        self.pins
            .iter()
            .map(|p| {
                let t = &county.teachers[p.teacher];
                let st = &statuses[p.teacher];
                // a kept exchange (to a school that takes exchanges) stays an exchange
                let exchange = exchange_to[p.to];
                let part = if exchange {
                    Part::new(false, true, 0.0, vec![p.teacher])
                } else {
                    Part::new(
                        t.backbone.is_backbone(),
                        st.due,
                        not_due_penalty,
                        vec![p.teacher],
                    )
                };
                Group {
                    school: teacher_school[p.teacher],
                    main_subject: t.subject.clone(),
                    subjects: vec![p.subject.clone()],
                    must_serve: st.must_serve.is_some() && !exchange,
                    exchange,
                    members: vec![p.teacher],
                    parts: vec![part],
                    applicant: None,
                }
            })
            .collect()
    }

    /// Lower bounds on the pins' picks and arcs, once picks and arcs exist.
    pub fn bind_pins(&mut self, groups: &[Group], picks: &[Pick], pools: &[Pool], arcs: &[Route]) {
        self.arc_min.clear();
        if self.pins.is_empty() {
            return;
        }
        // the picks of pinned teachers, with the (pool, school) arc each is pinned to; the
        // arcs are then looked up in one pass over them (a county has far more arcs than pins)
        let mut wanted: Vec<(usize, (usize, usize))> = Vec::new();
        for (p, pick) in picks.iter().enumerate() {
            let g = &groups[pick.group];
            let Some(pin) = (g.members.len() == 1)
                .then(|| self.pin_of(g.members[0]))
                .flatten()
            else {
                continue;
            };
            if pools[pick.pool].subject != pin.subject {
                continue;
            }
            wanted.push((p, (pick.pool, pin.to)));
        }
        let mut arc_ix: HashMap<(usize, usize), usize> =
            (wanted.iter()).map(|&(_, key)| (key, usize::MAX)).collect();
        for (a, arc) in arcs.iter().enumerate() {
            // (the last such arc, as the lookup always took)
            if let Some(slot) = arc_ix.get_mut(&(arc.pool(), arc.to())) {
                *slot = a;
            }
        }
        let mut arc_min: BTreeMap<usize, u32> = BTreeMap::new();
        for (p, key) in wanted {
            let a = arc_ix[&key];
            if a != usize::MAX {
                self.pick_min.push((p, 1));
                *arc_min.entry(a).or_default() += 1;
            }
        }
        self.arc_min = arc_min.into_iter().collect();
    }

    /// Adds the budget's hire options and the lower bounds of kept hire placements.
    pub fn bind_hires(
        &mut self,
        loaded: &Problem,
        hires: &mut Vec<HireOption>,
        template: impl Fn(
            crate::domain::Programme,
            Option<&[crate::domain::Area]>,
            &str,
        ) -> Vec<(usize, f64)>,
    ) {
        let county = &loaded.county;
        if let Some(b) = &loaded.commitments.budget {
            let mut options = Vec::new();
            for subject in &b.subjects {
                options.push(hires.len());
                hires.push(HireOption {
                    batch: county.hires.len(),
                    subject: subject.clone(),
                    programme: b.programme,
                    count: b.total,
                    schools: template(b.programme, b.areas.as_deref(), subject),
                    open: Vec::new(),
                });
            }
            self.budgets.push(Budget {
                options,
                total: b.total,
            });
        }
        // Kept placements: fill fixed batches first, then the budget, never beyond a count.
        let school_ix = index(county.schools.iter().map(|s| s.id.as_str()));
        let mut room: Vec<u32> = hires.iter().map(|o| o.count).collect();
        let mut budget_room: Vec<u32> = self.budgets.iter().map(|b| b.total).collect();
        let mut mins: BTreeMap<(usize, usize), u32> = BTreeMap::new();
        for crate::scenario::KeptHires {
            school_id: sid,
            subject,
            programme,
            count,
        } in &loaded.commitments.keep.hires
        {
            let Some(&s) = school_ix.get(sid.as_str()) else {
                continue;
            };
            let mut left = *count;
            for (o, opt) in hires.iter().enumerate() {
                if left == 0 {
                    break;
                }
                if &opt.subject != subject || opt.programme != *programme {
                    continue;
                }
                let Some(k) = opt.schools.iter().position(|&(x, _)| x == s) else {
                    continue;
                };
                let shared = self.budgets.iter().position(|b| b.options.contains(&o));
                let cap = match shared {
                    Some(b) => budget_room[b],
                    None => room[o],
                };
                let n = left.min(cap);
                if n == 0 {
                    continue;
                }
                match shared {
                    Some(b) => budget_room[b] -= n,
                    None => room[o] -= n,
                }
                *mins.entry((o, k)).or_default() += n;
                left -= n;
            }
        }
        self.hire_min = mins.into_iter().map(|((o, k), n)| (o, k, n)).collect();
    }

    /// Whether a hire option belongs to a budget (its count is then an upper bound).
    pub fn in_budget(&self, option: usize) -> bool {
        self.budgets.iter().any(|b| b.options.contains(&option))
    }
}

fn index<'a>(ids: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
    ids.enumerate().map(|(i, s)| (s, i)).collect()
}

/// Pairs a pool's leaving teachers with its destinations: pinned teachers take their pinned
/// school first, then teachers of a base plan (`plan --base`) the school they went to there,
/// the others the remaining destinations in order.
pub fn pair_pool(
    wi: &CommitmentsPrep,
    leaving: &[usize],
    mut going: Vec<usize>,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut free = Vec::new();
    for &t in leaving {
        match wi
            .pin_of(t)
            .and_then(|p| going.iter().position(|&g| g == p.to))
        {
            Some(i) => out.push((t, going.remove(i))),
            None => free.push(t),
        }
    }
    let mut rest = Vec::new();
    for t in free {
        match wi
            .base_move(t)
            .and_then(|m| going.iter().position(|&g| g == m.0))
        {
            Some(i) => out.push((t, going.remove(i))),
            None => rest.push(t),
        }
    }
    out.extend(rest.into_iter().zip(going));
    out
}

/// Prefixes a pinned teacher's reason with `lock` or `kept`.
pub fn note_pin(wi: &CommitmentsPrep, teacher: usize, reason: &mut String) {
    if let Some(p) = wi.pin_of(teacher) {
        let tag = match p.source {
            PinSource::Lock => "lock",
            PinSource::Kept => "kept",
            PinSource::Wish => "wish",
        };
        *reason = format!("{tag}; {reason}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pin(teacher: usize, to: usize, source: PinSource) -> Pin {
        Pin {
            teacher,
            to,
            subject: "math".into(),
            source,
        }
    }

    /// `pin_of` is a binary search over pins sorted by teacher; it must answer as a scan from
    /// the front would: a teacher's first pin, none for a teacher without one.
    #[test]
    fn pin_of_finds_a_teachers_first_pin() {
        let mut c = CommitmentsPrep {
            pins: vec![pin(3, 10, PinSource::Lock), pin(7, 11, PinSource::Kept)],
            ..Default::default()
        };
        // added later, out of order, one of them a second pin of teacher 3
        c.add_pins([
            pin(9, 12, PinSource::Wish),
            pin(3, 13, PinSource::Wish),
            pin(0, 14, PinSource::Wish),
        ]);
        for t in 0..12 {
            let scan = c.pins.iter().find(|p| p.teacher == t);
            assert_eq!(c.pin_of(t), scan, "teacher {t}");
            assert_eq!(c.fixed(t), scan.is_some(), "teacher {t}");
        }
        assert_eq!(
            c.pin_of(3).map(|p| p.to),
            Some(10),
            "the first pin of teacher 3 stays first"
        );
        assert_eq!(c.pin_of(0).map(|p| p.to), Some(14));
        assert!(c.pin_of(5).is_none() && c.pin_of(10).is_none());
    }

    /// Many pins of a few teachers, added in one go: each teacher's first pin in the order
    /// given stays the one found (a sort that is not stable could put another first).
    #[test]
    fn add_pins_keeps_each_teachers_first_pin_first() {
        let mut c = CommitmentsPrep::default();
        let given: Vec<Pin> = (0..200)
            .map(|i| pin((i * 7) % 5, 1000 + i, PinSource::Wish))
            .collect();
        c.add_pins(given.clone());
        for t in 0..5 {
            let first = given.iter().find(|p| p.teacher == t);
            assert_eq!(c.pin_of(t), first, "teacher {t}");
            let order: Vec<usize> = c
                .pins
                .iter()
                .filter(|p| p.teacher == t)
                .map(|p| p.to)
                .collect();
            let want: Vec<usize> = given
                .iter()
                .filter(|p| p.teacher == t)
                .map(|p| p.to)
                .collect();
            assert_eq!(order, want, "teacher {t}'s pins keep their order");
        }
    }
}
