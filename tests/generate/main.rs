//! Generator layer: calibration, formats, the bundled demos and solvability of generated
//! counties.

#[path = "../support/mod.rs"]
mod support;

mod applications;
mod calibration;
mod demo;
mod format;
mod regress_bounds;
mod solvable;
mod staffing_data;
