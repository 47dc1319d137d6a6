//! The what-if commands as a user runs them on the small fixture: exit codes, files written,
//! and JSON/CSV output decoded into types defined here.

use crate::support::arg;
use crate::support::{check_folder, rotaplan, text};
use serde::Deserialize;

const FX: &str = "tests/whatif_fixture";

#[derive(Deserialize)]
struct Comparison {
    plans: Vec<String>,
    figures: Vec<Line>,
    teachers: Vec<serde_json::Value>,
}
#[derive(Deserialize)]
struct Line {
    key: String,
    values: Vec<f64>,
    diffs: Vec<f64>,
}

#[test]
fn plan_with_locks_then_compare_as_json_and_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let (base, locked) = (tmp.path().join("base"), tmp.path().join("locked"));
    let o = rotaplan(&[
        "plan",
        &format!("{FX}/scenario.toml"),
        "--out",
        arg(&base),
        "--check",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = rotaplan(&[
        "plan",
        &format!("{FX}/scenario.toml"),
        "--locks",
        &format!("{FX}/locks.csv"),
        "--out",
        arg(&locked),
        "--check",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    assert!(text(&o.stdout).contains("方案合规"), "{}", text(&o.stdout));
    let plan = std::fs::read_to_string(locked.join("plan.csv")).unwrap();
    assert!(plan.contains("\nA,A,music,U1,R2,"), "{plan}");

    // check --locks judges the unlocked plan against the locks.
    let o = rotaplan(&[
        "check",
        &format!("{FX}/scenario.toml"),
        arg(&base),
        "--locks",
        &format!("{FX}/locks.csv"),
        "--json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let broken = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v["code"] == "C-LOCK");
    assert_eq!(o.status.code(), Some(if broken { 1 } else { 0 }));

    let csv_path = tmp.path().join("cmp.csv");
    let o = rotaplan(&[
        "compare",
        arg(&base),
        arg(&locked),
        "--json",
        "--csv",
        arg(&csv_path),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let c: Comparison = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(c.plans, ["base", "locked"]);
    let rotated = c.figures.iter().find(|l| l.key == "rotated").unwrap();
    assert_eq!(rotated.values.len(), 2);
    assert_eq!(rotated.diffs, vec![rotated.values[1] - rotated.values[0]]);
    let bytes = std::fs::read(&csv_path).unwrap();
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let teacher_rows = r
        .records()
        .map(|x| x.unwrap())
        .filter(|x| &x[0] == "teacher")
        .count();
    assert_eq!(teacher_rows, c.teachers.len());

    let o = rotaplan(&["compare", arg(&base)]);
    assert_eq!(o.status.code(), Some(2), "one folder is not a comparison");
}

#[test]
fn a_bad_lock_stops_the_plan_with_exit_2_and_no_output() {
    let tmp = tempfile::tempdir().unwrap();
    let locks = tmp.path().join("locks.csv");
    std::fs::write(&locks, "类型,工号,学校代码\n派往,R,R2\n").unwrap();
    let out = tmp.path().join("out");
    let o = rotaplan(&[
        "plan",
        &format!("{FX}/scenario.toml"),
        "--locks",
        arg(&locks),
        "--out",
        arg(&out),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("locks.csv 第2行") && err.contains("E-LOCK-RULE"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn sweep_and_batch_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sweep");
    // A budget on a scenario without [hires]: the shortage subjects are the choice.
    let o = rotaplan(&[
        "sweep",
        &format!("{FX}/scenario.toml"),
        "--set",
        "hires.total=0,2",
        "--out",
        arg(&out),
        "--reproducible",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("sweep.json")).unwrap()).unwrap();
    let points = json["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[1]["hires"], 2);
    assert!(out.join("sweep.svg").is_file() && out.join("points/hires.total=2/plan.csv").is_file());

    let o = rotaplan(&[
        "sweep",
        &format!("{FX}/scenario.toml"),
        "--set",
        "hires.total",
        "--out",
        arg(&out),
    ]);
    assert_eq!(o.status.code(), Some(2));

    let batch = tmp.path().join("batch");
    let o = rotaplan(&[
        "plan",
        "--batch",
        &format!("{FX}/variants"),
        "--out",
        arg(&batch),
        "--reproducible",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    let again = tmp.path().join("again");
    rotaplan(&[
        "plan",
        "--batch",
        &format!("{FX}/variants"),
        "--out",
        arg(&again),
        "--reproducible",
    ]);
    for f in [
        "batch-summary.csv",
        "batch-summary.json",
        "budget/plan.csv",
        "budget/hires.csv",
    ] {
        assert_eq!(
            std::fs::read(batch.join(f)).unwrap(),
            std::fs::read(again.join(f)).unwrap(),
            "{f} differs between two runs"
        );
    }
}

#[test]
fn batch_reports_take_the_language_and_pseudonyms_of_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let batch = tmp.path().join("batch");
    let o = rotaplan(&[
        "plan",
        "--batch",
        &format!("{FX}/variants"),
        "--out",
        arg(&batch),
        "--reproducible",
        "--lang",
        "en",
        "--anonymize",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    let plan_csv = std::fs::read_to_string(batch.join("budget/plan.csv")).unwrap();
    let html = std::fs::read_to_string(batch.join("budget/report.html")).unwrap();
    // the CSV keeps real ids for `check`; the human report shows pseudonyms only
    let ids: Vec<&str> = plan_csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(|id| id.trim_start_matches('\u{feff}'))
        .filter(|id| !id.is_empty())
        .collect();
    assert!(!ids.is_empty(), "the variant rotates somebody");
    for id in &ids {
        assert!(
            !html.contains(&format!(">{id}<")),
            "{id} shown in report.html"
        );
    }
    assert!(html.contains("ANON-"), "pseudonyms in report.html");
    assert!(html.contains("lang=\"en\""), "English labels");
}

#[test]
fn a_plain_plan_with_a_hiring_budget_reports_the_split() {
    // `plan` without --batch on a budget scenario: the same split line and whatif.json as the
    // what-if commands, and the checker accepts the folder.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("budget");
    let o = rotaplan(&[
        "plan",
        &format!("{FX}/variants/budget.toml"),
        "--out",
        arg(&out),
        "--check",
    ]);
    let stdout = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{stdout}{}", text(&o.stderr));
    assert!(stdout.contains("方案合规"), "{stdout}");
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("招聘名额按方案分配："))
        .unwrap_or_else(|| panic!("no split line in {stdout}"));
    let info: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("whatif.json")).unwrap()).unwrap();
    let mix = info["budget_mix"].as_object().unwrap();
    let total: u64 = mix.values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(total, 3, "{mix:?}");
    assert!(mix.keys().all(|k| k == "music" || k == "pe"), "{mix:?}");
    let printed: Vec<String> = mix.iter().map(|(k, v)| format!("{k}:{v}")).collect();
    assert_eq!(line, printed.join(";"));

    // a plan without a budget writes no whatif.json
    let plain = tmp.path().join("plain");
    let o = rotaplan(&["plan", &format!("{FX}/scenario.toml"), "--out", arg(&plain)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(!text(&o.stdout).contains("hiring budget split"));
    assert!(plain.join("plan.csv").is_file() && !plain.join("whatif.json").exists());
    let report = check_folder(format!("{FX}/scenario.toml"), &plain);
    assert!(report.is_ok(), "{}", report.render_text());
}
