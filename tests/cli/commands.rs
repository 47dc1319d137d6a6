//! The command line as a user runs it: exit codes, what is printed, and files written. JSON
//! output is decoded into types defined here, so the format is tested apart from the code.

use crate::support::{check_folder, rotaplan, text};
use serde::Deserialize;
use std::path::Path;

const DEMO: &str = "scenarios/demo-county/scenario.toml";
const DEMO_ZH: &str = "scenarios/demo-county-zh/scenario.toml";

#[test]
fn validate_accepts_both_demo_flavours() {
    for scenario in [DEMO, DEMO_ZH] {
        let o = rotaplan(&["validate", scenario]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let out = text(&o.stdout);
        assert!(out.contains("学校 60 所，教师 2000 人"), "{out}");
    }
}

#[test]
fn validate_lists_every_error_with_file_line_and_exit_2() {
    let o = rotaplan(&[
        "validate",
        "tests/fixtures/bad/multiple_errors/scenario.toml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    // Chinese by default: file, physical line, column number and Excel letter
    let errors: Vec<&str> = err.lines().filter(|l| l.contains("：错误[")).collect();
    assert_eq!(errors.len(), 5, "{err}");
    assert!(
        err.contains("teachers.csv 第3行 第5列(E)：错误[E-REF-SCHOOL] （school_id）“school_id”的值“S09”不在学校名单中"),
        "{err}"
    );
    assert!(err.contains("；改正："), "{err}");
    // and in English with --lang en
    let o = rotaplan(&[
        "validate",
        "tests/fixtures/bad/multiple_errors/scenario.toml",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": error[")).collect();
    assert_eq!(errors.len(), 5, "{err}");
    assert!(
        err.contains("teachers.csv:3:5: error[E-REF-SCHOOL]"),
        "{err}"
    );
    assert!(err.contains("fix: "), "{err}");

    let o = rotaplan(&[
        "validate",
        "--json",
        "tests/fixtures/bad/multiple_errors/scenario.toml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    #[derive(Deserialize)]
    struct Diag {
        severity: String,
        code: String,
        file: Option<String>,
        line: Option<usize>,
        action: String,
    }
    let diags: Vec<Diag> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(diags.iter().filter(|d| d.severity == "error").count(), 5);
    let d = diags.iter().find(|d| d.code == "E-REF-SCHOOL").unwrap();
    assert_eq!((d.file.as_deref(), d.line), (Some("teachers.csv"), Some(3)));
    assert!(!d.action.is_empty());
}

#[derive(Deserialize, Debug, PartialEq)]
struct AreaLine {
    area: String,
    schools: usize,
    teachers: usize,
    eligible: usize,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Overview {
    schools: usize,
    teachers: usize,
    eligible: usize,
    must_serve_total: usize,
    deferred_total: usize,
    areas: Vec<AreaLine>,
    gap_total: f64,
    weighted_gap_total: f64,
}

#[test]
fn inspect_gives_the_same_county_from_english_and_chinese_files() {
    let mut seen = Vec::new();
    for scenario in [DEMO, DEMO_ZH] {
        let o = rotaplan(&["inspect", "--json", scenario]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let v: Overview = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!((v.schools, v.teachers), (60, 2000));
        assert_eq!(v.areas.len(), 4);
        assert_eq!(v.areas.iter().map(|a| a.teachers).sum::<usize>(), 2000);
        // Only urban and town teachers may rotate.
        assert!(v
            .areas
            .iter()
            .filter(|a| a.area == "rural" || a.area == "teaching_point")
            .all(|a| a.eligible == 0));
        assert!(v.must_serve_total > 0 && v.deferred_total > 0);
        assert!(v.gap_total > 0.0 && v.weighted_gap_total >= v.gap_total);
        seen.push(v);
    }
    assert_eq!(seen[0].areas, seen[1].areas);
    assert_eq!(seen[0].eligible, seen[1].eligible);
    assert_eq!(seen[0].must_serve_total, seen[1].must_serve_total);
    assert!((seen[0].gap_total - seen[1].gap_total).abs() < 1e-6);

    let o = rotaplan(&["inspect", DEMO_ZH]);
    let out = text(&o.stdout);
    for line in [
        "Teachers by area 各区域教师",
        "must serve 必须交流",
        "deferred 暂缓交流",
        "Subjects 各学科编制",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
}

#[test]
fn help_explains_every_command_with_an_example() {
    // Chinese by default, flags and headings included; English with --lang en.
    for cmd in [
        "validate", "inspect", "plan", "generate", "explain", "check", "compare", "sweep",
        "advance", "ledger", "publish", "render", "serve",
    ] {
        let o = rotaplan(&[cmd, "--help"]);
        assert_eq!(o.status.code(), Some(0));
        let zh = text(&o.stdout);
        for s in [
            "示例：",
            "用法：",
            "选项：",
            "显示帮助",
            "消息、错误、帮助和文档的语言",
        ] {
            assert!(zh.contains(s), "{cmd} --help lacks {s:?}:\n{zh}");
        }
        for s in ["Usage:", "Options:", "Print help", "Example"] {
            assert!(!zh.contains(s), "{cmd} --help has {s:?}:\n{zh}");
        }
        let o = rotaplan(&[cmd, "--help", "--lang", "en"]);
        assert_eq!(o.status.code(), Some(0));
        let en = text(&o.stdout);
        for s in ["Example", "Usage:", "Options:", "Print help"] {
            assert!(en.contains(s), "{cmd} --help --lang en lacks {s:?}:\n{en}");
        }
    }
    let o = rotaplan(&["help", "plan"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).contains("锁定文件"), "{}", text(&o.stdout));
}

fn read_dir_sorted(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().into_string().unwrap(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn plan_twice_gives_byte_identical_files_and_check_passes() {
    // (seed 12: seed 11's county, with its small teaching points closed to a second resident
    // teacher by the pupil floor, has two places too few for the rotation share, and its
    // plan rightly says so and exits 1)
    let tmp = tempfile::tempdir().unwrap();
    let county = tmp.path().join("county");
    let gen = rotaplan(&[
        "generate",
        "--teachers",
        "400",
        "--schools",
        "20",
        "--seed",
        "12",
        "--out",
        county.to_str().unwrap(),
    ]);
    assert_eq!(gen.status.code(), Some(0), "{}", text(&gen.stderr));
    let scenario = county.join("scenario.toml");
    let inputs_before = read_dir_sorted(&county);
    let mut outputs = Vec::new();
    for run in ["a", "b"] {
        let out = tmp.path().join(run);
        let o = rotaplan(&[
            "plan",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--check",
            "--reproducible",
        ]);
        let stdout = text(&o.stdout);
        assert_eq!(o.status.code(), Some(0), "{stdout}{}", text(&o.stderr));
        assert!(stdout.contains("\n方案合规\n"), "{stdout}");
        outputs.push(read_dir_sorted(&out));
    }
    assert_eq!(outputs[0], outputs[1], "two runs differ");
    let names: Vec<&str> = outputs[0].iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "coverage.csv",
            "gaps.csv",
            "hires.csv",
            "itinerant.csv",
            "plan.csv",
            "plan.xlsx",
            "report.html",
            "report.md",
            "staffing.csv",
            "summary.json",
            "unplaced.csv"
        ]
    );
    assert!(outputs[0]
        .iter()
        .filter(|(n, _)| n.ends_with(".csv"))
        .all(|(_, b)| b.starts_with(b"\xef\xbb\xbf")));
    assert_eq!(
        read_dir_sorted(&county),
        inputs_before,
        "inputs were modified"
    );

    // check on its own agrees, in JSON too.
    let out = tmp.path().join("a");
    let o = rotaplan(&[
        "check",
        "--json",
        scenario.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    #[derive(Deserialize)]
    struct Report {
        violations: Vec<serde_json::Value>,
        mismatches: Vec<serde_json::Value>,
    }
    let r: Report = serde_json::from_slice(&o.stdout).unwrap();
    assert!(r.violations.is_empty() && r.mismatches.is_empty());
}

#[test]
fn plan_on_bad_input_writes_nothing_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = rotaplan(&[
        "plan",
        "tests/fixtures/bad/multiple_errors/scenario.toml",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists(), "output folder created despite errors");
}

#[test]
fn check_exits_1_on_a_broken_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let scenario = "tests/features/must_serve/scenario.toml";
    let o = rotaplan(&["plan", scenario, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        check_folder(scenario, &out).is_ok(),
        "the plan before the edit"
    );
    let plan = out.join("plan.csv");
    let edited = std::fs::read_to_string(&plan)
        .unwrap()
        .replace(",U1,R1,", ",U1,U1,");
    std::fs::write(&plan, edited).unwrap();
    let o = rotaplan(&["check", scenario, out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    // in Chinese by default (--lang), in English on asking
    let said = text(&o.stdout);
    assert!(said.starts_with("方案不合规：违反规则 "), "{said}");
    assert!(
        said.contains("错误[C-DEST] 接收学校：接收学校 U1 位于城区，到该校任教不计为乡村学校任教经历\n    位置 plan.csv:"),
        "{said}"
    );
    assert!(said.contains("    处理办法："), "{said}");
    assert!(!said.contains("fix:") && !said.contains("error["), "{said}");
    let o = rotaplan(&["check", scenario, out.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    let said = text(&o.stdout);
    assert!(said.starts_with("plan NOT OK 方案不合规: "), "{said}");
    assert!(
        said.contains("error[C-DEST] Receiving school 接收学校: receiving school U1 is in the urban (城区) area, which does not count as rural service\n    at plan.csv:"),
        "{said}"
    );
    assert!(said.contains("    fix: send the teacher"), "{said}");
}

#[test]
fn infeasible_scenario_still_writes_the_best_plan_and_says_what_is_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = rotaplan(&[
        "plan",
        "tests/features/infeasible_must_serve/scenario.toml",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let report = check_folder("tests/features/infeasible_must_serve/scenario.toml", &out);
    assert_eq!(report.codes(), ["C-MUST-SERVE"], "{}", report.render_text());
    let stdout = text(&o.stdout);
    assert!(
        stdout.contains("未满足的规则 [C-MUST-SERVE]：3 名必须交流的教师中有 2 名无法安排"),
        "{stdout}"
    );
    let unplaced = std::fs::read_to_string(out.join("unplaced.csv")).unwrap();
    assert_eq!(unplaced.lines().count(), 3, "{unplaced}");
    assert!(std::fs::read_to_string(out.join("plan.csv"))
        .unwrap()
        .contains("M1,M1,music,U1,R1"));
}

#[test]
fn time_limit_returns_the_best_plan_found_with_its_status() {
    let tmp = tempfile::tempdir().unwrap();
    let county = tmp.path().join("county");
    let gen = rotaplan(&[
        "generate",
        "--teachers",
        "5000",
        "--schools",
        "100",
        "--seed",
        "1",
        "--out",
        county.to_str().unwrap(),
    ]);
    assert_eq!(gen.status.code(), Some(0));
    let scenario = county.join("scenario.toml");
    let out = tmp.path().join("out");
    // This county needs about a second in a release build; a tenth of one stops it early.
    let o = rotaplan(&[
        "plan",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--time-limit",
        "0.1",
    ]);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        text(&o.stderr)
    );
    #[derive(Deserialize)]
    struct Summary {
        status: String,
        stages: Vec<serde_json::Value>,
    }
    let s: Summary =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(s.status, "time_limit");
    assert!(
        s.stages.len() < 4,
        "stages after the time limit are not run"
    );
    // The plan found so far keeps every hard rule and its figures are right.
    let o = rotaplan(&[
        "check",
        "--json",
        scenario.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    #[derive(Deserialize)]
    struct Violation {
        kind: String,
    }
    #[derive(Deserialize)]
    struct Report {
        violations: Vec<Violation>,
        mismatches: Vec<serde_json::Value>,
    }
    let r: Report = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        r.violations.iter().all(|v| v.kind == "goal"),
        "{}",
        text(&o.stdout)
    );
    assert!(r.mismatches.is_empty(), "{}", text(&o.stdout));
}
