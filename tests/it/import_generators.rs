//! `gen import jekyll|hugo|gatsby|obsidian`: the sites in tests/fixtures/import/{jekyll,hugo,
//! gatsby,obsidian}/ (written for these tests, in the shapes those generators lay out) imported
//! into new sites with the real binary. Tables pin each post's date, file, URL, tags, old
//! addresses and files; snapshots pin the Markdown written; the imported sites build and check
//! with no error and `gen check --migrate` finds nothing of the old generator left; what the
//! dialect stage could not convert is listed with file:line; malformed inputs fail naming the
//! file and write nothing.

use crate::support;

use std::path::Path;

use support::imported::{builds_clean, json, rows, site_with_input};
use support::{Run, Site, tree};

fn fixture(rel: &str) -> String {
    support::repo_root().join("tests/fixtures/import").join(rel).display().to_string()
}

fn import(site: &Site, source: &str, extra: &[&str]) -> Run {
    let input = fixture(source);
    let mut args = vec!["import", source, &input, "--into", "blog"];
    args.extend_from_slice(extra);
    site.run(&args)
}

fn imported(source: &str) -> (Site, serde_json::Value) {
    let site = Site::empty();
    let report = json(&import(&site, source, &["--format", "json"]));
    (site, report)
}

/// Everything the report says was not carried over, one line each.
fn lost(report: &serde_json::Value) -> String {
    let mut out: Vec<String> = report["notes"].as_array().unwrap().iter().map(|n| n.to_string()).collect();
    for item in report["items"].as_array().unwrap() {
        out.extend(item["not_carried"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_owned()));
    }
    out.join("\n")
}

#[test]
fn jekyll_round_trip_table() {
    let (site, report) = imported("jekyll");
    assert_eq!(
        rows(&report),
        [
            // Drafts come from _drafts/, never had an address, and stay drafts.
            "2025-11-01T00:00:00+09:00 | content/posts/2025-11-01-kafka-notes.md | /2025/kafka-notes/ | kafka | - | - | draft",
            // The config's pattern with the post's date, categories (lower-cased) and name.
            "2024-12-31T23:00:00+09:00 | content/posts/retrospective-2024/index.md | /2024/retrospective-2024/ | 회고 | \
             /2024/12/31/retrospective-2024.html | 2024.png",
            "2025-08-03T21:10:00+09:00 | content/posts/mailing-system/index.md | /2025/mailing-system/ | \
             angularjs,javascript | /개발/2025/08/03/mailing-system.html | mail.png",
            "2025-09-10T00:00:00+09:00 | content/posts/2025-09-10-queue-retry.md | /2025/queue-retry/ | java,spring | \
             /2025/09/10/retry/,/dev/백엔드/2025/09/10/queue-retry.html | -",
            // The post's own permalink wins; a file name with a space.
            "2025-10-20T09:30:00+09:00 | content/posts/2025-10-20-큐-모니터링.md | /2025/큐-모니터링/ | 모니터링,grafana | \
             /notes/queue-monitoring/ | -",
            // A page keeps its permalink, here the new URL itself (no alias needed).
            "- | content/about/index.md | /about/ | - | - | 2024.png",
        ]
    );
    let lost = lost(&report);
    assert!(lost.contains("index.md: the home or 404 page: not imported"), "{lost}");
    // What the dialect stage keeps visible is listed at the file's line and column.
    assert!(
        lost.contains("posts/2025-09-10-queue-retry.md:19:1: warning: Liquid `{% include %}` is not run"),
        "{lost}"
    );
    assert!(
        lost.contains("posts/2024-12-31-retrospective-2024.md:8: kramdown attributes `{: .lead }` dropped"),
        "{lost}"
    );
    builds_clean(&site);
    assert!(site.read("blog/gen.toml").contains("base_url = \"https://bear.example.kr/\""));
    assert!(site.read("blog/gen.toml").contains("title = \"개발하는 곰의 블로그\""));
}

#[test]
fn jekyll_markdown_snapshots() {
    let (site, _) = imported("jekyll");
    insta::assert_snapshot!("jekyll_highlight_raw_image", site.read("blog/content/posts/mailing-system/index.md"));
    insta::assert_snapshot!(
        "jekyll_post_url_and_unknown_tag",
        site.read("blog/content/posts/2025-09-10-queue-retry.md")
    );
    insta::assert_snapshot!("jekyll_link_tag", site.read("blog/content/posts/2025-10-20-큐-모니터링.md"));
}

#[test]
fn hugo_round_trip_table_and_snapshots() {
    let (site, report) = imported("hugo");
    assert_eq!(
        rows(&report),
        [
            "- | content/about.md | /about/ | - | - | -",
            "2024-01-02T20:00:00+09:00 | content/posts/2024-01-02-2023-retro.md | /2024/2023-retro/ | 회고 | /retro/2023/ | -",
            // A bundle keeps its files; the section's permalink pattern is the old address.
            "2024-03-02T10:00:00+09:00 | content/posts/k8s-guide-1/index.md | /2024/k8s-guide-1/ | kubernetes,가이드 | \
             /2024/03/k8s-guide-1/ | cover.png,pod.png",
            // `slug` names it; its own aliases stay; a static/ image moves into its bundle.
            "2024-03-09T00:00:00+09:00 | content/posts/k8s-service/index.md | /2024/k8s-service/ | kubernetes | \
             /old/k8s-2/,/2024/03/k8s-service/ | service.png",
        ]
    );
    let lost = lost(&report);
    assert!(lost.contains("_index.md: a list page: not imported"), "{lost}");
    assert!(lost.contains("posts/k8s-guide-2.md:14:1: warning: Hugo shortcode `notice` is not known"), "{lost}");
    builds_clean(&site);
    insta::assert_snapshot!("hugo_bundle_shortcodes", site.read("blog/content/posts/k8s-guide-1/index.md"));
    insta::assert_snapshot!("hugo_yaml_unknown_shortcode", site.read("blog/content/posts/k8s-service/index.md"));
    insta::assert_snapshot!("hugo_page_ref", site.read("blog/content/about.md"));
    assert!(site.read("blog/gen.toml").contains("base_url = \"https://hugo.example.kr/blog/\""));
}

#[test]
fn gatsby_round_trip_table_and_snapshots() {
    let (site, report) = imported("gatsby");
    assert_eq!(
        rows(&report),
        [
            // A slug that starts with `/` was the whole address.
            "2022-12-30T19:00:00+09:00 | content/posts/2022-retrospective/index.md | /2022/2022-retrospective/ | 회고 | \
             /retrospective/2022/ | graph.png",
            // Its old address is its new one: no alias.
            "2023-05-01T21:00:00+09:00 | content/posts/hello-gatsby/index.md | /2023/hello-gatsby/ | gatsby,react | - | \
             cover.png",
            // 15:30Z on New Year's Eve is New Year's Day in Seoul.
            "2024-01-01T00:30:00+09:00 | content/posts/2024-01-01-second.md | /2024/second/ | - | /2023/second/ | -",
            "2023-08-15T00:00:00+09:00 | content/posts/2023-08-15-til-rust.md | /2023/til-rust/ | rust,TIL | /til-rust/ | -",
        ]
    );
    builds_clean(&site);
    insta::assert_snapshot!("gatsby_bundle_cover", site.read("blog/content/posts/hello-gatsby/index.md"));
    insta::assert_snapshot!("gatsby_relative_link", site.read("blog/content/posts/2024-01-01-second.md"));
    assert!(site.read("blog/gen.toml").contains("title = \"개츠비 개발 일지\""));
}

#[test]
fn obsidian_round_trip_table_and_snapshots() {
    let (site, report) = imported("obsidian");
    assert_eq!(
        rows(&report),
        [
            // `created` dates a note; inline #tags join its tags.
            "2023-12-30T22:10:00+09:00 | content/posts/2023-12-30-2023년-회고.md | /2023/2023년-회고/ | 회고 | - | -",
            // A daily-note name dates it; embeds bring the file into its bundle.
            "2024-01-05T00:00:00+09:00 | content/posts/옵시디언-정리법/index.md | /2024/옵시디언-정리법/ | obsidian,pkm/정리 | - | \
             diagram.png",
            "2023-11-02T00:00:00+09:00 | content/posts/2023-11-02-rust-소유권.md | /2023/rust-소유권/ | rust | - | -",
            // No date: a page under notes/.
            "- | content/notes/아이디어/블로그-이전-계획.md | /notes/아이디어/블로그-이전-계획/ | blog | - | -",
        ]
    );
    let lost = lost(&report);
    assert!(lost.contains("아이디어/블로그 이전 계획.md:4:"), "{lost}");
    assert!(lost.contains("no file named `없는 노트`"), "{lost}");
    assert!(lost.contains("Templates/: the templates folder: not imported"), "{lost}");
    builds_clean(&site);
    insta::assert_snapshot!("obsidian_embeds_wikilinks_tags", site.read("blog/content/posts/옵시디언-정리법/index.md"));
    insta::assert_snapshot!("obsidian_aliases_to_extra", site.read("blog/content/posts/2023-11-02-rust-소유권.md"));
}

/// The point of importing: nothing of the old generator is left for `gen build` to read.
#[test]
fn imported_sites_need_no_compatibility() {
    for source in ["jekyll", "hugo", "gatsby", "obsidian"] {
        let site = Site::empty();
        let r = import(&site, source, &[]);
        assert_eq!(r.code, 0, "{source}: {}", r.stderr);
        let m = site.run(&["check", "--migrate", "--root", "blog"]);
        assert!(m.stdout.contains("No syntax or keys from other generators found."), "{source}:\n{}", m.stdout);
        assert!(m.stdout.contains("Nothing needs attention."), "{source}:\n{}", m.stdout);
    }
}

/// Retrospectives land on the year they cover.
#[test]
fn retrospectives_land_on_their_years() {
    for (source, year, title) in
        [("jekyll", "2024", "2024년 회고"), ("hugo", "2023", "2023년 회고"), ("gatsby", "2022", "2022년 회고")]
    {
        let (site, _) = imported(source);
        let r = site.run(&["years", "--root", "blog", "--format", "json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let years: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let on = years["years"]
            .as_array()
            .unwrap()
            .iter()
            .find(|y| y["year"].as_i64().map(|n| n.to_string()).as_deref() == Some(year));
        let annual = on.map(|y| y["annual"].to_string()).unwrap_or_default();
        assert!(annual.contains(title), "{source}: {title} not on {year}: {years}");
    }
}

#[test]
fn generator_imports_are_deterministic_nfc_and_replace_nothing() {
    for source in ["jekyll", "obsidian"] {
        let (a, b) = (Site::empty(), Site::empty());
        assert_eq!(import(&a, source, &[]).code, 0);
        assert_eq!(import(&b, source, &[]).code, 0);
        let (ta, tb) = (tree(&a.root().join("blog")), tree(&b.root().join("blog")));
        assert_eq!(ta, tb, "{source}: two imports differ");
        for (p, bytes) in &ta {
            let name = p.display().to_string();
            assert!(unicode_normalization::is_nfc(&name), "{name} is not NFC");
            if name.ends_with(".md") {
                assert!(unicode_normalization::is_nfc(std::str::from_utf8(bytes).unwrap()), "{name}");
            }
        }
        let again = import(&a, source, &[]);
        assert_eq!(again.code, 1);
        assert!(again.stderr.contains("exists already"), "{}", again.stderr);
        assert_eq!(tree(&a.root().join("blog")), ta);
    }
}

/// A vault written on macOS: decomposed Hangul in file names and text.
#[test]
fn decomposed_names_become_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let site = Site::empty();
    let nfd = |s: &str| s.nfd().collect::<String>();
    let vault = site.root().join("vault");
    std::fs::create_dir_all(vault.join(nfd("첨부"))).unwrap();
    std::fs::write(vault.join(nfd("첨부")).join(nfd("그림.png")), b"png").unwrap();
    std::fs::write(vault.join(format!("{}.md", nfd("2024-02-01 맥에서 쓴 글"))), nfd("![[그림.png]] #태그\n")).unwrap();
    let r = site.run(&["import", "obsidian", "vault", "--into", "blog"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = site.read("blog/content/posts/맥에서-쓴-글/index.md");
    assert!(text.contains("title: \"맥에서 쓴 글\"") && text.contains("tags: [\"태그\"]"), "{text}");
    assert!(text.contains("![](<그림.png>)"), "{text}");
    assert!(site.exists("blog/content/posts/맥에서-쓴-글/그림.png"));
}

/// Writes `files` into `in/`, runs the import and expects exit 1 or 2, an error naming
/// `needle`, and no site folder.
fn fails(source: &str, files: &[(&str, &[u8])], needle: &str) {
    let site = site_with_input(files);
    let r = site.run(&["import", source, "in", "--into", "blog"]);
    assert!(r.code == 1 || r.code == 2, "{needle}: exit {}: {}", r.code, r.stderr);
    assert!(r.stderr.contains(needle), "expected `{needle}` in:\n{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(!site.exists("blog"), "{needle}: something was written");
}

#[test]
fn malformed_generator_inputs() {
    let post = b"---\ntitle: ok\ndate: 2024-01-01\n---\nbody\n" as &[u8];
    fails("jekyll", &[("README.md", b"# hi")], "not a Jekyll site: no _config.yml and no _posts/");
    fails("jekyll", &[("_config.yml", b"title: [oops\n"), ("_posts/2024-01-01-a.md", post)], "in/_config.yml:");
    fails(
        "jekyll",
        &[("_posts/2024-01-01-a.md", post), ("_posts/2024-01-02-b.md", b"---\ntitle: \"unclosed\n---\nx\n")],
        "in/_posts/2024-01-02-b.md:",
    );
    fails("jekyll", &[("_posts/2024-01-01-a.md", b"---\ntitle: a\n\nno closing fence\n")], "is never closed");
    fails("jekyll", &[("_posts/2024-01-01-a.md", b"---\ntitle: \xff\xfe\n---\n")], "not UTF-8");
    fails("jekyll", &[("_posts/2024-01-01-a.md", b"---\ntitle: a\ndate: 2024-13-45\n---\n")], "invalid date");
    fails("jekyll", &[("_posts/notes.txt", b"x")], "no posts or pages found here");
    fails("hugo", &[("hugo.toml", b"title = \"x\"\n")], "not a Hugo site: no content/ folder");
    fails("hugo", &[("hugo.toml", b"title = \n"), ("content/posts/a.md", post)], "in/hugo.toml:");
    fails("hugo", &[("content/posts/a.md", b"+++\ntitle = \"a\"\ndate = \n+++\n")], "in/content/posts/a.md:");
    fails("gatsby", &[("content/pages/a.md", post)], "not a Gatsby blog");
    fails("gatsby", &[("content/blog/a/index.md", b"---\ntags: [a\n---\n")], "in/content/blog/a/index.md:");
    fails("obsidian", &[("note.txt", b"x")], "not an Obsidian vault: no .md notes here");
    fails("obsidian", &[("a.md", b"---\ndate: soon\n---\n")], "invalid date");
}

#[test]
fn a_file_instead_of_a_folder_is_a_usage_error() {
    let site = Site::empty();
    site.write("post.md", "---\ntitle: a\n---\n");
    let r = site.run(&["import", "hugo", "post.md", "--into", "blog"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not a folder: give the hugo site's folder"), "{}", r.stderr);
    assert!(!Path::new(&site.root().join("blog")).exists());
}

#[test]
fn help_shows_each_generator() {
    let r = Site::empty().run(&["import", "--help"]);
    assert_eq!(r.code, 0);
    for source in ["jekyll", "hugo", "gatsby", "obsidian"] {
        assert!(r.stdout.contains(&format!("gen import {source} ./")), "{source}: {}", r.stdout);
    }
}
