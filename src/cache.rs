//! SERVE: what a rebuild can reuse from the previous one — parsed sources (by path, size,
//! modification time and time zone) and rendered Markdown (by a hash of everything the HTML
//! depends on). `gen build` runs without a cache; `gen serve` keeps one across rebuilds.
//!
//! A cache hit must give exactly what a fresh parse or render would: every input of the cached
//! value is in its key. This module holds data; it decides nothing about the site.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::SystemTime;

use crate::content::Doc;
use crate::error::Diagnostic;
use crate::markdown::Rendered;

/// When a source file was last seen, and in which time zone its dates were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub modified: Option<SystemTime>,
    pub len: u64,
    pub timezone: String,
}

impl Stamp {
    pub fn of(path: &std::path::Path, timezone: &str) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp { modified: meta.modified().ok(), len: meta.len(), timezone: timezone.to_owned() })
    }
}

/// A parse result: the document (when it parsed) and what was found on the way.
pub type Parsed = (Option<Doc>, Vec<Diagnostic>);

#[derive(Default)]
pub struct Cache {
    pub docs: Mutex<HashMap<PathBuf, (Stamp, Parsed)>>,
    pub bodies: Mutex<HashMap<PathBuf, (u64, Rendered)>>,
}

impl Cache {
    pub fn parsed(&self, path: &std::path::Path, stamp: &Stamp) -> Option<Parsed> {
        let docs = self.docs.lock().unwrap_or_else(|p| p.into_inner());
        docs.get(path).filter(|(s, _)| s == stamp).map(|(_, p)| p.clone())
    }

    /// Replaces the parse cache with this build's results (deleted files drop out).
    pub fn keep_parsed(&self, entries: HashMap<PathBuf, (Stamp, Parsed)>) {
        *self.docs.lock().unwrap_or_else(|p| p.into_inner()) = entries;
    }

    pub fn rendered(&self, path: &std::path::Path, key: u64) -> Option<Rendered> {
        let bodies = self.bodies.lock().unwrap_or_else(|p| p.into_inner());
        bodies.get(path).filter(|(k, _)| *k == key).map(|(_, r)| r.clone())
    }

    pub fn keep_rendered(&self, path: PathBuf, key: u64, rendered: &Rendered) {
        self.bodies.lock().unwrap_or_else(|p| p.into_inner()).insert(path, (key, rendered.clone()));
    }
}

/// A hash of several values, for cache keys.
pub fn key(parts: &[&dyn HashPart]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in parts {
        p.feed(&mut h);
    }
    h.finish()
}

/// Something that can go into a cache key.
pub trait HashPart {
    fn feed(&self, h: &mut dyn Hasher);
}

impl<T: Hash> HashPart for T {
    fn feed(&self, mut h: &mut dyn Hasher) {
        self.hash(&mut h);
    }
}
