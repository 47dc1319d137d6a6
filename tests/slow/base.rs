//! `plan VARIANT --base DIR` (docs/scenario.md, "What-if against a base plan"): the variant's
//! goals are solved as without a base, and among their optimal plans the one keeping the most
//! base decisions is chosen. Every plan here is checked (`--check`).

use crate::support::{rotaplan, text};
use std::path::Path;

const DEMO: &str = "scenarios/demo-county/scenario.toml";

fn plan(scenario: &str, base: Option<&Path>, out: &Path) -> serde_json::Value {
    let mut args = vec![
        "plan",
        scenario,
        "--out",
        out.to_str().unwrap(),
        "--reproducible",
        "--check",
    ];
    if let Some(b) = base {
        args.extend(["--base", b.to_str().unwrap()]);
    }
    let o = rotaplan(&args);
    // exit 1 only for a goal the variant cannot meet, which the checker finds declared
    let said = text(&o.stdout);
    assert!(
        o.status.code() == Some(0)
            || (o.status.code() == Some(1) && said.contains("违反规则 0 条")),
        "{scenario}: {said}{}",
        text(&o.stderr)
    );
    serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap()
}

/// (goal, objective) of the stages before the stability stage.
fn goal_values(summary: &serde_json::Value) -> Vec<(String, f64)> {
    (summary["stages"].as_array().unwrap().iter())
        .filter(|s| s["goal"] != "stability")
        .map(|s| {
            (
                s["goal"].as_str().unwrap().to_string(),
                s["objective"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn differing(a: &Path, b: &Path) -> usize {
    let o = rotaplan(&["compare", a.to_str().unwrap(), b.to_str().unwrap()]);
    let said = text(&o.stdout);
    // the default text is Chinese: 交流安排不同的教师：N 人
    let n = (said.lines())
        .find_map(|l| l.strip_prefix("交流安排不同的教师："))
        .unwrap_or_else(|| panic!("{said}"));
    n.trim_end_matches(" 人").parse().unwrap()
}

#[test]
fn a_variant_keeps_the_base_plan_where_it_stays_optimal() {
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("base");
    plan(DEMO, None, &base);

    // the scenario against its own plan: the same plan, the stability stage at 0
    let same = tmp.path().join("same");
    let summary = plan(DEMO, Some(&base), &same);
    for f in ["plan.csv", "hires.csv"] {
        assert_eq!(
            std::fs::read(base.join(f)).unwrap(),
            std::fs::read(same.join(f)).unwrap(),
            "{f}"
        );
    }
    let last = summary["stages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (last["goal"].as_str(), last["objective"].as_f64()),
        (Some("stability"), Some(0.0))
    );

    // a variant the base plan already answers: nobody moves differently
    let same_answer = tmp.path().join("same-answer");
    plan(
        "tests/fixtures/base/rotation-10-05.toml",
        Some(&base),
        &same_answer,
    );
    assert_eq!(differing(&base, &same_answer), 0);

    // rotation share 15%: the goals reach what they reach without a base, and fewer teachers
    // move differently
    let free = tmp.path().join("free");
    let kept = tmp.path().join("kept");
    let r15 = "scenarios/whatif/rotation-15.toml";
    let without = plan(r15, None, &free);
    let with = plan(r15, Some(&base), &kept);
    assert_eq!(goal_values(&without), goal_values(&with));
    let (a, b) = (differing(&base, &free), differing(&base, &kept));
    assert!(b < a, "with the base {b} teachers differ, without {a}");
    // at least the 17 teachers the higher share adds
    let added = with["rotated"].as_u64().unwrap() - 128;
    assert!(b as u64 >= added, "{b} < {added}");
}
