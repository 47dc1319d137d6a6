//! The checker's own reading of leader rotation (docs/leaders.md): leaders.csv's moves against
//! the roster and `[leaders]`, the principals and managers every school keeps, the due leaders
//! left in place and the weak schools left without a leader from a stronger school. It does not
//! call crate::rules::leaders; only the statutory retirement schedule is shared.

use super::files::{PlanRow, SUMMARY};
use super::read::{read_csv, required, Source};
use super::report::{Mismatch, RowRef, Violation};
use super::standing::Term;
use super::zh::{self, Said};
use crate::domain::{County, Post, School, Teacher};
use crate::problem::Problem;
use crate::rules::retirement::retirement_date;
use crate::scenario::Scenario;
use chrono::Months;
use std::collections::{BTreeMap, HashMap, HashSet};

pub(crate) const LEADERS: &str = "leaders.csv";

/// A leaders.csv row: the leader, the school of the post held, and the school of the new post
/// (empty: stays).
pub(crate) struct LeaderRow {
    pub line: usize,
    pub teacher_id: String,
    pub school_id: String,
    pub to_school_id: String,
}

/// A move the checker accepted as readable: it is applied to the county before the rest of
/// the plan is checked, so that coverage and headcount see the leader at the new school.
#[derive(Debug, Clone)]
pub(crate) struct Moved {
    pub teacher_id: String,
    pub from: String,
    pub to: String,
}

/// Whether the plan files include leaders.csv (it is written only for a roster with leaders).
fn present(src: Source) -> bool {
    match src {
        Source::Dir(dir) => dir.join(LEADERS).is_file(),
        Source::Rendered(files) => files.iter().any(|(n, _)| n == LEADERS),
    }
}

/// leaders.csv's rows; `None` when the plan has no leaders.csv.
pub(crate) fn read(src: Source, out: &mut Vec<Violation>) -> Option<Vec<LeaderRow>> {
    if !present(src) {
        return None;
    }
    let t = read_csv(src, LEADERS, out)?;
    if !t.require(&["teacher_id", "school_id", "to_school_id"], out) {
        return None;
    }
    let mut rows = Vec::new();
    for r in &t.rows {
        let id = r.get(t.col("teacher_id")).to_string();
        let Some([_, school]) = required(&t, r, ["teacher_id", "school_id"], &id, out) else {
            continue;
        };
        rows.push(LeaderRow {
            line: r.line,
            to_school_id: r.get(t.col("to_school_id")).to_string(),
            teacher_id: id,
            school_id: school,
        });
    }
    Some(rows)
}

/// Years in the current post at this school at the term start: from the later of
/// `post_since` and `school_since` (either alone when only one is given).
fn tenure(t: &Teacher, term: Option<Term>) -> Option<i64> {
    let since = match (t.post_since, t.school_since) {
        (Some(p), Some(s)) => p.max(s),
        (p, s) => p.or(s)?,
    };
    Some(super::exchange::whole_years(since, term?.start).max(0))
}

fn is_due(t: &Teacher, s: &Scenario, term: Option<Term>) -> bool {
    let l = &s.leaders;
    t.post.is_leader()
        && l.rotate.contains(&t.post)
        && why_not_movable(t, s, term).is_empty()
        && tenure(t, term).is_some_and(|y| y >= i64::from(l.term_years * l.due_after_terms))
}

/// Why a leader may not be moved this year (empty: may be).
fn why_not_movable(t: &Teacher, s: &Scenario, term: Option<Term>) -> Vec<Said> {
    let l = &s.leaders;
    let mut why = Vec::new();
    if !t.post.is_leader() {
        why.push(Said::new(
            "is not a leader in the roster (post) · 花名册中不是干部",
            "在花名册中不是干部（post）",
        ));
        return why;
    }
    if !l.rotate.contains(&t.post) {
        why.push(Said::new(
            format!(
                "is a {} ({}), a post that does not rotate (leaders.rotate) · 该职务不参加轮岗",
                t.post.key(),
                t.post.zh()
            ),
            format!("职务为{}，该职务不参加轮岗（leaders.rotate）", t.post.zh()),
        ));
    }
    if t.on_term.is_some() {
        why.push(Said::new(
            "is on a term from an earlier year · 交流期未满",
            "往年开始的交流期未满",
        ));
    }
    if t.deferral.is_some() {
        why.push(Said::new(
            "is deferred in the roster · 暂缓交流",
            "花名册登记暂缓交流",
        ));
    }
    if s.policy.exempt_schools.iter().any(|e| e == t.home_school()) {
        why.push(Said::new(
            "is at a school exempt this year (policy.exempt_schools) · 学校本年度免于交流",
            "所在学校本年度免于交流（policy.exempt_schools）",
        ));
    }
    if let Some(term) = term {
        let retires = retirement_date(t.birth_date, t.gender, &s.policy);
        let limit =
            (term.start).checked_add_months(Months::new(l.retire_within_years.saturating_mul(12)));
        if limit.is_none_or(|d| retires < d) {
            why.push(Said::new(
                format!(
                    "retires on {retires}, within leaders.retire_within_years = {} · 临近退休",
                    l.retire_within_years
                ),
                format!(
                    "将于 {retires} 退休，在 leaders.retire_within_years = {} 年以内，临近退休",
                    l.retire_within_years
                ),
            ));
        }
    }
    match tenure(t, term) {
        None => why.push(Said::new(
            "has neither post_since nor school_since in the roster · 缺任现职时间",
            "花名册中既无 post_since 也无 school_since，缺任现职时间",
        )),
        // (a due leader may always be moved, whatever min_years says)
        Some(y) if y < i64::from(l.min_years.min(l.term_years * l.due_after_terms)) => {
            why.push(Said::new(
                format!(
                    "has {y} years in the post, fewer than leaders.min_years = {} · 任职年限不足",
                    l.min_years
                ),
                format!(
                    "任现职 {y} 年，少于 leaders.min_years = {} 年，任职年限不足",
                    l.min_years
                ),
            ))
        }
        Some(_) => {}
    }
    why
}

/// The quality score of a school under the scenario (docs/leaders.md).
fn quality(school: &School, s: &Scenario) -> f64 {
    let l = &s.leaders;
    match school.quality {
        Some(q) => q,
        None if school.weak => l.weak_quality,
        None => l.quality_by_area.get(&school.area).copied().unwrap_or(0.0),
    }
}

/// Checks leaders.csv's rows against the roster and the scenario; gives the moves to apply.
pub(crate) fn check_rows(
    problem: &Problem,
    rows: Option<&[LeaderRow]>,
    plan: Option<&[PlanRow]>,
    out: &mut Vec<Violation>,
) -> Vec<Moved> {
    let (s, county) = (&problem.scenario, &problem.county);
    let roster = s.data.teachers.path();
    let term = Term::of(s);
    let teachers: HashMap<&str, &Teacher> =
        county.teachers.iter().map(|t| (t.id.as_str(), t)).collect();
    let schools: HashMap<&str, &School> =
        county.schools.iter().map(|x| (x.id.as_str(), x)).collect();
    let in_plan: HashSet<&str> = plan
        .unwrap_or(&[])
        .iter()
        .map(|r| r.teacher_id.as_str())
        .collect();
    let mut seen = HashSet::new();
    let mut moves = Vec::new();
    for r in rows.unwrap_or(&[]) {
        let at = |extra: Option<&Teacher>| {
            let mut v = vec![RowRef::new(LEADERS, Some(r.line), &r.teacher_id)];
            if let Some(t) = extra {
                v.push(RowRef::new(roster, Some(t.source_line), &t.id));
            }
            v
        };
        let bad = |en: String, zh: String| Violation::new("C-LEADER-MOVE", en, at(None)).zh(zh);
        let Some(t) = teachers.get(r.teacher_id.as_str()).copied() else {
            out.push(bad(
                format!("leader {} is not in the roster", r.teacher_id),
                format!("干部 {} 不在花名册中", r.teacher_id),
            ));
            continue;
        };
        if !seen.insert(r.teacher_id.as_str()) {
            out.push(bad(
                format!("leader {} is listed twice", r.teacher_id),
                format!("干部 {} 被重复列出", r.teacher_id),
            ));
            continue;
        }
        if !t.post.is_leader() {
            out.push(bad(
                format!(
                    "{} is not a leader in the roster (post) · 花名册中不是干部",
                    t.id
                ),
                format!("{} 在花名册中不是干部（post）", t.id),
            ));
            continue;
        }
        if r.school_id != t.home_school() {
            out.push(bad(
                format!(
                    "leader {}'s school_id is {}, but the roster has {} · 原学校与花名册不符",
                    t.id,
                    r.school_id,
                    t.home_school()
                ),
                format!(
                    "干部 {} 的 school_id 为 {}，但花名册中为 {}，原学校与花名册不符",
                    t.id,
                    r.school_id,
                    t.home_school()
                ),
            ));
            continue;
        }
        if r.to_school_id.is_empty() {
            continue; // stays
        }
        if !schools.contains_key(r.to_school_id.as_str()) {
            out.push(bad(
                format!(
                    "leader {} goes to {}, which is not in the schools file",
                    t.id, r.to_school_id
                ),
                format!(
                    "干部 {} 调往 {}，但该校不在学校名单中",
                    t.id, r.to_school_id
                ),
            ));
            continue;
        }
        if r.to_school_id == t.school_id {
            out.push(bad(
                format!(
                    "leader {} goes to their own school {} (leave to_school_id empty for a leader who stays)",
                    t.id, r.to_school_id
                ),
                format!(
                    "干部 {} 调往本校 {}（留任的干部 to_school_id 应留空）",
                    t.id, r.to_school_id
                ),
            ));
            continue;
        }
        let (from, to) = (
            schools.get(t.school_id.as_str()),
            schools.get(r.to_school_id.as_str()),
        );
        if let (Some(a), Some(b), true) = (from, to, s.leaders.same_stage) {
            use crate::domain::Stage::NineYear;
            if a.stage != b.stage && a.stage != NineYear && b.stage != NineYear {
                out.push(bad(
                    format!(
                        "leader {} moves from a {} school ({}) to a {} school ({}); \
                         leaders.same_stage keeps leaders within one stage · 干部交流限于同一学段",
                        t.id,
                        a.stage.key(),
                        a.id,
                        b.stage.key(),
                        b.id
                    ),
                    format!(
                        "干部 {} 从{}学校（{}）调往{}学校（{}）；leaders.same_stage 规定干部交流限于同一学段",
                        t.id,
                        a.stage.zh(),
                        a.id,
                        b.stage.zh(),
                        b.id
                    ),
                ));
            }
        }
        if in_plan.contains(t.id.as_str()) {
            out.push(bad(
                format!(
                    "leader {} is moved in leaders.csv and in plan.csv · 干部不得同时作为教师交流",
                    t.id
                ),
                format!(
                    "干部 {} 同时出现在 leaders.csv 和 plan.csv 中，干部不得同时作为教师交流",
                    t.id
                ),
            ));
        }
        let why = why_not_movable(t, s, term);
        if !why.is_empty() {
            let why = zh::join(&why);
            out.push(
                Violation::new(
                    "C-LEADER-TENURE",
                    format!("leader {} may not be moved this year: {}", t.id, why.en),
                    at(Some(t)),
                )
                .zh(format!("干部 {} 本年度不能交流：{}", t.id, why.zh)),
            );
        }
        moves.push(Moved {
            teacher_id: t.id.clone(),
            from: t.school_id.clone(),
            to: r.to_school_id.clone(),
        });
    }
    posts_kept(problem, &moves, out);
    moves
}

/// Every school that must have a principal has exactly one after the moves (none only when it
/// had none before); no school has more than one; managers do not fall below the minimum.
fn posts_kept(problem: &Problem, moves: &[Moved], out: &mut Vec<Violation>) {
    let (s, county) = (&problem.scenario, &problem.county);
    let to: HashMap<&str, &str> = moves
        .iter()
        .map(|m| (m.teacher_id.as_str(), m.to.as_str()))
        .collect();
    // (principals, managers) per school, before and after
    let mut count: BTreeMap<&str, [(u32, u32); 2]> = BTreeMap::new();
    for t in &county.teachers {
        let managers = matches!(t.post, Post::VicePrincipal | Post::MiddleManager);
        let principal = t.post == Post::Principal;
        // (a leader on a term from an earlier year holds the post at home)
        let home = t.home_school();
        let after = to.get(t.id.as_str()).copied().unwrap_or(home);
        for (k, school) in [(0, home), (1, after)] {
            let c = &mut count.entry(school).or_default()[k];
            c.0 += u32::from(principal);
            c.1 += u32::from(managers);
        }
    }
    for school in &county.schools {
        let [before, after] = count.get(school.id.as_str()).copied().unwrap_or_default();
        let must = s.leaders.principal_areas.contains(&school.area);
        let wrong = after.0 > 1 || (must && after.0 == 0 && before.0 > 0);
        if wrong {
            out.push(
                Violation::new(
                    "C-LEADER-PRINCIPAL",
                    format!(
                    "school {} has {} principals after the plan ({} before); every school keeps \
                     exactly one · 每所学校须有且仅有一名校长",
                    school.id, after.0, before.0
                ),
                    vec![RowRef::new(LEADERS, None, &school.id)],
                )
                .zh(format!(
                    "学校 {} 方案执行后有 {} 名校长（之前 {} 名）；每所学校须有且仅有一名校长",
                    school.id, after.0, before.0
                )),
            );
        }
        let floor = s.leaders.min_managers.min(before.1);
        if after.1 < floor {
            out.push(Violation::new(
                "C-LEADER-MANAGERS",
                format!(
                    "school {} keeps {} vice principals and middle managers ({} before); \
                     leaders.min_managers asks for {floor} · 中层以上干部少于最低数",
                    school.id, after.1, before.1
                ),
                vec![RowRef::new(LEADERS, None, &school.id)],
            ).zh(format!(
                "学校 {} 保留副校长和中层干部 {} 名（之前 {} 名），少于 leaders.min_managers 要求的 {floor} 名",
                school.id, after.1, before.1
            )));
        }
    }
}

/// The county with the moved leaders at their new schools.
pub(crate) fn placed(county: &County, moves: &[Moved]) -> County {
    let mut c = county.clone();
    let to: HashMap<&str, &str> = moves
        .iter()
        .map(|m| (m.teacher_id.as_str(), m.to.as_str()))
        .collect();
    for t in &mut c.teachers {
        if let Some(dest) = to.get(t.id.as_str()) {
            t.school_id = dest.to_string();
        }
    }
    c
}

/// The leader goals: due leaders moved, weak schools' due leaders replaced from stronger
/// schools; with the figures summary.json states. `county` is the roster's (before the moves).
pub(crate) fn check_goals(
    problem: &Problem,
    moves: &[Moved],
    summary: Option<&serde_json::Map<String, serde_json::Value>>,
    violations: &mut Vec<Violation>,
    mismatches: &mut Vec<Mismatch>,
) {
    let (s, county) = (&problem.scenario, &problem.county);
    let term = Term::of(s);
    let roster = s.data.teachers.path();
    let schools: HashMap<&str, &School> =
        county.schools.iter().map(|x| (x.id.as_str(), x)).collect();
    let moved: HashMap<&str, &Moved> = moves.iter().map(|m| (m.teacher_id.as_str(), m)).collect();
    let posts: HashMap<&str, Post> = county
        .teachers
        .iter()
        .map(|t| (t.id.as_str(), t.post))
        .collect();
    let (mut due, mut due_staying) = (0usize, 0usize);
    let mut weak: BTreeMap<(&str, Post), (u32, u32)> = BTreeMap::new();
    for t in county.teachers.iter().filter(|t| is_due(t, s, term)) {
        due += 1;
        if !moved.contains_key(t.id.as_str()) {
            due_staying += 1;
            violations.push(Violation::new(
                "C-LEADER-DUE",
                format!(
                    "leader {} ({}) is due to rotate (leaders.term_years × due_after_terms) but \
                     stays · 任职期满未交流",
                    t.id,
                    t.post.key()
                ),
                vec![RowRef::new(roster, Some(t.source_line), &t.id)],
            ).zh(format!(
                "干部 {}（{}）任职期满应当交流（leaders.term_years × due_after_terms），但方案未安排其交流",
                t.id,
                t.post.zh()
            )));
        }
        if schools.get(t.school_id.as_str()).is_some_and(|x| x.weak) {
            weak.entry((t.school_id.as_str(), t.post)).or_default().0 += 1;
        }
    }
    for m in moves {
        let (Some(from), Some(to), Some(post)) = (
            schools.get(m.from.as_str()),
            schools.get(m.to.as_str()),
            posts.get(m.teacher_id.as_str()),
        ) else {
            continue;
        };
        if let Some(e) = weak.get_mut(&(m.to.as_str(), *post)) {
            if quality(from, s) > quality(to, s) {
                e.1 += 1;
            }
        }
    }
    let mut weak_unserved = 0u32;
    for ((school, post), (due_n, came)) in weak {
        if came < due_n {
            weak_unserved += due_n - came;
            violations.push(
                Violation::new(
                    "C-LEADER-WEAK",
                    format!(
                    "weak school {school} has {due_n} due {} and gets {came} from stronger schools \
                     · 薄弱学校期满干部未由较强学校干部接任",
                    post.key()
                ),
                    vec![RowRef::new(LEADERS, None, school)],
                )
                .zh(format!(
                "薄弱学校 {school} 有 {due_n} 名任职期满的{}，只有 {came} 名由较强学校的干部接任",
                post.zh()
            )),
            );
        }
    }
    let leaders = county.teachers.iter().any(|t| t.post.is_leader());
    let Some(summary) = summary else {
        return;
    };
    let got = summary.get("leaders");
    if !leaders && got.is_none() {
        return;
    }
    let roster_leaders = county
        .teachers
        .iter()
        .filter(|t| t.post.is_leader())
        .count();
    for (key, want) in [
        ("leaders", roster_leaders as f64),
        ("moved", moves.len() as f64),
        ("due", due as f64),
        ("due_staying", due_staying as f64),
        ("weak_unserved", f64::from(weak_unserved)),
    ] {
        let found = got
            .and_then(|v| v.get(key))
            .and_then(serde_json::Value::as_f64);
        if found != Some(want) {
            mismatches.push(Mismatch::new(
                "C-SUMMARY",
                SUMMARY,
                None,
                format!("leaders.{key}"),
                want.to_string(),
                found.map_or("(missing)".to_string(), |f| f.to_string()),
            ));
        }
    }
}
