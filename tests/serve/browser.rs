//! The workbench driven in headless Chromium, as the clerk uses it (issue 24): create a
//! scenario, upload the demo-county-zh files with a broken roster, read the error at its row and
//! column, upload the fixed roster, plan, send a teacher where a rule forbids it and read the
//! rule, undo, keep a teacher at home and pin it, ask a hiring-budget what-if and compare, and
//! download the workbook and read it back. Every plan is judged by the independent checker.
//!
//! A screenshot of each step is written to `ROTAPLAN_SCREENSHOTS` when set (docs/img/workbench/
//! holds the ones committed: `ROTAPLAN_SCREENSHOTS=docs/img/workbench cargo test --test serve
//! browser`), otherwise to a scratch folder.

use super::cdp::{chromium, Browser};
use super::{support, ZH};
use rotaplan::serve::{ServeOptions, Workbench};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The verdict of an edit is in view after the page reloads (the clerk edits deep in the table).
const IN_VIEW: &str = "(r => r.top >= 0 && r.top < innerHeight)(document.querySelector('#verdict').getBoundingClientRect())";

struct Steps {
    browser: Browser,
    shots: PathBuf,
}

impl Steps {
    fn shot(&mut self, name: &str) {
        let path = self.shots.join(format!("{name}.png"));
        self.browser.screenshot(&path);
    }

    /// Runs `action` (which reloads or leaves the page) and waits until the next page shows
    /// `ready`.
    fn then(&mut self, action: &str, ready: &str) {
        self.browser.eval("window.__before = true");
        self.browser.eval(action);
        self.browser
            .wait_for(&format!("!window.__before && ({ready})"));
    }

    /// The class of the edit's verdict: `ok` or `bad`.
    fn verdict(&mut self) -> String {
        let class = self
            .browser
            .eval("document.querySelector('#verdict').className");
        class.as_str().unwrap_or("").to_string()
    }

    fn text(&mut self, selector: &str) -> String {
        let script = format!(
            "(document.querySelector({0}) || {{innerText: ''}}).innerText",
            serde_json::json!(selector)
        );
        self.browser
            .eval(&script)
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}

/// Waits until `path` has been downloaded whole.
fn downloaded(path: &Path) -> Vec<u8> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        let partial = path.with_extension("xlsx.crdownload");
        if path.is_file() && !partial.exists() {
            return std::fs::read(path).unwrap();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{} was not downloaded", path.display());
}

#[test]
fn the_clerk_plans_edits_pins_asks_and_downloads_in_the_browser() {
    let Some(exe) = chromium() else {
        panic!(
            "the browser test needs headless Chromium: apt-get install -y chromium fonts-noto-cjk \
             (./test installs it as root) · 浏览器测试需要 Chromium"
        );
    };
    let tmp = tempfile::tempdir().unwrap();
    let wb = Workbench::start(ServeOptions {
        dir: tmp.path().join("wb"),
        bind: "127.0.0.1:0".parse().unwrap(),
        password: None,
        max_upload: 20 << 20,
        browser: Some(exe.clone()),
    })
    .unwrap();
    let base = format!("http://{}", wb.addr());
    let shots = match std::env::var_os("ROTAPLAN_SCREENSHOTS") {
        Some(d) => support::root().join(d),
        None => tmp.path().join("shots"),
    };
    std::fs::create_dir_all(&shots).unwrap();
    let browser = Browser::start(&exe, &tmp.path().join("profile"), 1280, 860);
    let mut s = Steps { browser, shots };
    let demo = support::root().join(ZH);

    // a new scenario, from the home page's form
    s.browser.open(&format!("{base}/"));
    s.browser.eval(
        "document.querySelector('#create [name=name]').value = '示范县';
         document.querySelector('#create [name=year]').value = '2026'; true",
    );
    s.shot("1-home");
    s.then(
        "document.querySelector('#create button').click(); true",
        "document.querySelector('input[data-kind=teachers]')",
    );
    assert!(s
        .browser
        .eval("location.pathname")
        .as_str()
        .unwrap()
        .starts_with("/s/"));

    // the files, the roster with an unknown school on its first teacher's row
    let roster = std::fs::read(demo.join("teachers.csv")).unwrap();
    let at = roster.windows(7).position(|w| w == b",S0001,").unwrap();
    let mut broken = roster.clone();
    broken[at..at + 7].copy_from_slice(b",S9999,");
    let broken_path = tmp.path().join("教师名册.csv");
    std::fs::write(&broken_path, &broken).unwrap();
    for (kind, path) in [
        ("schools", demo.join("schools.xlsx")),
        ("hires", demo.join("hires.csv")),
        ("needs", demo.join("needs.csv")),
        ("pairs", demo.join("pairs.csv")),
        ("teachers", broken_path),
    ] {
        s.browser.eval("window.__before = true");
        s.browser
            .set_file(&format!("input[data-kind={kind}]"), &path);
        s.browser.wait_for(&format!(
            "!window.__before && document.body.innerText.includes('{kind}.')"
        ));
    }
    let errors = s.text("table.errors");
    assert!(
        errors.contains("teachers.csv\t2\tE\tE-REF-SCHOOL"),
        "the error at its row and column: {errors}"
    );
    assert!(s.text("h2.bad").contains("校验发现 1 处错误"));
    s.shot("2-errors");

    // fixed and uploaded again: no error, the overview and the plan button
    s.browser.eval("window.__before = true");
    s.browser
        .set_file("input[data-kind=teachers]", &demo.join("teachers.csv"));
    s.browser
        .wait_for("!window.__before && document.querySelector('#plan')");
    assert_eq!(s.text("table.errors"), "");
    assert!(s.text("pre.overview").contains("教师"));
    // the named lists behind the overview's counts: the must-serve teachers, by name
    let must = s.browser.eval(
        "const d = document.querySelector('details[data-list=must_serve]'); d.open = true;
         d.querySelectorAll('tr').length - 1",
    );
    let zh = rotaplan::input::load(&demo.join("scenario.toml")).unwrap();
    let overview = rotaplan::inspect::overview(&zh.scenario, &zh.county);
    assert_eq!(must.as_u64(), Some(u64::from(overview.must_serve_total)));
    assert!(s
        .text("details[data-list=must_serve] summary")
        .contains("本年必须交流的教师"));
    s.shot("3-overview");

    // plan: the progress, then the plan page
    s.then(
        "document.querySelector('#plan').click(); true",
        "location.pathname.endsWith('/plan') && document.querySelector('#rows')",
    );
    let scenario = tmp.path().join("wb/scenarios/示范县/scenario.toml");
    let plan_dir = tmp.path().join("wb/plans/示范县");
    let report = support::check_folder(&scenario, &plan_dir);
    assert!(report.is_ok(), "{}", report.render_text());
    let moved = report.recomputed.rotated + report.recomputed.exchanged;
    let rows = s
        .browser
        .eval("document.querySelectorAll('#rows tbody tr').length");
    assert_eq!(
        rows.as_u64(),
        Some(moved as u64),
        "one row per moved teacher"
    );
    s.shot("4-plan");
    // the report's charts, opened on the page
    let charts = s.browser.eval(
        "const d = document.querySelector('details.charts'); d.open = true; d.scrollIntoView();
         document.querySelectorAll('details.charts svg.chart').length",
    );
    assert!(
        charts.as_u64().unwrap_or(0) >= 4,
        "the report's charts: {charts}"
    );
    assert!(s.text("details.charts").contains("各学科缺口"));
    s.shot("4b-charts");
    s.browser
        .eval("document.querySelector('details.charts').open = false; scrollTo(0, 0); true");

    // a teacher sent to an urban school: the broken rule named in words
    let plan_csv = std::fs::read_to_string(plan_dir.join("plan.csv")).unwrap();
    let teacher = (plan_csv.lines())
        .find(|l| l.contains(",false,false,") && l.ends_with(",rotation"))
        .and_then(|l| l.split(',').next())
        .unwrap()
        .to_string();
    let input = format!("document.querySelector('input[data-teacher={teacher}]')");
    s.then(
        &format!(
            "{input}.value = 'S0001'; {input}.scrollIntoView(); {input}.nextElementSibling.click(); true"
        ),
        &format!("document.querySelector('#verdict li') && {IN_VIEW}"),
    );
    let verdict = s.text("#verdict");
    assert_eq!(s.verdict(), "bad", "{verdict}");
    assert!(
        verdict.contains("C-DEST") && verdict.contains("接收学校 S0001 位于城区"),
        "the rule named in words: {verdict}"
    );
    s.shot("5-edit-breaks-a-rule");

    // undone: the plan as it was
    s.then(
        "[...document.querySelectorAll('button')].find(b => b.textContent === '撤销上一次调整').click(); true",
        &format!("document.querySelector('#verdict p') && {IN_VIEW}"),
    );
    assert_eq!(s.verdict(), "ok", "{}", s.text("#verdict"));
    assert_eq!(
        std::fs::read_to_string(plan_dir.join("plan.csv")).unwrap(),
        plan_csv
    );
    s.shot("6-undone");

    // a teacher the plan leaves at home, added to the list by hand, then taken out again
    let loaded = rotaplan::input::load(&scenario).unwrap();
    let stays = (loaded.county.teachers.iter())
        .find(|t| t.school_id == "S0001" && !plan_csv.contains(&format!("\n{},", t.id)))
        .unwrap()
        .id
        .clone();
    s.then(
        &format!(
            "document.querySelector('#addt').value = '{stays}';
             document.querySelector('#adds').value = 'S0040';
             document.querySelector('#add button').click(); true"
        ),
        &format!("document.querySelector('#verdict p') && {IN_VIEW}"),
    );
    assert!(
        (s.browser).eval(&format!(
            "document.querySelector('input[data-teacher={stays}]').closest('tr').innerText.includes('S0040')"
        )) == serde_json::json!(true),
        "the added teacher's row names the school"
    );
    let now = std::fs::read_to_string(plan_dir.join("plan.csv")).unwrap();
    assert!(now.contains(&format!("\n{stays},")), "{now}");
    s.shot("6b-added");
    s.then(
        "[...document.querySelectorAll('button')].find(b => b.textContent === '撤销上一次调整').click(); true",
        "document.querySelector('#verdict p')",
    );
    assert_eq!(
        std::fs::read_to_string(plan_dir.join("plan.csv")).unwrap(),
        plan_csv
    );

    // the teacher kept at home, pinned, and re-planned around the lock
    s.then(
        &format!("{input}.parentElement.querySelectorAll('button')[1].click(); true"),
        &format!("document.querySelector('#verdict p') && {IN_VIEW}"),
    );
    assert_eq!(s.verdict(), "ok", "{}", s.text("#verdict"));
    s.then(
        "[...document.querySelectorAll('button')].find(b => b.textContent === '锁定调整并重新规划').click(); true",
        "document.querySelector('#rows')",
    );
    let locks = std::fs::read_to_string(tmp.path().join("wb/scenarios/示范县/locks.csv")).unwrap();
    assert!(locks.contains(&format!("stays,{teacher},")), "{locks}");
    let loaded = rotaplan::input::load_with(
        &scenario,
        &rotaplan::input::LoadOptions {
            locks: vec![tmp.path().join("wb/scenarios/示范县/locks.csv")],
            overrides: Vec::new(),
        },
    )
    .unwrap();
    let report = rotaplan::check::check_plan(&loaded, &plan_dir);
    assert!(report.is_ok(), "{}", report.render_text());
    assert_eq!(
        s.browser.eval(&format!(
            "!!document.querySelector('input[data-teacher={teacher}]')"
        )),
        serde_json::json!(false),
        "the pinned teacher is no longer on the list"
    );
    s.shot("7-pinned");

    // the publicity list and the letters, made from the page, with their PDFs
    s.then(
        "document.querySelector('#unit').value = '示范县教育局';
         document.querySelector('#unit').nextElementSibling.click(); true",
        "document.querySelector('a[href$=\"/published/publicity.pdf\"]')",
    );
    let published = tmp.path().join("wb/published/示范县");
    for f in [
        "publicity.pdf",
        "letters-schools.pdf",
        "letters-teachers.pdf",
    ] {
        let pdf = std::fs::read(published.join(f)).unwrap();
        assert!(pdf.starts_with(b"%PDF"), "{f}");
    }
    let list = std::fs::read_to_string(published.join("publicity.html")).unwrap();
    assert!(list.contains("示范县教育局"), "the issuing office");
    s.shot("7b-published");

    // what-if: a hiring budget of 10, planned against this plan and compared
    s.then(
        "document.querySelector('#wkind').value = 'budget';
         document.querySelector('#wvalue').value = '10';
         document.querySelector('#wvalue').nextElementSibling.click(); true",
        "location.pathname.includes('/compare/')",
    );
    let variant = "示范县-whatif-1";
    let report = support::check_folder(
        tmp.path()
            .join(format!("wb/scenarios/{variant}/scenario.toml")),
        &tmp.path().join(format!("wb/plans/{variant}")),
    );
    assert!(report.is_ok(), "{}", report.render_text());
    assert!(s.text("h1").contains(variant), "{}", s.text("h1"));
    let compared = s.text("pre.overview");
    assert!(
        compared.contains("汇总指标") && compared.contains("交流安排不同的教师"),
        "the comparison in Chinese: {compared}"
    );
    s.shot("8-compare");

    // back to the plan; the workbook downloaded as the browser saves it, and read back
    let downloads = tmp.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    s.browser.allow_downloads(&downloads);
    s.then(
        "document.querySelector('h1 + p a').click(); true",
        "document.querySelector('#rows')",
    );
    s.browser
        .eval("document.querySelector('a[href$=\"/out/plan.xlsx\"]').click(); true");
    let bytes = downloaded(&downloads.join("plan.xlsx"));
    assert_eq!(bytes, std::fs::read(plan_dir.join("plan.xlsx")).unwrap());
    let rows =
        rotaplan::input::sheet_rows(&downloads.join("plan.xlsx"), "plan.xlsx", "交流方案").unwrap();
    let plan_now = std::fs::read_to_string(plan_dir.join("plan.csv")).unwrap();
    assert_eq!(
        rows.len(),
        plan_now.lines().count(),
        "one row per moved teacher"
    );
    assert_eq!(rows[0].2[0], "工号");
    let ids: Vec<&str> = rows.iter().skip(1).map(|r| r.2[0].as_str()).collect();
    assert!(!ids.contains(&teacher.as_str()), "the pinned teacher stays");

    // a whole scenario folder opened from the home page: its scenario.toml and data files
    s.browser.open(&format!("{base}/"));
    s.browser.eval("window.__before = true");
    s.browser.set_file("#folder", &demo);
    s.browser
        .wait_for("!window.__before && document.querySelector('#plan')");
    assert_eq!(
        s.browser.eval("decodeURIComponent(location.pathname)"),
        serde_json::json!("/s/demo-county-zh")
    );
    let copied = tmp.path().join("wb/scenarios/demo-county-zh");
    for f in [
        "scenario.toml",
        "teachers.csv",
        "schools.xlsx",
        "hires.csv",
        "needs.csv",
        "pairs.csv",
    ] {
        assert_eq!(
            std::fs::read(copied.join(f)).unwrap(),
            std::fs::read(demo.join(f)).unwrap(),
            "{f} as in the folder"
        );
    }
    s.shot("9-folder-opened");
    wb.stop();
}
