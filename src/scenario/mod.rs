//! The scenario file (TOML): which data to read, the policy parameters, weights, curriculum and
//! solver settings. Every key has a default taken from docs/scenario.md (and docs/policy.md), so a
//! scenario names only what differs from the defaults. Unknown keys are errors.

mod applications;
mod commitments;
mod config;
mod leaders;
mod staffing;
mod subjects;

pub use applications::ApplicationRules;
pub use commitments::{
    BaseMove, BasePlan, Commitments, HireBudget, Keep, KeptHires, KeptMove, Lock, LockKind,
};
pub use config::*;
pub use leaders::LeaderRules;
pub use staffing::{CoverageRules, EstablishmentRules, ExchangeRules, ItinerantRules};
pub use subjects::{default_subjects, SubjectDef};
