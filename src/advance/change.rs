//! What `advance` records for each teacher (advance-report.csv).

/// What changed for one teacher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Retires before the next term: off the roster.
    Retired,
    /// A rotation ended: months credited where the school counts, back at the own school.
    RotationEnded,
    /// An exchange (对口交流) ended: back at the own school.
    ExchangeEnded,
    /// The term runs into the next year: stays at the receiving school (service.csv).
    TermContinues,
    /// Taught the year at the own school, which counts as rural service: months credited.
    RuralService,
    /// The 特岗 term ended: a regular post at the school.
    TegangEnded,
    /// A hire of the plan, now on the roster.
    Hired,
    /// A leader moved to a post at another school (leaders.csv): on that school's roster.
    LeaderMoved,
}

impl ChangeKind {
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::Retired => "retired",
            ChangeKind::RotationEnded => "rotation_ended",
            ChangeKind::ExchangeEnded => "exchange_ended",
            ChangeKind::TermContinues => "term_continues",
            ChangeKind::RuralService => "rural_service",
            ChangeKind::TegangEnded => "tegang_ended",
            ChangeKind::Hired => "hired",
            ChangeKind::LeaderMoved => "leader_moved",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            ChangeKind::Retired => "退休",
            ChangeKind::RotationEnded => "轮岗期满",
            ChangeKind::ExchangeEnded => "对口交流期满",
            ChangeKind::TermContinues => "继续交流",
            ChangeKind::RuralService => "乡村任教",
            ChangeKind::TegangEnded => "特岗期满",
            ChangeKind::Hired => "新录用",
            ChangeKind::LeaderMoved => "干部交流任职",
        }
    }
}

/// One line of advance-report.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub teacher_id: String,
    pub name: String,
    /// The teacher's own school (the roster's school_id).
    pub school_id: String,
    pub kind: ChangeKind,
    /// Months of rural service credited by this change (0 if none).
    pub months: u32,
    pub detail: String,
    pub detail_zh: String,
}
