//! The checker's sentences follow the language (`--lang`): every violation has a Chinese
//! sentence with the same ids and numbers as its English one, subjects and areas named in
//! Chinese; the report reads in Chinese throughout, and in English as it always did. The CLI
//! side (Chinese by default, English with `--lang en`) is in tests/cli/commands.rs.

use crate::support::fixture::*;
use rotaplan::check::{CheckReport, Violation};
use rotaplan::output::Lang;

const TERM: &str = "2026-09-01,2027-08-31";

fn row(id: &str, subject: &str, from: &str, to: &str) -> String {
    format!("{id},教师{id},{subject},{from},{to},{TERM},false,false,,test")
}

fn the<'a>(r: &'a CheckReport, code: &str) -> &'a Violation {
    (r.violations.iter())
        .find(|v| v.code == code)
        .unwrap_or_else(|| panic!("no {code} in {}", r.render_text()))
}

/// A2 to the weak town school W1, A5 (deferred, math) to P1 for music, an art hire at U1
/// without a batch, teacher ZZ not in the roster: U1 then sends 3 of its 5.
fn broken() -> CheckReport {
    let mut f = Fixture::valid();
    f.plan.push(row("A2", "math", "U1", "W1"));
    f.plan.push(row("A5", "music", "U1", "P1"));
    f.plan.push(row("ZZ", "math", "U1", "P1"));
    f.uncover("A2");
    f.hires.push("U1,art,1,regular".into());
    f.check()
}

#[test]
fn a_violation_says_its_rule_in_chinese_with_the_same_ids_and_numbers() {
    let r = broken();
    let dest = the(&r, "C-DEST");
    assert_eq!(
        dest.rule_in(Lang::Zh),
        "接收学校 W1 位于镇区（虽为薄弱学校，但本方案不把薄弱学校计入），到该校任教不计为乡村学校任教经历"
    );
    assert_eq!(dest.rule_in(Lang::En), dest.rule);
    assert!(
        dest.rule
            .starts_with("receiving school W1 is in the town (镇区) area"),
        "{}",
        dest.rule
    );
    // subjects by their Chinese names from the catalogue
    assert_eq!(
        the(&r, "C-SUBJECT").rule_in(Lang::Zh),
        "教师 A5 可任教数学，但方案安排其任教音乐"
    );
    // the reasons of a teacher who may not rotate, the deferral named in Chinese
    assert_eq!(
        the(&r, "C-NOT-ELIGIBLE").rule_in(Lang::Zh),
        "教师 A5 本年度不能交流轮岗：花名册登记暂缓交流（孕期）"
    );
    assert_eq!(
        the(&r, "C-RELEASE").rule_in(Lang::Zh),
        "学校 U1 有教师 5 人，按派出比例上限（max_send_share 0.5）交流轮岗与对口交流合计至多派出 2 人，但派出了 3 人"
    );
    assert_eq!(
        the(&r, "C-TEACHER-UNKNOWN").rule_in(Lang::Zh),
        "教师 ZZ 不在花名册中；只有花名册中的教师才能交流轮岗"
    );
    let backbone = the(&r, "C-BACKBONE-SHARE");
    assert_eq!(
        backbone.rule_in(Lang::Zh),
        "交流轮岗的 5 人中至少应有 1.50 名骨干教师（骨干比例 backbone_share 0.3），方案只有 1 名"
    );
    assert_eq!(
        backbone.remedy_in(Lang::Zh),
        "安排更多骨干教师交流轮岗，或在 summary.json 的 violations 中列出 C-BACKBONE-SHARE"
    );
    assert_eq!(backbone.remedy_in(Lang::En), backbone.remedy);
    assert_eq!(backbone.label_in(Lang::Zh), "骨干比例");
    assert_eq!(backbone.label_in(Lang::En), "Backbone share 骨干比例");
}

#[test]
fn every_violation_of_a_broken_plan_has_a_chinese_sentence() {
    let mut plans = vec![broken()];
    let mut f = Fixture::valid();
    f.plan[1] = f.plan[1].replace("2027-08-31", "2027-09-01");
    f.hires[2] = "R1,music,2,regular".into();
    f.hires.push("ZZ,math,0,tegang".into());
    f.plan.push(row("A1", "math", "U1", "R1"));
    f.plan.push(row("B1", "math", "U1", "P1"));
    f.unplaced.push("C1,教师C1,math,test".into());
    f.summary["violations"] = serde_json::json!(["C-MUST-SERVE"]);
    plans.push(f.check());
    let mut f = Fixture::valid();
    f.skip.push("unplaced.csv");
    f.gaps.push("R1,math,not a number,0,0,0,0,0,0".into());
    plans.push(f.check());
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let mut codes = std::collections::BTreeSet::new();
    for r in &plans {
        for v in &r.violations {
            codes.insert(v.code);
            let zh = v.rule_in(Lang::Zh);
            assert!(!v.rule_zh.is_empty() && cjk(zh), "{}: {zh}", v.code);
            for english in [" the ", "teacher ", "school ", " is ", " not "] {
                assert!(!zh.contains(english), "{}: {zh}", v.code);
            }
            assert!(cjk(v.remedy_in(Lang::Zh)), "{}", v.code);
        }
    }
    // the plans above break these rules (and more)
    for code in [
        "C-DATES",
        "C-FILE",
        "C-FROM-SCHOOL",
        "C-HIRE-COUNT",
        "C-HIRE-SCHOOL",
        "C-PARSE",
        "C-TEACHER-TWICE",
    ] {
        assert!(codes.contains(code), "{code} not broken: {codes:?}");
    }
}

#[test]
fn the_report_reads_in_chinese_and_in_english() {
    let ok = Fixture::valid().check();
    let zh = ok.render_text_in(Lang::Zh);
    assert!(zh.starts_with("方案合规\n"), "{zh}");
    assert!(
        zh.contains("复核：符合交流条件 6 人，交流轮岗 2 人（0.3333），对口交流 0 人，骨干教师 1 人（0.5000），必须交流 2/2 人已安排"),
        "{zh}"
    );
    let en = ok.render_text_in(Lang::En);
    assert_eq!(en, ok.render_text(), "render_text is the English report");
    assert!(en.starts_with("plan OK 方案合规\n"), "{en}");
    assert!(
        en.contains("recomputed 复核: eligible 6 rotated 2 (0.3333)"),
        "{en}"
    );

    let r = broken();
    let zh = r.render_text_in(Lang::Zh);
    let first = zh.lines().next().unwrap();
    assert!(
        first.starts_with("方案不合规：违反规则 8 条，未达成目标 1 项，数字不符 "),
        "{zh}"
    );
    for line in [
        "错误[C-DEST] 接收学校：接收学校 W1 位于镇区",
        "    位置 plan.csv:4 (A2)",
        "    处理办法：把教师派往学校名单中、未免于交流、且计入乡村任教经历的学校",
        "目标未达成，未声明[C-BACKBONE-SHARE] 骨干比例：交流轮岗的 5 人中",
        "数字不符[C-SUMMARY] 汇总：summary.json：rotated：复核为 5.0000，文件中为 2.0000",
        "数字不符[C-GAPS] 缺编：gaps.csv：U1/art：复核为 应有此行，文件中为 （缺失）",
        "数字不符[C-DISTANCE] 距离：plan.csv:4：A2 distance_km：复核为 7.1，文件中为 （空）",
        "若人工修改过 plan.csv、hires.csv 或 leaders.csv，由其派生的其余文件已过时",
    ] {
        assert!(zh.contains(line), "{line} not in {zh}");
    }
    for english in ["error[", "fix:", "recomputed", "mismatch[", "(missing)"] {
        assert!(!zh.contains(english), "{english} in {zh}");
    }
    let en = r.render_text_in(Lang::En);
    for line in [
        "plan NOT OK 方案不合规: 8 rule(s) broken, 1 goal(s) missed, ",
        "error[C-DEST] Receiving school 接收学校: receiving school W1 is in the town (镇区) area",
        "    at plan.csv:4 (A2)",
        "    fix: send the teacher to a known, non-exempt school that counts as rural service",
        "mismatch[C-GAPS] Gaps 缺编: gaps.csv: U1/art: recomputed a row, found (missing)",
    ] {
        assert!(en.contains(line), "{line} not in {en}");
    }
}

#[test]
fn a_figure_mismatch_reads_in_chinese() {
    // One music hire fewer than the batch (the plan.csv and hires.csv of an edit): summary.json
    // still says none is unspent.
    let mut f = Fixture::valid();
    f.hires.pop();
    f.coverage.retain(|l| !l.starts_with("R1,music,,"));
    let r = f.check();
    assert!(r.codes().is_empty(), "{}", r.render_text());
    let m = (r.mismatches.iter())
        .find(|m| m.key == "hires_unspent")
        .unwrap();
    assert_eq!(
        (
            m.label_in(Lang::Zh),
            m.recomputed_in(Lang::Zh),
            m.found_in(Lang::Zh)
        ),
        ("汇总", "1.0000", "0.0000")
    );
    // the decisions keep every rule: only the files derived from them are stale, a warning
    let zh = r.render_text_in(Lang::Zh);
    assert!(
        zh.starts_with(
            "方案合规：各项决定符合全部规则；警告：由决定派生的文件中有 13 处数字或行已过时"
        ),
        "{zh}"
    );
    let en = r.render_text_in(Lang::En);
    assert!(
        en.starts_with("plan OK 方案合规: the decisions keep every rule; warning: 13 stale"),
        "{en}"
    );
    assert!(
        zh.contains(
            "数字不符[C-SUMMARY] 汇总：summary.json：hires_unspent：复核为 1.0000，文件中为 0.0000"
        ),
        "{zh}"
    );
}
