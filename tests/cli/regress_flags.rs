//! Flags refused instead of ignored (outside probe 10, issue 19 "one pipeline"): a time limit
//! of 0, a negative one, NaN or inf wrote an empty plan; `--export-model` was silently ignored
//! with `--locks` and `--from`. A bad flag is exit 2 with a bilingual message and writes
//! nothing; `--export-model` now works through the one pipeline.

use crate::support::{arg, stderr};
use crate::support::{root, rotaplan};

const FX: &str = "tests/whatif_fixture";

#[test]
fn time_limit_zero_nan_inf_and_negative_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    let scenario = format!("{FX}/scenario.toml");
    for t in ["0", "NaN", "inf", "-1", "0.0"] {
        let flag = format!("--time-limit={t}");
        let o = rotaplan(&["plan", &scenario, "--out", arg(&out), &flag]);
        assert_eq!(o.status.code(), Some(2), "{t}: {}", stderr(&o));
        assert!(stderr(&o).contains("时限"), "bilingual: {}", stderr(&o));
        assert!(!out.exists(), "{t}: nothing may be written");
        let o = rotaplan(&[
            "sweep",
            &scenario,
            "--set",
            "hires.total=0,1",
            "--out",
            arg(&out),
            &flag,
        ]);
        assert_eq!(o.status.code(), Some(2), "sweep {t}: {}", stderr(&o));
        assert!(!out.exists(), "sweep {t}: nothing may be written");
    }
}

#[test]
fn export_model_works_with_locks_and_is_refused_with_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("model.lp");
    let o = rotaplan(&[
        "plan",
        &format!("{FX}/scenario.toml"),
        "--locks",
        &format!("{FX}/locks.csv"),
        "--export-model",
        arg(&model),
        "--out",
        arg(&tmp.path().join("locked")),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        model.is_file(),
        "--export-model with --locks writes the model"
    );
    let o = rotaplan(&[
        "plan",
        "--batch",
        &format!("{FX}/variants"),
        "--export-model",
        arg(&tmp.path().join("m2.lp")),
        "--out",
        arg(&tmp.path().join("batch")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--export-model") && stderr(&o).contains("不能"));
    assert!(!tmp.path().join("batch").exists());
}

#[test]
fn plan_out_into_the_scenario_folder_is_refused_and_the_input_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("county");
    std::fs::create_dir(&dir).unwrap();
    for f in ["scenario.toml", "schools.csv", "teachers.csv"] {
        std::fs::copy(root().join(FX).join(f), dir.join(f)).unwrap();
    }
    let before = std::fs::read(dir.join("teachers.csv")).unwrap();
    let o = rotaplan(&["plan", arg(&dir.join("scenario.toml")), "--out", arg(&dir)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("input file"), "{}", stderr(&o));
    assert_eq!(std::fs::read(dir.join("teachers.csv")).unwrap(), before);
    assert!(!dir.join("plan.csv").exists());
}
