//! Reading a scenario and its data files (CSV in UTF-8/GBK, XLSX) into domain types, with
//! validation that reports every problem at once.
//!
//! The people who run this are personnel officers with an Excel export, not programmers: one
//! run must list every problem in every file, each with the place to look and the change to
//! make, so they can fix the files in one sitting. Hence nothing here stops at the first error
//! except where later checks would only produce noise (a missing file, a missing column).
//!
//! Flow: scenario TOML (scenario_file, policy) → for each data file: bytes (decode) → rows of
//! text with positions (table) → fields (columns) → typed values (cells, values) → domain types
//! (schools, teachers, extras) → cross-file checks (here).

mod applications;
mod budget;
mod cells;
mod clean;
mod columns;
mod decode;
mod extras;
mod files;
mod geo;
mod headers;
mod lock_text;
mod locks;
mod patch;
mod policy;
mod ranges;
mod scenario_file;
mod schools;
mod service;
mod sheet;
mod staffing;
mod table;
mod teachers;
mod toml_zh;
mod values;
mod variant;
mod variant_locate;

use crate::diag::{self, Diagnostic};
use crate::domain::County;
use crate::problem::Problem;
use crate::scenario::{Commitments, DataFile, Scenario};
use chrono::NaiveDate;
use scenario_file::ScenarioFile;
use schools::SchoolsRead;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use variant::VariantSpec;

pub use columns::normalize as normalize_header;
pub use decode::{decode as decode_text, DecodeError, Requested as TextEncoding};
pub use geo::project as project_lat_lon;
pub use values::{parse_bool, parse_date};
pub use variant::set_dotted;

/// A scenario with its data, validated: the [`Problem`] the layers below plan, check, render
/// and explain, plus what only the input layer knows (where the files are, the warnings).
/// Dereferences to the problem.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The scenario file as given.
    pub path: PathBuf,
    /// Folder data paths are relative to.
    pub base_dir: PathBuf,
    /// Warnings: do not stop the run.
    pub warnings: Vec<Diagnostic>,
    pub problem: Problem,
}

impl std::ops::Deref for Loaded {
    type Target = Problem;
    fn deref(&self) -> &Problem {
        &self.problem
    }
}

impl std::ops::DerefMut for Loaded {
    fn deref_mut(&mut self) -> &mut Problem {
        &mut self.problem
    }
}

impl Loaded {
    /// A problem made in code (tests, the generator), as if read from `path`.
    pub fn in_code(path: impl Into<PathBuf>, scenario: Scenario, county: County) -> Loaded {
        let path = path.into();
        Loaded {
            base_dir: match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            },
            path,
            warnings: Vec::new(),
            problem: Problem::new(scenario, county, Commitments::default()),
        }
    }
}

/// What the command line adds to a scenario file.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Extra locks files (`plan --locks`), relative to the working folder.
    pub locks: Vec<PathBuf>,
    /// `key = value` overrides of the scenario (`sweep --set`), e.g. `policy.rotation_share`.
    pub overrides: Vec<(String, toml::Value)>,
}

/// What every reader needs: the scenario, where its files are, and the term start for dates.
pub(crate) struct Ctx<'a> {
    pub scenario: &'a Scenario,
    pub file: &'a ScenarioFile,
    pub base_dir: &'a Path,
    /// 1 September of plan_year; `None` when plan_year is invalid (already reported).
    pub term_start: Option<NaiveDate>,
}

impl Ctx<'_> {
    /// Places a diagnostic at a key of the scenario file.
    pub fn scenario_diag(&self, d: Diagnostic, key: &str) -> Diagnostic {
        self.file.place(d, key)
    }
}

/// Loads and validates a scenario. On failure returns every diagnostic found (errors and
/// warnings, sorted), never just the first. Reads only; never writes.
pub fn load(path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    load_with(path, &LoadOptions::default())
}

/// [`load`] with locks files and overrides from the command line.
pub fn load_with(path: &Path, opts: &LoadOptions) -> Result<Loaded, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let Some((file, mut scenario, spec)) = read_scenario(path, &opts.overrides, &mut diags) else {
        return Err(finish(diags));
    };
    policy::check(&file, &scenario, &mut diags);
    staffing::check(&file, &mut scenario, &mut diags);
    let base_dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let term_start = (2000..=2100)
        .contains(&scenario.plan_year)
        .then(|| NaiveDate::from_ymd_opt(scenario.plan_year, 9, 1))
        .flatten();
    let ctx = Ctx {
        scenario: &scenario,
        file: &file,
        base_dir: &base_dir,
        term_start,
    };

    let schools = schools::load(&ctx, &mut diags);
    let index = schools.as_ref().map(|s| &s.index);
    let mut teachers = teachers::load(&ctx, index, &mut diags);
    let ledger = service::load(&ctx, &mut diags);
    if let Some(read) = teachers.as_mut() {
        service::derive(&ctx, &ledger, read, &mut diags);
        service::place_running_terms(&ctx, &ledger, index, read, &mut diags);
    }
    let needs = extras::needs(&ctx, index, &mut diags);
    let hires = extras::hires(&ctx, &mut diags);
    let pairs = extras::pairs(&ctx, index, &mut diags);
    if let Some(schools) = &schools {
        check_exempt(&ctx, schools, &mut diags);
        if let Some(teachers) = &teachers {
            check_staffed(schools, &teachers.school_ids, &mut diags);
        }
    }
    if let Some(teachers) = &teachers {
        check_ahead(&ctx, teachers, &mut diags);
    }
    // Lock rules are judged on sound data only; patches and locks are read regardless, so that
    // one run lists every problem.
    let data_ok = !diags.iter().any(Diagnostic::is_error);
    let mut lock_rows = Vec::new();
    for (df, _, _) in &spec.locks {
        lock_rows.extend(locks::read(&ctx, df, table::Origin::Scenario, &mut diags));
    }
    for extra in &opts.locks {
        let abs = std::env::current_dir()
            .map(|d| d.join(extra))
            .unwrap_or_else(|_| extra.clone());
        let df = DataFile::Path(abs.to_string_lossy().into_owned());
        lock_rows.extend(locks::read(
            &ctx,
            &df,
            table::Origin::CommandLine,
            &mut diags,
        ));
    }
    let budget = budget::budget(&spec, &scenario, &mut diags);

    let complete = schools.is_some() && teachers.is_some();
    let mut county = County {
        schools: schools.map(|s| s.schools).unwrap_or_default(),
        teachers: teachers.map(|t| t.teachers).unwrap_or_default(),
        needs,
        hires,
        pairs,
    };
    let mut closed = Vec::new();
    let mut applications = Vec::new();
    if complete {
        closed = patch::apply_patches(&spec, &mut scenario, &mut county, &mut diags);
        let ctx = Ctx {
            scenario: &scenario,
            file: &file,
            base_dir: &base_dir,
            term_start,
        };
        applications = applications::load(&ctx, &county, &mut diags);
        if data_ok {
            locks::check(&lock_rows, &closed, &scenario, &county, &mut diags);
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(finish(diags));
    }
    let commitments = Commitments {
        budget,
        locks: lock_rows,
        closed,
        keep: Default::default(),
        base: None,
    };
    let data = &scenario.data;
    let mut sources = vec![path.to_path_buf()];
    sources.extend(
        [Some(&data.schools), Some(&data.teachers)]
            .into_iter()
            .chain([
                data.needs.as_ref(),
                data.hires.as_ref(),
                data.pairs.as_ref(),
                data.service.as_ref(),
                data.applications.as_ref(),
            ])
            .flatten()
            .map(|f| base_dir.join(f.path())),
    );
    Ok(Loaded {
        path: path.to_path_buf(),
        base_dir,
        warnings: finish(diags),
        problem: Problem::new(scenario, county, commitments)
            .with_sources(sources)
            .with_service(ledger.rows)
            .with_applications(applications),
    })
}

/// Reads and parses the scenario (a plain one, or a variant layered on its base). On failure pushes the diagnostic and returns `None`.
fn read_scenario(
    path: &Path,
    overrides: &[(String, toml::Value)],
    diags: &mut Vec<Diagnostic>,
) -> Option<(ScenarioFile, Scenario, VariantSpec)> {
    let file = scenario_file::read_text(path, diags)?;
    let is_variant = file
        .text
        .parse::<toml::Table>()
        .is_ok_and(|t| variant::is_variant(&t));
    if !is_variant && overrides.is_empty() {
        return match toml::from_str::<Scenario>(&file.text) {
            Ok(s) => Some((file, s, VariantSpec::default())),
            Err(e) => {
                diags.extend(scenario_file::toml_errors(&file, &e));
                None
            }
        };
    }
    let (file, mut table, spec) = variant::layered(path, diags, 0)?;
    for (key, value) in overrides {
        variant::set_dotted(&mut table, key, value.clone());
    }
    // Overrides of what-if keys (e.g. `hires.total`) go to the spec, not the scenario.
    let mut spec = spec;
    if let Some(toml::Value::Table(h)) = table.remove("hires") {
        match &mut spec.budget {
            Some((b, _, _)) => {
                for (k, v) in h {
                    b.insert(k, v);
                }
            }
            None => spec.budget = Some((h, file.name.clone(), None)),
        }
    }
    let scenario = variant::to_scenario(&file, table, diags)?;
    Some((file, scenario, spec))
}

fn finish(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diag::sort(&mut diags);
    diags
}

/// policy.exempt_schools must name schools of the schools file.
fn check_exempt(ctx: &Ctx, schools: &SchoolsRead, diags: &mut Vec<Diagnostic>) {
    for id in &ctx.scenario.policy.exempt_schools {
        if !schools.index.contains_key(id.trim()) {
            let d = Diagnostic::error(
                "E-POLICY-EXEMPT",
                format!("exempt school \"{id}\" is not in {}", schools.file),
                "correct the id in policy.exempt_schools or remove it",
            )
            .zh(
                format!("免于交流的学校“{id}”不在 {} 中", schools.file),
                "请改正 policy.exempt_schools 中的学校代码，或将其删除",
            );
            diags.push(ctx.scenario_diag(d, "policy.exempt_schools"));
        }
    }
}

/// policy.serve_ahead must name teachers of the roster.
fn check_ahead(ctx: &Ctx, teachers: &teachers::TeachersRead, diags: &mut Vec<Diagnostic>) {
    for id in &ctx.scenario.policy.serve_ahead {
        // (exactly as the rules compare it: " T1" is not T1)
        if !teachers.teachers.iter().any(|t| t.id == *id) {
            let d = Diagnostic::error(
                "E-POLICY-AHEAD",
                format!(
                    "teacher \"{id}\" of policy.serve_ahead is not in {} · 提前交流名单中的教师不在名册中",
                    teachers.file
                ),
                "correct the id in policy.serve_ahead or remove it",
            )
            .zh(
                format!(
                    "提前交流名单 policy.serve_ahead 中的教师“{id}”不在教师名册 {} 中",
                    teachers.file
                ),
                "请改正 policy.serve_ahead 中的工号，或将其删除",
            );
            diags.push(ctx.scenario_diag(d, "policy.serve_ahead"));
        }
    }
}

/// A school without any teacher in the roster is usually a roster exported for part of the
/// county only.
fn check_staffed(schools: &SchoolsRead, staffed: &BTreeSet<String>, diags: &mut Vec<Diagnostic>) {
    for s in schools.schools.iter().filter(|s| !staffed.contains(&s.id)) {
        diags.push(
            Diagnostic::warning(
                "W-SCHOOL-NO-TEACHERS",
                format!("school \"{}\" ({}) has no teachers in the roster", s.id, s.name),
                "check that the roster covers every school; a school without teachers has its whole need as gap",
            )
            .zh(
                format!("学校“{}”（{}）在教师名册中没有教师", s.id, s.name),
                "请核对教师名册是否包含每一所学校；没有教师的学校，其全部需求都计为缺口",
            )
            .in_file(&schools.file)
            .at(s.source_line, None)
            .field("school_id"),
        );
    }
}

/// Rows of a sheet: (1-based row number, 1-based first column, text cells).
pub type SheetRows = Vec<(usize, usize, Vec<String>)>;

/// One sheet of a workbook as rows of text cells: (1-based row number, 1-based first column,
/// cells), rows without a value left out. For readers outside the input layer: the checker
/// reads an edited plan.xlsx so (docs/plan-format.md).
pub fn sheet_rows(path: &Path, label: &str, sheet: &str) -> Result<SheetRows, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    sheet::read(path, label, Some(sheet), &mut diags).ok_or(diags)
}
