//! The sweep chart, written by hand as SVG: one small panel per key figure against the swept
//! value, with a dashed line where a larger value stops paying off.

use super::{Point, Sweep};
use std::fmt::Write;

const PANEL_W: f64 = 340.0;
const PANEL_H: f64 = 200.0;
const MARGIN: f64 = 48.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn fmt(x: f64) -> String {
    crate::whatif::num(x)
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
    let cols = 2.0;
    let width = cols * (PANEL_W + MARGIN) + MARGIN;
    let height = 2.0 * (PANEL_H + MARGIN + 16.0) + MARGIN + 24.0;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let title = match s.stops_paying_off_after {
        Some(v) => format!("sweep of {} — stops paying off after {}", s.key, fmt(v)),
        None => format!("sweep of {}", s.key),
    };
    let _ = writeln!(
        out,
        r#"<text x="{MARGIN}" y="20" font-size="14">{}</text>"#,
        esc(&title)
    );
    let (xmin, xmax) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.value), b.max(p.value))
        });
    for (i, (label, f)) in figures.iter().enumerate() {
        let ox = MARGIN + (i % 2) as f64 * (PANEL_W + MARGIN);
        let oy = 40.0 + (i / 2) as f64 * (PANEL_H + MARGIN + 16.0);
        let _ = writeln!(
            out,
            r##"<text x="{ox}" y="{}" font-size="12">{}</text>"##,
            oy - 6.0,
            esc(label)
        );
        let _ = writeln!(
            out,
            r##"<rect x="{ox}" y="{oy}" width="{PANEL_W}" height="{PANEL_H}" fill="none" stroke="#999"/>"##
        );
        if points.is_empty() {
            continue;
        }
        let ys: Vec<f64> = points.iter().map(|p| f(p)).collect();
        let (ymin, ymax) = ys
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &y| {
                (a.min(y), b.max(y))
            });
        let span_x = if xmax > xmin { xmax - xmin } else { 1.0 };
        let span_y = if ymax > ymin { ymax - ymin } else { 1.0 };
        let px = |x: f64| ox + 8.0 + (x - xmin) / span_x * (PANEL_W - 16.0);
        let py = |y: f64| oy + PANEL_H - 8.0 - (y - ymin) / span_y * (PANEL_H - 16.0);
        if let Some(k) = s.stops_paying_off_after {
            let x = px(k);
            let _ = writeln!(
                out,
                r##"<line x1="{x:.1}" y1="{oy}" x2="{x:.1}" y2="{}" stroke="#c00" stroke-dasharray="4 3"/>"##,
                oy + PANEL_H
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
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{:.1}" text-anchor="end" fill="#555">{}</text>"##,
            ox - 4.0,
            oy + 12.0,
            fmt(ymax)
        );
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{:.1}" text-anchor="end" fill="#555">{}</text>"##,
            ox - 4.0,
            oy + PANEL_H,
            fmt(ymin)
        );
        let _ = writeln!(
            out,
            r##"<text x="{ox}" y="{}" fill="#555">{}</text>"##,
            oy + PANEL_H + 14.0,
            fmt(xmin)
        );
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" text-anchor="end" fill="#555">{} = {}</text>"##,
            ox + PANEL_W,
            oy + PANEL_H + 14.0,
            esc(&s.key),
            fmt(xmax)
        );
    }
    out.push_str("</svg>\n");
    out
}
