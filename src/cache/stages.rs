//! SERVE: the parse and Markdown stages as `gen serve` runs them, reusing what the previous
//! builds made. The stages themselves know nothing of this: a parse is reused while the file's
//! bytes and the way its front matter is read (time zone, key names) are the same; a body's HTML while
//! the key of everything it depends on is (the file, where it lives, the options, every URL).
//! This module must not decide what the site contains, and renders no page.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::{Cache, Parsed, Stamp};
use crate::config::Config;
use crate::content::{self, Doc};
use crate::discover::{Kind, Source};
use crate::error::Diagnostics;
use crate::fields::Reading;
use crate::markdown::Rendered;
use crate::site::bodies::Ctx;
use crate::site::{self, Entry, Site, Slot};

/// [`content::parse_all`], reusing the parse of every file whose bytes are the same as in the
/// previous build. With `trusted`, the watcher has said that no other file changed, so the
/// others are not even read.
pub fn parse_all(
    cache: &Cache,
    sources: &[Source],
    reading: Reading<'_>,
    diags: &mut Diagnostics,
    trusted: Option<&BTreeSet<PathBuf>>,
) -> Vec<Doc> {
    let reading_key = content::stamp_key(reading);
    // Locked once for the whole parse, not once per file: nothing else writes it meanwhile.
    let old = cache.docs.lock().unwrap_or_else(|p| p.into_inner());
    let results: Vec<(Option<(Stamp, Parsed)>, Parsed)> = sources
        .par_iter()
        .filter(|s| s.kind != Kind::Asset)
        .map(|s| {
            let unchanged = trusted.is_some_and(|t| !t.iter().any(|p| p.as_os_str() == s.path.as_os_str()));
            if let Some((_, parsed)) = old.get(&s.path).filter(|_| unchanged) {
                return (None, parsed.clone());
            }
            let bytes = match content::read(s) {
                Ok(bytes) => bytes,
                Err(d) => return (None, (None, vec![d])),
            };
            let stamp = Stamp { digest: content::digest(&bytes), reading: reading_key.clone() };
            let parsed = match old.get(&s.path).filter(|(s0, _)| *s0 == stamp) {
                Some((_, p)) => p.clone(),
                None => content::parse_digested(s, bytes, stamp.digest, reading),
            };
            (Some((stamp, parsed.clone())), parsed)
        })
        .collect();
    drop(old);
    let kept = sources.iter().filter(|s| s.kind != Kind::Asset).zip(&results);
    match trusted {
        // Every other file is as the cache has it already.
        Some(t) => kept.filter(|(s, _)| t.contains(&s.path)).for_each(|(s, (st, _))| {
            if let Some(st) = st {
                cache.update_parsed(s.path.clone(), st.clone());
            }
        }),
        None => cache.keep_parsed(kept.filter_map(|(s, (st, _))| Some((s.path.clone(), st.clone()?))).collect()),
    }
    let mut docs = Vec::with_capacity(results.len());
    for (_, (doc, found)) in results {
        diags.extend(found);
        docs.extend(doc);
    }
    docs
}

/// [`site::render_markdown`], reusing every body whose inputs are the previous render's. Sets
/// each entry's fingerprint, which the pages that show it are kept by. The Markdown stays: a
/// later edit is patched into this model.
pub fn render_markdown(cache: &Cache, config: &Config, cx: &Ctx<'_>, site: &mut Site, diags: &mut Diagnostics) {
    let guard = cache.bodies();
    let kept = Bodies { kept: &guard, links: cx.map.fingerprint(), config, cx };
    let fresh = std::sync::Mutex::new(Vec::new());
    for entries in [&mut site.posts, &mut site.pages, &mut site.year_intros] {
        entries.par_iter_mut().for_each(|e| {
            if let Some(new) = kept.render(e) {
                fresh.lock().unwrap_or_else(|p| p.into_inner()).push(new);
            }
        });
    }
    drop(guard);
    cache.bodies().extend(fresh.into_inner().unwrap_or_else(|p| p.into_inner()));
    site::notes(site, diags);
}

/// Renders the Markdown of the entries at `which` again (after an edit to their bodies alone:
/// no URL changed, so neither did any other entry's HTML).
pub fn rerender(cache: &Cache, config: &Config, cx: &Ctx<'_>, site: &mut Site, which: &[Slot]) {
    let mut fresh = Vec::new();
    let guard = cache.bodies();
    let kept = Bodies { kept: &guard, links: cx.map.fingerprint(), config, cx };
    for slot in which {
        let e = match *slot {
            Slot::Post(i) => &mut site.posts[i],
            Slot::Page(i) => &mut site.pages[i],
            Slot::Intro(i) => &mut site.year_intros[i],
        };
        fresh.extend(kept.render(e));
    }
    drop(guard);
    cache.bodies().extend(fresh);
}

/// The bodies earlier builds rendered, and what this one's keys are made of.
struct Bodies<'a> {
    kept: &'a HashMap<PathBuf, (u64, Arc<Rendered>)>,
    links: u64,
    config: &'a Config,
    cx: &'a Ctx<'a>,
}

impl Bodies<'_> {
    /// Sets `e`'s HTML, kept or rendered now, and its fingerprint; a fresh render to keep.
    fn render(&self, e: &mut Entry) -> Option<(PathBuf, (u64, Arc<Rendered>))> {
        let key = key(self.config, self.cx, self.links, e);
        let hit = self.kept.get(&e.source.path).filter(|(k, _)| *k == key).map(|(_, r)| r.clone());
        e.fingerprint = fingerprint(e, key);
        match hit {
            Some(r) => {
                e.rendered = r;
                None
            }
            None => {
                e.rendered = Arc::new(self.cx.render(e));
                Some((e.source.path.clone(), (key, e.rendered.clone())))
            }
        }
    }
}

/// Everything a body's HTML depends on: the file (front matter too: `digest` is the whole
/// file), where it lives, the switches, every URL.
fn key(config: &Config, cx: &Ctx<'_>, links: u64, e: &Entry) -> u64 {
    crate::digest::key(&[&e.digest, &e.source.rel, &e.url, &cx.switches(e), &links, &config.base_path])
}

/// What the pages showing `e` are kept by: its HTML's key, where it lives, its date.
fn fingerprint(e: &Entry, key: u64) -> u64 {
    let date = e.date.as_ref().map(crate::dates::PostDate::timestamp);
    crate::digest::key(&[&key, &e.source.path, &e.slug, &date, &e.body_line])
}
