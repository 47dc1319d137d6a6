//! County facts: schools, teachers, hires, pairs and the outcome of a plan. Nothing here reads
//! files, knows the scenario or builds solver variables: the input layer produces a [`County`],
//! the rules in [`crate::rules`] read it, the planner and checker consume it.

pub mod applications;
pub mod decisions;
pub mod outcome;
pub mod types;

pub use applications::{Application, Wish};
pub use outcome::{Arrival, Move, Outcome};
pub use types::*;
