//! RENDER: the site model x the templates -> output files in memory, in parallel.
//!
//! Each output page is a [`Job`]; jobs render independently with rayon and return bytes or a
//! diagnostic. Writing is `output.rs`'s job: this module must not touch the file system except
//! to name files to copy, and keeps nothing between builds: `gen serve` runs only the jobs
//! whose reads of the model changed ([`Pages::run_recorded`], from `crate::cache`). Views read
//! the model through `view::ViewCtx` alone.

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::error::Diagnostics;
use crate::feeds::{self, FeedSpec};
use crate::site::{Entry, PostId, Site};
use crate::theme::{FileData, Theme};
use crate::urls::output_file;
use crate::view::{self, TermView, ViewCtx};
use crate::yearview::{self, YearText};

/// What an output file holds.
#[derive(Debug, Clone)]
pub enum Body {
    /// Shared so that `gen serve` can keep a page across rebuilds without copying it.
    Bytes(std::sync::Arc<Vec<u8>>),
    /// Already written to the staging folder as it was rendered (`gen build`); the writer
    /// keeps what the link check needs from it.
    Written,
    Copy(FileData),
}

/// One file of the output, relative to the output directory, `/`-separated.
#[derive(Debug, Clone)]
pub struct OutFile {
    pub path: String,
    pub body: Body,
    /// What produced it, for collision messages.
    pub origin: String,
    /// The source file behind it, if one: collision errors are reported there.
    pub source: Option<PathBuf>,
}

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Post(PostId),
    Page(usize),
    Index(usize),
    Taxonomy(Tax),
    Term(Tax, usize, usize),
    Series(usize),
    Year(usize),
    Archive,
    Feed,
    TagFeed(usize),
    Sitemap,
    Robots,
    NotFound,
    Search,
}

pub use crate::taxonomy::Tax;

/// What `/search/` needs besides the site: where Pagefind's files are.
#[derive(Serialize)]
struct SearchView {
    /// The folder of `pagefind.js`, with the base path (`/blog/pagefind/`).
    bundle: String,
}

/// A page of a paginated list.
#[derive(Serialize)]
struct Paginator<'a> {
    /// 1-based.
    number: usize,
    total_pages: usize,
    total_items: usize,
    items: Vec<view::Item<'a>>,
    first: String,
    last: String,
    prev: Option<String>,
    next: Option<String>,
}

/// One render of the site's pages: the jobs, and what running any of them needs (the
/// templates with the site-wide values set). `gen build` runs every job; `gen serve` runs the
/// ones whose inputs changed (`crate::cache`).
pub struct Pages<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    pub theme: &'a Theme,
    /// What every page sees as `site`: menu, tags, years, counts.
    pub site_view: view::SiteView<'a>,
    pub jobs: Vec<Job>,
    /// Every post's index, newest first (the home page and the feed list them all).
    pub all: Vec<PostId>,
    date_format: Box<dyn Fn(&str) -> String + Sync + 'a>,
    year_text: YearText,
}

/// The render of `site` with `theme`, whose templates get the site-wide values.
pub fn prepare<'a>(config: &'a Config, site: &'a Site, theme: &'a mut Theme) -> Pages<'a> {
    let site_view = view::site_view(config, site);
    set_globals(config, theme, &site_view);
    let theme: &'a Theme = theme;
    let year_text = YearText::from_strings(&theme.strings);
    let jobs = jobs(config, site, theme);
    let all = (0..site.posts.len()).map(PostId).collect();
    let date_format = Box::new(move |lang: &str| date_format(theme, lang));
    Pages { config, site, theme, site_view, jobs, all, date_format, year_text }
}

/// A page that failed: Tera's message and what was being rendered.
pub type Failed = (String, String);

impl Pages<'_> {
    /// Renders one job. `items`: `gen serve`'s list views kept across rebuilds.
    pub fn run(&self, job: Job, items: Option<&view::Items>) -> Result<OutFile, Failed> {
        let cx = ViewCtx::new(self.config, self.site, &self.all, &*self.date_format, items, None);
        run(&cx, self.theme, &self.year_text, job)
    }

    /// [`Pages::run`], with what the page read of the model ([`view::Read`]).
    pub fn run_recorded(&self, job: Job, items: Option<&view::Items>) -> (Result<OutFile, Failed>, Vec<view::Read>) {
        let rec = view::Recorder::default();
        let cx = ViewCtx::new(self.config, self.site, &self.all, &*self.date_format, items, Some(&rec));
        let page = run(&cx, self.theme, &self.year_text, job);
        (page, rec.into_reads())
    }

    /// The rendered pages in job order; each failure reported once.
    pub fn sort_out(&self, results: Vec<Result<OutFile, Failed>>, diags: &mut Diagnostics) -> Vec<OutFile> {
        let mut files = Vec::with_capacity(results.len() + self.site.assets.len());
        let mut failed = Vec::new();
        for r in results {
            match r {
                Ok(f) => files.push(f),
                Err(e) => failed.push(e),
            }
        }
        report_failures(self.theme, failed, diags);
        files
    }

    /// Every file that is not a page: copies, redirects, and the highlighting stylesheets
    /// (`css`, light and dark, when code is highlighted).
    pub fn others(&self, css: Option<(String, String)>, diags: &mut Diagnostics) -> Vec<OutFile> {
        let mut files = copies(self.config, self.site, self.theme);
        files.extend(redirects(self.config, self.site, diags));
        if let Some((light, dark)) = css {
            let origin = "[markdown] highlight_theme".to_owned();
            files.push(OutFile {
                source: None,
                path: "syntax-light.css".into(),
                body: Body::Bytes(light.into_bytes().into()),
                origin: origin.clone(),
            });
            files.push(OutFile {
                path: "syntax-dark.css".into(),
                body: Body::Bytes(dark.into_bytes().into()),
                origin,
                source: None,
            });
        }
        files
    }
}

/// Renders every page and lists every file to copy. Template errors go to `diags`. `sink`
/// sees each page as it is rendered (`gen build` writes it then and there).
pub fn render(
    config: &Config,
    site: &Site,
    theme: &mut Theme,
    diags: &mut Diagnostics,
    sink: Option<&(dyn Fn(&mut OutFile) + Sync)>,
) -> Vec<OutFile> {
    let pages = prepare(config, site, theme);
    let results: Vec<Result<OutFile, Failed>> = pages
        .jobs
        .par_iter()
        .map(|j| {
            pages.run(*j, None).map(|mut page| {
                if let Some(sink) = sink {
                    sink(&mut page);
                }
                page
            })
        })
        .collect();
    let mut files = pages.sort_out(results, diags);
    // The theme was validated with the configuration, so this cannot fail here.
    let css = config.markdown.highlight.then(|| crate::highlight::stylesheets(&config.markdown.highlight_theme).ok());
    files.extend(pages.others(css.flatten(), diags));
    files
}

/// One broken template fails every page that uses it: each distinct error is reported once.
fn report_failures(theme: &Theme, failed: Vec<Failed>, diags: &mut Diagnostics) {
    let mut by_msg: std::collections::BTreeMap<String, (String, usize)> = std::collections::BTreeMap::new();
    for (msg, origin) in failed {
        by_msg.entry(msg).or_insert((origin, 0)).1 += 1;
    }
    for (msg, (origin, n)) in by_msg {
        let more = if n > 1 { format!(" and {} more", n - 1) } else { String::new() };
        let mut d = crate::theme::template_diagnostic(&theme.template_paths, &msg);
        let (first, rest) = d.message.split_once('\n').unwrap_or((&d.message, ""));
        d.message = format!("{first} (while rendering {origin}{more})\n{rest}").trim_end().to_owned();
        diags.push(d);
    }
}

/// What every template sees besides its page.
fn set_globals(config: &Config, theme: &mut Theme, site_view: &view::SiteView<'_>) {
    theme.tera.global_context().insert("site", site_view);
    theme.tera.global_context().insert("t", &theme.strings);
    theme.tera.global_context().insert("lang", &config.language);
}

fn date_format(theme: &Theme, lang: &str) -> String {
    let from = |t: &toml::Table| t.get("date_format").and_then(|v| v.as_str()).map(str::to_owned);
    theme.all_strings.get(lang).and_then(from).or_else(|| from(&theme.strings)).unwrap_or_else(|| "%Y-%m-%d".into())
}

fn jobs(config: &Config, site: &Site, theme: &Theme) -> Vec<Job> {
    let has = |t: &str| theme.tera.contains_template(t);
    let mut jobs: Vec<Job> = (0..site.posts.len()).map(|i| Job::Post(PostId(i))).collect();
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs.extend((1..=pages_of(site.posts.len(), config.paginate)).map(Job::Index));
    for (tax, terms) in [(Tax::Tags, &site.tags), (Tax::Categories, &site.categories)] {
        // A menu entry for /tags/ on a blog with no tags yet (the starter's case) gets the
        // page with its empty state, not a broken link.
        let in_menu = config.menu.iter().any(|m| m.url.trim_end_matches('/') == format!("/{}", tax.name()));
        if terms.is_empty() && !in_menu {
            continue;
        }
        if has("taxonomy.html") {
            jobs.push(Job::Taxonomy(tax));
        }
        if has("term.html") {
            for (i, t) in terms.iter().enumerate() {
                jobs.extend((1..=pages_of(t.posts.len(), config.paginate)).map(|n| Job::Term(tax, i, n)));
            }
        }
    }
    if has("year.html") {
        jobs.extend((0..site.years.len()).map(Job::Year));
    }
    if has("archive.html") {
        jobs.push(Job::Archive);
    }
    if has("series.html") {
        jobs.extend((0..site.series.len()).map(Job::Series));
    }
    if has("404.html") {
        jobs.push(Job::NotFound);
    }
    if has("atom.xml") {
        jobs.push(Job::Feed);
        if config.feed.tags {
            jobs.extend((0..site.tags.len()).map(Job::TagFeed));
        }
    }
    if has("sitemap.xml") {
        jobs.push(Job::Sitemap);
    }
    if has("robots.txt") {
        jobs.push(Job::Robots);
    }
    if config.search.enabled && has("search.html") {
        jobs.push(Job::Search);
    }
    jobs
}

/// How many pages a list of `items` takes.
pub fn pages_of(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}

/// A post's or page's own page: its template (`post.html`, `page.html`), URL and origin. A
/// post in another language keeps the site's interface (menu, labels, <html lang>); its own
/// `lang` marks up the article and picks its date format.
fn entry_page(cx: &ViewCtx<'_>, ctx: &mut tera::Context, e: &Entry, key: &'static str) -> (String, String, String) {
    ctx.insert(key, &view::entry_view(cx, e, true));
    (format!("{key}.html"), e.url.clone(), e.source.path.display().to_string())
}

/// Renders one job; a failure is (Tera's message, what was being rendered). The model is read
/// through `cx` alone.
fn run(cx: &ViewCtx<'_>, theme: &Theme, year_text: &YearText, job: Job) -> Result<OutFile, (String, String)> {
    let mut ctx = tera::Context::new();
    let mut entry = None;
    let (template, url, origin) = match job {
        Job::Post(i) => {
            let e = cx.post(i);
            entry = Some(e);
            entry_page(cx, &mut ctx, e, "post")
        }
        Job::Page(i) => {
            let e = cx.page(i);
            entry = Some(e);
            entry_page(cx, &mut ctx, e, "page")
        }
        Job::Index(n) => {
            ctx.insert("paginator", &paginate(cx, cx.all(), "/", n));
            // The newest retrospective leads the first page of the home page.
            let featured = cx.newest_retro().filter(|_| n == 1).map(|i| cx.post(i));
            ctx.insert("featured", &featured.map(|p| view::entry_view(cx, p, false)));
            ("index.html".into(), page_url("/", n), "home page".into())
        }
        Job::Taxonomy(tax) => {
            let terms = cx.terms(tax);
            ctx.insert(
                "taxonomy",
                &TaxonomyView {
                    name: tax.name(),
                    url: cx.urls.href(&format!("/{}/", tax.name())),
                    terms: view::term_views(&cx.urls, terms),
                },
            );
            ("taxonomy.html".into(), format!("/{}/", tax.name()), format!("{} index", tax.name()))
        }
        Job::Term(tax, i, n) => {
            let t = cx.term(tax, i);
            ctx.insert(
                "term",
                &TermView { name: &t.name, slug: &t.slug, url: cx.urls.href(&t.url), count: t.posts.len() },
            );
            ctx.insert("taxonomy", tax.name());
            ctx.insert("paginator", &paginate(cx, &t.posts, &t.url, n));
            ("term.html".into(), page_url(&t.url, n), format!("{} `{}`", tax.name(), t.name))
        }
        Job::Series(i) => {
            let s = cx.series(i);
            let posts: Vec<view::Item<'_>> = s.posts.iter().map(|&p| view::list_item(cx, p)).collect();
            ctx.insert("series", &SeriesView { name: &s.name, url: cx.urls.href(&s.url), posts });
            ("series.html".into(), s.url.clone(), format!("series `{}`", s.name))
        }
        Job::Year(i) => {
            let y = cx.year(i);
            ctx.insert("year", &yearview::year_view(cx, y, year_text));
            ("year.html".into(), crate::urls::year_url(y.year), format!("year page {}", y.year))
        }
        Job::Archive => {
            ctx.insert("archive", &yearview::archive_view(cx, year_text));
            ("archive.html".into(), "/archive/".into(), "archive page".into())
        }
        Job::Feed => {
            let spec = FeedSpec { title: cx.config.title.clone(), list_url: "/".into(), posts: cx.all() };
            ctx.insert("feed", &feeds::feed_view(cx, &spec));
            ("atom.xml".into(), "/atom.xml".into(), "the feed".into())
        }
        Job::TagFeed(i) => {
            let t = cx.term(Tax::Tags, i);
            let spec = FeedSpec {
                title: format!("{} · {}", cx.config.title, t.name),
                list_url: t.url.clone(),
                posts: &t.posts,
            };
            ctx.insert("feed", &feeds::feed_view(cx, &spec));
            ("atom.xml".into(), format!("{}atom.xml", t.url), format!("the feed of tag `{}`", t.name))
        }
        Job::Sitemap => {
            let has = |t: &str| theme.tera.contains_template(t);
            ctx.insert("sitemap", &SitemapView { entries: feeds::sitemap(cx, has) });
            ("sitemap.xml".into(), "/sitemap.xml".into(), "the sitemap".into())
        }
        Job::Robots => {
            ctx.insert("robots", &RobotsView { sitemap_url: cx.urls.permalink("/sitemap.xml") });
            ("robots.txt".into(), "/robots.txt".into(), "robots.txt".into())
        }
        Job::NotFound => ("404.html".into(), "/404.html".into(), "404 page".into()),
        Job::Search => {
            ctx.insert("search", &SearchView { bundle: cx.urls.href(&format!("/{}/", crate::urls::SEARCH_BUNDLE)) });
            ("search.html".into(), "/search/".into(), "search page".into())
        }
    };
    ctx.insert("current_url", &cx.urls.href(&url));
    ctx.insert("current_permalink", &cx.urls.permalink(&url));
    ctx.insert("current_path", &url);
    // Rendered straight into bytes (Tera's `render` checks its output is UTF-8 again, 450 MB at
    // 10,000 posts), sized for a post's body plus the page around it so the buffer is not copied
    // as it grows.
    let around = 16 * 1024;
    let hint = entry.map_or(2 * around, |e| e.rendered.html.len() + around);
    let mut html = Vec::with_capacity(hint);
    let rendered = theme.tera.render_to(&template, &ctx, &mut html);
    rendered.map_err(|e| (crate::theme::error_chain(&e), origin.clone()))?;
    if html.capacity() - html.len() > html.len() / 4 {
        html.shrink_to_fit(); // gen serve keeps its pages
    }
    let source = entry.map(|e| e.source.path.clone());
    Ok(OutFile { path: output_file(&url), body: Body::Bytes(html.into()), origin, source })
}

#[derive(Serialize)]
struct SitemapView {
    entries: Vec<feeds::SitemapEntry>,
}

#[derive(Serialize)]
struct RobotsView {
    sitemap_url: String,
}

#[derive(Serialize)]
struct TaxonomyView<'a> {
    name: &'a str,
    url: String,
    terms: Vec<TermView<'a>>,
}

#[derive(Serialize)]
struct SeriesView<'a> {
    name: &'a str,
    url: String,
    posts: Vec<view::Item<'a>>,
}

/// Page 1 of a list stays at the list's own URL; page n is `{list}page/{n}/`.
fn page_url(list: &str, n: usize) -> String {
    if n <= 1 { list.to_owned() } else { format!("{list}page/{n}/") }
}

fn paginate<'a>(cx: &ViewCtx<'a>, posts: &[PostId], list: &str, n: usize) -> Paginator<'a> {
    let per = cx.config.paginate.max(1);
    let total_pages = pages_of(posts.len(), per);
    let items = posts.iter().skip((n - 1) * per).take(per).map(|&i| view::list_item(cx, i)).collect();
    let href = |k: usize| cx.urls.href(&page_url(list, k));
    Paginator {
        number: n,
        total_pages,
        total_items: posts.len(),
        items,
        first: href(1),
        last: href(total_pages),
        prev: (n > 1).then(|| href(n - 1)),
        next: (n < total_pages).then(|| href(n + 1)),
    }
}

mod others;
use others::{copies, redirects};
