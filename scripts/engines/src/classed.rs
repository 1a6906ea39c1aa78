//! The one-buffer classed-HTML writer tried for hoego (docs/performance.md, "해 본 것"): the same
//! bytes as syntect's `ClassedHTMLGenerator`, spelling each scope's class attribute once a block
//! instead of a lock on syntect's scope table per span. Timed beside syntect's writer by this
//! harness; it gained nothing measurable, so `gen` keeps syntect's.

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
