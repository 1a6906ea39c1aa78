//! IMPORT (other generators: bodies): each doc's body through the dialect stage `gen build`
//! uses (Liquid, shortcodes, kramdown, wikilinks -> CommonMark), once; then every link and
//! image is pointed at its new place: files the old site kept beside or apart from the post go
//! into its bundle, links to other docs name their new source files (`/posts/….md`, which
//! `gen build` resolves and `gen check` verifies). What the stage could not convert stays
//! visible and is listed with `file:line:col`. It must not convert syntax itself: that is the
//! dialect stage's job, here and in `gen build` alike. Pure.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::{Doc, Found, Read, item};
use crate::dialect::{Options, Rewritten, Sources, rewrite, visible};
use crate::import::bundle::Bundle;
use crate::import::markdown::{links, replace};
use crate::import::write::content_path;
use crate::import::{Context, Item, Origin};
use crate::links::{LinkMap, has_scheme};
use crate::slug::decode;

/// What a link may point at.
#[derive(Debug, Clone)]
enum Target {
    Doc(usize),
    File(String, PathBuf),
}

/// The old site's names for everything in it.
struct Names {
    map: LinkMap,
    targets: HashMap<String, Target>,
    base_path: String,
}

impl Sources for Names {
    fn post_named(&self, stem: &str) -> Option<String> {
        self.map.named(stem).filter(|rel| crate::discover::is_markdown(rel))
    }

    fn by_name(&self, name: &str) -> Option<String> {
        self.map.named(name)
    }

    fn has(&self, rel: &str) -> bool {
        self.targets.contains_key(rel)
    }

    fn href(&self, rel: &str) -> Option<String> {
        self.map.url_of(rel).map(str::to_owned)
    }
}

impl Names {
    /// The target of a link written in the doc `from` (its key), and the fragment or query.
    fn resolve(&self, dest: &str, from: &str) -> Option<(Target, String)> {
        let (found, suffix) = self.candidates(dest, from)?;
        found.into_iter().find_map(|k| self.targets.get(&k).cloned()).map(|t| (t, suffix))
    }

    /// The keys a local link may mean, or `None` for one that is not local.
    fn candidates(&self, dest: &str, from: &str) -> Option<(Vec<String>, String)> {
        let dest = dest.trim();
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
            return None;
        }
        let i = dest.find(['#', '?']).unwrap_or(dest.len());
        let (path, suffix) = (decode(&dest[..i]), dest[i..].to_owned());
        let mut out = Vec::new();
        if let Some(rooted) = path.strip_prefix('/') {
            out.push(rooted.to_owned());
            if let Some(inner) = path.strip_prefix(self.base_path.as_str()).filter(|_| self.base_path != "/") {
                out.push(inner.to_owned());
            }
        } else {
            let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
            out.extend(crate::urls::resolve_dots(&format!("{dir}/{path}")));
            out.push(path.trim_start_matches("./").to_owned());
        }
        Some((out, suffix))
    }
}

/// A link to rewrite once every doc has its new file.
struct Pending {
    range: Range<usize>,
    to: usize,
    suffix: String,
}

/// One doc's body, rewritten and with its files collected, waiting for the other docs' paths.
struct Placing {
    text: String,
    edits: Vec<(Range<usize>, String)>,
    pending: Vec<Pending>,
    bundle: Bundle,
    lost: Vec<String>,
}

/// Every kept doc as an item with its final body and files.
pub fn place_all(found: &Found, kept: Vec<(Doc, Read)>, cx: &Context, input: &Path) -> Vec<Item> {
    let mut targets: HashMap<String, Target> = HashMap::new();
    for (key, path) in &found.files {
        targets.insert(key.clone(), Target::File(key.clone(), path.clone()));
    }
    for (i, (doc, _)) in kept.iter().enumerate() {
        targets.insert(doc.key.clone(), Target::Doc(i));
        for (key, path) in &doc.resources {
            targets.insert(key.clone(), Target::File(key.clone(), path.clone()));
        }
    }
    let map = LinkMap::of_paths(targets.keys().cloned());
    let names = Names { map, targets, base_path: found.base_path.clone() };
    let opts = Options { wikilinks: found.wikilinks };
    let mut items = Vec::with_capacity(kept.len());
    let mut placing = Vec::with_capacity(kept.len());
    for (doc, mut read) in kept {
        let p = place(&names, opts, &doc, &mut read, input);
        let attachments = p.bundle.attachments.clone();
        items.push(item(&doc, read, String::new(), attachments, p.lost.clone(), &cx.tz));
        placing.push(p);
    }
    let paths: Vec<String> =
        items.iter().map(|it| content_path(&cx.posts_dir, it, &it.slug).unwrap_or_default()).collect();
    for (it, mut p) in items.iter_mut().zip(placing) {
        for link in p.pending.drain(..) {
            let to = paths.get(link.to).cloned().unwrap_or_default();
            p.edits.push((link.range, format!("/{to}{}", link.suffix)));
        }
        it.body = replace(&p.text, p.edits);
    }
    items
}

fn place(names: &Names, opts: Options, doc: &Doc, read: &mut Read, input: &Path) -> Placing {
    let mut p = Placing {
        text: String::new(),
        edits: Vec::new(),
        pending: Vec::new(),
        bundle: Bundle::default(),
        lost: Vec::new(),
    };
    for (key, path) in &doc.resources {
        p.bundle.add(key, key, Origin::File(path.clone()));
    }
    let rw = rewrite(&read.body, names, opts);
    if let Some(rw) = &rw {
        fix_notes(rw, doc, read, &mut p);
    }
    p.text = rw.as_ref().map_or_else(|| read.body.clone(), |r| r.text.clone());
    let line_of = |at: usize| {
        let src = rw.as_ref().map_or(at, |r| r.source_offset(at));
        read.body_line + crate::error::line_col(&read.body, src.min(read.body.len())).0 - 1
    };
    for (link, _image) in links(&p.text) {
        let Some(at) = link.at.clone() else { continue };
        let Some((cands, suffix)) = names.candidates(&link.url, &doc.key) else { continue };
        match names.resolve(&link.url, &doc.key) {
            Some((Target::File(key, path), _)) => {
                let name = p.bundle.add(&key, &key, Origin::File(path));
                p.edits.push((at, name));
            }
            Some((Target::Doc(to), _)) => p.pending.push(Pending { range: at, to, suffix }),
            None if looks_local(&cands) => p.lost.push(format!(
                "{}:{}: `{}`: no such file in {}; the link is kept as written",
                doc.key,
                line_of(link.whole.start),
                link.url,
                input.display()
            )),
            None => {}
        }
    }
    for m in IMG_SRC.captures_iter(&p.text) {
        let (Some(src), Some(whole)) = (m.get(1), m.get(0)) else { continue };
        let url = html_escape::decode_html_entities(src.as_str()).into_owned();
        if let Some((Target::File(key, path), _)) = names.resolve(&url, &doc.key) {
            let name = p.bundle.add(&key, &key, Origin::File(path));
            p.edits.push((src.range(), html_escape::encode_double_quoted_attribute(&name).into_owned()));
        } else if names.candidates(&url, &doc.key).is_some_and(|(c, _)| looks_local(&c)) {
            p.lost.push(format!("{}:{}: image `{url}`: no such file in the input", doc.key, line_of(whole.start())));
        }
    }
    cover(names, doc, read, &mut p);
    p
}

static IMG_SRC: LazyLock<Regex> = LazyLock::new(|| {
    // A constant pattern: a typo is a bug the tests catch at once.
    Regex::new(r#"<img src="([^"]*)""#).unwrap_or_else(|e| panic!("{e}"))
});

/// A path that names a file (it has an extension) rather than a page of the old site.
fn looks_local(cands: &[String]) -> bool {
    cands.first().is_some_and(|c| {
        let last = c.rsplit('/').next().unwrap_or(c);
        !c.ends_with('/')
            && last.rsplit_once('.').is_some_and(|(s, e)| !s.is_empty() && !e.is_empty() && e.len() <= 5)
            && !last.ends_with(".html")
    })
}

/// The cover image goes into the bundle like any image the body shows.
fn cover(names: &Names, doc: &Doc, read: &mut Read, p: &mut Placing) {
    let Some(c) = read.fm.cover.clone() else { return };
    match names.resolve(&c, &doc.key) {
        Some((Target::File(key, path), _)) => read.fm.cover = Some(p.bundle.add(&key, &key, Origin::File(path))),
        _ if names.candidates(&c, &doc.key).is_some_and(|(c, _)| looks_local(&c)) => {
            p.lost.push(format!("{}: cover `{c}`: no such file in the input; the post has no cover", doc.key));
            read.fm.cover = None;
        }
        _ => {}
    }
}

/// What the dialect stage said: each warning or error a report line at `file:line:col`; a
/// construct it could not convert (an error) shown as written, as it shows unknown ones;
/// `{% raw %}` inside code, which Jekyll needed and hoego shows, removed; kramdown attributes,
/// which CommonMark cannot hold, listed.
fn fix_notes(rw: &Rewritten, doc: &Doc, read: &mut Read, p: &mut Placing) {
    let body = read.body.as_str();
    let mut removed = 0;
    for n in &rw.notes {
        let line = read.body_line + n.line - 1;
        if !n.error
            && n.message.contains("inside code is shown as written")
            && let (Some(len), Some(out)) = (construct_len(body, n.offset), to_out(rw, n.offset))
        {
            // A tag alone on its line goes with its line end.
            let line_start = body[..n.offset].rfind('\n').map_or(0, |i| i + 1);
            let alone = body[line_start..n.offset].trim().is_empty() && body[n.offset + len..].starts_with('\n');
            p.edits.push((out..out + len + usize::from(alone), String::new()));
            removed += 1;
            continue;
        }
        let kind = if n.error { "error" } else { "warning" };
        p.lost.push(format!("{}:{line}:{}: {kind}: {}", doc.key, n.col, n.message));
        if n.error
            && let (Some(len), Some(out)) = (construct_len(body, n.offset), to_out(rw, n.offset))
        {
            p.edits.push((out..out + len, visible(&body[n.offset..n.offset + len])));
        }
    }
    if removed > 0 {
        read.carried.push(format!(
            "{removed} `{{% raw %}}`/`{{% endraw %}}` inside code removed (hoego shows code as written)"
        ));
    }
    for a in &rw.attributes {
        let src = rw.source_offset(a.at);
        let line = read.body_line + crate::error::line_col(body, src.min(body.len())).0 - 1;
        let mut parts: Vec<String> = a.classes.iter().map(|c| format!(".{c}")).collect();
        parts.extend(a.id.iter().map(|i| format!("#{i}")));
        parts.extend(a.pairs.iter().map(|(k, v)| format!("{k}=\"{v}\"")));
        p.lost.push(format!(
            "{}:{line}: kramdown attributes `{{: {} }}` dropped: Markdown has no place for them (write HTML if the class matters)",
            doc.key,
            parts.join(" ")
        ));
    }
    let converted: Vec<String> = rw
        .counts
        .iter()
        .filter(|(k, _)| !k.ends_with(" unknown"))
        .map(|(k, n)| if *n > 1 { format!("{k} ×{n}") } else { k.clone() })
        .collect();
    if !converted.is_empty() {
        read.carried.push(format!("converted to Markdown: {}", converted.join(", ")));
    }
}

/// The length of the construct that starts at `at` (`{% … %}`, `{{< … >}}`, `[[…]]`), on its
/// line.
fn construct_len(body: &str, at: usize) -> Option<usize> {
    let rest = body.get(at..)?;
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let close = if rest.starts_with("{%") {
        "%}"
    } else if rest.starts_with("{{") {
        "}}"
    } else if rest.starts_with("[[") || rest.starts_with("![[") {
        "]]"
    } else {
        return None;
    };
    line.find(close).map(|i| i + close.len())
}

/// Where a source offset that was copied unchanged is in the rewritten text.
fn to_out(rw: &Rewritten, src: usize) -> Option<usize> {
    let mut found = None;
    for (i, &(out, from, copied)) in rw.map.iter().enumerate() {
        let next = rw.map.get(i + 1).map(|&(o, _, _)| o);
        let len = next.map_or(usize::MAX, |n| n - out);
        if copied && from <= src && src - from < len {
            found = Some(out + (src - from));
        }
    }
    found
}
