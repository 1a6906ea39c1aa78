//! Output for people and for CI: diagnostics on stderr (`path:line:col: error: …`, sorted,
//! then a count), GitHub workflow annotations when `GITHUB_ACTIONS=true`, and the
//! `--format json` summary on stdout. Formatting only; the CLI decides what to print.

use std::io::Write;

use serde::Serialize;

use crate::error::{Diagnostic, Diagnostics, Severity};
use crate::pipeline::Outcome;

/// Every diagnostic to stderr, sorted by path, then a count.
pub fn human(d: &Diagnostics, failed: bool) {
    if d.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    for item in d.sorted() {
        let _ = writeln!(err, "{item}");
    }
    let (e, w) = (d.count(Severity::Error), d.count(Severity::Warning));
    let tail = if failed { "; nothing was written" } else { "" };
    let _ = match (e, w) {
        (0, w) => writeln!(err, "{w} warning{}", plural(w)),
        (e, 0) => writeln!(err, "{e} error{}{tail}", plural(e)),
        (e, w) => writeln!(err, "{e} error{}, {w} warning{}{tail}", plural(e), plural(w)),
    };
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// GitHub Actions workflow commands, so errors show on the pull request's lines.
pub fn github_annotations(d: &Diagnostics) {
    let mut out = std::io::stdout().lock();
    for item in d.sorted() {
        let _ = writeln!(out, "{}", github_annotation(item));
    }
}

/// `::error file=content/x.md,line=3,col=7::message` with GitHub's escaping.
pub fn github_annotation(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = format!("file={}", escape_property(&d.path.display().to_string()));
    if d.line > 0 {
        props.push_str(&format!(",line={},col={}", d.line, d.col.max(1)));
    }
    format!("::{kind} {props}::{}", escape_data(&d.message))
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: String,
    line: usize,
    col: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    command: &'a str,
    ok: bool,
    posts: usize,
    pages: usize,
    files_rendered: usize,
    files_copied: usize,
    pages_checked: usize,
    links_checked: usize,
    broken_links: usize,
    output: String,
    errors: Vec<JsonDiagnostic<'a>>,
    warnings: Vec<JsonDiagnostic<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external: Option<&'a [crate::external::LinkStatus]>,
}

/// The machine-readable summary of one `build` or `check`.
pub fn json(command: &str, o: &Outcome, external: Option<&[crate::external::LinkStatus]>) -> String {
    let pick = |sev: Severity| -> Vec<JsonDiagnostic<'_>> {
        o.diagnostics
            .sorted()
            .into_iter()
            .filter(|d| d.severity == sev)
            .map(|d| JsonDiagnostic {
                path: d.path.display().to_string(),
                line: d.line,
                col: d.col,
                message: &d.message,
            })
            .collect()
    };
    let summary = JsonSummary {
        command,
        ok: o.failure.is_none() && !o.diagnostics.has_errors(),
        posts: o.stats.posts,
        pages: o.stats.pages,
        files_rendered: o.stats.rendered,
        files_copied: o.stats.copied,
        pages_checked: o.stats.pages_checked,
        links_checked: o.stats.links_checked,
        broken_links: o.stats.broken_links,
        output: o.output_dir.display().to_string(),
        errors: pick(Severity::Error),
        warnings: pick(Severity::Warning),
        external,
    };
    serde_json::to_string_pretty(&summary).unwrap_or_else(|e| format!("{{\"ok\":false,\"error\":\"{e}\"}}"))
}

/// `--timings`: one line per stage, on stderr.
pub fn timings(stats: &crate::pipeline::Stats) {
    for (stage, d) in &stats.timings {
        eprintln!("  {stage:<20} {:>8.1} ms", d.as_secs_f64() * 1000.0);
    }
    if let Some(c) = stats.cache {
        eprintln!("  code blocks: {} from the build cache, {} highlighted", c.hits, c.misses);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_escape_what_github_needs() {
        let d = Diagnostic::error("content/a,b.md", 3, 7, "50% broken:\nsee x");
        assert_eq!(github_annotation(&d), "::error file=content/a%2Cb.md,line=3,col=7::50%25 broken:%0Asee x");
        let w = Diagnostic::warning("gen.toml", 0, 0, "w");
        assert_eq!(github_annotation(&w), "::warning file=gen.toml::w");
    }
}
