//! The scenario's staffing tables (`[establishment]`, `[coverage]`, `[itinerant]`,
//! `[exchange]`, issue 20): defaults, bad values refused at their key and line, subject names
//! read as catalogue ids, and variants (`extends`, `[[patch]]`, `--set`) that change them.

use rotaplan::input::{load, load_with, LoadOptions};
use std::path::{Path, PathBuf};

fn good_copy() -> (tempfile::TempDir, PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/basic");
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let scenario = dir.path().join("scenario.toml");
    (dir, scenario)
}

/// The good scenario with `extra` appended; returns the folder, the scenario's path and the
/// line `extra` starts on.
fn with_tables(extra: &str) -> (tempfile::TempDir, PathBuf, usize) {
    let (dir, scenario) = good_copy();
    let mut text = std::fs::read_to_string(&scenario).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let first = text.lines().count() + 1;
    text.push_str(extra);
    std::fs::write(&scenario, text).unwrap();
    (dir, scenario, first)
}

#[test]
fn defaults_are_the_spec() {
    let (_dir, scenario) = good_copy();
    let s = load(&scenario).unwrap().scenario.clone();
    assert_eq!(s.establishment.primary_ratio, 19.0);
    assert_eq!(s.establishment.junior_ratio, 13.5);
    assert_eq!(s.establishment.allowance, 0);
    // multi-grade classes (复式): below 10 pupils a class at rural schools, 15 at teaching
    // points, in combined classes of at most 25; schools flagged below 5 pupils per teacher
    let below: Vec<(&str, f64)> = (s.establishment.multigrade_below.iter())
        .map(|(a, v)| (a.key(), *v))
        .collect();
    assert_eq!(below, [("rural", 10.0), ("teaching_point", 15.0)]);
    assert_eq!(s.establishment.multigrade_group, 25.0);
    assert_eq!(s.establishment.pupil_floor, 5.0);
    assert_eq!(
        s.coverage.general_subjects,
        ["morality", "science", "labour"]
    );
    assert!(s.itinerant.enabled && s.itinerant.subjects.is_empty());
    assert_eq!((s.itinerant.km, s.itinerant.max_schools), (10.0, 3));
    assert_eq!(
        (s.exchange.min_years_in_school, s.exchange.penalty),
        (3, 5.0)
    );
}

/// (key as written in the table, value, code, field reported)
const BAD: &[(&str, &str, &str, &str, &str)] = &[
    (
        "establishment",
        "primary_ratio",
        "0",
        "E-POLICY-RANGE",
        "establishment.primary_ratio",
    ),
    (
        "establishment",
        "primary_ratio",
        "-19",
        "E-POLICY-RANGE",
        "establishment.primary_ratio",
    ),
    (
        "establishment",
        "junior_ratio",
        "nan",
        "E-POLICY-RANGE",
        "establishment.junior_ratio",
    ),
    (
        "establishment",
        "junior_ratio",
        "inf",
        "E-POLICY-RANGE",
        "establishment.junior_ratio",
    ),
    (
        "establishment",
        "allowance",
        "5000",
        "E-POLICY-RANGE",
        "establishment.allowance",
    ),
    (
        "establishment.per_class",
        "rural",
        "-1.7",
        "E-POLICY-RANGE",
        "establishment.per_class.rural",
    ),
    (
        "establishment.per_class",
        "teaching_point",
        "nan",
        "E-POLICY-RANGE",
        "establishment.per_class.teaching_point",
    ),
    (
        "establishment.multigrade_below",
        "teaching_point",
        "-15",
        "E-POLICY-RANGE",
        "establishment.multigrade_below.teaching_point",
    ),
    (
        "establishment",
        "multigrade_group",
        "0",
        "E-POLICY-RANGE",
        "establishment.multigrade_group",
    ),
    (
        "establishment",
        "pupil_floor",
        "nan",
        "E-POLICY-RANGE",
        "establishment.pupil_floor",
    ),
    ("itinerant", "km", "-1", "E-POLICY-RANGE", "itinerant.km"),
    ("itinerant", "km", "inf", "E-POLICY-RANGE", "itinerant.km"),
    (
        "itinerant",
        "max_schools",
        "0",
        "E-POLICY-RANGE",
        "itinerant.max_schools",
    ),
    (
        "itinerant",
        "cost_per_fte_km",
        "-0.5",
        "E-POLICY-WEIGHT",
        "itinerant.cost_per_fte_km",
    ),
    (
        "exchange",
        "penalty",
        "-5",
        "E-POLICY-WEIGHT",
        "exchange.penalty",
    ),
    (
        "exchange",
        "penalty",
        "nan",
        "E-POLICY-WEIGHT",
        "exchange.penalty",
    ),
    (
        "exchange",
        "min_years_in_school",
        "99",
        "E-POLICY-RANGE",
        "exchange.min_years_in_school",
    ),
    (
        "coverage",
        "general_subjects",
        "[\"science\", \"painting\"]",
        "E-POLICY-SUBJECTS",
        "coverage.general_subjects",
    ),
    (
        "itinerant",
        "subjects",
        "[\"音乐\", \"书法\"]",
        "E-POLICY-SUBJECTS",
        "itinerant.subjects",
    ),
];

#[test]
fn bad_values_are_refused_at_their_key_and_line() {
    for &(table, key, value, code, field) in BAD {
        let (_dir, scenario, first) = with_tables(&format!("\n[{table}]\n{key} = {value}\n"));
        let case = format!("[{table}] {key} = {value}");
        let diags = load(&scenario).expect_err(&case);
        let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "{case}: {errors:#?}");
        let d = errors[0];
        assert_eq!(d.code, code, "{case}");
        assert_eq!(d.field.as_deref(), Some(field), "{case}");
        assert_eq!(d.file.as_deref(), Some("scenario.toml"), "{case}");
        assert_eq!((d.line, d.column), (Some(first + 2), Some(1)), "{case}");
        assert!(d.message.contains(field), "{case}: {}", d.message);
        // The remedy is offered in Chinese too.
        assert!(
            d.action
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{case}: {}",
            d.action
        );
    }
}

#[test]
fn every_problem_of_the_tables_is_reported_at_once() {
    let (_dir, scenario, _) = with_tables(
        "\n[establishment]\nprimary_ratio = 0\njunior_ratio = -1\n\n[itinerant]\nkm = -3\n\
         max_schools = 0\nsubjects = [\"xyz\"]\n\n[exchange]\npenalty = -1\n\n\
         [coverage]\ngeneral_subjects = [\"abc\"]\n",
    );
    let diags = load(&scenario).expect_err("seven problems");
    let mut fields: Vec<&str> = diags
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.field.as_deref())
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        vec![
            "coverage.general_subjects",
            "establishment.junior_ratio",
            "establishment.primary_ratio",
            "exchange.penalty",
            "itinerant.km",
            "itinerant.max_schools",
            "itinerant.subjects",
        ]
    );
}

#[test]
fn an_unknown_subject_lists_the_catalogue() {
    let (_dir, scenario, _) = with_tables("\n[coverage]\ngeneral_subjects = [\"painting\"]\n");
    let diags = load(&scenario).expect_err("unknown subject");
    let d = &diags[0];
    assert!(d.message.contains("\"painting\""), "{}", d.message);
    for known in ["art (美术)", "science (科学)", "labour (劳动与综合实践)"] {
        assert!(d.message.contains(known), "{known}: {}", d.message);
    }
}

#[test]
fn an_unknown_area_is_named_with_the_accepted_keys() {
    for extra in [
        "\n[establishment.per_class]\nvillage = 1.7\n",
        "\n[coverage]\ngeneral_areas = [\"乡村\"]\n",
        "\n[itinerant]\ntarget_areas = [\"hamlet\"]\n",
    ] {
        let (_dir, scenario, _) = with_tables(extra);
        let diags = load(&scenario).expect_err(extra);
        let d = &diags[0];
        assert_eq!(d.code, "E-TOML-VALUE", "{extra}: {d}");
        assert!(
            d.message.contains("teaching_point") && d.message.contains("rural"),
            "{extra}: {}",
            d.message
        );
        assert!(d.line.is_some(), "{extra}: {d}");
        assert!(d.action.contains("乡村 = rural"), "{extra}: {}", d.action);
    }
}

#[test]
fn an_unknown_area_in_a_variant_is_placed_at_its_line() {
    let (dir, _) = good_copy();
    let variant = dir.path().join("variant.toml");
    std::fs::write(
        &variant,
        "extends = \"scenario.toml\"\n\n[coverage]\ngeneral_areas = [\"rural\", \"乡村\"]\n",
    )
    .unwrap();
    let diags = load(&variant).expect_err("unknown area");
    let d = &diags[0];
    assert_eq!(d.code, "E-TOML-VALUE");
    assert_eq!(d.file.as_deref(), Some("variant.toml"));
    assert_eq!((d.line, d.column), (Some(4), Some(27)), "{d}");
    assert!(d.action.contains("教学点 = teaching_point"), "{}", d.action);
}

#[test]
fn a_value_of_the_wrong_type_in_a_variant_is_placed_at_its_line() {
    // The merged table has no positions: the key is found among the variant's own.
    let (dir, _) = good_copy();
    let variant = dir.path().join("variant.toml");
    std::fs::write(
        &variant,
        "extends = \"scenario.toml\"\n\n[coverage]\ngeneral_areas = [\"rural\"]\n\n\
         [establishment]\npupil_floor = 4\nfloor_caps_arrivals = \"yes\"\n",
    )
    .unwrap();
    let diags = load(&variant).expect_err("a string for a boolean");
    let d = &diags[0];
    assert_eq!(d.code, "E-TOML-VALUE");
    assert_eq!(d.file.as_deref(), Some("variant.toml"));
    assert_eq!((d.line, d.column), (Some(8), Some(23)), "{d}");
}

#[test]
fn subject_names_are_read_as_catalogue_ids() {
    let (_dir, scenario, _) = with_tables(
        "\n[coverage]\ngeneral_subjects = [\"科学\", \"品德\", \"劳动\", \"science\"]\n\n\
         [itinerant]\nsubjects = [\"音乐\", \"PE\", \"fine_art\"]\n",
    );
    let loaded = load(&scenario).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(
        loaded.scenario.coverage.general_subjects,
        ["science", "morality", "labour"]
    );
    assert_eq!(loaded.scenario.itinerant.subjects, ["music", "pe", "art"]);
}

#[test]
fn a_variant_sets_the_new_keys_and_patches_an_establishment() {
    let (dir, _) = good_copy();
    let variant = dir.path().join("variant.toml");
    std::fs::write(
        &variant,
        "extends = \"scenario.toml\"\n\n[itinerant]\nkm = 5.0\nsubjects = [\"体育\"]\n\n\
         [establishment.per_class]\nrural = 2.0\n\n[exchange]\nenabled = false\n\n\
         [[patch]]\nop = \"set_school\"\nschool = \"S03\"\nestablishment = 31\n",
    )
    .unwrap();
    let loaded = load(&variant).unwrap_or_else(|d| panic!("{d:#?}"));
    let s = &loaded.scenario;
    assert_eq!(s.itinerant.km, 5.0);
    assert_eq!(s.itinerant.subjects, ["pe"]);
    assert_eq!(
        s.itinerant.max_schools, 3,
        "keys not written keep the base's"
    );
    // A per_class table replaces the whole map: teaching points have no minimum here.
    let per_class: Vec<(&str, f64)> = s
        .establishment
        .per_class
        .iter()
        .map(|(a, v)| (a.key(), *v))
        .collect();
    assert_eq!(per_class, [("rural", 2.0)]);
    assert!(!s.exchange.enabled);
    let s03 = loaded
        .county
        .schools
        .iter()
        .find(|s| s.id == "S03")
        .unwrap();
    assert_eq!(s03.establishment, Some(31));
}

#[test]
fn a_variants_bad_value_is_reported_in_the_variant() {
    let (dir, _) = good_copy();
    let variant = dir.path().join("variant.toml");
    std::fs::write(
        &variant,
        "extends = \"scenario.toml\"\n\n[itinerant]\nmax_schools = 0\n\n\
         [[patch]]\nop = \"set_school\"\nschool = \"S03\"\nestablishment = -2\n",
    )
    .unwrap();
    let diags = load(&variant).expect_err("bad variant");
    let got: Vec<(&str, Option<&str>, Option<usize>)> = diags
        .iter()
        .map(|d| (d.code, d.file.as_deref(), d.line))
        .collect();
    assert!(
        got.contains(&("E-POLICY-RANGE", Some("variant.toml"), Some(4))),
        "{got:?}"
    );
    assert!(
        got.contains(&("E-PATCH-VALUE", Some("variant.toml"), Some(6))),
        "{got:?}"
    );
}

#[test]
fn a_sweep_override_sets_and_checks_the_new_keys() {
    let (_dir, scenario) = good_copy();
    let set = |key: &str, v: toml::Value| LoadOptions {
        overrides: vec![(key.to_string(), v)],
        ..Default::default()
    };
    let loaded = load_with(&scenario, &set("itinerant.km", toml::Value::Float(7.5))).unwrap();
    assert_eq!(loaded.scenario.itinerant.km, 7.5);
    let diags = load_with(
        &scenario,
        &set("establishment.junior_ratio", toml::Value::Float(0.0)),
    )
    .expect_err("ratio 0");
    assert_eq!(
        diags[0].field.as_deref(),
        Some("establishment.junior_ratio")
    );
}
