//! The documents an office posts and sends once a plan is final (docs/reports.md, "Documents
//! to post and send"): the publicity list (公示名单) as print-ready HTML, as an xlsx set up for
//! A4 and as CSV, and the notification letters (交流通知), one per receiving school and one per
//! rotated or exchanged teacher. Made from a plan's decisions as the checker reads them, so a
//! plan edited by hand is published as edited. Plain HTML with a print stylesheet, no scripts;
//! every name is escaped. The same plan and options give the same bytes.

mod leaders;

use super::csv_bytes;
use super::svg::esc;
use crate::check::{PlanRecord, RecordedMove};
use crate::domain::{Backbone, Gender, School, Teacher};
use crate::problem::Problem;
use chrono::{Datelike, NaiveDate, Weekday};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use std::collections::BTreeMap;

/// What the documents say that the plan does not know.
#[derive(Debug, Clone, Default)]
pub struct PublishOptions {
    /// The issuing office (发布单位); default "<county>教育局".
    pub unit: Option<String>,
    /// First day of the publicity period; without it the dates are left blank to fill in.
    pub from: Option<NaiveDate>,
    /// Working days the list is posted (公示期), default 5.
    pub days: u32,
    /// Where objections go (联系电话), printed when given.
    pub contact: Option<String>,
    /// Date under the signature (落款日期); blank to fill in when not given.
    pub date: Option<NaiveDate>,
}

/// One row of the publicity list.
struct Row<'a> {
    m: &'a RecordedMove,
    teacher: Option<&'a Teacher>,
    from: Option<&'a School>,
    to: Option<&'a School>,
}

/// A date in Chinese (2026年9月1日), or blanks to fill in by hand.
pub(super) fn zh_date(d: Option<NaiveDate>) -> String {
    match d {
        Some(d) => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        None => "____年__月__日".to_string(),
    }
}

/// The last of `days` working days (Monday to Friday) starting on `from` (public holidays are
/// not known: the office corrects the date when one falls in the period).
pub fn working_days_end(from: NaiveDate, days: u32) -> NaiveDate {
    let mut d = from;
    let mut left = days.max(1);
    loop {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
            if left == 0 {
                return d;
            }
        }
        d = d.succ_opt().unwrap_or(d);
    }
}

pub(super) fn gender_zh(g: Gender) -> &'static str {
    match g {
        Gender::Male => "男",
        Gender::Female => "女",
    }
}

fn backbone_zh(b: Backbone) -> &'static str {
    match b {
        Backbone::None => "",
        Backbone::County => "县级骨干教师",
        Backbone::City => "市级骨干教师",
        Backbone::Province => "省级骨干教师",
    }
}

/// The documents, as (file name, bytes), in a fixed order.
pub fn publish(
    problem: &Problem,
    record: &PlanRecord,
    opts: &PublishOptions,
) -> Result<Vec<(String, Vec<u8>)>, XlsxError> {
    let p = Doc::new(problem, record, opts);
    Ok(vec![
        (
            "publicity.html".to_string(),
            p.publicity_html().into_bytes(),
        ),
        ("publicity.xlsx".to_string(), p.publicity_xlsx()?),
        ("publicity.csv".to_string(), p.publicity_csv()),
        (
            "letters-schools.html".to_string(),
            p.school_letters().into_bytes(),
        ),
        (
            "letters-teachers.html".to_string(),
            p.teacher_letters().into_bytes(),
        ),
    ]
    .into_iter()
    .chain(leaders::files(problem, record, opts, &p.unit))
    .collect())
}

/// Why a plan folder cannot be published.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(transparent)]
    Folder(#[from] crate::check::PlanFolderError),
    #[error(
        "{dir}: the plan does not pass check ({violations} rule violation(s), {mismatches} \
         figure mismatch(es)); run `rotaplan check` on it and correct it before publishing · \
         方案未通过复核，请先运行 rotaplan check 并改正后再公示"
    )]
    NotCompliant {
        dir: String,
        violations: usize,
        mismatches: usize,
    },
    #[error("writing publicity.xlsx: {0}")]
    Xlsx(#[from] XlsxError),
}

/// The documents of the plan in `dir`, read as `check` reads it. Only a plan that breaks no
/// hard rule and whose figures agree is published (a goal it admits missing does not stop it).
pub fn publish_folder(
    problem: &Problem,
    dir: &std::path::Path,
    opts: &PublishOptions,
) -> Result<Vec<(String, Vec<u8>)>, PublishError> {
    let (report, record) = crate::check::read_checked(problem, dir)?;
    // the decisions are what is published: files derived from them that are stale after a
    // hand edit do not stop it
    if !report.decisions_keep_the_rules() {
        return Err(PublishError::NotCompliant {
            dir: dir.display().to_string(),
            violations: report.broken_decisions(),
            mismatches: report.mismatches.len(),
        });
    }
    Ok(publish(problem, &record, opts)?)
}

struct Doc<'a> {
    problem: &'a Problem,
    rows: Vec<Row<'a>>,
    unit: String,
    title: String,
    opts: &'a PublishOptions,
}

impl<'a> Doc<'a> {
    fn new(problem: &'a Problem, record: &'a PlanRecord, opts: &'a PublishOptions) -> Doc<'a> {
        let county = &problem.county;
        let teacher = |id: &str| problem.teacher_ix(id).map(|i| &county.teachers[i]);
        let school = |id: &str| problem.school_ix(id).map(|i| &county.schools[i]);
        // by receiving school, then sending school, then teacher: the order offices post in
        let mut rows: Vec<Row> = (record.moves.iter())
            .map(|m| Row {
                m,
                teacher: teacher(&m.teacher_id),
                from: school(&m.from_school_id),
                to: school(&m.to_school_id),
            })
            .collect();
        rows.sort_by(|a, b| {
            (&a.m.to_school_id, &a.m.from_school_id, &a.m.teacher_id).cmp(&(
                &b.m.to_school_id,
                &b.m.from_school_id,
                &b.m.teacher_id,
            ))
        });
        let county_name = county_name(&problem.scenario.name);
        let unit = opts
            .unit
            .clone()
            .unwrap_or_else(|| format!("{county_name}教育局"));
        let title = format!(
            "{county_name}{}年义务教育学校教师交流轮岗人员名单公示",
            problem.scenario.plan_year
        );
        Doc {
            problem,
            rows,
            unit,
            title,
            opts,
        }
    }

    fn subject(&self, id: &str) -> String {
        (self.problem.scenario.subjects.get(id)).map_or_else(|| id.to_string(), |s| s.zh.clone())
    }

    fn term(&self, m: &RecordedMove) -> String {
        format!(
            "{}.{:02}.{:02}–{}.{:02}.{:02}",
            m.start_date.year(),
            m.start_date.month(),
            m.start_date.day(),
            m.end_date.year(),
            m.end_date.month(),
            m.end_date.day()
        )
    }

    /// The table's cells, row by row: 序号 姓名 性别 原学校 交流学校 任教学科 交流期限 交流方式 备注.
    fn cells(&self) -> Vec<Vec<String>> {
        (self.rows.iter().enumerate())
            .map(|(i, r)| {
                let name = r.teacher.map_or(String::new(), |t| t.name.clone());
                let gender = r.teacher.map_or("", |t| gender_zh(t.gender));
                let note = r.teacher.map_or("", |t| backbone_zh(t.backbone));
                vec![
                    (i + 1).to_string(),
                    name,
                    gender.to_string(),
                    r.from
                        .map_or(r.m.from_school_id.clone(), |s| s.name.clone()),
                    r.to.map_or(r.m.to_school_id.clone(), |s| s.name.clone()),
                    self.subject(&r.m.subject),
                    self.term(r.m),
                    if r.m.exchange {
                        "对口交流"
                    } else {
                        "交流轮岗"
                    }
                    .to_string(),
                    note.to_string(),
                ]
            })
            .collect()
    }

    fn period(&self) -> String {
        period_of(self.opts)
    }

    fn intro(&self) -> String {
        let s = &self.problem.scenario;
        let contact = (self.opts.contact.as_deref())
            .map(|c| format!("，联系电话：{c}"))
            .unwrap_or_default();
        format!(
            "根据义务教育学校教师交流轮岗有关规定，经研究，拟安排以下{}名教师自{}至{}到相关学校交流任教，现予公示。{}。公示期间，如有异议，请以书面或电话形式向{}反映{}。",
            self.rows.len(),
            zh_date(Some(s.term_start())),
            zh_date(Some(s.term_end())),
            self.period(),
            self.unit,
            contact
        )
    }

    fn publicity_html(&self) -> String {
        let mut o = page_head(&self.title, "landscape");
        o.push_str(&format!("<h1>{}</h1>\n", esc(&self.title)));
        o.push_str(&format!("<p class=\"intro\">{}</p>\n", esc(&self.intro())));
        o.push_str("<table>\n<thead><tr>");
        for h in HEADERS {
            o.push_str(&format!("<th>{h}</th>"));
        }
        o.push_str("</tr></thead>\n<tbody>\n");
        for row in self.cells() {
            o.push_str("<tr>");
            for c in row {
                o.push_str(&format!("<td>{}</td>", esc(&c)));
            }
            o.push_str("</tr>\n");
        }
        o.push_str("</tbody>\n</table>\n");
        o.push_str(&format!(
            "<p class=\"sign\">{}<br>{}</p>\n</body>\n</html>\n",
            esc(&self.unit),
            zh_date(self.opts.date)
        ));
        o
    }

    fn publicity_csv(&self) -> Vec<u8> {
        csv_bytes(&HEADERS, self.cells())
    }

    /// The list as a workbook the office prints: title and intro rows, the table's header row
    /// repeated on every page, A4 landscape, one page wide, page numbers in the footer.
    fn publicity_xlsx(&self) -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let year = u16::try_from(self.problem.scenario.plan_year).unwrap_or(2000);
        let created = rust_xlsxwriter::ExcelDateTime::from_ymd(year, 1, 1)?;
        book.set_properties(
            &rust_xlsxwriter::DocProperties::new()
                .set_title(&self.title)
                .set_author("rotaplan")
                .set_creation_datetime(&created),
        );
        let ws = book.add_worksheet();
        ws.set_name("公示名单")?;
        let title = Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        let header = Format::new()
            .set_bold()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_text_wrap();
        let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
        let last = (HEADERS.len() - 1) as u16;
        ws.merge_range(0, 0, 0, last, &self.title, &title)?;
        ws.set_row_height(0, 30)?;
        ws.merge_range(1, 0, 1, last, &self.intro(), &wrap)?;
        ws.set_row_height(1, 60)?;
        for (c, h) in HEADERS.iter().enumerate() {
            ws.write_string_with_format(2, c as u16, *h, &header)?;
        }
        let rows = self.cells();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string_with_format(r as u32 + 3, c as u16, v, &cell)?;
            }
        }
        let end = rows.len() as u32 + 4;
        let right = Format::new().set_align(FormatAlign::Right);
        ws.merge_range(end, 0, end, last, &self.unit, &right)?;
        ws.merge_range(end + 1, 0, end + 1, last, &zh_date(self.opts.date), &right)?;
        for (c, w) in [5.0, 10.0, 5.0, 24.0, 24.0, 8.0, 22.0, 10.0, 14.0]
            .iter()
            .enumerate()
        {
            ws.set_column_width(c as u16, *w)?;
        }
        ws.set_paper_size(9); // A4
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(2, 2)?;
        ws.set_print_center_horizontally(true);
        ws.set_footer("&C第 &P 页 共 &N 页");
        book.save_to_buffer()
    }

    /// One letter per receiving school, listing the teachers who come to it.
    fn school_letters(&self) -> String {
        let s = &self.problem.scenario;
        let mut by_school: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
        for r in &self.rows {
            by_school
                .entry(r.m.to_school_id.as_str())
                .or_default()
                .push(r);
        }
        let mut o = page_head(
            &format!("{}年教师交流轮岗接收通知", s.plan_year),
            "portrait",
        );
        for (id, rows) in &by_school {
            let name = rows[0].to.map_or(id.to_string(), |x| x.name.clone());
            o.push_str("<section class=\"letter\">\n");
            o.push_str(&format!(
                "<h2>关于接收{}年交流轮岗教师的通知</h2>\n",
                s.plan_year
            ));
            o.push_str(&format!("<p>{}：</p>\n", esc(&name)));
            o.push_str(&format!(
                "<p class=\"body\">根据{}年义务教育学校教师交流轮岗工作安排，下列{}名教师自{}至{}到你校交流任教。请做好接收、岗位安排、生活保障和日常管理工作，并于交流期满时对其交流期间的工作作出考核评价，报{}备案。</p>\n",
                s.plan_year,
                rows.len(),
                zh_date(Some(s.term_start())),
                zh_date(Some(s.term_end())),
                esc(&self.unit)
            ));
            o.push_str("<table>\n<thead><tr><th>序号</th><th>姓名</th><th>性别</th><th>原学校</th><th>任教学科</th><th>交流期限</th><th>交流方式</th></tr></thead>\n<tbody>\n");
            for (i, r) in rows.iter().enumerate() {
                o.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    i + 1,
                    esc(&r.teacher.map_or(String::new(), |t| t.name.clone())),
                    r.teacher.map_or("", |t| gender_zh(t.gender)),
                    esc(&r.from.map_or(r.m.from_school_id.clone(), |x| x.name.clone())),
                    esc(&self.subject(&r.m.subject)),
                    esc(&self.term(r.m)),
                    if r.m.exchange { "对口交流" } else { "交流轮岗" }
                ));
            }
            o.push_str("</tbody>\n</table>\n");
            o.push_str(&self.signature());
            o.push_str("</section>\n");
        }
        o.push_str("</body>\n</html>\n");
        o
    }

    /// One letter per rotated or exchanged teacher.
    fn teacher_letters(&self) -> String {
        let s = &self.problem.scenario;
        let mut o = page_head(&format!("{}年教师交流轮岗通知", s.plan_year), "portrait");
        let mut rows: Vec<&Row> = self.rows.iter().collect();
        rows.sort_by(|a, b| {
            (&a.m.from_school_id, &a.m.teacher_id).cmp(&(&b.m.from_school_id, &b.m.teacher_id))
        });
        for r in rows {
            let name = r.teacher.map_or(r.m.teacher_id.clone(), |t| t.name.clone());
            let to = r.to.map_or(r.m.to_school_id.clone(), |x| x.name.clone());
            let from = r
                .from
                .map_or(r.m.from_school_id.clone(), |x| x.name.clone());
            o.push_str("<section class=\"letter\">\n");
            o.push_str("<h2>教师交流轮岗通知书</h2>\n");
            o.push_str(&format!("<p>{}老师（{}）：</p>\n", esc(&name), esc(&from)));
            o.push_str(&format!(
                "<p class=\"body\">根据{}年义务教育学校教师交流轮岗工作安排，经研究，决定您自{}至{}到{}{}，任教{}。请按时到接收学校报到。交流期间，您的人事关系保留在原学校（交流不转编）；交流任教经历记入本人档案，作为职称评聘、评优评先的重要依据。</p>\n",
                s.plan_year,
                zh_date(Some(r.m.start_date)),
                zh_date(Some(r.m.end_date)),
                esc(&to),
                if r.m.exchange { "对口交流任教" } else { "交流任教" },
                esc(&self.subject(&r.m.subject))
            ));
            o.push_str("<p class=\"body\">特此通知。</p>\n");
            o.push_str(&self.signature());
            o.push_str("</section>\n");
        }
        o.push_str("</body>\n</html>\n");
        o
    }

    fn signature(&self) -> String {
        format!(
            "<p class=\"sign\">{}<br>{}</p>\n",
            esc(&self.unit),
            zh_date(self.opts.date)
        )
    }
}

/// A PDF with its `/CreationDate` and `/ModDate` set to 1 January of `year`, 00:00:00, so that
/// printing the same document twice gives the same bytes (Chromium stamps the clock). The
/// dates keep their length, so the file's cross-reference offsets stay right.
pub fn fix_pdf_dates(pdf: &mut [u8], year: i32) {
    let stamp = format!("{:04}0101000000", year.clamp(0, 9999));
    for key in [&b"/CreationDate (D:"[..], &b"/ModDate (D:"[..]] {
        let mut from = 0;
        while let Some(at) = find(&pdf[from..], key) {
            let start = from + at + key.len();
            let end = start + 14;
            if end <= pdf.len() && pdf[start..end].iter().all(u8::is_ascii_digit) {
                pdf[start..end].copy_from_slice(stamp.as_bytes());
            }
            from = start;
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

const HEADERS: [&str; 9] = [
    "序号",
    "姓名",
    "性别",
    "原学校",
    "交流学校",
    "任教学科",
    "交流期限",
    "交流方式",
    "备注",
];

/// The county's name from the scenario's name: the part before the first space ("示范县 Demo
/// County" gives 示范县), without a trailing plan year.
/// The objection window's sentence (公示期).
pub(super) fn period_of(opts: &PublishOptions) -> String {
    let days = opts.days.max(1);
    match opts.from {
        Some(from) => format!(
            "公示期为{days}个工作日（{}至{}）",
            zh_date(Some(from)),
            zh_date(Some(working_days_end(from, days)))
        ),
        None => format!("公示期为{days}个工作日（____年__月__日至____年__月__日）"),
    }
}

pub(super) fn county_name(name: &str) -> String {
    let first = name.split_whitespace().next().unwrap_or(name);
    first
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string()
}

/// The start of a printable page: A4 in the given orientation, a CJK serif font, table header
/// rows repeated on each printed page, no row split across pages, one letter per page; the
/// list (landscape) numbers its pages.
pub(super) fn page_head(title: &str, orientation: &str) -> String {
    let numbers = if orientation == "landscape" {
        "@bottom-center { content: \"第 \" counter(page) \" 页 共 \" counter(pages) \" 页\"; font-size: 9pt; } "
    } else {
        ""
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n\
@page {{ size: A4 {orientation}; margin: 18mm 15mm; {numbers}}}\n\
body {{ font-family: \"Noto Serif CJK SC\", \"Source Han Serif SC\", \"SimSun\", \"Songti SC\", serif; font-size: 12pt; line-height: 1.6; margin: 0 auto; max-width: 270mm; }}\n\
h1 {{ text-align: center; font-size: 18pt; margin: 0 0 0.6em; }}\n\
h2 {{ text-align: center; font-size: 16pt; margin: 0 0 1em; }}\n\
p.intro, p.body {{ text-indent: 2em; }}\n\
table {{ border-collapse: collapse; width: 100%; margin: 0.8em 0; font-size: 10.5pt; }}\n\
thead {{ display: table-header-group; }}\n\
tr {{ break-inside: avoid; page-break-inside: avoid; }}\n\
th, td {{ border: 1px solid #000; padding: 3px 5px; text-align: center; }}\n\
th {{ background: #f0f0f0; }}\n\
p.sign {{ text-align: right; margin-top: 2.5em; }}\n\
section.letter {{ break-after: page; page-break-after: always; }}\n\
section.letter:last-of-type {{ break-after: auto; page-break-after: auto; }}\n\
@media screen {{ body {{ padding: 1em; }} section.letter {{ border-bottom: 1px dashed #999; padding-bottom: 2em; margin-bottom: 2em; }} }}\n\
</style>\n</head>\n<body>\n",
        esc(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn five_working_days_skip_the_weekend() {
        // 2026-08-20 is a Thursday: Thu, Fri, Mon, Tue, Wed
        assert_eq!(working_days_end(d("2026-08-20"), 5), d("2026-08-26"));
        // starting on a Saturday: Mon … Fri
        assert_eq!(working_days_end(d("2026-08-22"), 5), d("2026-08-28"));
        assert_eq!(working_days_end(d("2026-08-24"), 1), d("2026-08-24"));
    }

    #[test]
    fn pdf_dates_are_fixed_in_place() {
        let mut pdf =
            b"<< /CreationDate (D:20261206013815+00'00')\n/ModDate (D:20261206013815+00'00') >>"
                .to_vec();
        let len = pdf.len();
        fix_pdf_dates(&mut pdf, 2026);
        assert_eq!(pdf.len(), len);
        let text = String::from_utf8(pdf).unwrap();
        assert_eq!(
            text,
            "<< /CreationDate (D:20260101000000+00'00')\n/ModDate (D:20260101000000+00'00') >>"
        );
    }

    #[test]
    fn the_county_is_the_first_word_of_the_scenario_name() {
        assert_eq!(county_name("示范县 Demo County"), "示范县");
        assert_eq!(county_name("测试县2027"), "测试县");
        assert_eq!(county_name("合成县 Synthetic County"), "合成县");
    }
}
