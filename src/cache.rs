//! SERVE: what a rebuild can reuse from the previous one, and what the watcher says changed
//! since. `gen build` runs without a cache; `gen serve` keeps one across rebuilds and runs each
//! stage through a memo of what that stage read: the walk of the sources; each parse, by the
//! hash of the file's bytes, how front matter is read and what the walk classed the file as
//! (`stages.rs`); the placing of every entry, while each file's path and front matter and the
//! walk are the same (`placing.rs`); each body's HTML, by everything it depends on and the
//! answers its links got from the link map (`stages.rs`); the years, counted again only
//! where an edited body reaches (`years.rs`); each page, by the versions of what it read
//! (`pages.rs`, `remap.rs`); each page's link check (`checks.rs`); and the compiled templates.
//! The stages themselves take no cache, and there is no second path through them: a rebuild
//! after any edit is the whole pipeline, each stage answering from its memo where it can.
//!
//! How dependencies are recorded: a memo's key is made of the inputs of the stage it stands
//! for, and a shared value (an `Arc` of a parse or a placing) stands for itself while it is the
//! same `Arc`. Pages are kept by what they read: views read the model only through
//! `view::ViewCtx`, which notes each read as the page renders, and a page is taken again while
//! every read has the same version; what changed is found by comparing versions. Bodies alike:
//! a body's link resolver notes each question it asks of the link map (`links::Asked`), and
//! the body is taken again while the new map answers each the same. No list of a page's or a
//! body's inputs is kept by hand. What has no key (templates, configuration) is dropped
//! whenever the watcher cannot say that only content changed. A cache hit must give exactly
//! what a fresh build would. This module decides nothing about the site.

use std::collections::{BTreeSet, HashMap};
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use crate::content::Doc;
use crate::discover::Discovered;
use crate::error::Diagnostic;
use crate::theme::Theme;

/// What a source's parse was made from: its bytes (by hash), how its front matter was read
/// (time zone and key names), and the source as the walk classed it (a post or a page, its
/// bundle), which the walk may change without a byte of the file changing. A file saved twice
/// within one tick of the file system's clock with the same length is still told apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub digest: u64,
    pub reading: String,
    pub source: crate::discover::Source,
}

/// A walk of the sources and what it reported.
pub type Walk = (Discovered, Vec<Diagnostic>);

/// A parse result: the document (when it parsed) and what was found on the way.
pub type Parsed = (Option<Arc<Doc>>, Vec<Diagnostic>);

#[derive(Default)]
pub struct Cache {
    /// By source path, as bytes: comparing `Path`s component by component is a measurable
    /// part of a rebuild of 10,000 posts.
    pub docs: Mutex<FxHashMap<OsString, (Stamp, Parsed)>>,
    bodies: Mutex<FxHashMap<OsString, stages::Body>>,
    /// Set by `gen serve` before a rebuild; taken by the build.
    changes: Mutex<Option<BTreeSet<PathBuf>>>,
    /// The previous build's walk of the sources, with what it reported.
    found: Mutex<Option<Arc<Walk>>>,
    /// The previous build's compiled templates.
    theme: Mutex<Option<Theme>>,
    /// The previous complete render: its pages and what each read of the model.
    served: Mutex<Option<Served>>,
    /// The counts of the previous successful build.
    stats: Mutex<Option<crate::pipeline::Stats>>,
    /// The previous configuration, while only content changes.
    config: Mutex<Option<Arc<crate::config::Config>>>,
    /// The link check of every page, kept while the page's bytes stay the same.
    pub checks: Mutex<Checks>,
    /// The previous build's site model, and the fingerprint of the links its bodies were
    /// rendered with: what the Markdown and year stages made, for their memos.
    model: Mutex<Option<(crate::site::Site, u64)>>,
    /// The previous build's parse of every post and page of its walk, in the walk's order.
    in_order: Mutex<Option<(Arc<Walk>, Vec<Parsed>)>>,
    /// The previous build's placing of every entry.
    placing: Mutex<Option<placing::Placing>>,
    /// The syntax grammars, loaded once.
    highlighter: Mutex<Option<Arc<crate::highlight::Highlighter>>>,
    /// The highlighting stylesheets, by `highlight_theme`.
    stylesheets: Mutex<HashMap<String, (String, String)>>,
}

mod checks;
mod pages;
mod placing;
mod remap;
mod stages;
mod years;
pub use checks::{Memo as Checks, check as check_links};
pub use pages::{RenderedPages, Served, render as render_pages};
pub use placing::gather;
pub use stages::{parse_all, render_markdown};
pub use years::attach as attach_years;

#[cfg(test)]
mod tests;

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Cache {
    /// Tells the next build that only these content files (relative to the site root) changed
    /// since the previous one: it may then skip walking and statting every source and reuse
    /// the compiled templates. `None`: anything may have changed.
    pub fn expect_changes(&self, changed: Option<BTreeSet<PathBuf>>) {
        *lock(&self.changes) = changed;
    }

    /// What [`Cache::expect_changes`] said, once. When it said nothing, templates or the
    /// configuration may have changed, and kept pages do not record those: they go.
    pub fn take_changes(&self) -> Option<BTreeSet<PathBuf>> {
        let changes = lock(&self.changes).take();
        if changes.is_none() {
            *lock(&self.theme) = None;
            *lock(&self.served) = None;
            *lock(&self.config) = None;
            // The base URL may have changed, and with it how every link resolves.
            *lock(&self.checks) = Checks::default();
            *lock(&self.placing) = None;
            *lock(&self.in_order) = None;
            *lock(&self.model) = None;
        }
        changes
    }

    pub fn found(&self) -> Option<Arc<Walk>> {
        lock(&self.found).clone()
    }

    pub fn keep_found(&self, found: Arc<Walk>) {
        *lock(&self.found) = Some(found);
    }

    pub fn take_served(&self) -> Option<Served> {
        lock(&self.served).take()
    }

    /// Looks at the kept render.
    pub fn with_served<T>(&self, f: impl FnOnce(&Served) -> T) -> Option<T> {
        lock(&self.served).as_ref().map(f)
    }

    pub fn keep_served(&self, served: Served) {
        *lock(&self.served) = Some(served);
    }

    /// Forgets the previous render: what is served did not come from it (a failed build).
    pub fn drop_served(&self) {
        *lock(&self.served) = None;
    }

    pub fn stats(&self) -> Option<crate::pipeline::Stats> {
        lock(&self.stats).clone()
    }

    pub fn keep_stats(&self, stats: crate::pipeline::Stats) {
        *lock(&self.stats) = Some(stats);
    }

    pub fn config(&self) -> Option<Arc<crate::config::Config>> {
        lock(&self.config).clone()
    }

    pub fn keep_config(&self, config: Arc<crate::config::Config>) {
        *lock(&self.config) = Some(config);
    }

    /// Keeps this build's model for the next one's memos.
    pub fn keep_model(&self, site: crate::site::Site, links: u64) {
        let old = lock(&self.model).replace((site, links));
        // Freeing a model of 10,000 posts takes milliseconds: not on the way to the served page.
        if let Some(old) = old {
            rayon::spawn(move || drop(old));
        }
    }

    /// The previous build's model, as [`Cache::keep_model`] kept it.
    pub fn model(&self) -> std::sync::MutexGuard<'_, Option<(crate::site::Site, u64)>> {
        lock(&self.model)
    }

    pub fn highlighter(&self) -> Arc<crate::highlight::Highlighter> {
        lock(&self.highlighter).get_or_insert_with(|| Arc::new(crate::highlight::Highlighter::remembering())).clone()
    }

    /// [`crate::highlight::stylesheets`], made once per setting.
    pub fn stylesheets(&self, setting: &str) -> Result<(String, String), String> {
        if let Some(css) = lock(&self.stylesheets).get(setting) {
            return Ok(css.clone());
        }
        let css = crate::highlight::stylesheets(setting)?;
        lock(&self.stylesheets).insert(setting.to_owned(), css.clone());
        Ok(css)
    }

    pub fn take_theme(&self) -> Option<Theme> {
        lock(&self.theme).take()
    }

    pub fn keep_theme(&self, theme: Theme) {
        *lock(&self.theme) = Some(theme);
    }

    /// Replaces the parse cache with this build's results (deleted files drop out).
    pub fn keep_parsed(&self, entries: FxHashMap<OsString, (Stamp, Parsed)>) {
        *self.docs.lock().unwrap_or_else(|p| p.into_inner()) = entries;
    }

    pub fn update_parsed(&self, path: PathBuf, entry: (Stamp, Parsed)) {
        lock(&self.docs).insert(path.into_os_string(), entry);
    }

    /// Markdown rendered by earlier builds, by source path, with the key of its inputs.
    pub fn bodies(&self) -> std::sync::MutexGuard<'_, FxHashMap<OsString, stages::Body>> {
        lock(&self.bodies)
    }
}
