//! The language of human-facing labels (plan.xlsx, report.html, explain). Identifiers, file
//! names and machine files (CSV, JSON) stay English; labels follow `--lang`.

use crate::domain::{Area, Stage};

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
}
