//! IMPORT (Tistory): the legacy backup XML (`<blog>` with `<post>` elements, from 관리 → 데이터
//! 관리 → 백업) read with roxmltree into posts — or, given a folder, the article pages saved from
//! the blog in a browser (`page`).
//!
//! A `<post>`: `slogan` (percent-decoded, NFC) is the slug; `visibility` public/syndicated/20/3
//! is published, private/0 and protected/15/1 (a password) are drafts; `published` (else
//! `created`) in epoch seconds is the date and `modified` the update, both in the site's time
//! zone; `category` and `tag`s carry over; the HTML `content` goes through `html` (Markdown)
//! after `placeholder` has turned Tistory's `[##_1C|…_##]` and `[##_Image|kage@…_##]` forms
//! into images; base64 `<attachment>`s are decoded into the post's bundle; `/entry/<slogan>`
//! and `/<id>` become aliases. `<notice>`s are imported as posts in a notice category;
//! comments are counted, not imported. Reads the backup; writes nothing.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine;
use jiff::{Timestamp, Zoned};
use roxmltree::{Document, Node};

use super::bundle::Bundle;
use super::{Context, Fields, Import, Item, Kind, Origin, error_at, html};
use crate::error::Diagnostics;
use crate::slug::{decode, nfc, slugify};

mod page;
mod placeholder;

pub fn read(input: &Path, cx: &Context) -> Result<Import, Diagnostics> {
    if input.is_dir() {
        return page::read(input, cx);
    }
    let bytes = std::fs::read(input).map_err(|e| one(input, 0, 0, format!("cannot read it: {e}")))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let (line, col) = crate::error::line_col(&String::from_utf8_lossy(&bytes[..e.valid_up_to()]), e.valid_up_to());
        one(input, line, col, format!("not UTF-8 (byte {}): a Tistory backup is UTF-8", e.valid_up_to()))
    })?;
    let doc = Document::parse_with_options(text, roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() })
        .map_err(|e| {
        let p = e.pos();
        one(input, p.row as usize, p.col as usize, format!("not a Tistory backup: the XML is broken ({e})"))
    })?;
    let blog = doc.root_element();
    if !blog.has_tag_name("blog") {
        return Err(one(
            input,
            1,
            1,
            format!("not a Tistory backup: the root element is <{}>, expected <blog>", blog.tag_name().name()),
        ));
    }
    let mut out = Import { language: Some("ko".into()), ..Import::default() };
    out.title = blog
        .children()
        .find(|c| c.has_tag_name("setting"))
        .map(|s| nfc(field(s, "title").trim()))
        .filter(|t| !t.is_empty());
    let old = OldAddresses::read(blog);
    let mut d = Diagnostics::default();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    for node in blog.children().filter(Node::is_element) {
        let name = node.tag_name().name();
        if !matches!(name, "post" | "notice") {
            if !matches!(name, "setting" | "category" | "skin" | "plugin" | "statistics" | "personalization") {
                *skipped.entry(format!("<{name}> element(s)")).or_default() += 1;
            }
            continue;
        }
        let at = doc.text_pos_at(node.range().start);
        let id = attr_or_field(node, "id");
        let origin = format!("{}:{}: {name} {id}", input.display(), at.row);
        match post(node, cx, &old, origin) {
            Ok(item) => out.items.push(item),
            Err(msg) => d.push(error_at(input, at.row as usize, at.col as usize, format!("{name} {id}: {msg}"))),
        }
    }
    for (what, n) in skipped {
        out.notes.push(format!("{n} {what} (guestbook, keywords...) not imported"));
    }
    if out.items.is_empty() && !d.has_errors() {
        d.push(error_at(input, 1, 1, "the backup has no <post>: nothing to import"));
    }
    if d.has_errors() { Err(d) } else { Ok(out) }
}

fn one(path: &Path, line: usize, col: usize, msg: impl Into<String>) -> Diagnostics {
    let mut d = Diagnostics::default();
    d.push(error_at(path, line, col, msg));
    d
}

/// A child element's whole text.
fn field(n: Node<'_, '_>, name: &str) -> String {
    n.children()
        .find(|c| c.has_tag_name(name))
        .map(|c| c.children().filter_map(|t| t.text()).collect())
        .unwrap_or_default()
}

/// `<post slogan="…">` in some backups, `<post><slogan>…</slogan>` in others.
fn attr_or_field(n: Node<'_, '_>, name: &str) -> String {
    n.attribute(name).map(str::to_owned).unwrap_or_else(|| field(n, name)).trim().to_owned()
}

/// How `visibility` reads: `(draft, what the report says)`.
fn visibility(v: &str) -> (bool, Option<String>) {
    match v.trim() {
        "public" | "syndicated" | "20" | "3" | "" => (false, None),
        "private" | "0" => (true, Some("private on Tistory: a draft".into())),
        "protected" | "15" | "1" => {
            (true, Some("protected with a password on Tistory: hoego has none, a draft".into()))
        }
        other => (true, Some(format!("visibility `{other}` is not one Tistory writes: a draft"))),
    }
}

/// Epoch seconds in the site's time zone; `None` for empty or `0`.
fn epoch(text: &str, tz: &jiff::tz::TimeZone) -> Result<Option<Zoned>, String> {
    let t = text.trim();
    if t.is_empty() || t == "0" {
        return Ok(None);
    }
    let secs: i64 = t.parse().map_err(|_| format!("`{t}` is not a time in epoch seconds"))?;
    Timestamp::from_second(secs).map(|ts| Some(ts.to_zoned(tz.clone()))).map_err(|e| format!("`{t}`: {e}"))
}

fn post(node: Node<'_, '_>, cx: &Context, old: &OldAddresses, origin: String) -> Result<Item, String> {
    let id = attr_or_field(node, "id");
    let title = nfc(field(node, "title").trim());
    let title = if title.is_empty() { format!("제목 없음 ({id})") } else { title };
    let mut carried = Vec::new();
    let mut lost = Vec::new();
    let date = match epoch(&field(node, "published"), &cx.tz)? {
        Some(d) => d,
        None => epoch(&field(node, "created"), &cx.tz)?
            .ok_or_else(|| format!("`{title}` has no date: <published> and <created> are empty"))?,
    };
    let mut fields = Fields { title: title.clone(), ..Fields::default() };
    if let Some(m) = epoch(&field(node, "modified"), &cx.tz)?
        && m.date() > date.date()
    {
        fields.updated = Some(m);
    }
    fields.date = Some(date);
    let (draft, why) = visibility(&field(node, "visibility"));
    fields.draft = draft;
    carried.extend(why);
    if !field(node, "password").trim().is_empty() && !fields.draft {
        fields.draft = true;
        lost.push("a password: hoego has none, so the post is a draft".into());
    }
    for c in node.children().filter(|c| c.has_tag_name("category")) {
        let name = nfc(c.text().unwrap_or("").trim());
        if !name.is_empty() && !fields.categories.contains(&name) {
            fields.categories.push(name);
        }
    }
    if node.has_tag_name("notice") {
        fields.categories.push(if cx.language == "en" { "Notice".into() } else { "공지".into() });
        carried.push("a notice (공지사항): a post in the notice category".into());
    }
    for t in node.children().filter(|c| c.has_tag_name("tag")) {
        for name in t.text().unwrap_or("").split(',').map(|s| nfc(s.trim())).filter(|s| !s.is_empty()) {
            if !fields.tags.contains(&name) {
                fields.tags.push(name);
            }
        }
    }
    let slogan = nfc(&decode(&attr_or_field(node, "slogan")));
    let slug = Some(slugify(&slogan))
        .filter(|s| !s.is_empty())
        .or_else(|| Some(slugify(&title)).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| format!("post-{id}"));
    aliases(&slogan, &id, &mut fields.aliases, &mut lost);
    if !id.is_empty() {
        fields.extra.push(("tistory_id".into(), id.clone()));
    }
    let mut bundle = Bundle::default();
    let files = attachments(node, &mut bundle)?;
    let content = field(node, "content");
    let mut remote: Vec<String> = Vec::new();
    let prepared = placeholder::replace(&content, &files, cx, &mut bundle, &mut lost)?;
    let converted = html::to_markdown(&prepared.html, &mut |url, image| {
        let name = url.rsplit('/').next().unwrap_or("");
        if let Some(local) = files.get(name).or_else(|| files.get(&decode(name))) {
            return Some(local.clone());
        }
        if prepared.placed.contains(url) {
            return None;
        }
        if !image && let Some(i) = old.item(url) {
            return Some(super::item_link(i));
        }
        if image && url.starts_with("http") {
            if cx.fetch_images {
                return Some(bundle.add(url, &decode(url), Origin::Url(url.to_owned())));
            }
            if !remote.iter().any(|r| r == url) {
                remote.push(url.to_owned());
            }
        }
        None
    });
    lost.extend(converted.lost);
    lost.extend(remote.into_iter().map(|u| format!("remote image {u}")));
    if prepared.images > 0 {
        carried.push(format!("{} Tistory image placeholder(s) as images", prepared.images));
    }
    if !files.is_empty() {
        carried.push(format!("{} attachment(s) decoded into the post's folder", files.len()));
    }
    let comments = node.children().filter(|c| c.has_tag_name("comment")).count();
    if comments > 0 {
        lost.push(format!("{comments} comment{}: not imported", crate::report::plural(comments)));
    }
    Ok(Item {
        kind: Kind::Post,
        origin,
        slug,
        parents: Vec::new(),
        fields,
        body: converted.markdown,
        attachments: bundle.attachments,
        carried,
        lost,
    })
}

/// The old blog's addresses of the imported posts, so that links between them point at the
/// new ones: `https://<name>.tistory.com/entry/<slogan>`, `…/<id>`, or the same paths alone.
struct OldAddresses {
    hosts: Vec<String>,
    /// `entry/<slogan>` or `<id>` -> index of the item.
    paths: BTreeMap<String, usize>,
}

impl OldAddresses {
    fn read(blog: Node<'_, '_>) -> OldAddresses {
        let setting = blog.children().find(|c| c.has_tag_name("setting"));
        let mut hosts = Vec::new();
        if let Some(s) = setting {
            let name = field(s, "name").trim().to_owned();
            if !name.is_empty() {
                hosts.push(format!("{name}.tistory.com"));
            }
            let domain = field(s, "secondaryDomain").trim().to_owned();
            if !domain.is_empty() {
                hosts.push(domain);
            }
        }
        let mut paths = BTreeMap::new();
        let items = blog.children().filter(|c| c.has_tag_name("post") || c.has_tag_name("notice"));
        for (i, node) in items.enumerate() {
            let slogan = nfc(&decode(&attr_or_field(node, "slogan")));
            if !slogan.is_empty() {
                paths.insert(format!("entry/{slogan}"), i);
            }
            let id = attr_or_field(node, "id");
            if !id.is_empty() {
                paths.insert(id, i);
            }
        }
        OldAddresses { hosts, paths }
    }

    fn item(&self, url: &str) -> Option<usize> {
        let rest = url.split_once("://").map_or(Some(url), |(_, r)| {
            let (host, path) = r.split_once('/').unwrap_or((r, ""));
            self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)).then_some(path)
        })?;
        let path = nfc(&decode(rest.split(['?', '#']).next().unwrap_or("")));
        self.paths.get(path.trim_matches('/')).copied()
    }
}

/// `/entry/<slogan>` and `/<id>` (unless the id reads as a year: `/2023/` is a year page here).
fn aliases(slogan: &str, id: &str, out: &mut Vec<String>, lost: &mut Vec<String>) {
    if !slogan.is_empty() {
        if slogan.chars().any(|c| c.is_whitespace() || c.is_control() || "?#%\"<>\\".contains(c)) {
            lost.push(format!("old address /entry/{slogan}: characters a static site cannot serve"));
        } else {
            out.push(format!("/entry/{slogan}"));
        }
    }
    match id.parse::<u32>() {
        Ok(n) if (1000..=2999).contains(&n) => {
            lost.push(format!("old address /{id}: the year page /{id}/ has that address here"));
        }
        Ok(_) => out.push(format!("/{id}")),
        Err(_) => {}
    }
}

/// The post's `<attachment>`s decoded into the bundle: Tistory's stored name -> bundle name.
fn attachments(node: Node<'_, '_>, bundle: &mut Bundle) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for a in node.children().filter(|c| c.has_tag_name("attachment")) {
        let name = field(a, "name").trim().to_owned();
        if name.is_empty() {
            return Err("an <attachment> has no <name>".into());
        }
        let label = nfc(field(a, "label").trim());
        let data: Vec<u8> = field(a, "content").bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&data)
            .map_err(|e| format!("attachment `{name}`: its base64 <content> does not decode ({e})"))?;
        let hint = if label.is_empty() { name.clone() } else { label };
        let file = bundle.add(&format!("attachment:{name}"), &hint, Origin::Bytes(bytes));
        out.insert(name, file);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visibility_values() {
        for v in ["public", "syndicated", "20", "3"] {
            assert!(!visibility(v).0, "{v}");
        }
        for v in ["private", "0", "protected", "15", "1", "weird"] {
            assert!(visibility(v).0, "{v}");
        }
    }

    #[test]
    fn aliases_skip_year_like_ids() {
        let (mut out, mut lost) = (Vec::new(), Vec::new());
        aliases("2023년-회고", "12", &mut out, &mut lost);
        assert_eq!(out, ["/entry/2023년-회고", "/12"]);
        out.clear();
        aliases("", "2023", &mut out, &mut lost);
        assert!(out.is_empty() && lost.len() == 1);
    }
}
