//! Establishment (核定编制) against headcount per school and per area, before any plan
//! (`rules::staffing::establishment`: the schools file's number, else computed).

use super::data::{AreaEstablishment, SchoolEstablishment};
use crate::domain::{Area, County};
use crate::rules::staffing;
use crate::scenario::Scenario;
use std::collections::BTreeMap;

/// Per area (all four, in area order) and per school (by id).
pub(super) fn establishment(
    scenario: &Scenario,
    county: &County,
) -> (Vec<AreaEstablishment>, Vec<SchoolEstablishment>) {
    let mut headcount: BTreeMap<&str, u32> = BTreeMap::new();
    // the roster's teachers: posts held, those away on a term from an earlier year included
    for t in &county.teachers {
        *headcount.entry(t.home_school()).or_default() += 1;
    }
    let mut schools: Vec<SchoolEstablishment> = county
        .schools
        .iter()
        .map(|s| {
            let establishment = staffing::establishment(s, scenario);
            let headcount = headcount.get(s.id.as_str()).copied().unwrap_or(0);
            SchoolEstablishment {
                school_id: s.id.clone(),
                name: s.name.clone(),
                area: s.area,
                establishment,
                source: if s.establishment.is_some() {
                    "given"
                } else {
                    "computed"
                }
                .to_string(),
                headcount,
                difference: i64::from(headcount) - i64::from(establishment),
            }
        })
        .collect();
    schools.sort_by(|a, b| a.school_id.cmp(&b.school_id));
    let areas = Area::ALL
        .iter()
        .map(|&area| {
            let mut line = AreaEstablishment {
                area,
                schools: 0,
                establishment: 0,
                headcount: 0,
                schools_above: 0,
                schools_below: 0,
                vacant_posts: 0,
            };
            for s in schools.iter().filter(|s| s.area == area) {
                line.schools += 1;
                line.establishment += u64::from(s.establishment);
                line.headcount += u64::from(s.headcount);
                line.schools_above += u32::from(s.difference > 0);
                line.schools_below += u32::from(s.difference < 0);
                line.vacant_posts += u64::try_from(-s.difference).unwrap_or(0);
            }
            line
        })
        .collect();
    (areas, schools)
}
