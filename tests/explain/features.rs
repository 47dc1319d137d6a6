//! `explain` on feature scenarios whose plans are known by hand (tests/features/*/scenario.toml
//! say why): a must-serve teacher, teachers not chosen (posts full, housing full), receiving
//! schools. Every plan is written and checked by the independent checker first.

use crate::support::{feature_dir, solve_feature};
use rotaplan::explain::{explain, ExplainError, ExplainOptions, Explanation};
use rotaplan::input::Loaded;
use rotaplan::output::Lang;
use serde::Deserialize;
use std::process::Command;

/// Plans, writes and checks a feature; returns the loaded scenario and the plan folder.
fn planned(name: &str) -> (Loaded, tempfile::TempDir) {
    let (loaded, checked) = solve_feature(name);
    let report = &checked.report;
    assert!(report.is_ok(), "{name}: {}", report.render_text());
    (loaded, checked.into_folder().1)
}

fn teacher(
    loaded: &Loaded,
    dir: &std::path::Path,
    id: &str,
) -> rotaplan::explain::TeacherExplanation {
    match explain(loaded, dir, id, &ExplainOptions::default()).unwrap() {
        Explanation::Teacher(t) => *t,
        Explanation::School(_) => panic!("{id} explained as a school"),
    }
}

fn school(
    loaded: &Loaded,
    dir: &std::path::Path,
    id: &str,
) -> rotaplan::explain::SchoolExplanation {
    match explain(loaded, dir, id, &ExplainOptions::default()).unwrap() {
        Explanation::School(s) => *s,
        Explanation::Teacher(_) => panic!("{id} explained as a teacher"),
    }
}

/// must_serve: M1 (senior title 2026, no rural service) takes the one rural music post at R1,
/// 10 km away; M2 and M3 stay.
#[test]
fn must_serve_teacher_is_rotated_for_the_rule() {
    let (loaded, out) = planned("must_serve");
    let e = teacher(&loaded, out.path(), "M1");
    assert!(e.rotated && e.eligible);
    assert_eq!(e.must_serve.as_deref(), Some("senior_title"));
    assert_eq!(e.placed_at, Some(("R1".to_string(), "music".to_string())));
    assert_eq!(e.why[0], "must_serve:senior_title");
    assert!(
        e.why.contains(&"fills_gap:music".to_string()),
        "{:?}",
        e.why
    );
    assert_eq!(e.alternatives.len(), 1);
    let a = &e.alternatives[0];
    assert!(a.chosen && a.blocked_by.is_empty());
    assert_eq!((a.open_posts, a.filled_posts), (1, 1));
    assert_eq!(a.distance_km, Some(10.0));
    // 10 km × 1 + unpaired 10; due (since 2008), so no not-due penalty.
    assert_eq!(a.travel_cost, 20.0);
    // R1 music: need 5 classes × 3 / 15 = 1, staff 0 → the teacher closes 1 FTE, weight 1.5.
    assert_eq!((a.gain_fte, a.weighted_gain), (1.0, 1.5));
    let text = rotaplan::explain::render_text(
        &Explanation::Teacher(Box::new(e)),
        Lang::En,
        &loaded.scenario,
    );
    assert!(text.contains("Result: rotated"), "{text}");
    assert!(
        text.contains("must serve in a rural school this year"),
        "{text}"
    );
}

#[test]
fn teacher_not_chosen_because_the_post_is_filled() {
    let (loaded, out) = planned("must_serve");
    let e = teacher(&loaded, out.path(), "M2");
    assert!(!e.rotated && e.eligible);
    assert_eq!(e.must_serve, None);
    assert_eq!(e.why, vec!["posts_full"]);
    assert_eq!(e.alternatives.len(), 1);
    let a = &e.alternatives[0];
    assert_eq!((a.school_id.as_str(), a.chosen), ("R1", false));
    assert_eq!(a.blocked_by, vec!["posts_full"]);
    // R1's music gap is closed by M1: nothing left to gain.
    assert_eq!(a.gain_fte, 0.0);
    let text = rotaplan::explain::render_text(
        &Explanation::Teacher(Box::new(e)),
        Lang::Zh,
        &loaded.scenario,
    );
    assert!(text.contains("结论：未交流"), "{text}");
    assert!(text.contains("空缺岗位已被他人填满"), "{text}");
}

/// housing: A goes to P2 (its one bed), B to R1 (within commuting distance); C stays: P1 has a
/// post but no turnover housing at all (0 beds: `no_housing`, not "0/0 beds full"), R1's and
/// P2's posts are filled (and P2's bed is taken: `housing_full`).
#[test]
fn teacher_not_chosen_because_of_housing_and_posts() {
    let (loaded, out) = planned("housing");
    let e = teacher(&loaded, out.path(), "C");
    assert!(!e.rotated);
    assert_eq!(e.why, vec!["housing_full", "no_housing", "posts_full"]);
    let blocked: Vec<(&str, Vec<&str>)> = e
        .alternatives
        .iter()
        .map(|a| (a.school_id.as_str(), a.blocked_by.clone()))
        .collect();
    assert_eq!(
        blocked,
        vec![
            ("P1", vec!["no_housing"]),
            // Nothing to gain at either: the nearer first (travel 5 + 10 against 40 + 10).
            ("R1", vec!["posts_full"]),
            ("P2", vec!["posts_full", "housing_full"]),
        ]
    );
    let p1 = &e.alternatives[0];
    assert_eq!((p1.beds, p1.beds_used, p1.needs_bed), (Some(0), 0, true));
    // The open post at the teaching point (weight 2) would close 1 FTE, but C is U1's last
    // music teacher (need 1): leaving opens 1 FTE at weight 5, a net loss of 3 for the gap goal.
    assert_eq!(p1.weighted_gain, 2.0);
    assert_eq!(e.home_weighted_loss, 5.0);
    assert_eq!(p1.net_weighted_gap, 3.0);
}

#[test]
fn receiving_school_lists_arrivals_gaps_and_binding_rules() {
    let (loaded, out) = planned("must_serve");
    let s = school(&loaded, out.path(), "R1");
    assert!(s.receiver);
    let got: Vec<(&str, &str, &str, bool, Option<f64>)> = s
        .received
        .iter()
        .map(|a| {
            (
                a.teacher_id.as_str(),
                a.from_school_id.as_str(),
                a.subject.as_str(),
                a.must_serve,
                a.distance_km,
            )
        })
        .collect();
    assert_eq!(got, vec![("M1", "U1", "music", true, Some(10.0))]);
    assert!(s.hires.is_empty() && s.sent.is_empty());
    type GapLine<'a> = (&'a str, f64, f64, u32, u32, Option<&'a str>);
    let gaps: Vec<GapLine> = s
        .gaps
        .iter()
        .map(|g| {
            (
                g.subject.as_str(),
                g.gap_before,
                g.gap_after,
                g.open_posts,
                g.filled_posts,
                g.binding.as_deref(),
            )
        })
        .collect();
    // Chinese: need 5, nobody teaches it anywhere who could be sent.
    assert_eq!(
        gaps,
        vec![
            ("chinese", 5.0, 5.0, 5, 0, Some("no_teacher_available")),
            ("music", 1.0, 0.0, 1, 1, None),
        ]
    );
    assert_eq!(s.indicators.len(), 1);

    let (loaded, out) = planned("housing");
    let p1 = school(&loaded, out.path(), "P1");
    let music = p1.gaps.iter().find(|g| g.subject == "music").unwrap();
    assert_eq!(music.binding.as_deref(), Some("no_housing"));
    assert_eq!(p1.limits, vec!["no_housing"]);
}

#[test]
fn unknown_ids_and_pseudonyms() {
    let (loaded, out) = planned("must_serve");
    let err = explain(&loaded, out.path(), "NOPE", &ExplainOptions::default()).unwrap_err();
    assert!(matches!(err, ExplainError::UnknownId(..)), "{err}");
    let anon = ExplainOptions {
        lang: Lang::Zh,
        anonymize: Some("k".into()),
    };
    // With pseudonyms, the real id is refused and the pseudonym is explained as that teacher.
    assert!(explain(&loaded, out.path(), "M1", &anon).is_err());
    let names = rotaplan::output::anon::Names::pseudonyms(&loaded.county, "k");
    let m1 = loaded
        .county
        .teachers
        .iter()
        .position(|t| t.id == "M1")
        .unwrap();
    let pseudonym = names.id(&loaded.county, m1).to_string();
    match explain(&loaded, out.path(), &pseudonym, &anon).unwrap() {
        Explanation::Teacher(t) => {
            assert_eq!(t.id, pseudonym);
            assert_eq!(t.must_serve.as_deref(), Some("senior_title"));
        }
        Explanation::School(_) => panic!("pseudonym explained as a school"),
    }
}

#[test]
fn cli_explain_json_and_exit_codes() {
    let (_, out) = planned("must_serve");
    let scenario = feature_dir("must_serve").join("scenario.toml");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_rotaplan"))
            .arg("explain")
            .arg(&scenario)
            .args(args)
            .output()
            .unwrap()
    };
    let dir = out.path().to_str().unwrap();
    let o = run(&[dir, "M1", "--json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    #[derive(Deserialize)]
    struct Teacher {
        kind: String,
        id: String,
        rotated: bool,
        must_serve: Option<String>,
        placed_at: Option<(String, String)>,
        why: Vec<String>,
    }
    let t: Teacher = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (t.kind.as_str(), t.id.as_str(), t.rotated),
        ("teacher", "M1", true)
    );
    assert_eq!(t.must_serve.as_deref(), Some("senior_title"));
    assert_eq!(t.placed_at, Some(("R1".into(), "music".into())));
    assert_eq!(t.why[0], "must_serve:senior_title");

    let o = run(&[dir, "R1", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with("School R1"), "{text}");
    assert!(text.contains("M1"), "{text}");

    let o = run(&[dir, "NOPE"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("neither a teacher id nor a school id"));
    let empty = tempfile::tempdir().unwrap();
    let o = run(&[empty.path().to_str().unwrap(), "M1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("plan.csv"));
}

#[test]
fn cli_plan_anonymized_in_english_then_explain_by_pseudonym() {
    let scenario = feature_dir("must_serve").join("scenario.toml");
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_rotaplan"))
        .arg("plan")
        .arg(&scenario)
        .arg("--out")
        .arg(out.path())
        .args(["--check", "--reproducible", "--lang", "en", "--anonymize"])
        .env_remove("ROTAPLAN_ANON_KEY")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout.contains("plan OK"), "{stdout}");
    // plan.csv keeps the real id; the workbook shows the pseudonym.
    let plan_csv = std::fs::read_to_string(out.path().join("plan.csv")).unwrap();
    assert!(plan_csv.contains("\nM1,"), "{plan_csv}");
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(out.path().join("plan.xlsx")).unwrap();
    let range = book.worksheet_range("plan").unwrap();
    let pseudonym = range.get((1, 0)).unwrap().to_string();
    assert!(pseudonym.starts_with("ANON-"), "{pseudonym}");
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains(&pseudonym) && !html.contains(">M1<"));
    // The feature's schools name no township: flows are drawn between areas.
    assert!(html.contains("Rotation flows between areas"), "{html}");
    assert!(html.contains("urban (1)") && html.contains("rural (1)"));

    let o = Command::new(env!("CARGO_BIN_EXE_rotaplan"))
        .arg("explain")
        .arg(&scenario)
        .arg(out.path())
        .arg(&pseudonym)
        .args(["--anonymize", "--lang", "en"])
        .env_remove("ROTAPLAN_ANON_KEY")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        text.starts_with(&format!("Teacher {pseudonym} {pseudonym}")),
        "{text}"
    );
    assert!(
        text.contains("Result: rotated: U1 → R1, teaching music"),
        "{text}"
    );
    assert!(!text.contains("M1"), "{text}");
}

/// plan.csv edited in Excel and saved as CSV on a Chinese Windows: GBK, Chinese subject names.
#[test]
fn hand_edited_gbk_plan_is_explained() {
    let (loaded, out) = planned("must_serve");
    let path = out.path().join("plan.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text
        .trim_start_matches('\u{feff}')
        .replace(",music,", ",音乐,");
    assert_ne!(edited, text.trim_start_matches('\u{feff}'));
    let (gbk, _, bad) = encoding_rs::GBK.encode(&edited);
    assert!(!bad);
    std::fs::write(&path, &gbk).unwrap();
    let e = teacher(&loaded, out.path(), "M1");
    assert_eq!(e.placed_at, Some(("R1".to_string(), "music".to_string())));
}

/// A plan edited by hand so that it is no longer optimal: M1's row deleted. The open R1 music
/// post would close 1 FTE at weight 1.5 and M1's leaving opens nothing at U1 (3 music teachers
/// for a need of 1): net −1.5, which an optimal plan never leaves.
#[test]
fn hand_edit_leaving_a_gain_is_named() {
    let (loaded, out) = planned("must_serve");
    let path = out.path().join("plan.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("M1,")).collect();
    assert_eq!(kept.len(), text.lines().count() - 1);
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    let e = teacher(&loaded, out.path(), "M1");
    assert!(!e.rotated);
    assert_eq!(e.why, vec!["must_serve:senior_title", "gap_gain_left"]);
    let a = &e.alternatives[0];
    assert_eq!((a.school_id.as_str(), a.net_weighted_gap), ("R1", -1.5));
    assert!(a.blocked_by.is_empty());
}

#[test]
fn itinerant_teacher_shows_the_circuit() {
    // tests/features/itinerant: M1, based at R1, teaches 0.2 FTE of music at T1 (6 km) and at
    // T2 (8 km).
    let (loaded, out) = planned("itinerant");
    let e = teacher(&loaded, out.path(), "M1");
    let stops: Vec<(String, String, String)> = e
        .circuit
        .iter()
        .map(|c| {
            (
                c.school_id.clone(),
                c.subject.clone(),
                format!("{:.4} {:.1}", c.fte, c.distance_km.unwrap()),
            )
        })
        .collect();
    assert_eq!(
        stops,
        [
            ("T1".into(), "music".into(), "0.2000 6.0".into()),
            ("T2".into(), "music".into(), "0.2000 8.0".into()),
        ]
    );
    // A teacher without itinerant teaching has no circuit.
    assert!(teacher(&loaded, out.path(), "R1C1").circuit.is_empty());
    // The text names the schools served.
    let e = explain(&loaded, out.path(), "M1", &ExplainOptions::default()).unwrap();
    let text = rotaplan::explain::render_text(&e, Lang::En, &loaded.scenario);
    assert!(
        text.contains("itinerant") && text.contains("T1") && text.contains("T2"),
        "{text}"
    );
}

/// pupil_floor: P1 (9 pupils) may have one teacher and has one, so it is at its headcount cap
/// after the plan and its explanation says so; P2 (10 pupils) receives the music teacher and
/// is then at its cap of 2 as well; U1 sends and receives nobody.
#[test]
fn a_school_at_its_headcount_cap_lists_it_among_its_limits() {
    let (loaded, out) = planned("pupil_floor");
    let p1 = school(&loaded, out.path(), "P1");
    assert_eq!(p1.limits, vec!["headcount_full".to_string()]);
    let p2 = school(&loaded, out.path(), "P2");
    assert!(
        p2.limits.contains(&"headcount_full".to_string()),
        "{:?}",
        p2.limits
    );
    let u1 = school(&loaded, out.path(), "U1");
    assert!(
        !u1.limits.contains(&"headcount_full".to_string()),
        "{:?}",
        u1.limits
    );
}
