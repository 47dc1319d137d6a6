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

features!(
    tenure,
    strong_to_weak,
    no_principal,
    due_no_post,
    min_years_above_due,
    on_term,
);

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

/// Rewrites leaders.csv's to_school_id of these leaders.
fn edit_leaders(dir: &std::path::Path, to: &[(&str, &str)]) {
    let path = dir.join("leaders.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        if i > 0 {
            if let Some((_, school)) = to.iter().find(|(id, _)| cells[0] == *id) {
                cells[9] = school.to_string();
            }
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    std::fs::write(&path, out).unwrap();
}

/// `rotaplan render` after leaders.csv was edited by hand: a due leader the office keeps home
/// is said to be kept (not "no post"), whom each remaining move replaces is kept, and a row
/// that cannot be used (an unknown school) stops render instead of being dropped.
#[test]
fn render_of_an_edited_leaders_csv() {
    let dir = root().join("tests/features_leaders/tenure");
    let loaded = load(dir.join("scenario.toml"));
    let checked = solve_checked_with(&loaded, &Solve::new("tenure").time_limit(60.0));
    let opts = rotaplan::pipeline::RunOptions::default();
    let out = tempfile::tempdir().unwrap();

    edit_leaders(checked.path(), &[("P_U1", ""), ("P_U2", "")]);
    rotaplan::pipeline::render::render_dir(&loaded, checked.path(), out.path(), &opts).unwrap();
    let text = std::fs::read_to_string(out.path().join("leaders.csv")).unwrap();
    let row = text.lines().find(|l| l.starts_with("P_U1,")).unwrap();
    assert!(
        row.contains("due:kept") && row.contains("人工调整"),
        "{row}"
    );

    let checked = solve_checked_with(&loaded, &Solve::new("tenure").time_limit(60.0));
    edit_leaders(checked.path(), &[("P_U1", "U9")]);
    let err = rotaplan::pipeline::render::render_dir(&loaded, checked.path(), out.path(), &opts)
        .expect_err("an unknown school");
    assert!(err.to_string().contains("leaders.csv"), "{err}");

    let checked = solve_checked_with(&loaded, &Solve::new("tenure").time_limit(60.0));
    rotaplan::pipeline::render::render_dir(&loaded, checked.path(), out.path(), &opts).unwrap();
    let text = std::fs::read_to_string(out.path().join("leaders.csv")).unwrap();
    let row = text.lines().find(|l| l.starts_with("P_U1,")).unwrap();
    assert!(
        row.contains(",U2,") && row.contains(",P_U2,"),
        "replaces kept: {row}"
    );
}

/// A leaders.csv saved with Windows line ends (CRLF, as Excel writes it): check names the
/// physical line of a bad row, as an editor shows it.
#[test]
fn check_names_the_physical_line_of_a_crlf_file() {
    let dir = root().join("tests/features_leaders/tenure");
    let loaded = load(dir.join("scenario.toml"));
    let checked = solve_checked_with(&loaded, &Solve::new("tenure").time_limit(60.0));
    let path = checked.path().join("leaders.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let bad = lines[3].split_once(',').unwrap().1.to_string();
    lines[3] = format!("NOBODY,{bad}");
    std::fs::write(&path, lines.join("\r\n") + "\r\n").unwrap();
    let report = rotaplan::check::check_plan(&loaded, checked.path());
    let v = (report.violations.iter())
        .find(|v| v.code == "C-LEADER-MOVE")
        .expect("the unknown leader");
    assert_eq!(v.rows[0].line, Some(4), "{}", report.render_text());
    assert_eq!(
        v.rule_in(rotaplan::output::Lang::Zh),
        "干部 NOBODY 不在花名册中"
    );
}

/// `inspect` counts the leaders and those due (tests/features_leaders/tenure: four principals,
/// P_U1 due; P_W1 is in post long enough but deferred).
#[test]
fn inspect_counts_leaders_and_those_due() {
    let loaded = load(root().join("tests/features_leaders/tenure/scenario.toml"));
    let o = rotaplan::inspect::overview(&loaded.scenario, &loaded.county);
    assert_eq!((o.leaders, o.leaders_due), (4, 1));
}

/// `plan --from` keeps the previous plan's leader moves where they can still be made: here a
/// previous plan that sent U1's principal to the weak W1 (edited by hand; T1's, the strongest,
/// is the fresh optimum) is kept as it was.
#[test]
fn a_re_plan_keeps_the_previous_leader_moves() {
    let dir = root().join("tests/features_leaders/strong_to_weak");
    let loaded = load(dir.join("scenario.toml"));
    let checked = solve_checked_with(&loaded, &Solve::new("strong_to_weak").time_limit(60.0));
    edit_leaders(
        checked.path(),
        &[("P_T1", ""), ("P_U1", "W1"), ("P_W", "U1")],
    );
    let out = tempfile::tempdir().unwrap();
    let opts = rotaplan::pipeline::RunOptions::default();
    let r = crate::support::solve::replan_checked(
        &loaded,
        checked.path(),
        out.path(),
        &opts,
        "strong_to_weak re-plan",
    );
    let county = &loaded.county;
    let moves: Vec<String> = (r.done.plan.leaders.moves.iter())
        .map(|m| {
            format!(
                "{}>{}",
                county.teachers[m.teacher].id, county.schools[m.to].id
            )
        })
        .collect();
    assert_eq!(moves, ["P_U1>W1", "P_W>U1"]);
}
