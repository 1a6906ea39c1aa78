//! SERVE: the search index of the site being served, made on a thread of its own after each
//! build is served, from the served pages, so that an edit shows on the page at once and the
//! index follows a moment later. Only the latest index is put in; an older one that finishes
//! later is dropped. Builds nothing else and tells no tab.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::state::Shared;
use crate::pipeline::SearchPages;
use crate::search::Indexer;

/// Starts indexing the pages of the build now served.
pub fn refresh(shared: &Arc<Shared>, pages: SearchPages) {
    let job = shared.indexes.fetch_add(1, Ordering::SeqCst) + 1;
    let snapshot = shared.current();
    let shared = Arc::clone(shared);
    std::thread::spawn(move || {
        let indexer = Indexer::start(&pages.language);
        for (path, url) in pages.pages {
            if let Some(bytes) = snapshot.files.get(&path) {
                indexer.add(url, Arc::clone(bytes));
            }
        }
        match indexer.finish() {
            Ok(files) => shared.publish_index(job, files.into_iter().map(|f| (f.path, Arc::new(f.bytes))).collect()),
            Err(e) => eprintln!("warning: {e}; search shows the previous index"),
        }
    });
}
