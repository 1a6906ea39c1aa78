//! DIALECT: kramdown inline attribute lists, `{: .class #id key="value" }`. Right after an
//! image or link (`![a](b.png){: .center }`) they go on that element; on a line of their own
//! after a block, on that block. Never printed; the Markdown stage puts them on the element.

use regex::Captures;

use super::Attributes;
use super::{Cx, Edit};

pub(super) fn edit(cx: &mut Cx<'_>, m: &Captures<'_>) -> Option<Edit> {
    let whole = m.get(0)?.range();
    if cx.in_code(whole.start) {
        return None;
    }
    let mut attrs = parse(m.name("ial")?.as_str())?;
    let line_start = cx.body[..whole.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = cx.body[whole.end..].find('\n').map_or(cx.body.len(), |i| whole.end + i);
    let alone = cx.body[line_start..whole.start].trim().is_empty() && cx.body[whole.end..line_end].trim().is_empty();
    // On its own line: the block above it. Right after `)`: the image or link it closes.
    attrs.block = alone;
    if !alone && !cx.body[..whole.start].ends_with(')') {
        return None; // `{: …}` in running text is text
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
