use super::*;

#[test]
fn names_and_dates_come_from_files_and_bundles() {
    let d = |y, m, dd| Some(jiff::civil::date(y, m, dd));
    assert_eq!(name_and_date("posts/2025-08-03-mail.md"), ("mail".into(), d(2025, 8, 3)));
    assert_eq!(name_and_date("post/k8s/index.md"), ("k8s".into(), None));
    assert_eq!(name_and_date("blog/2023/2023-1-5-hi/index.mdx"), ("hi".into(), d(2023, 1, 5)));
    assert_eq!(name_and_date("about.md"), ("about".into(), None));
}

#[test]
fn base_paths() {
    assert_eq!(base_path("https://a.kr"), "/");
    assert_eq!(base_path("https://a.kr/blog"), "/blog/");
    assert_eq!(base_path("/blog/"), "/blog/");
    assert_eq!(base_path(""), "/");
}
