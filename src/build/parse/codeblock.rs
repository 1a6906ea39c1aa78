//! PARSE: fenced code blocks -> HTML events: highlighted at build time when the language is
//! known, `<pre class="mermaid">` left for mermaid.js, escaped plain code otherwise.
//!
//! Works on one body's event list after links are rewritten; must not know about files or
//! other posts. The blocks of one body are highlighted in parallel: a post with 40 blocks must
//! not keep one core busy while the others wait for it at the end of the build.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use rayon::prelude::*;

use crate::highlight::Highlighter;

/// Replaces every fenced code block with one HTML event. Indented blocks and fences without a
/// language keep pulldown-cmark's own rendering.
pub fn replace_code_blocks<'a>(events: Vec<Event<'a>>, highlighter: Option<&Highlighter>) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    // Each block's place in `out` (an empty HTML event until it is highlighted), language, code.
    let mut blocks: Vec<(usize, String, String)> = Vec::new();
    let mut fence: Option<(String, String)> = None;
    for ev in events {
        match (&mut fence, ev) {
            (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))) if !lang_of(&info).is_empty() => {
                fence = Some((lang_of(&info).to_owned(), String::new()));
            }
            (Some((_, code)), Event::Text(t)) => code.push_str(&t),
            (Some(_), Event::End(TagEnd::CodeBlock)) => {
                if let Some((lang, code)) = fence.take() {
                    blocks.push((out.len(), lang, code));
                    out.push(Event::Html(CowStr::from("")));
                }
            }
            (Some(_), _) => {}
            (None, ev) => out.push(ev),
        }
    }
    let html = |(at, lang, code): &(usize, String, String)| (*at, block_html(lang, code, highlighter));
    let done: Vec<(usize, String)> = if blocks.len() > 1 && highlighter.is_some() {
        blocks.par_iter().map(html).collect()
    } else {
        blocks.iter().map(html).collect()
    };
    for (at, html) in done {
        out[at] = Event::Html(CowStr::from(html));
    }
    out
}

/// The language of an info string: "rust,ignore" or "python {.numberLines}" -> "rust", "python".
fn lang_of(info: &str) -> &str {
    info.split([' ', ',', '{']).next().unwrap_or("").trim()
}

fn block_html(lang: &str, code: &str, highlighter: Option<&Highlighter>) -> String {
    if lang.eq_ignore_ascii_case("mermaid") {
        // mermaid.js renders these in the browser; the source stays readable without it.
        return format!("<pre class=\"mermaid\">{}</pre>\n", escape(code));
    }
    if let Some(html) = highlighter.and_then(|h| h.highlight(lang, code)) {
        return html;
    }
    format!("<pre><code class=\"language-{}\">{}</code></pre>\n", escape(lang), escape(code))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html};

    fn render(md: &str, h: Option<&Highlighter>) -> String {
        let events = replace_code_blocks(Parser::new(md).collect(), h);
        let mut s = String::new();
        html::push_html(&mut s, events.into_iter());
        s
    }

    #[test]
    fn known_languages_are_highlighted() {
        let h = Highlighter::default();
        let html = render("```rust\nfn main() {}\n```\n", Some(&h));
        assert!(html.starts_with("<pre class=\"highlight\"><code class=\"language-rust\">"), "{html}");
        assert!(html.contains("hl-"), "{html}");
    }

    #[test]
    fn unknown_languages_and_disabled_highlighting_give_escaped_plain_code() {
        let h = Highlighter::default();
        assert_eq!(
            render("```klingon\n<a> & b\n```\n", Some(&h)),
            "<pre><code class=\"language-klingon\">&lt;a&gt; &amp; b\n</code></pre>\n"
        );
        assert_eq!(render("```rust,ignore\nx\n```\n", None), "<pre><code class=\"language-rust\">x\n</code></pre>\n");
    }

    #[test]
    fn mermaid_is_left_for_the_browser() {
        let html = render("```mermaid\ngraph TD; A-->B\n```\n", Some(&Highlighter::default()));
        assert_eq!(html, "<pre class=\"mermaid\">graph TD; A--&gt;B\n</pre>\n");
    }

    #[test]
    fn indented_and_bare_fences_are_untouched() {
        assert_eq!(render("    code\n", None), "<pre><code>code\n</code></pre>\n");
        assert_eq!(render("```\nplain\n```\n", None), "<pre><code>plain\n</code></pre>\n");
    }
}
