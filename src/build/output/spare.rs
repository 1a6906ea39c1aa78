//! WRITE (helper of `output`): the staging folder kept from the build before last.
//!
//! After a build swaps its staging folder in, the previous output becomes the staging folder
//! of the next build instead of being deleted. Its folders already exist and most of its files
//! are hard links to the current output's, so the next build makes no folders, links nothing
//! for a file that did not change, and deletes only what it no longer writes; making ~1,000
//! fresh folders and deleting the old tree was a sixth of a 1,000-post build. This module
//! lists, clears and prunes that folder; it must never write through a file it finds there (it
//! may be the same inode as a published file) and never follow a link out of it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::disk;

/// What the staging folder held when the build began: its files with their inode, and its
/// folders, by `/`-separated path. Empty for a folder made afresh.
#[derive(Default)]
pub(super) struct Spare {
    files: HashMap<String, Option<u64>>,
    dirs: HashSet<String>,
}

impl Spare {
    /// Lists `dir` (made if missing), removing symbolic links and special files on the way:
    /// nothing written later may pass through a link out of the folder.
    pub(super) fn open(dir: &Path) -> Result<Spare> {
        match fs::symlink_metadata(dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => disk::remove_file(dir).with_context(|| format!("cannot remove {}", dir.display()))?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
        }
        disk::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let mut spare = Spare::default();
        let mut walk = walkdir::WalkDir::new(dir).min_depth(1).into_iter();
        while let Some(entry) = walk.next() {
            let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
            let (path, kind) = (entry.path(), entry.file_type());
            // A name that is not UTF-8 could not be matched against the new site's paths later.
            let rel = path.strip_prefix(dir)?.to_str().map(|r| r.replace(std::path::MAIN_SEPARATOR, "/"));
            match rel {
                Some(rel) if kind.is_dir() => {
                    spare.dirs.insert(rel);
                }
                Some(rel) if kind.is_file() => {
                    spare.files.insert(rel, dirent_id(&entry));
                }
                _ if kind.is_dir() => {
                    walk.skip_current_dir();
                    disk::remove_dir_all(path).with_context(|| format!("cannot remove {}", path.display()))?;
                }
                _ => disk::remove_file(path).with_context(|| format!("cannot remove {}", path.display()))?,
            }
        }
        Ok(spare)
    }

    /// The folders that exist already, as absolute paths under `dir`.
    pub(super) fn folders(&self, dir: &Path) -> impl Iterator<Item = PathBuf> {
        self.dirs.iter().map(move |d| dir.join(d))
    }

    /// Whether `rel` is already the file with inode `id` (so it holds the right bytes).
    pub(super) fn holds(&self, rel: &str, id: Option<u64>) -> bool {
        id.is_some() && self.files.get(rel) == Some(&id)
    }

    /// Clears the way for a new file at `rel`: the old file there, or a folder of that name.
    pub(super) fn clear(&self, rel: &str, dest: &Path) -> Result<()> {
        if self.files.contains_key(rel) {
            remove_missing_ok(dest, disk::remove_file)
        } else if self.dirs.contains(rel) {
            remove_missing_ok(dest, disk::remove_dir_all)
        } else {
            Ok(())
        }
    }

    /// Removes what the new site does not hold: files not in `keep`, then folders no kept file
    /// is in (deepest first). A path the build turned from file to folder or back is left be.
    pub(super) fn prune(&self, dir: &Path, keep: &HashSet<&str>) -> Result<()> {
        let needed: HashSet<&str> = keep.iter().flat_map(|f| ancestors(f)).collect();
        let unused = |rel: &&String| !keep.contains(rel.as_str()) && !needed.contains(rel.as_str());
        for rel in self.files.keys().filter(unused) {
            remove_missing_ok(&dir.join(rel), disk::remove_file)?;
        }
        let mut gone: Vec<&String> = self.dirs.iter().filter(unused).collect();
        gone.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
        for rel in gone {
            remove_missing_ok(&dir.join(rel), disk::remove_dir_all)?;
        }
        Ok(())
    }
}

/// The folders a `/`-separated file path is in: `a/b/c.html` -> `a/b`, `a`.
fn ancestors(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(|(i, _)| &rel[..i])
}

/// Removes `p`; a path that is gone already (or whose folder the build turned into a file) is
/// no error.
fn remove_missing_ok(p: &Path, remove: impl Fn(&Path) -> io::Result<()>) -> Result<()> {
    match remove(p) {
        Err(e) if !matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
            Err(e).with_context(|| format!("cannot remove {}", p.display()))
        }
        _ => Ok(()),
    }
}

/// Makes `folder` inside the staging folder, removing a file that stands where one of its
/// folders must be (the previous site had a file there).
pub(super) fn make_folder(root: &Path, folder: &Path) -> Result<()> {
    if disk::create_dir_all(folder).is_ok() {
        return Ok(());
    }
    let rel = folder.strip_prefix(root).unwrap_or(folder);
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(m) if m.is_dir() => continue,
            Ok(_) => disk::remove_file(&at).with_context(|| format!("cannot replace {}", at.display()))?,
            Err(_) => {}
        }
        disk::create_dir(&at).with_context(|| format!("cannot create {}", at.display()))?;
    }
    Ok(())
}

/// Hard-links (or copies) into `staging` every file of the old output that gen did not write
/// and the new build does not replace, and makes every empty folder there (`git init` in the
/// output leaves `.git/refs/tags` empty, and git needs it). Returns their paths.
pub(super) fn carry_over_foreign(
    output: &Path,
    staging: &Path,
    spare: &Spare,
    ours: &HashSet<String>,
    new: &BTreeSet<&str>,
) -> Result<Vec<String>> {
    let mut carried = Vec::new();
    for entry in walkdir::WalkDir::new(output).min_depth(1).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", output.display()))?;
        let rel = rel_string(entry.path().strip_prefix(output)?);
        if entry.file_type().is_dir() {
            // gen never leaves a folder empty: an empty one is the user's.
            let empty = fs::read_dir(entry.path()).is_ok_and(|mut d| d.next().is_none());
            if empty && !new.contains(rel.as_str()) {
                make_folder(staging, &staging.join(&rel))?;
                carried.push(rel);
            }
            continue;
        }
        if rel == super::MANIFEST || ours.contains(&rel) || new.contains(rel.as_str()) {
            continue;
        }
        let dest = staging.join(&rel);
        let symlink = entry.file_type().is_symlink();
        if !symlink && spare.holds(&rel, dirent_id(&entry)) {
            carried.push(rel);
            continue;
        }
        spare.clear(&rel, &dest)?;
        if let Some(p) = dest.parent() {
            make_folder(staging, p)?;
        }
        link_or_copy(entry.path(), &dest, symlink)?;
        carried.push(rel);
    }
    Ok(carried)
}

fn link_or_copy(src: &Path, dest: &Path, symlink: bool) -> Result<()> {
    #[cfg(unix)]
    if symlink {
        let target = fs::read_link(src)?;
        return disk::symlink(&target, dest).with_context(|| format!("cannot keep {}", src.display()));
    }
    let _ = symlink;
    if disk::hard_link(src, dest).is_err() {
        disk::copy(src, dest).with_context(|| format!("cannot keep {}", src.display()))?;
    }
    Ok(())
}

pub(super) fn rel_string(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn dirent_id(e: &walkdir::DirEntry) -> Option<u64> {
    #[cfg(unix)]
    {
        use walkdir::DirEntryExt;
        Some(e.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        None
    }
}
