//! SHARED (parse, theme and check): what an HTML document links to and which ids it has, read
//! with a real HTML tokenizer (html5gum, the WHATWG tokenizer states; `<script>`, `<style>`,
//! `<title>` and `<textarea>` bodies are raw text as a browser reads them). Text, code, comments, script bodies (JSON-LD)
//! and attributes other than `href`, `src`, `id` and `<a name>` never give a link or an id.
//!
//! Used on rendered pages, on raw HTML written in Markdown and on template sources. Pure: it
//! reads no files and resolves nothing.

use std::collections::HashSet;
use std::convert::Infallible;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, Error, Span, State, Tokenizer, naive_next_state};

/// One attribute of a start tag, with its value decoded (entities resolved) and the byte offset
/// in the input where the value starts.
pub struct Attr<'a> {
    pub tag: &'a [u8],
    pub name: &'a [u8],
    pub value: &'a [u8],
    pub at: usize,
}

/// Calls `f` with every attribute of every start tag of `html`, in document order.
pub fn each_attr(html: &[u8], mut f: impl FnMut(Attr<'_>)) {
    let mut tag: Vec<u8> = Vec::new();
    let mut name: Vec<u8> = Vec::new();
    let mut in_start_tag = false;
    let callback = |event: CallbackEvent<'_>, span: Span<usize>| -> Option<Infallible> {
        match event {
            CallbackEvent::OpenStartTag { name: t } => {
                tag.clear();
                tag.extend(t.iter().map(u8::to_ascii_lowercase));
                in_start_tag = true;
            }
            CallbackEvent::AttributeName { name: n } => {
                name.clear();
                name.extend(n.iter().map(u8::to_ascii_lowercase));
            }
            CallbackEvent::AttributeValue { value } if in_start_tag => {
                f(Attr { tag: &tag, name: &name, value, at: span.start });
            }
            CallbackEvent::CloseStartTag { .. } | CallbackEvent::EndTag { .. } => in_start_tag = false,
            _ => {}
        }
        None
    };
    let mut emitter = CallbackEmitter::new(callback);
    // Without a tree builder the tokenizer needs to be told that `<script>` holds raw text; the
    // naive rule (by the last start tag's name) is the one browsers follow for these elements.
    emitter.naively_switch_states(true);
    // Reading from memory cannot fail (the reader's error type is Infallible).
    let _ = Tokenizer::new_with_emitter(html, emitter).finish();
}

/// A page's links (`href`/`src` values, as the browser would read them) and its ids.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Refs {
    pub links: Vec<String>,
    pub ids: HashSet<String>,
}

/// Reads the links and ids of one document. Every page of the site passes through here, so it
/// uses an emitter that keeps nothing but tag names and attributes (text and comments are
/// skipped as the tokenizer hands them over).
pub fn refs(html: &[u8]) -> Refs {
    let mut emitter = RefsEmitter::default();
    let _ = Tokenizer::new_with_emitter(html, &mut emitter).finish();
    emitter.out
}

/// An html5gum emitter that records `href`/`src` values and ids of start tags, and nothing else.
#[derive(Default)]
struct RefsEmitter {
    out: Refs,
    tag: Vec<u8>,
    start: bool,
    last_start: Vec<u8>,
    attr: Vec<u8>,
    value: Vec<u8>,
    in_attr: bool,
}

impl RefsEmitter {
    fn flush_attr(&mut self) {
        if !std::mem::take(&mut self.in_attr) || !self.start {
            return;
        }
        let value = || String::from_utf8_lossy(&self.value).into_owned();
        match self.attr.as_slice() {
            b"href" | b"src" if !self.value.is_empty() => self.out.links.push(value()),
            b"id" => {
                self.out.ids.insert(value());
            }
            // `<a name>` is the one other thing a fragment scrolls to (`<meta name>` is not).
            b"name" if self.tag == b"a" => {
                self.out.ids.insert(value());
            }
            _ => {}
        }
    }
}

impl Emitter for &mut RefsEmitter {
    type Token = Infallible;

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.last_start.clear();
        self.last_start.extend(last_start_tag.unwrap_or_default());
    }
    fn emit_eof(&mut self) {}
    fn emit_error(&mut self, _: Error) {}
    fn should_emit_errors(&mut self) -> bool {
        false
    }
    fn pop_token(&mut self) -> Option<Infallible> {
        None
    }
    fn emit_string(&mut self, _: &[u8]) {}
    fn init_start_tag(&mut self) {
        self.tag.clear();
        self.start = true;
        self.in_attr = false;
    }
    fn init_end_tag(&mut self) {
        self.tag.clear();
        self.start = false;
        self.in_attr = false;
    }
    fn init_comment(&mut self) {}
    fn emit_current_tag(&mut self) -> Option<State> {
        self.flush_attr();
        if !self.start {
            return None;
        }
        self.last_start.clear();
        self.last_start.extend_from_slice(&self.tag);
        // Without a tree builder the tokenizer needs to be told that `<script>` holds raw text;
        // the naive rule (by the start tag's name) is the one browsers follow for these elements.
        naive_next_state(&self.tag)
    }
    fn emit_current_comment(&mut self) {}
    fn emit_current_doctype(&mut self) {}
    fn set_self_closing(&mut self) {}
    fn set_force_quirks(&mut self) {}
    fn push_tag_name(&mut self, s: &[u8]) {
        self.tag.extend(s.iter().map(u8::to_ascii_lowercase));
    }
    fn push_comment(&mut self, _: &[u8]) {}
    fn push_doctype_name(&mut self, _: &[u8]) {}
    fn init_doctype(&mut self) {}
    fn init_attribute(&mut self) {
        self.flush_attr();
        self.attr.clear();
        self.value.clear();
        self.in_attr = true;
    }
    fn push_attribute_name(&mut self, s: &[u8]) {
        self.attr.extend(s.iter().map(u8::to_ascii_lowercase));
    }
    fn push_attribute_value(&mut self, s: &[u8]) {
        self.value.extend_from_slice(s);
    }
    fn set_doctype_public_identifier(&mut self, _: &[u8]) {}
    fn set_doctype_system_identifier(&mut self, _: &[u8]) {}
    fn push_doctype_public_identifier(&mut self, _: &[u8]) {}
    fn push_doctype_system_identifier(&mut self, _: &[u8]) {}
    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        !self.start && !self.tag.is_empty() && self.tag == self.last_start
    }
}

/// Every `href` and `src` of a document with the byte offset of its value, for placing a link
/// at the line of the file that wrote it.
pub fn link_attrs(html: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    each_attr(bytes, |a| {
        if matches!(a.name, b"href" | b"src") {
            // html5gum starts an unquoted value's span one byte late (after its first byte).
            let late = !bytes[a.at.min(bytes.len())..].starts_with(a.value)
                && a.at > 0
                && bytes[a.at - 1..].starts_with(a.value);
            out.push((String::from_utf8_lossy(a.value).into_owned(), a.at - usize::from(late)));
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(html: &str) -> Vec<String> {
        refs(html.as_bytes()).links
    }

    #[test]
    fn attributes_in_any_quoting_with_entities_decoded() {
        let html = r#"<a href="/a/?x=1&amp;y=2">x</a><img src='b.png'><A HREF=c.html>y</A><p id="상세">"#;
        assert_eq!(links(html), ["/a/?x=1&y=2", "b.png", "c.html"]);
        assert!(refs(html.as_bytes()).ids.contains("상세"));
    }

    #[test]
    fn text_code_comments_scripts_and_other_attributes_are_not_links() {
        let html = concat!(
            r#"<meta name="description" content="링크는 <a href=&quot;/about-me/&quot;> 처럼">"#,
            r#"<p><code>&lt;a href=&quot;/about-me/&quot;&gt;</code> <code>&lt;p id="intro"&gt;</code></p>"#,
            r#"<pre><code>&lt;script src="./bundle.js"&gt;&lt;/script&gt;</code></pre>"#,
            r#"<!-- <a href="/commented/"> <p id="c"> -->"#,
            r#"<script type="application/ld+json">{"d":"<a href=\"/about-me/\"> <p id=\"j\">"}</script>"#,
            r#"<script>let s = '<img src="/x.png">';</script><style>a[href="/y/"]{}</style>"#,
            r#"<textarea><a href="/t/"></textarea><title><a href="/u/"></title>"#,
        );
        let r = refs(html.as_bytes());
        assert!(r.links.is_empty(), "{:?}", r.links);
        assert!(r.ids.is_empty(), "{:?}: `<meta name>` is no anchor either", r.ids);
    }

    /// The page emitter and the callback emitter (used for templates and raw HTML) read the same.
    #[test]
    fn both_emitters_agree() {
        let docs = [
            r#"<!doctype html><html><head><title>a <a href="/t/"></title><script>x='<a href="/s/">'</script></head>"#,
            r#"<body><A HREF='/a/' ID=x>y</A><img src=b.png name=n><a name="m"><!-- <a href="/c/"> --></body>"#,
            r#"<p id="1" id="2"><a href="/x?a=1&amp;b=2&lt;">t</a></p></A href="/end/"><a href=unclosed"#,
            "<style>a{}</style><a href=/after-style/><textarea><a href=/ta/></textarea><a href=/z/>",
            "<svg><use href=\"#icon\"/></svg><iframe src=\"/f/\"></iframe><noscript><a href=/n/></noscript>",
        ];
        for html in docs {
            let mut slow = Refs::default();
            each_attr(html.as_bytes(), |a| match a.name {
                b"href" | b"src" if !a.value.is_empty() => slow.links.push(String::from_utf8_lossy(a.value).into()),
                b"id" => {
                    slow.ids.insert(String::from_utf8_lossy(a.value).into());
                }
                b"name" if a.tag == b"a" => {
                    slow.ids.insert(String::from_utf8_lossy(a.value).into());
                }
                _ => {}
            });
            assert_eq!(refs(html.as_bytes()), slow, "{html}");
        }
    }

    #[test]
    fn a_name_is_an_anchor() {
        let r = refs(br#"<a name="old"></a><input name="q">"#);
        assert_eq!(r.ids, ["old".to_owned()].into_iter().collect());
    }

    #[test]
    fn offsets_point_at_values() {
        let html = "<a class=x\n href=\"/a/\">x</a> <img src=b.png>";
        let found = link_attrs(html);
        assert_eq!(found.len(), 2);
        for (value, at) in found {
            assert!(html[at..].starts_with(&value), "{value} at {at}");
        }
        assert_eq!(link_attrs("<a href=/a/>"), [("/a/".to_owned(), 8)]);
        assert_eq!(link_attrs("<a href='/a/'>"), [("/a/".to_owned(), 9)]);
    }
}
