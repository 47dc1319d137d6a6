//! `compare`'s two renderings of a [`Comparison`]: one flat CSV table and the text the
//! console prints.

use super::compare::{Comparison, Line};
use super::{csv_bytes, num};

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

    /// A readable report for the terminal.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let width = self
            .plans
            .iter()
            .map(|p| p.chars().count())
            .max()
            .unwrap_or(8)
            .max(10);
        let head = |out: &mut String, title: &str| {
            out.push_str(&format!("\n{title}\n{:<28}", ""));
            for p in &self.plans {
                out.push_str(&format!(" {p:>width$}"));
            }
            for p in self.plans.iter().skip(1) {
                let d = format!("Δ{p}");
                out.push_str(&format!(" {d:>width$}"));
            }
            out.push('\n');
        };
        let lines = |out: &mut String, ls: &[Line]| {
            for l in ls {
                out.push_str(&format!("{:<28}", l.key));
                for v in &l.values {
                    out.push_str(&format!(" {:>width$}", num(*v)));
                }
                for d in &l.diffs {
                    let s = if d.abs() < 1e-9 {
                        "·".to_string()
                    } else {
                        format!("{:+}", num(*d).parse::<f64>().unwrap_or(*d))
                    };
                    out.push_str(&format!(" {s:>width$}"));
                }
                out.push('\n');
            }
        };
        out.push_str(&format!(
            "Comparing {} plans 方案对比: {}\n",
            self.plans.len(),
            self.plans.join(", ")
        ));
        head(&mut out, "Summary figures 汇总指标");
        out.push_str(&format!("{:<28}", "status"));
        for s in &self.status {
            out.push_str(&format!(" {s:>width$}"));
        }
        out.push('\n');
        lines(&mut out, &self.figures);
        head(&mut out, "Gap after the plan by subject (FTE) 分学科缺编");
        lines(&mut out, &self.gaps_by_subject);
        head(&mut out, "Gap after the plan by area (FTE) 分区域缺编");
        lines(&mut out, &self.gaps_by_area);
        out.push_str(&format!(
            "\nTeachers whose assignment differs 交流安排不同的教师: {}\n",
            self.teachers.len()
        ));
        for t in &self.teachers {
            let a: Vec<String> = t
                .assignments
                .iter()
                .map(|a| {
                    if a.is_empty() {
                        "(stays)".into()
                    } else {
                        a.clone()
                    }
                })
                .collect();
            out.push_str(&format!(
                "  {} {}: {}\n",
                t.teacher_id,
                t.name,
                a.join(" | ")
            ));
        }
        out.push_str(&format!(
            "\nSchools that gain or lose 增减学校 (net staff: rotated in + hires − rotated out; gap after): {}\n",
            self.schools.len()
        ));
        for s in &self.schools {
            let v: Vec<String> = s
                .net_staff
                .iter()
                .zip(&s.gap_after)
                .map(|(n, g)| format!("{:+} / gap {}", n, num(*g)))
                .collect();
            let gains: Vec<String> = s
                .gains
                .iter()
                .map(|g| match g.partial_cmp(&0.0) {
                    Some(std::cmp::Ordering::Greater) => format!("gains {g}"),
                    Some(std::cmp::Ordering::Less) => format!("loses {}", -g),
                    _ => "same staff".into(),
                })
                .collect();
            out.push_str(&format!(
                "  {} ({}): {}  [{}]\n",
                s.school_id,
                s.area,
                v.join(" | "),
                gains.join(", ")
            ));
        }
        out
    }
}
