//! Output folders are written as one unit (issue 19, outside probe 1, 6 and 8): built beside the
//! target and swapped in under a lock, never over files rotaplan did not write, with nothing
//! left behind.

use rotaplan::output::atomic::{add_files, write_files, write_new_folder, OutputError};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

type Files = Vec<(String, Vec<u8>)>;

fn files(pairs: &[(&str, &str)]) -> Files {
    pairs
        .iter()
        .map(|(n, b)| (n.to_string(), b.as_bytes().to_vec()))
        .collect()
}

/// Every entry of a folder: name → bytes (folders as `<dir>`).
fn read(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let bytes = if e.file_type().unwrap().is_dir() {
                b"<dir>".to_vec()
            } else {
                fs::read(e.path()).unwrap()
            };
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

/// The entries of `parent` other than `keep`: leftovers (temp folders, lock files).
fn siblings(parent: &Path, keep: &str) -> Vec<String> {
    read(parent).into_keys().filter(|n| n != keep).collect()
}

#[test]
fn plan_out_into_the_scenario_folder_is_refused_and_inputs_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("county");
    fs::create_dir(&scenario).unwrap();
    fs::write(scenario.join("scenario.toml"), "name = \"x\"\n").unwrap();
    fs::write(scenario.join("teachers.csv"), "teacher_id\n").unwrap();
    fs::write(scenario.join("hires.csv"), "input hires\n").unwrap();
    let before = read(&scenario);
    let err = write_files(&scenario, &files(&[("hires.csv", "output hires\n")])).unwrap_err();
    assert!(matches!(err, OutputError::Foreign { .. }), "{err}");
    assert!(err.is_bad_input(), "the CLI maps it to exit 2");
    let text = err.to_string();
    assert!(
        text.contains("scenario.toml") && text.contains("teachers.csv"),
        "{text}"
    );
    assert!(text.contains("choose a new or empty folder"), "{text}");
    assert!(text.contains("请换一个新的或空的文件夹"), "{text}");
    assert_eq!(read(&scenario), before, "an input was modified");
    assert_eq!(siblings(tmp.path(), "county"), Vec::<String>::new());
}

#[test]
fn batch_out_into_the_batch_folder_is_refused_per_county() {
    // `plan --batch DIR --out DIR` writes DIR/NAME for DIR/NAME/scenario.toml.
    let tmp = tempfile::tempdir().unwrap();
    let county = tmp.path().join("a");
    fs::create_dir(&county).unwrap();
    fs::write(county.join("scenario.toml"), "x").unwrap();
    let err = write_files(&county, &files(&[("plan.csv", "p")])).unwrap_err();
    assert!(err.is_bad_input(), "{err}");
    assert_eq!(read(&county).len(), 1);
}

#[test]
fn a_file_is_not_a_plan_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("plan.csv");
    fs::write(&path, "x").unwrap();
    let err = write_files(&path, &files(&[("plan.csv", "p")])).unwrap_err();
    assert!(matches!(err, OutputError::NotAFolder { .. }), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"x");
}

#[test]
fn stale_files_of_an_earlier_run_are_gone() {
    // A budget plan wrote whatif.json; the plain plan written next must not leave it for
    // `compare` to read.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let first = files(&[
        ("plan.csv", "old plan"),
        ("whatif.json", "{}"),
        ("changes.csv", "c"),
    ]);
    write_files(&out, &first).unwrap();
    let second = files(&[("plan.csv", "new plan"), ("summary.json", "{}")]);
    write_files(&out, &second).unwrap();
    let want: BTreeMap<String, Vec<u8>> = second.into_iter().collect();
    assert_eq!(read(&out), want);
    assert_eq!(siblings(tmp.path(), "out"), Vec::<String>::new());
}

#[test]
fn a_failure_halfway_leaves_the_old_folder_intact_and_no_temp_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let old = files(&[("plan.csv", "old plan"), ("summary.json", "old summary")]);
    write_files(&out, &old).unwrap();
    let before = read(&out);
    // The second file cannot be created (its name is longer than any file system allows),
    // after the first was written.
    let too_long = "x".repeat(300);
    let new = files(&[
        ("plan.csv", "new plan"),
        (&too_long, "?"),
        ("summary.json", "new summary"),
    ]);
    let err = write_files(&out, &new).unwrap_err();
    assert!(!err.is_bad_input(), "an I/O failure: {err}");
    assert_eq!(read(&out), before, "the old folder changed");
    assert_eq!(siblings(tmp.path(), "out"), Vec::<String>::new());
}

#[test]
fn leftovers_of_a_killed_run_are_removed_by_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    write_files(&out, &files(&[("plan.csv", "a")])).unwrap();
    // What a run killed while building, or holding the lock, leaves; and a per-file temp of
    // rotaplan 0.1 inside the folder.
    let build = tmp.path().join(".out.rotaplan-tmp-999999");
    fs::create_dir(&build).unwrap();
    fs::write(build.join("plan.csv"), "half").unwrap();
    fs::write(tmp.path().join(".out.rotaplan-lock"), "").unwrap();
    fs::write(out.join(".plan.csv.4242.tmp"), "legacy").unwrap();
    write_files(&out, &files(&[("plan.csv", "b")])).unwrap();
    assert_eq!(siblings(tmp.path(), "out"), Vec::<String>::new());
    assert_eq!(read(&out).into_keys().collect::<Vec<_>>(), ["plan.csv"]);
}

#[test]
fn a_folder_moved_aside_by_a_killed_run_is_put_back() {
    // Where no atomic exchange exists, the old folder is moved aside before the new one is
    // renamed in; killed between the two, the next run restores it first.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let aside = tmp.path().join(".out.rotaplan-old-999999");
    fs::create_dir(&aside).unwrap();
    fs::write(aside.join("notes.txt"), "mine").unwrap();
    // The restored folder holds a file rotaplan did not write: it is back, and kept.
    let err = write_files(&out, &files(&[("plan.csv", "b")])).unwrap_err();
    assert!(err.is_bad_input(), "{err}");
    assert_eq!(fs::read(out.join("notes.txt")).unwrap(), b"mine");
    assert_eq!(siblings(tmp.path(), "out"), Vec::<String>::new());
}

#[test]
fn concurrent_plans_into_one_folder_never_mix() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = |tag: &'static str| {
        let out = out.clone();
        std::thread::spawn(move || {
            let set: Files = ["plan.csv", "hires.csv", "gaps.csv", "summary.json"]
                .iter()
                .map(|n| {
                    (
                        n.to_string(),
                        format!("{tag} {n}").repeat(2000).into_bytes(),
                    )
                })
                .collect();
            for _ in 0..25 {
                write_files(&out, &set).unwrap();
            }
        })
    };
    let (a, b) = (run("A"), run("B"));
    a.join().unwrap();
    b.join().unwrap();
    let tags: std::collections::BTreeSet<u8> = read(&out).values().map(|b| b[0]).collect();
    assert_eq!(tags.len(), 1, "files of both runs in one folder");
    assert_eq!(siblings(tmp.path(), "out"), Vec::<String>::new());
}

#[test]
fn summaries_are_added_beside_variant_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("batch");
    write_files(&root.join("a"), &files(&[("plan.csv", "a")])).unwrap();
    fs::write(root.join(".batch-summary.csv.rotaplan-tmp-999999"), "half").unwrap();
    add_files(&root, &files(&[("batch-summary.csv", "s")])).unwrap();
    add_files(&root, &files(&[("batch-summary.csv", "t")])).unwrap();
    let got = read(&root);
    assert_eq!(got.keys().collect::<Vec<_>>(), ["a", "batch-summary.csv"]);
    assert_eq!(got["batch-summary.csv"], b"t");
    // A failure replaces nothing and leaves no temp file.
    let bad = files(&[("batch-summary.csv", "u"), (&"y".repeat(300), "?")]);
    assert!(add_files(&root, &bad).is_err());
    assert_eq!(read(&root), got);
}

#[test]
fn a_new_folder_writer_refuses_any_existing_entry() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("g");
    fs::create_dir(&dir).unwrap();
    write_new_folder(&dir, &files(&[("scenario.toml", "a")])).unwrap();
    let err = write_new_folder(&dir, &files(&[("scenario.toml", "b")])).unwrap_err();
    assert!(err.is_bad_input(), "{err}");
    assert_eq!(fs::read(dir.join("scenario.toml")).unwrap(), b"a");
}
