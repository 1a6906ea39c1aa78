use super::*;

fn seoul() -> TimeZone {
    jiff::tz::db().get("Asia/Seoul").unwrap()
}

fn p(s: &str) -> PostDate {
    parse(s, &seoul()).unwrap_or_else(|e| panic!("{s}: {e}"))
}

#[test]
fn every_documented_format_parses() {
    assert_eq!(p("2023-10-30T21:05:00+09:00").rfc3339(), "2023-10-30T21:05:00+09:00");
    assert_eq!(p("2023-10-30T12:05:00Z").rfc3339(), "2023-10-30T21:05:00+09:00");
    assert_eq!(p("2023-10-30").rfc3339(), "2023-10-30T00:00:00+09:00");
    assert_eq!(p("2023-10-30 21:05").rfc3339(), "2023-10-30T21:05:00+09:00");
    assert_eq!(p("2023-10-30 21:05:07").rfc3339(), "2023-10-30T21:05:07+09:00");
    assert_eq!(p("2023-10-30 21:05:07 +0900").rfc3339(), "2023-10-30T21:05:07+09:00");
    assert_eq!(p("2023-10-30 12:05:07 +0000").rfc3339(), "2023-10-30T21:05:07+09:00");
    assert_eq!(p("2023-12-31 23:30 +09:00").rfc3339(), "2023-12-31T23:30:00+09:00");
    assert_eq!(p("2023-12-31 23:30:00.123 +0900").ymd(), "2023-12-31");
    assert_eq!(p("2023.10.30").rfc3339(), "2023-10-30T00:00:00+09:00");
    assert_eq!(p("2023. 10. 30.").ymd(), "2023-10-30");
    assert_eq!(p("2023-10-30T21:05:00").rfc3339(), "2023-10-30T21:05:00+09:00");
    assert_eq!(p("2023-1-5").ymd(), "2023-01-05");
}

#[test]
fn date_only_is_marked() {
    assert!(p("2018-01-01").date_only);
    assert!(p("2018.01.01").date_only);
    assert!(!p("2018-01-01 00:00").date_only);
}

#[test]
fn naive_times_are_in_the_site_zone_not_the_machines() {
    let d = p("2023-12-31 23:30:00");
    assert_eq!(d.year(), 2023);
    assert_eq!(d.timestamp().to_string(), "2023-12-31T14:30:00Z");
    let utc = parse("2023-12-31 23:30:00", &TimeZone::UTC).unwrap();
    assert_eq!(utc.timestamp().to_string(), "2023-12-31T23:30:00Z");
}

#[test]
fn an_utc_instant_late_at_night_is_the_next_day_in_seoul() {
    let d = p("2016-01-01T22:42:19+00:00");
    assert_eq!(d.ymd(), "2016-01-02");
}

#[test]
fn placeholders_and_garbage_are_errors_with_a_hint() {
    let e = parse("<% tp.date.now() %>", &seoul()).unwrap_err();
    assert!(e.contains("template placeholder"), "{e}");
    assert!(parse("yesterday", &seoul()).is_err());
    assert!(parse("2023-02-30", &seoul()).is_err());
    assert!(parse("", &seoul()).is_err());
}

#[test]
fn jekyll_prefixes() {
    let (d, rest) = split_date_prefix("2023-1-5-hello-world").unwrap();
    assert_eq!((d.to_string().as_str(), rest), ("2023-01-05", "hello-world"));
    assert_eq!(split_date_prefix("2023-10-30").unwrap().1, "");
    assert!(split_date_prefix("hello-2023").is_none());
    assert!(split_date_prefix("2023-13-01-x").is_none());
    assert!(split_date_prefix("23-01-01-x").is_none());
}
