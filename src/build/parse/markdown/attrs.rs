//! PARSE (Markdown): attributes on elements, as the dialect stage found them in kramdown
//! attribute lists. CommonMark has no syntax for them, so the elements that carry some are
//! written as HTML here: an image or link as its tag, a paragraph as `<p …>`, a heading keeps
//! its tag with classes added, any other block is wrapped in a `<div …>`. Values are escaped.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag};

use crate::dialect::Attributes;

/// `events` (with the end offset of each) with `attributes` applied. Every target is found
/// before any event changes, through maps, so a body with thousands of lists stays linear.
pub(super) fn apply<'a>(
    mut events: Vec<Event<'a>>,
    ends: &[usize],
    body: &str,
    attributes: &[Attributes],
) -> Vec<Event<'a>> {
    let targets = Targets::of(&events, ends, body);
    let found: Vec<(usize, usize, &Attributes)> =
        attributes.iter().filter_map(|a| targets.find(a, body).map(|(i, j)| (i, j, a))).collect();
    let mut opens: HashMap<usize, Vec<String>> = HashMap::new();
    let mut closes: HashMap<usize, usize> = HashMap::new();
    let mut drop = vec![false; events.len()];
    for (i, j, a) in found {
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
            // The id was set before the ids of headings were chosen (see `heading_ids`).
            Event::Start(Tag::Heading { level, id, mut classes, mut attrs }) => {
                classes.extend(a.classes.iter().map(|c| CowStr::from(c.clone())));
                attrs.extend(a.pairs.iter().map(|(k, v)| (CowStr::from(k.clone()), Some(CowStr::from(v.clone())))));
                events[i] = Event::Start(Tag::Heading { level, id, classes, attrs });
            }
            _ => {
                opens.entry(i).or_default().push(rendered(a));
                *closes.entry(j).or_default() += 1;
            }
        }
    }
    let mut out = Vec::with_capacity(events.len() + 2 * opens.len());
    for (k, ev) in events.into_iter().enumerate() {
        for html in opens.get(&k).into_iter().flatten() {
            out.push(Event::Html(CowStr::from(format!("<div{html}>\n"))));
        }
        if !drop[k] {
            out.push(ev);
        }
        for _ in 0..closes.get(&k).copied().unwrap_or(0) {
            out.push(Event::Html(CowStr::Borrowed("</div>\n")));
        }
    }
    out
}

/// A `{: #id }` on a heading becomes its id before the ids of headings are chosen, so the table
/// of contents and the `#` anchor use it.
pub(super) fn heading_ids(events: &mut [Event<'_>], ends: &[usize], body: &str, attributes: &[Attributes]) {
    let targets = Targets::of(events, ends, body);
    for a in attributes.iter().filter(|a| a.block && a.id.is_some()) {
        let Some((i, _)) = targets.find(a, body) else { continue };
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
            *id = a.id.clone().map(CowStr::from);
        }
    }
}

/// Where attribute lists can land: images and links by the offset they end at, blocks by where
/// their text ends (the outermost first), and each start's matching end.
struct Targets {
    inline: HashMap<usize, usize>,
    blocks: HashMap<usize, usize>,
    closing: Vec<Option<usize>>,
}

impl Targets {
    fn of(events: &[Event<'_>], ends: &[usize], body: &str) -> Targets {
        let mut t = Targets { inline: HashMap::new(), blocks: HashMap::new(), closing: vec![None; events.len()] };
        let mut open: Vec<usize> = Vec::new();
        for (i, ev) in events.iter().enumerate() {
            match ev {
                Event::Start(tag) => {
                    open.push(i);
                    match tag {
                        Tag::Image { .. } | Tag::Link { .. } => {
                            t.inline.entry(ends[i]).or_insert(i);
                        }
                        Tag::Paragraph
                        | Tag::Heading { .. }
                        | Tag::CodeBlock(_)
                        | Tag::List(_)
                        | Tag::BlockQuote(_)
                        | Tag::Table(_) => {
                            // A block's range may take the blank lines after it: its text ends earlier.
                            let end = body.get(..ends[i]).map_or(ends[i], |b| b.trim_end().len());
                            t.blocks.entry(end).or_insert(i);
                        }
                        _ => {}
                    }
                }
                Event::End(_) => {
                    if let Some(s) = open.pop() {
                        t.closing[s] = Some(i);
                    }
                }
                _ => {}
            }
        }
        t
    }

    /// The start and end event of the element `a` belongs to.
    fn find(&self, a: &Attributes, body: &str) -> Option<(usize, usize)> {
        let i = if a.block {
            let end = body.get(..a.at).map_or(a.at, |b| b.trim_end().len());
            *self.blocks.get(&end)?
        } else {
            *self.inline.get(&a.at)?
        };
        Some((i, self.closing[i]?))
    }
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
