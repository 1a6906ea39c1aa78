//! PARSE: `$…$` and `$$…$$` -> MathML at build time (pulldown-latex), for pages that opt in
//! with `math: true` or sites with `[markdown] math = true`. Without the opt-in pulldown-cmark
//! never produces math events, so "$$postDigest()와 $timeout()" stays literal text.
//!
//! Works on one body's events; no JavaScript and no network in the output.

use pulldown_cmark::{CowStr, Event};
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

/// Replaces math events with MathML. LaTeX that does not parse is rendered by pulldown-latex
/// in its error colour rather than failing the build.
pub fn replace_math(events: &mut [Event<'_>]) {
    for ev in events.iter_mut() {
        let (tex, mode) = match ev {
            Event::InlineMath(t) => (t.to_string(), DisplayMode::Inline),
            Event::DisplayMath(t) => (t.to_string(), DisplayMode::Block),
            _ => continue,
        };
        *ev = Event::InlineHtml(CowStr::from(mathml(&tex, mode)));
    }
}

fn mathml(tex: &str, mode: DisplayMode) -> String {
    let storage = Storage::new();
    let parser = Parser::new(tex, &storage);
    let mut out = String::new();
    let config = RenderConfig { display_mode: mode, annotation: Some(tex), ..RenderConfig::default() };
    if push_mathml(&mut out, parser, config).is_err() {
        // Writing to a String does not fail; keep the source visible if it ever does.
        out = format!("<code class=\"math-error\">{}</code>", tex.replace('<', "&lt;"));
    }
    out
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
}
