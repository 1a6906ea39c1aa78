//! RENDER (gen serve): a fingerprint of everything one page is rendered from, so that a
//! rebuild renders only the pages whose inputs changed and reuses the bytes of the others.
//!
//! A page is a pure function of the templates, the configuration, the site-wide view every
//! page gets (`site`: menu, tags, years, counts) and the entries it shows. Templates and the
//! configuration are not hashed: `gen serve` drops every kept page when either changes. The
//! rest is hashed here from cheap stand-ins — an entry's fingerprint covers its file, its URL
//! and its rendered Markdown — never from the page's own (costly) view. This module must not
//! render anything; a fingerprint it forgets to cover is a stale page, so every input of a
//! view in `view.rs`/`yearview.rs`/`feeds.rs` must appear here.

use std::hash::{DefaultHasher, Hash, Hasher};

use super::{Job, pages_of, terms_of};
use crate::site::{Entry, Site};
use crate::years::Year;

/// Fingerprints of `jobs`, in order. `global` covers what every page sees.
pub fn of_jobs(site: &Site, all: &[usize], paginate: usize, feed_limit: usize, global: u64, jobs: &[Job]) -> Vec<u64> {
    use rayon::prelude::*;
    jobs.par_iter().map(|j| of_job(site, all, paginate, feed_limit, global, *j)).collect()
}

/// The site-wide view every page is rendered with.
pub fn global(site_view: &impl serde::Serialize) -> u64 {
    let mut h = DefaultHasher::new();
    // The view is small (menu, tags, years): serialising it is cheaper than any page.
    serde_json::to_vec(site_view).unwrap_or_default().hash(&mut h);
    h.finish()
}

fn of_job(site: &Site, all: &[usize], paginate: usize, feed_limit: usize, global: u64, job: Job) -> u64 {
    let mut h = DefaultHasher::new();
    global.hash(&mut h);
    let posts = |ids: &mut dyn Iterator<Item = &usize>, h: &mut DefaultHasher| {
        for &i in ids {
            entry(&site.posts[i], h);
        }
    };
    let page = |ids: &[usize], n: usize, h: &mut DefaultHasher| {
        let per = paginate.max(1);
        (n, ids.len(), pages_of(ids.len(), per)).hash(h);
        posts(&mut ids.iter().skip((n - 1) * per).take(per), h);
    };
    match job {
        Job::Post(i) => {
            "post".hash(&mut h);
            let e = &site.posts[i];
            entry(e, &mut h);
            posts(&mut e.newer.iter().chain(&e.older), &mut h);
            if let Some(s) = crate::view::series_of(site, e) {
                (&s.name, &s.url).hash(&mut h);
                posts(&mut s.posts.iter(), &mut h);
            }
        }
        Job::Page(i) => {
            "page".hash(&mut h);
            entry(&site.pages[i], &mut h);
        }
        Job::Index(n) => {
            "index".hash(&mut h);
            page(all, n, &mut h);
            if n == 1 {
                posts(&mut site.posts.iter().position(|p| p.retro.is_some()).iter(), &mut h);
            }
        }
        Job::Taxonomy(tax) => ("taxonomy", tax.name()).hash(&mut h),
        Job::Term(tax, i, n) => {
            let t = &terms_of(site, tax)[i];
            ("term", tax.name(), &t.name, &t.slug, &t.url).hash(&mut h);
            page(&t.posts, n, &mut h);
        }
        Job::Series(i) => {
            let s = &site.series[i];
            ("series", &s.name, &s.url).hash(&mut h);
            posts(&mut s.posts.iter(), &mut h);
        }
        Job::Year(i) => {
            "year".hash(&mut h);
            year(site, &site.years[i], &mut h);
        }
        Job::Archive => {
            "archive".hash(&mut h);
            for y in &site.years {
                year(site, y, &mut h);
            }
        }
        Job::Feed => {
            "feed".hash(&mut h);
            site.posts.iter().take(feed_limit.max(1)).for_each(|e| entry(e, &mut h));
        }
        Job::TagFeed(i) => {
            let t = &site.tags[i];
            ("tag feed", &t.name, &t.url).hash(&mut h);
            posts(&mut t.posts.iter().take(feed_limit.max(1)), &mut h);
        }
        Job::Sitemap => {
            "sitemap".hash(&mut h);
            sitemap(site, &mut h);
        }
        Job::Robots => "robots".hash(&mut h),
        Job::NotFound => "404".hash(&mut h),
    }
    h.finish()
}

/// An entry as any view shows it: its file, URL, rendered Markdown (`Entry::fingerprint`) and
/// the retrospective year found for it, and whether it is still scheduled (time passes while
/// `gen serve --drafts` runs).
fn entry(e: &Entry, h: &mut DefaultHasher) {
    (e.fingerprint, e.retro, e.future).hash(h);
}

/// A year page: the year's numbers and every post it names — its posts, its retrospectives,
/// the posts that set or reviewed its goals — and its intro.
fn year(site: &Site, y: &Year, h: &mut DefaultHasher) {
    // The model holds floats (goal progress) and maps; its Debug text is a faithful stand-in.
    format!("{y:?}").hash(h);
    let goals = y.goals.iter().chain(&y.next_goals).map(|g| &g.source);
    for &i in y.posts.iter().chain(&y.retros).chain(goals) {
        entry(&site.posts[i], h);
    }
    if let Some(intro) = y.intro.and_then(|i| site.year_intros.get(i)) {
        entry(intro, h);
    }
    for &s in &y.series {
        let s = &site.series[s];
        (&s.name, &s.url, s.posts.len()).hash(h);
    }
}

/// The sitemap: every URL and the dates its `lastmod` comes from.
fn sitemap(site: &Site, h: &mut DefaultHasher) {
    for e in site.posts.iter().chain(&site.pages) {
        (&e.url, e.date.as_ref().map(|d| d.timestamp()), e.fm.updated.as_ref().map(|d| d.timestamp())).hash(h);
    }
    for y in &site.years {
        (y.year, y.stats.last).hash(h);
    }
    for t in site.tags.iter().chain(&site.categories) {
        (&t.url, t.posts.first()).hash(h);
    }
    for s in &site.series {
        (&s.url, s.posts.last()).hash(h);
    }
}
