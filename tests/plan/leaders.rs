//! Leader rotation (docs/leaders.md): one folder per rule under tests/features_leaders/, each a
//! tiny county whose leader moves are known by hand (the scenario's first comment says why) and
//! written in expected.toml. Every plan is written, checked by the independent checker, and its
//! goal optima compared with the per-leader reference model; a hand edit named in
//! expected.toml must then be refused by `check`.

use crate::support::solve::{solve_checked_with, Solve};
use crate::support::{load, root};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// "TEACHER>SCHOOL", by teacher id.
    leaders: Vec<String>,
    /// Codes of the goals the plan cannot meet.
    #[serde(default)]
    violations: Vec<String>,
    /// Leaders whose to_school_id is cleared in leaders.csv by hand after the plan.
    #[serde(default)]
    edit_stays: Vec<String>,
    /// Codes `check` must report on the edited plan.
    #[serde(default)]
    check_after_edit: Vec<String>,
}

fn run(name: &str) {
    let dir = root().join("tests/features_leaders").join(name);
    let expected: Expected =
        toml::from_str(&std::fs::read_to_string(dir.join("expected.toml")).unwrap()).unwrap();
    let loaded = load(dir.join("scenario.toml"));
    let checked = solve_checked_with(&loaded, &Solve::new(name).time_limit(60.0));
    let county = &loaded.county;
    let plan = &checked.plan;
    let got: Vec<String> = (plan.leaders.moves.iter())
        .map(|m| {
            format!(
                "{}>{}",
                county.teachers[m.teacher].id, county.schools[m.to].id
            )
        })
        .collect();
    assert_eq!(got, expected.leaders, "{name}: leader moves");
    let codes: Vec<&str> = plan.violations.iter().map(|v| v.code).collect();
    assert_eq!(codes, expected.violations, "{name}: violations");
    let reference = rotaplan::plan::reference::leaders::solve_leaders(&loaded).unwrap();
    assert_eq!(
        reference, plan.leaders.cost,
        "{name}: reference model optima"
    );

    if expected.edit_stays.is_empty() {
        return;
    }
    let path = checked.path().join("leaders.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let to = header.iter().position(|h| *h == "to_school_id").unwrap();
    for line in lines.iter_mut().skip(1) {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        if expected.edit_stays.iter().any(|id| cells[0] == *id) {
            cells[to].clear();
            *line = cells.join(",");
        }
    }
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let report = rotaplan::check::check_plan(&loaded, checked.path());
    assert!(!report.is_ok(), "{name}: the edited plan must fail check");
    let found: Vec<&str> = report.violations.iter().map(|v| v.code).collect();
    for code in &expected.check_after_edit {
        assert!(
            found.contains(&code.as_str()),
            "{name}: check must report {code}: {}",
            report.render_text()
        );
    }
}

macro_rules! features {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { run(stringify!($name)); })*
        #[test]
        fn every_leader_feature_folder_has_a_test() {
            let listed = [$(stringify!($name)),*];
            let dir = root().join("tests/features_leaders");
            for entry in std::fs::read_dir(dir).unwrap() {
                let name = entry.unwrap().file_name().into_string().unwrap();
                assert!(listed.contains(&name.as_str()), "tests/features_leaders/{name} has no test");
            }
        }
    };
}

features!(tenure, strong_to_weak, no_principal, due_no_post);

/// (tests/features_leaders/strong_to_weak) `explain` names the leader's move and why, and
/// `advance` puts the moved leaders on their new schools' rosters, in post from the term start,
/// so that next year neither is due.
#[test]
fn a_leader_move_is_explained_and_carried_into_the_next_year() {
    let dir = root().join("tests/features_leaders/strong_to_weak");
    let loaded = load(dir.join("scenario.toml"));
    let checked = solve_checked_with(&loaded, &Solve::new("strong_to_weak").time_limit(60.0));
    let opts = rotaplan::explain::ExplainOptions {
        lang: rotaplan::output::Lang::Zh,
        anonymize: None,
    };
    let e = rotaplan::explain::explain(&loaded, checked.path(), "P_T1", &opts).unwrap();
    let text = rotaplan::explain::render_text(&e, opts.lang, &loaded.scenario);
    assert!(text.contains("→ W1"), "{text}");
    assert!(text.contains("以强带弱"), "{text}");
    assert!(text.contains("结论：干部交流任职: T1 → W1"), "{text}");

    let next = rotaplan::advance::advance(&loaded, checked.path()).unwrap();
    let at = |id: &str| {
        let t = next.county.teachers.iter().find(|t| t.id == id).unwrap();
        (t.school_id.clone(), t.post_since.map(|d| d.to_string()))
    };
    let start = Some("2026-09-01".to_string());
    assert_eq!(at("P_T1"), ("W1".to_string(), start.clone()));
    assert_eq!(at("P_W"), ("T1".to_string(), start));
    assert_eq!(at("P_U1").0, "U1");
    assert!(next
        .changes
        .iter()
        .any(|c| c.teacher_id == "P_W" && c.kind == rotaplan::advance::ChangeKind::LeaderMoved));
}
