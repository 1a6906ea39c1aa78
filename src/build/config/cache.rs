//! CONFIG (helper of `config`): `[cache]`, where `gen build` keeps its persistent build cache
//! (src/blockcache.rs) and how large it may grow. Resolves paths against the site root; opens
//! nothing.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// `[cache]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub(super) struct RawCache {
    enabled: bool,
    /// Relative to the folder of gen.toml.
    dir: String,
    /// Megabytes; past it, the blocks no build used lately are evicted.
    max_size_mb: u64,
}

impl Default for RawCache {
    fn default() -> Self {
        RawCache { enabled: true, dir: ".hoego-cache".into(), max_size_mb: 512 }
    }
}

/// The build cache's settings, resolved.
#[derive(Debug, Clone)]
pub struct CacheConfig {
    pub enabled: bool,
    pub dir: PathBuf,
    pub max_bytes: u64,
}

impl RawCache {
    pub(super) fn resolve(self, root: &Path) -> CacheConfig {
        let dir = PathBuf::from(self.dir);
        CacheConfig {
            enabled: self.enabled,
            dir: if dir.is_absolute() { dir } else { root.join(dir) },
            max_bytes: self.max_size_mb.saturating_mul(1 << 20),
        }
    }
}
