//! `plan --years N`: the rolling projection on the demo, as the office runs it.

use crate::support::{rotaplan, text};

const DEMO: &str = "scenarios/demo-county/scenario.toml";

#[test]
fn three_years_on_the_demo_each_checked_with_the_horizon_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("h");
    let o = rotaplan(&["plan", DEMO, "--years", "3", "--out", out.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}\n{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    let said = text(&o.stdout);
    assert!(said.contains("3 years planned into"), "{said}");
    for d in ["2026", "2027", "2028", "scenario-2027", "scenario-2028"] {
        assert!(out.join(d).is_dir(), "{d}");
    }
    assert!(
        !out.join("scenario-2029").exists(),
        "nothing is carried past the last year"
    );
    // each year's plan passes the checker against the scenario it was planned from: the
    // year's scenario, or its ahead.toml variant when teachers were brought into that year
    for year in ["2027", "2028"] {
        let folder = out.join(format!("scenario-{year}"));
        let ahead = folder.join("ahead.toml");
        let scenario = if ahead.exists() {
            ahead
        } else {
            folder.join("scenario.toml")
        };
        let o = rotaplan(&[
            "check",
            scenario.to_str().unwrap(),
            out.join(year).to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{year}: {}", text(&o.stdout));
    }
    // year 1 is exactly the one-year plan when no teacher had to be brought into it
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("horizon.json")).unwrap()).unwrap();
    assert!(
        json["plain_first_year"].is_null(),
        "{}",
        json["plain_first_year"]
    );
    assert_eq!(json["years"][0]["brought_forward"], 0);
    assert!(!out.join("scenario-2026/ahead.toml").exists());
    let plain = tmp.path().join("plain");
    let o = rotaplan(&["plan", DEMO, "--out", plain.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    for f in ["plan.csv", "hires.csv", "gaps.csv"] {
        assert_eq!(
            std::fs::read(out.join("2026").join(f)).unwrap(),
            std::fs::read(plain.join(f)).unwrap(),
            "{f}"
        );
    }
    // the horizon files
    let json = &json["years"];
    let years: Vec<i64> = (json.as_array().unwrap().iter())
        .map(|r| r["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, vec![2026, 2027, 2028]);
    assert!(json
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["check_ok"] == true));
    // year 1's figures are the one-year plan's
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(plain.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json[0]["rotated"], summary["rotated"]);
    // the demo roster has 18 teachers who retire before the 2027 term (advance-report.csv)
    assert_eq!(json[0]["retired_after"], 18);
    assert_eq!(json[0]["hired_after"], json[0]["hires"]);
    assert_eq!(json[0]["cv_after"].as_array().unwrap().len(), 6);
    let csv = std::fs::read_to_string(out.join("horizon.csv")).unwrap();
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(
        csv.lines().nth(1).unwrap().starts_with(&format!(
            "2026,optimal,true,{},{},",
            summary["eligible"], summary["rotated"]
        )),
        "{csv}"
    );
    let svg = std::fs::read_to_string(out.join("horizon.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    // six CV lines and three gap lines, a point per year on each
    assert_eq!(svg.matches("<polyline").count(), 9, "{svg}");
    assert_eq!(svg.matches("<circle").count(), 27);
}

#[test]
fn years_with_contradictory_flags_or_out_of_range_is_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("h");
    for args in [
        vec!["plan", DEMO, "--years", "0"],
        vec!["plan", DEMO, "--years", "11"],
        vec!["plan", DEMO, "--years", "2", "--locks", "x.csv"],
        vec!["plan", DEMO, "--years", "2", "--from", "prev"],
        vec!["plan", DEMO, "--years", "2", "--export-model", "m.lp"],
    ] {
        let mut a = args.clone();
        a.extend(["--out", out.to_str().unwrap()]);
        let o = rotaplan(&a);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains("--years"),
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
    assert!(!out.exists());
}

#[test]
fn compare_takes_a_years_folder_as_its_years() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("h");
    let o = rotaplan(&["plan", DEMO, "--years", "2", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = rotaplan(&["compare", out.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let text_all = v.to_string();
    assert!(
        text_all.contains("2026") && text_all.contains("2027"),
        "{text_all}"
    );
    // one plain plan folder alone is not a comparison
    let o = rotaplan(&["compare", out.join("2026").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("至少需要两个方案文件夹"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn terms_longer_than_a_year_stop_the_projection_with_what_to_do() {
    // docs/years.md, "Not built": a running term is carried as a lock next year's county does
    // not hold; the projection says so instead of leaving the office with the lock errors only
    let tmp = tempfile::tempdir().unwrap();
    let demo = crate::support::root().join("scenarios/demo-county");
    let county = tmp.path().join("county");
    std::fs::create_dir(&county).unwrap();
    for e in std::fs::read_dir(&demo).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), county.join(e.file_name())).unwrap();
    }
    let toml = std::fs::read_to_string(county.join("scenario.toml")).unwrap();
    assert!(toml.contains("term_months = 12 "));
    std::fs::write(
        county.join("scenario.toml"),
        toml.replace("term_months = 12 ", "term_months = 24 "),
    )
    .unwrap();
    let out = tmp.path().join("h");
    let o = rotaplan(&[
        "plan",
        county.join("scenario.toml").to_str().unwrap(),
        "--years",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    let said = text(&o.stderr);
    assert_ne!(o.status.code(), Some(0), "{said}");
    assert!(
        said.contains("plan --years supports 12-month terms"),
        "{said}"
    );
    assert!(said.contains("term_months 设为 12"), "{said}");
}
