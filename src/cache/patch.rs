//! SERVE: an edit that changed nothing but the Markdown body of posts or pages
//! the site already has is patched into the previous build's model, instead of walking,
//! parsing and assembling every source again.
//!
//! Anything else — a file created, deleted or renamed, a front matter change, a file with
//! problems, a scheduled post coming due, a body that starts or stops drawing a diagram —
//! returns `None`, and the build assembles from scratch. What the patch changes is exactly what
//! a fresh assembly would: the entry's body and its HTML, and the year model built from them
//! (URLs, order, terms and neighbours depend on front matter and paths only). This module must
//! not render pages or write files.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use super::Cache;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::highlight::Highlighter;
use crate::links::LinkMap;
use crate::site::{self, Draft, Site, Slot};

/// The previous build's model, and what assembling it reported.
pub struct Kept {
    pub site: Site,
    pub diags: Vec<Diagnostic>,
    pub index: Index,
}

/// Lookups into a model that a patch leaves valid (it changes no path, URL or order).
pub struct Index {
    /// Where each source's entry sits: finding one must not touch every entry (each a
    /// separate allocation) of a big blog.
    slots: HashMap<PathBuf, Slot>,
    /// Every source's URL, as Markdown links resolve against it.
    links: std::sync::Arc<LinkMap>,
}

impl Index {
    /// The lookups into `site`, whose Markdown resolved its links with `links`.
    pub fn of(site: &Site, links: std::sync::Arc<LinkMap>) -> Index {
        let posts = site::with_ids(&site.posts).map(|(i, e)| (e.source.path.clone(), Slot::Post(i)));
        let pages = site.pages.iter().enumerate().map(|(i, e)| (e.source.path.clone(), Slot::Page(i)));
        let intros = site.year_intros.iter().enumerate().map(|(i, e)| (e.source.path.clone(), Slot::Intro(i)));
        Index { slots: posts.chain(pages).chain(intros).collect(), links }
    }
}

/// The previous model with `changes` (content files relative to the root) patched in; `None`
/// when only a full assembly gives the right site.
pub fn patch(
    config: &Config,
    cache: &Cache,
    changes: &BTreeSet<PathBuf>,
    highlighter: Option<&Highlighter>,
    now: jiff::Timestamp,
) -> Option<Kept> {
    // Looked at in place: when the edit is more than a body, the full build replaces the model
    // at its end ([`Cache::keep_model`] frees the old one off the path to the served page).
    let mut held = super::lock(&cache.model);
    let Kept { site, index, .. } = held.as_ref()?;
    if site.next_due.is_some_and(|due| now >= due) {
        return None;
    }
    let mut slots = Vec::new();
    for rel in changes {
        let path = config.root.join(rel);
        let slot = *index.slots.get(&path)?;
        // A file whose previous parse had findings keeps them in `diags`: assemble again.
        if !cache.with_parsed(&path, |(_, (_, found))| found.is_empty()).unwrap_or(false) {
            return None;
        }
        slots.push(slot);
    }
    // The build's own parse, through the same reuse: told that these files alone changed.
    let sources: Vec<_> = slots.iter().map(|s| site.entry(*s).source.clone()).collect();
    let trusted = sources.iter().map(|s| s.path.clone()).collect();
    let reading = crate::fields::Reading { tz: &config.timezone, keys: &config.front_matter_keys };
    let mut found = crate::error::Diagnostics::default();
    let docs = super::parse_all(cache, &sources, reading, &mut found, Some(&trusted));
    if !found.is_empty() || docs.len() != slots.len() {
        return None;
    }
    let mut drafts = Vec::new();
    for (slot, doc) in slots.iter().zip(docs) {
        let e = site.entry(*slot);
        if doc.fm != e.fm || doc.body_line != e.body_line {
            return None;
        }
        // Everything but the body and what it said is where the entry was.
        drafts.push((*slot, Draft { placed: e.placed.clone(), body: doc.body, digest: doc.digest, note: None }));
    }
    let Kept { mut site, diags, index } = held.take()?;
    drop(held);
    // A post's words and task lists feed its year's numbers and goals.
    let posts: Vec<super::years::Before> = slots
        .iter()
        .filter_map(|s| if let Slot::Post(i) = s { Some(super::years::Before::of(&site, *i)) } else { None })
        .collect();
    // What the dialect and math stages say about a body is among the kept findings: an entry
    // that had or has something to say is assembled again (rare: a migrated post being fixed).
    let noted = |site: &Site| slots.iter().any(|s| !site.entry(*s).rendered.notes.is_empty());
    if noted(&site) {
        return None;
    }
    // Whether any page draws a diagram decides whether the theme's script is copied: a body
    // that starts or stops drawing one may add or remove a file, which a patch cannot.
    let drew: Vec<bool> = slots.iter().map(|s| site.entry(*s).rendered.mermaid).collect();
    let cx = site::bodies::Ctx::new(config, &index.links, highlighter);
    crate::cache::rerender(cache, config, &cx, &mut site, drafts);
    if noted(&site) || slots.iter().zip(&drew).any(|(s, before)| site.entry(*s).rendered.mermaid != *before) {
        return None;
    }
    if !posts.is_empty() {
        super::years::recount(config, &mut site, &posts);
    }
    // No path, URL or order changed, so neither did the index.
    Some(Kept { site, diags, index })
}
