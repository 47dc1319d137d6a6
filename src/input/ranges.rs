//! Plausible ranges of the scenario's numbers (docs/errors.md, "Plausible ranges").
//!
//! These are typo guards, not policy: a value beyond them is a slip of the keyboard (`1e-9` for
//! a weekly load, `1e15` for a weight) that would otherwise pass validation and make the solver
//! fail far from the cause, or plan nonsense (a gap of 2·10¹³ FTE) with status optimal.

/// A closed range of accepted values, with the code reporting a value outside it.
pub struct Plausible {
    pub lo: f64,
    pub hi: f64,
    pub code: &'static str,
    /// What the number is, for the message.
    pub what: &'static str,
    /// What to change.
    pub action: &'static str,
    /// What the number is, in Chinese.
    pub what_zh: &'static str,
    /// What to change, in Chinese.
    pub action_zh: &'static str,
}

/// Shares (`rotation_share`, `backbone_share`, `max_send_share`).
pub const SHARE: Plausible = Plausible {
    lo: 0.0,
    hi: 1.0,
    code: "E-POLICY-SHARE",
    what: "a share",
    action: "write the share as a fraction, e.g. 0.1 for 10%",
    what_zh: "比例",
    action_zh: "请把比例写成小数，例如 10% 写作 0.1",
};

/// `policy.commute_km`.
pub const COMMUTE_KM: Plausible = Plausible {
    lo: 0.0,
    hi: 500.0,
    code: "E-POLICY-RANGE",
    what: "a distance in km",
    action: "give the commuting distance in km, e.g. 15",
    what_zh: "以公里计的距离",
    action_zh: "请填写通勤距离（公里），例如 15",
};

/// Gap weights and multipliers under `[weights]` (urban … weak).
pub const WEIGHT: Plausible = Plausible {
    lo: 0.0,
    hi: 1000.0,
    code: "E-POLICY-WEIGHT",
    what: "a weight",
    action: "use 0 or a positive weight such as 1.5 (the default weights are between 1 and 2)",
    what_zh: "权重",
    action_zh: "请填写 0 或正数权重，例如 1.5（默认权重在 1 到 2 之间）",
};

/// `weights.travel_per_km`.
pub const TRAVEL_PER_KM: Plausible = Plausible {
    lo: 0.0,
    hi: 1000.0,
    code: "E-POLICY-WEIGHT",
    what: "a cost per km",
    action: "use 0 or a positive cost per km, e.g. 1",
    what_zh: "每公里成本",
    action_zh: "请填写 0 或正数的每公里成本，例如 1",
};

/// The travel goal's penalties, in km-equivalents.
pub const PENALTY_KM: Plausible = Plausible {
    lo: 0.0,
    hi: 10_000.0,
    code: "E-POLICY-WEIGHT",
    what: "a penalty in km",
    action: "use 0 or a positive penalty in km, e.g. 20",
    what_zh: "以公里计的惩罚",
    action_zh: "请填写 0 或正数的惩罚（公里），例如 20",
};

/// `curriculum.primary_load` and `junior_load`: weekly periods a full-time teacher teaches.
pub const LOAD: Plausible = Plausible {
    lo: 1.0,
    hi: 40.0,
    code: "E-POLICY-LOAD",
    what: "weekly teaching periods",
    action: "use the standard weekly teaching load, e.g. 15 for primary, 13 for junior",
    what_zh: "每周课时",
    action_zh: "请填写标准周课时量，例如小学 15、初中 13",
};

/// A subject's `primary_periods` and `junior_periods`: weekly periods per class.
pub const PERIODS: Plausible = Plausible {
    lo: 0.0,
    hi: 40.0,
    code: "E-POLICY-PERIODS",
    what: "weekly periods per class",
    action: "use 0 or the subject's weekly periods per class, e.g. 2",
    what_zh: "每班每周课时",
    action_zh: "请填写 0 或该学科每班每周课时，例如 2",
};

/// `solver.time_limit_seconds` (positive; at most a week).
pub const TIME_LIMIT: Plausible = Plausible {
    lo: 0.0,
    hi: 604_800.0,
    code: "E-POLICY-SOLVER",
    what: "seconds, at most a week",
    action: "give a time limit in seconds, e.g. 300",
    what_zh: "秒数，最多一周",
    action_zh: "请填写以秒计的时限，例如 300",
};

/// `solver.threads` at most.
pub const MAX_THREADS: u32 = 256;

/// A number as a message shows it: plain when moderate, in exponent form when huge or tiny
/// (`1e300` is not written out in 301 digits).
pub fn num(v: f64) -> String {
    let a = v.abs();
    if v == 0.0 || !v.is_finite() || (1e-4..1e9).contains(&a) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_messages_stay_short() {
        assert_eq!(num(15.0), "15");
        assert_eq!(num(0.1), "0.1");
        assert_eq!(num(1e300), "1e300");
        assert_eq!(num(1e-300), "1e-300");
        assert_eq!(num(f64::NAN), "NaN");
        assert_eq!(num(-3.0), "-3");
    }
}
