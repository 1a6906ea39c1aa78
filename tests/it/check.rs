//! `gen check`: internal links and anchors (Hangul ones too), base paths, JSON output, GitHub
//! annotations, and `--external` against a server on loopback.

use crate::support;

use std::sync::{Arc, Mutex};

use support::{Site, repo_root};

const SOURCE: &str = "content/posts/2023-03-03-source.md";

#[test]
fn broken_links_are_reported_at_their_markdown_line() {
    let site = Site::fixture("links");
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 6, "{}", r.stderr);
    assert!(lines[0].starts_with(&format!("{SOURCE}:11:1: error: broken link to `/blog/2023/target/#없는-제목`: `/2023/target/index.html` has no element with id `없는-제목`")), "{}", r.stderr);
    assert!(
        lines[1]
            .starts_with(&format!("{SOURCE}:12:1: error: broken link to `2023-09-09-nope.md`: no such Markdown file"))
    );
    assert!(lines[2].starts_with(&format!("{SOURCE}:13:1: error: broken link to `2023-02-02-bundle/nope.png`")));
    assert!(
        lines[3].starts_with(&format!("{SOURCE}:14:1: error: broken link to `/blog/../etc/passwd`: it is outside"))
    );
    assert!(lines[4].starts_with(&format!("{SOURCE}:15:1: error: broken link to `/blog/2023/nowhere/`")));
    assert_eq!(lines[5], "5 errors", "check writes nothing, so it never says it wrote nothing");
    assert!(!site.exists("public"), "check writes nothing");
    assert!(r.stdout.starts_with("Checked 8 pages, "), "{}", r.stdout);
    assert!(r.stdout.contains(" links: 5 broken links"), "{}", r.stdout);
}

#[test]
fn fixed_links_pass_and_build_fails_like_check() {
    let site = Site::fixture("links");
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1, "build runs the same check");
    let text = site.read(SOURCE);
    let good = &text[..text.find("## Broken links").unwrap() + "## Broken links\n".len()];
    site.write(SOURCE, good);
    let r = site.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("Checked "), "{}", r.stdout);
    assert!(r.stdout.contains(": 0 broken links"));
}

#[test]
fn json_summary_and_github_annotations() {
    let site = Site::fixture("links");
    let r = site.run_env(&["check"], &[("GITHUB_ACTIONS", "true")]);
    assert_eq!(r.code, 1);
    let first = format!("::error file={SOURCE},line=11,col=1::broken link to `/blog/2023/target/#없는-제목`");
    assert!(r.stdout.starts_with(&first), "{}", r.stdout);
    let r = site.run_env(&["check", "--format", "json"], &[("GITHUB_ACTIONS", "true")]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("stdout is only JSON, even under GitHub Actions");
    assert_eq!(v["command"], "check");
    assert_eq!(v["ok"], false);
    assert_eq!(v["broken_links"], 5);
    assert_eq!(v["errors"][0]["path"], SOURCE);
    assert_eq!(v["errors"][0]["line"], 11);
    let b = Site::fixture("basic").run(&["build", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&b.stdout).expect("build --format json");
    assert_eq!((v["ok"].as_bool(), v["posts"].as_u64()), (Some(true), Some(3)));
}

#[test]
fn the_example_blog_has_no_broken_links_under_a_base_path() {
    let site = Site::empty();
    for dir in ["content", "themes"] {
        support::copy_dir(&repo_root().join(dir), &site.root().join(dir));
    }
    std::fs::copy(repo_root().join("gen.toml"), site.root().join("gen.toml")).unwrap();
    let r = site.run(&["build", "--base-url", "https://me.github.io/blog/"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut checked = 0;
    for (path, bytes) in support::tree(&site.root().join("public")) {
        let Some(ext) = path.extension() else { continue };
        if ext != "html" && ext != "xml" {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"/", "src=\"/", "<loc>https://me.github.io/", "<id>https://me.github.io/"] {
            for (i, _) in text.match_indices(attr) {
                let rest = &text[i + attr.len()..];
                assert!(rest.starts_with("blog/"), "{}: {attr}{}", path.display(), &rest[..30.min(rest.len())]);
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}

/// A loopback server: /ok answers 200, /gone 404, /flaky 503 once then 200, /down always 500.
fn server() -> (String, Arc<Mutex<Vec<String>>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let hits: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = hits.clone();
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let url = req.url().to_owned();
            let flaky_before = log.lock().unwrap().iter().filter(|u| *u == "/flaky").count();
            log.lock().unwrap().push(url.clone());
            let code = match url.as_str() {
                "/ok" => 200,
                "/gone" => 404,
                "/flaky" if flaky_before == 0 => 503,
                "/flaky" => 200,
                _ => 500,
            };
            let _ = req.respond(tiny_http::Response::empty(code));
        }
    });
    (format!("http://127.0.0.1:{port}"), hits)
}

#[test]
fn external_links_are_checked_with_retries() {
    let (base, hits) = server();
    let site = Site::fixture("dates");
    let body = format!("[a]({base}/ok) [b]({base}/gone)\n[c]({base}/flaky)\n[d]({base}/down)\n");
    site.write("content/posts/ext.md", &format!("---\ntitle: Ext\ndate: 2020-01-01\n---\n{body}"));
    let r = site.run(&["check", "--external", "--retries", "1", "--host-delay", "0", "--timeout", "5"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(&format!("content/posts/ext.md:5:1: error: broken external link to `{base}/gone`: HTTP 404")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("content/posts/ext.md:7:1: error: broken external link to `{base}/down`: HTTP 500")),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("/flaky"), "a retry fixed it: {}", r.stderr);
    assert!(!r.stderr.contains(&format!("{base}/ok")));
    assert!(r.stdout.contains("4 external links (2 broken)"), "{}", r.stdout);
    let hits = hits.lock().unwrap();
    assert_eq!(hits.iter().filter(|u| *u == "/down").count(), 2, "one retry for a 5xx");
    assert_eq!(hits.iter().filter(|u| *u == "/gone").count(), 1, "no retry for a 404");
}

/// A post about HTML shows tags in inline code, a fence, an escape, a comment and a script; its
/// description carries one into `<meta>` and the JSON-LD. None of them is a link.
#[test]
fn html_shown_as_text_code_comment_or_script_is_not_a_link() {
    let site = Site::fixture("html-talk");
    let r = site.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "", "no false alarm");
    let b = site.run(&["build"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let page = site.read("public/2024/html-links/index.html");
    assert!(page.contains("&lt;a href=&quot;/about-me/&quot;&gt;") || page.contains("&lt;a href=\"/about-me/\"&gt;"));
    assert!(page.contains("application/ld+json") && page.contains("about-me"), "the JSON-LD holds the text too");
}

/// `<p id="intro">` in inline code is no element: a link to `#intro` is broken, reported once at
/// its line and column although the post and the home page's summary both show it.
#[test]
fn an_id_in_code_is_no_anchor_and_a_broken_anchor_is_reported_once_at_its_column() {
    let site = Site::fixture("html-talk");
    let post = "content/posts/2024-04-01-anchors.md";
    site.write(
        post,
        "---\ntitle: 앵커\ndate: 2024-04-01\n---\n문단은 `<p id=\"intro\">` 로 시작하고 [처음으로](#intro) 갑니다.\n",
    );
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let col = "문단은 `<p id=\"intro\">` 로 시작하고 ".chars().count() + 1;
    let expected = format!(
        "{post}:5:{col}: error: broken link to `#intro`: `/2024/anchors/index.html` has no element with id `intro` (on 2 pages)\n1 error\n"
    );
    assert_eq!(r.stderr, expected);
}

/// A link in raw HTML of a post is placed at its attribute; a broken menu entry at gen.toml; a
/// broken template link at the template's line.
#[test]
fn raw_html_menu_and_template_links_are_reported_where_they_are_written() {
    let site = Site::fixture("html-talk");
    site.write("content/posts/2024-05-05-raw.md", "---\ntitle: 원시 HTML\ndate: 2024-05-05\n---\n<div class=\"box\">\n  <a\n    href=\"/gone/\">사라진 글</a>\n</div>\n");
    let toml = site
        .read("gen.toml")
        .replace("url = \"/about/\"", "url = \"/about/\"\n\n[[menu]]\nname = \"방명록\"\nurl = \"/방명록/\"");
    site.write("gen.toml", &toml);
    site.write(
        "templates/page.html",
        "{% extends \"theme/page.html\" %}\n{% block head %}\n<link rel=\"stylesheet\" href=\"{{ site.base_path }}css/extra.css\">\n{% endblock head %}\n",
    );
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    let menu_line = toml.lines().position(|l| l == "url = \"/방명록/\"").unwrap() + 1;
    assert_eq!(
        lines[0],
        "content/posts/2024-05-05-raw.md:7:11: error: broken link to `/gone/`: no such page or file in the site"
    );
    assert_eq!(
        lines[1],
        format!(
            "gen.toml:{menu_line}:8: error: broken link to `/방명록/`: no such page or file in the site (on 10 pages)"
        )
    );
    assert_eq!(
        lines[2],
        "templates/page.html:3:50: error: broken link to `/css/extra.css`: no such page or file in the site"
    );
    assert_eq!(lines.len(), 4, "{}", r.stderr);
}

/// With `--root`, a link that no source writes is named under the root, as every other file is.
#[test]
fn pages_are_named_from_where_gen_runs() {
    let site = Site::fixture("html-talk");
    site.write("templates/page.html", "{% extends \"theme/page.html\" %}\n{% block head %}{% set g = page.url ~ \"gone/\" %}<a href=\"{{ g }}\">x</a>{% endblock head %}\n");
    let parent = site.root().parent().unwrap();
    let name = site.root().file_name().unwrap().to_string_lossy().into_owned();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(["check", "--root", &name])
        .current_dir(parent)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(&format!("{name}/public/about/index.html: error: broken link to `/about/gone/`")),
        "{stderr}"
    );
}
