//! IMPORT (WordPress): `content:encoded` as the HTML a reader saw, before it becomes Markdown.
//!
//! WordPress stores less than it shows: shortcodes (`[caption]`, `[code]`, `[gallery]`,
//! `[embed]`...) expand when a page is served, and posts from the classic editor have no `<p>`
//! (wpautop adds them from blank lines). This module does both once: code shortcodes become
//! `<pre><code>` with their language, captions become figures, galleries the images they
//! list, embeds links; any other shortcode stays visible as code and is reported by name.
//! `<pre>` blocks are never touched. Pure.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

/// What a body may refer to: attachments by ID, and the ones attached to this post.
pub struct Refs<'a> {
    pub attachments: &'a BTreeMap<u64, String>,
    /// Attachment URLs whose parent is this post, in ID order (a `[gallery]` without `ids`).
    pub attached: Vec<&'a str>,
}

/// What preparing found: conversions by shortcode name, and what it could not carry.
#[derive(Debug, Default)]
pub struct Found {
    pub converted: BTreeMap<String, usize>,
    pub lost: Vec<String>,
}

/// Shortcodes whose content is code (SyntaxHighlighter Evolved, WordPress.com, Jetpack): the
/// generic ones take a `language`/`lang` attribute; the others are the language.
const CODE: &[&str] = &["code", "sourcecode", "source", "syntax"];
const LANGS: &[&str] = &[
    "bash",
    "c",
    "cpp",
    "csharp",
    "css",
    "diff",
    "go",
    "html",
    "java",
    "javascript",
    "js",
    "json",
    "kotlin",
    "perl",
    "php",
    "plain",
    "powershell",
    "py",
    "python",
    "ruby",
    "rust",
    "scala",
    "shell",
    "sql",
    "swift",
    "text",
    "ts",
    "typescript",
    "xml",
    "yaml",
];

static PRE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?is)<pre\b.*?</pre\s*>").expect("pre"));
/// `[name attrs]`, `[/name]`, `[name /]`, and `[[name]]` (WordPress's way to write one literally).
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\[(\[?)(/?)([a-zA-Z][a-zA-Z0-9_-]*)((?:\s(?:"[^"]*"|'[^']*'|[^\]"'])*)?)\](\]?)"#).expect("tag")
});
static ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))|"([^"]*)"|(\S+)"#).expect("attr"));
static BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:<!--|\x00|</?(?:p|div|h[1-6]|ul|ol|li|pre|blockquote|table|thead|tbody|tfoot|tr|td|th|figure|figcaption|hr|dl|dt|dd|section|article|aside|header|footer|nav|form|iframe|address|details|summary|style|script|video|audio|object|embed|center|caption)\b)",
    )
    .expect("block")
});

/// The body as HTML with shortcodes expanded and, for the classic editor, paragraphs.
pub fn prepare(content: &str, refs: &Refs<'_>, found: &mut Found) -> String {
    let content = content.replace("\r\n", "\n").replace('\r', "\n");
    let mut kept: Vec<String> = Vec::new();
    let content = protect(&PRE, &content, &mut kept);
    let content = shortcodes(&content, refs, found, &mut kept);
    let content = if content.contains("<!-- wp:") { content } else { autop(&content) };
    restore(&content, &kept)
}

/// Replaces matches with `\0N\0` placeholders (on lines of their own), kept aside.
fn protect(re: &Regex, s: &str, kept: &mut Vec<String>) -> String {
    re.replace_all(s, |c: &regex::Captures<'_>| hold(kept, c[0].to_owned())).into_owned()
}

fn hold(kept: &mut Vec<String>, html: String) -> String {
    kept.push(html);
    format!("\n\n\x00{}\x00\n\n", kept.len() - 1)
}

fn restore(s: &str, kept: &[String]) -> String {
    static HELD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\x00(\d+)\x00").expect("held"));
    HELD.replace_all(s, |c: &regex::Captures<'_>| {
        c[1].parse::<usize>().ok().and_then(|i| kept.get(i)).cloned().unwrap_or_default()
    })
    .into_owned()
}

fn shortcodes(s: &str, refs: &Refs<'_>, found: &mut Found, kept: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    while let Some(m) = TAG.captures_at(s, at) {
        let whole = m.get(0).map_or(0..0, |g| g.range());
        out.push_str(&s[at..whole.start]);
        at = whole.end;
        let name = m[3].to_ascii_lowercase();
        let attrs = attributes(&m[4]);
        if !m[1].is_empty() && !m[5].is_empty() {
            // `[[name]]`: WordPress shows `[name]`.
            out.push_str(&escape(&s[whole.start + 1..whole.end - 1]));
            continue;
        }
        let closing = !m[2].is_empty();
        let self_closed = m[4].trim_end().ends_with('/');
        // The enclosed text of `[name]…[/name]`, when there is a closing tag.
        let inner = (!closing && !self_closed).then(|| close_of(s, at, &name)).flatten();
        let lower = m[3].to_ascii_lowercase();
        let code = CODE.contains(&lower.as_str()) || LANGS.contains(&lower.as_str());
        let html = match (lower.as_str(), &inner) {
            _ if closing => None,
            (_, Some((body, _))) if code => {
                let lang = attrs
                    .get("language")
                    .or_else(|| attrs.get("lang"))
                    .cloned()
                    .or_else(|| (!CODE.contains(&lower.as_str())).then(|| lower.clone()));
                Some(hold(kept, code_block(body, lang.as_deref())))
            }
            ("caption" | "wp_caption", Some((body, _))) => Some(caption(body, &attrs)),
            ("caption" | "wp_caption", None) => attrs.get("caption").map(|c| format!("<p><em>{}</em></p>", escape(c))),
            ("gallery", _) => Some(gallery(&attrs, refs, found)),
            ("embed", Some((body, _))) => Some(link_paragraph(body.trim())),
            ("youtube" | "vimeo" | "embed" | "audio" | "video", _) => {
                let src = attrs
                    .get("src")
                    .or_else(|| attrs.get("url"))
                    .or_else(|| attrs.get("mp3"))
                    .or_else(|| attrs.get("mp4"))
                    .or_else(|| attrs.get("0"));
                src.map(|u| {
                    found.lost.push(format!("[{lower}] {u}: now a link"));
                    link_paragraph(u)
                })
            }
            _ => None,
        };
        match html {
            Some(h) => {
                *found.converted.entry(lower).or_default() += 1;
                out.push_str(&h);
                if let Some((_, end)) = inner {
                    at = end;
                }
            }
            None => {
                if !closing {
                    found.lost.push(format!("unknown shortcode [{lower}]: shown as written"));
                }
                out.push_str("<code>");
                out.push_str(&escape(&s[whole]));
                out.push_str("</code>");
            }
        }
    }
    out.push_str(&s[at..]);
    out
}

/// The text up to `[/name]` after `from`, and where the closing tag ends.
fn close_of<'a>(s: &'a str, from: usize, name: &str) -> Option<(&'a str, usize)> {
    let lower = s[from..].to_ascii_lowercase();
    let tag = format!("[/{name}]");
    let i = lower.find(&tag)?;
    Some((&s[from..from + i], from + i + tag.len()))
}

/// `key="value"` pairs; positional values as `"0"`, `"1"`...
fn attributes(s: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut n = 0;
    for c in ATTR.captures_iter(s.trim().trim_end_matches('/')) {
        if let Some(k) = c.get(1) {
            let v = c.get(2).or(c.get(3)).or(c.get(4)).map_or("", |v| v.as_str());
            out.insert(k.as_str().to_ascii_lowercase(), html_escape::decode_html_entities(v).into_owned());
        } else if let Some(v) = c.get(5).or(c.get(6)) {
            out.insert(n.to_string(), v.as_str().to_owned());
            n += 1;
        }
    }
    out
}

/// A code shortcode's text. The classic editor stored `<` as `&lt;`, the code editor as `<`:
/// text with a literal `<` or `>` is taken as written, other text has its entities decoded.
fn code_block(body: &str, lang: Option<&str>) -> String {
    let body = body.strip_prefix('\n').unwrap_or(body);
    let text =
        if body.contains(['<', '>']) { body.to_owned() } else { html_escape::decode_html_entities(body).into_owned() };
    let class = lang
        .map(|l| l.trim().to_ascii_lowercase())
        .filter(|l| !l.is_empty())
        .map_or(String::new(), |l| format!(" class=\"language-{}\"", if l == "plain" { "text" } else { &l }));
    format!("<pre><code{class}>{}</code></pre>", escape(text.trim_end_matches('\n')))
}

/// `[caption]<img …> Text[/caption]` (or `caption="Text"`): the image and its caption.
fn caption(body: &str, attrs: &BTreeMap<String, String>) -> String {
    static IMG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?is)^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$").expect("img"));
    let (image, text) = match IMG.captures(body) {
        Some(c) => (c[1].to_owned(), c[2].trim().to_owned()),
        None => (String::new(), body.trim().to_owned()),
    };
    let text = attrs.get("caption").map(|c| escape(c)).unwrap_or(text);
    let caption = if text.is_empty() { String::new() } else { format!("<figcaption>{text}</figcaption>") };
    format!("\n\n<figure>{image}{caption}</figure>\n\n")
}

/// `[gallery ids="1,2"]`, or the images attached to the post: one image a paragraph.
fn gallery(attrs: &BTreeMap<String, String>, refs: &Refs<'_>, found: &mut Found) -> String {
    let urls: Vec<&str> = match attrs.get("ids").or_else(|| attrs.get("include")) {
        Some(ids) => ids
            .split(',')
            .filter_map(|id| {
                let id = id.trim();
                let url = id.parse::<u64>().ok().and_then(|n| refs.attachments.get(&n)).map(String::as_str);
                if url.is_none() {
                    found.lost.push(format!("[gallery] image {id}: no such attachment in the export"));
                }
                url
            })
            .collect(),
        None => refs.attached.clone(),
    };
    let mut html = String::from("\n\n");
    for u in urls {
        html.push_str(&format!("<p><img src=\"{}\" alt=\"\"></p>\n", escape(u)));
    }
    html.push('\n');
    html
}

fn link_paragraph(url: &str) -> String {
    let u = escape(url);
    format!("\n\n<p><a href=\"{u}\">{u}</a></p>\n\n")
}

fn escape(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).into_owned()
}

/// wpautop, simply: blank lines separate paragraphs, a single line break inside a paragraph is
/// a `<br>`; chunks that start with a block element (or a held `<pre>`) are left as they are.
fn autop(s: &str) -> String {
    static BLANK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\n[ \t]*\n").expect("blank"));
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for chunk in BLANK.split(s) {
        let chunk = chunk.trim();
        if chunk.is_empty() {
            continue;
        }
        if BLOCK.is_match(chunk) {
            out.push_str(chunk);
        } else {
            out.push_str("<p>");
            out.push_str(&breaks(chunk));
            out.push_str("</p>");
        }
        out.push_str("\n\n");
    }
    out
}

/// Line breaks inside a paragraph as `<br>`, except next to a tag (lists and tables written
/// over several lines).
fn breaks(chunk: &str) -> String {
    let lines: Vec<&str> = chunk.lines().map(str::trim_end).collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        if let Some(next) = lines.get(i + 1) {
            let tagged = line.ends_with('>') || next.trim_start().starts_with('<');
            out.push_str(if tagged { "\n" } else { "<br>" });
        }
    }
    out
}

#[cfg(test)]
mod tests;
