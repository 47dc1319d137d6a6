//! Every generated plan passes check: counties of several sizes and seeds, and a small province
//! written county by county as `rotaplan generate --counties` does, are planned with the
//! scenario as generated, written to files and checked by the independent checker. A goal the
//! plan misses is allowed only when it declares it and the checker finds the same miss
//! (`support::solve_checked`).

use crate::support::{solve_checked_with, Solve};
use rotaplan::generate::{generate_to_dir, Flavor, GenerateParams};
use rotaplan::plan::SolveStatus;
use rotaplan::scenario::Goal;
use std::path::Path;

const SEEDS: [u64; 5] = [11, 12, 13, 14, 15];

fn plan_and_check(params: &GenerateParams, dir: &Path) {
    generate_to_dir(params, dir, Flavor::English).unwrap();
    let loaded = rotaplan::input::load(&dir.join("scenario.toml"))
        .unwrap_or_else(|d| panic!("{}: {d:#?}", params.name));
    let label = format!(
        "{} teachers, {} schools, seed {}, county {}",
        params.teachers, params.schools, params.seed, params.county_index
    );
    let t = std::time::Instant::now();
    let checked = solve_checked_with(&loaded, &Solve::new(&label).time_limit(120.0));
    let (p, summary, declared) = (&checked.plan, &checked.summary, &checked.declared);
    assert_eq!(p.status, SolveStatus::Optimal, "{label}: {:?}", p.stages);
    assert!(!p.assignments.is_empty(), "{label}: nobody rotates");
    // Goals held by later stages (at the LP's optimal face, held rows kept out until broken)
    // keep their optimum; what the plan writes counts every subject a teacher may teach
    // (coverage.csv), so its weighted gap is never more than the gap stage's count.
    let gap = p.stages.iter().find(|s| s.goal == Goal::Gap).unwrap();
    assert!(
        summary.weighted_gap_after <= gap.objective + 1e-5 * gap.objective.max(1.0),
        "{label}: gap stage {} but the plan has {}",
        gap.objective,
        summary.weighted_gap_after
    );
    let must_serve = p.stages.iter().find(|s| s.goal == Goal::MustServe).unwrap();
    assert_eq!(
        must_serve.objective.round() as usize,
        p.unplaced.len(),
        "{label}: must-serve stage against the plan's unplaced teachers"
    );
    eprintln!(
        "{label}: {} rotated, {} hire rows, declared {declared:?}, {:.2} s",
        p.assignments.len(),
        p.hires.len(),
        t.elapsed().as_secs_f64()
    );
}

fn county(teachers: u32, schools: u32) {
    for seed in SEEDS {
        let dir = tempfile::tempdir().unwrap();
        plan_and_check(&GenerateParams::new(teachers, schools, seed), dir.path());
    }
}

#[test]
fn plans_of_300_teachers_pass_check() {
    county(300, 6);
}

#[test]
fn plans_of_1000_teachers_pass_check() {
    county(1000, 20);
}

#[test]
fn plans_of_3000_teachers_pass_check() {
    county(3000, 60);
}

#[test]
fn plans_of_6000_teachers_pass_check() {
    for seed in [11, 12] {
        let dir = tempfile::tempdir().unwrap();
        plan_and_check(&GenerateParams::new(6000, 120, seed), dir.path());
    }
}

/// A province of three counties, each in its own folder as `generate --counties 3` writes it.
#[test]
fn plans_of_a_generated_province_pass_check() {
    let province = tempfile::tempdir().unwrap();
    let base = GenerateParams::new(500, 10, 21);
    for i in 0..3 {
        let dir = province.path().join(format!("county-{:03}", i + 1));
        std::fs::create_dir_all(&dir).unwrap();
        plan_and_check(&base.for_county(i), &dir);
    }
}
