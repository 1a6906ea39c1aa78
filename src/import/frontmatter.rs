//! IMPORT (write side): an imported post's [`Fields`] and body as the text of a Markdown file
//! with YAML front matter. Keys in one fixed order, every string double-quoted and escaped, so
//! that any title (quotes, colons, `#`, a leading `-`) reads back as written and the same input
//! gives the same bytes. Pure: no file access.

use jiff::Zoned;

use super::Fields;

/// The whole file: front matter, then the body, ending in one newline.
pub fn document(f: &Fields, body: &str) -> String {
    let mut s = String::from("---\n");
    line(&mut s, "title", &quoted(&f.title));
    if let Some(d) = &f.date {
        line(&mut s, "date", &datetime(d));
    }
    if let Some(d) = &f.updated {
        line(&mut s, "updated", &datetime(d));
    }
    if f.draft {
        line(&mut s, "draft", "true");
    }
    if let Some(d) = &f.description {
        line(&mut s, "description", &quoted(d));
    }
    list(&mut s, "tags", &f.tags);
    list(&mut s, "categories", &f.categories);
    if let Some(x) = &f.series {
        line(&mut s, "series", &quoted(x));
    }
    if let Some(x) = &f.cover {
        line(&mut s, "cover", &quoted(x));
    }
    list(&mut s, "aliases", &f.aliases);
    for (k, v) in &f.keys {
        line(&mut s, &key(k), v);
    }
    if !f.extra.is_empty() || !f.extra_yaml.is_empty() {
        s.push_str("extra:\n");
        for (k, v) in &f.extra {
            s.push_str(&format!("  {}: {}\n", key(k), quoted(v)));
        }
        for (k, v) in &f.extra_yaml {
            s.push_str(&format!("  {}: {v}\n", key(k)));
        }
    }
    s.push_str("---\n\n");
    let body = body.trim_matches('\n');
    if !body.is_empty() {
        s.push_str(body);
        s.push('\n');
    }
    crate::slug::nfc_owned(s)
}

/// RFC 3339 with the zone's offset: `2024-01-01T00:30:00+09:00`.
pub fn datetime(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn line(s: &mut String, key: &str, value: &str) {
    s.push_str(key);
    s.push_str(": ");
    s.push_str(value);
    s.push('\n');
}

fn list(s: &mut String, key: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let inner: Vec<String> = items.iter().map(|t| quoted(t)).collect();
    line(s, key, &format!("[{}]", inner.join(", ")));
}

/// A key as written: bare when YAML reads it back as written (`wordpress_id`, `Last edited`),
/// else quoted.
fn key(k: &str) -> String {
    let plain = k.trim() == k
        && !k.is_empty()
        && !k.starts_with(|c: char| "-?[]{},&*!|>%@`'\"#".contains(c))
        && !k.contains(": ")
        && !k.contains(" #")
        && !k.ends_with(':')
        && !k.chars().any(char::is_control);
    if plain { k.to_owned() } else { quoted(k) }
}

/// A YAML double-quoted scalar: `\` and `"` escaped, control characters as escapes, line
/// breaks as `\n`.
pub fn quoted(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 2);
    out.push('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => {}
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_quoted_and_escaped() {
        assert_eq!(quoted(r#"He said "hi": #1 \o/"#), r#""He said \"hi\": #1 \\o/""#);
        assert_eq!(quoted("a\nb\u{1b}"), r#""a\nb\u001B""#);
    }

    #[test]
    fn keys_in_order_and_one_final_newline() {
        let tz = jiff::tz::TimeZone::get("Asia/Seoul").unwrap();
        let date = jiff::civil::date(2024, 1, 1).at(0, 30, 0, 0).to_zoned(tz).unwrap();
        let f = Fields {
            title: "회고".into(),
            date: Some(date),
            draft: true,
            tags: vec!["회고".into(), "c++".into()],
            aliases: vec!["/2023/12/31/회고/".into()],
            extra: vec![("wordpress_id".into(), "12".into())],
            ..Fields::default()
        };
        assert_eq!(
            document(&f, "\n\nbody\n\n"),
            "---\ntitle: \"회고\"\ndate: 2024-01-01T00:30:00+09:00\ndraft: true\ntags: [\"회고\", \"c++\"]\n\
             aliases: [\"/2023/12/31/회고/\"]\nextra:\n  wordpress_id: \"12\"\n---\n\nbody\n"
        );
    }
}
