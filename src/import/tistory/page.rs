//! IMPORT (Tistory, saved pages): a folder of article pages saved from a Tistory blog in a
//! browser ("웹페이지, 전체" beside its `<name>_files/` folder), for bloggers without a backup
//! file.
//!
//! Read with html5gum's tokenizer: the article body is the inside of the first element that
//! Tistory skins put it in — `div.tt_article_useless_p_margin`, `div.article_view`,
//! `div.entry-content`, else `<article>` — counted by nesting of that element's own name, so
//! unclosed tags elsewhere do not matter. The title is `og:title` (else `<title>` before
//! ` :: blog`), the date `article:published_time` (else the skin's date element, `2023. 5. 19.
//! 20:26`), tags the `<a rel="tag">` links, the category an `<a class="…category…">` or
//! `article:section`; the page's own address (`og:url`, canonical) gives the slug and the
//! `/entry/<slogan>` and `/<id>` aliases. Images from the `_files/` folder are copied into the
//! post's bundle; a local image that is missing is an error. Reads the folder; writes nothing.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

use html5gum::Token;
use regex::Regex;

use super::aliases;
use crate::error::{Diagnostic, Diagnostics};
use crate::import::bundle::Bundle;
use crate::import::html::{self, text, tokens};
use crate::import::{Context, Fields, Import, Item, Kind, Origin, error_at};
use crate::slug::{decode, nfc, slugify};

/// Where skins put the article, most specific first: (element, class word).
const BODIES: &[(&str, Option<&str>)] = &[
    ("div", Some("tt_article_useless_p_margin")),
    ("div", Some("article_view")),
    ("div", Some("entry-content")),
    ("article", None),
];

static DOTTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})\.?(?:\s+(\d{1,2}):(\d{2}))?").expect("valid regex")
});

pub fn read(dir: &Path, cx: &Context) -> Result<Import, Diagnostics> {
    let mut d = Diagnostics::default();
    let files = pages(dir);
    if files.is_empty() {
        d.push(error_at(dir, 0, 0, "no saved Tistory pages here: expected .html files saved from the blog"));
        return Err(d);
    }
    let mut out = Import { language: Some("ko".into()), ..Import::default() };
    for file in files {
        match read_one(&file, cx) {
            Ok((item, site)) => {
                if out.title.is_none() {
                    out.title = site;
                }
                out.items.push(item);
            }
            Err(e) => d.push(e),
        }
    }
    if d.has_errors() { Err(d) } else { Ok(out) }
}

/// The `.html`/`.htm` files under the folder, sorted; the browsers' `_files/` folders and
/// names starting with `.` are skipped.
fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let n = e.file_name().to_string_lossy();
            e.depth() == 0 || !(n.starts_with('.') || e.file_type().is_dir() && n.ends_with("_files"))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| matches!(x.to_str(), Some("html" | "htm"))))
        .collect();
    out.sort();
    out
}

/// What the page says of itself, outside the article body.
#[derive(Debug, Default)]
struct Meta {
    meta: BTreeMap<String, String>,
    title: String,
    canonical: Option<String>,
    tags: Vec<String>,
    category: Option<String>,
    date_text: Option<String>,
}

fn read_one(file: &Path, cx: &Context) -> Result<(Item, Option<String>), Diagnostic> {
    let bytes = std::fs::read(file).map_err(|e| error_at(file, 0, 0, format!("cannot read it: {e}")))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let (line, col) = crate::error::line_col(&String::from_utf8_lossy(&bytes[..e.valid_up_to()]), e.valid_up_to());
        error_at(file, line, col, format!("not UTF-8 (byte {}): save the page as UTF-8", e.valid_up_to()))
    })?;
    let meta = scan(text);
    let body = BODIES.iter().find_map(|(tag, class)| inner_html(text, tag, *class)).ok_or_else(|| {
        error_at(
            file,
            1,
            1,
            "no article body found (div.tt_article_useless_p_margin, div.article_view, div.entry-content or \
             <article>): save the post's own page, not the blog's front page",
        )
    })?;
    let m = |k: &str| meta.meta.get(k).map(|v| nfc(v.trim())).filter(|v| !v.is_empty());
    let title = m("og:title")
        .or_else(|| Some(nfc(meta.title.split(" :: ").next().unwrap_or("").trim())).filter(|t| !t.is_empty()))
        .ok_or_else(|| error_at(file, 1, 1, "the page has no title (og:title or <title>)"))?;
    let date = match m("article:published_time") {
        Some(t) => crate::dates::parse(&t, &cx.tz).map(|p| p.zoned).ok(),
        None => None,
    }
    .or_else(|| meta.date_text.as_deref().and_then(|t| dotted(t, &cx.tz)))
    .ok_or_else(|| {
        error_at(file, 1, 1, format!("`{title}`: no date (article:published_time or the skin's date element)"))
    })?;
    let mut fields = Fields { title: title.clone(), date: Some(date), ..Fields::default() };
    fields.tags = meta.tags.iter().map(|t| nfc(t.trim().trim_start_matches('#'))).filter(|t| !t.is_empty()).collect();
    fields.tags.dedup();
    fields.categories.extend(meta.category.clone().or_else(|| m("article:section")).map(|c| nfc(c.trim())));
    fields.description = m("og:description").or_else(|| m("description"));
    let mut lost = Vec::new();
    let address = m("og:url").or(meta.canonical.clone()).unwrap_or_default();
    let path = address.split("://").nth(1).and_then(|r| r.find('/').map(|i| r[i..].to_owned())).unwrap_or_default();
    let path = nfc(&decode(path.split(['?', '#']).next().unwrap_or("")));
    let slogan = path.strip_prefix("/entry/").unwrap_or("").trim_end_matches('/').to_owned();
    let id = path.trim_matches('/').to_owned();
    let id = if id.bytes().all(|b| b.is_ascii_digit()) { id } else { String::new() };
    aliases(&slogan, &id, &mut fields.aliases, &mut lost);
    let slug = Some(slugify(&slogan)).filter(|s| !s.is_empty()).unwrap_or_else(|| slugify(&title));
    let slug = if slug.is_empty() { "post".to_owned() } else { slug };
    let dir = file.parent().unwrap_or(Path::new(""));
    let mut bundle = Bundle::default();
    let (mut remote, mut missing) = (Vec::<String>::new(), Vec::<String>::new());
    let converted = html::to_markdown(&body, &mut |url, image| {
        if !image || url.starts_with("data:") || url.starts_with('#') {
            return None;
        }
        if url.starts_with("http") || url.starts_with("//") {
            if cx.fetch_images {
                let abs = if url.starts_with("//") { format!("https:{url}") } else { url.to_owned() };
                return Some(bundle.add(&abs, &decode(&abs), Origin::Url(abs.clone())));
            }
            if !remote.iter().any(|r| r == url) {
                remote.push(url.to_owned());
            }
            return None;
        }
        match local(dir, url) {
            Some(p) if p.is_file() => {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                Some(bundle.add(&p.display().to_string(), &name, Origin::File(p)))
            }
            _ => {
                missing.push(url.to_owned());
                None
            }
        }
    });
    if let Some(url) = missing.first() {
        return Err(error_at(
            file,
            1,
            1,
            format!("`{title}`: image {url} is missing beside the page (save it as \"웹페이지, 전체\")"),
        ));
    }
    lost.extend(converted.lost);
    lost.extend(remote.into_iter().map(|u| format!("remote image {u}")));
    let mut carried = vec!["saved page: title, date, category, tags and body (comments are not in it)".to_owned()];
    if !bundle.attachments.is_empty() {
        carried.push(format!("{} image(s) copied from the saved page's folder", bundle.attachments.len()));
    }
    let item = Item {
        kind: Kind::Post,
        origin: file.display().to_string(),
        slug,
        parents: Vec::new(),
        fields,
        body: converted.markdown,
        attachments: bundle.attachments,
        carried,
        lost,
    };
    Ok((item, m("og:site_name")))
}

/// A local address resolved beside the page (percent-decoded; `..` may not leave the folder).
fn local(dir: &Path, url: &str) -> Option<PathBuf> {
    let rel = decode(url.split(['?', '#']).next().unwrap_or(""));
    let rel = Path::new(rel.trim_start_matches("./"));
    if rel.is_absolute() || rel.components().any(|c| matches!(c, Component::ParentDir)) {
        return None;
    }
    Some(dir.join(rel))
}

/// `2023. 5. 19. 20:26` (or `2023-05-19 20:26`) in the site's time zone.
fn dotted(text: &str, tz: &jiff::tz::TimeZone) -> Option<jiff::Zoned> {
    let c = DOTTED.captures(text)?;
    let n = |i: usize| c.get(i).map_or(Ok(0), |m| m.as_str().parse::<i8>());
    let year: i16 = c[1].parse().ok()?;
    let date = jiff::civil::Date::new(year, n(2).ok()?, n(3).ok()?).ok()?;
    date.at(n(4).ok()?, n(5).ok()?, 0, 0).to_zoned(tz.clone()).ok()
}

fn attrs_of(t: &html5gum::StartTag<()>) -> BTreeMap<String, String> {
    t.attributes.iter().map(|(k, v)| (text(k).to_ascii_lowercase(), text(v))).collect()
}

fn has_class(attrs: &BTreeMap<String, String>, word: &str) -> bool {
    attrs.get("class").is_some_and(|c| c.split_whitespace().any(|w| w == word))
}

/// One pass for the page's own data: meta tags, `<title>`, canonical link, tag and category
/// links, and the skin's date element.
fn scan(html: &str) -> Meta {
    #[derive(PartialEq)]
    enum Into {
        Title,
        Tag,
        Category,
        Date,
    }
    let mut meta = Meta::default();
    // The element whose text is being collected: what for, its name, nesting, text so far.
    let mut open: Option<(Into, String, usize, String)> = None;
    for token in tokens(html) {
        match token {
            Token::StartTag(t) => {
                let name = text(&t.name).to_ascii_lowercase();
                let a = attrs_of(&t);
                if let Some((_, n, depth, _)) = &mut open {
                    if *n == name && !t.self_closing {
                        *depth += 1;
                    }
                    continue;
                }
                let into = match name.as_str() {
                    "meta" => {
                        let key = a.get("property").or_else(|| a.get("name"));
                        if let (Some(k), Some(v)) = (key, a.get("content")) {
                            meta.meta.entry(k.to_ascii_lowercase()).or_insert_with(|| v.clone());
                        }
                        None
                    }
                    "link" if a.get("rel").is_some_and(|r| r == "canonical") => {
                        meta.canonical = a.get("href").cloned();
                        None
                    }
                    "title" if meta.title.is_empty() => Some(Into::Title),
                    "a" if a.get("rel").is_some_and(|r| r.split_whitespace().any(|w| w == "tag")) => Some(Into::Tag),
                    "a" if meta.category.is_none()
                        && a.get("class").is_some_and(|c| c.contains("category"))
                        && a.get("href").is_some_and(|h| h.contains("/category")) =>
                    {
                        Some(Into::Category)
                    }
                    _ if meta.date_text.is_none()
                        && ["date", "txt_date", "jb-date", "post-date", "published"]
                            .iter()
                            .any(|w| has_class(&a, w)) =>
                    {
                        Some(Into::Date)
                    }
                    _ => None,
                };
                if let Some(into) = into.filter(|_| !t.self_closing) {
                    open = Some((into, name, 1, String::new()));
                }
            }
            Token::EndTag(t) => {
                let name = text(&t.name).to_ascii_lowercase();
                let done = match &mut open {
                    Some((_, n, depth, _)) if *n == name => {
                        *depth -= 1;
                        *depth == 0
                    }
                    _ => false,
                };
                if done && let Some((into, _, _, s)) = open.take() {
                    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
                    match into {
                        Into::Title => meta.title = s,
                        Into::Tag if !s.is_empty() && !meta.tags.contains(&s) => meta.tags.push(s),
                        Into::Tag => {}
                        Into::Category => meta.category = Some(s).filter(|s| !s.is_empty()),
                        Into::Date => meta.date_text = Some(s).filter(|s| DOTTED.is_match(s)),
                    }
                }
            }
            Token::String(s) => {
                if let Some((_, _, _, buf)) = &mut open {
                    buf.push_str(&text(&s));
                }
            }
            _ => {}
        }
    }
    meta
}

/// The inside of the first `<tag class="… class …">` as HTML, or `None`.
fn inner_html(html: &str, tag: &str, class: Option<&str>) -> Option<String> {
    let mut depth = 0usize;
    // Inside the article's `<header>` (the skin's title and date, which are front matter now).
    let mut header = 0usize;
    let mut out = String::new();
    for token in tokens(html) {
        match (&token, header > 0) {
            (Token::StartTag(t), _) if depth > 0 && text(&t.name).eq_ignore_ascii_case("header") && !t.self_closing => {
                header += 1;
                continue;
            }
            (Token::EndTag(t), true) if text(&t.name).eq_ignore_ascii_case("header") => {
                header -= 1;
                continue;
            }
            (_, true) => continue,
            _ => {}
        }
        match token {
            Token::StartTag(t) => {
                let name = text(&t.name).to_ascii_lowercase();
                let a = attrs_of(&t);
                if depth == 0 {
                    if name == tag && class.is_none_or(|c| has_class(&a, c)) && !t.self_closing {
                        depth = 1;
                    }
                    continue;
                }
                if name == tag && !t.self_closing {
                    depth += 1;
                }
                out.push('<');
                out.push_str(&name);
                for (k, v) in &a {
                    out.push_str(&format!(" {k}=\"{}\"", html_escape::encode_double_quoted_attribute(v)));
                }
                out.push_str(if t.self_closing { "/>" } else { ">" });
            }
            Token::EndTag(t) if depth > 0 => {
                let name = text(&t.name).to_ascii_lowercase();
                if name == tag {
                    depth -= 1;
                    if depth == 0 {
                        return Some(out);
                    }
                }
                out.push_str(&format!("</{name}>"));
            }
            Token::String(s) if depth > 0 => out.push_str(&html_escape::encode_text(&text(&s))),
            _ => {}
        }
    }
    (depth > 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_article_by_class_counting_nested_divs() {
        let html = r#"<div class="x"><div class="article_view"><div><p>a</p></div><img src="b.png"><p>c</div>
                      </div><div>after</div>"#;
        assert_eq!(
            inner_html(html, "div", Some("article_view")).unwrap(),
            r#"<div><p>a</p></div><img src="b.png"><p>c"#
        );
        assert_eq!(inner_html(html, "div", Some("entry-content")), None);
    }

    #[test]
    fn reads_meta_tags_and_the_skin_date() {
        let m = scan(
            r#"<title>글 :: 블로그</title><span class="txt_date">2023. 5. 19. 20:26</span>
               <a href="/tag/rust" rel="tag">rust</a><a class="link_category" href="/category/개발">개발</a>"#,
        );
        assert_eq!(
            (m.title.as_str(), m.tags.clone(), m.category.clone()),
            ("글 :: 블로그", vec!["rust".into()], Some("개발".into()))
        );
        let tz = jiff::tz::TimeZone::get("Asia/Seoul").unwrap();
        assert_eq!(
            dotted(m.date_text.as_deref().unwrap(), &tz).unwrap().to_string(),
            "2023-05-19T20:26:00+09:00[Asia/Seoul]"
        );
    }
}
