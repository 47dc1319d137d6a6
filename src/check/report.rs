//! What the checker hands back: violations of the rules (hard or goal), mismatches between the
//! plan's own figures and the recomputed ones, and the recomputed figures themselves. Kept as
//! plain data so the CLI can print it as text or JSON and tests can assert on codes and lines.

use super::codes::{info, RuleKind};
use crate::output::Lang;
use serde::Serialize;

/// A row that shows the problem: a plan file row, a roster row, or a file as a whole.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RowRef {
    /// File name (`plan.csv`) or the roster file as the scenario names it.
    pub file: String,
    /// 1-based physical line; `None` when the problem concerns the file or a row that is absent.
    pub line: Option<usize>,
    /// Teacher, school or key the row is about.
    pub id: String,
}

impl RowRef {
    pub fn new(file: impl Into<String>, line: Option<usize>, id: impl Into<String>) -> Self {
        RowRef {
            file: file.into(),
            line,
            id: id.into(),
        }
    }
}

/// A rule the plan breaks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    pub code: &'static str,
    /// Bilingual label, e.g. `Housing 周转宿舍`.
    pub label: &'static str,
    pub kind: RuleKind,
    /// The rule as it applies here, in a plain sentence.
    pub rule: String,
    /// The same sentence in Chinese; empty when there is none ([`Violation::rule_in`] then
    /// gives `rule`).
    pub rule_zh: String,
    pub rows: Vec<RowRef>,
    pub remedy: &'static str,
    /// The remedy in Chinese.
    pub remedy_zh: &'static str,
    /// For goals: summary.json names this code among its violations, so the miss is admitted.
    pub declared: bool,
}

impl Violation {
    pub fn new(code: &'static str, rule: impl Into<String>, rows: Vec<RowRef>) -> Self {
        let i = info(code);
        Violation {
            code,
            label: i.label,
            kind: i.kind,
            rule: rule.into(),
            rule_zh: String::new(),
            rows,
            remedy: i.remedy,
            remedy_zh: i.remedy_zh,
            declared: false,
        }
    }

    /// The rule's sentence in Chinese: `Violation::new(code, english, rows).zh(chinese)`.
    pub fn zh(mut self, text: impl Into<String>) -> Self {
        self.rule_zh = text.into();
        self
    }

    /// The rule's sentence in `lang` (the English one when no Chinese one was given).
    pub fn rule_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh if !self.rule_zh.is_empty() => &self.rule_zh,
            _ => &self.rule,
        }
    }

    /// The remedy in `lang`.
    pub fn remedy_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh if !self.remedy_zh.is_empty() => self.remedy_zh,
            _ => self.remedy,
        }
    }

    /// The label in `lang`: the bilingual label in English, its Chinese part in Chinese.
    pub fn label_in(&self, lang: Lang) -> &'static str {
        label_in(self.label, lang)
    }

    /// A hard violation, or a goal miss the plan does not admit.
    pub fn is_fatal(&self) -> bool {
        self.kind == RuleKind::Hard || !self.declared
    }
}

/// A figure the plan files state that differs from the recomputed one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    pub code: &'static str,
    pub label: &'static str,
    pub file: String,
    pub line: Option<usize>,
    /// What is compared: `R1/music gap_after`, `rotated`, `T01 backbone`.
    pub key: String,
    /// The checker's value, `(none)` when the row should not exist.
    pub recomputed: String,
    /// The file's value, `(missing)` when absent.
    pub found: String,
    /// `key` in Chinese, when it holds words (empty: the same as `key`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key_zh: String,
    /// `recomputed` and `found` in Chinese, when they are words rather than values (empty: the
    /// same, with `(missing)`, `(none)` and `(empty)` said in Chinese).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub recomputed_zh: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub found_zh: String,
}

impl Mismatch {
    pub fn new(
        code: &'static str,
        file: &str,
        line: Option<usize>,
        key: impl Into<String>,
        recomputed: impl Into<String>,
        found: impl Into<String>,
    ) -> Self {
        Mismatch {
            code,
            label: info(code).label,
            file: file.to_string(),
            line,
            key: key.into(),
            recomputed: recomputed.into(),
            found: found.into(),
            key_zh: String::new(),
            recomputed_zh: String::new(),
            found_zh: String::new(),
        }
    }

    /// The recomputed and the found value in Chinese, when they are words.
    pub fn zh(mut self, recomputed: impl Into<String>, found: impl Into<String>) -> Self {
        self.recomputed_zh = recomputed.into();
        self.found_zh = found.into();
        self
    }

    /// The key in Chinese, when it holds words.
    pub fn key_zh(mut self, key: impl Into<String>) -> Self {
        self.key_zh = key.into();
        self
    }

    pub fn label_in(&self, lang: Lang) -> &'static str {
        label_in(self.label, lang)
    }

    pub fn key_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh if !self.key_zh.is_empty() => &self.key_zh,
            _ => &self.key,
        }
    }

    pub fn recomputed_in(&self, lang: Lang) -> &str {
        value_in(&self.recomputed, &self.recomputed_zh, lang)
    }

    pub fn found_in(&self, lang: Lang) -> &str {
        value_in(&self.found, &self.found_zh, lang)
    }
}

/// A bilingual label (`Housing 周转宿舍`) in `lang`: as it is in English, its Chinese part
/// (from the first character that is not ASCII) in Chinese.
fn label_in(label: &'static str, lang: Lang) -> &'static str {
    match (lang, label.find(|c: char| !c.is_ascii())) {
        (Lang::Zh, Some(at)) => &label[at..],
        _ => label,
    }
}

/// A mismatch's value in `lang`: the Chinese text given, else the value with the placeholders
/// `(missing)`, `(none)` and `(empty)` said in Chinese.
fn value_in<'a>(en: &'a str, zh: &'a str, lang: Lang) -> &'a str {
    match lang {
        Lang::En => en,
        Lang::Zh if !zh.is_empty() => zh,
        Lang::Zh => match en {
            "(missing)" => "（缺失）",
            "(none)" => "（不应有此行）",
            "(empty)" => "（空）",
            _ => en,
        },
    }
}

/// The summary figures as the checker recomputes them (same keys as summary.json).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    pub eligible: usize,
    pub rotated: usize,
    pub rotation_share: f64,
    pub backbone_rotated: usize,
    pub backbone_share: f64,
    pub must_serve: usize,
    pub must_serve_placed: usize,
    pub hires: u64,
    pub gap_before: f64,
    pub gap_after: f64,
    pub weighted_gap_before: f64,
    pub weighted_gap_after: f64,
    /// plan.csv rows of kind exchange.
    pub exchanged: usize,
    /// Hires of the batches (and budget) not placed.
    pub hires_unspent: u64,
    /// Σ itinerant.csv fte.
    pub itinerant_fte: f64,
    /// Schools whose headcount before / after the plan exceeds their establishment.
    pub over_establishment_before: usize,
    pub over_establishment_after: usize,
    /// Unweighted gap (FTE) per area key, before and after.
    pub gap_by_area: std::collections::BTreeMap<String, AreaGap>,
    /// summary.json `wishes`, when the problem has applications (docs/wishes.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wishes: Option<super::wishes::WishFigures>,
}

/// The gap of one area before and after the plan, in FTE.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct AreaGap {
    pub before: f64,
    pub after: f64,
}

/// One recomputed gaps.csv row, with the weight used for the weighted gaps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapRow {
    pub school_id: String,
    pub subject: String,
    pub need_fte: f64,
    pub staff_before: f64,
    pub staff_after: f64,
    /// Σ coverage.csv and itinerant.csv fte at this school and subject.
    pub covered_after: f64,
    /// The itinerant part of `covered_after`.
    pub itinerant_fte: f64,
    /// need − coverage by the school's before-plan staff, subjects filled in id order; only its
    /// sum per school is compared with gaps.csv.
    pub gap_before: f64,
    pub gap_after: f64,
    pub weight: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CheckReport {
    pub violations: Vec<Violation>,
    pub mismatches: Vec<Mismatch>,
    pub recomputed: Figures,
    /// The gaps.csv rows as recomputed, sorted by school and subject.
    pub gaps: Vec<GapRow>,
    /// Which copy of the decisions was read: plan.csv and hires.csv, or plan.xlsx (an edited
    /// workbook).
    pub decisions: DecisionSource,
}

/// The rules about files derived from the decisions (coverage, itinerant teaching, the unplaced
/// list, gaps, staffing, summary, plan.csv's flags and distances): a plan edited by hand breaks
/// them until `rotaplan render` writes those files again.
pub const DERIVED: [&str; 9] = [
    "C-DECISIONS",
    "C-COVERAGE",
    "C-ITINERANT",
    "C-UNPLACED-LIST",
    "C-GAPS",
    "C-SUMMARY",
    "C-STAFFING",
    "C-FLAGS",
    "C-DISTANCE",
];

impl CheckReport {
    /// True when the plan breaks no rule, meets every goal and every figure in the plan files
    /// matches the recomputation. A goal the plan admits missing (listed in summary.json) is
    /// still a violation: the plan is the best possible, but the rule is not met.
    pub fn is_ok(&self) -> bool {
        self.violations.is_empty() && self.mismatches.is_empty()
    }

    /// True when the decisions (plan.csv's moves, hires.csv) break no hard rule: every hard
    /// violation, if any, is about a file derived from them ([`DERIVED`]). A goal missed is not
    /// a broken rule.
    pub fn decisions_keep_the_rules(&self) -> bool {
        self.broken_decisions() == 0
    }

    /// How many hard rules the decisions break (violations of derived files' rules left out).
    pub fn broken_decisions(&self) -> usize {
        (self.violations.iter())
            .filter(|v| v.kind == RuleKind::Hard && !DERIVED.contains(&v.code))
            .count()
    }

    /// How many findings are only stale derived files: figure mismatches, violations of a
    /// derived file's own rules, and goals missed that summary.json does not declare.
    pub fn stale(&self) -> usize {
        self.mismatches.len()
            + (self.violations.iter())
                .filter(|v| DERIVED.contains(&v.code) || (v.kind == RuleKind::Goal && !v.declared))
                .count()
    }

    /// True when the decisions keep every rule and meet every goal, and only files derived
    /// from them are stale (a plan edited by hand before `rotaplan render`): a warning, not a
    /// broken rule (docs/plan-format.md, "Editing a plan by hand").
    pub fn only_stale(&self) -> bool {
        !self.is_ok()
            && self.decisions_keep_the_rules()
            && self.violations.iter().all(|v| v.kind == RuleKind::Hard)
    }

    /// Codes of the violations, sorted and without repeats (handy in tests and logs).
    pub fn codes(&self) -> Vec<&'static str> {
        let mut c: Vec<_> = self.violations.iter().map(|v| v.code).collect();
        c.sort_unstable();
        c.dedup();
        c
    }
}

/// The copy of the decisions to read: plan.csv with hires.csv, or plan.xlsx.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DecisionFile {
    #[serde(rename = "plan.csv")]
    Csv,
    #[serde(rename = "plan.xlsx")]
    Workbook,
}

impl DecisionFile {
    /// `plan.csv` (also `csv`) or `plan.xlsx` (also `xlsx`, `workbook`, 工作簿).
    pub fn parse(s: &str) -> Option<DecisionFile> {
        match s.trim().to_lowercase().as_str() {
            "plan.csv" | "csv" => Some(DecisionFile::Csv),
            "plan.xlsx" | "xlsx" | "workbook" | "工作簿" => Some(DecisionFile::Workbook),
            _ => None,
        }
    }
}

/// The copy read, and a sentence for the report when the choice needs saying.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionSource {
    pub file: DecisionFile,
    /// The workbook's sheets read, when the decisions came from plan.xlsx.
    pub sheets: Option<(String, String)>,
    /// The workbook was read and plan.csv or hires.csv differ from it.
    pub csv_stale: bool,
    pub note: Option<String>,
    /// The note in Chinese.
    pub note_zh: Option<String>,
}

impl Default for DecisionSource {
    fn default() -> Self {
        DecisionSource {
            file: DecisionFile::Csv,
            sheets: None,
            csv_stale: false,
            note: None,
            note_zh: None,
        }
    }
}
