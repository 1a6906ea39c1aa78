//! SERVE: after a patch of the model ([`crate::cache::patch`]), render again only the
//! pages that show what the patch changed, found through the inputs each page's fingerprint
//! covered — without looking at the thousands of pages that did not change.
//!
//! A patch changes no path, URL, order or term, so the jobs are the previous build's and only
//! the changed inputs' pages can differ. This module must not decide what changed in the
//! model (the patch says) and must not touch the file system.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use super::Cache;
use super::fingerprint::{self, Input};
use crate::config::Config;
use crate::error::Diagnostics;
use crate::render::{self, Failed, Job, OutFile};
use crate::site::Site;
use crate::theme::Theme;
use crate::view;

/// The previous complete render, kept by `gen serve`.
pub struct Served {
    jobs: Vec<Job>,
    pub(super) fps: Vec<u64>,
    pub(super) pages: Vec<OutFile>,
    /// The jobs (indices into `jobs`) whose fingerprint covered each input.
    deps: HashMap<Input, Vec<u32>>,
    global: u64,
    all: Vec<usize>,
    series: Vec<Option<usize>>,
    items: view::Items,
}

impl Served {
    pub(super) fn new(
        jobs: Vec<Job>,
        fps: Vec<(u64, Vec<Input>)>,
        pages: Vec<OutFile>,
        global: u64,
        all: Vec<usize>,
        series: Vec<Option<usize>>,
        items: view::Items,
    ) -> Served {
        let mut deps: HashMap<Input, Vec<u32>> = HashMap::new();
        for (k, (_, inputs)) in fps.iter().enumerate() {
            for input in inputs {
                let jobs = deps.entry(*input).or_default();
                // A page lists an input more than once (a post and its neighbours' series).
                if jobs.last() != Some(&(k as u32)) {
                    jobs.push(k as u32);
                }
            }
        }
        Served { jobs, fps: fps.into_iter().map(|(fp, _)| fp).collect(), pages, deps, global, all, series, items }
    }

    /// How many pages the site has.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// One affected job: its index, new fingerprint and inputs, and its page when that changed.
type Redone = (u32, u64, Vec<Input>, Option<Result<OutFile, Failed>>);

/// What a patched render produced.
pub struct Patched {
    /// The pages whose bytes changed.
    pub files: Vec<OutFile>,
    /// How many pages the site has.
    pub pages: usize,
}

/// Renders again the pages that show `changed`. `None` when there is no complete previous
/// render to patch, or the site-wide view changed (then every page must be rendered).
pub fn patch(
    config: &Config,
    site: &Site,
    theme: &mut Theme,
    diags: &mut Diagnostics,
    cache: &Cache,
    changed: &[Input],
) -> Option<Patched> {
    let mut served = cache.take_served()?;
    let pages = render::prepare(config, site, theme);
    if fingerprint::global(&pages.site_view) != served.global || served.all.len() != site.posts.len() {
        // The full render that follows still reuses every page whose fingerprint is the same.
        cache.keep_served(served);
        return None;
    }
    let affected: BTreeSet<u32> = changed.iter().filter_map(|i| served.deps.get(i)).flatten().copied().collect();
    let fx = fingerprint::Ctx {
        site,
        all: &served.all,
        paginate: config.paginate,
        feed_limit: config.feed.limit,
        global: served.global,
        series: &served.series,
    };
    for input in changed {
        if let Input::Post(i) = input {
            served.items.forget(*i);
        }
    }
    let rendered: Vec<Redone> = affected
        .par_iter()
        .map(|&k| {
            let job = served.jobs[k as usize];
            let (fp, inputs) = fingerprint::of_job(&fx, job);
            let page = (fp != served.fps[k as usize]).then(|| pages.run(job, Some(&served.items)));
            (k, fp, inputs, page)
        })
        .collect();
    let mut files = Vec::new();
    let mut failed = Vec::new();
    for (k, fp, inputs, page) in rendered {
        let k32 = k;
        let k = k as usize;
        match page {
            None => {}
            Some(Ok(page)) => {
                served.fps[k] = fp;
                served.pages[k] = page.clone();
                files.push(page);
            }
            Some(Err(e)) => failed.push(e),
        }
        // A page may now show more (a goal from another post): keep its inputs a superset.
        for input in inputs {
            let jobs = served.deps.entry(input).or_default();
            if !jobs.contains(&k32) {
                jobs.push(k32);
            }
        }
    }
    if !failed.is_empty() {
        pages.sort_out(failed.into_iter().map(Err).collect(), diags);
        // The kept pages no longer match what is served: the next build renders everything.
        return Some(Patched { files, pages: served.len() });
    }
    let pages = served.len();
    cache.keep_served(served);
    Some(Patched { files, pages })
}
