//! ASSEMBLE: parsed docs -> the site model: posts sorted once, pages, assets, URLs checked for
//! collisions, neighbours linked, bodies rendered (in parallel, once every URL is known).
//!
//! Input: [`Doc`]s and content assets. Output: a [`Site`] and diagnostics. Everything but the
//! Markdown rendering is serial and pure; this module must not read or write files.

use std::collections::BTreeMap;
use std::path::PathBuf;

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

use crate::taxonomy::{self, Series, Term};
use crate::urls;
use crate::years::{self, Year};

/// A post (dated, under `content/posts/`) or a standalone page.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: Kind,
    pub source: Source,
    pub fm: std::sync::Arc<FrontMatter>,
    pub slug: String,
    /// Site path, unencoded, without the base path: `/2023/회고/`.
    pub url: String,
    /// Always set for posts; for pages only when front matter gives one.
    pub date: Option<PostDate>,
    /// The Markdown; emptied once rendered in `gen build` (`gen serve` keeps it in its cache).
    pub body: std::sync::Arc<str>,
    /// [`Doc::digest`]: what the file said, for `gen serve`'s caches.
    pub digest: u64,
    /// `gen serve`: covers the file, where it lives and its rendered Markdown: the version of
    /// the entry as pages read it (`view::Versions`; 0 in `gen build`).
    pub fingerprint: u64,
    pub body_line: usize,
    /// Shared with `gen serve`'s cache, which keeps it across rebuilds.
    pub rendered: std::sync::Arc<Rendered>,
    /// Index (into `Site::posts`) of the next newer and next older post.
    pub newer: Option<PostId>,
    pub older: Option<PostId>,
    /// For a yearly retrospective, the year it covers.
    pub retro: Option<i16>,
    /// A retrospective of a week, month, project, event... (not a year): listed on the year
    /// page of its publication, "그 밖의 회고".
    pub other_retro: bool,
    /// Dated after the build's "now": left out unless `--drafts`, marked when shown.
    pub future: bool,
}

/// A content file copied to the output.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: Source,
    pub url: String,
}

/// A post: its place in [`Site::posts`] (newest first). Pages, year intros, years, terms and
/// series have indices of their own; a `PostId` is never taken for one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PostId(pub usize);

impl PostId {
    pub fn index(self) -> usize {
        self.0
    }
}

impl std::ops::Index<PostId> for [Entry] {
    type Output = Entry;
    fn index(&self, id: PostId) -> &Entry {
        &self[id.0]
    }
}

impl std::ops::Index<PostId> for Vec<Entry> {
    type Output = Entry;
    fn index(&self, id: PostId) -> &Entry {
        &self[id.0]
    }
}

impl std::ops::IndexMut<PostId> for [Entry] {
    fn index_mut(&mut self, id: PostId) -> &mut Entry {
        &mut self[id.0]
    }
}

impl std::ops::IndexMut<PostId> for Vec<Entry> {
    fn index_mut(&mut self, id: PostId) -> &mut Entry {
        &mut self[id.0]
    }
}

/// Each post's id and the post, newest first.
pub fn with_ids(posts: &[Entry]) -> impl DoubleEndedIterator<Item = (PostId, &Entry)> + ExactSizeIterator {
    posts.iter().enumerate().map(|(i, p)| (PostId(i), p))
}

/// The whole site, ready to render.
#[derive(Debug, Default)]
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

/// Assembly switches from the command line, and the shared syntax highlighter.
#[derive(Clone, Copy, Default)]
pub struct AssembleOptions<'h> {
    pub drafts: bool,
    /// `None` when `[markdown] highlight = false`.
    pub highlighter: Option<&'h Highlighter>,
    /// Entries dated after this are scheduled: hidden unless `drafts`. `None`: none are.
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
    let (mut site, map) = gather(config, docs, found, opts, diags);
    render_markdown(&bodies::Ctx::new(config, &map, opts.highlighter), &mut site, diags);
    site
}

/// The site model with every URL known and every body still Markdown, and the link map that
/// the Markdown stage resolves links with.
pub fn gather(
    config: &Config,
    docs: Vec<Doc>,
    found: &Discovered,
    opts: AssembleOptions<'_>,
    diags: &mut Diagnostics,
) -> (Site, LinkMap) {
    let (mut posts, mut pages) = (Vec::new(), Vec::new());
    let mut next_due: Option<jiff::Timestamp> = None;
    // Each entry is its own (reading a title for a retrospective is most of it on a big blog);
    // the order of `docs` is kept.
    let built: Vec<Result<Entry, Diagnostic>> =
        docs.into_par_iter().filter(|doc| !doc.fm.draft || opts.drafts).map(|doc| to_entry(config, doc)).collect();
    for built in built {
        match built {
            Ok(mut e) => {
                if let Some(w) = cut_slug(&e) {
                    diags.push(w);
                }
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
    let mut taken = BTreeMap::new();
    posts.retain(|e: &Entry| claim(&mut taken, &e.url, &e.source, diags));
    pages.retain(|e: &Entry| claim(&mut taken, &e.url, &e.source, diags));
    sort_posts(&mut posts);
    link_neighbours(&mut posts);
    let mut assets = place_assets(&found.content, &posts);
    assets.retain(|a| claim(&mut taken, &a.url, &a.source, diags));
    let map = LinkMap::new(config, posts.iter().chain(&pages), &assets);
    let (year_intros, pages): (Vec<Entry>, Vec<Entry>) = pages.into_iter().partition(|p| intro_year(p).is_some());
    let tags = taxonomy::terms(&posts, "tags", |fm| &fm.tags);
    let categories = taxonomy::terms(&posts, "categories", |fm| &fm.categories);
    let series = taxonomy::series(&posts);
    let statics = found.statics.clone();
    let site =
        Site { posts, pages, assets, statics, tags, categories, series, years: Vec::new(), year_intros, next_due };
    (site, map)
}

/// The Markdown stage: every entry's body to HTML, in parallel, once every URL is known; what
/// it noted goes to `diags`. The Markdown is dropped once rendered: nothing reads it again,
/// and a big blog holds all of it.
pub fn render_markdown(cx: &bodies::Ctx<'_>, site: &mut Site, diags: &mut Diagnostics) {
    for entries in [&mut site.posts, &mut site.pages, &mut site.year_intros] {
        entries.par_iter_mut().for_each(|e| {
            e.rendered = cx.render(e).into();
            e.body = "".into();
        });
    }
    notes(site, diags);
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
fn intro_year(e: &Entry) -> Option<i16> {
    let stem = e.source.rel.strip_prefix("years/")?.strip_suffix(".md")?;
    if stem.len() == 4 { stem.parse().ok() } else { None }
}

/// A slug made from a long file name or title is cut to fit a file name: say so, once, where a
/// `slug:` would go.
fn cut_slug(e: &Entry) -> Option<Diagnostic> {
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

fn to_entry(config: &Config, doc: Doc) -> Result<Entry, Diagnostic> {
    let Doc { source, fm, body, body_line, digest } = doc;
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
    let e = Entry {
        kind: source.kind,
        source,
        fm,
        slug,
        url,
        date,
        body,
        digest,
        fingerprint: 0,
        body_line,
        rendered: Default::default(),
        newer: None,
        older: None,
        retro: None,
        other_retro: false,
        future: false,
    };
    Ok(with_verdict(config, e))
}

/// A post with what the retrospective rules make of it: the year it looks back on, or another
/// kind of retrospective. Its front matter and date say it all, so this is part of building it.
fn with_verdict(config: &Config, e: Entry) -> Entry {
    if e.kind != Kind::Post {
        return e;
    }
    let kind = config.retro.verdict(&e).kind;
    let retro = match kind {
        crate::retro::Kind::Annual(y) => Some(y),
        _ => None,
    };
    Entry { retro, other_retro: kind == crate::retro::Kind::Other, ..e }
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
fn sort_posts(posts: &mut [Entry]) {
    posts.sort_by(|a, b| {
        let (ta, tb) = (a.date.as_ref().map(PostDate::timestamp), b.date.as_ref().map(PostDate::timestamp));
        tb.cmp(&ta).then_with(|| a.slug.cmp(&b.slug)).then_with(|| a.source.rel.cmp(&b.source.rel))
    });
}

fn link_neighbours(posts: &mut [Entry]) {
    let n = posts.len();
    for (i, p) in posts.iter_mut().enumerate() {
        p.newer = i.checked_sub(1).map(PostId);
        p.older = (i + 1 < n).then_some(PostId(i + 1));
    }
}

/// Bundle files go beside their post's page; other content files keep their path.
fn place_assets(sources: &[Source], posts: &[Entry]) -> Vec<Asset> {
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
fn claim(taken: &mut BTreeMap<String, PathBuf>, url: &str, source: &Source, diags: &mut Diagnostics) -> bool {
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
pub use bodies::Slot;

#[cfg(test)]
mod tests;
