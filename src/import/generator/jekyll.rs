//! IMPORT (Jekyll): a Jekyll site's folder. `_posts/YYYY-MM-DD-slug.md` are posts,
//! `_drafts/` drafts (dated by their name, else by the file's modification day, as Jekyll
//! does), other Markdown files with front matter outside `_` folders pages; `_config.yml`
//! gives the title, address, time zone and the permalink pattern from which each post's old
//! URL is made (the post's own `permalink:` wins). Files under `assets/`, `images/`… are found
//! by the rooted paths posts use. Finds and names things only; the shared code converts.

use std::path::Path;

use jiff::tz::TimeZone;

use super::{Doc, Found, Generator, Read, base_path, convert, name_and_date, read_config, setting, walk};
use crate::error::Diagnostics;
use crate::import::{Context, Import, Kind, error_at};
use crate::slug::slugify;

/// Folders Jekyll does not publish, or that hold its machinery.
const SKIP: &[&str] = &["_site", "_layouts", "_includes", "_sass", "_data", "_plugins", "node_modules", "vendor"];

/// Top-level pages the theme makes on a hoego site.
const THEME_PAGES: &[&str] = &["index.md", "index.markdown", "404.md", "404.markdown"];

const NOT_PAGES: &[&str] = &["readme.md", "license.md", "changelog.md", "contributing.md"];

pub fn read(input: &Path, cx: &Context) -> Result<Import, Diagnostics> {
    let config_file = ["_config.yml", "_config.yaml"].iter().map(|n| input.join(n)).find(|p| p.is_file());
    if config_file.is_none() && !input.join("_posts").is_dir() {
        let mut d = Diagnostics::default();
        d.push(error_at(input, 0, 0, "not a Jekyll site: no _config.yml and no _posts/ folder here"));
        return Err(d);
    }
    let config = match &config_file {
        Some(f) => read_config(f).map_err(one)?,
        None => serde_json::Value::Null,
    };
    let mut found = Found {
        title: setting(&config, &["title"]),
        language: setting(&config, &["lang"]).or_else(|| setting(&config, &["locale"])),
        ..Found::default()
    };
    let url = setting(&config, &["url"]);
    let baseurl = setting(&config, &["baseurl"]).unwrap_or_default();
    found.base_path = base_path(&baseurl);
    found.base_url = url.map(|u| format!("{}{}", u.trim_end_matches('/'), found.base_path));
    found.tz = timezone(&config, &mut found.notes);
    let permalink = setting(&config, &["permalink"]).unwrap_or_else(|| "date".into());
    for (rel, path) in walk(input, &|rel| SKIP.contains(&rel)) {
        let lower = rel.to_lowercase();
        let markdown = lower.ends_with(".md") || lower.ends_with(".markdown");
        if let Some(post) = rel.strip_prefix("_posts/").or_else(|| rel.strip_prefix("_drafts/")) {
            if !markdown {
                if lower.ends_with(".html") {
                    found.notes.push(format!("{rel}: an HTML post: not imported"));
                }
                continue;
            }
            let draft = rel.starts_with("_drafts/");
            let key = format!("{}/{post}", if draft { "drafts" } else { "posts" });
            let (name, mut name_date) = name_and_date(&key);
            if draft && name_date.is_none() {
                name_date = modified_day(&path);
            }
            let doc = Doc {
                file: path,
                key,
                kind: Kind::Post,
                name,
                name_date,
                parents: Vec::new(),
                resources: Vec::new(),
                draft,
                page_if_undated: false,
            };
            found.docs.push(doc);
        } else if rel.starts_with('_') {
            continue;
        } else if markdown && has_front_matter(&path) && !NOT_PAGES.contains(&lower.as_str()) {
            if THEME_PAGES.contains(&lower.as_str()) {
                found.notes.push(format!("{rel}: the home or 404 page: not imported (the theme makes them)"));
                continue;
            }
            let mut parents: Vec<String> = rel.split('/').map(slugify).collect();
            parents.pop();
            let (name, _) = name_and_date(&rel);
            let doc = Doc {
                file: path,
                key: rel,
                kind: Kind::Page,
                name,
                name_date: None,
                parents,
                resources: Vec::new(),
                draft: false,
                page_if_undated: true,
            };
            found.docs.push(doc);
        } else {
            found.files.push((rel, path));
        }
    }
    convert(found, &Jekyll { permalink }, input, cx)
}

fn one(e: crate::error::Diagnostic) -> Diagnostics {
    let mut d = Diagnostics::default();
    d.push(e);
    d
}

fn timezone(config: &serde_json::Value, notes: &mut Vec<String>) -> Option<TimeZone> {
    let name = setting(config, &["timezone"])?;
    match TimeZone::get(&name) {
        Ok(tz) => Some(tz),
        Err(_) => {
            notes.push(format!("_config.yml: unknown timezone `{name}`: dates without an offset read in the site's"));
            None
        }
    }
}

/// Jekyll reads only files that start with front matter as pages.
fn has_front_matter(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|b| b.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&b).starts_with(b"---"))
}

/// The day a file was last changed (a Jekyll draft's date), in UTC.
fn modified_day(path: &Path) -> Option<jiff::civil::Date> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    let ts = jiff::Timestamp::try_from(t).ok()?;
    Some(ts.to_zoned(TimeZone::UTC).date())
}

struct Jekyll {
    permalink: String,
}

impl Generator for Jekyll {
    fn old_url(&self, doc: &Doc, read: &Read) -> Option<String> {
        if doc.draft {
            return None; // never published
        }
        let own = read.fm.extra.get("permalink").and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty());
        let pattern = own.map(str::to_owned).unwrap_or_else(|| style(&self.permalink, doc.kind));
        let url = match doc.kind {
            Kind::Post => post_url(&pattern, doc, read)?,
            Kind::Page if own.is_some() => pattern,
            Kind::Page => {
                let stem = doc.key.rsplit_once('.').map_or(doc.key.as_str(), |(s, _)| s);
                if pattern.ends_with('/') { format!("/{stem}/") } else { format!("/{stem}.html") }
            }
        };
        Some(collapse(&url))
    }
}

/// A permalink style's pattern (`date`, `pretty`, `ordinal`, `none`), or the pattern itself.
fn style(permalink: &str, kind: Kind) -> String {
    let p = match permalink {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        other => other,
    };
    if kind == Kind::Page { p.to_owned() } else { format!("/{}", p.trim_start_matches('/')) }
}

/// A post's URL under Jekyll: the pattern's placeholders filled from its date (in the old
/// site's time zone), categories (lower-cased, as Jekyll writes them) and file name.
fn post_url(pattern: &str, doc: &Doc, read: &Read) -> Option<String> {
    let z = match (&read.fm.date, doc.name_date) {
        (Some(d), _) => d.zoned.clone(),
        (None, Some(day)) => day.to_zoned(TimeZone::UTC).ok()?,
        (None, None) => return None,
    };
    let title = read.fm.slug.clone().unwrap_or_else(|| doc.name.clone());
    let title: String =
        title.chars().map(|c| if c.is_whitespace() || "/?#[]%".contains(c) { '-' } else { c }).collect();
    let categories: Vec<String> = read.fm.categories.iter().map(|c| c.to_lowercase()).collect();
    let pairs = [
        (":categories", categories.join("/")),
        (":year", format!("{:04}", z.year())),
        (":short_year", format!("{:02}", z.year() % 100)),
        (":i_month", z.month().to_string()),
        (":month", format!("{:02}", z.month())),
        (":i_day", z.day().to_string()),
        (":day", format!("{:02}", z.day())),
        (":y_day", format!("{:03}", z.day_of_year())),
        (":hour", format!("{:02}", z.hour())),
        (":minute", format!("{:02}", z.minute())),
        (":second", format!("{:02}", z.second())),
        (":title", title.clone()),
        (":slug", slugify(&title)),
        (":output_ext", ".html".into()),
    ];
    let mut url = pattern.to_owned();
    for (k, v) in pairs {
        url = url.replace(k, &v);
    }
    Some(url)
}

/// `//a//b.html` -> `/a/b.html`.
fn collapse(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 1);
    for c in format!("/{url}").chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}
