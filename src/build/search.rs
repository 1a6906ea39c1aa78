//! SEARCH (after render, before write): the rendered HTML of searchable posts and pages in,
//! Pagefind's index out — the files under `/pagefind/` that the `/search/` page loads.
//!
//! Pages are handed over as they are rendered ([`Indexer::add`]), never read back from disk, to
//! a thread of its own; it indexes them in URL order once the render is done (Pagefind's files
//! depend on the order pages are added, and the render's order varies), and
//! [`Indexer::finish`] returns the index as output files. What to index (the article body, its
//! filters, sort keys and metadata) is marked in the theme's templates with Pagefind's
//! `data-pagefind-*` attributes. This module must not write files, and knows nothing of which
//! pages are searchable: the caller decides.

use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::urls::SEARCH_BUNDLE as BUNDLE;

/// A page for the index: its URL as links write it (with the base path) and its HTML.
type Page = (String, Arc<Vec<u8>>);

/// One file of the index: its path under the output folder and its bytes.
pub struct IndexFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// An index being built on its own thread.
pub struct Indexer {
    pages: mpsc::Sender<Page>,
    worker: JoinHandle<Result<Vec<IndexFile>, String>>,
}

impl Indexer {
    /// Starts an index of pages in `language` (the site's; Pagefind picks its word rules by it).
    pub fn start(language: &str) -> Indexer {
        Indexer::start_unless(language, || false)
    }

    /// [`Indexer::start`], giving up between two pages once `superseded` says so: `gen serve`
    /// has served a newer build by then, whose index replaces this one. [`Indexer::finish`]
    /// then returns [`SUPERSEDED`].
    pub fn start_unless(language: &str, superseded: impl Fn() -> bool + Send + 'static) -> Indexer {
        let (pages, incoming) = mpsc::channel::<Page>();
        let language = language.to_owned();
        let worker = std::thread::spawn(move || index(&language, incoming, &superseded));
        Indexer { pages, worker }
    }

    /// Hands over one rendered page.
    pub fn add(&self, url: String, html: Arc<Vec<u8>>) {
        // The worker only stops early on an error, which `finish` reports.
        let _ = self.pages.send((url, html));
    }

    /// The index files, in a stable order; `Err` names what Pagefind could not do.
    pub fn finish(self) -> Result<Vec<IndexFile>, String> {
        drop(self.pages);
        self.worker.join().unwrap_or_else(|_| Err("the search indexer stopped unexpectedly".into()))
    }
}

/// What [`Indexer::finish`] says of an index given up for a newer one.
pub const SUPERSEDED: &str = "the search index was given up for a newer one";

/// The worker: Pagefind's API is async, so it gets a runtime of one thread.
fn index(language: &str, pages: mpsc::Receiver<Page>, superseded: &dyn Fn() -> bool) -> Result<Vec<IndexFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the search indexer: {e}"))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder().force_language(language.to_owned()).build();
        let mut pf = PagefindIndex::new(Some(config)).map_err(|e| format!("search index: {e:#}"))?;
        // Pages come in the order the render finishes them; the index must not depend on it.
        let mut all: Vec<Page> = pages.iter().collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        for (url, html) in all {
            if superseded() {
                return Err(SUPERSEDED.to_owned());
            }
            let text = String::from_utf8_lossy(&html).into_owned();
            pf.add_html_file(None, Some(url.clone()), text)
                .await
                .map_err(|e| format!("search index: cannot index {url}: {e:#}"))?;
        }
        let files = pf.get_files().await.map_err(|e| format!("search index: {e:#}"))?;
        let mut out: Vec<IndexFile> = files
            .into_iter()
            .map(|f| IndexFile {
                path: format!("{BUNDLE}/{}", f.filename.to_string_lossy().replace('\\', "/")),
                bytes: f.contents,
            })
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    })
}
