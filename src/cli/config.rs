//! The run configuration of `rotaplan plan`, built once from the flags. Flags that contradict
//! each other are refused here (exit 2) instead of one of them being silently ignored; values
//! no run can use (`--time-limit 0`, negative, NaN, inf) are refused too.

use rotaplan::pipeline::{RunOptions, SettingError};
use std::path::PathBuf;

/// What `plan` is asked to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    /// One scenario (with `--locks` when given).
    Single { scenario: PathBuf },
    /// One scenario re-planned from a previous plan folder (`--from`).
    Replan { scenario: PathBuf, from: PathBuf },
    /// Every scenario of a folder (`--batch`), each into its own folder under `--out`.
    Batch { dir: PathBuf },
    /// `--years N`: a rolling projection over N years from one scenario.
    Years { scenario: PathBuf, years: u32 },
}

#[derive(Debug, Clone)]
pub struct PlanConfig {
    pub mode: Mode,
    pub out: PathBuf,
    pub locks: Vec<PathBuf>,
    /// A base plan folder whose decisions the plan keeps where they stay optimal (`--base`).
    pub base: Option<PathBuf>,
    pub run: RunOptions,
}

/// Flags that cannot go together.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "--batch plans every scenario of a folder: give either --batch DIR or a scenario file, \
         not both · --batch 与情景文件不能同时给出"
    )]
    BatchWithScenario,
    #[error(
        "--from re-plans one scenario from one previous plan: it cannot be used with --batch \
         · --from 不能与 --batch 同时使用"
    )]
    BatchWithFrom,
    #[error(
        "--export-model writes the model of one plan: it cannot be used with --batch (many \
         plans); export one scenario's model with `rotaplan plan SCENARIO --export-model FILE` \
         · --export-model 不能与 --batch 同时使用"
    )]
    BatchWithExportModel,
    #[error("give a scenario file, or --batch DIR · 请给出情景文件或 --batch 文件夹")]
    NoScenario,
    #[error(
        "--years plans one scenario year after year: it cannot be used with --batch, --from, \
         --locks or --export-model · --years 不能与 --batch、--from、--locks、--export-model 同时使用"
    )]
    YearsWithOthers,
    #[error(
        "--base keeps a base plan's decisions in one scenario's plan: it cannot be used with \
         --batch, --from or --years · --base 不能与 --batch、--from、--years 同时使用"
    )]
    BaseWithOthers,
    #[error("--years {0}: give 1 to 10 years · 年数应为 1 至 10")]
    YearsOutOfRange(u32),
    #[error(transparent)]
    Setting(#[from] SettingError),
}

/// The flags of `plan`, as parsed.
pub struct PlanFlags {
    pub scenario: Option<PathBuf>,
    pub batch: Option<PathBuf>,
    pub locks: Vec<PathBuf>,
    pub from: Option<PathBuf>,
    pub base: Option<PathBuf>,
    pub out: PathBuf,
    pub time_limit: Option<f64>,
    pub export_model: Option<PathBuf>,
    pub check: bool,
    pub reproducible: bool,
    pub lang: rotaplan::output::Lang,
    pub anonymize: bool,
    pub years: Option<u32>,
}

impl PlanConfig {
    /// Validates the flags; `anon_key` is `$ROTAPLAN_ANON_KEY` as the command line read it.
    pub fn new(f: PlanFlags, anon_key: Option<String>) -> Result<PlanConfig, ConfigError> {
        let mode = match (f.scenario, f.batch, f.from) {
            (Some(_), Some(_), _) => return Err(ConfigError::BatchWithScenario),
            (None, Some(_), Some(_)) => return Err(ConfigError::BatchWithFrom),
            (None, Some(dir), None) => Mode::Batch { dir },
            (Some(scenario), None, Some(from)) => Mode::Replan { scenario, from },
            (Some(scenario), None, None) => Mode::Single { scenario },
            (None, None, _) => return Err(ConfigError::NoScenario),
        };
        if matches!(mode, Mode::Batch { .. }) && f.export_model.is_some() {
            return Err(ConfigError::BatchWithExportModel);
        }
        let mode = match (mode, f.years) {
            (mode, None) => mode,
            (_, Some(n)) if !(1..=10).contains(&n) => return Err(ConfigError::YearsOutOfRange(n)),
            (Mode::Single { scenario }, Some(years))
                if f.locks.is_empty() && f.export_model.is_none() =>
            {
                Mode::Years { scenario, years }
            }
            (_, Some(_)) => return Err(ConfigError::YearsWithOthers),
        };
        if f.base.is_some() && !matches!(mode, Mode::Single { .. }) {
            return Err(ConfigError::BaseWithOthers);
        }
        // What-if runs record whatif.json for `compare`; a plain plan only for a budget.
        let record_run_info =
            !matches!(mode, Mode::Single { .. }) || !f.locks.is_empty() || f.base.is_some();
        let run = RunOptions {
            time_limit: f.time_limit,
            reproducible: f.reproducible,
            lang: f.lang,
            anonymize: f.anonymize,
            anon_key,
            export_model: f.export_model,
            check: f.check,
            record_run_info,
        };
        run.validate()?;
        Ok(PlanConfig {
            mode,
            out: f.out,
            locks: f.locks,
            base: f.base,
            run,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags() -> PlanFlags {
        PlanFlags {
            scenario: Some("s.toml".into()),
            batch: None,
            locks: vec![],
            from: None,
            base: None,
            out: "out".into(),
            time_limit: None,
            export_model: None,
            check: false,
            reproducible: false,
            lang: Default::default(),
            anonymize: false,
            years: None,
        }
    }

    #[test]
    fn time_limit_zero_negative_nan_and_inf_are_refused() {
        for t in [0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let f = PlanFlags {
                time_limit: Some(t),
                ..flags()
            };
            assert!(
                matches!(PlanConfig::new(f, None), Err(ConfigError::Setting(_))),
                "{t}"
            );
        }
        let f = PlanFlags {
            time_limit: Some(0.5),
            ..flags()
        };
        assert_eq!(PlanConfig::new(f, None).unwrap().run.time_limit, Some(0.5));
    }

    #[test]
    fn export_model_goes_through_the_pipeline_with_locks_and_from() {
        let f = PlanFlags {
            locks: vec!["locks.csv".into()],
            from: Some("prev".into()),
            export_model: Some("m.lp".into()),
            ..flags()
        };
        let c = PlanConfig::new(f, None).unwrap();
        assert!(matches!(c.mode, Mode::Replan { .. }));
        assert_eq!(c.run.export_model, Some("m.lp".into()));
        assert!(c.run.record_run_info);
    }

    #[test]
    fn contradictory_batch_flags_are_refused() {
        let batch = |f: PlanFlags| PlanFlags {
            batch: Some("dir".into()),
            ..f
        };
        let refused = |f: PlanFlags| PlanConfig::new(f, None).unwrap_err();
        assert_eq!(refused(batch(flags())), ConfigError::BatchWithScenario);
        let no_scenario = || PlanFlags {
            scenario: None,
            ..flags()
        };
        let from = PlanFlags {
            from: Some("prev".into()),
            ..batch(no_scenario())
        };
        assert_eq!(refused(from), ConfigError::BatchWithFrom);
        let export = PlanFlags {
            export_model: Some("m.lp".into()),
            ..batch(no_scenario())
        };
        assert_eq!(refused(export), ConfigError::BatchWithExportModel);
        assert_eq!(refused(no_scenario()), ConfigError::NoScenario);
    }

    #[test]
    fn base_goes_with_one_scenario_only() {
        let base = |f: PlanFlags| PlanFlags {
            base: Some("out/demo".into()),
            ..f
        };
        let c = PlanConfig::new(base(flags()), None).unwrap();
        assert!(matches!(c.mode, Mode::Single { .. }));
        assert!(c.run.record_run_info, "compare reads whatif.json");
        for f in [
            PlanFlags {
                from: Some("prev".into()),
                ..flags()
            },
            PlanFlags {
                years: Some(3),
                ..flags()
            },
            PlanFlags {
                scenario: None,
                batch: Some("dir".into()),
                ..flags()
            },
        ] {
            assert_eq!(
                PlanConfig::new(base(f), None).unwrap_err(),
                ConfigError::BaseWithOthers
            );
        }
    }
}
