//! IMPORT (Hugo): a Hugo site's folder. Markdown under `content/` in the main sections
//! (`params.mainSections`, else `post`, `posts`, `blog`, `articles`) are posts, the rest pages
//! at the same paths; a leaf bundle (`index.md`) brings its other files; `_index.md` list pages
//! are left to the theme. `hugo.toml`/`config.toml` (or `.yaml`) give the title, address, time
//! zone and `[permalinks]`; each post's old URL is its `url`, else its section's permalink
//! pattern, else `/<section>/<slug>/`, lower-cased as Hugo writes it. Files under `static/` are
//! found by the rooted paths posts use. Finds and names things only; the shared code converts.

use std::collections::BTreeSet;
use std::path::Path;

use jiff::tz::TimeZone;
use serde_json::Value;

use super::{Doc, Found, Generator, Read, base_path, convert, name_and_date, read_config, setting, walk};
use crate::error::Diagnostics;
use crate::import::{Context, Import, Kind, error_at};
use crate::slug::slugify;

const CONFIGS: &[&str] = &["hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml"];
const POST_SECTIONS: &[&str] = &["post", "posts", "blog", "articles"];

pub fn read(input: &Path, cx: &Context) -> Result<Import, Diagnostics> {
    let mut d = Diagnostics::default();
    let config_file = CONFIGS.iter().map(|n| input.join(n)).find(|p| p.is_file());
    let content = input.join("content");
    if !content.is_dir() {
        d.push(error_at(input, 0, 0, "not a Hugo site: no content/ folder here"));
        return Err(d);
    }
    let config = match &config_file {
        Some(f) => read_config(f).map_err(|e| {
            d.push(e);
            std::mem::take(&mut d)
        })?,
        None => Value::Null,
    };
    let mut found = Found {
        title: setting(&config, &["title"]),
        language: setting(&config, &["languageCode"]).or_else(|| setting(&config, &["defaultContentLanguage"])),
        ..Found::default()
    };
    if let Some(url) = setting(&config, &["baseURL"]).or_else(|| setting(&config, &["baseurl"])) {
        found.base_path = base_path(&url);
        found.base_url = Some(url);
    } else {
        found.base_path = "/".into();
    }
    if let Some(name) = setting(&config, &["timeZone"]).or_else(|| setting(&config, &["timezone"])) {
        match TimeZone::get(&name) {
            Ok(tz) => found.tz = Some(tz),
            Err(_) => {
                found.notes.push(format!("unknown timeZone `{name}`: dates without an offset read in the site's"))
            }
        }
    }
    let files = walk(&content, &|_| false);
    let sections = post_sections(&config, &files);
    let bundles: BTreeSet<String> = files
        .iter()
        .filter_map(|(rel, _)| rel.strip_suffix("/index.md").or_else(|| rel.strip_suffix("/index.markdown")))
        .map(|d| format!("{d}/"))
        .collect();
    let bundle_of = |rel: &str| bundles.iter().find(|b| rel.starts_with(b.as_str())).cloned();
    for (rel, path) in &files {
        let lower = rel.to_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        let markdown = lower.ends_with(".md") || lower.ends_with(".markdown");
        if markdown && name.starts_with("_index.") {
            found.notes.push(format!("content/{rel}: a list page: not imported (the theme makes list pages)"));
        } else if markdown && (bundle_of(rel).is_none() || name.starts_with("index.")) {
            found.docs.push(doc(rel, path, &sections, &files, bundle_of(rel)));
        } else if !markdown && bundle_of(rel).is_none() {
            found.files.push((rel.clone(), path.clone()));
        } else if markdown {
            found.notes.push(format!("content/{rel}: a Markdown file inside a bundle: not imported"));
        }
    }
    found.files.extend(walk(&input.join("static"), &|_| false));
    let permalinks = config.get("permalinks").cloned().unwrap_or(Value::Null);
    convert(found, &Hugo { permalinks }, input, cx)
}

/// `params.mainSections`, else the usual post sections that exist, else every section.
fn post_sections(config: &Value, files: &[(String, std::path::PathBuf)]) -> Vec<String> {
    let given = config.get("params").and_then(|p| p.get("mainSections").or_else(|| p.get("mainsections")));
    if let Some(Value::Array(list)) = given {
        return list.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
    }
    let all: BTreeSet<&str> = files.iter().filter_map(|(rel, _)| rel.split_once('/').map(|(s, _)| s)).collect();
    let usual: Vec<String> = POST_SECTIONS.iter().filter(|s| all.contains(**s)).map(|s| (*s).to_owned()).collect();
    if usual.is_empty() { all.into_iter().map(str::to_owned).collect() } else { usual }
}

fn doc(
    rel: &str,
    path: &Path,
    sections: &[String],
    files: &[(String, std::path::PathBuf)],
    bundle: Option<String>,
) -> Doc {
    let section = rel.split_once('/').map(|(s, _)| s.to_owned());
    let post = section.as_ref().is_some_and(|s| sections.contains(s));
    let (name, name_date) = name_and_date(rel);
    let resources = match &bundle {
        Some(dir) => files
            .iter()
            .filter(|(r, _)| r.starts_with(dir.as_str()) && r.as_str() != rel)
            .filter(|(r, _)| !r.ends_with(".md") && !r.ends_with(".markdown"))
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    let mut parents: Vec<String> = rel.split('/').map(slugify).collect();
    parents.pop();
    if bundle.is_some() {
        parents.pop();
    }
    Doc {
        file: path.to_path_buf(),
        key: rel.to_owned(),
        kind: if post { Kind::Post } else { Kind::Page },
        name,
        name_date,
        parents,
        resources,
        draft: false,
        page_if_undated: false,
    }
}

struct Hugo {
    permalinks: Value,
}

impl Generator for Hugo {
    fn old_url(&self, doc: &Doc, read: &Read) -> Option<String> {
        if let Some(url) = read.fm.extra.get("url").and_then(Value::as_str).filter(|u| !u.trim().is_empty()) {
            return Some(format!("/{}", url.trim().trim_start_matches('/')));
        }
        let section = doc.key.split_once('/').map_or("", |(s, _)| s);
        let pattern = [self.permalinks.get(section), self.permalinks.get("page").and_then(|p| p.get(section))]
            .into_iter()
            .flatten()
            .find_map(Value::as_str);
        let slug = read.fm.slug.clone().map(|s| urlize(&s));
        let file = urlize(&doc.name);
        let url = match pattern {
            Some(p) => fill(p, doc, read, section, slug, &file),
            None => {
                let mut segs: Vec<String> = doc.parents.clone();
                if doc.kind == Kind::Post {
                    segs = vec![section.to_owned()];
                }
                segs.push(slug.unwrap_or(file));
                format!("/{}/", segs.iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join("/"))
            }
        };
        Some(url.to_lowercase())
    }
}

/// A `[permalinks]` pattern with the post's values.
fn fill(pattern: &str, doc: &Doc, read: &Read, section: &str, slug: Option<String>, file: &str) -> String {
    let title = urlize(&read.fm.title);
    let date = read.fm.date.as_ref().map(|d| d.zoned.clone());
    let ymd = |f: &str| date.as_ref().map(|z| z.strftime(f).to_string()).unwrap_or_default();
    let pairs = [
        (":year", ymd("%Y")),
        (":month", ymd("%m")),
        (":monthname", ymd("%B").to_lowercase()),
        (":day", ymd("%d")),
        (":slugorcontentbasename", slug.clone().unwrap_or_else(|| file.to_owned())),
        (":slugorfilename", slug.clone().unwrap_or_else(|| file.to_owned())),
        (":contentbasename", file.to_owned()),
        (":filename", file.to_owned()),
        // Hugo's `:slug` is the title when there is no slug.
        (":slug", slug.unwrap_or_else(|| title.clone())),
        (":title", title),
        (":sections", doc.key.rsplit_once('/').map_or("", |(d, _)| d).to_owned()),
        (":section", section.to_owned()),
    ];
    let mut url = pattern.to_owned();
    for (k, v) in pairs {
        url = url.replace(k, &v);
    }
    format!("/{}", url.trim_start_matches('/'))
}

/// Hugo's `urlize`, near enough: spaces to `-`, what a URL path cannot hold dropped.
fn urlize(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|c| !"?#%\"<>\\^`{|}".contains(*c))
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect()
}
