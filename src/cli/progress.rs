//! Progress bars of `plan --batch` and `sweep` on standard error, hidden when standard error is
//! not a terminal. The library only reports progress events.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rotaplan::whatif::batch::Progress;
use std::io::IsTerminal;

pub struct Bar(ProgressBar);

impl Bar {
    pub fn new(what: &str) -> Bar {
        let bar = ProgressBar::new(0);
        if !std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        if let Ok(style) =
            ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {elapsed} {msg}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(what.to_string());
        Bar(bar)
    }

    /// The callback the library calls.
    pub fn report(&self, p: Progress) {
        match p {
            Progress::Start(n) => self.0.set_length(n as u64),
            Progress::Done(row) => {
                self.0.set_message(format!(
                    "{} {}",
                    row.name,
                    rotaplan::whatif::batch::outcome_text(row.outcome)
                ));
                self.0.inc(1);
            }
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
