//! IMPORT (other generators): a Jekyll or Hugo site, a Gatsby blog or an Obsidian vault, read in
//! place, into posts and pages whose front matter and body need no compatibility at all.
//!
//! Each generator's module (`jekyll`, `hugo`, `gatsby`, `obsidian`) only finds things: its
//! Markdown [`Doc`]s, the other files a link may name, the old site's settings, and each doc's
//! old URL. What they share is here: front matter is read by the same code `gen build` uses
//! (`frontmatter`, `fields`: other generators' keys become hoego's), and `body` rewrites the
//! body through the same dialect stage `gen build` uses, once, then moves the files a post
//! shows into its bundle and points links between docs at their new source paths. Pure: reads
//! the input, writes nothing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde_json::{Map, Value};

use super::{Context, Fields, Import, Item, Kind, error_at};
use crate::error::{Diagnostic, Diagnostics};
use crate::fields::{FrontMatter, Reading, RetroFlag};
use crate::slug::{nfc, nfc_owned, slugify};

mod body;
pub mod gatsby;
pub mod hugo;
pub mod jekyll;
pub mod obsidian;

/// One Markdown source of the old site.
#[derive(Debug, Clone)]
pub struct Doc {
    pub file: PathBuf,
    /// Its path as links and the dialect stage name it (`posts/2024-01-05-a.md` for Jekyll's
    /// `_posts/2024-01-05-a.md`, `post/a/index.md` under Hugo's content/), NFC, `/`-separated.
    pub key: String,
    pub kind: Kind,
    /// What its slug is made of: the file stem or bundle folder, without a date prefix.
    pub name: String,
    /// The date its name gives (`2024-01-05-a.md`), or a Jekyll draft's modification day.
    pub name_date: Option<jiff::civil::Date>,
    /// A page's folders, slugified (`content/<parents>/<slug>.md`).
    pub parents: Vec<String>,
    /// The other files of its bundle, copied with it whether the body names them or not.
    pub resources: Vec<(String, PathBuf)>,
    /// A Jekyll `_drafts` file: a draft whatever its front matter says.
    pub draft: bool,
    /// A post without a date becomes a page (Obsidian notes) instead of a report line.
    pub page_if_undated: bool,
}

/// What a generator's module found in the input.
#[derive(Debug, Default)]
pub struct Found {
    pub docs: Vec<Doc>,
    /// Every other file, by the path a link names it with (`assets/img/a.png`).
    pub files: Vec<(String, PathBuf)>,
    /// The old site's time zone for dates written without an offset.
    pub tz: Option<TimeZone>,
    /// Obsidian `[[wikilinks]]` and `![[embeds]]`.
    pub wikilinks: bool,
    /// The old site's base path (`/blog/`), which rooted links may still carry.
    pub base_path: String,
    pub title: Option<String>,
    pub language: Option<String>,
    pub base_url: Option<String>,
    pub notes: Vec<String>,
}

/// The parts that differ between generators, given each doc as read.
pub trait Generator {
    /// The doc's address on the old site, kept as an alias.
    fn old_url(&self, doc: &Doc, read: &Read) -> Option<String>;
    /// A title for a doc whose front matter has none (Obsidian: the file name).
    fn default_title(&self, _doc: &Doc) -> Option<String> {
        None
    }
    /// Changes to the typed front matter before it is written, with lines for the report.
    fn adjust(&self, _doc: &Doc, _read: &mut Read) {}
}

/// One doc as read: its typed front matter and its body.
#[derive(Debug)]
pub struct Read {
    pub fm: FrontMatter,
    pub body: String,
    /// The file line the body starts on.
    pub body_line: usize,
    /// The slug on the new site (made unique later).
    pub slug: String,
    pub date: Option<jiff::Zoned>,
    /// The old site's time zone (naive dates are read in it) and the new site's (dates are
    /// written in it).
    pub tz: TimeZone,
    pub site_tz: TimeZone,
    pub carried: Vec<String>,
    pub lost: Vec<String>,
}

/// Reads every doc into an item; any error stops the import before anything is written.
pub fn convert(found: Found, generator: &dyn Generator, input: &Path, cx: &Context) -> Result<Import, Diagnostics> {
    let mut d = Diagnostics::default();
    let tz = found.tz.clone().unwrap_or_else(|| cx.tz.clone());
    let mut import = Import {
        title: found.title.clone(),
        language: found.language.clone(),
        base_url: found.base_url.clone(),
        notes: found.notes.clone(),
        ..Import::default()
    };
    let mut kept: Vec<(Doc, Read)> = Vec::new();
    for doc in &found.docs {
        match read_doc(doc, generator, &tz, cx) {
            Ok(Some(read)) => kept.push((doc.clone(), read)),
            Ok(None) => {
                import.notes.push(format!("{}: no date (no `date:` and none in its name): not imported", doc.key))
            }
            Err(e) => d.push(e),
        }
    }
    if d.has_errors() {
        return Err(d);
    }
    unique_slugs(&mut kept);
    let items = body::place_all(&found, kept, cx, input);
    import.items = items;
    if import.items.is_empty() {
        d.push(error_at(input, 0, 0, "no posts or pages found here: is this the right folder?"));
        return Err(d);
    }
    Ok(import)
}

fn read_doc(doc: &Doc, generator: &dyn Generator, tz: &TimeZone, cx: &Context) -> Result<Option<Read>, Diagnostic> {
    let text = read_text(&doc.file)?;
    let (mut map, body, body_line, split_keys) = split(&doc.file, &text)?;
    if !map.contains_key("title")
        && let Some(t) = generator.default_title(doc)
    {
        map.insert("title".into(), Value::String(t));
    }
    let (fm, findings) = match &split_keys {
        Some(split) => crate::fields::resolve(map, split, Reading::tz(tz)),
        None => {
            let empty = crate::frontmatter::Split {
                format: crate::frontmatter::Format::Yaml,
                matter: "",
                matter_line: 1,
                body: "",
                body_line: 1,
            };
            crate::fields::resolve(map, &empty, Reading::tz(tz))
        }
    };
    if let Some(e) = findings.errors.first() {
        return Err(error_at(&doc.file, e.line, e.col, e.message.clone()));
    }
    let mut read = Read {
        lost: findings
            .warnings
            .iter()
            .filter(|w| !w.message.contains("is ignored: set the whole URL"))
            .map(|w| format!("{}:{}:{}: {}", doc.key, w.line, w.col, w.message))
            .collect(),
        date: None,
        tz: tz.clone(),
        site_tz: cx.tz.clone(),
        slug: String::new(),
        body: body.to_owned(),
        body_line,
        carried: Vec::new(),
        fm,
    };
    read.date = match (&read.fm.date, doc.name_date) {
        (Some(p), _) => Some(p.zoned.with_time_zone(cx.tz.clone())),
        (None, Some(day)) => crate::dates::from_date(day, tz).ok().map(|p| p.zoned.with_time_zone(cx.tz.clone())),
        (None, None) => None,
    };
    read.fm.draft |= doc.draft;
    if read.fm.title.is_empty() {
        read.fm.title = doc.name.clone();
    }
    let slug = read.fm.slug.as_deref().filter(|s| !s.starts_with('/')).map(slugify).unwrap_or_default();
    read.slug = [slug, slugify(&doc.name), slugify(&read.fm.title)]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "post".into());
    generator.adjust(doc, &mut read);
    if let Some(old) = generator.old_url(doc, &read) {
        let old = nfc_owned(old);
        if !read.fm.aliases.iter().any(|a| a == &old) {
            read.fm.aliases.push(old);
        }
    }
    if doc.kind == Kind::Post && read.date.is_none() && !doc.page_if_undated {
        return Ok(None);
    }
    Ok(Some(read))
}

/// The file as NFC text with `\n` line ends; an error names the file when it is not UTF-8.
pub fn read_text(file: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(file).map_err(|e| error_at(file, 0, 0, format!("cannot read it: {e}")))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let (line, col) = crate::error::line_col(&String::from_utf8_lossy(&bytes[..e.valid_up_to()]), e.valid_up_to());
        error_at(file, line, col, format!("not UTF-8 (byte {}): save the file as UTF-8", e.valid_up_to()))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(nfc(&text.replace("\r\n", "\n")))
}

type SplitText<'a> = (Map<String, Value>, &'a str, usize, Option<crate::frontmatter::Split<'a>>);

/// Front matter and body; a file without a front-matter fence is all body.
fn split<'a>(file: &Path, text: &'a str) -> Result<SplitText<'a>, Diagnostic> {
    let first = text.lines().next().unwrap_or("").trim_end();
    if first != "---" && first != "+++" {
        return Ok((Map::new(), text, 1, None));
    }
    let s = crate::frontmatter::split(text).map_err(|e| error_at(file, e.line, e.col, e.message))?;
    let map = crate::frontmatter::parse(&s).map_err(|e| error_at(file, e.line, e.col, e.message))?;
    Ok((map, s.body, s.body_line, Some(s)))
}

/// Slugs made unique the way `write` would (posts among posts, pages within their folder), so
/// that links between docs can name the files they will be written to.
fn unique_slugs(kept: &mut [(Doc, Read)]) {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for (doc, read) in kept.iter_mut() {
        let page = doc.kind == Kind::Page || read.date.is_none();
        let key = |s: &str| if page { format!("page:{}/{s}", doc.parents.join("/")) } else { format!("post:{s}") };
        let base = read.slug.clone();
        let mut n = 1;
        while !taken.insert(key(&read.slug)) {
            n += 1;
            read.slug = format!("{base}-{n}");
        }
        if n > 1 {
            read.carried.push(format!("slug `{base}` was taken by another file: `{}`", read.slug));
        }
    }
}

/// Keys other generators use that the typed fields already carry, or that mean nothing here.
const CONSUMED: &[&str] = &["layout", "permalink", "url", "cover", "mermaid", "slug", "type"];

/// The typed front matter as an imported item's fields: hoego's own keys, other keys under
/// `extra`.
pub fn fields(read: &Read, tz: &TimeZone) -> (Fields, Vec<String>) {
    let fm = &read.fm;
    let mut carried = Vec::new();
    let mut f = Fields {
        title: fm.title.clone(),
        date: read.date.clone(),
        updated: fm.updated.as_ref().map(|u| u.zoned.with_time_zone(tz.clone())),
        draft: fm.draft,
        description: fm.description.clone(),
        tags: fm.tags.clone(),
        categories: dedup(&fm.categories),
        series: fm.series.clone(),
        cover: fm.cover.clone(),
        aliases: fm.aliases.clone(),
        ..Fields::default()
    };
    let json = |v: &Value| serde_json::to_string(v).unwrap_or_default();
    match fm.retrospective {
        RetroFlag::Auto => {}
        RetroFlag::Yes => f.keys.push(("retrospective".into(), "true".into())),
        RetroFlag::No => f.keys.push(("retrospective".into(), "false".into())),
        RetroFlag::Annual => f.keys.push(("retrospective".into(), "annual".into())),
        RetroFlag::Other => f.keys.push(("retrospective".into(), "periodic".into())),
        RetroFlag::Year(y) => f.keys.push(("retrospective".into(), y.to_string())),
    }
    if !fm.goals.is_empty() {
        f.keys.push(("goals".into(), json(&Value::from(fm.goals.clone()))));
    }
    if !fm.review.is_empty() {
        let list: Vec<Value> =
            fm.review.iter().map(|r| serde_json::json!({ "goal": r.goal, "done": r.done })).collect();
        f.keys.push(("review".into(), json(&Value::Array(list))));
    }
    if let Some(l) = &fm.lang {
        f.keys.push(("lang".into(), json(&Value::String(l.clone()))));
    }
    for (k, v) in [("math", fm.math), ("mermaid", fm.mermaid)] {
        if let Some(b) = v {
            f.keys.push((k.into(), b.to_string()));
        }
    }
    let migrated: BTreeSet<&str> = fm.dialect_keys.iter().map(|k| k.split(' ').next().unwrap_or(k)).collect();
    for (k, v) in &fm.extra {
        if migrated.contains(k.as_str()) || CONSUMED.contains(&k.as_str()) {
            continue;
        }
        match v {
            Value::String(s) => f.extra.push((k.clone(), s.clone())),
            Value::Null => {}
            other => f.extra_yaml.push((k.clone(), json(other))),
        }
    }
    if !fm.dialect_keys.is_empty() {
        carried.push(format!("front matter read as hoego's: {}", fm.dialect_keys.join(", ")));
    }
    (f, carried)
}

fn dedup(list: &[String]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    list.iter().filter(|t| seen.insert(t.to_lowercase())).cloned().collect()
}

/// The item for a doc whose body and files are placed.
pub fn item(
    doc: &Doc,
    read: Read,
    body: String,
    attachments: Vec<super::Attachment>,
    lost: Vec<String>,
    tz: &TimeZone,
) -> Item {
    let (fields, mut carried) = fields(&read, tz);
    carried.extend(read.carried);
    let page = doc.kind == Kind::Page || read.date.is_none();
    if doc.kind == Kind::Post && page {
        carried.push("no date: imported as a page".into());
    }
    Item {
        kind: if page { Kind::Page } else { Kind::Post },
        origin: doc.key.clone(),
        slug: read.slug,
        parents: if page { doc.parents.clone() } else { Vec::new() },
        fields,
        body,
        attachments,
        carried,
        lost: read.lost.into_iter().chain(lost).collect(),
    }
}

/// Files under `dir` (sorted, NFC names, `/`-separated paths relative to `dir`), skipping
/// names starting with `.`, and folders `skip` says no to.
pub fn walk(dir: &Path, skip: &dyn Fn(&str) -> bool) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || {
                let name = e.file_name().to_string_lossy();
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .map(|p| nfc(&p.to_string_lossy().replace('\\', "/")))
                    .unwrap_or_default();
                !name.starts_with('.') && !skip(&rel)
            }
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?.to_string_lossy().replace('\\', "/");
            Some((nfc(&rel), e.into_path()))
        })
        .collect();
    out.sort();
    out
}

/// A doc's name and date from its file or bundle folder: `2024-01-05-a.md` -> (`a`, 2024-01-05);
/// `a/index.md` -> (`a`, none).
pub fn name_and_date(key: &str) -> (String, Option<jiff::civil::Date>) {
    let mut parts: Vec<&str> = key.split('/').collect();
    let file = parts.pop().unwrap_or("");
    let stem = crate::urls::file_stem(file);
    let stem = if stem.eq_ignore_ascii_case("index") { parts.last().copied().unwrap_or(stem) } else { stem };
    match crate::dates::split_date_prefix(stem) {
        Some((date, rest)) if !rest.is_empty() => (rest.to_owned(), Some(date)),
        Some((date, _)) => (stem.to_owned(), Some(date)),
        None => (stem.to_owned(), None),
    }
}

/// A TOML or YAML config file as JSON values; an error names the file and line.
pub fn read_config(file: &Path) -> Result<Value, Diagnostic> {
    let text = read_text(file)?;
    let toml = file.extension().is_some_and(|e| e == "toml");
    let framed = if toml { format!("+++\n{text}\n+++\n") } else { format!("---\n{text}\n---\n") };
    let s = crate::frontmatter::split(&framed).map_err(|e| error_at(file, e.line, e.col, e.message))?;
    let map = crate::frontmatter::parse(&s).map_err(|e| {
        let msg = e.message.replace("front matter", "config");
        error_at(file, e.line.saturating_sub(1).max(1), e.col, msg)
    })?;
    Ok(Value::Object(map))
}

/// A string setting of a config.
pub fn setting(config: &Value, path: &[&str]) -> Option<String> {
    let mut v = config;
    for p in path {
        v = v.get(*p)?;
    }
    v.as_str().map(|s| nfc(s.trim())).filter(|s| !s.is_empty())
}

/// The path part of a site address with slashes at both ends (`https://a.kr/blog` -> `/blog/`).
pub fn base_path(url: &str) -> String {
    let after = url.split_once("://").map_or(url, |(_, r)| r.find('/').map_or("", |i| &r[i..]));
    let trimmed = after.trim_matches('/');
    if trimmed.is_empty() { "/".into() } else { format!("/{trimmed}/") }
}

#[cfg(test)]
mod tests;
