//! Output layer: the human reports of the demo plan (plan.xlsx, report.html).

#[path = "../support/mod.rs"]
mod support;

mod reports;
