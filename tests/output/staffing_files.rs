//! The staffing files of issue 20 on a hand-built plan (the planner does not write coverage or
//! exchanges yet): plan.csv's `kind`, coverage.csv, itinerant.csv, staffing.csv, gaps.csv's new
//! columns and summary.json's new keys, byte for byte; names that are formulas or HTML stay
//! data in the CSV files, the workbook and the reports.
//!
//! Three primary schools, needs from the needs file (no classes), load 15 periods:
//!
//! | school | area | students | establishment | teachers | needs (FTE) |
//! |---|---|---|---|---|---|
//! | P1 | teaching point, at (0, 0) | 10 | 1, given | C1 chinese | chinese 1, music 0.5 |
//! | R1 | rural, at (3, 4) | 57 | ⌈57/19⌉ = 3 | B1 chinese, B2 math | chinese 1, english 1, math 1, music 0.2 |
//! | U1 | urban, at (0, 10) | 190 | ⌈190/19⌉ = 10 | A1 chinese, A2 math, A3 music | chinese 2, math 1 |
//!
//! The plan: A3 rotates U1 → P1 (music, 10 km) and teaches 0.5 there plus 0.2 music at R1
//! itinerantly (5 km); B1 goes on exchange R1 → U1 (chinese, √45 = 6.7 km); one english hire at
//! R1, two hires of the batch unspent. `allowance = 1`, so P1 may end one above its
//! establishment (cap max(1 + 1, 1) = 2).
//!
//! Cover before the plan (each teacher 1 FTE in a subject they may teach): P1 chinese 1;
//! R1 chinese 1, math 1; U1 chinese 1, math 1 → gap before P1 0.5, R1 1.2, U1 1.0.
//! After: every cell covered except R1 chinese (B1 left) → gap after R1 1.0.

use calamine::{Data, Reader, Xlsx};
use rotaplan::domain::{Area, Programme};
use rotaplan::input::Loaded;
use rotaplan::output::{render, Lang, RenderOptions};
use rotaplan::plan::{
    Assignment, CoverageRow, CoveredBy, HirePlacement, ItinerantRow, MoveKind, Plan, SolveStatus,
};
use std::io::{Cursor, Read};

use crate::support::{county, need, school, teacher, SchoolExt};

const SCENARIO: &str = r#"
name = "staffing"
plan_year = 2026

[data]
schools = "schools.csv"
teachers = "teachers.csv"

[establishment]
allowance = 1
"#;

/// A teacher's name that a spreadsheet would run, and a school name that is HTML and starts
/// with a formula character.
const FORMULA: &str = "@SUM(1)";
const SCHOOL_HTML: &str = "-<img src=x onerror=alert(1)>";

fn problem() -> Loaded {
    let schools = vec![
        school("P1", Area::TeachingPoint)
            .students(10)
            .at(0.0, 0.0)
            .named(SCHOOL_HTML),
        school("R1", Area::Rural).students(57).at(3.0, 4.0),
        school("U1", Area::Urban).students(190).at(0.0, 10.0),
    ];
    let mut schools = schools;
    schools[0].establishment = Some(1);
    let mut teachers = vec![
        teacher("A1", "U1", "chinese"),
        teacher("A2", "U1", "math"),
        teacher("A3", "U1", "music"),
        teacher("B1", "R1", "chinese"),
        teacher("B2", "R1", "math"),
        teacher("C1", "P1", "chinese"),
    ];
    teachers[1].name = "=cmd|' /C calc'!A0".into();
    teachers[2].name = FORMULA.into();
    let mut c = county(schools, teachers);
    c.needs = vec![
        need("P1", "chinese", 1.0),
        need("P1", "music", 0.5),
        need("R1", "chinese", 1.0),
        need("R1", "english", 1.0),
        need("R1", "math", 1.0),
        need("R1", "music", 0.2),
        need("U1", "chinese", 2.0),
        need("U1", "math", 1.0),
    ];
    crate::support::loaded(SCENARIO, c)
}

/// Indices: schools P1 0, R1 1, U1 2; teachers A1 0, A2 1, A3 2, B1 3, B2 4, C1 5.
fn plan() -> Plan {
    let cover = |school, subject: &str, by, post: &str, fte| CoverageRow {
        school,
        subject: subject.into(),
        by,
        post_subject: post.into(),
        fte,
    };
    Plan {
        assignments: vec![
            Assignment {
                teacher: 2,
                to: 0,
                subject: "music".into(),
                reason: "gap:music".into(),
                kind: MoveKind::Rotation,
            },
            Assignment {
                teacher: 3,
                to: 2,
                subject: "chinese".into(),
                reason: "exchange:teach:chinese".into(),
                kind: MoveKind::Exchange,
            },
        ],
        hires: vec![HirePlacement {
            school: 1,
            subject: "english".into(),
            programme: Programme::Regular,
            count: 1,
        }],
        unplaced: vec![],
        // Deliberately out of order: the file sorts them.
        coverage: vec![
            cover(2, "math", CoveredBy::Staff(1), "math", 1.0),
            cover(2, "chinese", CoveredBy::Staff(0), "chinese", 1.0),
            cover(2, "chinese", CoveredBy::Exchange(3), "chinese", 1.0),
            cover(1, "math", CoveredBy::Staff(4), "math", 1.0),
            cover(1, "english", CoveredBy::Hire, "english", 1.0),
            cover(0, "music", CoveredBy::Rotated(2), "music", 0.5),
            cover(0, "chinese", CoveredBy::Staff(5), "chinese", 1.0),
            // A zero row is not written.
            cover(1, "chinese", CoveredBy::Staff(4), "math", 0.0),
        ],
        itinerant: vec![ItinerantRow {
            teacher: 2,
            base: 0,
            school: 1,
            subject: "music".into(),
            fte: 0.2,
        }],
        hires_unspent: 2,
        violations: vec![],
        stages: vec![],
        status: SolveStatus::Optimal,
        objective: 0.0,
        mip_gap: 0.0,
        solve_seconds: 0.0,
        eligible: 3,
        rotation_target: 1,
        leaders: Default::default(),
        model_columns: 0,
        model_rows: 0,
    }
}

fn files(lang: Lang) -> Vec<(String, Vec<u8>)> {
    let opts = RenderOptions {
        reproducible: true,
        lang,
        anonymize: None,
    };
    render(&problem(), &plan(), &opts).1
}

fn file(files: &[(String, Vec<u8>)], name: &str) -> String {
    let bytes = &files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} not written"))
        .1;
    String::from_utf8(bytes.clone()).unwrap()
}

/// The expected file: a BOM, then the lines.
fn csv(lines: &[&str]) -> String {
    format!("\u{feff}{}\n", lines.join("\n"))
}

#[test]
fn data_files_come_in_order_with_the_new_files() {
    let names: Vec<String> = files(Lang::Zh).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names[..rotaplan::output::DATA_FILES],
        [
            "plan.csv",
            "hires.csv",
            "gaps.csv",
            "unplaced.csv",
            "coverage.csv",
            "itinerant.csv",
            "staffing.csv",
            "summary.json"
        ]
    );
    for name in ["coverage.csv", "itinerant.csv", "staffing.csv"] {
        assert!(
            rotaplan::output::atomic::PLAN_FILES.contains(&name),
            "{name} is not a plan file"
        );
    }
}

#[test]
fn plan_csv_has_the_kind_column() {
    assert_eq!(
        file(&files(Lang::Zh), "plan.csv"),
        csv(&[
            "teacher_id,name,subject,from_school_id,to_school_id,start_date,end_date,must_serve,backbone,distance_km,reason,kind",
            "A3,'@SUM(1),music,U1,P1,2026-09-01,2027-08-31,false,false,10.0,gap:music,rotation",
            "B1,TB1,chinese,R1,U1,2026-09-01,2027-08-31,false,false,6.7,exchange:teach:chinese,exchange",
        ])
    );
}

#[test]
fn coverage_csv_bytes() {
    assert_eq!(
        file(&files(Lang::Zh), "coverage.csv"),
        csv(&[
            "school_id,subject,teacher_id,name,kind,post_subject,fte,periods",
            "P1,chinese,C1,TC1,staff,chinese,1.0000,15.0",
            "P1,music,A3,'@SUM(1),rotated,music,0.5000,7.5",
            "R1,english,,,hire,english,1.0000,15.0",
            "R1,math,B2,TB2,staff,math,1.0000,15.0",
            "U1,chinese,B1,TB1,exchange,chinese,1.0000,15.0",
            "U1,chinese,A1,TA1,staff,chinese,1.0000,15.0",
            "U1,math,A2,'=cmd|' /C calc'!A0,staff,math,1.0000,15.0",
        ])
    );
}

#[test]
fn itinerant_csv_bytes() {
    assert_eq!(
        file(&files(Lang::Zh), "itinerant.csv"),
        csv(&[
            "teacher_id,name,base_school_id,school_id,subject,fte,periods,distance_km",
            "A3,'@SUM(1),P1,R1,music,0.2000,3.0,5.0",
        ])
    );
}

#[test]
fn staffing_csv_bytes() {
    assert_eq!(
        file(&files(Lang::Zh), "staffing.csv"),
        csv(&[
            "school_id,name,area,stage,students,classes,teaching_groups,establishment,establishment_source,headcount_before,rotated_out,exchange_out,rotated_in,exchange_in,hires,headcount_after,headcount_cap,above_establishment,vacant_after,pupils_per_teacher_before,pupils_per_teacher_after,below_pupil_floor,gap_before,gap_after",
            // 1 − 0 + 1 = 2 teachers for 1 post: one above; 10 pupils ÷ 1, ÷ 2; 5.00 pupils
            // per teacher is the floor itself, not below it
            "P1,'-<img src=x onerror=alert(1)>,teaching_point,primary,10,0,0,1,given,1,0,0,1,0,0,2,2,1,0,10.00,5.00,0,0.5000,0.0000",
            // 2 − 1 + 1 hire = 2 of 3 posts; 3 − (2 + 1) vacant; cap max(3 + 1, 2)
            "R1,R1 school,rural,primary,57,0,0,3,computed,2,0,1,0,0,1,2,4,0,0,28.50,28.50,0,1.2000,1.0000",
            // 3 − 1 + 1 = 3 of 10 posts; 190 ÷ 3 = 63.33
            "U1,U1 school,urban,primary,190,0,0,10,computed,3,1,0,0,1,0,3,11,0,7,63.33,63.33,0,1.0000,0.0000",
        ])
    );
}

#[test]
fn gaps_csv_has_coverage_and_itinerant_columns() {
    assert_eq!(
        file(&files(Lang::Zh), "gaps.csv"),
        csv(&[
            "school_id,subject,need_fte,staff_before,staff_after,covered_after,itinerant_fte,gap_before,gap_after",
            "P1,chinese,1.0000,1.0000,1.0000,1.0000,0.0000,0.0000,0.0000",
            "P1,music,0.5000,0.0000,1.0000,0.5000,0.0000,0.5000,0.0000",
            "R1,chinese,1.0000,1.0000,0.0000,0.0000,0.0000,0.0000,1.0000",
            "R1,english,1.0000,0.0000,1.0000,1.0000,0.0000,1.0000,0.0000",
            "R1,math,1.0000,1.0000,1.0000,1.0000,0.0000,0.0000,0.0000",
            "R1,music,0.2000,0.0000,0.0000,0.2000,0.2000,0.2000,0.0000",
            "U1,chinese,2.0000,1.0000,2.0000,2.0000,0.0000,1.0000,0.0000",
            "U1,math,1.0000,1.0000,1.0000,1.0000,0.0000,0.0000,0.0000",
            // A3's main subject: staff before, none after, no need
            "U1,music,0.0000,1.0000,0.0000,0.0000,0.0000,0.0000,0.0000",
        ])
    );
}

#[test]
fn summary_json_new_keys() {
    let text = file(&files(Lang::Zh), "summary.json");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["rotated"], 1, "exchanges are not rotations");
    assert_eq!(json["exchanged"], 1);
    assert_eq!(json["hires"], 1);
    assert_eq!(json["hires_unspent"], 2);
    assert_eq!(json["itinerant_fte"], 0.2);
    assert_eq!(json["over_establishment_before"], 0);
    assert_eq!(json["over_establishment_after"], 1);
    assert_eq!(json["gap_before"], 2.7);
    assert_eq!(json["gap_after"], 1.0);
    // default weights: rural 1.5, teaching point 2
    let w = &loaded_weights();
    assert_eq!(json["weighted_gap_after"], w.1 * 1.0);
    let by_area = &json["gap_by_area"];
    // Areas in their order, not alphabetical.
    let area_pos = |k: &str| text.find(&format!("\"{k}\": {{")).unwrap();
    assert!(area_pos("urban") < area_pos("town"));
    assert!(area_pos("town") < area_pos("rural"));
    assert!(area_pos("rural") < area_pos("teaching_point"));
    assert_eq!(by_area["urban"]["before"], 1.0);
    assert_eq!(by_area["urban"]["after"], 0.0);
    assert_eq!(by_area["town"]["before"], 0.0);
    assert_eq!(by_area["rural"]["before"], 1.2);
    assert_eq!(by_area["rural"]["after"], 1.0);
    assert_eq!(by_area["teaching_point"]["before"], 0.5);
    assert_eq!(by_area["teaching_point"]["after"], 0.0);
}

/// The scenario's default (urban, rural) gap weights.
fn loaded_weights() -> (f64, f64) {
    let w = &problem().scenario.weights;
    (w.area(Area::Urban), w.area(Area::Rural))
}

#[test]
fn reports_have_the_staffing_sections_with_names_escaped() {
    let zh = files(Lang::Zh);
    let en = files(Lang::En);
    let md = file(&zh, "report.md");
    assert!(
        md.contains("## 编制与人员 Establishment and headcount"),
        "{md}"
    );
    assert!(
        md.contains("城区缺口由 1.0 FTE 降至 0.0 FTE（减少 1.0）。 The urban gap fell from 1.0 to 0.0 FTE (-1.0)."),
        "{md}"
    );
    assert!(
        md.contains("| 教学点 teaching point | 1 | 1 | 1 | 2 | 0 → 1 | 10.00 | 5.00 | 0.5 | 0.0 |"),
        "{md}"
    );
    // P1's music: need 0.5, all by the rotated teacher.
    assert!(
        md.contains("| P1 -\\<img src=x onerror=alert(1)\\> | 音乐 music | 0.50 | 0.00 | 0.50 | 0.00 | 0.00 | 0.00 | 0.00 |"),
        "{md}"
    );
    assert!(md.contains("## 走教 Itinerant teaching"), "{md}");
    assert!(md.contains("| A3 @SUM(1) | -\\<img"), "{md}");
    assert!(!md.contains(SCHOOL_HTML), "raw HTML in report.md");
    for (lang, html) in [
        ("zh", file(&zh, "report.html")),
        ("en", file(&en, "report.html")),
    ] {
        assert!(!html.contains("<img"), "{lang}: raw HTML in report.html");
        assert!(
            html.contains("-&lt;img src=x onerror=alert(1)&gt;"),
            "{lang}: the school name is not escaped"
        );
        for id in ["staffing", "above-establishment", "shortage", "itinerant"] {
            assert!(html.contains(&format!("id=\"{id}\"")), "{lang}: no {id}");
        }
    }
    // P1, above its establishment, is shaded in the list of schools above establishment.
    let zh_html = file(&zh, "report.html");
    let above = &zh_html[zh_html.find("id=\"above-establishment\"").unwrap()..];
    assert!(above.contains("<tr class=\"over\"><td>-&lt;img"), "{above}");
    let en_html = file(&en, "report.html");
    assert!(en_html.contains("The urban gap fell from 1.0 to 0.0 FTE (-1.0)."));
    assert!(en_html.contains("<td>exchange</td>"), "kind column");
    assert!(zh_html.contains("<td>对口交流</td>") && zh_html.contains("<td>交流轮岗</td>"));
}

fn xlsx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn sheet_rows(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
    let mut book = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range(name).expect("sheet exists");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|d| match d {
                    Data::String(s) => s.clone(),
                    Data::Float(f) => format!("{f}"),
                    Data::Empty => String::new(),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect()
}

#[test]
fn workbook_staffing_sheets_keep_names_as_text_and_shade_schools_above() {
    let zh = files(Lang::Zh);
    let bytes = &zh.iter().find(|(n, _)| n == "plan.xlsx").unwrap().1;
    let book = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let names = book.sheet_names();
    assert_eq!(
        names,
        [
            "交流方案",
            "新教师分配",
            "学科缺口",
            "编制与人员",
            "课程覆盖",
            "走教",
            "未安排",
            "均衡指标",
            "汇总"
        ]
    );
    let staffing = sheet_rows(bytes, "编制与人员");
    assert_eq!(
        staffing[1][..9],
        [
            "P1",
            SCHOOL_HTML,
            "教学点",
            "小学",
            "10",
            "0",
            "0",
            "1",
            "核定"
        ]
    );
    assert_eq!(staffing[1][17], "1", "above establishment");
    assert_eq!(staffing[2][8], "测算");
    let coverage = sheet_rows(bytes, "课程覆盖");
    assert!(coverage
        .iter()
        .any(|r| r[5] == FORMULA && r[6] == "交流轮岗"));
    assert!(coverage.iter().any(|r| r[5] == "=cmd|' /C calc'!A0"));
    assert!(coverage.iter().any(|r| r[4].is_empty() && r[6] == "新教师"));
    let itinerant = sheet_rows(bytes, "走教");
    assert_eq!(
        itinerant[1][..7],
        [
            "A3",
            FORMULA,
            SCHOOL_HTML,
            "R1",
            "R1 school",
            "乡村",
            "音乐"
        ]
    );
    let plan_rows = sheet_rows(bytes, "交流方案");
    assert_eq!(plan_rows[1].last().unwrap(), "交流轮岗");
    assert_eq!(plan_rows[2].last().unwrap(), "对口交流");
    // No formula anywhere; only P1's row (row 2) of the staffing sheet is shaded.
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        let _ = f.read_to_string(&mut s);
        assert!(!s.contains("<f>"), "{:?} holds a formula", f.name());
    }
    let sheet4 = xlsx_part(bytes, "xl/worksheets/sheet4.xml");
    let shaded: Vec<&str> = sheet4
        .split("<row ")
        .skip(1)
        .filter(|r| r.split('>').next().unwrap().contains("customFormat=\"1\""))
        .map(|r| r.split('"').nth(1).unwrap())
        .collect();
    assert_eq!(shaded, ["2"], "{sheet4}");
}

#[test]
fn an_outcome_without_coverage_rows_is_covered_as_far_as_its_teachers_can() {
    // What explain and the what-ifs see: the teachers present after the moves share their load
    // (no itinerant teaching), so only R1's chinese (B1 left) and music (no one) stay short.
    let loaded = problem();
    let outcome = rotaplan::output::figures::outcome(&plan());
    let rows = rotaplan::output::figures::gap_rows_for(&loaded, &outcome);
    let short: Vec<(&str, &str, f64)> = rows
        .iter()
        .filter(|g| g.gap_after() > 1e-9)
        .map(|g| (g.school_id.as_str(), g.subject.as_str(), g.gap_after()))
        .collect();
    assert_eq!(short, [("R1", "chinese", 1.0), ("R1", "music", 0.2)]);
    let with_plan = rotaplan::output::figures::gap_rows(&loaded, &plan());
    let before = |rows: &[rotaplan::output::figures::GapRow]| -> Vec<f64> {
        rows.iter().map(|g| g.gap_before()).collect()
    };
    assert_eq!(before(&rows), before(&with_plan), "the same gap before");
}
