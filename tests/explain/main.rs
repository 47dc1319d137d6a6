//! Explain layer: `explain` on feature scenarios whose plans are known by hand.

#[path = "../support/mod.rs"]
mod support;

mod features;
mod regress_no_housing;
