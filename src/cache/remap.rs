//! SERVE: where the previous build's posts, pages, years, terms and series are in this one,
//! so that the reads a page recorded then ([`Read`], by index) name the same things now.
//!
//! Each collection is matched by identity (a source path, a year, a slug, a name); while a
//! collection keeps its order the map is the identity and costs nothing. This module must
//! not decide whether a page is kept (that is [`super::pages`]) and reads nothing but the site.

use std::collections::HashMap;
use std::hash::Hash;

use crate::render::Job;
use crate::site::{PostId, Site, Slot};
use crate::taxonomy::Tax;
use crate::view::Read;

/// The identities of a site's collections, in order: a year, or the 64-bit hash of a source
/// path or a slug (cheaper to keep and compare than the strings, on every rebuild; two paths
/// of one site sharing a hash is a one in 2^64 chance).
#[derive(PartialEq)]
pub struct Layout {
    posts: Vec<u64>,
    pages: Vec<u64>,
    intros: Vec<u64>,
    years: Vec<i16>,
    tags: Vec<u64>,
    categories: Vec<u64>,
    series: Vec<u64>,
}

impl Layout {
    pub fn of(site: &Site) -> Layout {
        use rayon::prelude::*;
        let key = |s: &str| xxhash_rust::xxh3::xxh3_64(s.as_bytes());
        let rels = |es: &[crate::site::Entry]| es.par_iter().map(|e| key(&e.source.rel)).collect();
        let slugs = |ts: &[crate::taxonomy::Term]| ts.iter().map(|t| key(&t.slug)).collect();
        Layout {
            posts: rels(&site.posts),
            pages: rels(&site.pages),
            intros: rels(&site.year_intros),
            years: site.years.iter().map(|y| y.year).collect(),
            tags: slugs(&site.tags),
            categories: slugs(&site.categories),
            series: site.series.iter().map(|s| key(&s.slug)).collect(),
        }
    }
}

/// One collection's old index -> new index; `None`: the same order.
struct Map(Option<Vec<Option<usize>>>);

impl Map {
    fn new<K: Hash + Eq>(old: &[K], new: &[K]) -> Map {
        if old == new {
            return Map(None);
        }
        let at: HashMap<&K, usize> = new.iter().enumerate().map(|(i, k)| (k, i)).collect();
        Map(Some(old.iter().map(|k| at.get(k).copied()).collect()))
    }

    fn get(&self, i: usize) -> Option<usize> {
        match &self.0 {
            None => Some(i),
            Some(m) => m.get(i).copied().flatten(),
        }
    }
}

/// From the previous build's indices to this one's.
pub struct Remap {
    posts: Map,
    pages: Map,
    intros: Map,
    years: Map,
    tags: Map,
    categories: Map,
    series: Map,
}

impl Remap {
    pub fn new(old: &Layout, new: &Layout) -> Remap {
        Remap {
            posts: Map::new(&old.posts, &new.posts),
            pages: Map::new(&old.pages, &new.pages),
            intros: Map::new(&old.intros, &new.intros),
            years: Map::new(&old.years, &new.years),
            tags: Map::new(&old.tags, &new.tags),
            categories: Map::new(&old.categories, &new.categories),
            series: Map::new(&old.series, &new.series),
        }
    }

    /// Whether every collection keeps its order.
    pub fn is_identity(&self) -> bool {
        [&self.posts, &self.pages, &self.intros, &self.years, &self.tags, &self.categories, &self.series]
            .iter()
            .all(|m| m.0.is_none())
    }

    /// Whether posts keep their indices (list views by post index stay valid).
    pub fn posts_kept(&self) -> bool {
        self.posts.0.is_none()
    }

    fn term(&self, tax: Tax) -> &Map {
        match tax {
            Tax::Tags => &self.tags,
            Tax::Categories => &self.categories,
        }
    }

    fn post(&self, i: PostId) -> Option<PostId> {
        self.posts.get(i.index()).map(PostId)
    }

    fn slot(&self, s: Slot) -> Option<Slot> {
        Some(match s {
            Slot::Post(i) => Slot::Post(self.post(i)?),
            Slot::Page(i) => Slot::Page(self.pages.get(i)?),
            Slot::Intro(i) => Slot::Intro(self.intros.get(i)?),
        })
    }

    /// `r` as this build names it; `None` when what it read is gone.
    pub fn read(&self, r: Read) -> Option<Read> {
        Some(match r {
            Read::Entry(s) => Read::Entry(self.slot(s)?),
            Read::Dates(s) => Read::Dates(self.slot(s)?),
            Read::Link(i) => Read::Link(self.post(i)?),
            Read::Year(i) => Read::Year(self.years.get(i)?),
            Read::YearLast(i) => Read::YearLast(self.years.get(i)?),
            Read::Term(t, i) => Read::Term(t, self.term(t).get(i)?),
            Read::Series(i) => Read::Series(self.series.get(i)?),
            Read::Posts
            | Read::Pages
            | Read::NewestRetro
            | Read::Years
            | Read::Terms(_)
            | Read::TermNames(_)
            | Read::SeriesNames => r,
        })
    }

    /// `j` as this build names it; `None` when its post, year, term or series is gone.
    pub fn job(&self, j: Job) -> Option<Job> {
        Some(match j {
            Job::Post(i) => Job::Post(self.post(i)?),
            Job::Page(i) => Job::Page(self.pages.get(i)?),
            Job::Term(t, i, n) => Job::Term(t, self.term(t).get(i)?, n),
            Job::Series(i) => Job::Series(self.series.get(i)?),
            Job::Year(i) => Job::Year(self.years.get(i)?),
            Job::TagFeed(i) => Job::TagFeed(self.tags.get(i)?),
            Job::Index(_)
            | Job::Taxonomy(_)
            | Job::Archive
            | Job::Feed
            | Job::Sitemap
            | Job::Robots
            | Job::NotFound
            | Job::Search => j,
        })
    }
}
