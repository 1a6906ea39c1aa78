//! SERVE: a fingerprint of everything one page is rendered from, so that a
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

use crate::render::{Job, pages_of, terms_of};
use crate::site::{Entry, Site};

/// What every fingerprint is computed against.
pub struct Ctx<'a> {
    pub site: &'a Site,
    /// Every post's index, newest first (the home page's list).
    pub all: &'a [usize],
    pub paginate: usize,
    pub feed_limit: usize,
    /// What every page sees: [`global`].
    pub global: u64,
    /// Each post's series (an index into `Site::series`): [`series_by_post`].
    pub series: &'a [Option<usize>],
}

/// Fingerprints of `jobs`, in order, with the inputs each one covers.
pub fn of_jobs(cx: &Ctx<'_>, jobs: &[Job]) -> Vec<(u64, Vec<Input>)> {
    use rayon::prelude::*;
    jobs.par_iter().map(|j| of_job(cx, *j)).collect()
}

/// Each post's series, found once: looking it up by name for every post page made
/// fingerprinting a big blog cost more than the pages it saved rendering.
pub fn series_by_post(site: &Site) -> Vec<Option<usize>> {
    let mut out = vec![None; site.posts.len()];
    for (s, series) in site.series.iter().enumerate() {
        for &p in &series.posts {
            out[p] = Some(s);
        }
    }
    out
}

/// What a `gen serve` patch can change under a page: an entry's body (and so its
/// fingerprint), or a year's model. Everything else a page shows — paths, URLs, dates, order,
/// terms — changes only with a front matter or file change, which assembles and renders anew.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Input {
    Post(usize),
    Page(usize),
    Intro(usize),
    Year(usize),
}

/// The entry as pages depend on it.
impl From<crate::site::Slot> for Input {
    fn from(slot: crate::site::Slot) -> Input {
        use crate::site::Slot;
        match slot {
            Slot::Post(i) => Input::Post(i),
            Slot::Page(i) => Input::Page(i),
            Slot::Intro(i) => Input::Intro(i),
        }
    }
}

/// Hashes inputs and remembers which were hashed: a page's dependencies are exactly what
/// its fingerprint covers, so they cannot drift apart.
struct Fp<'a> {
    site: &'a Site,
    h: DefaultHasher,
    inputs: Vec<Input>,
}

impl Fp<'_> {
    fn post(&mut self, i: usize) {
        entry(&self.site.posts[i], &mut self.h);
        self.inputs.push(Input::Post(i));
    }

    fn posts<'i>(&mut self, ids: impl IntoIterator<Item = &'i usize>) {
        for &i in ids {
            self.post(i);
        }
    }
}

/// The site-wide view every page is rendered with.
pub fn global(site_view: &impl serde::Serialize) -> u64 {
    let mut h = DefaultHasher::new();
    // The view is small (menu, tags, years): serialising it is cheaper than any page.
    serde_json::to_vec(site_view).unwrap_or_default().hash(&mut h);
    h.finish()
}

/// One job's fingerprint and the inputs it covers.
pub fn of_job(cx: &Ctx<'_>, job: Job) -> (u64, Vec<Input>) {
    let site = cx.site;
    let mut f = Fp { site, h: DefaultHasher::new(), inputs: Vec::new() };
    cx.global.hash(&mut f.h);
    let per = cx.paginate.max(1);
    let page = |ids: &[usize], n: usize, f: &mut Fp<'_>| {
        (n, ids.len(), pages_of(ids.len(), per)).hash(&mut f.h);
        f.posts(ids.iter().skip((n - 1) * per).take(per));
    };
    match job {
        Job::Post(i) => {
            "post".hash(&mut f.h);
            let e = &site.posts[i];
            f.post(i);
            // Neighbours and series posts are links: a title and a URL (`view::nav_link`),
            // which only a front matter or file change can change.
            let link = |j: &usize, h: &mut DefaultHasher| (&site.posts[*j].fm.title, &site.posts[*j].url).hash(h);
            e.newer.iter().chain(&e.older).for_each(|j| link(j, &mut f.h));
            if let Some(s) = cx.series[i].map(|s| &site.series[s]) {
                (&s.name, &s.url).hash(&mut f.h);
                s.posts.iter().for_each(|j| link(j, &mut f.h));
            }
        }
        Job::Page(i) => {
            "page".hash(&mut f.h);
            entry(&site.pages[i], &mut f.h);
            f.inputs.push(Input::Page(i));
        }
        Job::Index(n) => {
            "index".hash(&mut f.h);
            page(cx.all, n, &mut f);
            if n == 1 {
                f.posts(&site.posts.iter().position(|p| p.retro.is_some()));
            }
        }
        Job::Taxonomy(tax) => ("taxonomy", tax.name()).hash(&mut f.h),
        Job::Term(tax, i, n) => {
            let t = &terms_of(site, tax)[i];
            ("term", tax.name(), &t.name, &t.slug, &t.url).hash(&mut f.h);
            page(&t.posts, n, &mut f);
        }
        Job::Series(i) => {
            let s = &site.series[i];
            ("series", &s.name, &s.url).hash(&mut f.h);
            f.posts(&s.posts);
        }
        Job::Year(i) => {
            "year".hash(&mut f.h);
            year(&mut f, i);
        }
        Job::Archive => {
            "archive".hash(&mut f.h);
            archive(&mut f);
        }
        Job::Feed => {
            "feed".hash(&mut f.h);
            f.posts(cx.all.iter().take(cx.feed_limit.max(1)));
        }
        Job::TagFeed(i) => {
            let t = &site.tags[i];
            ("tag feed", &t.name, &t.url).hash(&mut f.h);
            f.posts(t.posts.iter().take(cx.feed_limit.max(1)));
        }
        // Paths and dates only: nothing a patch changes.
        Job::Sitemap => {
            "sitemap".hash(&mut f.h);
            sitemap(site, &mut f.h);
        }
        Job::Robots => "robots".hash(&mut f.h),
        Job::NotFound => "404".hash(&mut f.h),
        // Years and tags come from the site view, in the global part.
        Job::Search => "search".hash(&mut f.h),
    }
    (f.h.finish(), f.inputs)
}

/// An entry as any view shows it: its file, URL, rendered Markdown (`Entry::fingerprint`) and
/// the retrospective year found for it, and whether it is still scheduled (time passes while
/// `gen serve --drafts` runs).
fn entry(e: &Entry, h: &mut DefaultHasher) {
    (e.fingerprint, e.retro, e.other_retro, e.future).hash(h);
}

/// A year page: the year's numbers and every post it names — its posts, its retrospectives,
/// the posts that set or reviewed its goals — and its intro.
fn year(f: &mut Fp<'_>, i: usize) {
    let site = f.site;
    let y = &site.years[i];
    f.inputs.push(Input::Year(i));
    // The model holds floats (goal progress) and maps; its Debug text is a faithful stand-in.
    format!("{y:?}").hash(&mut f.h);
    let goals = y.goals.iter().chain(&y.next_goals).map(|g| &g.source);
    f.posts(y.posts.iter().chain(&y.retros).chain(goals));
    if let Some(k) = y.intro.filter(|&k| k < site.year_intros.len()) {
        entry(&site.year_intros[k], &mut f.h);
        f.inputs.push(Input::Intro(k));
    }
    for &s in &y.series {
        let s = &site.series[s];
        (&s.name, &s.url, s.posts.len()).hash(&mut f.h);
    }
}

/// The archive: each year's counts, retrospectives and goals (`yearview::archive_view`), not
/// its posts — so an edit to one post does not fingerprint all of them.
fn archive(f: &mut Fp<'_>) {
    let site = f.site;
    site.posts.len().hash(&mut f.h);
    for (i, y) in site.years.iter().enumerate() {
        f.inputs.push(Input::Year(i));
        (y.year, y.stats.posts, y.stats.reading_minutes).hash(&mut f.h);
        format!("{:?}", y.goals).hash(&mut f.h);
        f.posts(y.retros.iter().chain(y.goals.iter().map(|g| &g.source)));
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
