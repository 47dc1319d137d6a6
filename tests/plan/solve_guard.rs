//! Every plan a test makes must pass the independent checker, so a test may solve only through
//! tests/support (`solve_checked`, `solve_into`, `replan_checked`, `batch_checked`,
//! `sweep_checked`). This guard reads every test source outside tests/support and fails on a
//! call to, or an import of, a library entry point that solves.
//!
//! The patterns are assembled from pieces so that this file does not match itself.

use std::path::{Path, PathBuf};

/// Paths that call a solve entry point, whether written out or imported first.
fn paths() -> Vec<String> {
    vec![
        concat!("plan::", "plan").to_string(),
        concat!("solve_and", "_write").to_string(),
        concat!("replan::", "replan").to_string(),
        concat!("batch::", "run").to_string(),
        concat!("sweep::", "run").to_string(),
    ]
}

/// Import lists (`use a::b::{..}`) that must not name the item: (module path, item).
fn imports() -> Vec<(String, &'static str)> {
    vec![
        (concat!("rotaplan::", "plan::{").to_string(), "plan"),
        (concat!("whatif::", "replan::{").to_string(), "replan"),
        (concat!("whatif::", "batch::{").to_string(), "run"),
        (concat!("whatif::", "sweep::{").to_string(), "run"),
    ]
}

/// The source without line comments, its whitespace removed (so `use` lists wrapped by
/// rustfmt read as one).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// `path` occurs in `code` as a whole path (`rotaplan::plan::x` holds `plan::plan` only inside
/// `rotaplan`).
fn has_path(code: &str, path: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    // Overlapping matches: in `rotaplan::plan::plan` the first `plan::plan` hides the second.
    code.char_indices().any(|(at, _)| {
        code[at..].starts_with(path)
            && !word(code[..at].chars().next_back())
            && !word(code[at + path.len()..].chars().next())
    })
}

/// The ways `text` solves without the checker.
fn offences(text: &str) -> Vec<String> {
    let code = code_of(text);
    let mut found: Vec<String> = paths().into_iter().filter(|p| has_path(&code, p)).collect();
    for (module, item) in imports() {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(module.as_str()) {
            rest = &rest[at + module.len()..];
            let list = &rest[..rest.find('}').unwrap_or(rest.len())];
            if list.split(',').any(|name| name == item) {
                found.push(format!("{module}{item}}}"));
            }
        }
    }
    found
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_test_solves_without_the_checker() {
    let tests = crate::support::root().join("tests");
    let support = tests.join("support");
    let mut files = Vec::new();
    sources(&tests, &mut files);
    assert!(files.len() > 20, "test sources not found in {tests:?}");
    let mut bad = Vec::new();
    for file in files.iter().filter(|f| !f.starts_with(&support)) {
        let text = std::fs::read_to_string(file).unwrap();
        for o in offences(&text) {
            bad.push(format!("{}: {o}", file.display()));
        }
    }
    assert!(
        bad.is_empty(),
        "these tests solve without the checker; use support::solve_checked (or solve_into, \
         replan_checked, batch_checked, sweep_checked):\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_guard_sees_each_way_to_solve() {
    let p = |a: &str, b: &str| format!("{a}{b}");
    let solving = [
        format!("let p = rotaplan::{}(&l, &o);", p("plan::", "plan")),
        format!(
            "use rotaplan::plan::{{\n    {},\n    SolveOptions,\n}};",
            p("pl", "an")
        ),
        format!(
            "use rotaplan::plan::{{prepare::prepare, {}}};",
            p("pl", "an")
        ),
        format!(
            "whatif::{}(&l, out, &o, |_| vec![])",
            p("solve_and", "_write")
        ),
        format!("whatif::{}(&l, a, b, &o)", p("replan::", "replan")),
        format!(
            "use rotaplan::whatif::{}{{parse_set, run}};",
            p("sweep", "::")
        ),
        format!(
            "rotaplan::whatif::{}(dir, out, &o, &lo)",
            p("batch::", "run")
        ),
    ];
    for text in &solving {
        assert!(!offences(text).is_empty(), "not caught: {text}");
    }
    for fine in [
        "let c = solve_checked(&loaded, \"x\");",
        "use rotaplan::plan::{Plan, SolveStatus};",
        "let planned = rotaplan::plan::planned_elsewhere();",
        "// a comment naming rotaplan::plan::plan is fine",
        "use rotaplan::plan::reference::{evaluate_plan, solve_per_teacher};",
    ] {
        assert!(offences(fine).is_empty(), "wrongly caught: {fine}");
    }
}
