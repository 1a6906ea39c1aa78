//! `gen new site|post|retro`, with SOURCE_DATE_EPOCH fixing "now".

use crate::support;

use support::Site;

// 2024-01-03 10:00:00 UTC = 19:00 in Seoul.
const EPOCH: &str = "1704276000";

#[test]
fn a_new_site_builds_and_checks_cleanly() {
    for lang in ["ko", "en"] {
        let site = Site::empty();
        let r = site.run_env(&["new", "site", "blog", "--lang", lang], &[("SOURCE_DATE_EPOCH", EPOCH)]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(site.exists("blog/content/posts/2024-01-03-hello.md"));
        let b = site.run(&["build", "--root", "blog"]);
        assert_eq!(b.code, 0, "{lang}: {}", b.stderr);
        assert!(b.stderr.is_empty(), "{}", b.stderr);
        assert_eq!(site.run(&["check", "--root", "blog"]).code, 0);
        assert!(site.read("blog/public/index.html").contains(&format!("<html lang=\"{lang}\">")));
        let again = site.run(&["new", "site", "blog"]);
        assert_eq!(again.code, 2, "refuses a non-empty folder");
    }
}

#[test]
fn a_new_post_has_front_matter_in_the_site_time_zone_and_is_never_overwritten() {
    let site = Site::fixture("dates");
    let r = site.run_env(&["new", "post", "쿠버네티스: 첫 배포"], &[("SOURCE_DATE_EPOCH", EPOCH)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = site.read("content/posts/쿠버네티스-첫-배포.md");
    assert_eq!(text, "---\ntitle: \"쿠버네티스: 첫 배포\"\ndate: 2024-01-03 19:00:00\ntags: []\n---\n\n");
    let again = site.run(&["new", "post", "쿠버네티스: 첫 배포"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(site.run(&["build"]).code, 0, "the new post builds");
}

#[test]
fn a_new_retro_reviews_the_goals_set_for_its_year() {
    let site = Site::fixture("years");
    let r = site.run_env(&["new", "retro"], &[("SOURCE_DATE_EPOCH", EPOCH)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = site.read("content/posts/2024-01-03-retrospective-2023.md");
    assert!(
        text.starts_with("---\ntitle: \"2023년 회고\"\ndate: 2024-01-03 19:00:00\ntags: [회고]\nretrospective: 2023\n"),
        "{text}"
    );
    assert!(!text.contains("review:"), "the checklist is the review: {text}");
    assert!(text.contains("## 2023년 목표 돌아보기\n\n- [ ] Rust 책 쓰기\n- [ ] 10km 45분\n"), "{text}");
    assert!(text.contains("## 2024년 목표"), "{text}");
    let b = site.run(&["build"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let y23 = site.read("public/2023/index.html");
    assert!(y23.contains("2023년 회고") && y23.contains("goal not_done"), "the scaffold is a working retrospective");
    // Next year's goals are for the author to write: the scaffold sets none, not an empty one.
    let y24 = site.read("public/2024/index.html");
    assert!(!y24.contains("class=\"goal"), "no empty goal for 2024");
    let path = site.root().join("content/posts/2024-01-03-retrospective-2023.md");
    let ticked = std::fs::read_to_string(&path).unwrap().replace("- [ ] Rust 책 쓰기", "- [x] Rust 책 쓰기");
    std::fs::write(&path, ticked).unwrap();
    assert_eq!(site.run(&["build"]).code, 0);
    let y23 = site.read("public/2023/index.html");
    let at = y23.find("Rust 책 쓰기").unwrap();
    let li = &y23[y23[..at].rfind("<li class=\"goal").unwrap()..at];
    assert!(li.contains("goal done"), "ticking the box marks the goal done: {li}");
    let r = site.run_env(&["new", "retro", "2021"], &[("SOURCE_DATE_EPOCH", EPOCH)]);
    assert_eq!(r.code, 0);
    assert!(site.read("content/posts/2024-01-03-retrospective-2021.md").contains("retrospective: 2021"));
}
