//! CONFIG (helper of `config`): `[search]` — whether `gen build` makes the search index and
//! which sources stay out of it. Decides per source; indexes nothing.

use serde::Deserialize;

/// `[search]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub(super) struct RawSearch {
    enabled: bool,
    /// Globs over content paths (`notes/**`, `about.md`) kept out of the index.
    exclude: Vec<String>,
}

impl Default for RawSearch {
    fn default() -> Self {
        RawSearch { enabled: true, exclude: Vec::new() }
    }
}

/// `[search]` resolved.
#[derive(Debug, Clone)]
pub struct Search {
    /// `gen build` writes `/search/` and the index under `/pagefind/`.
    pub enabled: bool,
    exclude: globset::GlobSet,
}

impl Default for Search {
    fn default() -> Self {
        Search { enabled: true, exclude: globset::GlobSet::empty() }
    }
}

impl Search {
    /// Whether the post or page at `rel` (content-relative, `/`-separated) is searchable,
    /// given its front matter's `search` key.
    pub fn indexes(&self, rel: &str, front_matter: Option<bool>) -> bool {
        self.enabled && front_matter != Some(false) && !self.exclude.is_match(rel)
    }
}

/// The section resolved, or the message for a wrong glob.
pub(super) fn resolve(raw: RawSearch) -> Result<Search, String> {
    let mut b = globset::GlobSetBuilder::new();
    for p in &raw.exclude {
        b.add(globset::Glob::new(p).map_err(|e| format!("[search] invalid `exclude` glob `{p}`: {e}"))?);
    }
    let exclude = b.build().map_err(|e| format!("[search] invalid `exclude` globs: {e}"))?;
    Ok(Search { enabled: raw.enabled, exclude })
}
