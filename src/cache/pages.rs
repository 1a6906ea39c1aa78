//! SERVE: the render stage as `gen serve` runs it. Each page is rendered with its reads of the
//! model recorded ([`crate::view::Read`], noted by the only accessors views have); the next
//! rebuild takes a page from the previous render when every read it made has the same version
//! now ([`Versions`]) and renders the others. Nothing here lists what a page depends on: a new
//! kind of page is tracked by reading the model the only way views can.
//!
//! Templates, the configuration and the site-wide view (`site` in templates) are not reads:
//! `gen serve` drops the kept render when templates or gen.toml change, and a different
//! site-wide view renders every page. This module decides nothing about what a page shows.

use rayon::prelude::*;

use super::Cache;
use super::remap::{Layout, Remap};
use crate::config::Config;
use crate::error::Diagnostics;
use crate::render::{self, Failed, Job, OutFile, Pages};
use crate::site::Site;
use crate::theme::Theme;
use crate::view::{Items, Read, Versions};

/// The previous complete render, kept by `gen serve`.
pub struct Served {
    jobs: Vec<Job>,
    /// What each job's page read of the model, in `jobs` order.
    reads: Vec<Vec<Read>>,
    pages: Vec<OutFile>,
    versions: Versions,
    layout: Layout,
    /// The site-wide view every page was rendered with.
    global: u64,
    items: Items,
}

/// What a render after an edit to bodies produced.
pub struct Patched {
    /// The pages rendered again.
    pub files: Vec<OutFile>,
    /// How many pages the site has.
    pub pages: usize,
}

/// [`render::render`], reusing the previous render's pages; the second value counts the pages
/// rendered afresh.
pub fn render(
    cache: &Cache,
    config: &Config,
    site: &Site,
    theme: &mut Theme,
    diags: &mut Diagnostics,
) -> (Vec<OutFile>, usize) {
    let pages = render::prepare(config, site, theme);
    let kept = cache.take_served();
    let (results, fresh) = run(cache, &pages, site, kept);
    let count = fresh.iter().filter(|f| **f).count();
    let mut files = pages.sort_out(results, diags);
    let css = config.markdown.highlight.then(|| cache.stylesheets(&config.markdown.highlight_theme).ok());
    files.extend(pages.others(css.flatten(), diags));
    (files, count)
}

/// The same render after an edit to bodies alone (`crate::cache::patch`): no page came or
/// went, so only the pages rendered again are returned. `None` when there is no previous
/// render to take pages from, or the site-wide view changed (every page and file is new).
pub fn render_patch(
    cache: &Cache,
    config: &Config,
    site: &Site,
    theme: &mut Theme,
    diags: &mut Diagnostics,
) -> Option<Patched> {
    let pages = render::prepare(config, site, theme);
    let kept = cache.take_served()?;
    if kept.global != global(&pages.site_view) || kept.jobs != pages.jobs {
        cache.keep_served(kept);
        return None;
    }
    let (results, fresh) = run(cache, &pages, site, Some(kept));
    let total = results.len();
    let again = results.into_iter().zip(fresh).filter(|(_, f)| *f).map(|(r, _)| r).collect();
    Some(Patched { files: pages.sort_out(again, diags), pages: total })
}

/// Every job's page, taken or rendered, and whether it was rendered; keeps the render when
/// every page succeeded.
fn run(
    cache: &Cache,
    pages: &Pages<'_>,
    site: &Site,
    kept: Option<Served>,
) -> (Vec<Result<OutFile, Failed>>, Vec<bool>) {
    let versions = Versions::of(site);
    let layout = Layout::of(site);
    let global = global(&pages.site_view);
    let mut kept = kept.filter(|k| k.global == global);
    let old_items = kept.as_mut().map(|k| std::mem::take(&mut k.items));
    let remap = kept.as_ref().map(|k| Remap::new(&k.layout, &layout));
    // A read is still good when it names something this build has, at the same version.
    let good = |r: &Read| -> Option<Read> {
        let (k, m) = (kept.as_ref()?, remap.as_ref()?);
        let now = m.read(*r)?;
        (k.versions.get(*r).is_some() && k.versions.get(*r) == versions.get(now)).then_some(now)
    };
    let mut items = Items::new(site.posts.len());
    // Where each job was in the previous render: the same place after an edit to bodies.
    let mut by_job = std::collections::HashMap::new();
    let mut same_jobs = false;
    if let (Some(k), Some(m)) = (&kept, &remap) {
        same_jobs = m.is_identity() && k.jobs == pages.jobs;
        if !same_jobs {
            by_job = k.jobs.iter().enumerate().filter_map(|(i, j)| Some((m.job(*j)?, i))).collect();
        }
        if let Some(old) = old_items.filter(|_| m.posts_kept()) {
            items = old;
            items.forget(|reads| !reads.iter().all(|r| good(r) == Some(*r)));
        }
    }
    let taken = |(new, job): (usize, &Job)| -> Option<(OutFile, Vec<Read>)> {
        let k = kept.as_ref()?;
        let old = if same_jobs { new } else { *by_job.get(job)? };
        let reads: Option<Vec<Read>> = k.reads[old].iter().map(&good).collect();
        Some((k.pages[old].clone(), reads?))
    };
    let done: Vec<(Result<OutFile, Failed>, Vec<Read>, bool)> = pages
        .jobs
        .par_iter()
        .enumerate()
        .map(|(new, job)| match taken((new, job)) {
            Some((page, reads)) => (Ok(page), reads, false),
            None => {
                let (page, reads) = pages.run_recorded(*job, Some(&items));
                (page, reads, true)
            }
        })
        .collect();
    drop(kept);
    let fresh: Vec<bool> = done.iter().map(|d| d.2).collect();
    let complete: Option<Vec<OutFile>> = done.iter().map(|d| d.0.as_ref().ok().cloned()).collect();
    let (results, reads): (Vec<_>, Vec<_>) = done.into_iter().map(|(r, reads, _)| (r, reads)).unzip();
    // Only a complete render can be taken from later.
    match complete {
        Some(pages_done) => {
            let jobs = pages.jobs.clone();
            cache.keep_served(Served { jobs, reads, pages: pages_done, versions, layout, global, items });
        }
        None => cache.drop_served(),
    }
    (results, fresh)
}

/// The site-wide view every page is rendered with.
fn global(site_view: &impl serde::Serialize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    // The view is small (menu, tags, years): serialising it is cheaper than any page.
    serde_json::to_vec(site_view).unwrap_or_default().hash(&mut h);
    h.finish()
}
