//! TEST (serve): the randomized equivalence test. A small blog (`edits.rs`) is edited at
//! random, step after step; after each step `gen serve`'s own rebuild ([`Rebuilder::rebuild`],
//! with the cache kept from the steps before) runs on the batch of paths a watcher would
//! report, and what is then served must equal a fresh `gen build` of the folder in memory
//! (no cache), byte for byte: the same files, the same bytes, the same messages. A failed
//! build must fail in both, and serve must keep the last good site.
//!
//! `HOEGO_EQUIV_SEED` runs one sequence from that seed, `HOEGO_EQUIV_STEPS` sets its length
//! (tests/README.md). Builds no server, opens no socket, starts no search index.

mod edits;
mod post;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::state::{Shared, Snapshot};
use super::{Rebuilder, apply};
use crate::cache::Cache;
use crate::config::Overrides;
use crate::pipeline::{self, BuildOptions, Target};
use edits::Blog;
use post::Rng;

type Files = BTreeMap<String, Arc<Vec<u8>>>;

/// A site as served, or as built.
struct Seen {
    ok: bool,
    files: Files,
    messages: Vec<String>,
}

fn messages(o: &pipeline::Outcome) -> Vec<String> {
    o.diagnostics.sorted().iter().map(|d| d.to_string()).collect()
}

/// `gen build` in memory, from scratch.
fn fresh(opts: &BuildOptions) -> Seen {
    let o = pipeline::build(opts, Target::Memory);
    let ok = o.failure.is_none() && !o.diagnostics.has_errors();
    let messages = messages(&o);
    let files = Snapshot::from_files(o.files, String::new()).files.into_iter().collect();
    Seen { ok, files, messages }
}

/// `gen serve` on a folder, and the fresh build it must equal.
struct Session {
    opts: BuildOptions,
    rebuilder: Rebuilder,
    /// The last fresh build that succeeded: what serve must serve after a failure.
    good: Files,
    tally: Tally,
}

impl Session {
    /// Serves `root` as `gen serve` does (`serve::run`: its origin, the first build with a new
    /// cache); the first difference from a fresh build is an error.
    fn start(root: &std::path::Path, drafts: bool) -> Result<Session, String> {
        let opts = BuildOptions {
            root: root.to_path_buf(),
            overrides: Overrides { origin: Some("http://127.0.0.1:1111".into()), ..Overrides::default() },
            drafts,
            ..BuildOptions::default()
        };
        let cache = Arc::new(Cache::default());
        let shared = Arc::new(Shared::new(Snapshot::default()));
        let mut first = pipeline::build_with(&opts, Target::Memory, Some(&cache));
        let said = messages(&first);
        let ok = apply(&shared, &mut first, false);
        let output = root.join("public");
        let rebuilder = Rebuilder { opts: opts.clone(), shared, cache, root: root.to_path_buf(), output };
        let mut me = Session { opts, rebuilder, good: Files::new(), tally: Tally::default() };
        me.compare(Seen { ok, files: me.served(), messages: said })?;
        Ok(me)
    }

    /// The watcher reported `batch` (absolute paths): serve's rebuild, then the comparison.
    fn step(&mut self, batch: &[PathBuf]) -> Result<(), String> {
        let Some(changes) = self.rebuilder.changes(batch) else { return Ok(()) };
        let rebuilt = self.rebuilder.rebuild(batch, &changes);
        self.tally.count(&rebuilt);
        self.compare(Seen { ok: rebuilt.served, files: self.served(), messages: messages(&rebuilt.outcome) })
    }

    fn served(&self) -> Files {
        self.rebuilder.shared.current().files.iter().map(|(p, b)| (p.clone(), b.clone())).collect()
    }

    fn compare(&mut self, now: Seen) -> Result<(), String> {
        let want = fresh(&self.opts);
        if want.ok {
            self.good = want.files.clone();
        }
        compare(&now, &want, &self.good)
    }
}

/// One sequence of `steps` random edits from `seed`; the first difference, described.
fn run(seed: u64, steps: usize) -> Result<(), String> {
    let dir = tempfile::Builder::new().prefix("equiv-").tempdir().map_err(|e| e.to_string())?;
    let root = std::fs::canonicalize(dir.path()).map_err(|e| e.to_string())?;
    let mut rng = Rng::new(seed);
    let mut blog = Blog::new(&root, &mut rng);
    // `gen serve --drafts` for one seed in four.
    let mut log: Vec<(usize, String)> = Vec::new();
    let mut serve = Session::start(&root, seed.is_multiple_of(4)).map_err(|e| report(seed, 0, &log, &e))?;
    for step in 1..=steps {
        // Now and then the watcher's debounce gathers a burst of edits into one batch.
        let burst = if rng.one_in(6) { 2 + rng.below(2) } else { 1 };
        let mut batch: Vec<PathBuf> = Vec::new();
        for _ in 0..burst {
            let (what, paths) = blog.edit(&mut rng);
            log.push((step, what));
            batch.extend(paths);
        }
        batch.sort();
        batch.dedup();
        serve.step(&batch).map_err(|e| report(seed, step, &log, &e))?;
    }
    let t = &serve.tally;
    eprintln!(
        "equivalence: seed {seed}: {} rebuilds, {} changed pages only, {} full, {} failed",
        t.changed + t.full + t.failed,
        t.changed,
        t.full,
        t.failed
    );
    Ok(())
}

/// Which of serve's paths the rebuilds took: a test that only ever failed, or never rendered
/// only the changed pages, would prove little.
#[derive(Default)]
struct Tally {
    changed: usize,
    full: usize,
    failed: usize,
}

impl Tally {
    fn count(&mut self, r: &super::Rebuilt) {
        match (r.served, r.outcome.changed_only) {
            (false, _) => self.failed += 1,
            (true, true) => self.changed += 1,
            (true, false) => self.full += 1,
        }
    }
}

/// Serve must succeed or fail as the fresh build does, say the same, and serve the fresh
/// build's files (after a failure: the last good build's).
fn compare(now: &Seen, want: &Seen, last_good: &Files) -> Result<(), String> {
    if now.ok != want.ok {
        return Err(format!(
            "serve {} but a fresh build {}\nserve said: {:#?}\nthe fresh build said: {:#?}",
            if now.ok { "succeeded" } else { "failed" },
            if want.ok { "succeeded" } else { "failed" },
            now.messages,
            want.messages
        ));
    }
    if now.messages != want.messages {
        return Err(format!("messages differ\nserve: {:#?}\nfresh: {:#?}", now.messages, want.messages));
    }
    let paths = now.files.keys().chain(last_good.keys());
    let Some(path) = paths.filter(|p| now.files.get(*p) != last_good.get(*p)).min() else { return Ok(()) };
    let (a, b) = (now.files.get(path), last_good.get(path));
    Err(match (a, b) {
        (Some(_), None) => format!("`{path}` is served but a fresh build has no such file"),
        (None, Some(_)) => format!("`{path}` is missing from what is served"),
        (Some(a), Some(b)) => format!("`{path}` differs:\n{}", context(a, b)),
        (None, None) => unreachable!("the path came from one of them"),
    })
}

/// Both texts around their first difference.
fn context(served: &[u8], fresh: &[u8]) -> String {
    let at = served.iter().zip(fresh).position(|(a, b)| a != b).unwrap_or(served.len().min(fresh.len()));
    let around = |b: &[u8]| {
        let text = String::from_utf8_lossy(&b[at.saturating_sub(120)..(at + 120).min(b.len())]).into_owned();
        text.replace('\n', "⏎")
    };
    format!("  at byte {at}\n  served: …{}…\n  fresh:  …{}…", around(served), around(fresh))
}

fn report(seed: u64, step: usize, log: &[(usize, String)], problem: &str) -> String {
    let edits: Vec<String> = log.iter().map(|(k, e)| format!("  {k:>4}. {e}")).collect();
    format!(
        "serve differs from a fresh build at step {step} of seed {seed} \
         (HOEGO_EQUIV_SEED={seed} HOEGO_EQUIV_STEPS={step}); the edits:\n{}\n{problem}",
        edits.join("\n")
    )
}

fn env(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Runs `runs` sequences of `steps` edits, from `HOEGO_EQUIV_SEED` (one sequence) or seeds
/// that follow `base`.
fn sequences(base: u64, runs: u64, steps: usize) {
    let steps = env("HOEGO_EQUIV_STEPS").map_or(steps, |s| s as usize);
    let seeds: Vec<u64> = match env("HOEGO_EQUIV_SEED") {
        Some(seed) => vec![seed],
        None => (0..runs).map(|k| base.wrapping_add(k)).collect(),
    };
    for seed in seeds {
        eprintln!("equivalence: seed {seed}, {steps} steps (HOEGO_EQUIV_SEED={seed} HOEGO_EQUIV_STEPS={steps})");
        if let Err(e) = run(seed, steps) {
            panic!("{e}");
        }
    }
}

/// 300 steps from fixed seeds (16 serves with --drafts), so that CI sees the same edits every
/// time.
#[test]
fn serve_equals_a_fresh_build_after_random_edits() {
    sequences(16, 3, 100);
}

/// Longer, from the time: `cargo test --lib serve::tests::long -- --ignored --nocapture`.
#[test]
#[ignore = "minutes: the long run of the equivalence test (tests/README.md)"]
fn long_serve_equals_a_fresh_build_after_random_edits() {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_secs());
    sequences(now, 10, 500);
}

/// A site for a scripted case: `files` as (path, text), and a way to edit it.
struct Scripted {
    _dir: tempfile::TempDir,
    root: PathBuf,
    serve: Session,
}

impl Scripted {
    fn new(files: &[(&str, &str)]) -> Scripted {
        let dir = tempfile::Builder::new().prefix("equiv-").tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        for (rel, text) in files {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let serve = Session::start(&root, false).unwrap();
        Scripted { _dir: dir, root, serve }
    }

    /// Writes `text` to `rel`, rebuilds as serve does and compares.
    fn write(&mut self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::write(&path, text).unwrap();
        if let Err(e) = self.serve.step(&[path]) {
            panic!("after writing {rel}: {e}");
        }
    }
}

const BASE: (&str, &str) = ("gen.toml", "title = \"t\"\nbase_url = \"https://example.com/\"\n");

/// A diagram's script is copied when some page draws one: a body edit that adds the site's
/// first diagram (or takes out its last) changes the file set.
#[test]
fn the_first_diagram_added_by_a_body_edit_brings_its_script() {
    let post = "content/posts/2023-01-01-a.md";
    let mut site = Scripted::new(&[BASE, (post, "---\ntitle: A\n---\n글.\n")]);
    site.write(post, "---\ntitle: A\n---\n글.\n\n```mermaid\ngraph TD;\n  A-->B;\n```\n");
    site.write(post, "---\ntitle: A\n---\n다시 글만.\n");
}
