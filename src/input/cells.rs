//! One data row seen through its columns: typed getters that record a diagnostic (with file,
//! line, column, field, the bad value and a remedy) instead of failing, so a row with three
//! problems yields three diagnostics.

use super::columns::Columns;
use super::table::{Row, Table};
use super::values::{self, NumError, DATE_FORMATS};
use crate::diag::{self, Diagnostic};
use crate::scenario::Scenario;
use chrono::NaiveDate;

pub struct Cells<'a> {
    table: &'a Table,
    row: &'a Row,
    cols: &'a Columns,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl<'a> Cells<'a> {
    pub fn new(
        table: &'a Table,
        row: &'a Row,
        cols: &'a Columns,
        diags: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Cells {
            table,
            row,
            cols,
            diags,
        }
    }

    pub fn line(&self) -> usize {
        self.row.line
    }

    /// The trimmed cell text; `None` when empty or when the file has no such column.
    pub fn get(&self, field: &str) -> Option<&'a str> {
        let i = self.cols.index(field)?;
        let row: &'a Row = self.row;
        Some(row.cells[i].trim()).filter(|s| !s.is_empty())
    }

    /// 1-based column number of the field in the file.
    pub fn column(&self, field: &str) -> Option<usize> {
        self.cols.index(field).map(|i| self.table.columns[i])
    }

    /// A diagnostic placed at this row and the field's column.
    pub fn at(&self, d: Diagnostic, field: &str) -> Diagnostic {
        d.in_file(&self.table.file)
            .at(self.row.line, self.column(field))
            .field(field)
    }

    /// An error with its message and action in English (`en`) and in Chinese (`zh`).
    pub fn error(
        &mut self,
        code: &'static str,
        field: &str,
        en: (String, String),
        zh: (String, String),
    ) {
        let d = Diagnostic::error(code, en.0, en.1).zh(zh.0, zh.1);
        let d = self.at(d, field);
        self.diags.push(d);
    }

    /// The column's heading as the file writes it (学校代码, school_id, …), for messages.
    pub fn heading(&self, field: &str) -> String {
        (self.cols.index(field))
            .and_then(|i| self.table.headers.get(i))
            .map(|h| diag::quote(h.trim()))
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| field.to_string())
    }

    /// A warning with its message and action in English (`en`) and in Chinese (`zh`).
    pub fn warning(
        &mut self,
        code: &'static str,
        field: &str,
        en: (String, String),
        zh: (String, String),
    ) {
        let d = Diagnostic::warning(code, en.0, en.1).zh(zh.0, zh.1);
        let d = self.at(d, field);
        self.diags.push(d);
    }

    /// A required text cell.
    pub fn required(&mut self, field: &str) -> Option<&'a str> {
        let v = self.get(field);
        if v.is_none() {
            let h = self.heading(field);
            self.error(
                "E-VALUE-EMPTY",
                field,
                (
                    format!("{field} is empty"),
                    format!("fill in {field}; it is required"),
                ),
                (format!("“{h}”为空"), format!("请填写“{h}”，此项必填")),
            );
        }
        v
    }

    /// An optional whole number in `0..=max`.
    pub fn count(&mut self, field: &str, max: u64) -> Option<u32> {
        let text = self.get(field)?;
        let (h, q) = (self.heading(field), diag::quote(text));
        let (code, en, zh) = match values::parse_count(text) {
            Ok(n) if n <= max => return Some(n as u32),
            Ok(_) => (
                "E-VALUE-RANGE",
                (
                    format!("{field} \"{q}\" is implausibly large (more than {max})"),
                    format!("check the value; {field} can be at most {max}"),
                ),
                (
                    format!("“{h}”的值“{q}”过大（超过 {max}）"),
                    format!("请核对，“{h}”最多为 {max}"),
                ),
            ),
            Err(NumError::Negative) => (
                "E-VALUE-RANGE",
                (
                    format!("{field} \"{q}\" is negative"),
                    "use 0 or a positive whole number".to_string(),
                ),
                (
                    format!("“{h}”的值“{q}”是负数"),
                    "请填写 0 或正整数".to_string(),
                ),
            ),
            Err(NumError::NotWhole) => (
                "E-VALUE-NUMBER",
                (
                    format!("{field} \"{q}\" is not a whole number"),
                    "use a whole number".to_string(),
                ),
                (format!("“{h}”的值“{q}”不是整数"), "请填写整数".to_string()),
            ),
            Err(NumError::NotNumber) => (
                "E-VALUE-NUMBER",
                (
                    format!("{field} \"{q}\" is not a number"),
                    "use a whole number such as 12 (digits only)".to_string(),
                ),
                (
                    format!("“{h}”的值“{q}”不是数字"),
                    "请填写整数，例如 12（只写数字）".to_string(),
                ),
            ),
        };
        self.error(code, field, en, zh);
        None
    }

    /// A required whole number in `0..=max`.
    pub fn required_count(&mut self, field: &str, max: u64) -> Option<u32> {
        self.required(field)?;
        self.count(field, max)
    }

    /// An optional decimal number in `min..=max`.
    pub fn number(&mut self, field: &str, min: f64, max: f64) -> Option<f64> {
        let text = self.get(field)?;
        let (h, q) = (self.heading(field), diag::quote(text));
        match values::parse_number(text) {
            Ok(f) if (min..=max).contains(&f) => Some(f),
            Ok(_) => {
                self.error(
                    "E-VALUE-RANGE",
                    field,
                    (
                        format!("{field} \"{q}\" is outside {min}..={max}"),
                        format!("use a value between {min} and {max}"),
                    ),
                    (
                        format!("“{h}”的值“{q}”不在 {min} 至 {max} 之间"),
                        format!("请填写 {min} 至 {max} 之间的数"),
                    ),
                );
                None
            }
            Err(_) => {
                self.error(
                    "E-VALUE-NUMBER",
                    field,
                    (
                        format!("{field} \"{q}\" is not a number"),
                        "use a decimal number such as 2.5 (with a point, no units)".into(),
                    ),
                    (
                        format!("“{h}”的值“{q}”不是数字"),
                        "请填写数字，例如 2.5（用小数点，不带单位）".into(),
                    ),
                );
                None
            }
        }
    }

    /// An optional boolean; empty is false.
    pub fn flag(&mut self, field: &str) -> bool {
        let Some(text) = self.get(field) else {
            return false;
        };
        values::parse_bool(text).unwrap_or_else(|| {
            let (h, q) = (self.heading(field), diag::quote(text));
            self.error(
                "E-VALUE-BOOL",
                field,
                (
                    format!("{field} \"{q}\" is not a yes/no value"),
                    "use true/false, yes/no, 1/0, y/n or 是/否 (empty means no)".into(),
                ),
                (
                    format!("“{h}”的值“{q}”不是“是/否”"),
                    "请填写 是/否（也可写 1/0、true/false；空白表示否）".into(),
                ),
            );
            false
        })
    }

    /// An optional date.
    pub fn date(&mut self, field: &str) -> Option<NaiveDate> {
        let text = self.get(field)?;
        match values::parse_date(text) {
            Ok(d) => Some(d),
            Err(why) => {
                let (h, q) = (self.heading(field), diag::quote(text));
                self.error(
                    "E-VALUE-DATE",
                    field,
                    (
                        format!("{field} \"{q}\" {why}"),
                        format!("write the date as one of: {DATE_FORMATS}"),
                    ),
                    (
                        format!("“{h}”的值“{q}”不是有效日期"),
                        "日期请写成 2026-09-01、2026/9/1、2026.9.1、2026年9月1日、2026-09、20260901 之一，或 Excel 日期"
                            .into(),
                    ),
                );
                None
            }
        }
    }

    /// An optional value from a fixed vocabulary. `parse` may accept the empty text itself.
    pub fn choice<T>(
        &mut self,
        field: &str,
        code: &'static str,
        parse: impl Fn(&str) -> Option<T>,
        accepted: &str,
    ) -> Option<T> {
        let text = self.get(field).unwrap_or("");
        let v = parse(text);
        if v.is_none() && !text.is_empty() {
            let (h, q) = (self.heading(field), diag::quote(text));
            self.error(
                code,
                field,
                (
                    format!("{field} \"{q}\" is not one of: {accepted}"),
                    format!("use one of: {accepted}"),
                ),
                (
                    format!("“{h}”的值“{q}”不是可用的取值（{accepted}）"),
                    format!("请改为其中之一：{accepted}"),
                ),
            );
        }
        v
    }

    /// A required value from a fixed vocabulary.
    pub fn required_choice<T>(
        &mut self,
        field: &str,
        code: &'static str,
        parse: impl Fn(&str) -> Option<T>,
        accepted: &str,
    ) -> Option<T> {
        self.required(field)?;
        self.choice(field, code, parse, accepted)
    }

    /// A subject name resolved to its canonical id.
    pub fn subject_text(&mut self, field: &str, text: &str, scenario: &Scenario) -> Option<String> {
        match scenario.subject_id(text) {
            Some(id) => Some(id.to_string()),
            None => {
                let known: Vec<String> = scenario
                    .subjects
                    .iter()
                    .map(|(id, d)| format!("{id} ({})", d.zh))
                    .collect();
                let known = match known.is_empty() {
                    true => "none, the catalogue is empty".to_string(),
                    false => known.join(", "),
                };
                let q = diag::quote(text);
                self.error(
                    "E-VALUE-SUBJECT",
                    field,
                    (
                        format!("subject \"{q}\" is not in the subject catalogue; known subjects: {known}"),
                        "use a subject id, its Chinese name or an alias, or add the subject (or an alias) under [subjects] in the scenario".into(),
                    ),
                    (
                        format!("学科“{q}”不在学科目录中；已有学科：{known}"),
                        "请写学科代码、中文名称或别名，或在情景文件的 [subjects] 中添加该学科（或别名）".into(),
                    ),
                );
                None
            }
        }
    }

    /// A required subject.
    pub fn subject(&mut self, field: &str, scenario: &Scenario) -> Option<String> {
        let text = self.required(field)?;
        self.subject_text(field, text, scenario)
    }
}
