//! Rules layer: the domain rules on counties built in code (needs and gaps, retirement,
//! teacher status, indicators), independent of the loader.

#[path = "../support/mod.rs"]
mod support;

mod indicators;
mod moves;
mod needs;
mod retirement;
mod status;
