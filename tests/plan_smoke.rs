//! The optimizer on counties built in code (independent of the file loader), and the exported
//! model re-solved by other solvers.

mod common;

use common::{loaded, school, teacher};
use rotaplan::domain::*;
use rotaplan::plan::{plan, SolveOptions, SolveStatus};

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

fn county() -> County {
    County {
        schools: vec![
            school("U1", Area::Urban, 10, 0.0),
            school("R1", Area::Rural, 5, 10.0),
            school("R2", Area::TeachingPoint, 5, 30.0),
        ],
        teachers: vec![
            teacher("T1", "U1", "music"),
            teacher("T2", "U1", "music"),
            teacher("T3", "U1", "music"),
            teacher("T4", "U1", "music"),
        ],
        ..Default::default()
    }
}

#[test]
fn surplus_music_teachers_fill_the_rural_music_posts() {
    let l = loaded(SCENARIO, county());
    let p = plan(
        &l,
        &SolveOptions {
            time_limit_seconds: 10.0,
            export_model: None,
        },
    )
    .unwrap();
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
        let opts = SolveOptions {
            time_limit_seconds: 10.0,
            export_model: Some(path.clone()),
        };
        let p = plan(&l, &opts).unwrap();
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
