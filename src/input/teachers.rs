//! The teachers file (the roster, 花名册): one row per teacher.
//!
//! Dates get the closest look: they decide who is due to rotate, who retires and who must serve
//! before a senior title, and rosters typed by hand over decades carry swapped or future dates.

use super::cells::Cells;
use super::columns::{self, TEACHERS};
use super::schools::{no_rows, SchoolIndex};
use super::{table, values, Ctx};
use crate::diag::{self, Diagnostic};
use crate::domain::{Backbone, Deferral, Education, Gender, Post, Programme, Teacher, Title};
use crate::rules::status::whole_years;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const GENDERS: &str = "male, female, m, f, 男, 女";
const TITLES: &str =
    "unrated, junior, intermediate, senior, full_senior (未定级, 初级, 中级, 高级, 正高级)";
const BACKBONES: &str = "none, county, city, province (无, 县级, 市级, 省级); empty = none";
const DEFERRALS: &str =
    "pregnancy, nursing, illness, other (孕期, 哺乳期, 疾病, 其他); empty = none";
const EDUCATIONS: &str =
    "secondary, associate, bachelor, master, doctor (中专, 专科, 本科, 硕士, 博士)";
const POSTS: &str =
    "teacher, principal, vice_principal, middle_manager (教师, 校长, 副校长, 中层干部); \
                     empty = teacher";
pub const PROGRAMMES: &str =
    "regular, tegang, publicly_funded (普通, 特岗, 公费师范生); empty = regular";

/// 50 years of service; more is a typo.
const MAX_RURAL_MONTHS: u64 = 600;
/// Ages at the term start outside this range are probably a wrong birth date.
const AGE_WARN_BELOW: u32 = 20;
const AGE_WARN_FROM: u32 = 65;

/// The roster, with the school ids of all rows (also rows with errors).
#[derive(Debug, Default)]
pub struct TeachersRead {
    pub teachers: Vec<Teacher>,
    pub school_ids: BTreeSet<String>,
    /// The roster file as the scenario names it.
    pub file: String,
    /// Per teacher (same order): which service cells the roster fills.
    pub given: Vec<Given>,
    /// Column numbers of the service cells, where the roster has them.
    pub columns: ServiceColumns,
}

/// Which of a teacher's service cells the roster fills (the rest may come from the service
/// ledger).
#[derive(Debug, Clone, Copy, Default)]
pub struct Given {
    pub months: bool,
    pub last_term_end: bool,
    pub school_since: bool,
}

/// 1-based columns of the roster's service cells.
#[derive(Debug, Clone, Copy, Default)]
pub struct ServiceColumns {
    pub months: Option<usize>,
    pub last_term_end: Option<usize>,
    pub school_since: Option<usize>,
}

pub fn load(
    ctx: &Ctx,
    schools: Option<&SchoolIndex>,
    diags: &mut Vec<Diagnostic>,
) -> Option<TeachersRead> {
    let spec = &ctx.scenario.data.teachers;
    let mut table = table::open(ctx, "teachers", spec, TEACHERS, diags)?;
    let cols = columns::resolve(ctx, "teachers", &mut table, TEACHERS, spec.columns(), diags)?;
    if table.rows.is_empty() {
        diags.push(no_rows(&table));
        return None;
    }
    // Rows are read on every core (a row's reading depends on nothing but the row); then, in
    // file order, the ids are checked for repeats and each row's diagnostics follow its
    // repeat error, as if read one by one.
    let rows: Vec<(Option<Teacher>, Given, Vec<Diagnostic>)> = table
        .rows
        .par_iter()
        .map(|row| {
            let mut row_diags = Vec::new();
            let mut c = Cells::new(&table, row, &cols, &mut row_diags);
            let given = Given {
                months: c.get("rural_service_months").is_some(),
                last_term_end: c.get("last_term_end").is_some(),
                school_since: c.get("school_since").is_some(),
            };
            let teacher = read_row(ctx, &mut c, schools);
            (teacher, given, row_diags)
        })
        .collect();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut read = TeachersRead {
        file: table.file.clone(),
        ..TeachersRead::default()
    };
    read.teachers.reserve(rows.len());
    let mut post_column = None;
    if let Some(row) = table.rows.first() {
        let mut none = Vec::new();
        let c = Cells::new(&table, row, &cols, &mut none);
        read.columns = ServiceColumns {
            months: c.column("rural_service_months"),
            last_term_end: c.column("last_term_end"),
            school_since: c.column("school_since"),
        };
        post_column = c.column("post");
    }
    for (row, (teacher, given, row_diags)) in table.rows.iter().zip(rows) {
        let mut c = Cells::new(&table, row, &cols, diags);
        if let Some(sid) = c.get("school_id") {
            read.school_ids.insert(sid.to_string());
        }
        if let Some(id) = c.get("teacher_id") {
            if let Some(first) = seen.get(id) {
                let msg = format!("teacher_id \"{id}\" appears twice; first on line {first}");
                let zh = format!("工号“{id}”重复出现，第一次在第{first}行");
                c.error(
                    "E-DUP-TEACHER",
                    "teacher_id",
                    (
                        msg,
                        "give every teacher their own id, or delete the repeated row".into(),
                    ),
                    (zh, "每位教师的工号应唯一；请改正工号或删除重复的行".into()),
                );
            } else {
                seen.insert(id.to_string(), row.line);
            }
        }
        diags.extend(row_diags);
        if let Some(t) = teacher {
            read.teachers.push(t);
            read.given.push(given);
        }
    }
    two_principals(&read, post_column, diags);
    Some(read)
}

/// A school has one principal (docs/leaders.md): a second one is refused at its row.
fn two_principals(read: &TeachersRead, column: Option<usize>, diags: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for t in read.teachers.iter().filter(|t| t.post == Post::Principal) {
        match first.get(t.school_id.as_str()) {
            None => {
                first.insert(&t.school_id, (&t.id, t.source_line));
            }
            Some(&(id, line)) => diags.push(
                Diagnostic::error(
                    "E-LEADER-PRINCIPALS",
                    format!(
                        "school {} has a second principal: {} (the first is {id}, line {line}) \
                         · 一所学校只能有一名校长",
                        t.school_id, t.id
                    ),
                    "give one of them another post (副校长 vice_principal, or leave the post \
                     empty), or correct the school; 请将其中一人改为其他职务或更正学校",
                )
                .zh(
                    format!(
                        "学校 {} 有第二名校长：{}（第一名是 {id}，第{line}行）；一所学校只能有一名校长",
                        t.school_id, t.id
                    ),
                    "请将其中一人改为其他职务（如副校长 vice_principal，或职务留空），或更正所在学校",
                )
                .in_file(&read.file)
                .at(t.source_line, column)
                .field("post"),
            ),
        }
    }
}

fn read_row(ctx: &Ctx, c: &mut Cells, schools: Option<&SchoolIndex>) -> Option<Teacher> {
    let scenario = ctx.scenario;
    let id = c.required("teacher_id");
    let name = c.required("name");
    let gender = c.required_choice("gender", "E-VALUE-GENDER", Gender::parse, GENDERS);
    let birth = c.required("birth_date").and_then(|_| c.date("birth_date"));
    let school_id = c.required("school_id");
    if let (Some(sid), Some(index)) = (school_id, schools) {
        if !index.contains_key(sid) {
            let h = c.heading("school_id");
            c.error(
                "E-REF-SCHOOL",
                "school_id",
                (
                    format!("school_id \"{sid}\" is not in the schools file"),
                    "correct the school id, or add the school to the schools file".into(),
                ),
                (
                    format!("“{h}”的值“{sid}”不在学校名单中"),
                    "请改正学校代码，或在学校文件中加上这所学校".into(),
                ),
            );
        }
    }
    let subject = c.subject("subject", scenario);
    let mut extra_subjects = Vec::new();
    if let Some(text) = c.get("extra_subjects") {
        for item in values::split_list(text) {
            if let Some(s) = c.subject_text("extra_subjects", item, scenario) {
                if Some(&s) != subject.as_ref() && !extra_subjects.contains(&s) {
                    extra_subjects.push(s);
                }
            }
        }
    }
    let title = c.choice("title", "E-VALUE-TITLE", Title::parse, TITLES);
    let backbone = c
        .choice("backbone", "E-VALUE-BACKBONE", Backbone::parse, BACKBONES)
        .unwrap_or_default();
    let hire_date = c.date("hire_date");
    let school_since = c.date("school_since");
    let last_term_end = c.date("last_term_end");
    let rural_service_months = c
        .count("rural_service_months", MAX_RURAL_MONTHS)
        .unwrap_or(0);
    let senior_title_target_year = target_year(c);
    let deferral = c
        .choice("deferral", "E-VALUE-DEFERRAL", Deferral::parse, DEFERRALS)
        .flatten();
    let education = c.choice(
        "education",
        "E-VALUE-EDUCATION",
        Education::parse,
        EDUCATIONS,
    );
    let programme = c
        .choice(
            "programme",
            "E-VALUE-PROGRAMME",
            Programme::parse,
            PROGRAMMES,
        )
        .unwrap_or_default();

    let post = c
        .choice("post", "E-VALUE-POST", Post::parse, POSTS)
        .unwrap_or_default();
    let post_since = c.date("post_since");
    if let (Some(since), Some(start)) = (post_since, ctx.term_start) {
        if since > start {
            c.error(
                "E-DATE-POST-SINCE",
                "post_since",
                (
                    format!("post_since {since} is after the term start {start}"),
                    "give the date the current post started (任现职时间), on or before the term \
                     start; 请填写任现职的开始日期，不得晚于本学年开始日期"
                        .into(),
                ),
                (
                    format!("任现职时间 post_since {since} 晚于本学年开始日期 {start}"),
                    "请填写任现职的开始日期，不得晚于本学年开始日期".into(),
                ),
            );
        }
    }
    if let Some(birth) = birth {
        check_dates(c, ctx.term_start, birth, hire_date, school_since);
    }
    Some(Teacher {
        id: id?.to_string(),
        name: name?.to_string(),
        gender: gender?,
        birth_date: birth?,
        school_id: school_id?.to_string(),
        subject: subject?,
        extra_subjects,
        title,
        backbone,
        hire_date,
        school_since,
        rural_service_months,
        last_term_end,
        senior_title_target_year,
        deferral,
        education,
        programme,
        post,
        post_since,
        on_term: None,
        source_line: c.line(),
    })
}

fn target_year(c: &mut Cells) -> Option<i32> {
    let text = c.get("senior_title_target_year")?;
    let year = c.count("senior_title_target_year", 2100)?;
    if year < 2000 {
        let (h, q) = (c.heading("senior_title_target_year"), diag::quote(text));
        c.error(
            "E-VALUE-RANGE",
            "senior_title_target_year",
            (
                format!("senior_title_target_year \"{q}\" is not a year between 2000 and 2100"),
                "give the year as four digits, e.g. 2027, or leave it empty".into(),
            ),
            (
                format!("“{h}”的值“{q}”不是 2000 至 2100 之间的年份"),
                "请写四位年份，例如 2027，或留空".into(),
            ),
        );
        return None;
    }
    Some(year as i32)
}

fn check_dates(
    c: &mut Cells,
    term_start: Option<NaiveDate>,
    birth: NaiveDate,
    hire: Option<NaiveDate>,
    since: Option<NaiveDate>,
) {
    if let Some(hire) = hire {
        if hire <= birth {
            c.error(
                "E-DATE-ORDER",
                "hire_date",
                (
                    format!("hire_date {hire} is not after birth_date {birth}"),
                    "check both dates; one of them is wrong (day and month swapped?)".into(),
                ),
                (
                    format!("参加工作时间 hire_date {hire} 不晚于出生日期 birth_date {birth}"),
                    "请核对这两个日期，其中一个有误（是否把月和日写反了？）".into(),
                ),
            );
        }
    }
    if let Some(since) = since {
        if since <= birth {
            c.error(
                "E-DATE-ORDER",
                "school_since",
                (
                    format!("school_since {since} is not after birth_date {birth}"),
                    "check both dates".into(),
                ),
                (
                    format!("到本校时间 school_since {since} 不晚于出生日期 birth_date {birth}"),
                    "请核对这两个日期".into(),
                ),
            );
        } else if let Some(hire) = hire.filter(|&h| since < h && h > birth) {
            c.warning(
                "W-DATE-ORDER",
                "school_since",
                (
                    format!("school_since {since} is before hire_date {hire}"),
                    "check the dates; years in school are counted from school_since".into(),
                ),
                (
                    format!("到本校时间 school_since {since} 早于参加工作时间 hire_date {hire}"),
                    "请核对日期；在校年限从 school_since 起算".into(),
                ),
            );
        }
    }
    let Some(start) = term_start else { return };
    for (field, date) in [
        ("birth_date", Some(birth)),
        ("hire_date", hire),
        ("school_since", since),
    ] {
        if let Some(d) = date.filter(|&d| d > start) {
            c.error(
                "E-DATE-FUTURE",
                field,
                (
                    format!("{field} {d} is in the future (after the term start {start})"),
                    "correct the date; the plan is for the school year starting on 1 September \
                     of plan_year"
                        .into(),
                ),
                (
                    format!("{field} {d} 是将来的日期（晚于本学年开始日期 {start}）"),
                    "请改正日期；方案针对 plan_year 年 9 月 1 日开始的学年".into(),
                ),
            );
        }
    }
    if birth <= start {
        let age = whole_years(birth, start);
        if !(AGE_WARN_BELOW..AGE_WARN_FROM).contains(&age) {
            c.warning(
                "W-AGE",
                "birth_date",
                (
                    format!("the teacher would be {age} at the term start (birth_date {birth})"),
                    "check the birth date".into(),
                ),
                (
                    format!("按出生日期 birth_date {birth}，该教师在学年开始时为 {age} 岁"),
                    "请核对出生日期".into(),
                ),
            );
        }
    }
}
