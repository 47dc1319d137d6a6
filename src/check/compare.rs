//! Figures the plan files state about themselves (gaps.csv, summary.json, plan.csv's flag and
//! distance columns) against the recomputation. These are mismatches, not rule breaches: the
//! plan may be lawful while its report is wrong, and a bureau publishes the report.

use super::codes::{RuleKind, CODES};
use super::files::{GAPS, GAP_COLUMNS, PLAN, SUMMARY};
use super::goals::{declared_codes, normalize};
use super::report::{Figures, GapRow, Mismatch, Violation};
use super::rules::distance;
use super::Ctx;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Absolute tolerance for gaps.csv values (written with 4 decimals).
const GAP_TOL: f64 = 1e-3;
/// Relative tolerance for summary.json figures; values below 1 are compared absolutely.
const SUMMARY_TOL: f64 = 1e-3;

pub(crate) fn check_all(
    ctx: &Ctx,
    fig: &Figures,
    gaps: &[GapRow],
    violations: &[Violation],
    out: &mut Vec<Mismatch>,
) {
    c_gaps(ctx, gaps, out);
    c_summary(ctx, fig, violations, out);
    c_flags(ctx, out);
    c_distance(ctx, out);
}

fn show(v: f64) -> String {
    format!("{v:.4}")
}

fn c_gaps(ctx: &Ctx, gaps: &[GapRow], out: &mut Vec<Mismatch>) {
    let Some(rows) = ctx.files.gaps.as_deref() else {
        return;
    };
    school_gap_before(gaps, rows, out);
    let mut file: BTreeMap<(&str, &str), &super::files::GapFileRow> = BTreeMap::new();
    for r in rows {
        let key = (r.school_id.as_str(), r.subject.as_str());
        if file.insert(key, r).is_some() {
            out.push(
                Mismatch::new(
                    "C-GAPS",
                    GAPS,
                    Some(r.line),
                    format!("{}/{}", key.0, key.1),
                    "one row",
                    "a repeated row",
                )
                .zh("只应有一行", "重复的行"),
            );
        }
    }
    for g in gaps {
        let key = format!("{}/{}", g.school_id, g.subject);
        let Some(r) = file.remove(&(g.school_id.as_str(), g.subject.as_str())) else {
            out.push(
                Mismatch::new("C-GAPS", GAPS, None, key, "a row", "(missing)")
                    .zh("应有此行", "（缺失）"),
            );
            continue;
        };
        let want = [
            g.need_fte,
            g.staff_before,
            g.staff_after,
            g.covered_after,
            g.itinerant_fte,
            g.gap_before,
            g.gap_after,
        ];
        for ((col, want), got) in GAP_COLUMNS.iter().zip(want).zip(r.values) {
            // gap_before is split among subjects by the planner: compared per school below
            if *col != "gap_before" && got.is_some_and(|got| (got - want).abs() > GAP_TOL) {
                out.push(Mismatch::new(
                    "C-GAPS",
                    GAPS,
                    Some(r.line),
                    format!("{key} {col}"),
                    show(want),
                    show(got.unwrap_or(0.0)),
                ));
            }
        }
    }
    // Rows the checker does not expect; an all-zero row carries no claim and is tolerated.
    for ((school, subject), r) in file {
        if r.values.iter().flatten().any(|v| v.abs() > GAP_TOL) {
            out.push(
                Mismatch::new(
                    "C-GAPS",
                    GAPS,
                    Some(r.line),
                    format!("{school}/{subject}"),
                    "(none)",
                    "an extra row",
                )
                .zh("（不应有此行）", "多余的行"),
            );
        }
    }
}

/// gap_before summed per school over the rows both sides have (a missing or extra row is
/// reported as such): the split among a school's subjects is the planner's, the total is what
/// its own staff cannot cover.
fn school_gap_before(gaps: &[GapRow], rows: &[super::files::GapFileRow], out: &mut Vec<Mismatch>) {
    let at = GAP_COLUMNS
        .iter()
        .position(|c| *c == "gap_before")
        .unwrap_or(0);
    let mine: BTreeMap<(&str, &str), f64> = gaps
        .iter()
        .map(|g| ((g.school_id.as_str(), g.subject.as_str()), g.gap_before))
        .collect();
    let mut sums: BTreeMap<&str, (f64, f64, usize)> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for r in rows {
        let key = (r.school_id.as_str(), r.subject.as_str());
        let (Some(&want), Some(got)) = (mine.get(&key), r.values[at]) else {
            continue;
        };
        if !seen.insert(key) {
            continue;
        }
        let e = sums.entry(&r.school_id).or_insert((0.0, 0.0, r.line));
        e.0 += want;
        e.1 += got;
    }
    for (s, (want, got, line)) in sums {
        if (want - got).abs() > GAP_TOL {
            out.push(
                Mismatch::new(
                    "C-GAPS",
                    GAPS,
                    Some(line),
                    format!("{s} gap_before (school total)"),
                    show(want),
                    show(got),
                )
                .key_zh(format!("{s} gap_before（全校合计）")),
            );
        }
    }
}

fn c_summary(ctx: &Ctx, f: &Figures, violations: &[Violation], out: &mut Vec<Mismatch>) {
    let Some(summary) = ctx.files.summary.as_ref() else {
        return;
    };
    let expected: [(&str, f64); 18] = [
        ("eligible", f.eligible as f64),
        ("rotated", f.rotated as f64),
        ("rotation_share", f.rotation_share),
        ("backbone_rotated", f.backbone_rotated as f64),
        ("backbone_share", f.backbone_share),
        ("must_serve", f.must_serve as f64),
        ("must_serve_placed", f.must_serve_placed as f64),
        ("hires", f.hires as f64),
        ("gap_before", f.gap_before),
        ("gap_after", f.gap_after),
        ("weighted_gap_before", f.weighted_gap_before),
        ("weighted_gap_after", f.weighted_gap_after),
        ("exchanged", f.exchanged as f64),
        ("hires_unspent", f.hires_unspent as f64),
        ("itinerant_fte", f.itinerant_fte),
        (
            "over_establishment_before",
            f.over_establishment_before as f64,
        ),
        (
            "over_establishment_after",
            f.over_establishment_after as f64,
        ),
        ("gap_by_area", 0.0),
    ];
    for (key, want) in expected {
        if key == "gap_by_area" {
            gap_by_area(f, summary.get(key), out);
            continue;
        }
        match summary.get(key).and_then(Value::as_f64) {
            None => out.push(Mismatch::new(
                "C-SUMMARY",
                SUMMARY,
                None,
                key,
                show(want),
                "(missing)",
            )),
            Some(got) if (got - want).abs() > SUMMARY_TOL * want.abs().max(got.abs()).max(1.0) => {
                out.push(Mismatch::new(
                    "C-SUMMARY",
                    SUMMARY,
                    None,
                    key,
                    show(want),
                    show(got),
                ));
            }
            Some(_) => {}
        }
    }
    let status = summary
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("(missing)");
    if !matches!(status, "optimal" | "time_limit" | "gap_limit" | "edited") {
        out.push(Mismatch::new(
            "C-SUMMARY",
            SUMMARY,
            None,
            "status",
            "optimal/time_limit/gap_limit/edited",
            status,
        ));
    }
    // The fingerprint of the decisions (docs/plan-format.md); plans written before it lack it.
    if let Some(found) = summary.get("decisions").and_then(Value::as_str) {
        let hires = ctx.files.hires.as_deref().unwrap_or(&[]);
        let want = super::decisions::fingerprint_rows(ctx.plan, hires);
        if found != want {
            out.push(Mismatch::new(
                "C-SUMMARY",
                SUMMARY,
                None,
                "decisions",
                want,
                found,
            ));
        }
    }
    // A goal the plan declares missed but that the checker finds met.
    let missed: BTreeSet<String> = violations.iter().map(|v| normalize(v.code)).collect();
    let declared = declared_codes(ctx);
    for c in CODES.iter().filter(|c| c.kind == RuleKind::Goal) {
        let n = normalize(c.code);
        if declared.contains(&n) && !missed.contains(&n) {
            out.push(
                Mismatch::new(
                    "C-SUMMARY",
                    SUMMARY,
                    None,
                    "violations",
                    format!("{} met", c.code),
                    format!("{} declared missed", c.code),
                )
                .zh(
                    format!("{} 已达成", c.code),
                    format!("{} 声明未达成", c.code),
                ),
            );
        }
    }
}

fn off(want: f64, got: f64) -> bool {
    (got - want).abs() > SUMMARY_TOL * want.abs().max(got.abs()).max(1.0)
}

/// summary.json `gap_by_area`: {area: {"before": x, "after": y}} for every area with a school;
/// area keys may be written as keys or in Chinese.
fn gap_by_area(f: &Figures, found: Option<&Value>, out: &mut Vec<Mismatch>) {
    let Some(map) = found.and_then(Value::as_object) else {
        out.push(
            Mismatch::new(
                "C-SUMMARY",
                SUMMARY,
                None,
                "gap_by_area",
                "an object by area",
                "(missing)",
            )
            .zh("按区域列出的对象", "（缺失）"),
        );
        return;
    };
    let mut seen = BTreeSet::new();
    for (k, v) in map {
        let area = crate::domain::Area::parse(k)
            .map(|a| a.key().to_string())
            .unwrap_or(k.clone());
        seen.insert(area.clone());
        let want = f.gap_by_area.get(&area).copied().unwrap_or_default();
        for (part, w) in [("before", want.before), ("after", want.after)] {
            let got = v.get(part).and_then(Value::as_f64);
            if got.is_none_or(|g| off(w, g)) {
                out.push(Mismatch::new(
                    "C-SUMMARY",
                    SUMMARY,
                    None,
                    format!("gap_by_area.{area}.{part}"),
                    show(w),
                    got.map(show).unwrap_or_else(|| "(missing)".into()),
                ));
            }
        }
    }
    for area in f.gap_by_area.keys().filter(|a| !seen.contains(*a)) {
        out.push(
            Mismatch::new(
                "C-SUMMARY",
                SUMMARY,
                None,
                format!("gap_by_area.{area}"),
                "a row",
                "(missing)",
            )
            .zh("应有此项", "（缺失）"),
        );
    }
}

fn c_flags(ctx: &Ctx, out: &mut Vec<Mismatch>) {
    for r in ctx.plan {
        let Some(t) = ctx.teachers.get(r.teacher_id.as_str()) else {
            continue;
        };
        // an exchange row is never must-serve
        let must = r.kind == super::files::Kind::Rotation
            && ctx
                .standing
                .get(t.id.as_str())
                .is_some_and(|s| s.must_serve);
        let backbone = t.backbone.is_backbone();
        for (col, want, got) in [
            ("must_serve", must, r.must_serve),
            ("backbone", backbone, r.backbone),
        ] {
            if got.is_some_and(|g| g != want) {
                out.push(Mismatch::new(
                    "C-FLAGS",
                    PLAN,
                    Some(r.line),
                    format!("{} {col}", t.id),
                    want.to_string(),
                    (!want).to_string(),
                ));
            }
        }
    }
}

fn c_distance(ctx: &Ctx, out: &mut Vec<Mismatch>) {
    for r in ctx.plan {
        let Some(t) = ctx.teachers.get(r.teacher_id.as_str()) else {
            continue;
        };
        let (Some(from), Some(to), Some(got)) = (
            ctx.school(t.home_school()),
            ctx.school(&r.to_school_id),
            r.distance_km,
        ) else {
            continue;
        };
        let want = distance(from, to);
        let fmt = |d: Option<f64>| {
            d.map(|d| format!("{d:.1}"))
                .unwrap_or_else(|| "(empty)".into())
        };
        let off = match (want, got) {
            (None, None) => false,
            (Some(w), Some(g)) => (w - g).abs() > 0.05 + 1e-6,
            _ => true,
        };
        if off {
            out.push(Mismatch::new(
                "C-DISTANCE",
                PLAN,
                Some(r.line),
                format!("{} distance_km", t.id),
                fmt(want),
                fmt(got),
            ));
        }
    }
}
