//! SERVE: watch the site's sources and turn raw file-system events into debounced batches of
//! meaningful changes.
//!
//! [`classify`] is a pure function from a path to what it means for the site (after Zola's
//! `fs_utils.rs`): editors' temporary and swap files, the output folder and `.git` mean
//! nothing; everything else is content, a template, static files or the configuration. The
//! watcher never looks at the output folder.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use notify::{PollWatcher, RecursiveMode, Watcher};

use crate::discover::is_editor_temp;

/// What a changed path means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Content,
    /// A stylesheet: open pages can swap it without reloading.
    Css,
    Static,
    Template,
    Config,
}

/// What a path means for the site rooted at `root`, or `None` when it does not matter.
pub fn classify(path: &Path, root: &Path, output: &Path) -> Option<Change> {
    if path.starts_with(output) {
        return None;
    }
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_str()?;
    if is_editor_temp(name) || name == ".DS_Store" || rel.components().any(|c| c.as_os_str() == ".git") {
        return None;
    }
    let mut parts = rel.components().map(|c| c.as_os_str().to_str().unwrap_or(""));
    let first = parts.next()?;
    let css = name.ends_with(".css");
    match first {
        "gen.toml" => Some(Change::Config),
        "content" => Some(Change::Content),
        "templates" => Some(Change::Template),
        "static" if css => Some(Change::Css),
        "static" => Some(Change::Static),
        "themes" => match parts.nth(1) {
            Some("static") if css => Some(Change::Css),
            Some("static") => Some(Change::Static),
            Some(_) => Some(Change::Template),
            None => None,
        },
        _ => None,
    }
}

/// Whether an event can change what a file holds. Reads (the build itself opens every
/// source) and metadata-only changes (atime) must not trigger a rebuild, or serve would loop.
pub fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::ModifyKind;
    match kind {
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(_) | EventKind::Any | EventKind::Other => true,
    }
}

/// The folders and files that can change the site.
pub const WATCHED_DIRS: &[&str] = &["content", "templates", "themes", "static"];

/// A file-system watcher, native when possible, polling otherwise (or when asked).
pub struct SourceWatcher {
    watcher: Box<dyn Watcher + Send>,
    pub polling: bool,
}

impl SourceWatcher {
    /// Starts watching `root`; events go to `tx` as paths.
    pub fn start(root: &Path, poll: bool, tx: Sender<PathBuf>) -> notify::Result<Self> {
        // Events lost (queue overflow, a watcher error) could hide any change: report the
        // configuration as changed, which rebuilds everything from scratch.
        let everything = root.join(crate::config::CONFIG_FILE);
        let handler = move |res: notify::Result<notify::Event>| match res {
            Ok(ev) if ev.need_rescan() || (ev.paths.is_empty() && changes_content(&ev.kind)) => {
                let _ = tx.send(everything.clone());
            }
            Ok(ev) if changes_content(&ev.kind) => {
                for p in ev.paths {
                    let _ = tx.send(p);
                }
            }
            Ok(_) => {}
            Err(_) => {
                let _ = tx.send(everything.clone());
            }
        };
        let (mut watcher, polling): (Box<dyn Watcher + Send>, bool) = if poll {
            (Box::new(poll_watcher(handler.clone())?), true)
        } else {
            match notify::recommended_watcher(handler.clone()) {
                Ok(w) => (Box::new(w), false),
                Err(_) => (Box::new(poll_watcher(handler)?), true),
            }
        };
        // The root itself, not recursively: gen.toml, and folders created later.
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut me = SourceWatcher { watcher, polling };
        for dir in WATCHED_DIRS {
            me.watch_dir(&root.join(dir));
        }
        Ok(me)
    }

    /// Watches a source folder (again) after it appears; missing folders are fine.
    pub fn watch_dir(&mut self, dir: &Path) {
        if dir.is_dir() {
            let _ = self.watcher.watch(dir, RecursiveMode::Recursive);
        }
    }
}

fn poll_watcher<F: notify::EventHandler>(handler: F) -> notify::Result<PollWatcher> {
    PollWatcher::new(handler, notify::Config::default().with_poll_interval(Duration::from_millis(300)))
}

/// Waits for a change, then gathers every further event until `quiet` passes without one, so
/// that an editor's save dance or a `git checkout` of hundreds of files is one rebuild.
/// `None` when the watcher is gone.
pub fn next_batch(rx: &Receiver<PathBuf>, quiet: Duration) -> Option<Vec<PathBuf>> {
    let first = rx.recv().ok()?;
    let mut batch = vec![first];
    loop {
        match rx.recv_timeout(quiet) {
            Ok(p) => batch.push(p),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    batch.sort();
    batch.dedup();
    Some(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(p: &str) -> Option<Change> {
        classify(&Path::new("/site").join(p), Path::new("/site"), Path::new("/site/public"))
    }

    #[test]
    fn sources_are_classified() {
        assert_eq!(c("gen.toml"), Some(Change::Config));
        assert_eq!(c("content/posts/a.md"), Some(Change::Content));
        assert_eq!(c("content/posts/b/cat.png"), Some(Change::Content));
        assert_eq!(c("templates/post.html"), Some(Change::Template));
        assert_eq!(c("themes/default/templates/base.html"), Some(Change::Template));
        assert_eq!(c("themes/default/i18n/ko.toml"), Some(Change::Template));
        assert_eq!(c("themes/default/static/style.css"), Some(Change::Css));
        assert_eq!(c("static/custom.css"), Some(Change::Css));
        assert_eq!(c("static/logo.png"), Some(Change::Static));
        assert_eq!(c("content"), Some(Change::Content), "a folder created or deleted");
    }

    #[test]
    fn reads_and_metadata_do_not_count_as_changes() {
        use notify::EventKind;
        use notify::event::{AccessKind, CreateKind, DataChange, MetadataKind, ModifyKind, RemoveKind, RenameMode};
        assert!(!changes_content(&EventKind::Access(AccessKind::Any)));
        assert!(!changes_content(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Data(DataChange::Content))));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Name(RenameMode::Both))));
        assert!(changes_content(&EventKind::Create(CreateKind::File)));
        assert!(changes_content(&EventKind::Remove(RemoveKind::Folder)));
    }

    #[test]
    fn editor_litter_output_and_git_are_ignored() {
        for p in [
            "content/posts/.a.md.swp",
            "content/posts/a.md~",
            "content/posts/4913",
            "content/posts/#a.md#",
            "content/posts/.#a.md",
            "content/posts/a.md___jb_tmp___",
            "content/posts/a.md___jb_old___",
            "content/.DS_Store",
            "public/index.html",
            ".git/index",
            "README.md",
            "target/debug/gen",
        ] {
            assert_eq!(c(p), None, "{p}");
        }
        assert_eq!(classify(Path::new("/elsewhere/x.md"), Path::new("/site"), Path::new("/site/public")), None);
    }
}
