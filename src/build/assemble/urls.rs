//! ASSEMBLE: the URL of every post, page and content asset, from file names, front matter and
//! the `permalink` pattern.
//!
//! URLs here are site paths (`/2023/회고/`), unencoded and without the `base_url` path: the
//! render stage adds both. Pure functions; this module must not touch files.

use crate::dates::{self, PostDate};
use crate::slug::{nfc, slugify};

/// The slug of a post or page: front matter's `slug` exactly (NFC), else the file or bundle
/// name without its date prefix and extension, slugified; else the slugified title.
pub fn slug_for(rel: &str, bundle: Option<&str>, fm_slug: Option<&str>, title: &str) -> String {
    if let Some(s) = fm_slug {
        return nfc(s);
    }
    let name = match bundle {
        Some(b) => b.rsplit('/').next().unwrap_or(b),
        None => file_stem(rel),
    };
    let name = dates::split_date_prefix(name).map_or(name, |(_, rest)| rest);
    let slug = slugify(name);
    if slug.is_empty() { slugify(title) } else { slug }
}

/// `posts/2023-01-01-a.md` -> `2023-01-01-a`; `posts/b/index.md` -> `index`.
pub fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// A post's URL from the permalink pattern. A slug starting with `/` is the whole URL.
pub fn post_url(permalink: &str, slug: &str, date: &PostDate) -> String {
    if slug.starts_with('/') {
        return finish(slug.to_owned());
    }
    let z = &date.zoned;
    let url = permalink
        .replace("{year}", &format!("{:04}", z.year()))
        .replace("{month}", &format!("{:02}", z.month()))
        .replace("{day}", &format!("{:02}", z.day()))
        .replace("{slug}", slug);
    // A slug naming a file (`old.html`, kept from a Jekyll or WordPress URL) is that file, not
    // a folder: `/2023/old.html`, never `/2023/old.html/index.html`.
    let url = match url.strip_suffix('/') {
        Some(file) if names_file(file) => file.to_owned(),
        _ => url,
    };
    finish(url)
}

/// A standalone page's URL: its path under `content/` without `.md` (and without a final
/// `index`), each folder slugified; `slug` replaces the last segment.
pub fn page_url(rel: &str, fm_slug: Option<&str>, title: &str) -> String {
    if let Some(s) = fm_slug.filter(|s| s.starts_with('/')) {
        return finish(nfc(s));
    }
    let mut segments: Vec<String> = rel.split('/').map(slugify).collect();
    segments.pop();
    let stem = file_stem(rel);
    let last = match fm_slug {
        Some(s) => Some(nfc(s)),
        None if stem.eq_ignore_ascii_case("index") => None,
        None => Some(slug_for(rel, None, None, title)),
    };
    if let Some(last) = last {
        segments.push(last);
    }
    let url = format!("/{}/", segments.join("/"));
    // As for posts: `slug: old.html` names that file.
    match url.strip_suffix('/') {
        Some(file) if names_file(file) => finish(file.to_owned()),
        _ => finish(url),
    }
}

/// The folder a URL's files sit in: `/2023/a/` -> itself, `/2023/a.html` -> `/2023/`.
pub fn folder_of(url: &str) -> &str {
    if url.ends_with('/') { url } else { url.rfind('/').map_or("/", |i| &url[..=i]) }
}

/// Collapses duplicate slashes and makes a URL end in `/` unless it names an `.html` file.
fn finish(url: String) -> String {
    let mut out = String::with_capacity(url.len() + 2);
    for c in format!("/{url}").chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    if !(out.ends_with('/') || names_file(&out)) {
        out.push('/');
    }
    out
}

fn names_file(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    [".html", ".htm", ".xml"].iter().any(|ext| lower.ends_with(ext))
}

/// The folder of the search index under the output folder (and the site's base path).
pub const SEARCH_BUNDLE: &str = "pagefind";

/// What an `aliases` entry names.
#[derive(Debug, PartialEq, Eq)]
pub enum Alias {
    /// A site path that gets a redirect page (`/2019/old-post/`, `/2019/01/post.html`).
    Path(String),
    /// A query on the home page (`/?p=123`, WordPress's own links), as `?p=123`: a static host
    /// serves the home page for it, and the home page redirects.
    Query(String),
}

/// Reads an alias; a full URL, an unsafe path or a query on a page other than the home page
/// is an error message.
pub fn alias(alias: &str) -> Result<Alias, String> {
    if alias.contains("://") {
        return Err(format!("alias `{alias}` is a full URL: write the old path only, e.g. \"/2019/old-post/\""));
    }
    if let Some((path, query)) = alias.trim().split_once('?') {
        if !path.trim_matches('/').is_empty() {
            return Err(format!(
                "alias `{alias}`: only the home page can redirect by query (`/?p=123`); \
                 a static host serves {path} itself whatever follows `?`"
            ));
        }
        if query.is_empty() {
            return Err(format!("alias `{alias}`: nothing after `?`"));
        }
        return Ok(Alias::Query(format!("?{query}")));
    }
    let decoded = crate::slug::decode(alias.trim());
    let path = format!("/{}", decoded.trim_start_matches('/'));
    let last = path.rsplit('/').next().unwrap_or("");
    let path = if path.ends_with('/') || last.contains('.') { path } else { format!("{path}/") };
    check_url(&path).map(|_| Alias::Path(path)).map_err(|m| format!("alias: {m}"))
}

/// Why a URL cannot be written safely, if it cannot.
pub fn check_url(url: &str) -> Result<(), String> {
    if url.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err(format!("URL `{url}` contains `.` or `..`: remove them from `slug`"));
    }
    if url.contains(['\\', '\0', '?', '#']) || url.chars().any(char::is_control) {
        return Err(format!("URL `{url}` contains characters a URL path cannot hold (\\, ?, #, control characters)"));
    }
    // Each part is a folder or file name, and `index.html` goes inside the last.
    if let Some(seg) = url.split('/').find(|seg| seg.len() > 255 - "index.html".len()) {
        let cut: String = seg.chars().take(20).collect();
        return Err(format!(
            "a part of the URL is {} bytes (`{cut}…`), longer than a file name may be: set a shorter `slug`",
            seg.len()
        ));
    }
    Ok(())
}

/// Resolves `.` and `..` in a `/`-separated path; `None` when `..` climbs above its start.
/// `a/./b/../c` -> `a/c` (no leading or trailing slash).
pub fn resolve_dots(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    Some(out.join("/"))
}

/// The public href of a site path: the base path, then the path percent-encoded.
/// `/2023/회고/` with base path `/blog/` -> `/blog/2023/%ED%9A%8C%EA%B3%A0/`.
pub fn href(base_path: &str, url: &str) -> String {
    format!("{base_path}{}", crate::slug::encode_path(url.trim_start_matches('/')))
}

/// A year page's site path: `/2023/`.
pub fn year_url(year: i16) -> String {
    format!("/{year}/")
}

/// The file an URL is written to, relative to the output directory.
pub fn output_file(url: &str) -> String {
    let rel = url.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> PostDate {
        dates::parse(s, &jiff::tz::db().get("Asia/Seoul").unwrap()).unwrap()
    }

    #[test]
    fn post_slugs() {
        assert_eq!(slug_for("posts/2023-10-30-hello-world.md", None, None, "T"), "hello-world");
        assert_eq!(slug_for("posts/2023-1-5-Hello World.md", None, None, "T"), "hello-world");
        assert_eq!(slug_for("posts/2023-10-30-bundle/index.md", Some("posts/2023-10-30-bundle"), None, "T"), "bundle");
        assert_eq!(slug_for("posts/2023-10-30.md", None, None, "2023년 회고"), "2023년-회고");
        assert_eq!(slug_for("posts/a.md", None, Some("Exact Slug"), "T"), "Exact Slug");
    }

    #[test]
    fn permalinks() {
        let d = date("2023-12-31 23:30");
        assert_eq!(post_url("/{year}/{slug}/", "회고", &d), "/2023/회고/");
        assert_eq!(post_url("/{year}/{month}/{day}/{slug}/", "a", &d), "/2023/12/31/a/");
        assert_eq!(post_url("/{year}/{slug}/", "old.html", &d), "/2023/old.html");
        assert_eq!(post_url("/{year}/{slug}/", "/custom/path", &d), "/custom/path/");
        assert_eq!(post_url("/{year}/{slug}", "a", &d), "/2023/a/");
    }

    #[test]
    fn pages() {
        assert_eq!(page_url("about.md", None, "About"), "/about/");
        assert_eq!(page_url("projects/index.md", None, "P"), "/projects/");
        assert_eq!(page_url("Docs/My Page.md", None, "P"), "/docs/my-page/");
        assert_eq!(page_url("about.md", Some("me"), "About"), "/me/");
        assert_eq!(page_url("about.md", Some("/x.html"), "About"), "/x.html");
        assert_eq!(page_url("docs/about.md", Some("old.html"), "About"), "/docs/old.html");
        assert_eq!(folder_of("/2023/a.html"), "/2023/");
        assert_eq!(folder_of("/2023/a/"), "/2023/a/");
        assert_eq!(page_url("index.md", None, "Home"), "/");
    }

    #[test]
    fn unsafe_urls_are_refused() {
        assert!(check_url("/../etc/").is_err());
        assert!(check_url("/a/./b/").is_err());
        assert!(check_url("/a?b/").is_err());
        assert!(check_url("/2023/회고/").is_ok());
    }

    #[test]
    fn dots_and_hrefs() {
        assert_eq!(resolve_dots("/a/./b/../c/").as_deref(), Some("a/c"));
        assert_eq!(resolve_dots("a/../../x"), None);
        assert_eq!(href("/blog/", "/2023/회고/"), "/blog/2023/%ED%9A%8C%EA%B3%A0/");
    }

    #[test]
    fn output_files() {
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/2023/a/"), "2023/a/index.html");
        assert_eq!(output_file("/2023/a.html"), "2023/a.html");
    }
}
