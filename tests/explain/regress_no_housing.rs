//! Defect: explain said "0/0 周转宿舍床位已满" (housing beds full) for a school with no beds at
//! all. A school with 0 beds now says it has no turnover housing (无周转宿舍), in both
//! languages, and the rule is shared with the planner through `plan::diagnose`.

use crate::support::{school, solve_feature, SchoolExt};
use rotaplan::domain::{Area, County, Point, School};
use rotaplan::explain::{explain, render_text, ExplainOptions, Explanation};
use rotaplan::output::Lang;
use rotaplan::plan::diagnose::{Block, Limits, Usage};
use std::collections::BTreeMap;

fn rural(id: &str, x_km: f64, beds: Option<u32>) -> School {
    let mut s = school(id, Area::Rural).named(id).classes(5).students(150);
    s.housing_beds = beds;
    s.location = Some(Point { x_km, y_km: 0.0 });
    s
}

#[test]
fn school_without_beds_is_no_housing_not_housing_full() {
    let mut county = County {
        schools: vec![
            rural("U", 0.0, None),
            rural("NONE", 40.0, Some(0)),
            rural("ONE", 50.0, Some(1)),
            rural("FREE", 60.0, None),
            rural("NEAR", 5.0, Some(0)),
        ],
        ..County::default()
    };
    county.schools[0].area = Area::Urban;
    let policy = rotaplan::scenario::Policy::default(); // commute_km 15
    let posts: BTreeMap<(usize, String), u32> = (1..5).map(|r| ((r, "math".into()), 2)).collect();
    let caps = vec![1, 0, 0, 0, 0];
    // One teacher from U already went to ONE (50 km: takes its only bed).
    let usage = Usage::count(&county, &policy, [(0, 2, "math")]);
    let limits = Limits {
        county: &county,
        policy: &policy,
        posts: &posts,
        release_cap: &caps,
        usage: &usage,
        head_room: &[5; 5],
    };
    assert_eq!(limits.housing(1), Some(Block::NoHousing));
    assert_eq!(limits.housing(2), Some(Block::HousingFull));
    assert_eq!(limits.housing(3), None, "no limit recorded");
    assert_eq!(limits.blocks(0, 1, "math"), vec![Block::NoHousing]);
    assert_eq!(limits.blocks(0, 2, "math"), vec![Block::HousingFull]);
    assert_eq!(limits.blocks(0, 3, "math"), vec![]);
    // Within commuting distance no bed is needed, so 0 beds do not block.
    assert_eq!(limits.blocks(0, 4, "math"), vec![]);
    assert!(limits.cap_reached(0));
    assert_eq!(Block::NoHousing.key(), "no_housing");
    assert_eq!(limits.open_posts_elsewhere(0, "math"), vec![1, 2, 3, 4]);
    // A school at its headcount cap after the plan blocks too, whatever its posts.
    let full = Limits {
        head_room: &[5, 5, 5, 5, 0],
        ..limits
    };
    assert_eq!(full.blocks(0, 4, "math"), vec![Block::HeadcountFull]);
    assert_eq!(Block::HeadcountFull.key(), "headcount_full");
}

/// tests/features/pupil_floor: P1 (9 pupils, one teacher) may not grow, so explain must not
/// offer it to M as a school she could have gone to.
#[test]
fn explain_names_the_headcount_cap_of_a_point_at_the_pupil_floor() {
    let (loaded, out) = solve_feature("pupil_floor");
    for (lang, says) in [
        (Lang::Zh, "学校人数已达上限"),
        (Lang::En, "the school is at its headcount cap"),
    ] {
        let opts = ExplainOptions {
            lang,
            anonymize: None,
        };
        let e = explain(&loaded, out.path(), "M", &opts).unwrap();
        let Explanation::Teacher(t) = &e else {
            panic!("M is a teacher")
        };
        let p1 = t.alternatives.iter().find(|a| a.school_id == "P1").unwrap();
        assert_eq!(p1.blocked_by, vec!["headcount_full"]);
        let text = render_text(&e, lang, &loaded.scenario);
        assert!(text.contains(says), "{text}");
    }
}

/// tests/features/housing: P1 (a teaching point 50 km away) has a post and 0 beds.
#[test]
fn explain_says_school_has_no_turnover_housing() {
    // Planned and checked (solve_feature runs the independent checker on the folder).
    let (loaded, out) = solve_feature("housing");

    for (lang, says, wrong) in [
        (
            Lang::Zh,
            "该校无周转宿舍",
            "周转宿舍床位已满（超出通勤距离）",
        ),
        (Lang::En, "the school has no turnover housing", "0/0"),
    ] {
        let opts = ExplainOptions {
            lang,
            anonymize: None,
        };
        let e = explain(&loaded, out.path(), "C", &opts).unwrap();
        let Explanation::Teacher(t) = &e else {
            panic!("C is a teacher")
        };
        let p1 = t.alternatives.iter().find(|a| a.school_id == "P1").unwrap();
        assert_eq!(p1.blocked_by, vec!["no_housing"]);
        let text = render_text(&e, lang, &loaded.scenario);
        let line = text.lines().find(|l| l.contains("P1")).unwrap();
        assert!(line.contains(says), "{line}");
        assert!(!line.contains(wrong) && !line.contains("0/0"), "{line}");

        let s = explain(&loaded, out.path(), "P1", &opts).unwrap();
        let text = render_text(&s, lang, &loaded.scenario);
        let (label, none) = if lang == Lang::Zh {
            ("周转宿舍床位（已用/总数）: ", "无周转宿舍")
        } else {
            ("housing beds (used/total): ", "no turnover housing")
        };
        let housing = text.split(label).nth(1).expect("housing shown");
        assert!(housing.starts_with(none), "{text}");
        assert!(!housing.starts_with("0/0"), "{text}");
    }
}
