//! Subjects are found by id, Chinese name or alias, an alias in any letter case (the teachers
//! file's subject cells are read this way).

use rotaplan::input::load;
use std::path::PathBuf;

#[test]
fn a_subject_is_found_by_id_chinese_name_or_alias_in_any_case() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/demo-county/scenario.toml");
    let loaded = load(&path).unwrap_or_else(|e| panic!("{e:?}"));
    let s = &loaded.scenario;
    for (text, id) in [
        ("math", Some("math")),
        (" Math ", Some("math")),
        ("数学", Some("math")),
        ("mathematics", Some("math")),
        ("MATHEMATICS", Some("math")),
        ("Foreign_Language", Some("english")),
        ("外语", Some("english")),
        ("思想品德", Some("morality")),
        ("mathematic", None),
        ("数", None),
        ("", None),
    ] {
        assert_eq!(s.subject_id(text), id, "{text:?}");
    }
}
