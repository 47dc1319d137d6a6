//! The checker's sentences in Chinese: a reason said in both languages, so that reasons joined
//! into one violation read in either, and the Chinese names of the subjects a sentence mentions
//! (the scenario's catalogue, `[subjects.*] zh`). Areas, stages, posts and programmes have their
//! Chinese names on their domain types.

use crate::scenario::Scenario;

/// A reason, in English and in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Said {
    pub en: String,
    pub zh: String,
}

impl Said {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Said {
        Said {
            en: en.into(),
            zh: zh.into(),
        }
    }
}

/// Reasons joined into one: `a; b` and `a；b`.
pub(crate) fn join(reasons: &[Said]) -> Said {
    let en: Vec<&str> = reasons.iter().map(|r| r.en.as_str()).collect();
    let zh: Vec<&str> = reasons.iter().map(|r| r.zh.as_str()).collect();
    Said::new(en.join("; "), zh.join("；"))
}

/// A subject's Chinese name from the catalogue (音乐); the id itself when it has none.
pub(crate) fn subject(scenario: &Scenario, id: &str) -> String {
    match scenario.subjects.get(id) {
        Some(d) if !d.zh.is_empty() => d.zh.clone(),
        _ => id.to_string(),
    }
}

/// Subjects' Chinese names joined with 、.
pub(crate) fn subjects<'a>(scenario: &Scenario, ids: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<String> = ids.into_iter().map(|id| subject(scenario, id)).collect();
    names.join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_join_in_each_language() {
        let j = join(&[Said::new("a", "甲"), Said::new("b", "乙")]);
        assert_eq!(j, Said::new("a; b", "甲；乙"));
    }
}
