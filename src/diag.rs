//! Diagnostics: every problem found in the input, reported all at once.
//!
//! A diagnostic says where (file, line, column), what (a stable code and a message), and what to
//! change (the action). Codes are listed with their remedies in docs/errors.md.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code, e.g. `E-REF-SCHOOL`; see docs/errors.md.
    pub code: &'static str,
    /// File the problem is in, as the user named it (relative to the scenario when possible).
    pub file: Option<String>,
    /// 1-based line in the file (for CSV: the physical line; for XLSX: the row number).
    pub line: Option<usize>,
    /// 1-based column number.
    pub column: Option<usize>,
    /// Column header or TOML key the problem concerns.
    pub field: Option<String>,
    pub message: String,
    /// What the user should change.
    pub action: String,
    /// The message and the action in Chinese, where given (else the frame is Chinese and the
    /// message English).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_zh: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_zh: Option<String>,
}

impl Diagnostic {
    pub fn error(
        code: &'static str,
        message: impl Into<String>,
        action: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: None,
            line: None,
            column: None,
            field: None,
            message: bounded(&message.into(), MAX_MESSAGE_CHARS),
            action: bounded(&action.into(), MAX_MESSAGE_CHARS),
            message_zh: None,
            action_zh: None,
        }
    }

    /// The message and the action in Chinese.
    pub fn zh(mut self, message: impl Into<String>, action: impl Into<String>) -> Self {
        self.message_zh = Some(bounded(&message.into(), MAX_MESSAGE_CHARS));
        self.action_zh = Some(bounded(&action.into(), MAX_MESSAGE_CHARS));
        self
    }

    /// The diagnostic as a Chinese line: `teachers.csv 第12行 第5列(E)：错误[E-REF-SCHOOL]
    /// （school_id）…；改正：…`. The message is English where no Chinese was given.
    pub fn render_zh(&self) -> String {
        let mut s = String::new();
        if let Some(file) = &self.file {
            s.push_str(file);
            if let Some(line) = self.line {
                s.push_str(&format!(" 第{line}行"));
                if let Some(col) = self.column {
                    s.push_str(&format!(" 第{col}列({})", column_letters(col)));
                }
            }
            s.push('：');
        }
        let sev = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        s.push_str(&format!("{sev}[{}] ", self.code));
        if let Some(field) = &self.field {
            s.push_str(&format!("（{field}）"));
        }
        s.push_str(self.message_zh.as_deref().unwrap_or(&self.message));
        let action = self.action_zh.as_deref().unwrap_or(&self.action);
        if !action.is_empty() {
            s.push_str(&format!("；改正：{action}"));
        }
        s
    }

    pub fn warning(
        code: &'static str,
        message: impl Into<String>,
        action: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, action)
        }
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(bounded(&field.into(), MAX_QUOTE_CHARS));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `teachers.csv:12:5: error[E-REF-SCHOOL] (school_id) school "X9" is not in schools.csv; fix: ...`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}")?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}[{}] ", self.code)?;
        if let Some(field) = &self.field {
            write!(f, "({field}) ")?;
        }
        write!(f, "{}", self.message)?;
        if !self.action.is_empty() {
            write!(f, "; fix: {}", self.action)?;
        }
        Ok(())
    }
}

/// Excel's letters of a 1-based column number: 1 → A, 27 → AA.
pub fn column_letters(col: usize) -> String {
    let mut n = col;
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Longest user text quoted in a message, in characters; longer text is cut with `…`.
pub const MAX_QUOTE_CHARS: usize = 80;

/// Longest message or action, in characters: a last guard so that no input, however large,
/// can flood the terminal (a 50 MB header line once became 81 MB of messages).
pub const MAX_MESSAGE_CHARS: usize = 2000;

/// User text as quoted in a message: control characters shown as `\u{1b}` (so that an ESC in
/// a cell cannot recolour the terminal, a NUL cannot end up in a log) and at most
/// [`MAX_QUOTE_CHARS`] characters, cut with `…`.
pub fn quote(text: &str) -> String {
    bounded(text, MAX_QUOTE_CHARS)
}

/// `text` with control characters escaped, cut to `max` characters with `…`.
pub fn bounded(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Sorts diagnostics into a stable order: file, line, column, code.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column, a.code, &a.message)
            .cmp(&(b.severity, &b.file, b.line, b.column, b.code, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_text_is_bounded_and_escaped() {
        assert_eq!(quote("abc"), "abc");
        assert_eq!(quote("a\u{1b}[31mb\0"), "a\\u{1b}[31mb\\u{0}");
        let long = "学".repeat(500);
        let q = quote(&long);
        assert_eq!(q.chars().count(), MAX_QUOTE_CHARS + 1);
        assert!(q.ends_with('…'));
    }

    #[test]
    fn messages_are_bounded() {
        let d = Diagnostic::error("E-X", "x".repeat(10_000_000), "fix");
        assert!(d.message.chars().count() <= MAX_MESSAGE_CHARS + 1);
    }
}
