//! Shared by the tests that plan generated counties: a plan written to files must pass the
//! independent checker, and a goal it misses is allowed only if it declares exactly that miss.
#![allow(dead_code)]

use rotaplan::check::{check_plan, RuleKind};
use rotaplan::input::Loaded;
use rotaplan::output::{atomic::write_files, render};
use rotaplan::plan::Plan;
use std::collections::BTreeSet;

/// Writes the plan's files to a temporary folder and checks them: no hard violation, no
/// mismatch between the files' figures and the checker's, and the goals the checker finds
/// missed are exactly those the plan declares (must-serve misses: exactly its unplaced
/// teachers). Returns the codes of the declared misses.
pub fn assert_passes_check(loaded: &Loaded, plan: &Plan, label: &str) -> BTreeSet<&'static str> {
    let out = tempfile::tempdir().unwrap();
    let (_, files) = render(loaded, plan, &Default::default());
    write_files(out.path(), &files).unwrap();
    let report = check_plan(loaded, out.path());
    let text = report.render_text();
    assert!(report.mismatches.is_empty(), "{label}: {text}");
    for v in &report.violations {
        assert!(
            v.kind == RuleKind::Goal,
            "{label}: hard violation {}: {text}",
            v.code
        );
        assert!(
            v.declared,
            "{label}: undeclared goal miss {}: {text}",
            v.code
        );
    }
    let found: BTreeSet<&'static str> = report.violations.iter().map(|v| v.code).collect();
    let declared: BTreeSet<&'static str> = plan.violations.iter().map(|v| v.code).collect();
    assert_eq!(found, declared, "{label}: {text}");
    let missed: BTreeSet<String> = report
        .violations
        .iter()
        .filter(|v| v.code == "C-MUST-SERVE")
        .flat_map(|v| v.rows.iter().map(|r| r.id.clone()))
        .collect();
    let unplaced: BTreeSet<String> = plan
        .unplaced
        .iter()
        .map(|u| loaded.county.teachers[u.teacher].id.clone())
        .collect();
    assert_eq!(missed, unplaced, "{label}: {text}");
    assert_eq!(
        report.is_ok(),
        plan.violations.is_empty(),
        "{label}: {text}"
    );
    found
}
