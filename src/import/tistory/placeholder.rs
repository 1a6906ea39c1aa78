//! IMPORT (Tistory): the editor's placeholders in a post's HTML made plain HTML images before
//! the Markdown conversion.
//!
//! - `[##_1C|cfile1.uf.<hex>.png|width="…" height="…"|caption_##]` (also `1L`, `1R`, and `2C`,
//!   `3C`… with a file|attributes|caption triple per image): the file is one of the post's
//!   `<attachment>`s; a name the backup lacks is an error.
//! - `[##_Gallery|file|caption|file|caption|…_##]`: the files that are attachments.
//! - `[##_Image|kage@<path>|CDM|1.3|{"caption":"…"}_##]` and `ImageGrid` (the newer editor):
//!   the image lives on Kakao's CDN (`https://blog.kakaocdn.net/dn/<path>`): downloaded with
//!   `--fetch-images`, else kept remote and listed.
//! - `[##_ATTACH_PATH_##]/name` (Textcube's address prefix): the attachment's file.
//!
//! The alt text is the caption's text; a caption also shows as an italic line. Other forms
//! (`Movie`, `File`, `Jukebox`…) are dropped and listed. Pure.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::import::bundle::Bundle;
use crate::import::{Context, Origin, html};
use crate::slug::decode;

static FORM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)\[##_(.+?)_##\]").expect("valid regex"));
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[1-9][CLR]$").expect("valid regex"));

pub const KAGE_CDN: &str = "https://blog.kakaocdn.net/dn/";

/// The HTML with images for placeholders.
#[derive(Debug, Default)]
pub struct Prepared {
    pub html: String,
    /// Images the placeholders became.
    pub images: usize,
    /// Addresses already decided here (remote CDN images), left as they are.
    pub placed: BTreeSet<String>,
}

/// `files`: attachment name -> bundle name.
pub fn replace(
    content: &str,
    files: &BTreeMap<String, String>,
    cx: &Context,
    bundle: &mut Bundle,
    lost: &mut Vec<String>,
) -> Result<Prepared, String> {
    let mut out = Prepared::default();
    let content = content.replace("[##_ATTACH_PATH_##]/", "");
    let mut html = String::with_capacity(content.len());
    let mut at = 0;
    for m in FORM.captures_iter(&content) {
        let whole = m.get(0).expect("match");
        html.push_str(&content[at..whole.start()]);
        at = whole.end();
        let inner = html_escape::decode_html_entities(&m[1]).into_owned();
        let parts: Vec<&str> = inner.split('|').collect();
        let kind = parts[0].trim();
        let images: Vec<(String, String)> = if NUMBERED.is_match(kind) {
            numbered(&parts[1..], files)?
        } else if kind == "Gallery" {
            parts[1..]
                .iter()
                .enumerate()
                .filter_map(|(i, p)| files.get(p.trim()).map(|f| (f.clone(), caption_at(&parts[1..], i + 1))))
                .collect()
        } else if kind == "Image" || kind == "ImageGrid" {
            kage(&parts[1..], cx, bundle, lost, &mut out.placed)
        } else {
            let short: String = whole.as_str().chars().take(60).collect();
            lost.push(format!("Tistory placeholder {short}…: dropped"));
            continue;
        };
        for (src, caption) in images {
            out.images += 1;
            push_image(&mut html, &src, &caption);
        }
    }
    html.push_str(&content[at..]);
    out.html = html;
    Ok(out)
}

/// `file|attributes|caption` triples.
fn numbered(parts: &[&str], files: &BTreeMap<String, String>) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for triple in parts.chunks(3) {
        let name = triple[0].trim();
        if name.is_empty() {
            continue;
        }
        let file = files
            .get(name)
            .ok_or_else(|| format!("image placeholder names `{name}`, which is not among the post's <attachment>s"))?;
        out.push((file.clone(), triple.get(2).map(|c| c.trim().to_owned()).unwrap_or_default()));
    }
    Ok(out)
}

/// The caption after a gallery file: the next part unless it is another file or attributes.
fn caption_at(parts: &[&str], i: usize) -> String {
    parts.get(i).map(|c| c.trim()).filter(|c| !looks_like_data(c)).unwrap_or("").to_owned()
}

fn looks_like_data(p: &str) -> bool {
    p.is_empty()
        || p.starts_with('{')
        || p.starts_with("kage@")
        || p.contains("=\"")
        || p.contains(".uf.")
        || p.chars().all(|c| c.is_ascii_uppercase())
        || p.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The newer editor's `kage@` images, with the caption from the JSON part or a plain part.
fn kage(
    parts: &[&str],
    cx: &Context,
    bundle: &mut Bundle,
    lost: &mut Vec<String>,
    placed: &mut BTreeSet<String>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let Some(path) = p.trim().strip_prefix("kage@") else { continue };
        let url = format!("{KAGE_CDN}{path}");
        let rest = &parts[i + 1..];
        let until_next = rest.iter().take_while(|q| !q.trim().starts_with("kage@"));
        let mut caption = String::new();
        for q in until_next {
            let q = q.trim();
            if q.starts_with('{') {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(q)
                    && let Some(c) = v.get("caption").and_then(|c| c.as_str())
                {
                    caption = c.trim().to_owned();
                }
            } else if !looks_like_data(q) && caption.is_empty() {
                caption = q.to_owned();
            }
        }
        let src = if cx.fetch_images {
            bundle.add(&url, &decode(path), Origin::Url(url.clone()))
        } else {
            lost.push(format!("remote image {url}"));
            placed.insert(url.clone());
            url
        };
        out.push((src, caption));
    }
    out
}

fn push_image(html: &mut String, src: &str, caption: &str) {
    let alt = html::plain_text(caption).split_whitespace().collect::<Vec<_>>().join(" ");
    html.push_str(&format!(
        "<p><img src=\"{}\" alt=\"{}\"></p>",
        html_escape::encode_double_quoted_attribute(src),
        html_escape::encode_double_quoted_attribute(&alt)
    ));
    if !alt.is_empty() {
        html.push_str(&format!("<p><em>{}</em></p>", html_escape::encode_text(&alt)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> Context {
        Context { tz: jiff::tz::TimeZone::UTC, ..crate::import::tests_context() }
    }

    #[test]
    fn placeholders_become_images() {
        let files: BTreeMap<String, String> =
            [("cfile1.uf.AB.png".to_owned(), "a.png".to_owned()), ("cfile2.uf.CD.jpg".to_owned(), "b.jpg".to_owned())]
                .into();
        let html = "<p>[##_1C|cfile1.uf.AB.png|width=&quot;800&quot;|화면 캡처_##]</p>\
                    [##_2C|cfile1.uf.AB.png|width=\"1\"||cfile2.uf.CD.jpg|width=\"2\"|둘째_##]\
                    [##_Image|kage@bX/btq/Yz/img.png|CDM|1.3|{\"originWidth\":800,\"caption\":\"야경\"}_##]\
                    [##_Movie|x_##]";
        let (mut bundle, mut lost) = (Bundle::default(), Vec::new());
        let p = replace(html, &files, &cx(), &mut bundle, &mut lost).unwrap();
        assert_eq!(p.images, 4);
        assert!(p.html.contains("<img src=\"a.png\" alt=\"화면 캡처\">"), "{}", p.html);
        assert!(p.html.contains("<img src=\"b.jpg\" alt=\"둘째\">"), "{}", p.html);
        assert!(p.html.contains("<img src=\"https://blog.kakaocdn.net/dn/bX/btq/Yz/img.png\" alt=\"야경\">"));
        assert_eq!(lost.len(), 2, "{lost:?}");
        let err = replace("[##_1C|cfile9.uf.X.png||_##]", &files, &cx(), &mut bundle, &mut lost).unwrap_err();
        assert!(err.contains("cfile9.uf.X.png"), "{err}");
    }
}
