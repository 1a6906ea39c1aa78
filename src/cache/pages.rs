//! SERVE: the render stage as `gen serve` runs it: every page whose fingerprint is the
//! previous render's is taken from it, the others are rendered; the complete render is kept
//! for the next rebuild (and for [`super::delta`]). Decides nothing about what a page shows.

use rayon::prelude::*;

use super::Cache;
use super::delta::Served;
use super::fingerprint;
use crate::config::Config;
use crate::error::Diagnostics;
use crate::render::{self, Failed, OutFile};
use crate::site::Site;
use crate::theme::Theme;
use crate::view;

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
    let global = fingerprint::global(&pages.site_view);
    let items = view::Items::new(site.posts.len());
    let series = fingerprint::series_by_post(site);
    let fx = fingerprint::Ctx {
        site,
        all: &pages.all,
        paginate: config.paginate,
        feed_limit: config.feed.limit,
        global,
        series: &series,
    };
    let fps = fingerprint::of_jobs(&fx, &pages.jobs);
    let kept = cache.take_served();
    let by_fp: std::collections::HashMap<u64, usize> =
        kept.iter().flat_map(|k| k.fps.iter().enumerate().map(|(i, fp)| (*fp, i))).collect();
    let reuse = |k: usize| by_fp.get(&fps[k].0).and_then(|&i| kept.as_ref()?.pages.get(i));
    let results: Vec<Result<OutFile, Failed>> = pages
        .jobs
        .par_iter()
        .enumerate()
        .map(|(k, j)| match reuse(k) {
            Some(page) => Ok(page.clone()),
            None => pages.run(*j, Some(&items)),
        })
        .collect();
    let fresh = (0..pages.jobs.len()).filter(|&k| reuse(k).is_none()).count();
    drop(kept);
    // Only a complete render can be patched later.
    if let Some(done) = results.iter().map(|r| r.as_ref().ok().cloned()).collect::<Option<Vec<_>>>() {
        let all = pages.all.clone();
        cache.keep_served(Served::new(pages.jobs.clone(), fps, done, global, all, series, items));
    }
    let mut files = pages.sort_out(results, diags);
    let css = config.markdown.highlight.then(|| cache.stylesheets(&config.markdown.highlight_theme).ok());
    files.extend(pages.others(css.flatten(), diags));
    (files, fresh)
}
