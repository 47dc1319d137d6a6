//! The language of human-facing labels (plan.xlsx, report.html, explain). Identifiers, file
//! names and machine files (CSV, JSON) stay English; labels follow `--lang`.

use crate::domain::{Area, Stage};
use crate::plan::{CoveredBy, MoveKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Chinese, the default: the people who read the reports are a county bureau's staff.
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `zh` or `en` (also `cn`, `chinese`, `english`); `None` for anything else.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_lowercase().as_str() {
            "zh" | "cn" | "zh-cn" | "chinese" | "中文" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The label in this language.
    pub fn t<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn area(self, area: Area) -> &'static str {
        match self {
            Lang::Zh => area.zh(),
            Lang::En => match area {
                Area::Urban => "urban",
                Area::Town => "town",
                Area::Rural => "rural",
                Area::TeachingPoint => "teaching point",
            },
        }
    }

    pub fn stage(self, stage: Stage) -> &'static str {
        match self {
            Lang::Zh => stage.zh(),
            Lang::En => match stage {
                Stage::Primary => "primary",
                Stage::Junior => "junior",
                Stage::NineYear => "nine-year",
            },
        }
    }

    pub fn yes_no(self, b: bool) -> &'static str {
        match (self, b) {
            (Lang::Zh, true) => "是",
            (Lang::Zh, false) => "否",
            (Lang::En, true) => "yes",
            (Lang::En, false) => "no",
        }
    }

    /// A move's kind: 交流轮岗 / 对口交流, or rotation / exchange.
    pub fn move_kind(self, kind: MoveKind) -> &'static str {
        match self {
            Lang::Zh => kind.zh(),
            Lang::En => kind.key(),
        }
    }

    /// Who covers part of a need: own staff, rotated in, on exchange, new hire.
    pub fn covered_by(self, by: CoveredBy) -> &'static str {
        match (self, by) {
            (Lang::Zh, CoveredBy::Staff(_)) => "本校教师",
            (Lang::Zh, CoveredBy::Rotated(_)) => "交流轮岗",
            (Lang::Zh, CoveredBy::Exchange(_)) => "对口交流",
            (Lang::Zh, CoveredBy::Hire) => "新教师",
            (Lang::En, by) => by.key(),
        }
    }

    /// Where a school's establishment comes from: given in the schools file or computed.
    pub fn establishment_source(self, given: bool) -> &'static str {
        match (self, given) {
            (Lang::Zh, true) => "核定",
            (Lang::Zh, false) => "测算",
            (Lang::En, true) => "given",
            (Lang::En, false) => "computed",
        }
    }
}
