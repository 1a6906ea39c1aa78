//! IMPORT (write side): every importer's [`Import`] becomes files of the site, all or nothing.
//!
//! [`plan`] decides every path first — `content/<posts>/YYYY-MM-DD-<slug>.md`, or the bundle
//! `content/<posts>/<slug>/index.md` with its attachments when a post has any; pages under
//! `content/` by their parents — drops aliases that are the new URL itself, makes slugs unique
//! within the import, adds a starter site when the folder has no gen.toml, and fails before
//! anything is written on a file in the way (unless `--force`), a missing attachment or a
//! failed download. [`write`] then writes the plan, and removes what it wrote when a write
//! fails. The only module of `import` that writes; it never prints.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;

use super::{Attachment, Context, Fields, ITEM_LINK, Import, Item, Kind, Origin, error_at, fetch, frontmatter};
use crate::dates::PostDate;
use crate::error::{Diagnostic, Diagnostics};

/// The report's first line, so that a later import may replace its own report (and only it).
pub const REPORT_MARK: &str = "<!-- written by gen import: replaced by the next import -->";
pub const REPORT_FILE: &str = "import-report.md";

/// The site imported into, as far as an import needs to know it.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub tz: TimeZone,
    pub language: String,
    pub permalink: String,
    /// The posts folder under content/ (`posts`, or `post`/`blog` in a Hugo or Gatsby site).
    pub posts_dir: String,
    /// Whether the folder has a gen.toml (else a starter site is written too).
    pub exists: bool,
}

impl Site {
    pub fn open(root: &Path) -> Result<Site, Diagnostics> {
        if !root.join(crate::config::CONFIG_FILE).is_file() {
            return Ok(Site {
                root: root.to_path_buf(),
                tz: TimeZone::get("Asia/Seoul").unwrap_or(TimeZone::UTC),
                language: "ko".into(),
                permalink: "/{year}/{slug}/".into(),
                posts_dir: crate::discover::POSTS_DIR.into(),
                exists: false,
            });
        }
        let mut d = Diagnostics::default();
        let config = crate::config::load(root, &crate::config::Overrides::default(), &mut d).ok_or(d)?;
        Ok(Site {
            root: root.to_path_buf(),
            tz: config.timezone,
            language: config.language,
            permalink: config.permalink,
            posts_dir: crate::discover::posts_dir(&root.join("content")).into(),
            exists: true,
        })
    }
}

/// Every file an import writes, decided before the first is written.
#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<Planned>,
    /// Where each imported item went, in the import's order.
    pub placed: Vec<Placed>,
    pub new_site: bool,
    /// Files downloaded (`--fetch-images`).
    pub downloaded: usize,
}

#[derive(Debug)]
pub struct Planned {
    /// Relative to the site folder, `/`-separated, NFC.
    pub rel: String,
    pub content: Content,
}

#[derive(Debug)]
pub enum Content {
    Bytes(Vec<u8>),
    Copy(PathBuf),
    /// An attachment's bytes, taken from the export itself.
    Data(Vec<u8>),
    /// A URL to download before anything is written (`--fetch-images`).
    Fetch(String),
}

/// One item as written.
#[derive(Debug)]
pub struct Placed {
    /// The Markdown file, relative to the site folder.
    pub rel: String,
    /// Its URL on the new site.
    pub url: String,
    /// The slug, after making it unique.
    pub slug: String,
    /// The front matter as written (aliases without the new URL itself).
    pub fields: Fields,
    pub attachments: Vec<String>,
    /// Notes the writer adds (a renamed slug, a dropped alias).
    pub notes: Vec<String>,
}

pub fn plan(site: &Site, import: &Import, cx: &Context, force: bool) -> Result<Plan, Diagnostics> {
    let mut d = Diagnostics::default();
    let mut plan = Plan { new_site: !site.exists, ..Plan::default() };
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for item in &import.items {
        match place(site, item, &mut taken) {
            Ok((placed, files)) => {
                plan.placed.push(placed);
                plan.files.extend(files);
            }
            Err(e) => d.push(e),
        }
    }
    link_items(&mut plan);
    if !site.exists {
        starter(&mut plan, import);
    }
    conflicts(site, &plan, force, &mut d);
    if d.has_errors() {
        return Err(d);
    }
    fetch_all(&mut plan, cx, &mut d);
    if d.has_errors() { Err(d) } else { Ok(plan) }
}

impl Plan {
    /// Adds the report; an `import-report.md` that an import did not write is a file in the
    /// way like any other.
    pub fn with_report(mut self, site: &Site, text: String, force: bool) -> Result<Plan, Diagnostics> {
        let path = site.root.join(REPORT_FILE);
        let ours = std::fs::read_to_string(&path).is_ok_and(|t| t.starts_with(REPORT_MARK));
        if path.exists() && !ours && !force {
            let mut d = Diagnostics::default();
            d.push(error_at(&path, 0, 0, "exists and was not written by gen import: move it, or use --force"));
            return Err(d);
        }
        self.files.push(Planned { rel: REPORT_FILE.into(), content: Content::Bytes(text.into_bytes()) });
        Ok(self)
    }

    pub fn count(&self, f: impl Fn(&Planned) -> bool) -> usize {
        self.files.iter().filter(|p| f(p)).count()
    }
}

fn place(site: &Site, item: &Item, taken: &mut BTreeSet<String>) -> Result<(Placed, Vec<Planned>), Diagnostic> {
    let mut notes = Vec::new();
    let slug = unique(item, taken, &mut notes);
    let content = content_path(&site.posts_dir, item, &slug)
        .ok_or_else(|| error_at(Path::new(&item.origin), 0, 0, format!("`{}` has no date", item.fields.title)))?;
    let url = match (item.kind, &item.fields.date) {
        (Kind::Post, Some(date)) => {
            crate::urls::post_url(&site.permalink, &slug, &PostDate { zoned: date.clone(), date_only: false })
        }
        _ => crate::urls::page_url(&content, None, &item.fields.title),
    };
    let mut fields = item.fields.clone();
    fields.aliases.retain(|a| {
        let same = crate::slug::decode(a).trim_end_matches('/') == url.trim_end_matches('/');
        if same {
            notes.push(format!("old address `{a}` is the new one: no redirect needed"));
        }
        !same
    });
    let rel = format!("content/{content}");
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
    let mut files = vec![Planned {
        rel: rel.clone(),
        content: Content::Bytes(frontmatter::document(&fields, &item.body).into_bytes()),
    }];
    for a in &item.attachments {
        files.push(attachment(&dir, a, &item.origin)?);
    }
    let attachments = item.attachments.iter().map(|a| a.name.clone()).collect();
    Ok((Placed { rel, url, slug, fields, attachments, notes }, files))
}

/// Where an item goes under content/ with this slug: a post in `<posts>/YYYY-MM-DD-<slug>.md`,
/// or the bundle `<posts>/<slug>/index.md` when it has attachments; a page under its parents.
/// `None` for a post without a date. Importers that link their items by source path use it too.
pub fn content_path(posts_dir: &str, item: &Item, slug: &str) -> Option<String> {
    let bundle = !item.attachments.is_empty();
    Some(match item.kind {
        Kind::Post => {
            let date = item.fields.date.as_ref()?;
            if bundle {
                format!("{posts_dir}/{slug}/index.md")
            } else {
                format!("{posts_dir}/{}-{slug}.md", date.strftime("%Y-%m-%d"))
            }
        }
        Kind::Page => {
            let parents: String = item.parents.iter().map(|p| format!("{p}/")).collect();
            if bundle { format!("{parents}{slug}/index.md") } else { format!("{parents}{slug}.md") }
        }
    })
}

/// Links between imported items ([`super::item_link`]) become the linked item's URL.
fn link_items(plan: &mut Plan) {
    let urls: Vec<String> = plan.placed.iter().map(|p| p.url.clone()).collect();
    for f in &mut plan.files {
        let Content::Bytes(b) = &mut f.content else { continue };
        if !f.rel.ends_with(".md") || !b.windows(ITEM_LINK.len()).any(|w| w == ITEM_LINK.as_bytes()) {
            continue;
        }
        let text = String::from_utf8_lossy(b).into_owned();
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find(ITEM_LINK) {
            out.push_str(&rest[..at]);
            let tail = &rest[at + ITEM_LINK.len()..];
            let digits = tail.find('/').unwrap_or(0);
            match tail[..digits].parse::<usize>().ok().and_then(|i| urls.get(i)) {
                Some(url) => {
                    out.push_str(url);
                    rest = &tail[digits + 1..];
                }
                None => {
                    out.push_str(ITEM_LINK);
                    rest = tail;
                }
            }
        }
        out.push_str(rest);
        *b = out.into_bytes();
    }
}

/// The item's slug, or the slug with `-2`, `-3`... when another imported item of its kind and
/// folder took it first.
fn unique(item: &Item, taken: &mut BTreeSet<String>, notes: &mut Vec<String>) -> String {
    let base = if item.slug.is_empty() { "post".to_owned() } else { item.slug.clone() };
    let key = |s: &str| match item.kind {
        Kind::Post => format!("post:{s}"),
        Kind::Page => format!("page:{}/{s}", item.parents.join("/")),
    };
    let mut slug = base.clone();
    let mut n = 1;
    while !taken.insert(key(&slug)) {
        n += 1;
        slug = format!("{base}-{n}");
    }
    if n > 1 {
        notes.push(format!("slug `{base}` was taken by another imported {}: `{slug}`", kind_name(item.kind)));
    }
    slug
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Post => "post",
        Kind::Page => "page",
    }
}

fn attachment(dir: &str, a: &Attachment, origin: &str) -> Result<Planned, Diagnostic> {
    let rel = format!("{dir}/{}", a.name);
    let content = match &a.from {
        Origin::File(p) if p.is_file() => Content::Copy(p.clone()),
        Origin::File(p) => {
            return Err(error_at(
                p,
                0,
                0,
                format!("attachment `{}` of {origin} is missing (looked for this file)", a.name),
            ));
        }
        Origin::Bytes(b) => Content::Data(b.clone()),
        // Downloaded once nothing else is wrong: see `fetch_all`.
        Origin::Url(u) => Content::Fetch(u.clone()),
    };
    Ok(Planned { rel, content })
}

fn fetch_all(plan: &mut Plan, cx: &Context, d: &mut Diagnostics) {
    let (pending, urls): (Vec<usize>, Vec<String>) = plan
        .files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| match &f.content {
            Content::Fetch(u) => Some((i, u.clone())),
            _ => None,
        })
        .unzip();
    if pending.is_empty() {
        return;
    }
    let got = fetch::all(&urls, cx);
    for (&i, (url, result)) in pending.iter().zip(urls.iter().zip(got)) {
        let f = &mut plan.files[i];
        match result {
            Ok(bytes) => {
                f.content = Content::Bytes(bytes);
                plan.downloaded += 1;
            }
            Err(e) => d.push(error_at(Path::new(url), 0, 0, format!("cannot download it for {}: {e}", f.rel))),
        }
    }
}

/// gen.toml (named and in the language the export gives), .gitignore and an about page unless
/// an imported page is the about page.
fn starter(plan: &mut Plan, import: &Import) {
    let lang = match import.language.as_deref() {
        Some(l) if l.starts_with("en") => "en",
        _ => "ko",
    };
    let s = crate::scaffold::Starter {
        title: import.title.as_deref(),
        lang,
        first_post: None,
        base_url: import.base_url.as_deref(),
    };
    let taken: BTreeSet<&str> = plan.files.iter().map(|f| f.rel.as_str()).collect();
    let about = ["content/about.md", "content/about/index.md"].iter().any(|p| taken.contains(p));
    let files: Vec<Planned> = crate::scaffold::starter_files(&s)
        .into_iter()
        .filter(|(rel, _)| !(about && rel == "content/about.md"))
        .map(|(rel, text)| Planned { rel, content: Content::Bytes(text.into_bytes()) })
        .collect();
    plan.files.splice(0..0, files);
}

/// Files that exist already (unless `--force`), and two planned files at one path.
fn conflicts(site: &Site, plan: &Plan, force: bool, d: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &plan.files {
        let rel = f.rel.as_str();
        *seen.entry(rel).or_default() += 1;
        let path = site.root.join(rel);
        if path.is_dir() {
            d.push(error_at(&path, 0, 0, "is a folder where gen import would write a file"));
        } else if !force && path.exists() {
            d.push(error_at(&path, 0, 0, "exists already: gen import replaces nothing (use --force to replace it)"));
        }
    }
    for (rel, n) in seen {
        if n > 1 {
            d.push(error_at(&site.root.join(rel), 0, 0, "two imported files would be written here"));
        }
    }
}

/// Writes the plan. When a write fails, the files and folders this call created are removed
/// again, so a failed import leaves the site as it found it (files replaced by `--force` stay
/// replaced).
pub fn write(site: &Site, plan: &Plan) -> Result<(), Diagnostics> {
    let mut created_files: Vec<PathBuf> = Vec::new();
    let mut created_dirs: Vec<PathBuf> = Vec::new();
    let mut files: Vec<&Planned> = plan.files.iter().collect();
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    for f in files {
        let path = site.root.join(&f.rel);
        if let Err(e) = write_one(&path, &f.content, &mut created_files, &mut created_dirs) {
            for p in created_files.iter().rev() {
                let _ = std::fs::remove_file(p);
            }
            for p in created_dirs.iter().rev() {
                let _ = std::fs::remove_dir(p);
            }
            let mut d = Diagnostics::default();
            d.push(error_at(&path, 0, 0, format!("cannot write it: {e}; what this import wrote was removed again")));
            return Err(d);
        }
    }
    Ok(())
}

fn write_one(
    path: &Path,
    content: &Content,
    created_files: &mut Vec<PathBuf>,
    created_dirs: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        let missing: Vec<PathBuf> =
            dir.ancestors().take_while(|a| !a.as_os_str().is_empty() && !a.exists()).map(Path::to_path_buf).collect();
        std::fs::create_dir_all(dir)?;
        created_dirs.extend(missing.into_iter().rev());
    }
    let existed = path.exists();
    match content {
        Content::Bytes(b) | Content::Data(b) => std::fs::write(path, b)?,
        Content::Copy(from) => {
            std::fs::copy(from, path).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", from.display())))?;
        }
        Content::Fetch(url) => return Err(std::io::Error::other(format!("{url} was not downloaded"))),
    }
    if !existed {
        created_files.push(path.to_path_buf());
    }
    Ok(())
}
