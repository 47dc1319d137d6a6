//! Check layer: the independent checker on a hand-written plan, each test breaking one rule
//! or one figure.

#[path = "../support/mod.rs"]
mod support;

mod chinese;
mod coverage_rules;
mod exchange_rules;
mod figures;
mod files;
mod goals;
mod mini;
mod rules;
mod staffing_figures;
mod staffing_rules;
