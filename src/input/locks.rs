//! The locks file: decisions pinned by the bureau (a teacher goes to a school, a teacher stays,
//! a school receives nobody). Read like every data file (CSV/XLSX, Chinese headers), then
//! checked against the hard rules, so that a lock the plan cannot keep is reported before
//! planning, at its line, with what to change.

use super::cells::Cells;
use super::columns::{self, LOCKS};
use super::lock_text::{ineligible_text, lines, lines_zh, lock_err};
use super::table::{self, Origin};
use super::Ctx;
use crate::diag::Diagnostic;
use crate::domain::County;
use crate::rules::{self, moves};
use crate::scenario::{DataFile, Lock, LockKind, Scenario};
use std::collections::BTreeMap;

const KINDS: &str = "goes_to, stays, receives_nobody (派往, 留任, 不接收)";

/// Reads one locks file; rows with problems are reported and left out. A file given on the
/// command line (`origin`) has its file-level problems reported at the file itself, not at a
/// line of the scenario.
pub(crate) fn read(
    ctx: &Ctx,
    spec: &DataFile,
    origin: Origin,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Lock> {
    let Some(mut table) = table::open_from(ctx, "locks", spec, LOCKS, origin, diags) else {
        return Vec::new();
    };
    let Some(cols) = columns::resolve(ctx, "locks", &mut table, LOCKS, spec.columns(), diags)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &table.rows {
        let mut c = Cells::new(&table, row, &cols, diags);
        let Some(kind) = c.required_choice("kind", "E-LOCK-KIND", LockKind::parse, KINDS) else {
            continue;
        };
        let teacher = c.get("teacher_id").map(str::to_string);
        let school = c.get("school_id").map(str::to_string);
        let subject = match c.get("subject") {
            Some(t) => match c.subject_text("subject", t, ctx.scenario) {
                Some(s) => Some(s),
                None => continue,
            },
            None => None,
        };
        let needs: &[(&str, bool)] = match kind {
            LockKind::GoesTo => &[
                ("teacher_id", teacher.is_some()),
                ("school_id", school.is_some()),
            ],
            LockKind::Stays => &[("teacher_id", teacher.is_some())],
            LockKind::ReceivesNobody => &[("school_id", school.is_some())],
        };
        let mut ok = true;
        for (field, present) in needs {
            if !present {
                let h = c.heading(field);
                c.error(
                    "E-VALUE-EMPTY",
                    field,
                    (
                        format!("a {} lock needs {field}", kind.key()),
                        format!("fill in {field}"),
                    ),
                    (
                        format!("“{}”（{}）锁定须填写“{h}”", kind.zh(), kind.key()),
                        format!("请填写“{h}”"),
                    ),
                );
                ok = false;
            }
        }
        if ok {
            out.push(Lock {
                kind,
                teacher_id: teacher,
                school_id: school,
                subject,
                file: table.file.clone(),
                source_line: row.line,
                source_columns: ["kind", "teacher_id", "school_id", "subject"]
                    .iter()
                    .filter_map(|f| Some((f.to_string(), c.column(f)?)))
                    .collect(),
            });
        }
    }
    out
}

/// Checks the locks against the roster, the schools and the hard rules of docs/plan-format.md.
pub(crate) fn check(
    locks: &[Lock],
    closed: &[String],
    scenario: &Scenario,
    county: &County,
    diags: &mut Vec<Diagnostic>,
) {
    if locks.is_empty() {
        // every check below is of a lock (closed schools only matter to locks)
        return;
    }
    let checker = LockCheck::new(locks, closed, scenario, county);
    let mut first: BTreeMap<&str, &Lock> = BTreeMap::new();
    // Arrivals per (school, subject), per school needing a bed, departures per school.
    let mut arrivals: BTreeMap<(usize, String), Vec<&Lock>> = BTreeMap::new();
    let mut beds: BTreeMap<usize, Vec<&Lock>> = BTreeMap::new();
    let mut sent: BTreeMap<usize, Vec<&Lock>> = BTreeMap::new();
    for l in locks {
        let Some(m) = checker.check_one(l, &mut first, diags) else {
            continue;
        };
        arrivals.entry((m.to, m.subject)).or_default().push(l);
        if m.far {
            beds.entry(m.to).or_default().push(l);
        }
        sent.entry(m.from).or_default().push(l);
    }
    checker.check_posts(&arrivals, diags);
    checker.check_beds(&beds, diags);
    checker.check_sends(&sent, diags);
}

/// What the checks of [`check`] share: the county indexed by id, and the schools that
/// receive nobody.
struct LockCheck<'a> {
    scenario: &'a Scenario,
    county: &'a County,
    school_ix: BTreeMap<&'a str, usize>,
    teacher_ix: BTreeMap<&'a str, usize>,
    /// Schools closed or locked to receive nobody.
    nobody: Vec<&'a str>,
}

/// A lock that moves a teacher and passed the checks of one lock.
struct LockedMove {
    from: usize,
    to: usize,
    subject: String,
    /// Beyond commute_km (or unknown distance): needs a housing bed.
    far: bool,
}

impl<'a> LockCheck<'a> {
    fn new(
        locks: &'a [Lock],
        closed: &'a [String],
        scenario: &'a Scenario,
        county: &'a County,
    ) -> Self {
        let school_ix: BTreeMap<&str, usize> = county
            .schools
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let teacher_ix: BTreeMap<&str, usize> = county
            .teachers
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect();
        let nobody: Vec<&str> = locks
            .iter()
            .filter(|l| l.kind == LockKind::ReceivesNobody)
            .filter_map(|l| l.school_id.as_deref())
            .chain(closed.iter().map(String::as_str))
            .collect();
        LockCheck {
            scenario,
            county,
            school_ix,
            teacher_ix,
            nobody,
        }
    }

    /// Checks one lock on its own: its references, that its teacher is locked once, and for a
    /// `goes_to` lock the rules of the teacher, the school and the subject. Returns the move
    /// of a `goes_to` lock that passed, for the checks of all locks together.
    fn check_one(
        &self,
        l: &'a Lock,
        first: &mut BTreeMap<&'a str, &'a Lock>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<LockedMove> {
        if let Some(s) = &l.school_id {
            if !self.school_ix.contains_key(s.as_str()) {
                lock_err(
                    diags,
                    l,
                    "E-LOCK-REF",
                    "school_id",
                    (
                        format!("school \"{s}\" is not in the schools file"),
                        "use a school_id of the schools file",
                    ),
                    (
                        format!("学校“{s}”不在学校名单中"),
                        "请填写学校名单中的学校代码",
                    ),
                );
                return None;
            }
        }
        let tid = l.teacher_id.as_deref()?;
        if l.kind == LockKind::ReceivesNobody {
            return None;
        }
        let Some(&ti) = self.teacher_ix.get(tid) else {
            lock_err(
                diags,
                l,
                "E-LOCK-REF",
                "teacher_id",
                (
                    format!("teacher \"{tid}\" is not in the roster"),
                    "use a teacher_id of the teachers file",
                ),
                (
                    format!("教师“{tid}”不在教师名册中"),
                    "请填写教师名册中的工号",
                ),
            );
            return None;
        };
        if let Some(prev) = first.insert(tid, l) {
            lock_err(
                diags,
                l,
                "E-LOCK-CONFLICT",
                "teacher_id",
                (
                    format!(
                        "teacher {tid} is locked twice (first on line {} of {})",
                        prev.source_line, prev.file
                    ),
                    "keep one lock per teacher",
                ),
                (
                    format!(
                        "教师 {tid} 被锁定了两次（第一次在 {} 第{}行）",
                        prev.file, prev.source_line
                    ),
                    "每名教师只保留一条锁定",
                ),
            );
            return None;
        }
        if l.kind == LockKind::Stays {
            // a teacher on a term from an earlier year is not at the own school to stay there
            if let Some(term) = &self.county.teachers[ti].on_term {
                lock_err(
                    diags,
                    l,
                    "E-LOCK-RULE",
                    "teacher_id",
                    (
                        format!(
                            "teacher {tid} is on a term at {} until {} (service ledger), not at the own school this year · 交流期未满",
                            self.county.teachers[ti].school_id, term.until
                        ),
                        "remove the lock: the teacher moves with no plan until the term ends",
                    ),
                    (
                        format!(
                            "教师 {tid} 正在 {} 交流，至 {} 期满（服务台账），本学年不在本校：交流期未满",
                            self.county.teachers[ti].school_id, term.until
                        ),
                        "请删除该锁定：交流期满前，该教师不随方案调动",
                    ),
                );
            }
            return None;
        }
        self.check_move(l, ti, diags)
    }

    /// Checks a `goes_to` lock of a known teacher against the rules of rotation.
    fn check_move(&self, l: &Lock, ti: usize, diags: &mut Vec<Diagnostic>) -> Option<LockedMove> {
        let (county, scenario) = (self.county, self.scenario);
        let tid = l.teacher_id.as_deref().unwrap_or_default();
        let t = &county.teachers[ti];
        let from = self.school_ix[t.school_id.as_str()];
        let st = rules::teacher_status(t, &county.schools[from], scenario);
        if let Some(why) = st.ineligible {
            let (why, why_zh) = ineligible_text(why, &t.school_id);
            lock_err(
                diags,
                l,
                "E-LOCK-RULE",
                "teacher_id",
                (
                    format!("teacher {tid} may not rotate: {why}"),
                    if t.on_term.is_some() {
                        "remove the lock, or correct the service ledger's row of the term"
                    } else {
                        "remove the lock, or correct the roster"
                    },
                ),
                (
                    format!("教师 {tid} 不能参加交流轮岗：{why_zh}"),
                    if t.on_term.is_some() {
                        "请删除该锁定，或改正服务台账中这次交流的行"
                    } else {
                        "请删除该锁定，或改正教师名册"
                    },
                ),
            );
            return None;
        }
        let sid = l.school_id.as_deref().unwrap_or_default();
        let to = self.school_ix[sid];
        if let Some((why, why_zh)) = self.why_not_receiving(sid, to, from) {
            lock_err(
                diags,
                l,
                "E-LOCK-RULE",
                "school_id",
                (
                    format!("school {sid} does not receive rotated teachers: it {why}"),
                    "choose a receiving school",
                ),
                (
                    format!("学校 {sid} 不接收交流轮岗教师：它{why_zh}"),
                    "请选择一所接收学校",
                ),
            );
            return None;
        }
        let subject = l.subject.clone().unwrap_or_else(|| t.subject.clone());
        if !moves::may_teach(t, &subject) {
            lock_err(
                diags,
                l,
                "E-LOCK-RULE",
                "subject",
                (
                    format!(
                        "teacher {tid} does not teach {subject} (main subject {})",
                        t.subject
                    ),
                    "choose the teacher's main or an extra subject",
                ),
                (
                    format!("教师 {tid} 不教 {subject}（主教学科为 {}）", t.subject),
                    "请选择该教师的主教学科或兼教学科",
                ),
            );
            return None;
        }
        let far =
            moves::needs_bed_between(&county.schools[from], &county.schools[to], &scenario.policy);
        Some(LockedMove {
            from,
            to,
            subject,
            far,
        })
    }

    /// Why school `sid` (index `to`) cannot receive a teacher of school `from`, if it cannot:
    /// in English and in Chinese.
    fn why_not_receiving(&self, sid: &str, to: usize, from: usize) -> Option<(String, String)> {
        let scenario = self.scenario;
        let dest = &self.county.schools[to];
        // The rule is rules::moves::may_receive; the branches only say which part fails.
        if to == from {
            Some((
                "is the teacher's own school".to_string(),
                "是该教师的本校".to_string(),
            ))
        } else if !moves::may_receive(dest, scenario) {
            Some(if rules::status::counts_as_rural_service(dest, scenario) {
                (
                    "is exempt this year (policy.exempt_schools or exempt_school)".to_string(),
                    "本年度免于交流（policy.exempt_schools 或 exempt_school）".to_string(),
                )
            } else {
                (
                    format!(
                        "is {} ({}) and does not count as rural service",
                        dest.area.key(),
                        dest.area.zh()
                    ),
                    format!(
                        "位于{}（{}），不计为乡村服务",
                        dest.area.zh(),
                        dest.area.key()
                    ),
                )
            })
        } else if self.nobody.contains(&sid) {
            Some((
                "is closed or locked to receive nobody".to_string(),
                "已撤并，或被锁定为不接收".to_string(),
            ))
        } else {
            None
        }
    }

    /// No more teachers locked to a (school, subject) than it has open posts.
    fn check_posts(
        &self,
        arrivals: &BTreeMap<(usize, String), Vec<&Lock>>,
        diags: &mut Vec<Diagnostic>,
    ) {
        // open posts as the planner counts them, and room under the headcount cap
        let open_posts = crate::rules::staffing::open_posts(self.county, self.scenario);
        let heads = crate::rules::staffing::headcounts(self.county);
        let mut per_school: BTreeMap<usize, Vec<&Lock>> = BTreeMap::new();
        for ((to, subject), ls) in arrivals {
            let sid = &self.county.schools[*to].id;
            let open = open_posts
                .get(&(*to, subject.clone()))
                .copied()
                .unwrap_or(0) as usize;
            if ls.len() > open {
                lock_err(
                    diags,
                    ls[0],
                    "E-LOCK-RULE",
                    "school_id",
                    (
                        format!("{} teachers are locked to teach {subject} at {sid} (lines {}), which has {open} open {subject} posts (the need its own teachers leave uncovered, rounded up) · 锁定人数超过空缺岗位", ls.len(), lines(ls)),
                        "lock fewer teachers there, or choose a school with an open post",
                    ),
                    (
                        format!("{} 名教师被锁定到 {sid} 教 {subject}（第 {} 行），但该校只有 {open} 个 {subject} 空缺岗位（本校教师未覆盖的需求，向上取整）：锁定人数超过空缺岗位", ls.len(), lines_zh(ls)),
                        "请减少锁定到该校的教师，或选择有空缺岗位的学校",
                    ),
                );
            }
            per_school
                .entry(*to)
                .or_default()
                .extend(ls.iter().copied());
        }
        for (to, ls) in per_school {
            let school = &self.county.schools[to];
            let est = crate::rules::staffing::establishment(school, self.scenario);
            let cap = crate::rules::staffing::headcount_cap(school, est, heads[to], self.scenario);
            let room = cap.saturating_sub(heads[to]) as usize;
            if ls.len() > room {
                let e = &self.scenario.establishment;
                lock_err(
                    diags,
                    ls[0],
                    "E-LOCK-RULE",
                    "school_id",
                    (
                        format!("{} teachers are locked to go to {} (lines {}), which may take {room} more (establishment {est}, {} teachers, allowance {}, {} pupils, pupil floor {}) · 锁定人数超过编制余量或生师比下限", ls.len(), school.id, lines(&ls), heads[to], e.allowance, school.students, e.pupil_floor),
                        "lock fewer teachers there, or raise establishment.allowance (or lower establishment.pupil_floor)",
                    ),
                    (
                        format!("{} 名教师被锁定派往 {}（第 {} 行），但该校最多还能接收 {room} 人（编制 {est}，现有教师 {} 人，允许超编 {}，学生 {} 人，生师比下限 {}）：锁定人数超过编制余量或生师比下限", ls.len(), school.id, lines_zh(&ls), heads[to], e.allowance, school.students, e.pupil_floor),
                        "请减少锁定到该校的教师，或调高 establishment.allowance（或调低 establishment.pupil_floor）",
                    ),
                );
            }
        }
    }

    /// No more far-away teachers locked to a school than it has housing beds.
    fn check_beds(&self, beds: &BTreeMap<usize, Vec<&Lock>>, diags: &mut Vec<Diagnostic>) {
        let county = self.county;
        for (to, ls) in beds {
            if let Some(b) = county.schools[*to].housing_beds {
                if ls.len() > b as usize {
                    let (km, sid) = (self.scenario.policy.commute_km, &county.schools[*to].id);
                    lock_err(
                        diags,
                        ls[0],
                        "E-LOCK-RULE",
                        "school_id",
                        (
                            format!("{} teachers from beyond {km} km are locked to {sid} (lines {}), which has {b} housing beds", ls.len(), lines(ls)),
                            "lock fewer far-away teachers there, or record more beds",
                        ),
                        (
                            format!("{} 名距离超过 {km} 公里的教师被锁定到 {sid}（第 {} 行），但该校只有 {b} 张周转宿舍床位", ls.len(), lines_zh(ls)),
                            "请减少锁定到该校的远距离教师，或登记更多周转宿舍床位",
                        ),
                    );
                }
            }
        }
    }

    /// No school locked to send more teachers than max_send_share allows.
    fn check_sends(&self, sent: &BTreeMap<usize, Vec<&Lock>>, diags: &mut Vec<Diagnostic>) {
        let county = self.county;
        let mut staff = vec![0usize; county.schools.len()];
        for t in &county.teachers {
            staff[self.school_ix[t.school_id.as_str()]] += 1;
        }
        for (from, ls) in sent {
            let cap = moves::release_cap(staff[*from], &self.scenario.policy) as usize;
            if ls.len() > cap {
                let sid = &county.schools[*from].id;
                lock_err(
                    diags,
                    ls[0],
                    "E-LOCK-RULE",
                    "teacher_id",
                    (
                        format!("{} teachers of {sid} are locked to rotate (lines {}); it may send at most {cap} (max_send_share)", ls.len(), lines(ls)),
                        "lock fewer teachers of that school, or raise max_send_share",
                    ),
                    (
                        format!("{sid} 有 {} 名教师被锁定参加交流轮岗（第 {} 行），但该校最多派出 {cap} 人（max_send_share）", ls.len(), lines_zh(ls)),
                        "请减少锁定该校的教师，或调高 max_send_share",
                    ),
                );
            }
        }
    }
}
