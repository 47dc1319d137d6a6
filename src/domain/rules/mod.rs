//! The policy rules as plain functions of county facts and scenario parameters. The planner and
//! the reports use these; the independent checker has its own reading of the rules.

pub mod indicators;
pub mod needs;
pub mod retirement;
pub mod status;

pub use needs::{gap_weight, school_needs, staff_counts, Gaps, SubjectNeeds};
pub use retirement::retirement_date;
pub use status::{teacher_status, DeferReason, Ineligible, MustServeReason, TeacherStatus};
