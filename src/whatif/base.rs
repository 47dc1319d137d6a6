//! `plan VARIANT --base DIR`: a what-if that keeps the base plan's decisions wherever they stay
//! optimal (docs/scenario.md, "What-if against a base plan"). The base plan's moves and hires
//! are read with the checker's reader, as `render` reads an edited plan, and handed to the
//! planner as a tie-break after the last goal (`Goal::Stability`): the variant's goals are
//! solved exactly as without a base, and among their optimal plans the one that keeps the most
//! base decisions is chosen. So `compare BASE VARIANT` lists only the changes the variant
//! forces.

use crate::check::{read_checked, PlanFolderError};
use crate::problem::Problem;
use crate::scenario::{BaseMove, BasePlan, KeptHires};
use std::path::Path;

/// The decisions of the plan folder `dir` (plan.csv/hires.csv, or an edited plan.xlsx), read
/// for `loaded`'s county. Rows the checker cannot read are left out (a base plan is a
/// preference, not a rule); a folder that cannot be read as a plan is an error.
pub fn read_base(loaded: &Problem, dir: &Path) -> Result<BasePlan, PlanFolderError> {
    let (_, record) = read_checked(loaded, dir)?;
    Ok(BasePlan {
        moves: (record.moves.into_iter())
            .map(|m| BaseMove {
                teacher_id: m.teacher_id,
                school_id: m.to_school_id,
                subject: m.subject,
                exchange: m.exchange,
            })
            .collect(),
        hires: (record.hires.into_iter())
            .map(|h| KeptHires {
                school_id: h.school_id,
                subject: h.subject,
                programme: h.programme,
                count: h.count,
            })
            .collect(),
    })
}
