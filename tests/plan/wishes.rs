//! Applications and wishes (docs/wishes.md): one folder per rule under tests/features_wishes/,
//! each a tiny county whose moves are known by hand (the scenario's first comment says why) and
//! written in expected.toml, with the wishes figures the independent checker counts. Every plan
//! is written and checked, and its stage optima compared with the per-teacher reference model.
//! Then generated counties: the pure preference mode leaves no justified envy, and placing the
//! wishes after the gap goal costs no gap.

use crate::support::solve::{solve_checked_with, Solve};
use crate::support::{load, root};
use rotaplan::generate::{generate_to_dir, Flavor, GenerateParams};
use rotaplan::plan::prepare::prepare;
use rotaplan::plan::reference::{evaluate_plan, solve_per_teacher};
use rotaplan::plan::wishes_first;
use rotaplan::scenario::Goal;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Figures {
    /// "TEACHER>SCHOOL" of every rotation, by teacher id.
    moves: Vec<String>,
    volunteers_moved: usize,
    at_wish: Vec<usize>,
    envy_pairs: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    moves: Vec<String>,
    volunteers_moved: usize,
    at_wish: Vec<usize>,
    envy_pairs: usize,
    /// The same county in the pure preference mode (first.toml).
    first: Option<Figures>,
}

/// Plans, checks and compares one scenario of a folder with its expected figures and with the
/// per-teacher reference model.
fn plan_and_compare(name: &str, file: &str, want: &Figures) {
    let dir = root().join("tests/features_wishes").join(name);
    let loaded = load(dir.join(file));
    let label = format!("{name}/{file}");
    let checked = solve_checked_with(&loaded, &Solve::new(&label).time_limit(60.0));
    let plan = &checked.plan;
    let county = &loaded.county;
    let mut got: Vec<String> = (plan.assignments.iter())
        .map(|a| {
            format!(
                "{}>{}",
                county.teachers[a.teacher].id, county.schools[a.to].id
            )
        })
        .collect();
    got.sort();
    assert_eq!(got, want.moves, "{label}: moves");
    let w = checked.summary.wishes.as_ref().expect("wishes figures");
    assert_eq!(w.volunteers_moved, want.volunteers_moved, "{label}");
    assert_eq!(w.at_wish, want.at_wish, "{label}");
    assert_eq!(w.envy_pairs, want.envy_pairs, "{label}");
    // the merit list (积分公示): every applicant, by points
    let merit = (checked.files.iter())
        .find(|(n, _)| n == "merit-list.csv")
        .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
        .expect("merit-list.csv");
    assert!(
        merit.starts_with("\u{feff}排名,工号,姓名"),
        "{label}: {merit}"
    );
    assert_eq!(
        merit.lines().count(),
        1 + loaded.applications.len(),
        "{label}"
    );
    // the goal list has the wishes goal in place
    let goals: Vec<Goal> = plan.stages.iter().map(|s| s.goal).collect();
    assert!(goals.contains(&Goal::Wishes), "{label}: {goals:?}");

    let placed = plan.placed(&loaded);
    let mut prep = prepare(&placed);
    if goals[0] == Goal::Wishes {
        prep = wishes_first::prepared(&prep, &placed);
    }
    let reference = solve_per_teacher(&prep, &placed, 60.0).unwrap();
    let evaluated = evaluate_plan(&prep, &placed, plan).unwrap();
    // (in the pure preference mode the wishes stage is the placements by points, which the
    // prepared data hold: the reference solves the goals after it)
    let solved = &plan.stages[plan.stages.len() - reference.len()..];
    if goals[0] == Goal::Wishes {
        // the wishes stage's value: the plan's, in the per-teacher model
        let mut all = prep.clone();
        all.goals.insert(0, Goal::Wishes);
        let value = evaluate_plan(&all, &placed, plan).unwrap()[0].1;
        let tol = 1e-6 * value.abs().max(1.0);
        assert!(
            (plan.stages[0].objective - value).abs() <= tol,
            "{label}: {value}"
        );
    }
    assert_eq!(
        solved.len() + usize::from(goals[0] == Goal::Wishes),
        plan.stages.len()
    );
    for ((stage, (g, r)), (_, e)) in solved.iter().zip(&reference).zip(&evaluated) {
        assert_eq!(stage.goal, *g, "{label}");
        let tol = 1e-6 * r.abs().max(1.0);
        assert!(
            (stage.objective - r).abs() <= tol && (e - r).abs() <= tol,
            "{label}: {} planner {} evaluated {e} reference {r}",
            g.key(),
            stage.objective
        );
    }
}

fn run(name: &str) {
    let dir = root().join("tests/features_wishes").join(name);
    let expected: Expected =
        toml::from_str(&std::fs::read_to_string(dir.join("expected.toml")).unwrap()).unwrap();
    let default = Figures {
        moves: expected.moves,
        volunteers_moved: expected.volunteers_moved,
        at_wish: expected.at_wish,
        envy_pairs: expected.envy_pairs,
    };
    plan_and_compare(name, "scenario.toml", &default);
    if let Some(first) = &expected.first {
        plan_and_compare(name, "first.toml", first);
    }
}

macro_rules! features {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { run(stringify!($name)); })*
        #[test]
        fn every_wishes_feature_folder_has_a_test() {
            let listed = [$(stringify!($name)),*];
            let dir = root().join("tests/features_wishes");
            for entry in std::fs::read_dir(dir).unwrap() {
                let name = entry.unwrap().file_name().into_string().unwrap();
                assert!(listed.contains(&name.as_str()), "tests/features_wishes/{name} has no test");
            }
        }
    };
}

features!(volunteer, ranked, points, envy);

/// A generated county with applications, written to a temporary folder; `first` puts the
/// wishes goal first (the pure preference mode).
fn generated(seed: u64, first: bool) -> (tempfile::TempDir, rotaplan::input::Loaded) {
    let dir = tempfile::tempdir().unwrap();
    let params = GenerateParams {
        applications: true,
        ..GenerateParams::new(800, 24, seed)
    };
    generate_to_dir(&params, dir.path(), Flavor::English).unwrap();
    let mut path = dir.path().join("scenario.toml");
    if first {
        let variant = dir.path().join("first.toml");
        std::fs::write(
            &variant,
            "extends = \"scenario.toml\"\n[solver]\n\
             goals = [\"wishes\", \"must_serve\", \"gap\", \"shares\", \"travel\"]\n",
        )
        .unwrap();
        path = variant;
    }
    let loaded = rotaplan::input::load(&path).unwrap_or_else(|d| panic!("{d:#?}"));
    (dir, loaded)
}

/// In the pure preference mode, no applicant prefers the post of a teacher with fewer points
/// where the rules allow it (the checker's count, docs/wishes.md), on three generated counties;
/// and the mode does place applicants at their wishes.
#[test]
fn the_pure_preference_mode_leaves_no_justified_envy() {
    for seed in [1, 2, 3] {
        let (_dir, loaded) = generated(seed, true);
        let label = format!("seed {seed}, wishes first");
        let checked = solve_checked_with(&loaded, &Solve::new(&label).time_limit(120.0));
        let w = checked.summary.wishes.as_ref().unwrap();
        assert_eq!(w.envy_pairs, 0, "{label}: {w:?}");
        assert!(w.at_wish[0] > 10, "{label}: {w:?}");
        assert_eq!(checked.plan.stages[0].goal, Goal::Wishes, "{label}");
    }
}

/// Placed after the gap and shares goals (the default), the wishes cost no gap: the gap and
/// shares optima are those of the same county without applications.
#[test]
fn wishes_after_the_gap_cost_no_gap() {
    for seed in [1, 2] {
        let (_dir, with) = generated(seed, false);
        let mut without = with.clone();
        without.problem.applications.clear();
        let label = format!("seed {seed}");
        let a = solve_checked_with(&with, &Solve::new(format!("{label}, wishes")));
        let b = solve_checked_with(&without, &Solve::new(format!("{label}, no applications")));
        let goals: Vec<Goal> = a.plan.stages.iter().map(|s| s.goal).collect();
        assert_eq!(
            goals,
            [
                Goal::MustServe,
                Goal::Gap,
                Goal::Shares,
                Goal::Wishes,
                Goal::Travel
            ],
            "{label}"
        );
        for goal in [Goal::MustServe, Goal::Gap, Goal::Shares] {
            let value = |c: &crate::support::solve::Checked| {
                c.plan
                    .stages
                    .iter()
                    .find(|s| s.goal == goal)
                    .unwrap()
                    .objective
            };
            let (x, y) = (value(&a), value(&b));
            assert!(
                (x - y).abs() <= 1e-6 * y.abs().max(1.0),
                "{label}: {goal:?} {x} vs {y}"
            );
        }
        let w = a.summary.wishes.as_ref().unwrap();
        assert!(w.volunteers_moved > 0, "{label}: {w:?}");
        assert!(b.summary.wishes.is_none());
    }
}

/// `explain` answers "why not my first wish": in tests/features_wishes/points, Q's first wish
/// went to P, who has more points; in tests/features_wishes/envy, A's first wish went to B by
/// the gap goal (sending A would open a gap at U1), not by points.
#[test]
fn explain_says_why_not_the_first_wish() {
    let opts = rotaplan::explain::ExplainOptions {
        lang: rotaplan::output::Lang::Zh,
        anonymize: None,
    };
    let why = |folder: &str, teacher: &str| {
        let loaded = load(format!("tests/features_wishes/{folder}/scenario.toml"));
        let checked = solve_checked_with(&loaded, &Solve::new(folder).time_limit(60.0));
        let e = rotaplan::explain::explain(&loaded, checked.path(), teacher, &opts).unwrap();
        rotaplan::explain::render_text(&e, opts.lang, &loaded.scenario)
    };
    let q = why("points", "Q");
    assert!(q.contains("积分 7.00"), "{q}");
    assert!(q.contains("第 2 志愿"), "{q}");
    assert!(
        q.contains("未安排第1志愿（R1）: 岗位已由积分更高的教师交流：P (20.00)"),
        "{q}"
    );
    let a = why("envy", "A");
    assert!(a.contains("留任原校"), "{a}");
    assert!(
        a.contains("未安排第1志愿（R1）: 岗位由其他教师交流（更靠前的目标：缺口、比例）"),
        "{a}"
    );
}

/// `inspect` counts the applications and the volunteers (tests/features_wishes/envy: two
/// volunteers), and says nothing of them without applications.
#[test]
fn inspect_counts_the_applicants() {
    let loaded = load("tests/features_wishes/envy/scenario.toml");
    let o = rotaplan::inspect::overview(&loaded.scenario, &loaded.county)
        .with_applications(&loaded.applications);
    assert_eq!((o.applicants, o.volunteers), (2, 2));
    let text = rotaplan::inspect::render_text(&o);
    assert!(text.contains("applicants 个人申请"), "{text}");
    let plain = rotaplan::inspect::overview(&loaded.scenario, &loaded.county);
    assert!(!rotaplan::inspect::render_text(&plain).contains("个人申请"));
}
