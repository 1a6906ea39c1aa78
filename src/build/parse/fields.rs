//! PARSE: the generic front-matter map -> typed [`FrontMatter`] fields.
//!
//! Lenient where migrations disagree (a comma-separated `tags` string, `published: false`, a
//! number as a title) and strict where a silent guess would be wrong (a date that does not
//! parse). Unknown keys are kept for templates in `extra`; a near miss of a known key warns.
//! This module knows nothing about files or URLs.

use jiff::tz::TimeZone;
use serde_json::{Map, Value};

use crate::dates::{self, PostDate};
use crate::error::near_miss;
use crate::frontmatter::{Located, Split, key_position};
use crate::slug::nfc;

mod migrate;

/// The keys typed here (one list with what `[front_matter.aliases]` may map onto).
pub const KNOWN_KEYS: &[&str] = crate::config::FRONT_MATTER_TARGETS;

/// What a post says about being a retrospective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RetroFlag {
    /// Not said: detection by tags and title applies.
    #[default]
    Auto,
    Yes,
    No,
    /// `retrospective: annual`: a yearly one, whatever its title says.
    Annual,
    /// `retrospective: periodic`: weekly, monthly, project...: never covers a year.
    Other,
    /// `retrospective: 2023`: it is one, and covers that year.
    Year(i16),
}

/// One reviewed goal: `done` is 0.0 (not done) to 1.0 (done).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Review {
    pub goal: String,
    pub done: f64,
}

/// Typed front matter; `date` stays optional here (the file name may supply it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub date: Option<PostDate>,
    pub updated: Option<PostDate>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub series: Option<String>,
    pub draft: bool,
    pub slug: Option<String>,
    pub aliases: Vec<String>,
    pub retrospective: RetroFlag,
    pub goals: Vec<String>,
    pub review: Vec<Review>,
    pub lang: Option<String>,
    /// `math: true` turns on `$…$` math for this page; `None` follows `[markdown] math`.
    pub math: Option<bool>,
    /// `mermaid: true`: the page has mermaid diagrams.
    pub mermaid: Option<bool>,
    /// `search: false` keeps the page out of the search index.
    pub search: Option<bool>,
    /// The cover image as written (`cover`, `image`, `featuredImage`, `thumbnail`…): a link
    /// relative to the source, or absolute.
    pub cover: Option<String>,
    /// File line and column of the key that gave the cover, for a broken cover link.
    pub cover_at: (usize, usize),
    /// Other generators' keys and forms read here (`category`, `image`, `tags` split at
    /// spaces, a `[front_matter.aliases]` key…), for `gen check --migrate`.
    pub dialect_keys: Vec<String>,
    pub extra: Map<String, Value>,
    /// File line of each key, for diagnostics raised after parsing (slugs, aliases).
    pub lines: std::collections::BTreeMap<String, usize>,
}

/// Errors and warnings found while typing the fields.
#[derive(Debug, Default)]
pub struct Findings {
    pub errors: Vec<Located>,
    pub warnings: Vec<Located>,
}

/// How to read a site's front matter: its time zone for naive dates, and its own key names
/// (`[front_matter.aliases]`: their key -> ours).
#[derive(Clone, Copy)]
pub struct Reading<'a> {
    pub tz: &'a TimeZone,
    pub keys: &'a std::collections::BTreeMap<String, String>,
}

impl<'a> Reading<'a> {
    /// No key of the site's own.
    pub fn tz(tz: &'a TimeZone) -> Self {
        static NONE: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
        Reading { tz, keys: &NONE }
    }
}

/// Types every known key; collects every problem rather than stopping at the first.
pub fn resolve(map: Map<String, Value>, split: &Split<'_>, reading: Reading<'_>) -> (FrontMatter, Findings) {
    let mut r = Resolver {
        split,
        tz: reading.tz,
        found: Findings::default(),
        cover_rank: None,
        aliased: None,
        title_invalid: false,
    };
    let mut fm = FrontMatter::default();
    let mut title = None;
    for (key, value) in map {
        // The file's own key still names the line in messages about it.
        match reading.keys.get(&key) {
            Some(ours) => r.field_as(&mut fm, &mut title, &key, ours.clone(), value),
            None => r.field(&mut fm, &mut title, key, value),
        }
    }
    match title {
        Some(t) if !t.trim().is_empty() => fm.title = t,
        // `title: [1, 2]` was reported as not text: it is not missing too.
        None if r.title_invalid => {}
        // A hidden draft may be a stub with no title yet (Jekyll and Hugo build those too).
        _ if fm.draft => {}
        Some(_) => r.error("title", "`title` is empty: give the post a title"),
        None => r.found.errors.push(Located::new(
            split.matter_line.saturating_sub(1).max(1),
            1,
            "missing `title`: add `title: ...` to the front matter",
        )),
    }
    (fm, r.found)
}

struct Resolver<'a, 's> {
    split: &'a Split<'s>,
    tz: &'a TimeZone,
    found: Findings,
    /// Where in [`migrate::COVER_KEYS`] the cover found so far came from.
    cover_rank: Option<usize>,
    /// While typing a key the site maps onto ours: the key as the file writes it.
    aliased: Option<String>,
    /// `title` is there but is not text (already reported).
    title_invalid: bool,
}

impl Resolver<'_, '_> {
    /// Where `key` is written: the site's own key when it stands for ours.
    fn position(&self, key: &str) -> (usize, usize) {
        key_position(self.split, self.aliased.as_deref().unwrap_or(key))
    }

    fn error(&mut self, key: &str, msg: impl Into<String>) {
        let (line, col) = self.position(key);
        self.found.errors.push(Located::new(line, col, msg));
    }

    fn warn(&mut self, key: &str, msg: impl Into<String>) {
        let (line, col) = self.position(key);
        self.found.warnings.push(Located::new(line, col, msg));
    }

    /// A key the site maps onto one of ours: typed as ours, kept in `page.extra` as theirs.
    fn field_as(&mut self, fm: &mut FrontMatter, title: &mut Option<String>, theirs: &str, ours: String, v: Value) {
        fm.extra.insert(nfc(theirs), v.clone());
        fm.dialect_keys.push(format!("{theirs} → {ours} ([front_matter.aliases])"));
        fm.lines.insert(ours.clone(), key_position(self.split, theirs).0);
        self.aliased = Some(theirs.to_owned());
        self.field(fm, title, ours, v);
        self.aliased = None;
    }

    fn field(&mut self, fm: &mut FrontMatter, title: &mut Option<String>, key: String, v: Value) {
        fm.lines.entry(key.clone()).or_insert_with(|| key_position(self.split, &key).0);
        match key.as_str() {
            "title" => {
                self.title_invalid = !matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null);
                *title = self.text(&key, v);
            }
            "date" => fm.date = self.date(&key, v),
            "updated" => fm.updated = self.date(&key, v),
            "description" => fm.description = self.text(&key, v),
            "tags" | "categories" if v.as_str().is_some_and(|s| !s.contains(',') && s.trim().contains(' ')) => {
                fm.dialect_keys.push(format!("{key} (Jekyll: split at spaces)"));
                let terms = self.terms(&key, v);
                if key == "tags" { fm.tags = terms } else { fm.categories = terms }
            }
            "tags" => fm.tags = self.terms(&key, v),
            "categories" => fm.categories = self.terms(&key, v),
            "series" => {
                if v.is_array() {
                    fm.dialect_keys.push("series (a list)".into());
                }
                fm.series = self.series(&key, v)
            }
            "draft" => fm.draft |= self.flag(&key, v).unwrap_or(false),
            "published" => fm.draft |= !self.flag(&key, v).unwrap_or(true),
            "slug" => fm.slug = self.text(&key, v).filter(|s| !s.trim().is_empty()),
            "aliases" => fm.aliases = self.terms(&key, v),
            "retrospective" => fm.retrospective = self.retro(&key, v),
            "goals" => fm.goals = self.terms(&key, v),
            "review" => fm.review = self.review(&key, v),
            "lang" => fm.lang = self.text(&key, v).filter(|s| !s.trim().is_empty()),
            "math" => fm.math = self.flag(&key, v),
            "search" => fm.search = self.flag(&key, v),
            // Also kept in `page.extra`, where templates found them before they were known keys.
            "mermaid" => {
                fm.mermaid = self.flag(&key, v.clone());
                fm.extra.insert(key, v);
            }
            "cover" => {
                self.cover(fm, &key, &v);
                fm.extra.insert(key, v);
            }
            "extra" => self.extra(fm, &key, v),
            _ => self.unknown(fm, key, v),
        }
    }

    fn unknown(&mut self, fm: &mut FrontMatter, key: String, v: Value) {
        if self.migrated(fm, &key, &v) {
            fm.dialect_keys.push(key.clone());
            fm.extra.insert(nfc(&key), v);
            return;
        }
        if let Some(known) = near_miss(&key, KNOWN_KEYS) {
            self.warn(&key, format!("unknown key `{key}` (kept in `page.extra`); did you mean `{known}`?"));
        }
        fm.extra.insert(nfc(&key), v);
    }

    fn extra(&mut self, fm: &mut FrontMatter, key: &str, v: Value) {
        match v {
            Value::Object(m) => fm.extra.extend(m),
            Value::Null => {}
            _ => self.error(key, "`extra` must be a map of keys and values"),
        }
    }

    fn text(&mut self, key: &str, v: Value) -> Option<String> {
        match v {
            Value::String(s) => Some(nfc(s.trim())),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null => None,
            _ => {
                self.error(key, format!("`{key}` must be text, not a list or a map"));
                None
            }
        }
    }

    fn date(&mut self, key: &str, v: Value) -> Option<PostDate> {
        let text = match v {
            Value::String(s) => s,
            Value::Null => return None,
            other => other.to_string(),
        };
        dates::parse(&text, self.tz).map_err(|e| self.error(key, format!("`{key}`: {e}"))).ok()
    }

    /// A list, or a comma-separated string; null and empty entries dropped, duplicates removed.
    /// For tags and categories, a string without a comma splits at spaces, as Jekyll reads
    /// `tags: angularjs javascript`.
    fn terms(&mut self, key: &str, v: Value) -> Vec<String> {
        let spaced = matches!(key, "tags" | "categories" | "category");
        let items: Vec<Value> = match v {
            Value::Array(a) => a,
            Value::String(s) if spaced && !s.contains(',') => {
                s.split_whitespace().map(|p| Value::String(p.to_owned())).collect()
            }
            Value::String(s) => s.split(',').map(|p| Value::String(p.to_owned())).collect(),
            Value::Null => Vec::new(),
            other => vec![other],
        };
        let mut out: Vec<String> = Vec::with_capacity(items.len());
        // Compared through a set: comparing each with all before it took 1 s for 5,000 tags.
        let mut seen = std::collections::HashSet::with_capacity(items.len());
        for item in items {
            if let Some(t) = self.text(key, item).filter(|t| !t.is_empty()) {
                // `[Rust, rust]` is one tag: the first spelling stays.
                if seen.insert(t.to_lowercase()) {
                    out.push(t);
                }
            }
        }
        out
    }

    fn flag(&mut self, key: &str, v: Value) -> Option<bool> {
        match &v {
            Value::Bool(b) => Some(*b),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" => Some(true),
                "false" | "no" | "off" => Some(false),
                _ => self.bad_flag(key, &v),
            },
            Value::Null => None,
            _ => self.bad_flag(key, &v),
        }
    }

    fn bad_flag(&mut self, key: &str, v: &Value) -> Option<bool> {
        self.error(key, format!("`{key}` must be true or false, not {v}"));
        None
    }

    fn retro(&mut self, key: &str, v: Value) -> RetroFlag {
        let year = match &v {
            Value::Bool(true) => return RetroFlag::Yes,
            Value::Bool(false) => return RetroFlag::No,
            Value::Null => return RetroFlag::Auto,
            Value::Number(n) => n.as_i64(),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" => return RetroFlag::Yes,
                "false" | "no" => return RetroFlag::No,
                "annual" | "yearly" | "연간" => return RetroFlag::Annual,
                "periodic" | "other" | "project" => return RetroFlag::Other,
                t => t.trim_end_matches('년').parse().ok(),
            },
            _ => None,
        };
        match year.filter(|y| (1900..=2200).contains(y)) {
            Some(y) => RetroFlag::Year(y as i16),
            None => {
                self.error(
                    key,
                    format!("`retrospective` must be true, false, annual, periodic or a year such as 2023, not {v}"),
                );
                RetroFlag::Auto
            }
        }
    }

    fn review(&mut self, key: &str, v: Value) -> Vec<Review> {
        let Value::Array(items) = v else {
            if !v.is_null() {
                self.error(key, "`review` must be a list of `{ goal: \"...\", done: true }` entries");
            }
            return Vec::new();
        };
        items.into_iter().filter_map(|item| self.review_item(key, item)).collect()
    }

    fn review_item(&mut self, key: &str, item: Value) -> Option<Review> {
        let Value::Object(m) = item else {
            self.error(
                key,
                format!(
                    "each `review` entry needs `goal` and `done`, e.g. {{ goal: \"책 12권\", done: 0.5 }}; got {item}"
                ),
            );
            return None;
        };
        let goal = m.get("goal").and_then(Value::as_str).map(|s| nfc(s.trim()));
        let done = match m.get("done") {
            Some(Value::Bool(b)) => Some(if *b { 1.0 } else { 0.0 }),
            Some(Value::Number(n)) => n.as_f64().filter(|f| (0.0..=1.0).contains(f)),
            None | Some(Value::Null) => Some(0.0),
            _ => None,
        };
        match (goal, done) {
            (Some(goal), Some(done)) if !goal.is_empty() => Some(Review { goal, done }),
            _ => {
                self.error(
                    key,
                    "each `review` entry needs a text `goal` and `done` as true, false or a number from 0.0 to 1.0",
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests;
