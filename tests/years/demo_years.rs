//! The rolling workflow on the demo, as an office runs it: plan → advance → plan for three
//! years, every plan checked (`plan --check`), nothing given ever changed.

use crate::support::{root, rotaplan, text};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const DEMO: &str = "scenarios/demo-county/scenario.toml";

type Rows = Vec<BTreeMap<String, String>>;

fn rows(path: &Path) -> Rows {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header: Vec<String> = (r.headers().unwrap().iter())
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn by_id(rows: &Rows) -> BTreeMap<String, BTreeMap<String, String>> {
    rows.iter()
        .map(|r| (r["teacher_id"].clone(), r.clone()))
        .collect()
}

fn plan_checked(scenario: &str, out: &Path) {
    let o = rotaplan(&["plan", scenario, "--out", out.to_str().unwrap(), "--check"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}\n{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    assert!(text(&o.stdout).contains("方案合规"), "{}", text(&o.stdout));
}

fn advance(scenario: &str, plan: &Path, out: &Path) -> String {
    let o = rotaplan(&[
        "advance",
        scenario,
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    text(&o.stdout)
}

fn digest_of_inputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn three_years_of_plan_advance_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let inputs = digest_of_inputs(&root().join("scenarios/demo-county"));

    plan_checked(DEMO, &t.join("plan-2026"));
    let said = advance(DEMO, &t.join("plan-2026"), &t.join("2027"));
    assert!(said.contains("2027 scenario written"), "{said}");
    let next = t.join("2027/scenario.toml");
    let o = rotaplan(&["validate", next.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    plan_checked(next.to_str().unwrap(), &t.join("plan-2027"));
    advance(
        next.to_str().unwrap(),
        &t.join("plan-2027"),
        &t.join("2028"),
    );
    let third = t.join("2028/scenario.toml");
    plan_checked(third.to_str().unwrap(), &t.join("plan-2028"));
    assert_eq!(
        inputs,
        digest_of_inputs(&root().join("scenarios/demo-county"))
    );

    let roster1 = by_id(&rows(&root().join("scenarios/demo-county/teachers.csv")));
    let roster2 = by_id(&rows(&t.join("2027/teachers.csv")));
    let plan1 = rows(&t.join("plan-2026/plan.csv"));
    let plan2 = rows(&t.join("plan-2027/plan.csv"));
    let rotated1: Vec<&String> = (plan1.iter())
        .filter(|r| r["kind"] == "rotation")
        .map(|r| &r["teacher_id"])
        .collect();
    assert!(rotated1.len() > 100, "{}", rotated1.len());
    // Each rotated teacher is credited the year (every receiving school of the demo is
    // rural), is must-serve no longer, and is not moved again in year 2.
    let moved2: BTreeSet<&String> = plan2.iter().map(|r| &r["teacher_id"]).collect();
    for id in &rotated1 {
        let (before, after) = (&roster1[*id], &roster2[*id]);
        let months = |r: &BTreeMap<String, String>| -> u32 {
            r["rural_service_months"].parse().unwrap_or(0)
        };
        assert_eq!(months(after), months(before) + 12, "{id}");
        assert_eq!(after["school_id"], before["school_id"], "{id}");
        assert_eq!(after["last_term_end"], "2027-08-31", "{id}");
        assert!(!moved2.contains(id), "{id} moved again in year 2");
    }
    let must_serve2: BTreeSet<&String> = (plan2.iter())
        .filter(|r| r["must_serve"] == "true")
        .map(|r| &r["teacher_id"])
        .collect();
    assert!(rotated1.iter().all(|id| !must_serve2.contains(id)));

    // The retirees of year 1 are gone, and only they.
    let report = rows(&t.join("2027/advance-report.csv"));
    let retired: BTreeSet<&String> = (report.iter())
        .filter(|r| r["change"] == "retired")
        .map(|r| &r["teacher_id"])
        .collect();
    assert!(!retired.is_empty());
    for id in roster1.keys() {
        assert_eq!(roster2.contains_key(id), !retired.contains(id), "{id}");
    }
    // The hires of year 1 are on the roster of year 2, at the schools the plan placed them.
    let hires1 = rows(&t.join("plan-2026/hires.csv"));
    let placed: u32 = hires1
        .iter()
        .map(|r| r["count"].parse::<u32>().unwrap())
        .sum();
    let new: Vec<_> = roster2
        .values()
        .filter(|r| r["teacher_id"].starts_with("N2026"))
        .collect();
    assert_eq!(new.len() as u32, placed);
    for h in &hires1 {
        let at = new
            .iter()
            .filter(|r| r["school_id"] == h["school_id"] && r["subject"] == h["subject"])
            .count();
        assert!(at as u32 >= h["count"].parse::<u32>().unwrap(), "{h:?}");
    }
    // The service record lists every move of year 1.
    let service = rows(&t.join("2027/service.csv"));
    let moves1 = plan1.len();
    let moves_recorded = (service.iter())
        .filter(|r| r["kind"] == "rotation" || r["kind"] == "exchange")
        .count();
    assert_eq!(moves_recorded, moves1);
    // The ledger is next year's [data] service, and it grows: 2028's holds 2027's, then more.
    let service3 = rows(&t.join("2028/service.csv"));
    assert!(service3.len() > service.len());
    assert_eq!(service3[..service.len()], service[..]);
    let toml = std::fs::read_to_string(t.join("2028/scenario.toml")).unwrap();
    assert!(toml.contains("service = \"service.csv\""), "{toml}");
}

#[test]
fn advance_refuses_a_plan_that_breaks_a_rule_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    plan_checked(DEMO, &t.join("plan"));
    // send the first rotated teacher to their own school
    let path = t.join("plan/plan.csv");
    let text_in = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text_in.lines().map(String::from).collect();
    let cells: Vec<String> = lines[1].split(',').map(String::from).collect();
    lines[1] = lines[1].replacen(&format!(",{},", cells[4]), &format!(",{},", cells[3]), 1);
    std::fs::write(&path, lines.join("\n")).unwrap();
    let o = rotaplan(&[
        "advance",
        DEMO,
        t.join("plan").to_str().unwrap(),
        "--out",
        t.join("next").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("does not pass check") && err.contains("方案未通过复核"),
        "{err}"
    );
    assert!(!t.join("next").exists());
}
