//! IMPORT (read side): the files of one post's bundle as an importer collects them — one name
//! per source address, unique within the post, safe in a Markdown link and on any file system.
//! Pure: it records where each file comes from; `write` copies or downloads them.

use std::collections::{BTreeMap, BTreeSet};

use super::{Attachment, Origin};
use crate::slug::nfc;

#[derive(Debug, Default)]
pub struct Bundle {
    /// Source address -> file name in the bundle.
    by_source: BTreeMap<String, String>,
    names: BTreeSet<String>,
    pub attachments: Vec<Attachment>,
}

impl Bundle {
    /// The name already given to this source address.
    pub fn get(&self, source: &str) -> Option<&String> {
        self.by_source.get(source)
    }

    /// Records a file under `hint`'s last path part (made safe), numbered when another file of
    /// the post took that name; the same source gets the same name.
    pub fn add(&mut self, source: &str, hint: &str, from: Origin) -> String {
        if let Some(name) = self.by_source.get(source) {
            return name.clone();
        }
        let base = file_name(hint);
        let (stem, ext) = match base.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() => (s.to_owned(), format!(".{e}")),
            _ => (base.clone(), String::new()),
        };
        let mut name = base.clone();
        let mut n = 1;
        while name.eq_ignore_ascii_case("index.md") || !self.names.insert(name.to_lowercase()) {
            n += 1;
            name = format!("{stem}-{n}{ext}");
        }
        self.by_source.insert(source.to_owned(), name.clone());
        self.attachments.push(Attachment { name: name.clone(), from });
        name
    }
}

/// A bundle file name from a path's last part: NFC, with characters that Markdown links or
/// file systems mind (spaces, brackets, `:`...) as `-`.
pub fn file_name(path: &str) -> String {
    let last = path.split(['?', '#']).next().unwrap_or("").rsplit('/').next().unwrap_or("");
    let name: String = nfc(last)
        .chars()
        .map(|c| if c.is_whitespace() || c.is_control() || "()[]<>:*?\"|\\%#".contains(c) { '-' } else { c })
        .collect();
    if name.trim_matches(['-', '.']).is_empty() { "file".into() } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_unique_and_stable() {
        assert_eq!(file_name("2023/12/my photo (1).png"), "my-photo--1-.png");
        assert_eq!(file_name("2023/12/..."), "file");
        assert_eq!(file_name("https://x.dev/a/b.png?w=3"), "b.png");
        let mut b = Bundle::default();
        assert_eq!(b.add("https://a/x/p.png", "p.png", Origin::Url("https://a/x/p.png".into())), "p.png");
        assert_eq!(b.add("https://a/y/P.png", "P.png", Origin::Url("https://a/y/P.png".into())), "P-2.png");
        assert_eq!(b.add("https://a/x/p.png", "p.png", Origin::Url("https://a/x/p.png".into())), "p.png");
        assert_eq!(b.attachments.len(), 2);
    }
}
