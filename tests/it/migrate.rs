//! Blogs as other generators left them (fixtures `migrate-*`, written in the shapes of real
//! Jekyll, Hugo, Gatsby, Obsidian and Next.js blogs) build with no error and no dialect syntax
//! left in the pages outside code; each construct's output is pinned.

use crate::support;

use support::{Site, tree};

const SITES: &[&str] = &["migrate-jekyll", "migrate-hugo", "migrate-gatsby", "migrate-obsidian", "migrate-nextjs"];

fn built(case: &str) -> Site {
    let site = Site::fixture(case);
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{case}: {}", r.stderr);
    assert!(!r.stderr.contains("error"), "{case}: {}", r.stderr);
    site
}

/// The page without what shows code or data: `<code>`, `<pre>`, `<script>` and `<style>`.
fn outside_code(html: &str) -> String {
    let mut out = html.to_owned();
    for tag in ["pre", "code", "script", "style"] {
        let re = regex::Regex::new(&format!(r"(?s)<{tag}[ >].*?</{tag}>")).unwrap();
        out = re.replace_all(&out, "").into_owned();
    }
    out
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").map_or(html.len(), |i| i + "</main>".len());
    &html[start..end]
}

#[test]
fn every_blog_builds_with_no_dialect_syntax_left_outside_code() {
    for case in SITES {
        let site = built(case);
        for (path, bytes) in tree(&site.root().join("public")) {
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let text = outside_code(&String::from_utf8_lossy(&bytes));
            for syntax in ["{%", "{{<", "{:", "![[", "[["] {
                assert!(!text.contains(syntax), "{case}: {} shows `{syntax}`", path.display());
            }
        }
    }
}

#[test]
fn jekyll_posts_keep_their_liquid_kramdown_and_keys() {
    let site = built("migrate-jekyll");
    let post = site.read("public/2025/08/03/mailing-system/index.html");
    assert!(post.contains("<code class=\"language-html\">") || post.contains("language-html"), "a code block");
    assert!(!post.contains("<script src=\"/js/mail.js\">"), "the example HTML is code, not live");
    // kramdown puts a block attribute list on the paragraph above it.
    assert!(post.contains("<p class=\"center-image\"><img src=\"/assets/img/mail.png\" alt=\"구조도\" />"), "{post}");
    assert!(post.contains("{{ user.name }}처럼"), "raw keeps its content");
    assert!(post.contains("<math"), "mathjax: true turns math on");
    assert!(post.contains("<meta property=\"og:image\" content=\"https://jekyll.example.kr/assets/img/mail.png\">"));
    assert!(post.contains("메일 큐를 만들며 배운 것들"), "a quoted description continued at column 0");
    assert!(site.exists("public/tags/angularjs/index.html") && site.exists("public/tags/javascript/index.html"));
    assert!(site.exists("public/categories/개발/index.html"));
    let retry = site.read("public/2025/09/10/queue-retry/index.html");
    assert!(retry.contains("<a href=\"/2025/08/03/mailing-system/\">이전 글</a>"), "{retry}");
    assert!(retry.contains("href=\"/2025/08/03/mailing-system/#%EC%9E%AC%EC%8B%9C%EB%8F%84\""), "{retry}");
    assert!(retry.contains("<p class=\"note\">"));
    assert!(site.exists("public/2025/09/10/retry/index.html"), "redirect_from");
    assert!(!site.exists("public/2025/10/01/untitled/index.html"), "published: false hides the post");
    assert_eq!(site.read("public/robots.txt"), "User-agent: *\nDisallow: /private/\n");
    assert!(site.read("public/2024/index.html").contains("<p class=\"lead\">"), "{{: .lead }} on the retrospective");
    insta::assert_snapshot!("jekyll_post", main_of(&post));
}

#[test]
fn hugo_bundles_keep_their_shortcodes_and_series() {
    let site = built("migrate-hugo");
    let post = site.read("public/2024/k8s-guide-1/index.html");
    assert!(post.contains("language-yaml"));
    assert!(
        post.contains(
            "<img src=\"/blog/2024/k8s-guide-1/pod.png\" alt=\"파드 구조\" title=\"파드 하나에 컨테이너 둘\""
        ),
        "{post}"
    );
    assert!(post.contains("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"));
    assert!(post.contains("href=\"https://gist.github.com/hoego-dev/0123abcd\""));
    assert!(post.contains("href=\"/blog/2024/k8s-guide-2/\""), "ref to a bundle by name");
    assert!(post.contains("og:image\" content=\"https://hugo.example.kr/blog/2024/k8s-guide-1/cover.png\""));
    assert!(site.exists("public/series/guide/index.html"), "series = [\"Guide\"]");
    let second = site.read("public/2024/k8s-guide-2/index.html");
    assert!(second.contains("href=\"/blog/2024/k8s-guide-1/\""), "relref by path");
    assert!(second.contains("<code class=\"language-html\">") && second.contains("/nowhere/"), "highlighted code");
    assert!(!second.contains("<a href=\"/nowhere/\">"), "never live");
    insta::assert_snapshot!("hugo_post", main_of(&post));
}

#[test]
fn gatsby_posts_take_their_slug_cover_and_utc_dates() {
    let site = built("migrate-gatsby");
    let post = site.read("public/2023/hello-gatsby/index.html");
    assert!(post.contains("<img class=\"cover\" src=\"/2023/hello-gatsby/cover.png\""));
    // 2023-12-31T15:30Z is 2024-01-01 00:30 in Seoul.
    assert!(site.exists("public/2024/second/index.html"));
}

#[test]
fn obsidian_embeds_and_wikilinks_resolve_by_file_name() {
    let site = built("migrate-obsidian");
    let post = site.read("public/2024/obsidian-note/index.html");
    assert!(post.contains("<img src=\"/posts/assets/1.png\" alt=\"\" />"), "{post}");
    assert!(post.contains("<img src=\"/posts/assets/1.png\" alt=\"\" width=\"300\">"), "{post}");
    assert!(post.contains("<code>[[Prototype]]</code>"), "code stays as written");
    let other = site.read("public/index.html");
    assert!(other.contains("다른 글"));
    insta::assert_snapshot!("obsidian_post", main_of(&post));
}

#[test]
fn nextjs_mdx_and_unpublished_posts() {
    let site = built("migrate-nextjs");
    assert!(site.exists("public/2024/app-router/index.html"));
    assert!(!site.exists("public/2024/wip/index.html"), "published: false");
    assert!(site.read("public/2024/server-actions/index.html").contains("<strong>서버 액션</strong>"));
    assert!(!site.exists("public/2024/chart/index.html"), "an MDX file with imports is skipped");
    for (path, _) in tree(&site.root().join("public")) {
        assert!(path.extension().is_none_or(|e| e != "mdx"), "no raw .mdx is published: {}", path.display());
    }
}

/// `gen check --migrate`: the whole migration at a glance, for people and (JSON) for scripts.
#[test]
fn check_migrate_reports_what_was_read_and_what_needs_attention() {
    let site = Site::fixture("migrate-jekyll");
    let r = site.run(&["check", "--migrate"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("| liquid | highlight | 1 | 1 | converted |"), "{}", r.stdout);
    assert!(r.stdout.contains("| front matter | tags (Jekyll: split at spaces) | 1 | 1 | converted |"), "{}", r.stdout);
    assert!(r.stdout.contains("Needs attention (2):"), "{}", r.stdout);
    let j = site.run(&["check", "--migrate", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&j.stdout).expect("JSON");
    let rows = v["migration"]["rows"].as_array().expect("rows");
    let post_url = rows.iter().find(|r| r["dialect"] == "liquid" && r["construct"] == "post_url").expect("post_url");
    assert_eq!((post_url["found"].as_u64(), post_url["files"].as_u64()), (Some(2), Some(1)));
    assert_eq!(v["migration"]["attention"].as_array().map(Vec::len), Some(2));
    let hugo = Site::fixture("migrate-hugo").run(&["check", "--migrate"]);
    assert!(
        hugo.stdout.contains("| hugo | youtube | 1 | 1 | converted |")
            && hugo.stdout.contains("Nothing needs attention.")
    );
}
