//! PARSE: syntax highlighting of fenced code at build time, with CSS classes (syntect with
//! bat's extra grammars from two-face: HCL/Terraform, Dockerfile, nginx, TOML, Kotlin,
//! TypeScript...), and the light and dark stylesheets for those classes.
//!
//! Chosen by measurement (docs/performance.md, scripts/engines/): on 7,501 blocks of the
//! code-heavy corpus syntect + onig took 1.0 ms a block, fancy-regex 3.4 ms, giallo 1.8 ms;
//! tree-sitter-highlight was faster but has other classes, fewer grammars and a larger binary.
//! About 95% of a block's time is syntect's per-line regex search, so the HTML writer is
//! syntect's own (a one-buffer writer was tried and gained nothing measurable).
//!
//! The syntax set is loaded once per build and shared read-only across threads (syntect reads
//! a grammar's contexts and compiles each regex on first use, so a site pays only for the languages it
//! has). Blocks kept from earlier builds come through a [`BlockStore`]: `gen serve`'s memo in
//! memory (within a budget of bytes: `memo.rs`), or `gen build`'s cache on disk
//! (crate::blockcache). This module must not touch files.
//!
//! A block with a line longer than [`MAX_LINE`] is left plain: syntect's time grows with the
//! square of a line's length on some grammars (a 100 KB line of Bash took 5 s). And one regex
//! search may backtrack [`RETRY_LIMIT`] times: some grammars' patterns are cubic on hostile
//! lines (1,600 `~` then `a=b` in a Bash block: 6.9 s; 3,200: 47 s).

use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

mod memo;

/// The longest line highlighted, in bytes: real code stays far below; minified files do not.
pub const MAX_LINE: usize = 4_096;

/// Backtracking steps one regex search may take; past it the search counts as no match and
/// that token stays plain. With 10,000 the code of the example blog and the fixtures is
/// highlighted byte for byte as without a limit (so it is with 30,000 and 1,000,000), and
/// 3,200 `~` then `a=b` in Bash take 0.04-0.08 s instead of 47 s (0.1 s with 30,000, 4 s with
/// 1,000,000).
pub const RETRY_LIMIT: u32 = 10_000;

/// Sets [`RETRY_LIMIT`] in Oniguruma, the regex engine under syntect, once for the process.
fn limit_backtracking() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: writes one global of Oniguruma's, which each search reads when it starts. It
        // is written here, before the first highlighter exists, so before any search of ours.
        unsafe { onig_sys::onig_set_retry_limit_in_search(RETRY_LIMIT.into()) };
    });
}

/// Class prefix of every highlighted token: `<span class="hl-keyword hl-rust">`.
pub const CLASS_PREFIX: &str = "hl-";
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: CLASS_PREFIX };

/// Blocks highlighted before, by language and code: the one way the highlight step reaches a
/// cache. `make` highlights the block; a store returns what it returned, now or in an earlier
/// build, and nothing else.
pub trait BlockStore: Send + Sync {
    fn block(&self, lang: &str, code: &str, make: &mut dyn FnMut() -> Option<String>) -> Option<String>;
}

/// Highlights code blocks; cheap to share by reference.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    store: Option<std::sync::Arc<dyn BlockStore>>,
}

impl Default for Highlighter {
    fn default() -> Self {
        limit_backtracking();
        Highlighter { syntaxes: two_face::syntax::extra_newlines(), store: None }
    }
}

/// Common fence names that are not the grammar's own token.
fn alias(lang: &str) -> &str {
    match lang {
        "terraform" | "tf" => "hcl",
        "shell" | "sh" | "zsh" | "console" => "bash",
        "docker" => "dockerfile",
        "yml" => "yaml",
        "py" => "python",
        "js" => "javascript",
        "ts" => "typescript",
        "kt" => "kotlin",
        "rs" => "rust",
        "golang" => "go",
        "patch" => "diff",
        "conf" | "nginxconf" => "nginx",
        other => other,
    }
}

impl Highlighter {
    /// `<pre><code class="language-x">` with highlighted spans; unknown languages come back as
    /// escaped plain code (`None` means: render it plainly).
    pub fn highlight(&self, lang: &str, code: &str) -> Option<String> {
        match &self.store {
            Some(store) => store.block(lang, code, &mut || self.highlight_now(lang, code)),
            None => self.highlight_now(lang, code),
        }
    }

    /// A highlighter that remembers the blocks it highlighted, within `memo::BUDGET` bytes
    /// (`gen serve`).
    pub fn remembering() -> Self {
        Highlighter::default().with_store(std::sync::Arc::new(memo::Memo::new(memo::BUDGET)))
    }

    /// A highlighter that asks `store` first and gives it every block it highlights.
    pub fn with_store(self, store: std::sync::Arc<dyn BlockStore>) -> Self {
        Highlighter { store: Some(store), ..self }
    }

    fn highlight_now(&self, lang: &str, code: &str) -> Option<String> {
        if code.split('\n').any(|line| line.len() > MAX_LINE) {
            return None;
        }
        let lower = lang.to_ascii_lowercase();
        let syntax = self.syntaxes.find_syntax_by_token(alias(&lower))?;
        let mut html_gen = ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, STYLE);
        for line in LinesWithEndings::from(code) {
            // A grammar that fails on odd input must not fail the build: fall back to plain.
            html_gen.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        let mut out = String::with_capacity(code.len() * 3);
        out.push_str("<pre class=\"highlight\"><code class=\"language-");
        let _ = pulldown_cmark_escape::escape_html(&mut out, lang);
        out.push_str("\">");
        out.push_str(&html_gen.finalize());
        out.push_str("</code></pre>\n");
        Some(out)
    }
}

/// The light stylesheet, and the dark one scoped to dark mode (the system's, unless the reader
/// picked light with the toggle, or the toggle's dark).
pub fn stylesheets(setting: &str) -> Result<(String, String), String> {
    let (light, dark) = crate::config::theme_pair(setting)?;
    let themes = two_face::theme::extra();
    let css = |name: &str| {
        let theme = themes.get(theme_name(name));
        css_for_theme_with_class_style(theme, STYLE).map_err(|e| format!("highlight theme `{name}`: {e}"))
    };
    let dark_css = css(dark)?;
    let scoped = format!(
        "@media (prefers-color-scheme: dark) {{\n{}}}\n{}",
        scope(&dark_css, "html:not([data-theme=\"light\"])"),
        scope(&dark_css, "html[data-theme=\"dark\"]")
    );
    Ok((css(light)?, scoped))
}

fn theme_name(name: &str) -> two_face::theme::EmbeddedThemeName {
    let names = two_face::theme::EmbeddedLazyThemeSet::theme_names();
    names.iter().copied().find(|n| n.as_name() == name).unwrap_or(two_face::theme::EmbeddedThemeName::InspiredGithub)
}

/// Prefixes every selector of syntect's generated CSS with `scope`, including each selector of
/// a comma-separated list (`.a, .b {`), which can span lines.
fn scope(css: &str, scope: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut in_rule = false;
    for line in css.lines() {
        let t = line.trim();
        if in_rule {
            in_rule = !t.contains('}');
            out.push_str(line);
        } else if t.starts_with('.') || (t.starts_with(',') && t.len() > 1) {
            let (selectors, rest) = t.split_once('{').map_or((t, None), |(a, b)| (a, Some(b)));
            let scoped: Vec<String> = selectors
                .split(',')
                .map(str::trim)
                .map(|sel| if sel.is_empty() { String::new() } else { format!("{scope} {sel}") })
                .collect();
            out.push_str(&scoped.join(", "));
            if let Some(rest) = rest {
                out.push_str(" {");
                out.push_str(rest);
                in_rule = !rest.contains('}');
            }
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_languages_a_devops_blog_needs_are_highlighted() {
        let h = Highlighter::default();
        for lang in [
            "rust",
            "go",
            "python",
            "javascript",
            "typescript",
            "java",
            "kotlin",
            "yaml",
            "toml",
            "json",
            "bash",
            "shell",
            "dockerfile",
            "sql",
            "hcl",
            "terraform",
            "nginx",
            "diff",
        ] {
            let html = h.highlight(lang, "x = 1\n").unwrap_or_else(|| panic!("{lang} not highlighted"));
            assert!(html.contains("<span class=\"hl-"), "{lang}: {html}");
        }
    }

    #[test]
    fn unknown_languages_are_left_to_plain_rendering() {
        assert!(Highlighter::default().highlight("no-such-lang", "<b>").is_none());
    }

    /// Found by the fuzzer: a line of 1,631 `~` and then `Thread (reserved=…)` in a Bash block
    /// took 6.4 s (the time is the benches' to check; here, that it is still highlighted).
    #[test]
    fn a_line_that_made_a_grammar_backtrack_is_still_highlighted() {
        let line = format!("{} a=b\n", "~".repeat(1_600));
        let html = Highlighter::default().highlight("bash", &format!("echo\n{line}")).unwrap_or_default();
        assert!(html.contains("hl-tilde") && html.contains(" a=b</span>"), "{} bytes", html.len());
    }

    /// Found by the fuzzer: two 100 KB lines of Bash took 11 s to highlight.
    #[test]
    fn a_block_with_a_very_long_line_is_left_plain() {
        let h = Highlighter::default();
        let line = "[tags: ".repeat(MAX_LINE / 7);
        assert!(h.highlight("bash", &format!("echo\n{line}\n")).is_some_and(|html| html.contains("hl-")));
        assert!(h.highlight("bash", &format!("echo\n{line}{line}\n")).is_none());
    }

    #[test]
    fn code_is_escaped() {
        let html = Highlighter::default().highlight("rust", "let s = \"<script>\";\n").unwrap();
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"), "{html}");
    }

    #[test]
    fn theme_settings() {
        use crate::config::theme_pair;
        assert_eq!(theme_pair("default").unwrap(), ("InspiredGitHub", "OneHalfDark"));
        assert_eq!(theme_pair("github, dracula").unwrap(), ("GitHub", "Dracula"));
        assert!(theme_pair("nope").unwrap_err().contains("unknown highlight theme `nope`"));
        let (light, dark) = stylesheets("default").unwrap();
        assert!(light.contains(".hl-comment"), "{light}");
        assert!(dark.contains("html[data-theme=\"dark\"] .hl-comment"), "{dark}");
        assert!(theme_pair("ansi").is_err(), "terminal-only themes are refused");
    }

    #[test]
    fn every_dark_selector_is_scoped() {
        let css = ".a, .b {\n color: red;\n}\n.c,\n.d {\n color: blue;\n}\n";
        let scoped = scope(css, "X");
        assert_eq!(scoped, "X .a, X .b {\n color: red;\n}\nX .c, \nX .d {\n color: blue;\n}\n");
        let (_, dark) = stylesheets("default").unwrap();
        let unscoped: Vec<&str> = dark.lines().filter(|l| l.trim_start().starts_with('.')).collect();
        assert!(unscoped.is_empty(), "unscoped dark rules: {unscoped:?}");
    }
}
