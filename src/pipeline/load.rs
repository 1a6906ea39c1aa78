//! The orchestrator's first half: configuration read, sources walked, parsed and assembled into
//! the site model with its years (in `gen serve`, each stage through its memo in `cache`). Also the
//! model alone, for tools that do not render (`gen new retro`, `gen check --migrate`). It must
//! not render or write.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{BuildOptions, Grammars, Timer};
use crate::config::{self, Config};
use crate::error::Diagnostics;
use crate::site::{self, Shown, Site};
use crate::{content, discover};

/// The configuration and site model without rendering, for tools such as `gen new retro`.
pub fn model(opts: &BuildOptions) -> Result<(Config, Site), Diagnostics> {
    model_with_findings(opts).map(|(config, site, _)| (config, site))
}

/// [`model`], with what reading the sources found (for `gen check --migrate`).
pub fn model_with_findings(opts: &BuildOptions) -> Result<(Config, Site, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let config = config::load(&opts.root, &opts.overrides, &mut diags).ok_or_else(|| diags.clone())?;
    // Code is not highlighted: nothing here renders a page.
    let (site, _, _) = load_site(&config, opts, None, None, Grammars::Off, &mut diags, &mut Timer::new());
    Ok((config, site, diags))
}

pub(super) fn load_site(
    config: &Config,
    opts: &BuildOptions,
    cache: Option<&crate::cache::Cache>,
    changes: Option<&BTreeSet<PathBuf>>,
    grammars: Grammars,
    diags: &mut Diagnostics,
    timer: &mut Timer,
) -> (Site, bool, u64) {
    let mut grammars = Some(grammars);
    let mut highlighter = || grammars.take().and_then(Grammars::ready);
    // SOURCE_DATE_EPOCH, when set, is "now": the same sources give the same site.
    let now = crate::dates::now(&config.timezone).timestamp();
    let (kept, reused) = discover_cached(config, cache, changes, diags);
    let found = &kept.0;
    timer.lap("discover");
    // Only when the walk was skipped are the other files known not to have changed.
    let trusted = reused.then(|| changes.map(|c| c.iter().map(|p| config.root.join(p)).collect())).flatten();
    let reading = crate::fields::Reading { tz: &config.timezone, keys: &config.front_matter_keys };
    let docs = match cache {
        Some(cache) => crate::cache::parse_all(cache, &kept, reading, diags, trusted.as_ref()),
        None => content::parse_all(&found.content, reading, diags).into_iter().map(std::sync::Arc::new).collect(),
    };
    timer.lap("parse");
    // Placing renders nothing: the grammars go on loading meanwhile.
    let shown = Shown { drafts: opts.drafts, now: Some(now) };
    let (gathered, map) = match cache {
        Some(cache) => crate::cache::gather(cache, config, docs, &kept, shown, diags),
        None => {
            let (gathered, map) = site::gather(config, docs, found, shown, diags);
            (gathered, std::sync::Arc::new(map))
        }
    };
    timer.lap("assemble");
    let highlighter = match cache {
        Some(c) => config.markdown.highlight.then(|| c.highlighter()),
        None => highlighter(),
    };
    let cx = site::bodies::Ctx::new(config, &map, highlighter.as_deref());
    let mut site = match cache {
        Some(cache) => crate::cache::render_markdown(cache, config, &cx, gathered, diags),
        None => site::render_markdown(&cx, gathered, diags),
    };
    timer.lap("markdown");
    match cache {
        Some(cache) => {
            crate::cache::attach_years(cache, config, &mut site);
        }
        None => site::attach_years(config, &mut site),
    }
    timer.lap("years");
    // What gen serve's next Markdown stage compares its links with.
    let links = cache.map_or(0, |_| map.fingerprint());
    (site, reused, links)
}

/// The sources of the site, and whether they are the previous build's: `gen serve` skips the
/// walk when its watcher saw nothing but edits to content files the previous walk found.
fn discover_cached(
    config: &Config,
    cache: Option<&crate::cache::Cache>,
    changes: Option<&BTreeSet<PathBuf>>,
    diags: &mut Diagnostics,
) -> (std::sync::Arc<crate::cache::Walk>, bool) {
    if let (Some(cache), Some(changes)) = (cache, changes)
        && let Some(kept) = cache.found().filter(|f| only_edits(config, &f.0, changes))
    {
        diags.extend(kept.1.iter().cloned());
        return (kept, true);
    }
    let mut mine = Diagnostics::default();
    let found = discover::discover(
        &config.root,
        &config.ignore,
        &discover::Reach::new(&config.root, config.follow_symlinks),
        &mut mine,
    );
    let found = std::sync::Arc::new((found, mine.sorted().into_iter().cloned().collect::<Vec<_>>()));
    if let Some(cache) = cache {
        cache.keep_found(found.clone());
    }
    diags.extend(found.1.iter().cloned());
    (found, false)
}

/// Every changed path is a post or page the walk found, and it is still a file: nothing was
/// created, deleted or renamed, so the walk would find the same files again.
fn only_edits(config: &Config, found: &discover::Discovered, changes: &BTreeSet<PathBuf>) -> bool {
    // A long list is a checkout or a bulk edit: walking costs less than searching for each.
    const FEW: usize = 16;
    changes.len() <= FEW
        && changes.iter().all(|rel| {
            let path = config.root.join(rel);
            path.is_file() && found.content.iter().any(|s| s.path == path && s.kind != discover::Kind::Asset)
        })
}
