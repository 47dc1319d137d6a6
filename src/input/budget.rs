//! `[hires]` of a variant: a hiring budget whose subjects (and areas) the plan chooses,
//! checked against the subject catalogue; every problem is reported where `[hires]` is written.

use super::variant::{at, VariantSpec};
use crate::diag::Diagnostic;
use crate::domain::{Area, Programme};
use crate::scenario::{HireBudget, Scenario};

/// `[hires]`: the budget, checked against the subject catalogue.
pub(crate) fn budget(
    spec: &VariantSpec,
    scenario: &Scenario,
    diags: &mut Vec<Diagnostic>,
) -> Option<HireBudget> {
    let (t, file, line) = spec.budget.as_ref()?;
    let err = BudgetErr { file, line: *line };
    let mut ok = true;
    for k in t.keys() {
        if !["total", "subjects", "programme", "areas"].contains(&k.as_str()) {
            err.push(
                diags,
                (
                    format!(
                        "unknown key `{k}` in [hires]; expected total, subjects, programme, areas"
                    ),
                    "remove or correct the key",
                ),
                (
                    format!(
                        "[hires] 中有未知的键 {k}；可用的键：total、subjects、programme、areas"
                    ),
                    "请删除或改正该键",
                ),
            );
            ok = false;
        }
    }
    let total = match t.get("total") {
        Some(toml::Value::Integer(n)) if (0..=100_000).contains(n) => *n as u32,
        Some(v) => {
            err.push(
                diags,
                (
                    format!(
                        "hires.total must be a whole number of hires from 0 to 100000, not {v}"
                    ),
                    "write total = 40",
                ),
                (
                    format!("hires.total 必须是 0 到 100000 之间的整数（招聘人数），不能是 {v}"),
                    "请写成 total = 40 这样的整数",
                ),
            );
            return None;
        }
        None => {
            err.push(
                diags,
                (
                    "[hires] needs total = N".into(),
                    "add total = N (the hires whose subjects the plan chooses)",
                ),
                (
                    "[hires] 缺少 total = N".into(),
                    "请加上 total = N（由方案决定学科的招聘人数）",
                ),
            );
            return None;
        }
    };
    let subjects = budget_subjects(t, scenario, &err, diags);
    let programme = budget_programme(t, &err, diags);
    let areas = budget_areas(t, &err, diags);
    let (Some(subjects), Some(programme), Ok(areas)) = (subjects, programme, areas) else {
        return None;
    };
    ok.then_some(HireBudget {
        total,
        subjects,
        programme,
        areas,
    })
}

/// Where the `[hires]` table was written: its problems are reported there.
struct BudgetErr<'a> {
    file: &'a str,
    line: Option<usize>,
}

impl BudgetErr<'_> {
    /// An error with its message and action in English (`en`) and in Chinese (`zh`).
    fn push(&self, diags: &mut Vec<Diagnostic>, en: (String, &str), zh: (String, &str)) {
        diags.push(at(
            Diagnostic::error("E-HIRES-BUDGET", en.0, en.1)
                .zh(zh.0, zh.1)
                .field("hires"),
            self.file,
            self.line,
        ))
    }
}

/// `hires.subjects` (default: the catalogue's shortage subjects), canonical and without
/// repeats; `None` when a problem was reported.
fn budget_subjects(
    t: &toml::Table,
    scenario: &Scenario,
    err: &BudgetErr,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<String>> {
    let mut ok = true;
    let mut subjects = Vec::new();
    match t.get("subjects") {
        None => {
            subjects = scenario
                .subjects
                .iter()
                .filter(|(_, d)| d.shortage)
                .map(|(k, _)| k.clone())
                .collect()
        }
        Some(toml::Value::Array(a)) => {
            for v in a {
                match v.as_str().and_then(|s| scenario.subject_id(s)) {
                    Some(id) if !subjects.iter().any(|s| s == id) => subjects.push(id.to_string()),
                    Some(_) => {}
                    None => {
                        let known: Vec<&str> =
                            scenario.subjects.keys().map(|s| s.as_str()).collect();
                        err.push(
                            diags,
                            (
                                format!("hires.subjects: {v} is not a subject of the catalogue"),
                                &format!("use one of: {}", known.join(", ")),
                            ),
                            (
                                format!("hires.subjects：{v} 不在学科目录中"),
                                &format!("请改为其中之一：{}", known.join("、")),
                            ),
                        );
                        ok = false;
                    }
                }
            }
        }
        Some(v) => {
            err.push(
                diags,
                (
                    format!("hires.subjects must be a list of subjects, not {v}"),
                    "write subjects = [\"music\", \"pe\", \"art\"]",
                ),
                (
                    format!("hires.subjects 必须是学科列表，不能是 {v}"),
                    "请写成 subjects = [\"music\", \"pe\", \"art\"]",
                ),
            );
            ok = false;
        }
    }
    if subjects.is_empty() && ok {
        err.push(
            diags,
            (
                "the hiring budget has no subject to choose from".into(),
                "list subjects = [...], or mark subjects shortage = true in [subjects]",
            ),
            (
                "招聘计划没有可供选择的学科".into(),
                "请列出 subjects = [...]，或在 [subjects] 中把紧缺学科标为 shortage = true",
            ),
        );
        ok = false;
    }
    ok.then_some(subjects)
}

/// `hires.programme` (default regular); `None` when a problem was reported.
fn budget_programme(
    t: &toml::Table,
    err: &BudgetErr,
    diags: &mut Vec<Diagnostic>,
) -> Option<Programme> {
    match t.get("programme") {
        None => Some(Programme::Regular),
        Some(v) => match v.as_str().and_then(Programme::parse) {
            Some(p) => Some(p),
            None => {
                err.push(
                    diags,
                    (
                        format!("hires.programme {v} is not a programme"),
                        "use regular, tegang or publicly_funded (普通, 特岗, 公费师范生)",
                    ),
                    (
                        format!("hires.programme {v} 不是可用的招聘类别"),
                        "请填写 regular、tegang 或 publicly_funded（普通、特岗、公费师范生）",
                    ),
                );
                None
            }
        },
    }
}

/// `hires.areas` (`None`: the programme's default); `Err` when a problem was reported.
fn budget_areas(
    t: &toml::Table,
    err: &BudgetErr,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<Vec<Area>>, ()> {
    match t.get("areas") {
        None => Ok(None),
        Some(toml::Value::Array(a)) => {
            let parsed: Vec<Option<Area>> =
                a.iter().map(|v| v.as_str().and_then(Area::parse)).collect();
            if parsed.iter().any(Option::is_none) || parsed.is_empty() {
                err.push(
                    diags,
                    (
                        "hires.areas must list areas: urban, town, rural, teaching_point (城区, 镇区, 乡村, 教学点)".into(),
                        "correct the area names",
                    ),
                    (
                        "hires.areas 只能列出区域：urban、town、rural、teaching_point（城区、镇区、乡村、教学点）".into(),
                        "请改正区域名称",
                    ),
                );
                Err(())
            } else {
                Ok(Some(parsed.into_iter().flatten().collect()))
            }
        }
        Some(_) => {
            err.push(
                diags,
                (
                    "hires.areas must be a list".into(),
                    "write areas = [\"rural\", \"teaching_point\"]",
                ),
                (
                    "hires.areas 必须是列表".into(),
                    "请写成 areas = [\"rural\", \"teaching_point\"]",
                ),
            );
            Err(())
        }
    }
}
