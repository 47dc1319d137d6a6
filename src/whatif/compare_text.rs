//! `compare`'s two renderings of a [`Comparison`]: one flat CSV table (machine keys) and the
//! text the console prints, in the command's language (`--lang`).

use super::compare::{Comparison, Line};
use super::compare_labels as label;
use super::{csv_bytes, num};
use crate::inspect::table::display_width;
use crate::output::Lang;
use crate::scenario::{default_subjects, SubjectDef};
use std::collections::BTreeMap;

impl Comparison {
    /// One flat table: section, key, a value column per plan, a difference column per plan
    /// after the first (`B-A`).
    pub fn to_csv(&self) -> Vec<u8> {
        let mut header = vec!["section".to_string(), "key".to_string()];
        header.extend(self.plans.iter().cloned());
        for p in self.plans.iter().skip(1) {
            header.push(format!("{p}-{}", self.plans[0]));
        }
        let mut rows = Vec::new();
        let blank = vec![String::new(); self.plans.len() - 1];
        let mut row = |section: &str, key: &str, values: Vec<String>, diffs: Vec<String>| {
            let mut r = vec![section.to_string(), key.to_string()];
            r.extend(values);
            r.extend(diffs);
            rows.push(r);
        };
        row("figure", "status", self.status.clone(), blank.clone());
        for (section, lines) in [
            ("figure", &self.figures),
            ("gap_by_subject", &self.gaps_by_subject),
            ("gap_by_area", &self.gaps_by_area),
        ] {
            for l in lines {
                row(
                    section,
                    &l.key,
                    l.values.iter().map(|v| num(*v)).collect(),
                    l.diffs.iter().map(|v| num(*v)).collect(),
                );
            }
        }
        for t in &self.teachers {
            row(
                "teacher",
                &t.teacher_id,
                t.assignments.clone(),
                blank.clone(),
            );
        }
        for s in &self.schools {
            row(
                "school_net_staff",
                &s.school_id,
                s.net_staff.iter().map(|v| num(*v)).collect(),
                s.gains.iter().map(|v| num(*v)).collect(),
            );
            let diffs = s
                .gap_after
                .iter()
                .skip(1)
                .map(|v| num(v - s.gap_after[0]))
                .collect();
            row(
                "school_gap_after",
                &s.school_id,
                s.gap_after.iter().map(|v| num(*v)).collect(),
                diffs,
            );
        }
        csv_bytes(&header, &rows)
    }

    /// The text in English (`render_text_in(Lang::En)`).
    pub fn render_text(&self) -> String {
        self.render_text_in(Lang::En)
    }

    /// The text for the terminal in `lang`, subjects named by the built-in catalogue.
    pub fn render_text_in(&self, lang: Lang) -> String {
        self.render_text_with(lang, &default_subjects())
    }

    /// The text for the terminal in `lang`, subjects named by `subjects` (a scenario's
    /// catalogue): the figures, the gaps by subject and by area in one aligned table (Chinese
    /// characters counted two columns wide), then the teachers and the schools that differ.
    pub fn render_text_with(&self, lang: Lang, subjects: &BTreeMap<String, SubjectDef>) -> String {
        let blocks = self.blocks(lang, subjects);
        let mut header = self.plans.clone();
        header.extend(self.plans.iter().skip(1).map(|p| format!("Δ{p}")));
        let label_width = (blocks.iter().flat_map(|b| &b.rows))
            .map(|(l, _)| display_width(l))
            .max()
            .unwrap_or(0);
        let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
        for (_, cells) in blocks.iter().flat_map(|b| &b.rows) {
            for (w, c) in widths.iter_mut().zip(cells) {
                *w = (*w).max(display_width(c));
            }
        }
        let row = |label: &str, cells: &[String]| {
            let mut line = pad_end(label, label_width);
            for (c, w) in cells.iter().zip(&widths) {
                line.push_str("  ");
                line.push_str(&" ".repeat(w - display_width(c)));
                line.push_str(c);
            }
            format!("{}\n", line.trim_end())
        };
        let mut out = match lang {
            Lang::Zh => format!(
                "方案对比：{} 个方案（{}），Δ 为与第一个方案 {} 的差\n",
                self.plans.len(),
                self.plans.join("，"),
                self.plans[0]
            ),
            Lang::En => format!(
                "Comparing {} plans: {} (Δ: the difference to the first, {})\n",
                self.plans.len(),
                self.plans.join(", "),
                self.plans[0]
            ),
        };
        for b in &blocks {
            out.push_str(&format!("\n{}\n", b.title));
            out.push_str(&row("", &header));
            for (l, cells) in &b.rows {
                out.push_str(&row(l, cells));
            }
        }
        self.teacher_text(&mut out, lang, subjects);
        self.school_text(&mut out, lang);
        out
    }

    /// The three tables: figures (the status first), gaps by subject, gaps by area.
    fn blocks(&self, lang: Lang, subjects: &BTreeMap<String, SubjectDef>) -> [Block; 3] {
        let mut figures = vec![(
            lang.t("状态", "Status").to_string(),
            self.status.iter().map(|s| label::status(lang, s)).collect(),
        )];
        figures.extend(rows(&self.figures, |k| label::figure(lang, k)));
        // areas from urban to teaching point, as the reports list them
        let mut areas: Vec<&Line> = self.gaps_by_area.iter().collect();
        areas.sort_by_key(|l| label::area_rank(&l.key));
        [
            Block {
                title: lang.t("汇总指标", "Summary figures").to_string(),
                rows: figures,
            },
            Block {
                title: lang
                    .t(
                        "分学科规划后缺编 (FTE)",
                        "Gap after the plan by subject (FTE)",
                    )
                    .to_string(),
                rows: rows(&self.gaps_by_subject, |k| label::subject(lang, subjects, k)),
            },
            Block {
                title: lang
                    .t("分区域规划后缺编 (FTE)", "Gap after the plan by area (FTE)")
                    .to_string(),
                rows: rows(areas, |k| label::area(lang, k)),
            },
        ]
    }

    /// The teachers whose assignment differs, one line each: `school/subject` per plan.
    fn teacher_text(&self, out: &mut String, lang: Lang, subjects: &BTreeMap<String, SubjectDef>) {
        let n = self.teachers.len();
        out.push_str(&match lang {
            Lang::Zh => format!("\n交流安排不同的教师：{n} 人\n"),
            Lang::En => format!("\nTeachers whose assignment differs: {n}\n"),
        });
        for t in &self.teachers {
            let a: Vec<String> = (t.assignments.iter())
                .map(|a| label::assignment(lang, subjects, a))
                .collect();
            let colon = lang.t("：", ": ");
            out.push_str(&format!(
                "  {} {}{colon}{}\n",
                t.teacher_id,
                t.name,
                a.join(" | ")
            ));
        }
    }

    /// The schools that gain or lose: net staff and gap after per plan, the gain against the
    /// first plan.
    fn school_text(&self, out: &mut String, lang: Lang) {
        let n = self.schools.len();
        out.push_str(&match lang {
            Lang::Zh => format!(
                "\n人员增减的学校（净增人数 = 交流调入 + 新教师 − 交流调出；规划后缺编）：{n} 所\n"
            ),
            Lang::En => format!(
                "\nSchools that gain or lose (net staff: rotated in + hires − rotated out; gap after): {n}\n"
            ),
        });
        let gap = lang.t("缺编", "gap");
        for s in &self.schools {
            let v: Vec<String> = (s.net_staff.iter().zip(&s.gap_after))
                .map(|(n, g)| format!("{n:+} / {gap} {}", num(*g)))
                .collect();
            let gains: Vec<String> = s.gains.iter().map(|g| label::gain(lang, *g)).collect();
            let area = label::area(lang, &s.area);
            let (school, sep) = match lang {
                Lang::Zh => (format!("{}（{area}）：", s.school_id), "，"),
                Lang::En => (format!("{} ({area}): ", s.school_id), ", "),
            };
            out.push_str(&format!(
                "  {school}{}  [{}]\n",
                v.join(" | "),
                gains.join(sep)
            ));
        }
    }
}

/// One table of the text: a title, then a label and its cells per row.
struct Block {
    title: String,
    rows: Vec<(String, Vec<String>)>,
}

/// A table row per line: its label, the values, the differences to the first plan.
fn rows<'a>(
    lines: impl IntoIterator<Item = &'a Line>,
    name: impl Fn(&str) -> String,
) -> Vec<(String, Vec<String>)> {
    (lines.into_iter())
        .map(|l| {
            let mut cells: Vec<String> = l.values.iter().map(|v| num(*v)).collect();
            cells.extend(l.diffs.iter().map(|d| diff(*d)));
            (name(&l.key), cells)
        })
        .collect()
}

/// A difference to the first plan: `·` when none, else signed (`+2`, `-0.3004`).
fn diff(d: f64) -> String {
    if d.abs() < 1e-9 {
        "·".to_string()
    } else {
        format!("{:+}", num(d).parse::<f64>().unwrap_or(d))
    }
}

/// `s` followed by spaces up to `width` terminal columns.
fn pad_end(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(display_width(s))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::whatif::compare::{SchoolLine, TeacherLine};

    fn line(key: &str, values: Vec<f64>) -> Line {
        let diffs = values.iter().skip(1).map(|v| v - values[0]).collect();
        Line {
            key: key.into(),
            values,
            diffs,
        }
    }

    fn comparison() -> Comparison {
        Comparison {
            plans: vec!["基准".into(), "more-hires".into()],
            status: vec!["optimal".into(), "time_limit".into()],
            figures: vec![
                line("rotated", vec![128.0, 122.0]),
                line("weighted_gap_after", vec![66.1657, 63.7408]),
                line("travel", vec![5637.793, 5378.893]),
            ],
            gaps_by_subject: vec![line("music", vec![6.7, 6.5]), line("pe", vec![14.2, 10.8])],
            gaps_by_area: vec![
                line("teaching_point", vec![5.2, 5.2]),
                line("urban", vec![6.7, 3.4]),
            ],
            teachers: vec![TeacherLine {
                teacher_id: "T1".into(),
                name: "李勇".into(),
                assignments: vec!["S25/pe".into(), String::new()],
            }],
            schools: vec![SchoolLine {
                school_id: "S25".into(),
                area: "rural".into(),
                net_staff: vec![4.0, 3.0],
                gap_after: vec![0.9, 1.0],
                gains: vec![-1.0],
            }],
        }
    }

    #[test]
    fn chinese_text_names_everything_and_stays_aligned() {
        let text = comparison().render_text_in(Lang::Zh);
        for want in [
            "汇总指标",
            "达到时间上限",
            "交流人数",
            "规划后加权缺编",
            "音乐",
            "体育",
            "城区",
            "教学点",
            "T1 李勇：S25/体育 | （不交流）",
            "S25（乡村）：+4 / 缺编 0.9 | +3 / 缺编 1  [减 1 人]",
        ] {
            assert!(text.contains(want), "{want}:\n{text}");
        }
        assert!(!text.contains("weighted_gap_after") && !text.contains("music"));
        // urban before teaching point; every row of a table ends in the same column
        assert!(text.find("城区").unwrap() < text.find("教学点").unwrap());
        let rows: Vec<&str> = (text.lines())
            .filter(|l| l.ends_with('·') || l.ends_with(|c: char| c.is_ascii_digit()))
            .collect();
        assert!(rows.len() >= 7, "{text}");
        let w = display_width(rows[0]);
        assert!(rows.iter().all(|r| display_width(r) == w), "{text}");
    }

    #[test]
    fn english_text_is_the_plain_render_text() {
        let c = comparison();
        let text = c.render_text();
        assert_eq!(text, c.render_text_in(Lang::En));
        for want in [
            "Summary figures",
            "time_limit",
            "Weighted gap after",
            "\nmusic ",
            "teaching point",
            "T1 李勇: S25/pe | (stays)",
            "S25 (rural): +4 / gap 0.9 | +3 / gap 1  [loses 1]",
        ] {
            assert!(text.contains(want), "{want}:\n{text}");
        }
        assert!(!text.contains("汇总指标"), "{text}");
    }
}
