//! `generate` refuses what it cannot do instead of panicking, exhausting memory, writing
//! without end or replacing a real roster (issue 19, outside probe 2, 4 and 11).

use rotaplan::generate::{
    generate, generate_counties, generate_to_dir, validate_counties, Flavor, GenerateError,
    GenerateParams, ParamError,
};
use std::fs;
use std::path::Path;

fn with_year(plan_year: i32) -> GenerateParams {
    GenerateParams {
        plan_year,
        ..GenerateParams::new(100, 10, 1)
    }
}

fn is_params_error(e: &GenerateError) -> bool {
    matches!(e, GenerateError::Params(_)) && e.is_bad_input()
}

#[test]
fn generate_plan_year_300000_is_refused_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    for year in [300_000, i32::MAX, 0, -5, 1999, 2096] {
        let dir = tmp.path().join(format!("y{year}"));
        let err = generate_to_dir(&with_year(year), &dir, Flavor::English).unwrap_err();
        assert!(is_params_error(&err), "{year}: {err}");
        let text = err.to_string();
        assert!(
            text.contains("--plan-year") && text.contains("2000–2095"),
            "{text}"
        );
        assert!(text.contains("计划年份"), "{text}");
        assert!(!dir.exists(), "{year}: wrote a folder");
    }
    // The library call without validation does not panic either: the year is moved into range.
    let (scenario, _) = generate(&GenerateParams {
        plan_year: i32::MAX,
        ..GenerateParams::new(50, 5, 1)
    });
    assert_eq!(scenario.plan_year, 2095);
}

#[test]
fn generate_plan_year_0_does_not_write_a_county_validate_rejects() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    assert!(generate_to_dir(&with_year(0), &dir, Flavor::English).is_err());
    assert!(!dir.exists());
    // The bounds themselves give counties that load.
    for year in [2000, 2095] {
        let dir = tmp.path().join(format!("ok{year}"));
        generate_to_dir(&with_year(year), &dir, Flavor::English).unwrap();
        rotaplan::input::load(&dir.join("scenario.toml"))
            .unwrap_or_else(|e| panic!("{year}: {e:?}"));
    }
}

#[test]
fn generate_teachers_100000000_is_refused_before_allocating() {
    let tmp = tempfile::tempdir().unwrap();
    let params = GenerateParams::new(100_000_000, 60, 1);
    let err = generate_to_dir(&params, &tmp.path().join("c"), Flavor::English).unwrap_err();
    assert!(is_params_error(&err), "{err}");
    assert!(err.to_string().contains("1–200000"), "{err}");
}

#[test]
fn generate_counties_1000000_is_refused_before_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("province");
    let params = GenerateParams::new(100, 10, 1);
    let err = generate_counties(&params, 1_000_000, &out, Flavor::English).unwrap_err();
    assert!(is_params_error(&err), "{err}");
    assert!(!out.exists(), "wrote before refusing");
    assert!(matches!(
        validate_counties(0),
        Err(ParamError::OutOfRange { .. })
    ));
    assert!(validate_counties(1_000).is_ok());
}

#[test]
fn generate_more_schools_than_teachers_is_refused_not_misreported() {
    // It used to print "10 teachers" and write 600.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("c");
    let err =
        generate_counties(&GenerateParams::new(10, 600, 1), 1, &out, Flavor::English).unwrap_err();
    assert!(
        matches!(
            err,
            GenerateError::Params(ParamError::MoreSchoolsThanTeachers { .. })
        ),
        "{err}"
    );
    assert!(err.to_string().contains("at most 10 schools"), "{err}");
    assert!(!out.exists());
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn generate_out_over_an_existing_scenario_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/demo-county");
    let county = tmp.path().join("county");
    fs::create_dir(&county).unwrap();
    for (name, bytes) in snapshot(&demo) {
        fs::write(county.join(name), bytes).unwrap();
    }
    let before = snapshot(&county);
    let params = GenerateParams::new(100, 10, 1);
    for counties in [1, 3] {
        let out = if counties == 1 {
            county.clone()
        } else {
            // county-002 is a real county: nothing is written, county-001 included.
            let province = tmp.path().join("province");
            fs::create_dir_all(province.join("county-002")).unwrap();
            fs::write(province.join("county-002/teachers.csv"), "real").unwrap();
            province
        };
        let err = generate_counties(&params, counties, &out, Flavor::English).unwrap_err();
        assert!(err.is_bad_input(), "{err}");
        assert!(err.to_string().contains("rotaplan did not write"), "{err}");
        if counties == 3 {
            assert!(!out.join("county-001").exists(), "wrote before refusing");
        }
    }
    assert_eq!(snapshot(&county), before, "the real roster was replaced");
    // Into a new folder it writes, and a second time over it is refused too.
    let fresh = tmp.path().join("fresh");
    let written = generate_counties(&params, 2, &fresh, Flavor::English).unwrap();
    assert_eq!(written.len(), 2);
    assert!(written[1].join("scenario.toml").exists());
    assert!(generate_to_dir(&params, &written[0], Flavor::English).is_err());
}
