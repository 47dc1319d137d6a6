//! The bundled demo scenarios are exactly what the generator produces: regenerating them gives
//! the committed bytes, which also proves generation is deterministic across machines.
//!
//! After a deliberate change to the generator, refresh them with
//! `ROTAPLAN_REGENERATE_DEMO=1 cargo test --test generate_demo` and commit the result.

use rotaplan::generate::{generate_to_dir, Flavor, GenerateParams};
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

fn check(folder: &str, flavor: Flavor) {
    let committed = scenarios().join(folder);
    let fresh = tempfile::tempdir().unwrap();
    generate_to_dir(&GenerateParams::demo(), fresh.path(), flavor).unwrap();
    if std::env::var_os("ROTAPLAN_REGENERATE_DEMO").is_some() {
        // `generate` refuses a non-empty folder: copy the fresh files over the committed ones.
        for (name, bytes) in files(fresh.path()) {
            std::fs::write(committed.join(name), bytes).unwrap();
        }
        return;
    }
    let (want, got) = (files(fresh.path()), files(&committed));
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
    check("demo-county", Flavor::English);
}

#[test]
fn demo_county_zh_is_the_generators_output() {
    check("demo-county-zh", Flavor::Chinese);
}
