//! SERVE: `gen serve` — build in memory, serve over HTTP, watch the sources, rebuild on change
//! and reload open tabs.
//!
//! Correct first: every change goes through the same pipeline as `gen build`, which reuses only
//! what the cache can prove unchanged (`cache.rs`), so what is served always equals what
//! `gen build` would write. A failed rebuild keeps serving the last good site and shows the
//! errors in every open tab. Modules: `watch` (events ->
//! debounced batches), `state` (the served snapshot), `http` (axum, live reload).

mod guard;
pub mod http;
mod search;
pub mod state;
pub mod watch;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Args;

use crate::config::Overrides;
use crate::error::Diagnostics;
use crate::pipeline::{self, BuildOptions, Failure, Outcome, Target};
use state::{Shared, Snapshot};
use watch::{Change, SourceWatcher, classify, next_batch};

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: crate::args::SiteArgs,
    /// Address to listen on; loopback unless you say otherwise.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Port (0 picks a free one). A busy port moves to the next free one.
    #[arg(short, long, default_value_t = 1111)]
    pub port: u16,
    /// Rebuild when sources change (the default).
    #[arg(long, overrides_with = "no_watch")]
    pub watch: bool,
    /// Serve the site as built once, without watching.
    #[arg(long)]
    pub no_watch: bool,
    /// Poll the file system instead of native events (network drives, some containers).
    #[arg(long)]
    pub poll: bool,
    /// Milliseconds of quiet before a burst of changes is rebuilt.
    #[arg(long, default_value_t = 10)]
    pub debounce: u64,
    /// Open the site in a browser.
    #[arg(long)]
    pub open: bool,
    /// Print the time each stage of each rebuild took.
    #[arg(long)]
    pub timings: bool,
}

pub fn run(args: ServeArgs) -> ExitCode {
    let rt = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the server runtime: {e}")),
    };
    let listener = match rt.block_on(bind(&args.bind, args.port)) {
        Ok(l) => l,
        Err(e) => return fail(&e),
    };
    let Ok(addr) = listener.local_addr() else { return fail("cannot read the listening address") };
    let root = crate::args::tidy_root(args.site.root.clone());
    let opts = BuildOptions {
        root: root.clone(),
        overrides: Overrides { origin: Some(origin(addr)), ..Overrides::default() },
        drafts: args.site.drafts,
        strict_links: false,
        ..BuildOptions::default()
    };
    let started = Instant::now();
    // Parsed sources and rendered Markdown carry over from one rebuild to the next.
    let cache = Arc::new(crate::cache::Cache::default());
    let mut first = pipeline::build_with(&opts, Target::Memory, Some(&cache));
    crate::report::human(&first.diagnostics, false);
    if first.failure == Some(Failure::Config) {
        return ExitCode::from(2);
    }
    let base_path = base_path_of(&first);
    let output = first.output_dir.clone();
    let shared = Arc::new(Shared::new(Snapshot::default()));
    let served = apply(&shared, &mut first, false);
    index(&shared, &mut first, served);
    let watching = !args.no_watch;
    let mut mode = "not watching";
    if watching {
        match start_watching(&root, &output, &opts, shared.clone(), cache, &args) {
            Ok(polling) => mode = if polling { "watching (polling)" } else { "watching" },
            Err(e) => eprintln!("warning: cannot watch {}: {e}; serving without rebuilds", display_root(&root)),
        }
    }
    let url = format!("{}{base_path}", origin(addr));
    println!(
        "Serving {} at {url} ({mode}; first build {} ms). Ctrl+C stops.",
        display_root(&root),
        started.elapsed().as_millis()
    );
    if args.open {
        open_browser(&url);
    }
    let app = http::router(shared, &args.bind);
    let served = rt.block_on(async {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("server stopped: {e}")),
    }
}

fn fail(msg: &str) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

/// Binds `host:port`; a busy port moves on to the next ten, saying which it took.
async fn bind(host: &str, port: u16) -> Result<tokio::net::TcpListener, String> {
    let tries = if port == 0 { 1 } else { 11 };
    let mut last = String::new();
    for p in (0..tries).map(|i| port.saturating_add(i)) {
        match tokio::net::TcpListener::bind((host, p)).await {
            Ok(l) => {
                if p != port {
                    eprintln!("port {port} is busy; using {p}");
                }
                return Ok(l);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => last = e.to_string(),
            Err(e) => return Err(format!("cannot listen on {host}:{p}: {e}")),
        }
    }
    Err(format!("ports {port} to {} are busy ({last}); choose one with --port", port.saturating_add(10)))
}

fn origin(addr: SocketAddr) -> String {
    match addr {
        SocketAddr::V6(a) => format!("http://[{}]:{}", a.ip(), a.port()),
        SocketAddr::V4(a) => format!("http://{}:{}", a.ip(), a.port()),
    }
}

fn base_path_of(o: &Outcome) -> String {
    o.base_path.clone().unwrap_or_else(|| "/".into())
}

fn display_root(root: &Path) -> String {
    if root.as_os_str().is_empty() { ".".into() } else { root.display().to_string() }
}

/// Publishes a successful build's files (taken out of `outcome`), or shows its errors and
/// keeps the last good site; whether the build is now served. Its search index is the caller's
/// to start, after this.
fn apply(shared: &Shared, outcome: &mut Outcome, css_only: bool) -> bool {
    if outcome.failure.is_none() && !outcome.diagnostics.has_errors() {
        let files = std::mem::take(&mut outcome.files);
        if outcome.changed_only {
            shared.publish_changed(files);
        } else {
            shared.publish(Snapshot::from_files(files, base_path_of(outcome)), css_only);
        }
        true
    } else {
        shared.fail(error_lines(&outcome.diagnostics));
        false
    }
}

/// Starts the search index of the build now served, on a thread of its own.
fn index(shared: &Arc<Shared>, outcome: &mut Outcome, served: bool) {
    if let Some(pages) = outcome.search.take().filter(|_| served) {
        search::refresh(shared, pages);
    }
}

fn error_lines(d: &Diagnostics) -> Vec<String> {
    d.sorted().iter().filter(|x| x.severity == crate::error::Severity::Error).map(|x| x.to_string()).collect()
}

/// Starts the watcher and the rebuild loop; `Ok(true)` when polling.
fn start_watching(
    root: &Path,
    output: &Path,
    opts: &BuildOptions,
    shared: Arc<Shared>,
    cache: Arc<crate::cache::Cache>,
    args: &ServeArgs,
) -> notify::Result<bool> {
    let abs_root = std::fs::canonicalize(if root.as_os_str().is_empty() { Path::new(".") } else { root })?;
    let abs_output = if output.is_absolute() { output.to_path_buf() } else { abs_root.join(output) };
    let (tx, rx) = std::sync::mpsc::channel::<PathBuf>();
    let mut watcher = SourceWatcher::start(&abs_root, args.poll, tx)?;
    let polling = watcher.polling;
    let quiet = Duration::from_millis(args.debounce.max(1));
    let timings = args.timings;
    let rebuilder = Rebuilder { opts: opts.clone(), shared, cache, root: abs_root, output: abs_output };
    std::thread::spawn(move || {
        while let Some(batch) = next_batch(&rx, quiet) {
            let Some(changes) = rebuilder.changes(&batch) else { continue };
            // A source folder created, deleted or renamed is watched (again); watching one
            // that is already watched would walk every file in it on each rebuild.
            for dir in watch::WATCHED_DIRS.iter().map(|d| rebuilder.root.join(d)) {
                if batch.contains(&dir) {
                    watcher.watch_dir(&dir);
                }
            }
            let started = Instant::now();
            let mut rebuilt = rebuilder.rebuild(&batch, &changes);
            index(&rebuilder.shared, &mut rebuilt.outcome, rebuilt.served);
            rebuilt.report(&describe(&batch, &rebuilder.root), started, timings);
        }
    });
    Ok(polling)
}

/// What every rebuild of the watch loop works with.
struct Rebuilder {
    opts: BuildOptions,
    shared: Arc<Shared>,
    cache: Arc<crate::cache::Cache>,
    /// Absolute, as the watcher reports paths.
    root: PathBuf,
    output: PathBuf,
}

/// A rebuild done: its outcome (the files taken out and served, if it succeeded).
struct Rebuilt {
    outcome: Outcome,
    served: bool,
    css_only: bool,
}

impl Rebuilder {
    /// What a debounced batch of changed paths means for the site; `None` when nothing.
    fn changes(&self, batch: &[PathBuf]) -> Option<BTreeSet<Change>> {
        let changes: BTreeSet<Change> = batch.iter().filter_map(|p| classify(p, &self.root, &self.output)).collect();
        (!changes.is_empty()).then_some(changes)
    }

    /// Rebuilds after `batch` and serves the result: the cache is told what it may trust, the
    /// pipeline runs, and the site (or its errors) is published. Prints nothing and starts no
    /// search index; the randomized equivalence test (`tests.rs`) drives exactly this.
    fn rebuild(&self, batch: &[PathBuf], changes: &BTreeSet<Change>) -> Rebuilt {
        self.cache.expect_changes(edited_content(batch, changes, &self.root, &self.output));
        let mut outcome = pipeline::build_with(&self.opts, Target::Memory, Some(&self.cache));
        let css_only = changes.iter().all(|c| *c == Change::Css);
        let served = apply(&self.shared, &mut outcome, css_only);
        Rebuilt { outcome, served, css_only }
    }
}

/// The content files of a batch that only touched content, relative to the root; `None` when
/// templates, static files or the configuration changed too.
fn edited_content(
    batch: &[PathBuf],
    changes: &BTreeSet<Change>,
    root: &Path,
    output: &Path,
) -> Option<BTreeSet<PathBuf>> {
    if changes.iter().any(|c| *c != Change::Content) {
        return None;
    }
    let content = batch.iter().filter(|p| classify(p, root, output) == Some(Change::Content));
    Some(content.filter_map(|p| p.strip_prefix(root).ok().map(Path::to_path_buf)).collect())
}

impl Rebuilt {
    /// The terminal gets every message, as from `gen build` (the browser shows the errors too),
    /// and a line for the rebuild.
    fn report(&self, what: &str, started: Instant, timings: bool) {
        let o = &self.outcome;
        if timings {
            crate::report::timings(&o.stats);
        }
        crate::report::human(&o.diagnostics, false);
        let time = crate::dates::now(&jiff::tz::TimeZone::system()).strftime("%H:%M:%S");
        let ms = started.elapsed().as_millis();
        if self.served {
            let how = if self.css_only { "stylesheets swapped" } else { "reloaded" };
            println!("[{time}] {what} -> {} of {} pages rendered in {ms} ms, {how}", o.stats.fresh, o.stats.rendered);
        } else {
            let errors = o.diagnostics.count(crate::error::Severity::Error);
            println!(
                "[{time}] {what} -> {errors} error{} (above; still serving the previous build, and the browser shows them too)",
                crate::report::plural(errors)
            );
        }
    }
}

fn describe(batch: &[PathBuf], root: &Path) -> String {
    let names: Vec<String> = batch.iter().map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string()).collect();
    match names.len() {
        1 => names[0].clone(),
        n => format!("{} and {} more", names[0], n - 1),
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(cmd).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}
