//! RENDER: borrowed, serialisable views of the site model: the template contract.
//!
//! Every field a template can read is declared here (and documented in the guide's "Themes and
//! templates" chapter). Views are built from the typed model on demand; they never feed back
//! into it. Hrefs are percent-encoded and carry the `base_url` path.

use serde::Serialize;

use crate::config::Config;
use crate::dates::PostDate;
use crate::discover::Kind;
use crate::markdown::{TextStats, TocEntry};
use crate::site::{Entry, PostId, Site};
use crate::taxonomy::{Tax, Term};

mod model;
mod versions;
pub use model::{Dates, Item, Items, Read, Recorder, TermName, ViewCtx, list_item, terms};
pub use versions::Versions;

/// Turns site paths into hrefs and permalinks.
pub struct Urls<'a> {
    config: &'a Config,
}

impl<'a> Urls<'a> {
    pub fn new(config: &'a Config) -> Self {
        Urls { config }
    }

    /// `/2023/회고/` -> `/blog/2023/%ED%9A%8C%EA%B3%A0/` (with `base_url` = `.../blog/`).
    pub fn href(&self, url: &str) -> String {
        crate::urls::href(&self.config.base_path, url)
    }

    /// An href as written on the page at site path `page` made absolute: `https://…` as it is,
    /// `/blog/a.png` on the site's origin, `a.png` beside the page.
    pub fn absolute(&self, href: &str, page: &str) -> String {
        let lower = href.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return href.to_owned();
        }
        let base = &self.config.base_url;
        let origin = base.find("://").and_then(|i| base[i + 3..].find('/').map(|j| &base[..i + 3 + j]));
        match (origin, href.strip_prefix('/')) {
            (Some(o), Some(_)) => format!("{o}{href}"),
            (Some(_), None) => format!("{}{}", self.permalink(page), href.trim_start_matches("./")),
            (None, _) => href.to_owned(),
        }
    }

    /// The absolute URL, for feeds, sitemaps and canonical links.
    pub fn permalink(&self, url: &str) -> String {
        let base = &self.config.base_url;
        match base.find("://").and_then(|i| base[i + 3..].find('/').map(|j| i + 3 + j)) {
            Some(origin_end) => format!("{}{}", &base[..origin_end], self.href(url)),
            None => self.href(url),
        }
    }
}

#[derive(Serialize)]
pub struct LinkView {
    pub name: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct TermView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct YearLink {
    pub year: i16,
    pub url: String,
}

#[derive(Serialize)]
pub struct YearSummary {
    pub year: i16,
    pub url: String,
    pub posts: usize,
}

/// The `site` variable every template receives.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub language: &'a str,
    pub timezone: &'a str,
    pub author: &'a str,
    /// `[author]` for an author card: `{name, bio, avatar, links: [{kind, url}]}`; `null`
    /// when gen.toml gives nothing beyond a name.
    pub author_card: Option<AuthorCard<'a>>,
    /// `[comments]` when a provider is configured, else `null`.
    pub comments: Option<&'a crate::config::Comments>,
    pub menu: Vec<LinkView>,
    pub extra: &'a toml::Table,
    pub tags: Vec<TermView<'a>>,
    pub categories: Vec<TermView<'a>>,
    pub series: Vec<TermView<'a>>,
    pub post_count: usize,
    /// Code is highlighted: link `syntax-light.css` and `syntax-dark.css`.
    pub highlight: bool,
    /// Years with a page, newest first: `{year, url, posts}`.
    pub years: Vec<YearSummary>,
    pub archive_url: String,
    pub home_url: String,
    pub feed_url: String,
    /// The site's `static/custom.css`, when it has one: the default theme links it last.
    pub custom_css: Option<String>,
    /// `{"?p=123": "/2019/old-post/"}` (JSON, safe in a `<script>`): old addresses that are the
    /// home page with a query, from `aliases`; the home page redirects them. `null` when none.
    pub query_redirects: Option<String>,
    /// `/search/` when `[search]` is on (the default theme's header box submits there); else
    /// `null`.
    pub search_url: Option<String>,
}

pub fn site_view<'a>(config: &'a Config, site: &'a Site) -> SiteView<'a> {
    let u = Urls::new(config);
    let menu = config.menu.iter().map(|m| LinkView { name: m.name.clone(), url: menu_href(&u, &m.url) }).collect();
    let series = site.series.iter().map(|s| TermView {
        name: &s.name,
        slug: &s.slug,
        url: u.href(&s.url),
        count: s.posts.len(),
    });
    SiteView {
        title: &config.title,
        description: &config.description,
        base_url: &config.base_url,
        base_path: &config.base_path,
        language: &config.language,
        timezone: &config.timezone_name,
        author: &config.author,
        author_card: author_card(&u, &config.author_card),
        menu,
        extra: &config.extra,
        comments: config.comments.as_ref(),
        tags: term_views(&u, &site.tags),
        categories: term_views(&u, &site.categories),
        series: series.collect(),
        post_count: site.posts.len(),
        highlight: config.markdown.highlight,
        years: site
            .years
            .iter()
            .rev()
            .map(|y| YearSummary { year: y.year, url: u.href(&crate::urls::year_url(y.year)), posts: y.stats.posts })
            .collect(),
        archive_url: u.href("/archive/"),
        home_url: u.href("/"),
        feed_url: u.href("/atom.xml"),
        custom_css: site.statics.iter().any(|s| s.rel == "custom.css").then(|| u.href("/custom.css")),
        query_redirects: query_redirects(&u, site),
        search_url: config.search.enabled.then(|| u.href("/search/")),
    }
}

/// Old addresses that differ from the home page's only by a query (`/?p=123`, from `aliases`)
/// as a JSON object `{"?p=123": "/2019/old-post/"}` safe in a `<script>`, for the home page to
/// redirect by; `None` without such aliases. The first to claim a query keeps it: posts newest first, then pages.
pub fn query_redirects(u: &Urls<'_>, site: &Site) -> Option<String> {
    let mut map = serde_json::Map::new();
    for e in site.posts.iter().chain(&site.pages) {
        for a in &e.fm.aliases {
            if let Ok(crate::urls::Alias::Query(q)) = crate::urls::alias(a) {
                map.entry(q).or_insert_with(|| serde_json::Value::String(u.href(&e.url)));
            }
        }
    }
    (!map.is_empty()).then(|| script_safe(&serde_json::Value::Object(map).to_string()))
}

/// Menu entries are site paths unless they are full URLs.
pub fn menu_href(u: &Urls<'_>, url: &str) -> String {
    if url.contains("://") || url.starts_with("mailto:") { url.to_owned() } else { u.href(url) }
}

pub fn term_views<'a>(u: &Urls<'_>, terms: &'a [Term]) -> Vec<TermView<'a>> {
    terms.iter().map(|t| TermView { name: &t.name, slug: &t.slug, url: u.href(&t.url), count: t.posts.len() }).collect()
}

/// A date as templates see it: machine form, calendar parts and the localised display form.
#[derive(Serialize)]
pub struct DateView {
    /// RFC 3339 in the site's time zone.
    pub iso: String,
    pub ymd: String,
    /// In the page language's `date_format` (e.g. "2023년 10월 30일").
    pub display: String,
    pub date_only: bool,
    pub year: i16,
    pub month: i8,
    pub day: i8,
}

pub fn date_view(d: &PostDate, format: &str) -> DateView {
    let z = &d.zoned;
    DateView {
        iso: d.rfc3339(),
        ymd: d.ymd(),
        display: jiff::fmt::strtime::format(format, z).unwrap_or_else(|_| d.ymd()),
        date_only: d.date_only,
        year: z.year(),
        month: z.month(),
        day: z.day(),
    }
}

#[derive(Serialize)]
pub struct NavLink {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct SeriesNav {
    pub name: String,
    pub url: String,
    /// 1-based position in reading order.
    pub index: usize,
    pub total: usize,
    pub prev: Option<NavLink>,
    pub next: Option<NavLink>,
    pub posts: Vec<NavLink>,
}

/// A post or page as templates see it. `content` and `toc` are present on the entry's own page
/// only, never in lists.
#[derive(Serialize)]
pub struct EntryView<'a> {
    pub kind: &'static str,
    pub title: &'a str,
    pub url: String,
    pub permalink: String,
    pub slug: &'a str,
    pub source: &'a str,
    pub lang: &'a str,
    pub description: Option<&'a str>,
    /// `description`, else the summary as plain text; at most 200 characters. For meta tags.
    pub description_text: &'a str,
    pub summary: &'a str,
    pub has_more: bool,
    /// The body has a mermaid block (or the front matter says `mermaid: true`): the page loads
    /// the theme's mermaid script.
    pub mermaid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toc: Option<&'a [TocEntry]>,
    /// JSON-LD `BlogPosting` for a post's own page (safe to put in a `<script>`); else absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json_ld: Option<String>,
    pub date: Option<DateView>,
    pub updated: Option<DateView>,
    pub reading_time: u32,
    pub stats: TextStats,
    pub tags: Vec<LinkView>,
    pub categories: Vec<LinkView>,
    pub series: Option<SeriesNav>,
    pub newer: Option<NavLink>,
    pub older: Option<NavLink>,
    pub draft: bool,
    /// Dated in the future: shown only with `--drafts`.
    pub future: bool,
    /// For a yearly retrospective: the year it covers and that year's page.
    pub retrospective: Option<YearLink>,
    /// The cover image (front matter `cover`, `image`, `featuredImage`…): `src` for `<img>`.
    pub cover: Option<&'a str>,
    /// The cover as an absolute URL, for `og:image`.
    pub cover_url: Option<String>,
    /// On the entry's own page when the search index takes it (`[search]`, `search: false`):
    /// the filters the theme marks for Pagefind; else absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<SearchFacts>,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// What the search index files a post or page under.
#[derive(Serialize)]
pub struct SearchFacts {
    /// `post`, `retrospective` (yearly or other) or `page`.
    pub kind: &'static str,
    /// The year it was published in, if dated.
    pub year: Option<i16>,
    /// For a yearly retrospective, the year it covers.
    pub retro_year: Option<i16>,
    /// Tails of words written across scripts (`k8s운영` -> `운영`), space-separated: more
    /// words for the index, so that `운영` finds `k8s운영`.
    pub terms: String,
}

fn search_facts(cx: &ViewCtx<'_>, e: &Entry) -> Option<SearchFacts> {
    if !cx.config.search.indexes(&e.source.rel, e.fm.search) {
        return None;
    }
    let kind = match e.kind {
        Kind::Page => "page",
        _ if e.retro.is_some() || e.other_retro => "retrospective",
        _ => "post",
    };
    let terms = e.rendered.search_terms.join(" ");
    Some(SearchFacts { kind, year: e.date.as_ref().map(|d| d.zoned.year()), retro_year: e.retro, terms })
}

pub fn entry_view<'a>(cx: &ViewCtx<'a>, e: &'a Entry, full: bool) -> EntryView<'a> {
    let u = &cx.urls;
    let lang = e.fm.lang.as_deref().unwrap_or(&cx.config.language);
    let fmt = (cx.date_format)(lang);
    let nav = |i: Option<PostId>| i.map(|i| cx.link(i));
    let terms = |names: &[String], tax: Tax| names.iter().filter_map(|n| term_link(cx, tax, n)).collect();
    EntryView {
        kind: if e.kind == Kind::Post { "post" } else { "page" },
        title: &e.fm.title,
        url: u.href(&e.url),
        permalink: u.permalink(&e.url),
        slug: &e.slug,
        source: &e.source.rel,
        lang,
        description: e.fm.description.as_deref(),
        description_text: &e.rendered.description_text,
        summary: &e.rendered.summary,
        has_more: e.rendered.has_more,
        mermaid: uses_mermaid(e),
        content: full.then_some(e.rendered.html.as_str()),
        toc: full.then_some(e.rendered.toc.as_slice()),
        json_ld: (full && e.kind == Kind::Post).then(|| json_ld(cx, e, lang)),
        date: e.date.as_ref().map(|d| date_view(d, &fmt)),
        updated: e.fm.updated.as_ref().map(|d| date_view(d, &fmt)),
        reading_time: reading_time(cx.config, &e.rendered.stats),
        stats: e.rendered.stats,
        tags: terms(&e.fm.tags, Tax::Tags),
        categories: terms(&e.fm.categories, Tax::Categories),
        series: if full { series_nav(cx, e) } else { None },
        newer: if full { nav(e.newer) } else { None },
        older: if full { nav(e.older) } else { None },
        draft: e.fm.draft,
        future: e.future,
        retrospective: e.retro.map(|year| YearLink { year, url: u.href(&crate::urls::year_url(year)) }),
        cover: e.rendered.cover.as_deref(),
        cover_url: e.rendered.cover.as_deref().map(|c| u.absolute(c, &e.url)),
        search: if full { search_facts(cx, e) } else { None },
        extra: &e.fm.extra,
    }
}

/// Whether a post or page draws mermaid diagrams.
pub fn uses_mermaid(e: &Entry) -> bool {
    e.rendered.mermaid || e.fm.mermaid == Some(true)
}

/// The `site.author_card` of templates.
#[derive(Serialize)]
pub struct AuthorCard<'a> {
    pub name: &'a str,
    pub bio: &'a str,
    /// The avatar's address, under the base path when it is a site path.
    pub avatar: Option<String>,
    pub links: &'a [crate::config::AuthorLink],
}

fn author_card<'a>(u: &Urls, a: &'a crate::config::Author) -> Option<AuthorCard<'a>> {
    let avatar = a.avatar.as_deref().map(|p| if p.starts_with('/') { u.href(p) } else { p.to_owned() });
    let any = !a.bio.is_empty() || avatar.is_some() || !a.links.is_empty();
    any.then_some(AuthorCard { name: &a.name, bio: &a.bio, avatar, links: &a.links })
}

/// schema.org `BlogPosting`, safe inside `<script>`: `<`, `>`, `&` and U+2028/2029 are
/// written as `\u` escapes (JSON reads them the same), so no text can close the script or
/// open a comment that swallows the page (`<!--<script>` in a title).
fn json_ld(cx: &ViewCtx<'_>, e: &Entry, lang: &str) -> String {
    let date = |d: Option<&PostDate>| d.map(PostDate::rfc3339);
    let published = date(e.date.as_ref());
    let mut value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": e.fm.title,
        "url": cx.urls.permalink(&e.url),
        "mainEntityOfPage": cx.urls.permalink(&e.url),
        "datePublished": published,
        "dateModified": date(e.fm.updated.as_ref()).or(published.clone()),
        "description": e.rendered.description_text,
        "inLanguage": lang,
        "keywords": e.fm.tags.join(", "),
    });
    // No name, no author: the site's title is not a person (search engines read it as one).
    if !cx.config.author.is_empty() {
        let mut person = serde_json::json!({ "@type": "Person", "name": cx.config.author });
        let same_as: Vec<&str> = cx.config.author_card.profiles().collect();
        if !same_as.is_empty() {
            person["sameAs"] = same_as.into();
        }
        value["author"] = person;
    }
    if let Some(cover) = &e.rendered.cover {
        value["image"] = serde_json::Value::String(cx.urls.absolute(cover, &e.url));
    }
    script_safe(&value.to_string())
}

/// JSON text with the characters an HTML `<script>` reacts to escaped.
fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// A tag or category link, when the term has a page (terms come from posts, so a page's tag
/// that no post uses has none and is left out rather than linked to a 404).
fn term_link(cx: &ViewCtx<'_>, tax: Tax, name: &str) -> Option<LinkView> {
    let t = cx.term_named(tax, name)?;
    Some(LinkView { name: name.to_owned(), url: cx.urls.href(t.url) })
}

fn series_nav(cx: &ViewCtx<'_>, e: &Entry) -> Option<SeriesNav> {
    let s = cx.series(cx.series_of(e)?);
    let pos = cx.position(&s.posts, e)?;
    let link = |i: PostId| cx.link(i);
    Some(SeriesNav {
        name: s.name.clone(),
        url: cx.urls.href(&s.url),
        index: pos + 1,
        total: s.posts.len(),
        prev: pos.checked_sub(1).map(|p| link(s.posts[p])),
        next: s.posts.get(pos + 1).map(|&i| link(i)),
        posts: s.posts.iter().map(|&i| link(i)).collect(),
    })
}

/// Minutes to read a post at the configured rates.
pub fn reading_time(config: &Config, s: &TextStats) -> u32 {
    let r = &config.retrospective;
    s.reading_minutes(r.cjk_chars_per_minute, r.words_per_minute)
}
