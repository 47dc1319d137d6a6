//! The errors of planning: what can stop `plan::plan`, the model's solve and the exact
//! per-teacher reference model. Each message is given in English and then in Chinese.

use std::path::PathBuf;

/// Where in the model a number HiGHS refused sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelPart {
    /// A coefficient of the constraint matrix.
    Coefficient,
    /// A cost (objective coefficient).
    Cost,
    /// A bound of a column or a row.
    Bound,
}

impl ModelPart {
    fn en(self) -> &'static str {
        match self {
            ModelPart::Coefficient => "a coefficient",
            ModelPart::Cost => "a cost",
            ModelPart::Bound => "a bound",
        }
    }

    fn zh(self) -> &'static str {
        match self {
            ModelPart::Coefficient => "系数",
            ModelPart::Cost => "目标系数",
            ModelPart::Bound => "上下界",
        }
    }
}

/// Why a plan could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// `solver.goals` is empty.
    #[error("no goals configured in solver.goals (solver.goals 未配置任何目标)")]
    NoGoals,
    /// A number of the model is beyond what HiGHS accepts (|value| of 1e15 or more, or not a
    /// finite number where one is needed): the scenario's loads, weights or counts are far out
    /// of the usual range.
    #[error(
        "the model has {} out of the range the solver accepts ({value:e}); check the scenario's \
         loads, weights and counts for implausible values \
         (模型中的{}超出求解器可接受的范围（{value:e}）；请检查情景中的课时、权重与人数是否合理)",
        part.en(),
        part.zh()
    )]
    OutOfRange { part: ModelPart, value: f64 },
    /// HiGHS rejected the model although every number is in range.
    #[error("HiGHS rejected the {stage} stage's model (HiGHS 拒绝了 {stage} 阶段的模型)")]
    Rejected { stage: &'static str },
    /// HiGHS failed while solving.
    #[error(
        "HiGHS failed while solving the {stage} stage: {status} (HiGHS 求解 {stage} 阶段时出错：{status})"
    )]
    Solver { stage: &'static str, status: String },
    /// HiGHS ended a stage with a status that gives no plan.
    #[error(
        "HiGHS ended the {stage} stage with status {status} (HiGHS 以状态 {status} 结束了 {stage} 阶段)"
    )]
    Status { stage: &'static str, status: String },
    /// HiGHS refused a change to a model it holds: only a fault of the planner (an index out of
    /// range) causes it.
    #[error("HiGHS refused to {what} (an internal fault) (HiGHS 拒绝修改模型：内部错误)")]
    Refused { what: &'static str },
    /// The export path cannot be passed to HiGHS.
    #[error(
        "model path {} contains a NUL byte (模型文件路径 {} 含有 NUL 字符)",
        path.display(),
        path.display()
    )]
    ExportPath { path: PathBuf },
    /// HiGHS could not write the model file.
    #[error(
        "HiGHS could not write the model to {} (HiGHS 无法将模型写入 {})",
        path.display(),
        path.display()
    )]
    ExportWrite { path: PathBuf },
    /// The exact per-teacher reference model failed (used by tests and benchmarks).
    #[error("reference model: {detail} (参照模型出错)")]
    Reference { detail: String },
}

impl PlanError {
    /// A reference-model error with its detail.
    pub(crate) fn reference(detail: impl Into<String>) -> Self {
        PlanError::Reference {
            detail: detail.into(),
        }
    }
}
