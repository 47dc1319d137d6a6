//! Killing `plan` at any moment leaves the output folder as it was or complete, with no temp
//! files after the next run (issue 19, outside probe 6 and 8).
//!
//! The folder first holds a complete earlier plan (the hiring-budget variant, which also writes
//! whatif.json). `plan` of the demo into it is killed (SIGKILL) at points spread over the whole
//! run, and at points just after it starts building the new folder; after each kill the folder
//! must be, byte for byte, the earlier plan or the new one. Both reference plans are checked
//! by `plan --check`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn scenario(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn plan(scenario_file: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rotaplan"));
    c.arg("plan")
        .arg(scenario_file)
        .arg("--out")
        .arg(out)
        .args(["--reproducible", "--check"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn run_checked(scenario_file: &Path, out: &Path) {
    let status = plan(scenario_file, out).status().unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "plan --check of {}",
        scenario_file.display()
    );
}

type Folder = BTreeMap<String, Vec<u8>>;

fn read(dir: &Path) -> Folder {
    fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&p).unwrap())
        })
        .collect()
}

fn restore(dir: &Path, folder: &Folder) {
    if dir.exists() {
        fs::remove_dir_all(dir).unwrap();
    }
    fs::create_dir(dir).unwrap();
    for (name, bytes) in folder {
        fs::write(dir.join(name), bytes).unwrap();
    }
}

fn kill(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn killing_plan_at_any_moment_leaves_the_old_folder_or_the_new_one() {
    let refs = tempfile::tempdir().unwrap();
    let demo = scenario("scenarios/demo-county/scenario.toml");
    run_checked(
        &scenario("scenarios/whatif/budget.toml"),
        &refs.path().join("old"),
    );
    let started = Instant::now();
    run_checked(&demo, &refs.path().join("new"));
    let run_time = started.elapsed();
    let old = read(&refs.path().join("old"));
    let new = read(&refs.path().join("new"));
    assert!(old.contains_key("whatif.json") && !new.contains_key("whatif.json"));
    assert_ne!(
        old["plan.csv"], new["plan.csv"],
        "the two plans must differ"
    );

    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let mut outcomes = Vec::new();
    let mut judge = |label: String, out: &Path| {
        let got = read(out);
        let which = if got == old {
            "old"
        } else if got == new {
            "new"
        } else {
            panic!("{label}: the folder is neither plan: {:?}", got.keys());
        };
        outcomes.push((label, which));
    };

    // Points spread over the whole run.
    for k in 0..4u32 {
        restore(&out, &old);
        let child = plan(&demo, &out).spawn().unwrap();
        std::thread::sleep(run_time * k / 4);
        kill(child);
        judge(format!("at {k}/4 of the run"), &out);
    }
    // Points just after the new folder's build starts, when the files are written and swapped.
    for delay_ms in [0, 2, 10, 30, 60, 80, 100, 150] {
        restore(&out, &old);
        let mut child = plan(&demo, &out).spawn().unwrap();
        let build = work
            .path()
            .join(format!(".out.rotaplan-tmp-{}", child.id()));
        let deadline = Instant::now() + run_time * 4 + Duration::from_secs(5);
        while !build.exists() && child.try_wait().unwrap().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_micros(200));
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        kill(child);
        judge(format!("{delay_ms} ms into the build"), &out);
    }
    eprintln!("{outcomes:?}");
    assert!(outcomes.iter().any(|(_, w)| *w == "old"), "{outcomes:?}");

    // The next run completes and removes whatever the killed runs left beside the folder.
    restore(&out, &old);
    run_checked(&demo, &out);
    assert_eq!(read(&out), new);
    let left: Vec<String> = fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["out"], "temp or old folders left beside the output");
}
