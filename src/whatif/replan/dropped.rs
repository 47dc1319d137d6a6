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
    /// The teacher's home school would be left over its headcount cap by a departure dropped
    /// before: it gives up its latest kept arrivals.
    HeadcountCap(String),
    /// Without more exchange teachers kept before it, the home school (id) could no longer
    /// teach what it taught before the plan (对口交流不减课, `rules::exchange`).
    LeavesClassesUntaught(String),
}

impl Dropped {
    /// The stable code of changes.csv's `reason_code` column.
    pub fn code(&self) -> &'static str {
        match self {
            Dropped::LockSendsElsewhere(_) => "lock_elsewhere",
            Dropped::NotInRoster => "not_in_roster",
            Dropped::LockedToStay => "locked_to_stay",
            Dropped::Deferred(..) => "deferred",
            Dropped::OwnSchoolExempt(_) => "own_school_exempt",
            Dropped::OwnSchoolNoLongerSends(_) => "own_school_no_longer_sends",
            Dropped::UnknownSchool(_) => "unknown_school",
            Dropped::ReceivesNobody(_) => "receives_nobody",
            Dropped::NoLongerReceives(_) => "no_longer_receives",
            Dropped::NoLongerTeaches(_) => "no_longer_teaches",
            Dropped::NoPostLeft(..) => "no_post_left",
            Dropped::NoBedLeft(_) => "no_bed_left",
            Dropped::SendsMaximum(_) => "sends_maximum",
            Dropped::Resting(_) => "resting",
            Dropped::OnTerm(_) => "on_term",
            Dropped::Leader(..) => "leader",
            Dropped::HeadcountCap(_) => "headcount_cap",
            Dropped::LeavesClassesUntaught(_) => "leaves_classes_untaught",
        }
    }

    /// The reason as a Chinese sentence.
    pub fn zh(&self) -> String {
        match self {
            Dropped::LockSendsElsewhere(s) => format!("锁定安排使其改派到 {s}"),
            Dropped::NotInRoster => "已不在教师名册中".into(),
            Dropped::LockedToStay => "锁定为本年不交流".into(),
            Dropped::Deferred(_, zh) => format!("撤回：暂缓交流（{zh}）"),
            Dropped::OwnSchoolExempt(s) => format!("所在学校 {s} 现已免于派出"),
            Dropped::OwnSchoolNoLongerSends(s) => format!("所在学校 {s} 不再派出教师"),
            Dropped::UnknownSchool(s) => format!("学校 {s} 不在学校名单中"),
            Dropped::ReceivesNobody(s) => format!("学校 {s} 已撤并或不再接收"),
            Dropped::NoLongerReceives(s) => {
                format!("学校 {s} 不再接收交流教师（免于接收或不属乡村服务学校）")
            }
            Dropped::NoLongerTeaches(subject) => format!("已不再任教 {subject}"),
            Dropped::NoPostLeft(subject, s) => {
                format!("{s} 已无 {subject} 空缺岗位（已被锁定安排或先保留的安排占用）")
            }
            Dropped::NoBedLeft(s) => {
                format!("{s} 已无周转宿舍床位（已被锁定安排或先保留的安排占用）")
            }
            Dropped::SendsMaximum(s) => format!("{s} 派出人数已达上限（含锁定和先保留的安排）"),
            Dropped::Resting(ended) => format!("撤回：{ended} 刚结束交流任期，尚在间隔期内"),
            Dropped::OnTerm(until) => format!("往年交流任期尚未结束（至 {until}）"),
            Dropped::Leader(_, zh) => format!("撤回：现任{zh}，按干部交流规则轮岗"),
            Dropped::HeadcountCap(s) => {
                format!("{s} 因有教师不再派出，接收后将超过人数上限（编制加允许超出数，或按学生数的下限）")
            }
            Dropped::LeavesClassesUntaught(s) => format!(
                "{s} 再派出该教师对口交流，本校课程将无人承担（对口交流不减课，含先保留的安排）"
            ),
        }
    }
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
            Dropped::HeadcountCap(s) => write!(
                f,
                "{s} is at its headcount cap (establishment + allowance, or the pupil floor) without a teacher who no longer leaves"
            ),
            Dropped::LeavesClassesUntaught(s) => write!(
                f,
                "without this teacher too, {s} could no longer teach what it taught before the plan (an exchange leaves no class untaught; counting assignments kept before it)"
            ),
        }
    }
}
