//! The figures a generated county is calibrated on, computed with the domain's own rules, so a
//! user (and docs/generator.md) can see what a seed produced without opening the files.

use crate::domain::{Area, County, Stage};
use crate::rules::{teacher_status, Gaps};
use crate::scenario::Scenario;
use std::collections::BTreeMap;
use std::fmt;

/// Shortage subjects whose rural gap the calibration targets.
const MINOR: [&str; 5] = ["music", "pe", "art", "english", "it"];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    pub teachers: usize,
    /// Schools and teachers per area, in [`Area::ALL`] order.
    pub schools_by_area: [usize; 4],
    pub teachers_by_area: [usize; 4],
    pub students_by_area: [u64; 4],
    /// Teachers eligible to rotate this year, and those who must serve.
    pub eligible: usize,
    pub must_serve: usize,
    /// Teachers with a deferral reason in the roster (not counting near retirement).
    pub deferred: usize,
    pub near_retirement: usize,
    pub backbone: usize,
    pub with_extra_subject: usize,
    pub women_in_primary: f64,
    pub tegang: usize,
    pub publicly_funded: usize,
    pub hires: u32,
    pub pairs: usize,
    /// Σ over rural schools and teaching points of (need − staff) in music, PE, art, English, IT.
    pub rural_minor_shortfall: f64,
    /// Σ over town schools of (staff − need) in Chinese and mathematics.
    pub town_core_surplus: f64,
    /// Turnover beds at rural schools and teaching points.
    pub rural_beds: u32,
}

impl Summary {
    pub fn of(scenario: &Scenario, county: &County) -> Summary {
        let mut s = Summary {
            teachers: county.teachers.len(),
            ..Summary::default()
        };
        let idx = |a: Area| Area::ALL.iter().position(|x| *x == a).unwrap_or(0);
        let schools: BTreeMap<&str, _> =
            county.schools.iter().map(|x| (x.id.as_str(), x)).collect();
        for sc in &county.schools {
            s.schools_by_area[idx(sc.area)] += 1;
            s.students_by_area[idx(sc.area)] += u64::from(sc.students);
            if matches!(sc.area, Area::Rural | Area::TeachingPoint) {
                s.rural_beds += sc.housing_beds.unwrap_or(0);
            }
        }
        let (mut primary, mut primary_women) = (0usize, 0usize);
        for t in &county.teachers {
            let Some(school) = schools.get(t.school_id.as_str()) else {
                continue;
            };
            s.teachers_by_area[idx(school.area)] += 1;
            let st = teacher_status(t, school, scenario);
            s.eligible += usize::from(st.eligible);
            s.must_serve += usize::from(st.eligible && st.must_serve.is_some());
            s.deferred += usize::from(t.deferral.is_some());
            s.near_retirement += usize::from(t.deferral.is_none() && st.deferred.is_some());
            s.backbone += usize::from(t.backbone.is_backbone());
            s.with_extra_subject += usize::from(!t.extra_subjects.is_empty());
            s.tegang += usize::from(t.programme == crate::domain::Programme::Tegang);
            s.publicly_funded +=
                usize::from(t.programme == crate::domain::Programme::PubliclyFunded);
            if school.stage == Stage::Primary {
                primary += 1;
                primary_women += usize::from(t.gender == crate::domain::Gender::Female);
            }
        }
        s.women_in_primary = primary_women as f64 / primary.max(1) as f64;
        s.hires = county.hires.iter().map(|h| h.count).sum();
        s.pairs = county.pairs.len();
        for ((school_id, subject), (need, staff)) in Gaps::compute(county, scenario).cells {
            let Some(school) = schools.get(school_id.as_str()) else {
                continue;
            };
            let rural = matches!(school.area, Area::Rural | Area::TeachingPoint);
            if rural && MINOR.contains(&subject.as_str()) {
                s.rural_minor_shortfall += need - staff;
            }
            if school.area == Area::Town && matches!(subject.as_str(), "chinese" | "math") {
                s.town_core_surplus += staff - need;
            }
        }
        s
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |n: usize| 100.0 * n as f64 / self.teachers.max(1) as f64;
        writeln!(
            f,
            "teachers {}, schools {}",
            self.teachers,
            self.schools_by_area.iter().sum::<usize>()
        )?;
        for (i, a) in Area::ALL.iter().enumerate() {
            writeln!(
                f,
                "  {:<15} schools {:>4}  teachers {:>6} ({:>4.1}%)  students {:>7}",
                a.key(),
                self.schools_by_area[i],
                self.teachers_by_area[i],
                pct(self.teachers_by_area[i]),
                self.students_by_area[i]
            )?;
        }
        writeln!(
            f,
            "eligible {}, must serve {}, deferred {} (+{} near retirement)",
            self.eligible, self.must_serve, self.deferred, self.near_retirement
        )?;
        writeln!(
            f,
            "backbone {} ({:.1}%), extra subject {} ({:.1}%), women in primary {:.0}%",
            self.backbone,
            pct(self.backbone),
            self.with_extra_subject,
            pct(self.with_extra_subject),
            100.0 * self.women_in_primary
        )?;
        writeln!(
            f,
            "tegang {}, publicly funded {}, hires {}, pairs {}, rural beds {}",
            self.tegang, self.publicly_funded, self.hires, self.pairs, self.rural_beds
        )?;
        write!(f, "rural shortfall in music/pe/art/english/it {:.1} FTE; town surplus in chinese/math {:.1} FTE", self.rural_minor_shortfall, self.town_core_surplus)
    }
}
