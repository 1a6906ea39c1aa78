use super::*;

#[test]
fn years_in_titles() {
    assert_eq!(title_year("2023년 회고", 2024), Some(2023));
    assert_eq!(title_year("22년 회고", 2023), Some(2022));
    assert_eq!(title_year("2021 Retrospective", 2022), Some(2021));
    assert_eq!(title_year("Retrospective 2020", 2021), Some(2020));
    assert_eq!(title_year("2019년을 보내며", 2019), Some(2019));
    assert_eq!(title_year("개발자 3년차의 2022 결산", 2022), Some(2022));
}

#[test]
fn ages_counts_durations_and_versions_are_not_years() {
    for t in [
        "21살의 회고",
        "1년차 회고",
        "3년 회고",
        "10년간의 기록",
        "1990년생 개발자",
        "v1.2 회고",
        "Go 1.2023 release",
        "100일 회고",
    ] {
        assert_eq!(title_year(t, 2023), None, "{t}");
    }
    assert_eq!(title_year("10년 회고", 2023), None, "a two-digit number far from the date is a duration");
    assert_eq!(title_year("2077 회고", 2023), None, "the future is not a year written about");
}

#[test]
fn default_patterns_detect_common_titles() {
    let d = Detector::new(&RetroConfig { tags: vec![], ..RetroConfig::default() }).unwrap();
    let hit = |t: &str| d.titles.iter().any(|re| re.is_match(t));
    for t in [
        "2023년 회고",
        "2023 회고",
        "23년 회고",
        "2023 Retrospective",
        "Retrospective 2023",
        "2023 Year in Review",
        "2023년을 보내며",
        "2023 결산",
        "2023년 돌아보기",
        "My 2023 retrospective",
        "2023년 한 해 회고",
        "2023: A Year in Review",
        "2023 — a year in review",
        "A look back at 2023",
        "회고 (2023)",
    ] {
        assert!(hit(t), "{t}");
    }
    for t in ["쿠버네티스 운영기", "Rust 1.70 review", "회고 모임 후기"] {
        assert!(!hit(t), "{t}");
    }
}

#[test]
fn configured_patterns_are_checked() {
    let cfg = RetroConfig { title_patterns: vec!["(".into()], ..RetroConfig::default() };
    assert!(Detector::new(&cfg).unwrap_err().contains("invalid pattern `(`"));
}

#[test]
fn goal_headings() {
    assert_eq!(goal_heading_year("2024년 목표", 2023), Some(2024));
    assert_eq!(goal_heading_year("Goals for 2024", 2023), Some(2024));
    assert_eq!(goal_heading_year("내년 목표", 2023), Some(2024));
    assert_eq!(goal_heading_year("올해 목표 점검", 2023), Some(2023));
    assert_eq!(goal_heading_year("2023년 목표 돌아보기", 2023), Some(2023));
    assert_eq!(goal_heading_year("잘한 점", 2023), None);
}

#[test]
fn a_builtin_pattern_needs_a_year_in_the_title() {
    use crate::config::{Overrides, parse};
    use crate::discover::{Kind, Source};
    let mut d = crate::error::Diagnostics::default();
    let config =
        parse(std::path::Path::new("/s"), std::path::Path::new("gen.toml"), "", &Overrides::default(), &mut d).unwrap();
    let entry = |title: &str| {
        let src = Source { path: "a.md".into(), rel: "posts/a.md".into(), kind: Kind::Post, bundle: None };
        let text = format!("---\ntitle: {title}\ndate: 2023-06-01\n---\n");
        let (doc, _) = crate::content::parse_bytes(&src, text.as_bytes(), &config.timezone);
        let doc = doc.unwrap();
        crate::site::Entry {
            kind: Kind::Post,
            source: doc.source,
            fm: doc.fm.clone(),
            slug: "a".into(),
            url: "/a/".into(),
            date: doc.fm.date.clone(),
            body: "".into(),
            digest: 0,
            fingerprint: 0,
            body_line: 1,
            rendered: Default::default(),
            newer: None,
            older: None,
            retro: None,
            future: false,
        }
    };
    assert_eq!(config.retro.covered_year(&entry("개발자 10년 회고")), None, "a duration");
    assert_eq!(config.retro.covered_year(&entry("23년 회고")), Some(2023));
}
