//! What-if defects: `sweep` with an unknown key wrote a sweep folder before exiting 2 (probe
//! 15); a batch error and a sweep error gave different exit codes for the same failure;
//! `compare` read a stale whatif.json left by an earlier plan (probe 8).

use crate::support::rotaplan;
use crate::support::{arg, stderr};
use std::process::Output;

const FX: &str = "tests/whatif_fixture";

#[test]
fn sweep_with_an_unknown_key_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sweep");
    let scenario = format!("{FX}/scenario.toml");
    let o = rotaplan(&[
        "sweep",
        &scenario,
        "--set",
        "policy.no_such_key=1,2",
        "--out",
        arg(&out),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        !out.exists(),
        "no sweep folder before the input is known good"
    );
    // A value the scenario refuses (a share above 1) is caught before anything is written too.
    let o = rotaplan(&[
        "sweep",
        &scenario,
        "--set",
        "policy.rotation_share=0.1,7",
        "--out",
        arg(&out),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn batch_and_sweep_give_the_same_exit_code_for_the_same_failure() {
    let tmp = tempfile::tempdir().unwrap();
    // Bad input: an empty folder to batch, a --set without a value to sweep.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = tmp.path().join("o");
    let batch = rotaplan(&["plan", "--batch", arg(&empty), "--out", arg(&out)]);
    let sweep = rotaplan(&[
        "sweep",
        &format!("{FX}/scenario.toml"),
        "--set",
        "hires.total",
        "--out",
        arg(&out),
    ]);
    assert_eq!(batch.status.code(), Some(2), "{}", stderr(&batch));
    assert_eq!(sweep.status.code(), batch.status.code());
    // The output cannot be written: --out is a file.
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let batch = rotaplan(&[
        "plan",
        "--batch",
        &format!("{FX}/variants"),
        "--out",
        arg(&file),
    ]);
    let sweep = rotaplan(&[
        "sweep",
        &format!("{FX}/scenario.toml"),
        "--set",
        "hires.total=0,1",
        "--out",
        arg(&file),
    ]);
    assert!(
        matches!(batch.status.code(), Some(2 | 3)),
        "{}",
        stderr(&batch)
    );
    assert_eq!(
        sweep.status.code(),
        batch.status.code(),
        "{}",
        stderr(&sweep)
    );
}

fn travel(o: &Output) -> Vec<f64> {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    let c: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let line = c["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["key"] == "travel")
        .unwrap();
    line["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

#[test]
fn compare_ignores_a_stale_whatif_json() {
    let tmp = tempfile::tempdir().unwrap();
    let (locked, plain) = (tmp.path().join("locked"), tmp.path().join("plain"));
    let scenario = format!("{FX}/scenario.toml");
    let o = rotaplan(&[
        "plan",
        &scenario,
        "--locks",
        &format!("{FX}/locks.csv"),
        "--out",
        arg(&locked),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = rotaplan(&["plan", &scenario, "--out", arg(&plain)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The locked plan's own whatif.json, with a travel figure we can recognise, is trusted ...
    let mut info: serde_json::Value =
        serde_json::from_slice(&std::fs::read(locked.join("whatif.json")).unwrap()).unwrap();
    info["travel"] = 777.0.into();
    std::fs::write(locked.join("whatif.json"), info.to_string()).unwrap();
    // ... while the same file beside another plan (as an earlier run would leave it) is not.
    info["travel"] = 999.0.into();
    std::fs::write(plain.join("whatif.json"), info.to_string()).unwrap();
    let o = rotaplan(&["compare", arg(&locked), arg(&plain), "--json"]);
    // (the plain plan's travel is then its summary.json's travel stage, not the stale 999)
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(plain.join("summary.json")).unwrap()).unwrap();
    let own = (summary["stages"].as_array().unwrap().iter())
        .find(|s| s["goal"] == "travel")
        .map(|s| s["objective"].as_f64().unwrap())
        .unwrap();
    assert_ne!(own, 999.0);
    assert_eq!(travel(&o), [777.0, own]);
}
