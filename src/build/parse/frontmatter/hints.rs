//! PARSE (helper of `frontmatter`): what to tell a blogger whose YAML value needed quotes.
//!
//! Two mistakes account for most broken Korean front matter: a title with `: ` in it
//! (`title: 장애 회고: 레디스가 죽었다`), which YAML refuses, and a value with ` #` in it
//! (`title: C# 입문 #1`), which YAML silently cuts at the `#` as a comment. The first gets the
//! quoted line to paste; the second a warning with it, since the post would otherwise show a
//! shorter title without a word. This module only reads top-level `key: value` lines and the
//! parsed map; it must not change what was parsed.

use serde_json::{Map, Value};

use super::{Located, Split};

/// A top-level `key: value` line with a plain (unquoted, single-line, not flow) value.
fn plain_value(line: &str) -> Option<(&str, &str)> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let (key, value) = line.split_once(": ")?;
    let value = value.trim();
    let flow = value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!']);
    (!key.is_empty() && !value.is_empty() && !flow).then_some((key, value))
}

/// `key: "value"` with the value's `"` and `\` escaped, ready to paste.
fn quoted(key: &str, value: &str) -> String {
    format!("{key}: \"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The advice to add to a YAML error on front-matter line `line` (1-based within `matter`),
/// when that line is a plain value holding `: `.
pub(super) fn colon(matter: &str, line: usize) -> Option<String> {
    let text = matter.lines().nth(line.checked_sub(1)?)?;
    let (key, value) = plain_value(text)?;
    value
        .contains(": ")
        .then(|| format!("a value with `: ` in it must be quoted; write the line as {}", quoted(key, value)))
}

/// Warnings for plain values that YAML cut at ` #`: the parsed string is the text before it.
pub fn cut_at_comments(split: &Split<'_>, map: &Map<String, Value>) -> Vec<Located> {
    if split.format != super::Format::Yaml {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, line) in split.matter.lines().enumerate() {
        let Some((key, value)) = plain_value(line) else { continue };
        let Some(cut) = value.find(" #") else { continue };
        let read = value[..cut].trim_end();
        if map.get(key.trim()).and_then(Value::as_str) != Some(read) {
            continue; // not what the parser did with it
        }
        let msg = format!(
            "`{}` is read as `{read}`: YAML takes ` #…` as a comment and drops it; quote the value: {}",
            key.trim(),
            quoted(key, value)
        );
        // The column of the `#`, in characters as every column hoego reports.
        let at = value.as_ptr() as usize - line.as_ptr() as usize + cut + 1;
        out.push(Located::new(split.matter_line + i, line[..at].chars().count() + 1, msg));
    }
    out
}
