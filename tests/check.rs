//! `gen check`: internal links and anchors (Hangul ones too), base paths, JSON output, GitHub
//! annotations, and `--external` against a server on loopback.

mod support;

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
    assert_eq!(lines[5], "5 errors; nothing was written");
    assert!(!site.exists("public"), "check writes nothing");
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
