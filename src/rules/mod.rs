//! The policy rules as plain functions of county facts and scenario parameters. The planner,
//! the re-planner, the explanations and the reports use these; the independent checker
//! (`crate::check`) has its own reading of the rules on purpose and does not call them.
//!
//! Layer order (each layer imports only the layers before it):
//!
//! 1. [`crate::domain`]: county facts (schools, teachers, hires, pairs, outcomes). No policy.
//! 2. [`crate::scenario`]: the scenario's values (policy, weights, curriculum, solver).
//! 3. `rules` (this module): functions of the facts and the values they are given.
//!    - [`status`] and [`retirement`]: who may or must rotate;
//!    - [`needs`]: need, staff and gap per cell, and the weight of a gap;
//!    - [`moves`]: every rule about one move (receiving school, subjects, open posts, release
//!      cap, distance, housing, travel cost, hire areas and hire cost);
//!    - [`exchange`]: what an exchange may take from the school it leaves;
//!    - [`indicators`]: the balance indicators of a county before and after a plan.
//! 4. Everything else (input, plan, check, output, explain, whatif) builds on these.
//!
//! Inside `rules`, `moves` reads `status`; `status` reads `retirement`; `indicators` reads
//! `needs`; none reads back.

pub mod exchange;
pub mod indicators;
pub mod leaders;
pub mod moves;
pub mod needs;
pub mod retirement;
pub mod staffing;
pub mod status;
pub mod wishes;

pub use needs::{gap_weight, school_needs, staff_counts, Gaps, SubjectNeeds};
pub use retirement::retirement_date;
pub use status::{teacher_status, DeferReason, Ineligible, MustServeReason, TeacherStatus};
