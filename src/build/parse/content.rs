//! PARSE: read one Markdown source and type its front matter, in parallel across files.
//!
//! Input: a discovered [`Source`]. Output: a [`Doc`] (typed front matter plus the body text) or
//! located errors. Bytes are cleaned here once — BOM dropped, CRLF to LF, invalid UTF-8
//! reported, text NFC — so later stages never see them. Markdown is rendered later, once every
//! URL is known; this module must not know about other files.

use std::path::Path;

use rayon::prelude::*;

use crate::discover::{Kind, Source};
use crate::error::{Diagnostic, Diagnostics};
use crate::fields::{self, FrontMatter, Reading};
use crate::frontmatter::{self, Located};
use crate::slug::nfc_owned;

/// A parsed source: typed front matter and the Markdown body.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Shared: `gen serve` hands the kept parse of an unchanged file to every build.
    pub source: std::sync::Arc<Source>,
    pub fm: std::sync::Arc<FrontMatter>,
    /// Shared: `gen serve` keeps parsed files across rebuilds and must not copy them.
    pub body: std::sync::Arc<str>,
    /// Identifies the front matter and body together (`gen serve` only; 0 in `gen build`).
    pub digest: u64,
    /// 1-based file line where the body starts.
    pub body_line: usize,
}

/// Parses every post and page in parallel. Problems go to `diags`; a file with errors yields no
/// [`Doc`]. The result keeps the (sorted) order of `sources`.
pub fn parse_all(sources: &[Source], reading: Reading<'_>, diags: &mut Diagnostics) -> Vec<Doc> {
    let results: Vec<(Option<Doc>, Vec<Diagnostic>)> =
        sources.par_iter().filter(|s| s.kind != Kind::Asset).map(|s| parse_one(s, reading)).collect();
    let mut docs = Vec::with_capacity(results.len());
    for (doc, found) in results {
        diags.extend(found);
        docs.extend(doc);
    }
    docs
}

/// What a parse depends on besides the file: a parse is reused while the file and this are
/// the same (`gen serve`).
pub fn stamp_key(reading: Reading<'_>) -> String {
    format!("{} {:?}", reading.tz.iana_name().unwrap_or(""), reading.keys)
}

/// Reads and parses one file.
pub fn parse_one(source: &Source, reading: Reading<'_>) -> (Option<Doc>, Vec<Diagnostic>) {
    match read(source) {
        Ok(bytes) => parse_owned(source, bytes, reading),
        Err(d) => (None, vec![d]),
    }
}

/// A source's bytes, or an error saying why they cannot be read.
pub fn read(source: &Source) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(&source.path).map_err(|e| Diagnostic::error(&source.path, 0, 0, format!("cannot read: {e}")))
}

/// What a file said, as `gen serve`'s caches know it: a hash of its bytes.
pub fn digest(bytes: &[u8]) -> u64 {
    crate::digest::key(&[&bytes])
}

/// [`parse_one`] of bytes already read, whose [`digest`] is `digest` (`gen serve`, whose caches
/// are keyed by it; `gen build` does not spend the time on a hash).
pub fn parse_digested(
    source: &Source,
    bytes: Vec<u8>,
    digest: u64,
    reading: Reading<'_>,
) -> (Option<Doc>, Vec<Diagnostic>) {
    let (doc, diags) = parse_owned(source, bytes, reading);
    (doc.map(|d| Doc { digest, ..d }), diags)
}

/// Parses file contents; split out from [`parse_one`] so tests need no files.
pub fn parse_bytes(source: &Source, bytes: &[u8], tz: &jiff::tz::TimeZone) -> (Option<Doc>, Vec<Diagnostic>) {
    parse_owned(source, bytes.to_vec(), Reading::tz(tz))
}

/// Parses file contents read into `bytes`, which become the text without a copy when they
/// are clean UTF-8 in NFC (the common case; the text of a big blog is hundreds of MB).
fn parse_owned(source: &Source, bytes: Vec<u8>, reading: Reading<'_>) -> (Option<Doc>, Vec<Diagnostic>) {
    let path = source.path.as_path();
    let text = match clean_text(bytes) {
        Ok(t) => t,
        Err(l) => return (None, vec![located(path, l, true)]),
    };
    let (text, controls) = without_controls(text);
    let split = match frontmatter::split(&text) {
        Ok(s) => s,
        Err(l) => return (None, vec![located(path, l, true)]),
    };
    let map = match frontmatter::parse(&split) {
        Ok(m) => m,
        Err(l) => return (None, vec![located(path, l, true)]),
    };
    let cut = frontmatter::cut_at_comments(&split, &map);
    let (fm, found) = fields::resolve(map, &split, reading);
    let mut diags: Vec<Diagnostic> = found.errors.into_iter().map(|l| located(path, l, true)).collect();
    let ok = diags.is_empty();
    diags.extend(controls.map(|l| located(path, l, false)));
    diags.extend(cut.into_iter().map(|l| located(path, l, false)));
    diags.extend(found.warnings.into_iter().map(|l| located(path, l, false)));
    let body_line = split.body_line;
    if crate::discover::is_mdx(&source.rel)
        && let Some(line) = mdx_module_line(split.body)
    {
        let at = body_line + line - 1;
        let msg = "MDX with `import`/`export` is skipped (its components need a JavaScript build); \
                       remove those lines to build it as Markdown, or convert it to .md";
        return (None, vec![Diagnostic::warning(path, at, 1, msg)]);
    }
    let body = split.body.into();
    let doc =
        ok.then(|| Doc { source: std::sync::Arc::new(source.clone()), fm: fm.into(), body, body_line, digest: 0 });
    (doc, diags)
}

/// The body line of the first MDX `import` or `export` statement: a top-level paragraph that
/// starts with one (inside code or a list it is text).
fn mdx_module_line(body: &str) -> Option<usize> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut depth = 0usize;
    let mut paragraph_at: Option<usize> = None;
    for (ev, range) in Parser::new(body).into_offset_iter() {
        match ev {
            Event::Start(Tag::Paragraph) if depth == 0 => paragraph_at = Some(range.start),
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Paragraph) if depth == 0 => paragraph_at = None,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(t) => {
                if let Some(start) = paragraph_at.take()
                    && (t.starts_with("import ") || t.starts_with("export "))
                {
                    return Some(body[..start].matches('\n').count() + 1);
                }
            }
            _ => paragraph_at = None,
        }
    }
    None
}

fn located(path: &Path, l: Located, error: bool) -> Diagnostic {
    if error {
        Diagnostic::error(path, l.line, l.col, l.message)
    } else {
        Diagnostic::warning(path, l.line, l.col, l.message)
    }
}

/// The text without control characters (NUL, BEL, ESC codes pasted from a terminal…; tabs and
/// line breaks stay) and U+FFFE/FFFF: invisible in a page, not allowed in XML feeds. One warning
/// at the first, for the file.
fn without_controls(text: String) -> (String, Option<Located>) {
    let bad = |c: char| (c.is_control() && c != '\n' && c != '\t') || c == '\u{FFFE}' || c == '\u{FFFF}';
    let Some(first) = text.find(bad) else { return (text, None) };
    let (line, col) = crate::error::line_col(&text, first);
    let count = text.chars().filter(|c| bad(*c)).count();
    let c = text[first..].chars().next().unwrap_or('\0');
    let msg = format!(
        "{count} control character{} (the first is U+{:04X}) removed: they are invisible on a page and not allowed in feeds",
        if count == 1 { "" } else { "s" },
        c as u32
    );
    (text.chars().filter(|c| !bad(*c)).collect(), Some(Located::new(line, col, msg)))
}

/// UTF-8 text without BOM, with `\n` line ends, in NFC. Invalid UTF-8 is an error at the line
/// of the first bad byte.
fn clean_text(mut bytes: Vec<u8>) -> Result<String, Located> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let col = good.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        Located::new(line, col, "the file is not valid UTF-8: save it as UTF-8 (EUC-KR/CP949 exports from old blogs need converting, e.g. `iconv -f cp949 -t utf-8`)")
    })?;
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text };
    Ok(nfc_owned(text))
}

#[cfg(test)]
mod tests;
