//! Reading the previous plan folder of `plan --from`: its plan.csv and hires.csv.
//!
//! The folder must hold a plan rotaplan wrote for this county: UTF-8 text, the columns of
//! docs/plan-format.md, and on every line ids of this county. Anything else is refused with the
//! file, the physical line and the column, because a re-plan from an unreadable file would turn
//! garbage into a change notice ("removed" teachers that never existed). One leniency: a
//! teacher id no longer in the roster is accepted (a teacher who left since; the re-plan lists
//! them as removed), as long as the line's schools are schools of the county.

use crate::domain::{County, Programme};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A previous assignment: teacher → (to, subject).
pub type Previous = BTreeMap<String, (String, String)>;
/// Hires placed: (school, subject, programme) → count.
pub type HireCounts = BTreeMap<(String, String, String), u32>;

/// Why a previous plan folder cannot be used. Every case is bad input (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum PreviousPlanError {
    #[error("{}: error[E-FROM-READ] cannot read the previous plan: {source} (无法读取上一版方案); fix: pass --from the folder a previous `rotaplan plan` wrote", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: error[E-FROM-TEXT] not UTF-8 text: not a plan rotaplan wrote (不是 rotaplan 写出的方案文件：非 UTF-8 文本); fix: pass --from the folder a previous `rotaplan plan` wrote, or save the file again as CSV UTF-8", .path.display())]
    NotText { path: PathBuf, line: usize },
    #[error("{}:1: error[E-FROM-COLUMN] column {column} is missing: not a plan rotaplan wrote (缺少 {column} 列，不是 rotaplan 写出的方案文件); fix: pass --from the folder a previous `rotaplan plan` wrote", .path.display())]
    MissingColumn { path: PathBuf, column: &'static str },
    #[error("{}:{line}: error[E-FROM-CSV] {message} (CSV 格式错误); fix: restore the file as `rotaplan plan` wrote it", .path.display())]
    Csv {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{}:{line}:{column}: error[E-FROM-VALUE] ({field}) {problem} ({problem_zh}); fix: {action}", .path.display())]
    Value {
        path: PathBuf,
        line: usize,
        column: usize,
        field: &'static str,
        problem: String,
        problem_zh: String,
        action: &'static str,
    },
}

/// The previous plan: assignments and hire placements.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PreviousPlan {
    pub assignments: Previous,
    pub hires: HireCounts,
    /// Leaders moved (leaders.csv, when the folder has one): teacher id → school id.
    pub leaders: Vec<(String, String)>,
}

/// One data line of a CSV file: its physical line and its fields by column.
struct Row {
    line: usize,
    fields: Vec<String>,
}

/// A CSV file with the columns a reader needs.
struct Table {
    path: PathBuf,
    /// Column positions of the needed columns, in the order asked for.
    at: Vec<usize>,
    rows: Vec<Row>,
}

impl Table {
    fn read(path: PathBuf, needed: &[&'static str]) -> Result<Table, PreviousPlanError> {
        let bytes = std::fs::read(&path).map_err(|source| PreviousPlanError::Read {
            path: path.clone(),
            source,
        })?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let line = 1 + bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                return Err(PreviousPlanError::NotText { path, line });
            }
        };
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let csv_error = |path: &Path, e: csv::Error| PreviousPlanError::Csv {
            path: path.to_path_buf(),
            line: e.position().map_or(1, |p| p.line() as usize),
            message: e.to_string(),
        };
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| csv_error(&path, e))?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        let mut at = Vec::with_capacity(needed.len());
        for &column in needed {
            match header.iter().position(|h| h == column) {
                Some(i) => at.push(i),
                None => return Err(PreviousPlanError::MissingColumn { path, column }),
            }
        }
        let mut rows = Vec::new();
        for rec in reader.records() {
            let rec = rec.map_err(|e| csv_error(&path, e))?;
            let line = rec.position().map_or(0, |p| p.line() as usize);
            let fields = rec
                .iter()
                .map(|s| crate::output::csv_safe::unprotect(s.trim()).to_string())
                .collect();
            rows.push(Row { line, fields });
        }
        Ok(Table { path, at, rows })
    }

    /// The `k`-th needed column of a row, and its 1-based column number.
    fn get<'r>(&self, row: &'r Row, k: usize) -> (&'r str, usize) {
        (row.fields[self.at[k]].as_str(), self.at[k] + 1)
    }

    fn value_error(
        &self,
        row: &Row,
        k: usize,
        field: &'static str,
        problem: (String, String),
        action: &'static str,
    ) -> PreviousPlanError {
        PreviousPlanError::Value {
            path: self.path.clone(),
            line: row.line,
            column: self.at[k] + 1,
            field,
            problem: problem.0,
            problem_zh: problem.1,
            action,
        }
    }

    /// The `k`-th needed column of a row as an id: not empty, no control characters.
    fn id(&self, row: &Row, k: usize, field: &'static str) -> Result<String, PreviousPlanError> {
        let (v, _) = self.get(row, k);
        if v.is_empty() {
            return Err(self.value_error(
                row,
                k,
                field,
                (format!("{field} is empty"), format!("{field} 为空")),
                "restore the file as `rotaplan plan` wrote it",
            ));
        }
        if v.chars().any(char::is_control) {
            return Err(self.value_error(
                row,
                k,
                field,
                (
                    format!("{field} {v:?} holds control characters"),
                    format!("{field} 含控制字符"),
                ),
                "restore the file as `rotaplan plan` wrote it",
            ));
        }
        Ok(v.to_string())
    }
}

fn unknown_school(field: &str, id: &str) -> (String, String) {
    (
        format!("{field} \"{id}\" is not a school of this county"),
        format!("{field} \"{id}\" 不是本县的学校"),
    )
}

const OTHER_PLAN: &str =
    "pass --from a plan of this county, or restore the school in the schools file";

/// Reads plan.csv and hires.csv of a previous plan folder, refusing anything that is not a
/// plan rotaplan wrote for `county`.
pub fn read_previous(dir: &Path, county: &County) -> Result<PreviousPlan, PreviousPlanError> {
    let schools: BTreeSet<&str> = county.schools.iter().map(|s| s.id.as_str()).collect();
    let plan = Table::read(
        dir.join("plan.csv"),
        &["teacher_id", "from_school_id", "to_school_id", "subject"],
    )?;
    let mut assignments = Previous::new();
    for row in &plan.rows {
        let teacher = plan.id(row, 0, "teacher_id")?;
        let from = plan.id(row, 1, "from_school_id")?;
        let to = plan.id(row, 2, "to_school_id")?;
        let subject = plan.id(row, 3, "subject")?;
        if !schools.contains(from.as_str()) {
            return Err(plan.value_error(
                row,
                1,
                "from_school_id",
                unknown_school("from_school_id", &from),
                OTHER_PLAN,
            ));
        }
        if !schools.contains(to.as_str()) {
            return Err(plan.value_error(
                row,
                2,
                "to_school_id",
                unknown_school("to_school_id", &to),
                OTHER_PLAN,
            ));
        }
        if assignments.insert(teacher.clone(), (to, subject)).is_some() {
            return Err(plan.value_error(
                row,
                0,
                "teacher_id",
                (
                    format!("teacher {teacher} is listed twice"),
                    format!("教师 {teacher} 出现两次"),
                ),
                "restore the file as `rotaplan plan` wrote it",
            ));
        }
    }
    let table = Table::read(
        dir.join("hires.csv"),
        &["school_id", "subject", "count", "programme"],
    )?;
    let mut hires = HireCounts::new();
    for row in &table.rows {
        let school = table.id(row, 0, "school_id")?;
        let subject = table.id(row, 1, "subject")?;
        if !schools.contains(school.as_str()) {
            return Err(table.value_error(
                row,
                0,
                "school_id",
                unknown_school("school_id", &school),
                OTHER_PLAN,
            ));
        }
        let (count, _) = table.get(row, 2);
        let Some(n) = count
            .parse::<u32>()
            .ok()
            .filter(|_| !count.starts_with('+'))
        else {
            return Err(table.value_error(
                row,
                2,
                "count",
                (
                    format!("count \"{count}\" is not a whole number of hires"),
                    format!("人数 \"{count}\" 不是非负整数"),
                ),
                "restore the file as `rotaplan plan` wrote it",
            ));
        };
        let programme = table.id(row, 3, "programme")?;
        if Programme::parse(&programme).is_none() {
            return Err(table.value_error(
                row,
                3,
                "programme",
                (
                    format!("programme \"{programme}\" is not a hiring programme"),
                    format!("招聘项目 \"{programme}\" 无法识别"),
                ),
                "restore the file as `rotaplan plan` wrote it",
            ));
        }
        *hires.entry((school, subject, programme)).or_default() += n;
    }
    let mut leaders = Vec::new();
    if dir.join("leaders.csv").is_file() {
        let table = Table::read(dir.join("leaders.csv"), &["teacher_id", "to_school_id"])?;
        for row in &table.rows {
            let (to, _) = table.get(row, 1);
            if to.is_empty() {
                continue;
            }
            let teacher = table.id(row, 0, "teacher_id")?;
            if !schools.contains(to) {
                return Err(table.value_error(
                    row,
                    1,
                    "to_school_id",
                    unknown_school("to_school_id", to),
                    OTHER_PLAN,
                ));
            }
            leaders.push((teacher, to.to_string()));
        }
    }
    Ok(PreviousPlan {
        assignments,
        hires,
        leaders,
    })
}
