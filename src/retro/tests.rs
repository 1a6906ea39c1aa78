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
