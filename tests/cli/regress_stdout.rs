//! Defect 9 of the outside probe: every command panicked (exit 101) when standard output was
//! closed or full, and `check` lost its verdict. A closed pipe now ends the output quietly with
//! the command's own exit code; a full device is reported on standard error with exit 3.

use crate::support::{arg, root, stderr};
use std::process::{Command, Output, Stdio};

const FX: &str = "tests/whatif_fixture";

fn bin(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rotaplan"));
    c.args(args).current_dir(root());
    c
}

/// Runs with standard output a pipe whose reading end is closed before the command writes.
fn with_closed_stdout(args: &[&str]) -> Output {
    let mut child = bin(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

fn with_full_stdout(args: &[&str]) -> Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    bin(args)
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn closed_stdout_keeps_the_exit_code_without_a_panic() {
    let scenario = format!("{FX}/scenario.toml");
    let o = with_closed_stdout(&["validate", &scenario]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    let o = with_closed_stdout(&["inspect", &scenario, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn full_stdout_is_reported_and_exits_3() {
    let o = with_full_stdout(&["validate", &format!("{FX}/scenario.toml")]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("standard output") && !err.contains("panicked"),
        "{err}"
    );
}

#[test]
fn plan_into_full_stdout_exits_3_after_writing_the_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    let o = with_full_stdout(&["plan", &format!("{FX}/scenario.toml"), "--out", arg(&out)]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(out.join("plan.csv").is_file());
}

#[test]
fn check_keeps_its_verdict_when_stdout_is_closed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    let scenario = format!("{FX}/scenario.toml");
    let o = bin(&["plan", &scenario, "--out", arg(&out)])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = with_closed_stdout(&["check", &scenario, arg(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A teacher's row given twice breaks a rule: the verdict (1) survives the closed pipe.
    let plan = std::fs::read_to_string(out.join("plan.csv")).unwrap();
    let row = plan.lines().nth(1).expect("the fixture rotates somebody");
    std::fs::write(out.join("plan.csv"), format!("{plan}{row}\n")).unwrap();
    let o = with_closed_stdout(&["check", &scenario, arg(&out)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = with_full_stdout(&["check", &scenario, arg(&out)]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
}
