//! `[[patch]]` operations of a variant: data rows changed after reading, without copying the
//! data files (docs/scenario.md, "Variants and what-if"). Every problem is reported at the
//! patch's line; a patch with a problem changes nothing.

use super::variant::{at, RawPatch, VariantSpec};
use crate::diag::{self, Diagnostic};
use crate::domain::{Area, County, Deferral, HireBatch, Programme};
use crate::scenario::Scenario;

const OPS: &str = "exempt_school, close_school, add_hires, set_hires, defer_teacher, set_school";

/// Applies the patches to the loaded data, in order (bases first). Returns the schools closed.
pub(crate) fn apply_patches(
    spec: &VariantSpec,
    scenario: &mut Scenario,
    county: &mut County,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut closed = Vec::new();
    for p in &spec.patches {
        let mut pd = PatchDiags { patch: p, diags };
        let op = pd.string("op", true).unwrap_or_default();
        if !check_keys(&mut pd, &op) {
            continue;
        }
        match op.as_str() {
            "exempt_school" => {
                if let Some(s) = pd.school("school", county) {
                    if !scenario.policy.exempt_schools.contains(&s) {
                        scenario.policy.exempt_schools.push(s);
                    }
                }
            }
            "close_school" => {
                if let Some(s) = patch_close_school(&mut pd, scenario, county) {
                    closed.push(s);
                }
            }
            "add_hires" | "set_hires" => patch_hires(&mut pd, &op, scenario, county),
            "defer_teacher" => patch_defer_teacher(&mut pd, county),
            "set_school" => patch_set_school(&mut pd, county),
            _ => {}
        }
    }
    closed.sort();
    closed.dedup();
    closed
}

/// Checks the op of a patch and that it has only the op's keys. False for a patch without a
/// known op, which changes nothing; unknown keys are reported but the patch still applies.
fn check_keys(pd: &mut PatchDiags, op: &str) -> bool {
    let keys: &[&str] = match op {
        "exempt_school" => &["school"],
        "close_school" => &["school", "move_to"],
        "add_hires" => &["subject", "count", "programme", "areas"],
        "set_hires" => &["subject", "count", "programme"],
        "defer_teacher" => &["teacher", "reason"],
        "set_school" => &["school", "housing_beds", "weak", "remote", "establishment"],
        "" => return false,
        other => {
            pd.error(
                "E-PATCH-OP",
                (
                    format!("unknown patch op \"{other}\""),
                    format!("use one of: {OPS}"),
                ),
                (
                    format!("未知的补丁操作 op“{other}”"),
                    format!("请改为其中之一：{OPS}"),
                ),
            );
            return false;
        }
    };
    let p = pd.patch;
    for k in p.table.keys().filter(|k| *k != "op") {
        if !keys.contains(&k.as_str()) {
            pd.error(
                "E-PATCH-KEY",
                (
                    format!("op \"{op}\" has no key `{k}`"),
                    format!("the keys of {op} are: {}", keys.join(", ")),
                ),
                (
                    format!("操作“{op}”没有键 {k}"),
                    format!("{op} 可用的键：{}", keys.join("、")),
                ),
            );
        }
    }
    true
}

/// `close_school`: returns the school closed, if the patch is valid.
fn patch_close_school(
    pd: &mut PatchDiags,
    scenario: &mut Scenario,
    county: &mut County,
) -> Option<String> {
    let (Some(s), Some(to)) = (pd.school("school", county), pd.school("move_to", county)) else {
        return None;
    };
    if s == to {
        pd.error(
            "E-PATCH-VALUE",
            (
                "move_to is the closed school itself".into(),
                "name the school that takes its pupils and teachers".into(),
            ),
            (
                "move_to 就是被撤并的学校本身".into(),
                "请填写接收其学生和教师的学校".into(),
            ),
        );
        return None;
    }
    close_school(county, &s, &to);
    if !scenario.policy.exempt_schools.contains(&s) {
        scenario.policy.exempt_schools.push(s.clone());
    }
    Some(s)
}

/// `add_hires` and `set_hires` (which first drops the batches of the subject and programme).
fn patch_hires(pd: &mut PatchDiags, op: &str, scenario: &Scenario, county: &mut County) {
    let subject = pd
        .string("subject", true)
        .and_then(|s| pd.subject(&s, scenario));
    let count = pd.count("count", true);
    let programme = match pd.string("programme", false) {
        None => Some(Programme::Regular),
        Some(t) => Programme::parse(&t).or_else(|| {
            pd.error(
                "E-PATCH-VALUE",
                (
                    format!("programme \"{t}\" is not a programme"),
                    "use regular, tegang or publicly_funded (普通, 特岗, 公费师范生)".into(),
                ),
                (
                    format!("招聘类别 programme“{t}”不是可用的类别"),
                    "请填写 regular、tegang 或 publicly_funded（普通、特岗、公费师范生）".into(),
                ),
            );
            None
        }),
    };
    let areas = pd.areas();
    let (Some(subject), Some(count), Some(programme), Some(areas)) =
        (subject, count, programme, areas)
    else {
        return;
    };
    if op == "set_hires" {
        county
            .hires
            .retain(|b| !(b.subject == subject && b.programme == programme));
    }
    if count > 0 {
        county.hires.push(HireBatch {
            subject,
            count,
            programme,
            areas,
            source_line: pd.patch.line.unwrap_or(0),
        });
    }
}

/// `defer_teacher`: the teacher's rotation is deferred for the reason given (default other).
fn patch_defer_teacher(pd: &mut PatchDiags, county: &mut County) {
    let id = pd.string("teacher", true);
    let reason = match pd.string("reason", false) {
        None => Some(Deferral::Other),
        Some(t) => Deferral::parse(&t).flatten().or_else(|| {
            pd.error(
                "E-PATCH-VALUE",
                (
                    format!("reason \"{t}\" is not a deferral reason"),
                    "use pregnancy, nursing, illness or other (孕期, 哺乳期, 疾病, 其他)".into(),
                ),
                (
                    format!("reason“{t}”不是可用的暂缓交流原因"),
                    "请填写 pregnancy、nursing、illness 或 other（孕期、哺乳期、疾病、其他）"
                        .into(),
                ),
            );
            None
        }),
    };
    let (Some(id), Some(reason)) = (id, reason) else {
        return;
    };
    match county.teachers.iter_mut().find(|t| t.id == id) {
        Some(t) => t.deferral = Some(reason),
        None => pd.error(
            "E-PATCH-REF",
            (
                format!("teacher \"{id}\" is not in the roster"),
                "use a teacher_id of the teachers file".into(),
            ),
            (
                format!("教师“{id}”不在教师名册中"),
                "请填写教师名册中的工号".into(),
            ),
        ),
    }
}

/// `set_school`: housing beds, weak, remote and the approved establishment (核定编制数) of a
/// school, each only where given.
fn patch_set_school(pd: &mut PatchDiags, county: &mut County) {
    let Some(s) = pd.school("school", county) else {
        return;
    };
    let beds = pd.count("housing_beds", false);
    let weak = pd.flag("weak");
    let remote = pd.flag("remote");
    let establishment = pd.count("establishment", false);
    if let Some(school) = county.schools.iter_mut().find(|x| x.id == s) {
        if beds.is_some() {
            school.housing_beds = beds;
        }
        if establishment.is_some() {
            school.establishment = establishment;
        }
        if let Some(w) = weak {
            school.weak = w;
        }
        if let Some(r) = remote {
            school.remote = r;
        }
    }
}

/// A closed school's pupils, classes and teachers move to `to`; its own needs-file rows are
/// added to `to`'s rows of the same subject where `to` has them, else dropped (then `to`'s
/// need follows from its classes). The closed school stays in the list, empty and exempt.
fn close_school(county: &mut County, closed: &str, to: &str) {
    let Some(ci) = county.schools.iter().position(|s| s.id == closed) else {
        return;
    };
    let Some(ti) = county.schools.iter().position(|s| s.id == to) else {
        return;
    };
    let c = county.schools[ci].clone();
    let (cp, cj) = crate::rules::needs::stage_classes(&c);
    {
        let t = &mut county.schools[ti];
        let (tp, tj) = crate::rules::needs::stage_classes(t);
        t.students += c.students;
        t.classes += c.classes;
        if t.stage == crate::domain::Stage::NineYear {
            t.primary_classes = Some((tp + cp).round() as u32);
            t.junior_classes = Some(t.classes.saturating_sub((tp + cp).round() as u32));
            let _ = tj + cj;
        }
    }
    let s = &mut county.schools[ci];
    s.students = 0;
    s.classes = 0;
    s.primary_classes = None;
    s.junior_classes = None;
    // teachers teaching there go to `to`; a term served at the closed school ends with it (the
    // teacher is back at home), and one served from it keeps `to` as home
    for t in county.teachers.iter_mut() {
        if t.school_id == closed {
            match t.on_term.take() {
                Some(term) => t.school_id = term.home_school_id,
                None => t.school_id = to.to_string(),
            }
        }
        if let Some(term) = t.on_term.as_mut().filter(|x| x.home_school_id == closed) {
            term.home_school_id = to.to_string();
        }
        if t.on_term
            .as_ref()
            .is_some_and(|x| x.home_school_id == t.school_id)
        {
            t.on_term = None;
        }
    }
    let moved: Vec<(String, f64)> = county
        .needs
        .iter()
        .filter(|n| n.school_id == closed)
        .map(|n| (n.subject.clone(), n.need_fte))
        .collect();
    county.needs.retain(|n| n.school_id != closed);
    for (subject, fte) in moved {
        if let Some(n) = county
            .needs
            .iter_mut()
            .find(|n| n.school_id == to && n.subject == subject)
        {
            n.need_fte += fte;
        }
    }
}

struct PatchDiags<'a> {
    patch: &'a RawPatch,
    diags: &'a mut Vec<Diagnostic>,
}

impl PatchDiags<'_> {
    /// An error at the patch's line, with its message and action in English (`en`) and in
    /// Chinese (`zh`).
    fn error(&mut self, code: &'static str, en: (String, String), zh: (String, String)) {
        let op = self
            .patch
            .table
            .get("op")
            .and_then(|v| v.as_str())
            .unwrap_or("?");
        self.diags.push(at(
            Diagnostic::error(code, format!("patch {op}: {}", en.0), en.1)
                .zh(format!("补丁 {op}：{}", zh.0), zh.1)
                .field("patch"),
            &self.patch.file,
            self.patch.line,
        ));
    }
    fn string(&mut self, key: &str, required: bool) -> Option<String> {
        match self.patch.table.get(key) {
            Some(toml::Value::String(s)) => Some(s.trim().to_string()),
            Some(v) => {
                self.error(
                    "E-PATCH-KEY",
                    (
                        format!("`{key}` must be text, not {v}"),
                        format!("write {key} = \"...\""),
                    ),
                    (
                        format!("{key} 必须是文本，不能是 {v}"),
                        format!("请写成 {key} = \"...\""),
                    ),
                );
                None
            }
            None if required => {
                let (action, action_zh) = if key == "op" {
                    (
                        format!("add op = \"...\", one of: {OPS}"),
                        format!("请加上 op = \"...\"，取值为其中之一：{OPS}"),
                    )
                } else {
                    (
                        format!("add {key} = \"...\""),
                        format!("请加上 {key} = \"...\""),
                    )
                };
                self.error(
                    "E-PATCH-KEY",
                    (format!("`{key}` is missing"), action),
                    (format!("缺少键 {key}"), action_zh),
                );
                None
            }
            None => None,
        }
    }
    fn count(&mut self, key: &str, required: bool) -> Option<u32> {
        match self.patch.table.get(key) {
            Some(toml::Value::Integer(n)) if (0..=10_000).contains(n) => Some(*n as u32),
            Some(v) => {
                self.error(
                    "E-PATCH-VALUE",
                    (
                        format!("`{key}` must be a whole number from 0 to 10000, not {v}"),
                        format!("write {key} = 10"),
                    ),
                    (
                        format!("{key} 必须是 0 到 10000 之间的整数，不能是 {v}"),
                        format!("请写成 {key} = 10"),
                    ),
                );
                None
            }
            None if required => {
                self.error(
                    "E-PATCH-KEY",
                    (format!("`{key}` is missing"), format!("add {key} = N")),
                    (format!("缺少键 {key}"), format!("请加上 {key} = N（整数）")),
                );
                None
            }
            None => None,
        }
    }
    fn flag(&mut self, key: &str) -> Option<bool> {
        match self.patch.table.get(key) {
            Some(toml::Value::Boolean(b)) => Some(*b),
            Some(v) => {
                self.error(
                    "E-PATCH-VALUE",
                    (
                        format!("`{key}` must be true or false, not {v}"),
                        format!("write {key} = true"),
                    ),
                    (
                        format!("{key} 必须是 true 或 false，不能是 {v}"),
                        format!("请写成 {key} = true 或 {key} = false"),
                    ),
                );
                None
            }
            None => None,
        }
    }
    fn school(&mut self, key: &str, county: &County) -> Option<String> {
        let id = self.string(key, true)?;
        if county.schools.iter().any(|s| s.id == id) {
            Some(id)
        } else {
            self.error(
                "E-PATCH-REF",
                (
                    format!("{key} \"{id}\" is not in the schools file"),
                    "use a school_id of the schools file".into(),
                ),
                (
                    format!("{key}“{id}”不在学校名单中"),
                    "请填写学校名单中的学校代码".into(),
                ),
            );
            None
        }
    }
    fn subject(&mut self, text: &str, scenario: &Scenario) -> Option<String> {
        match scenario.subject_id(text) {
            Some(id) => Some(id.to_string()),
            None => {
                let known: Vec<&str> = scenario.subjects.keys().map(|s| s.as_str()).collect();
                let q = diag::quote(text);
                self.error(
                    "E-PATCH-VALUE",
                    (
                        format!("subject \"{q}\" is not in the catalogue"),
                        format!("use one of: {}", known.join(", ")),
                    ),
                    (
                        format!("学科“{q}”不在学科目录中"),
                        format!("请改为其中之一：{}", known.join("、")),
                    ),
                );
                None
            }
        }
    }
    /// `areas`: absent → Some(None).
    fn areas(&mut self) -> Option<Option<Vec<Area>>> {
        match self.patch.table.get("areas") {
            None => Some(None),
            Some(toml::Value::Array(a)) => {
                let parsed: Vec<Option<Area>> =
                    a.iter().map(|v| v.as_str().and_then(Area::parse)).collect();
                if parsed.is_empty() || parsed.iter().any(Option::is_none) {
                    self.error(
                        "E-PATCH-VALUE",
                        (
                            "areas must list urban, town, rural, teaching_point (城区, 镇区, 乡村, 教学点)".into(),
                            "correct the area names".into(),
                        ),
                        (
                            "areas 只能列出 urban、town、rural、teaching_point（城区、镇区、乡村、教学点）".into(),
                            "请改正区域名称".into(),
                        ),
                    );
                    None
                } else {
                    Some(Some(parsed.into_iter().flatten().collect()))
                }
            }
            Some(v) => {
                self.error(
                    "E-PATCH-VALUE",
                    (
                        format!("areas must be a list, not {v}"),
                        "write areas = [\"rural\"]".into(),
                    ),
                    (
                        format!("areas 必须是列表，不能是 {v}"),
                        "请写成 areas = [\"rural\"]".into(),
                    ),
                );
                None
            }
        }
    }
}
