//! CACHE: the persistent build cache of highlighted code blocks (`.hoego-cache/` beside
//! gen.toml), content-addressed: a block's key is a hash of what hoego and its grammars are
//! (the fingerprint made by build.rs), the language and the code. `gen build` opens it, the
//! highlight step reaches it only through [`crate::highlight::BlockStore`], and the build
//! finishes it once at the end.
//!
//! It may make a build faster, never different: a hit gives back the bytes a miss made, and
//! anything it cannot vouch for (a file of another version, a torn or damaged file, an entry
//! whose checksum fails) is a miss. It must not decide what a block looks like, and it deletes
//! only its own files, in a folder that carries its own tag.
//!
//! Layout: `highlight/pack-*.bin`, each written by one build to a temporary name and renamed
//! when complete, so concurrent builds never write the same file. A pack is a header (magic,
//! key salt), the HTML of its blocks, an index (key, offset, length, checksum) with its own
//! checksum, and a footer. A build that found too many packs, or too many bytes, or packs it
//! could not use, writes the blocks it used into its new pack and deletes the packs it read:
//! old entries are evicted a build at a time.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

/// The folder's tag (the CACHEDIR.TAG convention: backup tools skip it).
const TAG: &str = "CACHEDIR.TAG";
const TAG_TEXT: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
    # This folder is hoego's build cache (highlighted code blocks). It may be deleted at any time.\n";
const MAGIC: &[u8; 8] = b"HOEGOHL\x01";
const END: &[u8; 8] = b"HOEGOEND";
const HEADER: u64 = 16;
const FOOTER: u64 = 32;
const INDEX_ENTRY: usize = 40;
/// More packs than this and the next build merges what it used into one.
const MAX_PACKS: usize = 8;

/// What hoego's highlighting is, from build.rs: its version, the highlighting code and the
/// versions of the grammar and regex crates. A new hoego gets a new key, and old entries age out.
pub const FINGERPRINT: &str = concat!(env!("CARGO_PKG_VERSION"), "-", env!("HOEGO_HIGHLIGHT_FINGERPRINT"));

/// Where a block's HTML is: pack, offset, length, checksum, whether it was highlighted at all.
#[derive(Clone, Copy)]
struct Loc {
    pack: usize,
    offset: u64,
    len: u32,
    sum: u64,
    some: bool,
}

/// The cache of one build: the index of every usable pack, and the pack this build writes.
pub struct DiskStore {
    dir: PathBuf,
    salt: u64,
    max_bytes: u64,
    packs: Vec<(PathBuf, File)>,
    /// Packs to delete at the end whatever happens: of other versions, damaged.
    stale: Vec<PathBuf>,
    bytes: u64,
    index: HashMap<u128, Loc>,
    used: Mutex<Vec<u128>>,
    writer: Mutex<Option<PackWriter>>,
    notes: Mutex<Vec<String>>,
    counts: Mutex<(usize, usize)>,
}

/// What a build did with the cache, for `--timings`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub hits: usize,
    pub misses: usize,
}

impl DiskStore {
    /// Opens (or makes) the cache in `dir`, keyed by `key` (normally [`FINGERPRINT`]); entries
    /// of other keys are never used. `Err` is a warning for the user: the build goes on without.
    pub fn open(dir: &Path, key: &str, max_bytes: u64) -> Result<DiskStore, String> {
        let tagged = dir.join(TAG).is_file();
        // Another build may be making the cache this moment: its folder is still ours.
        let ours = |name: &std::ffi::OsStr| name == "highlight" || name == TAG;
        let mut entries = std::fs::read_dir(dir).into_iter().flatten().flatten();
        if !tagged && entries.any(|e| !ours(&e.file_name())) {
            return Err(format!("{} is not hoego's cache (no {TAG}): not using it", dir.display()));
        }
        if !tagged {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
            std::fs::write(dir.join(TAG), TAG_TEXT).map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
        }
        let packs_dir = dir.join("highlight");
        std::fs::create_dir_all(&packs_dir).map_err(|e| format!("cannot make {}: {e}", packs_dir.display()))?;
        let salt = xxh3_64(key.as_bytes());
        let mut store = DiskStore {
            dir: packs_dir,
            salt,
            max_bytes,
            packs: Vec::new(),
            stale: Vec::new(),
            bytes: 0,
            index: HashMap::new(),
            used: Mutex::default(),
            writer: Mutex::default(),
            notes: Mutex::default(),
            counts: Mutex::default(),
        };
        store.load();
        Ok(store)
    }

    fn load(&mut self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return };
        let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        names.sort();
        for path in names {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with(".tmp-") {
                // A build that died mid-write left it; a live one is younger than an hour.
                let old = std::fs::metadata(&path).and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
                if old.is_some_and(|age| age.as_secs() > 3600) {
                    self.stale.push(path);
                }
                continue;
            }
            if !(name.starts_with("pack-") && name.ends_with(".bin")) {
                continue;
            }
            match read_index(&path, self.salt) {
                Ok(Some((file, len, entries))) => {
                    let pack = self.packs.len();
                    for (key, mut loc) in entries {
                        loc.pack = pack;
                        self.index.insert(key, loc);
                    }
                    self.bytes += len;
                    self.packs.push((path, file));
                }
                Ok(None) => self.stale.push(path),
                // Deleted by a build that finished meanwhile: nothing is wrong.
                Err(_) if !path.exists() => {}
                Err(e) => {
                    self.note(format!("ignored a damaged cache file {} ({e})", path.display()));
                    self.stale.push(path);
                }
            }
        }
    }

    fn note(&self, msg: String) {
        lock(&self.notes).push(msg);
    }

    fn key(&self, lang: &str, code: &str) -> u128 {
        let mut buf = Vec::with_capacity(16 + lang.len() + code.len());
        buf.extend_from_slice(&self.salt.to_le_bytes());
        buf.extend_from_slice(&(lang.len() as u64).to_le_bytes());
        buf.extend_from_slice(lang.as_bytes());
        buf.extend_from_slice(code.as_bytes());
        xxh3_128(&buf)
    }

    /// The kept HTML of `key`, if its checksum holds.
    fn read(&self, key: u128) -> Option<Option<String>> {
        let loc = *self.index.get(&key)?;
        let bytes = read_at(&self.packs[loc.pack].1, loc.offset, loc.len as usize).ok();
        let good = bytes.filter(|b| xxh3_64(b) == loc.sum).and_then(|b| String::from_utf8(b).ok());
        let Some(html) = good else {
            self.note(format!("ignored a damaged entry in {}", self.packs[loc.pack].0.display()));
            return None;
        };
        lock(&self.used).push(key);
        Some(loc.some.then_some(html))
    }

    fn write(&self, key: u128, html: Option<&str>) {
        let mut writer = lock(&self.writer);
        if writer.is_none() {
            match PackWriter::create(&self.dir, self.salt) {
                Ok(w) => *writer = Some(w),
                Err(e) => {
                    self.note(format!("cannot write the cache in {}: {e}", self.dir.display()));
                    return;
                }
            }
        }
        if let Some(w) = writer.as_mut()
            && let Err(e) = w.add(key, html)
        {
            self.note(format!("cannot write the cache in {}: {e}", self.dir.display()));
            // A pack that failed once is not finished: dropping it deletes it.
            *writer = None;
        }
    }

    /// Completes this build's pack, evicts, and returns what to warn about and the counts.
    pub fn finish(&self) -> (Vec<String>, Counts) {
        let (hits, misses) = *lock(&self.counts);
        let compact = self.packs.len() + 1 > MAX_PACKS || self.bytes > self.max_bytes || !self.stale.is_empty();
        let mut writer = lock(&self.writer).take();
        let mut notes = std::mem::take(&mut *lock(&self.notes));
        if compact && !self.packs.is_empty() {
            if writer.is_none() {
                writer = PackWriter::create(&self.dir, self.salt).map_err(|e| notes.push(e.to_string())).ok();
            }
            let mut used = std::mem::take(&mut *lock(&self.used));
            used.sort_unstable();
            used.dedup();
            if let Some(w) = writer.as_mut() {
                carry(w, &used, &self.index, &self.packs);
            }
        }
        let kept = writer.map(PackWriter::finish);
        if let Some(Err(e)) = &kept {
            notes.push(format!("cannot write the cache in {}: {e}", self.dir.display()));
        }
        // Only once the new pack is in place do the ones it replaces go.
        if compact && matches!(kept, Some(Ok(())) | None) {
            for (path, _) in &self.packs {
                let _ = std::fs::remove_file(path);
            }
        }
        for path in &self.stale {
            let _ = std::fs::remove_file(path);
        }
        (notes, Counts { hits, misses })
    }
}

/// Copies the blocks this build used from the old packs into the new one; the others are
/// evicted. What the site uses now always stays: the cache holds at most `max_bytes`, or one
/// build's blocks when those are more.
fn carry(w: &mut PackWriter, used: &[u128], index: &HashMap<u128, Loc>, packs: &[(PathBuf, File)]) {
    for key in used {
        let Some(loc) = index.get(key) else { continue };
        if w.has(*key) {
            continue;
        }
        let Ok(bytes) = read_at(&packs[loc.pack].1, loc.offset, loc.len as usize) else { continue };
        if xxh3_64(&bytes) != loc.sum {
            continue;
        }
        let Ok(html) = std::str::from_utf8(&bytes) else { continue };
        if w.add(*key, loc.some.then_some(html)).is_err() {
            return;
        }
    }
}

impl crate::highlight::BlockStore for DiskStore {
    fn block(&self, lang: &str, code: &str, make: &mut dyn FnMut() -> Option<String>) -> Option<String> {
        let key = self.key(lang, code);
        if let Some(kept) = self.read(key) {
            lock(&self.counts).0 += 1;
            return kept;
        }
        let html = make();
        lock(&self.counts).1 += 1;
        self.write(key, html.as_deref());
        html
    }
}

/// A pack being written under a temporary name; dropped unfinished, it is deleted.
struct PackWriter {
    tmp: PathBuf,
    out: Option<BufWriter<File>>,
    offset: u64,
    index: Vec<(u128, u64, u32, u64, bool)>,
    keys: std::collections::HashSet<u128>,
}

impl PackWriter {
    fn create(dir: &Path, salt: u64) -> std::io::Result<PackWriter> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let tmp = dir.join(format!(".tmp-{}-{nanos}-{:x}", std::process::id(), xxh3_64(&salt.to_le_bytes())));
        let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        out.write_all(MAGIC)?;
        out.write_all(&salt.to_le_bytes())?;
        Ok(PackWriter { tmp, out: Some(out), offset: HEADER, index: Vec::new(), keys: Default::default() })
    }

    fn has(&self, key: u128) -> bool {
        self.keys.contains(&key)
    }

    fn add(&mut self, key: u128, html: Option<&str>) -> std::io::Result<()> {
        let bytes = html.unwrap_or("").as_bytes();
        let Ok(len) = u32::try_from(bytes.len()) else { return Ok(()) };
        if !self.keys.insert(key) {
            return Ok(());
        }
        self.out.as_mut().ok_or_else(|| std::io::Error::other("closed"))?.write_all(bytes)?;
        self.index.push((key, self.offset, len, xxh3_64(bytes), html.is_some()));
        self.offset += u64::from(len);
        Ok(())
    }

    /// Writes the index and footer and renames the pack into place.
    fn finish(mut self) -> std::io::Result<()> {
        let mut out = self.out.take().ok_or_else(|| std::io::Error::other("closed"))?;
        let mut index = Vec::with_capacity(self.index.len() * INDEX_ENTRY);
        for (key, offset, len, sum, some) in &self.index {
            index.extend_from_slice(&key.to_le_bytes());
            index.extend_from_slice(&offset.to_le_bytes());
            index.extend_from_slice(&len.to_le_bytes());
            index.extend_from_slice(&u32::from(*some).to_le_bytes());
            index.extend_from_slice(&sum.to_le_bytes());
        }
        out.write_all(&index)?;
        out.write_all(&self.offset.to_le_bytes())?;
        out.write_all(&(self.index.len() as u64).to_le_bytes())?;
        out.write_all(&xxh3_64(&index).to_le_bytes())?;
        out.write_all(END)?;
        out.into_inner().map_err(|e| e.into_error())?;
        let name = format!("pack-{:032x}.bin", xxh3_128(self.tmp.as_os_str().as_encoded_bytes()));
        let dest = self.tmp.with_file_name(name);
        std::fs::rename(&self.tmp, &dest)?;
        self.tmp = PathBuf::new();
        Ok(())
    }
}

impl Drop for PackWriter {
    fn drop(&mut self) {
        if !self.tmp.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

type Index = Vec<(u128, Loc)>;

/// A pack's index: `Ok(None)` for a pack of another key, `Err` for a damaged one.
fn read_index(path: &Path, salt: u64) -> Result<Option<(File, u64, Index)>, String> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    let len = file.metadata().map_err(|e| e.to_string())?.len();
    if len < HEADER + FOOTER {
        return Err("too short".into());
    }
    let header = read_at(&file, 0, HEADER as usize).map_err(|e| e.to_string())?;
    if &header[..8] != MAGIC {
        return Err("not a hoego cache pack".into());
    }
    if u64_at(&header, 8) != salt {
        return Ok(None);
    }
    let footer = read_at(&file, len - FOOTER, FOOTER as usize).map_err(|e| e.to_string())?;
    let (start, n, sum) = (u64_at(&footer, 0), u64_at(&footer, 8), u64_at(&footer, 16));
    let size = n.checked_mul(INDEX_ENTRY as u64).filter(|s| start.checked_add(*s) == Some(len - FOOTER));
    if &footer[24..] != END || start < HEADER || size.is_none() {
        return Err("torn or truncated".into());
    }
    let raw = read_at(&file, start, (len - FOOTER - start) as usize).map_err(|e| e.to_string())?;
    if xxh3_64(&raw) != sum {
        return Err("index checksum".into());
    }
    let mut entries = Vec::with_capacity(n as usize);
    for e in raw.chunks_exact(INDEX_ENTRY) {
        let key = u128::from_le_bytes(e[..16].try_into().unwrap_or_default());
        let (offset, len32) = (u64_at(e, 16), u32::from_le_bytes(e[24..28].try_into().unwrap_or_default()));
        if offset < HEADER || offset + u64::from(len32) > start {
            return Err("index out of range".into());
        }
        let some = e[28] == 1;
        entries.push((key, Loc { pack: 0, offset, len: len32, sum: u64_at(e, 32), some }));
    }
    Ok(Some((file, len, entries)))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default())
}

fn read_at(file: &File, offset: u64, len: usize) -> std::io::Result<Vec<u8>> {
    let mut buf = vec![0; len];
    #[cfg(unix)]
    std::os::unix::fs::FileExt::read_exact_at(file, &mut buf, offset)?;
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < len {
            let n = std::os::windows::fs::FileExt::seek_read(file, &mut buf[done..], offset + done as u64)?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            done += n;
        }
    }
    Ok(buf)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests;
