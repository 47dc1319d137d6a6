//! The service ledger (`[data] service`, 记入档案; docs/years.md): one row per stint of
//! service. When it is given, a teacher's credited rural service, the end of their last term
//! and the start of their continuous years in school are derived from it where the roster
//! leaves them empty, and checked against the roster where both give them: a disagreement is
//! an error at the roster's cell that names the ledger's rows.

use super::cells::Cells;
use super::columns::{self, SERVICE};
use super::schools::SchoolIndex;
use super::table;
use super::teachers::TeachersRead;
use super::Ctx;
use crate::diag::Diagnostic;
use crate::domain::{RunningTerm, ServiceKind, ServiceRecord};
use std::collections::BTreeMap;

const KINDS: &str = "rotation, exchange, tegang, support, itinerant, recorded \
(交流轮岗, 对口交流, 特岗服务, 支教, 走教, 手工记录)";
const MAX_MONTHS: u64 = 600;

/// The ledger's rows and its file name as the scenario names it; empty when there is none.
pub fn load(ctx: &Ctx, diags: &mut Vec<Diagnostic>) -> Ledger {
    let Some(spec) = ctx.scenario.data.service.as_ref() else {
        return Ledger::default();
    };
    let Some(mut table) = table::open(ctx, "service", spec, SERVICE, diags) else {
        return Ledger::default();
    };
    let Some(cols) = columns::resolve(ctx, "service", &mut table, SERVICE, spec.columns(), diags)
    else {
        return Ledger {
            file: table.file,
            ..Ledger::default()
        };
    };
    let mut ledger = Ledger {
        file: table.file.clone(),
        ..Ledger::default()
    };
    let mut out = Vec::new();
    let mut seen: BTreeMap<(String, ServiceKind, chrono::NaiveDate), usize> = BTreeMap::new();
    for row in &table.rows {
        let mut c = Cells::new(&table, row, &cols, diags);
        ledger.school_column = c.column("school_id");
        ledger.home_column = c.column("home_school_id");
        ledger.start_column = c.column("start_date");
        let teacher_id = c.required("teacher_id");
        let school_id = c.required("school_id");
        let kind = c.required_choice("kind", "E-VALUE-KIND", ServiceKind::parse, KINDS);
        let start = c.required("start_date").and(c.date("start_date"));
        let end = c.required("end_date").and(c.date("end_date"));
        let months = c.count("rural_months_credited", MAX_MONTHS).unwrap_or(0);
        let subject = match c.get("subject") {
            Some(text) => {
                let text = text.to_string();
                c.subject_text("subject", &text, ctx.scenario)
            }
            None => None,
        };
        let (Some(teacher_id), Some(school_id), Some(kind), Some(start), Some(end)) =
            (teacher_id, school_id, kind, start, end)
        else {
            continue;
        };
        if end < start {
            c.error(
                "E-SERVICE-DATES",
                "end_date",
                (
                    format!("end_date {end} is before start_date {start}"),
                    "correct the dates of the stint".into(),
                ),
                (
                    format!("结束日期 end_date {end} 早于开始日期 start_date {start}"),
                    "请改正这段服务的起止日期".into(),
                ),
            );
            continue;
        }
        let key = (teacher_id.to_string(), kind, start);
        if let Some(first) = seen.get(&key) {
            c.warning(
                "W-DUP-SERVICE",
                "start_date",
                (
                    format!(
                        "{teacher_id}'s {} from {start} is listed twice; first on line {first}",
                        kind.key()
                    ),
                    "delete the repeated row (it is counted once)".into(),
                ),
                (
                    format!(
                        "{teacher_id} 自 {start} 起的{}（{}）重复填写，第一次在第{first}行",
                        kind.zh(),
                        kind.key()
                    ),
                    "请删除重复的行（只计算一次）".into(),
                ),
            );
            continue;
        }
        seen.insert(key, row.line);
        out.push(ServiceRecord {
            teacher_id: teacher_id.to_string(),
            name: c.get("name").unwrap_or_default().to_string(),
            school_id: school_id.to_string(),
            home_school_id: c.get("home_school_id").map(str::to_string),
            kind,
            start,
            end,
            months,
            source: c.get("source").unwrap_or_default().to_string(),
            subject,
            source_line: row.line,
        });
    }
    ledger.rows = out;
    ledger
}

/// The service ledger as read: its rows, its file as the scenario names it, and where its
/// school columns are (for messages).
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    pub rows: Vec<ServiceRecord>,
    pub file: String,
    pub school_column: Option<usize>,
    pub home_column: Option<usize>,
    pub start_column: Option<usize>,
}

/// Fills the roster's empty service cells from the ledger and reports where the roster and the
/// ledger disagree (see the module docs). Rows of teachers not on the roster (retired, left)
/// are history and are kept as they are.
pub fn derive(ctx: &Ctx, ledger: &Ledger, read: &mut TeachersRead, diags: &mut Vec<Diagnostic>) {
    let ledger_file = ledger.file.as_str();
    let ledger = ledger.rows.as_slice();
    if ledger.is_empty() {
        return;
    }
    let Some(term_start) = ctx.term_start else {
        return;
    };
    let mut by_teacher: BTreeMap<&str, Vec<&ServiceRecord>> = BTreeMap::new();
    for r in ledger {
        by_teacher.entry(r.teacher_id.as_str()).or_default().push(r);
    }
    let lines = |rows: &[&ServiceRecord]| -> String {
        let l: Vec<String> = rows.iter().map(|r| r.source_line.to_string()).collect();
        format!("{ledger_file} line {}", l.join(", "))
    };
    let lines_zh = |rows: &[&ServiceRecord]| -> String {
        let l: Vec<String> = rows.iter().map(|r| r.source_line.to_string()).collect();
        format!("{ledger_file} 第 {} 行", l.join("、"))
    };
    let roster = read.file.clone();
    for (t, given) in read.teachers.iter_mut().zip(&read.given) {
        let Some(rows) = by_teacher.get(t.id.as_str()) else {
            continue;
        };
        let at = |d: Diagnostic, field: &str, col: Option<usize>| {
            d.in_file(&roster).at(t.source_line, col).field(field)
        };
        let credited: u32 = rows.iter().map(|r| r.months).sum();
        if !given.months {
            t.rural_service_months = credited;
        } else if t.rural_service_months < credited {
            diags.push(at(
                Diagnostic::error(
                    "E-SERVICE-MONTHS",
                    format!(
                        "rural_service_months {} of {} is less than the {credited} months the service ledger credits ({})",
                        t.rural_service_months,
                        t.id,
                        lines(rows)
                    ),
                    "correct the roster's months, or the ledger's rows; an empty cell takes the ledger's sum",
                )
                .zh(
                    format!(
                        "教师 {} 的乡村服务月数 rural_service_months 为 {}，少于服务台账记入的 {credited} 个月（{}）",
                        t.id,
                        t.rural_service_months,
                        lines_zh(rows)
                    ),
                    "请改正教师名册中的月数或服务台账中的行；单元格留空则取服务台账的合计",
                ),
                "rural_service_months",
                read.columns.months,
            ));
        }
        // the last term that has ended by this year's term start
        let Some(last) = (rows.iter())
            .filter(|r| r.kind.is_term() && r.end <= term_start)
            .max_by_key(|r| r.end)
        else {
            continue;
        };
        match t.last_term_end {
            None => t.last_term_end = Some(last.end),
            Some(end) if end != last.end && given.last_term_end => diags.push(at(
                Diagnostic::error(
                    "E-SERVICE-TERM-END",
                    format!(
                        "last_term_end {end} of {} disagrees with the service ledger, whose last term ended on {} ({})",
                        t.id,
                        last.end,
                        lines(&[*last])
                    ),
                    "correct last_term_end or the ledger's row; an empty cell takes the ledger's date",
                )
                .zh(
                    format!(
                        "教师 {} 的上次交流结束日期 last_term_end {end} 与服务台账不符，台账中最后一次交流结束于 {}（{}）",
                        t.id,
                        last.end,
                        lines_zh(&[*last])
                    ),
                    "请改正 last_term_end 或服务台账中的行；单元格留空则取服务台账的日期",
                ),
                "last_term_end",
                read.columns.last_term_end,
            )),
            Some(_) => {}
        }
        let back = last.end.succ_opt().unwrap_or(last.end);
        match t.school_since {
            Some(since) if since < back && given.school_since => diags.push(at(
                Diagnostic::error(
                    "E-SERVICE-SINCE",
                    format!(
                        "school_since {since} of {} is before the return from the term that ended on {} ({}): continuous years in school count from the return",
                        t.id,
                        last.end,
                        lines(&[*last])
                    ),
                    format!("set school_since to {back} or later, or leave it empty"),
                )
                .zh(
                    format!(
                        "教师 {} 的到本校时间 school_since {since} 早于结束于 {} 的交流期满返回的时间（{}）：在校连续年限从返回时起算",
                        t.id,
                        last.end,
                        lines_zh(&[*last])
                    ),
                    format!("请把 school_since 改为 {back} 或之后，或留空"),
                ),
                "school_since",
                read.columns.school_since,
            )),
            Some(_) => {}
            None => t.school_since = Some(back),
        }
    }
}

/// Teachers on a term that runs on from an earlier year (a rotation or exchange row of the
/// ledger that started before this year's term start and ends after it): they teach
/// this year at the school served, so `school_id` becomes that school and `on_term` keeps
/// their own (docs/years.md, "Terms longer than a year"). A ledger row naming a school the
/// county does not have, a home school other than the roster's, the teacher's own school, or a
/// second running term for one teacher is an error at the ledger's cell. Rows of teachers not
/// on the roster are history.
pub fn place_running_terms(
    ctx: &Ctx,
    ledger: &Ledger,
    schools: Option<&SchoolIndex>,
    read: &mut TeachersRead,
    diags: &mut Vec<Diagnostic>,
) {
    let (Some(term_start), Some(schools)) = (ctx.term_start, schools) else {
        return;
    };
    let mut running: BTreeMap<&str, &ServiceRecord> = BTreeMap::new();
    let at = |r: &ServiceRecord, col: Option<usize>, field: &str, d: Diagnostic| {
        d.in_file(&ledger.file).at(r.source_line, col).field(field)
    };
    let on_roster: BTreeMap<&str, &str> = (read.teachers.iter())
        .map(|t| (t.id.as_str(), t.school_id.as_str()))
        .collect();
    for r in &ledger.rows {
        if !(r.kind.is_term() && r.start < term_start && r.end > term_start) {
            continue;
        }
        let Some(&home) = on_roster.get(r.teacher_id.as_str()) else {
            continue;
        };
        let what = format!(
            "{}'s {} term {} – {} runs through this year's term start {term_start}",
            r.teacher_id,
            r.kind.key(),
            r.start,
            r.end
        );
        let what_zh = format!(
            "教师 {} 的{}（{}）期 {} 至 {} 跨过本学年开始日期 {term_start}",
            r.teacher_id,
            r.kind.zh(),
            r.kind.key(),
            r.start,
            r.end
        );
        if !schools.contains_key(&r.school_id) {
            diags.push(at(
                r,
                ledger.school_column,
                "school_id",
                Diagnostic::error(
                    "E-SERVICE-TERM-SCHOOL",
                    format!(
                        "{what}, at school \"{}\", which is not in the schools file",
                        r.school_id
                    ),
                    "correct the school_id of the stint, or add the school to the schools file",
                )
                .zh(
                    format!("{what_zh}，服务学校“{}”不在学校名单中", r.school_id),
                    "请改正这段服务的学校代码 school_id，或在学校文件中加上这所学校",
                ),
            ));
            continue;
        }
        if r.school_id == home {
            diags.push(at(r, ledger.school_column, "school_id", Diagnostic::error(
                "E-SERVICE-TERM-SCHOOL",
                format!("{what}, at {home}, the teacher's own school on the roster"),
                "a term is served away from the own school: correct the school_id of the stint or the roster's school_id",
            )
            .zh(
                format!("{what_zh}，服务学校是 {home}，即教师名册中该教师的本校"),
                "交流须在本校以外的学校服务：请改正这段服务的 school_id 或教师名册中的 school_id",
            )));
            continue;
        }
        if let Some(h) = r.home_school_id.as_deref().filter(|&h| h != home) {
            diags.push(at(
                r,
                ledger.home_column,
                "home_school_id",
                Diagnostic::error(
                    "E-SERVICE-TERM-HOME",
                    format!(
                        "{what}, from home school {h}, but the roster has the teacher at {home}"
                    ),
                    format!("set home_school_id to {home}, or correct the roster's school_id"),
                )
                .zh(
                    format!("{what_zh}，原学校为 {h}，但教师名册中该教师在 {home}"),
                    format!("请把 home_school_id 改为 {home}，或改正教师名册中的 school_id"),
                ),
            ));
            continue;
        }
        if let Some(first) = running.get(r.teacher_id.as_str()) {
            diags.push(at(r, ledger.start_column, "start_date", Diagnostic::error(
                "E-SERVICE-TERM-TWICE",
                format!("{what}, and so does the term at {} on line {}", first.school_id, first.source_line),
                "a teacher serves one term at a time: correct the dates of one of the two stints",
            )
            .zh(
                format!("{what_zh}，而第{}行在 {} 的交流期也是如此", first.source_line, first.school_id),
                "一名教师同一时间只能有一个交流期：请改正其中一段服务的日期",
            )));
            continue;
        }
        running.insert(r.teacher_id.as_str(), r);
    }
    for t in read.teachers.iter_mut() {
        if let Some(r) = running.get(t.id.as_str()) {
            let home = std::mem::replace(&mut t.school_id, r.school_id.clone());
            t.on_term = Some(RunningTerm {
                home_school_id: home,
                until: r.end,
                kind: r.kind,
                start: r.start,
                subject: r.subject.clone(),
            });
        }
    }
}
