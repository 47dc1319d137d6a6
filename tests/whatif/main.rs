//! What-if layer: variants, patches, locks, batch, compare, sweep and re-planning on a small
//! county.

#[path = "../support/mod.rs"]
mod support;

mod regress_replan_from;
mod small_county;
