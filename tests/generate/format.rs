//! The written files: deterministic bytes, a scenario.toml that reads back, and data files that
//! follow docs/data-format.md. Files are decoded with the column names and value spellings
//! listed here, independently of the writer.

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use rotaplan::domain::County;
use rotaplan::generate::{generate, write_scenario, Flavor, GenerateParams};
use rotaplan::scenario::Scenario;
use std::collections::BTreeMap;
use std::path::Path;

fn small() -> GenerateParams {
    GenerateParams::new(600, 24, 42)
}

fn write(params: &GenerateParams, flavor: Flavor) -> (tempfile::TempDir, Scenario, County) {
    let dir = tempfile::tempdir().unwrap();
    let (s, c) = generate(params);
    write_scenario(&s, &c, dir.path(), flavor, Some(params.origin())).unwrap();
    (dir, s, c)
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn same_seed_gives_identical_bytes_in_both_flavours() {
    for flavor in [Flavor::English, Flavor::Chinese] {
        let (a, _, _) = write(&small(), flavor);
        let (b, _, _) = write(&small(), flavor);
        let (fa, fb) = (files(a.path()), files(b.path()));
        assert!(fa.len() >= 5);
        assert_eq!(fa, fb, "{flavor:?}");
    }
}

#[test]
fn another_seed_or_county_gives_another_county() {
    let (a, _, _) = write(&small(), Flavor::English);
    let (b, _, _) = write(
        &GenerateParams {
            seed: 43,
            ..small()
        },
        Flavor::English,
    );
    let (c, _, _) = write(&small().for_county(1), Flavor::English);
    let roster = |d: &tempfile::TempDir| std::fs::read(d.path().join("teachers.csv")).unwrap();
    assert_ne!(roster(&a), roster(&b));
    assert_ne!(roster(&a), roster(&c));
    let schools =
        |d: &tempfile::TempDir| std::fs::read_to_string(d.path().join("schools.csv")).unwrap();
    assert_ne!(schools(&a), schools(&c), "other county, other place");
}

#[test]
fn scenario_toml_reads_back_as_the_scenario() {
    for flavor in [Flavor::English, Flavor::Chinese] {
        let (dir, s, c) = write(&small(), flavor);
        let text = std::fs::read_to_string(dir.path().join("scenario.toml")).unwrap();
        let read: Scenario =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{flavor:?}: {e}\n{text}"));
        assert_eq!(
            read,
            Scenario {
                data: flavor.data_files(&c),
                ..s.clone()
            }
        );
        for key in [
            "[policy]",
            "rotation_share = 0.1",
            "[weights]",
            "[curriculum]",
            "[solver]",
            "exempt_schools = []",
        ] {
            assert!(text.contains(key), "{flavor:?} lacks {key}");
        }
    }
    let (dir, _, _) = write(&small(), Flavor::Chinese);
    let text = std::fs::read_to_string(dir.path().join("scenario.toml")).unwrap();
    assert!(text.contains("sheet = \"学校\"") && text.contains("encoding = \"gbk\""));
}

fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().from_reader(bytes);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn column<'a>(header: &[String], rows: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let i = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    rows.iter().map(|r| r[i].as_str()).collect()
}

fn all_in(values: &[&str], allowed: &[&str], what: &str) {
    for v in values {
        assert!(allowed.contains(v), "{what}: {v:?}");
    }
}

#[test]
fn english_files_follow_the_data_format() {
    let (dir, s, c) = write(&small(), Flavor::English);
    let f = files(dir.path());
    let (h, rows) = read_csv(&f["schools.csv"]);
    let expected = "school_id,name,area,stage,students,classes,primary_classes,junior_classes,weak,remote,housing_beds,establishment,lat,lon,township";
    assert_eq!(h.join(","), expected);
    assert_eq!(rows.len(), c.schools.len());
    all_in(
        &column(&h, &rows, "area"),
        &["urban", "town", "rural", "teaching_point"],
        "area",
    );
    all_in(
        &column(&h, &rows, "stage"),
        &["primary", "junior", "nine_year"],
        "stage",
    );
    all_in(&column(&h, &rows, "weak"), &["true", "false"], "weak");
    for lat in column(&h, &rows, "lat") {
        assert!((27.0..29.0).contains(&lat.parse::<f64>().unwrap()));
    }
    let school_ids = column(&h, &rows, "school_id");

    let (h, rows) = read_csv(&f["teachers.csv"]);
    let expected = "teacher_id,name,gender,birth_date,school_id,subject,extra_subjects,title,backbone,hire_date,school_since,rural_service_months,senior_title_target_year,deferral,education,programme";
    assert_eq!(h.join(","), expected);
    assert_eq!(rows.len(), c.teachers.len());
    all_in(&column(&h, &rows, "gender"), &["male", "female"], "gender");
    all_in(
        &column(&h, &rows, "title"),
        &["unrated", "junior", "intermediate", "senior", "full_senior"],
        "title",
    );
    all_in(
        &column(&h, &rows, "backbone"),
        &["none", "county", "city", "province"],
        "backbone",
    );
    all_in(
        &column(&h, &rows, "deferral"),
        &["", "pregnancy", "nursing", "illness", "other"],
        "deferral",
    );
    all_in(
        &column(&h, &rows, "education"),
        &["secondary", "associate", "bachelor", "master", "doctor"],
        "education",
    );
    all_in(
        &column(&h, &rows, "programme"),
        &["regular", "tegang", "publicly_funded"],
        "programme",
    );
    let subjects: Vec<&str> = s.subjects.keys().map(String::as_str).collect();
    all_in(&column(&h, &rows, "subject"), &subjects, "subject");
    for d in column(&h, &rows, "birth_date")
        .into_iter()
        .chain(column(&h, &rows, "hire_date"))
    {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    }
    all_in(
        &column(&h, &rows, "school_id"),
        &school_ids,
        "teacher school_id",
    );
    let ids = column(&h, &rows, "teacher_id");
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "sorted by id");

    let (h, _) = read_csv(&f["hires.csv"]);
    assert_eq!(h.join(","), "subject,count,programme,areas");
    let (h, _) = read_csv(&f["pairs.csv"]);
    assert_eq!(h.join(","), "urban_school_id,rural_school_id");
    let (h, _) = read_csv(&f["needs.csv"]);
    assert_eq!(h.join(","), "school_id,subject,need_fte");
    assert!(
        !f["teachers.csv"].starts_with(b"\xEF\xBB\xBF"),
        "plain UTF-8"
    );
}

#[test]
fn chinese_roster_is_gbk_with_chinese_headers_and_values() {
    let (dir, s, c) = write(&small(), Flavor::Chinese);
    let f = files(dir.path());
    let bytes = &f["teachers.csv"];
    assert!(std::str::from_utf8(bytes).is_err(), "GBK, not UTF-8");
    let (text, _, bad) = encoding_rs::GBK.decode(bytes);
    assert!(!bad);
    let (h, rows) = read_csv(text.as_bytes());
    let expected = "工号,姓名,性别,出生日期,学校代码,学科,兼教学科,职称,骨干级别,参加工作时间,到校时间,乡村任教月数,拟评高级年份,暂缓原因,学历,招聘类别";
    assert_eq!(h.join(","), expected);
    assert_eq!(rows.len(), c.teachers.len());
    all_in(&column(&h, &rows, "性别"), &["男", "女"], "性别");
    all_in(
        &column(&h, &rows, "职称"),
        &["未定级", "初级", "中级", "高级", "正高级"],
        "职称",
    );
    all_in(
        &column(&h, &rows, "骨干级别"),
        &["无", "县级", "市级", "省级"],
        "骨干级别",
    );
    all_in(
        &column(&h, &rows, "暂缓原因"),
        &["", "孕期", "哺乳期", "疾病", "其他"],
        "暂缓原因",
    );
    all_in(
        &column(&h, &rows, "学历"),
        &["中专", "专科", "本科", "硕士", "博士"],
        "学历",
    );
    all_in(
        &column(&h, &rows, "招聘类别"),
        &["普通", "特岗", "公费师范生"],
        "招聘类别",
    );
    let zh: Vec<&str> = s.subjects.values().map(|d| d.zh.as_str()).collect();
    all_in(&column(&h, &rows, "学科"), &zh, "学科");
    for d in column(&h, &rows, "出生日期") {
        chrono::NaiveDate::parse_from_str(d, "%Y/%m/%d").unwrap();
    }
    // Same roster as the English flavour, row by row.
    let ids = column(&h, &rows, "工号");
    let names = column(&h, &rows, "姓名");
    for ((t, id), name) in c.teachers.iter().zip(ids).zip(names) {
        assert_eq!((t.id.as_str(), t.name.as_str()), (id, name));
    }
    for name in ["needs.csv", "hires.csv", "pairs.csv"] {
        assert!(f[name].starts_with(b"\xEF\xBB\xBF"), "{name} has a BOM");
    }
    let (h, _) = read_csv(&f["hires.csv"][3..]);
    assert_eq!(h.join(","), "学科,人数,招聘类别,可分配区域");
}

#[test]
fn chinese_schools_are_an_xlsx_sheet_named_xuexiao() {
    let (dir, _, c) = write(&small(), Flavor::Chinese);
    let bytes = std::fs::read(dir.path().join("schools.xlsx")).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("学校").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let header: Vec<String> = rows[0].iter().map(|d| d.to_string()).collect();
    let expected = "学校代码,学校名称,区域,学段,学生数,班级数,小学班级数,初中班级数,薄弱学校,偏远,周转宿舍床位,核定编制数,纬度,经度,乡镇";
    assert_eq!(header.join(","), expected);
    assert_eq!(rows.len() - 1, c.schools.len());
    for (row, school) in rows[1..].iter().zip(&c.schools) {
        assert_eq!(row[0].to_string(), school.id);
        assert!(["城区", "镇区", "乡村", "教学点"].contains(&row[2].to_string().as_str()));
        assert!(["是", "否"].contains(&row[8].to_string().as_str()));
        assert_eq!(row[4], Data::Float(f64::from(school.students)));
    }
}
