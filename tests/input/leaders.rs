//! The roster's `post` and `post_since` columns and the schools file's `quality` (leader
//! rotation, docs/leaders.md): read under English and Chinese headers and values, and every
//! bad cell refused at its place, all at once.

use rotaplan::domain::Post;
use rotaplan::input::load;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/basic")
}

/// A copy of the good fixture with `columns` (a header suffix) added to the roster, each row
/// getting its cells from `cells` (in order; rows beyond get empty cells), and `schools`
/// replacing the schools file when given.
fn county(columns: &str, cells: &[&str], schools: Option<String>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture()).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let text = std::fs::read_to_string(fixture().join("teachers.csv")).unwrap();
    let mut lines = text.lines();
    let mut out = format!("{},{columns}\n", lines.next().unwrap());
    let empty = columns.split(',').map(|_| "").collect::<Vec<_>>().join(",");
    for (i, line) in lines.enumerate() {
        out.push_str(&format!(
            "{line},{}\n",
            cells.get(i).copied().unwrap_or(&empty)
        ));
    }
    std::fs::write(dir.path().join("teachers.csv"), out).unwrap();
    if let Some(s) = schools {
        std::fs::write(dir.path().join("schools.csv"), s).unwrap();
    }
    let scenario = dir.path().join("scenario.toml");
    (dir, scenario)
}

#[test]
fn posts_are_read_in_english_and_chinese() {
    let (_dir, scenario) = county(
        "职务,任现职时间",
        &[
            "校长,2018-09-01",
            "middle_manager,2020/9/1",
            "教导主任,",
            "副校长,2021-08-25",
            ",",
        ],
        None,
    );
    let loaded = load(&scenario).unwrap_or_else(|d| panic!("{d:#?}"));
    let got: Vec<(Post, Option<String>)> = (loaded.county.teachers.iter())
        .take(5)
        .map(|t| (t.post, t.post_since.map(|d| d.to_string())))
        .collect();
    assert_eq!(
        got,
        vec![
            (Post::Principal, Some("2018-09-01".into())),
            (Post::MiddleManager, Some("2020-09-01".into())),
            (Post::MiddleManager, None),
            (Post::VicePrincipal, Some("2021-08-25".into())),
            (Post::Teacher, None),
        ]
    );
}

#[test]
fn a_bad_post_and_a_post_since_after_the_term_start_are_refused_at_their_cells() {
    let (_dir, scenario) = county("post,post_since", &["校董,", "principal,2027-01-01"], None);
    let diags = load(&scenario).expect_err("bad posts");
    let got: Vec<(&str, Option<usize>, Option<&str>)> = (diags.iter())
        .filter(|d| d.is_error())
        .map(|d| (d.code, d.line, d.field.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("E-VALUE-POST", Some(2), Some("post")),
            ("E-DATE-POST-SINCE", Some(3), Some("post_since")),
        ]
    );
    let text: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert!(text.iter().any(|t| t.contains("校长")), "{text:?}");
    assert!(text.iter().any(|t| t.contains("任现职")), "{text:?}");
}

#[test]
fn quality_is_read_and_out_of_range_refused() {
    let src = std::fs::read_to_string(fixture().join("schools.csv")).unwrap();
    let mut lines = src.lines();
    let mut schools = format!("{},办学质量评分\n", lines.next().unwrap());
    for (line, v) in lines.zip(["85", "", "40.5", "101", "x"]) {
        schools.push_str(&format!("{line},{v}\n"));
    }
    let (_dir, scenario) = county("post", &[], Some(schools.clone()));
    let diags = load(&scenario).expect_err("bad quality");
    let got: Vec<(&str, Option<usize>)> = (diags.iter())
        .filter(|d| d.is_error())
        .map(|d| (d.code, d.line))
        .collect();
    assert_eq!(
        got,
        vec![("E-VALUE-RANGE", Some(5)), ("E-VALUE-NUMBER", Some(6))]
    );

    let good = schools.replace(",101\n", ",100\n").replace(",x\n", ",\n");
    let (_dir, scenario) = county("post", &[], Some(good));
    let loaded = load(&scenario).unwrap_or_else(|d| panic!("{d:#?}"));
    let got: Vec<Option<f64>> = loaded.county.schools.iter().map(|s| s.quality).collect();
    assert_eq!(got, vec![Some(85.0), None, Some(40.5), Some(100.0), None]);
}

#[test]
fn a_second_principal_at_one_school_is_refused_at_its_row() {
    // rows 2 and 3 of the fixture are both at S01
    let (_dir, scenario) = county("职务", &["校长", "principal"], None);
    let diags = load(&scenario).expect_err("two principals");
    let got: Vec<(&str, Option<usize>, Option<&str>)> = (diags.iter())
        .filter(|d| d.is_error())
        .map(|d| (d.code, d.line, d.field.as_deref()))
        .collect();
    assert_eq!(got, vec![("E-LEADER-PRINCIPALS", Some(3), Some("post"))]);
    assert!(diags[0].to_string().contains("T001"), "{}", diags[0]);
}

#[test]
fn leaders_rotate_takes_the_rosters_names_of_posts() {
    let rules: rotaplan::scenario::LeaderRules =
        toml::from_str("rotate = [\"校长\", \"教导主任\", \"vice_principal\"]").unwrap();
    assert_eq!(
        rules.rotate,
        [Post::Principal, Post::MiddleManager, Post::VicePrincipal]
    );
    let bad = toml::from_str::<rotaplan::scenario::LeaderRules>("rotate = [\"校董\"]");
    assert!(bad.unwrap_err().to_string().contains("unknown post"));
}
