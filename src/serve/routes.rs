//! One request: the guards (password, token and origin of a change, upload size), then the
//! route. Every refusal is a plain status with a bilingual sentence.

use super::guard::{self, Refused};
use super::pages::{self, ErrorRow};
use super::Shared;
use crate::output::Lang;
use std::io::Read;
use tiny_http::{Header, Method, Request, Response};

type Reply = (u16, &'static str, Vec<u8>);

pub(crate) fn handle(shared: &Shared, mut request: Request) {
    let reply = match guard_request(shared, &request) {
        Err(r) => refused(r),
        Ok(()) => route(shared, &mut request),
    };
    let (status, kind, body) = reply;
    let mut response = Response::from_data(body).with_status_code(status);
    for (k, v) in [
        ("Content-Type", kind),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
        (
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'",
        ),
    ] {
        if let Ok(h) = Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            response.add_header(h);
        }
    }
    if status == 401 {
        if let Ok(h) = Header::from_bytes(
            &b"WWW-Authenticate"[..],
            &b"Basic realm=\"rotaplan\", charset=\"UTF-8\""[..],
        ) {
            response.add_header(h);
        }
    }
    let _ = request.respond(response);
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    (request.headers().iter())
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// The password, and for a change the page's token and the workbench's own origin.
fn guard_request(shared: &Shared, request: &Request) -> Result<(), Refused> {
    if let Some(password) = &shared.password {
        let given = header(request, "Authorization").and_then(guard::basic_password);
        if !given.is_some_and(|g| guard::same_secret(&g, password)) {
            return Err(Refused::Unauthorized);
        }
    }
    if matches!(request.method(), Method::Get | Method::Head) {
        return Ok(());
    }
    let token_ok =
        header(request, "X-Rotaplan-Token").is_some_and(|t| guard::same_secret(t, &shared.token));
    let host = header(request, "Host").unwrap_or("");
    let origin_ok = header(request, "Origin").is_none_or(|o| o == format!("http://{host}"));
    let site_ok =
        header(request, "Sec-Fetch-Site").is_none_or(|s| s == "same-origin" || s == "none");
    if token_ok && origin_ok && site_ok {
        Ok(())
    } else {
        Err(Refused::CrossSite)
    }
}

fn refused(r: Refused) -> Reply {
    (
        r.status(),
        "text/plain; charset=utf-8",
        r.to_string().into_bytes(),
    )
}

fn html(body: String) -> Reply {
    (200, "text/html; charset=utf-8", body.into_bytes())
}

fn json(value: &serde_json::Value) -> Reply {
    (200, "application/json", value.to_string().into_bytes())
}

/// Percent-decoding of one path segment or query value.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b'+', ..) => {
                out.push(b' ');
                i += 1;
            }
            (c, ..) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn route(shared: &Shared, request: &mut Request) -> Reply {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let param = |key: &str| {
        (query.split('&'))
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == key)
            .map(|(_, v)| decode(v))
    };
    let lang = match param("lang").as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    };
    let parts: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(decode)
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    // a change to a scenario waits for the one before it, and is refused while it is planned
    let lock = match (request.method(), parts.as_slice()) {
        (Method::Post | Method::Put, ["api", "s", name, op, ..]) if *op != "plan" => {
            if shared.jobs.running(name) {
                return (
                    409,
                    "text/plain; charset=utf-8",
                    "the scenario is being planned: wait until the plan is done · 正在规划，请在完成后再修改"
                        .as_bytes()
                        .to_vec(),
                );
            }
            Some(shared.store.lock(name))
        }
        _ => None,
    };
    let _held = lock
        .as_ref()
        .map(|l| l.lock().unwrap_or_else(|e| e.into_inner()));
    let result = match (request.method(), parts.as_slice()) {
        (Method::Get, []) => Ok(html(pages::home(
            &shared.store,
            lang,
            &shared.token,
            super::next_plan_year(),
        ))),
        (Method::Get, ["s", name]) => scenario_page(shared, name, lang),
        (Method::Get, ["s", name, "plan"]) => plan_page(shared, name, lang),
        (Method::Get, ["s", name, "out", file]) => download(shared, name, file),
        (Method::Post, ["api", "s", name, "create"]) => {
            let year = param("year")
                .and_then(|y| y.parse().ok())
                .unwrap_or_else(super::next_plan_year);
            shared
                .store
                .create(name, year)
                .map(|_| json(&serde_json::json!({"ok": true})))
                .map_err(into_reply)
        }
        (Method::Put, ["api", "s", name, "data", kind]) => {
            let xlsx = param("format").as_deref() == Some("xlsx");
            body(shared, request).and_then(|bytes| {
                (shared.store.put_data(name, kind, xlsx, &bytes))
                    .map(|file| json(&serde_json::json!({"file": file})))
                    .map_err(into_reply)
            })
        }
        (Method::Put, ["api", "s", name, "files", file]) => {
            body(shared, request).and_then(|bytes| {
                (shared.store.put_file(name, file, &bytes))
                    .map(|_| json(&serde_json::json!({"file": file})))
                    .map_err(into_reply)
            })
        }
        (Method::Post, ["api", "s", name, "plan"]) => match shared.store.scenario_file(name) {
            Ok(f) if f.is_file() => {
                let replan = param("replan").as_deref() == Some("1");
                let job = shared.jobs.start(&shared.store, name, lang, replan);
                Ok(json(&serde_json::json!({ "job": job })))
            }
            Ok(_) => Err(refused(Refused::NotFound)),
            Err(r) => Err(refused(r)),
        },
        (Method::Post, ["api", "s", name, "edit"]) => {
            let (teacher, to) = (
                param("teacher").unwrap_or_default(),
                param("to").unwrap_or_default(),
            );
            edited(super::edit::edit(&shared.store, name, &teacher, &to, lang))
        }
        (Method::Post, ["api", "s", name, "undo"]) => {
            edited(super::edit::undo(&shared.store, name, lang))
        }
        (Method::Post, ["api", "s", name, "pin"]) => match super::edit::pin(&shared.store, name) {
            Ok(n) => {
                let job = shared.jobs.start(&shared.store, name, lang, true);
                Ok(json(&serde_json::json!({ "locks": n, "job": job })))
            }
            Err(e) => Err((409, "text/plain; charset=utf-8", e.to_string().into_bytes())),
        },
        (Method::Get, ["s", name, "explain", id]) => explain_page(shared, name, id, lang),
        (Method::Post, ["api", "s", name, "whatif"]) => {
            let (kind, value) = (
                param("kind").unwrap_or_default(),
                param("value").unwrap_or_default(),
            );
            match super::store::WhatIf::parse(&kind, &value) {
                None => Err((
                    400,
                    "text/plain; charset=utf-8",
                    "the question needs a number (budget, share in %) or ids (exempt schools, withdrawn teachers) · 请填写人数、比例（%）或代码"
                        .as_bytes()
                        .to_vec(),
                )),
                Some(q) => match shared.store.create_variant(name, &q) {
                    Ok(variant) => {
                        let job = shared.jobs.start_with(&shared.store, &variant, lang, false, Some(name.to_string()));
                        Ok(json(&serde_json::json!({ "variant": variant, "job": job })))
                    }
                    Err(e) => Err(into_reply(e)),
                },
            }
        }
        (Method::Get, ["s", name, "compare", other]) => compare_page(shared, name, other, lang),
        (Method::Post, ["api", "s", name, "publish"]) => match shared.store.publish(
            name,
            param("unit").filter(|u| !u.trim().is_empty()),
            shared.browser.as_deref(),
        ) {
            Ok(files) => Ok(json(&serde_json::json!({ "files": files }))),
            Err(super::store::StoreError::Publish(e)) => {
                Err((409, "text/plain; charset=utf-8", e.into_bytes()))
            }
            Err(e) => Err(into_reply(e)),
        },
        (Method::Get, ["s", name, "published", file]) => {
            if !shared.store.published(name).iter().any(|f| f == file) {
                Err(refused(Refused::NotFound))
            } else {
                let dir = shared.store.published_dir(name).map_err(refused);
                dir.and_then(|d| guard::inside(&d, &[file]).map_err(refused))
                    .and_then(|p| std::fs::read(p).map_err(|_| refused(Refused::NotFound)))
                    .map(|bytes| (200, content_type(file), bytes))
            }
        }
        (Method::Get, ["api", "jobs", id]) => {
            match id.parse().ok().and_then(|id| shared.jobs.state(id)) {
                Some(state) => Ok(json(&serde_json::to_value(state).unwrap_or_default())),
                None => Err(refused(Refused::NotFound)),
            }
        }
        _ => Err(refused(Refused::NotFound)),
    };
    result.unwrap_or_else(|r| r)
}

fn edited(r: Result<super::edit::Outcome, super::edit::EditError>) -> Result<Reply, Reply> {
    match r {
        Ok(o) => Ok(json(&serde_json::to_value(o).unwrap_or_default())),
        Err(e) => Err((409, "text/plain; charset=utf-8", e.to_string().into_bytes())),
    }
}

/// `explain` for a teacher or a school of the plan, as the command line writes it.
fn explain_page(shared: &Shared, name: &str, id: &str, lang: Lang) -> Result<Reply, Reply> {
    let file = shared.store.scenario_file(name).map_err(refused)?;
    let dir = shared.store.plan_dir(name).map_err(refused)?;
    let loaded = crate::input::load(&file).map_err(|_| refused(Refused::NotFound))?;
    let opts = crate::explain::ExplainOptions {
        lang,
        anonymize: None,
    };
    let text = match crate::explain::explain(&loaded, &dir, id, &opts) {
        Ok(e) => crate::explain::render_text(&e, lang, &loaded.scenario),
        Err(e) => e.to_string(),
    };
    Ok(html(pages::explain(lang, &shared.token, name, id, &text)))
}

/// `compare` of two scenarios' plans, as the command line prints it.
fn compare_page(shared: &Shared, name: &str, other: &str, lang: Lang) -> Result<Reply, Reply> {
    let (a, b) = (
        shared.store.plan_dir(name).map_err(refused)?,
        shared.store.plan_dir(other).map_err(refused)?,
    );
    // the scenario gives the schools' areas and the subjects' names
    let loaded = (shared.store.scenario_file(name).ok()).and_then(|f| crate::input::load(&f).ok());
    let areas = (loaded.as_ref()).map_or_else(Default::default, |l| l.county.area_keys());
    let subjects = (loaded.as_ref()).map_or_else(crate::scenario::default_subjects, |l| {
        l.scenario.subjects.clone()
    });
    let text = match crate::whatif::compare::compare_with(&[&a, &b], &areas) {
        Ok(c) => c.render_text_with(lang, &subjects),
        Err(e) => e.to_string(),
    };
    Ok(html(pages::compare(
        lang,
        &shared.token,
        name,
        other,
        &text,
    )))
}

fn into_reply(e: super::store::StoreError) -> Reply {
    match e {
        super::store::StoreError::Refused(r) => refused(r),
        e => (500, "text/plain; charset=utf-8", e.to_string().into_bytes()),
    }
}

/// The request's body, refused beyond the upload limit (before reading, when its length is
/// declared).
fn body(shared: &Shared, request: &mut Request) -> Result<Vec<u8>, Reply> {
    let limit = shared.max_upload;
    if request.body_length().is_some_and(|n| n > limit) {
        return Err(refused(Refused::TooLarge { limit }));
    }
    let mut bytes = Vec::new();
    let read = request
        .as_reader()
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes);
    if read.is_err() {
        return Err((
            400,
            "text/plain; charset=utf-8",
            b"the upload broke off".to_vec(),
        ));
    }
    if bytes.len() > limit {
        return Err(refused(Refused::TooLarge { limit }));
    }
    Ok(bytes)
}

fn scenario_page(shared: &Shared, name: &str, lang: Lang) -> Result<Reply, Reply> {
    let file = shared.store.scenario_file(name).map_err(refused)?;
    if !file.is_file() {
        return Err(refused(Refused::NotFound));
    }
    let dir = shared.store.scenario_dir(name).map_err(refused)?;
    let mut files: Vec<(String, bool)> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .map(|n| (n, true))
        .collect();
    files.sort();
    let rows = |diags: &[crate::diag::Diagnostic]| -> Vec<ErrorRow> {
        diags
            .iter()
            .map(|d| ErrorRow {
                file: d.file.clone().unwrap_or_default(),
                line: d.line.map(|l| l.to_string()).unwrap_or_default(),
                column: d
                    .column
                    .map(crate::diag::column_letters)
                    .unwrap_or_default(),
                code: d.code.to_string(),
                message: lang
                    .t(d.message_zh.as_deref().unwrap_or(&d.message), &d.message)
                    .to_string(),
                action: lang
                    .t(d.action_zh.as_deref().unwrap_or(&d.action), &d.action)
                    .to_string(),
                error: d.is_error(),
            })
            .collect()
    };
    let planned = shared
        .store
        .plan_dir(name)
        .is_ok_and(|d| d.join("summary.json").is_file());
    let page = match crate::input::load(&file) {
        Err(diags) => pages::scenario(
            lang,
            &shared.token,
            name,
            &files,
            &rows(&diags),
            None,
            planned,
        ),
        Ok(loaded) => {
            let overview = crate::inspect::overview_with(
                &loaded.scenario,
                &loaded.county,
                &Default::default(),
            )
            .with_applications(&loaded.applications);
            let text = crate::inspect::render_text(&overview);
            let subject = |id: &str| match (lang, loaded.scenario.subjects.get(id)) {
                (Lang::Zh, Some(def)) => def.zh.clone(),
                _ => id.to_string(),
            };
            let lists = super::lists::named_lists(lang, &overview.named, &subject);
            pages::scenario(
                lang,
                &shared.token,
                name,
                &files,
                &rows(&loaded.warnings),
                Some((&text, &lists)),
                planned,
            )
        }
    };
    Ok(html(page))
}

fn plan_page(shared: &Shared, name: &str, lang: Lang) -> Result<Reply, Reply> {
    let dir = shared.store.plan_dir(name).map_err(refused)?;
    let summary: serde_json::Value = std::fs::read(dir.join("summary.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| refused(Refused::NotFound))?;
    let f = |k: &str| summary[k].as_f64().unwrap_or(0.0);
    let line = match lang {
        Lang::Zh => format!(
            "符合条件 {} 人中交流 {} 人（{:.1}%），必须交流者安排 {}/{}，新教师 {} 人，缺编 {:.1} → {:.1} FTE；状态 {}",
            f("eligible"), f("rotated"), 100.0 * f("rotation_share"), f("must_serve_placed"), f("must_serve"),
            f("hires"), f("gap_before"), f("gap_after"),
            match summary["status"].as_str().unwrap_or("") {
                "optimal" => "最优",
                "edited" => "人工调整",
                "time_limit" => "达到时间上限",
                other => other,
            }
        ),
        Lang::En => format!(
            "rotated {} of {} eligible ({:.1}%), must-serve placed {}/{}, hires {}, gap {:.1} → {:.1} FTE; status {}",
            f("rotated"), f("eligible"), 100.0 * f("rotation_share"), f("must_serve_placed"), f("must_serve"),
            f("hires"), f("gap_before"), f("gap_after"), summary["status"].as_str().unwrap_or("")
        ),
    };
    // the rotation sheet as the workbook shows it (names, subjects and yes/no in words)
    let book = dir.join("plan.xlsx");
    let sheet = ["交流方案", "plan"]
        .iter()
        .find_map(|s| crate::input::sheet_rows(&book, "plan.xlsx", s).ok())
        .ok_or_else(|| refused(Refused::NotFound))?;
    let mut sheet = sheet.into_iter().map(|(_, _, cells)| cells);
    let all = sheet.next().unwrap_or_default();
    // the term's dates are the same on every row: shown once, not per row
    let keep: Vec<usize> = (0..all.len())
        .filter(|&i| !["开始日期", "结束日期", "start", "end"].contains(&all[i].as_str()))
        .collect();
    let header: Vec<String> = keep.iter().map(|&i| all[i].clone()).collect();
    let short = |c: &str| match c.parse::<f64>() {
        Ok(x) if c.contains('.') => format!("{x:.1}"),
        _ => c.to_string(),
    };
    let rows: Vec<Vec<String>> = sheet
        .map(|r| {
            keep.iter()
                .map(|&i| short(r.get(i).map_or("", String::as_str)))
                .collect()
        })
        .collect();
    let report = std::fs::read_to_string(dir.join("report.html")).unwrap_or_default();
    let view = pages::PlanView {
        summary: line,
        header,
        rows,
        published: shared.store.published(name),
        charts: super::charts::from_report(&report),
    };
    Ok(html(pages::plan(lang, &shared.token, name, &view)))
}

fn download(shared: &Shared, name: &str, file: &str) -> Result<Reply, Reply> {
    let path = shared.store.plan_file(name, file).map_err(refused)?;
    let bytes = std::fs::read(&path).map_err(|_| refused(Refused::NotFound))?;
    Ok((200, content_type(file), bytes))
}

fn content_type(file: &str) -> &'static str {
    match file.rsplit('.').next() {
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("csv") => "text/csv; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        Some("pdf") => "application/pdf",
        _ => "text/plain; charset=utf-8",
    }
}
