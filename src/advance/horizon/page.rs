//! horizon.html: the five-year plan on one printable page, in Chinese with English beside it —
//! the years side by side, the chart of horizon.svg, and the must-serve teachers whose year is
//! not simply their deadline year (brought forward, late, not eligible, not placed), with why.
//! Every name is escaped; no scripts; the same projection gives the same bytes.

use super::files::chart;
use super::Projection;
use crate::advance::deadlines::{tally, DeadlineRow, Outcome};
use crate::output::svg::esc;
use std::fmt::Write;

const CSS: &str = r#"
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",system-ui,sans-serif;margin:0;color:#1d2430}
main{max-width:1080px;margin:0 auto;padding:20px 24px 40px}
h1{font-size:22px;margin:4px 0}h2{font-size:17px;margin:24px 0 8px;border-bottom:2px solid #2a6f97;padding-bottom:3px}
.sub,.note{color:#5a6270;font-size:12.5px}.bad{color:#c1121f}
table{border-collapse:collapse;width:100%;font-size:12px}
th{background:#ddebf7;text-align:left;padding:4px 5px}td{padding:3px 5px;border-top:1px solid #e6e8eb}
td.n{text-align:right;font-variant-numeric:tabular-nums}
svg{max-width:100%;height:auto}
@page{size:A4 landscape;margin:12mm}
@media print{main{padding:0}h2{break-after:avoid}tr,svg{break-inside:avoid}}
"#;

/// The page for the projection of the scenario called `name`.
pub(super) fn html(p: &Projection, name: &str) -> String {
    let (first, last) = match (p.years.first(), p.years.last()) {
        (Some(f), Some(l)) => (f.year, l.year),
        _ => (0, 0),
    };
    let title = format!("{name}: {first}–{last} 五年规划 · plan over the years");
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title><style>{CSS}</style></head><body><main>\n<h1>{}</h1>\n",
        esc(&title),
        esc(&title)
    );
    let _ = writeln!(
        o,
        "<p class=\"sub\">每年方案均经独立复核；期限年无法安排的必须交流教师已提前安排。Each year's plan is checked on its own; must-serve teachers whose deadline year could not place them were brought forward ({} round(s) 轮).</p>",
        p.rounds
    );
    if p.round_limit {
        let _ = writeln!(
            o,
            "<p class=\"bad\">提前安排已达轮次上限 · stopped at the round limit with teachers still to bring forward</p>"
        );
    }
    // the years
    let _ = writeln!(
        o,
        "<h2>逐年概况 · Year by year</h2>\n<table><tr><th>年份 Year</th><th>可交流 Eligible</th><th>交流 Rotated</th><th>必须交流 Must serve</th><th>提前 Ahead</th><th>招聘 Hires</th><th>缺编 Gap (FTE)</th><th>复核 Check</th><th>未满足 Rules not met</th></tr>"
    );
    for r in &p.years {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{} ({:.1}%)</td><td class=\"n\">{}/{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1} → {:.1}</td><td>{}</td><td>{}</td></tr>",
            r.year,
            r.eligible,
            r.rotated,
            100.0 * r.rotation_share,
            r.must_serve_placed,
            r.must_serve,
            r.brought_forward,
            r.hires,
            r.gap_before,
            r.gap_after,
            if r.check_ok { "通过 OK" } else { "<span class=\"bad\">未通过 failed</span>" },
            esc(&r.violations.join("; "))
        );
    }
    o.push_str("</table>\n");
    if let (Some(plain), Some(y1)) = (&p.plain_first_year, p.years.first()) {
        let _ = writeln!(
            o,
            "<p class=\"note\">为后续年份付出的代价 · price of the later years in {}: 加权缺编 weighted gap {:.1}（单年方案 plain one-year plan {:.1}），交流 rotated {}（{}）</p>",
            y1.year, y1.weighted_gap_after, plain.weighted_gap_after, y1.rotated, plain.rotated
        );
    }
    let _ = writeln!(
        o,
        "<h2>均衡系数与缺编 · Coefficients and gaps</h2>\n{}",
        chart(&p.years)
    );
    // the deadlines
    let _ = writeln!(
        o,
        "<h2>必须交流期限 · Must-serve deadlines</h2>\n<p class=\"sub\">{}（全部名单见 deadlines.csv · every teacher in deadlines.csv）</p>",
        tally(&p.deadlines)
    );
    let rest: Vec<&DeadlineRow> = (p.deadlines.iter())
        .filter(|d| d.outcome != Outcome::OnTime)
        .collect();
    if !rest.is_empty() {
        o.push_str("<table><tr><th>工号 ID</th><th>姓名 Name</th><th>学校 School</th><th>学科 Subject</th><th>评职年份 Target</th><th>期限年 Deadline</th><th>交流年份 Year</th><th>去向 To</th><th>结果 Outcome</th><th>说明 Why</th></tr>\n");
        for d in rest {
            let opt = |v: Option<i32>| v.map_or(String::from("—"), |y| y.to_string());
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} {}</td><td>{}</td></tr>",
                esc(&d.teacher_id),
                esc(&d.name),
                esc(&d.school_id),
                esc(&format!("{} {}", d.subject_zh, d.subject)),
                opt(d.target_year),
                d.must_serve_from,
                opt(d.placed_year),
                esc(d.placed_school.as_deref().unwrap_or("—")),
                d.outcome.zh(),
                d.outcome.key(),
                esc(&d.note)
            );
        }
        o.push_str("</table>\n");
    }
    o.push_str("</main></body></html>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_the_data_are_escaped() {
        let p = Projection {
            years: Vec::new(),
            deadlines: vec![DeadlineRow {
                teacher_id: "T<1>".into(),
                name: "<script>alert(1)</script>".into(),
                school_id: "S\"1".into(),
                subject: "music".into(),
                reason: "senior_title".into(),
                target_year: Some(2029),
                must_serve_from: 2028,
                placed_year: None,
                placed_school: None,
                outcome: Outcome::NotPlaced,
                note: "a & b".into(),
                subject_zh: "音乐".into(),
                barred: None,
                placed_ahead: false,
            }],
            plain_first_year: None,
            rounds: 1,
            round_limit: false,
        };
        let page = html(&p, "县<b>");
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("县&lt;b&gt;"));
        assert!(page.contains("S&quot;1") && page.contains("a &amp; b"));
    }
}
