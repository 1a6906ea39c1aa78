//! ASSEMBLE: which posts are yearly retrospectives, which year each covers, and the goals they
//! set and review.
//!
//! Rules (DESIGN.md, "Retrospectives and years"): `retrospective:` in front matter decides
//! first; then a retrospective tag or category; then the title patterns. The year covered is
//! the front-matter year, else a year in the title (never an age, a count or a duration), else
//! the publication year — minus one for a January or February post. Pure functions over
//! posts; no I/O, no rendering.

use regex::{Regex, RegexBuilder};

use crate::config::RetroConfig;
use crate::fields::RetroFlag;
use crate::site::Entry;
use crate::slug::nfc;

/// Title patterns every site gets; `[retrospective] title_patterns` adds to them.
/// They only count when the title also names a year (so "개발자 10년 회고" is not one).
pub const DEFAULT_TITLE_PATTERNS: &[&str] = &[
    r"\d{2,4}\s*년?\s*(을|를|의)?\s*(한\s*해\s*)?(회고|돌아보며|돌아보기|되돌아보기|보내며|결산|연말\s*결산|마무리)",
    r"\b(19|20)\d{2}\s*[:,\-–—]?\s*(a\s+|my\s+)?(retrospective|retro|year\s+in\s+review|in\s+review|review|wrap-?up)\b",
    r"\b(retrospective|year\s+in\s+review|(a\s+)?look(ing)?\s+back\s+(at|on))\s*:?\s*(19|20)\d{2}\b",
    r"(회고|결산)\s*[(\[:]?\s*(19|20)\d{2}",
];

/// The compiled detection rules.
#[derive(Debug, Clone)]
pub struct Detector {
    tags: Vec<String>,
    /// The built-in patterns, which also need a year in the title.
    titles: Vec<Regex>,
    /// `[retrospective] title_patterns`, taken as written.
    custom: Vec<Regex>,
}

impl Detector {
    /// Compiles the default and configured patterns; a bad configured pattern is returned as
    /// an error message naming it.
    pub fn new(config: &RetroConfig) -> Result<Self, String> {
        let compile = |p: &str| {
            RegexBuilder::new(p)
                .case_insensitive(true)
                .build()
                .map_err(|e| format!("invalid pattern `{p}` in [retrospective] title_patterns: {e}"))
        };
        let titles = DEFAULT_TITLE_PATTERNS.iter().map(|p| compile(p)).collect::<Result<_, _>>()?;
        let custom = config.title_patterns.iter().map(|p| compile(p)).collect::<Result<_, _>>()?;
        let tags = config.tags.iter().map(|t| fold(t)).collect();
        Ok(Detector { tags, titles, custom })
    }

    /// The year a post covers if it is a retrospective.
    pub fn covered_year(&self, e: &Entry) -> Option<i16> {
        let date = e.date.as_ref()?;
        match e.fm.retrospective {
            RetroFlag::No => return None,
            RetroFlag::Year(y) => return Some(y),
            RetroFlag::Yes => {}
            RetroFlag::Auto if self.is_retro(e) => {}
            RetroFlag::Auto => return None,
        }
        let published = date.year();
        Some(title_year(&e.fm.title, published).unwrap_or(if date.zoned.month() <= 2 {
            published - 1
        } else {
            published
        }))
    }

    fn is_retro(&self, e: &Entry) -> bool {
        let title = &e.fm.title;
        let tagged = e.fm.tags.iter().chain(&e.fm.categories).any(|t| self.tags.contains(&fold(t)));
        let published = e.date.as_ref().map_or(2100, |d| d.year());
        let builtin = || self.titles.iter().any(|re| re.is_match(title)) && title_year(title, published).is_some();
        tagged || builtin() || self.custom.iter().any(|re| re.is_match(title))
    }
}

fn fold(s: &str) -> String {
    nfc(s.trim()).to_lowercase()
}

/// The first year named in a title: four digits (1990 to next year), or two digits followed by
/// 년 ("22년" is 2022) within two years of publication. Ages ("21살"), counts and durations
/// ("1년차", "3년", "10년간"), birth years ("1990년생") and versions ("v1.2", "2.2023") are not
/// years.
pub fn title_year(title: &str, published: i16) -> Option<i16> {
    let chars: Vec<char> = title.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let digits: String = chars[start..i].iter().collect();
        let before = start.checked_sub(1).map(|b| chars[b]);
        if let Some(y) = year_of(&digits, before, &chars[i..], published) {
            return Some(y);
        }
    }
    None
}

fn year_of(digits: &str, before: Option<char>, after: &[char], published: i16) -> Option<i16> {
    if matches!(before, Some('.' | 'v' | 'V' | ','))
        || after.first() == Some(&'.') && after.get(1).is_some_and(char::is_ascii_digit)
    {
        return None;
    }
    let value: i16 = digits.parse().ok()?;
    let suffix: String = after.iter().take(2).collect();
    let year_word =
        suffix.starts_with('년') && !matches!(suffix.chars().nth(1), Some('차' | '간' | '생' | '째' | '도'));
    match digits.len() {
        4 if (1990..=published + 1).contains(&value) && (year_word || plain_follower(after)) => Some(value),
        2 if year_word => Some(2000 + value).filter(|y| (published - 2..=published + 1).contains(y)),
        _ => None,
    }
}

/// After a four-digit year: the end, a space or punctuation, or a Korean particle.
fn plain_follower(after: &[char]) -> bool {
    match after.first() {
        None => true,
        Some(c) if !c.is_alphanumeric() => true,
        Some(c) => matches!(c, '을' | '를' | '의' | '은' | '는' | '도' | '에' | '와' | '과'),
    }
}

fn contains_ascii_ci(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// Words that mark a heading as a list of goals.
const GOAL_WORDS: &[&str] = &["목표", "다짐", "계획", "버킷", "goal", "resolution", "objective"];

/// The year a goals heading is about, inside a retrospective covering `covered`:
/// a year it names, "올해"/"this year" for `covered`, otherwise the year after.
pub fn goal_heading_year(heading: &str, covered: i16) -> Option<i16> {
    // Most headings are not about goals: tell without allocating (the words are Hangul or
    // ASCII, so ASCII case folding is the whole of it).
    if !GOAL_WORDS.iter().any(|w| contains_ascii_ci(heading, w)) {
        return None;
    }
    let lower = heading.to_lowercase();
    if let Some(y) = title_year(heading, covered + 1) {
        return Some(y);
    }
    if lower.contains("올해") || lower.contains("this year") || lower.contains("지난") || lower.contains("작년 목표")
    {
        return Some(covered);
    }
    Some(covered + 1)
}

#[cfg(test)]
mod tests;
