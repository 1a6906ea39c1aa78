//! IMPORT (Velog): the front matter that Velog backup tools write, read line by line.
//!
//! Two shapes are common: velog-backup's `title: "…"` (the title's own quotes not escaped),
//! `date: 2023-12-31T15:00:00.000Z`, `tags: ["a","b"]`; and plain `key: value` lines with
//! `tags: a, b`, `series: …` and `link: https://velog.io/@user/slug`. Neither is always valid
//! YAML, so each value is read on its own: a JSON string when it is one, else the text between
//! its outer quotes. Pure.

use std::path::Path;

use super::{Post, parse_date};
use crate::error::Diagnostic;
use crate::import::{Context, error_at};
use crate::slug::nfc;

pub fn post(file: &Path, text: &str, cx: &Context) -> Result<Post, Diagnostic> {
    let text = text.replace("\r\n", "\n");
    let Some(rest) = text.strip_prefix("---\n") else {
        return Err(error_at(file, 1, 1, "no front matter (`---` lines) at the top: not a Velog backup file"));
    };
    let Some(end) =
        rest.find("\n---\n").map(|i| (i, i + 5)).or_else(|| rest.strip_suffix("\n---").map(|r| (r.len(), rest.len())))
    else {
        return Err(error_at(file, 1, 1, "the front matter is not closed: no second `---` line"));
    };
    let (head, body) = (&rest[..end.0], &rest[end.1..]);
    let mut post = Post { body: nfc(body.trim_start_matches('\n')), ..Post::default() };
    let lines: Vec<&str> = head.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line_no = i + 2;
        let line = lines[i];
        i += 1;
        let Some((key, value)) = line.split_once(':').filter(|(k, _)| is_key(k)) else {
            continue;
        };
        let mut value = value.trim().to_owned();
        // A block list (`tags:` then `  - a` lines).
        if value.is_empty() {
            let items: Vec<String> = lines[i..]
                .iter()
                .take_while(|l| l.trim_start().starts_with("- "))
                .map(|l| scalar(l.trim_start()[2..].trim()))
                .collect();
            i += items.len();
            if !items.is_empty() {
                value = serde_json::to_string(&items).unwrap_or_default();
            }
        }
        set(&mut post, key.trim(), &value, cx).map_err(|m| error_at(file, line_no, key.len() + 3, m))?;
    }
    if post.title.is_empty() {
        return Err(error_at(file, 2, 1, "no `title` in the front matter"));
    }
    if post.date.is_none() {
        return Err(error_at(file, 2, 1, format!("`{}` has no `date` in the front matter", post.title)));
    }
    Ok(post)
}

fn is_key(k: &str) -> bool {
    !k.is_empty() && !k.starts_with(' ') && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn set(post: &mut Post, key: &str, value: &str, cx: &Context) -> Result<(), String> {
    let text = || Some(nfc(&scalar(value))).filter(|s| !s.is_empty());
    match key {
        "title" => post.title = text().unwrap_or_default(),
        "description" | "short_description" => post.description = text(),
        "date" | "released_at" => {
            post.date = Some(parse_date(&scalar(value), cx).map_err(|e| format!("date: {e}"))?);
        }
        "updated_at" | "updated" => {
            post.updated = text().and_then(|u| parse_date(&u, cx).ok());
        }
        "tags" => post.tags = list(value),
        "series" => post.series = text(),
        "link" | "url" => post.link = text(),
        "slug" | "url_slug" => post.slug = text(),
        "thumbnail" | "cover" => post.thumbnail = text(),
        "is_private" | "private" => post.private = scalar(value) == "true",
        other if !value.is_empty() => post.lost.push(format!("front matter `{other}: {value}`")),
        _ => {}
    }
    if let (Some(d), Some(u)) = (&post.date, &post.updated)
        && u.date() <= d.date()
    {
        post.updated = None;
    }
    Ok(())
}

/// One value: a JSON string (`"a \"b\""`), a single-quoted YAML string (`'it''s'`), a
/// double-quoted one whose inner quotes were never escaped (`"He said "hi""`), or plain text.
pub fn scalar(v: &str) -> String {
    let v = v.trim();
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        return serde_json::from_str::<String>(v).unwrap_or_else(|_| v[1..v.len() - 1].to_owned());
    }
    if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        return v[1..v.len() - 1].replace("''", "'");
    }
    v.to_owned()
}

/// Tags: a JSON list, a YAML flow list (`[a, 'b']`) or a comma-separated string.
fn list(v: &str) -> Vec<String> {
    let v = v.trim();
    let items: Vec<String> = match serde_json::from_str::<Vec<String>>(v) {
        Ok(l) => l,
        Err(_) => {
            let inner = v.strip_prefix('[').and_then(|x| x.strip_suffix(']')).unwrap_or(v);
            inner.split(',').map(scalar).collect()
        }
    };
    let mut out: Vec<String> = Vec::new();
    for t in items.into_iter().map(|t| nfc(t.trim())).filter(|t| !t.is_empty()) {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_with_unescaped_quotes_and_lists() {
        assert_eq!(scalar(r#""He said "hi" to me""#), r#"He said "hi" to me"#);
        assert_eq!(scalar(r#""a \"b\"""#), r#"a "b""#);
        assert_eq!(scalar("'it''s'"), "it's");
        assert_eq!(list(r#"["React","회고"]"#), ["React", "회고"]);
        assert_eq!(list("React, 회고, React"), ["React", "회고"]);
        assert_eq!(list("[a, 'b c']"), ["a", "b c"]);
        assert!(list("").is_empty());
    }
}
