//! The report's charts on the plan page: each `<svg class="chart">` of the plan folder's
//! report.html with the heading above it. The report is rotaplan's own output, but a plan folder
//! may have been copied in by hand, so a chart is shown only when it is plain drawing: the
//! elements the report's charts use and no attribute that could run or load anything.

/// Elements a chart may hold.
const ELEMENTS: [&str; 10] = [
    "svg", "g", "line", "path", "rect", "text", "tspan", "title", "polyline", "circle",
];

/// (heading, svg) for each chart of `report`, in order; a chart that is not plain drawing is
/// left out.
pub fn from_report(report: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut heading = String::new();
    let mut rest = report;
    loop {
        let h2 = rest.find("<h2");
        let svg = rest.find("<svg class=\"chart\"");
        match (h2, svg) {
            (Some(h), s) if s.is_none_or(|s| h < s) => {
                let from = &rest[h..];
                let Some(open_end) = from.find('>') else {
                    break;
                };
                let Some(close) = from.find("</h2>") else {
                    break;
                };
                heading = from[open_end + 1..close].trim().to_string();
                rest = &from[close + 5..];
            }
            (_, Some(s)) => {
                let from = &rest[s..];
                let Some(end) = from.find("</svg>") else {
                    break;
                };
                let svg = &from[..end + 6];
                if plain(svg) && !heading.contains('<') {
                    out.push((heading.clone(), svg.to_string()));
                }
                rest = &from[end + 6..];
            }
            _ => break,
        }
    }
    out
}

/// Only the chart elements, no comment, declaration or entity other than the escapes, and no
/// event, link or style attribute.
fn plain(svg: &str) -> bool {
    let mut rest = svg;
    while let Some(at) = rest.find('<') {
        let tag = &rest[at + 1..];
        let Some(end) = tag.find('>') else {
            return false;
        };
        let inside = &tag[..end];
        let name: String = (inside.trim_start_matches('/').chars())
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !ELEMENTS.contains(&name.as_str()) {
            return false;
        }
        let lower = inside.to_ascii_lowercase();
        let attrs = lower.split(|c: char| c.is_whitespace()).skip(1);
        for a in attrs {
            let key = a.split('=').next().unwrap_or("");
            if key.starts_with("on") || key.contains("href") || key == "style" {
                return false;
            }
        }
        rest = &tag[end + 1..];
    }
    !svg.contains("&#") && !svg.contains("<!")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_come_with_their_headings_and_only_when_plain() {
        let report =
            "<h2 id=\"a\">各学科缺口</h2><p>x</p><svg class=\"chart\" viewBox=\"0 0 1 1\">\
<rect x=\"1\" fill=\"#fff\"/><text class=\"lb\">体育 &amp; 美术</text></svg>\
<h2>No chart</h2><h2>Bad</h2><svg class=\"chart\"><rect onclick=\"alert(1)\"/></svg>\
<h2>Worse</h2><svg class=\"chart\"><script>alert(1)</script></svg>\
<h2>Link</h2><svg class=\"chart\"><a xlink:href=\"javascript:x\"><text>t</text></a></svg>";
        let charts = from_report(report);
        assert_eq!(charts.len(), 1, "{charts:?}");
        assert_eq!(charts[0].0, "各学科缺口");
        assert!(charts[0].1.starts_with("<svg class=\"chart\"") && charts[0].1.ends_with("</svg>"));
    }
}
