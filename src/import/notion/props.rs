//! IMPORT (Notion): a page's properties — the `Key: value` lines Notion writes under the
//! `# Title` heading, or the cells of its database's CSV — as front matter.
//!
//! Known keys in Notion's Korean and English UI map to `date` (`날짜`/`Date`, then
//! `생성 일시`/`Created`), `updated`, `tags`, `categories`, `description` and `slug`; every other
//! property is kept under `extra` as written. Dates come in the forms Notion's UI writes
//! (`2023년 5월 19일 오후 8:26`, `May 19, 2023 8:26 PM`, `2023/05/19`, `05/19/2023`,
//! `2023.10.23`, ISO), read in the site's time zone (Notion writes wall-clock times); a range
//! (`→`, `~`) gives its start, and its end as `extra.date_end`. Pure.

use std::sync::LazyLock;

use jiff::Zoned;
use jiff::tz::TimeZone;
use regex::Regex;

use crate::import::Fields;
use crate::import::frontmatter::datetime;
use crate::slug::nfc;

/// Keys whose value is the publication date, most telling first.
const DATE: &[&str] = &[
    "date",
    "날짜",
    "published",
    "publish date",
    "발행일",
    "게시일",
    "작성일",
    "posted",
    "created",
    "생성 일시",
    "생성일",
    "created time",
];
const UPDATED: &[&str] = &["last edited time", "last edited", "최종 편집 일시", "updated", "수정일", "수정 일시"];
const TAGS: &[&str] = &["tags", "태그", "tag", "keywords", "키워드"];
const CATEGORIES: &[&str] = &["category", "categories", "카테고리", "분류"];
const DESCRIPTION: &[&str] = &["description", "설명", "summary", "요약"];
const SLUG: &[&str] = &["slug", "슬러그"];
/// A checkbox (`Yes`/`No`) saying whether the page is out: `No` makes a draft.
const PUBLIC: &[&str] = &["published", "publish", "public", "공개", "발행", "게시", "배포"];
/// A status property: draft-like values make a draft; the value is kept under `extra` too.
const STATUS: &[&str] = &["status", "상태", "진행 상태"];
const DRAFT_STATUS: &[&str] = &[
    "draft",
    "not started",
    "in progress",
    "writing",
    "초안",
    "작성 중",
    "작성중",
    "시작 전",
    "진행 중",
    "임시",
    "비공개",
];

static LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([^:#>*\-!\[|`<\s][^:]{0,48}):(?: (.*))?$").expect("valid regex"));
static KOREAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일(?:\s*(오전|오후)?\s*(\d{1,2}):(\d{2}))?$").expect("valid regex")
});
static ENGLISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),\s*(\d{4})(?:\s+(\d{1,2}):(\d{2})\s*([AaPp][Mm])?)?$")
        .expect("valid regex")
});
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,2})\.?(?:\s+(\d{1,2}):(\d{2})\s*([AaPp][Mm])?)?$")
        .expect("valid regex")
});
static US: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})\s*([AaPp][Mm])?)?$").expect("valid regex")
});

/// A page split: its title (the `# ` heading), its property lines, and the body after them.
pub struct Split {
    pub title: Option<String>,
    pub props: Vec<(String, String)>,
    /// What follows the title and the properties.
    pub body: String,
}

/// The `# Title` line, then `Key: value` lines up to a blank line (or the end). Lines that do
/// not all look like properties, or that run into the body without a blank line, are body.
pub fn split(text: &str) -> Split {
    let mut lines = text.lines().peekable();
    while lines.peek().is_some_and(|l| l.trim().is_empty()) {
        lines.next();
    }
    let title = match lines.peek() {
        Some(l) if l.starts_with("# ") => {
            let t = nfc(l[2..].trim());
            lines.next();
            Some(t)
        }
        _ => None,
    };
    let rest: Vec<&str> = lines.collect();
    let start = rest.iter().position(|l| !l.trim().is_empty()).unwrap_or(rest.len());
    let block: Vec<&str> = rest[start..].iter().take_while(|l| !l.trim().is_empty()).copied().collect();
    let after = start + block.len();
    let props: Option<Vec<(String, String)>> = block
        .iter()
        .map(|l| LINE.captures(l).map(|c| (nfc(c[1].trim()), nfc(c.get(2).map_or("", |v| v.as_str()).trim()))))
        .collect();
    // Prose ending in a colon ("하위 페이지:") is not a property: keys are names, values given.
    let names = |p: &[(String, String)]| {
        p.iter().all(|(k, _)| ![". ", ", ", "? ", "! "].iter().any(|x| k.contains(x)))
            && p.iter().any(|(_, v)| !v.is_empty())
    };
    let (props, body_from) = match props {
        Some(p) if !p.is_empty() && names(&p) => (p, after),
        _ => (Vec::new(), 0),
    };
    Split { title, props, body: rest[body_from..].join("\n") }
}

fn is(key: &str, names: &[&str]) -> bool {
    let k = key.to_lowercase();
    names.contains(&k.as_str())
}

/// The properties as fields: whether a date was found (the page is a post then).
pub fn apply(props: &[(String, String)], tz: &TimeZone, f: &mut Fields, slug: &mut Option<String>) -> bool {
    let mut date: Option<(usize, Zoned, Option<Zoned>)> = None;
    for (key, value) in props {
        if value.is_empty() {
            continue;
        }
        if let Some(rank) = DATE.iter().position(|d| *d == key.to_lowercase())
            && let Some((start, end)) = range(value, tz)
        {
            if date.as_ref().is_none_or(|(r, _, _)| rank < *r) {
                date = Some((rank, start, end));
            }
            continue;
        }
        if is(key, UPDATED)
            && let Some((u, _)) = range(value, tz)
        {
            f.updated = Some(u);
        } else if is(key, TAGS) {
            f.tags.extend(list(value));
        } else if is(key, CATEGORIES) {
            f.categories.extend(list(value));
        } else if is(key, DESCRIPTION) {
            f.description = Some(value.clone());
        } else if is(key, SLUG) {
            *slug = Some(value.clone());
        } else if is(key, PUBLIC) && matches!(value.to_lowercase().as_str(), "yes" | "no" | "true" | "false") {
            f.draft |= matches!(value.to_lowercase().as_str(), "no" | "false");
        } else if is(key, STATUS) {
            f.draft |= DRAFT_STATUS.contains(&value.to_lowercase().as_str());
            f.extra.push((extra_key(key), value.clone()));
        } else {
            f.extra.push((extra_key(key), value.clone()));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    f.tags.retain(|t| seen.insert(t.clone()));
    let Some((_, start, end)) = date else { return false };
    if let Some(e) = end {
        f.extra.push(("date_end".into(), datetime(&e)));
    }
    if f.updated.as_ref().is_some_and(|u| u.date() <= start.date()) {
        f.updated = None;
    }
    f.date = Some(start);
    true
}

fn list(v: &str) -> Vec<String> {
    v.split(',').map(|t| nfc(t.trim())).filter(|t| !t.is_empty()).collect()
}

/// A key safe to write unquoted under `extra:` (`Created by` -> `created_by`; Hangul kept).
pub fn extra_key(key: &str) -> String {
    let k: String = key
        .trim()
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect::<String>()
        .trim_matches('_')
        .to_owned();
    if k.is_empty() || k.starts_with(|c: char| c.is_ascii_digit()) { format!("p_{k}") } else { k }
}

/// A date or a range (`a → b`, `a ~ b`): its start and end.
pub fn range(value: &str, tz: &TimeZone) -> Option<(Zoned, Option<Zoned>)> {
    let v = value.trim();
    let v = match v.rfind(" (") {
        Some(i) if v.ends_with(')') => &v[..i], // `(GMT+9)`, `(KST)`
        _ => v,
    };
    let (a, b) = match v.split_once('→').or_else(|| v.split_once('~')) {
        Some((a, b)) => (a.trim(), Some(b.trim())),
        None => (v, None),
    };
    let start = one(a, tz)?;
    Some((start, b.and_then(|b| one(b, tz))))
}

/// One date as Notion's UI writes it.
pub fn one(s: &str, tz: &TimeZone) -> Option<Zoned> {
    let at = |y: &str, m: i8, d: &str, h: Option<&str>, min: Option<&str>, half: Option<&str>| -> Option<Zoned> {
        let mut hour: i8 = h.map_or(Ok(0), str::parse).ok()?;
        match half.map(str::to_lowercase).as_deref() {
            Some("오후" | "pm") if hour < 12 => hour += 12,
            Some("오전" | "am") if hour == 12 => hour = 0,
            _ => {}
        }
        let date = jiff::civil::Date::new(y.parse().ok()?, m, d.parse().ok()?).ok()?;
        date.at(hour, min.map_or(Ok(0), str::parse).ok()?, 0, 0).to_zoned(tz.clone()).ok()
    };
    let g = |c: &regex::Captures<'_>, i: usize| c.get(i).map(|m| m.as_str().to_owned());
    if let Some(c) = KOREAN.captures(s) {
        return at(&c[1], c[2].parse().ok()?, &c[3], g(&c, 5).as_deref(), g(&c, 6).as_deref(), g(&c, 4).as_deref());
    }
    if let Some(c) = ENGLISH.captures(s) {
        let m = month(&c[1])?;
        return at(&c[3], m, &c[2], g(&c, 4).as_deref(), g(&c, 5).as_deref(), g(&c, 6).as_deref());
    }
    if let Some(c) = NUMERIC.captures(s) {
        return at(&c[1], c[2].parse().ok()?, &c[3], g(&c, 4).as_deref(), g(&c, 5).as_deref(), g(&c, 6).as_deref());
    }
    if let Some(c) = US.captures(s) {
        // Notion's "Month/Day/Year" (the US default), or "Day/Month/Year" when the first
        // number cannot be a month.
        let (first, second): (i8, i8) = (c[1].parse().ok()?, c[2].parse().ok()?);
        let (m, d) = if first > 12 { (second, first) } else { (first, second) };
        return at(&c[3], m, &d.to_string(), g(&c, 4).as_deref(), g(&c, 5).as_deref(), g(&c, 6).as_deref());
    }
    crate::dates::parse(s, tz).ok().map(|d| d.zoned)
}

fn month(name: &str) -> Option<i8> {
    const NAMES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let n = name.to_lowercase();
    NAMES.iter().position(|m| n.starts_with(m)).map(|i| i as i8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seoul() -> TimeZone {
        TimeZone::get("Asia/Seoul").unwrap()
    }

    fn d(s: &str) -> String {
        one(s, &seoul()).map(|z| datetime(&z)).unwrap_or_else(|| "-".into())
    }

    #[test]
    fn dates_in_both_ui_languages() {
        let cases = [
            ("2023년 5월 19일 오후 8:26", "2023-05-19T20:26:00+09:00"),
            ("2023년 5월 19일 오전 12:05", "2023-05-19T00:05:00+09:00"),
            ("2023년 10월 23일", "2023-10-23T00:00:00+09:00"),
            ("May 19, 2023 8:26 PM", "2023-05-19T20:26:00+09:00"),
            ("December 31, 2023 12:30 AM", "2023-12-31T00:30:00+09:00"),
            ("Sep 1, 2023", "2023-09-01T00:00:00+09:00"),
            ("2023/05/19 20:26", "2023-05-19T20:26:00+09:00"),
            ("2023.10.23", "2023-10-23T00:00:00+09:00"),
            ("05/19/2023", "2023-05-19T00:00:00+09:00"),
            ("2023-10-23T09:00:00Z", "2023-10-23T18:00:00+09:00"),
            ("Smarch 3, 2023", "-"),
            ("2023년 2월 30일", "-"),
            ("내일", "-"),
        ];
        for (s, want) in cases {
            assert_eq!(d(s), want, "{s}");
        }
        let (a, b) = range("2023년 10월 23일 → 2023년 10월 30일", &seoul()).unwrap();
        assert_eq!(
            (datetime(&a), b.map(|b| datetime(&b))),
            ("2023-10-23T00:00:00+09:00".into(), Some("2023-10-30T00:00:00+09:00".into()))
        );
        assert!(range("2023.10.23 ~ 2023.10.30", &seoul()).unwrap().1.is_some());
        assert_eq!(datetime(&range("May 19, 2023 8:26 PM (GMT+9)", &seoul()).unwrap().0), "2023-05-19T20:26:00+09:00");
    }

    #[test]
    fn property_lines_under_the_title() {
        let s = split(
            "# 2023년 회고\n\n생성 일시: 2023년 5월 19일 오후 8:26\n태그: 회고, 개발\n링크: https://a.b/c: d\n\n본문: 이건 본문\n",
        );
        assert_eq!(s.title.as_deref(), Some("2023년 회고"));
        assert_eq!(s.props.len(), 3);
        assert_eq!(s.props[2], ("링크".into(), "https://a.b/c: d".into()));
        assert_eq!(s.body, "\n본문: 이건 본문");
        // A first paragraph that is prose is body, not properties.
        let s = split("# T\n\nNote: this is prose\nand it goes on\n");
        assert!(s.props.is_empty() && s.body.contains("Note: this is prose"));
        let s = split("# T\n\n공부한 것을 정리한다. 하위 페이지:\n\n[a](a.md)\n");
        assert!(s.props.is_empty(), "{:?}", s.props);
        let mut f = Fields::default();
        let mut slug = None;
        let props = [
            ("Created".to_owned(), "May 19, 2023 8:26 PM".to_owned()),
            ("날짜".to_owned(), "2023년 10월 23일 → 2023년 10월 30일".to_owned()),
            ("Tags".to_owned(), "a, b".to_owned()),
            ("태그".to_owned(), "b, c".to_owned()),
            ("기한".to_owned(), "2023.10.23 ~ 2023.10.30".to_owned()),
            ("Created by".to_owned(), "고양이".to_owned()),
        ];
        assert!(apply(&props, &seoul(), &mut f, &mut slug));
        assert_eq!(datetime(f.date.as_ref().unwrap()), "2023-10-23T00:00:00+09:00");
        assert_eq!(f.tags, ["a", "b", "c"]);
        let keys: Vec<&str> = f.extra.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["기한", "created_by", "date_end"]);
    }

    #[test]
    fn a_published_checkbox_or_a_draft_status_makes_a_draft() {
        let draft = |props: &[(&str, &str)]| {
            let props: Vec<(String, String)> = props.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            let mut f = Fields::default();
            apply(&props, &seoul(), &mut f, &mut None);
            f.draft
        };
        assert!(draft(&[("Published", "No")]));
        assert!(!draft(&[("Published", "Yes")]));
        assert!(draft(&[("공개", "No")]));
        assert!(draft(&[("상태", "작성 중")]));
        assert!(draft(&[("Status", "Draft")]));
        assert!(!draft(&[("Status", "Published")]));
        // A date under `Published` is still the date.
        let mut f = Fields::default();
        assert!(apply(&[("Published".into(), "2023/05/19".into())], &seoul(), &mut f, &mut None));
        assert!(!f.draft);
    }

    #[test]
    fn slashed_dates_are_month_first_unless_the_first_number_cannot_be_a_month() {
        let d = |s: &str| one(s, &seoul()).map(|z| datetime(&z));
        assert_eq!(d("05/19/2023").as_deref(), Some("2023-05-19T00:00:00+09:00"));
        assert_eq!(d("19/05/2023").as_deref(), Some("2023-05-19T00:00:00+09:00"));
        assert_eq!(d("19/13/2023"), None);
    }
}
