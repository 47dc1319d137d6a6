//! Inline SVG charts for report.html: paired bars (before/after, with an optional limit mark)
//! and a two-column flow diagram. Plain strings, no scripts, fixed decimals, so the report
//! renders offline and the same input gives the same bytes.

use std::fmt::Write;

/// Escapes text for HTML and SVG.
pub(crate) fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

pub(crate) const BEFORE: &str = "#f4a261";
pub(crate) const AFTER: &str = "#2a6f97";
const LIMIT: &str = "#c1121f";

/// One row of a paired-bar chart.
pub(crate) struct Pair {
    pub label: String,
    pub before: f64,
    pub after: f64,
    /// A value marked with a red line across the row (a threshold or limit).
    pub mark: Option<f64>,
}

/// Horizontal bars, before above after, one row per item. `legend` names the two series and
/// the mark.
pub(crate) fn pairs(items: &[Pair], legend: [&str; 3], decimals: usize) -> String {
    let label_w = 230.0;
    let bar_w = 560.0;
    let row_h = 34.0;
    let top = 30.0;
    let width = label_w + bar_w + 90.0;
    let height = top + row_h * items.len() as f64 + 10.0;
    let max = items
        .iter()
        .flat_map(|p| [p.before, p.after, p.mark.unwrap_or(0.0)])
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let scale = |v: f64| bar_w * v.max(0.0) / max;
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg class="chart" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img">"#
    );
    // Legend.
    let _ = write!(
        o,
        r#"<rect x="{label_w:.0}" y="6" width="12" height="12" fill="{BEFORE}"/><text x="{:.0}" y="16" class="lg">{}</text><rect x="{:.0}" y="6" width="12" height="12" fill="{AFTER}"/><text x="{:.0}" y="16" class="lg">{}</text>"#,
        label_w + 16.0,
        esc(legend[0]),
        label_w + 136.0,
        label_w + 152.0,
        esc(legend[1])
    );
    if items.iter().any(|p| p.mark.is_some()) {
        let _ = write!(
            o,
            r#"<line x1="{:.0}" y1="6" x2="{:.0}" y2="18" stroke="{LIMIT}" stroke-width="2"/><text x="{:.0}" y="16" class="lg">{}</text>"#,
            label_w + 276.0,
            label_w + 276.0,
            label_w + 284.0,
            esc(legend[2])
        );
    }
    for (i, p) in items.iter().enumerate() {
        let y = top + row_h * i as f64;
        let _ = write!(
            o,
            r#"<text x="{:.0}" y="{:.1}" class="lb" text-anchor="end">{}</text>"#,
            label_w - 8.0,
            y + 20.0,
            esc(&p.label)
        );
        // Bars, then the mark across them, then the values on top.
        let mut values = String::new();
        for (k, (v, color)) in [(p.before, BEFORE), (p.after, AFTER)].iter().enumerate() {
            let by = y + 4.0 + 13.0 * k as f64;
            let w = scale(*v);
            let _ = write!(
                o,
                r#"<rect x="{label_w:.0}" y="{by:.1}" width="{w:.1}" height="12" fill="{color}"/>"#
            );
            let _ = write!(
                values,
                r#"<text x="{:.1}" y="{:.1}" class="v">{v:.decimals$}</text>"#,
                label_w + w + 4.0,
                by + 10.0,
            );
        }
        if let Some(m) = p.mark {
            let x = label_w + scale(m);
            let _ = write!(
                o,
                r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="{LIMIT}" stroke-width="2" stroke-dasharray="4 2"/>"#,
                y + 1.0,
                y + 31.0
            );
        }
        o.push_str(&values);
    }
    o.push_str("</svg>");
    o
}

/// A flow diagram: senders on the left, receivers on the right, a band per (sender, receiver)
/// whose width is its count. Labels carry the totals.
pub(crate) fn flows(
    left: &[(String, u32)],
    right: &[(String, u32)],
    links: &[(usize, usize, u32)],
) -> String {
    let total: u32 = links.iter().map(|l| l.2).sum::<u32>().max(1);
    let gap = 14.0;
    let unit = (420.0 / total as f64).min(14.0);
    let column_h = |nodes: &[(String, u32)]| {
        nodes.iter().map(|n| n.1 as f64 * unit).sum::<f64>() + gap * nodes.len() as f64
    };
    let height = column_h(left).max(column_h(right)) + 30.0;
    let (x0, x1, node_w, width) = (230.0, 650.0, 14.0, 900.0);
    let place = |nodes: &[(String, u32)]| -> Vec<f64> {
        let mut y = 15.0;
        nodes
            .iter()
            .map(|n| {
                let at = y;
                y += n.1 as f64 * unit + gap;
                at
            })
            .collect()
    };
    let ly = place(left);
    let ry = place(right);
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg class="chart" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img">"#
    );
    let mut lcur = ly.clone();
    let mut rcur = ry.clone();
    let palette = [
        "#2a6f97", "#e76f51", "#2a9d8f", "#8338ec", "#e9c46a", "#6c757d",
    ];
    for &(a, b, n) in links {
        let h = n as f64 * unit;
        let (ya, yb) = (lcur[a], rcur[b]);
        lcur[a] += h;
        rcur[b] += h;
        let (sx, ex) = (x0 + node_w, x1);
        let mx = (sx + ex) / 2.0;
        let color = palette[a % palette.len()];
        let _ = write!(
            o,
            r#"<path d="M{sx:.1},{:.1} C{mx:.1},{:.1} {mx:.1},{:.1} {ex:.1},{:.1}" stroke="{color}" stroke-opacity="0.45" stroke-width="{:.1}" fill="none"><title>{n}</title></path>"#,
            ya + h / 2.0,
            ya + h / 2.0,
            yb + h / 2.0,
            yb + h / 2.0,
            h.max(1.0)
        );
    }
    for (i, (label, n)) in left.iter().enumerate() {
        let h = *n as f64 * unit;
        let _ = write!(
            o,
            r##"<rect x="{x0:.0}" y="{:.1}" width="{node_w:.0}" height="{:.1}" fill="#264653"/><text x="{:.0}" y="{:.1}" class="lb" text-anchor="end">{} ({n})</text>"##,
            ly[i],
            h.max(1.0),
            x0 - 6.0,
            ly[i] + h / 2.0 + 5.0,
            esc(label)
        );
    }
    for (i, (label, n)) in right.iter().enumerate() {
        let h = *n as f64 * unit;
        let _ = write!(
            o,
            r##"<rect x="{x1:.0}" y="{:.1}" width="{node_w:.0}" height="{:.1}" fill="#264653"/><text x="{:.0}" y="{:.1}" class="lb">{} ({n})</text>"##,
            ry[i],
            h.max(1.0),
            x1 + node_w + 6.0,
            ry[i] + h / 2.0 + 5.0,
            esc(label)
        );
    }
    o.push_str("</svg>");
    o
}
