//! Establishment posts, headcount caps and open posts (rules 1–5 of plan-format.md) on small
//! hand-built counties; every expected number is derived in the comments.

use super::mini::*;
use crate::support::fixture::violation_at;
use crate::support::*;
use rotaplan::domain::{Area, County, HireBatch, Programme, Stage, Teacher};

fn batch(subject: &str, count: u32, programme: Programme) -> HireBatch {
    HireBatch {
        subject: subject.into(),
        count,
        programme,
        areas: None,
        source_line: 2,
    }
}

fn staff(prefix: &str, school: &str, subject: &str, n: usize) -> Vec<Teacher> {
    (1..=n)
        .map(|i| teacher(&format!("{prefix}{i:02}"), school, subject))
        .collect()
}

/// N1: town nine-year school, 10 classes (6 primary, 4 junior), 300 pupils, 17 math teachers;
/// music need 5.0 from the needs file, so music posts are open. P1: teaching point, 3 classes,
/// 22 pupils (7.3 a class, under the default 15: one combined class), nobody. R1: rural,
/// 6 classes, 120 pupils, nobody.
fn nine_year_county() -> County {
    let mut c = county(
        vec![
            school("N1", Area::Town)
                .stage(Stage::NineYear)
                .classes(10)
                .split(Some(6), Some(4))
                .students(300),
            school("P1", Area::TeachingPoint).classes(3).students(22),
            school("R1", Area::Rural).classes(6).students(120),
        ],
        staff("N", "N1", "math", 17),
    );
    c.needs = vec![need("N1", "music", 5.0)];
    c.hires = vec![batch("music", 5, Programme::Regular)];
    c
}

#[test]
fn hires_fill_vacant_posts_of_a_nine_year_school_only() {
    // est(N1): pupils shared 6:4 → P 180, J 120; ⌈180/19 + 120/13.5⌉ = ⌈9.474 + 8.889⌉ = 19
    // (no class minimum in town). Vacant: 19 − 17 = 2. Allowance 1 keeps C-HEADCOUNT out.
    let mut f = mini("", nine_year_county());
    f.loaded.scenario.establishment.allowance = 1;
    f.hires.push("N1,music,2,regular".into());
    assert!(codes(&f).is_empty(), "{}", f.check().render_text());

    f.hires[1] = "N1,music,3,regular".into();
    let r = f.check();
    assert_eq!(r.codes(), ["C-ESTABLISHMENT"], "{}", r.render_text());
    assert!(violation_at(&r, "C-ESTABLISHMENT", "hires.csv", 2));
    let v = &r.violations[0];
    assert!(
        v.rule.contains("N1") && v.rule.contains("19") && v.rule.contains("核定编制"),
        "{}",
        v.rule
    );
    let zh = v.rule_in(rotaplan::output::Lang::Zh);
    assert!(
        zh.starts_with("学校 N1 核定编制 19 个，规划前在编 17 人，空编 2 个，但 hires.csv 在该校安排新教师 3 人"),
        "{zh}"
    );

    // A teacher rotated out keeps the post (交流不转编): still 2 vacant.
    f.plan.push(move_row("N01", "math", "N1", "R1", "rotation"));
    assert_eq!(codes(&f), ["C-ESTABLISHMENT"]);
    f.hires[1] = "N1,music,2,regular".into();
    assert!(codes(&f).is_empty());

    // An establishment given in the schools file replaces the computed one.
    f.loaded.county.schools[0].establishment = Some(20);
    f.hires[1] = "N1,music,3,regular".into();
    assert!(codes(&f).is_empty(), "{}", f.check().render_text());
}

#[test]
fn staffing_rows_of_a_nine_year_school_and_a_teaching_point() {
    let mut f = mini("", nine_year_county());
    f.loaded.scenario.establishment.allowance = 1;
    f.hires.push("N1,music,2,regular".into());
    // N1: needs math 6 × 6/15 + 4 × 4/12 = 3.7333, music 5 (file), science 6 × 3/15 = 1.2;
    // 17 math teachers cover the 3.7333 of math: gap before 6.2; nobody covers anything in
    // coverage.csv: gap after 9.9333. Pupils per teacher 300/17 = 17.65, 300/19 = 15.79.
    // P1 combines its 3 classes (22/3 = 7.3 pupils a class < 15) into max(1, ⌈22/25⌉) = 1
    // teaching group: est max(⌈22/19⌉, ⌈1 × 1.7⌉) = 2, cap 2 + 1; needs of one group
    // 6/15 + 2/15 + 3/15 = 0.7333 uncovered. Neither school is below 5 pupils per teacher.
    f.staffing.push("N1,N1 school,town,nine_year,300,10,10,19,computed,17,0,0,0,0,2,19,20,0,0,17.65,15.79,0,6.2000,9.9333".into());
    f.staffing.push(
        "P1,P1 school,教学点,小学,22,3,1,2,computed,0,0,0,0,0,0,0,3,0,2,,,0,0.7333,0.7333".into(),
    );
    let r = f.check();
    let wrong: Vec<_> = r
        .mismatches
        .iter()
        .filter(|m| m.code == "C-STAFFING" && (m.key.starts_with("N1") || m.key.starts_with("P1")))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");

    f.staffing[1] = f.staffing[1].replace(",19,computed,", ",18,computed,");
    f.staffing[2] = f.staffing[2].replace(",3,0,2,,,", ",3,0,1,,,");
    f.staffing[2] = f.staffing[2].replace(",22,3,1,2,", ",22,3,3,2,");
    let r = f.check();
    assert!(mismatch(&r, "C-STAFFING", "N1 establishment"));
    assert!(mismatch(&r, "C-STAFFING", "P1 vacant_after"));
    assert!(mismatch(&r, "C-STAFFING", "P1 teaching_groups"));
    assert!(r
        .mismatches
        .iter()
        .any(|m| m.key == "N1 establishment" && m.recomputed == "19"));
}

fn mismatch(r: &rotaplan::check::CheckReport, code: &str, key: &str) -> bool {
    crate::support::fixture::mismatch(r, code, key)
}

/// U1: urban, 6 classes, 2 music and 8 math teachers. R2: rural, 2 classes, 20 pupils, 3 math
/// teachers, music need 2.0 from the needs file.
fn headcount_county() -> County {
    let mut teachers = staff("UM", "U1", "music", 2);
    teachers.extend(staff("UA", "U1", "math", 8));
    teachers.extend(staff("RA", "R2", "math", 3));
    let mut c = county(
        vec![
            school("U1", Area::Urban).classes(6).students(240),
            school("R2", Area::Rural).classes(2).students(60),
        ],
        teachers,
    );
    c.needs = vec![need("R2", "music", 2.0)];
    c
}

#[test]
fn rotations_may_not_take_a_school_above_establishment_plus_allowance() {
    // est(R2) = max(⌈60/19⌉, ⌈2 × 1.7⌉) = 4; 3 before + 2 rotated in = 5 > max(4 + 0, 3).
    // (60 pupils: 12 per teacher after, above the pupil floor, so only this rule is broken.)
    // Music posts: the math teachers cannot teach music, so open(R2, music) = ⌈2.0⌉ = 2.
    let mut f = mini("", headcount_county());
    f.plan
        .push(move_row("UM01", "music", "U1", "R2", "rotation"));
    f.plan
        .push(move_row("UM02", "music", "U1", "R2", "rotation"));
    let r = f.check();
    assert_eq!(r.codes(), ["C-HEADCOUNT"], "{}", r.render_text());
    assert!(violation_at(&r, "C-HEADCOUNT", "plan.csv", 2));
    assert!(violation_at(&r, "C-HEADCOUNT", "plan.csv", 3));
    assert!(
        r.violations[0].rule.contains("ends with 5"),
        "{}",
        r.violations[0].rule
    );

    f.loaded.scenario.establishment.allowance = 1;
    assert!(codes(&f).is_empty());
    f.loaded.scenario.establishment.allowance = 0;
    f.plan.pop();
    assert!(codes(&f).is_empty(), "4 = the establishment");
}

#[test]
fn open_posts_at_a_teaching_point_count_what_the_staff_leave_uncovered() {
    // P2: 6 classes of 15 pupils (not few enough to combine) → math 2.4, music 0.8, science 1.2; one math teacher, who may also teach
    // science (a general subject at a teaching point). Subjects are covered in id order:
    // math 1.0 first (all the teacher has), science 0: open(P2, math) = ⌈2.4 − 1.0⌉ = 2.
    let mut teachers = staff("UA", "U1", "math", 8);
    teachers.push(teacher("PA1", "P2", "math"));
    let mut c = county(
        vec![
            school("U1", Area::Urban).classes(6).students(240),
            school("P2", Area::TeachingPoint).classes(6).students(90),
        ],
        teachers,
    );
    c.hires = vec![batch("math", 1, Programme::Tegang)];
    let mut f = mini("", c);
    f.plan
        .push(move_row("UA01", "math", "U1", "P2", "rotation"));
    f.hires.push("P2,math,1,tegang".into());
    assert!(codes(&f).is_empty(), "{}", f.check().render_text());

    f.plan
        .push(move_row("UA02", "math", "U1", "P2", "rotation"));
    let r = f.check();
    assert_eq!(r.codes(), ["C-POSTS"], "{}", r.render_text());
    for line in [2, 3] {
        assert!(violation_at(&r, "C-POSTS", "plan.csv", line));
    }
    assert!(violation_at(&r, "C-POSTS", "hires.csv", 2));
    assert!(
        r.violations[0].rule.contains("2 open math"),
        "{}",
        r.violations[0].rule
    );
}

#[test]
fn a_staff_member_teaching_an_extra_subject_leaves_no_post() {
    // R4: 1 class → math 0.4, music 0.1333, science 0.2. RA1 teaches math and music (extra),
    // and science (general): 0.7333 ≤ 1 FTE covers everything, so open(R4, music) = 0.
    let ra1 = Teacher {
        extra_subjects: vec!["music".into()],
        ..teacher("RA1", "R4", "math")
    };
    let mut teachers = staff("UM", "U1", "music", 2);
    teachers.push(ra1);
    let c = county(
        vec![
            school("U1", Area::Urban).classes(6).students(240),
            school("R4", Area::Rural).classes(1).students(10),
        ],
        teachers,
    );
    let mut f = mini("", c);
    f.plan
        .push(move_row("UM01", "music", "U1", "R4", "rotation"));
    let r = f.check();
    assert_eq!(r.codes(), ["C-POSTS"], "{}", r.render_text());
    assert!(
        r.violations[0].rule.contains("0 open music"),
        "{}",
        r.violations[0].rule
    );

    // Without the extra subject, music (0.1333) is uncovered: one open post.
    f.loaded.county.teachers[2].extra_subjects.clear();
    assert!(codes(&f).is_empty(), "{}", f.check().render_text());
}

#[test]
fn a_hire_may_take_the_classes_of_a_teacher_who_rotates_out() {
    // 以新补缺: U1's two music teachers cover its music (0.6667 FTE), so U1 has no open music
    // post. When UM01 rotates to R1, the classes UM01 leaves open a post a music hire may take
    // (U1 has vacant posts), one, not two; without the rotation the hire is refused.
    let c = {
        let mut c = county(
            vec![
                school("U1", Area::Urban).classes(5).students(300),
                school("R1", Area::Rural).classes(5).students(100),
            ],
            staff("UM", "U1", "music", 2),
        );
        c.hires = vec![batch("music", 2, Programme::Regular)];
        c
    };
    let mut f = mini("", c);
    f.plan
        .push(move_row("UM01", "music", "U1", "R1", "rotation"));
    f.hires.push("U1,music,1,regular".into());
    assert!(codes(&f).is_empty(), "{}", f.check().render_text());

    *f.hires.last_mut().unwrap() = "U1,music,2,regular".into();
    let r = f.check();
    assert_eq!(r.codes(), ["C-POSTS"], "{}", r.render_text());
    assert!(violation_at(&r, "C-POSTS", "hires.csv", 2));
    assert!(
        r.violations[0].rule.contains("1 open music")
            && r.violations[0].rule.contains("rotated out"),
        "{}",
        r.violations[0].rule
    );

    *f.hires.last_mut().unwrap() = "U1,music,1,regular".into();
    f.plan.pop();
    let r = f.check();
    assert_eq!(r.codes(), ["C-POSTS"], "{}", r.render_text());
    assert!(violation_at(&r, "C-POSTS", "hires.csv", 2));
}
