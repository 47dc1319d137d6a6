//! The service ledger (`[data] service`): derived where the roster is empty, an error at the
//! roster's cell where they disagree.

use crate::support::d;
use std::path::Path;

const SCHOOLS: &str = "school_id,name,area,stage,students,classes\n\
U1,城区一小,urban,primary,400,10\n\
R1,乡村小学,rural,primary,120,6\n";

fn write(dir: &Path, teachers: &str, service: &str) -> std::path::PathBuf {
    std::fs::write(
        dir.join("scenario.toml"),
        "name = \"台账县 2027\"\nplan_year = 2027\n[data]\nschools = \"schools.csv\"\nteachers = \"teachers.csv\"\nservice = \"service.csv\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("schools.csv"), SCHOOLS).unwrap();
    std::fs::write(dir.join("teachers.csv"), teachers).unwrap();
    std::fs::write(dir.join("service.csv"), service).unwrap();
    dir.join("scenario.toml")
}

/// A rotated in 2025–26 (12 months) and on exchange before that (0); B has one recorded by
/// hand (6 months); C's ledger row is of a term still running; D is not in the ledger.
const SERVICE: &str = "工号,学校代码,类型,开始日期,结束日期,记入乡村任教月数,来源\n\
A,R1,交流轮岗,2025-09-01,2026-08-31,12,plan 2025\n\
A,U1,exchange,2022-09-01,2023-08-31,0,plan 2022\n\
B,R1,手工记录,2015-03-01,2015-08-31,6,档案\n\
C,R1,rotation,2026-09-01,2028-08-31,12,plan 2026\n\
X,R1,rotation,2019-09-01,2020-08-31,12,plan 2019\n";

#[test]
fn empty_roster_cells_are_derived_from_the_ledger() {
    let tmp = tempfile::tempdir().unwrap();
    let teachers = "teacher_id,name,gender,birth_date,school_id,subject,hire_date,school_since,rural_service_months,last_term_end\n\
A,甲,female,1985-01-01,U1,math,2008-09-01,,,\n\
B,乙,male,1980-01-01,U1,chinese,2003-09-01,2010-09-01,,\n\
C,丙,male,1990-01-01,U1,math,2012-09-01,2012-09-01,12,\n\
D,丁,female,1992-01-01,R1,math,2014-09-01,,,\n";
    let path = write(tmp.path(), teachers, SERVICE);
    let loaded = rotaplan::input::load(&path).unwrap_or_else(|e| panic!("{e:?}"));
    let t = |id: &str| loaded.county.teachers.iter().find(|t| t.id == id).unwrap();
    // A: 12 + 0 months; the last term ended 2026-08-31; years in school from the return
    assert_eq!(t("A").rural_service_months, 12);
    assert_eq!(t("A").last_term_end, Some(d("2026-08-31")));
    assert_eq!(t("A").school_since, Some(d("2026-09-01")));
    // B: 6 months recorded by hand; no term, so nothing else changes
    assert_eq!(t("B").rural_service_months, 6);
    assert_eq!(t("B").last_term_end, None);
    assert_eq!(t("B").school_since, Some(d("2010-09-01")));
    // C: the term runs on past the term start: credited, but no rest and no return yet
    assert_eq!(t("C").rural_service_months, 12);
    assert_eq!(t("C").last_term_end, None);
    // D: not in the ledger
    assert_eq!(t("D").rural_service_months, 0);
    assert_eq!(
        loaded.service.len(),
        5,
        "X (no longer on the roster) is history, kept"
    );
    // A is resting (2026-08-31 + 2 years ≥ 2027-09-01): not eligible this year
    let u1 = loaded.county.schools.iter().find(|s| s.id == "U1").unwrap();
    let st = rotaplan::rules::teacher_status(t("A"), u1, &loaded.scenario);
    assert!(!st.eligible);
}

#[test]
fn a_roster_that_disagrees_with_the_ledger_is_an_error_at_its_cell() {
    let tmp = tempfile::tempdir().unwrap();
    // A: 6 months < 12; last_term_end 2025-08-31 ≠ 2026-08-31; school_since before the return
    let teachers = "teacher_id,name,gender,birth_date,school_id,subject,hire_date,school_since,rural_service_months,last_term_end\n\
D,丁,female,1992-01-01,R1,math,2014-09-01,,,\n\
A,甲,female,1985-01-01,U1,math,2008-09-01,2008-09-01,6,2025-08-31\n";
    let path = write(tmp.path(), teachers, SERVICE);
    let Err(diags) = rotaplan::input::load(&path) else {
        panic!("expected errors")
    };
    let find = |code: &str| {
        diags
            .iter()
            .find(|x| x.code == code)
            .unwrap_or_else(|| panic!("{code} missing: {diags:?}"))
    };
    let months = find("E-SERVICE-MONTHS");
    assert_eq!(
        (months.file.as_deref(), months.line, months.column),
        (Some("teachers.csv"), Some(3), Some(9))
    );
    assert!(
        months.message.contains("service.csv line 2, 3"),
        "{}",
        months.message
    );
    let end = find("E-SERVICE-TERM-END");
    assert_eq!((end.line, end.column), (Some(3), Some(10)));
    assert!(end.message.contains("2026-08-31"), "{}", end.message);
    let since = find("E-SERVICE-SINCE");
    assert_eq!((since.line, since.column), (Some(3), Some(8)));

    // and the CLI: every error at once, exit 2
    let o = crate::support::rotaplan(&["validate", path.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    let err = crate::support::text(&o.stderr);
    assert!(
        err.contains("teachers.csv:3:9: error[E-SERVICE-MONTHS]"),
        "{err}"
    );
}

#[test]
fn a_ledger_row_with_a_bad_kind_or_dates_is_an_error_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let teachers = "teacher_id,name,gender,birth_date,school_id,subject\n\
A,甲,female,1985-01-01,U1,math\n";
    let service = "teacher_id,school_id,kind,start_date,end_date\n\
A,R1,holiday,2025-09-01,2026-08-31\n\
A,R1,rotation,2025-09-01,2024-08-31\n";
    let path = write(tmp.path(), teachers, service);
    let Err(diags) = rotaplan::input::load(&path) else {
        panic!("expected errors")
    };
    let at = |code: &str| {
        diags
            .iter()
            .find(|x| x.code == code)
            .map(|x| (x.line, x.column))
    };
    assert_eq!(at("E-VALUE-KIND"), Some((Some(2), Some(3))), "{diags:?}");
    assert_eq!(at("E-SERVICE-DATES"), Some((Some(3), Some(5))), "{diags:?}");
}

#[test]
fn the_ledger_command_shows_a_record_and_the_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let teachers = "teacher_id,name,gender,birth_date,school_id,subject,hire_date,senior_title_target_year,programme\n\
A,甲,female,1985-01-01,U1,math,2008-09-01,,regular\n\
B,乙,male,1980-01-01,U1,chinese,2003-09-01,2029,regular\n\
C,丙,male,1990-01-01,U1,math,2012-09-01,,regular\n\
G,戊,female,1999-01-01,R1,math,2024-09-01,,tegang\n";
    let path = write(tmp.path(), teachers, SERVICE);
    let scenario = path.to_str().unwrap();
    let o = crate::support::rotaplan(&["ledger", scenario, "--teacher", "A", "--json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        crate::support::text(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rural_service_months"], 12);
    assert_eq!(v["last_term_end"], "2026-08-31");
    assert_eq!(v["rests_until"], "2028-08-31");
    assert_eq!(v["eligible"], false);
    assert_eq!(v["stints"].as_array().unwrap().len(), 2);

    let o = crate::support::rotaplan(&["ledger", scenario, "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rows"], 5);
    assert_eq!(v["rows_of_former_teachers"], 1, "X");
    assert_eq!(v["resting"], 1, "A");
    let still = v["still_to_serve"].as_array().unwrap();
    assert_eq!(still.len(), 1, "{still:?}");
    assert_eq!(
        (
            still[0]["teacher_id"].as_str(),
            still[0]["lacking"].as_u64()
        ),
        (Some("B"), Some(6))
    );
    let ending = v["tegang_ending"].as_array().unwrap();
    assert_eq!(
        ending.len(),
        1,
        "G: hired 2024-09-01, 3 years end by 2028-09-01"
    );
    assert_eq!(ending[0]["term_ends"], "2027-08-31");

    let o = crate::support::rotaplan(&["ledger", scenario]);
    let out = crate::support::text(&o.stdout);
    assert!(out.contains("评高级前仍须到乡村任教: 1"), "{out}");
    let o = crate::support::rotaplan(&["ledger", scenario, "--teacher", "Z"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(crate::support::text(&o.stderr).contains("花名册中无此教师"));
}
