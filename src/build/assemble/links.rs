//! ASSEMBLE: resolve link destinations written in Markdown to output URLs.
//!
//! `[x](../2023/retro.md)` becomes the post's URL, `![](cat.png)` in a bundle becomes the
//! image's published URL (so summaries on list pages keep their images), and root-relative
//! links get the `base_url` path. Pure lookups in a map built once; no file access.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::config::Config;
use crate::discover::is_markdown;
use crate::markdown::LinkResolver;
use crate::site::{Asset, Placed};
use crate::slug::{decode, encode_path};

/// Every linkable source (`posts/a.md`, `img/logo.png`) and its site URL.
pub struct LinkMap {
    by_source: HashMap<String, String>,
    base_path: String,
    /// [`LinkMap::fingerprint`], computed once when first asked.
    fingerprint: std::sync::OnceLock<u64>,
    /// [`LinkMap::named`]'s index, made once when first asked.
    names: std::sync::OnceLock<Names>,
}

impl LinkMap {
    pub fn new<'a>(config: &Config, entries: impl Iterator<Item = &'a Placed>, assets: &[Asset]) -> Self {
        let mut by_source = HashMap::new();
        for e in entries {
            by_source.insert(e.source.rel.clone(), e.url.clone());
        }
        for a in assets {
            by_source.insert(a.source.rel.clone(), a.url.clone());
        }
        LinkMap {
            by_source,
            base_path: config.base_path.clone(),
            fingerprint: std::sync::OnceLock::new(),
            names: std::sync::OnceLock::new(),
        }
    }

    /// A map of bare content paths, each its own URL (`/posts/a.md`): for `gen import`, which
    /// resolves other generators' names for files ([`LinkMap::named`]) before any URL exists.
    pub fn of_paths(paths: impl IntoIterator<Item = String>) -> Self {
        LinkMap {
            by_source: paths.into_iter().map(|p| (p.clone(), format!("/{p}"))).collect(),
            base_path: "/".into(),
            fingerprint: std::sync::OnceLock::new(),
            names: std::sync::OnceLock::new(),
        }
    }

    /// The site URL of a content path (`posts/a.md`, `posts/b/cat.png`).
    pub fn url_of(&self, rel: &str) -> Option<&str> {
        self.by_source.get(rel).map(String::as_str)
    }

    /// A content path by a name other generators use for it: a file name with or without its
    /// Markdown extension (`note`, `note.md`, `cat.png`), a bundle's folder name, or a path
    /// ending (`dir/note`), case-insensitive and NFC. Of several files with one name, the one
    /// with the shortest path (then the first in order) is taken, as Obsidian takes the nearest.
    pub fn named(&self, name: &str) -> Option<String> {
        let key = crate::slug::nfc(name.trim().trim_start_matches("./").trim_start_matches('/')).to_lowercase();
        let names = self.names.get_or_init(|| Names::of(&self.by_source));
        if let Some(rel) = names.paths.get(&key) {
            return Some(rel.clone());
        }
        let (dir, last) = key.rsplit_once('/').map_or(("", key.as_str()), |(d, l)| (d, l));
        let found = names.by_name.get(last).or_else(|| names.by_name.get(&format!("{last}.md")))?;
        if dir.is_empty() {
            return found.first().cloned();
        }
        // A path ending must end the file's path: `b/note` is `posts/b/note.md`, not `posts/ab/note.md`.
        let ends = |rel: &String| {
            let lower = rel.to_lowercase();
            let stem = lower.strip_suffix(".md").unwrap_or(&lower);
            [lower.as_str(), stem].iter().any(|p| p.ends_with(&format!("/{key}")) || *p == key)
                || lower.strip_suffix("/index.md").is_some_and(|d| d.ends_with(&format!("/{key}")) || d == key)
        };
        found.iter().find(|r| ends(r)).cloned()
    }

    /// Whether this map gives every question its answer again: a body whose links asked them
    /// renders to the same HTML with this map as with the one that answered them first.
    pub fn answers(&self, asked: &[Asked]) -> bool {
        asked.iter().all(|a| match a {
            Asked::Url(rel, url) => self.url_of(rel) == url.as_deref(),
            Asked::Named(name, rel) => self.named(name) == *rel,
        })
    }

    /// A hash of every source and its URL: rendered Markdown can be reused while it is equal.
    pub fn fingerprint(&self) -> u64 {
        *self.fingerprint.get_or_init(|| {
            let mut pairs: Vec<(&String, &String)> = self.by_source.iter().collect();
            pairs.sort();
            crate::digest::key(&[&pairs, &self.base_path])
        })
    }

    /// The public href of a site path: base path prefixed, percent-encoded.
    pub fn href(&self, url: &str) -> String {
        crate::urls::href(&self.base_path, url)
    }
}

/// [`LinkMap::named`]'s index: every path lower-cased, and every file (and bundle folder) name
/// with all the paths that have it, shortest first.
#[derive(Default)]
struct Names {
    paths: HashMap<String, String>,
    by_name: HashMap<String, Vec<String>>,
}

impl Names {
    fn of(by_source: &HashMap<String, String>) -> Names {
        let mut rels: Vec<&String> = by_source.keys().collect();
        rels.sort_by_key(|r| (r.matches('/').count(), r.len(), r.as_str()));
        let mut out = Names::default();
        for rel in rels {
            let lower = rel.to_lowercase();
            out.paths.entry(lower.clone()).or_insert_with(|| rel.clone());
            let file = lower.rsplit('/').next().unwrap_or(&lower).to_owned();
            let stem = crate::urls::file_stem(&file).to_owned();
            let mut keys = vec![file];
            if is_markdown(rel) {
                keys.push(stem.clone());
            }
            // A bundle (`dir/index.md`) goes by its folder's name, as Hugo's `ref` names it.
            if stem == "index" {
                keys.extend(lower.rsplit('/').nth(1).map(str::to_owned));
            }
            for k in keys {
                out.by_name.entry(k).or_default().push(rel.clone());
            }
        }
        out
    }
}

/// A question that resolving one body's links asked of the map, with the answer it got. The
/// map's answers are all that a body's HTML takes from the map (the base path aside), so the
/// HTML stays right while each question gets the same answer ([`LinkMap::answers`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Asked {
    /// The URL of a content path, or none.
    Url(String, Option<String>),
    /// The content path that a name other generators use stands for ([`LinkMap::named`]).
    Named(String, Option<String>),
}

/// Resolves links written in one source file, noting each question it asks of the map.
pub struct EntryLinks<'a> {
    map: &'a LinkMap,
    /// The entry's own site path.
    url: &'a str,
    /// The source's folder relative to `content/` (`posts` for `posts/a.md`).
    dir: &'a str,
    /// The questions asked, when they are noted ([`EntryLinks::asking`]). A lock, not a cell:
    /// the resolver is shared with the threads that highlight code.
    asked: Option<Mutex<Vec<Asked>>>,
}

impl<'a> EntryLinks<'a> {
    pub fn new(map: &'a LinkMap, rel: &'a str, url: &'a str) -> Self {
        EntryLinks { map, url, dir: rel.rsplit_once('/').map_or("", |(d, _)| d), asked: None }
    }

    /// [`EntryLinks::new`], noting each question asked of the map ([`EntryLinks::asked`]):
    /// for `gen serve`, which keeps a body while the answers stay. `gen build` does not note.
    pub fn asking(map: &'a LinkMap, rel: &'a str, url: &'a str) -> Self {
        EntryLinks { asked: Some(Mutex::default()), ..EntryLinks::new(map, rel, url) }
    }

    /// The site URL of a content path ([`LinkMap::url_of`]), noted.
    pub fn url_of(&self, rel: &str) -> Option<&'a str> {
        let url = self.map.url_of(rel);
        self.note(|| Asked::Url(rel.to_owned(), url.map(str::to_owned)));
        url
    }

    /// A content path by another generator's name for it ([`LinkMap::named`]), noted.
    pub fn named(&self, name: &str) -> Option<String> {
        let rel = self.map.named(name);
        self.note(|| Asked::Named(name.to_owned(), rel.clone()));
        rel
    }

    /// The public href of a site path: it depends on the base path only.
    pub fn href(&self, url: &str) -> String {
        self.map.href(url)
    }

    fn note(&self, a: impl FnOnce() -> Asked) {
        if let Some(asked) = &self.asked {
            asked.lock().unwrap_or_else(|p| p.into_inner()).push(a());
        }
    }

    /// Every question asked, each once, in a stable order (none unless made [`EntryLinks::asking`]).
    pub fn asked(self) -> Vec<Asked> {
        let Some(asked) = self.asked else { return Vec::new() };
        let mut asked = asked.into_inner().unwrap_or_else(|p| p.into_inner());
        asked.sort_unstable();
        asked.dedup();
        asked
    }
}

impl LinkResolver for EntryLinks<'_> {
    fn page_href(&self) -> Option<String> {
        Some(self.map.href(self.url))
    }

    fn resolve(&self, dest: &str) -> Option<String> {
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
            return None;
        }
        let (path, suffix) = split_suffix(dest);
        let path = decode(path);
        if let Some(rooted) = path.strip_prefix('/') {
            return self.rooted(rooted, &path, suffix);
        }
        let joined = crate::urls::resolve_dots(&format!("{}/{}", self.dir, path));
        let found = joined.as_deref().and_then(|j| self.url_of(j));
        let url = found.or_else(|| self.url_of(path.trim_start_matches("./")))?;
        Some(format!("{}{suffix}", self.map.href(url)))
    }
}

impl EntryLinks<'_> {
    /// `/posts/a.md` names a source from the content root; `/about/` is a site path that needs
    /// the base path.
    fn rooted(&self, rooted: &str, path: &str, suffix: &str) -> Option<String> {
        if let Some(url) = self.url_of(rooted) {
            return Some(format!("{}{suffix}", self.map.href(url)));
        }
        let base = &self.map.base_path;
        if base == "/" || path.starts_with(base.as_str()) || is_markdown(rooted) {
            None
        } else {
            Some(format!("{base}{}{suffix}", encode_path(rooted)))
        }
    }
}

/// `mailto:`, `https:`, `tel:` ...: a scheme is letters, digits, `+-.` before the first `:`,
/// with no `/` before it.
pub(crate) fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let s = &dest[..i];
            !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// `a.md#h?x` -> (`a.md`, `#h?x`): the query or fragment is kept as written.
fn split_suffix(dest: &str) -> (&str, &str) {
    let i = dest.find(['#', '?']).unwrap_or(dest.len());
    dest.split_at(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(base: &str) -> LinkMap {
        let mut by_source = HashMap::new();
        by_source.insert("posts/2023-01-01-retro.md".to_owned(), "/2022/회고/".to_owned());
        by_source.insert("posts/b/index.md".to_owned(), "/2023/b/".to_owned());
        by_source.insert("posts/b/cat.png".to_owned(), "/2023/b/cat.png".to_owned());
        by_source.insert("about.md".to_owned(), "/about/".to_owned());
        by_source.insert("posts/a/note.md".to_owned(), "/2023/note/".to_owned());
        by_source.insert("posts/b/note.md".to_owned(), "/2023/note-2/".to_owned());
        by_source.insert("posts/ab/note.md".to_owned(), "/2023/note-3/".to_owned());
        LinkMap { by_source, base_path: base.into(), fingerprint: Default::default(), names: Default::default() }
    }

    fn r(m: &LinkMap, from: &str, dest: &str) -> Option<String> {
        EntryLinks::new(m, from, "/x/").resolve(dest)
    }

    #[test]
    fn relative_and_rooted_sources() {
        let m = map("/");
        let rw = |s: &str| Some(s.to_owned());
        assert_eq!(r(&m, "posts/x.md", "2023-01-01-retro.md"), rw("/2022/%ED%9A%8C%EA%B3%A0/"));
        assert_eq!(r(&m, "posts/x.md", "./2023-01-01-retro.md#목표"), rw("/2022/%ED%9A%8C%EA%B3%A0/#목표"));
        assert_eq!(r(&m, "posts/x.md", "../about.md"), rw("/about/"));
        assert_eq!(r(&m, "posts/x.md", "/about.md"), rw("/about/"));
        assert_eq!(r(&m, "about.md", "posts/b/index.md"), rw("/2023/b/"));
        assert_eq!(r(&m, "posts/b/index.md", "cat.png"), rw("/2023/b/cat.png"));
        assert_eq!(r(&m, "posts/x.md", "gone.md"), None, "left for the link check to report");
        assert_eq!(r(&m, "posts/x.md", "../../../x.md"), None);
    }

    #[test]
    fn external_and_anchor_links_are_kept() {
        let m = map("/blog/");
        for d in ["https://x.dev/a.md", "mailto:a@b.c", "#intro", "//cdn.x/y", ""] {
            assert_eq!(r(&m, "posts/x.md", d), None, "{d}");
        }
    }

    #[test]
    fn names_resolve_by_file_bundle_folder_or_path_ending() {
        let m = map("/");
        assert_eq!(m.named("Note").as_deref(), Some("posts/a/note.md"), "the shortest path, then the first");
        assert_eq!(m.named("b/note").as_deref(), Some("posts/b/note.md"));
        assert_eq!(m.named("ab/note.md").as_deref(), Some("posts/ab/note.md"));
        assert_eq!(m.named("x/note"), None, "no such folder");
        assert_eq!(m.named("b").as_deref(), Some("posts/b/index.md"), "a bundle by its folder");
        assert_eq!(m.named("POSTS/B/CAT.PNG").as_deref(), Some("posts/b/cat.png"), "a whole path, any case");
    }

    #[test]
    fn base_path_is_added_to_site_paths() {
        let m = map("/blog/");
        assert_eq!(r(&m, "posts/x.md", "/tags/rust/"), Some("/blog/tags/rust/".into()));
        assert_eq!(r(&m, "posts/x.md", "/blog/tags/"), None);
        assert_eq!(r(&m, "posts/x.md", "../about.md"), Some("/blog/about/".into()));
        assert_eq!(r(&m, "posts/x.md", "unknown.png"), None);
    }
}
