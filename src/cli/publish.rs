//! `rotaplan publish`: the publicity list (公示名单) and the notification letters of a checked
//! plan folder, written into a new folder (docs/reports.md).

use super::{fail, load, Exit, Printer};
use rotaplan::output::publish::{publish_folder, PublishError, PublishOptions};
use rotaplan::output::publish_pdf::PdfError;
use std::path::PathBuf;

pub const HELP: &str = "Example:\n  rotaplan publish scenarios/demo-county/scenario.toml out/demo --out out/demo-publish \\\n    \
--from 2026-08-20 --contact 0000-1234567\n\n\
Writes publicity.html (A4, print from the browser), publicity.xlsx (A4 landscape, one page wide,\n\
header row on every page), publicity.csv, letters-schools.html (one notification per receiving\n\
school) and letters-teachers.html (one per rotated teacher); when the plan moves leaders, also\n\
publicity-leaders.html and .csv (干部交流任职公示). With --pdf also the PDFs, printed by\n\
headless Chromium (apt-get install -y chromium fonts-noto-cjk). The plan must pass `rotaplan check`.\n\
Exit code 0 when written, 2 when the scenario, the plan or the output folder cannot be used.";

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (TOML) the plan was made from.
    scenario: PathBuf,
    /// The plan folder (as `rotaplan plan --out` wrote it, possibly edited).
    plan: PathBuf,
    /// The folder for the documents (new or empty).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The issuing office (发布单位); default "<county>教育局".
    #[arg(long)]
    unit: Option<String>,
    /// First day of the publicity period (公示开始日期), YYYY-MM-DD; blank to fill in otherwise.
    #[arg(long, value_name = "DATE")]
    from: Option<chrono::NaiveDate>,
    /// Working days the list is posted (公示期).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=60))]
    days: u32,
    /// Telephone for objections (联系电话).
    #[arg(long)]
    contact: Option<String>,
    /// Date under the signature (落款日期), YYYY-MM-DD; blank to fill in otherwise.
    #[arg(long, value_name = "DATE")]
    date: Option<chrono::NaiveDate>,
    /// Also print the HTML documents to PDF with headless Chromium.
    #[arg(long)]
    pdf: bool,
}

pub fn run(a: Args, out: &mut Printer) -> Exit {
    let loaded = match load(&a.scenario, &[]) {
        Ok(l) => l,
        Err(code) => return code,
    };
    if let Err(e) = rotaplan::output::atomic::check_new_folder(&a.out) {
        return fail(&e, Exit::BadInput);
    }
    let opts = PublishOptions {
        unit: a.unit.clone(),
        from: a.from,
        days: a.days,
        contact: a.contact.clone(),
        date: a.date,
    };
    let mut files = match publish_folder(&loaded, &a.plan, &opts) {
        Ok(f) => f,
        Err(e @ PublishError::Xlsx(_)) => return fail(&e, Exit::Failure),
        Err(e) => return fail(&e, Exit::BadInput),
    };
    if a.pdf {
        let Some(browser) = chromium() else {
            return fail(&PdfError::NoChromium, Exit::BadInput);
        };
        match rotaplan::output::publish_pdf::pdfs(&browser, &files, loaded.scenario.plan_year) {
            Ok(p) => files.extend(p),
            Err(e) => return fail(&e, Exit::Failure),
        }
    }
    if let Err(e) = rotaplan::output::atomic::write_new_folder(&a.out, &files) {
        let code = if e.is_bad_input() {
            Exit::BadInput
        } else {
            Exit::Failure
        };
        return fail(&format!("publish: {e}"), code);
    }
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    out.line(format!(
        "documents written to {} · 公示名单和通知已写入: {}",
        a.out.display(),
        names.join(", ")
    ));
    Exit::Success
}

/// The headless Chromium on this machine, if any.
pub(super) fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}
