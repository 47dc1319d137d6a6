//! The texts of the errors of locks (locks.rs), in English and in Chinese, and where they are
//! reported.

use crate::diag::Diagnostic;
use crate::rules::Ineligible;
use crate::scenario::Lock;

/// Reports an error at a lock's line and the column of `field`, with its message and action
/// in English (`en`) and in Chinese (`zh`).
pub(super) fn lock_err(
    diags: &mut Vec<Diagnostic>,
    l: &Lock,
    code: &'static str,
    field: &str,
    en: (String, &str),
    zh: (String, &str),
) {
    diags.push(
        Diagnostic::error(code, en.0, en.1)
            .zh(zh.0, zh.1)
            .in_file(&l.file)
            .at(l.source_line, l.column(field))
            .field(field),
    )
}

/// The lines of the locks, as "3, 7, 9".
pub(super) fn lines(ls: &[&Lock]) -> String {
    ls.iter()
        .map(|l| l.source_line.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lines of the locks, as "3、7、9".
pub(super) fn lines_zh(ls: &[&Lock]) -> String {
    ls.iter()
        .map(|l| l.source_line.to_string())
        .collect::<Vec<_>>()
        .join("、")
}

/// Why a teacher of school `school` may not rotate, in English and in Chinese.
pub(super) fn ineligible_text(why: Ineligible, school: &str) -> (String, String) {
    match why {
        Ineligible::NotSendingArea => (
            format!("school {school} is not in a sending area"),
            format!("学校 {school} 不在派出区域"),
        ),
        Ineligible::ExemptSchool => (
            format!("school {school} is exempt this year"),
            format!("学校 {school} 本年度免于交流"),
        ),
        Ineligible::Deferred(r) => (
            format!("rotation deferred ({} {})", r.key(), r.zh()),
            format!("暂缓交流（{}，{}）", r.zh(), r.key()),
        ),
        Ineligible::RestAfterTerm { ended } => (
            format!(
                "back from a term that ended on {ended}, within policy.rest_years_after_term · 交流期满间隔期内"
            ),
            format!(
                "上一次交流期于 {ended} 结束，仍在交流期满间隔期内（policy.rest_years_after_term）"
            ),
        ),
        Ineligible::OnTerm { until } => (
            format!("on a term at {school} until {until} (service ledger) · 交流期未满"),
            format!("正在 {school} 交流，至 {until} 期满（服务台账）：交流期未满"),
        ),
        Ineligible::Leader { post } => (
            format!(
                "a {} rotates under [leaders], not as a teacher · {}按干部交流规则轮岗",
                post.key(),
                post.zh()
            ),
            format!(
                "{}（{}）按干部交流规则（[leaders]）轮岗，不作为教师交流",
                post.zh(),
                post.key()
            ),
        ),
    }
}
