//! Output layer: the human reports of the demo plan (plan.xlsx, report.html).

#[path = "../support/mod.rs"]
mod support;

mod regress_csv;
mod regress_folder;
mod regress_kill;
mod reports;
mod shortage_reasons;
mod staffing_files;
