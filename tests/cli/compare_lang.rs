//! `rotaplan compare` prints in the command's language: Chinese labels, subject and area names
//! and statuses by default, English with `--lang en`; the table stays aligned with Chinese
//! labels (two terminal columns each); `--csv` keeps the machine keys in either language.
//! Both plans are the demo and a what-if of it, each checked by the independent checker.

use crate::support::{arg, check_folder, rotaplan, text};
use std::path::Path;

const DEMO: &str = "scenarios/demo-county/scenario.toml";
const MORE_HIRES: &str = "scenarios/whatif/more-hires.toml";

/// `rotaplan plan SCENARIO --out DIR --check`, then the checker on the folder.
fn plan(scenario: &str, out: &Path) {
    let o = rotaplan(&["plan", scenario, "--out", arg(out), "--check"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{scenario}: {}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    let report = check_folder(scenario, out);
    assert!(report.is_ok(), "{scenario}: {}", report.render_text());
}

/// Terminal columns of a line: CJK and full-width characters take two.
fn columns(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF => 2,
            0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// The rows of the first table (summary figures) after its header, the status row left out
/// (its difference cells are blank).
fn figure_rows(said: &str, title: &str) -> Vec<String> {
    (said.lines())
        .skip_while(|l| *l != title)
        .skip(2)
        .take_while(|l| !l.is_empty())
        .skip(1)
        .map(String::from)
        .collect()
}

#[test]
fn compare_prints_chinese_by_default_and_english_with_lang_en() {
    let tmp = tempfile::tempdir().unwrap();
    let (demo, hires) = (tmp.path().join("demo"), tmp.path().join("more-hires"));
    plan(DEMO, &demo);
    plan(MORE_HIRES, &hires);
    let csv_zh = tmp.path().join("zh.csv");
    let o = rotaplan(&[
        "compare",
        arg(&demo),
        arg(&hires),
        "--scenario",
        DEMO,
        "--csv",
        arg(&csv_zh),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let said = text(&o.stdout);
    for want in [
        "方案对比：2 个方案",
        "汇总指标",
        "状态",
        "最优",
        "可交流教师",
        "交流人数",
        "交流比例",
        "规划后缺编",
        "规划后加权缺编",
        "求解秒数",
        "分学科规划后缺编",
        "体育",
        "分区域规划后缺编",
        "教学点",
        "交流安排不同的教师：",
        "人员增减的学校",
    ] {
        assert!(said.contains(want), "{want} missing:\n{said}");
    }
    for code in [
        "rotation_share",
        "weighted_gap_after",
        "solve_seconds",
        "optimal",
        "Summary figures",
        "Teachers whose",
        "\npe ",
        "teaching_point",
    ] {
        assert!(!said.contains(code), "{code} in the Chinese text:\n{said}");
    }
    // aligned by display width: every figure row ends in the same terminal column
    let rows = figure_rows(&said, "汇总指标");
    assert!(rows.len() >= 14, "{said}");
    let width = columns(&rows[0]);
    for r in &rows {
        assert_eq!(columns(r), width, "misaligned: {r:?}\n{said}");
    }

    let csv_en = tmp.path().join("en.csv");
    let o = rotaplan(&[
        "compare",
        arg(&demo),
        arg(&hires),
        "--scenario",
        DEMO,
        "--csv",
        arg(&csv_en),
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let said = text(&o.stdout);
    for want in [
        "Comparing 2 plans",
        "Summary figures",
        "Status",
        "optimal",
        "Rotation share",
        "Weighted gap after",
        "Gap after the plan by subject (FTE)",
        "\npe ",
        "teaching point",
        "Teachers whose assignment differs: ",
        "Schools that gain or lose",
    ] {
        assert!(said.contains(want), "{want} missing:\n{said}");
    }
    assert!(
        !said.contains("汇总指标") && !said.contains("体育"),
        "{said}"
    );
    let rows = figure_rows(&said, "Summary figures");
    let width = columns(&rows[0]);
    assert!(rows.iter().all(|r| columns(r) == width), "{said}");

    // the CSV keeps its machine keys whatever the language
    let zh = std::fs::read(&csv_zh).unwrap();
    assert_eq!(zh, std::fs::read(&csv_en).unwrap());
    let zh = text(&zh);
    for key in [
        "\nfigure,rotation_share,",
        "\ngap_by_subject,pe,",
        "\ngap_by_area,teaching_point,",
    ] {
        assert!(zh.contains(key), "{key} missing:\n{zh}");
    }
}
