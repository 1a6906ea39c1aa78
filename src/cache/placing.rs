//! SERVE: the assembly's placing ([`site::gather`]) as `gen serve` runs it. Placing reads of
//! each parsed file only its path, front matter and where its body starts, and of the rest of
//! the site only the walk of the sources, the configuration and which entries are shown. While
//! all of those are the previous build's, the previous placing is the answer, with each
//! file's body as it is now: an edit to a body places nothing again.
//!
//! The configuration is not compared: the cache drops this memo whenever it may have changed
//! ([`super::Cache::take_changes`]). The walk is compared by identity (a walk that was kept is
//! the same `Arc`); front matter by identity first, then by value. This module must not decide
//! where anything goes: that is `site.rs`, run in full on any other change.

use std::sync::Arc;

use super::{Cache, Walk};
use crate::config::Config;
use crate::content::Doc;
use crate::error::{Diagnostic, Diagnostics};
use crate::links::LinkMap;
use crate::site::{self, Draft, Gathered, Shown};

/// The previous placing and what it was made from.
pub struct Placing {
    walk: Arc<Walk>,
    drafts: bool,
    /// Per doc, in the parse's order: what placing read of it, and where its draft is.
    heads: Vec<Head>,
    gathered: Gathered,
    map: Arc<LinkMap>,
    diags: Vec<Diagnostic>,
}

/// One doc as the kept placing has it, and where its draft is in [`Gathered`] (`None`:
/// hidden, or refused with an error).
struct Head {
    doc: Arc<Doc>,
    at: Option<At>,
}

#[derive(Clone, Copy)]
enum At {
    Post(usize),
    Page(usize),
    Intro(usize),
}

/// [`site::gather`], taking the previous placing when nothing it reads has changed.
pub fn gather(
    cache: &Cache,
    config: &Config,
    docs: Vec<Arc<Doc>>,
    walk: &Arc<Walk>,
    shown: Shown,
    diags: &mut Diagnostics,
) -> (Gathered, Arc<LinkMap>) {
    let mut memo = super::lock(&cache.placing);
    if let Some(kept) = memo.as_mut().filter(|m| m.applies(walk, shown, &docs)) {
        // The same parse (the same `Arc`) is the same doc: only the others are looked into.
        for (head, doc) in kept.heads.iter_mut().zip(docs).filter(|(h, d)| !Arc::ptr_eq(&h.doc, d)) {
            if let Some(d) = head.at.map(|at| kept.gathered.draft(at)).filter(|d| d.digest != doc.digest) {
                d.body = doc.body.clone();
                d.digest = doc.digest;
            }
            head.doc = doc;
        }
        diags.extend(kept.diags.iter().cloned());
        return (kept.gathered.clone(), kept.map.clone());
    }
    let heads: Vec<Head> = docs.iter().map(|d| Head { doc: d.clone(), at: None }).collect();
    let mut mine = Diagnostics::default();
    let (gathered, map) = site::gather(config, docs, &walk.0, shown, &mut mine);
    let found: Vec<Diagnostic> = mine.sorted().into_iter().cloned().collect();
    diags.extend(found.iter().cloned());
    let map = Arc::new(map);
    let heads = locate(heads, &gathered);
    *memo = Some(Placing {
        walk: walk.clone(),
        drafts: shown.drafts,
        heads,
        gathered: gathered.clone(),
        map: map.clone(),
        diags: found,
    });
    (gathered, map)
}

impl Placing {
    /// Whether placing `docs` would give the kept placing, bodies aside.
    fn applies(&self, walk: &Arc<Walk>, shown: Shown, docs: &[Arc<Doc>]) -> bool {
        // From the first scheduled entry's time on, it is shown (or hidden) differently.
        let due = self.gathered.next_due.is_some_and(|due| shown.now.is_none_or(|now| now >= due));
        Arc::ptr_eq(&self.walk, walk)
            && self.drafts == shown.drafts
            && !due
            && self.heads.len() == docs.len()
            && self.heads.iter().zip(docs).all(|(h, d)| Arc::ptr_eq(&h.doc, d) || same_head(&h.doc, d))
    }
}

/// Whether placing reads the same of two parses of one file: its path, front matter and the
/// line its body starts on.
fn same_head(a: &Doc, b: &Doc) -> bool {
    a.body_line == b.body_line
        && (Arc::ptr_eq(&a.fm, &b.fm) || a.fm == b.fm)
        && a.source.path.as_os_str() == b.source.path.as_os_str()
}

impl Gathered {
    fn draft(&mut self, at: At) -> &mut Draft {
        match at {
            At::Post(i) => &mut self.posts[i],
            At::Page(i) => &mut self.pages[i],
            At::Intro(i) => &mut self.year_intros[i],
        }
    }
}

/// Each head with where its doc's draft is.
fn locate(mut heads: Vec<Head>, g: &Gathered) -> Vec<Head> {
    let by_path: std::collections::HashMap<&std::path::Path, usize> =
        heads.iter().enumerate().map(|(i, h)| (h.doc.source.path.as_path(), i)).collect();
    let mut at: Vec<Option<At>> = vec![None; heads.len()];
    let posts = g.posts.iter().enumerate().map(|(i, d)| (d, At::Post(i)));
    let pages = g.pages.iter().enumerate().map(|(i, d)| (d, At::Page(i)));
    let intros = g.year_intros.iter().enumerate().map(|(i, d)| (d, At::Intro(i)));
    for (d, place) in posts.chain(pages).chain(intros) {
        if let Some(&k) = by_path.get(d.source.path.as_path()) {
            at[k] = Some(place);
        }
    }
    for (h, a) in heads.iter_mut().zip(at) {
        h.at = a;
    }
    heads
}
