//! `rotaplan render`: the hand-edit loop (docs/plan-format.md, "Editing a plan by hand"). An
//! unedited plan renders to the same data files; after a legitimate edit of plan.csv, `check`
//! finds the derived files stale, `render` makes the folder consistent and `check` passes.

use crate::support::{rotaplan, text};

const DEMO: &str = "scenarios/demo-county/scenario.toml";
const DATA: [&str; 7] = [
    "plan.csv",
    "hires.csv",
    "gaps.csv",
    "staffing.csv",
    "coverage.csv",
    "itinerant.csv",
    "unplaced.csv",
];

#[test]
fn an_edit_is_rendered_and_then_checks() {
    let tmp = tempfile::tempdir().unwrap();
    let planned = tmp.path().join("planned");
    let o = rotaplan(&[
        "plan",
        DEMO,
        "--out",
        planned.to_str().unwrap(),
        "--reproducible",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));

    // unedited: the same data files, the status `edited`
    let same = tmp.path().join("same");
    let o = rotaplan(&[
        "render",
        DEMO,
        planned.to_str().unwrap(),
        "--out",
        same.to_str().unwrap(),
        "--reproducible",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    assert!(
        text(&o.stdout).contains("状态 人工调整"),
        "{}",
        text(&o.stdout)
    );
    for f in DATA {
        assert_eq!(
            std::fs::read(planned.join(f)).unwrap(),
            std::fs::read(same.join(f)).unwrap(),
            "{f}"
        );
    }
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(same.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["status"], "edited");

    // a legitimate edit: an exchange teacher stays home
    let edited = tmp.path().join("edited");
    std::fs::create_dir(&edited).unwrap();
    for e in std::fs::read_dir(&planned).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), edited.join(e.file_name())).unwrap();
    }
    let plan = std::fs::read_to_string(edited.join("plan.csv")).unwrap();
    let row = crate::support::exchange_row_to_drop(&edited);
    std::fs::write(
        edited.join("plan.csv"),
        plan.replace(&format!("{row}\n"), ""),
    )
    .unwrap();
    let o = rotaplan(&["check", DEMO, edited.to_str().unwrap()]);
    // before render: the decisions keep every rule, the derived files are stale — a warning
    assert_eq!(
        o.status.code(),
        Some(0),
        "stale derived files: {}",
        text(&o.stdout)
    );
    let said = text(&o.stdout);
    assert!(
        said.starts_with("方案合规：各项决定符合全部规则；警告："),
        "{said}"
    );
    assert!(
        said.contains("数字不符[") && said.contains("rotaplan render"),
        "{said}"
    );
    // and a rule broken by an edit is still an error, stale files or not
    let plan_now = std::fs::read_to_string(edited.join("plan.csv")).unwrap();
    let second = plan_now.lines().nth(1).unwrap().to_string();
    std::fs::write(edited.join("plan.csv"), format!("{plan_now}{second}\n")).unwrap();
    let o = rotaplan(&["check", DEMO, edited.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    assert!(
        text(&o.stdout).contains("C-TEACHER-TWICE"),
        "{}",
        text(&o.stdout)
    );
    std::fs::write(edited.join("plan.csv"), &plan_now).unwrap();
    let o = rotaplan(&["render", DEMO, edited.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    assert!(
        text(&o.stdout).contains("符合条件 1211 人中交流 122 人"),
        "{}",
        text(&o.stdout)
    );
    let o = rotaplan(&["check", DEMO, edited.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    let rendered = std::fs::read_to_string(edited.join("plan.csv")).unwrap();
    assert_eq!(rendered.lines().count(), plan.lines().count() - 1);
    assert!(!rendered.contains(&row));

    // decisions that cannot be read: nothing rewritten, exit 2
    let broken = std::fs::read_to_string(edited.join("plan.csv"))
        .unwrap()
        .replacen(",2026-09-01,", ",2026-13-01,", 1);
    std::fs::write(edited.join("plan.csv"), &broken).unwrap();
    let before = std::fs::read(edited.join("summary.json")).unwrap();
    let o = rotaplan(&["render", DEMO, edited.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stdout));
    assert!(
        text(&o.stderr).contains("cannot be read"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(std::fs::read(edited.join("summary.json")).unwrap(), before);
}

/// The workbook as the edit source (docs/plan-format.md, "Which file holds the decisions"): a
/// row deleted from plan.xlsx's rotation sheet is read by `check` (stale files a warning),
/// rendered into every file, and an edit of both copies asks which to read.
#[test]
fn an_edit_of_the_workbook_is_checked_and_rendered() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("plan");
    let o = rotaplan(&["plan", DEMO, "--out", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let d = dir.to_str().unwrap();
    let planned = std::fs::read_to_string(dir.join("plan.csv")).unwrap();
    // an exchange teacher stays home
    let row = crate::support::exchange_row_to_drop(&dir);
    let teacher = row.split(',').next().unwrap().to_string();
    crate::support::workbook::resave(&dir.join("plan.xlsx"), "交流方案", |cells| {
        (cells.first() != Some(&teacher)).then(|| cells.to_vec())
    });

    let o = rotaplan(&["check", DEMO, d]);
    let said = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{said}");
    assert!(
        said.starts_with("方案合规：各项决定符合全部规则；警告："),
        "{said}"
    );
    assert!(
        said.contains("说明：决定取自 plan.xlsx（交流方案、新教师分配），工作簿在规划后经过修改"),
        "{said}"
    );
    assert!(said.contains("已过时[C-DECISIONS] 决定文件："), "{said}");
    // and in English on asking
    let o = rotaplan(&["check", DEMO, d, "--lang", "en"]);
    let said = text(&o.stdout);
    assert!(
        said.starts_with("plan OK 方案合规: the decisions keep every rule; warning:"),
        "{said}"
    );
    assert!(said.contains("stale[C-DECISIONS]"), "{said}");

    // plan.csv edited too, differently: which copy holds the decisions is asked
    let second = planned.lines().nth(1).unwrap().to_string();
    let edited_csv = planned.replace(&format!("{second}\n"), "");
    assert_ne!(second, row);
    std::fs::write(dir.join("plan.csv"), &edited_csv).unwrap();
    let o = rotaplan(&["check", DEMO, d]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stdout));
    assert!(
        text(&o.stderr).contains("--decisions plan.xlsx"),
        "{}",
        text(&o.stderr)
    );
    let o = rotaplan(&["check", DEMO, d, "--decisions", "plan.xlsx"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    std::fs::write(dir.join("plan.csv"), &planned).unwrap();

    let o = rotaplan(&["render", DEMO, d]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    assert!(
        text(&o.stdout).contains("符合条件 1211 人中交流 122 人"),
        "{}",
        text(&o.stdout)
    );
    let rendered = std::fs::read_to_string(dir.join("plan.csv")).unwrap();
    assert_eq!(rendered.lines().count(), planned.lines().count() - 1);
    assert!(!rendered.contains(&format!("{teacher},")));
    let o = rotaplan(&["check", DEMO, d]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    assert!(
        text(&o.stdout).starts_with("方案合规\n"),
        "{}",
        text(&o.stdout)
    );

    // a rule broken in the workbook is named at its sheet and Excel row
    let moved = rendered
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    crate::support::workbook::resave(&dir.join("plan.xlsx"), "交流方案", |cells| {
        let mut cells = cells.to_vec();
        if cells.first() == Some(&moved) {
            cells[5] = "S9999".into();
        }
        Some(cells)
    });
    let o = rotaplan(&["check", DEMO, d]);
    let said = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{said}");
    assert!(
        said.contains(&format!("位置 plan.xlsx (交流方案):2 ({moved})")),
        "{said}"
    );
}
