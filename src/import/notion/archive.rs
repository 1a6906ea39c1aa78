//! IMPORT (Notion): the export's files in memory, by path — from the `.zip` Notion sends (with
//! the `Export-<uuid>-Part-N.zip` parts of a big export inside it, unpacked in turn), or from
//! the folder it was unpacked into.
//!
//! Paths are `/`-separated and NFC (macOS and Notion write decomposed Hangul); `__MACOSX/`,
//! `.DS_Store` and other dot files are skipped; a single `Export-<uuid>/` folder around
//! everything is removed. Only zips at the top of the export are parts; a zip deeper down is an
//! attachment like any other file. An entry name that leaves the export (`../`, an absolute
//! path) is an error, and so is an archive that unpacks to more than [`MAX_TOTAL`] bytes or
//! [`MAX_ENTRIES`] files (zip bombs): sizes are counted as the bytes come out, not as the
//! archive declares them. Reads only.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use crate::slug::nfc;

/// The most bytes an export may unpack to.
pub const MAX_TOTAL: u64 = 4 << 30;
/// The most files an export may hold.
pub const MAX_ENTRIES: usize = 200_000;

/// Path (relative, `/`-separated, NFC) -> bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// What went wrong, and with which entry (`Part-1.zip/../evil`) when one is to blame.
#[derive(Debug)]
pub struct Error {
    pub entry: Option<String>,
    pub msg: String,
}

fn err(entry: Option<&str>, msg: impl Into<String>) -> Error {
    Error { entry: entry.map(str::to_owned), msg: msg.into() }
}

pub fn load(input: &Path) -> Result<Files, Error> {
    let mut files = Files::new();
    if input.is_dir() {
        folder(input, &mut files)?;
    } else {
        let bytes = std::fs::read(input).map_err(|e| err(None, format!("cannot read it: {e}")))?;
        let mut budget = Budget { bytes: MAX_TOTAL, entries: MAX_ENTRIES };
        unzip(&bytes, "", 0, &mut budget, &mut files)?;
    }
    Ok(unwrap_export_folder(files))
}

struct Budget {
    bytes: u64,
    entries: usize,
}

fn skipped(path: &str) -> bool {
    path.split('/').any(|part| part == "__MACOSX" || part.starts_with('.') && part != "." && part != "..")
}

/// A safe relative path from an entry name: `\` as `/`, no `..`, not absolute, NFC.
fn safe(name: &str) -> Option<String> {
    let name = name.replace('\\', "/");
    if name.starts_with('/') || name.split('/').next().is_some_and(|p| p.ends_with(':')) {
        return None;
    }
    let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    if parts.contains(&"..") {
        return None;
    }
    Some(nfc(&parts.join("/")))
}

fn unzip(bytes: &[u8], prefix: &str, depth: usize, budget: &mut Budget, files: &mut Files) -> Result<(), Error> {
    let here = (!prefix.is_empty()).then(|| prefix.trim_end_matches('/'));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        err(here, format!("not a zip archive ({e}): give the .zip Notion sent, or the folder it unpacks to"))
    })?;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| err(here, format!("entry {i} is broken: {e}")))?;
        let raw = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| String::from_utf8_lossy(entry.name_raw()).into_owned());
        let shown = format!("{prefix}{raw}");
        if entry.is_dir() || skipped(&raw) {
            continue;
        }
        let rel = safe(&raw).ok_or_else(|| {
            err(Some(&shown), "the entry's name leaves the export (`..` or an absolute path): refusing the archive")
        })?;
        if budget.entries == 0 {
            return Err(err(Some(&shown), format!("more than {MAX_ENTRIES} files: refusing a possible zip bomb")));
        }
        budget.entries -= 1;
        let mut data = Vec::with_capacity(entry.size().min(1 << 24) as usize);
        let read = (&mut entry)
            .take(budget.bytes + 1)
            .read_to_end(&mut data)
            .map_err(|e| err(Some(&shown), format!("cannot unpack it: {e}")))?;
        if read as u64 > budget.bytes {
            return Err(err(
                Some(&shown),
                format!("the export unpacks to more than {} GiB: refusing a possible zip bomb", MAX_TOTAL >> 30),
            ));
        }
        budget.bytes -= read as u64;
        if depth == 0 && is_part(&rel) {
            unzip(&data, &format!("{shown}/"), depth + 1, budget, files)?;
        } else {
            files.insert(rel, data);
        }
    }
    Ok(())
}

fn folder(dir: &Path, files: &mut Files) -> Result<(), Error> {
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| err(None, format!("cannot read the folder: {e}")))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = nfc(&rel.to_string_lossy().replace('\\', "/"));
        if skipped(&rel) {
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(|e| err(Some(&rel), format!("cannot read it: {e}")))?;
        if is_part(&rel) {
            let mut budget = Budget { bytes: MAX_TOTAL, entries: MAX_ENTRIES };
            let mut inner = Files::new();
            unzip(&bytes, &format!("{rel}/"), 1, &mut budget, &mut inner)?;
            files.extend(unwrap_export_folder(inner));
        } else {
            files.insert(rel, bytes);
        }
    }
    Ok(())
}

/// A zip at the top of the export: one part of a big export.
fn is_part(rel: &str) -> bool {
    !rel.contains('/') && rel.to_ascii_lowercase().ends_with(".zip")
}

/// Drops an `Export-<uuid>/` folder that holds everything.
fn unwrap_export_folder(files: Files) -> Files {
    let first = |p: &str| p.split_once('/').map(|(f, _)| f.to_owned());
    let Some(top) = files.keys().next().and_then(|k| first(k)) else { return files };
    if !top.starts_with("Export-") || !files.keys().all(|k| first(k).as_deref() == Some(top.as_str())) {
        return files;
    }
    files.into_iter().map(|(k, v)| (k[top.len() + 1..].to_owned(), v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_may_not_leave_the_export() {
        assert_eq!(safe("a/./b.md").as_deref(), Some("a/b.md"));
        assert_eq!(safe("a\\b.md").as_deref(), Some("a/b.md"));
        assert_eq!(safe("../evil.md"), None);
        assert_eq!(safe("a/../../evil.md"), None);
        assert_eq!(safe("/etc/passwd"), None);
        assert_eq!(safe("C:/x"), None);
    }

    fn zip_of(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in files {
            w.start_file(*name, opts).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn bytes_and_files_are_counted_as_they_come_out() {
        // 1 MB of zeros deflates to about 1 KB: the budget, not the size on disk, stops it.
        let bomb = zip_of(&[("a.md", vec![0; 1 << 20])]);
        assert!(bomb.len() < 8 << 10);
        let mut files = Files::new();
        let e = unzip(&bomb, "", 0, &mut Budget { bytes: 1 << 16, entries: 10 }, &mut files).unwrap_err();
        assert!(e.msg.contains("zip bomb") && e.entry.as_deref() == Some("a.md"), "{e:?}");
        let many = zip_of(&[("a.md", vec![]), ("b.md", vec![])]);
        let e = unzip(&many, "", 0, &mut Budget { bytes: 1 << 16, entries: 1 }, &mut files).unwrap_err();
        assert!(e.msg.contains("more than") && e.entry.as_deref() == Some("b.md"), "{e:?}");
        // A part at the top is unpacked; a zip deeper down is a file like any other.
        let inner = zip_of(&[("x/p.md", b"# p".to_vec())]);
        let outer = zip_of(&[("Part-1.zip", inner.clone()), ("x/attached.zip", inner)]);
        let mut files = Files::new();
        unzip(&outer, "", 0, &mut Budget { bytes: 1 << 20, entries: 10 }, &mut files).unwrap();
        assert_eq!(files.keys().collect::<Vec<_>>(), ["x/attached.zip", "x/p.md"]);
    }

    #[test]
    fn the_export_folder_is_unwrapped() {
        let files: Files = [("Export-1/a.md".to_owned(), vec![]), ("Export-1/b/c.md".to_owned(), vec![])].into();
        assert_eq!(unwrap_export_folder(files).keys().collect::<Vec<_>>(), ["a.md", "b/c.md"]);
    }
}
