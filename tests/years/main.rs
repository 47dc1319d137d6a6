//! Year over year (docs/years.md): `rotaplan advance` and the rest after a term.

#[path = "../support/mod.rs"]
mod support;

mod advance;
mod demo_years;
mod features;
mod horizon;
mod ledger;
mod rest;
mod running;
