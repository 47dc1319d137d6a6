//! The optimizer on counties built in code (independent of the file loader), and the exported
//! model re-solved by other solvers. Every plan passes the independent checker
//! (`support::solve_checked`).

use crate::support::{d, loaded, school, solve_checked_with, teacher, Solve};
use rotaplan::domain::*;
use rotaplan::plan::SolveStatus;

const SCENARIO: &str = r#"
name = "smoke"
plan_year = 2026
[data]
schools = "s.csv"
teachers = "t.csv"
[policy]
max_send_share = 1.0
rotation_share = 0.0
backbone_share = 0.0
[subjects]
music = { zh = "音乐", primary_periods = 3.0 }
"#;

/// A primary school of `classes` classes of 30, `x` km east of the county town.
fn site(id: &str, area: Area, classes: u32, x: f64) -> School {
    School {
        name: id.into(),
        students: classes * 30,
        classes,
        location: Some(Point { x_km: x, y_km: 0.0 }),
        source_line: 2,
        ..school(id, area)
    }
}

/// A woman born 1985, at her school since she was hired in 2008, with 24 months of rural service.
fn music_teacher(id: &str) -> Teacher {
    Teacher {
        name: id.into(),
        gender: Gender::Female,
        birth_date: d("1985-03-01"),
        hire_date: Some(d("2008-09-01")),
        school_since: Some(d("2008-09-01")),
        rural_service_months: 24,
        last_term_end: None,
        source_line: 2,
        ..teacher(id, "U1", "music")
    }
}

fn county() -> County {
    County {
        schools: vec![
            site("U1", Area::Urban, 10, 0.0),
            site("R1", Area::Rural, 5, 10.0),
            site("R2", Area::TeachingPoint, 5, 30.0),
        ],
        teachers: ["T1", "T2", "T3", "T4"].map(music_teacher).to_vec(),
        ..Default::default()
    }
}

#[test]
fn surplus_music_teachers_fill_the_rural_music_posts() {
    let l = loaded(SCENARIO, county());
    let p = solve_checked_with(&l, &Solve::new("smoke").time_limit(10.0)).plan;
    assert_eq!(p.status, SolveStatus::Optimal);
    // Urban need 10*3/15 = 2, staff 4: two surplus; each rural school needs 1.
    let mut moves: Vec<(usize, usize)> = p.assignments.iter().map(|a| (a.teacher, a.to)).collect();
    moves.sort();
    assert_eq!(moves, vec![(0, 1), (1, 2)]);
    assert!(p.violations.is_empty());
}

/// Objective of an MPS/LP file solved by HiGHS's own reader and solver (a path that shares
/// nothing with how rotaplan builds the model).
fn highs_objective_of_file(path: &std::path::Path) -> f64 {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    unsafe {
        let h = highs_sys::Highs_create();
        let opt = std::ffi::CString::new("output_flag").unwrap();
        highs_sys::Highs_setBoolOptionValue(h, opt.as_ptr(), 0);
        assert_eq!(
            highs_sys::Highs_readModel(h, c.as_ptr()),
            highs_sys::STATUS_OK
        );
        assert_eq!(highs_sys::Highs_run(h), highs_sys::STATUS_OK);
        let obj = highs_sys::Highs_getObjectiveValue(h);
        highs_sys::Highs_destroy(h);
        obj
    }
}

#[test]
fn exported_model_resolves_to_the_same_objective() {
    let dir = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("KEEP_MODEL").is_some();
    for ext in ["mps", "lp"] {
        let path = dir.path().join(format!("model.{ext}"));
        let l = loaded(SCENARIO, county());
        let how = Solve::new(format!("smoke, {ext} model"))
            .time_limit(10.0)
            .export_model(&path);
        let p = solve_checked_with(&l, &how).plan;
        assert!(path.exists(), "{ext} model written");
        let obj = highs_objective_of_file(&path);
        assert!(
            (obj - p.objective).abs() < 1e-6,
            "{ext}: HiGHS re-solve {obj} vs plan {}",
            p.objective
        );

        // A second solver, when installed (CI installs coinor-cbc).
        if keep {
            std::fs::copy(&path, format!("/tmp/model.{ext}")).unwrap();
        }
        if ext == "mps" {
            if let Ok(out) = std::process::Command::new("cbc")
                .arg(&path)
                .arg("solve")
                .output()
            {
                let text = String::from_utf8_lossy(&out.stdout);
                let line = text
                    .lines()
                    .find(|l| l.starts_with("Objective value:"))
                    .unwrap_or_else(|| panic!("cbc printed no objective:\n{text}"));
                let obj: f64 = line.split(':').nth(1).unwrap().trim().parse().unwrap();
                assert!(
                    (obj - p.objective).abs() < 1e-6,
                    "cbc {obj} vs plan {}",
                    p.objective
                );
            }
        }
    }
}
