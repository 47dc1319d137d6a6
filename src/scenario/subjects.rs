use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One subject of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectDef {
    /// Chinese name (语文, 音乐, …).
    pub zh: String,
    /// Other spellings accepted in data files.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Weekly periods per class in primary grades (1–6), averaged over the grades.
    #[serde(default)]
    pub primary_periods: f64,
    /// Weekly periods per class in junior grades (7–9), averaged over the grades.
    #[serde(default)]
    pub junior_periods: f64,
    /// A shortage subject (music, PE, art, English, IT by default); reports single these out.
    #[serde(default)]
    pub shortage: bool,
}

fn def(zh: &str, aliases: &[&str], p: f64, j: f64, shortage: bool) -> SubjectDef {
    SubjectDef {
        zh: zh.to_string(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        primary_periods: p,
        junior_periods: j,
        shortage,
    }
}

/// The built-in catalogue. Weekly periods approximate the 2022 national curriculum plan
/// (义务教育课程方案 2022) averaged over grades; see docs/scenario.md.
pub fn default_subjects() -> BTreeMap<String, SubjectDef> {
    let mut m = BTreeMap::new();
    m.insert(
        "morality".into(),
        def("道德与法治", &["品德", "政治", "思想品德"], 2.0, 2.0, false),
    );
    m.insert("chinese".into(), def("语文", &[], 7.5, 5.0, false));
    m.insert(
        "math".into(),
        def("数学", &["mathematics"], 4.5, 4.5, false),
    );
    m.insert(
        "english".into(),
        def("英语", &["外语", "foreign_language"], 2.0, 4.0, true),
    );
    m.insert("history".into(), def("历史", &[], 0.0, 2.0, false));
    m.insert("geography".into(), def("地理", &[], 0.0, 1.5, false));
    m.insert("science".into(), def("科学", &[], 2.0, 0.0, false));
    m.insert("physics".into(), def("物理", &[], 0.0, 1.7, false));
    m.insert("chemistry".into(), def("化学", &[], 0.0, 1.0, false));
    m.insert("biology".into(), def("生物", &["生物学"], 0.0, 1.5, false));
    m.insert(
        "it".into(),
        def(
            "信息科技",
            &["信息技术", "信息", "information_technology"],
            0.7,
            1.0,
            true,
        ),
    );
    m.insert(
        "pe".into(),
        def(
            "体育",
            &["体育与健康", "physical_education"],
            3.5,
            3.0,
            true,
        ),
    );
    m.insert("music".into(), def("音乐", &[], 2.0, 1.0, true));
    m.insert("art".into(), def("美术", &["fine_art"], 2.0, 1.0, true));
    m.insert(
        "labour".into(),
        def(
            "劳动与综合实践",
            &["劳动", "综合实践", "labor"],
            2.0,
            2.0,
            false,
        ),
    );
    m
}
