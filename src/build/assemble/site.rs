//! ASSEMBLE: parsed docs -> the site model. [`gather`] places every doc as a [`Draft`] (URL,
//! date, what kind of retrospective), checks URLs for collisions, sorts the posts once, links
//! neighbours and collects the terms; the Markdown stage ([`render_markdown`], in parallel once
//! every URL is known) makes each draft an [`Entry`], built whole (`entry.rs`).
//!
//! Input: [`Doc`]s and content assets. Output: a [`Site`] and diagnostics. Pure; this module
//! must not read or write files.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::Doc;
use crate::dates::{self, PostDate};
use crate::discover::{Discovered, Kind, Source};
use crate::error::{Diagnostic, Diagnostics};
use crate::fields::FrontMatter;
use crate::highlight::Highlighter;
use crate::links::LinkMap;
use crate::markdown::Rendered;
pub use entry::{Draft, Entry, Placed, PostId, with_ids};

use crate::taxonomy::{self, Series, Term};
use crate::urls;
use crate::years::{self, Year};

/// A content file copied to the output.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: Source,
    pub url: String,
}

/// The whole site, ready to render.
#[derive(Debug, Default, Clone)]
pub struct Site {
    /// Newest first; ties broken by slug, then source path.
    pub posts: Vec<Entry>,
    pub pages: Vec<Entry>,
    pub assets: Vec<Asset>,
    /// The site's `static/` files, copied to the output root.
    pub statics: Vec<Source>,
    pub tags: Vec<Term>,
    pub categories: Vec<Term>,
    pub series: Vec<Series>,
    /// Every year with a post or a retrospective, oldest first.
    pub years: Vec<Year>,
    /// `content/years/{year}.md` intros (not standalone pages).
    pub year_intros: Vec<Entry>,
    /// The earliest date of a scheduled entry: from then on, the site is different.
    pub next_due: Option<jiff::Timestamp>,
}

impl Site {
    /// The post, page or year intro at `slot`.
    pub fn entry(&self, slot: Slot) -> &Entry {
        match slot {
            Slot::Post(i) => &self.posts[i],
            Slot::Page(i) => &self.pages[i],
            Slot::Intro(k) => &self.year_intros[k],
        }
    }
}

/// Assembly switches from the command line, and the shared syntax highlighter.
#[derive(Clone, Copy, Default)]
pub struct AssembleOptions<'h> {
    pub drafts: bool,
    /// `None` when `[markdown] highlight = false`.
    pub highlighter: Option<&'h Highlighter>,
    /// Entries dated after this are scheduled: hidden unless `drafts`. `None`: none are.
    pub now: Option<jiff::Timestamp>,
}

impl AssembleOptions<'_> {
    /// What placing needs of these switches: placing renders nothing.
    pub fn shown(&self) -> Shown {
        Shown { drafts: self.drafts, now: self.now }
    }
}

/// Which entries the site shows: drafts (with `--drafts`), and the "now" after which an entry
/// is scheduled. All that [`gather`] takes from the command line.
#[derive(Clone, Copy, Default)]
pub struct Shown {
    pub drafts: bool,
    pub now: Option<jiff::Timestamp>,
}

/// Builds the site model from parsed docs and the discovered assets, bodies rendered.
pub fn assemble(
    config: &Config,
    docs: Vec<Doc>,
    found: &Discovered,
    opts: AssembleOptions<'_>,
    diags: &mut Diagnostics,
) -> Site {
    let docs = docs.into_iter().map(Arc::new).collect();
    let (gathered, map) = gather(config, docs, found, opts.shown(), diags);
    render_markdown(&bodies::Ctx::new(config, &map, opts.highlighter), gathered, diags)
}

/// Every entry placed, its body still Markdown: what the Markdown stage turns into a [`Site`].
#[derive(Debug, Default, Clone)]
pub struct Gathered {
    /// Newest first; ties broken by slug, then source path.
    pub posts: Vec<Draft>,
    pub pages: Vec<Draft>,
    pub year_intros: Vec<Draft>,
    pub assets: Vec<Asset>,
    pub statics: Vec<Source>,
    pub tags: Vec<Term>,
    pub categories: Vec<Term>,
    pub series: Vec<Series>,
    pub next_due: Option<jiff::Timestamp>,
}

impl Gathered {
    /// The site, each draft made an entry with the HTML (and `gen serve`'s fingerprint) that
    /// `render` gives it, in parallel. Years come after, in their stage.
    pub fn finish(self, render: impl Fn(Slot, &Draft) -> (Arc<Rendered>, u64) + Sync) -> Site {
        let entries = |drafts: Vec<Draft>, slot: fn(usize) -> Slot| -> Vec<Entry> {
            drafts
                .into_par_iter()
                .enumerate()
                .map(|(i, d)| {
                    let (rendered, fingerprint) = render(slot(i), &d);
                    Entry { placed: d.placed, rendered, fingerprint, digest: d.digest }
                })
                .collect()
        };
        let Gathered { posts, pages, year_intros, assets, statics, tags, categories, series, next_due } = self;
        let posts = entries(posts, |i| Slot::Post(PostId(i)));
        let (pages, year_intros) = (entries(pages, Slot::Page), entries(year_intros, Slot::Intro));
        Site { posts, pages, assets, statics, tags, categories, series, years: Vec::new(), year_intros, next_due }
    }
}

/// Every entry placed with every URL known, bodies still Markdown, and the link map that the
/// Markdown stage resolves links with.
pub fn gather(
    config: &Config,
    docs: Vec<Arc<Doc>>,
    found: &Discovered,
    opts: Shown,
    diags: &mut Diagnostics,
) -> (Gathered, LinkMap) {
    let (mut posts, mut pages) = (Vec::new(), Vec::new());
    let mut next_due: Option<jiff::Timestamp> = None;
    // Each entry is its own (reading a title for a retrospective is most of it on a big blog);
    // the order of `docs` is kept.
    let built: Vec<Result<Draft, Diagnostic>> =
        docs.into_par_iter().filter(|doc| !doc.fm.draft || opts.drafts).map(|doc| place(config, doc)).collect();
    for built in built {
        match built {
            Ok(mut e) => {
                diags.extend(e.note.take());
                e.future = opts.now.is_some_and(|now| e.date.as_ref().is_some_and(|d| d.timestamp() > now));
                if e.future {
                    let due = e.date.as_ref().map(PostDate::timestamp);
                    next_due = next_due.into_iter().chain(due).min();
                }
                if e.future && !opts.drafts {
                    continue;
                }
                if e.kind == Kind::Post { posts.push(e) } else { pages.push(e) }
            }
            Err(d) => diags.push(d),
        }
    }
    // Which file claimed each output file first (posts, then pages, then assets): only looked up.
    let mut taken = HashMap::with_capacity(posts.len() + pages.len());
    posts.retain(|e: &Draft| claim(&mut taken, &e.url, &e.source, diags));
    pages.retain(|e: &Draft| claim(&mut taken, &e.url, &e.source, diags));
    sort_posts(&mut posts);
    link_neighbours(&mut posts);
    let mut assets = place_assets(&found.content, &posts);
    assets.retain(|a| claim(&mut taken, &a.url, &a.source, diags));
    let map = LinkMap::new(config, posts.iter().chain(&pages).map(|d| &*d.placed), &assets);
    let (year_intros, pages): (Vec<Draft>, Vec<Draft>) = pages.into_iter().partition(|p| intro_year(p).is_some());
    let statics = found.statics.clone();
    let tags = taxonomy::terms(&posts, "tags", |fm| &fm.tags);
    let categories = taxonomy::terms(&posts, "categories", |fm| &fm.categories);
    let series = taxonomy::series(&posts);
    (Gathered { posts, pages, year_intros, assets, statics, tags, categories, series, next_due }, map)
}

/// The Markdown stage: every entry's body to HTML, in parallel, once every URL is known; what
/// it noted goes to `diags`. The Markdown goes with the draft: nothing reads it again, and a
/// big blog holds all of it.
pub fn render_markdown(cx: &bodies::Ctx<'_>, gathered: Gathered, diags: &mut Diagnostics) -> Site {
    let site = gathered.finish(|_, d| (Arc::new(cx.render(d)), 0));
    notes(&site, diags);
    site
}

/// What the dialect and Markdown stages noted in every body.
pub fn notes(site: &Site, diags: &mut Diagnostics) {
    diags.extend(site.posts.iter().chain(&site.pages).chain(&site.year_intros).flat_map(body_notes));
}

/// The year stage: the year model from the posts, whose retrospectives assembly marked.
/// Separate from [`assemble`] so that its cost shows in `--timings`.
pub fn attach_years(config: &Config, site: &mut Site) {
    let intros = site.year_intros.iter().enumerate().filter_map(|(i, e)| Some((intro_year(e)?, i))).collect();
    site.years = years::build(&site.posts, &site.series, &intros, reading_minutes(config));
}

/// A post's reading time at the configured rates.
pub fn reading_minutes(config: &Config) -> impl Fn(&Entry) -> u32 + '_ {
    let rates = &config.retrospective;
    |p: &Entry| p.rendered.stats.reading_minutes(rates.cjk_chars_per_minute, rates.words_per_minute)
}

/// `content/years/2023.md` is the intro of the 2023 page, not a page of its own.
fn intro_year(e: &Placed) -> Option<i16> {
    let stem = e.source.rel.strip_prefix("years/")?.strip_suffix(".md")?;
    if stem.len() == 4 { stem.parse().ok() } else { None }
}

/// A slug made from a long file name or title is cut to fit a file name: say so, once, where a
/// `slug:` would go.
fn cut_slug(e: &Placed) -> Option<Diagnostic> {
    if e.fm.slug.is_some() {
        return None;
    }
    let name = e
        .source
        .bundle
        .as_deref()
        .map_or_else(|| urls::file_stem(&e.source.rel), |b| b.rsplit('/').next().unwrap_or(b));
    if !crate::slug::slug_is_cut(name) && !crate::slug::slug_is_cut(&e.fm.title) {
        return None;
    }
    let msg = format!(
        "the URL's last part is cut to {} bytes to fit a file name (`{}`); set `slug: ...` to choose a shorter one",
        crate::slug::MAX_SLUG_BYTES,
        e.slug
    );
    Some(Diagnostic::warning(&e.source.path, 1, 1, msg))
}

/// One doc placed: its URL and date, and what kind of retrospective it is. A function of the
/// doc and the configuration alone (nothing about the other docs).
fn place(config: &Config, doc: Arc<Doc>) -> Result<Draft, Diagnostic> {
    // `gen build` holds the only reference; `gen serve` keeps the parse, and copies it.
    let Doc { source, fm, body, body_line, digest } = Arc::unwrap_or_clone(doc);
    let source = Arc::unwrap_or_clone(source);
    let bundle = source.bundle.as_deref();
    let (slug, url, date) = if source.kind == Kind::Post {
        let date = post_date(config, &source, &fm)?;
        let slug = urls::slug_for(&source.rel, bundle, fm.slug.as_deref(), &fm.title);
        let url = urls::post_url(&config.permalink, &slug, &date);
        (slug, url, Some(date))
    } else {
        let url = urls::page_url(&source.rel, fm.slug.as_deref(), &fm.title);
        let slug = url.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_owned();
        (slug, url, fm.date.clone())
    };
    let at = |msg: String| {
        let line = fm.lines.get("slug").copied().unwrap_or(1);
        Diagnostic::error(&source.path, line, 1, msg)
    };
    if slug.is_empty() && source.kind == Kind::Post {
        return Err(at("cannot make a URL from this file name or title: set `slug: ...`".into()));
    }
    urls::check_url(&url).map_err(at)?;
    let placed = Placed {
        kind: source.kind,
        source,
        fm,
        slug,
        url,
        date,
        body_line,
        newer: None,
        older: None,
        retro: None,
        other_retro: false,
        future: false,
    };
    // Checked here, in parallel, rather than in the pass that gathers: two more slugs.
    let note = cut_slug(&placed);
    Ok(Draft { placed: Arc::new(with_verdict(config, placed)), body, digest, note })
}

/// A post with what the retrospective rules make of it: the year it looks back on, or another
/// kind of retrospective. Its front matter and date say it all, so this is part of building it.
fn with_verdict(config: &Config, e: Placed) -> Placed {
    if e.kind != Kind::Post {
        return e;
    }
    let kind = config.retro.verdict(&e).kind;
    let retro = match kind {
        crate::retro::Kind::Annual(y) => Some(y),
        _ => None,
    };
    Placed { retro, other_retro: kind == crate::retro::Kind::Other, ..e }
}

/// Front matter's date, else the file or bundle name's `YYYY-M-D-` prefix; front matter wins.
fn post_date(config: &Config, source: &Source, fm: &FrontMatter) -> Result<PostDate, Diagnostic> {
    if let Some(d) = &fm.date {
        return Ok(d.clone());
    }
    let name = match &source.bundle {
        Some(b) => b.rsplit('/').next().unwrap_or(b),
        None => urls::file_stem(&source.rel),
    };
    let missing = || {
        Diagnostic::error(
            &source.path,
            1,
            1,
            "missing `date`: add `date: YYYY-MM-DD` to the front matter, or name the file `YYYY-MM-DD-slug.md`",
        )
    };
    let (day, _) = dates::split_date_prefix(name).ok_or_else(missing)?;
    dates::from_date(day, &config.timezone).map_err(|m| Diagnostic::error(&source.path, 1, 1, m))
}

/// Newest first; equal times by slug, then by source path, so the order never depends on the
/// file system.
fn sort_posts(posts: &mut [Draft]) {
    posts.sort_by(|a, b| {
        let (ta, tb) = (a.date.as_ref().map(PostDate::timestamp), b.date.as_ref().map(PostDate::timestamp));
        tb.cmp(&ta).then_with(|| a.slug.cmp(&b.slug)).then_with(|| a.source.rel.cmp(&b.source.rel))
    });
}

fn link_neighbours(posts: &mut [Draft]) {
    let n = posts.len();
    for (i, p) in posts.iter_mut().enumerate() {
        p.newer = i.checked_sub(1).map(PostId);
        p.older = (i + 1 < n).then_some(PostId(i + 1));
    }
}

/// Bundle files go beside their post's page; other content files keep their path.
fn place_assets(sources: &[Source], posts: &[Draft]) -> Vec<Asset> {
    let bundle_urls: BTreeMap<&str, &str> =
        posts.iter().filter_map(|p| Some((p.source.bundle.as_deref()?, p.url.as_str()))).collect();
    sources
        .iter()
        .filter(|s| s.kind == Kind::Asset)
        .filter_map(|s| {
            let url = match &s.bundle {
                // A bundle whose post is a draft or failed to parse publishes none of its files.
                Some(b) => format!("{}{}", urls::folder_of(bundle_urls.get(b.as_str())?), &s.rel[b.len() + 1..]),
                None => format!("/{}", s.rel),
            };
            Some(Asset { source: s.clone(), url })
        })
        .collect()
}

/// What the dialect and Markdown stages said about an entry's body (constructs not understood,
/// formulas left as source), at the file's lines.
pub fn body_notes(e: &Entry) -> impl Iterator<Item = Diagnostic> + '_ {
    e.rendered.notes.iter().map(|n| {
        let line = e.body_line + n.line - 1;
        if n.error {
            Diagnostic::error(&e.source.path, line, n.col, n.message.clone())
        } else {
            Diagnostic::warning(&e.source.path, line, n.col, n.message.clone())
        }
    })
}

/// Records that `source` writes `url`. A second source for one URL is an error naming both
/// files, and is left out of the site so that nothing reports it twice.
fn claim(taken: &mut HashMap<String, PathBuf>, url: &str, source: &Source, diags: &mut Diagnostics) -> bool {
    let file = urls::output_file(url);
    if file == "index.html" {
        let msg = "this page's URL is `/`, which is the home page: give it a `slug`";
        diags.push(Diagnostic::error(&source.path, 1, 1, msg));
        return false;
    }
    if let Some(first) = taken.get(&file) {
        let msg = format!("URL `/{file}` is also produced by {}: change `slug` in one of them", first.display());
        diags.push(Diagnostic::error(&source.path, 1, 1, msg));
        return false;
    }
    taken.insert(file, source.path.clone());
    true
}

pub mod bodies;
mod entry;
pub use bodies::Slot;

#[cfg(test)]
mod tests;
