//! ASSEMBLE: which posts are retrospectives, of which kind, which year an annual one covers,
//! and the goals they set and review.
//!
//! Rules (DESIGN.md, "Retrospectives and years"): `retrospective:` in front matter decides
//! first; then the title (`kinds.rs`): a year and a retrospective word, or year-end words, make
//! an *annual* retrospective; a week, month, quarter, sprint, project, event or job makes an
//! *other* one; a post about retrospectives is none. A retrospective tag or category makes a
//! post without such words an other one. The year an annual one covers is the front-matter
//! year, else a year in the title (never an age, a count or a duration), else the publication
//! year — minus one for a January or February post. Every verdict says why, for `gen years`.
//! Pure functions over posts; no I/O, no rendering.

use crate::config::{RetroRules, fold_tag as fold};
use crate::fields::RetroFlag;
use crate::site::Placed;
use crate::slug::nfc;

mod kinds;
pub use kinds::{TitleKind, read_title};

/// What a post is, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub kind: Kind,
    /// Why it is (or is not) a retrospective of that kind.
    pub why: String,
    /// For an annual one: why it covers its year.
    pub year_why: Option<String>,
    /// Not taken, but it looks like one (a retrospective word or tag): `gen years` lists it.
    pub near_miss: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Covers this year: owns the year page's top section and its goals.
    Annual(i16),
    /// Weekly, monthly, project, event...: listed on the year it was published.
    Other,
    None,
}

/// The compiled rules of gen.toml's `[retrospective]` (compiled with the configuration, so
/// that a bad pattern is reported there), applied to posts.
impl RetroRules {
    /// The year a post covers if it is an annual retrospective.
    pub fn covered_year(&self, e: &Placed) -> Option<i16> {
        match self.verdict(e).kind {
            Kind::Annual(y) => Some(y),
            _ => None,
        }
    }

    /// The kind of retrospective a post is, with the reasons.
    pub fn verdict(&self, e: &Placed) -> Verdict {
        let none = |why: &str, near_miss| Verdict { kind: Kind::None, why: why.into(), year_why: None, near_miss };
        let Some(date) = e.date.as_ref() else { return none("it has no date", false) };
        let title = nfc(&e.fm.title);
        let published = date.year();
        let in_title = title_year(&title, published);
        let tag = e.fm.tags.iter().chain(&e.fm.categories).find(|t| self.tags.contains(&fold(t)));
        let read = read_title(&title, in_title.is_some(), tag.is_some());
        let other = |why: String| Verdict { kind: Kind::Other, why, year_why: None, near_miss: false };
        let said = |rule: &str| match tag {
            Some(t) => format!("tag `{t}`; title: {rule}"),
            None => format!("title: {rule}"),
        };
        let why = match e.fm.retrospective {
            RetroFlag::No => return none("front matter `retrospective: false`", read != TitleKind::None),
            RetroFlag::Other => return other("front matter `retrospective: periodic`".into()),
            RetroFlag::Year(y) => {
                let v = Verdict {
                    kind: Kind::Annual(y),
                    why: format!("front matter `retrospective: {y}`"),
                    year_why: None,
                    near_miss: false,
                };
                return Verdict { year_why: Some("front matter".into()), ..v };
            }
            // `true` says it is one; the title still tells a monthly one from an annual one.
            RetroFlag::Yes => match read {
                TitleKind::Other(rule) => return other(format!("front matter `retrospective: true`; title: {rule}")),
                _ => "front matter `retrospective: true`".to_owned(),
            },
            RetroFlag::Annual => "front matter `retrospective: annual`".to_owned(),
            RetroFlag::Auto => match (self.custom.iter().find(|re| re.is_match(&title)), read) {
                (Some(re), _) => format!("title pattern `{re}` in [retrospective] title_patterns"),
                (None, TitleKind::Annual(rule)) => said(rule),
                (None, TitleKind::Other(rule)) => return other(said(rule)),
                (None, TitleKind::About) => return none("about retrospectives (a how-to, a template or a book)", true),
                (None, TitleKind::None) => return none("no retrospective tag or words", false),
            },
        };
        let (year, year_why) = match in_title {
            Some(y) => (y, "the year in the title".to_owned()),
            None if date.zoned.month() <= 2 => (
                published - 1,
                format!("published in {}-{:02}, January or February: the year before", published, date.zoned.month()),
            ),
            None => (published, "the publication year".to_owned()),
        };
        Verdict { kind: Kind::Annual(year), why, year_why: Some(year_why), near_miss: false }
    }
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
