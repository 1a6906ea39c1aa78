//! IMPORT (WordPress): where a post's images and uploaded files go. An address under
//! `wp-content/uploads/` (or a WordPress.com `files.wordpress.com` host) is a file of the
//! uploads folder: with `--uploads` it is copied into the post's bundle (a resized
//! `name-300x200.png` that the copy lacks falls back to `name.png`) and the link points at the
//! copy; a missing one is an error. With `--fetch-images` other images are downloaded into the
//! bundle; otherwise they stay remote and are listed. Addresses relative to the old blog are
//! made absolute. Looks at the uploads folder's files only; writes nothing.

use std::path::{Path, PathBuf};

use crate::import::bundle::Bundle;
use crate::import::{Attachment, Context, Origin};

use crate::slug::{decode, nfc};

pub struct Images {
    base: String,
    uploads: Option<PathBuf>,
    fetch: bool,
    bundle: Bundle,
    remote: Vec<String>,
    missing: Vec<String>,
}

/// A post's files and remote images.
pub struct Done {
    pub attachments: Vec<Attachment>,
    pub remote: Vec<String>,
    pub copied: usize,
}

impl Images {
    pub fn new(base: String, cx: &Context) -> Images {
        Images {
            base,
            uploads: cx.uploads.clone(),
            fetch: cx.fetch_images,
            bundle: Bundle::default(),
            remote: Vec::new(),
            missing: Vec::new(),
        }
    }

    /// The address to write instead of `url`, or `None` to keep it.
    pub fn rewrite(&mut self, url: &str, image: bool) -> Option<String> {
        let url = url.trim();
        if url.is_empty() || url.starts_with('#') || url.contains(':') && !url.starts_with("http") {
            return None; // anchors, mailto:, data: ...
        }
        let absolute = self.absolute(url);
        if let Some(name) = self.bundle.get(&absolute) {
            return Some(name.clone());
        }
        let upload = upload_path(&absolute);
        if let (Some(rel), Some(dir)) = (&upload, &self.uploads) {
            return match find(dir, rel) {
                Some(file) => {
                    // Named after the file copied (the original when a resized one was asked
                    // for), once however many addresses show it.
                    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    Some(self.bundle.add(&file.display().to_string(), &name, Origin::File(file)))
                }
                None => {
                    self.missing
                        .push(format!("{absolute} is not in --uploads (looked for {})", dir.join(rel).display()));
                    None
                }
            };
        }
        if image && self.fetch && absolute.starts_with("http") {
            return Some(self.bundle.add(&absolute, &decode(&absolute), Origin::Url(absolute.clone())));
        }
        if image && !self.remote.contains(&absolute) {
            self.remote.push(absolute.clone());
        }
        (absolute != url).then_some(absolute)
    }

    fn absolute(&self, url: &str) -> String {
        if let Some(rest) = url.strip_prefix("//") {
            format!("https://{rest}")
        } else if url.starts_with('/') && !self.base.is_empty() {
            format!("{}{url}", self.base)
        } else {
            url.to_owned()
        }
    }

    /// The post's files, or every address the uploads folder lacked.
    pub fn finish(self) -> Result<Done, String> {
        if !self.missing.is_empty() {
            return Err(format!("missing attachment: {}", self.missing.join("; ")));
        }
        let copied = self.bundle.attachments.iter().filter(|a| matches!(a.from, Origin::File(_))).count();
        Ok(Done { attachments: self.bundle.attachments, remote: self.remote, copied })
    }
}

/// The path under wp-content/uploads of an address (`2023/12/a.png`), percent-decoded and NFC.
pub fn upload_path(url: &str) -> Option<String> {
    let url = url.split(['?', '#']).next().unwrap_or("");
    let rel = match url.find("/wp-content/uploads/") {
        Some(i) => &url[i + "/wp-content/uploads/".len()..],
        None => {
            let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
            let (host, path) = rest.split_once('/')?;
            if !host.ends_with(".files.wordpress.com") {
                return None;
            }
            path
        }
    };
    let rel = nfc(&decode(rel));
    let safe = !rel.is_empty() && rel.split('/').all(|s| !s.is_empty() && s != "." && s != "..");
    safe.then_some(rel)
}

/// The file in the uploads copy: the path as given, else without WordPress's `-300x200` size.
fn find(dir: &Path, rel: &str) -> Option<PathBuf> {
    let exact = dir.join(rel);
    if exact.is_file() {
        return Some(exact);
    }
    let (stem, ext) = rel.rsplit_once('.')?;
    let (orig, size) = stem.rsplit_once('-')?;
    let is_size = size.split_once('x').is_some_and(|(w, h)| {
        !w.is_empty() && !h.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) && h.bytes().all(|b| b.is_ascii_digit())
    });
    let original = dir.join(format!("{orig}.{ext}"));
    (is_size && original.is_file()).then_some(original)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_paths() {
        assert_eq!(
            upload_path("https://b.kr/wp-content/uploads/2023/12/%ED%9A%8C.png?w=300").unwrap(),
            "2023/12/회.png"
        );
        assert_eq!(upload_path("https://me.files.wordpress.com/2020/01/a.jpg").unwrap(), "2020/01/a.jpg");
        assert_eq!(upload_path("https://other.dev/a.png"), None);
        assert_eq!(upload_path("https://b.kr/wp-content/uploads/../../etc/passwd"), None);
    }
}
