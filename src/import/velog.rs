//! IMPORT (Velog): a folder of Velog posts — the Markdown files that backup tools write, or
//! saved GraphQL `post` answers (`.json`) — into posts.
//!
//! Backup tools write front matter as plain text, not always valid YAML: `title: "…"` with the
//! title's own quotes unescaped, `tags` as a JSON list, a YAML list or a comma string, `date`
//! in UTC with milliseconds. It is read line by line, leniently, for the keys those tools write
//! (`title`, `description`, `date`, `tags`, `series`, `link`, `thumbnail`). Dates become the
//! site's time zone (15:00Z on December 31 is January 1 in Seoul). Images: files the backup
//! saved beside the posts (`/images/…`) go into the post's bundle; remote ones (velcdn) are
//! listed, or downloaded with `--fetch-images`. Reads the folder; writes nothing.

use std::path::{Path, PathBuf};

use jiff::Zoned;
use serde_json::Value;

use super::bundle::Bundle;
use super::markdown::{images, replace};
use super::{Context, Fields, Import, Item, Kind, Origin, error_at};
use crate::error::Diagnostics;
use crate::slug::{decode, nfc, slugify};

mod frontmatter;

pub fn read(input: &Path, cx: &Context) -> Result<Import, Diagnostics> {
    let mut d = Diagnostics::default();
    let files = post_files(input);
    if files.is_empty() {
        d.push(error_at(
            input,
            0,
            0,
            "no Velog posts here: expected .md files from a backup tool or saved .json posts",
        ));
        return Err(d);
    }
    let root = if input.is_dir() { input.to_path_buf() } else { input.parent().unwrap_or(Path::new("")).to_path_buf() };
    let mut out = Import::default();
    for file in files {
        match read_one(&file, &root, cx) {
            Ok(items) => out.items.extend(items),
            Err(e) => d.push(e),
        }
    }
    if d.has_errors() { Err(d) } else { Ok(out) }
}

/// The `.md`, `.markdown` and `.json` files under the folder (or the one file), sorted; names
/// starting with `.` are skipped.
fn post_files(input: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(input)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| matches!(x.to_str(), Some("md" | "markdown" | "json"))))
        .collect();
    out.sort();
    out
}

fn read_one(file: &Path, root: &Path, cx: &Context) -> Result<Vec<Item>, crate::error::Diagnostic> {
    let bytes = std::fs::read(file).map_err(|e| error_at(file, 0, 0, format!("cannot read it: {e}")))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let (line, col) = crate::error::line_col(&String::from_utf8_lossy(&bytes[..e.valid_up_to()]), e.valid_up_to());
        error_at(file, line, col, format!("not UTF-8 (byte {}): save the file as UTF-8", e.valid_up_to()))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let posts = if file.extension().is_some_and(|x| x == "json") {
        from_json(file, text, cx)?
    } else {
        vec![frontmatter::post(file, text, cx)?]
    };
    posts.into_iter().map(|p| item(p, file, root, cx)).collect()
}

/// A post as Velog describes it, before its images are placed.
#[derive(Debug, Default)]
pub struct Post {
    pub title: String,
    pub body: String,
    pub date: Option<Zoned>,
    pub updated: Option<Zoned>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub series: Option<String>,
    /// The post's address on velog.io.
    pub link: Option<String>,
    pub slug: Option<String>,
    pub thumbnail: Option<String>,
    pub private: bool,
    /// Keys read but not carried over.
    pub lost: Vec<String>,
}

/// A saved GraphQL answer (`{"data":{"post":{…}}}`), a bare post object, or a list of them.
fn from_json(file: &Path, text: &str, cx: &Context) -> Result<Vec<Post>, crate::error::Diagnostic> {
    let v: Value =
        serde_json::from_str(text).map_err(|e| error_at(file, e.line(), e.column(), format!("not valid JSON: {e}")))?;
    let v = v.get("data").cloned().unwrap_or(v);
    let v = v.get("post").cloned().unwrap_or(v);
    let list = match v {
        Value::Array(a) => a,
        other => vec![other],
    };
    let not_post = || {
        error_at(
            file,
            1,
            1,
            "not a Velog post: expected a GraphQL answer {\"data\":{\"post\":{…}}} or a post object with \
             `title`, `body` and `released_at`",
        )
    };
    if list.is_empty() {
        return Err(not_post());
    }
    list.iter().map(|p| json_post(file, p, cx).ok_or_else(not_post)?).collect()
}

fn json_post(file: &Path, p: &Value, cx: &Context) -> Option<Result<Post, crate::error::Diagnostic>> {
    let s = |k: &str| p.get(k).and_then(Value::as_str).map(|x| nfc(x.trim())).filter(|x| !x.is_empty());
    let (title, body) = (s("title")?, p.get("body")?.as_str()?.to_owned());
    let date_text = s("released_at").or_else(|| s("created_at"))?;
    let date = match parse_date(&date_text, cx) {
        Ok(d) => d,
        Err(e) => return Some(Err(error_at(file, 1, 1, format!("`{title}`: released_at: {e}")))),
    };
    let updated = s("updated_at").and_then(|u| parse_date(&u, cx).ok()).filter(|u| u.date() > date.date());
    let slug = s("url_slug");
    let user = p.get("user").and_then(|u| u.get("username")).and_then(Value::as_str);
    Some(Ok(Post {
        link: user.zip(slug.as_deref()).map(|(u, sl)| format!("https://velog.io/@{u}/{sl}")),
        title,
        body: nfc(&body),
        date: Some(date),
        updated,
        description: s("short_description"),
        tags: p
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|t| nfc(t.trim()))
            .filter(|t| !t.is_empty())
            .collect(),
        series: p.get("series").and_then(|x| x.get("name")).and_then(Value::as_str).map(|x| nfc(x.trim())),
        slug,
        thumbnail: s("thumbnail"),
        private: p.get("is_private").and_then(Value::as_bool).unwrap_or(false)
            || p.get("is_temp").and_then(Value::as_bool).unwrap_or(false),
        lost: Vec::new(),
    }))
}

/// A Velog date: UTC with milliseconds (`2023-12-31T15:00:00.000Z`) or any form the front
/// matter takes, in the site's time zone.
pub fn parse_date(text: &str, cx: &Context) -> Result<Zoned, String> {
    crate::dates::parse(text.trim().trim_matches(['"', '\'']), &cx.tz).map(|d| d.zoned)
}

fn item(p: Post, file: &Path, root: &Path, cx: &Context) -> Result<Item, crate::error::Diagnostic> {
    let origin = file.display().to_string();
    let mut carried = Vec::new();
    let mut lost = p.lost;
    let mut bundle = Bundle::default();
    let mut remote: Vec<String> = Vec::new();
    let mut edits = Vec::new();
    for img in images(&p.body) {
        let url = img.url.trim().to_owned();
        let to = if url.starts_with("http://") || url.starts_with("https://") {
            if cx.fetch_images {
                Some(bundle.add(&url, &decode(&url), Origin::Url(url.clone())))
            } else {
                if !remote.contains(&url) {
                    remote.push(url.clone());
                }
                None
            }
        } else if url.contains(':') || url.starts_with('#') {
            None
        } else {
            match local_image(&url, file, root) {
                Some(path) => Some(bundle.add(&url, &decode(&url), Origin::File(path))),
                None => {
                    lost.push(format!("image {url}: no such file beside the backup"));
                    None
                }
            }
        };
        match (to, img.at) {
            (Some(name), Some(at)) => edits.push((at, name)),
            (Some(name), None) => lost.push(format!(
                "image {url}: copied as {name}, but its link is written in a form that could not be rewritten"
            )),
            (None, _) => {}
        }
    }
    let cover = p.thumbnail.map(|t| {
        if cx.fetch_images && t.starts_with("http") {
            bundle.add(&t, &decode(&t), Origin::Url(t.clone()))
        } else {
            if t.starts_with("http") && !remote.contains(&t) {
                remote.push(t.clone());
            }
            t
        }
    });
    lost.extend(remote.iter().map(|u| format!("remote image {u}")));
    if let Some(l) = &p.link {
        carried.push(format!("velog address {l} (velog.io cannot redirect to the new site)"));
    }
    let slug = p
        .slug
        .as_deref()
        .or_else(|| p.link.as_deref().and_then(|l| l.trim_end_matches('/').rsplit('/').next()))
        .map(|s| slugify(&decode(s)))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| slugify(&p.title));
    if p.date.is_none() {
        return Err(error_at(file, 1, 1, format!("`{}` has no date (`date` or `released_at`)", p.title)));
    }
    if p.private {
        carried.push("private on Velog: a draft".into());
    }
    let fields = Fields {
        title: p.title,
        date: p.date,
        updated: p.updated,
        draft: p.private,
        description: p.description,
        tags: p.tags,
        series: p.series,
        cover,
        ..Fields::default()
    };
    Ok(Item {
        kind: Kind::Post,
        origin,
        slug: if slug.is_empty() { "post".into() } else { slug },
        parents: Vec::new(),
        fields,
        body: replace(&p.body, edits),
        attachments: bundle.attachments,
        carried,
        lost,
    })
}

/// A backup's own image: beside the post, or (velog-backup's `/images/x.png`) in an `images`
/// folder of the backup or beside it.
fn local_image(url: &str, file: &Path, root: &Path) -> Option<PathBuf> {
    let rel = decode(url.split(['?', '#']).next().unwrap_or(""));
    if rel.split('/').any(|s| s == "..") {
        return None;
    }
    let dir = file.parent().unwrap_or(Path::new(""));
    let candidates = match rel.strip_prefix('/') {
        Some(abs) => vec![root.join(abs), root.parent().unwrap_or(root).join(abs)],
        None => vec![dir.join(&rel), root.join(&rel)],
    };
    candidates.into_iter().find(|p| p.is_file())
}
