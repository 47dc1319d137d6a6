//! The bundled demo scenarios are exactly what the generator produces: regenerating them gives
//! the committed bytes, which also proves generation is deterministic across machines.
//!
//! The demo county also carries the applications the generator draws for it
//! (`applications.csv`, named by the hand-written variant `wishes.toml`).
//!
//! After a deliberate change to the generator, refresh them with
//! `ROTAPLAN_REGENERATE_DEMO=1 cargo test --test generate demo_county` and commit the result.

use rotaplan::generate::{
    applications, applications_file, generate_to_dir, Flavor, GenerateParams, APPLICATIONS_FILE,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn scenarios() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// Files of a demo folder written by hand, not by the generator.
const HAND_WRITTEN: &[&str] = &["wishes.toml"];

/// Checks (or with `ROTAPLAN_REGENERATE_DEMO`, rewrites) a demo folder; `with_applications`:
/// the folder also holds the generator's applications file for the demo.
fn check(folder: &str, flavor: Flavor, with_applications: bool) {
    let committed = scenarios().join(folder);
    let fresh = tempfile::tempdir().unwrap();
    let params = GenerateParams::demo();
    let (scenario, county) = generate_to_dir(&params, fresh.path(), flavor).unwrap();
    let mut want = files(fresh.path());
    if with_applications {
        let apps = applications(&params, &scenario, &county);
        let bytes = applications_file(&scenario, &apps, flavor).unwrap();
        want.insert(APPLICATIONS_FILE.to_string(), bytes);
    }
    if std::env::var_os("ROTAPLAN_REGENERATE_DEMO").is_some() {
        // `generate` refuses a non-empty folder: copy the fresh files over the committed ones.
        for (name, bytes) in want {
            std::fs::write(committed.join(name), bytes).unwrap();
        }
        return;
    }
    let mut got = files(&committed);
    got.retain(|name, _| !HAND_WRITTEN.contains(&name.as_str()));
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>(),
        "{folder}: file list"
    );
    for (name, bytes) in &want {
        assert!(
            &got[name] == bytes,
            "{folder}/{name} differs from the generator's output; regenerate (see module docs)"
        );
    }
}

#[test]
fn demo_county_is_the_generators_output() {
    check("demo-county", Flavor::English, true);
}

#[test]
fn demo_county_zh_is_the_generators_output() {
    check("demo-county-zh", Flavor::Chinese, false);
}
