//! Feeds, sitemap, robots.txt and alias redirects, parsed as XML where they are XML.

use crate::support;

use support::Site;

fn built(config: &str) -> Site {
    let site = Site::fixture("basic");
    site.write("gen.toml", config);
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    site
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

#[test]
fn the_atom_feed_is_well_formed_with_offsets_and_a_limit() {
    let site = built("title = \"Basic\"\nbase_url = \"https://example.com/blog/\"\n[feed]\nlimit = 2\n");
    let xml = site.read("public/atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("atom.xml is XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    assert_eq!(feed.tag_name().name(), "feed");
    let child = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.children().find(|c| c.has_tag_name((ATOM, name))).map(|c| c.text().unwrap_or("").to_owned())
    };
    assert_eq!(child(feed, "id").as_deref(), Some("https://example.com/blog/atom.xml"));
    let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))).collect();
    assert_eq!(entries.len(), 2, "[feed] limit");
    assert_eq!(child(entries[0], "id").as_deref(), Some("https://example.com/blog/2023/bundle/"));
    assert_eq!(child(entries[0], "published").as_deref(), Some("2023-03-04T10:00:00+09:00"));
    assert_eq!(
        child(entries[1], "published").as_deref(),
        Some("2023-01-10T00:00:00+09:00"),
        "a date-only post stays on its day"
    );
    assert_eq!(child(feed, "updated").as_deref(), Some("2023-03-04T10:00:00+09:00"), "the newest entry, not the clock");
    assert!(child(entries[0], "content").is_none(), "summaries only by default");
    let summary = child(entries[1], "summary").unwrap();
    assert!(summary.contains("<p>First paragraph"), "escaped HTML that unescapes to the summary: {summary}");
}

#[test]
fn full_content_and_tag_feeds_are_opt_in() {
    let site = built("title = \"Basic\"\n[feed]\nfull_content = true\ntags = true\n");
    let xml = site.read("public/atom.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert!(doc.descendants().any(|n| n.has_tag_name((ATOM, "content"))));
    let tag = site.read("public/tags/rust/atom.xml");
    let doc = roxmltree::Document::parse(&tag).unwrap();
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name((ATOM, "entry"))).count(), 2);
}

#[test]
fn the_sitemap_lists_every_page_with_lastmod() {
    let site = built("title = \"Basic\"\nbase_url = \"https://example.com/\"\n");
    let xml = site.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml is XML");
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let locs: Vec<(String, Option<String>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ns, "url")))
        .map(|u| {
            let get = |name: &str| {
                u.children().find(|c| c.has_tag_name((ns, name))).and_then(|c| c.text()).map(str::to_owned)
            };
            (get("loc").unwrap(), get("lastmod"))
        })
        .collect();
    assert_eq!(locs[0], ("https://example.com/".into(), Some("2023-03-04".into())));
    assert!(locs.contains(&("https://example.com/2023/first-post/".into(), Some("2023-01-10".into()))));
    assert!(locs.contains(&("https://example.com/about/".into(), None)));
    assert!(locs.iter().any(|(l, _)| l == "https://example.com/tags/%ED%9A%8C%EA%B3%A0/"), "{locs:?}");
    assert!(locs.iter().any(|(l, _)| l == "https://example.com/2023/"));
    assert_eq!(site.read("public/robots.txt"), "User-agent: *\nAllow: /\nSitemap: https://example.com/sitemap.xml\n");
}

#[test]
fn aliases_become_redirect_pages() {
    let site = built("title = \"Basic\"\nbase_url = \"https://example.com/\"\n");
    let html = site.read("public/old/index.html");
    assert!(html.contains("<meta http-equiv=\"refresh\" content=\"0; url=/2022/legacy.html\">"), "{html}");
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.com/2022/legacy.html\">"), "{html}");
}

#[test]
fn an_alias_that_collides_with_a_page_is_an_error() {
    let site = Site::fixture("basic");
    site.write("content/posts/2022-12-25-old.md", "---\ntitle: Old post\naliases: [\"/about/\"]\n---\nOld.\n");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("`/about/index.html` is produced twice"), "{}", r.stderr);
}

#[test]
fn a_full_url_alias_warns_at_its_line() {
    let site = Site::fixture("basic");
    site.write(
        "content/posts/2022-12-25-old.md",
        "---\ntitle: Old post\nslug: legacy.html\naliases: [\"https://old.blog/x/\"]\n---\nOld.\n",
    );
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/posts/2022-12-25-old.md:4:1: warning: alias `https://old.blog/x/` is a full URL"),
        "{}",
        r.stderr
    );
}

/// Control characters pasted into a post (a terminal's ESC colour codes, NUL, BEL) are taken
/// out with one warning: the feed stays XML, the page has no NUL, and the terminal shows no raw
/// escape.
#[test]
fn control_characters_are_removed_with_a_warning_and_feeds_stay_xml() {
    let site = built("title = \"T\"\nbase_url = \"https://x.dev/\"\n");
    site.write(
        "content/posts/2024-06-06-ctrl.md",
        "---\ntitle: \"빌드 \u{1b}[31m실패\u{1b}[0m\u{7}\"\n---\n로그: \u{0}\u{1b}[1m굵게\n",
    );
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "content/posts/2024-06-06-ctrl.md:2:12: warning: 5 control characters (the first is U+001B) removed"
        ),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains('\u{1b}'));
    let feed = site.read("public/atom.xml");
    roxmltree::Document::parse(&feed).expect("the feed is XML");
    assert!(feed.contains("빌드 [31m실패[0m"));
    let page = site.read("public/2024/ctrl/index.html");
    assert!(!page.contains('\u{0}') && !page.contains('\u{1b}'));
}
