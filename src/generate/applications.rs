//! Teachers' applications of a generated county (个人申请, docs/wishes.md, docs/generator.md):
//! about a third of the teachers eligible to rotate apply, most of them volunteers, each naming
//! one to three places they would rather go (mostly nearby receiving schools short in their
//! subject, some townships, a few whole areas), a fifth with family circumstances points.
//!
//! Applications are not part of [`County`]: [`applications`] draws them from a generated county
//! with its own random stream, so the county is the same with and without them.

use super::calibration::*;
use super::rng::Rng;
use super::teachers::{age_at, Calendar};
use super::values::{headers, pick};
use super::writer::{csv, Cell, Encoding, WriteError, APPLICATIONS_FILE};
use super::{Flavor, GenerateParams};
use crate::domain::{Application, Area, County, School, Teacher, Wish};
use crate::rules::moves::{distance_km, may_receive};
use crate::rules::{teacher_status, Gaps};
use crate::scenario::Scenario;
use std::collections::BTreeMap;
use std::path::Path;

/// The most wish columns a file has (docs/wishes.md: `wish1` … `wish5`).
const MAX_WISH_COLUMNS: u32 = 5;

/// The applications of a county generated with `params` (the county and scenario
/// [`super::generate`] returned for them), one per applicant, in teacher id order.
/// Deterministic: the same county and parameters give the same applications.
pub fn applications(
    params: &GenerateParams,
    scenario: &Scenario,
    county: &County,
) -> Vec<Application> {
    let mut rng = super::root_rng(params).fork("applications");
    let cal = Calendar::new(scenario.plan_year);
    let schools: BTreeMap<&str, &School> =
        county.schools.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut teachers: Vec<&Teacher> = county.teachers.iter().collect();
    teachers.sort_by(|a, b| a.id.cmp(&b.id));

    // eligible teachers and their weight in the draw of applicants
    let mut eligible: Vec<(&Teacher, &School, bool)> = Vec::new();
    let mut weights = Vec::new();
    for t in teachers {
        let Some(school) = schools.get(t.school_id.as_str()) else {
            continue;
        };
        let status = teacher_status(t, school, scenario);
        if !status.eligible {
            continue;
        }
        let must_serve = status.must_serve.is_some();
        let age = age_at(t, &cal);
        let mut w = 1.0;
        if must_serve {
            w *= APPLY_WEIGHT_MUST_SERVE;
        }
        if status.due {
            w *= APPLY_WEIGHT_DUE;
        }
        if age < 35 {
            w *= APPLY_WEIGHT_YOUNG;
        } else if age >= 50 {
            w *= APPLY_WEIGHT_OLDER;
        }
        eligible.push((t, school, must_serve));
        weights.push(w);
    }
    let share = rng.uniform(APPLY_SHARE.0, APPLY_SHARE.1);
    let count = (eligible.len() as f64 * share).round() as usize;
    let chosen = rng.choose_weighted(&weights, count);

    let places = Places::new(county, scenario);
    let max_wishes = scenario.applications.max_wishes.clamp(1, MAX_WISH_COLUMNS) as usize;
    chosen
        .into_iter()
        .zip(2..)
        .map(|(i, line)| {
            let (t, school, must_serve) = eligible[i];
            let young = age_at(t, &cal) < 35;
            let volunteer = rng.chance(if must_serve {
                VOLUNTEER_MUST_SERVE
            } else if young {
                VOLUNTEER_YOUNG
            } else {
                VOLUNTEER_OTHER
            });
            let n = (rng.weighted(&WISH_COUNT) + 1).min(max_wishes);
            let wishes = places.wishes(&mut rng, t, school, n);
            let family_points = if rng.chance(FAMILY_POINTS_SHARE) {
                family_points(&mut rng)
            } else {
                0
            };
            Application {
                teacher_id: t.id.clone(),
                volunteer,
                wishes,
                family_points,
                source_line: line,
            }
        })
        .collect()
}

/// Family circumstances points in hundredths, 0.5–5: mostly whole points, some halves, a few
/// of any hundredths.
fn family_points(rng: &mut Rng) -> u32 {
    match rng.weighted(&[0.55, 0.25, 0.2]) {
        0 => 100 * rng.range(1, 5),
        1 => 50 + 100 * rng.range(0, 4),
        _ => rng.range(50, 500),
    }
}

/// Where teachers may wish to go: the receiving schools, their shortages and townships.
struct Places<'a> {
    scenario: &'a Scenario,
    receiving: Vec<&'a School>,
    gaps: Gaps,
}

impl<'a> Places<'a> {
    fn new(county: &'a County, scenario: &'a Scenario) -> Places<'a> {
        let mut receiving: Vec<&School> = (county.schools.iter())
            .filter(|s| may_receive(s, scenario))
            .collect();
        receiving.sort_by(|a, b| a.id.cmp(&b.id));
        Places {
            scenario,
            receiving,
            gaps: Gaps::compute(county, scenario),
        }
    }

    /// The shortage (FTE) at `school` in the subject of the teacher's that is shortest there.
    fn shortage(&self, t: &Teacher, school: &School) -> f64 {
        std::iter::once(&t.subject)
            .chain(&t.extra_subjects)
            .filter_map(|s| self.gaps.cells.get(&(school.id.clone(), s.clone())))
            .map(|&(need, staff)| Gaps::gap(need, staff))
            .fold(0.0, f64::max)
    }

    /// The receiving schools a teacher may wish for, with their weights: within reach (else
    /// the nearest few), nearer and shorter in the teacher's subjects weighing more.
    fn candidates(&self, t: &Teacher, own: &School) -> Vec<(&'a School, f64)> {
        let mut near: Vec<(&School, f64)> = (self.receiving.iter())
            .filter(|s| s.id != own.id)
            .map(|s| (*s, distance_km(own, s).unwrap_or(WISH_REACH_KM)))
            .collect();
        near.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.id.cmp(&b.0.id)));
        let within = near.iter().filter(|(_, d)| *d <= WISH_REACH_KM).count();
        near.truncate(within.max(WISH_NEAREST));
        near.into_iter()
            .map(|(s, d)| {
                let short = self.shortage(t, s).min(3.0);
                (s, (0.1 + short) / (1.0 + d / 8.0))
            })
            .collect()
    }

    /// `n` distinct wishes, first wish first.
    fn wishes(&self, rng: &mut Rng, t: &Teacher, own: &School, n: usize) -> Vec<Wish> {
        let mut candidates = self.candidates(t, own);
        let mut wishes: Vec<Wish> = Vec::new();
        while wishes.len() < n {
            // drop the schools an earlier wish covers
            candidates.retain(|(s, _)| {
                !wishes
                    .iter()
                    .any(|w| w.covers(&s.id, s.township.as_deref(), s.area))
            });
            let later = !wishes.is_empty();
            if later && rng.chance(WISH_AREA) {
                if let Some(area) = self.area_wish(rng, own, &wishes) {
                    wishes.push(Wish::Area(area));
                    break;
                }
            }
            if candidates.is_empty() {
                break;
            }
            let weights: Vec<f64> = candidates.iter().map(|(_, w)| *w).collect();
            let (school, _) = candidates[rng.weighted(&weights)];
            let township = school.township.as_ref().filter(|name| {
                own.township.as_ref() != Some(*name)
                    && !wishes.contains(&Wish::Township((*name).clone()))
            });
            match township {
                Some(name) if rng.chance(WISH_TOWNSHIP) => {
                    wishes.push(Wish::Township(name.clone()))
                }
                _ => wishes.push(Wish::School(school.id.clone())),
            }
        }
        if wishes.is_empty() {
            // no receiving school at all: the countryside as a whole
            wishes.push(Wish::Area(Area::Rural));
        }
        wishes
    }

    /// An area for a later wish, one that adds something to the earlier ones: mostly `rural`,
    /// some `teaching_point`, and `town` for an urban teacher when weak town schools receive.
    fn area_wish(&self, rng: &mut Rng, own: &School, wishes: &[Wish]) -> Option<Area> {
        let town = own.area == Area::Urban && self.receiving.iter().any(|s| s.area == Area::Town);
        let weights = [0.75, 0.1, if town { 0.15 } else { 0.0 }];
        let area = [Area::Rural, Area::TeachingPoint, Area::Town][rng.weighted(&weights)];
        let receives = self.scenario.policy.rural_service_areas.contains(&area)
            || self.receiving.iter().any(|s| s.area == area);
        (receives && !wishes.contains(&Wish::Area(area))).then_some(area)
    }
}

/// The applications file in the flavour's headers and spellings: English `teacher_id,
/// volunteer, wish1 …, family_points` with `yes`/`no` (UTF-8); Chinese 工号, 是否自愿,
/// 志愿1 …, 家庭加分 with 是/否 and area names (UTF-8 with BOM, CRLF, as the other files
/// besides the roster). One wish column per `[applications] max_wishes`; family points empty
/// where 0, else with as few decimals as they need.
pub fn applications_file(
    scenario: &Scenario,
    applications: &[Application],
    flavor: Flavor,
) -> Result<Vec<u8>, WriteError> {
    let max = scenario.applications.max_wishes.clamp(1, MAX_WISH_COLUMNS) as usize;
    let wish_headers: Vec<(String, String)> = (1..=max)
        .map(|k| (format!("wish{k}"), format!("志愿{k}")))
        .collect();
    let mut header = headers(flavor, &[("teacher_id", "工号"), ("volunteer", "是否自愿")]);
    header.extend(wish_headers.iter().map(|(en, zh)| pick(flavor, en, zh)));
    header.extend(headers(flavor, &[("family_points", "家庭加分")]));
    let mut sorted: Vec<&Application> = applications.iter().collect();
    sorted.sort_by(|a, b| a.teacher_id.cmp(&b.teacher_id));
    let rows: Vec<Vec<Cell>> = sorted
        .into_iter()
        .map(|a| {
            let mut row = vec![
                Cell::Text(a.teacher_id.clone()),
                Cell::Text(match a.volunteer {
                    true => pick(flavor, "yes", "是"),
                    false => pick(flavor, "no", "否"),
                }),
            ];
            row.extend((0..max).map(|k| {
                a.wishes.get(k).map_or(Cell::Empty, |w| {
                    Cell::Text(match w {
                        Wish::Area(area) => pick(flavor, area.key(), area.zh()),
                        other => other.text(),
                    })
                })
            }));
            row.push(points_cell(a.family_points));
            row
        })
        .collect();
    let encoding = match flavor {
        Flavor::English => Encoding::Utf8,
        Flavor::Chinese => Encoding::Utf8Bom,
    };
    csv(&header, &rows, encoding, Path::new(APPLICATIONS_FILE))
}

/// Hundredths of a point as the file writes them: empty for 0, `3`, `1.5`, `0.75`.
fn points_cell(hundredths: u32) -> Cell {
    let decimals = match hundredths {
        0 => return Cell::Empty,
        h if h % 100 == 0 => 0,
        h if h % 10 == 0 => 1,
        _ => 2,
    };
    Cell::Number(f64::from(hundredths) / 100.0, decimals)
}

#[cfg(test)]
mod tests {
    use super::points_cell;

    #[test]
    fn points_are_written_with_the_decimals_they_need() {
        let text = |h| points_cell(h).csv();
        assert_eq!(
            [text(0), text(300), text(150), text(75), text(305)],
            ["", "3", "1.5", "0.75", "3.05"]
        );
    }
}
