//! SERVE: the search index of the site being served, made on a thread of its own after each
//! build is served, from the served pages, so that an edit shows on the page at once and the
//! index follows a moment later. One index is made at a time, always of the newest build: an
//! index started for a build that a newer one has replaced gives up, between two pages, and
//! one still waiting for its turn never starts. On Linux the thread runs at the lowest CPU
//! priority, so that the next edit's build comes first. Builds nothing else and tells no tab.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::thread::JoinHandle;

use super::state::Shared;
use crate::pipeline::SearchPages;
use crate::search::{Indexer, SUPERSEDED};

/// Starts indexing the pages of the build now served; the thread ends once the index is put
/// in, given up, or not needed.
pub fn refresh(shared: &Arc<Shared>, pages: SearchPages) -> JoinHandle<()> {
    let job = shared.indexes.fetch_add(1, Ordering::SeqCst) + 1;
    let snapshot = shared.current();
    let shared = Arc::clone(shared);
    std::thread::spawn(move || {
        yield_to_builds();
        let _turn = shared.indexing.lock().unwrap_or_else(|p| p.into_inner());
        let newer = {
            let shared = Arc::clone(&shared);
            move || shared.indexes.load(Ordering::SeqCst) != job
        };
        if newer() {
            return;
        }
        shared.index_runs.fetch_add(1, Ordering::SeqCst);
        let indexer = Indexer::start_unless(&pages.language, newer.clone());
        for (path, url) in pages.pages {
            if let Some(bytes) = snapshot.files.get(&path) {
                indexer.add(url, Arc::clone(bytes));
            }
        }
        match indexer.finish() {
            Ok(files) => shared.publish_index(job, files.into_iter().map(|f| (f.path, Arc::new(f.bytes))).collect()),
            Err(e) if e == SUPERSEDED => {}
            Err(e) => eprintln!("warning: {e}; search shows the previous index"),
        }
    })
}

/// Lowers the calling thread to the least CPU priority, so that the next edit's build does not
/// share the cores with an index that it will replace anyway. On Linux a thread's nice value is
/// its own, and the indexer's worker thread, started from this one, inherits it; elsewhere the
/// index runs at the priority of the server.
fn yield_to_builds() {
    // `None` is the calling task: on Linux, this thread only. A refusal leaves it as it is.
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(None, 19);
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::serve::state::Snapshot;

    fn page(words: &str) -> Arc<Vec<u8>> {
        let html = format!("<html lang=\"ko\"><body><main data-pagefind-body><p>{words}</p></main></body></html>");
        Arc::new(html.into_bytes())
    }

    #[test]
    fn of_the_builds_served_while_an_index_is_made_only_the_newest_is_indexed() {
        let files = HashMap::from([("a/index.html".to_owned(), page("쿠버네티스 운영 회고"))]);
        let shared = Arc::new(Shared::new(Snapshot { files, base_path: "/".into() }));
        let pages = SearchPages { language: "ko".into(), pages: vec![("a/index.html".into(), "/a/".into())] };
        // An index is being made while three builds are served one after another.
        let busy = shared.indexing.lock().unwrap_or_else(|p| p.into_inner());
        let waiting: Vec<JoinHandle<()>> = (0..3).map(|_| refresh(&shared, pages.clone())).collect();
        drop(busy);
        for t in waiting {
            t.join().expect("an index thread panicked");
        }
        assert_eq!(shared.index_runs.load(Ordering::SeqCst), 1, "only the newest build is indexed");
        let current = shared.current();
        assert!(current.files.keys().any(|p| p.ends_with("pagefind-entry.json")), "its index is served");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_index_thread_alone_yields_the_cores_to_builds() {
        let priority = || rustix::process::getpriority_process(None).expect("getpriority");
        let before = priority();
        let (indexer, worker) = std::thread::spawn(move || {
            yield_to_builds();
            // The indexer's worker is started from the index thread, as `refresh` does.
            (priority(), std::thread::spawn(priority).join().expect("worker"))
        })
        .join()
        .expect("index thread");
        assert_eq!((indexer, worker), (19, 19), "the index thread and its worker run at the lowest priority");
        assert_eq!(priority(), before, "the server's own threads keep theirs");
    }

    #[test]
    fn an_index_given_up_for_a_newer_one_says_so() {
        let indexer = Indexer::start_unless("ko", || true);
        indexer.add("/a/".into(), page("회고"));
        assert_eq!(indexer.finish().err().as_deref(), Some(SUPERSEDED));
    }
}
