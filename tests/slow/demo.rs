//! The bundled demo county: planned to proven optimality, checked, and identical whether read
//! from the English CSV files or from the Chinese GBK/XLSX export of the same county.

use crate::support::{load, solve_checked_with, Solve};
use rotaplan::output::{render_with, RenderOptions, DATA_FILES};
use rotaplan::plan::SolveStatus;

fn planned(scenario: &str) -> (rotaplan::output::figures::Summary, Vec<(String, Vec<u8>)>) {
    let loaded = load(scenario);
    let checked = solve_checked_with(
        &loaded,
        &Solve::new(scenario).render(RenderOptions {
            reproducible: true,
            ..Default::default()
        }),
    );
    let p = &checked.plan;
    // Every goal is proven optimal within the scenario's relative MIP gap (0.01%) of a bound
    // computed over the full model; the optima themselves are the exact per-teacher model's
    // (tests/slow/reference.rs, `demo_optima_by_the_per_teacher_reference`, ignored by default:
    // 39 s in a release build).
    let tol = loaded.scenario.solver.mip_rel_gap;
    for stage in &p.stages {
        assert!(
            stage.status == SolveStatus::Optimal && stage.mip_gap <= tol,
            "{scenario}: {:?}",
            p.stages
        );
    }
    let objective = |goal: &str| {
        p.stages
            .iter()
            .find(|s| s.goal.key() == goal)
            .map(|s| s.objective)
            .unwrap()
    };
    for (goal, optimum) in [
        ("must_serve", 0.0),
        ("gap", 206.877876),
        ("shares", 0.0),
        ("travel", 5090.392963),
    ] {
        let found = objective(goal);
        assert!(
            found >= optimum - 1e-6 && found <= optimum + tol * optimum + 1e-6,
            "{scenario}: {goal} {found} against the proven optimum {optimum}"
        );
    }
    let (summary, files) = (checked.summary.clone(), checked.files.clone());
    let report = &checked.report;
    assert!(report.is_ok(), "{scenario}: {}", report.render_text());
    // `plan --check` checks the files as rendered, beside the workbook: the same report.
    let (_, alongside, in_memory) = render_with(
        &loaded,
        p,
        &RenderOptions {
            reproducible: true,
            ..Default::default()
        },
        |data| {
            assert_eq!(data.len(), DATA_FILES + 1, "the data files and leaders.csv");
            rotaplan::check::check_rendered(&loaded, data)
        },
    );
    assert_eq!(alongside, files);
    assert_eq!(in_memory.render_text(), report.render_text());
    // ... and the same faults: a plan row given twice, a file left out.
    let mut faulty = files.clone();
    let twice = {
        let text = String::from_utf8(faulty[0].1.clone()).unwrap();
        let first_row = text.lines().nth(1).unwrap().to_string();
        format!("{text}{first_row}\n")
    };
    faulty[0].1 = twice.into_bytes();
    faulty.retain(|(name, _)| name != "unplaced.csv");
    let dir = tempfile::tempdir().unwrap();
    rotaplan::output::atomic::write_files(dir.path(), &faulty).unwrap();
    let on_disk = rotaplan::check::check_plan(&loaded, dir.path());
    let rendered = rotaplan::check::check_rendered(&loaded, &faulty);
    assert!(
        on_disk.codes().contains(&"C-TEACHER-TWICE"),
        "{:?}",
        on_disk.codes()
    );
    assert!(on_disk.codes().contains(&"C-FILE"), "{:?}", on_disk.codes());
    assert_eq!(rendered.codes(), on_disk.codes());
    (summary, files)
}

#[test]
fn demo_is_planned_optimally_and_identically_from_both_flavours() {
    let (s, en) = planned("scenarios/demo-county/scenario.toml");
    assert!(s.violations.is_empty(), "{:?}", s.violations);
    assert_eq!(s.must_serve_placed, s.must_serve);
    assert!(s.must_serve > 0);
    assert!(s.rotation_share >= 0.10 && s.backbone_share >= 0.20);
    assert!(
        s.weighted_gap_after < 0.5 * s.weighted_gap_before,
        "{} -> {}",
        s.weighted_gap_before,
        s.weighted_gap_after
    );
    // 80 hires offered: placed only into vacant posts where they close a gap, the rest unspent
    assert!(s.hires > 0 && s.hires <= 80, "{}", s.hires);

    let (_, zh) = planned("scenarios/demo-county-zh/scenario.toml");
    for ((name_en, bytes_en), (name_zh, bytes_zh)) in en.iter().zip(&zh) {
        assert_eq!(name_en, name_zh);
        assert!(
            bytes_en == bytes_zh,
            "{name_en} differs between the English and Chinese demo"
        );
    }
}

/// Leader rotation on the demo (docs/leaders.md): every due leader moves, every weak school's
/// due leaders are replaced from stronger schools, and `check` accepts the plan; keeping one
/// moved principal at home by hand leaves a school without a principal (and another with
/// two), which `check` refuses.
#[test]
fn demo_leaders_are_all_moved_and_a_school_left_without_a_principal_is_caught() {
    let loaded = load("scenarios/demo-county/scenario.toml");
    let checked = solve_checked_with(&loaded, &Solve::new("demo leaders"));
    let f = checked.summary.leaders.expect("the demo has leaders");
    assert!(f.due > 20, "{f:?}");
    assert_eq!(
        (f.moved >= f.due, f.due_staying, f.weak_unserved),
        (true, 0, 0),
        "{f:?}"
    );
    assert!(checked.report.is_ok(), "{}", checked.report.render_text());
    let county = &loaded.county;
    let weak_due = (checked.plan.leaders.moves.iter())
        .filter(|m| county.schools[m.to].weak)
        .count();
    assert!(weak_due > 0, "some leader goes to a weak school");

    let path = checked.path().join("leaders.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut edited = String::new();
    let mut done = false;
    for line in text.lines() {
        let mut cells: Vec<&str> = line.split(',').collect();
        if !done && cells[2] == "principal" && !cells[9].is_empty() {
            cells[9] = "";
            cells[10] = "";
            done = true;
        }
        edited.push_str(&cells.join(","));
        edited.push('\n');
    }
    assert!(done, "a principal moves");
    std::fs::write(&path, edited).unwrap();
    let report = rotaplan::check::check_plan(&loaded, checked.path());
    let codes: Vec<&str> = report.violations.iter().map(|v| v.code).collect();
    assert!(
        codes.contains(&"C-LEADER-PRINCIPAL"),
        "{}",
        report.render_text()
    );
    assert!(!report.is_ok());
}
