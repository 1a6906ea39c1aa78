//! PARSE: publication dates from front matter and Jekyll-style file names.
//!
//! A naive value (no offset) is a wall-clock time in the site's time zone, never the machine's:
//! a CI runner in UTC must put `2023-12-31 23:30` in 2023 just like a laptop in Seoul. Parsing
//! and time-zone arithmetic are jiff's; this module only picks the format. It reads the clock
//! only in [`now`], which `SOURCE_DATE_EPOCH` fixes for reproducible builds.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

/// A resolved publication time, in the site's time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostDate {
    pub zoned: Zoned,
    /// The source gave a calendar day only: show the day, never a time of day.
    pub date_only: bool,
}

impl PostDate {
    pub fn timestamp(&self) -> Timestamp {
        self.zoned.timestamp()
    }

    pub fn year(&self) -> i16 {
        self.zoned.year()
    }

    /// RFC 3339 with the site's offset, e.g. `2023-12-31T23:30:00+09:00`.
    pub fn rfc3339(&self) -> String {
        self.zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }

    /// `YYYY-MM-DD` in the site's time zone.
    pub fn ymd(&self) -> String {
        self.zoned.strftime("%Y-%m-%d").to_string()
    }
}

/// Formats with an explicit offset, tried after jiff's own RFC 3339 / ISO 8601 parser.
const WITH_OFFSET: &[&str] = &[
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M %z",
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%d %H:%M:%S %:z",
    "%Y-%m-%d %H:%M %:z",
    "%Y-%m-%d %H:%M:%S%.f %:z",
];
/// Naive date-times, in the site's time zone.
const NAIVE_TIMES: &[&str] = &["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"];
/// Calendar days.
const DAYS: &[&str] = &["%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d"];

/// Parses a date as written in front matter (already trimmed of quotes).
pub fn parse(text: &str, tz: &TimeZone) -> Result<PostDate, String> {
    let s = text.trim();
    let s = s.strip_suffix('.').unwrap_or(s); // "2023.10.30." as Koreans often write it
    let squeezed: String = s.replace(". ", ".");
    let s = squeezed.as_str();
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Ok(PostDate { zoned: ts.to_zoned(tz.clone()), date_only: false });
    }
    for f in WITH_OFFSET {
        if let Ok(z) = jiff::fmt::strtime::parse(f, s).and_then(|p| p.to_timestamp()) {
            return Ok(PostDate { zoned: z.to_zoned(tz.clone()), date_only: false });
        }
    }
    if let Ok(dt) = s.parse::<DateTime>().or_else(|e| first_ok(NAIVE_TIMES, s).ok_or(e))
        && s.len() > 10
    {
        return local(dt, tz, false);
    }
    match DAYS.iter().find_map(|f| jiff::fmt::strtime::parse(f, s).and_then(|p| p.to_date()).ok()) {
        Some(d) => local(d.to_datetime(jiff::civil::Time::midnight()), tz, true),
        None => Err(describe_bad_date(text)),
    }
}

fn first_ok(formats: &[&str], s: &str) -> Option<DateTime> {
    formats.iter().find_map(|f| jiff::fmt::strtime::parse(f, s).and_then(|p| p.to_datetime()).ok())
}

fn local(dt: DateTime, tz: &TimeZone, date_only: bool) -> Result<PostDate, String> {
    dt.to_zoned(tz.clone())
        .map(|zoned| PostDate { zoned, date_only })
        .map_err(|e| format!("date `{dt}` does not exist in the site's time zone: {e}"))
}

fn describe_bad_date(text: &str) -> String {
    let hint = if text.contains("<%") || text.contains("{{") || text.contains("${") {
        " (it looks like an editor template placeholder that was never filled in)"
    } else {
        ""
    };
    format!(
        "invalid date `{text}`{hint}; write YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS], \
         YYYY-MM-DD HH:MM:SS +0900, YYYY.MM.DD or RFC 3339 (2023-10-30T21:00:00+09:00)"
    )
}

/// The Jekyll-style `YYYY-M-D-` prefix of a file or folder name: the date and the rest.
/// `2023-1-5-hello` -> (2023-01-05, "hello").
pub fn split_date_prefix(name: &str) -> Option<(Date, &str)> {
    let mut parts = name.splitn(4, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let rest = parts.next().unwrap_or("");
    let digits =
        |s: &str, len: std::ops::RangeInclusive<usize>| len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2)) {
        return None;
    }
    let date = Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()?;
    Some((date, rest))
}

/// A file-name date as a post date (midnight, date only, in the site's time zone).
pub fn from_date(date: Date, tz: &TimeZone) -> Result<PostDate, String> {
    local(date.to_datetime(jiff::civil::Time::midnight()), tz, true)
}

/// The current time in `tz`: `SOURCE_DATE_EPOCH` if set, else the clock.
pub fn now(tz: &TimeZone) -> Zoned {
    let ts = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    ts.to_zoned(tz.clone())
}

#[cfg(test)]
mod tests;
