//! Column headers and value spellings of each flavour, exactly as docs/data-format.md lists them.

use super::Flavor;
use crate::domain::{Backbone, Deferral, Education, Gender, Programme, Title};
use crate::scenario::Scenario;
use chrono::{Datelike, NaiveDate};

/// (English header, Chinese header) of each file's columns, in the order written.
pub const SCHOOL_COLUMNS: &[(&str, &str)] = &[
    ("school_id", "学校代码"),
    ("name", "学校名称"),
    ("area", "区域"),
    ("stage", "学段"),
    ("students", "学生数"),
    ("classes", "班级数"),
    ("primary_classes", "小学班级数"),
    ("junior_classes", "初中班级数"),
    ("weak", "薄弱学校"),
    ("remote", "偏远"),
    ("housing_beds", "周转宿舍床位"),
    ("establishment", "核定编制数"),
];
/// Coordinates: degrees when the county has an origin, else km on the local plane.
pub const LAT_LON_COLUMNS: &[(&str, &str)] = &[("lat", "纬度"), ("lon", "经度")];
pub const KM_COLUMNS: &[(&str, &str)] = &[("x_km", "横坐标km"), ("y_km", "纵坐标km")];
pub const TOWNSHIP_COLUMN: (&str, &str) = ("township", "乡镇");

pub const TEACHER_COLUMNS: &[(&str, &str)] = &[
    ("teacher_id", "工号"),
    ("name", "姓名"),
    ("gender", "性别"),
    ("birth_date", "出生日期"),
    ("school_id", "学校代码"),
    ("subject", "学科"),
    ("extra_subjects", "兼教学科"),
    ("title", "职称"),
    ("backbone", "骨干级别"),
    ("hire_date", "参加工作时间"),
    ("school_since", "到校时间"),
    ("rural_service_months", "乡村任教月数"),
    ("senior_title_target_year", "拟评高级年份"),
    ("deferral", "暂缓原因"),
    ("education", "学历"),
    ("programme", "招聘类别"),
];
pub const NEED_COLUMNS: &[(&str, &str)] = &[
    ("school_id", "学校代码"),
    ("subject", "学科"),
    ("need_fte", "需求编制"),
];
pub const HIRE_COLUMNS: &[(&str, &str)] = &[
    ("subject", "学科"),
    ("count", "人数"),
    ("programme", "招聘类别"),
    ("areas", "可分配区域"),
];
pub const PAIR_COLUMNS: &[(&str, &str)] = &[
    ("urban_school_id", "城区学校代码"),
    ("rural_school_id", "乡村学校代码"),
];

pub fn headers(flavor: Flavor, columns: &[(&str, &str)]) -> Vec<String> {
    columns
        .iter()
        .map(|(en, zh)| match flavor {
            Flavor::English => en.to_string(),
            Flavor::Chinese => zh.to_string(),
        })
        .collect()
}

/// Picks the English or the Chinese spelling.
pub fn pick(flavor: Flavor, en: &str, zh: &str) -> String {
    match flavor {
        Flavor::English => en.to_string(),
        Flavor::Chinese => zh.to_string(),
    }
}

pub fn boolean(flavor: Flavor, b: bool) -> String {
    match b {
        true => pick(flavor, "true", "是"),
        false => pick(flavor, "false", "否"),
    }
}

/// ISO dates in English; 1985/3/7 in Chinese, as Excel on Chinese Windows saves them.
pub fn date(flavor: Flavor, d: NaiveDate) -> String {
    match flavor {
        Flavor::English => d.format("%Y-%m-%d").to_string(),
        Flavor::Chinese => format!("{}/{}/{}", d.year(), d.month(), d.day()),
    }
}

pub fn list(flavor: Flavor, items: &[String]) -> String {
    items.join(match flavor {
        Flavor::English => ";",
        Flavor::Chinese => "、",
    })
}

pub fn subject(flavor: Flavor, scenario: &Scenario, id: &str) -> String {
    match (flavor, scenario.subjects.get(id)) {
        (Flavor::Chinese, Some(def)) => def.zh.clone(),
        _ => id.to_string(),
    }
}

pub fn gender(flavor: Flavor, g: Gender) -> String {
    match g {
        Gender::Male => pick(flavor, "male", "男"),
        Gender::Female => pick(flavor, "female", "女"),
    }
}

pub fn title(flavor: Flavor, t: Title) -> String {
    match t {
        Title::Unrated => pick(flavor, "unrated", "未定级"),
        Title::Junior => pick(flavor, "junior", "初级"),
        Title::Intermediate => pick(flavor, "intermediate", "中级"),
        Title::Senior => pick(flavor, "senior", "高级"),
        Title::FullSenior => pick(flavor, "full_senior", "正高级"),
    }
}

pub fn backbone(flavor: Flavor, b: Backbone) -> String {
    match b {
        Backbone::None => pick(flavor, "none", "无"),
        Backbone::County => pick(flavor, "county", "县级"),
        Backbone::City => pick(flavor, "city", "市级"),
        Backbone::Province => pick(flavor, "province", "省级"),
    }
}

pub fn deferral(flavor: Flavor, d: Option<Deferral>) -> String {
    match d {
        None => String::new(),
        Some(Deferral::Pregnancy) => pick(flavor, "pregnancy", "孕期"),
        Some(Deferral::Nursing) => pick(flavor, "nursing", "哺乳期"),
        Some(Deferral::Illness) => pick(flavor, "illness", "疾病"),
        Some(Deferral::Other) => pick(flavor, "other", "其他"),
    }
}

pub fn education(flavor: Flavor, e: Education) -> String {
    match e {
        Education::Secondary => pick(flavor, "secondary", "中专"),
        Education::Associate => pick(flavor, "associate", "专科"),
        Education::Bachelor => pick(flavor, "bachelor", "本科"),
        Education::Master => pick(flavor, "master", "硕士"),
        Education::Doctor => pick(flavor, "doctor", "博士"),
    }
}

pub fn programme(flavor: Flavor, p: Programme) -> String {
    pick(flavor, p.key(), p.zh())
}
