//! The bundled what-if variants of the demo county (scenarios/whatif) planned as one batch with
//! a pinned assignment, and a re-plan of the demo after one withdrawal
//! (scenarios/whatif-replan). Every plan is checked by the independent checker.

use crate::support::{batch_checked, replan_checked, solve_into};
use rotaplan::input::{load_with, LoadOptions};
use rotaplan::whatif::RunOptions;
use serde::Deserialize;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn opts() -> RunOptions {
    RunOptions {
        time_limit: Some(300.0),
        reproducible: true,
        ..Default::default()
    }
}

#[derive(Debug, Deserialize)]
struct Row {
    name: String,
    outcome: String,
    status: String,
    hires: u32,
    budget_mix: String,
    violations: String,
}

fn read_csv<T: for<'de> Deserialize<'de>>(path: &Path) -> Vec<T> {
    let bytes = std::fs::read(path).unwrap();
    csv::Reader::from_reader(&bytes[3..])
        .deserialize()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn every_demo_variant_keeps_the_pinned_assignment_and_passes_check() {
    let locks = LoadOptions {
        locks: vec![root().join("tests/whatif_fixture/demo-locks.csv")],
        overrides: vec![],
    };
    let out = tempfile::tempdir().unwrap();
    let (_, worst, reports) = batch_checked(
        &root().join("scenarios/whatif"),
        out.path(),
        &opts(),
        &locks,
    );
    let rows: Vec<Row> = read_csv(&out.path().join("batch-summary.csv"));
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "budget",
            "closed-point",
            "exempt-school",
            "locked",
            "more-hires",
            "rotation-15"
        ]
    );
    // A 15% share cannot be met within the establishments: rotated teachers go only where a
    // subject is uncovered or a rural teacher leaves on exchange. The plan says so.
    assert_eq!(worst, rotaplan::whatif::Outcome::RuleNotMet, "{rows:#?}");
    for r in &rows {
        let short = r.name == "rotation-15";
        let want = if short { "rule_not_met" } else { "ok" };
        assert_eq!(
            (r.outcome.as_str(), r.status.as_str()),
            (want, "optimal"),
            "{r:?}"
        );
        assert_eq!(r.violations.is_empty(), !short, "{r:?}");
        let dir = out.path().join(&r.name);
        let report = &reports[&r.name];
        if short {
            let codes: Vec<&str> = report.violations.iter().map(|v| v.code).collect();
            assert_eq!(codes, ["C-ROTATION-SHARE"], "{}", report.render_text());
            assert!(report.mismatches.is_empty(), "{}", report.render_text());
        } else {
            assert!(report.is_ok(), "{}: {}", r.name, report.render_text());
        }
        let plan = std::fs::read_to_string(dir.join("plan.csv")).unwrap();
        assert!(
            plan.lines()
                .any(|l| l.starts_with("T00201,") && l.contains(",morality,S0003,S0054,")),
            "{}: the pinned assignment is kept",
            r.name
        );
    }
    // Hires go only into vacant posts where they close a gap; the rest are reported unspent.
    let base = std::fs::read_to_string(out.path().join("more-hires/summary.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&base).unwrap();
    assert_eq!(
        v["hires"].as_u64().unwrap() + v["hires_unspent"].as_u64().unwrap(),
        100
    );
    let hires = |name: &str| rows.iter().find(|r| r.name == name).unwrap();
    let budget = hires("budget");
    let bought: u32 = budget
        .budget_mix
        .split(';')
        .map(|p| p.split(':').nth(1).unwrap().parse::<u32>().unwrap())
        .sum();
    assert!(bought > 0 && bought <= 40, "{}", budget.budget_mix);
    assert!(
        budget.hires >= hires("more-hires").hires.min(80),
        "{rows:?}"
    );
}

#[derive(Debug, Deserialize)]
struct Change {
    id: String,
    change: String,
}

#[test]
fn replanning_the_demo_after_one_withdrawal_changes_only_what_it_must() {
    let before = tempfile::tempdir().unwrap();
    let base = rotaplan::input::load(&root().join("scenarios/demo-county/scenario.toml")).unwrap();
    let first = solve_into(&base, before.path(), &opts(), "demo");
    assert!(first.check_ok(), "{}", first.check_text());
    // The scenario withdraws a teacher the demo plan rotates; equal optima can trade one
    // teacher for another when the solver changes, and then the scenario needs another id.
    #[derive(Debug, Deserialize)]
    struct Line {
        teacher_id: String,
    }
    let rotated: Vec<Line> = read_csv(&before.path().join("plan.csv"));
    assert!(
        rotated.iter().any(|l| l.teacher_id == "T00004"),
        "the demo plan no longer rotates T00004: name a rotated teacher in \
         scenarios/whatif-replan/withdrawal.toml and here"
    );

    let variant = load_with(
        &root().join("scenarios/whatif-replan/withdrawal.toml"),
        &LoadOptions::default(),
    )
    .unwrap();
    let after = tempfile::tempdir().unwrap();
    let r = replan_checked(&variant, before.path(), after.path(), &opts(), "withdrawal");
    assert!(r.done.check_ok(), "{}", r.done.check_text());
    let changes: Vec<Change> = read_csv(&after.path().join("changes.csv"));
    let of = |kind: &str| -> Vec<&str> {
        changes
            .iter()
            .filter(|c| c.change == kind)
            .map(|c| c.id.as_str())
            .collect()
    };
    assert_eq!(of("removed"), ["T00004"], "{changes:?}");
    assert!(of("moved").is_empty(), "{changes:?}");
    // The freed post is filled again, by a teacher or by a hire into the school's vacant post
    // (hires now go only where they close a gap); the backbone share may ask for one more.
    let refilled = of("added").len() + of("changed").len();
    assert!((1..=2).contains(&refilled), "{changes:?}");
    assert_eq!(r.kept, r.previous - 1);
    assert!(r.done.summary.violations.is_empty());
}
