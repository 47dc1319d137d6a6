//! The applications file (docs/wishes.md): read under English and Chinese headers, wishes as
//! school ids, school names, townships and areas, and every bad cell refused at its place, all
//! at once, with nothing planned.

use rotaplan::domain::{Area, Wish};
use rotaplan::input::load;
use std::path::Path;

/// tests/features_wishes/ranked with `applications` as its applications file.
fn county(applications: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/features_wishes/ranked");
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(dir.path().join("applications.csv"), applications).unwrap();
    let scenario = dir.path().join("scenario.toml");
    (dir, scenario)
}

#[test]
fn chinese_headers_names_and_areas_are_read() {
    let (_dir, scenario) =
        county("工号,是否自愿,志愿1,志愿2,家庭加分\nA,否,桃源村小,乡村,2.5\nC,,R1,,\n");
    let loaded = load(&scenario).unwrap_or_else(|d| panic!("{d:#?}"));
    let apps = &loaded.applications;
    assert_eq!(apps.len(), 2);
    assert!(!apps[0].volunteer);
    assert_eq!(
        apps[0].wishes,
        vec![Wish::School("R2".into()), Wish::Area(Area::Rural)]
    );
    assert_eq!(apps[0].family_points, 250);
    assert!(apps[1].volunteer, "an empty volunteer cell means yes");
    assert_eq!(apps[1].source_line, 3);
}

#[test]
fn every_bad_cell_is_refused_at_its_place() {
    let (_dir, scenario) = county(
        "teacher_id,volunteer,wish1,wish2,wish3,wish4,family_points\n\
         NOBODY,yes,R1,,,,\n\
         A,maybe,R1,,,,\n\
         A,yes,R1,,,,\n\
         C,yes,,R1,,,\n\
         D,yes,Atlantis,,,,\n\
         E,yes,R1,R2,U1,R1,\n\
         X1,yes,R1,,,,200\n",
    );
    let diags = load(&scenario).expect_err("bad applications");
    let got: Vec<(&str, Option<usize>, Option<&str>)> = (diags.iter())
        .filter(|d| d.is_error())
        .map(|d| (d.code, d.line, d.field.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("E-APP-TEACHER", Some(2), Some("teacher_id")),
            ("E-VALUE-BOOL", Some(3), Some("volunteer")),
            ("E-APP-DUPLICATE", Some(4), Some("teacher_id")),
            ("E-APP-ORDER", Some(5), Some("wish2")),
            ("E-APP-WISH", Some(6), Some("wish1")),
            ("E-APP-TOO-MANY", Some(7), Some("wish4")),
            ("E-VALUE-RANGE", Some(8), Some("family_points")),
        ]
    );
    let text: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert!(text.iter().any(|t| t.contains("志愿")), "{text:?}");
    assert!(
        text.iter().all(|t| t.contains("applications.csv")),
        "{text:?}"
    );
}

/// No wish may cost more than no wish: `unwished` below (max_wishes − 1) × rank is refused.
#[test]
fn unwished_below_the_last_wish_is_refused() {
    let (dir, scenario) = county("teacher_id,wish1\nA,R1\n");
    let text = std::fs::read_to_string(&scenario).unwrap();
    std::fs::write(
        &scenario,
        format!("{text}\n[applications]\nmax_wishes = 5\n"),
    )
    .unwrap();
    let diags = load(&scenario).expect_err("unwished below the last wish");
    assert!(
        diags
            .iter()
            .any(|d| d.code == "E-POLICY-RANGE" && d.to_string().contains("unwished")),
        "{diags:#?}"
    );
    drop(dir);
}

/// A school name two schools share cannot be a wish: the id is asked for.
#[test]
fn a_name_two_schools_share_is_refused() {
    let (dir, scenario) = county("teacher_id,wish1\nA,村小\n");
    std::fs::write(
        dir.path().join("schools.csv"),
        "school_id,name,area,stage,students,classes\n\
         U1,城关一小,urban,primary,80,2\nR1,村小,rural,primary,30,1\nR2,村小,rural,primary,30,1\n",
    )
    .unwrap();
    let diags = load(&scenario).expect_err("ambiguous wish");
    let got: Vec<(&str, Option<usize>)> = (diags.iter())
        .filter(|d| d.is_error())
        .map(|d| (d.code, d.line))
        .collect();
    assert_eq!(got, vec![("E-APP-WISH", Some(2))], "{diags:#?}");
}
