//! The fields of each data file and the header names they accept.
//!
//! HR systems name columns differently in every county (学校代码, 学校编码, 学校标识码, …), so
//! each field accepts its English name, the Chinese name of docs/data-format.md and the common
//! synonyms, compared without case, spaces, `_`, `-` or a leading `*` (a "required" marker in
//! many export templates). Anything else can be mapped in the scenario's `columns` table.
//! Reading a table (table.rs) uses these to find the header row; columns.rs resolves them.

use std::collections::BTreeMap;

/// One field of a data file.
pub struct ColSpec {
    pub name: &'static str,
    pub required: bool,
    /// Other accepted header names (Chinese first).
    pub aliases: &'static [&'static str],
}

const fn req(name: &'static str, aliases: &'static [&'static str]) -> ColSpec {
    ColSpec {
        name,
        required: true,
        aliases,
    }
}
const fn opt(name: &'static str, aliases: &'static [&'static str]) -> ColSpec {
    ColSpec {
        name,
        required: false,
        aliases,
    }
}

const SCHOOL_ID: &[&str] = &[
    "学校代码",
    "学校编码",
    "学校编号",
    "学校标识码",
    "学校id",
    "school_code",
];

pub const SCHOOLS: &[ColSpec] = &[
    req("school_id", SCHOOL_ID),
    req("name", &["学校名称", "学校名", "校名", "school_name"]),
    req(
        "area",
        &["区域", "城乡类型", "城乡分类", "所在区域", "地域"],
    ),
    req("stage", &["学段", "办学类型", "学校类型"]),
    req(
        "students",
        &["学生数", "在校生数", "在校学生数", "学生人数"],
    ),
    req("classes", &["班级数", "班数", "教学班数"]),
    opt("primary_classes", &["小学班级数", "小学班数"]),
    opt("junior_classes", &["初中班级数", "初中班数"]),
    opt("weak", &["薄弱学校", "是否薄弱学校", "薄弱"]),
    opt("remote", &["偏远", "是否偏远", "偏远学校", "偏远地区"]),
    opt(
        "housing_beds",
        &["周转宿舍床位", "周转宿舍", "宿舍床位", "床位数"],
    ),
    opt("lat", &["纬度", "latitude"]),
    opt("lon", &["经度", "longitude", "lng"]),
    opt("x_km", &["横坐标km", "横坐标"]),
    opt("y_km", &["纵坐标km", "纵坐标"]),
    opt("township", &["乡镇", "所属乡镇", "乡镇街道"]),
    opt(
        "establishment",
        &["核定编制数", "核定编制", "编制数", "编制"],
    ),
    opt("quality", &["办学质量评分", "质量评分", "办学质量"]),
];

pub const TEACHERS: &[ColSpec] = &[
    req(
        "teacher_id",
        &[
            "工号",
            "教师编号",
            "教师工号",
            "教职工号",
            "职工号",
            "教师id",
            "编号",
        ],
    ),
    req("name", &["姓名", "教师姓名"]),
    req("gender", &["性别", "sex"]),
    req("birth_date", &["出生日期", "出生年月", "生日", "birthday"]),
    req(
        "school_id",
        &[
            "学校代码",
            "学校编码",
            "学校编号",
            "学校标识码",
            "所在学校代码",
            "任教学校代码",
            "学校id",
        ],
    ),
    req(
        "subject",
        &["学科", "任教学科", "主教学科", "教学科目", "科目"],
    ),
    opt("extra_subjects", &["兼教学科", "兼任学科", "可教学科"]),
    opt("title", &["职称", "专业技术职务"]),
    opt("backbone", &["骨干级别", "骨干教师", "骨干", "骨干等级"]),
    opt(
        "hire_date",
        &["参加工作时间", "参加工作日期", "入职时间", "入职日期"],
    ),
    opt(
        "school_since",
        &["到校时间", "到校日期", "调入本校时间", "进校时间"],
    ),
    opt(
        "rural_service_months",
        &["乡村任教月数", "农村任教月数", "乡村任教经历月数"],
    ),
    opt(
        "last_term_end",
        &["上次交流结束日期", "上次交流结束时间", "上次交流期满日期"],
    ),
    opt("senior_title_target_year", &["拟评高级年份"]),
    opt("deferral", &["暂缓原因", "暂缓交流原因"]),
    opt("education", &["学历", "最高学历"]),
    opt(
        "programme",
        &["招聘类别", "身份", "教师类别", "招聘方式", "program"],
    ),
    opt("post", &["职务", "行政职务", "现任职务"]),
    opt(
        "post_since",
        &["任现职时间", "任现职日期", "任职时间", "任职日期"],
    ),
];

pub const NEEDS: &[ColSpec] = &[
    req("school_id", SCHOOL_ID),
    req("subject", &["学科", "任教学科", "科目"]),
    req(
        "need_fte",
        &["需求编制", "需求", "需求数", "需求人数", "need"],
    ),
];

pub const HIRES: &[ColSpec] = &[
    req("subject", &["学科", "招聘学科", "科目"]),
    req("count", &["人数", "招聘人数", "数量"]),
    opt("programme", &["招聘类别", "身份", "教师类别", "program"]),
    opt("areas", &["可分配区域", "分配区域"]),
];

pub const SERVICE: &[ColSpec] = &[
    req("teacher_id", &["工号", "教师工号", "教师编号"]),
    opt("name", &["姓名"]),
    req("school_id", &["学校代码", "任教学校代码", "服务学校代码"]),
    opt("home_school_id", &["原学校代码", "所在学校代码"]),
    req("kind", &["类型", "交流类型", "服务类型"]),
    req("start_date", &["开始日期", "开始时间"]),
    req("end_date", &["结束日期", "结束时间"]),
    opt(
        "rural_months_credited",
        &["记入乡村任教月数", "乡村任教月数", "记入月数"],
    ),
    opt("source", &["来源", "依据"]),
    opt("subject", &["学科", "任教学科", "交流学科"]),
];

/// The applications file (个人申请, docs/wishes.md).
pub const APPLICATIONS: &[ColSpec] = &[
    req("teacher_id", &["工号", "教师工号", "教师编号"]),
    opt("name", &["姓名"]),
    opt("volunteer", &["是否自愿", "自愿", "自愿申请"]),
    opt("wish1", &["志愿1", "第一志愿"]),
    opt("wish2", &["志愿2", "第二志愿"]),
    opt("wish3", &["志愿3", "第三志愿"]),
    opt("wish4", &["志愿4", "第四志愿"]),
    opt("wish5", &["志愿5", "第五志愿"]),
    opt("family_points", &["家庭加分", "家庭情况加分"]),
];

pub const PAIRS: &[ColSpec] = &[
    req(
        "urban_school_id",
        &["城区学校代码", "支援学校代码", "支援学校"],
    ),
    req(
        "rural_school_id",
        &["乡村学校代码", "受援学校代码", "受援学校"],
    ),
];

/// The locks file (pinned decisions, see docs/scenario.md "Locks").
pub const LOCKS: &[ColSpec] = &[
    req("kind", &["类型", "锁定类型", "锁定"]),
    opt("teacher_id", &["工号", "教师编号", "教师工号"]),
    opt(
        "school_id",
        &["学校代码", "学校编号", "交流学校", "目标学校"],
    ),
    opt("subject", &["学科", "任教学科"]),
    opt("note", &["备注", "说明"]),
];

/// The Chinese name of the data file `data.<key>` with its key, for messages:
/// `学校名单（schools）`.
pub fn file_zh(key: &str) -> String {
    let zh = match key {
        "schools" => "学校名单",
        "teachers" => "教师名册",
        "needs" => "需求表",
        "hires" => "招聘计划",
        "pairs" => "对口支援表",
        "service" => "服务台账",
        "applications" => "个人申请（志愿）表",
        "locks" => "锁定表",
        _ => return key.to_string(),
    };
    format!("{zh}（{key}）")
}

/// Header text compared loosely: case, spaces, `_`, `-` and a leading `*` do not matter.
pub fn normalize(header: &str) -> String {
    header
        .trim()
        .trim_start_matches(['*', '\u{feff}'])
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

pub(crate) fn spec_for<'s>(specs: &'s [ColSpec], header: &str) -> Option<&'s ColSpec> {
    let h = normalize(header);
    specs
        .iter()
        .find(|s| normalize(s.name) == h || s.aliases.iter().any(|a| normalize(a) == h))
}

/// Whether a header cell names one of the file's columns (directly or through the scenario's
/// `columns` mapping); used to find the header row under title rows.
pub(crate) fn is_known_header(
    specs: &[ColSpec],
    mapping: Option<&BTreeMap<String, String>>,
    cell: &str,
) -> bool {
    let h = normalize(cell);
    !h.is_empty()
        && (spec_for(specs, cell).is_some()
            || mapping
                .into_iter()
                .flatten()
                .any(|(from, _)| normalize(from) == h))
}
