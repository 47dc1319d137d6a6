//! The county at a glance, before any plan is made.
//!
//! The personnel office first needs to see what it is planning with: how many teachers may
//! rotate, who must, who is deferred and why, and where the structural shortages are. This
//! module computes that once into an [`Overview`] (plain data, deterministic order, serialized
//! as-is for `--json`) and renders it for the terminal with [`render_text`]. It reads the rules
//! from [`crate::rules`], so the overview and the planner never disagree on who is
//! eligible or what a gap is.

mod data;
mod establishment;
mod overview;
pub(crate) mod table;
mod tally;
mod text;

pub use data::{
    AreaEstablishment, AreaLine, DueCount, Figures, NamedTeacher, Options, Overview, ReasonCount,
    SchoolEstablishment, SchoolGap, SubjectAreaLine, SubjectLine, SubjectShort,
};
pub use overview::{overview, overview_with};
pub use text::render_text;
