//! A planned result edited by hand, as an office does in Excel before the public notice: each
//! edit breaks one hard rule, and the independent checker must name it.

use crate::support::solve_feature;

/// Plans a feature scenario, applies `edit` to one output file, and returns the checker's codes.
fn edited(feature: &str, file: &str, edit: impl Fn(&str) -> String) -> Vec<&'static str> {
    let (loaded, checked) = solve_feature(feature);
    let before = &checked.report;
    let out = &checked.dir;
    assert!(
        before.codes().is_empty(),
        "{feature} before the edit: {}",
        before.render_text()
    );

    let path = out.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit changed nothing");
    std::fs::write(&path, changed).unwrap();
    rotaplan::check::check_plan(&loaded, out.path()).codes()
}

fn has(codes: &[&str], code: &str) -> bool {
    codes.contains(&code)
}

#[test]
fn unknown_teacher() {
    let c = edited("must_serve", "plan.csv", |t| t.replace("M1,M1", "ZZ9,ZZ9"));
    assert!(has(&c, "C-TEACHER-UNKNOWN"), "{c:?}");
}

#[test]
fn teacher_listed_twice() {
    let c = edited("gap_weights", "plan.csv", |t| {
        let row = t.lines().nth(1).unwrap().replace(",P1,", ",R1,");
        format!("{t}{row}\n")
    });
    assert!(has(&c, "C-TEACHER-TWICE"), "{c:?}");
}

#[test]
fn wrong_sending_school() {
    let c = edited("must_serve", "plan.csv", |t| {
        t.replace(",U1,R1,", ",R1,R1,")
    });
    assert!(has(&c, "C-FROM-SCHOOL"), "{c:?}");
}

#[test]
fn deferred_teacher_sent() {
    // A is pregnant: swapping her in for C breaks eligibility.
    let c = edited("deferred", "plan.csv", |t| t.replace("C,C,", "A,A,"));
    assert!(has(&c, "C-NOT-ELIGIBLE"), "{c:?}");
}

#[test]
fn sent_to_an_urban_school() {
    let c = edited("exempt", "plan.csv", |t| t.replace(",U1,R2,", ",U1,U1,"));
    assert!(has(&c, "C-DEST"), "{c:?}");
}

#[test]
fn sent_to_an_exempt_school() {
    let c = edited("exempt", "plan.csv", |t| t.replace(",U1,R2,", ",U1,R1,"));
    assert!(has(&c, "C-DEST"), "{c:?}");
}

#[test]
fn subject_not_qualified() {
    let c = edited("must_serve", "plan.csv", |t| {
        t.replace("M1,M1,music,", "M1,M1,chinese,")
    });
    assert!(has(&c, "C-SUBJECT"), "{c:?}");
}

#[test]
fn housing_overfilled() {
    // P1 is 50 km away and has no bed.
    let c = edited("housing", "plan.csv", |t| t.replace(",U1,R1,", ",U1,P1,"));
    assert!(has(&c, "C-HOUSING"), "{c:?}");
}

#[test]
fn release_limit_exceeded() {
    let c = edited("release_cap", "plan.csv", |t| {
        let row = t
            .lines()
            .nth(1)
            .unwrap()
            .replace("A,A,", "B,B,")
            .replace(",R1,", ",R2,");
        format!("{t}{row}\n")
    });
    assert!(has(&c, "C-RELEASE"), "{c:?}");
}

#[test]
fn dates_off_the_term() {
    let c = edited("must_serve", "plan.csv", |t| {
        t.replace("2026-09-01", "2026-10-01")
    });
    assert!(has(&c, "C-DATES"), "{c:?}");
}

#[test]
fn no_open_post() {
    // P1 has one music post, already filled by A.
    let c = edited("gap_weights", "plan.csv", |t| {
        let row = t.lines().nth(1).unwrap().replace("A,A,", "B,B,");
        format!("{t}{row}\n")
    });
    assert!(has(&c, "C-POSTS"), "{c:?}");
}

#[test]
fn hires_miscounted() {
    let c = edited("hires", "hires.csv", |t| {
        t.replace("U1,music,1,regular", "U1,music,2,regular")
    });
    assert!(has(&c, "C-HIRE-COUNT"), "{c:?}");
}

#[test]
fn tegang_hire_in_town() {
    let c = edited("hires", "hires.csv", |t| {
        t.replace("R1,music,1,tegang", "U1,music,1,tegang")
    });
    assert!(has(&c, "C-HIRE-AREA"), "{c:?}");
}

#[test]
fn hire_to_unknown_school() {
    let c = edited("hires", "hires.csv", |t| {
        t.replace("R1,music,1,tegang", "X9,music,1,tegang")
    });
    assert!(has(&c, "C-HIRE-SCHOOL"), "{c:?}");
}

#[test]
fn must_serve_teacher_dropped() {
    let c = edited("must_serve", "plan.csv", |t| {
        t.lines().next().unwrap().to_string() + "\n"
    });
    assert!(has(&c, "C-MUST-SERVE"), "{c:?}");
}

#[test]
fn the_music_teacher_sent_on_exchange_instead() {
    // C1 is R1's only teacher of music: sending C1 instead of C2 leaves R1's music untaught
    let c = edited("exchange_keeps_classes", "plan.csv", |t| {
        t.replace("C2,C2,", "C1,C1,")
    });
    assert!(has(&c, "C-EXCHANGE-COVER"), "{c:?}");
}
