//! SHARED: the key of several values, for what a build or `gen serve` keeps between runs (parsed
//! sources, rendered Markdown, highlighted blocks, link maps). A process-local hash: keys must not
//! be written to disk (the persistent cache has its own, crate::blockcache). It must not keep
//! anything.

use std::hash::{Hash, Hasher};

/// A hash of several values, for cache keys.
pub fn key(parts: &[&dyn HashPart]) -> u64 {
    use std::hash::BuildHasher;
    // Fixed-seed foldhash: a good-quality 64-bit hash, faster than SipHash on small values.
    let mut h = foldhash::quality::FixedState::default().build_hasher();
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
