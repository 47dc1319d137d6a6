//! Hard rules on hires.csv: no batch places more hires than it has (fewer is fine: the rest
//! are unspent, reported in summary.json `hires_unspent`), at a known school, in an area the
//! batch allows. Batches are keyed by (subject, programme) because that is all hires.csv
//! says about a hire; two input batches with the same key are added together, and a school is
//! allowed when any of them allows it.

use super::files::{HireRow, HIRES};
use super::report::{RowRef, Violation};
use super::zh;
use super::Ctx;
use crate::domain::{Area, Programme};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn check_all(ctx: &Ctx, out: &mut Vec<Violation>) {
    let Some(rows) = ctx.files.hires.as_deref() else {
        return;
    };
    let mut batches = batches(ctx);
    let budget = add_budget(ctx, &mut batches);
    c_hire_school(ctx, rows, out);
    c_hire_area(ctx, rows, &batches, out);
    c_hire_count(ctx, rows, &batches, budget.as_ref(), out);
}

/// A hiring budget (`[hires] total`): the keys it may buy and its total. Its keys join the
/// batches with count 0 (plus any fixed batch of the same key) and the budget's areas.
fn add_budget(ctx: &Ctx, batches: &mut BTreeMap<Key, Batch>) -> Option<(BTreeSet<Key>, i64)> {
    let b = ctx.commitments.budget.as_ref()?;
    let areas: Vec<Area> = match (&b.areas, b.programme) {
        (Some(a), _) => a.clone(),
        (None, Programme::Tegang) => ctx.scenario.policy.rural_service_areas.clone(),
        (None, _) => Area::ALL.to_vec(),
    };
    let mut keys = BTreeSet::new();
    for s in &b.subjects {
        let key = (s.clone(), b.programme);
        batches
            .entry(key.clone())
            .or_insert(Batch {
                count: 0,
                areas: BTreeSet::new(),
                source_line: 0,
            })
            .areas
            .extend(areas.iter().copied());
        keys.insert(key);
    }
    Some((keys, i64::from(b.total)))
}

struct Batch {
    count: i64,
    areas: BTreeSet<Area>,
    source_line: usize,
}

type Key = (String, Programme);

fn batches(ctx: &Ctx) -> BTreeMap<Key, Batch> {
    let policy = &ctx.scenario.policy;
    let mut map: BTreeMap<Key, Batch> = BTreeMap::new();
    for b in &ctx.county.hires {
        let areas: Vec<Area> = match (&b.areas, b.programme) {
            (Some(a), _) => a.clone(),
            (None, Programme::Tegang) => policy.rural_service_areas.clone(),
            (None, _) => Area::ALL.to_vec(),
        };
        let e = map
            .entry((b.subject.clone(), b.programme))
            .or_insert(Batch {
                count: 0,
                areas: BTreeSet::new(),
                source_line: b.source_line,
            });
        e.count += i64::from(b.count);
        e.areas.extend(areas);
    }
    map
}

fn at(r: &HireRow) -> Vec<RowRef> {
    vec![RowRef::new(
        HIRES,
        Some(r.line),
        format!("{}/{}/{}", r.school_id, r.subject, r.programme.key()),
    )]
}

fn c_hire_school(ctx: &Ctx, rows: &[HireRow], out: &mut Vec<Violation>) {
    for r in rows.iter().filter(|r| ctx.school(&r.school_id).is_none()) {
        out.push(
            Violation::new(
                "C-HIRE-SCHOOL",
                format!(
                    "hires go to school {}, which is not in the schools file",
                    r.school_id
                ),
                at(r),
            )
            .zh(format!(
                "新教师分配到学校 {}，但该校不在学校名单中",
                r.school_id
            )),
        );
    }
}

fn c_hire_area(
    ctx: &Ctx,
    rows: &[HireRow],
    batches: &BTreeMap<Key, Batch>,
    out: &mut Vec<Violation>,
) {
    for r in rows {
        let (Some(s), Some(b)) = (
            ctx.school(&r.school_id),
            batches.get(&(r.subject.clone(), r.programme)),
        ) else {
            continue;
        };
        if !b.areas.contains(&s.area) {
            let allowed: Vec<&str> = b.areas.iter().map(|a| a.key()).collect();
            let allowed_zh: Vec<&str> = b.areas.iter().map(|a| a.zh()).collect();
            out.push(
                Violation::new(
                    "C-HIRE-AREA",
                    format!(
                        "{} {} hires may go to {} areas; school {} is {} ({})",
                        r.programme.key(),
                        r.subject,
                        allowed.join("/"),
                        s.id,
                        s.area.key(),
                        s.area.zh()
                    ),
                    at(r),
                )
                .zh(format!(
                    "{}新教师（{}）只能分配到{}的学校；学校 {} 位于{}",
                    zh::subject(ctx.scenario, &r.subject),
                    r.programme.zh(),
                    allowed_zh.join("、"),
                    s.id,
                    s.area.zh()
                )),
            );
        }
    }
}

fn c_hire_count(
    ctx: &Ctx,
    rows: &[HireRow],
    batches: &BTreeMap<Key, Batch>,
    budget: Option<&(BTreeSet<Key>, i64)>,
    out: &mut Vec<Violation>,
) {
    let mut placed: BTreeMap<Key, Vec<&HireRow>> = BTreeMap::new();
    for r in rows {
        if r.count <= 0 {
            out.push(
                Violation::new(
                    "C-HIRE-COUNT",
                    format!("count must be positive, the row says {}", r.count),
                    at(r),
                )
                .zh(format!("count（人数）必须为正数，该行填写的是 {}", r.count)),
            );
        }
        let key = (r.subject.clone(), r.programme);
        if batches.contains_key(&key) {
            placed.entry(key).or_default().push(r);
        } else {
            out.push(
                Violation::new(
                    "C-HIRE-COUNT",
                    format!(
                        "there is no {} batch of {} hires in the hires file",
                        r.programme.key(),
                        r.subject
                    ),
                    at(r),
                )
                .zh(format!(
                    "招聘计划中没有{}新教师（{}）的招聘批次",
                    zh::subject(ctx.scenario, &r.subject),
                    r.programme.zh()
                )),
            );
        }
    }
    let placed_sum = |key: &Key| {
        placed
            .get(key)
            .map_or(0, |rows| rows.iter().map(|r| r.count).sum::<i64>())
    };
    let mut bought = 0i64;
    for (key, b) in batches {
        let rows = placed.get(key).map(Vec::as_slice).unwrap_or(&[]);
        let sum = placed_sum(key);
        let in_budget = budget.is_some_and(|(keys, _)| keys.contains(key));
        if in_budget {
            bought += (sum - b.count).max(0);
        }
        if sum > b.count && !in_budget {
            let mut refs: Vec<RowRef> = rows.iter().flat_map(|r| at(r)).collect();
            refs.push(RowRef::new(
                &ctx.hires_file,
                Some(b.source_line),
                format!("{}/{}", key.0, key.1.key()),
            ));
            out.push(Violation::new(
                "C-HIRE-COUNT",
                format!(
                    "the {} batch of {} has {} hires, hires.csv places {sum}; fewer is allowed, more is not · 招聘人数超出批次",
                    key.1.key(),
                    key.0,
                    b.count
                ),
                refs,
            ).zh(format!(
                "{}新教师（{}）招聘批次共 {} 人，hires.csv 安排了 {sum} 人；可以少于批次人数，不能多于，招聘人数超出批次",
                zh::subject(ctx.scenario, &key.0),
                key.1.zh(),
                b.count
            )));
        }
    }
    if let Some((_, total)) = budget {
        if bought > *total {
            out.push(Violation::new(
                "C-HIRE-COUNT",
                format!("the hiring budget (hires.total) is {total}, hires.csv places {bought} beyond the fixed batches in its subjects · 招聘人数超出预算"),
                vec![RowRef::new(HIRES, None, "hires.total")],
            ).zh(format!(
                "招聘预算（hires.total）为 {total} 人，hires.csv 在这些学科的固定批次之外又安排了 {bought} 人，招聘人数超出预算"
            )));
        }
    }
}

/// Hires the batches (and the budget) hold that hires.csv does not place: Σ per batch
/// max(0, count − placed), plus the budget's total less what it bought beyond the fixed
/// batches. Rows of no batch or with a count ≤ 0 place nothing.
pub(crate) fn unspent(ctx: &Ctx) -> i64 {
    let mut batches = batches(ctx);
    let budget = add_budget(ctx, &mut batches);
    let mut placed: BTreeMap<Key, i64> = BTreeMap::new();
    for r in ctx.files.hires.iter().flatten().filter(|r| r.count > 0) {
        *placed.entry((r.subject.clone(), r.programme)).or_default() += r.count;
    }
    let mut left = 0i64;
    let mut bought = 0i64;
    for (key, b) in &batches {
        let sum = placed.get(key).copied().unwrap_or(0);
        left += (b.count - sum).max(0);
        if budget.as_ref().is_some_and(|(keys, _)| keys.contains(key)) {
            bought += (sum - b.count).max(0);
        }
    }
    if let Some((_, total)) = budget {
        left += (total - bought).max(0);
    }
    left
}
