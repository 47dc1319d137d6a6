//! `rotaplan validate`: check a scenario and its data files, every problem at once.

use super::printer::eprint_line;
use super::{print_diagnostics, Exit, Printer};
use std::path::PathBuf;

pub const HELP: &str = "Example:\n  rotaplan validate scenarios/demo-county/scenario.toml\n\n\
Exit code 0 when the data can be planned (warnings are printed), 2 when there are errors.";

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (TOML).
    scenario: PathBuf,
    /// Print diagnostics as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args, out: &mut Printer) -> Exit {
    let result = rotaplan::input::load(&a.scenario);
    let (diags, ok) = match &result {
        Ok(l) => (l.warnings.clone(), true),
        Err(d) => (d.clone(), false),
    };
    if a.json {
        out.json(&diags);
    } else {
        print_diagnostics(&diags);
        let zh = super::lang() == rotaplan::output::Lang::Zh;
        if let Ok(l) = &result {
            let (name, schools, teachers) = (
                &l.scenario.name,
                l.county.schools.len(),
                l.county.teachers.len(),
            );
            let (batches, warnings) = (l.county.hires.len(), l.warnings.len());
            out.line(if zh {
                format!(
                    "校验通过：{name} — 学校 {schools} 所，教师 {teachers} 人，招聘批次 {batches} 个，警告 {warnings} 条。"
                )
            } else {
                format!(
                    "OK: {name} — {schools} schools, {teachers} teachers, {batches} hire batches, {warnings} warning(s)."
                )
            });
        } else {
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprint_line(if zh {
                format!("{} 共有 {errors} 处错误。", a.scenario.display())
            } else {
                format!("{errors} error(s) in {}.", a.scenario.display())
            });
        }
    }
    if ok {
        Exit::Success
    } else {
        Exit::BadInput
    }
}
