//! IMPORT (Obsidian): a vault. Every note is read, with or without front matter; a note with a
//! date (`date`, `created`, or a daily-note name `2024-01-05…`) becomes a post, any other a page
//! under `notes/`. The title is the front matter's, else the file name, as Obsidian shows it.
//! `[[wikilinks]]` and `![[embeds]]` resolve by name across the vault (the dialect stage, with
//! wikilinks on); embedded files go into the note's bundle. Inline `#tags` join the tags;
//! Obsidian's `aliases` (other names, not addresses) move to `extra`. A vault has no URLs, so
//! no old address is kept. Finds and names things only; the shared code converts.

use std::path::Path;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;
use serde_json::Value;

use super::{Doc, Found, Generator, Read, convert, walk};
use crate::error::Diagnostics;
use crate::import::{Context, Import, Kind, error_at};
use crate::slug::{nfc, slugify};

pub fn read(input: &Path, cx: &Context) -> Result<Import, Diagnostics> {
    let templates = templates_folder(input);
    let skip = |rel: &str| templates.as_deref() == Some(rel);
    let mut found = Found { wikilinks: true, base_path: "/".into(), ..Found::default() };
    if !input.join(".obsidian").is_dir() {
        found.notes.push("no .obsidian/ folder: read as a vault anyway".into());
    }
    if let Some(t) = &templates {
        found.notes.push(format!("{t}/: the templates folder: not imported"));
    }
    for (rel, path) in walk(input, &skip) {
        if !rel.to_lowercase().ends_with(".md") {
            found.files.push((rel, path));
            continue;
        }
        let stem = crate::urls::file_stem(&rel).to_owned();
        let (name, name_date) = daily(&stem);
        let mut parents = vec!["notes".to_owned()];
        parents.extend(rel.split('/').map(slugify));
        parents.pop();
        found.docs.push(Doc {
            file: path,
            key: rel,
            kind: Kind::Post,
            name,
            name_date,
            parents,
            resources: Vec::new(),
            draft: false,
            page_if_undated: true,
        });
    }
    if found.docs.is_empty() {
        let mut d = Diagnostics::default();
        d.push(error_at(input, 0, 0, "not an Obsidian vault: no .md notes here"));
        return Err(d);
    }
    convert(found, &Obsidian, input, cx)
}

/// `.obsidian/templates.json`'s `folder`, whose notes are templates, not writing.
fn templates_folder(vault: &Path) -> Option<String> {
    let text = std::fs::read_to_string(vault.join(".obsidian/templates.json")).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    let folder = v.get("folder")?.as_str()?.trim_matches('/');
    (!folder.is_empty()).then(|| nfc(folder))
}

/// A daily note's date: `2024-01-05`, `2024-01-05 회의`; the rest of the name (or the whole).
fn daily(stem: &str) -> (String, Option<jiff::civil::Date>) {
    let date = stem.get(..10).and_then(|d| jiff::civil::Date::strptime("%Y-%m-%d", d).ok());
    let rest = stem.get(10..).unwrap_or("");
    match date {
        Some(d) if rest.is_empty() => (stem.to_owned(), Some(d)),
        Some(d) if rest.starts_with([' ', '-', '_']) => {
            let r = rest.trim_start_matches([' ', '-', '_']);
            (if r.is_empty() { stem.to_owned() } else { r.to_owned() }, Some(d))
        }
        _ => (stem.to_owned(), None),
    }
}

struct Obsidian;

impl Generator for Obsidian {
    fn old_url(&self, _doc: &Doc, _read: &Read) -> Option<String> {
        None
    }

    /// The file name, as Obsidian shows it; a daily note's without its date.
    fn default_title(&self, doc: &Doc) -> Option<String> {
        Some(doc.name.clone())
    }

    fn adjust(&self, _doc: &Doc, read: &mut Read) {
        if read.date.is_none() {
            let created = CREATED_KEYS.iter().find_map(|k| {
                let v = read.fm.extra.get(*k)?;
                crate::dates::parse(v.as_str().map_or_else(|| v.to_string(), str::to_owned).trim_matches('"'), &read.tz)
                    .ok()
            });
            read.date = created.map(|p| p.zoned.with_time_zone(read.site_tz.clone()));
        }
        if !read.fm.aliases.is_empty() {
            let names = std::mem::take(&mut read.fm.aliases);
            read.carried.push(format!(
                "Obsidian aliases (other names of the note) kept as extra.aliases: {}",
                names.join(", ")
            ));
            read.fm.extra.insert("aliases".into(), Value::from(names));
        }
        let found = inline_tags(&read.body);
        let mut added = Vec::new();
        for t in found {
            if !read.fm.tags.iter().any(|x| x.to_lowercase() == t.to_lowercase()) {
                read.fm.tags.push(t.clone());
                added.push(format!("#{t}"));
            }
        }
        read.fm.tags = read.fm.tags.iter().map(|t| t.trim_start_matches('#').to_owned()).collect();
        if !added.is_empty() {
            read.carried.push(format!("inline tags added to tags: {}", added.join(" ")));
        }
    }
}

/// Created dates Obsidian users keep in front matter, when `date` is not there.
pub const CREATED_KEYS: &[&str] = &["created", "date created", "created_at", "creation date"];

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    // A constant pattern: a typo is a bug the tests catch at once.
    Regex::new(r"(?:^|\s)#([\p{L}\p{N}_/-]*[\p{L}_/-][\p{L}\p{N}_/-]*)").unwrap_or_else(|e| panic!("{e}"))
});

/// `#tag` and `#nested/tag` in the text of a body, never in code, links or headings' markers.
fn inline_tags(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Inside a link, an image or a code block: not text a tag can be in.
    let mut in_link = 0usize;
    for ev in Parser::new_ext(body, Options::all()) {
        match ev {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => in_link += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => in_link = in_link.saturating_sub(1),
            Event::Text(t) if in_link == 0 => {
                for m in TAG.captures_iter(&t) {
                    if let Some(tag) = m.get(1) {
                        let tag = tag.as_str().trim_end_matches(['/', '-']).to_owned();
                        if !tag.is_empty() && !out.contains(&tag) {
                            out.push(tag);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}
