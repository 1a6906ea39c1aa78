//! IMPORT (read side): an HTML post body as Markdown, for every source that exports HTML
//! (WordPress; Tistory next).
//!
//! Two steps. First a pass over html5gum's tokens makes the HTML plain for the converter and
//! records what it changes: `<pre>` blocks become `<pre><code class="language-…">` with the
//! language found in any of the classes and attributes highlighters write (`language-x`,
//! `lang-x`, `brush: x`, `lang:x`, `lang="x"`) and only their text; image and link addresses
//! go through the caller's rewrite (to files in the post's folder); `<!-- more -->` stays a
//! summary break; other comments (Gutenberg's `<!-- wp:… -->`) go; scripts, frames and media
//! that Markdown cannot hold become links or report lines. Then htmd, a maintained converter,
//! writes the Markdown. Pure: the caller decides where files are; nothing is read or written.

use std::collections::BTreeMap;

use html5gum::{HtmlString, Token, Tokenizer};

/// Marks the summary break while the converter runs (it drops comments).
const MORE: &str = "hoegomoremarker";

/// How addresses are rewritten: `(address, is_image)` -> the new address, or `None` to keep it.
pub type Rewrite<'a> = &'a mut dyn FnMut(&str, bool) -> Option<String>;

/// The Markdown and what could not be carried over.
#[derive(Debug, Default)]
pub struct Converted {
    pub markdown: String,
    /// Each thing not carried, named (`embedded frame https://…: now a link`).
    pub lost: Vec<String>,
    /// Gutenberg block comments read (`<!-- wp:paragraph -->`...).
    pub blocks: usize,
}

pub fn to_markdown(html: &str, rewrite: Rewrite<'_>) -> Converted {
    let mut pass = Pass { rewrite: Some(rewrite), ..Pass::default() };
    pass.run(html);
    let converter = htmd::HtmlToMarkdown::builder()
        .options(htmd::options::Options {
            bullet_list_marker: htmd::options::BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            br_style: htmd::options::BrStyle::Backslash,
            ..Default::default()
        })
        .build();
    let markdown = converter.convert(&pass.out).unwrap_or_default();
    let markdown = markdown
        .lines()
        .map(|l| if l.trim() == MORE { "<!-- more -->" } else { l.trim_end() })
        .collect::<Vec<_>>()
        .join("\n");
    Converted { markdown: crate::slug::nfc_owned(markdown), lost: pass.lost, blocks: pass.blocks }
}

#[derive(Default)]
struct Pass<'a> {
    rewrite: Option<Rewrite<'a>>,
    out: String,
    lost: Vec<String>,
    blocks: usize,
    /// Inside `<pre>`: its language and text so far.
    pre: Option<(Option<String>, String)>,
    /// Inside an element whose content is dropped (`script`, `style`, `iframe`...): its name.
    skip: Option<String>,
}

impl Pass<'_> {
    fn run(&mut self, html: &str) {
        for token in tokens(html) {
            match token {
                Token::StartTag(t) => {
                    let attrs: BTreeMap<String, String> =
                        t.attributes.iter().map(|(k, v)| (text(k).to_ascii_lowercase(), text(v))).collect();
                    self.start(&text(&t.name).to_ascii_lowercase(), &attrs, t.self_closing);
                }
                Token::EndTag(t) => self.end(&text(&t.name).to_ascii_lowercase()),
                Token::String(s) => self.text(&text(&s)),
                Token::Comment(c) => self.comment(&text(&c)),
                Token::Doctype(_) | Token::Error(_) => {}
            }
        }
        if let Some((lang, code)) = self.pre.take() {
            self.code_block(lang, &code);
        }
    }

    fn start(&mut self, name: &str, attrs: &BTreeMap<String, String>, self_closing: bool) {
        if self.skip.is_some() {
            return;
        }
        if let Some((lang, code)) = &mut self.pre {
            match name {
                "br" => code.push('\n'),
                "code" if lang.is_none() => *lang = language(attrs),
                _ => {}
            }
            return;
        }
        match name {
            "pre" => self.pre = Some((language(attrs), String::new())),
            "img" => self.image(attrs),
            "a" => {
                let href = attrs.get("href").map(|h| self.address(h, false));
                self.out.push_str("<a");
                push_attr(&mut self.out, "href", href.as_deref());
                push_attr(&mut self.out, "title", attrs.get("title").map(String::as_str));
                self.out.push('>');
            }
            "figcaption" => self.out.push_str("<p><em>"),
            "script" | "style" | "noscript" | "template" => {
                if name == "script" {
                    self.lost.push("a <script> (its code was dropped)".into());
                }
                self.skip = (!self_closing).then(|| name.to_owned());
            }
            "iframe" | "video" | "audio" | "embed" | "object" | "source" => self.media(name, attrs, self_closing),
            _ => {
                self.out.push('<');
                self.out.push_str(name);
                // Presentation (classes, styles) is the theme's now; cells keep their spans.
                for key in ["colspan", "rowspan", "start", "id"] {
                    push_attr(&mut self.out, key, attrs.get(key).map(String::as_str));
                }
                self.out.push_str(if self_closing { "/>" } else { ">" });
            }
        }
    }

    fn end(&mut self, name: &str) {
        if let Some(skipped) = &self.skip {
            if skipped == name {
                self.skip = None;
            }
            return;
        }
        if self.pre.is_some() {
            if name == "pre" {
                let (lang, code) = self.pre.take().unwrap_or_default();
                self.code_block(lang, &code);
            }
            return;
        }
        match name {
            "figcaption" => self.out.push_str("</em></p>"),
            "source" | "embed" | "img" | "br" | "hr" => {}
            _ => {
                self.out.push_str("</");
                self.out.push_str(name);
                self.out.push('>');
            }
        }
    }

    fn text(&mut self, s: &str) {
        if self.skip.is_some() {
            return;
        }
        match &mut self.pre {
            Some((_, code)) => code.push_str(s),
            None => escape_into(&mut self.out, s),
        }
    }

    fn comment(&mut self, c: &str) {
        let c = c.trim();
        if c.starts_with("wp:") {
            self.blocks += 1;
        } else if c == "more" || c.starts_with("more ") {
            self.out.push_str(&format!("<p>{MORE}</p>"));
        } else if c == "nextpage" {
            self.lost.push("a page break (<!--nextpage-->): the post is one page now".into());
        }
    }

    fn code_block(&mut self, lang: Option<String>, code: &str) {
        let code = code.strip_prefix('\n').unwrap_or(code);
        self.out.push_str("<pre><code");
        if let Some(l) = lang {
            push_attr(&mut self.out, "class", Some(&format!("language-{l}")));
        }
        self.out.push('>');
        escape_into(&mut self.out, code);
        self.out.push_str("</code></pre>");
    }

    fn image(&mut self, attrs: &BTreeMap<String, String>) {
        // Lazy-loading plugins keep the real address in data-src.
        let Some(src) = attrs.get("data-src").or_else(|| attrs.get("src")).filter(|s| !s.trim().is_empty()) else {
            return;
        };
        let src = self.address(src, true);
        self.out.push_str("<img");
        push_attr(&mut self.out, "src", Some(&src));
        push_attr(&mut self.out, "alt", attrs.get("alt").map(String::as_str));
        push_attr(&mut self.out, "title", attrs.get("title").map(String::as_str));
        self.out.push('>');
    }

    fn address(&mut self, url: &str, image: bool) -> String {
        let url = url.trim();
        self.rewrite.as_mut().and_then(|r| r(url, image)).unwrap_or_else(|| url.to_owned())
    }

    /// Embedded frames and media: a link to what they showed, and a report line.
    fn media(&mut self, name: &str, attrs: &BTreeMap<String, String>, self_closing: bool) {
        if !self_closing && matches!(name, "iframe" | "video" | "audio" | "object") {
            self.skip = Some(name.to_owned());
        }
        let Some(src) = attrs.get("src").or_else(|| attrs.get("data")).filter(|s| !s.trim().is_empty()) else {
            if name != "source" && name != "video" && name != "audio" {
                self.lost.push(format!("an empty <{name}>"));
            }
            return;
        };
        let src = self.address(src, false);
        self.lost.push(format!("embedded <{name}> {src}: now a link"));
        self.out.push_str("<p><a");
        push_attr(&mut self.out, "href", Some(&src));
        self.out.push('>');
        escape_into(&mut self.out, &src);
        self.out.push_str("</a></p>");
    }
}

/// The text of an HTML fragment (an excerpt): tags dropped, entities decoded.
pub fn plain_text(html: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for token in tokens(html) {
        match token {
            Token::StartTag(t) => {
                skip = matches!(&*text(&t.name).to_ascii_lowercase(), "script" | "style");
                if !skip {
                    out.push(' ');
                }
            }
            Token::EndTag(_) => skip = false,
            Token::String(s) if !skip => out.push_str(&text(&s)),
            _ => {}
        }
    }
    out
}

/// The language a highlighter left on a `<pre>` or `<code>`.
pub fn language(attrs: &BTreeMap<String, String>) -> Option<String> {
    let direct = ["lang", "data-lang", "data-language"].iter().find_map(|k| attrs.get(*k)).cloned();
    let from_class = attrs.get("class").and_then(|class| {
        let class = class.replace(';', " ");
        let words: Vec<&str> = class.split_whitespace().collect();
        words.iter().enumerate().find_map(|(i, w)| {
            if let Some(l) = w.strip_prefix("language-").or_else(|| w.strip_prefix("lang-")) {
                return Some(l.to_owned());
            }
            if let Some(l) = w.strip_prefix("lang:") {
                return Some(l.to_owned());
            }
            // SyntaxHighlighter: `brush: php; title: ; notranslate` (or `brush:php`).
            match w.strip_prefix("brush:") {
                Some("") => words.get(i + 1).map(|l| (*l).to_owned()),
                Some(l) => Some(l.to_owned()),
                None => None,
            }
        })
    });
    let lang = direct.or(from_class)?.trim().to_ascii_lowercase();
    let lang: String =
        lang.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '-' | '_')).collect();
    match lang.as_str() {
        "" | "none" => None,
        "plain" | "plaintext" | "plain-text" => Some("text".into()),
        _ => Some(lang),
    }
}

/// The tokens of `html`; `<script>` and `<style>` hold raw text, as browsers read them.
pub fn tokens(html: &str) -> impl Iterator<Item = Token> + '_ {
    let mut emitter = html5gum::emitters::default::DefaultEmitter::default();
    emitter.naively_switch_states(true);
    // Reading from a string cannot fail (its error type is Infallible).
    Tokenizer::new_with_emitter(html, emitter).flatten()
}

pub fn text(s: &HtmlString) -> String {
    String::from_utf8_lossy(s).into_owned()
}

fn push_attr(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        out.push(' ');
        out.push_str(key);
        out.push_str("=\"");
        escape_into(out, v);
        out.push('"');
    }
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests;
