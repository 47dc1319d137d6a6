//! The sample county the inspect tests share, with every figure worked out by hand.
//!
//! Catalogue: chinese 5, math 4, music 1 (shortage), pe 2 (shortage) periods a week in both
//! stages, load 10 — so a class needs 0.5 / 0.4 / 0.1 / 0.2 FTE of them.
//!
//! | school | area | classes | students | weight | staff (chinese, math, music, pe) | gap |
//! |---|---|---|---|---|---|---|
//! | U1 | urban | 20 | 900 | 1 | 11, 8, 1, 4 | music 1 |
//! | U2 | urban, exempt | 10 | 450 | 1 | 5, 4, 1, 2 | 0 |
//! | T1 | town, weak, junior | 10 | 400 | 1.25 | 5, 4, 0, 1 | music 1, pe 1 |
//! | R1 | rural, remote | 6 | 200 | 2.25 | 2, 2, 0, 0 | 1 + 0.4 + 0.6 + 1.2 = 3.2 |
//! | R2 | rural, nine-year 6+3 | 9 | 250 | 1.5 | 4, 4, 0, 1 | 0.5 + 0.9 + 0.8 = 2.2 |
//! | P1 | teaching point | 2 | 30 | 2 | 1, 1, 0, 0 | 0.2 + 0.4 = 0.6 |

use super::{county, d, scenario_with, school, teacher, SchoolExt};
use rotaplan::domain::{Area, County, Deferral, Gender, Programme, Stage, Teacher};
use rotaplan::scenario::Scenario;

pub const SETUP: &str = r#"
[policy]
exempt_schools = ["U2"]

[curriculum]
primary_load = 10
junior_load = 10

[subjects.chinese]
zh = "语文"
primary_periods = 5
junior_periods = 5

[subjects.math]
zh = "数学"
primary_periods = 4
junior_periods = 4

[subjects.music]
zh = "音乐"
primary_periods = 1
junior_periods = 1
shortage = true

[subjects.pe]
zh = "体育"
primary_periods = 2
junior_periods = 2
shortage = true
"#;

pub fn setup() -> (Scenario, County) {
    let sc = scenario_with(2026, SETUP);
    let schools = vec![
        school("U1", Area::Urban)
            .classes(20)
            .students(900)
            .named("城关第一小学"),
        school("U2", Area::Urban).classes(10).students(450),
        school("T1", Area::Town)
            .stage(Stage::Junior)
            .classes(10)
            .students(400)
            .weak(),
        school("R1", Area::Rural)
            .classes(6)
            .students(200)
            .remote()
            .named("石门村小"),
        school("R2", Area::Rural)
            .stage(Stage::NineYear)
            .classes(9)
            .students(250),
        school("P1", Area::TeachingPoint).classes(2).students(30),
    ];
    let staffing: [(&str, [usize; 4]); 6] = [
        ("U1", [11, 8, 1, 4]),
        ("U2", [5, 4, 1, 2]),
        ("T1", [5, 4, 0, 1]),
        ("R1", [2, 2, 0, 0]),
        ("R2", [4, 4, 0, 1]),
        ("P1", [1, 1, 0, 0]),
    ];
    let mut teachers = Vec::new();
    for (s, counts) in staffing {
        for (subject, n) in ["chinese", "math", "music", "pe"].into_iter().zip(counts) {
            for i in 1..=n {
                teachers.push(teacher(&format!("{s}-{subject}-{i}"), s, subject));
            }
        }
    }
    let edit = |teachers: &mut Vec<Teacher>, id: &str, f: &dyn Fn(&mut Teacher)| {
        f(teachers.iter_mut().find(|t| t.id == id).expect(id))
    };
    edit(&mut teachers, "U1-chinese-1", &|t| {
        t.senior_title_target_year = Some(2027)
    });
    edit(&mut teachers, "U1-math-1", &|t| {
        t.programme = Programme::PubliclyFunded
    });
    edit(&mut teachers, "U1-pe-1", &|t| {
        t.gender = Gender::Female;
        t.deferral = Some(Deferral::Pregnancy);
    });
    edit(&mut teachers, "U1-chinese-2", &|t| {
        t.deferral = Some(Deferral::Illness);
        t.senior_title_target_year = Some(2026);
    });
    edit(&mut teachers, "U1-music-1", &|t| {
        t.school_since = Some(d("2024-09-01"))
    });
    // Born January 1968: +10 months, retires 2028-11-01, within five years of the term.
    edit(&mut teachers, "T1-chinese-1", &|t| {
        t.birth_date = d("1968-01-20")
    });
    edit(&mut teachers, "T1-math-1", &|t| {
        t.school_since = Some(d("2016-09-01"))
    });
    edit(&mut teachers, "T1-math-2", &|t| {
        t.school_since = Some(d("2018-03-01"))
    });
    edit(&mut teachers, "U2-math-1", &|t| {
        t.deferral = Some(Deferral::Nursing)
    });
    edit(&mut teachers, "U2-chinese-1", &|t| {
        t.senior_title_target_year = Some(2027)
    });
    // Rural teachers are neither counted as deferred nor as must-serve.
    edit(&mut teachers, "R1-chinese-1", &|t| {
        t.deferral = Some(Deferral::Other)
    });
    edit(&mut teachers, "R1-math-1", &|t| {
        t.senior_title_target_year = Some(2027)
    });
    (sc, county(schools, teachers))
}
