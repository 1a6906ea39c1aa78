//! RENDER: the one door through which views read the site model, and what each read depends on.
//!
//! A view never holds the [`Site`]: it asks [`ViewCtx`] for a post, a link to a post, a year, a
//! term… Each accessor notes what it handed out as a [`Read`] when the page is recorded
//! (`gen serve`), and [`Versions`] hashes, for every possible read, exactly what that accessor
//! returns. A page is therefore a function of the templates, the configuration, the site-wide
//! view and the versions of the reads it made — whatever the page kind, without anyone listing
//! its inputs. `gen serve` keeps a page while those versions stay (`crate::cache`).
//!
//! Reads name the model by index; versions hash identities (source paths, names), never
//! indices, so a version means the same thing in two builds whose indices differ. An accessor
//! added here needs a [`Read`] and a line in [`Versions`]; a view must not read the model any
//! other way. This module must not render, and keeps nothing between builds.

use std::cell::RefCell;
use std::ops::Range;

use crate::config::Config;
use crate::dates::PostDate;
use crate::site::{Entry, PostId, Site, Slot};
use crate::taxonomy::{Series, Tax, Term};
use crate::years::Year;

use super::{NavLink, Urls, entry_view};

/// One part of the model a page read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Read {
    /// A post, page or year intro, whole: its own page, or a list showing it.
    Entry(Slot),
    /// A post's title and URL: a link to it.
    Link(PostId),
    /// A post's or page's URL and dates: the sitemap.
    Dates(Slot),
    /// Which posts there are, newest first.
    Posts,
    /// Which pages there are.
    Pages,
    /// The newest yearly retrospective (the home page leads with it).
    NewestRetro,
    /// One year's model.
    Year(usize),
    /// A year's number and its newest post: the sitemap.
    YearLast(usize),
    /// Which years there are.
    Years,
    /// One term with its posts.
    Term(Tax, usize),
    /// Every term of a taxonomy with its posts.
    Terms(Tax),
    /// The names, slugs and URLs of a taxonomy's terms: links to terms by name.
    TermNames(Tax),
    /// One series with its posts.
    Series(usize),
    /// The names, slugs and URLs of the series.
    SeriesNames,
}

/// The reads of one page (or one list item) as it renders.
#[derive(Default)]
pub struct Recorder(RefCell<Vec<Read>>);

impl Recorder {
    fn note(&self, r: Read) {
        self.0.borrow_mut().push(r);
    }

    /// What was read, each once.
    pub fn into_reads(self) -> Vec<Read> {
        let mut v = self.0.into_inner();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// What a view needs besides the entry; the only way it reads the model.
pub struct ViewCtx<'a> {
    pub config: &'a Config,
    pub urls: Urls<'a>,
    /// `date_format` per language, falling back to the site's.
    pub date_format: &'a (dyn Fn(&str) -> String + Sync),
    site: &'a Site,
    /// Every post's index, newest first.
    all: &'a [PostId],
    /// `gen serve`: each post's list view, made once and shared by every list showing it.
    items: Option<&'a Items>,
    reads: Option<&'a Recorder>,
}

/// A post's or page's address and dates.
pub struct Dates<'a> {
    pub url: &'a str,
    pub date: Option<&'a PostDate>,
    pub updated: Option<&'a PostDate>,
}

/// A term as a link by name shows it.
pub struct TermName<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: &'a str,
}

impl<'a> ViewCtx<'a> {
    /// `reads`: where to note what the views read (`gen serve`), or nowhere.
    pub fn new(
        config: &'a Config,
        site: &'a Site,
        all: &'a [PostId],
        date_format: &'a (dyn Fn(&str) -> String + Sync),
        items: Option<&'a Items>,
        reads: Option<&'a Recorder>,
    ) -> ViewCtx<'a> {
        ViewCtx { config, urls: Urls::new(config), date_format, site, all, items, reads }
    }

    /// The same context, noting reads in `reads`.
    fn noting(&self, reads: Option<&'a Recorder>) -> ViewCtx<'a> {
        ViewCtx { urls: Urls::new(self.config), reads, ..*self }
    }

    fn note(&self, r: Read) {
        if let Some(rec) = self.reads {
            rec.note(r);
        }
    }

    pub fn post(&self, i: PostId) -> &'a Entry {
        self.note(Read::Entry(Slot::Post(i)));
        &self.site.posts[i]
    }

    pub fn page(&self, i: usize) -> &'a Entry {
        self.note(Read::Entry(Slot::Page(i)));
        &self.site.pages[i]
    }

    pub fn intro(&self, k: usize) -> Option<&'a Entry> {
        self.note(Read::Entry(Slot::Intro(k)));
        self.site.year_intros.get(k)
    }

    /// A link to post `i`.
    pub fn link(&self, i: PostId) -> NavLink {
        self.note(Read::Link(i));
        let e = &self.site.posts[i];
        NavLink { title: e.fm.title.clone(), url: self.urls.href(&e.url) }
    }

    pub fn dates(&self, slot: Slot) -> Dates<'a> {
        self.note(Read::Dates(slot));
        let e = self.site.entry(slot);
        Dates { url: &e.url, date: e.date.as_ref(), updated: e.fm.updated.as_ref() }
    }

    /// Every post's index, newest first.
    pub fn all(&self) -> &'a [PostId] {
        self.note(Read::Posts);
        self.all
    }

    pub fn page_ids(&self) -> Range<usize> {
        self.note(Read::Pages);
        0..self.site.pages.len()
    }

    pub fn newest_retro(&self) -> Option<PostId> {
        self.note(Read::NewestRetro);
        newest_retro(self.site)
    }

    pub fn year(&self, i: usize) -> &'a Year {
        self.note(Read::Year(i));
        &self.site.years[i]
    }

    /// Year `i`'s number and its newest post.
    pub fn year_last(&self, i: usize) -> (i16, Option<PostId>) {
        self.note(Read::YearLast(i));
        let y = &self.site.years[i];
        (y.year, y.stats.last)
    }

    /// Every year's index, oldest first.
    pub fn year_ids(&self) -> Range<usize> {
        self.note(Read::Years);
        0..self.site.years.len()
    }

    pub fn term(&self, tax: Tax, i: usize) -> &'a Term {
        self.note(Read::Term(tax, i));
        &terms(self.site, tax)[i]
    }

    pub fn terms(&self, tax: Tax) -> &'a [Term] {
        self.note(Read::Terms(tax));
        terms(self.site, tax)
    }

    /// How many terms `tax` has.
    pub fn terms_len(&self, tax: Tax) -> usize {
        self.note(Read::TermNames(tax));
        terms(self.site, tax).len()
    }

    /// The term `name` (or one with its slug) of `tax`, if a post uses it.
    pub fn term_named(&self, tax: Tax, name: &str) -> Option<TermName<'a>> {
        self.note(Read::TermNames(tax));
        let terms = terms(self.site, tax);
        let slug = crate::taxonomy::term_slug(name);
        // Terms are sorted by slug, and a term's slug is its name's.
        let t = &terms[terms.binary_search_by(|t| t.slug.as_str().cmp(&slug)).ok()?];
        Some(TermName { name: &t.name, slug: &t.slug, url: &t.url })
    }

    pub fn series(&self, i: usize) -> &'a Series {
        self.note(Read::Series(i));
        &self.site.series[i]
    }

    /// The series `e` belongs to, if any.
    pub fn series_of(&self, e: &Entry) -> Option<usize> {
        self.note(Read::SeriesNames);
        let name = e.fm.series.as_deref()?;
        let slug = crate::taxonomy::term_slug(name);
        self.site.series.iter().position(|s| s.name == name || s.slug == slug)
    }

    /// Where `e`, an entry this view already read, is in a list of posts. Nothing is noted:
    /// which entry it is was noted when it was read.
    pub fn position(&self, posts: &[PostId], e: &Entry) -> Option<usize> {
        posts.iter().position(|&i| std::ptr::eq(&self.site.posts[i], e))
    }

    pub fn series_ids(&self) -> Range<usize> {
        self.note(Read::SeriesNames);
        0..self.site.series.len()
    }
}

pub fn terms(site: &Site, tax: Tax) -> &[Term] {
    match tax {
        Tax::Tags => &site.tags,
        Tax::Categories => &site.categories,
    }
}

pub(super) fn newest_retro(site: &Site) -> Option<PostId> {
    site.posts.iter().position(|p| p.retro.is_some()).map(PostId)
}

/// Posts' list views (`entry_view(.., false)`) as template values, by post index, each with
/// the reads it made. `gen serve` keeps them across rebuilds while those reads stay.
#[derive(Default)]
pub struct Items(Vec<std::sync::OnceLock<(tera::Value, Vec<Read>)>>);

impl Items {
    pub fn new(posts: usize) -> Items {
        Items((0..posts).map(|_| std::sync::OnceLock::new()).collect())
    }

    /// Forgets every view whose reads `stale` rejects.
    pub fn forget(&mut self, stale: impl Fn(&[Read]) -> bool + Sync) {
        use rayon::prelude::*;
        self.0.par_iter_mut().for_each(|slot| {
            if slot.get().is_some_and(|(_, reads)| stale(reads)) {
                *slot = std::sync::OnceLock::new();
            }
        });
    }
}

/// A post in a list: its view, or the same view already made into a template value.
pub enum Item<'a> {
    View(Box<super::EntryView<'a>>),
    Value(tera::Value),
}

impl serde::Serialize for Item<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Item::View(v) => v.serialize(s),
            // Tera passes its own values through without copying them.
            Item::Value(v) => v.serialize(s),
        }
    }
}

/// Post `i` as lists show it.
pub fn list_item<'a>(cx: &ViewCtx<'a>, i: PostId) -> Item<'a> {
    let Some(slot) = cx.items.and_then(|items| items.0.get(i.index())) else {
        return Item::View(Box::new(entry_view(cx, cx.post(i), false)));
    };
    let (value, reads) = slot.get_or_init(|| {
        let rec = Recorder::default();
        let own = cx.noting(Some(&rec));
        let value = tera::Value::from_serializable(&entry_view(&own, own.post(i), false));
        (value, rec.into_reads())
    });
    for r in reads {
        cx.note(*r);
    }
    Item::Value(value.clone())
}
