//! staffing.csv against the recomputation: one row per school, every column (C-STAFFING
//! mismatches). Names, areas and stages are compared as read (keys or Chinese), counts
//! exactly, pupils per teacher to 2 decimals, gaps to a thousandth.

use super::posts::Heads;
use super::read::parse_num;
use super::report::{GapRow, Mismatch};
use super::staff_files::{StaffingFileRow, STAFFING, STAFFING_COLUMNS};
use super::Ctx;
use crate::domain::{Area, School, Stage};
use std::collections::BTreeMap;

enum Want {
    Text(String),
    Area(Area),
    Stage(Stage),
    /// A number and its tolerance; `None`: the cell must be empty.
    Num(Option<f64>, f64),
}

impl Want {
    fn show(&self) -> String {
        match self {
            Want::Text(t) => t.clone(),
            Want::Area(a) => a.key().into(),
            Want::Stage(s) => s.key().into(),
            Want::Num(None, _) => "(empty)".into(),
            Want::Num(Some(v), tol) if *tol <= 1e-6 => format!("{v:.0}"),
            Want::Num(Some(v), tol) if *tol < 1e-2 => format!("{v:.2}"),
            Want::Num(Some(v), _) => format!("{v:.4}"),
        }
    }

    fn matches(&self, cell: &str) -> bool {
        match self {
            Want::Text(t) => t.trim() == cell,
            Want::Area(a) => Area::parse(cell) == Some(*a),
            Want::Stage(s) => Stage::parse(cell) == Some(*s),
            Want::Num(None, _) => cell.is_empty(),
            Want::Num(Some(v), tol) => parse_num(cell).is_some_and(|c| (c - v).abs() <= *tol),
        }
    }
}

/// The expected cells of a school's row, in [`STAFFING_COLUMNS`] order.
fn expected(ctx: &Ctx, s: &School, h: &Heads, gap: (f64, f64)) -> Vec<Want> {
    let count = |v: i64| Want::Num(Some(v as f64), 1e-6);
    let est = i64::from(h.est);
    let after = h.after();
    let per = |n: i64| {
        Want::Num(
            (n > 0).then(|| f64::from(s.students) / n as f64),
            0.005 + 1e-6,
        )
    };
    vec![
        Want::Text(s.name.clone()),
        Want::Area(s.area),
        Want::Stage(s.stage),
        count(i64::from(s.students)),
        count(i64::from(s.classes)),
        {
            let (p, j) = super::posts::groups(ctx.scenario, s);
            Want::Num(Some(p + j), 0.005 + 1e-6)
        },
        count(est),
        Want::Text(if h.given { "given" } else { "computed" }.into()),
        count(h.before),
        count(h.rotated_out),
        count(h.exchange_out),
        count(h.rotated_in),
        count(h.exchange_in),
        count(h.hires),
        count(after),
        count(h.cap(ctx.scenario)),
        count((after - est).max(0)),
        count((est - h.held - h.hires).max(0)),
        per(h.before),
        per(after),
        // 师多生少: two teachers or more, each with fewer pupils than the floor
        count(i64::from(
            after >= 2
                && f64::from(s.students) / (after as f64) < ctx.scenario.establishment.pupil_floor,
        )),
        Want::Num(Some(gap.0), 1e-3),
        Want::Num(Some(gap.1), 1e-3),
    ]
}

pub(crate) fn check_all(
    ctx: &Ctx,
    heads: &BTreeMap<String, Heads>,
    gaps: &[GapRow],
    out: &mut Vec<Mismatch>,
) {
    let Some(rows) = ctx.files.staffing.as_deref() else {
        return;
    };
    let mut gap: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for g in gaps {
        let e = gap.entry(&g.school_id).or_default();
        e.0 += g.gap_before;
        e.1 += g.gap_after;
    }
    let mut file: BTreeMap<&str, &StaffingFileRow> = BTreeMap::new();
    for r in rows {
        let known = ctx.school(&r.school_id).is_some();
        if !known || file.insert(&r.school_id, r).is_some() {
            let (found, found_zh) = if known {
                ("a repeated row", "重复的行")
            } else {
                ("a row of an unknown school", "学校名单中没有的学校的行")
            };
            out.push(
                Mismatch::new(
                    "C-STAFFING",
                    STAFFING,
                    Some(r.line),
                    &r.school_id,
                    "(none)",
                    found,
                )
                .zh("（不应有此行）", found_zh),
            );
        }
    }
    for (id, h) in heads {
        let Some(s) = ctx.school(id) else { continue };
        let Some(r) = file.get(id.as_str()) else {
            out.push(
                Mismatch::new("C-STAFFING", STAFFING, None, id, "a row", "(missing)")
                    .zh("应有此行", "（缺失）"),
            );
            continue;
        };
        let want = expected(ctx, s, h, gap.get(id.as_str()).copied().unwrap_or_default());
        for ((col, want), cell) in STAFFING_COLUMNS.iter().zip(want).zip(&r.cells) {
            let Some(cell) = cell else { continue }; // column absent: C-PARSE already
            if !want.matches(cell) {
                out.push(Mismatch::new(
                    "C-STAFFING",
                    STAFFING,
                    Some(r.line),
                    format!("{id} {col}"),
                    want.show(),
                    if cell.is_empty() {
                        "(empty)".to_string()
                    } else {
                        cell.clone()
                    },
                ));
            }
        }
    }
}
