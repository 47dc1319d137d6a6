//! Hard rules on posts (docs/plan-format.md, "The rules", 2, 3 and 5): hires fill vacant
//! establishment posts only (C-ESTABLISHMENT), no school ends above max(establishment +
//! allowance, headcount before) (C-HEADCOUNT), and rotated arrivals plus hires of a subject fit
//! the posts one more teacher of that subject could still fill (C-POSTS), and no school grows
//! to fewer than `establishment.pupil_floor` pupils per teacher (C-PUPIL-FLOOR).

use super::files::{HireRow, PlanRow, HIRES, PLAN};
use super::posts::{Heads, Problem};
use super::report::{RowRef, Violation};
use super::zh;
use super::Ctx;
use std::collections::BTreeMap;

pub(crate) fn check_all(ctx: &Ctx, heads: &BTreeMap<String, Heads>, out: &mut Vec<Violation>) {
    c_establishment(ctx, heads, out);
    c_headcount(ctx, heads, out);
    c_pupil_floor(ctx, heads, out);
    c_posts(ctx, out);
}

fn plan_ref(r: &PlanRow) -> RowRef {
    RowRef::new(PLAN, Some(r.line), &r.teacher_id)
}

fn hire_ref(r: &HireRow) -> RowRef {
    RowRef::new(
        HIRES,
        Some(r.line),
        format!("{}/{}/{}", r.school_id, r.subject, r.programme.key()),
    )
}

/// hires.csv rows with a positive count at this school.
fn hire_rows<'a>(ctx: &'a Ctx, school: &'a str) -> impl Iterator<Item = &'a HireRow> + 'a {
    ctx.files
        .hires
        .iter()
        .flatten()
        .filter(move |h| h.count > 0 && h.school_id == school)
}

/// The plan.csv rows of the teachers moving to a school and its hires.csv rows: what a rule on
/// a school's headcount after the plan names.
fn arriving_rows(ctx: &Ctx, school: &str) -> Vec<RowRef> {
    let mut rows: Vec<RowRef> = (ctx.moves.iter())
        .filter(|(r, _)| r.to_school_id == school)
        .map(|(r, _)| plan_ref(r))
        .collect();
    rows.extend(hire_rows(ctx, school).map(hire_ref));
    rows
}

fn c_establishment(ctx: &Ctx, heads: &BTreeMap<String, Heads>, out: &mut Vec<Violation>) {
    for (id, h) in heads.iter().filter(|(_, h)| h.hires > h.vacant()) {
        out.push(Violation::new(
            "C-ESTABLISHMENT",
            format!(
                "school {id} has an establishment of {} posts and {} posts held before the plan, so {} vacant post(s), but hires.csv places {} hire(s) there; teachers rotated or exchanged out (this year or on a term from an earlier year) keep their post · 新招教师超出空编 (核定编制 {}，在编 {}，空编 {}，招聘 {})",
                h.est,
                h.held,
                h.vacant(),
                h.hires,
                h.est,
                h.held,
                h.vacant(),
                h.hires
            ),
            hire_rows(ctx, id).map(hire_ref).collect(),
        ).zh(format!(
            "学校 {id} 核定编制 {} 个，规划前在编 {} 人，空编 {} 个，但 hires.csv 在该校安排新教师 {} 人；交流轮岗或对口交流出去的教师（本年度或往年开始的交流期）仍占原校编制，新招教师超出空编",
            h.est,
            h.held,
            h.vacant(),
            h.hires
        )));
    }
}

fn c_headcount(ctx: &Ctx, heads: &BTreeMap<String, Heads>, out: &mut Vec<Violation>) {
    let allowance = ctx.scenario.establishment.allowance;
    for (id, h) in heads {
        let cap = h.posts_cap(ctx.scenario);
        if h.after() <= cap {
            continue;
        }
        let rows = arriving_rows(ctx, id);
        let after = h.after();
        let Heads {
            before,
            rotated_out,
            exchange_out,
            rotated_in,
            exchange_in,
            hires,
            est,
            ..
        } = h;
        out.push(Violation::new(
            "C-HEADCOUNT",
            format!(
                "school {id} ends with {after} teachers ({before} before, {rotated_out} rotated and {exchange_out} exchanged out, {rotated_in} rotated and {exchange_in} exchanged in, {hires} hired), above max(establishment {est} + allowance {allowance}, {before} before) = {cap} · 交流后教师人数 {after} 超出上限 {cap}"
            ),
            rows,
        ).zh(format!(
            "学校 {id} 方案执行后有教师 {after} 人（之前 {before} 人，交流轮岗调出 {rotated_out} 人、对口交流调出 {exchange_out} 人，交流轮岗调入 {rotated_in} 人、对口交流调入 {exchange_in} 人，新招 {hires} 人），超过上限 max(核定编制 {est} + 允许超编 {allowance}, 之前人数 {before}) = {cap}"
        )));
    }
}

/// Arrivals never take a school below the pupil floor (师多生少): a school that grows ends
/// with one teacher, or with at least `pupil_floor` pupils each. A school whose pupils are not
/// given (0) has no floor.
fn c_pupil_floor(ctx: &Ctx, heads: &BTreeMap<String, Heads>, out: &mut Vec<Violation>) {
    let rules = &ctx.scenario.establishment;
    if !rules.floor_caps_arrivals || rules.pupil_floor <= 0.0 {
        return;
    }
    for (id, h) in heads {
        let Some(school) = ctx.school(id) else {
            continue;
        };
        let (after, pupils) = (h.after(), f64::from(school.students));
        if after <= h.before
            || after < 2
            || pupils <= 0.0
            || pupils / after as f64 >= rules.pupil_floor
        {
            continue;
        }
        let rows = arriving_rows(ctx, id);
        out.push(Violation::new(
            "C-PUPIL-FLOOR",
            format!(
                "school {id} has {} pupils and grows from {} to {after} teachers, {:.2} pupils each, below the pupil floor of {} · 交流后生师比低于下限 ({} 名学生，教师 {} → {after} 人，每名教师 {:.2} 名学生，下限 {})",
                school.students,
                h.before,
                pupils / after as f64,
                rules.pupil_floor,
                school.students,
                h.before,
                pupils / after as f64,
                rules.pupil_floor
            ),
            rows,
        ).zh(format!(
            "学校 {id} 有学生 {} 名，教师由 {} 人增至 {after} 人，每名教师 {:.2} 名学生，低于生师比下限 {}",
            school.students,
            h.before,
            pupils / after as f64,
            rules.pupil_floor
        )));
    }
}

/// The rotated plan.csv rows and the hires.csv rows arriving for one (school, subject).
type Arrivals<'a> = (Vec<&'a PlanRow>, Vec<&'a HireRow>);

/// Rotated arrivals and hires per (school, subject) at most the open posts (rule 5).
fn c_posts(ctx: &Ctx, out: &mut Vec<Violation>) {
    let mut arrivals: BTreeMap<(&str, &str), Arrivals> = BTreeMap::new();
    for (r, _) in &ctx.rotations {
        if ctx.school(&r.to_school_id).is_some() {
            let key = (r.to_school_id.as_str(), r.subject.as_str());
            arrivals.entry(key).or_default().0.push(r);
        }
    }
    for h in ctx.files.hires.iter().flatten().filter(|h| h.count > 0) {
        if ctx.school(&h.school_id).is_some() {
            let key = (h.school_id.as_str(), h.subject.as_str());
            arrivals.entry(key).or_default().1.push(h);
        }
    }
    // teachers who leave each school, by main subject: (on exchange, rotated)
    let mut leaving: BTreeMap<(&str, &str), (i64, i64)> = BTreeMap::new();
    for (moves, exchange) in [(&ctx.exchanges, true), (&ctx.rotations, false)] {
        for (r, t) in moves {
            let n = leaving
                .entry((r.from_school_id.as_str(), t.subject.as_str()))
                .or_default();
            if exchange {
                n.0 += 1;
            } else {
                n.1 += 1;
            }
        }
    }
    let mut problems: BTreeMap<&str, Problem> = BTreeMap::new();
    for ((school_id, subject), (rotated, hired)) in arrivals {
        let school = ctx.school(school_id).expect("filtered above");
        let problem = problems
            .entry(school_id)
            .or_insert_with(|| Problem::of(ctx, school));
        let (exchanged, left) = (leaving.get(&(school_id, subject)).copied()).unwrap_or_default();
        // an exchange teacher of the subject who leaves the school opens a post (a swap)
        let open = problem.open_posts(subject) + exchanged;
        // a teacher of the subject who rotates out of the school leaves classes a hire may
        // take (以新补缺); rotated arrivals take only the posts open before
        let hires: i64 = hired.iter().map(|h| h.count).sum();
        let n = rotated.len() as i64 + hires;
        let zh_subject = zh::subject(ctx.scenario, subject);
        if rotated.len() as i64 > open {
            let rows: Vec<RowRef> = rotated.iter().map(|r| plan_ref(r)).collect();
            out.push(Violation::new(
                "C-POSTS",
                format!(
                    "school {school_id} has {open} open {subject} post(s) (the {subject} need its own staff, who may also teach extra and general subjects, leave uncovered, rounded up, plus its {subject} teachers leaving on exchange) but receives {} rotated · {subject} 空缺岗位（含对口交流腾出的岗位）{open} 个，交流轮岗 {} 人",
                    rotated.len(),
                    rotated.len()
                ),
                rows,
            ).zh(format!(
                "学校 {school_id} 的{zh_subject}空缺岗位为 {open} 个（本校教师兼任其他学科和通用学科后仍未覆盖的{zh_subject}需求，向上取整，加上对口交流调出的{zh_subject}教师腾出的岗位），但安排了交流轮岗教师 {} 人",
                rotated.len()
            )));
            continue;
        }
        if n <= open + left {
            continue;
        }
        let mut rows: Vec<RowRef> = rotated.iter().map(|r| plan_ref(r)).collect();
        rows.extend(hired.iter().map(|h| hire_ref(h)));
        let open = open + left;
        out.push(Violation::new(
            "C-POSTS",
            format!(
                "school {school_id} has {open} open {subject} post(s) (the {subject} need its own staff, who may also teach extra and general subjects, leave uncovered, rounded up, plus its {subject} teachers leaving on exchange, plus {left} {subject} teacher(s) rotated out, whose classes hires may take) but receives {n}: {} rotated, {hires} hired · {subject} 空缺岗位（含对口交流腾出的岗位和交流轮岗调出教师留下、可由新教师补充的岗位）{open} 个，实际安排 {n} 人",
                rotated.len()
            ),
            rows,
        ).zh(format!(
            "学校 {school_id} 的{zh_subject}空缺岗位为 {open} 个（本校教师兼任其他学科和通用学科后仍未覆盖的{zh_subject}需求，向上取整，加上对口交流调出的{zh_subject}教师腾出的岗位，以及交流轮岗调出的 {left} 名{zh_subject}教师留下、可由新教师补充的岗位），但安排了 {n} 人：交流轮岗 {} 人，新招 {hires} 人",
            rotated.len()
        )));
    }
}
