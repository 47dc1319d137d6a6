//! report.html's leader section (docs/leaders.md): the figures, then every leader who moves
//! and every due leader who stays; and the applications section (docs/wishes.md). Every name
//! is escaped by `table`.

use super::{labels, t, table};
use crate::output::ReportCtx;
use std::fmt::Write;

pub(super) fn leaders(o: &mut String, ctx: &ReportCtx) {
    let (Some(f), false) = (ctx.summary.leaders, ctx.leaders.is_empty()) else {
        return;
    };
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let _ = write!(
        o,
        "<h2 id=\"leaders\">{}</h2><p>{}</p>",
        l.t("干部交流", "Leader rotation"),
        l.t(
            &format!(
                "校长、副校长和中层干部共 {} 人，任职期满应交流 {} 人，本方案交流 {} 人；期满未能交流 {} 人，薄弱学校期满干部未由较强学校接任 {} 人。",
                f.leaders, f.due, f.moved, f.due_staying, f.weak_unserved
            ),
            &format!(
                "{} principals, vice principals and middle managers; {} due to rotate; {} moved; {} due leaders stay; {} due leaders of weak schools not replaced from a stronger school.",
                f.leaders, f.due, f.moved, f.due_staying, f.weak_unserved
            ),
        )
    );
    let rows: Vec<(Vec<(String, bool)>, &str)> = (ctx.leaders.iter())
        .filter(|x| x.to.is_some() || x.due_staying())
        .map(|x| {
            let tch = &county.teachers[x.teacher];
            let to = x.to.map_or("—", |s| county.schools[s].name.as_str());
            (
                vec![
                    t(ctx.names.id(county, x.teacher)),
                    t(ctx.names.name(county, x.teacher)),
                    t(l.t(tch.post.zh(), tch.post.key())),
                    t(&county.schools[x.school].name),
                    t(to),
                    t(x.years.map_or("—".to_string(), |y| y.to_string())),
                    t(l.t(x.reason.1, x.reason.0)),
                ],
                if x.to.is_none() { "over" } else { "" },
            )
        })
        .collect();
    table(
        o,
        &labels(
            l,
            &[
                ("工号", "id"),
                ("姓名", "name"),
                ("职务", "post"),
                ("原学校", "from school"),
                ("交流学校", "to school"),
                ("任现职年限", "years in post"),
                ("说明", "reason"),
            ],
        ),
        &rows,
    );
}

/// Applications and wishes (docs/wishes.md): the figures, with the justified-envy count of the
/// independent checker, and the twenty applicants with the most points.
pub(super) fn wishes(o: &mut String, ctx: &ReportCtx) {
    let Some(f) = &ctx.summary.wishes else {
        return;
    };
    let l = ctx.lang;
    let county = &ctx.loaded.county;
    let pct = if f.volunteers == 0 {
        0.0
    } else {
        100.0 * f.volunteers_moved as f64 / f.volunteers as f64
    };
    let ranks_zh: Vec<String> = (f.at_wish.iter().enumerate())
        .map(|(k, n)| format!("第{}志愿 {n} 人", k + 1))
        .collect();
    let ranks_en: Vec<String> = (f.at_wish.iter().enumerate())
        .map(|(k, n)| format!("{n} at wish {}", k + 1))
        .collect();
    let _ = write!(
        o,
        "<h2 id=\"wishes\">{}</h2><p>{}</p>",
        l.t("个人申请", "Applications and wishes"),
        l.t(
            &format!(
                "申请 {} 人，其中自愿 {} 人；交流自愿者 {} 人（{pct:.1}%），非自愿交流 {} 人；{}；安排到非志愿学校 {} 人。合理嫉妒对（积分更高者想要积分更低者的岗位，由独立校验计数）：{} 个。",
                f.applicants, f.volunteers, f.volunteers_moved, f.non_volunteers_moved,
                ranks_zh.join("，"), f.unwished, f.envy_pairs
            ),
            &format!(
                "{} applicants, {} volunteers; {} volunteers placed ({pct:.1}%), {} others sent; {}; {} sent where no wish lies. Justified-envy pairs (one with more points wants the post of one with fewer; counted by the independent checker): {}.",
                f.applicants, f.volunteers, f.volunteers_moved, f.non_volunteers_moved,
                ranks_en.join(", "), f.unwished, f.envy_pairs
            ),
        )
    );
    let rows: Vec<(Vec<(String, bool)>, &str)> = (ctx.wishes.iter().take(20).enumerate())
        .map(|(k, x)| {
            let (en, zh) = x.outcome_text();
            (
                vec![
                    t((k + 1).to_string()),
                    t(ctx.names.id(county, x.teacher)),
                    t(ctx.names.name(county, x.teacher)),
                    t(format!(
                        "{:.2}",
                        crate::rules::wishes::points_value(x.points)
                    )),
                    t(l.t(
                        if x.volunteer { "是" } else { "否" },
                        if x.volunteer { "yes" } else { "no" },
                    )),
                    t(x.wishes.join(" > ")),
                    t(l.t(&zh, &en)),
                ],
                "",
            )
        })
        .collect();
    table(
        o,
        &labels(
            l,
            &[
                ("排名", "rank"),
                ("工号", "id"),
                ("姓名", "name"),
                ("积分", "points"),
                ("自愿", "volunteer"),
                ("志愿", "wishes"),
                ("结果", "outcome"),
            ],
        ),
        &rows,
    );
}
