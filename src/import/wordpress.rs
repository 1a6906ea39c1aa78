//! IMPORT (WordPress): a WXR export (1.0–1.2, Tools > Export) read with roxmltree into posts
//! and pages.
//!
//! `wp:status` publish is published, every other status a draft; `wp:post_date_gmt` is the
//! instant, shown in the site's time zone (a never-published draft has `0000-00-00 00:00:00`
//! there: its `wp:post_date` is read in the blog's own offset, learnt from the other items);
//! `wp:post_name` percent-decoded to NFC is the slug; `<category domain=…>` gives categories
//! and tags; `excerpt:encoded` the description; the old permalink becomes an alias; the body
//! goes through `body` (shortcodes, paragraphs) and `html` (Markdown). Images under
//! wp-content/uploads are copied from `--uploads`, downloaded with `--fetch-images`, or left
//! remote and listed. Comments are counted, not imported. Reads the export and the uploads
//! folder's file names; writes nothing.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use roxmltree::{Document, Node};

use super::{Context, Fields, Import, Item, Kind, error_at, html};
use crate::error::Diagnostics;
use crate::slug::{nfc, slugify};

mod body;
mod images;

const CONTENT_NS: &str = "http://purl.org/rss/1.0/modules/content/";

/// The namespaces an element may be in.
#[derive(Clone, Copy)]
enum Ns {
    Wp,
    Content,
    Excerpt,
    None,
}

fn in_ns(n: Node<'_, '_>, ns: Ns) -> bool {
    let uri = n.tag_name().namespace().unwrap_or("");
    match ns {
        Ns::Wp => uri.starts_with("http://wordpress.org/export/") && !uri.contains("excerpt"),
        Ns::Content => uri == CONTENT_NS,
        Ns::Excerpt => uri.starts_with("http://wordpress.org/export/") && uri.contains("excerpt"),
        Ns::None => uri.is_empty(),
    }
}

fn child<'a, 'i>(n: Node<'a, 'i>, ns: Ns, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.is_element() && c.tag_name().name() == name && in_ns(*c, ns))
}

/// An element's whole text (WordPress splits `]]>` over two CDATA sections).
fn text_of(n: Node<'_, '_>) -> String {
    n.children().filter_map(|c| c.text()).collect()
}

fn field(n: Node<'_, '_>, ns: Ns, name: &str) -> String {
    child(n, ns, name).map(text_of).unwrap_or_default()
}

/// The blog as the export describes it.
struct Blog {
    base: String,
    /// Attachment ID -> URL.
    attachments: BTreeMap<u64, String>,
    /// Post ID -> its attachments' URLs.
    attached: BTreeMap<u64, Vec<String>>,
    /// Page ID -> (slug, parent ID).
    pages: BTreeMap<u64, (String, u64)>,
    /// `wp:post_date` minus `wp:post_date_gmt`, in seconds, as most items have it.
    offset: Option<i64>,
}

pub fn read(input: &Path, cx: &Context) -> Result<Import, Diagnostics> {
    let mut d = Diagnostics::default();
    let bytes = std::fs::read(input).map_err(|e| one(input, 0, 0, format!("cannot read it: {e}")))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let (line, col) = crate::error::line_col(&String::from_utf8_lossy(&bytes[..e.valid_up_to()]), e.valid_up_to());
        one(
            input,
            line,
            col,
            format!("not UTF-8 (byte {}): a WordPress export is UTF-8; export it again", e.valid_up_to()),
        )
    })?;
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = Document::parse_with_options(text, opts).map_err(|e| {
        let p = e.pos();
        one(input, p.row as usize, p.col as usize, format!("not a WordPress export: the XML is broken ({e})"))
    })?;
    let channel = doc
        .root_element()
        .children()
        .find(|c| c.has_tag_name("channel"))
        .filter(|_| doc.root_element().has_tag_name("rss"))
        .ok_or_else(|| one(input, 1, 1, "not a WordPress export: no <rss><channel> (export with Tools > Export)"))?;
    let version = field(channel, Ns::Wp, "wxr_version");
    if version.is_empty() {
        return Err(one(input, 1, 1, "not a WordPress export (WXR): <channel> has no <wp:wxr_version>"));
    }
    let blog = Blog::read(channel);
    let mut out = Import {
        title: Some(nfc(field(channel, Ns::None, "title").trim())).filter(|t| !t.is_empty()),
        language: Some(field(channel, Ns::None, "language")).filter(|l| !l.is_empty()),
        ..Import::default()
    };
    if !["1.0", "1.1", "1.2"].contains(&version.trim()) {
        out.notes.push(format!("WXR version {version}: read as 1.2"));
    }
    if blog.offset.is_none() {
        out.notes.push("no item has both local and GMT dates: local dates were read in the site's time zone".into());
    }
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    for item in channel.children().filter(|c| c.has_tag_name("item")) {
        let kind = field(item, Ns::Wp, "post_type");
        let status = field(item, Ns::Wp, "status");
        let kind = match kind.as_str() {
            "post" => Kind::Post,
            "page" => Kind::Page,
            "attachment" => continue,
            other => {
                *skipped.entry(format!("item(s) of type `{other}`")).or_default() += 1;
                continue;
            }
        };
        if matches!(status.as_str(), "trash" | "auto-draft" | "inherit") {
            *skipped.entry(format!("post(s) or page(s) with status `{status}`")).or_default() += 1;
            continue;
        }
        let at = doc.text_pos_at(item.range().start);
        let origin = format!("{}:{}: {} {}", input.display(), at.row, kind_word(kind), field(item, Ns::Wp, "post_id"));
        match convert(item, kind, &blog, cx, origin) {
            Ok(i) => out.items.push(i),
            Err(msg) => d.push(error_at(input, at.row as usize, at.col as usize, msg)),
        }
    }
    for (what, n) in skipped {
        out.notes.push(format!("{n} {what} skipped"));
    }
    if out.items.is_empty() && !d.has_errors() {
        d.push(error_at(input, 1, 1, "the export has no posts or pages"));
    }
    if d.has_errors() { Err(d) } else { Ok(out) }
}

fn one(path: &Path, line: usize, col: usize, msg: impl Into<String>) -> Diagnostics {
    let mut d = Diagnostics::default();
    d.push(error_at(path, line, col, msg));
    d
}

fn kind_word(k: Kind) -> &'static str {
    match k {
        Kind::Post => "post",
        Kind::Page => "page",
    }
}

impl Blog {
    fn read(channel: Node<'_, '_>) -> Blog {
        let base = [field(channel, Ns::Wp, "base_blog_url"), field(channel, Ns::None, "link")]
            .into_iter()
            .find(|s| !s.trim().is_empty())
            .unwrap_or_default();
        let mut blog = Blog {
            base: base.trim().trim_end_matches('/').to_owned(),
            attachments: BTreeMap::new(),
            attached: BTreeMap::new(),
            pages: BTreeMap::new(),
            offset: None,
        };
        let mut offsets: BTreeMap<i64, usize> = BTreeMap::new();
        for item in channel.children().filter(|c| c.has_tag_name("item")) {
            let id: u64 = field(item, Ns::Wp, "post_id").trim().parse().unwrap_or(0);
            let parent: u64 = field(item, Ns::Wp, "post_parent").trim().parse().unwrap_or(0);
            match field(item, Ns::Wp, "post_type").as_str() {
                "attachment" => {
                    let url = field(item, Ns::Wp, "attachment_url").trim().to_owned();
                    if !url.is_empty() {
                        blog.attachments.insert(id, url.clone());
                        blog.attached.entry(parent).or_default().push(url);
                    }
                }
                "page" => {
                    blog.pages.insert(id, (slug_of(item), parent));
                }
                _ => {}
            }
            let (local, gmt) = (civil(&field(item, Ns::Wp, "post_date")), civil(&field(item, Ns::Wp, "post_date_gmt")));
            if let (Some(l), Some(g)) = (local, gmt)
                && let (Ok(l), Ok(g)) = (l.to_zoned(TimeZone::UTC), g.to_zoned(TimeZone::UTC))
            {
                *offsets.entry(l.timestamp().as_second() - g.timestamp().as_second()).or_default() += 1;
            }
        }
        blog.offset = offsets.iter().max_by_key(|(o, n)| (**n, -**o)).map(|(o, _)| *o);
        blog
    }

    /// The site path of an address on the old blog (`https://blog/2023/01/x/` -> `/2023/01/x/`),
    /// percent-decoded and NFC; `None` for another site or an address with a query.
    fn path_of(&self, url: &str) -> Option<String> {
        let url = url.trim();
        let rest = if self.base.is_empty() { None } else { url.strip_prefix(&self.base) };
        let rest = rest.or_else(|| url.starts_with('/').then_some(url))?;
        // WordPress's plain links (`/?p=123`): the home page redirects them.
        if rest.starts_with("/?") || rest.starts_with('?') {
            return Some(format!("/?{}", rest.trim_start_matches(['/', '?']).split('#').next().unwrap_or("")));
        }
        if rest.contains('?') || !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        let path = nfc(&crate::slug::decode(rest.split('#').next().unwrap_or("")));
        (path.len() > 1).then_some(path)
    }
}

/// `wp:post_name` percent-decoded, NFC and made a slug.
fn slug_of(item: Node<'_, '_>) -> String {
    slugify(&crate::slug::decode(field(item, Ns::Wp, "post_name").trim()))
}

/// A WXR date (`2023-12-31 23:30:00`); `None` for WordPress's `0000-00-00 00:00:00` (never set).
fn civil(s: &str) -> Option<DateTime> {
    let s = s.trim();
    if s.is_empty() || s.starts_with("0000-00-00") {
        return None;
    }
    jiff::fmt::strtime::parse("%Y-%m-%d %H:%M:%S", s).and_then(|p| p.to_datetime()).ok()
}

fn convert(item: Node<'_, '_>, kind: Kind, blog: &Blog, cx: &Context, origin: String) -> Result<Item, String> {
    let id: u64 = field(item, Ns::Wp, "post_id").trim().parse().unwrap_or(0);
    let status = field(item, Ns::Wp, "status");
    let mut carried = Vec::new();
    let mut lost = Vec::new();
    let title = nfc(field(item, Ns::None, "title").trim());
    let title = if title.is_empty() {
        let t = if cx.language == "ko" { format!("제목 없음 ({id})") } else { format!("Untitled ({id})") };
        lost.push(format!("no title: named `{t}`"));
        t
    } else {
        title
    };
    let date = date_of(item, blog, &cx.tz, &mut carried).ok_or_else(|| {
        format!("`{title}` has no date: wp:post_date_gmt, wp:post_date and wp:post_modified are all empty")
    })?;
    let mut fields = Fields { title: title.clone(), ..Fields::default() };
    let modified = civil(&field(item, Ns::Wp, "post_modified_gmt"))
        .and_then(|m| m.to_zoned(TimeZone::UTC).ok())
        .map(|m| m.with_time_zone(cx.tz.clone()));
    if let Some(m) = modified
        && m.date() > date.date()
    {
        fields.updated = Some(m);
    }
    if kind == Kind::Post {
        fields.date = Some(date);
    }
    if status != "publish" {
        fields.draft = true;
        carried.push(format!("status `{status}`: a draft"));
    }
    if !field(item, Ns::Wp, "post_password").is_empty() {
        fields.draft = true;
        lost.push("a password: hoego has none, so the post is a draft".into());
    }
    terms(item, &mut fields, &mut lost);
    let excerpt = plain(&field(item, Ns::Excerpt, "encoded"));
    fields.description = (!excerpt.is_empty()).then_some(excerpt);
    let slug = match slug_of(item) {
        s if !s.is_empty() => s,
        _ => Some(slugify(&title)).filter(|s| !s.is_empty()).unwrap_or_else(|| format!("{}-{id}", kind_word(kind))),
    };
    let link = field(item, Ns::None, "link");
    match blog.path_of(&link) {
        Some(p) => fields.aliases.push(p),
        None if !link.trim().is_empty() && status == "publish" => {
            lost.push(format!("old address {}: a static site cannot redirect it", link.trim()));
        }
        None => {}
    }
    // WordPress answers `/?p=ID` (posts) and `/?page_id=ID` (pages) whatever the permalinks;
    // old links and bookmarks use them, and the home page redirects them.
    let plain = format!("/?{}={id}", if kind == Kind::Post { "p" } else { "page_id" });
    if status == "publish" && !fields.aliases.contains(&plain) {
        fields.aliases.push(plain);
    }
    fields.extra.push(("wordpress_id".into(), id.to_string()));
    let mut img = images::Images::new(blog.base.clone(), cx);
    let refs = body::Refs {
        attachments: &blog.attachments,
        attached: blog.attached.get(&id).map(|v| v.iter().map(String::as_str).collect()).unwrap_or_default(),
    };
    let mut found = body::Found::default();
    let html_body = body::prepare(&field(item, Ns::Content, "encoded"), &refs, &mut found);
    let converted = html::to_markdown(&html_body, &mut |url, image| img.rewrite(url, image));
    if converted.blocks > 0 {
        carried.push(format!("{} Gutenberg blocks", converted.blocks));
    }
    for (name, n) in &found.converted {
        carried.push(format!("[{name}] ×{n}"));
    }
    lost.extend(found.lost);
    lost.extend(converted.lost);
    if let Some(url) = thumbnail(item, blog) {
        fields.cover = Some(img.rewrite(&url, true).unwrap_or(url));
        carried.push("featured image: cover".into());
    }
    comments(item, &mut lost);
    if field(item, Ns::Wp, "is_sticky").trim() == "1" {
        lost.push("sticky (pinned to the front page)".into());
    }
    let img = img.finish().map_err(|missing| format!("`{title}`: {missing}"))?;
    lost.extend(img.remote.iter().map(|u| format!("remote image {u}")));
    if img.copied > 0 {
        carried.push(format!("{} images copied", img.copied));
    }
    Ok(Item {
        kind,
        origin,
        slug,
        parents: if kind == Kind::Page { parents(item, blog) } else { Vec::new() },
        fields,
        body: converted.markdown,
        attachments: img.attachments,
        carried,
        lost,
    })
}

/// The instant: GMT, else the local date in the blog's offset, else the last modification.
fn date_of(item: Node<'_, '_>, blog: &Blog, tz: &TimeZone, carried: &mut Vec<String>) -> Option<Zoned> {
    if let Some(g) = civil(&field(item, Ns::Wp, "post_date_gmt")) {
        return g.to_zoned(TimeZone::UTC).ok().map(|z| z.with_time_zone(tz.clone()));
    }
    let local = civil(&field(item, Ns::Wp, "post_date"));
    let z = match (local, blog.offset) {
        (Some(l), Some(off)) => {
            let secs = l.to_zoned(TimeZone::UTC).ok()?.timestamp().as_second() - off;
            Timestamp::from_second(secs).ok()?.to_zoned(tz.clone())
        }
        (Some(l), None) => l.to_zoned(tz.clone()).ok()?,
        (None, _) => {
            let m = civil(&field(item, Ns::Wp, "post_modified_gmt"))?;
            carried.push("date: the last modification (the post was never dated)".into());
            return m.to_zoned(TimeZone::UTC).ok().map(|z| z.with_time_zone(tz.clone()));
        }
    };
    carried.push("date: wp:post_date in the blog's offset (no GMT date)".into());
    Some(z)
}

fn terms(item: Node<'_, '_>, fields: &mut Fields, lost: &mut Vec<String>) {
    for c in item.children().filter(|c| c.has_tag_name("category") && in_ns(*c, Ns::None)) {
        let name = nfc(html_escape::decode_html_entities(text_of(c).trim()).as_ref());
        let nicename = c.attribute("nicename").unwrap_or("");
        match c.attribute("domain").unwrap_or("category") {
            "category" if nicename == "uncategorized" => {}
            "category" if !fields.categories.contains(&name) => fields.categories.push(name),
            "post_tag" if !fields.tags.contains(&name) => fields.tags.push(name),
            "category" | "post_tag" => {}
            other => lost.push(format!("taxonomy `{other}`: {name}")),
        }
    }
}

fn thumbnail(item: Node<'_, '_>, blog: &Blog) -> Option<String> {
    item.children()
        .filter(|c| c.has_tag_name("postmeta") && in_ns(*c, Ns::Wp))
        .find(|m| field(*m, Ns::Wp, "meta_key") == "_thumbnail_id")
        .and_then(|m| field(m, Ns::Wp, "meta_value").trim().parse::<u64>().ok())
        .and_then(|id| blog.attachments.get(&id).cloned())
}

fn comments(item: Node<'_, '_>, lost: &mut Vec<String>) {
    let all: Vec<Node<'_, '_>> = item.children().filter(|c| c.has_tag_name("comment") && in_ns(*c, Ns::Wp)).collect();
    if all.is_empty() {
        return;
    }
    let approved = all.iter().filter(|c| field(**c, Ns::Wp, "comment_approved").trim() == "1").count();
    lost.push(format!("{} comments ({approved} approved): not imported", all.len()));
}

/// A page's parent pages' slugs, outermost first (a loop in the export stops the walk).
fn parents(item: Node<'_, '_>, blog: &Blog) -> Vec<String> {
    let mut out = Vec::new();
    let mut parent: u64 = field(item, Ns::Wp, "post_parent").trim().parse().unwrap_or(0);
    while let Some((slug, up)) = blog.pages.get(&parent) {
        if out.len() > 16 || slug.is_empty() {
            break;
        }
        out.push(slug.clone());
        parent = *up;
    }
    out.reverse();
    out
}

/// An excerpt as plain text: tags dropped, entities decoded, white space joined.
fn plain(html: &str) -> String {
    nfc(&html::plain_text(html).split_whitespace().collect::<Vec<_>>().join(" "))
}
