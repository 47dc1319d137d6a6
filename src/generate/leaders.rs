//! Principals, vice principals and middle managers of a generated county (docs/leaders.md,
//! docs/generator.md): one principal in every urban, town and rural school with three or more
//! teachers, vice principals and middle managers by size, chosen among the school's experienced
//! teachers, each with the date the post started.

use super::rng::Rng;
use super::teachers::{age_at, Calendar};
use crate::domain::{Area, Post, School, Teacher, Title};

/// Vice principals and middle managers of a school of `n` teachers.
fn managers(n: usize) -> (usize, usize) {
    let vice = match n {
        0..30 => 0,
        30..60 => 1,
        _ => 2,
    };
    let middle = match n {
        0..12 => 0,
        12..25 => 1,
        25..50 => 2,
        _ => 3,
    };
    (vice, middle)
}

/// Gives leader posts to teachers of `roster` (`school_of[i]` is teacher i's school).
pub fn assign(rng: &mut Rng, roster: &mut [Teacher], school_of: &[&School], cal: &Calendar) {
    let mut by_school: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, s) in school_of.iter().enumerate() {
        match by_school.last_mut() {
            Some((id, v)) if *id == s.id => v.push(i),
            _ => by_school.push((s.id.as_str(), vec![i])),
        }
    }
    for (_, members) in by_school {
        let school = school_of[members[0]];
        if school.area == Area::TeachingPoint || members.len() < 3 {
            continue;
        }
        // experienced teachers, not deferred, 35–54 at the term start; titled ones first
        let mut pool: Vec<usize> = (members.iter().copied())
            .filter(|&i| {
                let t = &roster[i];
                let age = age_at(t, cal);
                t.deferral.is_none() && (35..55).contains(&age)
            })
            .collect();
        rng.shuffle(&mut pool);
        pool.sort_by_key(|&i| {
            std::cmp::Reverse(roster[i].title.is_some_and(|x| x >= Title::Intermediate))
        });
        let (vice, middle) = managers(members.len());
        let posts = std::iter::once(Post::Principal)
            .chain(std::iter::repeat_n(Post::VicePrincipal, vice))
            .chain(std::iter::repeat_n(Post::MiddleManager, middle));
        for (post, i) in posts.zip(pool) {
            let t = &mut roster[i];
            let years_ago = rng.range(0, 9) as i32;
            let since = cal.changeover(rng, cal.plan_year - years_ago);
            t.post = post;
            t.post_since = Some(since);
            // the post started at this school: the teacher was there by then
            if t.school_since.is_none_or(|s| s > since) {
                t.school_since = Some(since);
            }
        }
    }
}
