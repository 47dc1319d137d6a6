//! Stable pseudonyms for teachers, so that a report can leave the personnel office.
//!
//! Each teacher's id is hashed with a key (FNV-1a then a SplitMix64 finisher: fixed arithmetic,
//! the same on every platform and Rust version); teachers are ranked by that hash and named
//! `ANON-0001`, `ANON-0002`, … in rank order. Same roster and key, same pseudonyms, in every
//! report and in `explain`. Ranks never collide, and without the key neither the ranks nor the
//! hashes say whose they are. This is pseudonymisation, not encryption: whoever holds the roster
//! and the key can recompute the table.

use crate::domain::County;
use std::collections::HashMap;

/// How teachers are named in human reports.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Teacher index → pseudonym; empty when not anonymizing.
    pseudonyms: Vec<String>,
}

fn keyed_hash(key: &str, id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes().chain([0u8]).chain(id.bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // SplitMix64 finisher: spreads FNV's weak low bits.
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

impl Names {
    /// Real ids and names.
    pub fn real() -> Names {
        Names::default()
    }

    /// Pseudonyms for every teacher of the county, derived from `key`.
    pub fn pseudonyms(county: &County, key: &str) -> Names {
        let mut order: Vec<(u64, &str, usize)> = county
            .teachers
            .iter()
            .enumerate()
            .map(|(i, t)| (keyed_hash(key, &t.id), t.id.as_str(), i))
            .collect();
        order.sort();
        let width = order.len().to_string().len().max(4);
        let mut pseudonyms = vec![String::new(); county.teachers.len()];
        for (rank, (_, _, i)) in order.into_iter().enumerate() {
            pseudonyms[i] = format!("ANON-{:0width$}", rank + 1);
        }
        Names { pseudonyms }
    }

    pub fn is_anonymous(&self) -> bool {
        !self.pseudonyms.is_empty()
    }

    /// The id to show for teacher `i`.
    pub fn id<'a>(&'a self, county: &'a County, i: usize) -> &'a str {
        self.pseudonyms
            .get(i)
            .map(String::as_str)
            .unwrap_or(&county.teachers[i].id)
    }

    /// The name to show for teacher `i` (the pseudonym when anonymizing).
    pub fn name<'a>(&'a self, county: &'a County, i: usize) -> &'a str {
        self.pseudonyms
            .get(i)
            .map(String::as_str)
            .unwrap_or(&county.teachers[i].name)
    }

    /// Teacher index by pseudonym.
    pub fn lookup(&self) -> HashMap<&str, usize> {
        self.pseudonyms
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i))
            .collect()
    }
}

/// The default key when none is given: the scenario's name and year, so that every run on the
/// same scenario agrees. Set `ROTAPLAN_ANON_KEY` for pseudonyms outsiders cannot recompute.
pub fn default_key(scenario_name: &str, plan_year: i32) -> String {
    format!("{scenario_name}/{plan_year}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_fixed_arithmetic() {
        // Pinned: a change here would rename every teacher in reports already shared.
        assert_eq!(keyed_hash("k", "T1"), 0xb888_d06c_fd57_8080);
        assert_ne!(keyed_hash("k", "T1"), keyed_hash("k", "T2"));
        assert_ne!(keyed_hash("k", "T1"), keyed_hash("j", "T1"));
        assert_ne!(keyed_hash("ab", "c"), keyed_hash("a", "bc"));
    }
}
