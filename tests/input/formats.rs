//! Files as bureaus really produce them load correctly: UTF-8 with and without BOM, GBK with
//! Chinese headers and values, XLSX with a named sheet and Excel date cells, headers mapped in
//! the scenario, lat/lon projected to km, and warnings returned on success.

use chrono::NaiveDate;
use rotaplan::domain::{Area, Backbone, Deferral, Programme, Stage, Title};
use rotaplan::input::{load, Loaded};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::Path;

const SCENARIO: &str = "name = \"t\"\nplan_year = 2026\n[data]\nschools = \"schools.csv\"\nteachers = \"teachers.csv\"\n";
const SCHOOLS: &str = "school_id,name,area,stage,students,classes\nS01,城关小学,urban,primary,800,16\nS02,河口小学,rural,primary,120,6\n";
const TEACHERS_ZH: &str = "工号,姓名,性别,出生日期,学校代码,学科,职称,骨干级别,招聘类别\nT001,张伟,男,1985-03-12,S01,语文,中级,县级,\nT002,李娜,女,1990/5/6,S02,音乐,初级,,特岗\n";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn write_all(dir: &Path, files: &[(&str, &[u8])]) {
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

fn load_ok(dir: &Path) -> Loaded {
    match load(&dir.join("scenario.toml")) {
        Ok(l) => l,
        Err(diags) => panic!(
            "{}",
            diags.iter().map(|d| format!("\n  {d}")).collect::<String>()
        ),
    }
}

fn check_zh_teachers(l: &Loaded) {
    let t = &l.county.teachers;
    assert_eq!(t.len(), 2);
    assert_eq!(
        (t[0].id.as_str(), t[0].name.as_str(), t[0].subject.as_str()),
        ("T001", "张伟", "chinese")
    );
    assert_eq!(t[0].title, Some(Title::Intermediate));
    assert_eq!(t[0].backbone, Backbone::County);
    assert_eq!(t[1].birth_date, date(1990, 5, 6));
    assert_eq!(t[1].subject, "music");
    assert_eq!(t[1].programme, Programme::Tegang);
    assert_eq!(t[1].source_line, 3);
}

#[test]
fn utf8_without_and_with_bom() {
    for bom in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let mut teachers = if bom {
            b"\xEF\xBB\xBF".to_vec()
        } else {
            Vec::new()
        };
        teachers.extend_from_slice(TEACHERS_ZH.as_bytes());
        write_all(
            dir.path(),
            &[
                ("scenario.toml", SCENARIO.as_bytes()),
                ("schools.csv", SCHOOLS.as_bytes()),
                ("teachers.csv", &teachers),
            ],
        );
        check_zh_teachers(&load_ok(dir.path()));
    }
}

#[test]
fn gbk_with_chinese_headers_auto_and_forced() {
    let (schools, _, bad) = encoding_rs::GBK.encode("学校代码,学校名称,区域,学段,学生数,班级数\nS01,城关小学,城区,小学,800,16\nS02,河口小学,乡村,小学,120,6\n");
    assert!(!bad);
    let (teachers, _, _) = encoding_rs::GBK.encode(TEACHERS_ZH);
    let forced = format!(
        "{}[data.teachers]\npath = \"teachers.csv\"\nencoding = \"gbk\"\n",
        SCENARIO.replace("teachers = \"teachers.csv\"\n", "")
    );
    for scenario in [SCENARIO.to_string(), forced] {
        let dir = tempfile::tempdir().unwrap();
        write_all(
            dir.path(),
            &[
                ("scenario.toml", scenario.as_bytes()),
                ("schools.csv", &schools),
                ("teachers.csv", &teachers),
            ],
        );
        let l = load_ok(dir.path());
        check_zh_teachers(&l);
        assert_eq!(l.county.schools[0].name, "城关小学");
        assert_eq!(l.county.schools[1].area, Area::Rural);
    }
}

fn roster_xlsx(path: &Path) {
    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("说明")
        .unwrap()
        .write_string(0, 0, "教师花名册，导出自人事系统")
        .unwrap();
    let ws = book.add_worksheet();
    ws.set_name("教师").unwrap();
    let day = Format::new().set_num_format("yyyy/m/d");
    // A blank row and a title row above the header, as exports often have; data from column B.
    ws.write_string(1, 1, "").unwrap();
    for (c, h) in [
        "工号",
        "姓名",
        "性别",
        "出生日期",
        "学校代码",
        "学科",
        "参加工作时间",
        "乡村任教月数",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(2, 1 + c as u16, *h).unwrap();
    }
    let rows = [
        (
            "T001",
            "张伟",
            "男",
            (1985, 3, 12),
            "S01",
            "语文",
            (2007, 9, 1),
            0.0,
        ),
        (
            "T002",
            "李娜",
            "女",
            (1990, 5, 6),
            "S02",
            "music",
            (2012, 8, 1),
            12.0,
        ),
    ];
    for (i, (id, name, g, birth, school, subject, hire, months)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string(r, 1, *id).unwrap();
        ws.write_string(r, 2, *name).unwrap();
        ws.write_string(r, 3, *g).unwrap();
        ws.write_datetime_with_format(
            r,
            4,
            ExcelDateTime::from_ymd(birth.0, birth.1, birth.2).unwrap(),
            &day,
        )
        .unwrap();
        ws.write_number(r, 5, school.trim_start_matches('S').parse::<f64>().unwrap())
            .unwrap();
        ws.write_string(r, 6, *subject).unwrap();
        ws.write_datetime_with_format(
            r,
            7,
            ExcelDateTime::from_ymd(hire.0, hire.1, hire.2).unwrap(),
            &day,
        )
        .unwrap();
        ws.write_number(r, 8, *months).unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn xlsx_named_sheet_with_excel_dates_and_numbers() {
    let dir = tempfile::tempdir().unwrap();
    roster_xlsx(&dir.path().join("花名册.xlsx"));
    // School ids typed as numbers in Excel (1, 2) must come out as "1", "2", not "1.0".
    let schools = "school_id,name,area,stage,students,classes\n1,城关小学,urban,primary,800,16\n2,河口小学,rural,primary,120,6\n";
    let scenario = "name = \"t\"\nplan_year = 2026\n[data]\nschools = \"schools.csv\"\n[data.teachers]\npath = \"花名册.xlsx\"\nsheet = \"教师\"\n";
    write_all(
        dir.path(),
        &[
            ("scenario.toml", scenario.as_bytes()),
            ("schools.csv", schools.as_bytes()),
        ],
    );
    let l = load_ok(dir.path());
    let t = &l.county.teachers;
    assert_eq!(t.len(), 2);
    assert_eq!(t[0].birth_date, date(1985, 3, 12));
    assert_eq!(t[1].hire_date, Some(date(2012, 8, 1)));
    assert_eq!(t[1].school_id, "2");
    assert_eq!(t[1].rural_service_months, 12);
    // Excel row numbers: header on row 3, data on rows 4 and 5.
    assert_eq!((t[0].source_line, t[1].source_line), (4, 5));
}

#[test]
fn xlsx_errors_point_at_excel_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    roster_xlsx(&dir.path().join("roster.xlsx"));
    // Schools "1" and "2" are unknown here, so both teacher rows reference unknown schools.
    let scenario = "name = \"t\"\nplan_year = 2026\n[data]\nschools = \"schools.csv\"\n[data.teachers]\npath = \"roster.xlsx\"\nsheet = \"教师\"\n";
    write_all(
        dir.path(),
        &[
            ("scenario.toml", scenario.as_bytes()),
            ("schools.csv", SCHOOLS.as_bytes()),
        ],
    );
    let diags = load(&dir.path().join("scenario.toml")).unwrap_err();
    let refs: Vec<_> = diags
        .iter()
        .filter(|d| d.code == "E-REF-SCHOOL")
        .map(|d| (d.file.as_deref(), d.line, d.column))
        .collect();
    assert_eq!(
        refs,
        vec![
            (Some("roster.xlsx"), Some(4), Some(6)),
            (Some("roster.xlsx"), Some(5), Some(6))
        ]
    );
}

#[test]
fn scenario_column_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let teachers =
        "人员编号,身份证姓名,性别,出生年月,所在学校,任教学科\nT001,张伟,男,1985-03,S01,数学\n";
    let scenario = "name = \"t\"\nplan_year = 2026\n[data]\nschools = \"schools.csv\"\n[data.teachers]\npath = \"teachers.csv\"\ncolumns = { \"人员编号\" = \"teacher_id\", \"身份证姓名\" = \"name\", \"所在学校\" = \"学校代码\" }\n";
    write_all(
        dir.path(),
        &[
            ("scenario.toml", scenario.as_bytes()),
            ("schools.csv", SCHOOLS.as_bytes()),
            ("teachers.csv", teachers.as_bytes()),
        ],
    );
    let l = load_ok(dir.path());
    let t = &l.county.teachers[0];
    assert_eq!(
        (
            t.id.as_str(),
            t.name.as_str(),
            t.school_id.as_str(),
            t.subject.as_str()
        ),
        ("T001", "张伟", "S01", "math")
    );
    assert_eq!(t.birth_date, date(1985, 3, 1));
}

#[test]
fn lat_lon_projected_around_the_mean_and_plane_used_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let schools = "school_id,name,area,stage,students,classes,纬度,经度\nS01,城关小学,urban,primary,800,16,28.0,115.0\nS02,河口小学,rural,primary,120,6,29.0,116.0\n";
    write_all(
        dir.path(),
        &[
            ("scenario.toml", SCENARIO.as_bytes()),
            ("schools.csv", schools.as_bytes()),
            ("teachers.csv", TEACHERS_ZH.as_bytes()),
        ],
    );
    let l = load_ok(dir.path());
    let a = l.county.schools[0].location.unwrap();
    let b = l.county.schools[1].location.unwrap();
    let kx = 111.32 * 28.5f64.to_radians().cos();
    assert!(
        (a.x_km + 0.5 * kx).abs() < 1e-9 && (b.x_km - 0.5 * kx).abs() < 1e-9,
        "{a:?} {b:?}"
    );
    assert!(
        (a.y_km + 0.5 * 110.574).abs() < 1e-9 && (b.y_km - 0.5 * 110.574).abs() < 1e-9,
        "{a:?} {b:?}"
    );

    let schools = "school_id,name,area,stage,students,classes,x_km,y_km\nS01,城关小学,urban,primary,800,16,0,0\nS02,河口小学,rural,primary,120,6,3,4\n";
    std::fs::write(dir.path().join("schools.csv"), schools).unwrap();
    let l = load_ok(dir.path());
    let (a, b) = (
        l.county.schools[0].location.unwrap(),
        l.county.schools[1].location.unwrap(),
    );
    assert_eq!(a.distance_km(b), 5.0);
}

#[test]
fn good_fixture_loads_with_warnings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/basic");
    let l = load_ok(&dir);
    let c = &l.county;
    assert_eq!(
        (
            c.schools.len(),
            c.teachers.len(),
            c.needs.len(),
            c.hires.len(),
            c.pairs.len()
        ),
        (5, 7, 2, 2, 2)
    );
    let s3 = c.school("S03").unwrap();
    assert_eq!(
        (
            s3.stage,
            s3.primary_classes,
            s3.junior_classes,
            s3.weak,
            s3.housing_beds
        ),
        (Stage::NineYear, Some(6), Some(3), true, Some(4))
    );
    let s4 = c.school("S04").unwrap();
    assert_eq!(
        (s4.area, s4.remote, s4.township.as_deref()),
        (Area::TeachingPoint, true, Some("石桥乡"))
    );
    let t3 = &c.teachers[2];
    assert_eq!(
        (t3.birth_date, t3.hire_date, t3.school_since),
        (
            date(1978, 11, 2),
            Some(date(1999, 9, 1)),
            Some(date(2010, 9, 1))
        )
    );
    assert_eq!(c.teachers[3].birth_date, date(1995, 1, 20));
    assert_eq!(
        c.teachers[4].extra_subjects,
        vec!["music".to_string(), "art".to_string()]
    );
    assert_eq!(c.teachers[5].deferral, Some(Deferral::Pregnancy));
    assert_eq!(c.needs[1].subject, "art");
    assert_eq!(
        c.hires[0].areas,
        Some(vec![Area::Rural, Area::TeachingPoint])
    );
    assert_eq!(c.hires[1].programme, Programme::Regular);
    assert_eq!(l.scenario.policy.exempt_schools, vec!["S02".to_string()]);
    let warnings: Vec<(&str, Option<&str>, Option<usize>)> = l
        .warnings
        .iter()
        .map(|w| (w.code, w.file.as_deref(), w.line))
        .collect();
    assert_eq!(
        warnings,
        vec![
            ("W-SCHOOL-NO-TEACHERS", Some("schools.csv"), Some(6)),
            ("W-SCHOOL-EMPTY", Some("schools.csv"), Some(6)),
            ("W-AGE", Some("teachers.csv"), Some(8)),
        ]
    );
    assert!(l.warnings.iter().all(|w| !w.is_error()));
}
