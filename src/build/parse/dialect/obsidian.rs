//! DIALECT: Obsidian wikilinks and embeds — `[[note]]`, `[[note|label]]`, `[[note#heading]]`,
//! `![[image.png]]`, `![[image.png|300]]`, `![[note]]` (a link to it) — resolved by file name
//! anywhere under `content/`, case-insensitive and NFC. On only for sites that say so (an
//! `.obsidian/` folder or `[markdown] wikilinks = true`). An unresolved one is a warning and
//! its label as plain text.

use regex::Captures;

use super::{Cx, Edit, source_dest};
use crate::slug::heading_id;

const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "bmp"];

pub(super) fn edit(cx: &mut Cx<'_>, m: &Captures<'_>) -> Option<Edit> {
    let whole = m.get(0)?.range();
    if cx.in_code(whole.start) {
        return None;
    }
    let embed = !m.name("wembed").map_or("", |e| e.as_str()).is_empty();
    let inner = m.name("wiki")?.as_str();
    let (target, label) = inner.split_once('|').map_or((inner, None), |(t, l)| (t, Some(l.trim())));
    let (name, heading) = target.split_once('#').map_or((target.trim(), None), |(n, h)| (n.trim(), Some(h.trim())));
    let image = is_image(name);
    cx.count(if embed && image { "obsidian embed" } else { "obsidian wikilink" });
    if name.is_empty() {
        return Some(same_page(cx, whole, heading, label));
    }
    let found = cx.sources.by_name(name);
    let Some(rel) = found else {
        if !name.is_empty() {
            cx.note(
                whole.start,
                false,
                format!("`{}`: no file named `{name}` under content/; shown as text", &cx.body[whole.clone()]),
            );
        }
        let text =
            label.filter(|l| !l.is_empty() && !is_width(l)).or(heading.filter(|_| name.is_empty())).unwrap_or(name);
        return Some(Edit { range: whole, with: escape(text), attributes: None });
    };
    let with = if embed && image {
        let html = image_embed(cx, &rel, label);
        // `<img>` alone on its line starts an HTML block: a blank line ends it.
        if html.starts_with('<') && cx.alone(whole.start, whole.end) { html + "\n" } else { html }
    } else {
        let fragment = heading.map_or(String::new(), |h| format!("#{}", heading_id(h)));
        let text = label.filter(|l| !l.is_empty()).map(str::to_owned).unwrap_or_else(|| match heading {
            Some(h) if !name.is_empty() => format!("{name} > {h}"),
            Some(h) => h.to_owned(),
            None => name.to_owned(),
        });
        let dest = if name.is_empty() { format!("<{fragment}>") } else { source_dest(&rel, &fragment) };
        format!("[{}]({dest})", escape(&text))
    };
    Some(Edit { range: whole, with, attributes: None })
}

/// `[[#Heading]]`: a link within the note; `[[]]`, `[[|300]]`, `[[#]]`: nothing to link, shown
/// as written with a warning.
fn same_page(cx: &mut Cx<'_>, whole: std::ops::Range<usize>, heading: Option<&str>, label: Option<&str>) -> Edit {
    match heading.filter(|h| !h.is_empty()) {
        Some(h) => {
            let text = label.filter(|l| !l.is_empty()).unwrap_or(h);
            let with = format!("[{}](#{})", escape(text), heading_id(h));
            Edit { range: whole, with, attributes: None }
        }
        None => {
            let written = cx.body[whole.clone()].to_owned();
            cx.note(whole.start, false, format!("`{written}` names no note: shown as written"));
            Edit { with: super::visible(&written), range: whole, attributes: None }
        }
    }
}

/// `![[a.png]]` -> `![](</path/a.png>)`; `![[a.png|300]]` (a width) -> `<img width>`, which
/// the Markdown stage passes through, so its src is resolved here.
fn image_embed(cx: &Cx<'_>, rel: &str, label: Option<&str>) -> String {
    match label.filter(|l| is_width(l)) {
        Some(size) => {
            let src = cx.sources.href(rel).unwrap_or_else(|| format!("/{rel}"));
            let width = size.split('x').next().unwrap_or(size);
            let src = html_escape::encode_double_quoted_attribute(&src);
            format!("<img src=\"{src}\" alt=\"\" width=\"{width}\">")
        }
        None => format!("![{}]({})", escape(label.unwrap_or("")), source_dest(rel, "")),
    }
}

fn is_image(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    ext.is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.as_str()))
}

/// `300` or `300x200`: an embed's size.
fn is_width(label: &str) -> bool {
    let mut parts = label.split('x');
    parts.next().is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
        && parts.all(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_digit()))
}

/// Text that stays text in Markdown.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#!|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
