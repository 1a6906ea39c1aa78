//! PARSE (highlight): one block parsed by syntect and written as class-based HTML straight into
//! the caller's buffer.
//!
//! The bytes are those of syntect's `ClassedHTMLGenerator` (a span per scope with prefixed
//! classes, spans left empty on a line dropped, syntect's five escapes), without what it costs:
//! a new `String` per line copied into another, and for every span a lock on syntect's global
//! scope-name table to spell the class attribute. Here each scope's attribute is spelled once a
//! block. This module must not choose the language, apply limits or reach the cache; that is
//! the caller's (crate::highlight).

use std::collections::HashMap;

use syntect::parsing::{BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Appends `code` highlighted as `syntax` to `out`: `None` if the grammar failed on it (the
/// caller renders the block plainly; what was appended is then to be dropped).
pub(super) fn write_block(syntax: &SyntaxReference, set: &SyntaxSet, code: &str, out: &mut String) -> Option<()> {
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut classes: HashMap<Scope, String> = HashMap::new();
    // isize as in syntect: a grammar that pops more than it pushed closes none at the end.
    let mut open: isize = 0;
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, set).ok()?;
        let mut at = 0;
        // As in syntect: a span opened on this line and closed before any text is removed.
        let mut span_empty = false;
        let mut span_start = 0;
        for (i, op) in &ops {
            if *i > at {
                span_empty = false;
                escape(out, line.get(at..*i)?);
                at = *i;
            }
            stack
                .apply_with_hook(op, |basic, _| match basic {
                    BasicScopeStackOp::Push(scope) => {
                        span_start = out.len();
                        span_empty = true;
                        out.push_str("<span class=\"");
                        out.push_str(classes.entry(scope).or_insert_with(|| class_of(scope)));
                        out.push_str("\">");
                        open += 1;
                    }
                    BasicScopeStackOp::Pop => {
                        if span_empty {
                            out.truncate(span_start);
                        } else {
                            out.push_str("</span>");
                        }
                        open -= 1;
                        span_empty = false;
                    }
                })
                .ok()?;
        }
        escape(out, line.get(at..)?);
    }
    for _ in 0..open {
        out.push_str("</span>");
    }
    Some(())
}

/// `hl-source hl-rust` for the scope `source.rust`.
fn class_of(scope: Scope) -> String {
    let name = scope.build_string();
    let mut class = String::with_capacity(name.len() + 8);
    for (n, atom) in name.split('.').enumerate() {
        if n > 0 {
            class.push(' ');
        }
        class.push_str(super::CLASS_PREFIX);
        class.push_str(atom);
    }
    class
}

/// syntect's escaping of code text: `<`, `>`, `&`, `'` and `"`.
fn escape(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'\'' => "&#39;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use syntect::html::{ClassStyle, ClassedHTMLGenerator};

    /// What syntect's own generator makes of the block: the bytes this module must repeat.
    fn syntect_html(set: &SyntaxSet, lang: &str, code: &str) -> Option<String> {
        let syntax = set.find_syntax_by_token(lang)?;
        let style = ClassStyle::SpacedPrefixed { prefix: crate::highlight::CLASS_PREFIX };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, style);
        for line in LinesWithEndings::from(code) {
            generator.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(generator.finalize())
    }

    fn ours(set: &SyntaxSet, lang: &str, code: &str) -> Option<String> {
        let mut out = String::new();
        write_block(set.find_syntax_by_token(lang)?, set, code, &mut out)?;
        Some(out)
    }

    /// Every fenced block of the example blog (content/), and blocks made to reach the corners:
    /// escapes, a string left open across lines, a heredoc, empty lines, no final newline.
    #[test]
    fn the_html_is_syntects_byte_for_byte() {
        let set = two_face::syntax::extra_newlines();
        let mut blocks: Vec<(String, String)> = vec![
            ("rust".into(), "let s = \"<a href='x'>&amp;\";\n\n/* open\n comment */ fn f() {}".into()),
            ("bash".into(), "cat <<'EOF' > \"$f\"\n<b>&</b>\nEOF\necho ok\n".into()),
            ("python".into(), "s = \"\"\"\n  'quoted' <tag>\n\"\"\"\n".into()),
            ("yaml".into(), "a: |\n  x & y\nb: 'c'\n".into()),
            ("diff".into(), "--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new\n".into()),
            ("json".into(), "{\"k\": [1, 2.5e3, null, \"<\\u0041>\"]}\n".into()),
        ];
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        for entry in walkdir::WalkDir::new(content).sort_by_file_name().into_iter().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let mut fence: Option<(String, String)> = None;
            for line in text.lines() {
                match (&mut fence, line.trim_start().strip_prefix("```")) {
                    (None, Some(info)) => {
                        fence = Some((info.split([' ', ',', '{']).next().unwrap_or("").into(), String::new()))
                    }
                    (Some(_), Some("")) => blocks.extend(fence.take()),
                    (Some((_, code)), _) => code.push_str(&format!("{line}\n")),
                    _ => {}
                }
            }
        }
        let mut compared = 0;
        for (lang, code) in &blocks {
            let expected = syntect_html(&set, lang, code);
            assert_eq!(ours(&set, lang, code), expected, "{lang} block:\n{code}");
            compared += usize::from(expected.is_some());
        }
        assert!(compared > 60, "only {compared} blocks compared");
    }
}
