//! Feature tests: one folder per rule under tests/features/, each a tiny scenario whose optimal
//! plan is known by hand (the scenario's first comment says why) and written in expected.toml.
//! Every plan is written to disk and checked by the independent checker.

use crate::support::{feature_dir, solve_feature};
use rotaplan::plan::{MoveKind, SolveStatus};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// "TEACHER>SCHOOL:SUBJECT", sorted by teacher.
    plan: Vec<String>,
    /// "SCHOOL:SUBJECT:PROGRAMME:COUNT"
    #[serde(default)]
    hires: Vec<String>,
    #[serde(default)]
    unplaced: Vec<String>,
    /// Codes of the goals the plan cannot meet.
    #[serde(default)]
    violations: Vec<String>,
    /// Itinerant teaching, "TEACHER@BASE>SCHOOL:SUBJECT:FTE", as itinerant.csv orders it.
    #[serde(default)]
    itinerant: Vec<String>,
    /// "SCHOOL:SUBJECT:FTE" of every need left uncovered after the plan (as the checker
    /// recomputes it from coverage.csv and itinerant.csv); not compared when absent.
    #[serde(default)]
    uncovered: Option<Vec<String>>,
    /// Hires left unplaced; not compared when absent.
    #[serde(default)]
    unspent: Option<u32>,
}

fn run(name: &str) {
    let expected: Expected =
        toml::from_str(&std::fs::read_to_string(feature_dir(name).join("expected.toml")).unwrap())
            .unwrap();
    let (loaded, checked) = solve_feature(name);
    let p = &checked.plan;
    assert_eq!(p.status, SolveStatus::Optimal, "{name}");
    let county = &loaded.county;
    let got: Vec<String> = p
        .assignments
        .iter()
        .map(|a| {
            let kind = match a.kind {
                MoveKind::Rotation => "",
                MoveKind::Exchange => ":exchange",
            };
            format!(
                "{}>{}:{}{kind}",
                county.teachers[a.teacher].id, county.schools[a.to].id, a.subject
            )
        })
        .collect();
    assert_eq!(got, expected.plan, "{name}: plan");
    let itinerant: Vec<String> = p
        .itinerant
        .iter()
        .map(|r| {
            format!(
                "{}@{}>{}:{}:{:.4}",
                county.teachers[r.teacher].id,
                county.schools[r.base].id,
                county.schools[r.school].id,
                r.subject,
                r.fte
            )
        })
        .collect();
    assert_eq!(itinerant, expected.itinerant, "{name}: itinerant");
    if let Some(unspent) = expected.unspent {
        assert_eq!(p.hires_unspent, unspent, "{name}: unspent hires");
    }
    if let Some(want) = &expected.uncovered {
        let got: Vec<String> = checked
            .report
            .gaps
            .iter()
            .filter(|g| g.gap_after > 1e-9)
            .map(|g| format!("{}:{}:{:.4}", g.school_id, g.subject, g.gap_after))
            .collect();
        assert_eq!(&got, want, "{name}: uncovered after the plan");
    }
    let hires: Vec<String> = p
        .hires
        .iter()
        .map(|h| {
            format!(
                "{}:{}:{}:{}",
                county.schools[h.school].id,
                h.subject,
                h.programme.key(),
                h.count
            )
        })
        .collect();
    assert_eq!(hires, expected.hires, "{name}: hires");
    let mut unplaced: Vec<String> = p
        .unplaced
        .iter()
        .map(|u| county.teachers[u.teacher].id.clone())
        .collect();
    unplaced.sort();
    assert_eq!(unplaced, expected.unplaced, "{name}: unplaced");
    let codes: Vec<&str> = p.violations.iter().map(|v| v.code).collect();
    assert_eq!(codes, expected.violations, "{name}: violations");

    let report = &checked.report;
    let mut found: Vec<&str> = report.violations.iter().map(|v| v.code).collect();
    found.sort();
    found.dedup();
    let mut want: Vec<&str> = expected.violations.iter().map(|s| s.as_str()).collect();
    want.sort();
    assert_eq!(found, want, "{name}: check found {}", report.render_text());
    assert!(
        report.mismatches.is_empty(),
        "{name}: {}",
        report.render_text()
    );
}

macro_rules! features {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { run(stringify!($name)); })*
        #[test]
        fn every_feature_folder_has_a_test() {
            let listed = [$(stringify!($name)),*];
            let dir = crate::support::root().join("tests/features");
            for entry in std::fs::read_dir(dir).unwrap() {
                let name = entry.unwrap().file_name().into_string().unwrap();
                assert!(listed.contains(&name.as_str()), "tests/features/{name} has no test");
            }
        }
    };
}

features!(
    must_serve,
    gap_weights,
    housing,
    release_cap,
    deferred,
    extra_subject,
    shares,
    hires,
    infeasible_must_serve,
    paired,
    exempt,
    due_first,
    rotation_share_unmet,
    housing_blocks_must_serve,
    establishment,
    coverage,
    general_subjects,
    itinerant,
    exchange,
    exchange_keeps_classes,
    hires_within_posts,
    rest_after_term,
    itinerant_redundant,
    multigrade,
    pupil_floor,
    backfill,
);

#[test]
fn without_backfill_the_sending_school_would_lose_its_music_and_the_banner_says_so() {
    // (tests/features/backfill/scenario.toml) with the music hire, U1 keeps its music and no
    // area's gap grows; without it, M1 still rotates (R1 weighs 1.5 against U1's 1), U1 lacks
    // 1 FTE of music and the plan's banner names the growth.
    let (_, with) = solve_feature("backfill");
    assert!(
        with.summary.areas_grown().is_empty(),
        "{:?}",
        with.summary.areas_grown()
    );
    assert!(
        with.summary.left_untaught.is_empty(),
        "{:?}",
        with.summary.left_untaught
    );
    let text =
        std::fs::read_to_string(crate::support::feature_dir("backfill").join("scenario.toml"))
            .unwrap()
            .replace("hires = \"hires.csv\"\n", "");
    let dir = tempfile::tempdir().unwrap();
    for f in ["schools.csv", "teachers.csv"] {
        std::fs::copy(
            crate::support::feature_dir("backfill").join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("scenario.toml"), text).unwrap();
    let loaded = crate::support::load(dir.path().join("scenario.toml"));
    let without = crate::support::solve_checked(&loaded, "backfill without hires");
    assert_eq!(without.plan.assignments.len(), 1);
    let grown = without.summary.areas_grown();
    assert_eq!(grown.len(), 1, "{grown:?}");
    let (area, before, after) = grown[0];
    assert_eq!((area.key(), before, after), ("urban", 0.0, 1.0));
    let said: Vec<String> = without
        .summary
        .side_effects()
        .into_iter()
        .map(|(_, zh)| zh)
        .collect();
    assert!(
        said.contains(&"缺口增加的区域（教师派出所致）：城区 0.0 → 1.0（增加 1.0）".to_string()),
        "{said:?}"
    );
    // U1 taught music before (M1) and nobody does after: named, with the catalogue's name
    let untaught: Vec<(&str, &str, f64)> = (without.summary.left_untaught.iter())
        .map(|u| (u.school_id.as_str(), u.subject.as_str(), u.need_fte))
        .collect();
    assert_eq!(untaught, [("U1", "music", 1.0)]);
    assert!(
        said.contains(&"方案后无人任教的学科（方案前有人任教）：U1 音乐 1.00".to_string()),
        "{said:?}"
    );
}

#[test]
fn multigrade_staffing_rows_show_teaching_groups_and_the_pupil_floor() {
    // (tests/features/multigrade/scenario.toml): P1 combines its 3 classes into 1 teaching
    // group, establishment 2, 2 teachers after the plan for 8 pupils: 4 each, below the floor
    // of 5; P2 keeps its 3 classes, establishment 6, 60 pupils for 4 teachers.
    let (_, checked) = solve_feature("multigrade");
    let text = std::fs::read_to_string(checked.dir.path().join("staffing.csv")).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let row = |id: &str| rows.iter().find(|r| r[0] == id).unwrap();
    let cells = |id: &str| {
        [
            "classes",
            "teaching_groups",
            "establishment",
            "headcount_after",
            "pupils_per_teacher_after",
            "below_pupil_floor",
        ]
        .map(|c| row(id)[col(c)])
    };
    assert_eq!(cells("P1"), ["3", "1", "2", "2", "4.00", "1"]);
    assert_eq!(cells("P2"), ["3", "3", "6", "4", "15.00", "0"]);
    let report = std::fs::read_to_string(checked.dir.path().join("report.md")).unwrap();
    assert!(report.contains("### 师多生少"), "{report}");
    assert!(
        report.contains("| P1 P1 | 教学点 | 8 | 3 | 1 | 2 | 1 | 1 | 2 | 4.00 |"),
        "{report}"
    );
}

/// staffing.csv's cell of a school and column.
fn staffing_cell(dir: &std::path::Path, school: &str, column: &str) -> String {
    let text = std::fs::read_to_string(dir.join("staffing.csv")).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == column).unwrap();
    let row: Vec<&str> = lines
        .map(|l| l.split(',').collect::<Vec<&str>>())
        .find(|r| r[0] == school)
        .unwrap();
    row[col].to_string()
}

#[test]
fn pupil_floor_caps_the_headcount_and_off_sends_the_teacher_to_the_nearer_point() {
    // (tests/features/pupil_floor/scenario.toml) With the floor as a rule, P1 (9 pupils) may
    // keep only its one teacher and P2 (10 pupils) may grow to 2.
    let (loaded, checked) = solve_feature("pupil_floor");
    let dir = checked.dir.path();
    assert_eq!(staffing_cell(dir, "P1", "headcount_cap"), "1");
    assert_eq!(staffing_cell(dir, "P2", "headcount_cap"), "2");
    assert_eq!(staffing_cell(dir, "P2", "below_pupil_floor"), "0");

    // Without the rule M goes to the nearer point, which is then flagged.
    let mut off = loaded.clone();
    off.scenario.establishment.floor_caps_arrivals = false;
    let free = crate::support::solve_checked(&off, "pupil floor off");
    let county = &off.county;
    let got: Vec<String> = (free.plan.assignments.iter())
        .map(|a| {
            format!(
                "{}>{}",
                county.teachers[a.teacher].id, county.schools[a.to].id
            )
        })
        .collect();
    assert_eq!(got, ["M>P1"]);
    assert_eq!(staffing_cell(free.dir.path(), "P1", "headcount_cap"), "2");
    assert_eq!(
        staffing_cell(free.dir.path(), "P1", "below_pupil_floor"),
        "1"
    );

    // That plan, checked with the rule on, breaks it at M's row of plan.csv (line 2), and
    // only that rule.
    let report = rotaplan::check::check_plan(&loaded, free.dir.path());
    assert!(
        crate::support::fixture::violation_at(&report, "C-PUPIL-FLOOR", "plan.csv", 2),
        "{}",
        report.render_text()
    );
    let codes: Vec<&str> = report.violations.iter().map(|v| v.code).collect();
    assert_eq!(codes, ["C-PUPIL-FLOOR"], "{}", report.render_text());
}

#[test]
fn unplaced_reason_names_the_housing_limit() {
    let (_, checked) = solve_feature("housing_blocks_must_serve");
    let p = &checked.plan;
    assert_eq!(p.unplaced.len(), 1);
    let reason = &p.unplaced[0].reason;
    assert!(reason.contains("1 open music posts"), "{reason}");
    assert!(reason.contains("(R1) have no free housing bed"), "{reason}");
}
