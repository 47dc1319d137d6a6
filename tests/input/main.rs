//! Input layer: scenario, school and teacher files in CSV, XLSX and GBK, and the diagnostics
//! of bad input (file, line, column, what to change).

#[path = "../support/mod.rs"]
mod support;

mod applications;
mod chinese;
mod chinese_cases;
mod codes;
mod errors;
mod establishment;
mod formats;
mod leaders;
mod regress_files;
mod regress_ranges;
mod regress_text;
mod regress_variants;
mod staffing_tables;
mod subjects;
mod xlsx;
