//! summary.json's `wishes` block against the checker's own figures: every field that differs
//! is a C-SUMMARY mismatch; a block missing when the problem has applications, or present when
//! it has none, is one too.

use super::{wish_figures_with, SentTeacher, WishFigures};
use crate::check::files::SUMMARY;
use crate::check::report::Mismatch;
use crate::check::Ctx;
use crate::problem::Problem;
use serde_json::Value;

const KEY: &str = "wishes";

/// The figures of the plan's rotation rows (exchanges are not sent, leaders move in
/// leaders.csv), compared with summary.json when it was read.
pub(crate) fn check(problem: &Problem, ctx: &Ctx, out: &mut Vec<Mismatch>) -> Option<WishFigures> {
    let sent: Vec<SentTeacher> = ctx
        .rotations
        .iter()
        .map(|(r, _)| SentTeacher {
            teacher_id: &r.teacher_id,
            to_school: &r.to_school_id,
            subject: &r.subject,
        })
        .collect();
    let exchanged: Vec<&str> = (ctx.exchanges.iter())
        .map(|(r, _)| r.teacher_id.as_str())
        .collect();
    let figures = wish_figures_with(problem, &sent, &exchanged);
    if let Some(summary) = ctx.files.summary.as_ref() {
        let found = summary.get(KEY).filter(|v| !v.is_null());
        compare(figures.as_ref(), found, out);
    }
    figures
}

fn mismatch(key: &str, recomputed: impl Into<String>, found: impl Into<String>) -> Mismatch {
    Mismatch::new("C-SUMMARY", SUMMARY, None, key, recomputed, found)
}

/// A found number as written back in a message.
fn show(v: Option<f64>) -> String {
    v.map_or_else(|| "(missing)".to_string(), |v| v.to_string())
}

pub(super) fn compare(want: Option<&WishFigures>, found: Option<&Value>, out: &mut Vec<Mismatch>) {
    let (want, found) = match (want, found) {
        (None, None) => return,
        (None, Some(_)) => {
            out.push(
                mismatch(
                    KEY,
                    "(none: no applications · 无个人申请)",
                    "a wishes block · 有个人申请汇总",
                )
                .zh("（无：没有个人申请）", "有个人申请汇总（wishes）"),
            );
            return;
        }
        (Some(_), None) => {
            out.push(
                mismatch(KEY, "a wishes block · 个人申请汇总", "(missing)")
                    .zh("应有个人申请汇总（wishes）", "（缺失）"),
            );
            return;
        }
        (Some(w), Some(f)) => (w, f),
    };
    let get = |key: &str| found.get(key).and_then(Value::as_f64);
    for (key, value) in [
        ("applicants", want.applicants),
        ("volunteers", want.volunteers),
        ("volunteers_moved", want.volunteers_moved),
        ("non_volunteers_moved", want.non_volunteers_moved),
        ("unwished", want.unwished),
        ("envy_pairs", want.envy_pairs),
    ] {
        let got = get(key);
        if got != Some(value as f64) {
            out.push(mismatch(
                &format!("{KEY}.{key}"),
                value.to_string(),
                show(got),
            ));
        }
    }
    let got: Option<Vec<f64>> = found
        .get("at_wish")
        .and_then(Value::as_array)
        .and_then(|a| a.iter().map(Value::as_f64).collect());
    let expected: Vec<f64> = want.at_wish.iter().map(|&n| n as f64).collect();
    if got.as_ref() != Some(&expected) {
        let list = |v: &[f64]| {
            let items: Vec<String> = v.iter().map(f64::to_string).collect();
            format!("[{}]", items.join(", "))
        };
        out.push(mismatch(
            &format!("{KEY}.at_wish"),
            list(&expected),
            got.map_or_else(|| "(missing)".to_string(), |g| list(&g)),
        ));
    }
}
