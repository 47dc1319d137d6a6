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
fn terms_of_two_years_run_through_the_next_year_as_county_facts() {
    // docs/years.md, "Terms longer than a year": with term_months = 24 a teacher rotated in
    // 2026 teaches the year 2027 at the school served (read from service.csv, not a lock), is
    // neither eligible nor moved in 2027, and is back on the own school in 2028 with 24 months
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
        "3",
        "--out",
        out.to_str().unwrap(),
    ]);
    let said = text(&o.stdout);
    assert!(
        said.contains("3 years planned into"),
        "{said}\n{}",
        text(&o.stderr)
    );
    assert!(!out.join("scenario-2028/locks.csv").exists());
    // every year passes check (horizon.csv check_ok)
    let horizon = std::fs::read_to_string(out.join("horizon.csv")).unwrap();
    let rows: Vec<&str> = horizon.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{horizon}");
    for r in &rows {
        assert_eq!(r.split(',').nth(2), Some("true"), "{horizon}");
    }
    // the first rotation of 2026, with its two-year dates
    let plan26 = std::fs::read_to_string(out.join("2026/plan.csv")).unwrap();
    let row: Vec<&str> = (plan26.lines())
        .find(|l| l.ends_with(",rotation"))
        .unwrap()
        .split(',')
        .collect();
    let (id, home, served) = (row[0], row[3], row[4]);
    assert_eq!(&row[5..7], &["2026-09-01", "2028-08-31"]);
    // 2027: on the home school's roster, at the school served, not eligible, not in the plan
    let y27 = rotaplan::input::load(&out.join("scenario-2027/scenario.toml")).unwrap();
    let t = y27.county.teachers.iter().find(|t| t.id == id).unwrap();
    assert_eq!(t.school_id, served);
    assert_eq!(t.home_school(), home);
    assert_eq!(t.on_term.as_ref().unwrap().until.to_string(), "2028-08-31");
    let roster27 = std::fs::read_to_string(out.join("scenario-2027/teachers.csv")).unwrap();
    let line = roster27
        .lines()
        .find(|l| l.starts_with(&format!("{id},")))
        .unwrap();
    assert_eq!(line.split(',').nth(4), Some(home), "{line}");
    let plan27 = std::fs::read_to_string(out.join("2027/plan.csv")).unwrap();
    assert!(!plan27.lines().any(|l| l.starts_with(&format!("{id},"))));
    // 2028: back, the term's row credited twice
    let y28 = rotaplan::input::load(&out.join("scenario-2028/scenario.toml")).unwrap();
    let t28 = y28.county.teachers.iter().find(|t| t.id == id).unwrap();
    assert_eq!((t28.school_id.as_str(), t28.on_term.as_ref()), (home, None));
    assert_eq!(t28.rural_service_months, t.rural_service_months + 12);
    assert_eq!(
        t28.last_term_end.map(|d| d.to_string()).as_deref(),
        Some("2028-08-31")
    );
    let service = std::fs::read_to_string(out.join("scenario-2028/service.csv")).unwrap();
    let rows: Vec<&str> = (service.lines())
        .filter(|l| l.starts_with(&format!("{id},")) && l.contains(",2026-09-01,2028-08-31,"))
        .collect();
    assert_eq!(rows.len(), 1, "{service}");
}
