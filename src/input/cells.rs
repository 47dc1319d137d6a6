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

    pub fn error(
        &mut self,
        code: &'static str,
        field: &str,
        message: String,
        action: impl Into<String>,
    ) {
        let d = self.at(Diagnostic::error(code, message, action), field);
        self.diags.push(d);
    }

    pub fn warning(
        &mut self,
        code: &'static str,
        field: &str,
        message: String,
        action: impl Into<String>,
    ) {
        let d = self.at(Diagnostic::warning(code, message, action), field);
        self.diags.push(d);
    }

    /// A required text cell.
    pub fn required(&mut self, field: &str) -> Option<&'a str> {
        let v = self.get(field);
        if v.is_none() {
            self.error(
                "E-VALUE-EMPTY",
                field,
                format!("{field} is empty"),
                format!("fill in {field}; it is required"),
            );
        }
        v
    }

    /// An optional whole number in `0..=max`.
    pub fn count(&mut self, field: &str, max: u64) -> Option<u32> {
        let text = self.get(field)?;
        match values::parse_count(text) {
            Ok(n) if n <= max => Some(n as u32),
            Ok(_) => {
                self.error(
                    "E-VALUE-RANGE",
                    field,
                    format!(
                        "{field} \"{}\" is implausibly large (more than {max})",
                        diag::quote(text)
                    ),
                    format!("check the value; {field} can be at most {max}"),
                );
                None
            }
            Err(NumError::Negative) => {
                self.error(
                    "E-VALUE-RANGE",
                    field,
                    format!("{field} \"{}\" is negative", diag::quote(text)),
                    "use 0 or a positive whole number",
                );
                None
            }
            Err(NumError::NotWhole) => {
                self.error(
                    "E-VALUE-NUMBER",
                    field,
                    format!("{field} \"{}\" is not a whole number", diag::quote(text)),
                    "use a whole number",
                );
                None
            }
            Err(NumError::NotNumber) => {
                self.error(
                    "E-VALUE-NUMBER",
                    field,
                    format!("{field} \"{}\" is not a number", diag::quote(text)),
                    "use a whole number such as 12 (digits only)",
                );
                None
            }
        }
    }

    /// A required whole number in `0..=max`.
    pub fn required_count(&mut self, field: &str, max: u64) -> Option<u32> {
        self.required(field)?;
        self.count(field, max)
    }

    /// An optional decimal number in `min..=max`.
    pub fn number(&mut self, field: &str, min: f64, max: f64) -> Option<f64> {
        let text = self.get(field)?;
        match values::parse_number(text) {
            Ok(f) if (min..=max).contains(&f) => Some(f),
            Ok(_) => {
                self.error(
                    "E-VALUE-RANGE",
                    field,
                    format!("{field} \"{}\" is outside {min}..={max}", diag::quote(text)),
                    format!("use a value between {min} and {max}"),
                );
                None
            }
            Err(_) => {
                self.error(
                    "E-VALUE-NUMBER",
                    field,
                    format!("{field} \"{}\" is not a number", diag::quote(text)),
                    "use a decimal number such as 2.5 (with a point, no units)",
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
            self.error(
                "E-VALUE-BOOL",
                field,
                format!("{field} \"{}\" is not a yes/no value", diag::quote(text)),
                "use true/false, yes/no, 1/0, y/n or 是/否 (empty means no)",
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
                self.error(
                    "E-VALUE-DATE",
                    field,
                    format!("{field} \"{}\" {why}", diag::quote(text)),
                    format!("write the date as one of: {DATE_FORMATS}"),
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
            self.error(
                code,
                field,
                format!(
                    "{field} \"{}\" is not one of: {accepted}",
                    diag::quote(text)
                ),
                format!("use one of: {accepted}"),
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
                self.error(
                    "E-VALUE-SUBJECT",
                    field,
                    format!("subject \"{}\" is not in the subject catalogue; known subjects: {known}", diag::quote(text)),
                    "use a subject id, its Chinese name or an alias, or add the subject (or an alias) under [subjects] in the scenario",
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
