//! RENDER: the version of every read a view can make of the model ([`Read`]): what each
//! accessor of [`ViewCtx`](super::ViewCtx) returns, hashed from identities (source paths,
//! names), never from indices. Computed for a whole site. Must not render, and keeps nothing between builds.

use std::hash::Hash;

use rayon::prelude::*;

use super::model::{Read, newest_retro, terms};
use crate::dates::PostDate;
use crate::site::{Entry, PostId, Site, Slot};
use crate::taxonomy::{Tax, Term};
use crate::years::Year;

/// The version of every read of one site: what each accessor of [`ViewCtx`] would return,
/// hashed. Equal versions of a read in two builds mean the accessor returns the same.
#[derive(PartialEq, Debug)]
pub struct Versions {
    /// Per post: [entry, link, dates].
    posts: Vec<[u64; 3]>,
    /// Per page: [entry, dates].
    pages: Vec<[u64; 2]>,
    intros: Vec<u64>,
    /// Per year: [year, year_last].
    years: Vec<[u64; 2]>,
    tags: Vec<u64>,
    categories: Vec<u64>,
    series: Vec<u64>,
    lists: Lists,
}

/// The versions of the reads of a whole collection.
#[derive(PartialEq, Debug)]
struct Lists {
    posts: u64,
    pages: u64,
    intros: u64,
    newest_retro: u64,
    years: u64,
    terms: [u64; 2],
    term_names: [u64; 2],
    series_names: u64,
}

/// A version: a fixed-seed, good-quality 64-bit hash (foldhash), several times faster than
/// SipHash on these small values, which every rebuild hashes for every post.
fn hash(v: impl Hash) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::default().hash_one(v)
}

/// Which entry an index names, as a version can hold it.
fn rel(posts: &[Entry], i: Option<PostId>) -> Option<&str> {
    i.and_then(|i| posts.get(i.index())).map(|e| e.source.rel.as_str())
}

impl Versions {
    pub fn of(site: &Site) -> Versions {
        Versions::since(site, None)
    }

    /// [`Versions::of`], taking a post's versions from `before` (an earlier site and its
    /// versions) when they cannot differ: the post, its rendered body and its neighbours are
    /// the same shared values (`Arc`s) in the same places. Each post's strings are otherwise
    /// read from all over memory, a few milliseconds at 10,000 posts. Debug builds (the tests)
    /// check the result against [`Versions::of`].
    pub fn since(site: &Site, before: Option<(&Site, &Versions)>) -> Versions {
        let before = before.filter(|(s, v)| s.posts.len() == site.posts.len() && v.posts.len() == site.posts.len());
        let versions = Versions::made(site, before);
        debug_assert!(
            before.is_none() || versions == Versions::made(site, None),
            "a post's versions were taken wrongly"
        );
        versions
    }

    fn made(site: &Site, before: Option<(&Site, &Versions)>) -> Versions {
        let same_list = before.is_some_and(|(s, _)| same_places(&s.posts, &site.posts));
        let rels = |es: &[Entry]| hash(es.iter().map(|e| &e.source.rel).collect::<Vec<_>>());
        let names = |ts: &mut dyn Iterator<Item = (&String, &String, &String)>| hash(ts.collect::<Vec<_>>());
        let posts_v = match before {
            Some((_, v)) if same_list => v.lists.posts,
            _ => rels(&site.posts),
        };
        let lists = Lists {
            posts: posts_v,
            pages: rels(&site.pages),
            intros: rels(&site.year_intros),
            newest_retro: hash(rel(&site.posts, newest_retro(site))),
            years: hash(site.years.iter().map(|y| y.year).collect::<Vec<_>>()),
            terms: [Tax::Tags, Tax::Categories].map(|t| hash((posts_v, term_list(terms(site, t))))),
            term_names: [&site.tags, &site.categories]
                .map(|ts| names(&mut ts.iter().map(|t| (&t.name, &t.slug, &t.url)))),
            series_names: names(&mut site.series.iter().map(|s| (&s.name, &s.slug, &s.url))),
        };
        let entry = |e: &Entry| entry(site, e);
        Versions {
            posts: (0..site.posts.len())
                .into_par_iter()
                .map(|i| match before {
                    Some((s, v)) if unchanged(&s.posts, &site.posts, i, same_list) => v.posts[i],
                    _ => post(site, &site.posts[i]),
                })
                .collect(),
            pages: site.pages.iter().map(|e| [entry(e), dates(e)]).collect(),
            intros: site.year_intros.iter().map(entry).collect(),
            years: site.years.par_iter().map(|y| year(site, &lists, y)).collect(),
            tags: site.tags.iter().map(|t| hash((posts_v, term_list(std::slice::from_ref(t))))).collect(),
            categories: site.categories.iter().map(|t| hash((posts_v, term_list(std::slice::from_ref(t))))).collect(),
            series: site.series.iter().map(|s| hash((posts_v, &s.name, &s.slug, &s.url, &s.posts))).collect(),
            lists,
        }
    }

    /// The reads whose version differs in `now`, a site with the same collections as this one
    /// (each the same length: the same posts, pages, years and terms in the same places).
    /// Compared array by array, without looking anything up.
    pub fn changed(&self, now: &Versions) -> Vec<Read> {
        let mut out = Vec::new();
        for (i, (a, b)) in self.posts.iter().zip(&now.posts).enumerate().filter(|(_, (a, b))| a != b) {
            let (id, slot) = (PostId(i), Slot::Post(PostId(i)));
            let reads = [Read::Entry(slot), Read::Link(id), Read::Dates(slot)];
            out.extend(reads.into_iter().zip(a.iter().zip(b)).filter(|(_, (x, y))| x != y).map(|(r, _)| r));
        }
        for (i, (a, b)) in self.pages.iter().zip(&now.pages).enumerate().filter(|(_, (a, b))| a != b) {
            let reads = [Read::Entry(Slot::Page(i)), Read::Dates(Slot::Page(i))];
            out.extend(reads.into_iter().zip(a.iter().zip(b)).filter(|(_, (x, y))| x != y).map(|(r, _)| r));
        }
        for (i, (a, b)) in self.years.iter().zip(&now.years).enumerate().filter(|(_, (a, b))| a != b) {
            let reads = [Read::Year(i), Read::YearLast(i)];
            out.extend(reads.into_iter().zip(a.iter().zip(b)).filter(|(_, (x, y))| x != y).map(|(r, _)| r));
        }
        let mut each = |old: &[u64], new: &[u64], read: fn(usize) -> Read| {
            out.extend(old.iter().zip(new).enumerate().filter(|(_, (a, b))| a != b).map(|(i, _)| read(i)));
        };
        each(&self.intros, &now.intros, |k| Read::Entry(Slot::Intro(k)));
        each(&self.tags, &now.tags, |i| Read::Term(Tax::Tags, i));
        each(&self.categories, &now.categories, |i| Read::Term(Tax::Categories, i));
        each(&self.series, &now.series, Read::Series);
        let lists = [
            Read::Posts,
            Read::Pages,
            Read::NewestRetro,
            Read::Years,
            Read::Terms(Tax::Tags),
            Read::Terms(Tax::Categories),
            Read::TermNames(Tax::Tags),
            Read::TermNames(Tax::Categories),
            Read::SeriesNames,
        ];
        out.extend(lists.into_iter().filter(|r| self.get(*r) != now.get(*r)));
        debug_assert!(self.lists.intros == now.lists.intros, "a year names its intro by index: the layout keeps it");
        out
    }

    /// The version of `r`; `None` when `r` names nothing in this site.
    pub fn get(&self, r: Read) -> Option<u64> {
        let l = &self.lists;
        let tax = |t: Tax| match t {
            Tax::Tags => 0,
            Tax::Categories => 1,
        };
        match r {
            Read::Entry(Slot::Post(i)) => self.posts.get(i.index()).map(|v| v[0]),
            Read::Entry(Slot::Page(i)) => self.pages.get(i).map(|v| v[0]),
            Read::Entry(Slot::Intro(k)) => self.intros.get(k).copied(),
            Read::Link(i) => self.posts.get(i.index()).map(|v| v[1]),
            Read::Dates(Slot::Post(i)) => self.posts.get(i.index()).map(|v| v[2]),
            Read::Dates(Slot::Page(i)) => self.pages.get(i).map(|v| v[1]),
            Read::Dates(Slot::Intro(_)) => None,
            Read::Posts => Some(l.posts),
            Read::Pages => Some(l.pages),
            Read::NewestRetro => Some(l.newest_retro),
            Read::Year(i) => self.years.get(i).map(|v| v[0]),
            Read::YearLast(i) => self.years.get(i).map(|v| v[1]),
            Read::Years => Some(l.years),
            Read::Term(Tax::Tags, i) => self.tags.get(i).copied(),
            Read::Term(Tax::Categories, i) => self.categories.get(i).copied(),
            Read::Terms(t) => Some(l.terms[tax(t)]),
            Read::TermNames(t) => Some(l.term_names[tax(t)]),
            Read::Series(i) => self.series.get(i).copied(),
            Read::SeriesNames => Some(l.series_names),
        }
    }
}

/// Whether two lists of posts hold the same placings (the same `Arc`s) in the same order.
fn same_places(a: &[Entry], b: &[Entry]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| std::sync::Arc::ptr_eq(&x.placed, &y.placed))
}

/// Whether post `i` of `now` reads as post `i` of `before`: the same placing, the same
/// rendered body and fingerprint, and the same placings next to it (the entry names its
/// neighbours). With `same_list` every placing is known to be the same, and no post is looked
/// into.
fn unchanged(before: &[Entry], now: &[Entry], i: usize, same_list: bool) -> bool {
    let same = |j: usize| match (before.get(j), now.get(j)) {
        (Some(a), Some(b)) => std::sync::Arc::ptr_eq(&a.placed, &b.placed),
        (None, None) => true,
        _ => false,
    };
    let (a, b) = (&before[i], &now[i]);
    let body = std::sync::Arc::ptr_eq(&a.rendered, &b.rendered) && a.fingerprint == b.fingerprint;
    body && (same_list
        || (same(i) && b.newer.is_none_or(|n| same(n.index())) && b.older.is_none_or(|o| same(o.index()))))
}

/// Post `e`'s versions: [entry, link, dates].
fn post(site: &Site, e: &Entry) -> [u64; 3] {
    [entry(site, e), hash((&e.fm.title, &e.url)), dates(e)]
}

fn entry(site: &Site, e: &Entry) -> u64 {
    let around = (rel(&site.posts, e.newer), rel(&site.posts, e.older));
    hash((e.fingerprint, e.retro, e.other_retro, e.future, around))
}

fn dates(e: &Entry) -> u64 {
    hash((&e.url, e.date.as_ref().map(PostDate::timestamp), e.fm.updated.as_ref().map(PostDate::timestamp)))
}

/// A year's versions: [year, year_last]. A year names posts, series and its intro by index:
/// the lists they index are part of it.
fn year(site: &Site, lists: &Lists, y: &Year) -> [u64; 2] {
    let around = (lists.posts, lists.series_names, lists.intros);
    [hash((y, around)), hash((y.year, rel(&site.posts, y.stats.last)))]
}

/// Terms with their posts (indices: the versions holding this hash the post list too).
fn term_list(ts: &[Term]) -> Vec<(&String, &String, &String, &Vec<PostId>)> {
    ts.iter().map(|t| (&t.name, &t.slug, &t.url, &t.posts)).collect()
}
