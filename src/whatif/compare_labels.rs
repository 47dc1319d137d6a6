//! The words of `compare`'s text in either language: figure labels, subjects, areas and solver
//! statuses. The machine keys stay in the JSON and the CSV; only the text shows these.

use crate::domain::Area;
use crate::output::Lang;
use crate::plan::SolveStatus;
use crate::scenario::SubjectDef;
use std::collections::BTreeMap;

/// Figure key → (Chinese, English) label, in the order `compare` lists the figures.
const FIGURE_LABELS: [(&str, &str, &str); 16] = [
    ("eligible", "可交流教师", "Eligible teachers"),
    ("rotated", "交流人数", "Rotated"),
    ("rotation_share", "交流比例", "Rotation share"),
    ("rotation_target", "交流目标", "Rotation target"),
    ("backbone_rotated", "骨干交流人数", "Backbone rotated"),
    ("backbone_share", "骨干交流比例", "Backbone share"),
    ("must_serve", "须本年服务", "Must serve this year"),
    ("must_serve_placed", "已安排须服务", "Must serve placed"),
    ("hires", "新教师", "New hires"),
    ("gap_before", "规划前缺编 (FTE)", "Gap before (FTE)"),
    ("gap_after", "规划后缺编 (FTE)", "Gap after (FTE)"),
    (
        "weighted_gap_before",
        "规划前加权缺编",
        "Weighted gap before",
    ),
    ("weighted_gap_after", "规划后加权缺编", "Weighted gap after"),
    ("solve_seconds", "求解秒数", "Solve seconds"),
    ("violations", "未满足规则数", "Rules not met"),
    (
        "travel",
        "交通成本（公里当量）",
        "Travel cost (km-equivalents)",
    ),
];

/// A figure's label; an unknown key as it is.
pub(super) fn figure(lang: Lang, key: &str) -> String {
    FIGURE_LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or(key, |(_, zh, en)| lang.t(zh, en))
        .to_string()
}

/// A solver status (summary.json `status`): 最优 … in Chinese, the key in English.
pub(super) fn status(lang: Lang, key: &str) -> String {
    match (lang, SolveStatus::parse(key)) {
        (Lang::Zh, Some(s)) => s.zh().to_string(),
        _ => key.to_string(),
    }
}

/// An area key (`rural`, …; `unknown` when no source named the school's area).
pub(super) fn area(lang: Lang, key: &str) -> String {
    match Area::parse(key) {
        Some(a) => lang.area(a).to_string(),
        None if key == "unknown" => lang.t("未知区域", "unknown").to_string(),
        None => key.to_string(),
    }
}

/// Where an area key sorts: urban, town, rural, teaching point, then anything else.
pub(super) fn area_rank(key: &str) -> usize {
    Area::parse(key).map_or(Area::ALL.len(), |a| {
        Area::ALL
            .iter()
            .position(|x| *x == a)
            .unwrap_or(Area::ALL.len())
    })
}

/// A subject id: its Chinese name from the catalogue in Chinese, the id in English (as the
/// reports show subjects); an id the catalogue lacks as it is.
pub(super) fn subject(lang: Lang, subjects: &BTreeMap<String, SubjectDef>, id: &str) -> String {
    match (lang, subjects.get(id)) {
        (Lang::Zh, Some(d)) => d.zh.clone(),
        _ => id.to_string(),
    }
}

/// A teacher's `school/subject` in one plan, the subject named; empty (not rotated) as such.
pub(super) fn assignment(lang: Lang, subjects: &BTreeMap<String, SubjectDef>, a: &str) -> String {
    if a.is_empty() {
        return lang.t("（不交流）", "(stays)").to_string();
    }
    match a.rsplit_once('/') {
        Some((school, s)) => format!("{school}/{}", subject(lang, subjects, s)),
        None => a.to_string(),
    }
}

/// A school's gain against the first plan: `gains 2`, `loses 1`, `same staff`.
pub(super) fn gain(lang: Lang, g: f64) -> String {
    match (lang, g.partial_cmp(&0.0)) {
        (Lang::Zh, Some(std::cmp::Ordering::Greater)) => format!("增 {g} 人"),
        (Lang::Zh, Some(std::cmp::Ordering::Less)) => format!("减 {} 人", -g),
        (Lang::Zh, _) => "人数不变".into(),
        (Lang::En, Some(std::cmp::Ordering::Greater)) => format!("gains {g}"),
        (Lang::En, Some(std::cmp::Ordering::Less)) => format!("loses {}", -g),
        (Lang::En, _) => "same staff".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::default_subjects;

    #[test]
    fn every_figure_compare_lists_has_a_label() {
        for k in super::super::compare::FIGURES
            .iter()
            .chain(&["violations", "travel"])
        {
            assert_ne!(figure(Lang::Zh, k), *k, "{k}");
            assert_ne!(figure(Lang::En, k), *k, "{k}");
        }
    }

    #[test]
    fn codes_become_names_in_chinese_only() {
        let subjects = default_subjects();
        assert_eq!(subject(Lang::Zh, &subjects, "pe"), "体育");
        assert_eq!(subject(Lang::En, &subjects, "pe"), "pe");
        assert_eq!(subject(Lang::Zh, &subjects, "calligraphy"), "calligraphy");
        assert_eq!(area(Lang::Zh, "teaching_point"), "教学点");
        assert_eq!(area(Lang::Zh, "unknown"), "未知区域");
        assert_eq!(status(Lang::Zh, "optimal"), "最优");
        assert_eq!(status(Lang::En, "optimal"), "optimal");
        assert_eq!(assignment(Lang::Zh, &subjects, "R1/music"), "R1/音乐");
        assert_eq!(assignment(Lang::Zh, &subjects, ""), "（不交流）");
        assert_eq!(gain(Lang::Zh, -2.0), "减 2 人");
    }
}
