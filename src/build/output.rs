//! WRITE: rendered files -> the output directory, swapped in whole.
//!
//! Policy: nothing in the output changes until every file of the new site is written to a
//! staging folder beside it; then the staging folder replaces the output by rename, and the old
//! output is kept as the next build's staging folder ([`spare`]). Files gen did not write
//! (`CNAME`, `.git/`, anything absent from the previous manifest) are carried over by hard link;
//! files an earlier build wrote and this one did not are removed. A file whose bytes are those
//! the previous build wrote is hard-linked from the old output instead of written again (or
//! left alone when the staging folder has that very file): a rebuild of an unchanged blog
//! writes almost nothing, and its files keep their modification times. This module writes; it
//! must not render or decide what the site contains.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use crate::render::{Body, OutFile};
use crate::theme::FileData;
pub use lock::{Lock, LockError, LockWait, lock};
use spare::Spare;
use stamps::{FileKey, Stamp};

/// The list of files gen wrote, kept in the output so the next build knows what is its own.
pub const MANIFEST: &str = ".hoego-manifest";

/// Refuses output folders that would destroy sources: the site root, an ancestor of it, or a
/// folder inside `content/`, `static/`, `templates/` or `themes/`.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<()> {
    let root = absolute(root)?;
    let out = absolute(output)?;
    if out == root || root.starts_with(&out) {
        bail!(
            "refusing to write the site into {}: it is the site root or contains it; choose a folder such as `public`",
            output.display()
        );
    }
    for dir in ["content", "static", "templates", "themes"] {
        if out.starts_with(root.join(dir)) {
            bail!("refusing to write the site into {}: it is inside `{dir}/`, which holds sources", output.display());
        }
    }
    if out.exists() && !out.is_dir() {
        bail!("output {} exists and is not a folder", output.display());
    }
    Ok(())
}

/// An absolute, symlink-resolved path, for paths that may not exist yet.
fn absolute(p: &Path) -> Result<PathBuf> {
    let p = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir()?.join(p) };
    let mut existing = p.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        rest.push(existing.file_name().map(PathBuf::from).unwrap_or_default());
        existing = match existing.parent() {
            Some(parent) => parent,
            None => break,
        };
    }
    let mut out = existing.canonicalize().unwrap_or_else(|_| existing.to_path_buf());
    out.extend(rest.iter().rev());
    Ok(out)
}

/// The folder a build writes for `output`: `output` itself, or where it points when it is a
/// symbolic link (`public -> /srv/www`). The link stays; the site goes into its target, and the
/// staging folder beside the target, so that the swap never replaces the link by a folder.
pub fn resolve(output: &Path) -> Result<PathBuf> {
    match fs::symlink_metadata(output) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(output).with_context(|| {
            format!(
                "output {} is a symbolic link to a folder that does not exist; create it, or remove the link",
                output.display()
            )
        }),
        _ => Ok(output.to_path_buf()),
    }
}

/// The folder an output is in and its name: where the staging folder and lock go.
fn beside(output: &Path) -> (PathBuf, String) {
    let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = output.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
    (parent.to_path_buf(), name)
}

/// Writes `files` as the new content of `output`. Files must have unique paths.
pub fn write_site(output: &Path, files: &[OutFile]) -> Result<()> {
    let output = resolve(output)?;
    let lock = lock::lock(&output, &LockWait::default()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let staging = Staging::begin(lock)?;
    files.par_iter().try_for_each(|f| staging.put(&f.path, &f.body))?;
    staging.commit(files)
}

/// The new site being written beside the output. Pages go in as they are rendered, so the
/// build never holds every page in memory; [`Staging::commit`] swaps it in. Dropped without a
/// commit (an error, a panic), it stays where it is and the output is untouched.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    parent: PathBuf,
    name: String,
    /// What the staging folder held from the build before last (see [`spare`]).
    spare: Spare,
    /// Folders that exist: one `mkdir` per folder, not per file.
    made: Mutex<HashSet<PathBuf>>,
    /// The files the previous build wrote (its manifest), which can be linked when unchanged.
    previous: HashSet<String>,
    /// The previous build's notes on what it published (see [`stamps`]).
    stamps: HashMap<String, Stamp>,
    /// Notes on the files of this build.
    noted: Mutex<Vec<(String, Stamp)>>,
    notes: Vec<String>,
    /// Held until the new site is in place.
    _lock: Lock,
}

impl Staging {
    /// Starts a build of the output `lock` holds, first finishing any swap a killed build
    /// left half done (`notes` says so).
    pub fn begin(lock: Lock) -> Result<Staging> {
        let output = lock.output.clone();
        let (parent, name) = beside(&output);
        let dir = parent.join(format!(".{name}.hoego-staging"));
        let notes = swap::recover(&output, &dir, &swap::old_dir(&parent, &name))?.into_iter().collect();
        let stamps = stamps::read(&dir);
        let spare = Spare::open(&dir)?;
        let made = Mutex::new(spare.folders(&dir).chain([dir.clone()]).collect());
        let previous = read_manifest(&output).into_iter().collect();
        let noted = Mutex::default();
        Ok(Staging { dir, output, parent, name, spare, made, previous, stamps, noted, notes, _lock: lock })
    }

    /// What the build should tell the user about the output (a restored site).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Writes one file of the new site (`rel` is `/`-separated, inside the output).
    pub fn put(&self, rel: &str, body: &Body) -> Result<()> {
        // Defence in depth: no output path may leave the output folder, whatever produced it.
        let p = Path::new(rel);
        if p.is_absolute() || p.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
            bail!("refusing to write `{rel}`: it would leave the output folder");
        }
        let dest = self.dir.join(p);
        let bytes = match body {
            Body::Written => return Ok(()),
            Body::Bytes(b) => b.as_slice(),
            Body::Copy(FileData::Embedded(b)) => &b[..],
            Body::Copy(FileData::Disk(src)) => {
                self.make_way(rel, &dest)?;
                let copied = disk::copy(src, &dest).with_context(|| format!("cannot write {}", dest.display()));
                return copied.map(|_| ());
            }
        };
        let hash = stamps::hash(bytes);
        let same = self.previous.contains(rel).then(|| self.published_same(rel, bytes, hash)).flatten();
        if let Some(key) = same
            && self.spare.holds(rel, key.map(|k| k.ino))
        {
            self.note(rel, hash, key); // the staging folder has this very file already
            return Ok(());
        }
        self.make_way(rel, &dest)?;
        if let Some(key) = same
            && disk::hard_link(&self.output.join(p), &dest).is_ok()
        {
            self.note(rel, hash, key);
            return Ok(());
        }
        let key = write_bytes(&dest, bytes)?;
        self.note(rel, hash, key);
        Ok(())
    }

    /// When the published file at `rel` holds exactly `bytes`: its key (none where the platform
    /// has none). Trusts the previous build's note while the file is as it was left; else reads.
    fn published_same(&self, rel: &str, bytes: &[u8], hash: u128) -> Option<Option<FileKey>> {
        let old = self.output.join(rel);
        if let Some(st) = self.stamps.get(rel) {
            if st.hash != hash || st.file.len != bytes.len() as u64 {
                return None;
            }
            let meta = fs::symlink_metadata(&old).ok().filter(|m| m.is_file());
            if meta.and_then(|m| FileKey::of(&m)) == Some(st.file) {
                return Some(Some(st.file));
            }
        }
        unchanged(&old, bytes).map(|m| FileKey::of(&m))
    }

    /// Removes what stands at `rel` in the staging folder and makes its folder.
    fn make_way(&self, rel: &str, dest: &Path) -> Result<()> {
        self.spare.clear(rel, dest)?;
        if let Some(folder) = dest.parent() {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(folder) {
                spare::make_folder(&self.dir, folder)?;
                made.insert(folder.to_path_buf());
            }
        }
        Ok(())
    }

    fn note(&self, rel: &str, hash: u128, key: Option<FileKey>) {
        if let Some(file) = key {
            self.noted.lock().unwrap_or_else(|e| e.into_inner()).push((rel.to_owned(), Stamp { hash, file }));
        }
    }

    /// Swaps the new site in: `files` are every file put, by path. The old output becomes the
    /// staging folder of the next build.
    pub fn commit(self, files: &[OutFile]) -> Result<()> {
        let new: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let carried = if self.output.exists() {
            spare::carry_over_foreign(&self.output, &self.dir, &self.spare, &self.previous, &new)?
        } else {
            Vec::new()
        };
        let keep: HashSet<&str> =
            new.iter().copied().chain(carried.iter().map(String::as_str)).chain([MANIFEST]).collect();
        self.spare.prune(&self.dir, &keep)?;
        write_manifest(&self.dir, &new)?;
        swap::swap_in(&self.dir, &self.output, &swap::old_dir(&self.parent, &self.name))?;
        // Notes on the published files, for the next build; without them it compares bytes.
        let mut noted = self.noted.into_inner().unwrap_or_else(|e| e.into_inner());
        if disk::create_dir_all(&self.dir).is_ok() {
            let _ = stamps::write(&self.dir, &mut noted);
        }
        Ok(())
    }
}

/// The metadata of the file at `old` if it holds exactly `bytes`.
fn unchanged(old: &Path, bytes: &[u8]) -> Option<fs::Metadata> {
    use std::io::Read;
    let mut f = fs::File::open(old).ok()?;
    let meta = f.metadata().ok().filter(|m| m.is_file() && m.len() == bytes.len() as u64)?;
    let mut buf = Vec::with_capacity(bytes.len());
    (f.read_to_end(&mut buf).is_ok() && buf == bytes).then_some(meta)
}

/// Writes a new file; returns its key for the notes.
fn write_bytes(dest: &Path, bytes: &[u8]) -> Result<Option<FileKey>> {
    let write = || -> io::Result<fs::Metadata> { disk::write(dest, bytes)?.metadata() };
    let meta = write().with_context(|| format!("cannot write {}", dest.display()))?;
    Ok(FileKey::of(&meta))
}

fn read_manifest(output: &Path) -> BTreeSet<String> {
    let text = fs::read_to_string(output.join(MANIFEST)).unwrap_or_default();
    text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_owned).collect()
}

fn write_manifest(staging: &Path, files: &BTreeSet<&str>) -> Result<()> {
    let mut text = String::from("# Files written by `gen build`; the next build removes those it no longer writes.\n");
    for f in files {
        text.push_str(f);
        text.push('\n');
    }
    write_new(&staging.join(MANIFEST), text.as_bytes()).context("cannot write the manifest")
}

/// Writes `path` as a new file: the one there may be linked from the published site, and
/// writing through it would change that file too.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let _ = disk::remove_file(path);
    disk::write(path, bytes).map(drop)
}

mod disk;
mod failpoint;
mod lock;
mod spare;
mod stamps;
mod swap;

#[cfg(test)]
mod crash_tests;
#[cfg(test)]
mod tests;
