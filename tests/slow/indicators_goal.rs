//! The `indicators` goal (docs/model.md, "The indicators goal"): on a hand-computed case it
//! lifts a school over the L1 threshold at no cost to the gap; on the demo county it lowers the
//! goal's value without giving up any earlier goal. Its stage's objective equals the value
//! recomputed from the indicators the reports show (`rules::indicators`), and every plan
//! passes the independent checker.

use crate::support::{solve_checked, solve_checked_with, Solve};
use rotaplan::input::Loaded;
use rotaplan::plan::indicator_prep::goal_value;
use rotaplan::plan::{Plan, SolveStatus};
use rotaplan::rules::indicators::{self, Indicator, IndicatorParams, Indicators};
use rotaplan::scenario::Goal;

fn load(rel: &str, goals: &[Goal]) -> Loaded {
    let mut loaded = crate::support::load(rel);
    loaded.scenario.solver.goals = goals.to_vec();
    loaded
}

const DEFAULT: [Goal; 4] = [Goal::MustServe, Goal::Gap, Goal::Shares, Goal::Travel];
const WITH_INDICATORS: [Goal; 5] = [
    Goal::MustServe,
    Goal::Gap,
    Goal::Shares,
    Goal::Indicators,
    Goal::Travel,
];

/// Plans, writes the plan, runs the checker on the written files; returns the plan, the
/// indicators after it and summary.json.
fn planned(loaded: &Loaded) -> (Plan, Indicators, serde_json::Value) {
    let checked = solve_checked(loaded, &loaded.scenario.name);
    let report = &checked.report;
    assert!(report.is_ok(), "{}", report.render_text());
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(checked.path().join("summary.json")).unwrap())
            .unwrap();
    let p = checked.plan;
    // the county the teachers were planned for: moved leaders at their new schools
    let ind = indicators::compute(
        &p.placed(loaded).county,
        &rotaplan::output::figures::outcome(&p),
        &IndicatorParams::default(),
    );
    (p, ind, summary)
}

fn objective(p: &Plan, goal: Goal) -> f64 {
    p.stages.iter().find(|s| s.goal == goal).unwrap().objective
}

/// Schools below threshold after the plan, as summary.json reports them.
fn below_after(summary: &serde_json::Value, stage: &str, indicator: &str) -> u64 {
    summary["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == stage && s["indicator"] == indicator)
        .unwrap()["below_after"]
        .as_u64()
        .unwrap()
}

fn moves(loaded: &Loaded, p: &Plan) -> Vec<String> {
    p.assignments
        .iter()
        .map(|a| {
            format!(
                "{}>{}",
                loaded.county.teachers[a.teacher].id, loaded.county.schools[a.to].id
            )
        })
        .collect()
}

#[test]
fn goal_lifts_a_school_over_the_l1_threshold_at_no_cost_to_the_gap() {
    const FIXTURE: &str = "tests/fixtures/indicators_goal/scenario.toml";
    // Default goals: B (secondary education, longest in school) goes; R1's L1 stays 0.
    let loaded = load(FIXTURE, &DEFAULT);
    let (p, ind, summary) = planned(&loaded);
    assert_eq!(moves(&loaded, &p), ["B>R1"]);
    assert!(objective(&p, Goal::Gap).abs() < 1e-9);
    assert_eq!(below_after(&summary, "primary", "l1"), 1);
    let r1 = ind.parts.iter().find(|x| x.school_id == "R1").unwrap();
    assert_eq!(r1.value(Indicator::L1, true), 0.0);
    // By hand (weights 40/60 for U1, 20/60 for R1; nobody counts in L2 or L3, whose means are
    // 0): below the thresholds L1 1/3 (R1, 4.2 short of 4.2), L2 1, L3 1; below the L1 mean
    // before (5.0 = (40·7.5 + 20·0)/60) 1/3 (R1).
    let (t, m) = goal_value(&ind);
    assert!((t - 7.0 / 3.0).abs() < 1e-9, "{t}");
    assert!((m - 1.0 / 3.0).abs() < 1e-9, "{m}");

    // With the goal: a 本科 teacher (A, first by id) goes, R1's L1 = 100/20 = 5.0 ≥ 4.2 and U1's
    // = 2·100/40 = 5.0: nobody below L1's threshold or mean; the goal is 2 (L2 and L3).
    let loaded = load(FIXTURE, &WITH_INDICATORS);
    let (p, ind, summary) = planned(&loaded);
    assert_eq!(moves(&loaded, &p), ["A>R1"]);
    assert!(objective(&p, Goal::Gap).abs() < 1e-9);
    assert_eq!(below_after(&summary, "primary", "l1"), 0);
    for school in ["U1", "R1"] {
        let part = ind.parts.iter().find(|x| x.school_id == school).unwrap();
        assert!((part.value(Indicator::L1, true) - 5.0).abs() < 1e-9);
    }
    assert!((objective(&p, Goal::Indicators) - 2.0).abs() < 1e-9);
    let (t, m) = goal_value(&ind);
    assert!((t - 2.0).abs() < 1e-9 && m.abs() < 1e-9, "{t} {m}");
    // travel is the same: both go 5 km to an unpaired school (5 + 10)
    assert!((objective(&p, Goal::Travel) - 15.0).abs() < 1e-9);
}

#[test]
fn demo_with_the_goal_keeps_every_earlier_goal_and_lowers_the_indicator_shortfall() {
    const DEMO: &str = "scenarios/demo-county/scenario.toml";
    let base = load(DEMO, &DEFAULT);
    let (bp, bind, _) = planned(&base);
    let loaded = load(DEMO, &WITH_INDICATORS);
    let (p, ind, summary) = planned(&loaded);
    assert!(
        p.stages.iter().all(|s| s.status == SolveStatus::Optimal),
        "{:?}",
        p.stages
    );
    assert!(summary["violations"].as_array().unwrap().is_empty());
    // Earlier goals are held: the same optima as without the goal.
    for goal in [Goal::MustServe, Goal::Gap, Goal::Shares] {
        let (a, b) = (objective(&p, goal), objective(&bp, goal));
        assert!(
            (a - b).abs() <= 1e-6 * b.abs().max(1.0),
            "{goal:?}: {a} vs {b}"
        );
    }
    // The stage's objective is the goal recomputed from the reported indicators, and no worse
    // than the default plan's (within the stage's relative MIP gap).
    let (t, m) = goal_value(&ind);
    let got = objective(&p, Goal::Indicators);
    assert!((got - (t + m)).abs() < 1e-6, "{got} vs {t} + {m}");
    let (bt, bm) = goal_value(&bind);
    let tol = loaded.scenario.solver.mip_rel_gap;
    assert!(got <= (bt + bm) * (1.0 + tol), "{got} vs {}", bt + bm);
    // Measured (this test, debug build): 0.8726 + 0.9629 by default, 0.7364 + 0.8412 with it.
    assert!(
        t <= bt + 1e-9 && m <= bm + 1e-9,
        "{bt} + {bm} against {t} + {m}"
    );
    // The count of school parts below threshold is not what the goal minimises (docs/model.md,
    // "Fewer schools below threshold": the shortfall is a linear proxy that may bring two
    // schools halfway instead of one over the line), so it is not asserted: on this demo the
    // count is 50 with the goal against 47 without it, while the shortfalls above fall.
}

#[test]
fn an_exported_model_names_the_indicator_terms() {
    // The last stage's model has the indicator goal held: its term columns are named for it,
    // apart from the gap goal's slots.
    let loaded = load(
        "tests/fixtures/indicators_goal/scenario.toml",
        &WITH_INDICATORS,
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.lp");
    let checked = solve_checked_with(&loaded, &Solve::new("with a model").export_model(&path));
    let report = &checked.report;
    assert!(report.is_ok(), "{}", report.render_text());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("indicator_c"), "no indicator column named");
    assert!(
        text.contains("short_backbone_c"),
        "the share columns keep their names"
    );
}

/// docs/years.md: with `indicators` among the goals, `advance` carries the goals forward and
/// every year plans with them; on the demo every quality-balance coefficient then stays under
/// its limit in every year (with the default goals junior L2 is over 0.45 in 2026 and 2028).
#[test]
fn the_goal_holds_in_every_year_of_a_projection() {
    let tmp = tempfile::tempdir().unwrap();
    let county = tmp.path().join("county");
    std::fs::create_dir(&county).unwrap();
    let demo = crate::support::root().join("scenarios/demo-county");
    for e in std::fs::read_dir(&demo).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), county.join(e.file_name())).unwrap();
    }
    let toml = std::fs::read_to_string(county.join("scenario.toml")).unwrap();
    std::fs::write(
        county.join("scenario.toml"),
        toml.replace(
            "[solver]\n",
            "[solver]\ngoals = [\"must_serve\", \"gap\", \"shares\", \"indicators\", \"travel\"]\n",
        ),
    )
    .unwrap();
    let out = tmp.path().join("h");
    let o = crate::support::rotaplan(&[
        "plan",
        county.join("scenario.toml").to_str().unwrap(),
        "--years",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]);
    let said = crate::support::text(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{said}{}",
        crate::support::text(&o.stderr)
    );
    // the goals reached the later years
    let next = std::fs::read_to_string(out.join("scenario-2028/scenario.toml")).unwrap();
    assert!(next.contains("\"indicators\""), "{next}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("horizon.json")).unwrap()).unwrap();
    for y in json["years"].as_array().unwrap() {
        assert_eq!(y["check_ok"], true, "{y}");
        for c in y["cv_after"].as_array().unwrap() {
            let (cv, limit) = (c[2].as_f64(), c[3].as_f64().unwrap());
            assert!(cv.is_none_or(|v| v <= limit), "{}: {c}", y["year"]);
        }
    }
}
