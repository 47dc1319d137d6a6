//! The projection's own files: horizon.csv (one row per year) and horizon.svg (the
//! quality-balance coefficients and the gaps by year against their limits).

use super::YearRow;
use std::fmt::Write;

/// horizon.csv: one row per year, written as the plan's CSV files are.
pub(super) fn csv(rows: &[YearRow]) -> Vec<u8> {
    let mut header: Vec<String> = [
        "year",
        "status",
        "check_ok",
        "eligible",
        "rotated",
        "rotation_share",
        "backbone_share",
        "must_serve",
        "must_serve_placed",
        "brought_forward",
        "hires",
        "hires_unspent",
        "gap_before",
        "gap_after",
        "weighted_gap_after",
    ]
    .map(String::from)
    .to_vec();
    if let Some(first) = rows.first() {
        header.extend(
            first
                .cv_after
                .iter()
                .map(|(s, i, _, _)| format!("cv_{s}_{i}")),
        );
    }
    header.extend(["retired_after", "hired_after", "rules_not_met"].map(String::from));
    let f4 = |x: f64| format!("{x:.4}");
    let lines = (rows.iter())
        .map(|r| {
            let mut cells = vec![
                r.year.to_string(),
                r.status.clone(),
                r.check_ok.to_string(),
                r.eligible.to_string(),
                r.rotated.to_string(),
                f4(r.rotation_share),
                f4(r.backbone_share),
                r.must_serve.to_string(),
                r.must_serve_placed.to_string(),
                r.brought_forward.to_string(),
                r.hires.to_string(),
                r.hires_unspent.to_string(),
                f4(r.gap_before),
                f4(r.gap_after),
                f4(r.weighted_gap_after),
            ];
            cells.extend((r.cv_after.iter()).map(|c| c.2.map_or(String::new(), f4)));
            cells.push(r.retired_after.to_string());
            cells.push(r.hired_after.to_string());
            cells.push(r.violations.join("; "));
            cells
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    crate::output::csv_bytes(&header, lines)
}

const W: f64 = 380.0;
const H: f64 = 220.0;
const M: f64 = 52.0;

/// horizon.svg: the quality-balance coefficients after each year's plan against their limits
/// (dashed), and the gap after each year's plan.
pub(super) fn chart(rows: &[YearRow]) -> String {
    let esc = crate::output::svg::esc;
    let width = 2.0 * (W + M) + M;
    let height = H + 2.0 * M + 40.0;
    let mut o = String::new();
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(o, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let first = rows.first().map_or(0, |r| r.year);
    let last = rows.last().map_or(0, |r| r.year);
    let _ = writeln!(
        o,
        r#"<text x="{M}" y="22" font-size="14">{}</text>"#,
        esc(&format!(
            "{first}–{last}: quality-balance coefficients and gaps by year · 逐年均衡系数与缺编"
        ))
    );
    let years: Vec<f64> = rows.iter().map(|r| f64::from(r.year)).collect();
    let colours = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    ];
    // panel 1: CVs
    let mut series: Vec<(String, Vec<Option<f64>>, f64)> = Vec::new();
    if let Some(r0) = rows.first() {
        for (k, (stage, ind, _, limit)) in r0.cv_after.iter().enumerate() {
            let ys = rows
                .iter()
                .map(|r| r.cv_after.get(k).and_then(|c| c.2))
                .collect();
            series.push((format!("{stage} {}", ind.to_uppercase()), ys, *limit));
        }
    }
    let cv_max = (series.iter())
        .flat_map(|(_, ys, limit)| ys.iter().flatten().copied().chain([*limit]))
        .fold(0.0_f64, f64::max)
        .max(0.1)
        * 1.1;
    panel(
        &mut o,
        M,
        50.0,
        "CV after the plan (limits dashed) · 差异系数",
        &years,
        0.0,
        cv_max,
    );
    let mut limits: Vec<f64> = series.iter().map(|s| s.2).collect();
    limits.dedup();
    for l in limits {
        let y = 50.0 + H - l / cv_max * H;
        let _ = writeln!(
            o,
            r##"<line x1="{M}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#d62728" stroke-dasharray="5,4"/><text x="{:.1}" y="{:.1}" fill="#d62728">{l:.2}</text>"##,
            M + W,
            M + W + 4.0,
            y + 4.0
        );
    }
    for (k, (label, ys, _)) in series.iter().enumerate() {
        let pts: Vec<(f64, f64)> = (years.iter().zip(ys))
            .filter_map(|(&x, y)| y.map(|y| (x, y)))
            .collect();
        line(
            &mut o,
            M,
            50.0,
            &years,
            0.0,
            cv_max,
            &pts,
            colours[k % colours.len()],
        );
        let _ = writeln!(
            o,
            r#"<text x="{:.1}" y="{:.1}" fill="{}">{}</text>"#,
            M + 8.0 + (k % 3) as f64 * 120.0,
            50.0 + H + 34.0 + (k / 3) as f64 * 14.0,
            colours[k % colours.len()],
            esc(label)
        );
    }
    // panel 2: gaps
    let ox = 2.0 * M + W;
    let g_max = (rows.iter())
        .flat_map(|r| [r.gap_after, r.weighted_gap_after, r.gap_before])
        .fold(0.0_f64, f64::max)
        .max(1.0)
        * 1.1;
    panel(
        &mut o,
        ox,
        50.0,
        "gap after the plan (FTE) · 缺编",
        &years,
        0.0,
        g_max,
    );
    type Figure = fn(&YearRow) -> f64;
    let gaps: [(&str, Figure, &str); 3] = [
        ("before the plan · 规划前", |r| r.gap_before, "#999999"),
        ("after · 规划后", |r| r.gap_after, "#1f77b4"),
        ("weighted after · 加权", |r| r.weighted_gap_after, "#ff7f0e"),
    ];
    for (k, (label, f, colour)) in gaps.iter().enumerate() {
        let pts: Vec<(f64, f64)> = years.iter().zip(rows).map(|(&x, r)| (x, f(r))).collect();
        line(&mut o, ox, 50.0, &years, 0.0, g_max, &pts, colour);
        let _ = writeln!(
            o,
            r#"<text x="{:.1}" y="{:.1}" fill="{colour}">{}</text>"#,
            // two a row, as the CV legend: "before the plan · 规划前" is too wide for three
            ox + 8.0 + (k % 2) as f64 * 170.0,
            50.0 + H + 34.0 + (k / 2) as f64 * 14.0,
            esc(label)
        );
    }
    o.push_str("</svg>\n");
    o
}

/// A panel's frame, title and axes: years along x, 0 … `ymax` along y.
fn panel(o: &mut String, ox: f64, oy: f64, title: &str, years: &[f64], ymin: f64, ymax: f64) {
    let esc = crate::output::svg::esc;
    let _ = writeln!(
        o,
        r##"<text x="{ox}" y="{:.1}" font-size="12">{}</text><rect x="{ox}" y="{oy}" width="{W}" height="{H}" fill="none" stroke="#999"/>"##,
        oy - 6.0,
        esc(title)
    );
    for &x in years {
        let px = x_of(ox, years, x);
        let _ = writeln!(
            o,
            r##"<text x="{px:.1}" y="{:.1}" text-anchor="middle">{x}</text>"##,
            oy + H + 14.0
        );
    }
    for k in 0..=4 {
        let v = ymin + (ymax - ymin) * f64::from(k) / 4.0;
        let py = oy + H - (v - ymin) / (ymax - ymin) * H;
        let _ = writeln!(
            o,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            ox - 4.0,
            py + 4.0,
            if ymax < 5.0 {
                format!("{v:.2}")
            } else {
                format!("{v:.0}")
            }
        );
    }
}

fn x_of(ox: f64, years: &[f64], x: f64) -> f64 {
    let (a, b) = (
        years.first().copied().unwrap_or(0.0),
        years.last().copied().unwrap_or(0.0),
    );
    let span = if b > a { b - a } else { 1.0 };
    ox + 20.0 + (x - a) / span * (W - 40.0)
}

#[allow(clippy::too_many_arguments)]
fn line(
    o: &mut String,
    ox: f64,
    oy: f64,
    years: &[f64],
    ymin: f64,
    ymax: f64,
    pts: &[(f64, f64)],
    colour: &str,
) {
    let xy: Vec<String> = (pts.iter())
        .map(|&(x, y)| {
            let py = oy + H - (y - ymin) / (ymax - ymin) * H;
            format!("{:.1},{py:.1}", x_of(ox, years, x))
        })
        .collect();
    let _ = writeln!(
        o,
        r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"/>"#,
        xy.join(" ")
    );
    for p in &xy {
        let (x, y) = p.split_once(',').expect("x,y");
        let _ = writeln!(o, r#"<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>"#);
    }
}
