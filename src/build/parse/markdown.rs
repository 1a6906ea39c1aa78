//! PARSE: one Markdown body -> HTML, summary, table of contents and text statistics.
//!
//! Runs after URLs are known (links to `.md` sources are rewritten through a [`LinkResolver`])
//! and in parallel across posts, so it must stay a pure function of its inputs: no file access,
//! no shared state.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::slug::heading_id;
use links::rewrite_links;

/// Maps link destinations written in one source file to output URLs: `Some(url)` to rewrite,
/// `None` to keep the link as written (external links, anchors, unknown files — which the link
/// check reports if they lead nowhere).
pub trait LinkResolver: Sync {
    fn resolve(&self, dest: &str) -> Option<String>;

    /// The page's own href: summaries shown on list pages point `#fragment` links there.
    fn page_href(&self) -> Option<String> {
        None
    }
}

/// Rendering switches from `[markdown]` in gen.toml.
#[derive(Clone, Copy, Default)]
pub struct MdOptions<'h> {
    pub smart_punctuation: bool,
    pub external_links_new_tab: bool,
    /// `None` when `[markdown] highlight = false`.
    pub highlighter: Option<&'h crate::highlight::Highlighter>,
    /// Parse `$…$` and `$$…$$` as math (opt-in per page or site).
    pub math: bool,
    /// Attributes to put on elements (from kramdown `{: … }`, found by the dialect stage).
    pub attributes: &'h [crate::dialect::Attributes],
}

/// A heading for the table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    /// `#` and the id percent-encoded, as the heading's own anchor writes it.
    pub href: String,
    pub title: String,
}

/// How much text a body holds, for reading time and yearly numbers. Code is not counted.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct TextStats {
    /// Hangul, kana and CJK ideographs, counted one by one.
    pub cjk_chars: usize,
    /// Words of other scripts, split at white space.
    pub words: usize,
    /// Every non-space character of prose.
    pub chars: usize,
}

impl TextStats {
    /// Minutes to read: Hangul/CJK characters and other words at their own rates; at least 1.
    pub fn reading_minutes(&self, cjk_per_minute: u32, words_per_minute: u32) -> u32 {
        let minutes = self.cjk_chars as f64 / f64::from(cjk_per_minute.max(1))
            + self.words as f64 / f64::from(words_per_minute.max(1));
        (minutes.ceil() as u32).max(1)
    }
}

/// A task-list item (`- [x] ...`) and the heading it sits under, for goals written in prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskItem {
    /// The nearest heading above the item, if any.
    pub heading: Option<String>,
    pub text: String,
    pub checked: bool,
}

/// A link or image destination as written in Markdown and as it ended up in the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentLink {
    /// 1-based line in the body.
    pub line: usize,
    /// 1-based column, in characters, where the link starts (`[`, `![` or the attribute value
    /// of raw HTML).
    pub col: usize,
    /// Byte offset of that place in the body.
    pub offset: usize,
    pub written: String,
    pub href: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The body has a ```` ```mermaid ```` block: its page loads the theme's mermaid script.
    pub mermaid: bool,
    pub summary: String,
    /// `<!-- more -->` was present: the summary is what comes before it.
    pub has_more: bool,
    pub toc: Vec<TocEntry>,
    pub stats: TextStats,
    /// Every link and image in the body, for `gen check` to point at the line.
    pub links: Vec<ContentLink>,
    pub tasks: Vec<TaskItem>,
    /// The summary as plain text (no tags, no footnote marks), for meta descriptions.
    pub summary_text: String,
    /// The entry's `description`, else `summary_text`, cut at 200 characters: set once by
    /// assembly, which knows the front matter, because every list showing the entry needs it.
    pub description_text: String,
    /// The cover image's href (front matter `cover`, `image`, `featuredImage`…), resolved like a
    /// link in the body: set by assembly with the description.
    pub cover: Option<String>,
    /// What to tell the writer about the body: formulas left as source (here) and what the
    /// dialect stage found (added by assembly).
    pub notes: Vec<crate::dialect::Note>,
    /// Other generators' constructs found in the body, by kind (`liquid highlight`…).
    pub dialects: std::collections::BTreeMap<String, usize>,
    /// Tails of words written across scripts (`k8s운영` -> `운영`), for the search index.
    pub search_terms: Vec<String>,
}

/// `<!-- more -->`, however it is spaced or cased (`<!--more-->` in Hugo and Jekyll posts).
fn is_more(html: &str) -> bool {
    let squeezed: String = html.chars().filter(|c| !c.is_whitespace()).collect();
    squeezed.eq_ignore_ascii_case("<!--more-->")
}

/// Renders one Markdown body. `resolver` rewrites links to sources and assets.
pub fn render(body: &str, opts: MdOptions<'_>, resolver: &dyn LinkResolver) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut offsets: Vec<usize> = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    for (ev, range) in Parser::new_ext(body, parser_options(opts)).into_offset_iter() {
        events.push(ev);
        offsets.push(range.start);
        ends.push(range.end);
    }
    if opts.smart_punctuation {
        balance_double_quotes(&mut events);
    }
    if !opts.attributes.is_empty() {
        attrs::heading_ids(&mut events, &ends, body, opts.attributes);
    }
    out.toc = assign_heading_ids(&mut events);
    out.stats = text_stats(&events);
    out.search_terms = terms::script_tails(&events);
    out.tasks = task_items(&events, &out.toc);
    out.mermaid = events.iter().any(|e| {
        matches!(e, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
            if lang.split(|c: char| c.is_whitespace() || c == ',' || c == '{').next().is_some_and(|l| l.eq_ignore_ascii_case("mermaid")))
    });
    rewrite_links(&mut events, &offsets, body, opts, resolver, &mut out);
    // After the links: MathML is made here, not written in the body, so it holds none of its
    // links (and its length is not the formula's, so places in it are not the body's).
    if opts.math {
        out.notes = crate::math::replace_math(&mut events, &offsets, body);
    }
    let events = if opts.attributes.is_empty() { events } else { attrs::apply(events, &ends, body, opts.attributes) };
    let events = crate::codeblock::replace_code_blocks(events, opts.highlighter);
    let events = heading_anchors(events);
    let cut = summary_cut(&events);
    out.has_more = matches!(cut, Cut::More(_));
    let summary_events = match cut {
        Cut::More(i) => closed(&events[..i]),
        Cut::Paragraph(a, b) => events[a..b].to_vec(),
        Cut::None => Vec::new(),
    };
    let summary_events = anchor_to_page(summary_events, resolver.page_href().as_deref());
    out.summary_text = plain_text(&summary_events);
    html::push_html(&mut out.summary, summary_events.into_iter());
    out.html.reserve(body.len() + body.len() / 2);
    html::push_html(&mut out.html, events.into_iter());
    out
}

/// In a summary, `#fragment` links and anchors lead to the post's own page, not to the list
/// page the summary is shown on.
/// Footnote marks are dropped: their notes are not part of the summary.
fn anchor_to_page<'a>(mut events: Vec<Event<'a>>, page: Option<&str>) -> Vec<Event<'a>> {
    events.retain(|e| !matches!(e, Event::FootnoteReference(_)));
    let Some(page) = page else { return events };
    for ev in &mut events {
        match ev {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with('#') => {
                *dest_url = CowStr::from(format!("{page}{dest_url}"));
            }
            Event::InlineHtml(h) if h.starts_with("<a class=\"anchor\" href=\"#") => {
                *h = CowStr::from(h.replacen("href=\"#", &format!("href=\"{page}#"), 1));
            }
            _ => {}
        }
    }
    events
}

/// The events with every tag still open at their end closed, so that a `<!-- more -->` in the
/// middle of a paragraph or list still gives well-formed HTML.
fn closed<'a>(events: &[Event<'a>]) -> Vec<Event<'a>> {
    let mut open: Vec<TagEnd> = Vec::new();
    for ev in events {
        match ev {
            Event::Start(tag) => open.push(tag.to_end()),
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
    }
    let mut out = events.to_vec();
    out.extend(open.into_iter().rev().map(Event::End));
    out
}

fn parser_options(opts: MdOptions<'_>) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if opts.smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    if opts.math {
        o |= Options::ENABLE_MATH;
    }
    o
}

/// Smart punctuation reads `"영어 글"을` as two opening quotes, because a Korean particle
/// follows the closing quote with no space. Within one block, a second opening double quote
/// while one is open is the closing one.
fn balance_double_quotes(events: &mut [Event<'_>]) {
    let mut open = false;
    for ev in events.iter_mut() {
        match ev {
            Event::Text(t) if t.contains(['“', '”']) => {
                let mut fixed = String::with_capacity(t.len());
                for c in t.chars() {
                    let c = match c {
                        '“' if open => '”',
                        c => c,
                    };
                    open = match c {
                        '“' => true,
                        '”' => false,
                        _ => open,
                    };
                    fixed.push(c);
                }
                *t = CowStr::from(fixed);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => open = false,
            _ => {}
        }
    }
}

/// Gives every heading a unique id (its `{#id}` if written, else GitHub-style from its text) and
/// returns the table of contents.
fn assign_heading_ids(events: &mut [Event<'_>]) -> Vec<TocEntry> {
    let mut toc = Vec::new();
    // Ids the theme uses (`main` for the skip link) are taken; a number alone would clash with
    // footnote ids, so it gets a prefix.
    let mut used = Ids::default();
    used.used.insert("main".to_owned());
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let (level, explicit) = (heading_level(*level), id.as_ref().map(|s| s.to_string()));
            let title = plain_text_until_end(&events[i + 1..]);
            let base = explicit.unwrap_or_else(|| heading_id(&title));
            let base = if base.is_empty() {
                "section".to_owned()
            } else if base.bytes().all(|b| b.is_ascii_digit()) {
                format!("section-{base}")
            } else {
                base
            };
            let id = unique(&base, &mut used);
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id.clone()));
            }
            toc.push(TocEntry { level, href: fragment_href(&id), id, title });
        }
        i += 1;
    }
    toc
}

fn heading_level(l: HeadingLevel) -> u8 {
    l as u8
}

/// Puts a `#` link to itself at the end of every heading, for copying a section's address.
fn heading_anchors(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len() + 16);
    let mut current: Option<String> = None;
    for ev in events {
        match &ev {
            Event::Start(Tag::Heading { id, .. }) => current = id.as_ref().map(|i| i.to_string()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(id) = current.take() {
                    let mut a = String::from("<a class=\"anchor\" href=\"");
                    a.push_str(&fragment_href(&id));
                    a.push_str("\" aria-hidden=\"true\" tabindex=\"-1\">#</a>");
                    out.push(Event::InlineHtml(CowStr::from(a)));
                }
            }
            _ => {}
        }
        out.push(ev);
    }
    out
}

/// `#` and `id` percent-encoded (and HTML-safe): the href of a link to a heading.
fn fragment_href(id: &str) -> String {
    let mut href = String::from("#");
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut href, id);
    href
}

/// Ids taken so far, and for each base the next number to try: 10,000 identical headings
/// must not try 1, 2, 3… again for each one (that was quadratic).
#[derive(Default)]
struct Ids {
    used: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

/// GitHub's rule: the second "intro" is "intro-1", the third "intro-2".
fn unique(base: &str, ids: &mut Ids) -> String {
    let mut n = ids.next.get(base).copied().unwrap_or(0);
    let mut candidate = if n == 0 { base.to_owned() } else { format!("{base}-{n}") };
    while ids.used.contains(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    ids.next.insert(base.to_owned(), n + 1);
    ids.used.insert(candidate.clone());
    candidate
}

fn plain_text_until_end(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for ev in events {
        match ev {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            _ => {}
        }
    }
    crate::slug::nfc(s.trim())
}

/// Every task-list item with the heading it follows. Nested lists end the item's text.
fn task_items(events: &[Event<'_>], toc: &[TocEntry]) -> Vec<TaskItem> {
    let mut out = Vec::new();
    let mut heading: Option<usize> = None;
    let mut seen_headings = 0;
    for (i, ev) in events.iter().enumerate() {
        match ev {
            Event::Start(Tag::Heading { .. }) => {
                heading = Some(seen_headings);
                seen_headings += 1;
            }
            Event::TaskListMarker(checked) => {
                let text = item_text(&events[i + 1..]);
                let heading = heading.and_then(|h| toc.get(h)).map(|t| t.title.clone());
                out.push(TaskItem { heading, text, checked: *checked });
            }
            _ => {}
        }
    }
    out
}

fn item_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for ev in events {
        match ev {
            Event::End(TagEnd::Item) | Event::Start(Tag::List(_)) => break,
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    crate::slug::nfc(s.trim())
}

/// A front-matter text as plain text: Markdown marks (`**`, `` ` ``, links) taken off, never
/// rendered; for meta descriptions of posts whose `description` or `excerpt` was written in
/// Markdown (Jekyll, Hugo).
pub fn plain(text: &str) -> String {
    if !text.contains(['*', '_', '`', '[', '<', '#', '\\', '&', '~']) {
        return text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let events: Vec<Event<'_>> = Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH).collect();
    plain_text(&events)
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for ev in events {
        match ev {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => s.push(' '),
            _ => {}
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_stats(events: &[Event<'_>]) -> TextStats {
    let mut stats = TextStats::default();
    let mut in_code = 0usize;
    for ev in events {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(t) if in_code == 0 => count_text(t, &mut stats),
            _ => {}
        }
    }
    stats
}

/// Counts CJK characters one by one and other words at white space (a word touching Hangul,
/// as in "Rust로", counts once as a word and its Hangul as characters).
pub fn count_text(t: &str, stats: &mut TextStats) {
    // One pass over the characters (splitting at white space first walked the text twice);
    // ASCII, most of any post, is classified without Unicode tables.
    let (mut in_word, mut other) = (false, false);
    for c in t.chars() {
        if c.is_whitespace() {
            stats.words += usize::from(in_word && other);
            (in_word, other) = (false, false);
            continue;
        }
        in_word = true;
        stats.chars += 1;
        if c.is_ascii() {
            other |= c.is_ascii_alphanumeric();
        } else if is_cjk(c) {
            stats.cjk_chars += 1;
        } else if c.is_alphanumeric() {
            other = true;
        }
    }
    stats.words += usize::from(in_word && other);
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF // Hangul
        | 0x3040..=0x30FF // kana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F) // ideographs
}

enum Cut {
    More(usize),
    Paragraph(usize, usize),
    None,
}

/// Where the summary ends: at `<!-- more -->`, else after the first paragraph.
fn summary_cut(events: &[Event<'_>]) -> Cut {
    if let Some(i) = events.iter().position(|e| matches!(e, Event::Html(h) | Event::InlineHtml(h) if is_more(h))) {
        return Cut::More(i);
    }
    let start = events.iter().position(attrs::opens_paragraph);
    let Some(start) = start else { return Cut::None };
    let mut depth = 0usize;
    for (j, e) in events.iter().enumerate().skip(start) {
        if attrs::opens_paragraph(e) {
            depth += 1;
        } else if attrs::closes_paragraph(e) {
            depth -= 1;
            if depth == 0 {
                return Cut::Paragraph(start, j + 1);
            }
        }
    }
    Cut::None
}

mod attrs;
mod links;
mod terms;

#[cfg(test)]
mod tests;
