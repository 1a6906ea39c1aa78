use super::*;
use crate::config::{Overrides, parse};
use crate::content::parse_bytes;
use std::path::{Path, PathBuf};

fn config() -> Config {
    let mut d = Diagnostics::default();
    parse(Path::new("/s"), Path::new("gen.toml"), "", &Overrides::default(), &mut d).unwrap()
}

fn src(rel: &str, kind: Kind, bundle: Option<&str>) -> Source {
    Source { path: PathBuf::from("content").join(rel), rel: rel.into(), kind, bundle: bundle.map(str::to_owned) }
}

fn doc(rel: &str, text: &str) -> Doc {
    let kind = if rel.starts_with("posts/") { Kind::Post } else { Kind::Page };
    let bundle = rel.strip_suffix("/index.md").filter(|_| kind == Kind::Post);
    let (d, e) = parse_bytes(&src(rel, kind, bundle), text.as_bytes(), &config().timezone);
    assert!(e.is_empty(), "{e:?}");
    d.unwrap()
}

fn build(docs: Vec<Doc>, assets: &[Source], drafts: bool) -> (Site, Vec<String>) {
    let found = Discovered { content: assets.to_vec(), statics: Vec::new() };
    let mut d = Diagnostics::default();
    let site = assemble(&config(), docs, &found, AssembleOptions { drafts, ..AssembleOptions::default() }, &mut d);
    (site, d.sorted().iter().map(|d| d.to_string()).collect())
}

#[test]
fn dates_come_from_front_matter_then_file_name() {
    let (site, e) = build(
        vec![
            doc("posts/2020-1-2-a.md", "---\ntitle: A\n---\n"),
            doc("posts/2020-01-01-b.md", "---\ntitle: B\ndate: 2021-05-05\n---\n"),
        ],
        &[],
        false,
    );
    assert!(e.is_empty(), "{e:?}");
    let urls: Vec<(&str, String)> =
        site.posts.iter().map(|p| (p.url.as_str(), p.date.as_ref().unwrap().ymd())).collect();
    assert_eq!(urls, [("/2021/b/", "2021-05-05".into()), ("/2020/a/", "2020-01-02".into())]);
}

#[test]
fn a_post_without_any_date_is_an_error() {
    let (site, e) = build(vec![doc("posts/no-date.md", "---\ntitle: A\n---\n")], &[], false);
    assert!(site.posts.is_empty());
    assert_eq!(
        e,
        [
            "content/posts/no-date.md:1:1: error: missing `date`: add `date: YYYY-MM-DD` to the front matter, or name the file `YYYY-MM-DD-slug.md`"
        ]
    );
}

#[test]
fn equal_dates_sort_by_slug_and_neighbours_link() {
    let d = "date: 2022-03-03";
    let (site, _) = build(
        vec![
            doc("posts/c.md", &format!("---\ntitle: C\n{d}\n---\n")),
            doc("posts/a.md", &format!("---\ntitle: A\n{d}\n---\n")),
            doc("posts/b.md", &format!("---\ntitle: B\n{d}\n---\n")),
        ],
        &[],
        false,
    );
    let slugs: Vec<&str> = site.posts.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["a", "b", "c"]);
    assert_eq!(
        (site.posts[1].newer, site.posts[1].older),
        (Some(crate::site::PostId(0)), Some(crate::site::PostId(2)))
    );
}

#[test]
fn drafts_are_hidden_unless_asked() {
    let docs = || vec![doc("posts/2020-01-01-a.md", "---\ntitle: A\ndraft: true\n---\n")];
    assert!(build(docs(), &[], false).0.posts.is_empty());
    assert_eq!(build(docs(), &[], true).0.posts.len(), 1);
}

#[test]
fn two_sources_with_one_url_is_an_error_naming_both() {
    let (_, e) = build(
        vec![
            doc("posts/2020-01-01-a.md", "---\ntitle: A\n---\n"),
            doc("posts/2020-05-05-b.md", "---\ntitle: B\nslug: a\n---\n"),
        ],
        &[],
        false,
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("2020-05-05-b.md") && e[0].contains("content/posts/2020-01-01-a.md"), "{e:?}");
}

#[test]
fn bundle_files_sit_beside_their_post_and_links_follow() {
    let body = "---\ntitle: B\n---\n![cat](cat.png) [a](../2020-01-01-a.md)\n";
    let (site, e) = build(
        vec![doc("posts/2021-02-02-b/index.md", body), doc("posts/2020-01-01-a.md", "---\ntitle: A\n---\n")],
        &[src("posts/2021-02-02-b/cat.png", Kind::Asset, Some("posts/2021-02-02-b"))],
        false,
    );
    assert!(e.is_empty(), "{e:?}");
    assert_eq!(site.assets[0].url, "/2021/b/cat.png");
    let html = &site.posts[0].rendered.html;
    assert!(html.contains("src=\"/2021/b/cat.png\"") && html.contains("href=\"/2020/a/\""), "{html}");
}

#[test]
fn slugs_with_dot_dot_are_refused() {
    let (site, e) = build(vec![doc("posts/2020-01-01-a.md", "---\ntitle: A\nslug: ../../etc\n---\n")], &[], false);
    assert!(site.posts.is_empty());
    assert!(e[0].contains("contains `.` or `..`"), "{e:?}");
}

#[test]
fn tags_merge_case_and_keep_the_newest_spelling() {
    let (site, _) = build(
        vec![
            doc("posts/2020-01-01-a.md", "---\ntitle: A\ntags: [rust]\n---\n"),
            doc("posts/2021-01-01-b.md", "---\ntitle: B\ntags: [Rust, 회고]\n---\n"),
        ],
        &[],
        false,
    );
    let tags: Vec<(&str, &str, usize)> =
        site.tags.iter().map(|t| (t.name.as_str(), t.url.as_str(), t.posts.len())).collect();
    assert_eq!(tags, [("Rust", "/tags/rust/", 2), ("회고", "/tags/회고/", 1)]);
}

#[test]
fn terms_are_listed_by_slug_not_by_first_use() {
    let (site, _) = build(
        vec![
            doc("posts/2020-01-01-a.md", "---\ntitle: A\ntags: [Apple]\ncategories: [일기]\n---\n"),
            doc("posts/2021-01-01-b.md", "---\ntitle: B\ntags: [zig, 가을, apple]\ncategories: [일기, Dev]\n---\n"),
        ],
        &[],
        false,
    );
    let slugs = |terms: &[Term]| terms.iter().map(|t| t.slug.clone()).collect::<Vec<_>>();
    assert_eq!(slugs(&site.tags), ["apple", "zig", "가을"]);
    assert_eq!(slugs(&site.categories), ["dev", "일기"]);
    assert_eq!(site.tags[0].posts.len(), 2);
}
