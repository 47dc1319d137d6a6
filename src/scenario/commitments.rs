//! What-if data that rides along with a scenario: a hiring budget whose subjects the optimizer
//! chooses, pinned decisions (locks), schools closed by a variant's patches, and the decisions
//! of a previous plan to keep when re-planning, and a base plan whose decisions a what-if keeps
//! where they stay optimal. The scenario TOML itself stays as it is
//! (docs/scenario.md); these come from the variant keys `[hires]`, `[[patch]]`, `data.locks`
//! and from `plan --locks` / `plan --from` / `plan --base`.

use crate::domain::{Area, Programme};
use serde::Serialize;

/// Everything a plan must honour beyond the scenario and county.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Commitments {
    /// `[hires] total = N`: N hires whose subjects the optimizer chooses.
    pub budget: Option<HireBudget>,
    /// Pinned decisions from the locks file(s).
    pub locks: Vec<Lock>,
    /// Schools closed by a `close_school` patch: they receive nobody (no rotated teacher, no hire).
    pub closed: Vec<String>,
    /// Decisions of a previous plan to keep (`plan --from`); not checked as locks.
    pub keep: Keep,
    /// A base plan whose decisions a what-if keeps wherever they stay optimal (`plan --base`):
    /// a tie-break after the last goal, neither a lock nor a rule.
    pub base: Option<BasePlan>,
}

/// The decisions of a base plan (`plan --base`, docs/scenario.md "What-if against a base
/// plan"): its moves and its hires.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BasePlan {
    pub moves: Vec<BaseMove>,
    pub hires: Vec<KeptHires>,
}

/// A move of the base plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseMove {
    pub teacher_id: String,
    /// The receiving school.
    pub school_id: String,
    pub subject: String,
    /// An exchange (对口交流) rather than a rotation.
    pub exchange: bool,
}

/// A hiring budget: `total` hires of `programme`, subjects chosen by the model among `subjects`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HireBudget {
    pub total: u32,
    /// Canonical subject ids the budget may buy (default: the catalogue's shortage subjects).
    pub subjects: Vec<String>,
    pub programme: Programme,
    /// Areas the hires may go to; `None`: the programme's default.
    pub areas: Option<Vec<Area>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LockKind {
    /// The teacher rotates to the school (to teach `subject`, default their main subject).
    GoesTo,
    /// The teacher does not rotate this year.
    Stays,
    /// The school receives no rotated teacher and no new hire.
    ReceivesNobody,
}

impl LockKind {
    pub fn key(self) -> &'static str {
        match self {
            LockKind::GoesTo => "goes_to",
            LockKind::Stays => "stays",
            LockKind::ReceivesNobody => "receives_nobody",
        }
    }
    /// The Chinese label.
    pub fn zh(self) -> &'static str {
        match self {
            LockKind::GoesTo => "派往",
            LockKind::Stays => "留任",
            LockKind::ReceivesNobody => "不接收",
        }
    }
    /// English key or Chinese label.
    pub fn parse(s: &str) -> Option<LockKind> {
        match s.trim().to_lowercase().as_str() {
            "goes_to" | "goes to" | "go" | "派往" | "交流到" | "指定" => {
                Some(LockKind::GoesTo)
            }
            "stays" | "stay" | "留任" | "不交流" | "留校" => Some(LockKind::Stays),
            "receives_nobody" | "receives nobody" | "不接收" | "暂停接收" => {
                Some(LockKind::ReceivesNobody)
            }
            _ => None,
        }
    }
}

/// One pinned decision, as read from a locks file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lock {
    pub kind: LockKind,
    /// goes_to, stays: the teacher.
    pub teacher_id: Option<String>,
    /// goes_to: the receiving school; receives_nobody: the school.
    pub school_id: Option<String>,
    /// goes_to: the subject to teach (canonical id); `None`: the teacher's main subject.
    pub subject: Option<String>,
    /// The locks file as named, and the line of the lock.
    pub file: String,
    pub source_line: usize,
    /// Column (1-based) of each field in the locks file, for messages.
    pub source_columns: Vec<(String, usize)>,
}

impl Lock {
    /// The column of a field in the locks file, if the file has it.
    pub fn column(&self, field: &str) -> Option<usize> {
        self.source_columns
            .iter()
            .find(|(f, _)| f == field)
            .map(|&(_, c)| c)
    }
}

/// Decisions of a previous plan that the re-plan keeps (see `whatif::replan`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Keep {
    pub assignments: Vec<KeptMove>,
    /// Kept as lower bounds.
    pub hires: Vec<KeptHires>,
    /// Leaders' moves kept (leaders.csv): teacher id → the new post's school. The leaders'
    /// plan keeps them when it can (docs/leaders.md).
    pub leaders: Vec<(String, String)>,
}

/// A previous rotation kept by a re-plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptMove {
    pub teacher_id: String,
    /// The receiving school.
    pub school_id: String,
    pub subject: String,
}

/// Previous hires of one (school, subject, programme) kept by a re-plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptHires {
    pub school_id: String,
    pub subject: String,
    pub programme: Programme,
    pub count: u32,
}
