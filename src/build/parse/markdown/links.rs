//! PARSE (Markdown): the links and images of a body — rewritten to the URLs of the sources
//! they name, opened in a new tab when the site asks, and recorded with the line and column
//! that wrote them (raw HTML's too, read with the HTML tokenizer) for the link check. Pure;
//! resolves through the [`LinkResolver`] it is given and reads nothing else.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{ContentLink, LinkResolver, MdOptions, Rendered};

pub(super) fn rewrite_links(
    events: &mut [Event<'_>],
    offsets: &[usize],
    body: &str,
    opts: MdOptions<'_>,
    resolver: &dyn LinkResolver,
    out: &mut Rendered,
) {
    let mut new_tab_depth: Vec<bool> = Vec::new();
    let mut pos = Position::new(body);
    // An HTML block comes as one event a line; a tag may span lines, so the block is read whole.
    let mut block: Vec<(String, usize)> = Vec::new();
    for (i, ev) in events.iter_mut().enumerate() {
        match ev {
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                let (line, col) = pos.at(offsets[i]);
                let written = dest_url.to_string();
                let dest = resolver.resolve(&written);
                out.links.push(ContentLink {
                    line,
                    col,
                    offset: offsets[i],
                    href: dest.clone().unwrap_or_else(|| written.clone()),
                    written,
                });
                let is_link = matches!(ev, Event::Start(Tag::Link { .. }));
                if let Some(d) = dest {
                    set_dest(ev, d);
                }
                if is_link {
                    let external = opts.external_links_new_tab && is_external(ev);
                    if external {
                        *ev = Event::Html(CowStr::from(open_new_tab(ev)));
                    }
                    new_tab_depth.push(external);
                }
            }
            Event::Html(h) => block.push((h.to_string(), offsets[i])),
            Event::End(TagEnd::HtmlBlock) => raw_html_links(&std::mem::take(&mut block), &mut pos, &mut out.links),
            // Most inline HTML (`<br>`, `<kbd>`) has no attribute: no copy for it.
            Event::InlineHtml(h) if h.contains('=') => {
                raw_html_links(&[(h.to_string(), offsets[i])], &mut pos, &mut out.links)
            }
            Event::End(TagEnd::Link) if new_tab_depth.pop() == Some(true) => {
                *ev = Event::Html(CowStr::Borrowed("</a>"));
            }
            _ => {}
        }
    }
}

/// Links that raw HTML in the body writes (`<a href>`, `<img src>`), read with the HTML
/// tokenizer, kept as written (raw HTML is never rewritten) and placed at their attribute.
/// `parts` are the HTML's pieces with their offsets in the body (a block inside a list or quote
/// has its markers between them).
fn raw_html_links(parts: &[(String, usize)], pos: &mut Position<'_>, links: &mut Vec<ContentLink>) {
    if !parts.iter().any(|(h, _)| h.contains('=')) {
        return;
    }
    let html: String = parts.iter().map(|(h, _)| h.as_str()).collect();
    let mut starts = Vec::with_capacity(parts.len());
    let mut joined = 0;
    for (h, offset) in parts {
        starts.push((joined, *offset));
        joined += h.len();
    }
    for (href, at) in crate::html::link_attrs(&html) {
        let k = starts.partition_point(|(s, _)| *s <= at).saturating_sub(1);
        let offset = starts[k].1 + at - starts[k].0;
        let (line, col) = pos.at(offset);
        links.push(ContentLink { line, col, offset, written: href.clone(), href });
    }
}

/// Line and column of byte offsets that only grow, counted from where the last one ended: a
/// long post full of links stays linear.
struct Position<'b> {
    body: &'b str,
    counted: usize,
    line: usize,
    col: usize,
}

impl<'b> Position<'b> {
    fn new(body: &'b str) -> Self {
        Position { body, counted: 0, line: 1, col: 1 }
    }

    fn at(&mut self, offset: usize) -> (usize, usize) {
        let mut upto = offset.min(self.body.len()).max(self.counted);
        while !self.body.is_char_boundary(upto) {
            upto -= 1;
        }
        for c in self.body[self.counted.min(upto)..upto].chars() {
            if c == '\n' {
                (self.line, self.col) = (self.line + 1, 1);
            } else {
                self.col += 1;
            }
        }
        self.counted = self.counted.max(upto);
        (self.line, self.col)
    }
}

fn set_dest(ev: &mut Event<'_>, d: String) {
    if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = ev {
        *dest_url = CowStr::from(d);
    }
}

fn is_external(ev: &Event<'_>) -> bool {
    matches!(ev, Event::Start(Tag::Link { dest_url, .. })
        if dest_url.starts_with("http://") || dest_url.starts_with("https://"))
}

fn open_new_tab(ev: &Event<'_>) -> String {
    let Event::Start(Tag::Link { dest_url, title, .. }) = ev else {
        return String::new();
    };
    let mut s = String::from("<a href=\"");
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut s, dest_url);
    s.push('"');
    if !title.is_empty() {
        s.push_str(" title=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut s, title);
        s.push('"');
    }
    s.push_str(" target=\"_blank\" rel=\"noopener\">");
    s
}
