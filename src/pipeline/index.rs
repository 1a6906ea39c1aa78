//! The search index in a build: which rendered pages go into it (searchable posts and pages,
//! by output path) and the index files it adds to the output. Decides nothing about how a page
//! is indexed (the search stage and the theme's `data-pagefind-*` marks do) and writes nothing.

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::Config;
use crate::render::{Body, OutFile};
use crate::search::Indexer;
use crate::site::Site;
use crate::urls::output_file;
use crate::view::Urls;

/// An index being fed as pages are rendered.
pub(super) struct Index {
    /// Output path of each searchable page -> its URL as links write it.
    pages: HashMap<String, String>,
    indexer: Indexer,
}

/// The searchable posts and pages as (output path, URL as links write it), with the language;
/// `None` with `[search] enabled = false`.
pub(super) fn pages(config: &Config, site: &Site) -> Option<super::SearchPages> {
    if !config.search.enabled {
        return None;
    }
    let u = Urls::new(config);
    let pages = site
        .posts
        .iter()
        .chain(&site.pages)
        .filter(|e| config.search.indexes(&e.source.rel, e.fm.search))
        .map(|e| (output_file(&e.url), u.href(&e.url)))
        .collect();
    Some(super::SearchPages { language: config.language.clone(), pages })
}

impl Index {
    /// An index of the site's searchable posts and pages; `None` with `[search] enabled = false`.
    pub(super) fn start(config: &Config, site: &Site) -> Option<Index> {
        let found = pages(config, site)?;
        Some(Index { pages: found.pages.into_iter().collect(), indexer: Indexer::start(&found.language) })
    }

    /// Takes a rendered page if it is one of the searchable ones.
    pub(super) fn offer(&self, f: &OutFile) {
        if let (Some(url), Body::Bytes(html)) = (self.pages.get(&f.path), &f.body) {
            self.indexer.add(url.clone(), Arc::clone(html));
        }
    }

    /// The index files as output files, or why there are none.
    pub(super) fn finish(self) -> Result<Vec<OutFile>, String> {
        let files = self.indexer.finish()?;
        Ok(files
            .into_iter()
            .map(|f| OutFile {
                path: f.path,
                body: Body::Bytes(Arc::new(f.bytes)),
                origin: "the search index".into(),
                source: None,
            })
            .collect())
    }
}
