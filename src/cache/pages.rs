//! SERVE: the render stage as `gen serve` runs it. Each page is rendered with its reads of the
//! model recorded ([`crate::view::Read`], noted by the only accessors views have); the next
//! rebuild takes a page from the previous render when every read it made has the same version
//! now ([`Versions`]) and renders the others. Nothing here lists what a page depends on: a new
//! kind of page is tracked by reading the model the only way views can.
//!
//! Templates, the configuration and the site-wide view (`site` in templates) are not reads:
//! `gen serve` drops the kept render when templates or gen.toml change, and a different
//! site-wide view renders every page. This module decides nothing about what a page shows.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;

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
    /// The jobs that read each part of the model (a superset once pages were rendered again).
    readers: HashMap<Read, Vec<u32>>,
    pages: Vec<OutFile>,
    versions: Versions,
    layout: Layout,
    /// The site-wide view every page was rendered with.
    global: u64,
    items: Items,
    /// The files beside the pages (copies, redirects, stylesheets).
    others: Vec<OutFile>,
}

/// What the render gave `gen serve`.
pub struct RenderedPages {
    /// Every output file; when `changed_only`, only the pages rendered again.
    pub files: Vec<OutFile>,
    /// How many pages were rendered afresh.
    pub fresh: usize,
    /// `files` holds only the pages that read something that changed: nothing was added,
    /// removed or moved.
    pub changed_only: bool,
}

/// [`render::render`] for `gen serve`. When the site has the shape of the previous render (the
/// same pages in the same places, the same copied files and site-wide view) and
/// `sources_kept` (no source was added, removed or copied afresh), the reads whose version
/// changed are found by comparing versions, and only the pages that made them are rendered
/// again and returned (`render_changed`). Otherwise every page, taken from the previous render
/// while what it read is unchanged (`render_all`).
pub fn render(
    cache: &Cache,
    config: &Config,
    site: &Site,
    theme: &mut Theme,
    diags: &mut Diagnostics,
    sources_kept: bool,
) -> RenderedPages {
    let pages = render::prepare(config, site, theme);
    let css = config.markdown.highlight.then(|| cache.stylesheets(&config.markdown.highlight_theme).ok());
    let others = pages.others(css.flatten(), diags);
    let kept = cache.take_served();
    // The previous render's versions were made from the model the previous build kept.
    let model = cache.model();
    let before = kept.as_ref().zip(model.as_ref()).map(|(k, (s, _))| (s, &k.versions));
    let versions = Versions::since(site, before);
    drop(model);
    let now = Shape { versions, layout: Layout::of(site), global: global(&pages.site_view) };
    match kept {
        Some(k) if sources_kept && k.same_shape(&now, &pages.jobs, &others) => {
            let (files, fresh, moved) = render_changed(cache, &pages, k, now.versions, diags);
            if !moved {
                return RenderedPages { files, fresh, changed_only: true };
            }
            // A page now has another URL (a slug or a date changed): all the files, so that the
            // link check sees the one that went.
            let mut files: Vec<OutFile> = cache.with_served(|s| s.pages.clone()).unwrap_or(files);
            files.extend(others);
            RenderedPages { files, fresh, changed_only: false }
        }
        kept => {
            let (results, fresh) = run(cache, &pages, site, kept, now, others.clone());
            let mut files = pages.sort_out(results, diags);
            files.extend(others);
            RenderedPages { files, fresh, changed_only: false }
        }
    }
}

/// What a render is of: the version of every read, where each thing is, the site-wide view.
struct Shape {
    versions: Versions,
    layout: Layout,
    global: u64,
}

impl Served {
    /// Whether `now` places every page where this render did, with the same files beside.
    fn same_shape(&self, now: &Shape, jobs: &[Job], others: &[OutFile]) -> bool {
        self.global == now.global
            && self.layout == now.layout
            && self.jobs == jobs
            && self.others.len() == others.len()
            && self.others.iter().zip(others).all(|(a, b)| same_file(a, b))
    }
}

/// Two files that are not pages are the same output: the same path and the same bytes or
/// the same file to copy.
fn same_file(a: &OutFile, b: &OutFile) -> bool {
    use crate::render::Body;
    use crate::theme::FileData;
    let body = match (&a.body, &b.body) {
        (Body::Bytes(x), Body::Bytes(y)) => x == y,
        (Body::Copy(FileData::Embedded(x)), Body::Copy(FileData::Embedded(y))) => std::ptr::eq(*x, *y),
        (Body::Copy(FileData::Disk(x)), Body::Copy(FileData::Disk(y))) => x == y,
        _ => false,
    };
    body && a.path == b.path && a.origin == b.origin && a.source == b.source
}

/// The pages of the previous render that read what changed, rendered again — found through
/// the reads each page recorded, without looking at the thousands of others — and only they
/// are returned, with their count and whether one of them moved to another output path. What
/// changed is what has another version now: nobody says what was edited.
fn render_changed(
    cache: &Cache,
    pages: &Pages<'_>,
    mut kept: Served,
    versions: Versions,
    diags: &mut Diagnostics,
) -> (Vec<OutFile>, usize, bool) {
    // Sorted, to be searched for each read of each kept list view without hashing.
    let mut changed: Vec<Read> = kept.versions.changed(&versions);
    changed.sort_unstable();
    debug_assert!(
        kept.readers.keys().all(|r| kept.versions.get(*r) == versions.get(*r) || changed.binary_search(r).is_ok()),
        "Versions::changed missed a read whose version changed"
    );
    let affected: BTreeSet<u32> = changed.iter().filter_map(|r| kept.readers.get(r)).flatten().copied().collect();
    let mut items = std::mem::take(&mut kept.items);
    items.forget(|reads| reads.iter().any(|r| changed.binary_search(r).is_ok()));
    kept.items = items;
    kept.versions = versions;
    let redone: Vec<(u32, Result<OutFile, Failed>, Vec<Read>)> = affected
        .par_iter()
        .map(|&k| {
            let (page, reads) = pages.run_recorded(kept.jobs[k as usize], Some(&kept.items));
            (k, page, reads)
        })
        .collect();
    let mut again = Vec::with_capacity(redone.len());
    let mut moved = false;
    for (k, page, reads) in redone {
        if let Ok(page) = &page {
            moved |= kept.pages[k as usize].path != page.path;
            kept.pages[k as usize] = page.clone();
            // A page may now read more (a goal from another post): its readers grow.
            for r in &reads {
                add_reader(&mut kept.readers, *r, k);
            }
            kept.reads[k as usize] = reads;
        }
        again.push(page);
    }
    let ok = again.iter().all(Result::is_ok);
    if ok {
        cache.keep_served(kept);
    }
    let fresh = again.len();
    (pages.sort_out(again, diags), fresh, moved && ok)
}

/// A page rendered, with what it read of the model.
type Recorded = (Result<OutFile, Failed>, Vec<Read>);

fn add_reader(readers: &mut HashMap<Read, Vec<u32>>, r: Read, job: u32) {
    let jobs = readers.entry(r).or_default();
    if !jobs.contains(&job) {
        jobs.push(job);
    }
}

/// Every job's page, taken from the previous render or rendered, and how many were rendered;
/// keeps the render when every page succeeded. Taken pages are moved, then copied once for
/// the caller.
fn run(
    cache: &Cache,
    pages: &Pages<'_>,
    site: &Site,
    kept: Option<Served>,
    now: Shape,
    others: Vec<OutFile>,
) -> (Vec<Result<OutFile, Failed>>, usize) {
    let Shape { versions, layout, global } = now;
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
    let mut by_job = HashMap::default();
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
    // The previous page each job can take, with its reads as this build names them (`None`:
    // named the same, moved below rather than copied).
    let identity = remap.as_ref().is_some_and(Remap::is_identity);
    let from: Vec<Option<(usize, Option<Vec<Read>>)>> = pages
        .jobs
        .par_iter()
        .enumerate()
        .map(|(new, job)| {
            let k = kept.as_ref()?;
            let old = if same_jobs { new } else { *by_job.get(job)? };
            let was = k.reads.get(old)?;
            if identity {
                return was.iter().all(|r| good(r) == Some(*r)).then_some((old, None));
            }
            let reads: Option<Vec<Read>> = was.iter().map(&good).collect();
            Some((old, Some(reads?)))
        })
        .collect();
    let rendered: Vec<Option<Recorded>> = pages
        .jobs
        .par_iter()
        .zip(&from)
        .map(|(job, from)| from.is_none().then(|| pages.run_recorded(*job, Some(&items))))
        .collect();
    let (mut old_pages, mut old_reads): (Vec<Option<OutFile>>, Vec<Vec<Read>>) = match kept {
        Some(k) => (k.pages.into_iter().map(Some).collect(), k.reads),
        None => Default::default(),
    };
    let mut results = Vec::with_capacity(pages.jobs.len());
    let mut reads = Vec::with_capacity(pages.jobs.len());
    let mut fresh = Vec::with_capacity(pages.jobs.len());
    for ((job, from), rendered) in pages.jobs.iter().zip(from).zip(rendered) {
        let taken = from.and_then(|(old, r)| {
            let page = old_pages.get_mut(old)?.take()?;
            Some((page, r.unwrap_or_else(|| old_reads.get_mut(old).map(std::mem::take).unwrap_or_default())))
        });
        let (page, r, new) = match (taken, rendered) {
            (Some((page, r)), _) => (Ok(page), r, false),
            (None, Some((page, r))) => (page, r, true),
            // Two jobs cannot take one page; were it to happen, the second renders its own.
            (None, None) => {
                let (page, r) = pages.run_recorded(*job, Some(&items));
                (page, r, true)
            }
        };
        results.push(page);
        reads.push(r);
        fresh.push(new);
    }
    let count = fresh.iter().filter(|f| **f).count();
    if results.iter().any(Result::is_err) {
        cache.drop_served();
        return (results, count);
    }
    let done: Vec<OutFile> = results.into_iter().flatten().collect();
    let back = done.iter().map(|f| Ok(f.clone())).collect();
    let mut readers: HashMap<Read, Vec<u32>> = HashMap::default();
    for (k, reads) in reads.iter().enumerate() {
        for r in reads {
            readers.entry(*r).or_default().push(k as u32);
        }
    }
    let jobs = pages.jobs.clone();
    cache.keep_served(Served { jobs, reads, readers, pages: done, versions, layout, global, items, others });
    (back, count)
}

/// The site-wide view every page is rendered with.
fn global(site_view: &impl serde::Serialize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    // The view is small (menu, tags, years): serialising it is cheaper than any page.
    serde_json::to_vec(site_view).unwrap_or_default().hash(&mut h);
    h.finish()
}
