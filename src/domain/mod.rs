//! County facts and the policy rules that read them. Nothing here reads files or builds solver
//! variables: the input layer produces a [`County`], the planner and checker consume it.

pub mod outcome;
pub mod rules;
pub mod types;

pub use outcome::{Arrival, Move, Outcome};
pub use types::*;
