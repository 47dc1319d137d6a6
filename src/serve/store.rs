//! The workbench folder (docs/workbench.md): every scenario and plan lives on disk in the same
//! formats as the command line's, so a clerk can open them with `rotaplan` too.
//!
//! ```text
//! WORKBENCH/scenarios/NAME/   scenario.toml and its data files (uploaded or copied in)
//! WORKBENCH/plans/NAME/       the plan folder of scenario NAME (`rotaplan plan … --out`)
//! ```
//!
//! Files are written atomically (`output::atomic::write_file`: a temporary file beside, synced,
//! renamed over), so a reader in another tab sees the old file or the new one, never half of one.

use super::guard::{self, Refused};
use crate::output::atomic::write_file as write_atomic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The data files a scenario made in the workbench may have, by kind: (kind, Chinese label,
/// required).
pub const DATA_KINDS: [(&str, &str, bool); 5] = [
    ("schools", "学校名单", true),
    ("teachers", "教师名册", true),
    ("hires", "招聘计划", false),
    ("needs", "学科需求（可选）", false),
    ("pairs", "结对学校（可选）", false),
];

/// The first line of a scenario.toml the workbench wrote (and may rewrite).
const MARK: &str = "# written by rotaplan serve (工作台生成); edit freely: once edited by hand it is left as it is";

#[derive(Debug, Clone)]
pub struct Store {
    pub root: PathBuf,
    /// One lock per scenario: its changes (uploads, edits, undo, pin, documents, what-ifs) and
    /// its plan jobs take it, so that two tabs or two users never interleave in one folder.
    locks: Arc<Mutex<BTreeMap<String, Arc<Mutex<()>>>>>,
}

impl Store {
    /// Opens (creating) the workbench folder.
    pub fn open(root: &Path) -> std::io::Result<Store> {
        std::fs::create_dir_all(root.join("scenarios"))?;
        std::fs::create_dir_all(root.join("plans"))?;
        Ok(Store {
            root: root.to_path_buf(),
            locks: Arc::default(),
        })
    }

    /// The lock of scenario `name` (held while its folders change).
    pub fn lock(&self, name: &str) -> Arc<Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|e| e.into_inner());
        locks.entry(name.to_string()).or_default().clone()
    }

    /// The scenarios, by name.
    pub fn scenarios(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.root.join("scenarios"))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().join("scenario.toml").is_file())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| guard::scenario_name(n).is_ok())
            .collect();
        names.sort();
        names
    }

    pub fn scenario_dir(&self, name: &str) -> Result<PathBuf, Refused> {
        guard::inside(&self.root, &["scenarios", guard::scenario_name(name)?])
    }

    pub fn scenario_file(&self, name: &str) -> Result<PathBuf, Refused> {
        Ok(self.scenario_dir(name)?.join("scenario.toml"))
    }

    pub fn plan_dir(&self, name: &str) -> Result<PathBuf, Refused> {
        guard::inside(&self.root, &["plans", guard::scenario_name(name)?])
    }

    /// Creates scenario `name` (if new) with a scenario.toml for its data files.
    pub fn create(&self, name: &str, plan_year: i32) -> Result<(), StoreError> {
        let dir = self.scenario_dir(name)?;
        std::fs::create_dir_all(&dir)?;
        if !dir.join("scenario.toml").exists() {
            write_atomic(
                &dir.join("scenario.toml"),
                template(name, plan_year, &dir).as_bytes(),
            )?;
        }
        Ok(())
    }

    /// Saves an uploaded data file of `kind` (schools, teachers, …) as KIND.csv or KIND.xlsx and
    /// names it in a workbench-written scenario.toml.
    pub fn put_data(
        &self,
        name: &str,
        kind: &str,
        xlsx: bool,
        bytes: &[u8],
    ) -> Result<String, StoreError> {
        let dir = self.scenario_dir(name)?;
        if !DATA_KINDS.iter().any(|k| k.0 == kind) {
            return Err(Refused::BadName(kind.to_string()).into());
        }
        let file = format!("{kind}.{}", if xlsx { "xlsx" } else { "csv" });
        // the other format of the same kind goes, so that the scenario names one file
        let other = format!("{kind}.{}", if xlsx { "csv" } else { "xlsx" });
        let _ = std::fs::remove_file(dir.join(&other));
        write_atomic(&dir.join(&file), bytes)?;
        self.refresh_template(name)?;
        Ok(file)
    }

    /// Saves any scenario file by its own name (a locks file, a variant) after checking it.
    pub fn put_file(&self, name: &str, file: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let path = guard::inside(&self.scenario_dir(name)?, &[guard::file_name(file)?])?;
        write_atomic(&path, bytes)?;
        Ok(())
    }

    /// Rewrites a workbench-written scenario.toml for the data files now present.
    fn refresh_template(&self, name: &str) -> Result<(), StoreError> {
        let path = self.scenario_file(name)?;
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Ok(());
        };
        if !text.starts_with(MARK) {
            return Ok(()); // the office's own scenario: left as it is
        }
        let year = (text.lines())
            .find_map(|l| l.strip_prefix("plan_year = "))
            .and_then(|y| y.trim().parse().ok())
            .unwrap_or(2026);
        let dir = self.scenario_dir(name)?;
        write_atomic(&path, template(name, year, &dir).as_bytes())?;
        Ok(())
    }

    /// Makes a what-if variant of scenario `base` (docs/workbench.md, "What-if"): a scenario
    /// folder `BASE-whatif-K` whose scenario.toml extends the base's and changes one thing.
    /// Returns the variant's name.
    pub fn create_variant(&self, base: &str, question: &WhatIf) -> Result<String, StoreError> {
        let base_dir = self.scenario_dir(base)?;
        if !base_dir.join("scenario.toml").is_file() {
            return Err(Refused::NotFound.into());
        }
        let name = (1..1000)
            .map(|k| format!("{base}-whatif-{k}"))
            .find(|n| self.scenario_dir(n).is_ok_and(|d| !d.exists()))
            .ok_or(Refused::NotFound)?;
        let dir = self.scenario_dir(&name)?;
        std::fs::create_dir_all(&dir)?;
        let (title, keys) = question.toml();
        let text = format!(
            "# what-if of {base}, made in the workbench (工作台生成的假设情景)\n\
             extends = \"../{base}/scenario.toml\"\n\
             name = \"{base} — {title}\"\n\n{keys}"
        );
        write_atomic(&dir.join("scenario.toml"), text.as_bytes())?;
        Ok(name)
    }

    /// The publicity list and letters of `name`'s plan (`rotaplan publish`), written into
    /// `WORKBENCH/published/NAME/` in place of the last ones. Returns the file names.
    pub fn publish(
        &self,
        name: &str,
        unit: Option<String>,
        browser: Option<&Path>,
    ) -> Result<Vec<String>, StoreError> {
        let file = self.scenario_file(name)?;
        let plan = self.plan_dir(name)?;
        let dir = self.published_dir(name)?;
        let loaded = crate::input::load(&file).map_err(|d| {
            StoreError::Publish(format!("{} error(s) in the data · 数据有误", d.len()))
        })?;
        let opts = crate::output::publish::PublishOptions {
            unit,
            from: None,
            days: 5,
            contact: None,
            date: None,
        };
        let mut files = crate::output::publish::publish_folder(&loaded, &plan, &opts)
            .map_err(|e| StoreError::Publish(e.to_string()))?;
        if let Some(browser) = browser {
            let pdfs = crate::output::publish_pdf::pdfs(browser, &files, loaded.scenario.plan_year)
                .map_err(|e| StoreError::Publish(e.to_string()))?;
            files.extend(pdfs);
        }
        std::fs::create_dir_all(&dir)?;
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let _ = std::fs::remove_file(e.path());
        }
        for (n, bytes) in &files {
            let path = guard::inside(&dir, &[n])?;
            write_atomic(&path, bytes)?;
        }
        Ok(files.into_iter().map(|(n, _)| n).collect())
    }

    pub fn published_dir(&self, name: &str) -> Result<PathBuf, Refused> {
        guard::inside(&self.root, &["published", guard::scenario_name(name)?])
    }

    /// The published documents of `name`, by file name.
    pub fn published(&self, name: &str) -> Vec<String> {
        let Ok(dir) = self.published_dir(name) else {
            return Vec::new();
        };
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        names
    }

    /// A file of the plan folder of `name` to download: one of the files a plan writes.
    pub fn plan_file(&self, name: &str, file: &str) -> Result<PathBuf, Refused> {
        if !crate::output::atomic::PLAN_FILES.contains(&file) {
            return Err(Refused::NotFound);
        }
        guard::inside(&self.plan_dir(name)?, &[file])
    }
}

/// A what-if question the workbench asks with a form.
#[derive(Debug, Clone, PartialEq)]
pub enum WhatIf {
    /// A hiring budget of this many teachers, whose subjects the plan chooses.
    Budget(u32),
    /// The rotation share, in percent.
    RotationShare(f64),
    /// Schools that neither send nor receive this year.
    Exempt(Vec<String>),
    /// Teachers who withdraw this year.
    Withdraw(Vec<String>),
}

impl WhatIf {
    /// Reads a form: `kind` and `value` (a number, or ids separated by commas, spaces or 、).
    pub fn parse(kind: &str, value: &str) -> Option<WhatIf> {
        let ids = || -> Option<Vec<String>> {
            let ids: Vec<String> = value
                .split([',', '，', '、', ' ', ';', '；'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let safe = |s: &String| {
                s.len() <= 40
                    && s.chars()
                        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            };
            (!ids.is_empty() && ids.iter().all(safe)).then_some(ids)
        };
        match kind {
            "budget" => value
                .trim()
                .parse()
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .map(WhatIf::Budget),
            "share" => (value.trim().trim_end_matches('%').parse::<f64>().ok())
                .filter(|p| (0.0..=100.0).contains(p))
                .map(WhatIf::RotationShare),
            "exempt" => ids().map(WhatIf::Exempt),
            "withdraw" => ids().map(WhatIf::Withdraw),
            _ => None,
        }
    }

    /// (title, the scenario keys it sets).
    fn toml(&self) -> (String, String) {
        match self {
            WhatIf::Budget(n) => (format!("招聘预算 {n} 人 budget of {n} hires"), format!("[hires]\ntotal = {n}\n")),
            WhatIf::RotationShare(p) => (
                format!("交流比例 {p}% rotation share {p}%"),
                format!("[policy]\nrotation_share = {}\n", p / 100.0),
            ),
            WhatIf::Exempt(ids) => (
                format!("暂不派出也不接收 exempt {}", ids.join(", ")),
                ids.iter().map(|s| format!("[[patch]]\nop = \"exempt_school\"\nschool = \"{s}\"\n\n")).collect(),
            ),
            WhatIf::Withdraw(ids) => (
                format!("教师撤回 withdrawn {}", ids.join(", ")),
                ids.iter()
                    .map(|t| format!("[[patch]]\nop = \"defer_teacher\"\nteacher = \"{t}\"\nreason = \"其他\"\n\n"))
                    .collect(),
            ),
        }
    }
}

/// Why the workbench could not store something.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Refused(#[from] Refused),
    #[error("cannot write to the workbench folder · 无法写入工作台文件夹: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Write(#[from] crate::output::atomic::OutputError),
    /// The plan could not be published (its data, or its decisions break a rule).
    #[error("{0}")]
    Publish(String),
}

/// The scenario.toml of a scenario made in the workbench: its name, year and the data files
/// present in `dir`.
fn template(name: &str, plan_year: i32, dir: &Path) -> String {
    let mut data = String::new();
    for (kind, label, _) in DATA_KINDS {
        for ext in ["xlsx", "csv"] {
            if dir.join(format!("{kind}.{ext}")).is_file() {
                data.push_str(&format!("{kind} = \"{kind}.{ext}\"   # {label}\n"));
            }
        }
    }
    let name = name.replace(['"', '\\'], "");
    format!(
        "{MARK}\n\
         # rotaplan scenario (docs/scenario.md). 情景文件：名称、规划年度和数据文件。\n\n\
         name = \"{name}\"\n\
         plan_year = {plan_year}\n\n\
         [data]\n{data}"
    )
}
