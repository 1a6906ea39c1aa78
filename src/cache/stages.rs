//! SERVE: the parse and Markdown stages as `gen serve` runs them, reusing what the previous
//! builds made. The stages themselves know nothing of this: a parse is reused while the file's
//! bytes, the way its front matter is read (time zone, key names) and the walk's class of it
//! (post or page, bundle) are the same; a body's HTML while the key of everything else it
//! depends on is (the file, where it lives, the options) and the link map gives each question
//! its links asked the same answer.
//! This module must not decide what the site contains, and renders no page.

use std::collections::{BTreeSet, HashSet};
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{Cache, Parsed, Stamp, Walk};
use crate::config::Config;
use crate::content::{self, Doc};
use crate::discover::{Kind, Source};
use crate::error::Diagnostics;
use crate::fields::Reading;
use crate::links::Asked;
use crate::markdown::Rendered;
use crate::site::bodies::Ctx;
use crate::site::{self, Draft, Gathered, Placed, Site, Slot};

/// [`content::parse_all`], reusing the parse of every file whose bytes are the same as in the
/// previous build. With `trusted`, the watcher has said that no other file changed, so the
/// others are not even read; and when the walk is the previous build's too, their parses are
/// taken in the walk's order, without looking each one up.
pub fn parse_all(
    cache: &Cache,
    walk: &Arc<Walk>,
    reading: Reading<'_>,
    diags: &mut Diagnostics,
    trusted: Option<&BTreeSet<PathBuf>>,
) -> Vec<Arc<Doc>> {
    let sources = || walk.0.content.iter().filter(|s| s.kind != Kind::Asset);
    let mut in_order = super::lock(&cache.in_order);
    let results: Vec<Parsed> = match (trusted, in_order.take()) {
        (Some(t), Some((was, mut last))) if Arc::ptr_eq(&was, walk) && last.len() == sources().count() => {
            // Compared as bytes: a `Path` compares component by component.
            let changed = |s: &Source| t.iter().any(|p| p.as_os_str() == s.path.as_os_str());
            for (k, s) in sources().enumerate().filter(|(_, s)| changed(s)) {
                last[k] = parse_one(cache, s, reading);
            }
            last
        }
        _ => parse_every(cache, sources().collect(), reading, trusted),
    };
    let mut docs = Vec::with_capacity(results.len());
    for (doc, found) in &results {
        diags.extend(found.iter().cloned());
        docs.extend(doc.clone());
    }
    *in_order = Some((walk.clone(), results));
    docs
}

/// Every source parsed or taken from the cache, in parallel; the parse map is made anew (a
/// deleted file drops out) unless `trusted` says the others are unchanged.
fn parse_every(
    cache: &Cache,
    sources: Vec<&Source>,
    reading: Reading<'_>,
    trusted: Option<&BTreeSet<PathBuf>>,
) -> Vec<Parsed> {
    let reading_key = content::stamp_key(reading);
    // Locked once for the whole parse, not once per file: nothing else writes it meanwhile.
    let old = cache.docs.lock().unwrap_or_else(|p| p.into_inner());
    let results: Vec<(Option<(Stamp, Parsed)>, Parsed)> = sources
        .par_iter()
        .map(|s| {
            let unchanged = trusted.is_some_and(|t| !t.iter().any(|p| p.as_os_str() == s.path.as_os_str()));
            if let Some((_, parsed)) = old.get(s.path.as_os_str()).filter(|_| unchanged) {
                return (None, parsed.clone());
            }
            read_and_parse(&old, s, reading, &reading_key)
        })
        .collect();
    drop(old);
    let kept = sources.iter().zip(&results);
    match trusted {
        // Every other file is as the cache has it already: only the files read again (those
        // that changed) have a stamp.
        Some(_) => kept.for_each(|(s, (st, _))| {
            if let Some(st) = st {
                cache.update_parsed(s.path.clone(), st.clone());
            }
        }),
        None => cache.keep_parsed(
            kept.filter_map(|(s, (st, _))| Some((s.path.clone().into_os_string(), st.clone()?))).collect(),
        ),
    }
    results.into_iter().map(|(_, parsed)| parsed).collect()
}

/// One changed source, read and parsed (or taken from the cache when its bytes are the same);
/// the parse map learns it.
fn parse_one(cache: &Cache, s: &Source, reading: Reading<'_>) -> Parsed {
    let reading_key = content::stamp_key(reading);
    let (stamp, parsed) = {
        let old = cache.docs.lock().unwrap_or_else(|p| p.into_inner());
        read_and_parse(&old, s, reading, &reading_key)
    };
    if let Some(st) = stamp {
        cache.update_parsed(s.path.clone(), st);
    }
    parsed
}

/// `s` read, and parsed unless the map holds a parse of the same bytes read the same way.
fn read_and_parse(
    old: &FxHashMap<OsString, (Stamp, Parsed)>,
    s: &Source,
    reading: Reading<'_>,
    reading_key: &str,
) -> (Option<(Stamp, Parsed)>, Parsed) {
    let bytes = match content::read(s) {
        Ok(bytes) => bytes,
        Err(d) => return (None, (None, vec![d])),
    };
    let stamp = Stamp { digest: content::digest(&bytes), reading: reading_key.to_owned(), source: s.clone() };
    let parsed = match old.get(s.path.as_os_str()).filter(|(s0, _)| *s0 == stamp) {
        Some((_, p)) => p.clone(),
        None => {
            let (doc, found) = content::parse_digested(s, bytes, stamp.digest, reading);
            (doc.map(Arc::new), found)
        }
    };
    (Some((stamp, parsed.clone())), parsed)
}

/// [`site::render_markdown`], reusing every body whose inputs are the previous render's, and
/// giving each entry the fingerprint that the pages showing it are kept by.
pub fn render_markdown(
    cache: &Cache,
    config: &Config,
    cx: &Ctx<'_>,
    gathered: Gathered,
    diags: &mut Diagnostics,
) -> Site {
    let links = cx.map.fingerprint();
    let model = cache.model();
    // The previous build's entry in the same place, when it was made from the same placing
    // (the same `Arc`), the same file and the same links: looked at by index, in order, rather
    // than by a lookup in a map of every path.
    let previous = |slot: Slot, d: &Draft| -> Option<(Arc<Rendered>, u64)> {
        let (site, _) = model.as_ref().filter(|(_, was)| *was == links)?;
        let e = match slot {
            Slot::Post(i) => site.posts.get(i.index()),
            Slot::Page(i) => site.pages.get(i),
            Slot::Intro(i) => site.year_intros.get(i),
        }?;
        (Arc::ptr_eq(&e.placed, &d.placed) && e.digest == d.digest).then(|| (e.rendered.clone(), e.fingerprint))
    };
    let guard = cache.bodies();
    let kept = Bodies { kept: &guard, config, cx };
    let fresh = std::sync::Mutex::new(Vec::new());
    let site = gathered.finish(|slot, d| {
        if let Some(same) = previous(slot, d) {
            return same;
        }
        let (rendered, fingerprint, new) = kept.render(d);
        if let Some(new) = new {
            fresh.lock().unwrap_or_else(|p| p.into_inner()).push(new);
        }
        (rendered, fingerprint)
    });
    drop(guard);
    drop(model);
    let mut bodies = cache.bodies();
    bodies.extend(fresh.into_inner().unwrap_or_else(|p| p.into_inner()));
    // A file deleted or renamed since leaves no body behind for the rest of the session. Every
    // entry now has its body here, so only a map larger than the site holds such a body.
    let entries = || site.posts.iter().chain(&site.pages).chain(&site.year_intros);
    if bodies.len() > entries().count() {
        let here: HashSet<&OsStr> = entries().map(|e| e.source.path.as_os_str()).collect();
        bodies.retain(|p, _| here.contains(p.as_os_str()));
    }
    drop(bodies);
    site::notes(&site, diags);
    site
}

/// The bodies earlier builds rendered, and what this one's keys are made of.
struct Bodies<'a> {
    kept: &'a FxHashMap<OsString, Body>,
    config: &'a Config,
    cx: &'a Ctx<'a>,
}

/// A body's HTML as a build rendered it, with the key of its inputs and what its links asked of
/// the link map.
pub type Body = (u64, Arc<[Asked]>, Arc<Rendered>);

/// A fresh render, to keep for the next build.
type Fresh = (OsString, Body);

impl Bodies<'_> {
    /// `d`'s HTML, kept or rendered now, its fingerprint, and the fresh render to keep. A kept
    /// body is taken while its key is the same and the link map gives each question its links
    /// asked the same answer: a new post elsewhere leaves it as it was.
    fn render(&self, d: &Draft) -> (Arc<Rendered>, u64, Option<Fresh>) {
        let key = key(self.config, self.cx, d);
        let kept = self.kept.get(d.source.path.as_os_str());
        match kept.filter(|(k, asked, _)| *k == key && self.cx.map.answers(asked)) {
            Some((_, asked, r)) => (r.clone(), fingerprint(d, key, asked), None),
            None => {
                let (r, asked) = self.cx.render_asking(d);
                let (r, asked): (Arc<Rendered>, Arc<[Asked]>) = (Arc::new(r), asked.into());
                let fresh = (d.source.path.clone().into_os_string(), (key, asked.clone(), r.clone()));
                (r, fingerprint(d, key, &asked), Some(fresh))
            }
        }
    }
}

/// Everything a body's HTML depends on but the link map: the file (front matter too:
/// `digest` is the whole file), where it lives, the switches, the base path. What it takes from
/// the map is what its links asked ([`Asked`]), checked apart.
fn key(config: &Config, cx: &Ctx<'_>, e: &Draft) -> u64 {
    crate::digest::key(&[&e.digest, &e.source.rel, &e.url, &cx.switches(e), &config.base_path])
}

/// What the pages showing `e` are kept by: its HTML's key and the answers its links got, where
/// it lives, its date.
fn fingerprint(e: &Placed, key: u64, asked: &[Asked]) -> u64 {
    let date = e.date.as_ref().map(crate::dates::PostDate::timestamp);
    crate::digest::key(&[&key, &asked, &e.source.path, &e.slug, &date, &e.body_line])
}
