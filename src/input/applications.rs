//! The applications file (`[data] applications`, 个人申请; docs/wishes.md): one row per
//! teacher, with a volunteer flag, ranked wishes (school id or name, township, area) and family
//! circumstances points.

use super::cells::Cells;
use super::columns::{self, APPLICATIONS};
use super::table;
use super::values;
use super::Ctx;
use crate::diag::{self, Diagnostic};
use crate::domain::{Application, Area, County, Wish};
use std::collections::{BTreeMap, BTreeSet};

const WISH_FIELDS: [&str; 5] = ["wish1", "wish2", "wish3", "wish4", "wish5"];

/// Reads the applications file; empty when the scenario names none. Every problem is recorded
/// in `diags`.
pub fn load(ctx: &Ctx, county: &County, diags: &mut Vec<Diagnostic>) -> Vec<Application> {
    let Some(spec) = ctx.scenario.data.applications.as_ref() else {
        return Vec::new();
    };
    let Some(mut table) = table::open(ctx, "applications", spec, APPLICATIONS, diags) else {
        return Vec::new();
    };
    let Some(cols) = columns::resolve(
        ctx,
        "applications",
        &mut table,
        APPLICATIONS,
        spec.columns(),
        diags,
    ) else {
        return Vec::new();
    };
    let places = Places::new(county);
    let teachers: BTreeMap<&str, &crate::domain::Teacher> =
        county.teachers.iter().map(|t| (t.id.as_str(), t)).collect();
    let schools: BTreeMap<&str, &crate::domain::School> =
        county.schools.iter().map(|s| (s.id.as_str(), s)).collect();
    let max = ctx.scenario.applications.max_wishes.min(5) as usize;
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for row in &table.rows {
        let mut c = Cells::new(&table, row, &cols, diags);
        let Some(teacher_id) = c.required("teacher_id") else {
            continue;
        };
        let mut ok = true;
        if !teachers.contains_key(teacher_id) {
            let q = diag::quote(teacher_id);
            c.error(
                "E-APP-TEACHER",
                "teacher_id",
                (
                    format!("teacher {q} is not on the roster · 花名册中没有教师 {q}"),
                    "use a teacher id of the roster, or delete the row · 请填写花名册中的工号，或删除此行".into(),
                ),
                (
                    format!("教师名册中没有工号为“{q}”的教师"),
                    "请填写教师名册中的工号，或删除此行".into(),
                ),
            );
            ok = false;
        }
        if let Some(first) = seen.get(teacher_id) {
            c.error(
                "E-APP-DUPLICATE",
                "teacher_id",
                (
                    format!(
                        "teacher {teacher_id} applies twice; first on line {first} · 教师 {teacher_id} 重复申请，首次见第 {first} 行"
                    ),
                    "keep one row per teacher · 每位教师只保留一行".into(),
                ),
                (
                    format!("教师 {teacher_id} 重复申请，第一次在第{first}行"),
                    "每位教师只保留一行".into(),
                ),
            );
            ok = false;
        } else {
            seen.insert(teacher_id.to_string(), row.line);
        }
        let volunteer = match c.get("volunteer") {
            None => true,
            Some(text) => values::parse_bool(text).unwrap_or_else(|| {
                let (h, q) = (c.heading("volunteer"), diag::quote(text));
                c.error(
                    "E-VALUE-BOOL",
                    "volunteer",
                    (
                        format!("volunteer \"{q}\" is not a yes/no value · 是否自愿应填 是/否"),
                        "use yes/no, 是/否, 1/0, y/n (empty means yes) · 填 是 或 否（留空视为是）"
                            .into(),
                    ),
                    (
                        format!("“{h}”的值“{q}”不是“是/否”"),
                        "请填写 是 或 否（也可写 1/0、y/n；留空视为是）".into(),
                    ),
                );
                ok = false;
                true
            }),
        };
        let mut wishes = Vec::new();
        let mut gap_at: Option<&str> = None;
        for (k, field) in WISH_FIELDS.iter().enumerate() {
            let Some(text) = c.get(field) else {
                gap_at.get_or_insert(field);
                continue;
            };
            if let Some(empty) = gap_at {
                c.error(
                    "E-APP-ORDER",
                    field,
                    (
                        format!(
                            "{field} is filled but {empty} is empty · 志愿应按顺序填写，{empty} 为空"
                        ),
                        format!("move the wish into {empty} · 请把志愿移到 {empty}"),
                    ),
                    (
                        format!("填写了 {field}，但 {empty} 为空；志愿应按顺序填写"),
                        format!("请把该志愿移到 {empty}"),
                    ),
                );
                ok = false;
            }
            if k >= max {
                c.error(
                    "E-APP-TOO-MANY",
                    field,
                    (
                        format!(
                            "{field}: at most {max} wishes are allowed ([applications] max_wishes) · 最多填写 {max} 个志愿"
                        ),
                        format!("delete the wishes after wish{max}, or raise [applications] max_wishes · 删除多余志愿，或调高 max_wishes"),
                    ),
                    (
                        format!(
                            "{field}：最多可填写 {max} 个志愿（情景文件 [applications] 的 max_wishes）"
                        ),
                        format!("请删除 wish{max} 之后的志愿，或调高 [applications] 的 max_wishes"),
                    ),
                );
                ok = false;
                continue;
            }
            match places.resolve(text) {
                Ok(Some(w)) => wishes.push(w),
                Err(()) => {
                    let q = diag::quote(text);
                    c.error(
                        "E-APP-WISH",
                        field,
                        (
                            format!(
                                "{field} \"{q}\" is the name of two or more schools · 志愿 \"{q}\" 有重名学校"
                            ),
                            "write the school id instead of its name · 请改填学校代码".into(),
                        ),
                        (
                            format!("志愿 {field}“{q}”是两所或以上学校共用的校名"),
                            "请改填学校代码，不要填校名".into(),
                        ),
                    );
                    ok = false;
                }
                Ok(None) => {
                    let q = diag::quote(text);
                    c.error(
                        "E-APP-WISH",
                        field,
                        (
                            format!(
                                "{field} \"{q}\" is no school id or name, township or area · 志愿 \"{q}\" 不是学校代码、校名、乡镇或区域"
                            ),
                            "write a school id or name of the schools file, a township of it, or urban/town/rural/teaching_point (城区/镇区/乡村/教学点) · 请填写学校代码或校名、乡镇名，或区域".into(),
                        ),
                        (
                            format!("志愿 {field}“{q}”不是学校代码、校名、乡镇或区域"),
                            "请填写学校名单中的学校代码或校名、其中的乡镇名，或区域（城区/镇区/乡村/教学点）".into(),
                        ),
                    );
                    ok = false;
                }
            }
        }
        if let Some(&t) = teachers.get(teacher_id) {
            let school = schools.get(t.school_id.as_str());
            let status = school.map(|s| crate::rules::teacher_status(t, s, ctx.scenario));
            if status.is_some_and(|st| !st.eligible) {
                c.warning(
                    "W-APP-NOT-ELIGIBLE",
                    "teacher_id",
                    (
                        format!(
                            "teacher {teacher_id} may not rotate this year; the application is listed but has no effect · 教师 {teacher_id} 本年度不符合交流条件，申请仅列入公示"
                        ),
                        "nothing to do, or correct the roster if the teacher should be eligible · 无需处理；如该教师应符合条件，请核对花名册".into(),
                    ),
                    (
                        format!("教师 {teacher_id} 本年度不符合交流轮岗条件，申请仅列入公示，不起作用"),
                        "无需处理；如该教师应符合条件，请核对教师名册".into(),
                    ),
                );
            }
        }
        let family = c
            .number("family_points", 0.0, 100.0)
            .map(|p| (p * 100.0).round() as u32)
            .unwrap_or(0);
        if ok {
            out.push(Application {
                teacher_id: teacher_id.to_string(),
                volunteer,
                wishes,
                family_points: family,
                source_line: row.line,
            });
        }
    }
    out
}

/// What a wish may name: schools by id and by name, townships, areas.
struct Places<'a> {
    ids: BTreeSet<&'a str>,
    /// School name → id, `None` when two schools share the name.
    names: BTreeMap<&'a str, Option<&'a str>>,
    townships: BTreeSet<&'a str>,
}

impl<'a> Places<'a> {
    fn new(county: &'a County) -> Self {
        let mut names = BTreeMap::new();
        for s in &county.schools {
            names
                .entry(s.name.as_str())
                .and_modify(|id| *id = None)
                .or_insert(Some(s.id.as_str()));
        }
        Places {
            ids: county.schools.iter().map(|s| s.id.as_str()).collect(),
            names,
            townships: (county.schools.iter())
                .filter_map(|s| s.township.as_deref())
                .collect(),
        }
    }

    /// The wish a text names; `Err` when it names two schools.
    fn resolve(&self, text: &str) -> Result<Option<Wish>, ()> {
        if self.ids.contains(text) {
            return Ok(Some(Wish::School(text.to_string())));
        }
        match self.names.get(text) {
            Some(Some(id)) => return Ok(Some(Wish::School(id.to_string()))),
            Some(None) => return Err(()),
            None => {}
        }
        if self.townships.contains(text) {
            return Ok(Some(Wish::Township(text.to_string())));
        }
        Ok(Area::parse(text).map(Wish::Area))
    }
}
