//! Next year's hiring file from a yearly budget (`[horizon] hires`, docs/years.md): the office's
//! recruitment plan (招聘计划). With the county as it will be next year (terms ended, retirees
//! gone, this year's hires on the roster), every open post (need the school's own teachers
//! cannot cover, whole teachers) at a school with a vacant establishment post is a place a hire
//! could fill. The budget goes to those places, the schools of highest gap weight (rural,
//! remote, weak) and the largest shortages first, never more hires at a school than its vacant
//! posts; the hires of each subject form one batch (regular programme, the programme's areas).
//! Next year's plan then places them, where the gap goal says, or leaves them unspent.

use crate::domain::{County, HireBatch, Programme};
use crate::rules::needs::gap_weight;
use crate::rules::staffing::{establishment, posts_held, vacant_posts, Before};
use crate::scenario::Scenario;
use serde::Serialize;
use std::collections::BTreeMap;

/// What the budget bought.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recruitment {
    pub budget: u32,
    /// Hires per subject, in subject order.
    pub subjects: Vec<(String, u32)>,
    /// Open posts at schools with vacant posts: at most this many hires had a place.
    pub places: u32,
}

impl Recruitment {
    pub fn hired(&self) -> u32 {
        self.subjects.iter().map(|s| s.1).sum()
    }

    /// One line for the office (English · Chinese).
    pub fn line(&self) -> String {
        let mix: Vec<String> = (self.subjects.iter())
            .map(|(s, n)| format!("{s} {n}"))
            .collect();
        format!(
            "hiring file of the next year from the budget of {}: {} hire(s) ({}){} · 按招聘计划{}人生成下一年招聘名额{}人{}",
            self.budget,
            self.hired(),
            if mix.is_empty() { "none".to_string() } else { mix.join(", ") },
            if self.hired() < self.budget {
                format!(
                    "; only {} open post(s) at schools with vacant posts",
                    self.places
                )
            } else {
                String::new()
            },
            self.budget,
            self.hired(),
            if self.hired() < self.budget {
                format!("（有编制空缺学校的空岗仅{}个）", self.places)
            } else {
                String::new()
            }
        )
    }
}

/// The hire batches of `budget` hires for `county` under `scenario` (both next year's).
pub fn recruit(county: &County, scenario: &Scenario, budget: u32) -> (Vec<HireBatch>, Recruitment) {
    let before = Before::compute(county, scenario);
    let uncovered = before.uncovered();
    let heads = posts_held(county);
    let mut vacant: Vec<u32> = (county.schools.iter().zip(&heads))
        .map(|(s, &h)| vacant_posts(establishment(s, scenario), h))
        .collect();
    // (weight × shortage, school, subject, posts), the largest first
    let mut cells: Vec<(f64, usize, String, u32)> = (before.open_posts().into_iter())
        .filter(|((s, _), _)| vacant[*s] > 0)
        .map(|((s, subject), posts)| {
            let short = uncovered.get(&(s, subject.clone())).copied().unwrap_or(0.0);
            let w = gap_weight(&county.schools[s], scenario);
            (w * short, s, subject, posts)
        })
        .collect();
    cells.sort_by(|a, b| {
        (b.0.total_cmp(&a.0))
            .then_with(|| county.schools[a.1].id.cmp(&county.schools[b.1].id))
            .then_with(|| a.2.cmp(&b.2))
    });
    // at most the school's vacant posts of its open posts, school by school
    let mut open_at: BTreeMap<usize, u32> = BTreeMap::new();
    for c in &cells {
        *open_at.entry(c.1).or_default() += c.3;
    }
    let places = (open_at.iter())
        .map(|(&s, &open)| open.min(vacant[s]))
        .sum();
    let mut left = budget;
    let mut by_subject: BTreeMap<String, u32> = BTreeMap::new();
    for (_, s, subject, posts) in cells {
        if left == 0 {
            break;
        }
        let take = posts.min(vacant[s]).min(left);
        if take > 0 {
            vacant[s] -= take;
            left -= take;
            *by_subject.entry(subject).or_default() += take;
        }
    }
    let batches = (by_subject.iter())
        .map(|(subject, &count)| HireBatch {
            subject: subject.clone(),
            count,
            programme: Programme::Regular,
            areas: None,
            source_line: 0,
        })
        .collect();
    let recruitment = Recruitment {
        budget,
        subjects: by_subject.into_iter().collect(),
        places,
    };
    (batches, recruitment)
}
