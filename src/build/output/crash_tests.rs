//! The writer stopped at every disk operation (see `failpoint`), as a `kill -9` would stop it:
//! after each stop the published folder is the whole old site or the whole new one, the
//! user's own files in it included, and the next build publishes the whole new site.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::failpoint::armed;
use super::*;

thread_local! {
    static NO_EXCHANGE: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread's test asked for the swap without an atomic exchange.
pub(super) fn no_exchange() -> bool {
    NO_EXCHANGE.with(Cell::get)
}

#[derive(Debug, PartialEq, Eq)]
enum Entry {
    File(Vec<u8>),
    Folder,
    Link(PathBuf),
}

/// Everything under `dir`, or `None` when there is no `dir`.
fn snapshot(dir: &Path) -> Option<BTreeMap<String, Entry>> {
    if fs::symlink_metadata(dir).is_err() {
        return None;
    }
    let mut all = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).min_depth(1) {
        let e = e.unwrap();
        let rel = spare::rel_string(e.path().strip_prefix(dir).unwrap());
        let t = e.file_type();
        let entry = if t.is_symlink() {
            Entry::Link(fs::read_link(e.path()).unwrap())
        } else if t.is_dir() {
            Entry::Folder
        } else {
            Entry::File(fs::read(e.path()).unwrap())
        };
        all.insert(rel, entry);
    }
    Some(all)
}

fn site(files: &[(&str, &str)]) -> Vec<OutFile> {
    files
        .iter()
        .map(|(p, t)| OutFile {
            path: (*p).into(),
            body: Body::Bytes(t.as_bytes().to_vec().into()),
            origin: "test".into(),
            source: None,
        })
        .collect()
}

fn old_site() -> Vec<OutFile> {
    site(&[
        ("index.html", "home"),
        ("a/index.html", "a"),
        ("x", "x is a file"),
        ("gone/deep/index.html", "gone"),
        ("same.css", "body{}"),
    ])
}

/// The old site changed every way a site changes: edited, kept, turned from file to folder,
/// removed, added.
fn new_site() -> Vec<OutFile> {
    site(&[
        ("index.html", "home, new"),
        ("a/index.html", "a"),
        ("x/index.html", "x is a folder"),
        ("c/index.html", "new page"),
        ("same.css", "body{}"),
    ])
}

/// A published old site with the user's files in it, built twice so that the staging folder
/// and the notes exist as they do on a real blog.
fn published(dir: &Path) -> PathBuf {
    let out = dir.join("public");
    write_site(&out, &old_site()).unwrap();
    fs::write(out.join("CNAME"), "blog.example.com").unwrap();
    fs::create_dir_all(out.join(".git/refs/tags")).unwrap();
    fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("a/index.html", out.join("latest.html")).unwrap();
    write_site(&out, &old_site()).unwrap();
    out
}

/// The published folder after a build of the old site, and after one of the new.
fn both_ends() -> (BTreeMap<String, Entry>, BTreeMap<String, Entry>) {
    let dir = tempfile::tempdir().unwrap();
    let out = published(dir.path());
    let old = snapshot(&out).unwrap();
    write_site(&out, &new_site()).unwrap();
    let new = snapshot(&out).unwrap();
    assert!(old.contains_key("CNAME") && new.contains_key(".git/refs/tags") && old != new);
    (old, new)
}

/// Stops the build of the new site at operation 0, 1, 2, … until one runs to the end; returns
/// how many stops were tried.
fn stop_everywhere(exchange: bool) -> usize {
    NO_EXCHANGE.with(|c| c.set(!exchange));
    let (old, new) = both_ends();
    for n in 0.. {
        let dir = tempfile::tempdir().unwrap();
        let out = published(dir.path());
        let guard = armed::arm(dir.path(), n);
        let run = catch_unwind(AssertUnwindSafe(|| write_site(&out, &new_site())));
        let stopped = guard.result().is_err();
        drop(guard);
        if !stopped {
            run.expect("no stop, no panic").expect("the build succeeds");
            assert_eq!(snapshot(&out).as_ref(), Some(&new));
            NO_EXCHANGE.with(|c| c.set(false));
            return n;
        }
        assert!(run.is_err(), "stop {n} unwound");
        match snapshot(&out) {
            Some(now) => assert!(now == old || now == new, "stop {n}: the output is neither site:\n{now:#?}"),
            // Only between the two renames of a swap without exchange, with the old site whole.
            None => {
                assert!(!exchange, "stop {n}: no output");
                assert_eq!(snapshot(&dir.path().join(".public.hoego-old")).as_ref(), Some(&old), "stop {n}");
            }
        }
        // The next build recovers, and the one after it still has the user's files.
        for _ in 0..2 {
            write_site(&out, &new_site()).unwrap();
            assert_eq!(snapshot(&out).as_ref(), Some(&new), "after stop {n}");
        }
        let mut left: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        left.sort();
        assert_eq!(left, [".public.hoego-lock", ".public.hoego-staging", "public"], "after stop {n}");
    }
    unreachable!()
}

#[test]
fn a_build_stopped_at_any_step_publishes_the_old_or_the_new_site() {
    let steps = stop_everywhere(true);
    assert!(steps > 20, "the harness saw only {steps} operations");
}

#[test]
fn without_an_atomic_exchange_the_next_build_restores_and_finishes() {
    let steps = stop_everywhere(false);
    assert!(steps > 20, "the harness saw only {steps} operations");
}
