//! Teachers' applications (个人自愿申请): a volunteer flag, ranked wishes and the family
//! circumstances points of one teacher (docs/wishes.md).

use super::Area;
use serde::{Deserialize, Serialize};

/// One place a teacher wishes to go: a school, every school of a township, or every school of
/// an area.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "name")]
pub enum Wish {
    /// A school, by id.
    School(String),
    /// Every school whose `township` is this name.
    Township(String),
    /// Every school of the area; `Rural` includes the teaching points.
    Area(Area),
}

impl Wish {
    /// Whether a school (its id, township and area) lies in the wish.
    pub fn covers(&self, school_id: &str, township: Option<&str>, area: Area) -> bool {
        match self {
            Wish::School(id) => id == school_id,
            Wish::Township(name) => township == Some(name.as_str()),
            Wish::Area(Area::Rural) => matches!(area, Area::Rural | Area::TeachingPoint),
            Wish::Area(a) => *a == area,
        }
    }

    /// The wish as the applications file may write it back (school id, township name, area key).
    pub fn text(&self) -> String {
        match self {
            Wish::School(id) => id.clone(),
            Wish::Township(name) => name.clone(),
            Wish::Area(a) => a.key().to_string(),
        }
    }
}

/// One row of the applications file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub teacher_id: String,
    /// Applied to rotate (自愿): prefers to go. A teacher who is not a volunteer names where
    /// they would rather go if sent.
    pub volunteer: bool,
    /// Ranked wishes, first wish first.
    pub wishes: Vec<Wish>,
    /// Family circumstances points (家庭情况加分), in hundredths of a point.
    pub family_points: u32,
    /// Physical line of the row in its file (0 for an application made in code).
    pub source_line: usize,
}
