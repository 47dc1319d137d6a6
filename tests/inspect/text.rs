//! The terminal report of the sample county: key lines, order and column alignment.

use crate::support::sample::setup;
use rotaplan::inspect::{overview, render_text, Overview};

fn text_of() -> (Overview, String) {
    let (sc, c) = setup();
    let o = overview(&sc, &c);
    let text = render_text(&o);
    (o, text)
}

/// The first line that starts with `label` once whitespace is collapsed, collapsed.
fn line_starting(text: &str, label: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no line starting with {label:?} in\n{text}"))
}

#[test]
fn text_report_has_the_key_lines() {
    let (_, text) = text_of();
    for heading in [
        "Teachers by area 各区域教师",
        "Rotation pool 交流轮岗对象",
        "Subjects 各学科编制 (FTE)",
        "Gaps by area 各区域缺编 (FTE)",
        "Top 5 schools by weighted gap 加权缺编最多的学校",
        "Totals 合计",
    ] {
        assert!(
            text.lines().any(|l| l == heading),
            "heading {heading:?} in\n{text}"
        );
    }
    assert_eq!(
        line_starting(&text, "urban 城区"),
        "urban 城区 2 36 1350 22"
    );
    assert_eq!(
        line_starting(&text, "total 合计"),
        "total 合计 6 61 2230 31"
    );
    assert_eq!(
        line_starting(&text, "eligible 可交流"),
        "eligible 可交流 31"
    );
    assert_eq!(
        line_starting(&text, "senior_title"),
        "senior_title 评高级职称 3"
    );
    assert_eq!(
        line_starting(&text, "near_retirement"),
        "near_retirement 临近退休 1"
    );
    assert_eq!(
        line_starting(&text, "music 音乐 *"),
        "music 音乐 * 5.7 2.0 3.7 0.0 1.0 1.0 1.5 0.2"
    );
    assert_eq!(line_starting(&text, "rural 乡村"), "rural 乡村 2 13 450 0");
    assert_eq!(
        line_starting(&text, "gap total 缺编总数"),
        "gap total 缺编总数 9.0"
    );
    assert_eq!(
        line_starting(&text, "weighted gap total"),
        "weighted gap total 加权缺编总数 15.2"
    );
    assert_eq!(
        line_starting(&text, "1 R1"),
        "1 R1 石门村小 rural 乡村 3.2 7.2 pe 1.2, chinese 1.0, music 0.6, math 0.4"
    );
    let r1 = text.find(" R1 ").unwrap();
    let r2 = text.find(" R2 ").unwrap();
    let t1 = text.find(" T1 ").unwrap();
    assert!(r1 < r2 && r2 < t1, "top schools in order");
}

/// Terminal width: CJK characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if ('\u{4e00}'..='\u{9fff}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

/// The rows of the table under `heading`: its header and the data rows up to the blank line.
fn table_under<'a>(text: &'a str, heading: &str) -> Vec<&'a str> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("{heading} in\n{text}"));
    text[start..]
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

/// The character that ends at display column `col` (1-based) of `line`, and the one after it.
fn chars_at(line: &str, col: usize) -> (char, Option<char>) {
    let mut w = 0;
    let mut chars = line.chars();
    for c in chars.by_ref() {
        w += width(&c.to_string());
        if w == col {
            return (c, chars.next());
        }
    }
    panic!("column {col} not on a character boundary of {line:?}")
}

#[test]
fn text_columns_are_aligned_despite_chinese_labels() {
    let (_, text) = text_of();
    // Tables whose last column is right-aligned: every row has the same display width.
    for heading in ["Teachers by area", "Gaps by area", "Totals"] {
        let rows = table_under(&text, heading);
        let widths: Vec<usize> = rows.iter().map(|l| width(l)).collect();
        assert!(
            widths.windows(2).all(|w| w[0] == w[1]),
            "{heading}: {widths:?}\n{}",
            rows.join("\n")
        );
    }
    // In the top-schools table the weighted column ends under its header on every row,
    // although the school names before it are Chinese of different lengths.
    let rows = table_under(&text, "Top 5");
    let header = rows[0];
    let end = width(&header[..header.find("weighted 加权").unwrap() + "weighted 加权".len()]);
    for row in &rows[1..] {
        let (last, next) = chars_at(row, end);
        assert!(
            last.is_ascii_digit() && next == Some(' '),
            "{row:?} at column {end}"
        );
    }
}
