//! Plans run as background jobs, one at a time per scenario: a page starts one and polls it;
//! a second request while it runs gets the same job, so two tabs never plan one scenario twice.

use super::store::Store;
use crate::output::Lang;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum JobState {
    Running {
        seconds: f64,
    },
    /// The plan is written: its one-line summary, and whether every rule is met.
    Done {
        summary: String,
        ok: bool,
    },
    /// The scenario could not be planned: why (the input's errors, or the solver's).
    Failed {
        message: String,
    },
}

struct Job {
    scenario: String,
    started: Instant,
    state: JobState,
}

#[derive(Clone, Default)]
pub struct Jobs {
    inner: Arc<Mutex<BTreeMap<u64, Job>>>,
}

impl Jobs {
    /// Starts planning `scenario` (or gives the job already running for it). With `replan`, the
    /// plan is re-planned from the plan folder it has, changing as little as it can
    /// (`plan --from`).
    pub fn start(&self, store: &Store, scenario: &str, lang: Lang, replan: bool) -> u64 {
        self.start_with(store, scenario, lang, replan, None)
    }

    /// [`Jobs::start`], a what-if planned against the plan of `base` (`plan --base`), so that
    /// it changes only what it must.
    pub fn start_with(
        &self,
        store: &Store,
        scenario: &str,
        lang: Lang,
        replan: bool,
        base: Option<String>,
    ) -> u64 {
        let mut jobs = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((&id, _)) = (jobs.iter())
            .find(|(_, j)| j.scenario == scenario && matches!(j.state, JobState::Running { .. }))
        {
            return id;
        }
        let id = jobs.keys().next_back().map_or(1, |k| k + 1);
        jobs.insert(
            id,
            Job {
                scenario: scenario.to_string(),
                started: Instant::now(),
                state: JobState::Running { seconds: 0.0 },
            },
        );
        drop(jobs);
        let (inner, store, scenario) = (self.inner.clone(), store.clone(), scenario.to_string());
        std::thread::spawn(move || {
            let lock = store.lock(&scenario);
            let held = lock.lock().unwrap_or_else(|e| e.into_inner());
            let state = run(&store, &scenario, lang, replan, base.as_deref());
            drop(held);
            let mut jobs = inner.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(j) = jobs.get_mut(&id) {
                j.state = state;
            }
        });
        id
    }

    /// Whether a plan of `scenario` is running.
    pub fn running(&self, scenario: &str) -> bool {
        let jobs = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        (jobs.values())
            .any(|j| j.scenario == scenario && matches!(j.state, JobState::Running { .. }))
    }

    pub fn state(&self, id: u64) -> Option<JobState> {
        let jobs = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        jobs.get(&id).map(|j| match &j.state {
            JobState::Running { .. } => JobState::Running {
                seconds: j.started.elapsed().as_secs_f64(),
            },
            s => s.clone(),
        })
    }
}

/// Plans the scenario into its plan folder, checked, as `rotaplan plan --check` does; with the
/// scenario folder's locks.csv (the edits pinned in the workbench) as `--locks`, and with
/// `replan` from the plan it has (`--from`).
fn run(store: &Store, scenario: &str, lang: Lang, replan: bool, base: Option<&str>) -> JobState {
    let (Ok(file), Ok(out)) = (store.scenario_file(scenario), store.plan_dir(scenario)) else {
        return JobState::Failed {
            message: "bad scenario name · 情景名称不可用".into(),
        };
    };
    let locks = file.with_file_name("locks.csv");
    let load = crate::input::LoadOptions {
        locks: if locks.is_file() { vec![locks] } else { vec![] },
        overrides: Vec::new(),
    };
    let mut loaded = match crate::input::load_with(&file, &load) {
        Ok(l) => l,
        Err(diags) => {
            let errors = diags.iter().filter(|d| d.is_error()).count();
            return JobState::Failed {
                message: format!(
                    "{errors} error(s) in the data: see the Data page · 数据有 {errors} 处错误，请在“数据”页查看"
                ),
            };
        }
    };
    let opts = crate::pipeline::RunOptions {
        lang,
        check: true,
        record_run_info: true,
        ..Default::default()
    };
    if let Some(dir) = base
        .and_then(|b| store.plan_dir(b).ok())
        .filter(|d| d.is_dir())
    {
        match crate::whatif::base::read_base(&loaded, &dir) {
            Ok(b) => loaded.commitments.base = Some(b),
            Err(e) => {
                return JobState::Failed {
                    message: e.to_string(),
                }
            }
        }
    }
    let planned = if replan && out.join("plan.csv").is_file() {
        crate::whatif::replan::replan(&loaded, &out, &out, &opts).map(|r| r.done)
    } else {
        crate::pipeline::plan_to_dir(&loaded, &out, &opts, |_| Vec::new())
    };
    match planned {
        Ok(done) => {
            let s = &done.summary;
            let ok = done.check_ok() && s.violations.is_empty();
            JobState::Done {
                summary: format!(
                    "交流 {} / {} 人（{:.1}%），必须交流者安排 {}/{}，新教师 {} 人，缺编 {:.1} → {:.1} FTE · rotated {} of {}, gap {:.1} → {:.1}",
                    s.rotated,
                    s.eligible,
                    100.0 * s.rotation_share,
                    s.must_serve_placed,
                    s.must_serve,
                    s.hires,
                    s.gap_before,
                    s.gap_after,
                    s.rotated,
                    s.eligible,
                    s.gap_before,
                    s.gap_after
                ),
                ok,
            }
        }
        Err(e) => JobState::Failed {
            message: e.to_string(),
        },
    }
}
