//! PARSE: `$…$` and `$$…$$` -> MathML at build time (pulldown-latex), for pages that opt in
//! with `math: true` or sites with `[markdown] math = true`. Without the opt-in pulldown-cmark
//! never produces math events, so "$$postDigest()와 $timeout()" stays literal text.
//!
//! Works on one body's events; no JavaScript and no network in the output. A formula nested
//! deeper than [`depth::MAX_DEPTH`] is not handed to pulldown-latex (its time and stack grow with
//! the depth): it stays visible as source, with a warning at its place.

use pulldown_cmark::{CowStr, Event};
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

use crate::dialect::Note;

mod depth;

/// Replaces math events with MathML. LaTeX that does not parse is rendered by pulldown-latex
/// in its error colour rather than failing the build. `offsets` are the events' byte offsets
/// in `body`; the notes returned say which formulas were left as source, at `body`'s lines.
pub fn replace_math(events: &mut [Event<'_>], offsets: &[usize], body: &str) -> Vec<Note> {
    let mut refused = Vec::new();
    for (i, ev) in events.iter_mut().enumerate() {
        let (tex, mode) = match ev {
            Event::InlineMath(t) => (t.to_string(), DisplayMode::Inline),
            Event::DisplayMath(t) => (t.to_string(), DisplayMode::Block),
            _ => continue,
        };
        let html = if depth::exceeds(&tex, depth::MAX_DEPTH) {
            refused.push(offsets.get(i).copied().unwrap_or(0));
            source_shown(&tex)
        } else {
            mathml(&tex, mode)
        };
        *ev = Event::InlineHtml(CowStr::from(html));
    }
    let message = format!(
        "this formula nests deeper than {} levels (braces, `\\left…\\right`, `\\begin…\\end`, or commands \
         taking commands as arguments), so it is shown as source: simplify it",
        depth::MAX_DEPTH
    );
    let places = crate::error::line_cols(body, refused.iter().copied());
    refused
        .into_iter()
        .zip(places)
        .map(|(offset, (line, col))| Note { line, col, offset, error: false, message: message.clone() })
        .collect()
}

fn mathml(tex: &str, mode: DisplayMode) -> String {
    let storage = Storage::new();
    let parser = Parser::new(tex, &storage);
    let mut out = String::new();
    // pulldown-latex 0.8 writes the annotation as it is given: `$a<b$` would open a `<b` tag.
    let annotation = html_escape::encode_text(tex);
    let config = RenderConfig { display_mode: mode, annotation: Some(&annotation), ..RenderConfig::default() };
    if push_mathml(&mut out, parser, config).is_err() {
        // Writing to a String does not fail; keep the source visible if it ever does.
        out = source_shown(tex);
    }
    out
}

/// A formula that is not rendered, as its source.
fn source_shown(tex: &str) -> String {
    format!("<code class=\"math-error\">{}</code>", html_escape::encode_text(tex))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_becomes_mathml() {
        let html = mathml("x^2", DisplayMode::Inline);
        assert!(html.starts_with("<math") && html.contains("<msup>"), "{html}");
        assert!(mathml("\\sum_i i", DisplayMode::Block).contains("display=\"block\""));
    }

    /// The TeX source rides along as an annotation, as text: found by the fuzzer.
    #[test]
    fn the_annotation_is_escaped() {
        let html = mathml("a<b> & c", DisplayMode::Inline);
        assert!(html.contains("<annotation encoding=\"application/x-tex\">a&lt;b&gt; &amp; c</annotation>"), "{html}");
    }

    /// 50,000 nested braces took pulldown-latex about 50 s; 2,000 nested `\frac` without braces
    /// overflowed the stack. Both are refused before pulldown-latex sees them.
    #[test]
    fn formulas_nested_too_deep_stay_source_with_a_warning() {
        let braces = format!("{}x{}", "{".repeat(50_000), "}".repeat(50_000));
        let chain = format!("{}1 1", "\\frac1".repeat(5_000));
        let body = format!("Fine: $\\frac{{a}}{{b}}$\n\nBad: $a < {braces}$\n\n$$\n{chain}\n$$\n");
        let mut events: Vec<Event<'_>> = Vec::new();
        let mut offsets = Vec::new();
        let opts = pulldown_cmark::Options::ENABLE_MATH;
        for (ev, range) in pulldown_cmark::Parser::new_ext(&body, opts).into_offset_iter() {
            events.push(ev);
            offsets.push(range.start);
        }
        let notes = replace_math(&mut events, &offsets, &body);
        let html: Vec<&str> =
            events.iter().filter_map(|e| if let Event::InlineHtml(h) = e { Some(&**h) } else { None }).collect();
        assert_eq!(html.len(), 3, "{html:?}");
        assert!(html[0].starts_with("<math") && html[0].contains("<mfrac>"), "{}", html[0]);
        assert!(html[1].starts_with("<code class=\"math-error\">a &lt; {{{"), "{}", &html[1][..60]);
        assert!(html[2].starts_with("<code class=\"math-error\">\n\\frac1\\frac1"), "{}", &html[2][..60]);
        let places: Vec<(usize, usize)> = notes.iter().map(|n| (n.line, n.col)).collect();
        assert_eq!(places, [(3, 6), (5, 1)]);
        assert!(notes.iter().all(|n| !n.error && n.message.contains("deeper than 100 levels")), "{notes:?}");
    }
}
