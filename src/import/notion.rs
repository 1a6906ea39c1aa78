//! IMPORT (Notion): a "Markdown & CSV" export — the `.zip` (with its parts) or the unpacked
//! folder, read by `archive` — into posts and pages.
//!
//! Each `Title <32-hex id>.md` is a page: its `# Title` heading is the title, the property
//! lines under it (`props`) its front matter, and the rows of its database's CSV (`csv`, the
//! `Database <id>.csv` beside the `Database <id>/` folder of row pages, matched by title) fill
//! in what the lines lack. A page with a date property (`날짜`/`Date`, `생성 일시`/`Created`…)
//! is a post; the others are pages, nested under their parent pages' slugs as Notion nests
//! them (`Parent <id>/Child <id>.md`). The hex id never reaches a slug or a link. Links are
//! percent-decoded (Notion encodes them, often in decomposed Hangul) and resolved against the
//! page's folder: a link to another page becomes that page's new URL, a link to a file of the
//! export (images, attachments) a copy in the page's bundle; one to something the export lacks
//! is an error. Reads the export; writes nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::bundle::{Bundle, file_name};
use super::markdown::{links, replace};
use super::{Context, Fields, Import, Item, Kind, Origin, error_at, item_link};
use crate::error::{Diagnostic, Diagnostics};
use crate::slug::{decode, nfc, slugify};

mod archive;
mod csv;
mod props;

/// One page of the export, read.
struct Page {
    /// Path in the export.
    rel: String,
    title: String,
    id: Option<String>,
    props: Vec<(String, String)>,
    body: String,
}

pub fn read(input: &Path, cx: &Context) -> Result<Import, Diagnostics> {
    let files = archive::load(input).map_err(|e| {
        let at = e.entry.map_or_else(|| input.to_path_buf(), |entry| input.join(entry));
        one(error_at(&at, 0, 0, e.msg))
    })?;
    let in_export = |rel: &str| input.join(rel);
    let mut d = Diagnostics::default();
    let mut pages: Vec<Page> = Vec::new();
    for (rel, bytes) in files.iter().filter(|(k, _)| k.to_ascii_lowercase().ends_with(".md")) {
        match page(rel, bytes) {
            Ok(p) => pages.push(p),
            Err((line, col, msg)) => d.push(error_at(&in_export(rel), line, col, msg)),
        }
    }
    if pages.is_empty() && !d.has_errors() {
        d.push(error_at(
            input,
            0,
            0,
            "no Notion pages (.md) in the export: export with \"Markdown & CSV\" (… → 내보내기 / Export)",
        ));
    }
    if d.has_errors() {
        return Err(d);
    }
    let mut out = Import::default();
    databases(&files, &mut pages, &in_export, &mut out.notes).map_err(one)?;
    let index: BTreeMap<&str, usize> = pages.iter().enumerate().map(|(i, p)| (p.rel.as_str(), i)).collect();
    let mut items: Vec<Item> = Vec::new();
    for p in &pages {
        match item(p, input, cx) {
            Ok(i) => items.push(i),
            Err(e) => d.push(e),
        }
    }
    if d.has_errors() {
        return Err(d);
    }
    nest(&pages, &index, &mut items);
    for (i, p) in pages.iter().enumerate() {
        match body(p, &files, &index, &mut items[i]) {
            Ok(()) => {}
            Err(msg) => d.push(error_at(&in_export(&p.rel), 0, 0, msg)),
        }
    }
    out.items = items;
    if d.has_errors() { Err(d) } else { Ok(out) }
}

fn one(e: Diagnostic) -> Diagnostics {
    let mut d = Diagnostics::default();
    d.push(e);
    d
}

/// `Title 0123…cdef` -> (`Title`, the id); names without an id stay whole.
fn split_id(stem: &str) -> (String, Option<String>) {
    match stem.rsplit_once(' ') {
        Some((name, id)) if id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) => {
            (name.trim().to_owned(), Some(id.to_ascii_lowercase()))
        }
        _ => (stem.to_owned(), None),
    }
}

/// A file name without Notion's id: `글-목록-0123…cdef.csv` -> `글-목록.csv`.
fn without_id(name: &str) -> String {
    let (stem, ext) = name.rsplit_once('.').map_or((name, String::new()), |(s, e)| (s, format!(".{e}")));
    match stem.rsplit_once('-') {
        Some((base, id)) if !base.is_empty() && split_id(&format!("x {id}")).1.is_some() => format!("{base}{ext}"),
        _ => name.to_owned(),
    }
}

fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

fn page(rel: &str, bytes: &[u8]) -> Result<Page, (usize, usize, String)> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) = crate::error::line_col(&String::from_utf8_lossy(&bytes[..e.valid_up_to()]), e.valid_up_to());
        (line, col, format!("not UTF-8 (byte {}): export the page again", e.valid_up_to()))
    })?;
    let text = nfc(text.strip_prefix('\u{feff}').unwrap_or(text));
    let (name, id) = split_id(stem(rel));
    let split = props::split(&text);
    let title = split.title.filter(|t| !t.is_empty()).unwrap_or_else(|| nfc(&name));
    Ok(Page { rel: rel.to_owned(), title, id, props: split.props, body: split.body })
}

/// Each database CSV's rows give their pages the properties the page's own lines lack.
fn databases(
    files: &archive::Files,
    pages: &mut [Page],
    in_export: &dyn Fn(&str) -> PathBuf,
    notes: &mut Vec<String>,
) -> Result<(), Diagnostic> {
    let csvs: Vec<&String> = files.keys().filter(|k| k.to_ascii_lowercase().ends_with(".csv")).collect();
    for rel in &csvs {
        let folder = rel[..rel.len() - 4].trim_end_matches("_all");
        // Newer exports write `DB.csv` and `DB_all.csv` (every row): read the whole one only.
        if !rel.ends_with("_all.csv") && csvs.iter().any(|c| c.as_str() == format!("{folder}_all.csv")) {
            continue;
        }
        let bytes = &files[rel.as_str()];
        let text = std::str::from_utf8(bytes).map_err(|e| {
            error_at(&in_export(rel), 0, 0, format!("not UTF-8 (byte {}): export it again", e.valid_up_to()))
        })?;
        let table = csv::parse(&nfc(text)).map_err(|(line, msg)| error_at(&in_export(rel), line, 1, msg))?;
        let prefix = format!("{folder}/");
        let mut used: BTreeSet<usize> = BTreeSet::new();
        for (line, row) in &table.rows {
            let title = row.first().map(|t| t.trim()).unwrap_or("");
            let found = pages
                .iter()
                .position(|p| p.rel.starts_with(&prefix) && !p.rel[prefix.len()..].contains('/') && p.title == title);
            let Some(i) = found.filter(|i| used.insert(*i)) else {
                if !title.is_empty() {
                    notes.push(format!("{rel}:{line}: row `{title}` has no page in the export: not imported"));
                }
                continue;
            };
            let p = &mut pages[i];
            for (key, value) in table.header.iter().zip(row).skip(1) {
                let key = key.trim();
                if !key.is_empty() && !p.props.iter().any(|(k, _)| k == key) {
                    p.props.push((key.to_owned(), value.trim().to_owned()));
                }
            }
        }
    }
    Ok(())
}

fn item(p: &Page, input: &Path, cx: &Context) -> Result<Item, Diagnostic> {
    let mut fields = Fields { title: p.title.clone(), ..Fields::default() };
    let mut slug = None;
    let dated = props::apply(&p.props, &cx.tz, &mut fields, &mut slug);
    if let Some(id) = &p.id {
        fields.extra.push(("notion_id".into(), id.clone()));
    }
    let slug = slug
        .map(|s| slugify(&decode(&s)))
        .filter(|s| !s.is_empty())
        .or_else(|| Some(slugify(&p.title)).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| if dated { "post".into() } else { "page".into() });
    let mut carried = Vec::new();
    if !p.props.is_empty() {
        carried.push(format!("{} propert{}", p.props.len(), if p.props.len() == 1 { "y" } else { "ies" }));
    }
    Ok(Item {
        kind: if dated { Kind::Post } else { Kind::Page },
        origin: format!("{}: {}", input.display(), p.rel),
        slug,
        parents: Vec::new(),
        fields,
        body: String::new(),
        attachments: Vec::new(),
        carried,
        lost: Vec::new(),
    })
}

/// A page's parents: the pages whose folders hold it (`A <id>/B <id>/C <id>.md` is under B,
/// under A), pages only (a post is not a folder).
fn nest(pages: &[Page], index: &BTreeMap<&str, usize>, items: &mut [Item]) {
    for (i, p) in pages.iter().enumerate() {
        if items[i].kind != Kind::Page {
            continue;
        }
        let mut parents = Vec::new();
        let mut dir = p.rel.as_str();
        while let Some((up, _)) = dir.rsplit_once('/') {
            if let Some(&j) = index.get(format!("{up}.md").as_str())
                && items[j].kind == Kind::Page
            {
                parents.push(items[j].slug.clone());
            }
            dir = up;
        }
        parents.reverse();
        items[i].parents = parents;
    }
}

/// The body with its links resolved: pages to their new URLs, files into the bundle.
fn body(p: &Page, files: &archive::Files, index: &BTreeMap<&str, usize>, item: &mut Item) -> Result<(), String> {
    let dir = p.rel.rsplit_once('/').map_or("", |(d, _)| d);
    let mut bundle = Bundle::default();
    let mut edits = Vec::new();
    for (link, image) in links(&p.body) {
        let url = link.url.trim();
        if url.is_empty() || url.starts_with('#') || url.contains("://") || url.starts_with("mailto:") {
            continue;
        }
        let Some(target) = resolve(dir, url) else {
            // Nothing to point at: the text stays, the link goes (a broken link fails `gen check`).
            match text_of(&p.body, &link) {
                Some(text) => {
                    edits.push((link.whole.clone(), text.to_owned()));
                    item.lost.push(format!("link {url}: it leaves the export; its text was kept"));
                }
                None => item.lost.push(format!("link {url}: it leaves the export")),
            }
            continue;
        };
        let new = if let Some(&i) = index.get(target.as_str()) {
            item_link(i)
        } else if let Some(bytes) = files.get(&target) {
            bundle.add(&target, &without_id(&file_name(&target)), Origin::Bytes(bytes.clone()))
        } else {
            let what = if image { "image" } else { "link" };
            return Err(format!("`{}`: {what} {url} points at {target}, which is not in the export", p.title));
        };
        match link.at {
            Some(at) => edits.push((at, new)),
            None => item.lost.push(format!("link {url}: written in a form that could not be rewritten")),
        }
    }
    if !bundle.attachments.is_empty() {
        item.carried.push(format!("{} file(s) copied into the page's folder", bundle.attachments.len()));
    }
    item.body = replace(&p.body, edits).trim_matches('\n').to_owned();
    item.attachments = bundle.attachments;
    Ok(())
}

/// The text of an inline link or the alt text of an image (`[text](url)` -> `text`).
fn text_of<'a>(body: &'a str, link: &super::markdown::Image) -> Option<&'a str> {
    let at = link.at.as_ref()?;
    let written = body.get(link.whole.start..at.start)?;
    let open = if written.starts_with("![") { 2 } else { 1 };
    written.strip_suffix("](").filter(|_| written.starts_with('[') || open == 2).map(|w| &w[open..])
}

/// A link's target in the export: percent-decoded, NFC, joined to the page's folder; `None`
/// when it climbs out of the export.
fn resolve(dir: &str, url: &str) -> Option<String> {
    let path = nfc(&decode(url.split(['#', '?']).next().unwrap_or("")));
    let mut parts: Vec<&str> =
        if path.starts_with('/') { Vec::new() } else { dir.split('/').filter(|s| !s.is_empty()).collect() };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_leave_names_and_links_resolve() {
        assert_eq!(split_id("2023년 회고 0123456789abcdef0123456789ABCDEF").0, "2023년 회고");
        assert_eq!(split_id("메모 123").1, None);
        assert_eq!(without_id("글-목록-0123456789abcdef0123456789abcdef.csv"), "글-목록.csv");
        assert_eq!(without_id("a-b.png"), "a-b.png");
        assert_eq!(resolve("A 1", "../B%201/img%20x.png").as_deref(), Some("B 1/img x.png"));
        assert_eq!(resolve("", "../x.png"), None);
        let page = Page { rel: "a.md".into(), title: "A".into(), id: None, props: Vec::new(), body: String::new() };
        let mut it = item(&page, Path::new("e"), &crate::import::tests_context()).unwrap();
        let p = Page { body: "See [the **old** one](../../x.md) and ![cat](../c.png).".into(), ..page };
        body(&p, &archive::Files::new(), &BTreeMap::new(), &mut it).unwrap();
        assert_eq!(it.body, "See the **old** one and cat.");
        assert_eq!(it.lost.len(), 2);
        // Decomposed Hangul in the link finds the composed file name.
        assert_eq!(resolve("", "\u{1112}\u{1161}\u{11AB}.png").as_deref(), Some("한.png"));
    }
}
