//! `solver.threads`: with 2 (the default) HiGHS's dual simplex runs its linear algebra on the
//! second thread and branch and bound keeps one search worker. docs/model.md says this makes
//! the same pivots as with 1 thread, so the same plan; these counties hold it to that. Each plan
//! runs on a thread of its own: HiGHS keeps one thread pool per calling thread, sized by the
//! first model it solves there. Every plan passes the independent checker
//! (`support::solve_checked`).

use crate::support::{solve_checked_with, Solve};
use rotaplan::generate::{generate_to_dir, Flavor, GenerateParams};
use rotaplan::input::Loaded;
use rotaplan::plan::{Plan, SolveStatus};

fn plan_with_threads(loaded: &Loaded, threads: u32, label: &str) -> Plan {
    let mut loaded = loaded.clone();
    loaded.scenario.solver.threads = threads;
    let how = Solve::new(format!("{label}, {threads} threads")).time_limit(120.0);
    std::thread::spawn(move || solve_checked_with(&loaded, &how).plan)
        .join()
        .expect("planning thread")
}

#[test]
fn two_threads_give_the_plan_of_one() {
    for seed in [31, 32, 33] {
        let dir = tempfile::tempdir().unwrap();
        let params = GenerateParams::new(2000, 40, seed);
        generate_to_dir(&params, dir.path(), Flavor::English).unwrap();
        let loaded = rotaplan::input::load(&dir.path().join("scenario.toml")).unwrap();
        assert_eq!(
            loaded.scenario.solver.threads, 2,
            "generated scenarios use the default"
        );
        let label = format!("2000 teachers, seed {seed}");
        let one = plan_with_threads(&loaded, 1, &label);
        let two = plan_with_threads(&loaded, 2, &label);
        assert_eq!(
            two.status,
            SolveStatus::Optimal,
            "{label}: {:?}",
            two.stages
        );
        let objectives = |p: &Plan| -> Vec<(String, f64)> {
            p.stages
                .iter()
                .map(|s| (s.goal.key().to_string(), s.objective))
                .collect()
        };
        assert_eq!(objectives(&one), objectives(&two), "{label}: stage optima");
        assert_eq!(one.assignments, two.assignments, "{label}: rotations");
        assert_eq!(one.hires, two.hires, "{label}: hire placements");
    }
}

/// One thread plans with 2, then 1, then 2 threads again: HiGHS sizes its thread pool per
/// calling thread and refuses a model asking for another size, so `plan` releases the pool when
/// the count changes. Each plan is still the same.
#[test]
fn one_thread_may_plan_with_different_thread_counts_in_turn() {
    let dir = tempfile::tempdir().unwrap();
    generate_to_dir(
        &GenerateParams::new(600, 12, 34),
        dir.path(),
        Flavor::English,
    )
    .unwrap();
    let loaded = rotaplan::input::load(&dir.path().join("scenario.toml")).unwrap();
    let mut plans = Vec::new();
    for threads in [2, 1, 2] {
        let mut l = loaded.clone();
        l.scenario.solver.threads = threads;
        let how = Solve::new(format!("threads {threads}")).time_limit(120.0);
        let p = solve_checked_with(&l, &how).plan;
        assert_eq!(p.status, SolveStatus::Optimal, "threads {threads}");
        plans.push(p.assignments);
    }
    assert_eq!(plans[0], plans[1]);
    assert_eq!(plans[1], plans[2]);
}
