//! Feature folders of year over year (tests/features_years/): each a tiny county whose outcome
//! is known by hand (the scenario's first comment says why) and written in expected.toml —
//! the service ledger's derivation and its disagreement with the roster, a term that runs on
//! from an earlier year and the ledger rows it cannot be, `advance`, and the
//! five-year plan's deadlines and hiring budget. Every plan is checked by the independent
//! checker, against the scenario it was planned from (a year that takes teachers brought
//! forward: its ahead.toml).

use crate::support::{root, rotaplan, text};
use serde::Deserialize;

/// What a folder expects; which keys it has says what is run.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// `ledger --teacher ID --json`: "ID months last_term_end must_serve" (`-`: none)
    #[serde(default)]
    ledger: Vec<String>,
    /// The one-year plan, "TEACHER>SCHOOL:SUBJECT".
    #[serde(default)]
    plan: Option<Vec<String>>,
    /// `validate` refuses the folder: "CODE FILE:LINE:COLUMN", all of them.
    #[serde(default)]
    errors: Option<Vec<String>>,
    /// `advance` after the plan: advance-report.csv, "TEACHER SCHOOL CHANGE MONTHS".
    #[serde(default)]
    advance: Option<Vec<String>>,
    #[serde(flatten)]
    horizon: Option<HorizonExpected>,
}

/// A five-year plan's folder: `plan --years`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct HorizonExpected {
    years: u32,
    /// "YEAR rotated must_serve_placed/must_serve brought_forward hires"
    summary: Vec<String>,
    /// "TEACHER OUTCOME PLACED_YEAR PLACED_SCHOOL" of deadlines.csv
    deadlines: Vec<String>,
    /// "YEAR SUBJECT COUNT" of each hiring file carried forward (scenario-YEAR/hires.csv)
    hiring: Vec<String>,
}

/// `rotaplan plan SCENARIO --years YEARS --out OUT`.
fn plan_years(scenario: &str, years: &str, out: &str) -> std::process::Output {
    rotaplan(&["plan", scenario, "--years", years, "--out", out])
}

fn csv_rows(path: &std::path::Path) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.records().map(|x| x.unwrap()).collect()
}

fn expected(name: &str) -> Expected {
    let dir = root().join("tests/features_years").join(name);
    toml::from_str(&std::fs::read_to_string(dir.join("expected.toml")).unwrap()).unwrap()
}

/// Runs a one-year folder: validate (and stop when it must fail), the ledger of the teachers
/// named, the plan with --check, then advance when expected.
fn run_year(name: &str) {
    let dir = root().join("tests/features_years").join(name);
    let scenario = dir.join("scenario.toml");
    let scenario = scenario.to_str().unwrap();
    let want = expected(name);
    let o = rotaplan(&["validate", scenario, "--lang", "en"]);
    if let Some(errors) = want.errors {
        assert_eq!(o.status.code(), Some(2), "{name}: {}", text(&o.stdout));
        let said = text(&o.stderr);
        let got: Vec<String> = (said.lines())
            .filter_map(|l| {
                let (place, rest) = l.split_once(": error[")?;
                let code = rest.split(']').next()?;
                Some(format!("{code} {place}"))
            })
            .collect();
        assert_eq!(got, errors, "{name}: {said}");
        return;
    }
    assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o.stderr));
    for line in &want.ledger {
        let id = line.split(' ').next().unwrap();
        let o = rotaplan(&["ledger", scenario, "--teacher", id, "--json"]);
        assert_eq!(o.status.code(), Some(0), "{name} {id}: {}", text(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let got = format!(
            "{id} {} {} {}",
            v["rural_service_months"],
            v["last_term_end"].as_str().unwrap_or("-"),
            v["must_serve"]
        );
        assert_eq!(&got, line, "{name}: ledger");
    }
    let tmp = tempfile::tempdir().unwrap();
    let plan_dir = tmp.path().join("plan");
    let o = rotaplan(&[
        "plan",
        scenario,
        "--out",
        plan_dir.to_str().unwrap(),
        "--check",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{name}: {}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    let got: Vec<String> = (csv_rows(&plan_dir.join("plan.csv")).iter())
        .map(|r| format!("{}>{}:{}", &r[0], &r[4], &r[2]))
        .collect();
    assert_eq!(Some(got), want.plan, "{name}: plan");
    if let Some(changes) = want.advance {
        let next = tmp.path().join("next");
        let o = rotaplan(&[
            "advance",
            scenario,
            plan_dir.to_str().unwrap(),
            "--out",
            next.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o.stderr));
        let got: Vec<String> = (csv_rows(&next.join("advance-report.csv")).iter())
            .map(|r| format!("{} {} {} {}", &r[0], &r[2], &r[3], &r[5]))
            .collect();
        assert_eq!(got, changes, "{name}: advance-report.csv");
        // the next year is a valid scenario
        let o = rotaplan(&["validate", next.join("scenario.toml").to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o.stderr));
    }
}

#[test]
fn ledger_derivation() {
    run_year("ledger_derivation");
}

#[test]
fn ledger_disagreement() {
    run_year("ledger_disagreement");
}

#[test]
fn advance_year() {
    run_year("advance_year");
}

#[test]
fn running_term() {
    run_year("running_term");
}

#[test]
fn running_term_errors() {
    run_year("running_term_errors");
}

fn run(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = root().join("tests/features_years").join(name);
    let expected = expected(name).horizon.expect("a horizon folder");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("h");
    let scenario = dir.join("scenario.toml");
    let o = plan_years(
        scenario.to_str().unwrap(),
        &expected.years.to_string(),
        out.to_str().unwrap(),
    );
    let said = text(&o.stdout);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{name}: {said}{}",
        text(&o.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("horizon.json")).unwrap()).unwrap();
    let years = json["years"].as_array().unwrap();
    let got: Vec<String> = (years.iter())
        .map(|y| {
            format!(
                "{} {} {}/{} {} {}",
                y["year"],
                y["rotated"],
                y["must_serve_placed"],
                y["must_serve"],
                y["brought_forward"],
                y["hires"]
            )
        })
        .collect();
    assert_eq!(got, expected.summary, "{name}: years\n{said}");
    for y in years {
        assert_eq!(y["check_ok"], true, "{name}: {y}");
        // the plan passes check against the scenario it was planned from
        let year = y["year"].as_i64().unwrap();
        let ahead = out.join(format!("scenario-{year}/ahead.toml"));
        assert_eq!(ahead.is_file(), y["brought_forward"] != 0, "{name} {year}");
        let from = if ahead.is_file() {
            ahead
        } else if year == years[0]["year"].as_i64().unwrap() {
            scenario.clone()
        } else {
            out.join(format!("scenario-{year}/scenario.toml"))
        };
        let o = rotaplan(&[
            "check",
            from.to_str().unwrap(),
            out.join(year.to_string()).to_str().unwrap(),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{name} {year}: {}",
            text(&o.stdout)
        );
    }
    let got: Vec<String> = (csv_rows(&out.join("deadlines.csv")).iter())
        .map(|r| format!("{} {} {} {}", &r[0], &r[9], &r[7], &r[8]))
        .collect();
    assert_eq!(got, expected.deadlines, "{name}: deadlines");
    let mut hiring = Vec::new();
    for y in years.iter().skip(1) {
        let file = out.join(format!("scenario-{}/hires.csv", y["year"]));
        if file.is_file() {
            for r in csv_rows(&file) {
                hiring.push(format!("{} {} {}", y["year"], &r[0], &r[1]));
            }
        }
    }
    assert_eq!(hiring, expected.hiring, "{name}: hiring files");
    (tmp, out)
}

#[test]
fn horizon_deadlines() {
    let (_tmp, out) = run("horizon_deadlines");
    // bringing A into 2026 is the price of the later years: the plain 2026 rotated nobody
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("horizon.json")).unwrap()).unwrap();
    assert_eq!(json["plain_first_year"]["rotated"], 0, "{json}");
    let ahead = std::fs::read_to_string(out.join("scenario-2026/ahead.toml")).unwrap();
    assert!(ahead.contains("serve_ahead = [\"A\"]"), "{ahead}");
    let plan = std::fs::read_to_string(out.join("2026/plan.csv")).unwrap();
    assert!(plan.contains("must_serve:ahead"), "{plan}");
    // the printable page names her, brought forward, with why
    let page = std::fs::read_to_string(out.join("horizon.html")).unwrap();
    assert!(
        page.contains("<td>A</td>") && page.contains("提前 ahead"),
        "{page}"
    );
    assert!(
        page.contains("期限年2028：无相应岗位，提前至2026年交流"),
        "{page}"
    );
}

#[test]
fn horizon_budget() {
    let (_tmp, out) = run("horizon_budget");
    // the list moves on a year; its last entry repeats
    let next = std::fs::read_to_string(out.join("scenario-2027/scenario.toml")).unwrap();
    assert!(next.contains("[horizon]\nhires = [2]"), "{next}");
    assert!(!next.contains("[hires]"), "{next}");
    // advance on its own says what the budget bought
    let again = out.parent().unwrap().join("next");
    let o = rotaplan(&[
        "advance",
        root()
            .join("tests/features_years/horizon_budget/scenario.toml")
            .to_str()
            .unwrap(),
        out.join("2026").to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
    ]);
    let said = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{said}{}", text(&o.stderr));
    assert!(
        said.contains("from the budget of 2: 2 hire(s) (music 1, pe 1)"),
        "{said}"
    );
}

#[test]
fn every_folder_has_a_test() {
    for entry in std::fs::read_dir(root().join("tests/features_years")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            [
                "horizon_deadlines",
                "horizon_budget",
                "ledger_derivation",
                "ledger_disagreement",
                "advance_year",
                "running_term",
                "running_term_errors",
            ]
            .contains(&name.as_str()),
            "tests/features_years/{name} has no test"
        );
    }
}

#[test]
fn a_projection_runs_again_into_its_own_folder_and_keeps_a_scenarios_own_list() {
    let dir = root().join("tests/features_years/horizon_deadlines");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("h");
    let scenario = dir.join("scenario.toml");
    for run in 0..2 {
        let o = plan_years(scenario.to_str().unwrap(), "3", out.to_str().unwrap());
        assert_eq!(o.status.code(), Some(0), "run {run}: {}", text(&o.stderr));
    }
    // the second run's year 1 checks against its ahead.toml, whose extends points back here
    let o = rotaplan(&[
        "check",
        out.join("scenario-2026/ahead.toml").to_str().unwrap(),
        out.join("2026").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    // a folder with something else in it is refused before anything is written
    std::fs::write(out.join("scenario-2027/notes.txt"), "mine").unwrap();
    let o = plan_years(scenario.to_str().unwrap(), "3", out.to_str().unwrap());
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("notes.txt"), "{}", text(&o.stderr));
    assert!(out.join("scenario-2027/notes.txt").is_file());

    // a scenario that names its own teachers to serve ahead keeps them in year 1
    let variant = tmp.path().join("own.toml");
    std::fs::write(
        &variant,
        format!(
            "extends = {:?}\n[policy]\nserve_ahead = [\"A\"]\n",
            scenario.to_str().unwrap()
        ),
    )
    .unwrap();
    let one = tmp.path().join("one");
    let o = plan_years(variant.to_str().unwrap(), "1", one.to_str().unwrap());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let plan = std::fs::read_to_string(one.join("2026/plan.csv")).unwrap();
    assert!(plan.contains("must_serve:ahead"), "{plan}");
    assert!(!one.join("scenario-2026/ahead.toml").exists());
    let o = rotaplan(&[
        "check",
        variant.to_str().unwrap(),
        one.join("2026").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
}
