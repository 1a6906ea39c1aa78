//! ASSEMBLE: every entry's Markdown -> HTML, in parallel, once every URL is known; and the
//! same for a few entries when `gen serve` patches the previous model.
//!
//! With `gen serve`'s cache, a render is reused when the key of all its inputs is equal. This
//! module must not decide what the site contains.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::{Entry, Site};
use crate::cache::Cache;
use crate::config::Config;
use crate::dates::PostDate;
use crate::fields::FrontMatter;
use crate::highlight::Highlighter;
use crate::links::{EntryLinks, LinkMap};
use crate::markdown::{self, MdOptions, Rendered};

type Kept = HashMap<PathBuf, (u64, Arc<Rendered>)>;

/// What rendering any entry needs.
struct Ctx<'a> {
    config: &'a Config,
    map: &'a LinkMap,
    opts: MdOptions<'a>,
    dialect: crate::dialect::Options,
    /// The fingerprint of every URL, with a cache only.
    links: Option<u64>,
}

impl<'a> Ctx<'a> {
    fn new(config: &'a Config, map: &'a LinkMap, highlighter: Option<&'a Highlighter>, cache: bool) -> Self {
        // Broken links (to Markdown sources too) are reported by the link check, after render.
        let opts = MdOptions {
            smart_punctuation: config.markdown.smart_punctuation,
            external_links_new_tab: config.markdown.external_links_new_tab,
            highlighter,
            math: config.markdown.math,
            attributes: &[],
        };
        let dialect = crate::dialect::Options { wikilinks: config.wikilinks };
        Ctx { config, map, opts, dialect, links: cache.then(|| map.fingerprint()) }
    }
}

pub(super) fn render_bodies(
    config: &Config,
    map: &LinkMap,
    assemble: super::AssembleOptions<'_>,
    entries: &mut [Entry],
) {
    let cx = Ctx::new(config, map, assemble.highlighter, assemble.cache.is_some());
    // Locked once for all entries; new renders are added after.
    let kept = assemble.cache.map(Cache::bodies);
    let fresh = std::sync::Mutex::new(Vec::new());
    entries.par_iter_mut().for_each(|e| {
        if let Some(new) = render_entry(&cx, kept.as_deref(), e) {
            fresh.lock().unwrap_or_else(|p| p.into_inner()).push(new);
        }
    });
    if let Some(mut kept) = kept {
        for (path, key, r) in fresh.into_inner().unwrap_or_else(|p| p.into_inner()) {
            kept.insert(path, (key, r));
        }
    }
}

/// Renders the Markdown of the entries at `which` again (`gen serve`, after an edit to their
/// bodies alone): the URLs did not change, so neither did any other entry's HTML.
/// `map` is the site's link map (its URLs are the previous build's, unchanged).
pub fn rerender(
    config: &Config,
    site: &mut Site,
    which: &[Slot],
    map: &LinkMap,
    highlighter: Option<&Highlighter>,
    cache: &Cache,
) {
    let cx = Ctx::new(config, map, highlighter, true);
    let mut kept = cache.bodies();
    for slot in which {
        let e = match *slot {
            Slot::Post(i) => &mut site.posts[i],
            Slot::Page(i) => &mut site.pages[i],
            Slot::Intro(i) => &mut site.year_intros[i],
        };
        if let Some((path, key, r)) = render_entry(&cx, Some(&kept), e) {
            kept.insert(path, (key, r));
        }
    }
}

/// Where an entry sits in the site model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Post(usize),
    Page(usize),
    Intro(usize),
}

/// Renders one entry, or takes its render from `kept`; returns a fresh render to keep.
fn render_entry(cx: &Ctx<'_>, kept: Option<&Kept>, e: &mut Entry) -> Option<(PathBuf, u64, Arc<Rendered>)> {
    let resolver = EntryLinks::new(cx.map, &e.source.rel, &e.url);
    let opts = MdOptions { math: e.fm.math.unwrap_or(cx.opts.math), ..cx.opts };
    let (Some(kept), Some(links)) = (kept, cx.links) else {
        e.rendered = with_description(render(cx, &e.body, opts, &resolver), &e.fm, &resolver).into();
        // Nothing reads the Markdown again, and a build of a big blog holds all of it.
        e.body = "".into();
        return None;
    };
    // Everything the HTML depends on: the body, where it lives, the options, every URL.
    let flags = (
        opts.smart_punctuation,
        opts.external_links_new_tab,
        opts.math,
        opts.highlighter.is_some(),
        cx.dialect.wikilinks,
    );
    let key = crate::digest::key(&[&e.digest, &e.source.rel, &e.url, &flags, &links, &cx.config.base_path]);
    let mut fresh = None;
    e.rendered = match kept.get(&e.source.path).filter(|(k, _)| *k == key) {
        Some((_, r)) => r.clone(),
        None => {
            // The key covers the front matter too (`digest` is the whole file).
            let r = Arc::new(with_description(render(cx, &e.body, opts, &resolver), &e.fm, &resolver));
            fresh = Some((e.source.path.clone(), key, r.clone()));
            r
        }
    };
    let date = e.date.as_ref().map(PostDate::timestamp);
    e.fingerprint = crate::digest::key(&[&key, &e.source.path, &e.slug, &date, &e.body_line]);
    fresh
}

/// Other generators' syntax rewritten (the dialect stage), then the Markdown rendered; links,
/// notes and every other place are the source body's lines and columns.
fn render(cx: &Ctx<'_>, body: &str, opts: MdOptions<'_>, resolver: &EntryLinks<'_>) -> Rendered {
    let Some(rw) = crate::dialect::rewrite(body, &MapSources(cx.map), cx.dialect) else {
        return markdown::render(body, opts, resolver);
    };
    let mut r = markdown::render(&rw.text, MdOptions { attributes: &rw.attributes, ..opts }, resolver);
    for l in &mut r.links {
        l.offset = rw.source_offset(l.offset);
    }
    let places = crate::error::line_cols(body, r.links.iter().map(|l| l.offset));
    for (l, (line, col)) in r.links.iter_mut().zip(places) {
        (l.line, l.col) = (line, col);
    }
    // The Markdown stage's notes (math) are at the rewritten text's places too.
    for n in &mut r.notes {
        n.offset = rw.source_offset(n.offset);
    }
    let places = crate::error::line_cols(body, r.notes.iter().map(|n| n.offset));
    for (n, (line, col)) in r.notes.iter_mut().zip(places) {
        (n.line, n.col) = (line, col);
    }
    r.notes.extend(rw.notes);
    r.notes.sort_by_key(|n| n.offset);
    r.dialects = rw.counts;
    r
}

/// What the dialect stage may point at: the site's sources and their URLs.
struct MapSources<'a>(&'a LinkMap);

impl crate::dialect::Sources for MapSources<'_> {
    fn post_named(&self, stem: &str) -> Option<String> {
        self.0.named(stem).filter(|rel| crate::discover::is_markdown(rel))
    }

    fn by_name(&self, name: &str) -> Option<String> {
        self.0.named(name)
    }

    fn has(&self, rel: &str) -> bool {
        self.0.url_of(rel).is_some()
    }

    fn href(&self, rel: &str) -> Option<String> {
        self.0.url_of(rel).map(|u| self.0.href(u))
    }
}

/// `description`, else the summary as plain text; at most 200 characters. For meta tags. And
/// the cover image, resolved as a link in the body would be (`cover.png` in a bundle).
fn with_description(mut r: Rendered, fm: &FrontMatter, links: &dyn markdown::LinkResolver) -> Rendered {
    r.cover = fm.cover.as_ref().map(|c| links.resolve(c).unwrap_or_else(|| c.clone()));
    let plain = fm.description.as_deref().map(markdown::plain);
    let text = plain.as_deref().unwrap_or(&r.summary_text);
    r.description_text = match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", text[..i].trim_end()),
        None => text.to_owned(),
    };
    r
}
