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
fn titles_tell_annual_from_other_retrospectives() {
    let annual = |t: &str, y: bool| matches!(read_title(t, y, false), TitleKind::Annual(_));
    for t in [
        "2023년 회고",
        "2023 Retrospective",
        "2023년을 보내며",
        "2019 블로그 결산",
        "2023, 한 해를 돌아보며",
        "회고 (2023)",
    ] {
        assert!(annual(t, true), "{t}");
    }
    for t in ["연말 회고", "한 해를 돌아보며", "Year in Review", "올해 결산", "송년 회고"] {
        assert!(annual(t, false), "{t}");
    }
    for t in ["2023 상반기 회고", "2022년 12월 회고", "FEConf 2023 후기 및 회고", "Sprint 4 retrospective"]
    {
        assert!(matches!(read_title(t, true, false), TitleKind::Other(_)), "{t}");
    }
    for t in ["부트캠프 회고 - 1주차", "토이 프로젝트 회고", "퇴사 회고"] {
        assert!(matches!(read_title(t, false, true), TitleKind::Other(_)), "{t}");
    }
    assert_eq!(read_title("회고를 잘 쓰는 법", false, true), TitleKind::About);
    assert_eq!(read_title("개발자를 위한 연말정산 꿀팁", false, false), TitleKind::None);
    assert_eq!(read_title("쿠버네티스 운영기", false, false), TitleKind::None);
}

#[test]
fn configured_patterns_are_checked() {
    use crate::config::RetroConfig;
    let cfg = RetroConfig { title_patterns: vec!["(".into()], ..RetroConfig::default() };
    assert!(RetroRules::new(&cfg).unwrap_err().contains("invalid pattern `(`"));
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

fn config() -> crate::config::Config {
    use crate::config::{Overrides, parse};
    let mut d = crate::error::Diagnostics::default();
    parse(std::path::Path::new("/s"), std::path::Path::new("gen.toml"), "", &Overrides::default(), &mut d).unwrap()
}

fn entry(config: &crate::config::Config, title: &str, date: &str, tags: &str, extra: &str) -> Placed {
    use crate::discover::{Kind, Source};
    let src = Source { path: "a.md".into(), rel: "posts/a.md".into(), kind: Kind::Post, bundle: None };
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let tags: Vec<String> = tags.split(',').filter(|t| !t.is_empty()).map(|t| format!("\"{t}\"")).collect();
    let text = format!("---\ntitle: \"{title}\"\ndate: {date}\ntags: [{}]\n{extra}---\n", tags.join(", "));
    let (doc, _) = crate::content::parse_bytes(&src, text.as_bytes(), &config.timezone);
    let doc = doc.unwrap_or_else(|| panic!("{text}"));
    Placed {
        kind: Kind::Post,
        source: (*doc.source).clone(),
        fm: doc.fm.clone(),
        slug: "a".into(),
        url: "/a/".into(),
        date: doc.fm.date.clone(),
        body_line: 1,
        newer: None,
        older: None,
        retro: None,
        other_retro: false,
        future: false,
    }
}

#[test]
fn durations_are_not_years_and_two_digit_years_are() {
    let config = config();
    let e = |t: &str| entry(&config, t, "2023-06-01", "", "");
    assert_eq!(config.retro.covered_year(&e("개발자 10년 회고")), None, "a duration");
    assert_eq!(config.retro.verdict(&e("개발자 10년 회고")).kind, Kind::Other, "a career's, not a year's");
    assert_eq!(config.retro.covered_year(&e("23년 회고")), Some(2023));
}

#[test]
fn front_matter_decides_the_kind() {
    let config = config();
    let v = |t: &str, date: &str, extra: &str| config.retro.verdict(&entry(&config, t, date, "", extra));
    assert_eq!(v("3월 회고", "2023-04-01", "retrospective: annual\n").kind, Kind::Annual(2023));
    assert_eq!(v("3월 회고", "2023-04-01", "retrospective: true\n").kind, Kind::Other, "true keeps the title's kind");
    assert_eq!(v("2023년 회고", "2024-01-02", "retrospective: periodic\n").kind, Kind::Other);
    assert_eq!(v("아무 제목", "2024-01-02", "retrospective: 2021\n").kind, Kind::Annual(2021));
    let no = v("2023년 회고", "2024-01-02", "retrospective: false\n");
    assert_eq!((no.kind, no.near_miss), (Kind::None, true), "a near miss for gen years");
}

#[test]
fn the_january_rule_is_for_annual_retrospectives_without_a_year() {
    let config = config();
    let v = |t: &str, date: &str, tags: &str| config.retro.verdict(&entry(&config, t, date, tags, ""));
    let weekly = v("부트캠프 회고 - 1주차", "2022-02-13", "회고");
    assert_eq!(weekly.kind, Kind::Other, "{weekly:?}");
    let yearly = v("한 해를 돌아보며", "2023-01-10", "회고");
    assert_eq!(yearly.kind, Kind::Annual(2022));
    assert!(yearly.year_why.unwrap().contains("January or February"));
    assert_eq!(v("2019 블로그 결산", "2020-01-02", "").kind, Kind::Annual(2019));
}

/// Precision and recall of the verdicts on one labelled table (kind, year, date, tags, title):
/// an annual retrospective on the wrong year counts as a miss.
fn score(config: &crate::config::Config, table: &str) -> (usize, [(&'static str, f64); 4], Vec<String>) {
    let (mut rows, mut wrong) = (0, Vec::new());
    // (true positives, predicted, expected) for annual and for other.
    let mut annual = (0usize, 0usize, 0usize);
    let mut other = (0usize, 0usize, 0usize);
    for line in table.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [label, year, date, tags, title] = cols[..] else { panic!("bad row: {line}") };
        let year: i16 = year.parse().unwrap_or_else(|_| panic!("bad year: {line}"));
        let got = config.retro.verdict(&entry(config, title, date, tags, "")).kind;
        rows += 1;
        let expected = match label {
            "annual" => Kind::Annual(year),
            "other" => Kind::Other,
            _ => Kind::None,
        };
        let is_annual: fn(&Kind) -> bool = |k| matches!(k, Kind::Annual(_));
        let is_other: fn(&Kind) -> bool = |k| *k == Kind::Other;
        for (stats, is) in [(&mut annual, is_annual), (&mut other, is_other)] {
            stats.1 += usize::from(is(&got));
            stats.2 += usize::from(is(&expected));
            stats.0 += usize::from(is(&got) && got == expected);
        }
        if got != expected {
            wrong.push(format!("{label} {year} {date} [{tags}] {title} -> {got:?}"));
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let figures = [
        ("annual precision", ratio(annual.0, annual.1)),
        ("annual recall", ratio(annual.0, annual.2)),
        ("other precision", ratio(other.0, other.1)),
        ("other recall", ratio(other.0, other.2)),
    ];
    println!("{rows} labelled titles ({} annual, {} other):", annual.2, other.2);
    for (name, value) in figures {
        println!("  {name}: {value:.3}");
    }
    for w in &wrong {
        println!("  wrong: {w}");
    }
    (rows, figures, wrong)
}

/// `titles.tsv`: 197 titles in the shapes bloggers use; the rules in `kinds.rs` were written
/// while reading it, so it pins them rather than measures them.
#[test]
fn labelled_titles_reach_the_precision_and_recall_we_promise() {
    let (rows, figures, wrong) = score(&config(), include_str!("titles.tsv"));
    assert!(rows >= 150, "{rows} rows");
    for (name, value) in figures {
        assert!(value >= 0.97, "{name} {value:.3} < 0.97; wrong:\n{}", wrong.join("\n"));
    }
}

/// `titles-holdout.tsv`: 90 titles written apart from the rules and never used to tune them:
/// the honest measure. Its figures are printed; the bar is lower than the tuned table's.
#[test]
fn held_out_titles_measure_the_rules() {
    let (rows, figures, wrong) = score(&config(), include_str!("titles-holdout.tsv"));
    assert!(rows >= 80, "{rows} rows");
    for (name, value) in figures {
        assert!(value >= 0.85, "{name} {value:.3} < 0.85; wrong:\n{}", wrong.join("\n"));
    }
}

/// Korean particles attach to English words with no space ("Retrospective를"): the word still
/// counts, where a Unicode word boundary would have seen one long word.
#[test]
fn english_words_take_korean_particles() {
    assert_eq!(
        read_title("2023 Retrospective를 마치며", true, false),
        TitleKind::Annual("a year and a retrospective word")
    );
    assert!(matches!(read_title("이번 주 WIL정리", false, false), TitleKind::Other(_)));
    assert!(matches!(read_title("2024 Q1에 한 일 회고", true, false), TitleKind::Other(_)), "a quarter");
}
