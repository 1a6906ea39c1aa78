//! The end of a `gen serve` rebuild after a patch: the link check of the pages that changed,
//! and an outcome that lists only them ([`Outcome::changed_only`]). Renders nothing and writes
//! nothing.

use super::{Failure, Outcome, check_base};
use crate::cache::Cache;
use crate::cache::Patched;
use crate::config::Config;
use crate::site::Site;

pub(super) fn finish(
    config: &Config,
    site: &Site,
    cache: &Cache,
    delta: Patched,
    origins: &crate::check::Origins,
    out: &mut Outcome,
) {
    let base = check_base(config, origins);
    let report = {
        let mut memo = cache.checks.lock().unwrap_or_else(|p| p.into_inner());
        crate::cache::check_changed(&delta.files, site, &base, config.links_internal, &mut memo)
    };
    // Nothing was added or removed: the counts are the previous build's.
    let mut stats = cache.stats().unwrap_or_default();
    stats.fresh = delta.files.len();
    stats.broken_links = report.broken.len();
    stats.links_checked = report.links;
    out.stats = stats;
    out.diagnostics.extend(report.broken);
    out.files = delta.files;
    out.changed_only = true;
    if out.diagnostics.has_errors() {
        out.failure = Some(Failure::Content);
        cache.drop_served();
    } else {
        cache.keep_stats(out.stats.clone());
    }
}
