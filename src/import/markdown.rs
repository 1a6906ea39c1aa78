//! IMPORT (read side): the images a Markdown body shows, found with pulldown-cmark (never inside
//! code), and the body with some of their addresses replaced — for importers whose posts are
//! Markdown already (Velog) and whose images move into the post's folder. Pure.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

/// One image: its address as the body writes it, and where that address is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub url: String,
    /// The address's bytes in the body; `None` when it is not written inline (a reference
    /// definition, or escapes that make the text differ), so it can be listed but not moved.
    pub at: Option<Range<usize>>,
    /// The whole link or image as written (`[text](url)`).
    pub whole: Range<usize>,
}

/// Every image of the body, in order: Markdown images and the `src` of raw HTML `<img>` tags
/// (Velog posts hold both), the latter read with the HTML tokenizer.
pub fn images(body: &str) -> Vec<Image> {
    let mut out: Vec<Image> = links(body).into_iter().filter(|(_, image)| *image).map(|(i, _)| i).collect();
    for (event, range) in Parser::new_ext(body, Options::all()).into_offset_iter() {
        if matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            out.extend(html_images(body, range));
        }
    }
    out.sort_by_key(|i| (i.whole.start, i.at.as_ref().map_or(0, |a| a.start)));
    out
}

/// The `<img src>`s of the raw HTML at `range` of the body.
fn html_images(body: &str, range: Range<usize>) -> Vec<Image> {
    let mut out = Vec::new();
    let written = &body[range.clone()];
    crate::html::each_attr(written.as_bytes(), |a| {
        if !(a.tag.eq_ignore_ascii_case(b"img") && a.name.eq_ignore_ascii_case(b"src")) {
            return;
        }
        let url = String::from_utf8_lossy(a.value).into_owned();
        // The value as written (no entities), where the tokenizer says it starts; html5gum
        // places an unquoted value one byte late, so the byte before is tried too.
        let at = [a.at, a.at.wrapping_sub(1)]
            .into_iter()
            .map(|at| range.start + at..range.start + at + url.len())
            .find(|span| body.get(span.clone()) == Some(url.as_str()));
        out.push(Image { url, at, whole: range.clone() });
    });
    out
}

/// Every link and image of the body, in order, with whether it is an image. The address's
/// range is found as written, or as written percent-encoded (`Page%20Title.md`).
pub fn links(body: &str) -> Vec<(Image, bool)> {
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::all()).into_offset_iter() {
        let (dest_url, image) = match event {
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            _ => continue,
        };
        let url = dest_url.to_string();
        let written = &body[range.clone()];
        let at = written
            .rfind("](")
            .and_then(|open| written[open..].find(url.as_str()).map(|i| open + i))
            .map(|i| range.start + i..range.start + i + url.len());
        out.push((Image { url, at, whole: range }, image));
    }
    out
}

/// The body with each range replaced (ranges must not overlap).
pub fn replace(body: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for (r, with) in edits {
        if r.start < at {
            continue;
        }
        out.push_str(&body[at..r.start]);
        out.push_str(&with);
        at = r.end;
    }
    out.push_str(&body[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_raw_html_images_too() {
        let body = "글\n\n<img src=\"https://velog.velcdn.com/a.png\" width=\"300\">\n\n<p align=\"center\"><img src=b.png alt=x></p>\n\n`<img src=\"code.png\">`\n\n<img src=\"c&amp;d.png\">\n";
        let found = images(body);
        let urls: Vec<&str> = found.iter().map(|i| i.url.as_str()).collect();
        assert_eq!(urls, ["https://velog.velcdn.com/a.png", "b.png", "c&d.png"]);
        assert_eq!(&body[found[0].at.clone().unwrap()], "https://velog.velcdn.com/a.png");
        assert_eq!(&body[found[1].at.clone().unwrap()], "b.png");
        // An entity in the address: listed, but not where the text can be replaced.
        assert_eq!(found[2].at, None);
    }

    #[test]
    fn finds_images_outside_code_and_replaces_them() {
        let body =
            "![a](https://x.dev/a.png \"t\")\n\n`![b](b.png)`\n\n```\n![c](c.png)\n```\n\n![d][ref]\n\n[ref]: d.png\n";
        let found = images(body);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].url, "https://x.dev/a.png");
        assert_eq!(found[1].url, "d.png");
        assert_eq!(found[1].at, None);
        let r = found[0].at.clone().unwrap();
        assert_eq!(&body[r.clone()], "https://x.dev/a.png");
        assert!(replace(body, vec![(r, "a.png".into())]).starts_with("![a](a.png \"t\")"));
    }
}
