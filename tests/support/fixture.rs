//! The checker tests' fixture: a small county built in code and a hand-written correct plan
//! for it, as the lines of each plan file, so a test can break one rule by editing one line.
//! Figures in the plan were computed by hand; see the comments next to each gaps.csv row.

use super::{d, school, teacher};
use rotaplan::check::{check_plan, CheckReport};
use rotaplan::domain::*;
use rotaplan::input::Loaded;
use rotaplan::scenario::Scenario;
use std::path::{Path, PathBuf};

pub const SCENARIO: &str = r#"
name = "测试县 2026"
plan_year = 2026
[data]
schools = "schools.csv"
teachers = "teachers.csv"
hires = "new_hires.csv"
[policy]
rotation_share = 0.25
backbone_share = 0.3
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
"#;

/// A school of the fixture: `{id}学校`, 40 students a class.
fn site(id: &str, area: Area, stage: Stage, classes: u32, at: Option<(f64, f64)>) -> School {
    School {
        name: format!("{id}学校"),
        stage,
        students: classes * 40,
        classes,
        location: at.map(|(x_km, y_km)| Point { x_km, y_km }),
        ..school(id, area)
    }
}

/// A teacher of the fixture: `教师{id}`, no hire or school date.
fn person(id: &str, school_id: &str, subject: &str, gender: Gender, birth: &str) -> Teacher {
    Teacher {
        name: format!("教师{id}"),
        gender,
        birth_date: d(birth),
        hire_date: None,
        school_since: None,
        ..teacher(id, school_id, subject)
    }
}

/// The county: U1 urban, T1 town nine-year, R1 rural (1 bed), P1 teaching point (remote, no
/// coordinates), W1 weak town junior school with a music need override of 1.0.
/// Establishments (computed, 40 pupils a class): U1 ⌈600/19⌉ = 32, T1 ⌈240/19 + 120/13.5⌉ = 22,
/// R1 and P1 max(⌈240/19⌉, ⌈6 × 1.7⌉) = 13, W1 ⌈240/13.5⌉ = 18.
pub fn county() -> County {
    use Area::*;
    use Gender::*;
    let mut r1 = site("R1", Rural, Stage::Primary, 6, Some((30.0, 0.0)));
    r1.housing_beds = Some(1);
    let mut p1 = site("P1", TeachingPoint, Stage::Primary, 6, None);
    p1.remote = true;
    let mut w1 = site("W1", Town, Stage::Junior, 6, Some((5.0, 5.0)));
    w1.weak = true;
    let mut schools = vec![
        site("U1", Urban, Stage::Primary, 15, Some((0.0, 0.0))),
        site("T1", Town, Stage::NineYear, 9, Some((10.0, 0.0))),
        r1,
        p1,
        w1,
    ];
    for (i, s) in schools.iter_mut().enumerate() {
        s.source_line = i + 2;
    }
    let mut a1 = person("A1", "U1", "math", Female, "1985-05-10");
    a1.backbone = Backbone::County;
    a1.senior_title_target_year = Some(2027);
    let mut a3 = person("A3", "U1", "music", Female, "1988-02-02");
    a3.extra_subjects = vec!["math".into()];
    let mut a5 = person("A5", "U1", "math", Female, "1992-06-01");
    a5.deferral = Some(Deferral::Pregnancy);
    let mut b1 = person("B1", "T1", "math", Male, "1998-07-01");
    b1.programme = Programme::PubliclyFunded;
    let mut teachers = vec![
        a1,
        person("A2", "U1", "math", Male, "1990-01-01"),
        a3,
        // Retires 2026-08-01 (60 years + 4 months under the 2025 schedule): deferred.
        person("A4", "U1", "math", Male, "1966-03-10"),
        a5,
        b1,
        person("B2", "T1", "music", Female, "1992-03-03"),
        person("C1", "R1", "math", Female, "1980-04-04"),
        person("D1", "W1", "math", Male, "1987-08-08"),
    ];
    for (i, t) in teachers.iter_mut().enumerate() {
        t.source_line = i + 2;
    }
    let batch = |subject: &str, programme, line| HireBatch {
        subject: subject.into(),
        count: 1,
        programme,
        areas: None,
        source_line: line,
    };
    County {
        schools,
        teachers,
        needs: vec![NeedOverride {
            school_id: "W1".into(),
            subject: "music".into(),
            need_fte: 1.0,
            source_line: 2,
        }],
        hires: vec![
            batch("music", Programme::Regular, 2),
            batch("math", Programme::Tegang, 3),
        ],
        pairs: vec![],
    }
}

pub fn loaded() -> Loaded {
    let scenario: Scenario = toml::from_str(SCENARIO).unwrap();
    Loaded::in_code("scenario.toml", scenario, county())
}

fn lines(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

pub const PLAN_HEADER: &str =
    "teacher_id,name,subject,from_school_id,to_school_id,start_date,end_date,must_serve,backbone,distance_km,reason";

pub const GAPS_HEADER: &str = "school_id,subject,need_fte,staff_before,staff_after,covered_after,itinerant_fte,gap_before,gap_after";

pub const COVERAGE_HEADER: &str = "school_id,subject,teacher_id,name,kind,post_subject,fte,periods";

pub const ITINERANT_HEADER: &str =
    "teacher_id,name,base_school_id,school_id,subject,fte,periods,distance_km";

pub const STAFFING_HEADER: &str = "school_id,name,area,stage,students,classes,teaching_groups,establishment,establishment_source,headcount_before,rotated_out,exchange_out,rotated_in,exchange_in,hires,headcount_after,headcount_cap,above_establishment,vacant_after,pupils_per_teacher_before,pupils_per_teacher_after,below_pupil_floor,gap_before,gap_after";

/// The plan files as lines; `plan[0]` is the header (line 1), `plan[i]` is line i + 1.
pub struct Fixture {
    pub loaded: Loaded,
    pub plan: Vec<String>,
    pub hires: Vec<String>,
    pub gaps: Vec<String>,
    pub unplaced: Vec<String>,
    pub coverage: Vec<String>,
    pub itinerant: Vec<String>,
    pub staffing: Vec<String>,
    pub summary: serde_json::Value,
    /// Files not to write.
    pub skip: Vec<&'static str>,
}

impl Fixture {
    /// A correct plan: A1 (backbone, senior title 2027) → R1, B1 (publicly funded) → P1;
    /// hires: tegang math → P1, regular music → R1. plan.csv has no `kind` column (an older
    /// plan: every row a rotation); every staying teacher teaches their main subject.
    pub fn valid() -> Fixture {
        Fixture {
            loaded: loaded(),
            plan: lines(&[
                PLAN_HEADER,
                "A1,教师A1,math,U1,R1,2026-09-01,2027-08-31,true,true,30.0,must_serve:senior_title",
                "B1,教师B1,math,T1,P1,2026-09-01,2027-08-31,true,false,,must_serve:publicly_funded",
            ]),
            hires: lines(&[
                "school_id,subject,count,programme",
                "P1,math,1,tegang",
                "R1,music,1,regular",
            ]),
            gaps: lines(&[
                GAPS_HEADER,
                // P1: 6 classes × 6 / 15; B1 and the tegang hire teach 1.0 each.
                "P1,math,2.4000,0.0000,2.0000,2.0000,0.0000,2.4000,0.4000",
                "P1,music,0.8000,0.0000,0.0000,0.0000,0.0000,0.8000,0.8000",
                "R1,math,2.4000,1.0000,2.0000,2.0000,0.0000,1.4000,0.4000", // C1 + A1
                "R1,music,0.8000,0.0000,1.0000,0.8000,0.0000,0.8000,0.0000", // regular hire
                "T1,math,3.4000,1.0000,0.0000,0.0000,0.0000,2.4000,3.4000", // 6 × 6/15 + 3 × 4/12
                "T1,music,1.0500,1.0000,1.0000,1.0000,0.0000,0.0500,0.0500", // 6 × 2/15 + 3 × 1/12
                // Before: A3 (music, extra math) covers math first: math 5 of 6, music 0 of 2.
                "U1,math,6.0000,4.0000,3.0000,3.0000,0.0000,1.0000,3.0000",
                "U1,music,2.0000,1.0000,1.0000,1.0000,0.0000,2.0000,1.0000",
                "W1,math,2.0000,1.0000,1.0000,1.0000,0.0000,1.0000,1.0000",
                "W1,music,1.0000,0.0000,0.0000,0.0000,0.0000,1.0000,1.0000", // override (computed 0.5)
            ]),
            unplaced: lines(&["teacher_id,name,subject,reason"]),
            coverage: lines(&[
                COVERAGE_HEADER,
                "P1,math,,,hire,math,1.0000,15.0",
                "P1,math,B1,教师B1,rotated,math,1.0000,15.0",
                "R1,math,A1,教师A1,rotated,math,1.0000,15.0",
                "R1,math,C1,教师C1,staff,math,1.0000,15.0",
                "R1,music,,,hire,music,0.8000,12.0",
                "T1,music,B2,教师B2,staff,music,1.0000,15.0",
                "U1,math,A2,教师A2,staff,math,1.0000,15.0",
                "U1,math,A4,教师A4,staff,math,1.0000,15.0",
                "U1,math,A5,教师A5,staff,math,1.0000,15.0",
                "U1,music,A3,教师A3,staff,music,1.0000,15.0",
                "W1,math,D1,教师D1,staff,math,1.0000,12.0", // junior school: 12 periods
            ]),
            itinerant: lines(&[ITINERANT_HEADER]),
            // 40 pupils a class: no school combines classes, so teaching_groups = classes
            // (T1: 6 + 3); no school falls below 5 pupils per teacher (below_pupil_floor 0).
            staffing: lines(&[
                STAFFING_HEADER,
                "P1,P1学校,teaching_point,primary,240,6,6,13,computed,0,0,0,1,0,1,2,13,0,12,,120.00,0,3.2000,1.2000",
                "R1,R1学校,rural,primary,240,6,6,13,computed,1,0,0,1,0,1,3,13,0,11,240.00,80.00,0,2.2000,0.4000",
                "T1,T1学校,town,nine_year,360,9,9,22,computed,2,1,0,0,0,0,1,22,0,20,180.00,360.00,0,2.4500,3.4500",
                "U1,U1学校,urban,primary,600,15,15,32,computed,5,1,0,0,0,0,4,32,0,27,120.00,150.00,0,3.0000,4.0000",
                "W1,W1学校,town,junior,240,6,6,18,computed,1,0,0,0,0,0,1,18,0,17,240.00,240.00,0,2.0000,2.0000",
            ]),
            summary: serde_json::json!({
                "status": "optimal", "objective": 14.15, "mip_gap": 0.0, "solve_seconds": 0.1,
                "eligible": 6, "rotated": 2, "rotation_share": 0.3333,
                "backbone_rotated": 1, "backbone_share": 0.5,
                "must_serve": 2, "must_serve_placed": 2, "hires": 2,
                "gap_before": 12.85, "gap_after": 11.05,
                "weighted_gap_before": 20.85, "weighted_gap_after": 14.15,
                "exchanged": 0, "hires_unspent": 0, "itinerant_fte": 0.0,
                "over_establishment_before": 0, "over_establishment_after": 0,
                "gap_by_area": {
                    "urban": {"before": 3.0, "after": 4.0},
                    "town": {"before": 4.45, "after": 5.45},
                    "rural": {"before": 2.2, "after": 0.4},
                    "teaching_point": {"before": 3.2, "after": 1.2}
                },
                "violations": []
            }),
            skip: vec![],
        }
    }

    /// Writes the files as the planner does: UTF-8 with a BOM, LF line ends.
    pub fn write(&self, dir: &Path) {
        let files = [
            ("plan.csv", &self.plan),
            ("hires.csv", &self.hires),
            ("gaps.csv", &self.gaps),
            ("unplaced.csv", &self.unplaced),
            ("coverage.csv", &self.coverage),
            ("itinerant.csv", &self.itinerant),
            ("staffing.csv", &self.staffing),
        ];
        for (name, rows) in files {
            if !self.skip.contains(&name) {
                std::fs::write(dir.join(name), format!("\u{feff}{}\n", rows.join("\n"))).unwrap();
            }
        }
        if !self.skip.contains(&"summary.json") {
            std::fs::write(
                dir.join("summary.json"),
                serde_json::to_string_pretty(&self.summary).unwrap(),
            )
            .unwrap();
        }
    }

    /// Drops the coverage.csv rows of a teacher, for a test that moves them elsewhere: the
    /// plan must no longer say they teach where they were.
    pub fn uncover(&mut self, teacher_id: &str) {
        self.coverage
            .retain(|l| l.split(',').nth(2) != Some(teacher_id));
    }

    pub fn check(&self) -> CheckReport {
        let dir = tempfile::tempdir().unwrap();
        self.write(dir.path());
        check_plan(&self.loaded, dir.path())
    }
}

/// A violation with this code points at this file and line.
pub fn violation_at(r: &CheckReport, code: &str, file: &str, line: usize) -> bool {
    r.violations.iter().any(|v| {
        v.code == code
            && v.rows
                .iter()
                .any(|row| row.file == file && row.line == Some(line))
    })
}

/// A mismatch with this code whose key contains `key`.
pub fn mismatch(r: &CheckReport, code: &str, key: &str) -> bool {
    r.mismatches
        .iter()
        .any(|m| m.code == code && m.key.contains(key))
}

pub fn mismatch_codes(r: &CheckReport) -> Vec<&'static str> {
    let mut c: Vec<_> = r.mismatches.iter().map(|m| m.code).collect();
    c.sort_unstable();
    c.dedup();
    c
}
