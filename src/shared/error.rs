//! Diagnostics shared by every stage: content errors and warnings that name `path:line:col`.
//!
//! Policy (after ripgrep's `messages.rs`): a per-file problem never aborts a stage; it is pushed
//! here, the stage carries on, and the build fails at the end if any error was recorded. This
//! module only collects and formats; it must not print or decide exit codes.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file, at a 1-based line and column (0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, line: usize, col: usize, msg: impl Into<String>) -> Self {
        Self::new(Severity::Error, path.into(), line, col, msg.into())
    }

    pub fn warning(path: impl Into<PathBuf>, line: usize, col: usize, msg: impl Into<String>) -> Self {
        Self::new(Severity::Warning, path.into(), line, col, msg.into())
    }

    fn new(severity: Severity, path: PathBuf, line: usize, col: usize, message: String) -> Self {
        Diagnostic { severity, path, line, col, message }
    }

    fn sort_key(&self) -> (&Path, usize, usize, Severity, &str) {
        (&self.path, self.line, self.col, self.severity, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.col.max(1))?;
        }
        write!(f, ": {kind}: {}", printable(&self.message))
    }
}

/// Text for a terminal: control characters (an ESC from a pasted title, a NUL) written as
/// `\u{1b}`, so a message stays on its line and cannot recolour the terminal. Line breaks in
/// multi-line messages (template errors) stay.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| if c.is_control() && c != '\n' { c.escape_unicode().to_string() } else { c.to_string() })
            .collect(),
    )
}

/// Every diagnostic of one build, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// All diagnostics sorted by path, line, column: the order users read them in.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        v.dedup_by(|a, b| a.sort_key() == b.sort_key());
        v
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Turns a byte offset into a 1-based (line, column), the column counted in characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// [`line_col`] of many offsets in one walk over the text (offsets in any order; results in
/// the order given): a body with thousands of places stays linear.
pub fn line_cols(text: &str, offsets: impl Iterator<Item = usize>) -> Vec<(usize, usize)> {
    let offsets: Vec<usize> = offsets.map(|o| floor_char_boundary(text, o.min(text.len()))).collect();
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&k| offsets[k]);
    let mut out = vec![(1, 1); offsets.len()];
    let (mut pos, mut line, mut col) = (0usize, 1usize, 1usize);
    for k in order {
        for c in text[pos..offsets[k]].chars() {
            if c == '\n' {
                (line, col) = (line + 1, 1);
            } else {
                col += 1;
            }
        }
        pos = offsets[k];
        out[k] = (line, col);
    }
    out
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The nearest of `candidates` to `word`, when it is close enough to be a likely typo
/// (`tittle`, `tag`, `Title`, `tags:`); `None` for an exact match or an unrelated word.
pub fn near_miss<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let folded = word.trim_end_matches(':').to_lowercase();
    if candidates.contains(&word) {
        return None;
    }
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(&folded, c), *c))
        .filter(|(dist, c)| *dist <= (c.chars().count() / 3).clamp(1, 3))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let t = "ab\n한글x\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 9), (2, 3));
    }

    #[test]
    fn control_characters_in_messages_are_shown_escaped() {
        let d = Diagnostic::warning("a.md", 2, 3, "title `\u{1b}[31m빨강\u{0}`\nnext line\tend");
        assert_eq!(d.to_string(), "a.md:2:3: warning: title `\\u{1b}[31m빨강\\u{0}`\nnext line\\u{9}end");
    }

    #[test]
    fn near_misses() {
        let keys = ["title", "tags", "date"];
        assert_eq!(near_miss("tittle", &keys), Some("title"));
        assert_eq!(near_miss("tag", &keys), Some("tags"));
        assert_eq!(near_miss("tags:", &keys), Some("tags"));
        assert_eq!(near_miss("Title", &keys), Some("title"));
        assert_eq!(near_miss("summary", &keys), None);
        assert_eq!(near_miss("title", &keys), None);
        assert_eq!(near_miss("category", &["categories"]), Some("categories"));
    }

    #[test]
    fn sorted_by_path_then_line() {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::error("b.md", 1, 1, "x"));
        d.push(Diagnostic::error("a.md", 9, 1, "y"));
        d.push(Diagnostic::warning("a.md", 2, 1, "z"));
        let s: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(s, ["a.md:2:1: warning: z", "a.md:9:1: error: y", "b.md:1:1: error: x"]);
    }
}
