//! RENDER: the views behind `atom.xml`, `sitemap.xml` and `robots.txt`, and the redirect pages
//! that `aliases` ask for.
//!
//! Feed and sitemap timestamps come from post dates (RFC 3339 with the site's offset), never
//! from the clock, so that an unchanged site produces unchanged feeds. Must not write files.

use serde::Serialize;

use crate::site::{Entry, PostId, Site, Slot};
use crate::taxonomy::Tax;
use crate::urls;
use crate::view::{Dates, Urls, ViewCtx};

#[derive(Serialize)]
pub struct FeedEntry<'a> {
    pub title: &'a str,
    pub permalink: String,
    pub published: String,
    pub updated: String,
    pub summary: &'a str,
    /// The whole post, when `[feed] full_content = true`; else null.
    pub content: Option<&'a str>,
    pub tags: Vec<&'a str>,
    pub lang: &'a str,
}

/// The `feed` variable of `atom.xml`.
#[derive(Serialize)]
pub struct FeedView<'a> {
    pub title: String,
    /// The feed's own absolute URL.
    pub url: String,
    /// The page the feed is about (home or a tag page), absolute.
    pub home: String,
    /// The newest entry's update time; `1970-01-01T00:00:00+00:00` for a feed with no entry.
    pub updated: String,
    pub author: &'a str,
    pub entries: Vec<FeedEntry<'a>>,
}

/// Which feed: the site's (all posts, `/`) or a tag's (its posts, `/tags/{slug}/`).
pub struct FeedSpec<'s> {
    pub title: String,
    pub list_url: String,
    pub posts: &'s [PostId],
}

pub fn feed_view<'a>(cx: &ViewCtx<'a>, spec: &FeedSpec<'_>) -> FeedView<'a> {
    let (u, config) = (&cx.urls, cx.config);
    let entries: Vec<FeedEntry<'a>> =
        spec.posts.iter().take(config.feed.limit.max(1)).map(|&i| feed_entry(u, config, cx.post(i))).collect();
    let updated = entries.iter().map(|e| e.updated.clone()).max().unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
    FeedView {
        title: spec.title.clone(),
        url: u.permalink(&format!("{}atom.xml", spec.list_url)),
        home: u.permalink(&spec.list_url),
        updated,
        author: &config.author,
        entries,
    }
}

fn feed_entry<'a>(u: &Urls<'_>, config: &'a crate::config::Config, e: &'a Entry) -> FeedEntry<'a> {
    let published = e.date.as_ref().map(|d| d.rfc3339()).unwrap_or_default();
    let updated = e.fm.updated.as_ref().map_or_else(|| published.clone(), |d| d.rfc3339());
    FeedEntry {
        title: &e.fm.title,
        permalink: u.permalink(&e.url),
        published,
        updated,
        summary: &e.rendered.summary,
        content: config.feed.full_content.then_some(e.rendered.html.as_str()),
        tags: e.fm.tags.iter().map(String::as_str).collect(),
        lang: e.fm.lang.as_deref().unwrap_or(&config.language),
    }
}

#[derive(Serialize)]
pub struct SitemapEntry {
    pub loc: String,
    /// `YYYY-MM-DD` of `updated`, else `date`; null for lists without one.
    pub lastmod: Option<String>,
}

/// Every public page of the site, home first; kinds of page the theme has no template for are
/// left out, as they are not written.
pub fn sitemap(cx: &ViewCtx<'_>, has: impl Fn(&str) -> bool) -> Vec<SitemapEntry> {
    let u = &cx.urls;
    let lastmod = |i: PostId| lastmod(&cx.dates(Slot::Post(i)));
    let all = cx.all();
    let newest = all.first().and_then(|&i| lastmod(i));
    let at = |url: &str, lastmod: Option<String>| SitemapEntry { loc: u.permalink(url), lastmod };
    let mut out = vec![at("/", newest.clone())];
    let posts = all.iter().map(|&i| Slot::Post(i));
    for d in posts.chain(cx.page_ids().map(Slot::Page)).map(|s| cx.dates(s)) {
        out.push(at(d.url, self::lastmod(&d)));
    }
    let years = cx.year_ids();
    if has("year.html") {
        out.extend(
            years
                .clone()
                .map(|i| cx.year_last(i))
                .map(|(y, last)| at(&crate::urls::year_url(y), last.and_then(lastmod))),
        );
    }
    if has("archive.html") && !years.is_empty() {
        out.push(at("/archive/", newest));
    }
    for tax in [Tax::Tags, Tax::Categories] {
        // Which terms there are; each term's newest post is read with the term.
        let names = cx.terms_len(tax);
        if has("term.html") {
            out.extend(
                (0..names).map(|i| cx.term(tax, i)).map(|t| at(&t.url, t.posts.first().and_then(|&i| lastmod(i)))),
            );
        }
        if has("taxonomy.html") && names > 0 {
            out.push(at(&format!("/{}/", tax.name()), None));
        }
    }
    if has("series.html") {
        out.extend(cx.series_ids().map(|i| cx.series(i)).map(|s| at(&s.url, s.posts.last().and_then(|&i| lastmod(i)))));
    }
    out
}

fn lastmod(d: &Dates<'_>) -> Option<String> {
    d.updated.or(d.date).map(|d| d.ymd())
}

/// A redirect page for an old URL: (site path of the old URL, where it points).
pub struct Alias<'a> {
    pub from: String,
    pub to: &'a Entry,
}

/// Every path alias of every post and page. Aliases that are full URLs (another host),
/// unsafe paths, queries on other pages than the home page, and a query that an earlier post
/// already claims come back as warnings. Query aliases themselves are the home page's
/// ([`crate::view::query_redirects`]).
pub fn aliases(site: &Site) -> (Vec<Alias<'_>>, Vec<crate::error::Diagnostic>) {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let mut queries = std::collections::HashMap::new();
    for e in site.posts.iter().chain(&site.pages) {
        // Looked up only for a warning: most entries have no aliases.
        let mut warn = |msg: String| {
            let line = e.fm.lines.get("aliases").copied().unwrap_or(1);
            warnings.push(crate::error::Diagnostic::warning(&e.source.path, line, 1, msg));
        };
        for a in &e.fm.aliases {
            match urls::alias(a) {
                Ok(urls::Alias::Path(from)) => out.push(Alias { from, to: e }),
                Ok(urls::Alias::Query(q)) => {
                    if let Some(first) = queries.insert(q.clone(), &e.source.path) {
                        queries.insert(q, first);
                        warn(format!("alias `{a}` is also an alias of {}, which keeps it", first.display()));
                    }
                }
                Err(msg) => warn(msg),
            }
        }
    }
    (out, warnings)
}

/// The HTML of a redirect page: a meta refresh, a canonical link and a plain link for readers
/// without either.
pub fn redirect_html(u: &Urls<'_>, to: &Entry) -> String {
    let href = escape(&u.href(&to.url));
    let canonical = escape(&u.permalink(&to.url));
    let title = escape(&to.fm.title);
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title>\
         <link rel=\"canonical\" href=\"{canonical}\"><meta name=\"robots\" content=\"noindex\">\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\"></head>\
         <body><p><a href=\"{href}\">{title}</a></p></body></html>\n"
    )
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths() {
        let path = |a: &str| match urls::alias(a) {
            Ok(urls::Alias::Path(p)) => Ok(p),
            other => Err(format!("{other:?}")),
        };
        assert_eq!(path("/old/path/").unwrap(), "/old/path/");
        assert_eq!(path("old/path").unwrap(), "/old/path/");
        assert_eq!(path("/2019/01/post.html").unwrap(), "/2019/01/post.html");
        assert_eq!(path("/%ED%9A%8C%EA%B3%A0/").unwrap(), "/회고/");
        assert!(path("https://old.blog/x/").is_err());
        assert!(path("/../x/").is_err());
        assert_eq!(urls::alias("/?p=123"), Ok(urls::Alias::Query("?p=123".into())));
        assert_eq!(urls::alias("?page_id=7"), Ok(urls::Alias::Query("?page_id=7".into())));
        assert!(urls::alias("/blog/?p=1").is_err_and(|m| m.contains("only the home page")));
        assert!(urls::alias("/?").is_err());
    }
}
