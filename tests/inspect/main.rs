//! Inspect layer: the county overview and its text, on the hand-computed sample county.

#[path = "../support/mod.rs"]
mod support;

mod establishment;
mod overview;
mod text;
