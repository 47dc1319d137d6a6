//! What-if layer: variants, patches, locks, batch, compare, sweep and re-planning on a small
//! county.

#[path = "../support/mod.rs"]
mod support;

mod small_county;
