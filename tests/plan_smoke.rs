//! The optimizer on a county built in code (independent of the file loader).

use chrono::NaiveDate;
use rotaplan::domain::*;
use rotaplan::input::Loaded;
use rotaplan::plan::{plan, SolveOptions, SolveStatus};

fn school(id: &str, area: Area, classes: u32, x: f64) -> School {
    School {
        id: id.into(),
        name: id.into(),
        area,
        stage: Stage::Primary,
        students: classes * 30,
        classes,
        primary_classes: None,
        junior_classes: None,
        weak: false,
        remote: false,
        housing_beds: None,
        location: Some(Point { x_km: x, y_km: 0.0 }),
        township: None,
        source_line: 2,
    }
}

fn teacher(id: &str, school: &str, subject: &str) -> Teacher {
    Teacher {
        id: id.into(),
        name: id.into(),
        gender: Gender::Female,
        birth_date: NaiveDate::from_ymd_opt(1985, 3, 1).unwrap(),
        school_id: school.into(),
        subject: subject.into(),
        extra_subjects: vec![],
        title: None,
        backbone: Backbone::None,
        hire_date: Some(NaiveDate::from_ymd_opt(2008, 9, 1).unwrap()),
        school_since: Some(NaiveDate::from_ymd_opt(2008, 9, 1).unwrap()),
        rural_service_months: 24,
        senior_title_target_year: None,
        deferral: None,
        education: None,
        programme: Programme::Regular,
        source_line: 2,
    }
}

#[test]
fn one_music_teacher_fills_the_rural_music_post() {
    let scenario = toml::from_str(
        r#"
name = "smoke"
plan_year = 2026
[data]
schools = "s.csv"
teachers = "t.csv"
[policy]
max_send_share = 1.0
rotation_share = 0.0
backbone_share = 0.0
[subjects]
music = { zh = "音乐", primary_periods = 3.0 }
"#,
    )
    .unwrap();
    let county = County {
        schools: vec![
            school("U1", Area::Urban, 10, 0.0),
            school("R1", Area::Rural, 5, 10.0),
        ],
        teachers: vec![
            teacher("T1", "U1", "music"),
            teacher("T2", "U1", "music"),
            teacher("T3", "U1", "music"),
        ],
        ..Default::default()
    };
    let loaded = Loaded {
        path: "x".into(),
        base_dir: ".".into(),
        scenario,
        county,
        warnings: vec![],
    };
    let p = plan(
        &loaded,
        &SolveOptions {
            time_limit_seconds: 10.0,
            export_model: None,
        },
    )
    .unwrap();
    assert_eq!(p.status, SolveStatus::Optimal);
    // Urban need 10*3/15 = 2, staff 3: one surplus; rural need 5*3/15 = 1, staff 0.
    assert_eq!(p.assignments.len(), 1);
    assert_eq!(p.assignments[0].to, 1);
    assert_eq!(p.assignments[0].subject, "music");
}
