//! Plan layer: small counties with known optimal plans (built in code or in tests/features),
//! the exported model, hand edits the checker must catch, and the guard that every solve in
//! the tests goes through `support::solve_checked`.

#[path = "../support/mod.rs"]
mod support;

mod features;
mod hand_edits;
mod leaders;
mod regress_out_of_range;
mod smoke;
mod solve_guard;
mod wishes;
