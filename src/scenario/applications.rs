//! `[applications]`: how teachers' applications and wishes weigh in the plan, and the points
//! (积分) that order teachers who want the same post (docs/wishes.md).

use serde::{Deserialize, Serialize};

/// `[applications]`: the most wishes per teacher, the points formula and the weights of the
/// wishes goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApplicationRules {
    /// The most ranked wishes a teacher may name (at most 5).
    pub max_wishes: u32,
    /// Points per whole year in the current school at the term start (任教年限).
    pub points_per_year_in_school: f64,
    /// Points of a backbone teacher (骨干教师), county level or above.
    pub points_backbone: f64,
    /// Points per whole year of age at the term start.
    pub points_per_year_of_age: f64,
    /// Weight of a volunteer who stays, and of a teacher who did not volunteer and is sent.
    pub volunteer: f64,
    /// Weight of each rank below the first wish.
    pub rank: f64,
    /// Weight of a teacher with wishes sent where none of them lies.
    pub unwished: f64,
}

impl Default for ApplicationRules {
    fn default() -> Self {
        ApplicationRules {
            max_wishes: 3,
            points_per_year_in_school: 1.0,
            points_backbone: 5.0,
            points_per_year_of_age: 0.0,
            volunteer: 10.0,
            rank: 2.0,
            unwished: 6.0,
        }
    }
}
