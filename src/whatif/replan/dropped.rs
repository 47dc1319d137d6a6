//! Why a previous assignment is not kept by `plan --from`.

use std::fmt;

/// Why a previous assignment is not kept (the reason column of changes.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dropped {
    /// A lock sends the teacher to another school.
    LockSendsElsewhere(String),
    NotInRoster,
    LockedToStay,
    /// Rotation deferred: (reason key, Chinese).
    Deferred(&'static str, &'static str),
    OwnSchoolExempt(String),
    OwnSchoolNoLongerSends(String),
    UnknownSchool(String),
    ReceivesNobody(String),
    NoLongerReceives(String),
    NoLongerTeaches(String),
    /// No open post left: (subject, school).
    NoPostLeft(String, String),
    NoBedLeft(String),
    SendsMaximum(String),
    /// Back from a term that ended on this day, within `policy.rest_years_after_term`.
    Resting(chrono::NaiveDate),
    /// On a term from an earlier year that runs until this day.
    OnTerm(chrono::NaiveDate),
    /// A leader now (post key and Chinese name): rotates under `[leaders]`.
    Leader(&'static str, &'static str),
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dropped::LockSendsElsewhere(s) => write!(f, "a lock sends them to {s}"),
            Dropped::NotInRoster => write!(f, "no longer in the roster"),
            Dropped::LockedToStay => write!(f, "locked to stay"),
            Dropped::Deferred(key, zh) => write!(f, "withdrawn: rotation deferred ({key} {zh})"),
            Dropped::OwnSchoolExempt(s) => write!(f, "own school {s} is exempt now"),
            Dropped::OwnSchoolNoLongerSends(s) => write!(f, "own school {s} no longer sends"),
            Dropped::UnknownSchool(s) => write!(f, "school {s} is not in the schools file"),
            Dropped::ReceivesNobody(s) => write!(f, "school {s} is closed or receives nobody now"),
            Dropped::NoLongerReceives(s) => write!(
                f,
                "school {s} no longer receives (exempt or not rural service)"
            ),
            Dropped::NoLongerTeaches(subject) => write!(f, "no longer teaches {subject}"),
            Dropped::NoPostLeft(subject, s) => write!(
                f,
                "no open {subject} post left at {s} (taken by a lock or an assignment kept before it)"
            ),
            Dropped::NoBedLeft(s) => write!(
                f,
                "no housing bed left at {s} (taken by a lock or an assignment kept before it)"
            ),
            Dropped::SendsMaximum(s) => write!(
                f,
                "{s} already sends its maximum (counting locks and assignments kept before it)"
            ),
            Dropped::Resting(ended) => write!(
                f,
                "withdrawn: back from a term that ended on {ended} (policy.rest_years_after_term)"
            ),
            Dropped::OnTerm(until) => {
                write!(f, "on a term from an earlier year until {until} (service ledger)")
            }
            Dropped::Leader(key, zh) => {
                write!(f, "withdrawn: a {key} ({zh}) rotates under [leaders]")
            }
        }
    }
}
