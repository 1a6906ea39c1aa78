//! LOAD: walk `content/` and `static/` and classify every file as a post, a page or an asset.
//!
//! Input: the site root and the ignore globs. Output: sorted [`Source`] lists (sorted by
//! relative path so that directory listing order never shows in the output). Names are NFC.
//! This stage reads file *names* only (plus the first bytes of extension-less files it warns
//! about); it must not parse anything.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Diagnostics};
use crate::slug::nfc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A dated post under `content/posts/` (a file or a bundle's `index.md`).
    Post,
    /// Any other Markdown file under `content/`.
    Page,
    /// A file copied to the output.
    Asset,
}

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub path: PathBuf,
    /// Path relative to `content/` (or `static/`), `/`-separated, NFC.
    pub rel: String,
    pub kind: Kind,
    /// For a post bundle's `index.md` and the assets beside it: the bundle folder's `rel`.
    pub bundle: Option<String>,
}

/// What the walk found.
#[derive(Debug, Default, Clone)]
pub struct Discovered {
    pub content: Vec<Source>,
    pub statics: Vec<Source>,
}

pub const POSTS_DIR: &str = "posts";

/// Where the dated posts are: `content/posts/`, else the folder other generators use when the
/// site has no `posts/` (Hugo's `post/`, Gatsby's `blog/`).
pub fn posts_dir(content_dir: &Path) -> &'static str {
    [POSTS_DIR, "post", "blog"].into_iter().find(|d| content_dir.join(d).is_dir()).unwrap_or(POSTS_DIR)
}

/// Walks `<root>/content` and `<root>/static`.
pub fn discover(root: &Path, ignore: &globset::GlobSet, reach: &Reach, diags: &mut Diagnostics) -> Discovered {
    let content_dir = root.join("content");
    let mut content = Vec::new();
    for (path, rel) in files_under(&content_dir, reach, true, diags) {
        if ignore.is_match(&rel) {
            continue;
        }
        content.push((path, rel));
    }
    let posts = format!("{}/", posts_dir(&content_dir));
    let bundles: Vec<String> = content
        .iter()
        .filter_map(|(_, rel)| rel.strip_suffix("/index.md").or_else(|| rel.strip_suffix("/index.mdx")))
        .filter(|dir| dir.starts_with(&posts))
        .map(str::to_owned)
        .collect();
    let mut out = Discovered::default();
    let mut mdx: Vec<&PathBuf> = Vec::new();
    for (path, rel) in &content {
        if is_mdx(rel) {
            mdx.push(path);
        }
    }
    if let Some(first) = mdx.first() {
        // Once for the site, not once a file: a Next.js blog may have hundreds.
        let msg = format!(
            "{} .mdx file{} read as Markdown: JSX components and `{{…}}` expressions are not run (they show as HTML or text); rename them to .md to silence this",
            mdx.len(),
            if mdx.len() == 1 { " is" } else { "s are" }
        );
        diags.push(Diagnostic::warning(*first, 1, 1, msg));
    }
    for (path, rel) in content {
        out.content.push(classify(path, rel, &posts, &bundles, diags));
    }
    let static_dir = root.join("static");
    for (path, rel) in files_under(&static_dir, reach, false, diags) {
        out.statics.push(Source { path, rel, kind: Kind::Asset, bundle: None });
    }
    out.content.sort_by(|a, b| a.rel.cmp(&b.rel).then_with(|| a.path.cmp(&b.path)));
    out.statics.sort_by(|a, b| a.rel.cmp(&b.rel).then_with(|| a.path.cmp(&b.path)));
    out
}

fn classify(path: PathBuf, rel: String, posts: &str, bundles: &[String], diags: &mut Diagnostics) -> Source {
    let bundle = bundles.iter().find(|b| rel.starts_with(b.as_str()) && rel[b.len()..].starts_with('/')).cloned();
    let kind = if !is_markdown(&rel) {
        warn_if_post_like(&path, &rel, diags);
        Kind::Asset
    } else if rel.starts_with(posts) {
        match &bundle {
            Some(b) if rel == format!("{b}/index.md") || rel == format!("{b}/index.mdx") => Kind::Post,
            Some(_) => Kind::Asset, // Markdown beside a bundle's index is one of its files.
            None => Kind::Post,
        }
    } else {
        Kind::Page
    };
    Source { path, rel, kind, bundle }
}

/// Markdown sources: `.md`, `.markdown`, and `.mdx` (read as Markdown; see `content`).
pub fn is_markdown(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown") || lower.ends_with(".mdx")
}

/// An MDX file (Next.js and Gatsby blogs): built as Markdown unless it imports components.
pub fn is_mdx(rel: &str) -> bool {
    rel.to_ascii_lowercase().ends_with(".mdx")
}

/// A post saved as `.mdx`, `.txt` or without an extension would silently become a copied file.
fn warn_if_post_like(path: &Path, rel: &str, diags: &mut Diagnostics) {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let msg = match ext.as_deref() {
        Some("mdown" | "mkd" | "mkdn" | "txt") | None if starts_with_front_matter(path) => {
            "this looks like a post (it starts with front matter) but is not named .md, so it is copied as-is; rename it to .md"
        }
        _ => return,
    };
    diags.push(Diagnostic::warning(path, 1, 1, msg));
}

fn starts_with_front_matter(path: &Path) -> bool {
    use std::io::Read;
    let mut buf = [0u8; 4];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut buf)).unwrap_or(0);
    matches!(&buf[..n], [b'-', b'-', b'-', b'\n' | b'\r'] | [b'+', b'+', b'+', b'\n' | b'\r'])
}

/// Where input may come from: the site folder, and whether symbolic links may lead out of it
/// (`follow_symlinks` in gen.toml). A pull request that adds `content/x -> /etc` must not
/// publish `/etc` from CI.
#[derive(Debug, Clone)]
pub struct Reach {
    root: PathBuf,
    follow_out: bool,
}

impl Reach {
    pub fn new(root: &Path, follow_symlinks: bool) -> Reach {
        let root = if root.as_os_str().is_empty() { Path::new(".") } else { root };
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Reach { root, follow_out: follow_symlinks }
    }

    /// Where the link at `path` leads when that is outside the site folder and may not be followed.
    fn refuses(&self, path: &Path) -> Option<PathBuf> {
        let target = path.canonicalize().ok()?;
        (!self.follow_out && !target.starts_with(&self.root)).then_some(target)
    }
}

/// Every file under `dir` with its NFC relative path, skipping hidden, `_`-prefixed (in
/// content only) and editor temporary files. One rule for what cannot be read: an unreadable
/// folder, a broken link, a link loop, a FIFO, socket or device, and a link out of the site
/// folder are each an error naming the path (a missing post must never pass as a smaller
/// blog). Links inside the site folder are followed.
pub fn files_under(dir: &Path, reach: &Reach, content: bool, diags: &mut Diagnostics) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    let walker = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name();
    let mut entries = walker.into_iter().filter_entry(|e| e.depth() == 0 || !skipped(e.file_name(), content));
    while let Some(entry) = entries.next() {
        let e = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                diags.push(Diagnostic::error(&path, 0, 0, unreadable(&path, &e)));
                continue;
            }
        };
        if e.path_is_symlink()
            && let Some(target) = reach.refuses(e.path())
        {
            let msg = format!(
                "symbolic link to {} leads out of the site folder: not followed; set `follow_symlinks = true` in gen.toml to allow it",
                target.display()
            );
            diags.push(Diagnostic::error(e.path(), 0, 0, msg));
            if e.file_type().is_dir() {
                entries.skip_current_dir();
            }
            continue;
        }
        let kind = e.file_type();
        if kind.is_file() {
            if let Some(rel) = relative(dir, e.path(), diags) {
                out.push((e.path().to_path_buf(), rel));
            }
        } else if !kind.is_dir() {
            let msg =
                "not a regular file (a FIFO, socket or device): hoego cannot read it; move it out of the site folder";
            diags.push(Diagnostic::error(e.path(), 0, 0, msg));
        }
    }
    out
}

/// Why a walk could not go on at a path, and what to do.
fn unreadable(path: &Path, e: &walkdir::Error) -> String {
    if e.loop_ancestor().is_some() {
        return "symbolic link loop: it leads back to a folder it is in; remove the link".to_owned();
    }
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match e.io_error().map(std::io::Error::kind) {
        Some(std::io::ErrorKind::NotFound) if is_link => {
            let target = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
            format!("broken symbolic link: {} does not exist; fix or remove the link", target)
        }
        Some(std::io::ErrorKind::PermissionDenied) => {
            "cannot read: permission denied; make it readable, or move it out of the site folder".to_owned()
        }
        _ => format!("cannot read: {e}"),
    }
}

fn relative(dir: &Path, path: &Path, diags: &mut Diagnostics) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    match parts {
        Some(p) => Some(nfc(&p.join("/"))),
        None => {
            diags.push(Diagnostic::warning(path, 0, 0, "file name is not valid UTF-8: skipped; rename it"));
            None
        }
    }
}

/// Names never published: hidden files, `_drafts`-style folders (in content), OS litter and
/// editor temporaries (vim, Emacs, JetBrains).
pub fn skipped(name: &std::ffi::OsStr, content: bool) -> bool {
    let Some(n) = name.to_str() else { return false };
    if content && (n.starts_with('.') || n.starts_with('_')) {
        return true;
    }
    is_editor_temp(n) || n == ".DS_Store" || n == "Thumbs.db" || n == ".git"
}

/// Files editors write while saving, which must never be published or trigger a rebuild.
pub fn is_editor_temp(n: &str) -> bool {
    n.ends_with('~')
        || n.ends_with(".swp")
        || n.ends_with(".swx")
        || n.ends_with(".swo")
        || n.ends_with(".tmp")
        || n.ends_with("___jb_tmp___")
        || n.ends_with("___jb_old___")
        || (n.starts_with('#') && n.ends_with('#'))
        || n.starts_with(".#")
        || n == "4913"
}

#[cfg(test)]
mod tests;
