//! The sweep chart, written by hand as SVG: one panel per key figure against the swept value,
//! each with real axes — ticks at round steps (1, 2 or 5 × 10ⁿ) with their labels and light
//! grid lines, the y axis from zero (every figure is a count or an amount, so its size reads
//! true), the x axis named by the swept key — and a dashed, labelled line where a larger value
//! stops paying off.

use super::{Point, Sweep};
use std::fmt::Write;

const PANEL_W: f64 = 340.0;
const PANEL_H: f64 = 200.0;
/// Room left of a panel for the y tick labels, and between panels.
const LEFT: f64 = 64.0;
const GAP: f64 = 36.0;

fn esc(s: &str) -> String {
    crate::output::svg::esc(s)
}

fn fmt(x: f64) -> String {
    crate::whatif::num(x)
}

/// A round step (1, 2 or 5 × 10ⁿ) that cuts `span` into about `parts` pieces.
fn nice_step(span: f64, parts: f64) -> f64 {
    if span <= 0.0 || !span.is_finite() {
        return 1.0;
    }
    let raw = span / parts;
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// Ticks from `lo` to `hi` (widened to whole steps): (first, last, step).
fn ticks(lo: f64, hi: f64, parts: f64) -> (f64, f64, f64) {
    let (lo, hi) = if hi > lo { (lo, hi) } else { (lo, lo + 1.0) };
    let step = nice_step(hi - lo, parts);
    let first = (lo / step + 1e-9).floor() * step;
    let last = (hi / step - 1e-9).ceil() * step;
    (first, last, step)
}

/// The tick values, first to last.
fn tick_values((first, last, step): (f64, f64, f64)) -> Vec<f64> {
    let n = ((last - first) / step + 0.5).floor() as usize;
    (0..=n.min(50))
        .map(|k| {
            let v = first + k as f64 * step;
            // no "-0" and no 0.30000000000000004
            let r = (v / step).round() * step;
            if r.abs() < step * 1e-9 {
                0.0
            } else {
                (r * 1e9).round() / 1e9
            }
        })
        .collect()
}

pub fn chart(s: &Sweep) -> String {
    type Fig = fn(&Point) -> f64;
    let figures: [(&str, Fig); 4] = [
        ("weighted gap after 加权缺编", |p| {
            p.row.weighted_gap_after
        }),
        ("gap after (FTE) 缺编", |p| p.row.gap_after),
        ("rotated 交流人数", |p| p.row.rotated as f64),
        ("travel (km-eq.) 路程", |p| p.row.travel),
    ];
    let points: Vec<&Point> = s.points.iter().filter(|p| p.row.exit_code <= 1).collect();
    let width = 2.0 * (LEFT + PANEL_W) + GAP + 16.0;
    let panel_h = PANEL_H + 70.0;
    let height = 2.0 * panel_h + 40.0;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let title = match s.stops_paying_off_after {
        Some(v) => format!(
            "sweep of {} — stops paying off after {} · 超过 {} 后收益不再增加",
            s.key,
            fmt(v),
            fmt(v)
        ),
        None => format!("sweep of {} · 参数扫描", s.key),
    };
    let _ = writeln!(
        out,
        r#"<text x="{LEFT}" y="20" font-size="14">{}</text>"#,
        esc(&title)
    );
    let (xmin, xmax) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.value), b.max(p.value))
        });
    let xt = ticks(xmin, xmax, 5.0);
    for (i, (label, f)) in figures.iter().enumerate() {
        let ox = LEFT + (i % 2) as f64 * (PANEL_W + GAP + LEFT);
        let oy = 48.0 + (i / 2) as f64 * panel_h;
        let _ = writeln!(
            out,
            r##"<text x="{ox}" y="{}" font-size="12" font-weight="bold">{}</text>"##,
            oy - 8.0,
            esc(label)
        );
        if points.is_empty() {
            let _ = writeln!(
                out,
                r##"<rect x="{ox}" y="{oy}" width="{PANEL_W}" height="{PANEL_H}" fill="none" stroke="#999"/>"##
            );
            continue;
        }
        let ys: Vec<f64> = points.iter().map(|p| f(p)).collect();
        let ymax = ys.iter().copied().fold(0.0, f64::max);
        // from zero: every figure here is a count or an amount
        let yt = ticks(0.0, ymax.max(1e-9), 4.0);
        let px = |x: f64| ox + (x - xt.0) / (xt.1 - xt.0) * PANEL_W;
        let py = |y: f64| oy + PANEL_H - (y - yt.0) / (yt.1 - yt.0) * PANEL_H;
        for y in tick_values(yt) {
            let _ = writeln!(
                out,
                r##"<line x1="{ox}" y1="{0:.1}" x2="{1}" y2="{0:.1}" stroke="{2}"/><text x="{3}" y="{4:.1}" text-anchor="end" fill="#333">{5}</text>"##,
                py(y),
                ox + PANEL_W,
                if y == 0.0 { "#333" } else { "#e4e4e4" },
                ox - 6.0,
                py(y) + 4.0,
                fmt(y)
            );
        }
        for x in tick_values(xt) {
            let _ = writeln!(
                out,
                r##"<line x1="{0:.1}" y1="{1}" x2="{0:.1}" y2="{2}" stroke="#e4e4e4"/><line x1="{0:.1}" y1="{2}" x2="{0:.1}" y2="{3}" stroke="#333"/><text x="{0:.1}" y="{4}" text-anchor="middle" fill="#333">{5}</text>"##,
                px(x),
                oy,
                oy + PANEL_H,
                oy + PANEL_H + 4.0,
                oy + PANEL_H + 16.0,
                fmt(x)
            );
        }
        let _ = writeln!(
            out,
            r##"<line x1="{ox}" y1="{oy}" x2="{ox}" y2="{0}" stroke="#333"/><text x="{1}" y="{2}" text-anchor="middle" fill="#333">{3}</text>"##,
            oy + PANEL_H,
            ox + PANEL_W / 2.0,
            oy + PANEL_H + 32.0,
            esc(&s.key)
        );
        if let Some(k) = s.stops_paying_off_after {
            let x = px(k);
            let _ = writeln!(
                out,
                r##"<line x1="{x:.1}" y1="{oy}" x2="{x:.1}" y2="{}" stroke="#c00" stroke-dasharray="4 3"/><text x="{:.1}" y="{}" fill="#c00">stops paying off · 收益不再增加 ({})</text>"##,
                oy + PANEL_H,
                x + 4.0,
                oy + 12.0,
                fmt(k)
            );
        }
        let path: Vec<String> = points
            .iter()
            .zip(&ys)
            .map(|(p, &y)| format!("{:.1},{:.1}", px(p.value), py(y)))
            .collect();
        let _ = writeln!(
            out,
            r##"<polyline points="{}" fill="none" stroke="#1f5fa8" stroke-width="2"/>"##,
            path.join(" ")
        );
        for (p, &y) in points.iter().zip(&ys) {
            let _ = writeln!(
                out,
                r##"<circle cx="{:.1}" cy="{:.1}" r="3" fill="#1f5fa8"><title>{} = {}: {}</title></circle>"##,
                px(p.value),
                py(y),
                esc(&s.key),
                fmt(p.value),
                fmt(y)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_fall_on_round_steps() {
        assert_eq!(
            tick_values(ticks(0.0, 66.9, 4.0)),
            vec![0.0, 20.0, 40.0, 60.0, 80.0]
        );
        assert_eq!(
            tick_values(ticks(0.0, 40.0, 5.0)),
            vec![0.0, 10.0, 20.0, 30.0, 40.0]
        );
        assert_eq!(
            tick_values(ticks(0.1, 0.2, 5.0)),
            vec![0.1, 0.12, 0.14, 0.16, 0.18, 0.2]
        );
        // one point: a span of one
        assert_eq!(
            tick_values(ticks(5.0, 5.0, 5.0)),
            vec![5.0, 5.2, 5.4, 5.6, 5.8, 6.0]
        );
    }
}
