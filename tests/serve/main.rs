//! `rotaplan serve` through HTTP, as a browser talks to it (docs/workbench.md): the security
//! rules (a name that would leave the workbench, a cross-site change, a reachable address
//! without a password, an oversize upload, the password itself), and the office's way in:
//! create a scenario, upload the demo's files, see a broken roster's errors as a table, plan,
//! read the plan and download the workbook. The plan is checked by the independent checker.

#[path = "../support/mod.rs"]
mod support;

mod browser;
mod cdp;

use rotaplan::serve::{ServeError, ServeOptions, Workbench};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

const ZH: &str = "scenarios/demo-county-zh";

struct Reply {
    status: u16,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request with `Connection: close`; the reply's status and body.
fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    // (a refused upload may close the connection before the body is sent)
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a reply")
        + 4;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let mut body = raw[split..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Reply { status, body }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let n = usize::from_str_radix(std::str::from_utf8(&b[..end]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[end + 2..end + 2 + n]);
        b = &b[end + 4 + n..];
    }
}

fn start(dir: &std::path::Path, max_upload: usize, password: Option<&str>) -> Workbench {
    Workbench::start(ServeOptions {
        dir: dir.to_path_buf(),
        bind: "127.0.0.1:0".parse().unwrap(),
        password: password.map(str::to_string),
        max_upload,
        browser: None,
    })
    .unwrap()
}

/// The state of a background job once it is no longer running.
fn finished(addr: SocketAddr, job: &serde_json::Value) -> serde_json::Value {
    let path = format!("/api/jobs/{job}");
    loop {
        let s: serde_json::Value =
            serde_json::from_str(&send(addr, "GET", &path, &[], b"").text()).unwrap();
        if s["state"] != "running" {
            return s;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

/// The token a workbench page gives its script.
fn token(addr: SocketAddr) -> String {
    let page = send(addr, "GET", "/", &[], b"").text();
    let at = page.find("rotaplan-token\" content=\"").unwrap() + 25;
    page[at..at + 32].to_string()
}

#[test]
fn names_outside_the_workbench_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let wb = start(tmp.path(), 1 << 20, None);
    let (addr, t) = (wb.addr(), token(wb.addr()));
    let auth = [("X-Rotaplan-Token", t.as_str())];
    assert_eq!(
        send(addr, "POST", "/api/s/county/create", &auth, b"").status,
        200
    );
    for path in [
        "/api/s/county/files/..%2F..%2Fevil.csv",
        "/api/s/county/files/%2Ftmp%2Fevil.csv",
        "/api/s/county/files/evil.sh",
        "/api/s/..%2Fcounty/data/schools",
        "/api/s/county/data/..%2Fschools",
    ] {
        let r = send(addr, "PUT", path, &auth, b"x");
        assert!(
            matches!(r.status, 400 | 404),
            "{path}: {} {}",
            r.status,
            r.text()
        );
    }
    assert!(!tmp.path().join("evil.csv").exists());
    assert!(!tmp.path().parent().unwrap().join("evil.csv").exists());
    assert_eq!(
        send(
            addr,
            "GET",
            "/s/county/out/..%2F..%2Fscenarios%2Fcounty%2Fscenario.toml",
            &[],
            b""
        )
        .status,
        404
    );
    wb.stop();
}

#[test]
fn a_cross_site_change_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let wb = start(tmp.path(), 1 << 20, None);
    let (addr, t) = (wb.addr(), token(wb.addr()));
    // a form posted from another site carries no token
    let r = send(
        addr,
        "POST",
        "/api/s/county/create",
        &[("Origin", "http://evil.example")],
        b"",
    );
    assert_eq!(r.status, 403, "{}", r.text());
    // nor does a token help from another origin
    let r = send(
        addr,
        "POST",
        "/api/s/county/create",
        &[("X-Rotaplan-Token", &t), ("Origin", "http://evil.example")],
        b"",
    );
    assert_eq!(r.status, 403);
    let r = send(
        addr,
        "POST",
        "/api/s/county/create",
        &[("X-Rotaplan-Token", &t), ("Sec-Fetch-Site", "cross-site")],
        b"",
    );
    assert_eq!(r.status, 403);
    let r = send(
        addr,
        "POST",
        "/api/s/county/create",
        &[("X-Rotaplan-Token", "0000")],
        b"",
    );
    assert_eq!(r.status, 403);
    assert!(!tmp.path().join("scenarios/county").exists());
    let origin = format!("http://{addr}");
    let r = send(
        addr,
        "POST",
        "/api/s/county/create",
        &[("X-Rotaplan-Token", &t), ("Origin", &origin)],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    wb.stop();
}

#[test]
fn a_reachable_address_needs_a_password_and_the_password_is_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let open = Workbench::start(ServeOptions {
        dir: tmp.path().to_path_buf(),
        bind: "0.0.0.0:0".parse().unwrap(),
        password: None,
        max_upload: 1 << 20,
        browser: None,
    });
    assert!(matches!(open, Err(ServeError::PasswordRequired(_))));
    let wb = start(tmp.path(), 1 << 20, Some("s3cret"));
    let addr = wb.addr();
    assert_eq!(send(addr, "GET", "/", &[], b"").status, 401);
    // "u:wrong" and "u:s3cret"
    assert_eq!(
        send(
            addr,
            "GET",
            "/",
            &[("Authorization", "Basic dTp3cm9uZw==")],
            b""
        )
        .status,
        401
    );
    assert_eq!(
        send(
            addr,
            "GET",
            "/",
            &[("Authorization", "Basic dTpzM2NyZXQ=")],
            b""
        )
        .status,
        200
    );
    wb.stop();
}

#[test]
fn an_oversize_upload_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let wb = start(tmp.path(), 1000, None);
    let (addr, t) = (wb.addr(), token(wb.addr()));
    let auth = [("X-Rotaplan-Token", t.as_str())];
    assert_eq!(
        send(addr, "POST", "/api/s/county/create", &auth, b"").status,
        200
    );
    let r = send(
        addr,
        "PUT",
        "/api/s/county/data/teachers?format=csv",
        &auth,
        &vec![b'x'; 5000],
    );
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(!tmp.path().join("scenarios/county/teachers.csv").exists());
    let r = send(
        addr,
        "PUT",
        "/api/s/county/data/teachers?format=csv",
        &auth,
        &vec![b'x'; 900],
    );
    assert_eq!(r.status, 200);
    wb.stop();
}

#[test]
fn the_office_uploads_validates_plans_and_downloads() {
    let tmp = tempfile::tempdir().unwrap();
    let wb = start(tmp.path(), 20 << 20, None);
    let (addr, t) = (wb.addr(), token(wb.addr()));
    let auth = [("X-Rotaplan-Token", t.as_str())];
    let s = "/api/s/%E7%A4%BA%E8%8C%83%E5%8E%BF"; // 示范县
    assert_eq!(
        send(addr, "POST", &format!("{s}/create?year=2026"), &auth, b"").status,
        200
    );
    let file = |f: &str| std::fs::read(format!("{}/{ZH}/{f}", support::root().display())).unwrap();
    // a broken roster: an unknown school on the first teacher's row (Excel row 2)
    let roster = String::from_utf8_lossy(&encoding_gbk_to_utf8(&file("teachers.csv"))).into_owned();
    let broken = roster.replacen(",S0001,", ",S9999,", 1);
    let r = send(
        addr,
        "PUT",
        &format!("{s}/data/teachers?format=csv"),
        &auth,
        broken.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        send(
            addr,
            "PUT",
            &format!("{s}/data/schools?format=xlsx"),
            &auth,
            &file("schools.xlsx")
        )
        .status,
        200
    );
    for f in ["hires", "needs", "pairs"] {
        let r = send(
            addr,
            "PUT",
            &format!("{s}/data/{f}?format=csv"),
            &auth,
            &file(&format!("{f}.csv")),
        );
        assert_eq!(r.status, 200);
    }
    let page = send(addr, "GET", "/s/%E7%A4%BA%E8%8C%83%E5%8E%BF", &[], b"").text();
    assert!(page.contains("校验发现 1 处错误"), "{page}");
    assert!(
        page.contains("<td>teachers.csv</td><td>2</td><td>E</td><td>E-REF-SCHOOL</td>"),
        "{page}"
    );
    // fixed and uploaded again: the overview and the plan button
    let r = send(
        addr,
        "PUT",
        &format!("{s}/data/teachers?format=csv"),
        &auth,
        roster.as_bytes(),
    );
    assert_eq!(r.status, 200);
    let page = send(addr, "GET", "/s/%E7%A4%BA%E8%8C%83%E5%8E%BF", &[], b"").text();
    assert!(
        !page.contains("校验发现") && page.contains("计算最优方案"),
        "{page}"
    );
    // plan in the background, twice asked: one job
    let a = send(addr, "POST", &format!("{s}/plan"), &auth, b"").text();
    let b = send(addr, "POST", &format!("{s}/plan"), &auth, b"").text();
    assert_eq!(a, b);
    let id: serde_json::Value = serde_json::from_str(&a).unwrap();
    let state = finished(addr, &id["job"]);
    assert_eq!(state["state"], "done", "{state}");
    let plan_dir = tmp.path().join("plans").join("示范县");
    let report =
        support::check_folder(tmp.path().join("scenarios/示范县/scenario.toml"), &plan_dir);
    assert!(report.is_ok(), "{}", report.render_text());
    let page = send(addr, "GET", "/s/%E7%A4%BA%E8%8C%83%E5%8E%BF/plan", &[], b"").text();
    let rotated = report.recomputed.rotated + report.recomputed.exchanged;
    assert_eq!(
        page.matches("<tr><td>T").count(),
        rotated,
        "one row per moved teacher"
    );
    assert!(page.contains("状态 最优"), "{page}");
    for control in [
        "undoEdit(",
        "pinEdits(",
        "editRow(",
        "keepHome(",
        "whatIf(",
        "/explain/",
    ] {
        assert!(page.contains(control), "{control}");
    }
    // the workbook downloaded is the plan's, and reads back
    let r = send(
        addr,
        "GET",
        "/s/%E7%A4%BA%E8%8C%83%E5%8E%BF/out/plan.xlsx",
        &[],
        b"",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.body, std::fs::read(plan_dir.join("plan.xlsx")).unwrap());
    let path = tmp.path().join("downloaded.xlsx");
    std::fs::write(&path, &r.body).unwrap();
    let rows = rotaplan::input::sheet_rows(&path, "plan.xlsx", "交流方案").unwrap();
    assert_eq!(rows.len(), rotated + 1);
    assert_eq!(rows[0].2[0], "工号");

    // edit: a teacher sent to an urban school breaks a rule, named in words; undo; an exchange
    // teacher kept at home is a legitimate edit, and the folder is consistent again
    let plan_csv = std::fs::read_to_string(plan_dir.join("plan.csv")).unwrap();
    let row = support::exchange_row_to_drop(&plan_dir);
    let teacher = row.split(',').next().unwrap().to_string();
    let edit = |q: &str| -> serde_json::Value {
        let r = send(addr, "POST", &format!("{s}/{q}"), &auth, b"");
        assert_eq!(r.status, 200, "{q}: {}", r.text());
        serde_json::from_slice(&r.body).unwrap()
    };
    let rotated_teacher = (plan_csv.lines())
        .find(|l| l.ends_with(",rotation"))
        .and_then(|l| l.split(',').next())
        .unwrap();
    let v = edit(&format!("edit?teacher={rotated_teacher}&to=S0001"));
    assert_eq!(v["ok"], false, "{v}");
    assert!(!v["broken"].as_array().unwrap().is_empty(), "{v}");
    let v = edit("undo");
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(
        std::fs::read_to_string(plan_dir.join("plan.csv")).unwrap(),
        plan_csv
    );
    let v = edit(&format!("edit?teacher={teacher}&to="));
    assert_eq!(v["ok"], true, "{v}");
    let report =
        support::check_folder(tmp.path().join("scenarios/示范县/scenario.toml"), &plan_dir);
    assert!(report.is_ok(), "{}", report.render_text());
    assert_eq!(
        report.recomputed.rotated + report.recomputed.exchanged + 1,
        rotated
    );
    let page = send(
        addr,
        "GET",
        &format!("/s/%E7%A4%BA%E8%8C%83%E5%8E%BF/explain/{teacher}"),
        &[],
        b"",
    )
    .text();
    assert!(page.contains(&teacher) && page.contains("教师"), "{page}");

    // two tabs editing at once: every edit is kept, each can be undone, in order
    let before = std::fs::read_to_string(plan_dir.join("plan.csv")).unwrap();
    let others: Vec<String> = (before.lines())
        .filter(|l| l.contains(",false,false,") && l.ends_with(",rotation"))
        .map(|l| l.split(',').next().unwrap().to_string())
        .filter(|t| *t != teacher)
        .take(8)
        .collect();
    assert_eq!(others.len(), 8);
    std::thread::scope(|scope| {
        for tab in others.chunks(4) {
            let t = t.clone();
            scope.spawn(move || {
                for id in tab {
                    let path = format!("{s}/edit?teacher={id}&to=");
                    let r = send(
                        addr,
                        "POST",
                        &path,
                        &[("X-Rotaplan-Token", t.as_str())],
                        b"",
                    );
                    assert_eq!(r.status, 200, "{id}: {}", r.text());
                }
            });
        }
    });
    let after = std::fs::read_to_string(plan_dir.join("plan.csv")).unwrap();
    for id in &others {
        assert!(!after.contains(&format!("\n{id},")), "{id}'s edit kept");
    }
    assert_eq!(after.lines().count() + 8, before.lines().count());
    for _ in 0..8 {
        let r = send(addr, "POST", &format!("{s}/undo"), &auth, b"");
        assert_eq!(r.status, 200, "{}", r.text());
    }
    assert_eq!(
        std::fs::read_to_string(plan_dir.join("plan.csv")).unwrap(),
        before
    );

    // pinned: the edit becomes a lock, and the re-plan keeps it with as few changes as it can
    let v = edit("pin");
    assert_eq!(v["locks"], 1, "{v}");
    let state = finished(addr, &v["job"]);
    assert_eq!(state["state"], "done", "{state}");
    let locks = std::fs::read_to_string(tmp.path().join("scenarios/示范县/locks.csv")).unwrap();
    assert!(locks.contains(&format!("stays,{teacher},")), "{locks}");
    let plan_now = std::fs::read_to_string(plan_dir.join("plan.csv")).unwrap();
    assert!(
        !plan_now.contains(&format!("\n{teacher},")),
        "the pinned teacher stays"
    );
    assert!(plan_dir.join("changes.csv").is_file());
    let loaded = rotaplan::input::load_with(
        &tmp.path().join("scenarios/示范县/scenario.toml"),
        &rotaplan::input::LoadOptions {
            locks: vec![tmp.path().join("scenarios/示范县/locks.csv")],
            overrides: Vec::new(),
        },
    )
    .unwrap();
    let report = rotaplan::check::check_plan(&loaded, &plan_dir);
    assert!(report.is_ok(), "{}", report.render_text());
    let r = send(addr, "POST", &format!("{s}/undo"), &auth, b"");
    assert_eq!(
        r.status,
        409,
        "nothing left to undo after pinning: {}",
        r.text()
    );

    // the publicity list and the letters, made from the page and downloaded
    let v = edit("publish?unit=%E7%A4%BA%E8%8C%83%E5%8E%BF%E6%95%99%E8%82%B2%E5%B1%80");
    let files: Vec<&str> = (v["files"].as_array().unwrap().iter())
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(
        files.contains(&"publicity.html") && files.contains(&"letters-schools.html"),
        "{v}"
    );
    let list = send(
        addr,
        "GET",
        "/s/%E7%A4%BA%E8%8C%83%E5%8E%BF/published/publicity.html",
        &[],
        b"",
    )
    .text();
    assert!(list.contains("示范县教育局"), "the issuing office");
    let plan_now = std::fs::read_to_string(plan_dir.join("plan.csv")).unwrap();
    for line in plan_now.lines().skip(1) {
        let name = line.split(',').nth(1).unwrap();
        assert!(list.contains(name), "{name} on the publicity list");
    }
    let bad = "/s/%E7%A4%BA%E8%8C%83%E5%8E%BF/published/..%2Fscenario.toml";
    assert_eq!(send(addr, "GET", bad, &[], b"").status, 404);

    // what-if: a hiring budget, planned against this plan, then compared with it
    let r = send(
        addr,
        "POST",
        &format!("{s}/whatif?kind=budget&value=x"),
        &auth,
        b"",
    );
    assert_eq!(r.status, 400, "{}", r.text());
    let v = edit("whatif?kind=budget&value=10");
    let variant = v["variant"].as_str().unwrap().to_string();
    assert_eq!(variant, "示范县-whatif-1");
    let state = finished(addr, &v["job"]);
    assert_eq!(state["state"], "done", "{state}");
    let vdir = tmp.path().join("plans").join(&variant);
    let report = support::check_folder(
        tmp.path()
            .join(format!("scenarios/{variant}/scenario.toml")),
        &vdir,
    );
    assert!(report.is_ok(), "{}", report.render_text());
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(vdir.join("summary.json")).unwrap()).unwrap();
    let stages = summary["stages"].as_array().unwrap();
    assert!(stages.iter().any(|s| s["goal"] == "stability"), "{summary}");
    let page = send(
        addr,
        "GET",
        "/s/%E7%A4%BA%E8%8C%83%E5%8E%BF/compare/%E7%A4%BA%E8%8C%83%E5%8E%BF-whatif-1",
        &[],
        b"",
    )
    .text();
    assert!(page.contains("交流安排不同的教师"), "{page}");
    assert!(
        page.contains("乡村"),
        "the schools' areas, from the scenario: {page}"
    );
    wb.stop();
}

/// The demo's GBK roster as UTF-8 (the upload may be either; this one is edited as text).
fn encoding_gbk_to_utf8(bytes: &[u8]) -> Vec<u8> {
    match rotaplan::input::decode_text(bytes, rotaplan::input::TextEncoding::Auto) {
        Ok((text, _)) => text.into_bytes(),
        Err(_) => bytes.to_vec(),
    }
}
