//! What may be asked of the generator. Outside these bounds a request is refused before anything
//! is generated or written: a plan year the calendar code cannot hold, a county that would not
//! fit in memory, a province that would write folders until the disk is full, or more schools
//! than teachers (which the summary could not describe truthfully). See docs/generator.md.

use super::GenerateParams;
use std::ops::RangeInclusive;

/// Calendar years in which the planned school year may start: the scenario accepts 2000–2100,
/// and generated teachers aim at a senior title up to five years after the plan year, a year
/// the roster accepts up to 2100.
pub const PLAN_YEARS: RangeInclusive<i32> = 2000..=2095;
/// Teachers per county.
pub const TEACHERS: RangeInclusive<u32> = 1..=200_000;
/// Schools and teaching points per county (and never more than teachers).
pub const SCHOOLS: RangeInclusive<u32> = 1..=5_000;
/// Counties in one province.
pub const COUNTIES: RangeInclusive<u32> = 1..=1_000;
/// Teaching points as a percentage of the schools, when asked for (default: a quarter).
pub const TEACHING_POINT_PERCENT: RangeInclusive<u32> = 0..=90;

/// Why a generation request was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParamError {
    /// A figure outside its bounds.
    #[error(
        "{what} {value} is outside {min}–{max}; choose a value in that range / {zh} {value} \
         超出范围 {min}–{max}，请在此范围内取值"
    )]
    OutOfRange {
        /// The option, as the command line names it (`--teachers`).
        what: &'static str,
        zh: &'static str,
        value: i64,
        min: i64,
        max: i64,
    },
    /// More schools than teachers: some school would have no teacher.
    #[error(
        "--schools {schools} is more than --teachers {teachers}: every school needs a teacher; \
         ask for at most {teachers} schools / 学校数 {schools} 多于教师数 {teachers}，\
         每所学校至少需要一名教师，请把学校数设为不超过 {teachers}"
    )]
    MoreSchoolsThanTeachers { schools: u32, teachers: u32 },
}

fn within<T: Copy + PartialOrd + Into<i64>>(
    what: &'static str,
    zh: &'static str,
    value: T,
    range: &RangeInclusive<T>,
) -> Result<(), ParamError> {
    if range.contains(&value) {
        Ok(())
    } else {
        Err(ParamError::OutOfRange {
            what,
            zh,
            value: value.into(),
            min: (*range.start()).into(),
            max: (*range.end()).into(),
        })
    }
}

impl GenerateParams {
    /// Checks the request against the documented bounds ([`PLAN_YEARS`], [`TEACHERS`],
    /// [`SCHOOLS`], schools ≤ teachers).
    pub fn validate(&self) -> Result<(), ParamError> {
        within("--plan-year", "计划年份", self.plan_year, &PLAN_YEARS)?;
        within("--teachers", "教师数", self.teachers, &TEACHERS)?;
        within("--schools", "学校数", self.schools, &SCHOOLS)?;
        if let Some(p) = self.teaching_point_percent {
            within(
                "--teaching-points",
                "教学点占比",
                p,
                &TEACHING_POINT_PERCENT,
            )?;
        }
        if self.schools > self.teachers {
            return Err(ParamError::MoreSchoolsThanTeachers {
                schools: self.schools,
                teachers: self.teachers,
            });
        }
        Ok(())
    }

    /// The request moved into the bounds: what [`super::generate`] builds when handed an
    /// unchecked request, so that it never panics or exhausts memory.
    pub(super) fn clamped(&self) -> GenerateParams {
        let schools = self.schools.clamp(*SCHOOLS.start(), *SCHOOLS.end());
        GenerateParams {
            plan_year: self.plan_year.clamp(*PLAN_YEARS.start(), *PLAN_YEARS.end()),
            teachers: self.teachers.clamp(schools, *TEACHERS.end()),
            schools,
            teaching_point_percent: (self.teaching_point_percent)
                .map(|p| p.min(*TEACHING_POINT_PERCENT.end())),
            ..self.clone()
        }
    }
}

/// Checks a number of counties against [`COUNTIES`].
pub fn validate_counties(counties: u32) -> Result<(), ParamError> {
    within("--counties", "县数", counties, &COUNTIES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_inclusive() {
        let ok = GenerateParams::new(200_000, 5_000, 1);
        assert_eq!(ok.validate(), Ok(()));
        let year = |y| GenerateParams {
            plan_year: y,
            ..GenerateParams::new(10, 1, 1)
        };
        assert!(year(2000).validate().is_ok() && year(2095).validate().is_ok());
        assert!(year(1999).validate().is_err() && year(2096).validate().is_err());
        assert!(validate_counties(1_000).is_ok() && validate_counties(1_001).is_err());
        assert!(validate_counties(0).is_err());
        let points = |p| GenerateParams {
            teaching_point_percent: Some(p),
            ..GenerateParams::new(400, 60, 1)
        };
        assert!(points(0).validate().is_ok() && points(90).validate().is_ok());
        assert!(points(91).validate().is_err());
    }

    #[test]
    fn clamped_requests_are_valid() {
        let wild = GenerateParams {
            plan_year: i32::MAX,
            ..GenerateParams::new(u32::MAX, 0, 1)
        };
        assert_eq!(wild.clamped().validate(), Ok(()));
        let few = GenerateParams::new(10, 600, 1).clamped();
        assert_eq!((few.teachers, few.schools), (600, 600));
    }
}
