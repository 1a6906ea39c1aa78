//! WRITE (helper of `output`): putting the new site where the old one was, and finishing a
//! swap that a killed build left half done.
//!
//! Where the system can exchange two folders in one step (Linux `renameat2`, macOS
//! `renamex_np`), the staging folder and the output trade places: at every instant the output
//! is the complete old site or the complete new one, and the old site is left in the staging
//! folder for the next build. Elsewhere the old output is first renamed to `.<name>.hoego-old`
//! and the staging folder renamed into place; a build killed between the two leaves no output
//! for a moment, and [`recover`], run by the next build before anything else, puts the old one
//! back. Either way `.hoego-old` is only ever a complete site and is never deleted while the
//! output is missing. This module moves folders; it must not decide what they hold.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use super::{MANIFEST, disk, read_manifest};

/// The folder a swap without exchange keeps the old site in, between its two renames.
pub(super) fn old_dir(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.hoego-old"))
}

/// Whether anything (a folder, a file, a link) stands at `p`.
fn present(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok()
}

/// Finishes or undoes a swap a killed build left half done; says what it did. Must run under
/// the build lock, before the output is read.
pub(super) fn recover(output: &Path, staging: &Path, old: &Path) -> Result<Option<String>> {
    if !present(old) {
        return Ok(None);
    }
    if !present(output) {
        // Killed between the two renames: the old site is whole in `old`; put it back.
        disk::rename(old, output).with_context(|| format!("cannot move {} back", old.display()))?;
        return Ok(Some(format!(
            "an earlier build was stopped while replacing {0}; restored the previous site to {0} before building",
            output.display()
        )));
    }
    // Killed after the new site went in: `old` is the site before it, whose files the new one
    // carries already. It becomes the staging folder, as the finished swap would have made it.
    if present(staging) || disk::rename(old, staging).is_err() {
        remove_tree(old)?;
    }
    Ok(None)
}

/// Replaces `output` by `staging`; the old output becomes the next build's staging folder.
/// If the output cannot be renamed (a mount point, a busy folder on some systems), files are
/// moved in one by one instead.
pub(super) fn swap_in(staging: &Path, output: &Path, old: &Path) -> Result<()> {
    if !present(output) {
        return disk::rename(staging, output).with_context(|| format!("cannot create {}", output.display()));
    }
    match disk::exchange(staging, output) {
        Ok(()) => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::Unsupported => {}
        Err(e) => return Err(e).with_context(|| format!("cannot move the new site into {}", output.display())),
    }
    remove_tree(old)?;
    if disk::rename(output, old).is_err() {
        return move_in_place(staging, output);
    }
    if let Err(e) = disk::rename(staging, output) {
        // Put the old site back rather than leave no site at all.
        let _ = disk::rename(old, output);
        return Err(e).with_context(|| format!("cannot move the new site into {}", output.display()));
    }
    if disk::rename(old, staging).is_err() {
        remove_tree(old)?;
    }
    Ok(())
}

/// Removes a folder, its subfolders in parallel: deleting a large site takes as long as
/// writing it.
pub(super) fn remove_tree(dir: &Path) -> Result<()> {
    let children: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("cannot remove {}", dir.display())),
    };
    children.par_iter().try_for_each(|p| {
        let r = if p.is_dir() && !p.is_symlink() { disk::remove_dir_all(p) } else { disk::remove_file(p) };
        r.with_context(|| format!("cannot remove {}", p.display()))
    })?;
    disk::remove_dir(dir).with_context(|| format!("cannot remove {}", dir.display()))
}

/// The fallback for an output that cannot be renamed: not atomic, and said so in the guide.
fn move_in_place(staging: &Path, output: &Path) -> Result<()> {
    let old_ours = read_manifest(output);
    let new_files: BTreeSet<String> = read_manifest(staging);
    for rel in new_files.iter().chain(std::iter::once(&MANIFEST.to_owned())) {
        let dest = output.join(rel);
        if let Some(p) = dest.parent() {
            disk::create_dir_all(p)?;
        }
        disk::rename(&staging.join(rel), &dest).with_context(|| format!("cannot write {}", dest.display()))?;
    }
    for rel in old_ours.difference(&new_files) {
        let _ = disk::remove_file(&output.join(rel));
    }
    remove_tree(staging)
}
