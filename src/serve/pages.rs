//! The workbench's pages: plain HTML from the server, in Chinese (English with `?lang=en`),
//! with the little script they need inline. Nothing is loaded from the internet, and every
//! name or value from a file is escaped.

use super::store::{Store, DATA_KINDS};
use crate::output::svg::esc;
use crate::output::Lang;
use std::fmt::Write as _;

/// The page frame: title, style, the request token for the script, and the body.
pub fn frame(lang: Lang, token: &str, title: &str, body: &str) -> String {
    let switch = match lang {
        Lang::Zh => "<a href=\"?lang=en\">English</a>",
        Lang::En => "<a href=\"?lang=zh\">中文</a>",
    };
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
<meta name=\"rotaplan-token\" content=\"{}\"><title>{} · rotaplan</title>\
<style>{STYLE}</style></head><body><header><a href=\"/{}\">{}</a><span>{switch}</span></header>\
<main>{body}</main><script>{SCRIPT}</script></body></html>",
        match lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        },
        esc(token),
        esc(title),
        query(lang),
        lang.t("rotaplan 教师交流工作台", "rotaplan workbench"),
    )
}

/// `?lang=en` for English links, nothing for Chinese.
pub fn query(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "",
        Lang::En => "?lang=en",
    }
}

/// The home page: the scenarios, and a form to start a new one.
pub fn home(store: &Store, lang: Lang, token: &str, plan_year: i32) -> String {
    let l = lang;
    let mut b = String::new();
    let _ = write!(b, "<h1>{}</h1>", l.t("情景", "Scenarios"));
    let names = store.scenarios();
    if names.is_empty() {
        let _ = write!(
            b,
            "<p>{}</p>",
            l.t(
                "还没有情景。新建一个，然后上传学校名单和教师名册。",
                "No scenario yet. Create one, then upload the schools and the roster."
            )
        );
    } else {
        b.push_str("<ul class=\"list\">");
        for n in &names {
            let planned = store
                .plan_dir(n)
                .is_ok_and(|d| d.join("summary.json").is_file());
            let _ = write!(
                b,
                "<li><a href=\"/s/{}{}\">{}</a> {}</li>",
                esc(n),
                query(l),
                esc(n),
                if planned {
                    l.t("（已有方案）", "(planned)")
                } else {
                    ""
                }
            );
        }
        b.push_str("</ul>");
    }
    let _ = write!(
        b,
        "<h2>{}</h2><form id=\"create\" onsubmit=\"createScenario(this); return false\">\
<label>{} <input name=\"name\" required pattern=\"[\\p{{L}}\\p{{N}}][\\p{{L}}\\p{{N}}_\\-]{{0,63}}\"></label> \
<label>{} <input name=\"year\" type=\"number\" value=\"{plan_year}\" min=\"2000\" max=\"2100\"></label> \
<button>{}</button></form><p class=\"note\">{}</p>\
<h2>{}</h2><p><input type=\"file\" id=\"folder\" webkitdirectory multiple onchange=\"uploadFolder(this)\"> \
<span id=\"fjob\"></span></p><p class=\"note\">{}</p>",
        l.t("新建情景", "New scenario"),
        l.t("名称", "Name"),
        l.t("规划年度", "Plan year"),
        l.t("新建", "Create"),
        l.t("名称可用汉字、字母、数字、- 和 _。", "Letters (Chinese too), digits, - and _."),
        l.t("打开情景文件夹", "Open a scenario folder"),
        l.t(
            "选择一个含 scenario.toml 的情景文件夹：文件夹名即情景名称（或先在上面的名称框中填写名称）。\
上传文件夹第一层的 .toml、.csv 和 .xlsx 文件；scenario.toml 所引用的文件须在同一层。",
            "Choose a scenario folder holding scenario.toml: the scenario takes the folder's name (or \
the name typed above). The .toml, .csv and .xlsx files at the folder's top level are uploaded; \
the files scenario.toml names must be there too."
        ),
    );
    frame(l, token, l.t("情景", "Scenarios"), &b)
}

/// One row of the validation table: file, Excel row, Excel column, code, problem, remedy.
pub struct ErrorRow {
    pub file: String,
    pub line: String,
    pub column: String,
    pub code: String,
    pub message: String,
    pub action: String,
    pub error: bool,
}

/// A scenario: its data files (upload), the validation errors or the overview, and planning.
pub fn scenario(
    lang: Lang,
    token: &str,
    name: &str,
    files: &[(String, bool)],
    errors: &[ErrorRow],
    overview: Option<(&str, &str)>,
    planned: bool,
) -> String {
    let l = lang;
    let n = esc(name);
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{n}</h1><h2>{}</h2><table><tr><th>{}</th><th>{}</th><th></th></tr>",
        l.t("数据", "Data"),
        l.t("文件", "File"),
        l.t("状态", "Status")
    );
    for (kind, label, required) in DATA_KINDS {
        let have = files
            .iter()
            .find(|(f, _)| f.starts_with(&format!("{kind}.")));
        let status = match (have, required) {
            (Some((f, _)), _) => esc(f),
            (None, true) => format!(
                "<b class=\"bad\">{}</b>",
                l.t("缺少（必需）", "missing (required)")
            ),
            (None, false) => l.t("无", "none").to_string(),
        };
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{status}</td><td><input type=\"file\" accept=\".xlsx,.csv\" \
data-kind=\"{kind}\" onchange=\"upload('{n}', this)\"></td></tr>",
            l.t(label, kind)
        );
    }
    b.push_str("</table>");
    if !errors.is_empty() {
        let count = errors.iter().filter(|e| e.error).count();
        let _ = write!(
            b,
            "<h2 class=\"bad\">{}</h2><table class=\"errors\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            match l {
                Lang::Zh => format!("校验发现 {count} 处错误，请改正后重新上传"),
                Lang::En => format!("{count} error(s) found: correct them and upload again"),
            },
            l.t("文件", "File"), l.t("行", "Row"), l.t("列", "Column"), l.t("代码", "Code"),
            l.t("问题", "Problem"), l.t("改正方法", "What to change"),
        );
        for e in errors {
            let _ = write!(
                b,
                "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                if e.error { "error" } else { "warning" },
                esc(&e.file), esc(&e.line), esc(&e.column), esc(&e.code), esc(&e.message), esc(&e.action)
            );
        }
        b.push_str("</table>");
    }
    if let Some((text, lists)) = overview {
        let _ = write!(
            b,
            "<h2>{}</h2><p><button id=\"plan\" onclick=\"plan('{n}')\">{}</button> <span id=\"job\"></span></p>\
<h2>{}</h2>{lists}<pre class=\"overview\">{}</pre>",
            l.t("规划", "Plan"),
            l.t("计算最优方案", "Compute the optimal plan"),
            l.t("概况", "Overview"),
            esc(text)
        );
    }
    if planned {
        let _ = write!(
            b,
            "<p><a class=\"button\" href=\"/s/{n}/plan{}\">{}</a></p>",
            query(l),
            l.t("查看方案", "Open the plan")
        );
    }
    frame(l, token, name, &b)
}

/// What the plan page shows.
pub struct PlanView {
    /// The plan line.
    pub summary: String,
    /// The rotation sheet's headings and rows.
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The documents last published.
    pub published: Vec<String>,
    /// The report's charts: (heading, svg), both HTML already (`charts::from_report`).
    pub charts: Vec<(String, String)>,
}

/// The plan of a scenario: its summary, the downloads, the documents, the what-if form, the
/// report's charts and the rotation table (sortable, filterable, editable).
pub fn plan(lang: Lang, token: &str, name: &str, view: &PlanView) -> String {
    let (summary, header, rows, published) =
        (&view.summary, &view.header, &view.rows, &view.published);
    let l = lang;
    let n = esc(name);
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{n} — {}</h1><p>{}</p><div id=\"verdict\"></div><p><button onclick=\"undoEdit('{n}')\">{}</button> \
<button onclick=\"pinEdits('{n}')\">{}</button> <span id=\"job\"></span></p>",
        l.t("方案", "Plan"),
        esc(summary),
        l.t("撤销上一次调整", "Undo the last edit"),
        l.t("锁定调整并重新规划", "Pin the edits and re-plan"),
    );
    let _ = write!(
        b,
        "<h2>{}</h2><ul class=\"list\">",
        l.t("下载", "Downloads")
    );
    for (file, zh, en) in [
        ("plan.xlsx", "工作簿（可打印）", "workbook (print-ready)"),
        ("report.html", "报告", "report"),
        ("plan.csv", "交流名单 CSV", "rotation list CSV"),
        ("hires.csv", "新教师分配 CSV", "hires CSV"),
        ("staffing.csv", "编制与人员 CSV", "staffing CSV"),
    ] {
        let _ = write!(
            b,
            "<li><a href=\"/s/{n}/out/{file}\" download>{}</a> ({file})</li>",
            l.t(zh, en)
        );
    }
    let _ = write!(
        b,
        "</ul>{}<h2>{}</h2><p><select id=\"wkind\"><option value=\"budget\">{}</option>\
<option value=\"share\">{}</option><option value=\"exempt\">{}</option><option value=\"withdraw\">{}</option></select> \
<input id=\"wvalue\" size=\"24\" placeholder=\"{}\"> <button onclick=\"whatIf('{n}')\">{}</button> <span id=\"wjob\"></span></p>",
        published_section(l, &n, published),
        l.t("假设分析（与本方案比较）", "What-if (compared with this plan)"),
        l.t("招聘预算（人）", "hiring budget (teachers)"),
        l.t("交流比例（%）", "rotation share (%)"),
        l.t("暂不派出也不接收的学校（代码）", "exempt schools (ids)"),
        l.t("撤回的教师（工号）", "withdrawn teachers (ids)"),
        l.t("例如 40，或 S0001、S0002", "e.g. 40, or S0001, S0002"),
        l.t("计算并比较", "Plan and compare"),
    );
    if !view.charts.is_empty() {
        let _ = write!(
            b,
            "<details class=\"charts\"><summary>{}</summary>",
            l.t(
                "图表：缺口、流向与均衡指标（同报告）",
                "Charts: gaps, flows and balance indicators (as in the report)"
            )
        );
        for (heading, svg) in &view.charts {
            let _ = write!(b, "<h3>{heading}</h3>{svg}");
        }
        b.push_str("</details>");
    }
    let _ = write!(
        b,
        "<h2>{}</h2><p><input id=\"filter\" placeholder=\"{}\" oninput=\"filterRows(this.value)\"></p>\
<p id=\"add\">{} <input id=\"addt\" size=\"8\" placeholder=\"{}\"> → <input id=\"adds\" size=\"8\" placeholder=\"{}\"> \
<button onclick=\"addTeacher('{n}')\">{}</button></p>\
<div class=\"scroll\"><table id=\"rows\" class=\"sortable\"><thead><tr>",
        l.t("交流名单", "Rotations"),
        l.t("筛选：工号、姓名、学校……", "Filter: id, name, school…"),
        l.t("加入名单（本不交流的教师）：", "Add a teacher who stays:"),
        l.t("工号", "teacher id"),
        l.t("接收学校代码", "school id"),
        l.t("加入", "Add"),
    );
    for (i, h) in header.iter().enumerate() {
        let _ = write!(b, "<th onclick=\"sortRows({i})\">{}</th>", esc(h));
    }
    let _ = write!(b, "<th>{}</th></tr></thead><tbody>", l.t("调整", "Edit"));
    for r in rows {
        b.push_str("<tr>");
        for c in r {
            let _ = write!(b, "<td>{}</td>", esc(c));
        }
        let id = esc(r.first().map_or("", String::as_str));
        let _ = write!(
            b,
            "<td><a href=\"/s/{n}/explain/{id}{}\">{}</a> \
<input size=\"6\" placeholder=\"{}\" data-teacher=\"{id}\"> \
<button onclick=\"editRow('{n}', this.previousElementSibling)\">{}</button> \
<button onclick=\"keepHome('{n}', '{id}')\">{}</button></td></tr>",
            query(l),
            l.t("说明", "explain"),
            l.t("学校代码", "school id"),
            l.t("改派", "move"),
            l.t("不交流", "stays"),
        );
    }
    b.push_str("</tbody></table></div>");
    frame(l, token, name, &b)
}

/// `explain` for one teacher or school, with the way back to the plan.
pub fn explain(lang: Lang, token: &str, name: &str, id: &str, text: &str) -> String {
    let l = lang;
    let b = format!(
        "<h1>{} — {}</h1><p><a href=\"/s/{}/plan{}\">{}</a></p><pre class=\"overview\">{}</pre>",
        esc(name),
        esc(id),
        esc(name),
        query(l),
        l.t("返回方案", "Back to the plan"),
        esc(text)
    );
    frame(l, token, id, &b)
}

/// The publicity list and letters: the button that makes them, and the last ones made.
fn published_section(l: Lang, n: &str, published: &[String]) -> String {
    let mut b = format!(
        "<h2>{}</h2><p><input id=\"unit\" size=\"24\" placeholder=\"{}\"> <button onclick=\"publishDocs('{n}')\">{}</button> <span id=\"pjob\"></span></p>",
        l.t("公示名单与交流通知", "Publicity list and letters"),
        l.t("发布单位（默认：县教育局）", "issuing office (default: the county bureau)"),
        l.t("生成", "Make them"),
    );
    if !published.is_empty() {
        b.push_str("<ul class=\"list\">");
        for f in published {
            let _ = write!(
                b,
                "<li><a href=\"/s/{n}/published/{}\" target=\"_blank\">{}</a> ({})</li>",
                esc(f),
                document_label(l, f),
                esc(f)
            );
        }
        b.push_str("</ul>");
    }
    b
}

/// What a published file is, in words: the document and its format.
fn document_label(l: Lang, file: &str) -> String {
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file, ""));
    let doc = match stem {
        "publicity" => l.t("公示名单", "publicity list"),
        "publicity-leaders" => l.t("干部交流公示名单", "leaders' publicity list"),
        "letters-schools" => l.t("交流通知（致接收学校）", "letters to receiving schools"),
        "letters-teachers" => l.t("交流通知（致教师本人）", "letters to teachers"),
        _ => return esc(file),
    };
    let format = match ext {
        "pdf" => l.t("PDF，A4 打印", "PDF, A4"),
        "html" => l.t("网页，可打印", "web page, printable"),
        "xlsx" => "Excel",
        "csv" => "CSV",
        _ => ext,
    };
    match l {
        Lang::Zh => format!("{doc}（{format}）"),
        Lang::En => format!("{doc} ({format})"),
    }
}

/// Two plans compared, with links to both.
pub fn compare(lang: Lang, token: &str, name: &str, other: &str, text: &str) -> String {
    let l = lang;
    let b = format!(
        "<h1>{} ↔ {}</h1><p><a href=\"/s/{}/plan{q}\">{}</a> · <a href=\"/s/{}/plan{q}\">{}</a></p><pre class=\"overview\">{}</pre>",
        esc(name),
        esc(other),
        esc(name),
        esc(name),
        esc(other),
        esc(other),
        esc(text),
        q = query(l),
    );
    frame(l, token, l.t("方案比较", "Comparison"), &b)
}

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:0;color:#222}\
header{display:flex;justify-content:space-between;background:#1f4e79;color:#fff;padding:.6em 1em}\
header a{color:#fff;text-decoration:none;font-weight:bold}main{padding:1em 2em;max-width:80em}\
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}\
th{background:#eef3f8;cursor:pointer}tr.error td{background:#fdecea}tr.warning td{background:#fff8e1}\
.bad{color:#b00020}.note{color:#666;font-size:.9em}pre.overview{background:#f6f8fa;padding:1em;overflow:auto}\
button,a.button{background:#1f4e79;color:#fff;border:0;padding:.4em 1em;border-radius:3px;text-decoration:none;cursor:pointer}\
ul.list li{margin:.3em 0}details.charts,details.named{margin:1em 0}details.named summary{cursor:pointer;font-weight:bold}details.charts summary{cursor:pointer;font-weight:bold;font-size:1.2em}\
svg.chart{max-width:100%;height:auto;display:block}svg.chart text{font-size:12px;fill:#1d2430}div.scroll{overflow-x:auto}.ok{color:#1b5e20}#rows td,#rows th{white-space:nowrap}";

const SCRIPT: &str = r#"
const TOKEN = document.querySelector('meta[name=rotaplan-token]').content;
const LANG = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh';
function send(method, url, body) {
  return fetch(url, {method, body, headers: {'X-Rotaplan-Token': TOKEN}});
}
async function createScenario(form) {
  const name = form.name.value.trim(), year = form.year.value;
  const r = await send('POST', '/api/s/' + encodeURIComponent(name) + '/create?year=' + year);
  if (r.ok) location.href = '/s/' + encodeURIComponent(name) + (LANG === 'en' ? '?lang=en' : '');
  else alert(await r.text());
}
async function uploadFolder(input) {
  const out = document.getElementById('fjob');
  const all = [...input.files];
  if (!all.length) return;
  const path = f => (f.webkitRelativePath || f.name).split('/');
  const typed = document.querySelector('#create [name=name]').value.trim();
  const name = typed || (path(all[0]).length > 1 ? path(all[0])[0] : '');
  const year = document.querySelector('#create [name=year]').value;
  const files = all.filter(f => path(f).length <= 2 && /\.(toml|csv|xlsx)$/i.test(f.name));
  if (!name || !files.some(f => f.name === 'scenario.toml')) {
    out.textContent = LANG === 'en' ? 'the folder has no scenario.toml (or give the scenario a name)' : '文件夹中没有 scenario.toml（或请先填写情景名称）';
    return;
  }
  let r = await send('POST', '/api/s/' + encodeURIComponent(name) + '/create?year=' + year);
  for (const f of files) {
    if (!r.ok) break;
    out.textContent = (LANG === 'en' ? 'uploading ' : '正在上传 ') + f.name;
    r = await send('PUT', '/api/s/' + encodeURIComponent(name) + '/files/' + encodeURIComponent(f.name), f);
  }
  if (r.ok) location.href = '/s/' + encodeURIComponent(name) + (LANG === 'en' ? '?lang=en' : '');
  else out.textContent = await r.text();
}
async function upload(name, input) {
  const file = input.files[0];
  if (!file) return;
  const fmt = file.name.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
  const r = await send('PUT', '/api/s/' + encodeURIComponent(name) + '/data/' + input.dataset.kind + '?format=' + fmt, file);
  if (r.ok) location.reload(); else alert(await r.text());
}
async function whatIf(name) {
  const kind = document.getElementById('wkind').value, value = document.getElementById('wvalue').value;
  const out = document.getElementById('wjob');
  const r = await send('POST', '/api/s/' + encodeURIComponent(name) + '/whatif?kind=' + kind + '&value=' + encodeURIComponent(value) + (LANG === 'en' ? '&lang=en' : ''));
  if (!r.ok) { out.textContent = await r.text(); return; }
  const v = await r.json();
  for (;;) {
    const s = await (await fetch('/api/jobs/' + v.job)).json();
    if (s.state === 'running') { out.textContent = (LANG === 'en' ? 'planning… ' : '正在计算… ') + s.seconds.toFixed(1) + ' s'; await new Promise(ok => setTimeout(ok, 500)); continue; }
    if (s.state === 'done') { location.href = '/s/' + encodeURIComponent(name) + '/compare/' + encodeURIComponent(v.variant) + (LANG === 'en' ? '?lang=en' : ''); return; }
    out.textContent = s.message; return;
  }
}
async function publishDocs(name) {
  const unit = document.getElementById('unit').value.trim();
  const r = await send('POST', '/api/s/' + encodeURIComponent(name) + '/publish?unit=' + encodeURIComponent(unit));
  if (r.ok) location.reload(); else document.getElementById('pjob').textContent = await r.text();
}
async function pinEdits(name) {
  const r = await send('POST', '/api/s/' + encodeURIComponent(name) + '/pin' + (LANG === 'en' ? '?lang=en' : ''));
  if (!r.ok) { document.getElementById('job').textContent = await r.text(); return; }
  follow(name, (await r.json()).job, null);
}
async function plan(name) {
  const button = document.getElementById('plan'), out = document.getElementById('job');
  button.disabled = true;
  const r = await send('POST', '/api/s/' + encodeURIComponent(name) + '/plan');
  if (!r.ok) { out.textContent = await r.text(); button.disabled = false; return; }
  follow(name, (await r.json()).job, button);
}
async function follow(name, id, button) {
  const out = document.getElementById('job');
  for (;;) {
    const s = await (await fetch('/api/jobs/' + id)).json();
    if (s.state === 'running') {
      out.textContent = (LANG === 'en' ? 'planning… ' : '正在计算… ') + s.seconds.toFixed(1) + ' s';
      await new Promise(ok => setTimeout(ok, 500));
      continue;
    }
    if (s.state === 'done') { location.href = '/s/' + encodeURIComponent(name) + '/plan' + (LANG === 'en' ? '?lang=en' : ''); return; }
    out.textContent = s.message; if (button) button.disabled = false; return;
  }
}
async function showVerdict(r) {
  const box = document.getElementById('verdict');
  if (!r.ok) { box.innerHTML = ''; box.textContent = await r.text(); box.className = 'bad'; return; }
  const v = await r.json();
  sessionStorage.setItem('verdict', JSON.stringify(v));
  location.reload();
}
function renderVerdict() {
  const box = document.getElementById('verdict');
  const saved = sessionStorage.getItem('verdict');
  if (!box || !saved) return;
  sessionStorage.removeItem('verdict');
  const v = JSON.parse(saved);
  box.className = v.ok ? 'ok' : 'bad';
  const p = document.createElement('p');
  p.textContent = v.message;
  box.appendChild(p);
  const ul = document.createElement('ul');
  for (const [code, label, rule] of v.broken) {
    const li = document.createElement('li');
    li.textContent = code + ' ' + label + '：' + rule;
    ul.appendChild(li);
  }
  for (const [code, rule] of v.missed) {
    const li = document.createElement('li');
    li.textContent = code + '：' + rule;
    ul.appendChild(li);
  }
  box.appendChild(ul);
  // (the page reloads where the clerk was, deep in the table: the verdict is brought into view)
  history.scrollRestoration = 'manual';
  scrollTo(0, 0);
  addEventListener('load', () => scrollTo(0, 0));
}
renderVerdict();
async function editRow(name, input) {
  const q = '?teacher=' + encodeURIComponent(input.dataset.teacher) + '&to=' + encodeURIComponent(input.value.trim()) + (LANG === 'en' ? '&lang=en' : '');
  showVerdict(await send('POST', '/api/s/' + encodeURIComponent(name) + '/edit' + q));
}
async function keepHome(name, teacher) {
  const q = '?teacher=' + encodeURIComponent(teacher) + '&to=' + (LANG === 'en' ? '&lang=en' : '');
  showVerdict(await send('POST', '/api/s/' + encodeURIComponent(name) + '/edit' + q));
}
async function addTeacher(name) {
  const t = document.getElementById('addt').value.trim(), to = document.getElementById('adds').value.trim();
  const q = '?teacher=' + encodeURIComponent(t) + '&to=' + encodeURIComponent(to) + (LANG === 'en' ? '&lang=en' : '');
  showVerdict(await send('POST', '/api/s/' + encodeURIComponent(name) + '/edit' + q));
}
async function undoEdit(name) {
  showVerdict(await send('POST', '/api/s/' + encodeURIComponent(name) + '/undo' + (LANG === 'en' ? '?lang=en' : '')));
}
function filterRows(text) {
  const t = text.trim().toLowerCase();
  for (const row of document.querySelectorAll('#rows tbody tr'))
    row.style.display = !t || row.textContent.toLowerCase().includes(t) ? '' : 'none';
}
let sortedBy = -1;
function sortRows(col) {
  const body = document.querySelector('#rows tbody');
  const rows = [...body.rows];
  const dir = sortedBy === col ? -1 : 1;
  sortedBy = sortedBy === col ? -1 : col;
  rows.sort((a, b) => dir * a.cells[col].textContent.localeCompare(b.cells[col].textContent, 'zh', {numeric: true}));
  rows.forEach(r => body.appendChild(r));
}
"#;
