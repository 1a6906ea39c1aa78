use super::*;
use crate::frontmatter::{parse, split};

fn resolve_text(text: &str) -> (FrontMatter, Findings) {
    resolve_with(text, &std::collections::BTreeMap::new())
}

fn resolve_with(text: &str, keys: &std::collections::BTreeMap<String, String>) -> (FrontMatter, Findings) {
    let s = split(text).unwrap();
    let m = parse(&s).unwrap();
    resolve(m, &s, Reading { tz: &jiff::tz::db().get("Asia/Seoul").unwrap(), keys })
}

#[test]
fn all_known_keys() {
    let (fm, f) = resolve_text(
        "---\ntitle: \" 2023년 회고 \"\ndate: 2024-01-05\nupdated: 2024-01-06 10:00\n\
         description: 요약\ntags: [회고, null, '', rust, rust]\ncategories: 일기, 생각\n\
         series: 연말\ndraft: true\nslug: my-retro\naliases: [/old/]\nretrospective: 2023\n\
         goals: [책 12권]\nreview:\n  - { goal: 운동, done: 0.5 }\n  - { goal: 블로그, done: true }\n\
         lang: en\nextra: { cover: a.png }\nlayout: post\n---\n",
    );
    assert!(f.errors.is_empty() && f.warnings.is_empty(), "{f:?}");
    assert_eq!(fm.title, "2023년 회고");
    assert_eq!(fm.date.unwrap().ymd(), "2024-01-05");
    assert_eq!(fm.tags, ["회고", "rust"]);
    assert_eq!(fm.categories, ["일기", "생각"]);
    assert_eq!(fm.series.as_deref(), Some("연말"));
    assert!(fm.draft);
    assert_eq!(fm.slug.as_deref(), Some("my-retro"));
    assert_eq!(fm.aliases, ["/old/"]);
    assert_eq!(fm.retrospective, RetroFlag::Year(2023));
    assert_eq!(fm.goals, ["책 12권"]);
    assert_eq!(fm.review, [Review { goal: "운동".into(), done: 0.5 }, Review { goal: "블로그".into(), done: 1.0 }]);
    assert_eq!(fm.lang.as_deref(), Some("en"));
    assert_eq!(fm.extra["cover"], "a.png");
    assert_eq!(fm.extra["layout"], "post");
}

#[test]
fn published_false_is_a_draft() {
    let (fm, _) = resolve_text("---\ntitle: a\npublished: false\n---\n");
    assert!(fm.draft);
    let (fm, _) = resolve_text("---\ntitle: a\npublished: true\n---\n");
    assert!(!fm.draft);
}

#[test]
fn near_misses_warn_at_their_line() {
    let (fm, f) = resolve_text("---\ntittle: a\ntag: [x]\ntags:: [y]\n---\n");
    let w: Vec<(usize, &str)> = f.warnings.iter().map(|w| (w.line, w.message.as_str())).collect();
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(w.contains(&(2, "unknown key `tittle` (kept in `page.extra`); did you mean `title`?")), "{w:?}");
    assert!(w.contains(&(3, "unknown key `tag` (kept in `page.extra`); did you mean `tags`?")), "{w:?}");
    assert!(w.contains(&(4, "unknown key `tags:` (kept in `page.extra`); did you mean `tags`?")), "{w:?}");
    assert_eq!(f.errors[0].message, "missing `title`: add `title: ...` to the front matter");
    assert!(fm.tags.is_empty());
}

#[test]
fn bad_values_are_errors_at_their_line() {
    let (_, f) =
        resolve_text("---\ntitle: a\ndate: <% tp.date.now() %>\ndraft: maybe\nretrospective: 21살\nreview: [x]\n---\n");
    let lines: Vec<usize> = f.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 4, 5, 6], "{f:?}");
    assert!(f.errors[0].message.contains("placeholder"));
}

#[test]
fn toml_front_matter_types() {
    let (fm, f) = resolve_text("+++\ntitle = \"t\"\ndate = 2020-06-01\ntags = \"a, b\"\nretrospective = true\n+++\n");
    assert!(f.errors.is_empty(), "{f:?}");
    assert_eq!(fm.date.unwrap().ymd(), "2020-06-01");
    assert_eq!(fm.tags, ["a", "b"]);
    assert_eq!(fm.retrospective, RetroFlag::Yes);
}

#[test]
fn empty_title_is_an_error() {
    let (_, f) = resolve_text("---\ntitle: ''\n---\n");
    assert_eq!(f.errors[0].line, 2);
}

#[test]
fn keys_from_other_generators_are_read_or_explained() {
    let (fm, f) = resolve_text(
        "---\ntitle: a\npublishDate: 2023-01-02\nlastmod: 2023-02-03\nexcerpt: 요약\npermalink: /old/path/\ntaxonomies:\n  tags: [rust]\n---\n",
    );
    assert!(f.errors.is_empty(), "{f:?}");
    assert_eq!(fm.date.unwrap().ymd(), "2023-01-02");
    assert_eq!(fm.updated.unwrap().ymd(), "2023-02-03");
    assert_eq!(fm.description.as_deref(), Some("요약"));
    assert_eq!(fm.tags, ["rust"]);
    assert_eq!(f.warnings.len(), 1, "{f:?}");
    assert!(f.warnings[0].message.contains("`permalink` is ignored: set the whole URL with `slug"), "{f:?}");
    let (fm, _) = resolve_text("---\ntitle: a\ndate: 2020-01-01\npublishDate: 2023-01-02\n---\n");
    assert_eq!(fm.date.unwrap().ymd(), "2020-01-01", "date wins over publishDate");
}

/// What Jekyll, Hugo, Gatsby and Next.js blogs write, read as hoego keys.
#[test]
fn other_generators_keys_are_read() {
    let (fm, f) = resolve_text(
        "---\ntitle: a\ncategory: 개발\ntags: angularjs javascript\nmathjax: true\nmermaid: true\n\
         featuredImage: ./cover.png\nredirect_from: [/old-a/, /old-b/]\nsummary: 요약\n---\n",
    );
    assert!(f.errors.is_empty() && f.warnings.is_empty(), "{f:?}");
    assert_eq!(fm.categories, ["개발"]);
    assert_eq!(fm.tags, ["angularjs", "javascript"], "Jekyll splits a string without commas at spaces");
    assert_eq!(fm.math, Some(true));
    assert_eq!(fm.mermaid, Some(true));
    assert_eq!(fm.cover.as_deref(), Some("./cover.png"));
    assert_eq!(fm.aliases, ["/old-a/", "/old-b/"]);
    assert_eq!(fm.description.as_deref(), Some("요약"));
    let (fm, _) = resolve_text("---\ntitle: a\ntags: 회고, 커리어 이야기\n---\n");
    assert_eq!(fm.tags, ["회고", "커리어 이야기"], "with a comma, commas split");
}

#[test]
fn hidden_and_unpublished_posts_are_drafts_and_need_no_title() {
    for key in ["publish: false", "published: false", "hidden: true", "draft: true"] {
        let (fm, f) = resolve_text(&format!("---\ntitle: ''\n{key}\n---\n"));
        assert!(fm.draft, "{key}");
        assert!(f.errors.is_empty(), "{key}: {f:?}");
    }
    let (_, f) = resolve_text("---\ntitle: ''\n---\n");
    assert_eq!(f.errors.len(), 1, "a published post still needs one");
}

#[test]
fn covers_come_from_any_cover_key_and_cover_wins() {
    let (fm, _) = resolve_text("---\ntitle: a\nthumbnail: t.png\nimage: i.png\n---\n");
    assert_eq!(fm.cover.as_deref(), Some("i.png"), "image ranks above thumbnail");
    let (fm, _) = resolve_text("---\ntitle: a\nimage: { path: /img/x.png }\ncover: c.png\n---\n");
    assert_eq!(fm.cover.as_deref(), Some("c.png"));
    let (fm, _) = resolve_text("---\ntitle: a\nimage:\n  path: /img/x.png\n---\n");
    assert_eq!(fm.cover.as_deref(), Some("/img/x.png"), "jekyll-seo-tag's map");
    assert_eq!(fm.extra["image"]["path"], "/img/x.png", "still in page.extra for templates that read it there");
}

#[test]
fn a_series_may_be_a_list_of_one() {
    let (fm, f) = resolve_text("---\ntitle: a\nseries: [\"Guide\"]\n---\n");
    assert_eq!(fm.series.as_deref(), Some("Guide"));
    assert!(f.warnings.is_empty());
    let (fm, f) = resolve_text("---\ntitle: a\nseries: [A, B]\n---\n");
    assert_eq!(fm.series.as_deref(), Some("A"));
    assert_eq!(f.warnings.len(), 1);
}

/// `[front_matter.aliases]`: a blog's own keys, read as ours; messages name the file's key.
#[test]
fn a_sites_own_keys_are_read_as_ours() {
    let keys: std::collections::BTreeMap<String, String> =
        [("post-category", "categories"), ("제목", "title"), ("작성일", "date")]
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect();
    let (fm, f) = resolve_with("---\n제목: 한글 키\n작성일: 2023-05-19\npost-category: [개발]\n---\n", &keys);
    assert!(f.errors.is_empty(), "{f:?}");
    assert_eq!(fm.title, "한글 키");
    assert_eq!(fm.date.unwrap().ymd(), "2023-05-19");
    assert_eq!(fm.categories, ["개발"]);
    assert_eq!(fm.extra["post-category"][0], "개발", "their key stays in page.extra");
    let (_, f) = resolve_with("---\n제목: a\n작성일: 어제\n---\n", &keys);
    assert_eq!(f.errors.len(), 1);
    assert_eq!(f.errors[0].line, 3, "the error is at the file's own key");
}
