//! SERVE: the site as served — every output file in memory — and the notices that open tabs
//! listen to. A rebuild swaps the whole snapshot (or, when only some pages changed, those) in one
//! step under the lock, so a request never sees half of a rebuild, and browsers are told to
//! reload only after the swap.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use crate::render::{Body, OutFile};
use crate::theme::FileData;

/// One complete build, ready to serve.
#[derive(Debug, Default, Clone)]
pub struct Snapshot {
    /// Output path (`2023/a/index.html`) -> bytes.
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// `/` or `/blog/`.
    pub base_path: String,
}

impl Snapshot {
    /// Reads copied files now, so that the snapshot does not change under a request.
    pub fn from_files(files: Vec<OutFile>, base_path: String) -> Self {
        Snapshot { files: files.into_iter().filter_map(served).collect(), base_path }
    }
}

/// Whether an output path is part of the search index.
fn is_index(path: &str) -> bool {
    path.strip_prefix(crate::urls::SEARCH_BUNDLE).is_some_and(|rest| rest.starts_with('/'))
}

/// An output file as served: its path and bytes.
fn served(f: OutFile) -> Option<(String, Arc<Vec<u8>>)> {
    let bytes = match f.body {
        Body::Bytes(b) => b,
        Body::Copy(FileData::Embedded(b)) => Arc::new(b.to_vec()),
        Body::Copy(FileData::Disk(p)) => Arc::new(std::fs::read(p).ok()?),
        // Only `gen build` writes pages as it renders them.
        Body::Written => return None,
    };
    Some((f.path, bytes))
}

/// What open tabs are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The site changed: reload (keeping the scroll position).
    Reload,
    /// Only stylesheets changed: swap them in place.
    Css,
    /// The last rebuild failed: show these errors over the page.
    Errors(Vec<String>),
}

/// Shared between the HTTP server and the rebuild loop.
pub struct Shared {
    pub site: RwLock<Arc<Snapshot>>,
    pub errors: RwLock<Vec<String>>,
    pub notices: broadcast::Sender<Notice>,
    /// Rebuilds finished since the first build, good or failed (`/__hoego/status`).
    pub rebuilds: std::sync::atomic::AtomicUsize,
    /// Search indexes started (see `serve::search`): only the latest one is put in.
    pub indexes: std::sync::atomic::AtomicUsize,
    /// Held by the one search index being made: two at once would halve each other's speed
    /// and double the memory, and only the newest is put in anyway.
    pub indexing: std::sync::Mutex<()>,
    /// Search indexes begun, finished or given up (`/__hoego/status`).
    pub index_runs: std::sync::atomic::AtomicUsize,
}

impl Shared {
    pub fn new(snapshot: Snapshot) -> Self {
        let (notices, _) = broadcast::channel(16);
        let rebuilds = std::sync::atomic::AtomicUsize::new(0);
        let indexes = std::sync::atomic::AtomicUsize::new(0);
        let site = RwLock::new(Arc::new(snapshot));
        Shared {
            site,
            errors: RwLock::new(Vec::new()),
            notices,
            rebuilds,
            indexes,
            indexing: Default::default(),
            index_runs: Default::default(),
        }
    }

    pub fn current(&self) -> Arc<Snapshot> {
        self.site.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn errors(&self) -> Vec<String> {
        self.errors.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Swaps in a new build and tells the tabs. The search index of the previous build stays
    /// until the new one is made (`gen serve` makes it after the pages are served).
    pub fn publish(&self, mut snapshot: Snapshot, css_only: bool) {
        let mut site = self.site.write().unwrap_or_else(|p| p.into_inner());
        for (path, bytes) in site.files.iter().filter(|(p, _)| is_index(p)) {
            snapshot.files.entry(path.clone()).or_insert_with(|| bytes.clone());
        }
        *site = Arc::new(snapshot);
        drop(site);
        self.errors.write().unwrap_or_else(|p| p.into_inner()).clear();
        let _ = self.notices.send(if css_only { Notice::Css } else { Notice::Reload });
        self.rebuilt();
    }

    fn rebuilt(&self) {
        self.rebuilds.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Replaces the files that changed (a rebuild that added, removed and moved none) in one
    /// step, and tells the tabs.
    pub fn publish_changed(&self, files: Vec<OutFile>) {
        {
            let mut site = self.site.write().unwrap_or_else(|p| p.into_inner());
            // Copies the map only if a request still holds the previous snapshot.
            let snapshot = Arc::make_mut(&mut site);
            snapshot.files.extend(files.into_iter().filter_map(served));
        }
        self.errors.write().unwrap_or_else(|p| p.into_inner()).clear();
        let _ = self.notices.send(Notice::Reload);
        self.rebuilt();
    }

    /// Puts in the search index that index job `job` made, in place of the previous one, unless
    /// a later job has started; tabs are not told (the pages did not change).
    pub fn publish_index(&self, job: usize, files: Vec<(String, Arc<Vec<u8>>)>) {
        let mut site = self.site.write().unwrap_or_else(|p| p.into_inner());
        if self.indexes.load(std::sync::atomic::Ordering::SeqCst) != job {
            return;
        }
        let snapshot = Arc::make_mut(&mut site);
        snapshot.files.retain(|p, _| !is_index(p));
        snapshot.files.extend(files);
    }

    /// Keeps the last good build and shows the errors.
    pub fn fail(&self, errors: Vec<String>) {
        *self.errors.write().unwrap_or_else(|p| p.into_inner()) = errors.clone();
        let _ = self.notices.send(Notice::Errors(errors));
        self.rebuilt();
    }
}
