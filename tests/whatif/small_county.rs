//! What-if on a small county (tests/whatif_fixture): variants and patches, locks and their
//! diagnostics, `plan --batch`, `compare`, `sweep`, re-planning with `--from`, and the checker's
//! lock and budget rules. Every plan is checked by the independent checker; outputs are decoded
//! into types defined here.

use crate::support::{batch_checked, replan_checked, solve_into, sweep_checked};
use rotaplan::input::{load_with, LoadOptions, Loaded};
use rotaplan::whatif::{self, RunOptions};
use serde::Deserialize;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/whatif_fixture")
}

fn locks() -> LoadOptions {
    LoadOptions {
        locks: vec![fixture().join("locks.csv")],
        overrides: vec![],
    }
}

fn load(variant: &str, opts: &LoadOptions) -> Loaded {
    load_with(&fixture().join(variant), opts).unwrap_or_else(|d| panic!("{variant}: {d:#?}"))
}

fn opts() -> RunOptions {
    RunOptions {
        time_limit: Some(60.0),
        reproducible: true,
        ..Default::default()
    }
}

fn codes(diags: &[rotaplan::diag::Diagnostic]) -> Vec<&str> {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect()
}

/// Writes a variant next to the fixture's base (in a temp folder) and loads it.
fn load_text(text: &str) -> Result<Loaded, Vec<rotaplan::diag::Diagnostic>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("variant.toml");
    let text = text.replace("BASE", &fixture().join("scenario.toml").to_string_lossy());
    std::fs::write(&path, text).unwrap();
    load_with(&path, &LoadOptions::default())
}

#[test]
fn variants_override_policy_and_patch_rows_without_copying_files() {
    let base = load("scenario.toml", &LoadOptions::default());
    let share = load("variants/share.toml", &LoadOptions::default());
    assert_eq!(share.scenario.policy.rotation_share, 0.5);
    assert_eq!(share.scenario.name, "share");
    assert_eq!(share.county, base.county, "only the policy changes");
    assert_eq!(share.scenario.subjects, base.scenario.subjects, "inherited");

    let more = load("variants/more-hires.toml", &LoadOptions::default());
    assert_eq!(more.county.hires.len(), 1);
    assert_eq!(
        (
            more.county.hires[0].subject.as_str(),
            more.county.hires[0].count
        ),
        ("pe", 2)
    );

    let exempt = load("variants/exempt.toml", &LoadOptions::default());
    assert_eq!(
        exempt.scenario.policy.exempt_schools,
        vec!["U2".to_string()]
    );

    let closed = load("variants/closed.toml", &LoadOptions::default());
    let school = |l: &Loaded, id: &str| l.county.school(id).unwrap().clone();
    assert_eq!(school(&closed, "P1").classes, 0);
    assert_eq!(school(&closed, "R2").classes, 10, "5 + the 5 of P1");
    assert_eq!(school(&closed, "R2").students, 300);
    assert_eq!(closed.commitments.closed, vec!["P1".to_string()]);

    let budget = load("variants/budget.toml", &LoadOptions::default());
    let b = budget.problem.commitments.budget.unwrap();
    assert_eq!(
        (b.total, b.subjects),
        (3, vec!["music".into(), "pe".into()])
    );
}

#[test]
fn a_bad_variant_lists_every_problem_with_its_line() {
    let text = "extends = \"BASE\"\nname = \"bad\"\n\n[hires]\ntotal = -1\n\n\
[[patch]]\nop = \"exempt_shool\"\n\n[[patch]]\nop = \"exempt_school\"\nschool = \"X9\"\n\n\
[[patch]]\nop = \"add_hires\"\nsubject = \"dance\"\ncount = 2\n\n[[patch]]\nop = \"defer_teacher\"\nteacher = \"A\"\nreason = \"holiday\"\n";
    let diags = load_text(text).unwrap_err();
    let mut found = codes(&diags);
    found.sort();
    assert_eq!(
        found,
        vec![
            "E-HIRES-BUDGET",
            "E-PATCH-OP",
            "E-PATCH-REF",
            "E-PATCH-VALUE",
            "E-PATCH-VALUE"
        ],
        "{diags:#?}"
    );
    let line_of = |code: &str| diags.iter().find(|d| d.code == code).and_then(|d| d.line);
    assert_eq!(line_of("E-PATCH-OP"), Some(7));
    assert_eq!(line_of("E-PATCH-REF"), Some(10));
    assert!(diags
        .iter()
        .filter(|d| d.is_error())
        .all(|d| d.file.as_deref() == Some("variant.toml") && !d.action.is_empty()));

    let missing = load_text("extends = \"no/such.toml\"\nname = \"x\"\n").unwrap_err();
    assert_eq!(codes(&missing), vec!["E-VARIANT-EXTENDS"]);
    let typo = load_text("extends = \"BASE\"\n[policy]\nrotation_shar = 0.2\n").unwrap_err();
    assert_eq!(codes(&typo), vec!["E-TOML-UNKNOWN-KEY"]);
    assert_eq!(typo[0].line, Some(3));
}

#[test]
fn locks_that_break_a_hard_rule_are_reported_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let locks = dir.path().join("locks.csv");
    // line 2: R is at a rural school (not sending); 3: U2 does not receive; 4: no such teacher;
    // 5: G teaches pe, not music; 6 and 7: two music teachers for R2's one music post.
    std::fs::write(
        &locks,
        "kind,teacher_id,school_id,subject\ngoes_to,R,R2,\ngoes_to,E,U2,\ngoes_to,ZZ,R1,\n\
goes_to,G,R1,music\ngoes_to,A,R2,\ngoes_to,D,R2,\nfly,A,,\n",
    )
    .unwrap();
    let opts = LoadOptions {
        locks: vec![locks],
        overrides: vec![],
    };
    let diags = load_with(&fixture().join("scenario.toml"), &opts).unwrap_err();
    let at: Vec<(Option<usize>, &str)> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.line, d.code))
        .collect();
    for expected in [
        (Some(2), "E-LOCK-RULE"),
        (Some(3), "E-LOCK-RULE"),
        (Some(4), "E-LOCK-REF"),
        (Some(5), "E-LOCK-RULE"),
        (Some(6), "E-LOCK-RULE"),
        (Some(8), "E-LOCK-KIND"),
    ] {
        assert!(at.contains(&expected), "{expected:?} not in {at:?}");
    }
    // every lock error names the column of the field to change
    for d in diags.iter().filter(|d| d.is_error()) {
        assert!(
            d.column.is_some(),
            "{} at line {:?} has no column",
            d.code,
            d.line
        );
    }
}

#[derive(Debug, Deserialize)]
struct SummaryRow {
    name: String,
    outcome: String,
    exit_code: u8,
    rotated: usize,
    hires: u32,
    budget_mix: String,
    weighted_gap_after: f64,
}

fn read_csv<T: for<'de> Deserialize<'de>>(path: &Path) -> Vec<T> {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "BOM");
    csv::Reader::from_reader(&bytes[3..])
        .deserialize()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn batch_plans_every_variant_keeps_the_locks_and_passes_check() {
    let out = tempfile::tempdir().unwrap();
    let (rows, worst, reports) =
        batch_checked(&fixture().join("variants"), out.path(), &opts(), &locks());
    assert_eq!(worst, whatif::Outcome::Ok, "{rows:#?}");
    let decoded: Vec<SummaryRow> = read_csv(&out.path().join("batch-summary.csv"));
    let names: Vec<&str> = decoded.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["budget", "closed", "exempt", "more-hires", "share"]);
    let json: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(out.path().join("batch-summary.json")).unwrap())
            .unwrap();
    assert_eq!(json.len(), 5);
    for r in &decoded {
        assert_eq!((r.outcome.as_str(), r.exit_code), ("ok", 0), "{r:?}");
        let folder = out.path().join(&r.name);
        let report = &reports[&r.name];
        assert!(report.is_ok(), "{}: {}", r.name, report.render_text());
        let plan = std::fs::read_to_string(folder.join("plan.csv")).unwrap();
        assert!(
            plan.contains("\nA,A,music,U1,R2,"),
            "{}: lock A → R2 kept\n{plan}",
            r.name
        );
        assert!(!plan.contains("\nB,"), "{}: B stays", r.name);
        assert!(!plan.contains(",P1,20"), "{}: P1 receives nobody", r.name);
    }
    let budget = decoded.iter().find(|r| r.name == "budget").unwrap();
    assert_eq!(budget.hires, 3);
    let mix: u32 = budget
        .budget_mix
        .split(';')
        .map(|p| p.split(':').nth(1).unwrap().parse::<u32>().unwrap())
        .sum();
    assert_eq!(mix, 3, "{}", budget.budget_mix);
    let share = decoded.iter().find(|r| r.name == "share").unwrap();
    assert!(share.rotated >= 5, "half of 9 eligible");
    let _ = share.weighted_gap_after;
}

#[test]
fn a_failing_scenario_does_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let base = fixture().join("scenario.toml");
    std::fs::write(
        dir.path().join("good.toml"),
        format!("extends = {:?}\nname = \"good\"\n", base.to_string_lossy()),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        format!(
            "extends = {:?}\nname = \"bad\"\n[policy]\nrotation_share = 7.0\n",
            base.to_string_lossy()
        ),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let (_, worst, _) = batch_checked(dir.path(), out.path(), &opts(), &LoadOptions::default());
    assert_eq!(worst, whatif::Outcome::BadInput);
    let rows: Vec<SummaryRow> = read_csv(&out.path().join("batch-summary.csv"));
    assert_eq!(rows[0].name, "bad");
    assert_eq!(
        (rows[0].outcome.as_str(), rows[0].exit_code),
        ("bad_input", 2)
    );
    assert_eq!((rows[1].outcome.as_str(), rows[1].exit_code), ("ok", 0));
    assert!(
        !out.path().join("bad").exists(),
        "no partial output for bad input"
    );
    assert!(out.path().join("good/plan.csv").is_file());
}

#[derive(Debug, Deserialize)]
struct CompareJson {
    plans: Vec<String>,
    figures: Vec<JsonLine>,
    gaps_by_area: Vec<JsonLine>,
    teachers: Vec<JsonTeacher>,
    schools: Vec<serde_json::Value>,
}
#[derive(Debug, Deserialize)]
struct JsonLine {
    key: String,
    values: Vec<f64>,
    diffs: Vec<f64>,
}
#[derive(Debug, Deserialize)]
struct JsonTeacher {
    teacher_id: String,
    assignments: Vec<String>,
}

fn plan_into(variant: &str, opts_load: &LoadOptions, out: &Path) -> whatif::Done {
    let loaded = load(variant, opts_load);
    let done = solve_into(&loaded, out, &opts(), variant);
    assert!(done.check_ok(), "{variant}: {}", done.check_text());
    done
}

#[test]
fn compare_shows_figures_gaps_teachers_and_schools_side_by_side() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("base"), root.path().join("hires"));
    plan_into("scenario.toml", &LoadOptions::default(), &a);
    plan_into("variants/more-hires.toml", &LoadOptions::default(), &b);
    let c = whatif::compare::compare(&[&a, &b]).unwrap();

    let json: CompareJson = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
    assert_eq!(json.plans, ["base", "hires"]);
    let hires = json.figures.iter().find(|l| l.key == "hires").unwrap();
    assert_eq!(
        (hires.values.clone(), hires.diffs.clone()),
        (vec![0.0, 2.0], vec![2.0])
    );
    let gap = json.figures.iter().find(|l| l.key == "gap_after").unwrap();
    assert!(gap.diffs[0] < 0.0, "more hires, smaller gap");
    for (i, total) in gap.values.iter().enumerate() {
        let by_area: f64 = json.gaps_by_area.iter().map(|l| l.values[i]).sum();
        assert!((by_area - total).abs() < 1e-3, "areas add up to the gap");
    }
    for t in &json.teachers {
        assert_ne!(t.assignments[0], t.assignments[1], "{}", t.teacher_id);
    }
    assert!(!json.schools.is_empty());

    let bytes = c.to_csv();
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        ["section", "key", "base", "hires", "hires-base"]
    );
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    let find = |s: &str, k: &str| rows.iter().find(|r| r[0] == s && r[1] == k).cloned();
    assert_eq!(find("figure", "hires").unwrap()[2..], ["0", "2", "2"]);
    assert!(find("gap_by_subject", "pe").is_some());
    assert!(find("gap_by_area", "teaching_point").is_some());
    assert!(c.render_text().contains("Schools that gain or lose"));
}

#[test]
fn compare_reads_the_travel_of_a_plain_plan_folder_from_its_summary() {
    // A plain `rotaplan plan` folder has no whatif.json: its travel is the travel stage's
    // objective in summary.json, not 0.
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("plain"), root.path().join("recorded"));
    plan_into("scenario.toml", &LoadOptions::default(), &a);
    plan_into("scenario.toml", &LoadOptions::default(), &b);
    std::fs::remove_file(a.join("whatif.json")).unwrap();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(a.join("summary.json")).unwrap()).unwrap();
    let travel = (summary["stages"].as_array().unwrap().iter())
        .find(|s| s["goal"] == "travel")
        .map(|s| s["objective"].as_f64().unwrap())
        .unwrap();
    assert!(travel > 0.0);
    let c = whatif::compare::compare(&[&a, &b]).unwrap();
    let json: CompareJson = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
    let line = json.figures.iter().find(|l| l.key == "travel").unwrap();
    assert_eq!(line.values, vec![travel, travel]);
}

#[derive(Debug, Deserialize)]
struct SweepRow {
    #[serde(rename = "hires.total")]
    total: f64,
    outcome: String,
    weighted_gap_after: f64,
    hires: u32,
    pays_off: bool,
}

#[test]
fn sweep_of_a_hiring_budget_writes_a_table_and_a_chart() {
    let out = tempfile::tempdir().unwrap();
    let set = whatif::sweep::parse_set("hires.total=0..4:2").unwrap();
    let (sweep, worst, reports) = sweep_checked(
        &fixture().join("variants/budget.toml"),
        &set,
        out.path(),
        &opts(),
        &locks(),
    );
    assert_eq!(worst, whatif::Outcome::Ok);
    let rows: Vec<SweepRow> = read_csv(&out.path().join("sweep.csv"));
    assert_eq!(
        rows.iter().map(|r| r.total).collect::<Vec<_>>(),
        [0.0, 2.0, 4.0]
    );
    assert_eq!(rows.iter().map(|r| r.hires).collect::<Vec<_>>(), [0, 2, 4]);
    assert!(rows.iter().all(|r| r.outcome == "ok"));
    assert!(rows[1].weighted_gap_after < rows[0].weighted_gap_after);
    assert!(rows[0].pays_off);
    let svg = std::fs::read_to_string(out.path().join("sweep.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("<polyline") && svg.ends_with("</svg>\n"));
    assert_eq!(reports.len(), sweep.points.len());
    for p in &sweep.points {
        let report = &reports[&p.folder];
        assert!(report.is_ok(), "{}: {}", p.folder, report.render_text());
    }
    assert_eq!(
        whatif::sweep::parse_set("policy.rotation_share=0.1..0.2:0.05")
            .unwrap()
            .values
            .len(),
        3
    );
    assert!(whatif::sweep::parse_set("hires.total=5..1:1").is_err());
}

#[test]
fn the_checker_finds_a_broken_lock_and_an_overspent_budget() {
    let out = tempfile::tempdir().unwrap();
    plan_into("variants/budget.toml", &locks(), out.path());
    let loaded = load("variants/budget.toml", &locks());
    let plan = std::fs::read_to_string(out.path().join("plan.csv")).unwrap();
    let broken: String = plan
        .lines()
        .filter(|l| !l.starts_with("A,"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(out.path().join("plan.csv"), broken).unwrap();
    let hires = std::fs::read_to_string(out.path().join("hires.csv")).unwrap();
    let mut lines: Vec<String> = hires.lines().map(String::from).collect();
    lines.push("R1,music,5,regular".into());
    std::fs::write(out.path().join("hires.csv"), lines.join("\n") + "\n").unwrap();
    let report = rotaplan::check::check_plan(&loaded, out.path());
    let codes: Vec<&str> = report.violations.iter().map(|v| v.code).collect();
    assert!(codes.contains(&"C-LOCK"), "{codes:?}");
    assert!(codes.contains(&"C-HIRE-COUNT"), "{codes:?}");
}

#[derive(Debug, Deserialize)]
struct ChangeRow {
    kind: String,
    id: String,
    change: String,
    reason_code: String,
    reason: String,
}

#[test]
fn replanning_after_a_withdrawal_changes_only_what_it_must() {
    let root = tempfile::tempdir().unwrap();
    let before = root.path().join("before");
    let first = plan_into("variants/share.toml", &LoadOptions::default(), &before);
    let rotated: Vec<String> = first
        .plan
        .assignments
        .iter()
        .map(|a| format!("{}", a.teacher))
        .collect();
    assert!(rotated.len() >= 5);
    // The first rotated teacher withdraws.
    let leaving = std::fs::read_to_string(before.join("plan.csv")).unwrap();
    let leaving = leaving
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let variant = dir.path().join("withdraw.toml");
    std::fs::write(
        &variant,
        format!(
            "extends = {:?}\nname = \"withdrawal\"\n\n[[patch]]\nop = \"defer_teacher\"\nteacher = \"{leaving}\"\n",
            fixture().join("variants/share.toml").to_string_lossy()
        ),
    )
    .unwrap();
    let loaded = load_with(&variant, &LoadOptions::default()).unwrap();
    let after = root.path().join("after");
    let r = replan_checked(&loaded, &before, &after, &opts(), "replan");
    assert!(r.done.check_ok(), "{}", r.done.check_text());
    let changes: Vec<ChangeRow> = read_csv(&after.join("changes.csv"));
    let removed: Vec<&str> = changes
        .iter()
        .filter(|c| c.change == "removed")
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(removed, [leaving.as_str()]);
    assert!(changes.iter().all(|c| c.change != "moved"), "{changes:?}");
    assert!(changes.iter().filter(|c| c.change == "added").count() <= 1);
    assert!(changes.iter().all(|c| c.kind == "teacher"));
    assert!(changes
        .iter()
        .find(|c| c.change == "removed")
        .unwrap()
        .reason
        .contains("撤回"));
    assert!(changes
        .iter()
        .any(|c| c.change == "removed" && c.reason_code == "deferred"));
    assert_eq!(r.kept, r.previous - 1);
}

#[test]
fn replanning_after_locks_are_added_names_the_lock_behind_each_change() {
    let root = tempfile::tempdir().unwrap();
    let before = root.path().join("before");
    plan_into("variants/share.toml", &LoadOptions::default(), &before);
    let loaded = load("variants/share.toml", &locks());
    let after = root.path().join("after");
    let r = replan_checked(&loaded, &before, &after, &opts(), "replan");
    assert!(r.done.check_ok(), "{}", r.done.check_text());
    let plan = std::fs::read_to_string(after.join("plan.csv")).unwrap();
    assert!(plan.contains("\nA,A,music,U1,R2,"), "{plan}");
    assert!(!plan.contains("\nB,") && !plan.contains(",P1,20"));
    let changes: Vec<ChangeRow> = read_csv(&after.join("changes.csv"));
    for c in changes.iter().filter(|c| c.change != "added") {
        assert!(
            [
                "lock_elsewhere",
                "locked_to_stay",
                "receives_nobody",
                "no_post_left",
                "no_bed_left",
                "sends_maximum"
            ]
            .contains(&c.reason_code.as_str())
                && (c.reason.contains("锁定") || c.reason.contains("不再接收")),
            "{c:?}"
        );
    }
    let previous = std::fs::read_to_string(before.join("plan.csv")).unwrap();
    for line in previous.lines().skip(1) {
        let id = line.split(',').next().unwrap();
        let to = line.split(',').nth(4).unwrap();
        let unchanged = plan
            .lines()
            .any(|l| l.starts_with(&format!("{id},")) && l.split(',').nth(4) == Some(to));
        let explained = changes.iter().any(|c| c.id == id);
        assert!(
            unchanged || explained,
            "{id} changed without a changes.csv row"
        );
    }
}
