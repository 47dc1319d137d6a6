//! report.html: one self-contained page (inline CSS and SVG, no scripts, no external URLs) for
//! the bureau's leadership: the headline figures, charts of the gaps before and after, the
//! quality-balance indicators against their limits, where the rotated teachers go, then the
//! full tables. Opens offline in any browser; `scripts/screenshot-report.sh` renders it to PNG.

use super::svg::{self, esc, Pair};
use super::{Lang, ReportCtx};
use crate::domain::Area;
use std::collections::BTreeMap;
use std::fmt::Write;

mod leaders;
mod staffing;
mod tables;
use tables::tables;

const CSS: &str = r#"
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","WenQuanYi Micro Hei",system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1d2430}
main{max-width:1080px;margin:0 auto;padding:24px 28px 60px}
h1{font-size:26px;margin:8px 0 4px}h2{font-size:20px;margin:34px 0 10px;border-bottom:2px solid #2a6f97;padding-bottom:4px}
.sub{color:#5a6270;margin:0 0 18px}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px}
.card{background:#fff;border-radius:8px;padding:12px 14px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.card .k{font-size:13px;color:#5a6270}.card .n{font-size:24px;font-weight:700;margin-top:4px}.card .d{font-size:12px;color:#5a6270}
.ok{color:#2a9d8f}.bad{color:#c1121f}
.box{background:#fff;border-radius:8px;padding:14px;box-shadow:0 1px 3px rgba(0,0,0,.08);overflow-x:auto}
.chart{max-width:100%;height:auto}.chart text{font-size:13px;fill:#1d2430}.chart .lg{font-size:12px}.chart .v{font-size:11px;fill:#5a6270;paint-order:stroke;stroke:#fff;stroke-width:3px}
table{border-collapse:collapse;width:100%;font-size:12.5px;background:#fff}
th{background:#ddebf7;text-align:left;padding:5px 6px;position:sticky;top:0}
td{padding:4px 6px;border-top:1px solid #e6e8eb}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.below td.v{color:#c1121f;font-weight:600}
tr.over td{background:#fce4d6}
.note{font-size:12.5px;color:#5a6270}
.box+.box{margin-top:10px}
ul.viol li{color:#c1121f}
@page{size:A4;margin:14mm 12mm}
@media print{body{background:#fff;font-size:11px}main{max-width:none;padding:0}.card,.box{box-shadow:none;border:1px solid #d0d4da}.box{overflow:visible}h2{break-after:avoid;page-break-after:avoid;margin-top:18px}.box:has(svg.chart){break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}th{position:static}table{font-size:10.5px}td,th{word-break:keep-all;overflow-wrap:normal}}
"#;

pub(super) fn num(x: f64, d: usize) -> String {
    let s = format!("{x:.d$}");
    if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_string()
    } else {
        s
    }
}

fn card(o: &mut String, key: &str, value: &str, detail: &str, class: &str) {
    let _ = write!(
        o,
        r#"<div class="card"><div class="k">{}</div><div class="n {class}">{}</div><div class="d">{}</div></div>"#,
        esc(key),
        esc(value),
        esc(detail)
    );
}

/// A table: header labels, rows of (text, numeric?) cells, and a class per row.
pub(super) fn table(o: &mut String, headers: &[String], rows: &[(Vec<(String, bool)>, &str)]) {
    o.push_str("<div class=\"box\"><table><thead><tr>");
    for h in headers {
        let _ = write!(o, "<th>{}</th>", esc(h));
    }
    o.push_str("</tr></thead><tbody>");
    for (cells, class) in rows {
        if class.is_empty() {
            o.push_str("<tr>");
        } else {
            let _ = write!(o, "<tr class=\"{class}\">");
        }
        for (c, numeric) in cells {
            if *numeric {
                let _ = write!(o, "<td class=\"n\">{}</td>", esc(c));
            } else {
                let _ = write!(o, "<td>{}</td>", esc(c));
            }
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table></div>");
}

pub(super) fn labels(l: Lang, pairs: &[(&str, &str)]) -> Vec<String> {
    pairs
        .iter()
        .map(|(zh, en)| l.t(zh, en).to_string())
        .collect()
}

pub(super) fn t(s: impl Into<String>) -> (String, bool) {
    (s.into(), false)
}
pub(super) fn n(x: f64, d: usize) -> (String, bool) {
    (num(x, d), true)
}

pub(crate) fn render(ctx: &ReportCtx) -> String {
    let l = ctx.lang;
    let legend = [
        l.t("方案前", "before"),
        l.t("方案后", "after"),
        l.t("标准/上限", "threshold/limit"),
    ];
    let mut o = String::new();
    head(&mut o, ctx);
    headline(&mut o, ctx);
    rule_status(&mut o, ctx);
    gap_charts(&mut o, ctx, legend);
    staffing::staffing(&mut o, ctx);
    indicators(&mut o, ctx, legend);
    flows(&mut o, ctx);
    staffing::itinerant(&mut o, ctx);
    leaders::leaders(&mut o, ctx);
    leaders::wishes(&mut o, ctx);
    tables(&mut o, ctx);
    let _ = writeln!(
        o,
        "<p class=\"note\">rotaplan · {}</p></main></body></html>",
        l.t(
            "明细文件：plan.xlsx、plan.csv、hires.csv、gaps.csv、unplaced.csv、coverage.csv、itinerant.csv、staffing.csv、summary.json",
            "detail files: plan.xlsx, plan.csv, hires.csv, gaps.csv, unplaced.csv, coverage.csv, itinerant.csv, staffing.csv, summary.json"
        )
    );
    o
}

/// The document head (title, inline CSS) and the page heading with the school year and term.
fn head(o: &mut String, ctx: &ReportCtx) {
    let l = ctx.lang;
    let s = &ctx.summary;
    let scenario = &ctx.loaded.scenario;
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{CSS}</style></head><body><main>",
        l.t("zh-CN", "en"),
        esc(&format!(
            "{} {}",
            s.scenario,
            l.t("交流轮岗与新教师分配方案", "rotation and hiring plan")
        ))
    );
    let _ = write!(
        o,
        "<h1>{} — {}</h1><p class=\"sub\">{} {}–{} · {} {} – {}{}</p>",
        esc(&s.scenario),
        l.t("交流轮岗与新教师分配方案", "Rotation and hiring plan"),
        l.t("学年", "School year"),
        s.plan_year,
        s.plan_year + 1,
        l.t("交流期", "term"),
        scenario.term_start(),
        scenario.term_end(),
        if ctx.names.is_anonymous() {
            l.t(" · 已匿名处理", " · anonymized")
        } else {
            ""
        }
    );
}

/// The four headline cards: rotated share, backbone share, must-serve placed, subject gap.
fn headline(o: &mut String, ctx: &ReportCtx) {
    let l = ctx.lang;
    let s = &ctx.summary;
    let scenario = &ctx.loaded.scenario;
    o.push_str("<div class=\"cards\">");
    let pol = &scenario.policy;
    let share_ok = s.rotation_share + 1e-9 >= pol.rotation_share;
    card(
        o,
        l.t("交流人数", "Rotated"),
        &s.rotated.to_string(),
        &format!(
            "{:.1}% {} {} ({} {:.0}%)",
            100.0 * s.rotation_share,
            l.t("占符合条件", "of eligible"),
            s.eligible,
            l.t("要求", "required"),
            100.0 * pol.rotation_share
        ),
        if share_ok { "ok" } else { "bad" },
    );
    card(
        o,
        l.t("骨干教师占比", "Backbone share"),
        &format!("{:.1}%", 100.0 * s.backbone_share),
        &format!(
            "{} {} ({} {:.0}%)",
            s.backbone_rotated,
            l.t("人", "teachers"),
            l.t("要求", "required"),
            100.0 * pol.backbone_share
        ),
        if s.backbone_share + 1e-9 >= pol.backbone_share {
            "ok"
        } else {
            "bad"
        },
    );
    card(
        o,
        l.t("须本年服务已安排", "Must serve placed"),
        &format!("{}/{}", s.must_serve_placed, s.must_serve),
        l.t("评高级职称、公费师范生", "senior title, publicly funded"),
        if s.must_serve_placed == s.must_serve {
            "ok"
        } else {
            "bad"
        },
    );
    card(
        o,
        l.t("学科缺口 (FTE)", "Subject gap (FTE)"),
        &format!("{:.1} → {:.1}", s.gap_before, s.gap_after),
        &format!(
            "{} {} · {} {:.1} → {:.1}",
            s.hires,
            l.t("名新教师", "hires placed"),
            l.t("加权", "weighted"),
            s.weighted_gap_before,
            s.weighted_gap_after
        ),
        "",
    );
    o.push_str("</div>");
}

/// Either the note that every rule is met or the list of rules the plan does not meet.
fn rule_status(o: &mut String, ctx: &ReportCtx) {
    let l = ctx.lang;
    let s = &ctx.summary;
    if s.violations.is_empty() {
        let _ = write!(
            o,
            "<p class=\"ok\">{}</p>",
            l.t("所有规则均已满足。", "Every rule is met.")
        );
    } else {
        let _ = write!(
            o,
            "<h2>{}</h2><ul class=\"viol\">",
            l.t("未能满足的规则", "Rules not met")
        );
        for v in &s.violations {
            let text = l.t(&v.message_zh, &v.message);
            let _ = write!(o, "<li><b>{}</b> {}</li>", esc(v.code), esc(text));
        }
        o.push_str("</ul>");
    }
    // beside the rules: what the plan leaves past a threshold, and where the gap grew
    let notes = s.side_effects();
    if !notes.is_empty() {
        let _ = write!(
            o,
            "<h2>{}</h2><ul class=\"viol\">",
            l.t("需要关注 (不属于规则)", "To note (not rules)")
        );
        for (en, zh) in &notes {
            let _ = write!(o, "<li>{}</li>", esc(l.t(zh, en)));
        }
        o.push_str("</ul>");
    }
}

/// The gap charts: by subject, by area, and the fifteen schools with the largest gaps.
fn gap_charts(o: &mut String, ctx: &ReportCtx, legend: [&str; 3]) {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let mut by_subject: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    let mut by_area: BTreeMap<Area, (f64, f64)> = BTreeMap::new();
    let mut by_school: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for g in &ctx.gaps {
        let area = county.school(&g.school_id).map(|x| x.area);
        let e = by_subject.entry(g.subject.as_str()).or_default();
        e.0 += g.gap_before();
        e.1 += g.gap_after();
        let e = by_school.entry(g.school_id.as_str()).or_default();
        e.0 += g.gap_before();
        e.1 += g.gap_after();
        if let Some(a) = area {
            let e = by_area.entry(a).or_default();
            e.0 += g.gap_before();
            e.1 += g.gap_after();
        }
    }
    let mut subjects: Vec<(&str, (f64, f64))> = by_subject
        .into_iter()
        .filter(|(_, v)| v.0 > 0.005 || v.1 > 0.005)
        .collect();
    subjects.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0).then(a.0.cmp(b.0)));
    let _ = write!(
        o,
        "<h2 id=\"gap-subject\">{}</h2><div class=\"box\">{}</div>",
        l.t("各学科缺口 (FTE)", "Gap by subject (FTE)"),
        svg::pairs(
            &subjects
                .iter()
                .map(|(sub, (b, a))| Pair {
                    label: ctx.subject(sub),
                    before: *b,
                    after: *a,
                    mark: None,
                })
                .collect::<Vec<_>>(),
            legend,
            1
        )
    );
    let _ = write!(
        o,
        "<h2 id=\"gap-area\">{}</h2><div class=\"box\">{}</div>",
        l.t("各区域缺口 (FTE)", "Gap by area (FTE)"),
        svg::pairs(
            &by_area
                .iter()
                .map(|(a, (b, af))| Pair {
                    label: l.area(*a).to_string(),
                    before: *b,
                    after: *af,
                    mark: None,
                })
                .collect::<Vec<_>>(),
            legend,
            1
        )
    );
    let mut schools: Vec<(&str, (f64, f64))> = by_school.into_iter().collect();
    schools.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0).then(a.0.cmp(b.0)));
    schools.truncate(15);
    let _ = write!(
        o,
        "<h2 id=\"largest\">{}</h2><div class=\"box\">{}</div>",
        l.t(
            "缺口最大的学校（前15所，FTE）",
            "Schools with the largest gaps (top 15, FTE)"
        ),
        svg::pairs(
            &schools
                .iter()
                .map(|(id, (b, a))| Pair {
                    label: county
                        .school(id)
                        .map(|x| x.name.clone())
                        .unwrap_or_else(|| id.to_string()),
                    before: *b,
                    after: *a,
                    mark: None,
                })
                .collect::<Vec<_>>(),
            legend,
            1
        )
    );
}

fn indicators(o: &mut String, ctx: &ReportCtx, legend: [&str; 3]) {
    let l = ctx.lang;
    let spreads = &ctx.indicators.spreads;
    let _ = write!(
        o,
        "<h2 id=\"indicators\">{}</h2><p class=\"note\">{}</p>",
        l.t(
            "优质均衡教师指标差异系数（2017年评估办法）",
            "Quality-balance indicators: coefficients of variation (2017 method)"
        ),
        l.t(
            "L1 每百名学生拥有高于规定学历教师数（小学专科、初中本科及以上）；L2 每百名学生拥有县级及以上骨干教师数；L3 每百名学生拥有体育、艺术专任教师数。差异系数按学生数加权，不足50人的教学点不计；上限小学0.50、初中0.45。",
            "L1 teachers above the required qualification (primary: college diploma, junior: bachelor) per 100 students; L2 county-level-or-higher backbone teachers per 100 students; L3 PE and arts teachers per 100 students. Coefficients are student-weighted, teaching points under 50 students left out; limits 0.50 primary, 0.45 junior."
        )
    );
    let items: Vec<Pair> = spreads
        .iter()
        .map(|sp| Pair {
            label: format!(
                "{} {}",
                l.stage(sp.stage),
                sp.indicator.key().to_uppercase()
            ),
            before: sp.cv_before.unwrap_or(0.0),
            after: sp.cv_after.unwrap_or(0.0),
            mark: Some(sp.cv_limit),
        })
        .collect();
    let _ = write!(
        o,
        "<div class=\"box\">{}</div>",
        svg::pairs(&items, legend, 3)
    );
    let headers = labels(
        l,
        &[
            ("学段", "stage"),
            ("指标", "indicator"),
            ("学校数", "schools"),
            ("差异系数前", "CV before"),
            ("差异系数后", "CV after"),
            ("上限", "limit"),
            (
                "低于标准校数 前→后",
                "schools below threshold before → after",
            ),
        ],
    );
    let cv = |x: Option<f64>| x.map(|v| num(v, 3)).unwrap_or_else(|| "—".into());
    let rows: Vec<(Vec<(String, bool)>, &str)> = spreads
        .iter()
        .map(|sp| {
            (
                vec![
                    t(l.stage(sp.stage)),
                    t(format!(
                        "{} {}",
                        sp.indicator.key().to_uppercase(),
                        l.t(sp.indicator.zh(), sp.indicator.en())
                    )),
                    n(sp.schools as f64, 0),
                    (cv(sp.cv_before), true),
                    (cv(sp.cv_after), true),
                    n(sp.cv_limit, 2),
                    (format!("{} → {}", sp.below_before, sp.below_after), true),
                ],
                if sp.meets(true) == Some(false) {
                    "below"
                } else {
                    ""
                },
            )
        })
        .collect();
    table(o, &headers, &rows);
}

/// Rotations between townships when every school names one, else between areas.
fn flows(o: &mut String, ctx: &ReportCtx) {
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let by_township = county.schools.iter().all(|s| s.township.is_some());
    let group = |i: usize| -> String {
        let s = &county.schools[i];
        match (&s.township, by_township) {
            (Some(t), true) => t.clone(),
            _ => l.area(s.area).to_string(),
        }
    };
    let mut links: BTreeMap<(String, String), u32> = BTreeMap::new();
    for p in ctx
        .lines
        .iter()
        .filter(|p| p.kind == crate::plan::MoveKind::Rotation)
    {
        *links.entry((group(p.from), group(p.to))).or_default() += 1;
    }
    let mut left: BTreeMap<String, u32> = BTreeMap::new();
    let mut right: BTreeMap<String, u32> = BTreeMap::new();
    for ((a, b), n) in &links {
        *left.entry(a.clone()).or_default() += n;
        *right.entry(b.clone()).or_default() += n;
    }
    let left: Vec<(String, u32)> = left.into_iter().collect();
    let right: Vec<(String, u32)> = right.into_iter().collect();
    let li: BTreeMap<&str, usize> = left
        .iter()
        .enumerate()
        .map(|(i, x)| (x.0.as_str(), i))
        .collect();
    let ri: BTreeMap<&str, usize> = right
        .iter()
        .enumerate()
        .map(|(i, x)| (x.0.as_str(), i))
        .collect();
    let edges: Vec<(usize, usize, u32)> = links
        .iter()
        .map(|((a, b), n)| (li[a.as_str()], ri[b.as_str()], *n))
        .collect();
    let _ = write!(
        o,
        "<h2 id=\"flows\">{}</h2>",
        if by_township {
            l.t(
                "交流流向（乡镇之间，人）",
                "Rotation flows between townships (teachers)",
            )
        } else {
            l.t(
                "交流流向（区域之间，人）",
                "Rotation flows between areas (teachers)",
            )
        }
    );
    if edges.is_empty() {
        let _ = write!(
            o,
            "<p class=\"note\">{}</p>",
            l.t("本方案无交流。", "No teacher rotates in this plan.")
        );
    } else {
        let _ = write!(
            o,
            "<div class=\"box\"><p class=\"note\">{}</p>{}</div>",
            l.t("左：派出；右：接收", "left: sending; right: receiving"),
            svg::flows(&left, &right, &edges)
        );
    }
}
