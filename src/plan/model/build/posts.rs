//! The open-post rows (docs/model.md, "What a move may do"): rotated arrivals and hires of a
//! subject within a school's open posts, exchange teachers leaving opening posts to rotated
//! ones (a swap), and rotated teachers leaving opening posts to hires (以新补缺,
//! `rules::moves::hire_posts`). Also how the builds number the rotation posts (`post_index`).

use super::super::sparse::Sparse;
use super::super::Terms;
use super::{c_post, Columns};
use crate::plan::prepare::Prepared;
use std::collections::BTreeMap;

/// Per (school, subject) of `Prepared::backfill` (made of the rotation groups): the picks of the
/// school's rotation groups of that main subject, −1 each (a teacher who rotates out opens a
/// post to a hire). None in the pure preference mode, where only the posts open before the plan
/// are filled.
fn leavers(prep: &Prepared) -> BTreeMap<(usize, &str), Terms> {
    let mut out: BTreeMap<(usize, &str), Terms> = BTreeMap::new();
    if prep.fixed_posts {
        return out;
    }
    for (p, pick) in prep.picks.iter().enumerate() {
        let g = &prep.groups[pick.group];
        if !g.exchange {
            (out.entry((g.school, g.main_subject.as_str())).or_default()).push((p, -1.0));
        }
    }
    out
}

/// The open-post rows: per post, arrivals + hires − exchange teachers leaving (the swap)
/// ≤ open posts before the plan; hires of one subject at a school without a post share a row
/// of their own. Where teachers of the subject may rotate out, they open posts to hires: their
/// picks join the row with −1, and at a post a second row keeps rotated arrivals within the
/// posts open before the plan.
pub(super) fn add_post_rows(prep: &Prepared, sp: &mut Sparse, c: &Columns, post_in: Vec<Terms>) {
    let leavers = leavers(prep);
    let back = |school: usize, subject: &str| prep.backfill.get(&(school, subject.to_string()));
    let mut shared: BTreeMap<(usize, &str), (u32, Terms)> = BTreeMap::new();
    let mut col = c.first_hire;
    for opt in &prep.hires {
        for (k, &(school, _)) in opt.schools.iter().enumerate() {
            if c_post(c, school, &opt.subject).is_none() {
                let e = shared.entry((school, opt.subject.as_str())).or_default();
                let open = opt.open.get(k).copied().unwrap_or(0);
                e.0 = open.saturating_sub(back(school, &opt.subject).copied().unwrap_or(0));
                e.1.push((col, 1.0));
            }
            col += 1;
        }
    }
    let hires = c.first_hire..col;
    for (key, (open, mut terms)) in shared {
        // (one hire column: its bound says it, unless rotations may open more posts)
        if terms.len() > 1 || back(key.0, key.1).is_some() {
            terms.extend(leavers.get(&key).into_iter().flatten());
            sp.row(f64::NEG_INFINITY, open as f64, terms);
        }
    }
    for ((mut terms, &open), key) in post_in.into_iter().zip(&c.post_open).zip(prep.posts.keys()) {
        let swap = prep.swap.get(key).copied().unwrap_or(0);
        let open = open.saturating_sub(swap) as f64;
        // (an exchange post is bounded by who could come, not by open posts: no hire shares it)
        let out = leavers.get(&(key.0, key.1.as_str()));
        if let Some(out) = out.filter(|_| !prep.staffing.exchange_to[key.0]) {
            let arrivals = terms.iter().filter(|(j, _)| !hires.contains(j));
            sp.row(f64::NEG_INFINITY, open, arrivals.copied().collect());
            terms.extend(out);
        }
        sp.row(f64::NEG_INFINITY, open, terms);
    }
}

/// The rotation post of each (school, subject) that has one: posts are numbered in
/// `Prepared::posts` order; exchange posts are left out (see `Columns::post_index`).
pub(super) fn post_index(prep: &Prepared) -> BTreeMap<(usize, String), usize> {
    (prep.posts.keys().enumerate())
        .filter(|(_, (r, _))| !prep.staffing.exchange_to[*r])
        .map(|(k, key)| (key.clone(), k))
        .collect()
}
