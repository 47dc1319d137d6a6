//! `generate --applications` (docs/generator.md, docs/wishes.md): the applications file is
//! deterministic, about a third of the teachers eligible to rotate apply, most of them
//! volunteers, and every wish names a school id, a township or an area of the county. The file
//! is decoded here with the headers and spellings of docs/wishes.md, independently of the
//! writer and of the input layer.

use rotaplan::domain::{Area, County};
use rotaplan::generate::{generate_to_dir, Flavor, GenerateParams};
use rotaplan::rules::teacher_status;
use rotaplan::scenario::{DataFile, Scenario};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn with_applications(teachers: u32, schools: u32, seed: u64) -> GenerateParams {
    GenerateParams {
        applications: true,
        ..GenerateParams::new(teachers, schools, seed)
    }
}

fn write(params: &GenerateParams, flavor: Flavor) -> (tempfile::TempDir, Scenario, County) {
    let dir = tempfile::tempdir().unwrap();
    let (s, c) = generate_to_dir(params, &dir.path().join("county"), flavor).unwrap();
    (dir, s, c)
}

fn read(dir: &tempfile::TempDir, name: &str) -> Vec<u8> {
    std::fs::read(dir.path().join("county").join(name)).unwrap()
}

/// The rows of an English applications file, by header.
fn rows(bytes: &[u8]) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::Reader::from_reader(bytes);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

/// Figures of one county's applications file, each checked against the county.
struct Figures {
    eligible: usize,
    applicants: usize,
    volunteers: usize,
    with_points: usize,
    wishes: usize,
    school_wishes: usize,
}

fn check_file(bytes: &[u8], scenario: &Scenario, county: &County, case: &str) -> Figures {
    let (header, rows) = rows(bytes);
    assert_eq!(
        header.join(","),
        "teacher_id,volunteer,wish1,wish2,wish3,family_points",
        "{case}"
    );
    let schools: BTreeMap<&str, _> = county.schools.iter().map(|s| (s.id.as_str(), s)).collect();
    let townships: BTreeSet<&str> = (county.schools.iter())
        .filter_map(|s| s.township.as_deref())
        .collect();
    let eligible: BTreeSet<&str> = (county.teachers.iter())
        .filter(|t| teacher_status(t, schools[t.school_id.as_str()], scenario).eligible)
        .map(|t| t.id.as_str())
        .collect();
    let mut seen = BTreeSet::new();
    let mut f = Figures {
        eligible: eligible.len(),
        applicants: rows.len(),
        volunteers: 0,
        with_points: 0,
        wishes: 0,
        school_wishes: 0,
    };
    for row in &rows {
        let id = row["teacher_id"].as_str();
        assert!(eligible.contains(id), "{case}: {id} may not rotate");
        assert!(seen.insert(id.to_string()), "{case}: {id} twice");
        f.volunteers += usize::from(match row["volunteer"].as_str() {
            "yes" => true,
            "no" => false,
            other => panic!("{case}: {id}: volunteer {other:?}"),
        });
        let wishes: Vec<&str> = ["wish1", "wish2", "wish3"]
            .iter()
            .map(|k| row[*k].as_str())
            .collect();
        let named = wishes.iter().take_while(|w| !w.is_empty()).count();
        assert!(named >= 1, "{case}: {id} names no wish");
        assert!(
            wishes[named..].iter().all(|w| w.is_empty()),
            "{case}: {id}: a wish after an empty one"
        );
        let distinct: BTreeSet<&&str> = wishes[..named].iter().collect();
        assert_eq!(distinct.len(), named, "{case}: {id}: a wish twice");
        for w in &wishes[..named] {
            if let Some(school) = schools.get(w) {
                assert_ne!(
                    school.id,
                    row_school(county, id),
                    "{case}: {id} wishes for own school"
                );
                f.school_wishes += 1;
            } else {
                assert!(
                    townships.contains(w) || Area::parse(w).is_some_and(|a| a.key() == *w),
                    "{case}: {id}: wish {w:?} is no school id, township or area"
                );
            }
        }
        f.wishes += named;
        let points = row["family_points"].as_str();
        if !points.is_empty() {
            f.with_points += 1;
            let value: f64 = points.parse().unwrap();
            assert!(
                (0.5..=5.0).contains(&value),
                "{case}: {id}: points {points}"
            );
            let decimals = points.split_once('.').map_or(0, |(_, d)| d.len());
            assert!(decimals <= 2, "{case}: {id}: points {points}");
        }
    }
    f
}

fn row_school<'a>(county: &'a County, teacher: &str) -> &'a str {
    let t = county.teachers.iter().find(|t| t.id == teacher).unwrap();
    t.school_id.as_str()
}

#[test]
fn the_applications_file_is_deterministic() {
    let params = with_applications(1500, 40, 11);
    let (a, sa, ca) = write(&params, Flavor::English);
    let (b, _, _) = write(&params, Flavor::English);
    assert_eq!(read(&a, "applications.csv"), read(&b, "applications.csv"));
    assert_eq!(read(&a, "scenario.toml"), read(&b, "scenario.toml"));
    let again = rotaplan::generate::applications(&params, &sa, &ca);
    assert_eq!(again, rotaplan::generate::applications(&params, &sa, &ca));
    // another seed, other applications; the county is the same with and without them
    let (c, _, _) = write(&with_applications(1500, 40, 12), Flavor::English);
    assert_ne!(read(&a, "applications.csv"), read(&c, "applications.csv"));
    let (plain, _, _) = write(&GenerateParams::new(1500, 40, 11), Flavor::English);
    assert_eq!(read(&a, "teachers.csv"), read(&plain, "teachers.csv"));
    assert!(!plain.path().join("county/applications.csv").exists());
}

#[test]
fn about_a_third_of_eligible_teachers_apply_and_wishes_resolve() {
    for (teachers, schools, seed) in [(2000, 60, 1), (3000, 80, 7), (800, 30, 3)] {
        let case = format!("{teachers}/{schools}/{seed}");
        let (dir, scenario, county) =
            write(&with_applications(teachers, schools, seed), Flavor::English);
        let f = check_file(&read(&dir, "applications.csv"), &scenario, &county, &case);
        let share = f.applicants as f64 / f.eligible as f64;
        assert!(
            (0.25..=0.40).contains(&share),
            "{case}: {} of {} apply",
            f.applicants,
            f.eligible
        );
        let volunteers = f.volunteers as f64 / f.applicants as f64;
        assert!(
            (0.45..=0.75).contains(&volunteers),
            "{case}: volunteers {volunteers}"
        );
        let points = f.with_points as f64 / f.applicants as f64;
        assert!(
            (0.1..=0.3).contains(&points),
            "{case}: family points {points}"
        );
        let per_teacher = f.wishes as f64 / f.applicants as f64;
        assert!(
            (1.5..=2.5).contains(&per_teacher),
            "{case}: wishes {per_teacher}"
        );
        assert!(
            f.school_wishes * 10 >= f.wishes * 6,
            "{case}: mostly schools"
        );
    }
}

#[test]
fn the_scenario_names_the_file_and_reads_back() {
    let (dir, scenario, _) = write(&with_applications(600, 24, 5), Flavor::English);
    let text = String::from_utf8(read(&dir, "scenario.toml")).unwrap();
    assert!(
        text.contains("\napplications = \"applications.csv\"\n"),
        "{text}"
    );
    assert!(
        !text.contains("[applications]"),
        "default rules are not written"
    );
    let back: Scenario = toml::from_str(&text).unwrap();
    assert_eq!(
        back.data.applications,
        Some(DataFile::Path("applications.csv".into()))
    );
    assert_eq!(scenario.data.applications, back.data.applications);
}

#[test]
fn the_chinese_flavour_has_chinese_headers_and_values() {
    let (dir, _, _) = write(&with_applications(600, 24, 5), Flavor::Chinese);
    let bytes = read(&dir, "applications.csv");
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").expect("BOM")).unwrap();
    let mut lines = text.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("工号,是否自愿,志愿1,志愿2,志愿3,家庭加分")
    );
    for line in lines.filter(|l| !l.is_empty()) {
        let volunteer = line.split(',').nth(1).unwrap();
        assert!(volunteer == "是" || volunteer == "否", "{line}");
        assert!(
            !line.contains("rural") && !line.contains("teaching_point"),
            "{line}"
        );
    }
}

/// `scenarios/demo-county/wishes.toml` is the demo with its applications file.
#[test]
fn the_demo_variant_names_the_applications() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/demo-county");
    let text = std::fs::read_to_string(demo.join("wishes.toml")).unwrap();
    let table: toml::Table = text.parse().unwrap();
    assert_eq!(table["extends"].as_str(), Some("scenario.toml"));
    assert_eq!(
        table["data"]["applications"].as_str(),
        Some("applications.csv")
    );
    let params = GenerateParams::demo();
    let (scenario, county) = rotaplan::generate::generate(&params);
    let f = check_file(
        &std::fs::read(demo.join("applications.csv")).unwrap(),
        &scenario,
        &county,
        "demo",
    );
    assert!(f.applicants * 4 > f.eligible && f.applicants * 5 < f.eligible * 2);
}
