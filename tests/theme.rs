//! The default theme's essentials: meta tags, JSON-LD, language strings, the theme toggle,
//! overrides and custom CSS, heading anchors, math.

mod support;

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
    assert!(ko.contains("<article class=\"post\" lang=\"ko\">") && ko.contains("2023년 5월 5일"), "{ko}");
    assert!(ko.contains("<html lang=\"en\">") && ko.contains("Skip to content"), "the interface stays the site's");
}

#[test]
fn every_page_has_the_theme_toggle_and_works_without_javascript() {
    let site = Site::fixture("basic");
    built(&site);
    let home = site.read("public/index.html");
    assert!(home.contains("<button type=\"button\" class=\"theme-toggle\" hidden"), "hidden until its script runs");
    assert!(home.contains("localStorage.getItem(\"hoego-theme\")"));
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
    assert!(!math.contains("<script src"), "no JavaScript for math");
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
