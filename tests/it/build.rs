//! `gen build` end to end on fixture sites: output, dates, errors, collisions, output safety.

use crate::support;

use std::fs;

use support::{Site, tree};

#[test]
fn basic_site_builds_every_page() {
    let site = Site::fixture("basic");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert!(r.stdout.starts_with("Built 3 posts and 2 pages"), "{}", r.stdout);
    for f in [
        "public/index.html",
        "public/page/2/index.html",
        "public/2023/first-post/index.html",
        "public/2023/bundle/index.html",
        "public/2023/bundle/cat.svg",
        "public/2022/legacy.html",
        "public/about/index.html",
        "public/notes/public/index.html",
        "public/tags/index.html",
        "public/tags/rust/index.html",
        "public/tags/회고/index.html",
        "public/categories/일기/index.html",
        "public/series/series-one/index.html",
        "public/404.html",
        "public/style.css",
        "public/CNAME",
    ] {
        assert!(site.exists(f), "{f} missing");
    }
    assert!(!site.exists("public/2023/third/index.html"), "drafts are hidden");
    assert!(!site.exists("public/notes/private-x/index.html"), "ignore globs apply");
}

#[test]
fn post_page_has_rendered_markdown_and_rewritten_links() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    let html = site.read("public/2023/first-post/index.html");
    assert!(html.contains("<table>"), "tables");
    assert!(html.contains("type=\"checkbox\""), "task lists");
    assert!(html.contains("class=\"footnote-definition\""), "footnotes");
    assert!(html.contains("<h2 id=\"상세\">상세<a class=\"anchor\""), "Hangul heading ids");
    assert!(
        html.contains("href=\"/2023/bundle/#%EC%83%81%EC%84%B8\""),
        "link to a bundle source with its anchor: {html}"
    );
    assert!(html.contains("href=\"/about/\""), "link to a page source");
    assert!(html.contains("2023년 1월 10일"), "Korean date display");
    assert!(html.contains("href=\"/tags/%ED%9A%8C%EA%B3%A0/\""), "percent-encoded Hangul tag URL");
    let bundle = site.read("public/2023/bundle/index.html");
    assert!(bundle.contains("src=\"/2023/bundle/cat.svg\""), "bundle image: {bundle}");
}

#[test]
fn summary_ends_at_the_more_marker() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    let page2 = site.read("public/page/2/index.html");
    let home = site.read("public/index.html");
    let all = format!("{home}{page2}");
    assert!(all.contains("First paragraph"), "summary shown on the list");
    assert!(!all.contains("A footnote"), "text after <!-- more --> is not in the summary");
}

#[test]
fn site_templates_override_and_extend_the_theme() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    let about = site.read("public/about/index.html");
    assert!(about.contains("<p class=\"site-override\">overridden</p>"), "{about}");
    assert!(about.contains("About me."), "super() keeps the theme's block: {about}");
    assert!(site.read("public/2023/bundle/index.html").contains("class=\"site-header\""), "theme templates still used");
}

#[test]
fn drafts_flag_includes_drafts() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build", "--drafts"]).code, 0);
    assert!(site.read("public/2023/third/index.html").contains("Draft text."));
}

#[test]
fn output_and_base_url_flags() {
    let site = Site::fixture("basic");
    let r = site.run(&["build", "--output", "out/site", "--base-url", "https://me.github.io/blog/", "--quiet"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "--quiet prints nothing: {}", r.stdout);
    let home = site.read("out/site/index.html");
    assert!(home.contains("href=\"/blog/2023/first-post/\""), "{home}");
    assert!(home.contains("href=\"/blog/style.css\""), "{home}");
    let about = site.read("out/site/about/index.html");
    assert!(about.contains("<a href=\"/blog/\">Home</a>"), "root-relative links get the base path: {about}");
}

#[test]
fn naive_dates_use_the_site_time_zone_not_the_machines() {
    let site = Site::fixture("dates");
    for tz in ["UTC", "America/Los_Angeles", "Pacific/Kiritimati"] {
        let r = site.run_env(&["build"], &[("TZ", tz)]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let page = |p: &str| site.read(&format!("public/{p}/index.html"));
        let eve = page("2023/eve");
        assert!(eve.contains("datetime=\"2023-12-31T23:30:00+09:00\""), "TZ={tz}: {eve}");
        assert!(page("2016/utc").contains("datetime=\"2016-01-02T07:42:19+09:00\""), "UTC night is Jan 2 in Seoul");
        assert!(page("2018/dateonly").contains("2018년 1월 1일"), "date-only stays on its day");
        assert!(page("2020/jekyll").contains("datetime=\"2020-02-29T17:00:00+09:00\""));
        assert!(page("2021/dotted").contains("datetime=\"2021-07-04T00:00:00+09:00\""));
        assert!(page("2019/toml-local").contains("datetime=\"2019-03-01T23:59:00+09:00\""));
        assert!(page("2017/from-name").contains("datetime=\"2017-07-04T00:00:00+09:00\""));
        assert!(page("2015/fm-wins").contains("2015년 5월 5일"), "front matter beats the file name");
    }
}

#[test]
fn every_content_error_is_reported_and_the_old_output_survives() {
    let site = Site::fixture("bad");
    site.write("public/index.html", "previous build");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{}", r.stderr);
    assert!(lines[0].starts_with("content/posts/malformed.md:4:5: error:"), "{}", r.stderr);
    assert!(lines[0].contains("invalid YAML front matter"), "{}", r.stderr);
    assert!(lines[1].starts_with("content/posts/placeholder.md:3:1: error: `date`: invalid date"), "{}", r.stderr);
    assert!(lines[2].starts_with("content/posts/untitled.md:1:1: error: missing `title`"), "{}", r.stderr);
    assert_eq!(lines[3], "3 errors; nothing was written");
    assert_eq!(site.read("public/index.html"), "previous build");
    assert!(r.stdout.is_empty());
}

#[test]
fn warnings_name_file_and_line_and_do_not_fail() {
    let site = Site::fixture("dates");
    site.write("content/posts/typo.md", "---\ntitle: Typo\ndate: 2020-01-01\ntag: [x]\n---\n[gone](missing.md)\n");
    site.write("gen.toml", "title = \"Dates\"\nbase_url = \"https://x.dev/\"\n[links]\ninternal = \"warn\"\n");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.contains(
            "content/posts/typo.md:4:1: warning: unknown key `tag` (kept in `page.extra`); did you mean `tags`?"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "content/posts/typo.md:6:1: warning: broken link to `missing.md`: no such Markdown file in content/"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.ends_with("2 warnings\n"), "{}", r.stderr);
}

#[test]
fn a_broken_internal_link_fails_the_build_by_default() {
    let site = Site::fixture("dates");
    site.write("public/index.html", "previous");
    site.write("content/posts/typo.md", "---\ntitle: Typo\ndate: 2020-01-01\n---\n\n[gone](missing.md) [ok](eve.md)\n");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.starts_with("content/posts/typo.md:6:1: error: broken link to `missing.md`"), "{}", r.stderr);
    assert_eq!(site.read("public/index.html"), "previous");
    // Pages went to the staging folder beside it as they were rendered; it was never swapped in.
    assert!(site.exists(".public.hoego-staging/2020"), "pages were written to the staging folder");
    assert!(site.exists("public/index.html") && !site.exists("public/2020"), "the old output is all there is");
}

#[test]
fn one_url_from_two_files_is_an_error_naming_both() {
    let site = Site::fixture("collision");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("content/posts/2023-06-01-other.md:1:1: error: URL `/2023/same/index.html` is also produced by content/posts/2023-01-01-same.md"), "{}", r.stderr);
}

#[test]
fn nfd_and_nfc_file_names_make_one_url() {
    use unicode_normalization::UnicodeNormalization;
    let site = Site::empty();
    let nfd: String = "2023-01-05-회고.md".nfd().collect();
    site.write(&format!("content/posts/{nfd}"), "---\ntitle: NFD 회고\n---\n");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(site.exists("public/2023/회고/index.html"), "NFD name published under the NFC URL");
    site.write("content/posts/2023-01-05-회고.md", "---\ntitle: NFC 회고\n---\n");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1, "two files, one URL");
    assert!(r.stderr.contains("is also produced by"), "{}", r.stderr);
}

#[test]
fn configuration_errors_exit_2_and_name_the_line() {
    let site = Site::fixture("dates");
    site.write("gen.toml", "title = \"x\"\ntimezone = \"Seoul\"\nbase_url = \"https://x.dev/\"\n");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("gen.toml:2:1: error: unknown time zone `Seoul`"), "{}", r.stderr);
    site.write("gen.toml", "title = \"x\"\ntitel = \"y\"\nbase_url = \"https://x.dev/\"\n");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.contains("gen.toml:2:1: warning: unknown key `titel` is ignored; did you mean `title`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    let r = Site::empty().run(&["build", "--no-such-flag"]);
    assert_eq!(r.code, 2);
}

#[test]
fn refuses_dangerous_output_folders_and_touches_nothing() {
    let site = Site::fixture("dates");
    for out in [".", "..", "content/out"] {
        let r = site.run(&["build", "--output", out]);
        assert_eq!(r.code, 2, "--output {out}: {}", r.stderr);
        assert!(r.stderr.contains("refusing to write the site into"), "{}", r.stderr);
    }
    assert!(!site.exists("content/out"));
    assert!(site.exists("content/posts/eve.md"));
}

#[test]
fn rebuilds_remove_stale_files_and_keep_foreign_ones() {
    let site = Site::fixture("dates");
    assert_eq!(site.run(&["build"]).code, 0);
    site.write("public/CNAME", "me.example.com");
    site.write("public/.git/HEAD", "ref: refs/heads/gh-pages");
    fs::remove_file(site.root().join("content/posts/eve.md")).unwrap();
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(!site.exists("public/2023/eve/index.html"), "stale page removed");
    assert_eq!(site.read("public/CNAME"), "me.example.com");
    assert_eq!(site.read("public/.git/HEAD"), "ref: refs/heads/gh-pages");
}

#[test]
fn an_empty_folder_is_not_a_site_but_a_bare_gen_toml_is() {
    let site = Site::empty();
    let r = site.run(&["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("no site here"), "{}", r.stderr);
    assert!(!site.exists("public"));
    site.write("gen.toml", "");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(site.read("public/index.html").contains("<html lang=\"ko\">"));
}

#[test]
fn hostile_inputs_never_panic() {
    let site = Site::empty();
    site.write("content/posts/empty.md", "");
    site.write("content/posts/bom.md", "\u{feff}---\r\ntitle: BOM\r\ndate: 2020-01-01\r\n---\r\nok\r\n");
    site.write("content/posts/unclosed.md", "---\ntitle: x\n");
    site.write("content/posts/map.md", "---\n- a\n- b\n---\n");
    site.write("content/posts/deep.md", &format!("---\ntitle: deep\ndate: 2020-01-01\n---\n{}\n", ">".repeat(5000)));
    fs::write(site.root().join("content/posts/latin1.md"), b"---\ntitle: caf\xe9\n---\n").unwrap();
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(r.stderr.contains("content/posts/empty.md:1:1: error: no front matter"), "{}", r.stderr);
    assert!(r.stderr.contains("content/posts/latin1.md:2:11: error: the file is not valid UTF-8"), "{}", r.stderr);
    assert!(r.stderr.contains("content/posts/map.md:2:1: error: front matter must be"), "{}", r.stderr);
    assert!(!r.stderr.contains("bom.md") && !r.stderr.contains("deep.md"), "{}", r.stderr);
}

#[test]
fn same_input_gives_byte_identical_output() {
    let a = Site::fixture("basic");
    let b = Site::fixture("basic");
    assert_eq!(a.run_env(&["build"], &[("RAYON_NUM_THREADS", "1")]).code, 0);
    assert_eq!(b.run_env(&["build"], &[("RAYON_NUM_THREADS", "4")]).code, 0);
    let (ta, tb) = (tree(&a.root().join("public")), tree(&b.root().join("public")));
    assert_eq!(ta.len(), tb.len());
    for ((pa, ba), (pb, bb)) in ta.iter().zip(&tb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{} differs", pa.display());
    }
}

#[test]
fn a_named_theme_folder_is_used_and_a_missing_one_is_a_config_error() {
    let site = Site::fixture("dates");
    site.write("gen.toml", "title = \"T\"\ntheme = \"mini\"\nbase_url = \"https://x.dev/\"\n");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("gen.toml:2:1: error: theme `mini` not found"), "{}", r.stderr);
    site.write("themes/mini/templates/index.html", "home {{ paginator.total_items }}");
    site.write("themes/mini/templates/post.html", "post {{ post.title }}");
    site.write("themes/mini/templates/page.html", "page");
    site.write("themes/mini/static/mini.css", "body{}");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(site.read("public/index.html"), "home 8");
    assert_eq!(site.read("public/2023/eve/index.html"), "post New year&#39;s eve", "autoescaped");
    assert!(site.exists("public/mini.css") && !site.exists("public/style.css"));
    assert!(!site.exists("public/404.html"), "optional pages need their template");
}

#[test]
fn a_template_error_names_the_template_and_fails_the_build() {
    let site = Site::fixture("dates");
    site.write("templates/post.html", "{{ post.no_such_field }}");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("templates/post.html"), "{}", r.stderr);
    assert!(r.stderr.contains("no_such_field"), "{}", r.stderr);
    site.write("templates/post.html", "{% if %}");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("templates/post.html"), "{}", r.stderr);
}

#[test]
fn a_template_error_with_a_config_warning_is_still_exit_1() {
    let site = Site::fixture("dates");
    site.write("gen.toml", "title = \"x\"\ntitel = \"typo\"\n");
    site.write("templates/post.html", "{{ post.nope }}");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn unknown_menu_keys_warn_instead_of_failing() {
    let site = Site::fixture("dates");
    site.write("gen.toml", "title = \"x\"\n[[menu]]\nname = \"Archive\"\nurl = \"/archive/\"\nweight = 1\n");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("gen.toml:5:1: warning: unknown key `menu.weight` is ignored"), "{}", r.stderr);
}

#[test]
fn bundle_files_follow_a_post_whose_url_is_a_file() {
    let site = Site::empty();
    site.write("content/posts/2023-01-01-b/index.md", "---\ntitle: B\nslug: old.html\n---\n![c](c.png)\n");
    site.write("content/posts/2023-01-01-b/c.png", "png");
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(site.exists("public/2023/old.html") && site.exists("public/2023/c.png"));
    assert!(site.read("public/2023/old.html").contains("src=\"/2023/c.png\""));
}

#[test]
fn page_tags_link_only_to_terms_that_have_a_page() {
    let site = Site::fixture("basic");
    site.write("content/about.md", "---\ntitle: About\ntags: [rust, only-on-a-page]\n---\nAbout me.\n");
    assert_eq!(site.run(&["build"]).code, 0);
    let about = site.read("public/about/index.html");
    assert!(about.contains("href=\"/tags/rust/\""), "{about}");
    assert!(!about.contains("only-on-a-page"), "{about}");
}

#[test]
fn output_is_relative_to_the_working_directory() {
    let site = Site::fixture("dates");
    let parent = site.root().to_path_buf();
    std::fs::create_dir_all(parent.join("blog")).unwrap();
    support::copy_dir(&parent.join("content"), &parent.join("blog/content"));
    let r = site.run(&["build", "--root", "blog", "--output", "dist"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(site.exists("dist/index.html") && !site.exists("blog/dist"));
}

#[test]
fn code_is_highlighted_with_classes_and_both_stylesheets_are_written() {
    let site = Site::fixture("basic");
    site.write("content/posts/2023-02-02-code.md", "---\ntitle: Code\n---\n```rust\nfn main() {}\n```\n\n```terraform\nresource \"x\" \"y\" {}\n```\n\n```nosuchlang\n<b>\n```\n");
    assert_eq!(site.run(&["build"]).code, 0);
    let html = site.read("public/2023/code/index.html");
    assert!(
        html.contains("<pre class=\"highlight\"><code class=\"language-rust\"><span class=\"hl-source hl-rust\">"),
        "{html}"
    );
    assert!(html.contains("class=\"language-terraform\"><span class=\"hl-source hl-terraform\">"), "{html}");
    assert!(html.contains("<pre><code class=\"language-nosuchlang\">&lt;b&gt;"), "{html}");
    assert!(site.read("public/syntax-light.css").contains(".hl-comment"));
    assert!(site.read("public/syntax-dark.css").contains("prefers-color-scheme: dark"));
    site.write("gen.toml", "title = \"B\"\n[markdown]\nhighlight = false\n");
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(site.read("public/2023/code/index.html").contains("<pre><code class=\"language-rust\">fn main"));
    assert!(!site.exists("public/syntax-light.css"));
}

#[test]
fn punctuation_only_terms_stay_inside_their_folder() {
    let site = Site::fixture("dates");
    site.write("gen.toml", "title = \"Dates\"\n[links]\ninternal = \"warn\"\n");
    site.write(
        "content/posts/evil.md",
        "---\ntitle: Evil\ndate: 2020-01-01\ntags: [\"..\", \".\", \"/../../..\"]\nseries: \"..\"\n---\nx\n",
    );
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(site.read("public/index.html").contains("<html"), "the home page is the home page");
    assert!(!site.read("public/index.html").contains("series-list"), "not replaced by a series page");
    assert!(!site.root().join("index.html").exists() && !site.root().parent().unwrap().join("index.html").exists());
    let tags: Vec<String> = std::fs::read_dir(site.root().join("public/tags"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(tags.iter().filter(|t| *t != "index.html").all(|t| t.starts_with("term-")), "{tags:?}");
}

#[test]
fn tags_that_differ_only_in_case_are_one_and_cpp_is_not_c() {
    let site = Site::fixture("dates");
    site.write(
        "content/posts/langs.md",
        "---\ntitle: Langs\ndate: 2020-01-01\ntags: [Rust, rust, C++, C, \"C#\"]\n---\nx\n",
    );
    assert_eq!(site.run(&["build"]).code, 0);
    let html = site.read("public/2020/langs/index.html");
    assert_eq!(html.matches("href=\"/tags/rust/\"").count(), 1, "{html}");
    for t in ["c++", "c", "csharp"] {
        assert!(site.exists(&format!("public/tags/{t}/index.html")), "{t}");
    }
}

/// A post dated after "now" is scheduled: left out of every page and the feed, shown and
/// marked with `--drafts`. `SOURCE_DATE_EPOCH` is "now", so the result does not depend on
/// when the build runs.
#[test]
fn future_posts_wait_for_their_date_unless_drafts() {
    let site = Site::fixture("basic");
    site.write("content/posts/2030-06-01-later.md", "---\ntitle: Later\n---\nScheduled text.\n");
    let before = [("SOURCE_DATE_EPOCH", "1893456000")]; // 2030-01-01
    let after = [("SOURCE_DATE_EPOCH", "1924992000")]; // 2031-01-01
    assert_eq!(site.run_env(&["build"], &before).code, 0);
    assert!(!site.exists("public/2030/later/index.html"), "a scheduled post is not published");
    assert!(!site.read("public/index.html").contains("Later"));
    assert!(!site.read("public/atom.xml").contains("Later"));
    let r = site.run_env(&["build", "--drafts"], &before);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = site.read("public/2030/later/index.html");
    assert!(page.contains("Scheduled text.") && page.contains("class=\"draft\""), "{page}");
    assert_eq!(site.run_env(&["build"], &after).code, 0);
    let page = site.read("public/2030/later/index.html");
    assert!(page.contains("Scheduled text.") && !page.contains("class=\"draft\""), "its day came: {page}");
}

/// A site's own `static/robots.txt` (or `404.html`) replaces what the theme makes, as in Zola
/// and Hugo; two content files at one URL are still an error.
#[test]
fn a_static_file_wins_over_the_themes_file_of_the_same_name() {
    let site = Site::fixture("dates");
    site.write("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    site.write("static/favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(site.read("public/robots.txt"), "User-agent: *\nDisallow: /drafts/\n");
    assert_eq!(site.read("public/favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
}

/// `.mdx` without `import`/`export` builds as Markdown (one warning for the site); with them it
/// is skipped with a warning at that line, never copied raw with its front matter.
#[test]
fn mdx_builds_as_markdown_unless_it_imports_components() {
    let site = Site::fixture("dates");
    site.write("content/posts/2024-02-02-plain.mdx", "---\ntitle: 그냥 MDX\n---\n본문은 **Markdown**입니다.\n");
    site.write(
        "content/posts/2024-02-03-jsx.mdx",
        "---\ntitle: 컴포넌트\n---\nimport Chart from '../components/Chart'\n\n<Chart />\n",
    );
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(site.read("public/2024/plain/index.html").contains("<strong>Markdown</strong>"));
    assert!(!site.exists("public/2024/jsx/index.html"));
    assert!(!site.exists("public/posts/2024-02-02-plain.mdx") && !site.exists("public/posts/2024-02-03-jsx.mdx"));
    assert!(r.stderr.contains("2 .mdx files are read as Markdown"), "{}", r.stderr);
    assert!(
        r.stderr.contains("content/posts/2024-02-03-jsx.mdx:4:1: warning: MDX with `import`/`export` is skipped"),
        "{}",
        r.stderr
    );
}

/// Hostile text in a title cannot break the page: the JSON-LD escapes `<`, `>`, `&`, U+2028.
#[test]
fn json_ld_cannot_close_its_script_or_open_a_comment() {
    let site = Site::fixture("dates");
    site.write(
        "content/posts/2024-03-03-evil.md",
        "---\ntitle: \"<!--<script> & \u{2028}</script>\"\n---\n본문 <!--<script>\n",
    );
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = site.read("public/2024/evil/index.html");
    let start = page.find("<script type=\"application/ld+json\">").unwrap();
    let end = start + page[start..].find("</script>").unwrap();
    let json = &page[start + "<script type=\"application/ld+json\">".len()..end];
    assert!(!json.contains('<') && !json.contains('>') && !json.contains('&') && !json.contains('\u{2028}'), "{json}");
    assert!(json.contains("\\u003c!--\\u003cscript\\u003e \\u0026 \\u2028\\u003c/script\\u003e"), "{json}");
    let v: serde_json::Value = serde_json::from_str(json).expect("still JSON");
    assert_eq!(v["headline"], "<!--<script> & \u{2028}</script>");
}

/// An 85-syllable Korean title makes a slug too long for a file name: it is cut at a syllable
/// with a warning, and build, check and new post agree.
#[test]
fn a_very_long_korean_title_gets_a_slug_that_fits_a_file_name() {
    let site = Site::fixture("dates");
    let title = "아주긴제목".repeat(17);
    // A file named by its date alone takes its slug from the title.
    site.write("content/posts/2024-04-05.md", &format!("---\ntitle: {title}\n---\n본문\n"));
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("warning: the URL's last part is cut to 200 bytes"), "{}", r.stderr);
    let cut: String = title.chars().take(66).collect();
    assert!(site.exists(&format!("public/2024/{cut}/index.html")));
    assert_eq!(site.run(&["check"]).code, 0);
    let n = site.run(&["new", "post", &title]);
    assert_eq!(n.code, 0, "{}", n.stderr);
    assert!(site.exists(&format!("content/posts/{cut}.md")));
}

/// `title: [1, 2]` is one error (not text), not two (not text, and missing).
#[test]
fn a_title_that_is_not_text_is_one_error() {
    let site = Site::fixture("dates");
    site.write("content/posts/2024-05-05-list.md", "---\ntitle: [1, 2]\n---\n본문\n");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("`title` must be text"), "{}", r.stderr);
    assert!(!r.stderr.contains("missing `title`"), "{}", r.stderr);
}

/// `/?p=12` aliases make no file: they go into the home page's table, first post first; a
/// second claim and a query on another page are warnings at the `aliases` line.
#[test]
fn query_aliases_go_to_the_home_page() {
    let site = Site::empty();
    site.write("gen.toml", "title = \"T\"\nbase_url = \"https://example.com/\"\n")
        .write("content/posts/2021-01-01-a.md", "---\ntitle: A\naliases: [\"/?p=1\", \"/old/?p=9\"]\n---\nx\n")
        .write("content/posts/2021-02-01-b.md", "---\ntitle: B\naliases: [\"/?p=1\", \"/?p=2\"]\n---\nx\n");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let home = site.read("public/index.html");
    assert!(home.contains(r#"{"?p=1":"/2021/b/","?p=2":"/2021/b/"}"#), "{home}");
    assert!(r.stderr.contains("a.md:3:1: warning: alias `/?p=1` is also an alias of"), "{}", r.stderr);
    assert!(r.stderr.contains("a.md:3:1: warning: alias `/old/?p=9`: only the home page"), "{}", r.stderr);
    assert!(!site.exists("public/?p=1") && !site.exists("public/old"));
}

/// `--timings` names the stages as docs/cli.md lists them, each once, in pipeline order.
#[test]
fn timings_name_the_stages_the_guide_lists() {
    let site = Site::fixture("dates");
    let r = site.run(&["build", "--quiet", "--timings", "--no-cache"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let laps: Vec<&str> = r
        .stderr
        .lines()
        .filter_map(|l| l.trim().strip_suffix(" ms")?.rsplit_once(' '))
        .map(|(name, _)| name.trim())
        .collect();
    let guide = std::fs::read_to_string(crate::support::repo_root().join("docs/cli.md")).unwrap();
    let wanted = ["config+theme", "discover", "parse", "assemble", "markdown", "years", "render+write"];
    let order: Vec<&str> = laps.iter().copied().filter(|l| wanted.contains(l)).collect();
    assert_eq!(order, wanted, "{laps:?}");
    for lap in &laps {
        assert!(guide.contains(&format!("`{lap}`")), "docs/cli.md does not name the lap `{lap}`");
    }
}
