//! The build orchestrator: a flat list of named stages with timings (after Zola's
//! `Site::build`). The output target is a value passed in, so `gen build` and `gen serve` share
//! every stage; reading the sources into the site model is `load`. Prints nothing: the CLI
//! reports the returned summary and diagnostics.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::{self, Config, Overrides};
use crate::error::Diagnostics;
use crate::render::OutFile;
use crate::site::Site;
use crate::{output, render, theme};

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub overrides: Overrides,
    pub drafts: bool,
    /// `gen check`: every broken internal link is an error, whatever `[links] internal` says.
    pub strict_links: bool,
    /// `gen build`: how long to wait for another build of the same output.
    pub lock: output::LockWait,
    /// `gen build`: use the persistent build cache (`[cache]` in gen.toml) with this key,
    /// normally [`crate::blockcache::FINGERPRINT`]; `None` (`--no-cache`, and every other
    /// command) builds without it. Tests give another key to stand for another hoego.
    pub cache_key: Option<String>,
}

/// Where the result goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Swap the output directory in (gen build).
    Disk,
    /// Keep the files in memory (tests, gen check, gen serve).
    Memory,
}

/// Why a build failed, which decides the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Usage or configuration: exit 2.
    Config,
    /// Content or template errors: exit 1.
    Content,
}

/// The result of a build, successful or not.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Diagnostics,
    pub failure: Option<Failure>,
    pub files: Vec<OutFile>,
    pub stats: Stats,
    pub output_dir: PathBuf,
    /// `gen serve`: `files` holds only the files whose bytes changed since the previous build
    /// with the same cache (no file was added or removed); the others are as they were.
    pub changed_only: bool,
    /// Links to other sites, for `gen check --external`.
    pub external: Vec<crate::check::ExternalLink>,
    /// The configured base path (`/` or `/blog/`), once the configuration loaded.
    pub base_path: Option<String>,
    /// In memory (`gen serve`), with `[search]` on: the pages the search index takes, for the
    /// caller to index from `files` (`gen build` writes the index itself).
    pub search: Option<SearchPages>,
}

/// The searchable pages of a build and the language to index them in.
#[derive(Debug, Clone, Default)]
pub struct SearchPages {
    pub language: String,
    /// (output path, URL as links write it).
    pub pages: Vec<(String, String)>,
}

#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub posts: usize,
    pub pages: usize,
    pub rendered: usize,
    /// Of the rendered pages, those rendered afresh (`gen serve` reuses the others).
    pub fresh: usize,
    pub copied: usize,
    pub pages_checked: usize,
    /// Links on those pages (`href` and `src`), each checked.
    pub links_checked: usize,
    pub broken_links: usize,
    /// What the build cache held of the blocks highlighted, when it was used.
    pub cache: Option<crate::blockcache::Counts>,
    pub timings: Vec<(&'static str, Duration)>,
}

/// The build cache for this build: `gen build` without `--no-cache`, `[cache] enabled`, code
/// highlighted. A cache it cannot use is a warning, and the build goes on without.
fn open_store(
    config: &Config,
    opts: &BuildOptions,
    target: Target,
    diags: &mut Diagnostics,
) -> Option<Arc<crate::blockcache::DiskStore>> {
    let key = opts.cache_key.as_deref().filter(|_| target == Target::Disk)?;
    if !config.cache.enabled || !config.markdown.highlight {
        return None;
    }
    match crate::blockcache::DiskStore::open(&config.cache.dir, key, config.cache.max_bytes) {
        Ok(store) => Some(Arc::new(store)),
        Err(e) => {
            diags.push(crate::error::Diagnostic::warning(&config.cache.dir, 0, 0, e));
            None
        }
    }
}

/// Takes the output's lock and starts the new site beside it. Another build holding the lock
/// past the timeout, or an output link to nowhere, is the user's to fix (exit 2).
fn begin_output(dir: &std::path::Path, wait: &output::LockWait) -> Result<output::Staging, (Failure, String)> {
    let dir = output::resolve(dir).map_err(|e| (Failure::Config, format!("{e:#}")))?;
    let lock = output::lock(&dir, wait).map_err(|e| match e {
        output::LockError::Busy { .. } => (Failure::Config, e.to_string()),
        output::LockError::Io(_) => (Failure::Content, e.to_string()),
    })?;
    output::Staging::begin(lock).map_err(|e| (Failure::Content, format!("{e:#}")))
}

/// Runs every stage. On any error nothing is written.
pub fn build(opts: &BuildOptions, target: Target) -> Outcome {
    build_with(opts, target, None)
}

/// [`build`], reusing what `cache` holds from an earlier build of the same site (`gen serve`).
pub fn build_with(opts: &BuildOptions, target: Target, cache: Option<&crate::cache::Cache>) -> Outcome {
    let mut out = Outcome::default();
    let mut timer = Timer::new();
    let here = if opts.root.as_os_str().is_empty() { std::path::Path::new(".") } else { opts.root.as_path() };
    if !here.join(config::CONFIG_FILE).is_file() && !here.join("content").is_dir() {
        // Running gen in the wrong folder would otherwise publish an empty site from there.
        let msg = format!(
            "no site here: {} has neither gen.toml nor content/ (use --root, or `gen new site DIR`)",
            here.display()
        );
        out.diagnostics.push(crate::error::Diagnostic::error(here.join(config::CONFIG_FILE), 0, 0, msg));
        out.failure = Some(Failure::Config);
        return out;
    }
    let changes = cache.and_then(crate::cache::Cache::take_changes);
    // Only content changed: the configuration is the previous build's.
    let reused = changes.as_ref().and(cache).and_then(crate::cache::Cache::config);
    let Some(config) = reused.or_else(|| config::load(&opts.root, &opts.overrides, &mut out.diagnostics).map(Arc::new))
    else {
        out.failure = Some(Failure::Config);
        return out;
    };
    if let Some(cache) = cache {
        cache.keep_config(config.clone());
    }
    out.output_dir = config.output_dir.clone();
    out.base_path = Some(config.base_path.clone());
    if target == Target::Disk
        && let Err(e) = output::check_output_dir(&config.root, &config.output_dir)
    {
        out.diagnostics.push(crate::error::Diagnostic::error(&config.output_dir, 0, 0, e.to_string()));
        out.failure = Some(Failure::Config);
        return out;
    }
    let store = open_store(&config, opts, target, &mut out.diagnostics);
    let grammars = Grammars::start(&config, cache, store.clone());
    let reused = changes.as_ref().and(cache).and_then(crate::cache::Cache::take_theme);
    let Some(mut theme) = reused.or_else(|| theme::load(&config, &mut out.diagnostics)) else {
        out.failure = Some(Failure::from_config_errors(&out.diagnostics, &config));
        return out;
    };
    let origins = link_origins(&config, &theme);
    timer.lap("config+theme");
    let mut model_diags = Diagnostics::default();
    let (site, sources_kept, links) =
        load::load_site(&config, opts, cache, changes.as_ref(), grammars, &mut model_diags, &mut timer);
    out.diagnostics.extend(model_diags.sorted().into_iter().cloned());
    // gen build writes each page as soon as it is rendered, and keeps only what the link check
    // needs from it: the site is never all in memory.
    let staging = match target {
        Target::Disk => match begin_output(&config.output_dir, &opts.lock) {
            Ok(s) => Some(s),
            Err((failure, msg)) => {
                out.diagnostics.push(crate::error::Diagnostic::error(&config.output_dir, 0, 0, msg));
                out.failure = Some(failure);
                return out;
            }
        },
        Target::Memory => None,
    };
    for note in staging.iter().flat_map(|s| s.notes()) {
        out.diagnostics.push(crate::error::Diagnostic::warning(&config.output_dir, 0, 0, note.clone()));
    }
    let writer = staging.as_ref().map(|s| PageWriter {
        staging: s,
        base: check_base(&config, &NO_ORIGINS),
        errors: Default::default(),
        scans: Default::default(),
    });
    // The search index takes each searchable page as it is rendered (gen build only: gen check
    // needs no index, and gen serve builds its own after the page is served).
    let search = staging.as_ref().and_then(|_| index::Index::start(&config, &site));
    if staging.is_none() {
        out.search = index::pages(&config, &site);
    }
    let sink = |f: &mut OutFile| {
        if let Some(search) = &search {
            search.offer(f);
        }
        if let Some(w) = &writer {
            w.write(f);
        }
    };
    let sink: Option<&(dyn Fn(&mut OutFile) + Sync)> = writer.as_ref().map(|_| &sink as _);
    let rendered = match cache {
        Some(cache) => {
            crate::cache::render_pages(cache, &config, &site, &mut theme, &mut out.diagnostics, sources_kept)
        }
        None => {
            let files = render::render(&config, &site, &mut theme, &mut out.diagnostics, sink);
            let fresh = files.iter().filter(|f| !matches!(f.body, render::Body::Copy(_))).count();
            crate::cache::RenderedPages { files, fresh, changed_only: false }
        }
    };
    let crate::cache::RenderedPages { files, fresh, changed_only } = rendered;
    if let Some(cache) = cache {
        cache.keep_theme(theme);
    }
    let errors = writer.as_ref().map(|w| std::mem::take(&mut *w.errors.lock().unwrap_or_else(|p| p.into_inner())));
    for e in errors.unwrap_or_default() {
        out.diagnostics.push(crate::error::Diagnostic::error(&config.output_dir, 0, 0, e));
    }
    timer.lap(if staging.is_some() { "render+write" } else { "render" });
    if let Some(store) = store {
        let (notes, counts) = store.finish();
        for note in notes {
            out.diagnostics.push(crate::error::Diagnostic::warning(&config.cache.dir, 0, 0, note));
        }
        out.stats.cache = Some(counts);
        timer.lap("cache");
    }
    let mut files = files;
    if let Some(search) = search {
        match search.finish() {
            Ok(more) => files.extend(more),
            Err(e) => out.diagnostics.push(crate::error::Diagnostic::error(&config.output_dir, 0, 0, e)),
        }
        timer.lap("search index");
    }
    // Pages rendered again in place of the previous build's files, which had no duplicate.
    let files = if changed_only { files } else { dedupe(files, &config.root.join("static"), &mut out.diagnostics) };
    let written = writer.map(|w| w.scans.into_inner().unwrap_or_else(|p| p.into_inner())).unwrap_or_default();
    let check = Check { written: &written, strict: opts.strict_links, cache, changed_only };
    let report = check_links(&config, &site, &files, check, &origins);
    timer.lap("check links");
    out.stats = match cache.filter(|_| changed_only).and_then(crate::cache::Cache::stats) {
        // Nothing was added or removed: the counts are the previous build's.
        Some(previous) => previous,
        None => {
            let copied = files.iter().filter(|f| matches!(f.body, render::Body::Copy(_))).count();
            Stats {
                cache: out.stats.cache,
                posts: site.posts.len(),
                pages: site.pages.len(),
                pages_checked: files.iter().filter(|f| f.path.ends_with(".html")).count(),
                copied,
                rendered: files.len() - copied,
                ..Stats::default()
            }
        }
    };
    out.stats.links_checked = report.links;
    out.stats.broken_links = report.broken.len();
    out.stats.fresh = fresh;
    out.diagnostics.extend(report.broken);
    out.external = report.external;
    // What each stage made, for the next build's memos (gen serve).
    if let Some(cache) = cache {
        cache.keep_model(site, links);
    }
    if out.diagnostics.has_errors() {
        out.failure = Some(Failure::Content);
        if let Some(cache) = cache {
            // What is served is not what was rendered: the next build renders everything.
            cache.drop_served();
        }
        return out;
    }
    if let Some(cache) = cache {
        cache.keep_stats(out.stats.clone());
    }
    if let Some(staging) = staging {
        // Pages are in; what is left: copied files, feeds, redirects, then the swap.
        use rayon::prelude::*;
        let rest = files.par_iter().filter(|f| !matches!(f.body, render::Body::Written));
        if let Err(e) = rest.try_for_each(|f| staging.put(&f.path, &f.body)).and_then(|()| staging.commit(&files)) {
            out.diagnostics.push(crate::error::Diagnostic::error(&config.output_dir, 0, 0, format!("{e:#}")));
            out.failure = Some(Failure::Content);
        }
        timer.lap("write");
    }
    out.files = files;
    out.changed_only = changed_only;
    out.stats.timings = timer.laps;
    out
}

/// How the links of a build are checked.
struct Check<'a> {
    /// `gen build`: what the check needs of the pages already written.
    written: &'a crate::check::Written,
    /// `gen check`: every broken internal link is an error.
    strict: bool,
    cache: Option<&'a crate::cache::Cache>,
    /// The files are the pages the render made again (`gen serve`).
    changed_only: bool,
}

fn check_links(
    config: &Config,
    site: &Site,
    files: &[OutFile],
    how: Check<'_>,
    origins: &crate::check::Origins,
) -> crate::check::Report {
    let base = check_base(config, origins);
    let severity = if how.strict { crate::error::Severity::Error } else { config.links_internal };
    match how.cache {
        Some(c) => {
            let mut memo = c.checks.lock().unwrap_or_else(|p| p.into_inner());
            crate::cache::check_links(files, how.changed_only, site, &base, severity, &mut memo)
        }
        None => crate::check::check(files, how.written, site, &base, severity),
    }
}

fn check_base<'a>(config: &'a Config, origins: &'a crate::check::Origins) -> crate::check::Base<'a> {
    // Named as the other messages name files: from where gen runs (`my-blog/public/…` with
    // `--root my-blog`).
    crate::check::Base { url: &config.base_url, path: &config.base_path, output: &config.output_dir, origins }
}

/// Scanning a page as it is written needs no origins: they only place broken links.
static NO_ORIGINS: crate::check::Origins = crate::check::Origins { menu: Vec::new(), templates: Vec::new() };

/// Where a link that no Markdown wrote may come from: the menu and the templates.
fn link_origins(config: &Config, theme: &theme::Theme) -> crate::check::Origins {
    let urls = crate::view::Urls::new(config);
    let menu = config.menu.iter().map(|m| {
        let place = crate::check::Place { path: config.file.clone(), line: m.at.0, col: m.at.1 };
        (crate::view::menu_href(&urls, &m.url), place)
    });
    crate::check::Origins::new(menu.collect(), &theme.link_sites)
}

/// Writes rendered pages into the staging folder as they come, keeping their link-check scan.
struct PageWriter<'a> {
    staging: &'a output::Staging,
    base: crate::check::Base<'a>,
    errors: std::sync::Mutex<Vec<String>>,
    /// What the check needs from each written page, whose bytes are dropped.
    scans: std::sync::Mutex<crate::check::Written>,
}

impl PageWriter<'_> {
    fn write(&self, f: &mut OutFile) {
        let render::Body::Bytes(html) = &f.body else { return };
        let scan = f.path.ends_with(".html").then(|| crate::check::scan(&f.path, html, &self.base));
        match self.staging.put(&f.path, &f.body) {
            Ok(()) => {
                if let Some(scan) = scan {
                    self.scans.lock().unwrap_or_else(|p| p.into_inner()).insert(f.path.clone(), Arc::new(scan));
                }
                f.body = render::Body::Written;
            }
            Err(e) => self.errors.lock().unwrap_or_else(|p| p.into_inner()).push(format!("{e:#}")),
        }
    }
}

impl Failure {
    /// A theme that is missing is a configuration error; a template that does not compile is
    /// the site's content.
    fn from_config_errors(d: &Diagnostics, config: &Config) -> Failure {
        let config_error =
            |x: &&crate::error::Diagnostic| x.path == config.file && x.severity == crate::error::Severity::Error;
        if d.sorted().iter().any(config_error) { Failure::Config } else { Failure::Content }
    }
}

/// Two outputs at one path: the first (in stable order) wins, the second is an error.
/// Two files at one output path: a file in the site's `static/` wins over what the theme makes
/// (`robots.txt`, `404.html`, a theme's static file), as in Zola and Hugo; any other pair is an
/// error naming both.
fn dedupe(mut files: Vec<OutFile>, static_dir: &std::path::Path, diags: &mut Diagnostics) -> Vec<OutFile> {
    let is_static = |f: &OutFile| f.source.as_ref().is_some_and(|s| s.starts_with(static_dir));
    // Within one path, the site's static file comes first and the theme's output after it.
    files.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| is_static(b).cmp(&is_static(a))));
    let mut out: Vec<OutFile> = Vec::with_capacity(files.len());
    for f in files {
        match out.last() {
            Some(prev) if prev.path == f.path && is_static(prev) && f.source.is_none() => {}
            Some(prev) if prev.path == f.path => {
                let msg = format!(
                    "`/{}` is produced twice: by {} and by {}; rename one of them",
                    f.path, prev.origin, f.origin
                );
                let at = f.source.clone().or_else(|| prev.source.clone()).unwrap_or_else(|| PathBuf::from(&f.path));
                diags.push(crate::error::Diagnostic::error(at, 0, 0, msg));
            }
            _ => out.push(f),
        }
    }
    out
}

mod index;
mod load;

pub use load::{model, model_with_findings};

/// The syntax grammars, loaded beside the first stages: decoding them takes a noticeable part
/// of a small blog's build, and compiling templates, walking and parsing do not need them.
/// `gen serve` loads them once and keeps them in its cache.
enum Grammars {
    Off,
    Kept(Arc<crate::highlight::Highlighter>),
    Loading(std::thread::JoinHandle<crate::highlight::Highlighter>),
}

impl Grammars {
    fn start(
        config: &Config,
        cache: Option<&crate::cache::Cache>,
        store: Option<Arc<crate::blockcache::DiskStore>>,
    ) -> Grammars {
        match cache {
            _ if !config.markdown.highlight => Grammars::Off,
            Some(c) => Grammars::Kept(c.highlighter()),
            None => Grammars::Loading(std::thread::spawn(move || {
                let h = crate::highlight::Highlighter::default();
                match store {
                    Some(store) => h.with_store(store),
                    None => h,
                }
            })),
        }
    }

    fn ready(self) -> Option<Arc<crate::highlight::Highlighter>> {
        match self {
            Grammars::Off => None,
            Grammars::Kept(h) => Some(h),
            // A thread that could not finish is loaded again here rather than lost.
            Grammars::Loading(t) => Some(Arc::new(t.join().unwrap_or_default())),
        }
    }
}

struct Timer {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Timer {
    fn new() -> Self {
        Timer { last: Instant::now(), laps: Vec::new() }
    }

    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.laps.push((name, now - self.last));
        self.last = now;
    }
}
