//! Year pages and the archive on the `years` fixture: which post lands on which year page, in
//! which section; goals; charts.

use crate::support;

use support::Site;

fn built() -> Site {
    let site = Site::fixture("years");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    site
}

/// The HTML of `<section class="{class}" ...>...</section>` on a page ("" when absent).
fn section(html: &str, class: &str) -> String {
    let Some(start) = html.find(&format!("<section class=\"{class}\"")) else { return String::new() };
    let end = html[start..].find("</section>").map_or(html.len(), |e| start + e);
    html[start..end].to_owned()
}

fn year_page(site: &Site, y: u16) -> String {
    site.read(&format!("public/{y}/index.html"))
}

#[test]
fn a_january_retrospective_is_on_the_previous_years_page() {
    let site = built();
    let (y21, y22) = (year_page(&site, 2021), year_page(&site, 2022));
    assert!(section(&y21, "year-retros").contains("회고 - 돌아보는 한 해"));
    assert!(!section(&y22, "year-retros").contains("회고 - 돌아보는 한 해"));
    assert!(section(&y22, "year-posts").contains("회고 - 돌아보는 한 해"), "listed where it was published");
    assert!(!section(&y21, "year-posts").contains("회고 - 돌아보는 한 해"));
}

#[test]
fn detection_by_title_and_front_matter() {
    let site = built();
    let retros = section(&year_page(&site, 2022), "year-retros");
    assert!(retros.contains("22년 회고 중간 점검"), "two-digit year");
    assert!(retros.contains("2022 결산"), "a naive 12-31 23:30 post stays in its year");
    for not in ["21살의 회고", "1년차 회고", "3년 회고", "2022년 회고 모임 후기"] {
        assert!(!retros.contains(not), "{not} is not a yearly retrospective");
    }
    let y20 = year_page(&site, 2020);
    assert!(section(&y20, "year-retros").contains("그 해를 생각하며"), "retrospective: 2020");
    assert_eq!(section(&y20, "year-posts"), "", "a year with only a retrospective has no posts section");
    assert!(y20.contains("rel=\"next\" href=\"/2021/\""));
}

#[test]
fn instants_are_bucketed_in_the_site_time_zone() {
    let site = built();
    assert!(section(&year_page(&site, 2016), "year-posts").contains("UTC new year"));
    assert!(!site.exists("public/2015/index.html"));
}

#[test]
fn months_group_posts_and_empty_months_are_left_out() {
    let site = built();
    let posts = section(&year_page(&site, 2022), "year-posts");
    let months: Vec<&str> = posts.match_indices("<h3 id=\"m").map(|(i, _)| &posts[i + 9..i + 11]).collect();
    assert_eq!(months, ["1\"", "3\"", "4\"", "5\"", "6\"", "7\"", "8\"", "12"]);
}

#[test]
fn goals_with_reviews_from_front_matter_and_task_lists() {
    let site = built();
    let y22 = year_page(&site, 2022);
    let goals = section(&y22, "year-goals");
    assert!(goals.contains("3개 중 2개 달성"), "the unmatched review is shown but not counted: {goals}");
    let goal = |text: &str| {
        let i = goals.find(text).unwrap_or_else(|| panic!("{text} missing: {goals}"));
        let li = goals[..i].rfind("<li class=\"goal ").unwrap();
        goals[li + 16..].split('"').next().unwrap().to_owned()
    };
    assert_eq!(goal("책 12권 읽기"), "partly");
    assert_eq!(goal("마라톤 완주"), "done");
    assert_eq!(goal("블로그 24편"), "done");
    assert_eq!(goal("이사하기"), "not_done unmatched");
    let next = section(&y22, "year-next-goals");
    assert!(next.contains("Rust 책 쓰기") && next.contains("10km 45분") && next.contains("not_reviewed"), "{next}");
    let archive = site.read("public/archive/index.html");
    assert!(section(&archive, "goals-timeline").contains("마라톤 완주"));
}

#[test]
fn numbers_intro_and_series() {
    let site = built();
    let y22 = year_page(&site, 2022);
    assert!(y22.contains("<strong>2022년은 이직한 해.</strong>"), "intro from content/years/2022.md");
    assert!(!site.exists("public/years/2022/index.html"), "an intro is not a page");
    let numbers = section(&y22, "year-numbers");
    assert!(numbers.contains("<dt>쓴 글</dt><dd>8편</dd>"), "{numbers}");
    assert!(section(&y22, "year-series").contains("연재"));
    assert!(section(&year_page(&site, 2021), "year-series").contains("연재"), "a series across years shows on both");
    let series = site.read("public/series/연재/index.html");
    assert!(series.find("시작").unwrap() < series.find("1년차 회고").unwrap(), "reading order");
}

#[test]
fn archive_lists_years_newest_first_with_a_chart() {
    let site = built();
    let archive = site.read("public/archive/index.html");
    let years: Vec<usize> = ["/2022/", "/2021/", "/2020/", "/2016/"]
        .iter()
        .map(|y| archive.find(&format!("<a href=\"{y}\">")).unwrap())
        .collect();
    assert!(years.windows(2).all(|w| w[0] < w[1]), "newest first");
    assert!(archive.contains("<svg class=\"chart chart-years\""));
    assert!(archive.contains("<title>2022: 8편</title>"));
}

#[test]
fn the_year_charts_snapshot() {
    let site = built();
    let y21 = year_page(&site, 2021);
    let svgs: Vec<&str> =
        y21.match_indices("<svg").map(|(i, _)| &y21[i..i + y21[i..].find("</svg>").unwrap() + 6]).collect();
    assert_eq!(svgs.len(), 2);
    insta::assert_snapshot!(svgs[0]);
    assert!(svgs[1].contains("<title>2021-06-01: 1편</title>"));
}

/// A weekly bootcamp retrospective tagged 회고 and published in February is listed under "그
/// 밖의 회고" of the year it was published, and takes no year; "2019 블로그 결산" published on
/// January 2nd is 2019's retrospective.
#[test]
fn other_retrospectives_stay_on_their_year_and_a_blog_summary_is_annual() {
    let site = Site::fixture("years");
    site.write(
        "content/posts/2022-02-13-bootcamp-week-1.md",
        "---\ntitle: 부트캠프 회고 - 1주차\ntags: [회고]\n---\n첫 주가 지났다.\n",
    );
    site.write("content/posts/2020-01-02-blog-2019.md", "---\ntitle: 2019 블로그 결산\n---\n글 12편을 썼다.\n");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let y22 = year_page(&site, 2022);
    let others = section(&y22, "year-other-retros");
    assert!(others.contains("그 밖의 회고") && others.contains("부트캠프 회고 - 1주차"), "{others}");
    assert!(!section(&y22, "year-retros").contains("부트캠프"), "not an annual one");
    if site.exists("public/2021/index.html") {
        assert!(!year_page(&site, 2021).contains("부트캠프"), "the January/February rule is for annual ones");
    }
    assert!(section(&year_page(&site, 2019), "year-retros").contains("2019 블로그 결산"));
}

/// `gen years` on the example blog: the audit a person reads, pinned.
#[test]
fn gen_years_audits_the_example_blog() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gen"))
        .arg("years")
        .current_dir(support::repo_root())
        .output()
        .expect("gen runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

/// `gen years --format json`: why each post was or was not taken, for scripts and CI.
#[test]
fn gen_years_json_says_why_and_lists_near_misses() {
    let site = Site::fixture("years");
    site.write(
        "content/posts/2022-02-13-bootcamp-week-1.md",
        "---\ntitle: 부트캠프 회고 - 1주차\ntags: [회고]\n---\nx\n",
    );
    site.write("content/posts/2022-03-01-how-to.md", "---\ntitle: 회고를 잘 쓰는 법\ntags: [회고]\n---\nx\n");
    site.write("content/posts/2022-12-30-year.md", "---\ntitle: 연말 회고\n---\nx\n");
    let r = site.run(&["years", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let y22 = v["years"].as_array().unwrap().iter().find(|y| y["year"] == 2022).expect("2022");
    let titles = |key: &str| -> Vec<String> {
        y22[key].as_array().unwrap().iter().map(|t| t["title"].as_str().unwrap().to_owned()).collect()
    };
    assert!(titles("annual").contains(&"연말 회고".to_owned()), "{y22}");
    let annual = y22["annual"].as_array().unwrap().iter().find(|t| t["title"] == "연말 회고").unwrap();
    assert_eq!(annual["why"], "title: year-end words");
    assert_eq!(annual["year_why"], "the publication year");
    assert!(titles("other").contains(&"부트캠프 회고 - 1주차".to_owned()), "{y22}");
    let miss = &y22["near_misses"][0];
    assert_eq!(miss["title"], "회고를 잘 쓰는 법");
    assert_eq!(miss["why"], "about retrospectives (a how-to, a template or a book)");
}
