//! Checks of the staffing tables of the scenario (`[establishment]`, `[coverage]`,
//! `[itinerant]`, `[exchange]`; docs/scenario.md), all reported at once, and the subject lists
//! of these tables turned into the catalogue's canonical ids.
//!
//! serde has already refused unknown keys and unknown area names (`per_class.village` lists the
//! four areas); this checks meaning: a ratio of 0 pupils per post would make every
//! establishment infinite, a negative distance would forbid every circuit without saying why.

use super::ranges::{num, Plausible, PENALTY_KM, TRAVEL_PER_KM};
use super::scenario_file::ScenarioFile;
use crate::diag::Diagnostic;
use crate::scenario::Scenario;

/// `establishment.primary_ratio` and `junior_ratio`: pupils per post (positive as well).
const PUPILS_PER_POST: Plausible = Plausible {
    lo: 0.0,
    hi: 1000.0,
    code: "E-POLICY-RANGE",
    what: "pupils per post",
    action: "give the pupils per post of the staffing standard, e.g. 19 (primary) or 13.5 (junior)",
    what_zh: "每个编制对应的学生数",
    action_zh: "请填写编制标准中每个编制对应的学生数，例如小学 19、初中 13.5",
};

/// `establishment.per_class.<area>`: posts per class (班师比).
const POSTS_PER_CLASS: Plausible = Plausible {
    lo: 0.0,
    hi: 20.0,
    code: "E-POLICY-RANGE",
    what: "posts per class",
    action: "give the posts per class of the class-based minimum, e.g. 1.7, or remove the area",
    what_zh: "每班编制数",
    action_zh: "请填写按班核定的最低每班编制数（班师比），例如 1.7，或删除该区域",
};

/// `establishment.multigrade_below.<area>`: pupils per class under which classes combine.
const MULTIGRADE_BELOW: Plausible = Plausible {
    lo: 0.0,
    hi: 1000.0,
    code: "E-POLICY-RANGE",
    what: "pupils per class",
    action: "give the pupils per class under which a small school combines classes (复式), e.g. 15, or remove the area",
    what_zh: "每班学生数",
    action_zh: "请填写小规模学校合并为复式班的每班学生数下限，例如 15，或删除该区域",
};

/// `establishment.multigrade_group`: most pupils in one combined class.
const MULTIGRADE_GROUP: Plausible = Plausible {
    lo: 0.0,
    hi: 1000.0,
    code: "E-POLICY-RANGE",
    what: "pupils in one combined class",
    action: "give the most pupils in one combined class (复式班), e.g. 25",
    what_zh: "一个复式班的学生数",
    action_zh: "请填写一个复式班最多的学生数，例如 25",
};

/// `establishment.pupil_floor`: pupils per teacher below which a school is flagged.
const PUPIL_FLOOR: Plausible = Plausible {
    lo: 0.0,
    hi: 100.0,
    code: "E-POLICY-RANGE",
    what: "pupils per teacher",
    action: "give the pupils per teacher below which a school is flagged (师多生少), e.g. 5, or 0 for no flag",
    what_zh: "每名教师对应的学生数",
    action_zh: "请填写标记“师多生少”的每名教师对应学生数下限，例如 5；填 0 表示不标记",
};

/// `itinerant.km`: the farthest school a teacher serves from the base school.
const ITINERANT_SHARE: Plausible = Plausible {
    lo: 0.0,
    hi: 1.0,
    code: "E-POLICY-RANGE",
    what: "a share of one teacher's load (FTE)",
    action: "give the most FTE of one subject taught itinerantly at one school, e.g. 0.5",
    what_zh: "一名教师工作量的比例（FTE）",
    action_zh: "请填写一名教师在一所学校走教一个学科的最多工作量（FTE），例如 0.5",
};

const ITINERANT_KM: Plausible = Plausible {
    lo: 0.0,
    hi: 500.0,
    code: "E-POLICY-RANGE",
    what: "a distance in km",
    action: "give the farthest distance of an itinerant circuit in km, e.g. 10",
    what_zh: "以公里计的距离",
    action_zh: "请填写走教线路的最远距离（公里），例如 10",
};

struct Checker<'a> {
    file: &'a ScenarioFile,
    diags: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    /// An error at `key`, with its message and action in English and in Chinese.
    fn error(&mut self, code: &'static str, key: &str, en: (String, String), zh: (String, String)) {
        let d = Diagnostic::error(code, en.0, en.1).zh(zh.0, zh.1);
        self.diags.push(self.file.place(d, key));
    }

    /// Refuses a number outside `range`, NaN and infinities included.
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
                format!("{}; 请改为 {lo} 到 {hi} 之间的值", range.action),
            ),
            (
                format!(
                    "{key} = {} 超出合理范围 {lo} 至 {hi}（{}）",
                    num(v),
                    range.what_zh
                ),
                format!("{}；请改为 {lo} 到 {hi} 之间的值", range.action_zh),
            ),
        );
    }

    /// Refuses 0 as well as what [`Checker::range`] refuses.
    fn positive(&mut self, key: &str, v: f64, range: &Plausible) {
        if v == 0.0 {
            self.error(
                range.code,
                key,
                (
                    format!("{key} = 0 must be more than 0 ({})", range.what),
                    format!("{}; 请填写大于 0 的数", range.action),
                ),
                (
                    format!("{key} = 0，必须大于 0（{}）", range.what_zh),
                    format!("{}；请填写大于 0 的数", range.action_zh),
                ),
            );
        } else {
            self.range(key, v, range);
        }
    }

    /// Refuses a whole number outside `lo..=hi`; `action` in English and in Chinese.
    fn int_range(&mut self, key: &str, v: u32, (lo, hi): (u32, u32), action: (&str, &str)) {
        if !(lo..=hi).contains(&v) {
            self.error(
                "E-POLICY-RANGE",
                key,
                (
                    format!("{key} = {v} is outside the plausible range {lo}..={hi}"),
                    format!("{}; 请改为 {lo} 到 {hi} 之间的整数", action.0),
                ),
                (
                    format!("{key} = {v} 超出合理范围 {lo} 至 {hi}"),
                    format!("{}；请改为 {lo} 到 {hi} 之间的整数", action.1),
                ),
            );
        }
    }
}

/// Checks the four staffing tables and replaces the subjects of `coverage.general_subjects`
/// and `itinerant.subjects` by their canonical ids (a Chinese name or an alias is accepted,
/// as in the data files). Does not need the data files.
pub(crate) fn check(file: &ScenarioFile, s: &mut Scenario, diags: &mut Vec<Diagnostic>) {
    let mut c = Checker { file, diags };
    let e = &s.establishment;
    c.positive(
        "establishment.primary_ratio",
        e.primary_ratio,
        &PUPILS_PER_POST,
    );
    c.positive(
        "establishment.junior_ratio",
        e.junior_ratio,
        &PUPILS_PER_POST,
    );
    for (area, v) in &e.per_class {
        let key = format!("establishment.per_class.{}", area.key());
        c.range(&key, *v, &POSTS_PER_CLASS);
    }
    for (area, v) in &e.multigrade_below {
        let key = format!("establishment.multigrade_below.{}", area.key());
        c.range(&key, *v, &MULTIGRADE_BELOW);
    }
    c.positive(
        "establishment.multigrade_group",
        e.multigrade_group,
        &MULTIGRADE_GROUP,
    );
    c.range("establishment.pupil_floor", e.pupil_floor, &PUPIL_FLOOR);
    c.int_range(
        "establishment.allowance",
        e.allowance,
        (0, 1000),
        (
            "give how many teachers rotations may take a school above its establishment, e.g. 0",
            "请填写交流轮岗可使一所学校超出核定编制的教师人数，例如 0",
        ),
    );
    let it = &s.itinerant;
    c.range("itinerant.km", it.km, &ITINERANT_KM);
    c.range(
        "itinerant.max_fte_per_school",
        it.max_fte_per_school,
        &ITINERANT_SHARE,
    );
    c.int_range(
        "itinerant.max_schools",
        it.max_schools,
        (1, 50),
        (
            "give the most schools one teacher serves besides the base school, e.g. 3 \
             (to turn itinerant teaching off, write enabled = false)",
            "请填写一名教师除本校外最多走教的学校数，例如 3（如不走教，请写 enabled = false）",
        ),
    );
    c.range(
        "itinerant.cost_per_fte_km",
        it.cost_per_fte_km,
        &TRAVEL_PER_KM,
    );
    let x = &s.exchange;
    c.int_range(
        "exchange.min_years_in_school",
        x.min_years_in_school,
        (0, 40),
        (
            "give the years in the current school a teacher needs before an exchange, e.g. 3",
            "请填写教师参加对口交流前须在本校任教的年数，例如 3",
        ),
    );
    c.range("exchange.penalty", x.penalty, &PENALTY_KM);
    c.int_range(
        "exchange.nearest",
        x.nearest,
        (1, 1000),
        (
            "give how many of the nearest schools that take exchanges the planner offers each \
             exchange teacher, e.g. 3",
            "请填写为每名对口交流教师提供的最近的接收学校数，例如 3",
        ),
    );
    leaders(&mut c, &s.leaders);
    applications(&mut c, &s.applications);
    // an area left out of leaders.quality_by_area keeps its default score
    let defaults = crate::scenario::LeaderRules::default().quality_by_area;
    for (area, q) in defaults {
        s.leaders.quality_by_area.entry(area).or_insert(q);
    }

    if s.subjects.is_empty() {
        return; // E-POLICY-SUBJECTS already: every subject would be unknown.
    }
    // The default list names subjects of the built-in catalogue; a scenario with its own
    // catalogue keeps those of them it has. A list the scenario gives must be all known.
    if s.coverage.general_subjects == crate::scenario::CoverageRules::default().general_subjects {
        let known: Vec<String> = s
            .coverage
            .general_subjects
            .iter()
            .filter_map(|x| s.subject_id(x).map(str::to_string))
            .collect();
        s.coverage.general_subjects = known;
    } else if let Some(ids) = canonical(
        &mut c,
        s,
        "coverage.general_subjects",
        &s.coverage.general_subjects,
    ) {
        s.coverage.general_subjects = ids;
    }
    if let Some(ids) = canonical(&mut c, s, "itinerant.subjects", &s.itinerant.subjects) {
        s.itinerant.subjects = ids;
    }
}

/// The canonical ids of a list of subjects, in order and without repeats; `None` when one is
/// not in the catalogue (reported).
fn canonical(c: &mut Checker, s: &Scenario, key: &str, list: &[String]) -> Option<Vec<String>> {
    let mut ids: Vec<String> = Vec::new();
    let mut ok = true;
    for text in list {
        match s.subject_id(text) {
            Some(id) if ids.iter().any(|i| i == id) => {}
            Some(id) => ids.push(id.to_string()),
            None => {
                ok = false;
                let known: Vec<String> = s
                    .subjects
                    .iter()
                    .map(|(id, d)| format!("{id} ({})", d.zh))
                    .collect();
                let q = crate::diag::quote(text);
                c.error(
                    "E-POLICY-SUBJECTS",
                    key,
                    (
                        format!(
                            "{key}: \"{q}\" is not a subject of the catalogue; known subjects: {}",
                            known.join(", ")
                        ),
                        "use a subject id, its Chinese name or an alias (e.g. \"science\" or \
                         \"科学\"), or add the subject under [subjects]; 请填写学科目录中的学科"
                            .to_string(),
                    ),
                    (
                        format!("{key}：“{q}”不在学科目录中；已有学科：{}", known.join("，")),
                        "请填写学科代码、中文名称或别名（例如 \"science\" 或 \"科学\"），\
                         或在 [subjects] 中添加该学科"
                            .to_string(),
                    ),
                );
            }
        }
    }
    ok.then_some(ids)
}

/// `[leaders]` (docs/leaders.md).
const QUALITY: Plausible = Plausible {
    lo: 0.0,
    hi: 100.0,
    code: "E-POLICY-RANGE",
    what: "a quality score",
    action: "give a school quality score from 0 to 100, e.g. 60",
    what_zh: "办学质量评分",
    action_zh: "请填写 0 到 100 之间的办学质量评分，例如 60",
};

fn leaders(c: &mut Checker, l: &crate::scenario::LeaderRules) {
    c.int_range(
        "leaders.term_years",
        l.term_years,
        (1, 10),
        (
            "give the years of one leader term (任期), e.g. 3",
            "请填写校长（干部）一个任期的年数，例如 3",
        ),
    );
    c.int_range(
        "leaders.due_after_terms",
        l.due_after_terms,
        (1, 10),
        (
            "give after how many terms in one school a leader is due to rotate, e.g. 2",
            "请填写干部在同一学校任满几个任期后应交流，例如 2",
        ),
    );
    c.int_range(
        "leaders.min_years",
        l.min_years,
        (0, 40),
        (
            "give the years in the post after which a leader who is not due may be moved, e.g. 3",
            "请填写未到交流期限的干部任职满几年后可以调动，例如 3",
        ),
    );
    c.int_range(
        "leaders.min_managers",
        l.min_managers,
        (0, 50),
        (
            "give how many vice principals and middle managers every school keeps, e.g. 0",
            "请填写每所学校至少保留的副校长和中层干部人数，例如 0",
        ),
    );
    c.int_range(
        "leaders.retire_within_years",
        l.retire_within_years,
        (0, 20),
        (
            "give within how many years of retirement a leader is not moved, e.g. 2",
            "请填写距退休几年以内的干部不再调动，例如 2",
        ),
    );
    for (area, v) in &l.quality_by_area {
        let key = format!("leaders.quality_by_area.{}", area.key());
        c.range(&key, *v, &QUALITY);
    }
    c.range("leaders.weak_quality", l.weak_quality, &QUALITY);
}

/// `[applications]` (docs/wishes.md).
const POINTS_RATE: Plausible = Plausible {
    lo: 0.0,
    hi: 100.0,
    code: "E-POLICY-RANGE",
    what: "a points rate",
    action: "give points from 0 to 100, e.g. 1 per year in school · 积分标准应在 0 到 100 之间",
    what_zh: "积分标准",
    action_zh: "请填写 0 到 100 之间的积分，例如在校每年 1 分",
};

const WISH_WEIGHT: Plausible = Plausible {
    lo: 0.0,
    hi: 1000.0,
    code: "E-POLICY-RANGE",
    what: "a weight of the wishes goal",
    action: "give a weight from 0 to 1000, e.g. 10 · 权重应在 0 到 1000 之间",
    what_zh: "志愿目标的权重",
    action_zh: "请填写 0 到 1000 之间的权重，例如 10",
};

fn applications(c: &mut Checker, a: &crate::scenario::ApplicationRules) {
    c.int_range(
        "applications.max_wishes",
        a.max_wishes,
        (1, 5),
        (
            "give the most wishes a teacher may name, 1 to 5, e.g. 3 · 志愿数为 1 到 5",
            "请填写每名教师最多可填的志愿数（1 到 5），例如 3",
        ),
    );
    c.range(
        "applications.points_per_year_in_school",
        a.points_per_year_in_school,
        &POINTS_RATE,
    );
    c.range(
        "applications.points_backbone",
        a.points_backbone,
        &POINTS_RATE,
    );
    c.range(
        "applications.points_per_year_of_age",
        a.points_per_year_of_age,
        &POINTS_RATE,
    );
    c.range("applications.volunteer", a.volunteer, &WISH_WEIGHT);
    c.range("applications.rank", a.rank, &WISH_WEIGHT);
    c.range("applications.unwished", a.unwished, &WISH_WEIGHT);
    // an applicant may leave through their school's common pool to any school, a wished one
    // too, at the cost of an unwished post: no wish may cost more than that
    let lowest = f64::from(a.max_wishes.saturating_sub(1)) * a.rank;
    if a.unwished < lowest {
        c.error(
            "E-POLICY-RANGE",
            "applications.unwished",
            (
                format!(
                    "applications.unwished {} is below the cost of the last wish, (max_wishes − 1) × rank = {lowest} · 非志愿学校的权重低于最后一个志愿",
                    a.unwished
                ),
                format!("raise applications.unwished to at least {lowest}, or lower rank or max_wishes · 请调高 unwished"),
            ),
            (
                format!(
                    "applications.unwished = {} 低于最后一个志愿的权重 (max_wishes − 1) × rank = {lowest}：非志愿学校的权重不能低于最后一个志愿",
                    a.unwished
                ),
                format!("请把 applications.unwished 调高到至少 {lowest}，或调低 rank 或 max_wishes"),
            ),
        );
    }
}
