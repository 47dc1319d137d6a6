//! Every diagnostic of the input layer has its message and its action in Chinese (the CLI's
//! default language and the workbench's): the scenarios and fixtures of the repository, and
//! broken copies of the good fixture that reach every reader (service ledger, locks, patches,
//! the hiring budget, variants, applications, encodings, ranges), each checked to report what
//! it is meant to. A diagnostic added later without Chinese fails here.

use crate::chinese_cases::{build, CASES};
use rotaplan::diag::Diagnostic;
use rotaplan::input::load;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The diagnostics of loading a scenario: its errors, or the warnings of a county that loaded.
fn diagnostics(scenario: &Path) -> Vec<Diagnostic> {
    match load(scenario) {
        Ok(loaded) => loaded.warnings,
        Err(diags) => diags,
    }
}

/// Checks that a diagnostic is complete in Chinese: a Chinese message and action, and a
/// Chinese rendering without the English remedy.
fn assert_chinese(d: &Diagnostic, case: &str) {
    let (Some(message), Some(action)) = (&d.message_zh, &d.action_zh) else {
        panic!("{case}: no Chinese in {d}");
    };
    assert!(has_chinese(message), "{case}: message_zh of {d}: {message}");
    assert!(has_chinese(action), "{case}: action_zh of {d}: {action}");
    let zh = d.render_zh();
    assert!(zh.contains(message.as_str()), "{case}: {zh}");
    assert!(!zh.contains(&d.action), "{case}: English remedy in {zh}");
    assert!(!zh.contains("; fix: "), "{case}: {zh}");
}

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            toml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

/// Every TOML file of the repository's tests and scenarios loaded as a scenario (the broken
/// fixtures, the feature folders with their expected errors, and TOML files that are no
/// scenario at all): every diagnostic has its Chinese.
#[test]
fn every_diagnostic_of_the_repository_inputs_is_in_chinese() {
    let mut files = Vec::new();
    toml_files(&root().join("tests"), &mut files);
    toml_files(&root().join("scenarios"), &mut files);
    let mut seen = 0;
    for f in &files {
        for d in diagnostics(f) {
            assert_chinese(&d, &f.display().to_string());
            seen += 1;
        }
    }
    assert!(
        files.len() > 100 && seen > 200,
        "{} files, {seen}",
        files.len()
    );
}

/// Broken copies of the good fixture: each reports its codes, every diagnostic in Chinese.
#[test]
fn every_reader_reports_in_chinese() {
    let mut codes = std::collections::BTreeSet::new();
    for (case, expected, edits) in CASES {
        let dir = build(edits);
        let diags = diagnostics(&dir.path().join("scenario.toml"));
        let shown: String = diags.iter().map(|d| format!("\n  {d}")).collect();
        for code in *expected {
            assert!(
                diags.iter().any(|d| d.code == *code),
                "{case}: no {code} in:{shown}"
            );
        }
        for d in &diags {
            assert_chinese(d, case);
            codes.insert(d.code);
        }
    }
    assert!(codes.len() >= 70, "{} codes: {codes:?}", codes.len());
}

/// The Chinese rendering of one diagnostic of a broken fixture with `code`.
fn rendered(case: &str, code: &str) -> String {
    let scenario = root()
        .join("tests/fixtures/bad")
        .join(case)
        .join("scenario.toml");
    let diags = diagnostics(&scenario);
    let d = diags
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("{case}: no {code} in {diags:#?}"));
    assert_chinese(d, case);
    d.render_zh()
}

/// A few diagnostics of each group of readers, as the clerk reads them: the Chinese message
/// with its numbers, keys and values, and a Chinese remedy.
#[test]
fn representative_messages_read_in_chinese() {
    let cases: &[(&str, &str, &[&str])] = &[
        // the scenario's TOML
        (
            "toml_wrong_type",
            "E-TOML-VALUE",
            &[
                "第2行 第13列(M)",
                "应为整数，实际是文本 \"2026\"",
                "改正：请给该键填写所需类型的值",
            ],
        ),
        (
            "toml_unknown_key",
            "E-TOML-UNKNOWN-KEY",
            &[
                "未知的键 rotation_shar，此处可用的键：rotation_share、",
                "改正：请删除或改正该键",
            ],
        ),
        (
            "toml_missing_key",
            "E-TOML-VALUE",
            &["缺少键 ", "改正：请在情景文件中补上缺少的键"],
        ),
        (
            "toml_syntax",
            "E-TOML-SYNTAX",
            &["TOML 语法错误", "改正：请改正此行的 TOML 语法"],
        ),
        (
            "toml_data_unknown_key",
            "E-TOML-UNKNOWN-KEY",
            &[
                "中有未知的键",
                "此处可用的键：path、sheet、encoding、columns",
            ],
        ),
        // the scenario's values
        (
            "policy_values",
            "E-POLICY-SHARE",
            &["超出合理范围 0 至 1（比例）", "改正：请把比例写成小数"],
        ),
        (
            "plan_year_range",
            "E-POLICY-YEAR",
            &[
                "不是 2000 至 2100 之间的年份",
                "改正：请填写所规划学年开始的公历年份",
            ],
        ),
        (
            "empty_subject_catalogue",
            "E-POLICY-SUBJECTS",
            &["学科目录为空", "改正：请删除空的 [subjects] 表"],
        ),
        (
            "exempt_unknown_school",
            "E-POLICY-EXEMPT",
            &["免于交流的学校", "不在 schools.csv 中"],
        ),
        // files, encodings, sheets, tables and columns
        (
            "missing_data_file",
            "E-FILE-MISSING",
            &["文件“", "不存在", "改正：请把"],
        ),
        (
            "invalid_bytes",
            "E-ENCODING",
            &[
                "teachers.csv 第2行",
                "不是有效的",
                "改正：请在 Excel 中另存为“CSV UTF-8”",
            ],
        ),
        (
            "encoding_name_unknown",
            "E-ENCODING-NAME",
            &[
                "无法识别",
                "改正：请改为其中之一：auto, utf-8, gbk, gb18030",
            ],
        ),
        (
            "not_a_spreadsheet",
            "E-FILE-FORMAT",
            &[
                "无法作为电子表格读取",
                "改正：请用 Excel 打开并重新另存为 xlsx",
            ],
        ),
        ("empty_file", "E-FILE-EMPTY", &["是空文件：没有表头行"]),
        ("header_only", "E-FILE-EMPTY", &["只有表头，没有数据行"]),
        (
            "duplicate_column",
            "E-COL-DUPLICATE",
            &["都表示", "改正：请删除其中一列"],
        ),
        (
            "column_mapping_unknown_target",
            "E-COL-MAPPING",
            &["对应到", "文件没有这一列", "改正：请对应到其中之一："],
        ),
        // schools, teachers, needs, hires, pairs
        (
            "coordinates_mixed",
            "E-COORD-MIXED",
            &["用平面坐标 x_km/y_km 定位", "改正：请用同一种方式"],
        ),
        (
            "lat_without_lon",
            "E-COORD-PAIR",
            &["为空", "改正：请同时填写"],
        ),
        (
            "nine_year_split",
            "E-CLASSES-SPLIT",
            &["九年一贯制学校的分学段班级数不一致"],
        ),
        (
            "birth_after_hire",
            "E-DATE-ORDER",
            &["不晚于出生日期", "改正：请核对这两个日期"],
        ),
        (
            "future_date",
            "E-DATE-FUTURE",
            &["是将来的日期", "改正：请改正日期"],
        ),
        ("pair_with_itself", "E-PAIR-SELF", &["与自己结成了对口关系"]),
        (
            "hires_bad_area",
            "E-VALUE-AREA",
            &["不是可用的取值", "改正："],
        ),
    ];
    for (case, code, parts) in cases {
        let zh = rendered(case, code);
        for part in *parts {
            assert!(zh.contains(part), "{case}: {part:?} not in {zh}");
        }
    }
}

/// The command line prints the Chinese by default, the English with `--lang en`.
#[test]
fn the_cli_prints_the_chinese_message_and_remedy() {
    let scenario = "tests/fixtures/bad/toml_wrong_type/scenario.toml";
    let o = crate::support::rotaplan(&["validate", scenario]);
    assert_eq!(o.status.code(), Some(2));
    let err = crate::support::text(&o.stderr);
    assert!(
        err.contains(
            "scenario.toml 第2行 第13列(M)：错误[E-TOML-VALUE] 应为整数，实际是文本 \"2026\"；改正：请给该键填写所需类型的值"
        ),
        "{err}"
    );
    assert!(
        !err.contains("invalid type") && !err.contains("give the key"),
        "{err}"
    );
    let o = crate::support::rotaplan(&["validate", scenario, "--lang", "en"]);
    let err = crate::support::text(&o.stderr);
    assert!(
        err.contains("invalid type: string \"2026\", expected i32; fix: give the key a value"),
        "{err}"
    );
}
