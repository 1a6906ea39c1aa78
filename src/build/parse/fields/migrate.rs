//! PARSE: front-matter keys other generators write (Jekyll, Hugo, Gatsby, Hexo, Zola, Next.js
//! blogs), read as their hoego equivalent — or, where no equivalent is safe, a warning that
//! says what to write instead. Part of typing the fields; knows nothing about files or URLs.

use serde_json::Value;

use super::{FrontMatter, Resolver};
use crate::slug::nfc;

/// Keys that name a cover image, in the order a post's own key wins when it has several.
pub const COVER_KEYS: &[&str] =
    &["cover", "image", "images", "featuredImage", "featured_image", "thumbnail", "thumbnail-image", "og_image"];

impl Resolver<'_, '_> {
    /// Keys other generators use: read them as their hoego equivalent, or say what to use
    /// instead when there is no safe equivalent. `true` when handled; the value is still kept
    /// in `page.extra` by the caller, so templates that read it there keep working.
    pub(super) fn migrated(&mut self, fm: &mut FrontMatter, key: &str, v: &Value) -> bool {
        match key {
            "lastmod" | "last_modified_at" | "modified" | "updated_at" if fm.updated.is_none() => {
                fm.updated = self.date(key, v.clone());
            }
            "publishDate" | "pubDate" | "published_at" if fm.date.is_none() => fm.date = self.date(key, v.clone()),
            "excerpt" | "summary" if fm.description.is_none() => fm.description = self.text(key, v.clone()),
            "category" => fm.categories.extend(self.terms(key, v.clone())),
            "publish" => fm.draft |= !self.flag(key, v.clone()).unwrap_or(true),
            "hidden" => fm.draft |= self.flag(key, v.clone()).unwrap_or(false),
            "mathjax" | "katex" if fm.math.is_none() => fm.math = self.flag(key, v.clone()),
            "redirect_from" => fm.aliases.extend(self.terms(key, v.clone())),
            "image" | "images" | "featuredImage" | "featured_image" | "thumbnail" | "thumbnail-image" | "og_image" => {
                self.cover(fm, key, v);
            }
            "permalink" | "url" => self.warn(
                key,
                format!(
                    "`{key}` is ignored: set the whole URL with `slug: \"/path/\"`, and list old URLs in `aliases`"
                ),
            ),
            "taxonomies" => {
                if let Value::Object(m) = v {
                    for (name, list) in m {
                        match name.as_str() {
                            "tags" => fm.tags.extend(self.terms(key, list.clone())),
                            "categories" => fm.categories.extend(self.terms(key, list.clone())),
                            _ => {}
                        }
                    }
                }
            }
            "lastmod" | "last_modified_at" | "modified" | "updated_at" | "publishDate" | "pubDate" | "published_at"
            | "excerpt" | "summary" | "mathjax" | "katex" => {}
            _ => return false,
        }
        true
    }

    /// A cover key: the earliest in [`COVER_KEYS`] wins, whatever order the file lists them in.
    pub(super) fn cover(&mut self, fm: &mut FrontMatter, key: &str, v: &Value) {
        let rank = COVER_KEYS.iter().position(|c| *c == key).unwrap_or(COVER_KEYS.len());
        if self.cover_rank.is_some_and(|r| r < rank) {
            return;
        }
        if let Some(image) = self.image(key, v.clone()) {
            fm.cover = Some(image);
            fm.cover_at = self.position(key);
            self.cover_rank = Some(rank);
        }
    }

    /// An image as a path or URL: a string, the first of a list (Hugo's `images`), or a map
    /// with `path`, `src` or `url` (jekyll-seo-tag, Gatsby).
    pub(super) fn image(&mut self, key: &str, v: Value) -> Option<String> {
        let found = match v {
            Value::String(s) => Some(s),
            Value::Array(a) => a.into_iter().find_map(|x| x.as_str().map(str::to_owned)),
            Value::Object(m) => ["path", "src", "url"].iter().find_map(|k| m.get(*k)?.as_str().map(str::to_owned)),
            Value::Null => None,
            other => {
                self.warn(key, format!("`{key}` is not an image path, so the post has no cover: {other}"));
                None
            }
        };
        found.map(|s| nfc(s.trim())).filter(|s| !s.is_empty())
    }

    /// A series name: text, or a list of one (Hugo writes `series = ["Guide"]`). With more than
    /// one, the first is used and a warning says so.
    pub(super) fn series(&mut self, key: &str, v: Value) -> Option<String> {
        let v = match v {
            Value::Array(mut a) => {
                if a.len() > 1 {
                    self.warn(key, "a post belongs to one series here: the first one is used");
                }
                if a.is_empty() { Value::Null } else { a.swap_remove(0) }
            }
            other => other,
        };
        self.text(key, v).filter(|s| !s.trim().is_empty())
    }
}
