//! What a plan does to the county, as plain facts: who goes where to teach what, and where the
//! hires go. The reports, the indicators and `explain` read a plan through this, whether the
//! plan was just solved or read back from a plan folder.

use serde::Serialize;

/// One rotated teacher: teacher index → receiving school index, teaching `subject` there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Move {
    pub teacher: usize,
    pub to: usize,
    pub subject: String,
}

/// New hires of one subject placed at one school (school index).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Arrival {
    pub school: usize,
    pub subject: String,
    pub count: u32,
    pub programme: crate::domain::Programme,
}

/// A plan's moves and hires.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub moves: Vec<Move>,
    pub hires: Vec<Arrival>,
}
