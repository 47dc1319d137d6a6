//! The exit codes of `rotaplan`, one enum for every command (README, "Exit codes").

use rotaplan::pipeline::FailureKind;
use rotaplan::whatif::Outcome;
use std::process::ExitCode;

/// What a command's exit code means. Ordered: a worse outcome compares greater.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// 0: done; every rule met (and the check, when run, passed).
    Success = 0,
    /// 1: the plan was written but a rule or goal could not be met, or `check` (or
    /// `plan --check`) found the plan breaks a rule.
    RuleNotMet = 1,
    /// 2: bad input: the scenario, a data file, a flag, a plan folder or an output folder
    /// that cannot be used. Every problem is listed; nothing is written.
    BadInput = 2,
    /// 3: the solver or the file system failed (including a full standard output).
    Failure = 3,
}

impl Exit {
    pub fn of_kind(kind: FailureKind) -> Exit {
        match kind {
            FailureKind::BadInput => Exit::BadInput,
            FailureKind::Fault => Exit::Failure,
        }
    }

    pub fn of_outcome(outcome: Outcome) -> Exit {
        match outcome.exit_code() {
            0 => Exit::Success,
            1 => Exit::RuleNotMet,
            2 => Exit::BadInput,
            _ => Exit::Failure,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_map_to_the_documented_codes() {
        assert_eq!(Exit::of_outcome(Outcome::Ok), Exit::Success);
        assert_eq!(Exit::of_outcome(Outcome::CheckFailed), Exit::RuleNotMet);
        assert_eq!(Exit::of_outcome(Outcome::BadInput), Exit::BadInput);
        assert_eq!(Exit::of_outcome(Outcome::WriteError), Exit::Failure);
        assert_eq!(Exit::BadInput as u8, 2);
        assert!(Exit::Failure > Exit::BadInput && Exit::RuleNotMet > Exit::Success);
    }
}
