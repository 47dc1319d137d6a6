//! Slow end-to-end cases in one binary, so they share its test threads: the demo county,
//! generated counties and provinces, the per-teacher reference model, solver threads, the
//! indicators goal on the demo, and the what-if demo.

#[path = "../support/mod.rs"]
mod support;

mod base;
mod demo;
mod generated;
mod indicators_goal;
mod publish;
mod reference;
mod render;
mod threads;
mod whatif_demo;
