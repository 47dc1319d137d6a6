//! `rotaplan plan`: one scenario, one scenario with locks, a re-plan from a previous plan, or a
//! batch of scenarios, all through the library's one pipeline.

use super::config::{Mode, PlanConfig, PlanFlags};
use super::progress::Bar;
use super::{anon_key, fail, load, Exit, Printer};
use rotaplan::input::LoadOptions;
use rotaplan::pipeline::Done;
use rotaplan::plan::SolveStatus;
use rotaplan::whatif::{self, batch::outcome_text};
use std::path::{Path, PathBuf};

pub const HELP: &str = "Example:\n  rotaplan plan scenarios/demo-county/scenario.toml --out out/demo --check\n\n\
Writes plan.csv, hires.csv, gaps.csv, unplaced.csv, summary.json, report.md, plan.xlsx and report.html into --out.\n\
Exit code 0 when every rule is met, 1 when a rule could not be met (see summary.json violations)\n\
or --check found a problem, 2 on bad input (also contradictory flags), 3 when the solver or the disk failed.\n\n\
What-if:\n  rotaplan plan --batch scenarios/whatif --out out/whatif        # every scenario of a folder, in parallel\n  \
rotaplan plan scenarios/demo-county/scenario.toml --locks locks.csv --out out/locked\n  \
rotaplan plan variant.toml --from out/demo --out out/replan      # as few changes as possible\n  \
rotaplan plan variant.toml --base out/demo --out out/variant     # the base plan's decisions where still optimal";

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file (TOML); omit with --batch.
    #[arg(required_unless_present = "batch")]
    scenario: Option<PathBuf>,
    /// Plan every scenario of this folder (DIR/*.toml, DIR/*/scenario.toml) into --out/<name>/;
    /// every plan is checked.
    #[arg(long)]
    batch: Option<PathBuf>,
    /// A locks file (CSV/XLSX: kind, teacher_id, school_id, subject) every plan must keep.
    #[arg(long)]
    locks: Vec<PathBuf>,
    /// Re-plan from this previous plan folder, changing as few assignments as possible.
    #[arg(long)]
    from: Option<PathBuf>,
    /// A base plan folder (usually the plan of the scenario this variant extends): keep its
    /// decisions wherever they stay optimal, so that `compare` shows only the changes the
    /// variant forces.
    #[arg(long, value_name = "DIR")]
    base: Option<PathBuf>,
    /// Output folder (created if missing; files in it are replaced).
    #[arg(long)]
    out: PathBuf,
    /// Stop the solver after this many seconds (positive) and keep the best plan found.
    #[arg(long)]
    time_limit: Option<f64>,
    /// Write the model of the last goal stage for audit (.lp or .mps).
    #[arg(long)]
    export_model: Option<PathBuf>,
    /// Run the independent checker on the plan as written, print its report, exit 1 if it fails.
    #[arg(long)]
    check: bool,
    /// Write zero for timing figures so that two runs give byte-identical files.
    #[arg(long)]
    reproducible: bool,
    /// Pseudonyms instead of teacher names and ids in plan.xlsx and report.html (the CSV
    /// files keep real ids for `check`). Key: $ROTAPLAN_ANON_KEY, else the scenario name.
    #[arg(long)]
    anonymize: bool,
    /// Plan this many years (1–10) in a row, each carried forward by `advance`: one folder per
    /// year, horizon.csv, horizon.json and horizon.svg (a rolling projection; docs/years.md).
    #[arg(long, value_name = "N")]
    years: Option<u32>,
}

pub fn run(a: Args, out: &mut Printer) -> Exit {
    let flags = PlanFlags {
        scenario: a.scenario,
        batch: a.batch,
        locks: a.locks,
        from: a.from,
        base: a.base,
        out: a.out,
        time_limit: a.time_limit,
        export_model: a.export_model,
        check: a.check,
        reproducible: a.reproducible,
        lang: super::lang(),
        anonymize: a.anonymize,
        years: a.years,
    };
    let cfg = match PlanConfig::new(flags, anon_key()) {
        Ok(c) => c,
        Err(e) => return fail(&e, Exit::BadInput),
    };
    match &cfg.mode {
        Mode::Single { scenario } => single(scenario, &cfg, out),
        Mode::Replan { scenario, from } => replan(scenario, from, &cfg, out),
        Mode::Batch { dir } => batch(dir, &cfg, out),
        Mode::Years { scenario, years } => horizon(scenario, *years, &cfg, out),
    }
}

fn single(scenario: &Path, cfg: &PlanConfig, out: &mut Printer) -> Exit {
    let mut loaded = match load(scenario, &cfg.locks) {
        Ok(l) => l,
        Err(code) => return code,
    };
    if let Some(dir) = &cfg.base {
        match whatif::base::read_base(&loaded, dir) {
            Ok(base) => loaded.commitments.base = Some(base),
            Err(e) => return fail(&e, Exit::BadInput),
        }
    }
    match rotaplan::pipeline::plan_to_dir(&loaded, &cfg.out, &cfg.run, |_| Vec::new()) {
        Ok(done) => print_done(&cfg.out, &done, out),
        Err(e) => fail(&e, Exit::of_kind(e.kind())),
    }
}

fn replan(scenario: &Path, from: &Path, cfg: &PlanConfig, out: &mut Printer) -> Exit {
    let loaded = match load(scenario, &cfg.locks) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let r = match whatif::replan::replan(&loaded, from, &cfg.out, &cfg.run) {
        Ok(r) => r,
        Err(e) => return fail(&e, Exit::of_kind(e.kind())),
    };
    let count = |kind: &str, change: &str| {
        r.changes
            .iter()
            .filter(|c| c.kind == kind && c.change == change)
            .count()
    };
    let code = print_done(&cfg.out, &r.done, out);
    let (removed, added, moved) = (
        count("teacher", "removed"),
        count("teacher", "added"),
        count("teacher", "moved"),
    );
    let (kept, previous, hires) = (
        r.previous - removed - moved,
        r.previous,
        count("hire", "changed"),
    );
    let zh = super::lang() == rotaplan::output::Lang::Zh;
    out.line(if zh {
        format!(
            "在 {} 的基础上重新规划：原交流安排 {previous} 项保留 {kept} 项；撤销 {removed}，新增 {added}，改派 {moved}；新教师分配变动 {hires} 行（见 changes.csv）。",
            from.display()
        )
    } else {
        format!(
            "re-planned from {}: kept {kept} of {previous} previous rotations; {removed} removed, {added} added, {moved} moved; {hires} hire row(s) changed (changes.csv).",
            from.display()
        )
    });
    for c in &r.changes {
        let change = match (zh, c.change.as_str()) {
            (true, "removed") => "撤销",
            (true, "added") => "新增",
            (true, "moved") => "改派",
            (true, "changed") => "变动",
            (_, other) => other,
        };
        let reason = if zh { &c.reason_zh } else { &c.reason };
        out.line(format!(
            "  {change} {} {} {}: {} → {} ({reason})",
            c.kind, c.id, c.name, c.before, c.after
        ));
    }
    code
}

/// The summary line, the rules not met and (when checked) the check report; the exit code of
/// the plan's verdict.
pub(super) fn print_done(dir: &Path, done: &Done, out: &mut Printer) -> Exit {
    let s = &done.summary;
    let zh = super::lang() == rotaplan::output::Lang::Zh;
    let seconds = done.plan.solve_seconds;
    if zh {
        let status = match SolveStatus::parse(s.status) {
            Some(SolveStatus::TimeLimit) => "达到时间上限（最好的可行方案）",
            Some(st) => st.zh(),
            None => s.status,
        };
        out.line(format!(
            "{}年度 {} 方案已写入 {}：状态 {status}，符合条件 {} 人中交流 {} 人（{:.1}%），骨干教师占 {:.1}%，\
必须交流者安排 {}/{}，新教师 {} 人，缺编 {:.1} → {:.1} FTE（加权 {:.1} → {:.1}），{}。",
            s.plan_year,
            s.scenario,
            dir.display(),
            s.eligible,
            s.rotated,
            100.0 * s.rotation_share,
            100.0 * s.backbone_share,
            s.must_serve_placed,
            s.must_serve,
            s.hires,
            s.gap_before,
            s.gap_after,
            s.weighted_gap_before,
            s.weighted_gap_after,
            if s.status == "edited" {
                "人工调整的决定，未重新求解".to_string()
            } else {
                format!("求解用时 {seconds:.2} 秒")
            }
        ));
    } else {
        out.line(format!(
            "{} plan for {} written to {}: status {}, rotated {} of {} eligible ({:.1}%), backbone {:.1}%, \
must-serve placed {}/{}, hires {}, gap {:.1} → {:.1} FTE (weighted {:.1} → {:.1}), {}.",
            s.plan_year,
            s.scenario,
            dir.display(),
            s.status,
            s.rotated,
            s.eligible,
            100.0 * s.rotation_share,
            100.0 * s.backbone_share,
            s.must_serve_placed,
            s.must_serve,
            s.hires,
            s.gap_before,
            s.gap_after,
            s.weighted_gap_before,
            s.weighted_gap_after,
            if s.status == "edited" {
                "decisions edited by hand, not solved".to_string()
            } else {
                format!("solved in {seconds:.2} s")
            }
        ));
    }
    if let Some(f) = s.leaders {
        out.line(if zh {
            format!(
                "干部交流：任职期满 {} 人，交流 {} 人（期满未交流 {} 人）；见 leaders.csv",
                f.due, f.moved, f.due_staying
            )
        } else {
            format!(
                "leaders: {} moved of {} due ({} due stay); leaders.csv",
                f.moved, f.due, f.due_staying
            )
        });
    }
    if !done.info.budget_mix.is_empty() {
        let mix = whatif::mix_text(&done.info.budget_mix);
        out.line(if zh {
            format!("招聘名额按方案分配：{mix}")
        } else {
            format!("hiring budget split by the plan: {mix}")
        });
    }
    for v in &s.violations {
        out.line(if zh {
            format!("未满足的规则 [{}]：{}", v.code, v.message_zh)
        } else {
            format!("rule not met [{}]: {}", v.code, v.message)
        });
    }
    for (en, zh_text) in s.side_effects() {
        out.line(if zh {
            format!("需要关注：{zh_text}")
        } else {
            format!("to note: {en}")
        });
    }
    out.text(&done.check_text_in(super::lang()));
    Exit::of_outcome(whatif::Outcome::of_verdict(done.verdict()))
}

fn batch(dir: &Path, cfg: &PlanConfig, out: &mut Printer) -> Exit {
    let load = LoadOptions {
        locks: cfg.locks.clone(),
        overrides: Vec::new(),
    };
    let bar = Bar::new("plan --batch");
    let result =
        whatif::batch::run_with_progress(dir, &cfg.out, &cfg.run, &load, &|p| bar.report(p));
    drop(bar);
    let (rows, worst) = match result {
        Ok(r) => r,
        Err(e) => return fail(&e, Exit::of_kind(e.kind())),
    };
    for r in &rows {
        let mix = if r.budget_mix.is_empty() {
            String::new()
        } else {
            format!(", budget {}", r.budget_mix)
        };
        out.line(format!(
            "{:<24} {:<13} rotated {:>4}, hires {:>4}{mix}, weighted gap {:.1} → {:.1} {}{}",
            r.name,
            outcome_text(r.outcome),
            r.rotated,
            r.hires,
            r.weighted_gap_before,
            r.weighted_gap_after,
            r.violations,
            if r.message.is_empty() {
                String::new()
            } else {
                format!(" {}", r.message)
            }
        ));
    }
    out.line(format!(
        "{} scenario(s) planned into {}; summary in batch-summary.csv and batch-summary.json.",
        rows.len(),
        cfg.out.display()
    ));
    Exit::of_outcome(worst)
}

fn horizon(scenario: &Path, years: u32, cfg: &PlanConfig, out: &mut Printer) -> Exit {
    use rotaplan::advance::horizon::project;
    use rotaplan::generate::Flavor;
    let loaded = match load(scenario, &[]) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let flavor = if super::advance::chinese_files(&loaded.scenario) {
        Flavor::Chinese
    } else {
        Flavor::English
    };
    let projection = match project(&loaded, years, &cfg.out, &cfg.run, flavor) {
        Ok(p) => p,
        // an output folder that cannot take the projection is the user's to change
        Err(e @ rotaplan::advance::horizon::HorizonError::Files { .. }) => {
            return fail(&e, Exit::BadInput)
        }
        Err(e) => return fail(&e, Exit::Failure),
    };
    let rows = &projection.years;
    let mut worst = Exit::Success;
    for r in rows {
        let cv: Vec<String> = (r.cv_after.iter())
            .filter_map(|(s, i, cv, limit)| {
                cv.filter(|v| v > limit)
                    .map(|v| format!("{s} {} {v:.3} > {limit}", i.to_uppercase()))
            })
            .collect();
        out.line(format!(
            "{}: rotated {} of {} eligible ({:.1}%), must-serve {}/{}{}, hires {}, gap {:.1} → {:.1} FTE{}{}{}",
            r.year,
            r.rotated,
            r.eligible,
            100.0 * r.rotation_share,
            r.must_serve_placed,
            r.must_serve,
            if r.brought_forward > 0 {
                format!(
                    " ({} brought forward · 提前 {} 人)",
                    r.brought_forward, r.brought_forward
                )
            } else {
                String::new()
            },
            r.hires,
            r.gap_before,
            r.gap_after,
            if cv.is_empty() {
                String::new()
            } else {
                format!("; CV over its limit · 差异系数超限: {}", cv.join(", "))
            },
            if r.check_ok { "" } else { "; check failed · 复核未通过" },
            if r.violations.is_empty() {
                String::new()
            } else {
                format!("; rules not met · 未满足: {}", r.violations.join("; "))
            }
        ));
        if !r.check_ok || !r.violations.is_empty() {
            worst = Exit::RuleNotMet;
        }
    }
    out.line(format!(
        "must-serve deadlines · 必须交流期限: {} (deadlines.csv)",
        rotaplan::advance::deadlines::tally(&projection.deadlines)
    ));
    if projection.round_limit {
        out.line(format!(
            "warning: stopped after {} rounds with must-serve teachers still to bring forward; deadlines.csv shows them as they stand · 提前安排已达轮次上限，部分必须交流教师未能提前",
            projection.rounds
        ));
        worst = Exit::RuleNotMet;
    }
    if let (Some(plain), Some(first)) = (&projection.plain_first_year, rows.first()) {
        out.line(format!(
            "price of the later years in {} · 为后续年份付出的代价: weighted gap after {:.1} instead of {:.1}, rotated {} instead of {} (the plain one-year plan)",
            first.year,
            first.weighted_gap_after,
            plain.weighted_gap_after,
            first.rotated,
            plain.rotated
        ));
    }
    out.line(format!(
        "{} years planned into {} (one folder per year, the scenarios carried forward in scenario-<year>/); horizon.csv, horizon.json, horizon.svg, horizon.html, deadlines.csv · 已规划 {} 年",
        rows.len(),
        cfg.out.display(),
        rows.len()
    ));
    worst
}
