//! IMPORT (Gatsby): a Gatsby blog's folder, as gatsby-starter-blog lays it out. Markdown (and
//! MDX, read as Markdown) under `content/blog/` are posts — `YYYY/slug/index.md` bundles with
//! their images, or single files — and other Markdown under `content/` pages. Each post's old
//! URL is its path from the blog folder (`/2023/slug/`, as `createFilePath` makes it), or its
//! `path` or a `slug` that starts with `/`. The title and address are read from
//! `gatsby-config.js`'s `siteMetadata` when written as plain strings. Finds and names things
//! only; the shared code converts.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::{Doc, Found, Generator, Read, base_path, convert, name_and_date, walk};
use crate::error::Diagnostics;
use crate::import::{Context, Import, Kind, error_at};
use crate::slug::{nfc, slugify};

const BLOG_DIRS: &[&str] = &["blog", "posts", "post"];
const CONFIGS: &[&str] = &["gatsby-config.js", "gatsby-config.ts", "gatsby-config.mjs"];

pub fn read(input: &Path, cx: &Context) -> Result<Import, Diagnostics> {
    let content = input.join("content");
    let blog = BLOG_DIRS.iter().find(|b| content.join(b).is_dir());
    let Some(blog) = blog else {
        let mut d = Diagnostics::default();
        d.push(error_at(input, 0, 0, "not a Gatsby blog: no content/blog/ (or content/posts/) folder here"));
        return Err(d);
    };
    let mut found = Found { base_path: "/".into(), ..Found::default() };
    if let Some(text) = CONFIGS.iter().find_map(|c| std::fs::read_to_string(input.join(c)).ok()) {
        found.title = metadata(&text, "title");
        found.base_url = metadata(&text, "siteUrl");
        if let Some(u) = &found.base_url {
            found.base_path = base_path(u);
        }
    }
    let files = walk(&content, &|_| false);
    let is_md = |r: &str| {
        let l = r.to_lowercase();
        l.ends_with(".md") || l.ends_with(".mdx") || l.ends_with(".markdown")
    };
    let bundles: BTreeSet<String> = files
        .iter()
        .filter(|(r, _)| is_md(r) && r.rsplit('/').next().is_some_and(|n| n.to_lowercase().starts_with("index.")))
        .filter_map(|(r, _)| r.rsplit_once('/').map(|(d, _)| format!("{d}/")))
        .collect();
    let bundle_of = |rel: &str| bundles.iter().filter(|b| rel.starts_with(b.as_str())).max_by_key(|b| b.len()).cloned();
    let prefix = format!("{blog}/");
    for (rel, path) in &files {
        if !is_md(rel) {
            if bundle_of(rel).is_none() {
                found.files.push((rel.clone(), path.clone()));
            }
            continue;
        }
        let bundle = bundle_of(rel).filter(|b| rel.strip_prefix(b.as_str()).is_some_and(|n| !n.contains('/')));
        let resources = match &bundle {
            Some(dir) => files
                .iter()
                .filter(|(r, _)| r.starts_with(dir.as_str()) && !is_md(r) && bundle_of(r).as_deref() == Some(dir))
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        let post = rel.starts_with(&prefix);
        let mut parents: Vec<String> = rel.split('/').map(slugify).collect();
        parents.pop();
        if bundle.is_some() {
            parents.pop();
        }
        if parents.first().is_some_and(|p| p == "pages") {
            parents.remove(0);
        }
        let (name, name_date) = name_and_date(rel);
        if rel.to_lowercase().ends_with(".mdx") {
            found.notes.push(format!("content/{rel}: MDX, read as Markdown (JSX components are kept as written)"));
        }
        found.docs.push(Doc {
            file: path.clone(),
            key: rel.clone(),
            kind: if post { Kind::Post } else { Kind::Page },
            name,
            name_date,
            parents,
            resources,
            draft: false,
            page_if_undated: false,
        });
    }
    found.files.extend(walk(&input.join("static"), &|_| false));
    convert(found, &Gatsby { blog: prefix }, input, cx)
}

/// `title: "…"` or `siteUrl: '…'` in gatsby-config's `siteMetadata`, when written as a string.
fn metadata(config: &str, key: &str) -> Option<String> {
    static META: LazyLock<Regex> = LazyLock::new(|| {
        // A constant pattern: a typo is a bug the tests catch at once.
        Regex::new(r"siteMetadata\s*:\s*\{").unwrap_or_else(|e| panic!("{e}"))
    });
    let start = META.find(config)?.end();
    let re = Regex::new(&format!(r#"(?m)^\s*{key}\s*:\s*(?:"([^"\n]*)"|'([^'\n]*)'|`([^`\n]*)`)"#)).ok()?;
    let m = re.captures(&config[start..])?;
    let v = m.get(1).or_else(|| m.get(2)).or_else(|| m.get(3))?.as_str().trim();
    (!v.is_empty()).then(|| nfc(v))
}

struct Gatsby {
    blog: String,
}

impl Generator for Gatsby {
    fn old_url(&self, doc: &Doc, read: &Read) -> Option<String> {
        let given = read.fm.extra.get("path").and_then(|v| v.as_str()).map(str::to_owned);
        let slug = read.fm.slug.clone().filter(|s| s.starts_with('/'));
        if let Some(p) = given.or(slug) {
            return Some(p);
        }
        let rel = doc.key.strip_prefix(&self.blog).unwrap_or(&doc.key);
        let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
        let stem = stem.strip_suffix("/index").unwrap_or(stem);
        (stem != "index").then(|| format!("/{stem}/"))
    }
}
