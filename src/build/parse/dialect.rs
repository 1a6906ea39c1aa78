//! DIALECT (between parse and Markdown): other generators' body syntax, rewritten once into the
//! CommonMark that the Markdown stage renders — Jekyll's Liquid tags, Hugo's shortcodes,
//! kramdown's attribute lists, Obsidian's wikilinks and embeds.
//!
//! Input: one body and what it may refer to ([`Sources`]). Output: the rewritten body, a map
//! from its offsets back to the source's (so every later line:col is the file's), attributes
//! for the Markdown stage to put on elements, findings at `line:col`, and counts for
//! `gen check --migrate`. Code is never rewritten: fenced, indented and inline code are found
//! with pulldown-cmark and skipped. What is not understood stays visible (as inline code) with
//! a warning; nothing is dropped silently and nothing becomes live HTML. No file access.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};
use regex::Regex;

mod hugo;
mod ial;
mod liquid;
mod obsidian;

/// What a body may point at: other sources, by the names other generators use.
pub trait Sources: Sync {
    /// The content path (`posts/2025-08-03-mail.md`) of a Jekyll post named by its file stem
    /// (`2025-08-03-mail`), as `{% post_url %}` names it.
    fn post_named(&self, stem: &str) -> Option<String>;
    /// The content path of a file named as Obsidian names it: a file name (`note`, `a.png`) or a
    /// path ending (`dir/note`), case-insensitive, without or with its extension.
    fn by_name(&self, name: &str) -> Option<String>;
    /// Whether the content path exists.
    fn has(&self, rel: &str) -> bool;
    /// The published href of a content path.
    fn href(&self, rel: &str) -> Option<String>;
}

/// Which dialects are on for this site.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Obsidian `[[wikilinks]]` and `![[embeds]]` (off by default: `[[x]]` is text elsewhere).
    pub wikilinks: bool,
}

/// A finding at a place in the body (1-based line and column of the source body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub line: usize,
    pub col: usize,
    /// Byte offset of the place in the body, for mapping it back through a rewrite.
    pub offset: usize,
    pub error: bool,
    pub message: String,
}

/// The rewritten body.
#[derive(Debug, Clone, Default)]
pub struct Rewritten {
    pub text: String,
    /// (offset in `text`, offset in the source body, copied) at the start of each copied or
    /// rewritten piece, ascending: a position in a copied piece maps back through it, one in
    /// a rewritten piece to where the construct started.
    pub map: Vec<(usize, usize, bool)>,
    /// Attributes for elements (kramdown `{: .class }`), at offsets in `text`.
    pub attributes: Vec<Attributes>,
    pub notes: Vec<Note>,
    /// Constructs found, by dialect and kind (`liquid highlight`, `hugo youtube`...).
    pub counts: BTreeMap<String, usize>,
}

impl Rewritten {
    /// The source body offset of an offset in the rewritten text.
    pub fn source_offset(&self, at: usize) -> usize {
        let i = self.map.partition_point(|(out, _, _)| *out <= at).saturating_sub(1);
        match self.map.get(i) {
            Some((out, src, true)) => src + (at - out),
            Some((_, src, false)) => *src,
            None => at,
        }
    }
}

/// Attributes for the element that ends at byte `at` of the rewritten body: an image or link
/// when `block` is false, else the outermost block that ends there (white space between).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes {
    pub at: usize,
    pub block: bool,
    pub id: Option<String>,
    pub classes: Vec<String>,
    pub pairs: Vec<(String, String)>,
}

/// One recognised construct: where it is in the source, what replaces it.
struct Edit {
    range: Range<usize>,
    with: String,
    attributes: Option<Attributes>,
}

/// Everything a rewrite reads.
struct Cx<'a> {
    body: &'a str,
    sources: &'a dyn Sources,
    opts: Options,
    code: Vec<Range<usize>>,
    /// (offset, error, message): made into line and column once, in order, at the end.
    notes: Vec<(usize, bool, String)>,
    counts: BTreeMap<String, usize>,
    /// Closing tags known to be absent after an offset: an unclosed opener repeated a thousand
    /// times must not search to the end a thousand times.
    unclosed: BTreeMap<&'static str, usize>,
}

impl Cx<'_> {
    fn in_code(&self, at: usize) -> bool {
        let i = self.code.partition_point(|r| r.end <= at);
        self.code.get(i).is_some_and(|r| r.start <= at)
    }

    fn count(&mut self, what: &str) {
        *self.counts.entry(what.to_owned()).or_default() += 1;
    }

    fn note(&mut self, at: usize, error: bool, message: String) {
        self.notes.push((at, error, message));
    }

    /// The first `closer` match after `from`, remembering when there is none.
    fn find_closer(&mut self, name: &'static str, closer: &Regex, from: usize) -> Option<Range<usize>> {
        if self.unclosed.get(name).is_some_and(|&after| after <= from) {
            return None;
        }
        let found = closer.find_at(self.body, from).map(|m| m.range());
        if found.is_none() {
            self.unclosed.insert(name, from);
        }
        found
    }

    /// Whether only white space (or a list's indent, a quote's `>`) stands before `at` on its
    /// line and after `end` on its line: the construct is a block of its own.
    fn alone(&self, at: usize, end: usize) -> bool {
        let line_start = self.body[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.body[end..].find('\n').map_or(self.body.len(), |i| end + i);
        self.body[line_start..at].chars().all(|c| c.is_whitespace() || c == '>')
            && self.body[end..line_end].trim().is_empty()
    }

    /// A fenced code block replacing `open.start..close.end`, its content the text between.
    /// Inside a list or quote the fences carry the opener's indent or `>`; written inside a
    /// line, the block gets lines of its own.
    fn fence(&mut self, open: Range<usize>, close: Range<usize>, lang: &str) -> Edit {
        let line_start = self.body[..open.start].rfind('\n').map_or(0, |i| i + 1);
        let prefix = &self.body[line_start..open.start];
        let alone = self.alone(open.start, close.end);
        let prefix = if alone { prefix } else { "" };
        let inner = &self.body[open.end..close.start];
        let mut lines: Vec<&str> = inner.split('\n').collect();
        if lines.first().is_some_and(|l| l.trim().is_empty()) {
            lines.remove(0);
        }
        if lines.last().is_some_and(|l| l.trim() == prefix.trim() || l.trim().is_empty()) {
            lines.pop();
        }
        let code = lines.join("\n");
        let longest =
            lines.iter().map(|l| l.trim_start_matches([' ', '>']).chars().take_while(|c| *c == '`').count()).max();
        let fence = "`".repeat(longest.unwrap_or(0).max(2) + 1);
        let lang: String = lang.chars().filter(|c| c.is_alphanumeric() || "-+_.#".contains(*c)).collect();
        let block = if code.is_empty() {
            format!("{fence}{lang}\n{prefix}{fence}")
        } else {
            format!("{fence}{lang}\n{code}\n{prefix}{fence}")
        };
        let with = if alone { block } else { format!("\n\n{block}\n\n") };
        Edit { range: open.start..close.end, with, attributes: None }
    }
}

static TOKEN: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    // One pass finds every construct; each dialect reads its own matches. The regex crate
    // matches in linear time, whatever the input.
    Regex::new(concat!(
        r"\{%-?\s*(?P<liquid>[A-Za-z_]+)(?P<largs>[^%\n]*?)-?%\}",
        r"|\{\{\s*(?P<lout>site\.baseurl|site\.url|(?:'[^'\n]*'|\x22[^\x22\n]*\x22)\s*\|\s*(?:relative_url|absolute_url))\s*\}\}",
        r"|\{\{(?P<hopen>[<%])\s*(?P<hclose>/?)\s*(?P<hugo>[A-Za-z][\w./-]*)(?P<hargs>[^\n]*?)\s*(?:[>%])\}\}",
        r"|\{:\s*(?P<ial>[^}\n]*)\}",
        r"|(?P<wembed>!?)\[\[(?P<wiki>[^\[\]\n]+)\]\]",
    ))
    .unwrap_or_else(|e| panic!("dialect pattern: {e}"))
});

/// Rewrites one body; `None` when it holds none of the constructs (most posts: the body is
/// then rendered as it is, without a copy).
pub fn rewrite(body: &str, sources: &dyn Sources, opts: Options) -> Option<Rewritten> {
    // Not even the code ranges are worth finding in a body without any opener.
    let openers = ["{%", "{{", "{:"].iter().any(|o| body.contains(o)) || opts.wikilinks && body.contains("[[");
    if !openers {
        return None;
    }
    let mut cx = Cx {
        body,
        sources,
        opts,
        code: code_ranges(body),
        notes: Vec::new(),
        counts: BTreeMap::new(),
        unclosed: BTreeMap::new(),
    };
    let edits = find_edits(&mut cx);
    if edits.is_empty() && cx.notes.is_empty() {
        return None;
    }
    Some(apply(body, edits, cx))
}

fn find_edits(cx: &mut Cx<'_>) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    let mut from = 0;
    while let Some(m) = TOKEN.captures_at(cx.body, from) {
        let whole = m.get(0).map_or(from..from + 1, |w| w.range());
        from = whole.end.max(whole.start + 1);
        if edits.last().is_some_and(|e| e.range.end > whole.start) {
            continue; // inside a block an earlier construct took
        }
        let edit = if m.name("liquid").is_some() || m.name("lout").is_some() {
            liquid::edit(cx, &m)
        } else if m.name("hugo").is_some() {
            hugo::edit(cx, &m)
        } else if m.name("ial").is_some() {
            ial::edit(cx, &m)
        } else if m.name("wiki").is_some() && cx.opts.wikilinks {
            obsidian::edit(cx, &m)
        } else {
            None
        };
        if let Some(e) = edit {
            from = from.max(e.range.end);
            edits.push(e);
        }
    }
    edits
}

fn apply(body: &str, edits: Vec<Edit>, mut cx: Cx<'_>) -> Rewritten {
    cx.notes.sort_by_key(|(at, _, _)| *at);
    let places = crate::error::line_cols(body, cx.notes.iter().map(|(at, _, _)| *at));
    let notes = cx.notes.into_iter().zip(places).map(|((offset, error, message), (line, col))| Note {
        line,
        col,
        offset,
        error,
        message,
    });
    let mut out = Rewritten { notes: notes.collect(), counts: cx.counts, ..Rewritten::default() };
    let mut at = 0;
    for e in edits {
        out.map.push((out.text.len(), at, true));
        out.text.push_str(&body[at..e.range.start]);
        out.map.push((out.text.len(), e.range.start, false));
        out.text.push_str(&e.with);
        if let Some(mut a) = e.attributes {
            a.at = out.text.len();
            out.attributes.push(a);
        }
        at = e.range.end;
    }
    out.map.push((out.text.len(), at, true));
    out.text.push_str(&body[at..]);
    out
}

/// Fenced and indented code blocks and inline code spans of a body, in order.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (ev, range) in Parser::new(body).into_offset_iter() {
        if matches!(ev, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)) {
            out.push(range);
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// `text` as inline code that shows it as written (a warning says why it is there).
pub(crate) fn visible(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A content source as a link destination inside `(…)`: rooted, for the Markdown stage to
/// resolve like any link to a `.md` file.
fn rooted(rel: &str, fragment: &str) -> String {
    format!("/{}{fragment}", rel.replace(' ', "%20"))
}

/// The destination of a Markdown link to a content source: rooted, in angle brackets (paths
/// may hold spaces), for the Markdown stage to resolve like any link to a `.md` file.
fn source_dest(rel: &str, fragment: &str) -> String {
    format!("</{rel}{fragment}>")
}

#[cfg(test)]
mod tests;
