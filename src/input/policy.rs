//! Range checks on the scenario's values, all reported at once.
//!
//! serde checks types; this checks meaning: a share of 1.5 or a negative load parses fine but
//! would make the planner return nonsense or fail far from the cause.

use super::ranges::{
    num, Plausible, COMMUTE_KM, LOAD, MAX_THREADS, PENALTY_KM, PERIODS, SHARE, TIME_LIMIT,
    TRAVEL_PER_KM, WEIGHT,
};
use super::scenario_file::ScenarioFile;
use crate::diag::Diagnostic;
use crate::scenario::{Policy, Scenario, SolverSettings, Weights};
use std::collections::BTreeMap;

struct Checker<'a> {
    file: &'a ScenarioFile,
    diags: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    /// An error at `key`, with its message and action in English and in Chinese.
    fn error(&mut self, code: &'static str, key: &str, en: (String, &str), zh: (String, &str)) {
        let d = Diagnostic::error(code, en.0, en.1).zh(zh.0, zh.1);
        self.diags.push(self.file.place(d, key));
    }

    /// Refuses a number outside `range` (NaN and infinities included), naming the accepted
    /// range.
    fn range(&mut self, key: &str, v: f64, range: &Plausible) {
        if v.is_finite() && v >= range.lo && v <= range.hi {
            return;
        }
        let (lo, hi) = (num(range.lo), num(range.hi));
        self.error(
            range.code,
            key,
            (
                format!(
                    "{key} = {} is outside the plausible range {lo}..={hi} ({})",
                    num(v),
                    range.what
                ),
                &format!("{}; 请改为 {lo} 到 {hi} 之间的值", range.action),
            ),
            (
                format!(
                    "{key} = {} 超出合理范围 {lo} 至 {hi}（{}）",
                    num(v),
                    range.what_zh
                ),
                &format!("{}；请改为 {lo} 到 {hi} 之间的值", range.action_zh),
            ),
        );
    }

    fn int_range(&mut self, key: &str, v: u32, lo: u32, hi: u32) {
        if !(lo..=hi).contains(&v) {
            self.error(
                "E-POLICY-RANGE",
                key,
                (
                    format!("{key} = {v} is outside the plausible range {lo}..={hi}"),
                    "correct the value",
                ),
                (
                    format!("{key} = {v} 超出合理范围 {lo} 至 {hi}"),
                    &format!("请改为 {lo} 到 {hi} 之间的整数"),
                ),
            );
        }
    }
}

/// Checks the scenario's values. Does not need the data files.
pub fn check(file: &ScenarioFile, s: &Scenario, diags: &mut Vec<Diagnostic>) {
    let mut c = Checker { file, diags };
    if !(2000..=2100).contains(&s.plan_year) {
        c.error(
            "E-POLICY-YEAR",
            "plan_year",
            (
                format!(
                    "plan_year = {} is not a year between 2000 and 2100",
                    s.plan_year
                ),
                "give the calendar year in which the planned school year starts, e.g. 2026",
            ),
            (
                format!("plan_year = {} 不是 2000 至 2100 之间的年份", s.plan_year),
                "请填写所规划学年开始的公历年份，例如 2026",
            ),
        );
    }
    check_policy(&mut c, &s.policy);
    check_weights(&mut c, &s.weights);
    c.range("curriculum.primary_load", s.curriculum.primary_load, &LOAD);
    c.range("curriculum.junior_load", s.curriculum.junior_load, &LOAD);
    check_subjects(&mut c, s);
    check_solver(&mut c, &s.solver);
}

/// `[policy]`: shares, distances, years and ages in range, and areas that can send and receive.
fn check_policy(c: &mut Checker, p: &Policy) {
    c.range("policy.rotation_share", p.rotation_share, &SHARE);
    c.range("policy.backbone_share", p.backbone_share, &SHARE);
    c.range("policy.max_send_share", p.max_send_share, &SHARE);
    c.range("policy.commute_km", p.commute_km, &COMMUTE_KM);
    c.int_range(
        "policy.years_in_school_trigger",
        p.years_in_school_trigger,
        1,
        40,
    );
    c.int_range(
        "policy.senior_title_rural_months",
        p.senior_title_rural_months,
        0,
        600,
    );
    c.int_range(
        "policy.deferral_before_retirement_years",
        p.deferral_before_retirement_years,
        0,
        20,
    );
    c.int_range("policy.male_base_age", p.male_base_age, 40, 75);
    c.int_range("policy.female_base_age", p.female_base_age, 40, 75);
    c.int_range("policy.term_months", p.term_months, 1, 72);
    c.int_range("policy.tegang_years", p.tegang_years, 0, 10);
    if p.rural_service_areas.is_empty() {
        c.error(
            "E-POLICY-AREAS",
            "policy.rural_service_areas",
            (
                "policy.rural_service_areas is empty: no school could receive rotated teachers"
                    .into(),
                "list at least one area, e.g. [\"rural\", \"teaching_point\"]",
            ),
            (
                "policy.rural_service_areas 为空：没有学校能接收交流轮岗的教师".into(),
                "请至少列出一个区域，例如 [\"rural\", \"teaching_point\"]",
            ),
        );
    }
    if p.sending_areas.is_empty() {
        c.error(
            "E-POLICY-AREAS",
            "policy.sending_areas",
            (
                "policy.sending_areas is empty: no teacher could be rotated".into(),
                "list at least one area, e.g. [\"urban\", \"town\"]",
            ),
            (
                "policy.sending_areas 为空：没有教师能参加交流轮岗".into(),
                "请至少列出一个区域，例如 [\"urban\", \"town\"]",
            ),
        );
    }
}

/// `[weights]`: gap weights, travel weight and penalties in range.
fn check_weights(c: &mut Checker, w: &Weights) {
    for (key, v) in [
        ("weights.urban", w.urban),
        ("weights.town", w.town),
        ("weights.rural", w.rural),
        ("weights.teaching_point", w.teaching_point),
        ("weights.remote", w.remote),
        ("weights.weak", w.weak),
    ] {
        c.range(key, v, &WEIGHT);
    }
    c.range("weights.travel_per_km", w.travel_per_km, &TRAVEL_PER_KM);
    for (key, v) in [
        ("weights.not_due_penalty", w.not_due_penalty),
        ("weights.unpaired_penalty", w.unpaired_penalty),
        (
            "weights.hire_outside_rural_penalty",
            w.hire_outside_rural_penalty,
        ),
    ] {
        c.range(key, v, &PENALTY_KM);
    }
}

/// `[solver]`: a positive time limit, gaps and tolerances below 1, a plausible thread count.
fn check_solver(c: &mut Checker, sv: &SolverSettings) {
    if !(sv.time_limit_seconds.is_finite() && sv.time_limit_seconds > 0.0) {
        c.error(
            "E-POLICY-SOLVER",
            "solver.time_limit_seconds",
            (
                format!(
                    "solver.time_limit_seconds = {} must be positive",
                    num(sv.time_limit_seconds)
                ),
                "give a time limit in seconds, e.g. 300",
            ),
            (
                format!(
                    "solver.time_limit_seconds = {} 必须大于 0",
                    num(sv.time_limit_seconds)
                ),
                "请填写以秒计的时限，例如 300",
            ),
        );
    } else {
        c.range(
            "solver.time_limit_seconds",
            sv.time_limit_seconds,
            &TIME_LIMIT,
        );
    }
    if !(0.0..1.0).contains(&sv.mip_rel_gap) {
        c.error(
            "E-POLICY-SOLVER",
            "solver.mip_rel_gap",
            (
                format!("solver.mip_rel_gap = {} must be in [0, 1)", sv.mip_rel_gap),
                "use a small relative gap such as 0.0001",
            ),
            (
                format!(
                    "solver.mip_rel_gap = {} 必须不小于 0 且小于 1",
                    sv.mip_rel_gap
                ),
                "请填写较小的相对间隙，例如 0.0001",
            ),
        );
    }
    if !(0.0..1.0).contains(&sv.stage_tolerance) {
        c.error(
            "E-POLICY-SOLVER",
            "solver.stage_tolerance",
            (
                format!(
                    "solver.stage_tolerance = {} must be in [0, 1)",
                    sv.stage_tolerance
                ),
                "use a small tolerance such as 1e-6",
            ),
            (
                format!(
                    "solver.stage_tolerance = {} 必须不小于 0 且小于 1",
                    sv.stage_tolerance
                ),
                "请填写较小的容差，例如 1e-6",
            ),
        );
    }
    if sv.threads == 0 {
        c.error(
            "E-POLICY-SOLVER",
            "solver.threads",
            (
                "solver.threads = 0; at least one thread is needed".into(),
                "use 1 for reproducible plans",
            ),
            (
                "solver.threads = 0；至少需要一个线程".into(),
                "请填写 1（方案可重现）",
            ),
        );
    } else if sv.threads > MAX_THREADS {
        c.error(
            "E-POLICY-SOLVER",
            "solver.threads",
            (
                format!(
                    "solver.threads = {} is outside the plausible range 1..={MAX_THREADS}",
                    sv.threads
                ),
                "use 1 or 2 threads (请改为 1 或 2)",
            ),
            (
                format!(
                    "solver.threads = {} 超出合理范围 1 至 {MAX_THREADS}",
                    sv.threads
                ),
                "请改为 1 或 2 个线程",
            ),
        );
    }
}

fn check_subjects(c: &mut Checker, s: &Scenario) {
    if s.subjects.is_empty() {
        c.error(
            "E-POLICY-SUBJECTS",
            "subjects",
            (
                "the subject catalogue is empty".into(),
                "remove the empty [subjects] table to use the built-in catalogue, or define subjects",
            ),
            (
                "学科目录为空".into(),
                "请删除空的 [subjects] 表以使用内置学科目录，或在其中定义学科",
            ),
        );
        return;
    }
    let mut names: BTreeMap<String, &str> = BTreeMap::new();
    for (id, def) in &s.subjects {
        let key = format!("subjects.{id}");
        for (what, v) in [
            ("primary_periods", def.primary_periods),
            ("junior_periods", def.junior_periods),
        ] {
            c.range(&format!("{key}.{what}"), v, &PERIODS);
        }
        if def.zh.trim().is_empty() {
            c.error(
                "E-POLICY-SUBJECTS",
                &format!("{key}.zh"),
                (
                    format!("subject {id} has an empty Chinese name"),
                    "give the subject's Chinese name, e.g. zh = \"音乐\"",
                ),
                (
                    format!("学科 {id} 的中文名称为空"),
                    "请填写该学科的中文名称，例如 zh = \"音乐\"",
                ),
            );
        }
        let spellings = std::iter::once(id.to_lowercase())
            .chain(std::iter::once(def.zh.trim().to_lowercase()))
            .chain(def.aliases.iter().map(|a| a.trim().to_lowercase()));
        for name in spellings.filter(|n| !n.is_empty()) {
            match names.get(&name) {
                Some(other) if *other != id.as_str() => c.error(
                    "E-POLICY-SUBJECTS",
                    &key,
                    (
                        format!("the name \"{name}\" is used by subjects {other} and {id}"),
                        "give every subject its own names and aliases",
                    ),
                    (
                        format!("名称“{name}”同时被学科 {other} 和 {id} 使用"),
                        "请给每个学科各自不同的名称和别名",
                    ),
                ),
                _ => {
                    names.insert(name, id.as_str());
                }
            }
        }
    }
}
