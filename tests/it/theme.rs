//! The default theme's essentials: meta tags, JSON-LD, language strings, the theme toggle,
//! overrides and custom CSS, heading anchors, math.

use crate::support;

use support::Site;

fn built(site: &Site) {
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn posts_carry_canonical_open_graph_and_json_ld() {
    let site = Site::fixture("basic");
    built(&site);
    let html = site.read("public/2023/first-post/index.html");
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.com/2023/first-post/\">"));
    assert!(html.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(html.contains("<meta property=\"og:title\" content=\"첫 글: Hello\">"));
    assert!(html.contains("<meta property=\"article:published_time\" content=\"2023-01-10T00:00:00+09:00\">"));
    assert!(
        html.contains("<meta name=\"description\" content=\"First paragraph with a link to the bundle and about.\">"),
        "{html}"
    );
    assert!(html.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let json: serde_json::Value =
        serde_json::from_str(&html[start..start + html[start..].find("</script>").unwrap()]).unwrap();
    assert_eq!(json["@type"], "BlogPosting");
    assert_eq!(json["headline"], "첫 글: Hello");
    assert_eq!(json["datePublished"], "2023-01-10T00:00:00+09:00");
    assert_eq!(json["url"], "https://example.com/2023/first-post/");
}

#[test]
fn json_ld_cannot_close_its_script_tag() {
    let site = Site::fixture("basic");
    site.write("content/posts/2023-04-04-x.md", "---\ntitle: \"</script><script>alert(1)</script>\"\n---\nx\n");
    built(&site);
    let html = site.read("public/2023/x/index.html");
    let ld = &html[html.find("application/ld+json").unwrap()..];
    assert!(!ld[..ld.find("</script>").unwrap()].contains("</"), "{ld}");
}

#[test]
fn english_sites_get_english_strings_and_dates_and_pages_keep_their_lang() {
    let site = Site::fixture("basic");
    site.write("gen.toml", "title = \"Basic\"\nlanguage = \"en\"\n");
    site.write("content/posts/2023-05-05-ko.md", "---\ntitle: 한국어 글\nlang: ko\n---\n본문\n");
    built(&site);
    let en = site.read("public/2023/first-post/index.html");
    assert!(en.contains("<html lang=\"en\">") && en.contains("January 10, 2023") && en.contains("Skip to content"));
    let ko = site.read("public/2023/ko/index.html");
    assert!(
        ko.contains("<article class=\"post\" lang=\"ko\" data-pagefind-body>") && ko.contains("2023년 5월 5일"),
        "{ko}"
    );
    assert!(ko.contains("<html lang=\"en\">") && ko.contains("Skip to content"), "the interface stays the site's");
}

#[test]
fn every_page_has_the_theme_toggle_and_works_without_javascript() {
    let site = Site::fixture("basic");
    built(&site);
    let home = site.read("public/index.html");
    assert!(home.contains("<button type=\"button\" class=\"theme-toggle\" hidden"), "hidden until its script runs");
    assert!(home.contains("localStorage.getItem(\"hoego-theme\")"));
    // The toggle's behaviour is one cached file, not a copy in every page.
    assert!(home.contains("<script src=\"/site.js\"></script>") && !home.contains("querySelector(\".theme-toggle\")"));
    assert!(site.read("public/site.js").contains("querySelector(\".theme-toggle\")"));
    let css = site.read("public/style.css");
    assert!(css.contains("prefers-color-scheme: dark") && css.contains(":root[data-theme=\"dark\"]"));
    assert!(css.contains("word-break: keep-all"));
    for page in ["public/index.html", "public/2023/first-post/index.html", "public/2023/index.html"] {
        let html = site.read(page);
        for attr in ["src=\"", "<link rel=\"stylesheet\" href=\"", "<link rel=\"icon\" href=\""] {
            for (i, _) in html.match_indices(attr) {
                let url = &html[i + attr.len()..];
                assert!(url.starts_with('/'), "{page} loads something from elsewhere: {}", &url[..40.min(url.len())]);
            }
        }
    }
}

#[test]
fn headings_have_anchor_links_and_the_home_features_the_latest_retrospective() {
    let site = Site::fixture("basic");
    built(&site);
    let home = site.read("public/index.html");
    assert!(!home.contains("<section class=\"featured\""), "a 회고-tagged post with no year words is no annual one");
    site.write("content/posts/2023-01-02-retro.md", "---\ntitle: 2022년 회고\n---\n한 해를 돌아봅니다.\n");
    built(&site);
    let post = site.read("public/2023/first-post/index.html");
    assert!(post.contains("<h2 id=\"상세\">상세<a class=\"anchor\" href=\"#%EC%83%81%EC%84%B8\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>"), "{post}");
    let home = site.read("public/index.html");
    assert!(home.contains("<section class=\"featured\""), "the latest annual retrospective is featured");
    assert!(home.contains("2022년 회고"));
    assert!(!site.read("public/page/2/index.html").contains("class=\"featured\""), "only on the first page");
}

#[test]
fn math_is_mathml_when_a_page_opts_in_and_literal_otherwise() {
    let site = Site::fixture("basic");
    site.write(
        "content/posts/2023-06-06-money.md",
        "---\ntitle: $$postDigest()와 $timeout()\n---\n$$postDigest()와 $timeout() 비교\n",
    );
    site.write("content/posts/2023-06-07-math.md", "---\ntitle: Math\nmath: true\n---\nEuler: $e^{i\\pi} + 1 = 0$\n");
    built(&site);
    assert!(site.read("public/2023/money/index.html").contains("$$postDigest()와 $timeout() 비교"));
    let math = site.read("public/2023/math/index.html");
    assert!(math.contains("<math") && !math.contains("$e^"), "{math}");
    let scripts: Vec<&str> = math.split("<script src=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    assert_eq!(scripts, ["/site.js"], "no JavaScript for math, only the theme's own");
}

/// A formula nested past the cap is shown as source, and the warning points at it in the file,
/// also after a Liquid tag earlier in the body was rewritten (its text is shorter then).
#[test]
fn math_nested_too_deep_is_source_with_a_warning_at_its_place() {
    let site = Site::fixture("basic");
    let deep = format!("{}x{}", "{".repeat(2_000), "}".repeat(2_000));
    let body = format!("{{% raw %}}{{{{ kept }}}}{{% endraw %}} and $a^2$\n\n가 $1 + {deep}$\n");
    site.write("content/posts/2023-06-07-deep.md", &format!("---\ntitle: Deep\nmath: true\n---\n{body}"));
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let place = "content/posts/2023-06-07-deep.md:7:3: warning: this formula nests deeper than 100 levels";
    assert!(r.stderr.contains(place), "{}", r.stderr);
    let html = site.read("public/2023/deep/index.html");
    assert!(html.contains("<code class=\"math-error\">1 + {{{"), "the source is shown");
    assert!(html.contains("<msup>"), "the shallow formula still renders");
}

#[test]
fn a_site_can_override_one_partial_and_add_css() {
    let site = Site::fixture("basic");
    site.write("templates/partials/post_meta.html", "<p class=\"my-meta\">{{ item.reading_time }}</p>");
    site.write("static/custom.css", "body { background: pink; }");
    built(&site);
    let home = site.read("public/index.html");
    assert!(home.contains("<p class=\"my-meta\">1</p>"), "the partial is replaced everywhere it is included");
    assert!(home.contains("<link rel=\"stylesheet\" href=\"/custom.css\">"));
    assert!(home.contains("class=\"site-header\""), "the rest of the theme stays");
}

#[test]
fn tag_category_series_and_404_pages() {
    let site = Site::fixture("basic");
    site.write("gen.toml", "title = \"Basic\"\npaginate = 1\n");
    built(&site);
    assert!(site.read("public/tags/index.html").contains("href=\"/tags/rust/\""));
    assert!(
        site.read("public/tags/rust/index.html").contains("rel=\"next\" href=\"/tags/rust/page/2/\""),
        "term pages paginate"
    );
    assert!(site.exists("public/tags/rust/page/2/index.html"));
    assert!(site.read("public/categories/일기/index.html").contains("첫 글: Hello"));
    assert!(site.read("public/series/series-one/index.html").contains("Bundle post"));
    assert!(site.read("public/404.html").contains("페이지를 찾을 수 없습니다"));
}

/// A Gatsby-style bundle names its cover `featuredImage: ./cover.png`: the post shows it, lists
/// show it, and `og:image`, `twitter:image` and the JSON-LD carry its absolute URL. A cover that
/// is not there is a broken link at the front-matter line that names it.
#[test]
fn a_cover_from_any_cover_key_reaches_the_page_lists_and_meta_tags() {
    let site = Site::fixture("basic");
    site.write(
        "content/posts/2023-07-01-gatsby/index.md",
        "---\ntitle: 개츠비에서 온 글\ndate: 2023-07-01\nfeaturedImage: ./cover.png\n---\n본문\n",
    );
    site.write("content/posts/2023-07-01-gatsby/cover.png", "png");
    built(&site);
    let post = site.read("public/2023/gatsby/index.html");
    assert!(post.contains("<img class=\"cover\" src=\"/2023/gatsby/cover.png\" alt=\"\">"), "{post}");
    let base = "https://example.com";
    let abs = format!("{base}/2023/gatsby/cover.png");
    let toml = site.read("gen.toml");
    assert!(toml.contains(&format!("base_url = \"{base}/\"")), "{toml}");
    assert!(post.contains(&format!("<meta property=\"og:image\" content=\"{abs}\">")), "{post}");
    assert!(post.contains(&format!("<meta name=\"twitter:image\" content=\"{abs}\">")));
    assert!(post.contains("summary_large_image"));
    assert!(post.contains(&format!("\"image\":\"{abs}\"")), "JSON-LD");
    assert!(site.read("public/index.html").contains("src=\"/2023/gatsby/cover.png\""), "listed with its cover");
    let other = site.read("public/2023/first-post/index.html");
    assert!(!other.contains("og:image") && other.contains("<meta name=\"twitter:card\" content=\"summary\">"));

    site.write(
        "content/posts/2023-07-02-missing/index.md",
        "---\ntitle: 표지 없음\ndate: 2023-07-02\nimage: gone.png\n---\n본문\n",
    );
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("content/posts/2023-07-02-missing/index.md:4:1: error: broken link to `gone.png`"),
        "{}",
        r.stderr
    );
}

/// The example blog's home page: the latest retrospective is featured once, not featured and
/// then listed again; post navigation and list pagination both say newer on the left, older on
/// the right.
#[test]
fn the_featured_retrospective_shows_once_and_newer_older_read_the_same_everywhere() {
    let out = tempfile::tempdir().unwrap();
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(["build", "-q", "--root"])
        .arg(support::repo_root())
        .arg("--output")
        .arg(out.path())
        .status()
        .unwrap();
    assert!(st.success());
    let read = |p: &str| std::fs::read_to_string(out.path().join(p)).unwrap();
    let home = read("index.html");
    let featured = home.split("class=\"featured\"").nth(1).expect("a featured retrospective");
    let url = &featured[featured.find("href=\"").unwrap() + 6..];
    let url = &url[..url.find('"').unwrap()];
    assert_eq!(home.matches(&format!("<h2><a href=\"{url}\">")).count(), 1, "{url} is shown once");
    let page2 = read("page/2/index.html");
    assert!(page2.contains("rel=\"prev\"") && page2.contains("← 새 글</a>"), "newer on the left");
    let post = read("2023/retrospective-2023/index.html");
    assert!(post.contains("← 새 글: ") && post.contains("지난 글: "), "the same words in post navigation");
    let year = read("2023/index.html");
    assert!(year.contains("<dd>4,971자</dd>") && year.contains("<dd>1,143단어</dd>"), "thousands separators");
}

/// `[author]` fills the home page's card and the posts' JSON-LD (with the profiles as sameAs);
/// with no name, JSON-LD names no author rather than calling the site's title a person.
#[test]
fn the_author_card_and_json_ld_come_from_the_author_table() {
    let site = Site::fixture("basic");
    let toml = site.read("gen.toml");
    let card = "\n[author]\nname = \"김회고\"\nbio = \"장애를 기록하는 개발자\"\navatar = \"/me.png\"\ngithub = \"hoego-dev\"\nemail = \"me@example.com\"\n";
    site.write("gen.toml", &format!("{toml}{card}"));
    site.write("static/me.png", "png");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "no unknown-key warning: {}", r.stderr);
    let home = site.read("public/index.html");
    assert!(home.contains("<p class=\"author-bio\">장애를 기록하는 개발자</p>"), "{home}");
    assert!(home.contains("<a href=\"https://github.com/hoego-dev\" rel=\"me\">GitHub</a>"));
    assert!(home.contains("<a href=\"mailto:me@example.com\" rel=\"me\">이메일</a>"));
    let post = site.read("public/2023/first-post/index.html");
    assert!(
        post.contains(
            "\"author\":{\"@type\":\"Person\",\"name\":\"김회고\",\"sameAs\":[\"https://github.com/hoego-dev\"]}"
        ),
        "{post}"
    );
    site.write("gen.toml", &toml);
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(!site.read("public/2023/first-post/index.html").contains("\"author\""), "no name, no author");
    assert!(!site.read("public/index.html").contains("author-card"));
}

/// `[comments]` puts giscus or utterances under each post; a provider without the keys it
/// needs is an error at gen.toml's line, before anything is built.
#[test]
fn comments_come_from_the_comments_table_and_are_checked() {
    let site = Site::fixture("basic");
    let toml = site.read("gen.toml");
    let giscus = "\n[comments]\nprovider = \"giscus\"\nrepo = \"me/blog\"\nrepo_id = \"R_1\"\ncategory = \"Comments\"\ncategory_id = \"DIC_1\"\n";
    site.write("gen.toml", &format!("{toml}{giscus}"));
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let post = site.read("public/2023/first-post/index.html");
    assert!(post.contains("src=\"https://giscus.app/client.js\" data-repo=\"me/blog\" data-repo-id=\"R_1\""), "{post}");
    assert!(post.contains("data-mapping=\"pathname\"") && post.contains("data-lang=\"ko\""));
    assert!(!site.read("public/index.html").contains("giscus"), "only under posts");
    site.write("gen.toml", &format!("{toml}\n[comments]\nprovider = \"giscus\"\nrepo = \"me/blog\"\n"));
    let r = site.run(&["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("gen.toml:") && r.stderr.contains("[comments] giscus needs `repo_id`"), "{}", r.stderr);
    site.write("gen.toml", &format!("{toml}\n[comments]\nprovider = \"utterances\"\nrepo = \"me/blog\"\n"));
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(
        site.read("public/2023/first-post/index.html")
            .contains("<script src=\"https://utteranc.es/client.js\" repo=\"me/blog\" issue-term=\"pathname\"")
    );
    site.write("gen.toml", &format!("{toml}\n[comments]\nprovider = \"disqus\"\n"));
    let r = site.run(&["build"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown comments provider `disqus`"), "{}", r.stderr);
}

/// A mermaid block makes its page load the vendored mermaid.min.js, which the site then
/// publishes; pages without one load nothing and a site without one publishes nothing extra.
#[test]
fn mermaid_is_loaded_only_where_a_page_has_a_diagram() {
    let site = Site::fixture("basic");
    built(&site);
    assert!(!site.exists("public/mermaid.min.js"), "no diagram, no 5.5 MB script");
    site.write("content/posts/2024-02-02-flow.md", "---\ntitle: 흐름\n---\n```mermaid\ngraph TD; 배포-->검증\n```\n");
    built(&site);
    let post = site.read("public/2024/flow/index.html");
    assert!(post.contains("<pre class=\"mermaid\">graph TD; 배포--&gt;검증"), "{post}");
    assert!(post.contains("<script src=\"/mermaid.min.js\"></script>"));
    assert!(!site.read("public/2023/first-post/index.html").contains("mermaid.min.js"));
    assert!(site.exists("public/mermaid.min.js") && site.exists("public/mermaid.LICENSE"));
}
