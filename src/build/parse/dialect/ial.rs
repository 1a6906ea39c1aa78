//! DIALECT: kramdown inline attribute lists, `{: .class #id key="value" }`. Right after an
//! image or link (`![a](b.png){: .center }`) they go on that element; on a line of their own
//! after a block, on that block. Never printed; the Markdown stage puts them on the element.

use regex::Captures;

use super::Attributes;
use std::sync::LazyLock;

use regex::Regex;

use super::{Cx, Edit};

/// The end of a Markdown link or image on the line: `](dest)` or `](dest "title")`.
static LINK_END: LazyLock<Regex> = LazyLock::new(|| {
    // A constant pattern: a typo is a bug the tests catch at once.
    Regex::new(r"\]\([^()\n]*(\([^()\n]*\)[^()\n]*)*\)$").unwrap_or_else(|e| panic!("{e}"))
});

pub(super) fn edit(cx: &mut Cx<'_>, m: &Captures<'_>) -> Option<Edit> {
    let whole = m.get(0)?.range();
    if cx.in_code(whole.start) {
        return None;
    }
    let mut attrs = parse(m.name("ial")?.as_str())?;
    let line_start = cx.body[..whole.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = cx.body[whole.end..].find('\n').map_or(cx.body.len(), |i| whole.end + i);
    let alone = cx.body[line_start..whole.start].trim().is_empty() && cx.body[whole.end..line_end].trim().is_empty();
    // On its own line: the block right above it. Right after `)`: the image or link it closes.
    attrs.block = alone;
    // Only the end of the line before it is read: a line of many lists stays linear.
    let mut from = whole.start.saturating_sub(512).max(line_start);
    while !cx.body.is_char_boundary(from) {
        from += 1;
    }
    if !alone && !LINK_END.is_match(&cx.body[from..whole.start]) {
        return None; // `{: …}` in running text, not after a link or image, is text
    }
    let above = cx.body[..line_start].trim_end_matches('\n');
    let above = &above[above.rfind('\n').map_or(0, |i| i + 1)..];
    if alone && above.trim().is_empty() {
        let written = cx.body[whole.clone()].to_owned();
        cx.note(whole.start, false, format!("`{written}` has no block right above it, so it is ignored"));
        cx.count("kramdown unknown");
        return Some(Edit { range: line_start..line_end, with: String::new(), attributes: None });
    }
    cx.count("kramdown attributes");
    let range = if alone { line_start..line_end } else { whole };
    Some(Edit { range, with: String::new(), attributes: Some(attrs) })
}

/// `.a .b #id key="v" k2='w' k3=x` -> attributes; `None` when it holds anything else (then it
/// is not an attribute list but text that looks like one).
fn parse(text: &str) -> Option<Attributes> {
    let mut out = Attributes::default();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let end = token_end(rest);
        let token = &rest[..end];
        if let Some(class) = token.strip_prefix('.') {
            out.classes.push(class.to_owned());
        } else if let Some(id) = token.strip_prefix('#') {
            out.id = Some(id.to_owned());
        } else if let Some((k, v)) = token.split_once('=') {
            let key_ok = !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || "-_:".contains(c));
            if !key_ok {
                return None;
            }
            out.pairs.push((k.to_owned(), v.trim_matches(['"', '\'']).to_owned()));
        } else {
            return None;
        }
        rest = rest[end..].trim_start();
    }
    (!out.classes.is_empty() || out.id.is_some() || !out.pairs.is_empty()).then_some(out)
}

/// The end of one attribute: at white space outside quotes.
fn token_end(text: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => return i,
            _ => {}
        }
    }
    text.len()
}
