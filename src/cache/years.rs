//! SERVE: the year model after a patch changed the bodies of posts and nothing else, counted
//! again with the year stage's own functions ([`years::recount`], [`years::regoal`]) on the
//! years the edit can reach, instead of every year. Nothing here counts or matches anything
//! itself: a rule of the year model lives in `years.rs` alone.

use std::collections::BTreeSet;

use crate::config::Config;
use crate::dates::PostDate;
use crate::site::{self, PostId, Site};
use crate::years;

/// A post as it was before `gen serve` patched its body in: for a retrospective, the years
/// whose goals it fed.
pub struct Before {
    pub post: PostId,
    pub goal_years: BTreeSet<i16>,
}

impl Before {
    pub fn of(site: &Site, post: PostId) -> Before {
        Before { post, goal_years: years::goal_years(&site.posts[post]) }
    }
}

/// [`site::attach_years`] after the bodies of `edited` posts changed and nothing else, with the
/// same functions on fewer years: each edited post's year is counted again, and a
/// retrospective's task lists can change the goals of the years they name, before or after the
/// edit, which are gathered again from the retrospectives. Which pages show a changed year is
/// for `view::Versions` to find, as after any build.
pub fn recount(config: &Config, site: &mut Site, edited: &[Before]) {
    let minutes = site::reading_minutes(config);
    let mut counted = BTreeSet::new();
    for b in edited {
        let Some(year) = site.posts[b.post].date.as_ref().map(PostDate::year) else { continue };
        if counted.insert(year)
            && let Some(y) = site.years.iter_mut().find(|y| y.year == year)
        {
            years::recount(y, &site.posts, &minutes);
        }
    }
    let mut wanted = BTreeSet::new();
    for b in edited {
        wanted.extend(&b.goal_years);
        wanted.extend(years::goal_years(&site.posts[b.post]));
    }
    if !wanted.is_empty() {
        years::regoal(&mut site.years, &site.posts, &wanted);
    }
}

#[cfg(test)]
mod tests;
