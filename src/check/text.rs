//! The check report as text for the terminal, in the run's language (`--lang`): the verdict,
//! the violations with the rows that show them and their remedies, the mismatches, then the
//! recomputed figures. English is the report as it always was (its labels and verdict carry
//! their Chinese too); Chinese is said in Chinese throughout, codes, file names and ids kept.

use super::codes::RuleKind;
use super::report::{CheckReport, Figures, RowRef, DERIVED};
use crate::output::Lang;
use std::fmt::Write as _;

impl CheckReport {
    /// A readable report in English: verdict, violations, mismatches, then the recomputed
    /// figures ([`CheckReport::render_text_in`] with [`Lang::En`]).
    pub fn render_text(&self) -> String {
        self.render_text_in(Lang::En)
    }

    /// A readable report in `lang`: verdict, violations, mismatches, then the recomputed
    /// figures.
    pub fn render_text_in(&self, lang: Lang) -> String {
        let mut s = String::new();
        self.verdict(&mut s, lang);
        let _ = match (lang, &self.decisions.note_zh, &self.decisions.note) {
            (Lang::Zh, Some(note), _) => writeln!(s, "说明：{note}"),
            (_, _, Some(note)) => writeln!(s, "note: {note}"),
            _ => Ok(()),
        };
        for v in &self.violations {
            let tag = match (v.kind, v.declared) {
                (RuleKind::Hard, _) if DERIVED.contains(&v.code) && self.only_stale() => {
                    lang.t("已过时", "stale")
                }
                (RuleKind::Hard, _) => lang.t("错误", "error"),
                (RuleKind::Goal, false) => {
                    lang.t("目标未达成，未声明", "goal missed, not declared")
                }
                (RuleKind::Goal, true) => lang.t("目标未达成，已声明", "goal missed, declared"),
            };
            let _ = match lang {
                Lang::Zh => writeln!(
                    s,
                    "{tag}[{}] {}：{}",
                    v.code,
                    v.label_in(lang),
                    v.rule_in(lang)
                ),
                Lang::En => writeln!(s, "{tag}[{}] {}: {}", v.code, v.label, v.rule),
            };
            for r in &v.rows {
                let _ = writeln!(s, "    {} {}", lang.t("位置", "at"), render_row(r));
            }
            if v.is_fatal() {
                let _ = match lang {
                    Lang::Zh => writeln!(s, "    处理办法：{}", v.remedy_in(lang)),
                    Lang::En => writeln!(s, "    fix: {}", v.remedy),
                };
            }
        }
        for m in &self.mismatches {
            let at = match m.line {
                Some(l) => format!("{}:{l}", m.file),
                None => m.file.clone(),
            };
            let _ = match lang {
                Lang::Zh => writeln!(
                    s,
                    "数字不符[{}] {}：{at}：{}：复核为 {}，文件中为 {}",
                    m.code,
                    m.label_in(lang),
                    m.key_in(lang),
                    m.recomputed_in(lang),
                    m.found_in(lang)
                ),
                Lang::En => writeln!(
                    s,
                    "mismatch[{}] {}: {at}: {}: recomputed {}, found {}",
                    m.code, m.label, m.key, m.recomputed, m.found
                ),
            };
        }
        if !self.only_stale()
            && (!self.mismatches.is_empty()
                || self.violations.iter().any(|v| DERIVED.contains(&v.code)))
        {
            let _ = writeln!(
                s,
                "{}",
                lang.t(
                    "若人工修改过 plan.csv、hires.csv 或 leaders.csv，由其派生的其余文件已过时：\
                     请先运行 `rotaplan render SCENARIO DIR` 按修改后的决定重新生成，再重新检查",
                    "if plan.csv, hires.csv or leaders.csv was edited by hand, the files derived \
                     from them are stale: `rotaplan render SCENARIO DIR` rewrites them from the \
                     decisions, then check again · 若人工修改过方案，请先运行 rotaplan render \
                     重新生成其余文件"
                )
            );
        }
        self.figures(&mut s, lang);
        s
    }

    /// The first line: the plan keeps the rules, keeps them with stale derived files, or not.
    fn verdict(&self, s: &mut String, lang: Lang) {
        let broken = (self.violations.iter())
            .filter(|v| v.kind == RuleKind::Hard)
            .count();
        let missed = self.violations.len() - broken;
        let stale = self.stale();
        let mismatches = self.mismatches.len();
        let _ = match lang {
            _ if self.is_ok() => writeln!(s, "{}", lang.t("方案合规", "plan OK 方案合规")),
            Lang::Zh if self.only_stale() => writeln!(
                s,
                "方案合规：各项决定符合全部规则；警告：由决定派生的文件中有 {stale} 处数字或行已过时\
                 （plan.csv、hires.csv 或 plan.xlsx 经过人工修改？），请运行 \
                 `rotaplan render SCENARIO DIR` 重新生成"
            ),
            Lang::En if self.only_stale() => writeln!(
                s,
                "plan OK 方案合规: the decisions keep every rule; warning: {stale} stale figure(s) or row(s) in the files derived from them (plan.csv, hires.csv or plan.xlsx edited by hand?): `rotaplan render SCENARIO DIR` rewrites them · 警告：派生文件已过时，请运行 rotaplan render"
            ),
            Lang::Zh => writeln!(
                s,
                "方案不合规：违反规则 {broken} 条，未达成目标 {missed} 项，数字不符 {mismatches} 处"
            ),
            Lang::En => writeln!(
                s,
                "plan NOT OK 方案不合规: {broken} rule(s) broken, {missed} goal(s) missed, {mismatches} mismatch(es)"
            ),
        };
    }

    /// The recomputed figures, and the wishes' when the problem has applications.
    fn figures(&self, s: &mut String, lang: Lang) {
        let f = &self.recomputed;
        // (+ 0.0: an empty sum may be −0.0, printed "-0.0000")
        let itinerant = f.itinerant_fte + 0.0;
        let Figures {
            eligible,
            rotated,
            rotation_share,
            exchanged,
            backbone_rotated,
            backbone_share,
            must_serve_placed,
            must_serve,
            hires,
            hires_unspent,
            over_establishment_before,
            over_establishment_after,
            gap_before,
            gap_after,
            weighted_gap_before,
            weighted_gap_after,
            ..
        } = f;
        let _ = match lang {
            Lang::Zh => writeln!(
                s,
                "复核：符合交流条件 {eligible} 人，交流轮岗 {rotated} 人（{rotation_share:.4}），对口交流 {exchanged} 人，骨干教师 {backbone_rotated} 人（{backbone_share:.4}），必须交流 {must_serve_placed}/{must_serve} 人已安排，新教师 {hires} 人（{hires_unspent} 个名额未用），走教 {itinerant:.4} FTE，超编学校 {over_establishment_before} → {over_establishment_after} 所，缺口 {gap_before:.4} → {gap_after:.4}，加权缺口 {weighted_gap_before:.4} → {weighted_gap_after:.4}",
            ),
            Lang::En => writeln!(
                s,
                "recomputed 复核: eligible {eligible} rotated {rotated} ({rotation_share:.4}), exchanged {exchanged}, backbone {backbone_rotated} ({backbone_share:.4}), must serve {must_serve_placed}/{must_serve} placed, hires {hires} ({hires_unspent} unspent), itinerant {itinerant:.4} FTE, over establishment {over_establishment_before} -> {over_establishment_after}, gap {gap_before:.4} -> {gap_after:.4}, weighted {weighted_gap_before:.4} -> {weighted_gap_after:.4}",
            ),
        };
        let Some(w) = &f.wishes else { return };
        let _ = match lang {
            Lang::Zh => {
                let at: Vec<String> = (w.at_wish.iter().enumerate())
                    .map(|(k, n)| format!("第{}志愿 {n} 名", k + 1))
                    .collect();
                writeln!(
                    s,
                    "个人申请：申请教师 {} 名（其中自愿交流 {} 名），交流自愿者 {} 名、其他教师 {} 名，按志愿安排：{}，未按志愿安排 {} 名，合理嫉妒对 {} 对",
                    w.applicants,
                    w.volunteers,
                    w.volunteers_moved,
                    w.non_volunteers_moved,
                    if at.is_empty() { "无".to_string() } else { at.join("，") },
                    w.unwished,
                    w.envy_pairs
                )
            }
            Lang::En => writeln!(
                s,
                "wishes 个人申请: {} applicants ({} volunteers), moved {} volunteers and {} others, at wish {:?}, {} unwished, {} justified-envy pairs 合理嫉妒对",
                w.applicants,
                w.volunteers,
                w.volunteers_moved,
                w.non_volunteers_moved,
                w.at_wish,
                w.unwished,
                w.envy_pairs
            ),
        };
    }
}

fn render_row(r: &RowRef) -> String {
    match r.line {
        Some(l) => format!("{}:{l} ({})", r.file, r.id),
        None => format!("{} ({})", r.file, r.id),
    }
}
