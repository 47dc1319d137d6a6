//! Reading plan files as they come back from Excel or from a broken run: BOM or none, GBK,
//! CRLF, `TRUE`, `2026/9/1`, blank trailing rows; missing files; garbage rows. Never a panic,
//! always a code with file and line. Also the text and JSON renderings of a report.

use crate::support::fixture::*;
use rotaplan::check::check_plan;

fn excel(lines: &[String]) -> String {
    let mut s = lines.join("\r\n");
    s.push_str("\r\n,,,,,,,,,,\r\n\r\n\r\n");
    s
}

#[test]
fn excel_resaved_files_are_read_alike() {
    let f = Fixture::valid();
    let dir = tempfile::tempdir().unwrap();
    f.write(dir.path());
    let plan: Vec<String> = f
        .plan
        .iter()
        .map(|l| {
            l.replace("2026-09-01", "2026/9/1")
                .replace("2027-08-31", "2027年8月31日")
                .replace("true", "TRUE")
                .replace("false", "FALSE")
        })
        .collect();
    std::fs::write(dir.path().join("plan.csv"), excel(&plan)).unwrap(); // no BOM, CRLF
    let hires: Vec<String> = f
        .hires
        .iter()
        .map(|l| l.replace(",1,", ",1.0,").replace("music", "音乐"))
        .collect();
    std::fs::write(
        dir.path().join("hires.csv"),
        format!("\u{feff}{}", excel(&hires)),
    )
    .unwrap();
    let r = check_plan(&f.loaded, dir.path());
    assert!(r.is_ok(), "{}", r.render_text());
}

#[test]
fn gbk_encoded_plan_is_read() {
    let mut f = Fixture::valid();
    f.plan[0] = f.plan[0].replace("reason", "Reason "); // header case and spaces do not matter
    let dir = tempfile::tempdir().unwrap();
    f.write(dir.path());
    let text = format!("{}\n", f.plan.join("\n"));
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad && std::str::from_utf8(&gbk).is_err());
    std::fs::write(dir.path().join("plan.csv"), &gbk).unwrap();
    let r = check_plan(&f.loaded, dir.path());
    assert!(r.is_ok(), "{}", r.render_text());
}

#[test]
fn missing_file_is_a_file_violation() {
    let mut f = Fixture::valid();
    f.skip = vec!["unplaced.csv"];
    let r = f.check();
    assert_eq!(r.codes(), ["C-FILE"]);
    assert_eq!(r.violations[0].rows[0].file, "unplaced.csv");
    assert!(!r.is_ok());
}

#[test]
fn empty_folder_gives_one_file_violation_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let r = check_plan(&loaded(), dir.path());
    let files: Vec<&str> = r
        .violations
        .iter()
        .filter(|v| v.code == "C-FILE")
        .map(|v| v.rows[0].file.as_str())
        .collect();
    assert_eq!(
        files,
        [
            "plan.csv",
            "hires.csv",
            "gaps.csv",
            "unplaced.csv",
            "summary.json",
            "coverage.csv",
            "itinerant.csv",
            "staffing.csv"
        ]
    );
    // Nothing was rotated: the must-serve teachers are missed too.
    assert!(r.codes().contains(&"C-MUST-SERVE"));
}

#[test]
fn garbage_row_is_reported_once_with_its_line() {
    let mut f = Fixture::valid();
    f.plan.insert(2, "this is not a plan row".into());
    let r = f.check();
    assert_eq!(r.codes(), ["C-PARSE"]);
    assert_eq!(r.violations.len(), 1);
    assert!(violation_at(&r, "C-PARSE", "plan.csv", 3));
    // B1 on line 4 was still read: no must-serve miss.
    assert!(r.mismatches.is_empty(), "{}", r.render_text());
}

#[test]
fn row_with_extra_cells_is_dropped() {
    let mut f = Fixture::valid();
    f.plan
        .push("A2,教师A2,math,U1,P1,2026-09-01,2027-08-31,false,false,,due,surplus".into());
    let r = f.check();
    assert_eq!(r.codes(), ["C-PARSE"]);
    assert!(violation_at(&r, "C-PARSE", "plan.csv", 4));
    assert_eq!(r.recomputed.rotated, 2);
}

#[test]
fn bad_cell_names_its_column_and_keeps_the_row() {
    let mut f = Fixture::valid();
    f.plan[2] = f.plan[2].replace("true,false", "maybe,false");
    f.gaps[1] = f.gaps[1].replace("2.4000,0.0000,2.0000", "2.4000,zero,2.0000");
    let r = f.check();
    assert_eq!(r.codes(), ["C-PARSE"]);
    assert!(violation_at(&r, "C-PARSE", "plan.csv", 3));
    assert!(violation_at(&r, "C-PARSE", "gaps.csv", 2));
    assert!(r.violations.iter().any(|v| v.rule.contains("must_serve")));
    assert!(r.mismatches.is_empty());
}

#[test]
fn missing_key_column_makes_the_file_unreadable() {
    let mut f = Fixture::valid();
    f.plan[0] = f.plan[0].replace("to_school_id", "destination");
    let r = f.check();
    assert!(violation_at(&r, "C-PARSE", "plan.csv", 1));
    assert!(r.violations.iter().any(|v| v.rule.contains("to_school_id")));
}

#[test]
fn summary_that_is_not_json_is_a_parse_violation() {
    let f = Fixture::valid();
    let dir = tempfile::tempdir().unwrap();
    f.write(dir.path());
    std::fs::write(
        dir.path().join("summary.json"),
        "{\n \"eligible\": 6,\n oops",
    )
    .unwrap();
    let r = check_plan(&f.loaded, dir.path());
    assert_eq!(r.codes(), ["C-PARSE"]);
    assert!(violation_at(&r, "C-PARSE", "summary.json", 3));
}

#[test]
fn text_and_json_reports_name_codes_labels_and_rows() {
    let mut f = Fixture::valid();
    f.plan
        .push("A2,教师A2,math,U1,R1,2026-09-01,2027-08-31,false,false,30.0,due".into());
    let r = f.check();
    let text = r.render_text();
    assert!(
        text.contains("C-HOUSING") && text.contains("Housing 周转宿舍"),
        "{text}"
    );
    assert!(text.contains("plan.csv:4 (A2)"), "{text}");
    assert!(text.contains("fix: "), "{text}");
    let json: serde_json::Value = serde_json::to_value(&r).unwrap();
    assert_eq!(json["violations"][0]["code"], "C-HOUSING");
    assert_eq!(json["violations"][0]["kind"], "hard");
    assert_eq!(json["recomputed"]["eligible"], 6);
    assert!(Fixture::valid()
        .check()
        .render_text()
        .starts_with("plan OK"));
}

#[test]
fn every_code_has_a_label_and_a_remedy() {
    for c in rotaplan::check::CODES {
        assert!(
            c.code.starts_with("C-") && !c.label.is_empty() && !c.remedy.is_empty(),
            "{}",
            c.code
        );
    }
}

#[test]
fn every_code_is_documented() {
    let doc = include_str!("../../docs/check.md");
    for c in rotaplan::check::CODES {
        assert!(
            doc.contains(&format!("| {} |", c.code)),
            "{} missing from docs/check.md",
            c.code
        );
    }
}
