//! `rotaplan advance`: next year's scenario folder from this year's scenario and its plan.

use super::{fail, load, Exit, Printer};
use rotaplan::advance::{advance, report_files, AdvanceError, ChangeKind};
use rotaplan::generate::{write_scenario_with, Flavor};
use rotaplan::scenario::DataFile;
use std::path::PathBuf;

pub const HELP: &str =
    "Example:\n  rotaplan plan scenarios/demo-county/scenario.toml --out out/2026\n  \
rotaplan advance scenarios/demo-county/scenario.toml out/2026 --out next/2027\n  \
rotaplan plan next/2027/scenario.toml --out out/2027\n\n\
The plan must pass `rotaplan check`. NEXT_DIR must be new or empty; nothing given is changed.\n\
Beside the scenario it holds advance-report.csv (every change) and service.csv (the service\n\
ledger, for the teachers' files; a term that runs into the next year is read from it).\n\
Hires get ids N<year><number> and placeholder names, gender and birth dates to complete.\n\
Exit code 0 when written, 2 when the scenario, the plan or the output folder cannot be used.";

#[derive(clap::Args)]
pub struct Args {
    /// This year's scenario file (TOML).
    scenario: PathBuf,
    /// This year's plan folder (as `rotaplan plan --out` wrote it, possibly edited).
    plan: PathBuf,
    /// The folder for next year's scenario (new or empty).
    #[arg(long, value_name = "NEXT_DIR")]
    out: PathBuf,
    /// Chinese headers and values in the data files (GBK teachers.csv, schools.xlsx); the
    /// default follows the scenario's own files.
    #[arg(long)]
    chinese: bool,
}

pub fn run(a: Args, out: &mut Printer) -> Exit {
    let loaded = match load(&a.scenario, &[]) {
        Ok(l) => l,
        Err(code) => return code,
    };
    if let Err(e) = rotaplan::output::atomic::check_new_folder(&a.out) {
        return fail(&e, Exit::BadInput);
    }
    let adv = match advance(&loaded, &a.plan) {
        Ok(adv) => adv,
        Err(e @ AdvanceError::NotCompliant { .. }) => return fail(&e, Exit::BadInput),
        Err(AdvanceError::Folder(e)) => return fail(&e, Exit::BadInput),
    };
    let flavor = if a.chinese || chinese_files(&loaded.scenario) {
        Flavor::Chinese
    } else {
        Flavor::English
    };
    let extra = report_files(&adv);
    if let Err(e) = write_scenario_with(&adv.scenario, &adv.county, &a.out, flavor, None, extra) {
        let code = if e.is_bad_input() {
            Exit::BadInput
        } else {
            Exit::Failure
        };
        return fail(&format!("advance: {e}"), code);
    }
    let count = |k: ChangeKind| adv.changes.iter().filter(|c| c.kind == k).count();
    let (year, retired, rotations, exchanges, go_on, tegang, hired) = (
        adv.scenario.plan_year,
        count(ChangeKind::Retired),
        count(ChangeKind::RotationEnded),
        count(ChangeKind::ExchangeEnded),
        count(ChangeKind::TermContinues),
        count(ChangeKind::TegangEnded),
        count(ChangeKind::Hired),
    );
    let credited = adv.changes.iter().filter(|c| c.months > 0).count();
    out.line(format!(
        "{year} scenario written to {}: {retired} retired, {rotations} rotations and {exchanges} \
         exchanges ended, {go_on} continue, {credited} teachers credited rural service, {tegang} \
         特岗 terms ended, {hired} hires added (enter their names, gender and birth dates) · \
         {year} 年数据已写入：退休 {retired}，轮岗期满 {rotations}，对口交流期满 {exchanges}，继续交流 \
         {go_on}，记入乡村任教月数 {credited} 人，特岗期满 {tegang}，新录用 {hired}（请补录姓名、性别、出生日期）",
        a.out.display(),
    ));
    for d in &adv.dropped {
        out.line(format!("not carried over · 未结转: {d}"));
    }
    if let Some(r) = &adv.recruitment {
        out.line(r.line());
    }
    Exit::Success
}

/// Whether the scenario's roster or schools file looks like a Chinese bureau's export (an
/// xlsx workbook or a GBK file).
pub(super) fn chinese_files(s: &rotaplan::scenario::Scenario) -> bool {
    [&s.data.schools, &s.data.teachers].iter().any(|f| match f {
        DataFile::Path(p) => p.ends_with(".xlsx"),
        DataFile::Detailed(spec) => {
            spec.path.ends_with(".xlsx")
                || spec
                    .encoding
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case("gbk"))
        }
    })
}
