//! SERVE: the year stage ([`site::attach_years`]) as `gen serve` runs it. The year model reads
//! each post's placing (date, verdict, series) and its rendered body (words, task lists), and
//! each year intro's placing. While every placing is the previous build's (the same `Arc`:
//! [`super::placing`] kept it), the previous years are taken, and the years that a post whose
//! body changed can reach are counted again with the year stage's own functions
//! ([`years::recount`], [`years::regoal`]). Nothing here counts or matches anything itself: a
//! rule of the year model lives in `years.rs` alone.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::config::Config;
use crate::dates::PostDate;
use crate::site::{self, Entry, PostId, Site};

use super::Cache;
use crate::years;

/// A post as it was before its body was edited: for a retrospective, the years whose goals it
/// fed.
struct Before {
    post: PostId,
    goal_years: BTreeSet<i16>,
}

/// [`site::attach_years`] after the bodies of `edited` posts changed and nothing else, with the
/// same functions on fewer years: each edited post's year is counted again, and a
/// retrospective's task lists can change the goals of the years they name, before or after the
/// edit, which are gathered again from the retrospectives. Which pages show a changed year is
/// for `view::Versions` to find, as after any build.
fn recount(config: &Config, site: &mut Site, edited: &[Before]) {
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

/// More posts changed than this: every year is counted again.
const FEW: usize = 64;

/// [`site::attach_years`], recounting only what changed since the previous build (the model
/// [`Cache::keep_model`] kept); whether it started from the previous years.
pub fn attach(cache: &Cache, config: &Config, site: &mut Site) -> bool {
    let model = cache.model();
    let edited = model.as_ref().and_then(|(before, _)| Some((before, edited(before, site)?)));
    match edited {
        Some((before, edited)) => {
            site.years = before.years.clone();
            drop(model);
            if !edited.is_empty() {
                recount(config, site, &edited);
            }
            true
        }
        None => {
            drop(model);
            site::attach_years(config, site);
            false
        }
    }
}

/// The posts of `site` whose bodies changed since `before`, as they were, when nothing else
/// did: every post and year intro has the same placing (the same `Arc`). `None` otherwise.
fn edited(before: &Site, site: &Site) -> Option<Vec<Before>> {
    let same = |a: &[Entry], b: &[Entry]| {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| Arc::ptr_eq(&x.placed, &y.placed))
    };
    if !same(&before.year_intros, &site.year_intros) || !same(&before.posts, &site.posts) {
        return None;
    }
    let mut edited = Vec::new();
    for (i, (old, new)) in before.posts.iter().zip(&site.posts).enumerate() {
        if !Arc::ptr_eq(&old.rendered, &new.rendered) {
            if edited.len() == FEW {
                return None;
            }
            // What the post fed before, read from the post as it was.
            edited.push(Before { post: PostId(i), goal_years: years::goal_years(old) });
        }
    }
    Some(edited)
}

#[cfg(test)]
mod tests;
