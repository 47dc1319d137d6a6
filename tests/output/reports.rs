//! The human reports of the demo plan: plan.xlsx read back cell by cell (calamine) and part by
//! part (the zip), report.html self-contained, both byte-identical under `reproducible`, both
//! free of teacher names and ids under `anonymize` while the CSV files keep them for `check`.
//! The demo is solved once and checked by the independent checker.

use crate::support::{load, render_checked, solve_checked, Files};
use calamine::{Data, Reader, Xlsx};
use rotaplan::input::Loaded;
use rotaplan::output::{Lang, RenderOptions};
use rotaplan::plan::Plan;
use std::io::{Cursor, Read};
use std::sync::OnceLock;

fn demo() -> &'static (Loaded, Plan) {
    static DEMO: OnceLock<(Loaded, Plan)> = OnceLock::new();
    DEMO.get_or_init(|| {
        let loaded = load("scenarios/demo-county/scenario.toml");
        let p = solve_checked(&loaded, "demo").plan;
        (loaded, p)
    })
}

/// Renders the demo plan, writes it to a folder and runs the checker on it.
fn rendered(opts: &RenderOptions) -> Files {
    let (loaded, p) = demo();
    let checked = render_checked(loaded, p.clone(), opts, &format!("demo, {opts:?}"));
    let report = &checked.report;
    assert!(report.is_ok(), "{}", report.render_text());
    checked.files
}

fn file<'a>(files: &'a Files, name: &str) -> &'a [u8] {
    &files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} not written"))
        .1
}

fn reproducible(lang: Lang, anonymize: Option<&str>) -> RenderOptions {
    RenderOptions {
        reproducible: true,
        lang,
        anonymize: anonymize.map(str::to_string),
    }
}

fn workbook(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("plan.xlsx opens")
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// Rows of a sheet as text.
fn sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<String>> {
    let range = book.worksheet_range(name).expect("sheet exists");
    range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect()
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes)
        .unwrap()
        .trim_start_matches('\u{feff}');
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// One part of the xlsx zip, as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in plan.xlsx"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn plan_xlsx_holds_the_plan_in_chinese_sheets() {
    let files = rendered(&reproducible(Lang::Zh, None));
    let xlsx = file(&files, "plan.xlsx");
    let mut book = workbook(xlsx);
    assert_eq!(
        book.sheet_names(),
        vec![
            "交流方案",
            "新教师分配",
            "学科缺口",
            "编制与人员",
            "课程覆盖",
            "走教",
            "未安排",
            "均衡指标",
            "汇总",
            "干部交流"
        ]
    );

    // plan: one row per plan.csv row, same teacher, same schools, Chinese subject names.
    let plan_csv = csv_rows(file(&files, "plan.csv"));
    let rows = sheet(&mut book, "交流方案");
    assert_eq!(rows[0][..3], ["工号", "姓名", "任教学科"]);
    assert_eq!(rows.len() - 1, plan_csv.len());
    assert!(plan_csv.len() > 100);
    for (x, c) in rows[1..].iter().zip(&plan_csv) {
        assert_eq!((&x[0], &x[1], &x[3], &x[5]), (&c[0], &c[1], &c[3], &c[4]));
    }
    // Term dates are Excel date cells.
    let range = book.worksheet_range("交流方案").unwrap();
    match range.get((1, 8)) {
        Some(Data::DateTime(d)) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            assert_eq!((y, m, day), (2026, 9, 1));
        }
        other => panic!("start date cell: {other:?}"),
    }
    let music = plan_csv.iter().position(|r| r[2] == "music").unwrap();
    assert_eq!(rows[music + 1][2], "音乐");

    // gaps: the numbers of gaps.csv.
    let gaps_csv = csv_rows(file(&files, "gaps.csv"));
    let gaps = sheet(&mut book, "学科缺口");
    assert_eq!(gaps.len() - 1, gaps_csv.len());
    for (x, c) in gaps[1..].iter().zip(&gaps_csv) {
        assert_eq!(x[0], c[0]);
        for (xi, ci) in [(4, 2), (5, 3), (6, 4), (7, 5), (8, 6), (9, 7), (10, 8)] {
            let (a, b): (f64, f64) = (x[xi].parse().unwrap(), c[ci].parse().unwrap());
            assert!((a - b).abs() < 1e-4, "{} {}: {a} vs {b}", c[0], c[1]);
        }
    }

    // hires: counts add up to summary.json's hires.
    let summary: serde_json::Value = serde_json::from_slice(file(&files, "summary.json")).unwrap();
    let hires = sheet(&mut book, "新教师分配");
    let placed: f64 = hires[1..]
        .iter()
        .map(|r| r[4].parse::<f64>().unwrap())
        .sum();
    assert_eq!(placed, summary["hires"].as_f64().unwrap());

    // indicators: a row per school part, then the coefficients below the table.
    let ind = sheet(&mut book, "均衡指标");
    assert_eq!(ind[0][6], "L1 方案前");
    let spreads = summary["indicators"].as_array().unwrap();
    let cv_row = ind
        .iter()
        .position(|r| r[0] == "学段")
        .expect("coefficient table under the school table");
    let first = &ind[cv_row + 1];
    assert_eq!(first[0], "小学");
    let cv: f64 = first[5].parse().unwrap();
    assert!((cv - spreads[0]["cv_before"].as_f64().unwrap()).abs() < 1e-6);

    // summary: the figures of summary.json.
    let sum = sheet(&mut book, "汇总");
    let rotated = sum.iter().find(|r| r[0] == "交流人数").unwrap();
    assert_eq!(rotated[1], summary["rotated"].as_u64().unwrap().to_string());

    // Styling: frozen header row and a filter on every sheet; bold header style present.
    // staffing: one row per staffing.csv row, the same establishment and headcounts.
    let staffing_csv = csv_rows(file(&files, "staffing.csv"));
    let staffing = sheet(&mut book, "编制与人员");
    assert_eq!(staffing.len() - 1, staffing_csv.len());
    for (x, c) in staffing[1..].iter().zip(&staffing_csv) {
        assert_eq!(x[0], c[0]);
        // teaching groups, establishment, headcount before, after, cap, above
        for i in [6, 7, 9, 15, 16, 17] {
            assert_eq!(x[i], c[i], "{} column {i}", c[0]);
        }
    }

    // leaders: one row per leaders.csv row, the same leader and new school.
    let leaders_csv = csv_rows(file(&files, "leaders.csv"));
    let leaders = sheet(&mut book, "干部交流");
    assert_eq!(leaders[0][..3], ["工号", "姓名", "职务"]);
    assert_eq!(leaders.len() - 1, leaders_csv.len());
    assert!(
        leaders_csv.iter().any(|r| !r[9].is_empty()),
        "a leader moves"
    );
    for (x, c) in leaders[1..].iter().zip(&leaders_csv) {
        assert_eq!((&x[0], &x[3], &x[7]), (&c[0], &c[4], &c[9]));
    }

    for i in 1..=10 {
        let xml = part(xlsx, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(
            xml.contains(r#"state="frozen""#),
            "sheet{i}: no frozen pane"
        );
        assert!(xml.contains("<autoFilter"), "sheet{i}: no filter");
        assert!(xml.contains("<col "), "sheet{i}: no column widths");
    }
    assert!(part(xlsx, "xl/styles.xml").contains("<b/>"));
}

#[test]
fn english_labels_with_lang_en() {
    let files = rendered(&reproducible(Lang::En, None));
    let mut book = workbook(file(&files, "plan.xlsx"));
    assert_eq!(
        book.sheet_names(),
        vec![
            "plan",
            "hires",
            "gaps",
            "staffing",
            "coverage",
            "itinerant",
            "unplaced",
            "indicators",
            "summary",
            "leaders"
        ]
    );
    let rows = sheet(&mut book, "plan");
    assert_eq!(rows[0][..3], ["teacher id", "name", "subject"]);
    let html = String::from_utf8(file(&files, "report.html").to_vec()).unwrap();
    assert!(html.contains("Gap by subject (FTE)"));
    assert!(!html.contains("各学科缺口"));
}

#[test]
fn reproducible_reports_are_byte_identical_and_dated_by_plan_year() {
    let a = rendered(&reproducible(Lang::Zh, None));
    // A second apart, so that a clock-dependent creation time would differ.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = rendered(&reproducible(Lang::Zh, None));
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs between two renders");
    }
    let core = part(file(&a, "plan.xlsx"), "docProps/core.xml");
    assert!(core.contains("2026-01-01T00:00:00Z"), "{core}");
}

#[test]
fn report_html_is_self_contained_with_charts_and_tables() {
    let files = rendered(&reproducible(Lang::Zh, None));
    let html = String::from_utf8(file(&files, "report.html").to_vec()).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("http"), "no external URL");
    assert!(!html.contains("<script"), "no scripts");
    assert!(!html.contains("<link"), "no linked resources");
    // printed on A4, no chart split from its heading, table headers on every page, CJK names
    // kept whole (docs/reports.md)
    for rule in [
        "@page{size:A4",
        "h2{break-after:avoid",
        ".box:has(svg.chart){break-inside:avoid",
        "thead{display:table-header-group}",
        "word-break:keep-all",
    ] {
        assert!(html.contains(rule), "print stylesheet: {rule}");
    }
    for heading in [
        "各学科缺口 (FTE)",
        "各区域缺口 (FTE)",
        "缺口最大的学校",
        "优质均衡教师指标差异系数",
        "交流流向",
        "交流名单",
        "各校均衡指标",
        "各校各学科缺口",
        "编制与人员",
        "超编学校",
        "教学点紧缺学科覆盖",
        "走教",
    ] {
        assert!(html.contains(heading), "missing section {heading}");
    }
    assert_eq!(html.matches("<svg").count(), 5);
    // Every rotated teacher is in the full table.
    for row in csv_rows(file(&files, "plan.csv")) {
        assert!(html.contains(&format!("<td>{}</td>", row[0])), "{}", row[0]);
    }
}

#[test]
fn anonymized_reports_hide_names_and_ids_and_csv_keep_them() {
    let files = rendered(&reproducible(Lang::Zh, Some("secret")));
    let plan_csv = csv_rows(file(&files, "plan.csv"));
    let html = String::from_utf8(file(&files, "report.html").to_vec()).unwrap();
    let md = String::from_utf8(file(&files, "report.md").to_vec()).unwrap();
    let mut book = workbook(file(&files, "plan.xlsx"));
    let rows = sheet(&mut book, "交流方案");
    let cells: String = rows
        .iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    for r in &plan_csv {
        let (id, name) = (&r[0], &r[1]);
        for (what, text) in [
            ("report.html", &html),
            ("report.md", &md),
            ("plan.xlsx", &cells),
        ] {
            assert!(!text.contains(id.as_str()), "{what} shows id {id}");
            assert!(!text.contains(name.as_str()), "{what} shows name {name}");
        }
    }
    assert!(rows[1][0].starts_with("ANON-"), "{:?}", rows[1]);
    assert_eq!(
        rows[1][0], rows[1][1],
        "the name column shows the pseudonym"
    );
    // Same key, same pseudonyms; another key, others.
    let again = rendered(&reproducible(Lang::Zh, Some("secret")));
    assert!(file(&again, "plan.xlsx") == file(&files, "plan.xlsx"));
    let other = rendered(&reproducible(Lang::Zh, Some("other")));
    let mut other_book = workbook(file(&other, "plan.xlsx"));
    let other_rows = sheet(&mut other_book, "交流方案");
    let ids = |rows: &[Vec<String>]| rows[1..].iter().map(|r| r[0].clone()).collect::<Vec<_>>();
    assert_ne!(ids(&rows), ids(&other_rows));
    // Pseudonyms are distinct.
    let mut unique = ids(&rows);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), rows.len() - 1);
    // The CSV files are the same as without --anonymize.
    let plain = rendered(&reproducible(Lang::Zh, None));
    for name in [
        "plan.csv",
        "hires.csv",
        "gaps.csv",
        "unplaced.csv",
        "coverage.csv",
        "itinerant.csv",
        "staffing.csv",
        "summary.json",
    ] {
        assert!(file(&plain, name) == file(&files, name), "{name} changed");
    }
}

#[test]
fn report_md_lists_the_coefficients_of_summary_json() {
    let files = rendered(&reproducible(Lang::Zh, None));
    let md = String::from_utf8(file(&files, "report.md").to_vec()).unwrap();
    let summary: serde_json::Value = serde_json::from_slice(file(&files, "summary.json")).unwrap();
    let spreads = summary["indicators"].as_array().unwrap();
    // The demo has primary, junior and nine-year schools: both stages, three indicators each.
    assert_eq!(spreads.len(), 6);
    for s in spreads {
        let stage = s["stage"].as_str().unwrap();
        let ind = s["indicator"].as_str().unwrap().to_uppercase();
        let cv = format!("{:.3}", s["cv_after"].as_f64().unwrap());
        let row = md
            .lines()
            .find(|l| l.contains(&format!(" {stage} | {ind} ")))
            .unwrap_or_else(|| panic!("no row for {stage} {ind}"));
        assert!(row.contains(&cv), "{row} lacks {cv}");
    }
}
