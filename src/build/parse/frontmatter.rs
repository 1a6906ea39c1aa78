//! PARSE: split a source file into front matter and body, and deserialise the front matter
//! (YAML between `---`, TOML between `+++`) into a generic key/value map.
//!
//! Every position reported from here is a line in the *file*, not in the front-matter block
//! (Zola counted from the block once: getzola/zola#1133). Turning the map into typed fields is
//! `fields.rs`'s job; this module must not interpret keys.

use serde_json::{Map, Value};

/// Which syntax the front matter was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

/// A source file split at its front-matter fences.
#[derive(Debug)]
pub struct Split<'a> {
    pub format: Format,
    /// The text between the fences.
    pub matter: &'a str,
    /// 1-based file line of the first front-matter line.
    pub matter_line: usize,
    pub body: &'a str,
    /// 1-based file line where the body starts.
    pub body_line: usize,
}

/// A problem at a 1-based file line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl Located {
    pub fn new(line: usize, col: usize, message: impl Into<String>) -> Self {
        Located { line, col, message: message.into() }
    }
}

/// Splits `text` (already without BOM, with `\n` line ends). No opening fence is an error:
/// every post needs at least a title.
pub fn split(text: &str) -> Result<Split<'_>, Located> {
    let first = text.lines().next().unwrap_or("").trim_end();
    let (format, fence) = match first {
        "---" => (Format::Yaml, "---"),
        "+++" => (Format::Toml, "+++"),
        _ => {
            return Err(Located::new(
                1,
                1,
                "no front matter: start the file with a `---` line, \
                then `title: ...`, then another `---` line",
            ));
        }
    };
    let start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = start;
    for (i, line) in text[start..].split_inclusive('\n').enumerate() {
        let t = line.trim_end();
        if t == fence || (format == Format::Yaml && t == "...") {
            let body_start = offset + line.len();
            return Ok(Split {
                format,
                matter: &text[start..offset],
                matter_line: 2,
                body: &text[body_start..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(Located::new(
        1,
        1,
        format!("front matter opened with `{fence}` is never closed: add a `{fence}` line after the last key"),
    ))
}

/// Deserialises the front matter into a map, or reports where it is malformed.
pub fn parse(split: &Split<'_>) -> Result<Map<String, Value>, Located> {
    let value = match split.format {
        Format::Yaml => parse_yaml(split.matter, split.matter_line)?,
        Format::Toml => parse_toml(split.matter, split.matter_line)?,
    };
    match value {
        Value::Object(m) => Ok(m),
        Value::Null => Ok(Map::new()),
        _ => Err(Located::new(split.matter_line, 1, "front matter must be a set of `key: value` lines")),
    }
}

fn parse_yaml(text: &str, first_line: usize) -> Result<Value, Located> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    // YAML 1.2 booleans only: `tags: [y, no, on]` are words, not booleans (YAML 1.1 surprises
    // Jekyll users); `007` stays text.
    let opts = serde_saphyr::options! { strict_booleans: true, leading_zero_numbers_as_strings: true };
    let first = serde_saphyr::from_str_with_options::<Value>(text, opts.clone());
    // What other generators' loaders accept and saphyr does not: read the repaired text, but
    // report the error of the text as written if the repair does not parse either.
    let first = match (first, indent_quoted_continuations(text)) {
        (Err(e), Some(fixed)) => serde_saphyr::from_str_with_options::<Value>(&fixed, opts).map_err(|_| e),
        (r, _) => r,
    };
    first.map_err(|e| {
        let (line, col) = e.location().map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
        let opts = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
        let msg = strip_location(&e.render_with_options(opts));
        let hint = hints::colon(text, line).map(|h| format!("; {h}")).unwrap_or_default();
        Located::new(first_line + line - 1, col, format!("invalid YAML front matter: {msg}{hint}"))
    })
}

/// A quoted value that goes on to the next line at column 0 (`description: "첫 줄` then `둘째
/// 줄"`): Jekyll's Psych and Hugo read it, YAML 1.2 asks for indentation. Indents such lines by
/// one space; `None` when there are none. Quotes are counted as YAML counts them (`\"` in
/// double quotes, `''` in single quotes).
fn indent_quoted_continuations(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut open: Option<char> = None;
    let mut changed = false;
    for line in text.split_inclusive('\n') {
        let body = match open {
            Some(_) => {
                if !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
                    out.push(' ');
                    changed = true;
                }
                line
            }
            // A new scalar opens after `key: ` at the top level only.
            None => match line.find(": ").filter(|_| !line.starts_with([' ', '\t', '#', '-'])) {
                Some(i) => {
                    let value = line[i + 2..].trim_start();
                    match value.chars().next() {
                        Some(q @ ('"' | '\'')) => {
                            open = Some(q);
                            out.push_str(&line[..line.len() - value.len() + 1]);
                            &value[1..]
                        }
                        _ => line,
                    }
                }
                None => line,
            },
        };
        if let Some(q) = open
            && closes(body, q)
        {
            open = None;
        }
        out.push_str(body);
    }
    changed.then_some(out)
}

/// Whether `text` (inside a scalar quoted with `q`) holds its closing quote.
fn closes(text: &str, q: char) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (q, c) {
            ('"', '\\') => {
                chars.next();
            }
            ('\'', '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
            }
            (q, c) if c == q => return true,
            _ => {}
        }
    }
    false
}

/// saphyr appends " at line X column Y" (counted in the block): we report file lines instead.
fn strip_location(msg: &str) -> String {
    if msg.contains("budget") {
        // saphyr's guard against alias bombs and giant documents.
        return "too large, or too many YAML aliases (`*name`) expanded: simplify it".into();
    }
    let first = msg.lines().next().unwrap_or(msg);
    match first.rfind(" at line ") {
        Some(i) => first[..i].to_owned(),
        None => first.to_owned(),
    }
}

fn parse_toml(text: &str, first_line: usize) -> Result<Value, Located> {
    match toml::from_str::<toml::Table>(text) {
        Ok(t) => Ok(toml_to_json(toml::Value::Table(t))),
        Err(e) => {
            let (line, col) = e.span().map_or((1, 1), |s| crate::error::line_col(text, s.start));
            let msg = e.message().trim().to_owned();
            Err(Located::new(first_line + line - 1, col, format!("invalid TOML front matter: {msg}")))
        }
    }
}

/// TOML values as JSON-like values; datetimes become their RFC 3339 text.
fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

/// The file line and column of top-level `key` in the front matter, for diagnostics about its
/// value; the first front-matter line when it cannot be found.
pub fn key_position(split: &Split<'_>, key: &str) -> (usize, usize) {
    for (i, line) in split.matter.lines().enumerate() {
        if line.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        let unquoted = line.trim_start_matches(['"', '\'']);
        if let Some(rest) = unquoted.strip_prefix(key) {
            let rest = rest.trim_start_matches(['"', '\'']).trim_start();
            if rest.starts_with(':') || rest.starts_with('=') {
                return (split.matter_line + i, 1);
            }
        }
    }
    (split.matter_line, 1)
}

mod hints;
pub use hints::cut_at_comments;

#[cfg(test)]
mod tests;
