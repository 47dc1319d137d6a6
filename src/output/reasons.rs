//! A plan's reason codes (plan.csv's `reason`: `must_serve:senior_title`, `due:8y; gap:music`,
//! `exchange:shadow`, `lock; gap:pe` …) as the sentences the workbook and the report show.
//! The codes stay in plan.csv, where `check` and scripts read them.

use super::Lang;
use crate::scenario::Scenario;

/// The reason as words in `lang`; a part it does not know is kept as written.
pub fn sentence(code: &str, lang: Lang, scenario: &Scenario) -> String {
    let subject = |id: &str| match lang {
        Lang::Zh => scenario
            .subjects
            .get(id)
            .map_or(id.to_string(), |d| d.zh.clone()),
        Lang::En => id.to_string(),
    };
    let parts: Vec<String> = (code.split(';'))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|part| {
            let (head, rest) = part.split_once(':').unwrap_or((part, ""));
            let words = match (head, rest) {
                ("must_serve", "senior_title") => Some((
                    "评高级职称前须到乡村学校服务满一年",
                    "must serve a year before a senior title".to_string(),
                )),
                ("must_serve", "publicly_funded") => Some((
                    "公费师范生须到乡村学校服务",
                    "publicly funded graduate: must serve in a rural school".to_string(),
                )),
                ("must_serve", "ahead") => Some((
                    "为按期完成服务而提前交流",
                    "brought forward to meet the service deadline".to_string(),
                )),
                ("due", years) => {
                    let n = years.trim_end_matches('y');
                    return lang
                        .t(
                            &format!("同校任教 {n} 年，已满交流年限"),
                            &format!("{n} years in one school: due to rotate"),
                        )
                        .to_string();
                }
                ("gap", s) => {
                    return lang
                        .t(
                            &format!("补{}缺口", subject(s)),
                            &format!("fills the {} gap", subject(s)),
                        )
                        .to_string();
                }
                ("exchange", "shadow") => Some((
                    "对口交流，跟岗学习",
                    "exchange: learns at the school (shadowing)".to_string(),
                )),
                ("exchange", rest) if rest.starts_with("teach:") => {
                    let s = subject(&rest["teach:".len()..]);
                    return lang
                        .t(
                            &format!("对口交流，任教{s}"),
                            &format!("exchange: teaches {s}"),
                        )
                        .to_string();
                }
                ("lock", "") => Some(("锁定安排", "locked".to_string())),
                ("kept", "") => Some((
                    "保留原方案的安排",
                    "kept from the previous plan".to_string(),
                )),
                ("wish", "") => Some(("按个人志愿安排", "placed at a wish".to_string())),
                _ => None,
            };
            match words {
                Some((zh, en)) => lang.t(zh, &en).to_string(),
                None => part.to_string(),
            }
        })
        .collect();
    parts.join(lang.t("；", "; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_become_sentences_and_unknown_parts_stay() {
        let s: Scenario = toml::from_str(
            "name = \"t\"\nplan_year = 2026\n[data]\nschools = \"s.csv\"\nteachers = \"t.csv\"\n",
        )
        .expect("scenario");
        assert_eq!(
            sentence("must_serve:senior_title", Lang::Zh, &s),
            "评高级职称前须到乡村学校服务满一年"
        );
        assert_eq!(
            sentence("due:8y; gap:music", Lang::En, &s),
            "8 years in one school: due to rotate; fills the music gap"
        );
        assert_eq!(
            sentence("lock; exchange:shadow", Lang::Zh, &s),
            "锁定安排；对口交流，跟岗学习"
        );
        assert_eq!(sentence("something:new", Lang::Zh, &s), "something:new");
    }
}
