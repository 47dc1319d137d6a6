//! The independent plan checker (`rotaplan check SCENARIO DIR`).
//!
//! A plan is trusted only if something other than the planner says it keeps the rules. This
//! module re-derives everything from the loaded inputs and the plan files alone, following its
//! own reading of docs/plan-format.md: it never calls the optimizer or crate::rules
//! (except the statutory retirement schedule). Hand-edited plans are checked the same way.
//! Codes and remedies are listed in docs/check.md.

mod codes;
mod compare;
mod compare_staffing;
mod coverage;
mod coverage_totals;
mod decisions;
mod exchange;
mod exchange_cover;
mod figures;
mod files;
mod flow;
mod gate;
mod goals;
mod hires;
mod leaders;
mod locks;
mod posts;
mod read;
mod report;
mod rules;
mod staff_files;
mod staffing;
mod standing;
mod text;
pub mod wishes;
mod workbook;
mod zh;

pub use codes::{CodeInfo, RuleKind, CODES};
pub use gate::PlanFolderError;
pub use report::{
    AreaGap, CheckReport, DecisionFile, DecisionSource, Figures, GapRow, Mismatch, RowRef,
    Violation, DERIVED,
};
pub use wishes::{wish_figures, wish_figures_with, EnvyPair, SentTeacher, WishFigures};

use crate::domain::{County, School, Teacher};
use crate::problem::Problem;
use crate::scenario::Scenario;
use files::{Kind, PlanFiles, PlanRow};
use standing::{Standing, Term};
use std::collections::HashMap;
use std::path::Path;

/// What every check reads: the inputs indexed by id, each teacher's standing, the plan files.
pub(crate) struct Ctx<'a> {
    pub scenario: &'a Scenario,
    pub county: &'a County,
    /// Budget, locks and closed schools of a variant.
    pub commitments: &'a crate::scenario::Commitments,
    pub schools: HashMap<&'a str, &'a School>,
    pub teachers: HashMap<&'a str, &'a Teacher>,
    pub standing: HashMap<&'a str, Standing>,
    pub term: Option<Term>,
    /// The roster file as the scenario names it, for row references.
    pub roster: String,
    pub hires_file: String,
    pub files: &'a PlanFiles,
    pub plan: &'a [PlanRow],
    /// The first plan row of each known teacher: what counts for totals and limits.
    pub moves: Vec<(&'a PlanRow, &'a Teacher)>,
    /// The rotation rows among `moves`.
    pub rotations: Vec<(&'a PlanRow, &'a Teacher)>,
    /// The exchange rows among `moves`.
    pub exchanges: Vec<(&'a PlanRow, &'a Teacher)>,
    /// Need per (school, subject): computed, replaced by the needs file.
    pub needs: std::collections::BTreeMap<(String, String), f64>,
    /// Roster teachers by their school.
    pub staff_at: HashMap<&'a str, Vec<&'a Teacher>>,
}

impl<'a> Ctx<'a> {
    pub fn school(&self, id: &str) -> Option<&'a School> {
        self.schools.get(id).copied()
    }
}

/// Checks the plan files in `dir` against the loaded scenario and county. Never panics; every
/// problem, including missing or unreadable files, is in the report.
pub fn check_plan(loaded: &Problem, dir: &Path) -> CheckReport {
    check_source(loaded, read::Source::Dir(dir))
}

/// What `rotaplan check` runs: refuses a plan folder that cannot be read as a plan (missing,
/// not a folder, a plan file missing, a folder, UTF-16, binary or empty) with one
/// [`PlanFolderError`] (bad input), then checks its files as [`check_plan`] does. The report
/// never holds a C-FILE violation.
pub fn check_folder(loaded: &Problem, dir: &Path) -> Result<CheckReport, PlanFolderError> {
    check_folder_from(loaded, dir, None)
}

/// [`check_folder`] reading the decisions from the copy the user named (`check --decisions`),
/// or, with `None`, from the copy that was edited (docs/plan-format.md, "Which file holds the
/// decisions").
pub fn check_folder_from(
    loaded: &Problem,
    dir: &Path,
    pick: Option<DecisionFile>,
) -> Result<CheckReport, PlanFolderError> {
    let mut files = gate::read_folder(dir)?;
    let source = decisions::choose(&loaded.scenario, dir, &mut files, pick)?;
    let mut report = check_source(loaded, read::Source::Rendered(&files));
    decisions::relabel(&mut report, &source);
    report.decisions = source;
    match report.violations.iter().find(|v| v.code == "C-FILE") {
        Some(v) => Err(PlanFolderError::Unusable {
            path: dir.join(v.rows.first().map(|r| r.file.as_str()).unwrap_or("")),
            message: v.rule.clone(),
        }),
        None => Ok(report),
    }
}

/// A move of a plan folder, as `rotaplan advance` carries it into the next year.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedMove {
    pub teacher_id: String,
    /// An exchange of a rural teacher to a sending-area school (对口交流); else a rotation.
    pub exchange: bool,
    pub subject: String,
    pub from_school_id: String,
    pub to_school_id: String,
    pub start_date: chrono::NaiveDate,
    pub end_date: chrono::NaiveDate,
}

/// Hires a plan folder placed at one school, in one subject and programme.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedHire {
    pub school_id: String,
    pub subject: String,
    pub count: u32,
    pub programme: crate::domain::Programme,
}

/// A leader's move of a plan folder (leaders.csv, docs/leaders.md).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedLeaderMove {
    pub teacher_id: String,
    pub from_school_id: String,
    pub to_school_id: String,
}

/// What a plan folder decided, read by the checker's own reader (docs/plan-format.md).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanRecord {
    pub moves: Vec<RecordedMove>,
    pub hires: Vec<RecordedHire>,
    /// The leaders moved (leaders.csv); empty for a plan without leaders.
    pub leaders: Vec<RecordedLeaderMove>,
}

/// Checks a plan folder as [`check_folder`] does and gives its decisions with the report. The
/// decisions are read only from a plan whose moves and hires files parse: a row the checker
/// could not read is in the report (C-PARSE), and the record then leaves it out, so a caller
/// acts on the record only when the report is clean.
pub fn read_checked(
    loaded: &Problem,
    dir: &Path,
) -> Result<(CheckReport, PlanRecord), PlanFolderError> {
    read_checked_from(loaded, dir, None)
}

/// [`read_checked`] reading the decisions from the copy the user named (`render
/// --decisions`), or, with `None`, from the copy that was edited.
pub fn read_checked_from(
    loaded: &Problem,
    dir: &Path,
    pick: Option<DecisionFile>,
) -> Result<(CheckReport, PlanRecord), PlanFolderError> {
    let mut files = gate::read_folder(dir)?;
    let source = decisions::choose(&loaded.scenario, dir, &mut files, pick)?;
    let (mut report, read, leader_moves) = check_files(loaded, read::Source::Rendered(&files));
    decisions::relabel(&mut report, &source);
    report.decisions = source;
    if let Some(v) = report.violations.iter().find(|v| v.code == "C-FILE") {
        return Err(PlanFolderError::Unusable {
            path: dir.join(v.rows.first().map(|r| r.file.as_str()).unwrap_or("")),
            message: v.rule.clone(),
        });
    }
    let moves = (read.plan.iter().flatten())
        .filter_map(|r| {
            Some(RecordedMove {
                teacher_id: r.teacher_id.clone(),
                exchange: r.kind == Kind::Exchange,
                subject: r.subject.clone(),
                from_school_id: r.from_school_id.clone(),
                to_school_id: r.to_school_id.clone(),
                start_date: r.start_date?,
                end_date: r.end_date?,
            })
        })
        .collect();
    let hires = (read.hires.iter().flatten())
        .filter(|h| h.count > 0)
        .map(|h| RecordedHire {
            school_id: h.school_id.clone(),
            subject: h.subject.clone(),
            count: u32::try_from(h.count).unwrap_or(u32::MAX),
            programme: h.programme,
        })
        .collect();
    let leaders = leader_moves
        .into_iter()
        .map(|m| RecordedLeaderMove {
            teacher_id: m.teacher_id,
            from_school_id: m.from,
            to_school_id: m.to,
        })
        .collect();
    Ok((
        report,
        PlanRecord {
            moves,
            hires,
            leaders,
        },
    ))
}

/// Checks a plan's files as rendered, before they are written: (file name, bytes) as
/// `output::render` gives them. The same checks on the same bytes as `check_plan` on the folder
/// they are written to.
pub fn check_rendered(loaded: &Problem, files: &[(String, Vec<u8>)]) -> CheckReport {
    check_source(loaded, read::Source::Rendered(files))
}

fn check_source(loaded: &Problem, src: read::Source) -> CheckReport {
    check_files(loaded, src).0
}

/// The report, the plan files as the checker read them, and the leaders' moves it applied.
fn check_files(
    loaded: &Problem,
    src: read::Source,
) -> (CheckReport, PlanFiles, Vec<leaders::Moved>) {
    let mut violations = Vec::new();
    let files = files::read_all(&loaded.scenario, src, &mut violations);
    let leader_rows = leaders::read(src, &mut violations);
    let leader_moves = leaders::check_rows(
        loaded,
        leader_rows.as_deref(),
        files.plan.as_deref(),
        &mut violations,
    );
    // The rest is judged for the county with the moved leaders at their new schools.
    let county = leaders::placed(&loaded.county, &leader_moves);
    let mut mismatches = Vec::new();
    let goals_from = violations.len();
    leaders::check_goals(
        loaded,
        &leader_moves,
        files.summary.as_ref(),
        &mut violations,
        &mut mismatches,
    );
    let report = judge(loaded, &county, &files, violations, mismatches, goals_from);
    (report, files, leader_moves)
}

fn judge(
    loaded: &Problem,
    county: &County,
    files: &PlanFiles,
    mut violations: Vec<Violation>,
    mut mismatches: Vec<Mismatch>,
    leader_goals: usize,
) -> CheckReport {
    let ctx = context(loaded, county, files);
    goals::mark_declared(&ctx, &mut violations[leader_goals..]);

    let heads = posts::heads(&ctx);
    rules::check_all(&ctx, &mut violations);
    exchange::check_all(&ctx, &mut violations);
    exchange_cover::check_all(&ctx, &mut violations);
    hires::check_all(&ctx, &mut violations);
    staffing::check_all(&ctx, &heads, &mut violations);
    coverage::check_all(&ctx, &mut violations);
    locks::check_all(&ctx, &mut violations);
    let (mut figures, gaps) = figures::recompute(&ctx, &heads);
    goals::check_all(&ctx, &figures, &mut violations);

    compare::check_all(&ctx, &figures, &gaps, &violations, &mut mismatches);
    compare_staffing::check_all(&ctx, &heads, &gaps, &mut mismatches);
    coverage::compare(&ctx, &mut mismatches);
    figures.wishes = wishes::check(loaded, &ctx, &mut mismatches);
    CheckReport {
        violations,
        mismatches,
        recomputed: figures,
        gaps,
        decisions: Default::default(),
    }
}

fn context<'a>(loaded: &'a Problem, county: &'a County, files: &'a PlanFiles) -> Ctx<'a> {
    let scenario = &loaded.scenario;
    let schools: HashMap<&str, &School> =
        county.schools.iter().map(|s| (s.id.as_str(), s)).collect();
    let teachers: HashMap<&str, &Teacher> =
        county.teachers.iter().map(|t| (t.id.as_str(), t)).collect();
    let term = Term::of(scenario);
    let standing = county
        .teachers
        .iter()
        .map(|t| {
            let school = schools.get(t.home_school()).copied();
            (t.id.as_str(), standing::standing(t, school, scenario, term))
        })
        .collect();
    let plan: &[PlanRow] = files.plan.as_deref().unwrap_or(&[]);
    let mut seen = std::collections::HashSet::new();
    let moves: Vec<(&PlanRow, &Teacher)> = plan
        .iter()
        .filter_map(|r| teachers.get(r.teacher_id.as_str()).map(|t| (r, *t)))
        .filter(|(r, _)| seen.insert(r.teacher_id.as_str()))
        .collect();
    let of_kind = |k: Kind| moves.iter().copied().filter(|(r, _)| r.kind == k).collect();
    let (rotations, exchanges) = (of_kind(Kind::Rotation), of_kind(Kind::Exchange));
    let mut staff_at: HashMap<&str, Vec<&Teacher>> = HashMap::new();
    for t in &county.teachers {
        staff_at.entry(t.school_id.as_str()).or_default().push(t);
    }
    Ctx {
        scenario,
        county,
        commitments: &loaded.commitments,
        schools,
        teachers,
        standing,
        term,
        roster: scenario.data.teachers.path().to_string(),
        hires_file: scenario
            .data
            .hires
            .as_ref()
            .map(|h| h.path().to_string())
            .unwrap_or_else(|| "hires".into()),
        files,
        plan,
        moves,
        rotations,
        exchanges,
        needs: figures::needs(scenario, county),
        staff_at,
    }
}
