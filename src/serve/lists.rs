//! The overview's named lists on a scenario's page: the teachers who must serve this year, the
//! deferred, and those due to rotate, each a table the clerk can read against the roster.

use crate::inspect::NamedTeacher;
use crate::output::svg::esc;
use crate::output::Lang;
use std::fmt::Write;

/// The three lists as HTML (each folded, with its count), names and values escaped;
/// `subject` gives a subject id's name in the page's language.
pub fn named_lists(l: Lang, named: &[NamedTeacher], subject: &dyn Fn(&str) -> String) -> String {
    let mut b = String::new();
    for (list, zh, en) in [
        (
            "must_serve",
            "本年必须交流的教师",
            "Teachers who must serve this year",
        ),
        (
            "deferred",
            "暂缓交流的教师（派出区域）",
            "Deferred teachers (sending areas)",
        ),
        (
            "due",
            "同校任教到期、应交流的教师",
            "Teachers due to rotate",
        ),
    ] {
        let rows: Vec<&NamedTeacher> = named.iter().filter(|t| t.list == list).collect();
        let _ = write!(
            b,
            "<details class=\"named\" data-list=\"{list}\"><summary>{}（{}）</summary>\
<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            l.t(zh, en),
            rows.len(),
            l.t("工号", "Id"),
            l.t("姓名", "Name"),
            l.t("学校", "School"),
            l.t("学科", "Subject"),
            l.t("原因", "Reason"),
            l.t("同校年限", "Years in school"),
            l.t("本年可交流", "May rotate"),
        );
        for t in rows {
            let reason = match l {
                Lang::Zh => t.reason_zh.clone(),
                Lang::En => t.reason.replace('_', " "),
            };
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&t.teacher_id),
                esc(&t.name),
                esc(&t.school_id),
                esc(&t.school),
                esc(&subject(&t.subject)),
                esc(&reason),
                t.years_in_school,
                if t.eligible { l.t("是", "yes") } else { l.t("否（需处理）", "no (to resolve)") },
            );
        }
        b.push_str("</table></details>");
    }
    b
}
