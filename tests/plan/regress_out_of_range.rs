//! Absurd numbers that reach the solver: planning returns a typed error that names the number
//! out of range, never a panic and never "an internal fault". The scenario is changed after
//! loading, so these tests hold whatever input validation rejects in front of the planner.

use crate::support::plan_must_fail;
use rotaplan::input::Loaded;
use rotaplan::plan::error::ModelPart;
use rotaplan::plan::{PlanError, SolveOptions};

fn demo() -> Loaded {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios/demo-county/scenario.toml");
    rotaplan::input::load(&path).unwrap_or_else(|d| panic!("demo county loads: {d:#?}"))
}

fn opts() -> SolveOptions {
    SolveOptions {
        time_limit_seconds: 60.0,
        export_model: None,
    }
}

#[test]
fn primary_load_1e_300_is_an_error_not_a_panic() {
    let mut loaded = demo();
    loaded.scenario.curriculum.primary_load = 1e-300;
    let err = plan_must_fail(&loaded, &opts());
    let PlanError::OutOfRange { value, .. } = err else {
        panic!("expected an out-of-range error, got {err:?}");
    };
    assert!(!value.is_finite() || value.abs() >= 1e15, "{value}");
    let text = err.to_string();
    assert!(text.contains("out of the range"), "{text}");
    assert!(
        text.contains("超出"),
        "the message has its Chinese half: {text}"
    );
}

#[test]
fn junior_load_1e_300_is_an_error_not_a_panic() {
    let mut loaded = demo();
    loaded.scenario.curriculum.junior_load = 1e-300;
    let err = plan_must_fail(&loaded, &opts());
    assert!(
        matches!(err, PlanError::OutOfRange { .. }),
        "expected an out-of-range error, got {err:?}"
    );
}

#[test]
fn rural_weight_1e15_is_a_coefficient_out_of_range_not_an_internal_fault() {
    let mut loaded = demo();
    loaded.scenario.weights.rural = 1e15;
    let err = plan_must_fail(&loaded, &opts());
    let text = err.to_string();
    assert!(!text.contains("internal fault"), "{text}");
    let PlanError::OutOfRange { part, value } = err else {
        panic!("expected an out-of-range error, got {err:?}");
    };
    assert_eq!(part, ModelPart::Coefficient);
    assert!(value.abs() >= 1e15, "{value}");
    assert!(
        text.contains("coefficient") && text.contains("1e15"),
        "{text}"
    );
}

#[test]
fn huge_weights_are_errors_not_panics() {
    for (remote, urban) in [(1e300, 1.0), (1.0, 1e308)] {
        let mut loaded = demo();
        loaded.scenario.weights.remote = remote;
        loaded.scenario.weights.urban = urban;
        let err = plan_must_fail(&loaded, &opts());
        assert!(
            matches!(err, PlanError::OutOfRange { .. }),
            "remote {remote}, urban {urban}: {err:?}"
        );
    }
}
