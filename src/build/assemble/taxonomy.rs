//! ASSEMBLE: tags, categories and series from the sorted posts.
//!
//! Terms that differ only in case or normalisation are one term (its URL is the slug); the
//! display name is the spelling of the newest post that uses it. Output is sorted by slug so
//! that no hash order reaches a page. Pure; no I/O.

use std::collections::{BTreeMap, HashMap};
use std::ops::Deref;

use crate::fields::FrontMatter;
use crate::site::{Placed, PostId};
use crate::slug::slugify;

/// A tag or category and the posts (indices into `Site::posts`, newest first) that carry it.
#[cfg(test)]
mod tests {
    #[test]
    fn term_slugs_never_leave_their_folder() {
        use super::term_slug;
        assert_eq!(term_slug("Rust"), "rust");
        assert_eq!(term_slug("🎉"), "🎉");
        for evil in ["..", ".", "/../../..", "\\..\\", "...", "./", "%2e%2e"] {
            let s = term_slug(evil);
            assert!(!s.is_empty() && !s.contains('/') && !s.contains('.') && !s.contains('\\'), "{evil} -> {s}");
            assert!(crate::urls::check_url(&format!("/tags/{s}/")).is_ok(), "{evil} -> {s}");
        }
        assert_eq!(term_slug(".."), "term-2e2e");
        assert_ne!(term_slug(".."), term_slug("..."));
    }
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// `/tags/{slug}/`.
    pub url: String,
    pub posts: Vec<PostId>,
}

/// One of the two taxonomies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tax {
    Tags,
    Categories,
}

impl Tax {
    pub fn name(self) -> &'static str {
        match self {
            Tax::Tags => "tags",
            Tax::Categories => "categories",
        }
    }
}

/// A series and its posts, oldest first (reading order).
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub posts: Vec<PostId>,
}

/// Collects one taxonomy (`tags` or `categories`).
pub fn terms<P: Deref<Target = Placed>>(
    posts: &[P],
    taxonomy: &str,
    get: impl Fn(&FrontMatter) -> &Vec<String>,
) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    // A blog has a few hundred spellings on tens of thousands of posts: each is slugged once.
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    let mut by_slug: HashMap<String, usize> = HashMap::new();
    for (i, p) in posts.iter().enumerate().map(|(i, p)| (PostId(i), p)) {
        for name in get(&p.fm) {
            let at = *by_name.entry(name).or_insert_with(|| {
                let slug = term_slug(name);
                *by_slug.entry(slug.clone()).or_insert_with(|| {
                    let url = format!("/{taxonomy}/{slug}/");
                    terms.push(Term { name: name.clone(), url, slug, posts: Vec::new() });
                    terms.len() - 1
                })
            });
            let t = &mut terms[at];
            if t.posts.last() != Some(&i) {
                t.posts.push(i);
            }
        }
    }
    // Sorted by slug: no hash order reaches a page.
    terms.sort_by(|a, b| a.slug.cmp(&b.slug));
    terms
}

/// A term's slug. A name with no letters or digits (an emoji) keeps its own characters, minus
/// anything that could climb out of the folder (`/`, `.`, `\\`); nothing left gives
/// `term-<hex of its bytes>` (`..` -> `term-2e2e`), stable and distinct.
pub fn term_slug(name: &str) -> String {
    let s = slugify(name);
    if !s.is_empty() {
        return s;
    }
    let kept: String =
        name.trim().chars().filter(|c| !matches!(c, '/' | '\\' | '.' | '?' | '#' | '%') && !c.is_control()).collect();
    let kept = kept.trim().replace(char::is_whitespace, "-");
    if kept.is_empty() {
        format!("term-{}", name.trim().bytes().map(|b| format!("{b:02x}")).collect::<String>())
    } else {
        kept
    }
}

/// Collects the series, each in reading order (oldest first).
pub fn series<P: Deref<Target = Placed>>(posts: &[P]) -> Vec<Series> {
    let mut by_slug: BTreeMap<String, Series> = BTreeMap::new();
    for (i, p) in posts.iter().enumerate().map(|(i, p)| (PostId(i), p)).rev() {
        let Some(name) = &p.fm.series else { continue };
        let slug = term_slug(name);
        by_slug
            .entry(slug.clone())
            .or_insert_with(|| Series { name: name.clone(), url: format!("/series/{slug}/"), slug, posts: Vec::new() })
            .posts
            .push(i);
    }
    by_slug.into_values().collect()
}
