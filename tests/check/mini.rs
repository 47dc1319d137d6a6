//! Small hand-built counties for the staffing rules (establishment, headcount, open posts,
//! coverage, itinerant teaching, exchange): a scenario with three subjects, plan folders
//! written through the fixture's writer with a `kind` column in plan.csv. Tests here assert
//! violations and recomputed figures; the figure files are left empty unless a test is about
//! them, so their mismatches are not looked at.

use crate::support::fixture::*;
use crate::support::loaded;
use rotaplan::domain::County;

/// math 6/4, music 2/1 (shortage), science 3/0 periods a class; loads 15 and 12; no rotation
/// or backbone share to meet; a school may send half its teachers.
pub const SCENARIO: &str = r#"
name = "mini"
plan_year = 2026
[data]
schools = "schools.csv"
teachers = "teachers.csv"
hires = "new_hires.csv"
[policy]
rotation_share = 0.0
backbone_share = 0.0
max_send_share = 0.5
[curriculum]
primary_load = 15.0
junior_load = 12.0
[subjects.math]
zh = "数学"
primary_periods = 6.0
junior_periods = 4.0
[subjects.music]
zh = "音乐"
primary_periods = 2.0
junior_periods = 1.0
shortage = true
[subjects.science]
zh = "科学"
primary_periods = 3.0
"#;

pub const TERM: &str = "2026-09-01,2027-08-31";

/// A plan folder for `county` under the mini scenario plus `extra` TOML (tables such as
/// `[establishment]`), with no plan rows, hires or coverage.
pub fn mini(extra: &str, county: County) -> Fixture {
    let text = format!("{SCENARIO}\n{extra}\n");
    Fixture {
        loaded: loaded(&text, county),
        plan: vec![format!("{PLAN_HEADER},kind")],
        hires: vec!["school_id,subject,count,programme".into()],
        gaps: vec![GAPS_HEADER.into()],
        unplaced: vec!["teacher_id,name,subject,reason".into()],
        coverage: vec![COVERAGE_HEADER.into()],
        itinerant: vec![ITINERANT_HEADER.into()],
        staffing: vec![STAFFING_HEADER.into()],
        summary: serde_json::json!({"status": "optimal", "violations": []}),
        skip: vec![],
    }
}

/// A plan.csv row; `kind` is written as given (`rotation`, `exchange`, 对口交流, …).
pub fn move_row(id: &str, subject: &str, from: &str, to: &str, kind: &str) -> String {
    format!("{id},T{id},{subject},{from},{to},{TERM},false,false,,test,{kind}")
}

/// Codes of the rules the plan breaks, without the figure mismatches.
pub fn codes(f: &Fixture) -> Vec<&'static str> {
    f.check().codes()
}
