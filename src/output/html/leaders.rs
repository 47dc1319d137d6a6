//! report.html's leader section (docs/leaders.md): the figures, then every leader who moves
//! and every due leader who stays. Every name is escaped by `table`.

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
