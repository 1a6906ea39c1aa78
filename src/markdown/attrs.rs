//! PARSE (Markdown): attributes on elements, as the dialect stage found them in kramdown
//! attribute lists. CommonMark has no syntax for them, so the elements that carry some are
//! written as HTML here: an image or link as its tag, a paragraph as `<p …>`, a heading keeps
//! its tag with classes added, any other block is wrapped in a `<div …>`. Values are escaped.

use pulldown_cmark::{CowStr, Event, Tag};

use crate::dialect::Attributes;

/// `events` (with the end offset of each) with `attributes` applied.
pub(super) fn apply<'a>(
    mut events: Vec<Event<'a>>,
    ends: &[usize],
    body: &str,
    attributes: &[Attributes],
) -> Vec<Event<'a>> {
    let mut wrap: Vec<(usize, usize, String)> = Vec::new();
    let mut drop = vec![false; events.len()];
    for a in attributes {
        let Some(i) = target(&events, ends, body, a) else { continue };
        let Some(j) = matching_end(&events, i) else { continue };
        match events[i].clone() {
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                let alt = alt_text(&events[i + 1..j]);
                let mut html = format!("<img src=\"{}\" alt=\"{}\"", attr(&dest_url), attr(&alt));
                if !title.is_empty() {
                    html.push_str(&format!(" title=\"{}\"", attr(&title)));
                }
                html.push_str(&rendered(a));
                html.push('>');
                events[i] = Event::InlineHtml(CowStr::from(html));
                drop[i + 1..=j].iter_mut().for_each(|d| *d = true);
            }
            Event::Start(Tag::Link { dest_url, title, .. }) => {
                let mut html = format!("<a href=\"{}\"", attr(&dest_url));
                if !title.is_empty() {
                    html.push_str(&format!(" title=\"{}\"", attr(&title)));
                }
                events[i] = Event::InlineHtml(CowStr::from(format!("{html}{}>", rendered(a))));
                events[j] = Event::InlineHtml(CowStr::Borrowed("</a>"));
            }
            Event::Start(Tag::Paragraph) => {
                events[i] = Event::Html(CowStr::from(format!("<p{}>", rendered(a))));
                events[j] = Event::Html(CowStr::Borrowed(CLOSE_P));
            }
            Event::Start(Tag::Heading { level, id, mut classes, mut attrs }) => {
                classes.extend(a.classes.iter().map(|c| CowStr::from(c.clone())));
                attrs.extend(a.pairs.iter().map(|(k, v)| (CowStr::from(k.clone()), Some(CowStr::from(v.clone())))));
                events[i] = Event::Start(Tag::Heading { level, id, classes, attrs });
            }
            _ => wrap.push((i, j, rendered(a))),
        }
    }
    let mut out = Vec::with_capacity(events.len() + 2 * wrap.len());
    for (k, ev) in events.into_iter().enumerate() {
        for (_, _, html) in wrap.iter().filter(|(i, _, _)| *i == k) {
            out.push(Event::Html(CowStr::from(format!("<div{html}>\n"))));
        }
        if !drop[k] {
            out.push(ev);
        }
        for _ in wrap.iter().filter(|(_, j, _)| *j == k) {
            out.push(Event::Html(CowStr::Borrowed("</div>\n")));
        }
    }
    out
}

/// What a paragraph with attributes closes with: no raw HTML block line is this `&'static`.
static CLOSE_P: &str = "</p>\n";

/// A paragraph's start, with or without attributes (the summary is the first paragraph).
pub(super) fn opens_paragraph(e: &Event<'_>) -> bool {
    match e {
        Event::Start(Tag::Paragraph) => true,
        // Raw HTML block lines end with a line break; the tag made here does not.
        Event::Html(h) => h.starts_with("<p") && h[2..].starts_with([' ', '>']) && !h.ends_with('\n'),
        _ => false,
    }
}

/// A paragraph's end, with or without attributes.
pub(super) fn closes_paragraph(e: &Event<'_>) -> bool {
    match e {
        Event::End(pulldown_cmark::TagEnd::Paragraph) => true,
        Event::Html(CowStr::Borrowed(h)) => std::ptr::eq(*h, CLOSE_P),
        _ => false,
    }
}

/// The event an attribute list belongs to.
fn target(events: &[Event<'_>], ends: &[usize], body: &str, a: &Attributes) -> Option<usize> {
    if !a.block {
        return (0..events.len())
            .find(|&i| matches!(events[i], Event::Start(Tag::Image { .. } | Tag::Link { .. })) && ends[i] == a.at);
    }
    // The outermost block whose end is only white space away: the first found, as starts come
    // before the starts of blocks inside them.
    (0..events.len()).find(|&i| {
        let block = matches!(
            events[i],
            Event::Start(
                Tag::Paragraph
                    | Tag::Heading { .. }
                    | Tag::CodeBlock(_)
                    | Tag::List(_)
                    | Tag::BlockQuote(_)
                    | Tag::Table(_)
            )
        );
        // A block's range may take the blank lines after it: compare where its text ends.
        let end = body.get(..ends[i]).map_or(ends[i], |b| b.trim_end().len());
        block && end <= a.at && body.get(end..a.at).is_some_and(|gap| gap.trim().is_empty())
    })
}

fn matching_end(events: &[Event<'_>], i: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, ev) in events.iter().enumerate().skip(i) {
        match ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

fn alt_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for ev in events {
        if let Event::Text(t) | Event::Code(t) = ev {
            s.push_str(t);
        }
    }
    s
}

/// ` id="…" class="…" k="v"`, escaped.
fn rendered(a: &Attributes) -> String {
    let mut s = String::new();
    if let Some(id) = &a.id {
        s.push_str(&format!(" id=\"{}\"", attr(id)));
    }
    if !a.classes.is_empty() {
        s.push_str(&format!(" class=\"{}\"", attr(&a.classes.join(" "))));
    }
    for (k, v) in &a.pairs {
        s.push_str(&format!(" {k}=\"{}\"", attr(v)));
    }
    s
}

fn attr(value: &str) -> String {
    html_escape::encode_double_quoted_attribute(value).into_owned()
}
