//! The one printer: everything a command writes to standard output goes through [`Printer`],
//! which never panics. A closed pipe (`rotaplan validate … | head -1`) ends the output quietly
//! and keeps the command's own exit code (so `check` still tells its verdict); any other write
//! error (a full disk, `> /dev/full`) is reported on standard error and exits 3.

use super::exit::Exit;
use std::fmt::Display;
use std::io::{self, Write};

static LANG: std::sync::OnceLock<rotaplan::output::Lang> = std::sync::OnceLock::new();

/// Sets the language of every message of this run (`--lang`), once, before the command runs.
pub fn set_lang(lang: rotaplan::output::Lang) {
    let _ = LANG.set(lang);
}

/// The language of this run's messages (Chinese unless `--lang en`).
pub fn lang() -> rotaplan::output::Lang {
    LANG.get().copied().unwrap_or_default()
}

#[derive(Default)]
pub struct Printer {
    /// The first write error; nothing more is written after it.
    failed: Option<io::Error>,
}

impl Printer {
    pub fn new() -> Printer {
        Printer::default()
    }

    /// Writes text as it is.
    pub fn text(&mut self, s: &str) {
        if self.failed.is_some() {
            return;
        }
        if let Err(e) = io::stdout().lock().write_all(s.as_bytes()) {
            self.failed = Some(e);
        }
    }

    /// Writes one line.
    pub fn line(&mut self, s: impl Display) {
        self.text(&format!("{s}\n"));
    }

    /// Flushes what was written so far (before a command that runs on, like `serve`).
    pub fn flush(&mut self) {
        if self.failed.is_none() {
            if let Err(e) = io::stdout().lock().flush() {
                self.failed = Some(e);
            }
        }
    }

    /// Writes a value as pretty JSON and a newline.
    pub fn json<T: serde::Serialize>(&mut self, value: &T) {
        match serde_json::to_string_pretty(value) {
            Ok(json) => self.line(json),
            Err(e) => {
                self.failed = Some(io::Error::other(e));
            }
        }
    }

    /// Flushes standard output and gives the exit code: `code`, or 3 when standard output
    /// could not take the output (a closed pipe keeps `code`).
    pub fn finish(mut self, code: Exit) -> Exit {
        if self.failed.is_none() {
            if let Err(e) = io::stdout().lock().flush() {
                self.failed = Some(e);
            }
        }
        match self.failed {
            None => code,
            Some(e) if e.kind() == io::ErrorKind::BrokenPipe => code,
            Some(e) => {
                eprint_line(format!(
                    "error: cannot write to standard output · 无法写入标准输出: {e}"
                ));
                Exit::Failure
            }
        }
    }
}

/// Writes one line to standard error; a closed or full standard error is ignored (there is
/// nowhere left to report it).
pub fn eprint_line(s: impl Display) {
    let _ = writeln!(io::stderr().lock(), "{s}");
}
