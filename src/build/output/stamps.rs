//! WRITE (helper of `output`): what the output's files held when gen wrote them.
//!
//! Deciding that a page is unchanged used to mean reading the old file and comparing bytes:
//! 450 MB of reads for a 10,000-post blog. After each build gen notes, for every file it
//! published, a 128-bit hash of its bytes with the file's size, modification time and inode.
//! The next build trusts a note only while the file still has that size, time and inode (a
//! file edited in the output has another time and is compared byte by byte again). The notes
//! live in the staging folder beside the output, never in the published site, whose bytes
//! must not depend on when it was built. This module keeps notes; it decides nothing else.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// The file holding the notes, in the staging folder.
pub(super) const STAMPS: &str = ".hoego-stamps";

/// One published file as gen left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    pub hash: u128,
    pub file: FileKey,
}

/// What changes when a file is written again: size, modification time, inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FileKey {
    pub len: u64,
    pub secs: i64,
    pub nanos: i64,
    pub ino: u64,
}

impl FileKey {
    /// The key of a file's metadata; `None` where the platform has no inodes (no notes there).
    pub(super) fn of(m: &fs::Metadata) -> Option<FileKey> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileKey { len: m.len(), secs: m.mtime(), nanos: m.mtime_nsec(), ino: m.ino() })
        }
        #[cfg(not(unix))]
        {
            let _ = m;
            None
        }
    }
}

pub(super) fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The notes in `dir` that can be trusted; none if the file is missing.
///
/// A note on a file modified no earlier than the notes themselves were written is dropped
/// (git's "racily clean" rule): the clock ticks in steps of milliseconds, so an edit made in
/// the same tick as gen's write leaves the time unchanged. Such files are compared byte by byte.
pub(super) fn read(dir: &Path) -> HashMap<String, Stamp> {
    let path = dir.join(STAMPS);
    let Some(written) = fs::metadata(&path).ok().and_then(|m| FileKey::of(&m)) else { return HashMap::new() };
    let text = fs::read_to_string(path).unwrap_or_default();
    let settled = |s: &Stamp| (s.file.secs, s.file.nanos) < (written.secs, written.nanos);
    text.lines().filter_map(parse_line).filter(|(_, s)| settled(s)).collect()
}

fn parse_line(line: &str) -> Option<(String, Stamp)> {
    let mut parts = line.splitn(6, ' ');
    let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
    let len = parts.next()?.parse().ok()?;
    let secs = parts.next()?.parse().ok()?;
    let nanos = parts.next()?.parse().ok()?;
    let ino = parts.next()?.parse().ok()?;
    let rel = parts.next()?.to_owned();
    Some((rel, Stamp { hash, file: FileKey { len, secs, nanos, ino } }))
}

/// Writes the notes into `dir` (sorted: the same site gives the same file).
pub(super) fn write(dir: &Path, stamps: &mut [(String, Stamp)]) -> std::io::Result<()> {
    stamps.sort_by(|a, b| a.0.cmp(&b.0));
    let mut text = String::with_capacity(stamps.len() * 80);
    for (rel, s) in stamps.iter() {
        if rel.contains('\n') {
            continue; // one note per line: such a file is compared byte by byte instead
        }
        let f = s.file;
        let _ = writeln!(text, "{:032x} {} {} {} {} {rel}", s.hash, f.len, f.secs, f.nanos, f.ino);
    }
    super::write_new(&dir.join(STAMPS), text.as_bytes())
}
