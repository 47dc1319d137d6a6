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
    let mut file: BTreeMap<(&str, &str), &super::files::GapFileRow> = BTreeMap::new();
    for r in rows {
        let key = (r.school_id.as_str(), r.subject.as_str());
        if file.insert(key, r).is_some() {
            out.push(Mismatch::new(
                "C-GAPS",
                GAPS,
                Some(r.line),
                format!("{}/{}", key.0, key.1),
                "one row",
                "a repeated row",
            ));
        }
    }
    for g in gaps {
        let key = format!("{}/{}", g.school_id, g.subject);
        let Some(r) = file.remove(&(g.school_id.as_str(), g.subject.as_str())) else {
            out.push(Mismatch::new(
                "C-GAPS",
                GAPS,
                None,
                key,
                "a row",
                "(missing)",
            ));
            continue;
        };
        let want = [
            g.need_fte,
            g.staff_before,
            g.staff_after,
            g.gap_before,
            g.gap_after,
        ];
        for ((col, want), got) in GAP_COLUMNS.iter().zip(want).zip(r.values) {
            if got.is_some_and(|got| (got - want).abs() > GAP_TOL) {
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
            out.push(Mismatch::new(
                "C-GAPS",
                GAPS,
                Some(r.line),
                format!("{school}/{subject}"),
                "(none)",
                "an extra row",
            ));
        }
    }
}

fn c_summary(ctx: &Ctx, f: &Figures, violations: &[Violation], out: &mut Vec<Mismatch>) {
    let Some(summary) = ctx.files.summary.as_ref() else {
        return;
    };
    let expected: [(&str, f64); 12] = [
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
    ];
    for (key, want) in expected {
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
    if !matches!(status, "optimal" | "time_limit" | "gap_limit") {
        out.push(Mismatch::new(
            "C-SUMMARY",
            SUMMARY,
            None,
            "status",
            "optimal/time_limit/gap_limit",
            status,
        ));
    }
    // A goal the plan declares missed but that the checker finds met.
    let missed: BTreeSet<String> = violations.iter().map(|v| normalize(v.code)).collect();
    let declared = declared_codes(ctx);
    for c in CODES.iter().filter(|c| c.kind == RuleKind::Goal) {
        let n = normalize(c.code);
        if declared.contains(&n) && !missed.contains(&n) {
            out.push(Mismatch::new(
                "C-SUMMARY",
                SUMMARY,
                None,
                "violations",
                format!("{} met", c.code),
                format!("{} declared missed", c.code),
            ));
        }
    }
}

fn c_flags(ctx: &Ctx, out: &mut Vec<Mismatch>) {
    for r in ctx.plan {
        let Some(t) = ctx.teachers.get(r.teacher_id.as_str()) else {
            continue;
        };
        let must = ctx
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
            ctx.school(&t.school_id),
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
