//! `gen serve` end to end: after every kind of edit, what the server serves equals a fresh
//! `gen build` of the same files. Waiting is bounded polling, never a fixed sleep.

use crate::support;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use support::Site;

struct Server {
    child: Child,
    url: String,
    lines: Receiver<String>,
    /// What gen serve prints on stderr (diagnostics), line by line.
    errs: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Site, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(["serve", "--port", "0", "--debounce", "40"])
        .args(extra)
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gen serve starts");
    let lines = line_by_line(child.stdout.take().unwrap());
    let errs = line_by_line(child.stderr.take().unwrap());
    let first = lines.recv_timeout(Duration::from_secs(30)).expect("gen serve prints its URL");
    let url = first
        .split(" at ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .expect("a URL")
        .trim_end_matches('/')
        .to_owned();
    Server { child, url, lines, errs }
}

fn line_by_line(from: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (tx, lines) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    lines
}

/// Waits for a stderr line that contains `text`.
fn said(server: &Server, text: &str) -> String {
    let until = Instant::now() + Duration::from_secs(30);
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        match server.errs.recv_timeout(left) {
            Ok(line) if line.contains(text) => return line,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("gen serve never printed `{text}` on stderr")
}

fn get(url: &str) -> (u16, Vec<u8>) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
    let mut resp = agent.get(url).call().expect("the server answers");
    let status = resp.status().as_u16();
    (status, resp.body_mut().read_to_vec().unwrap_or_default())
}

/// Polls `f` every 25 ms for up to 20 s; panics with the last message if it never holds.
fn eventually(what: &str, mut f: impl FnMut() -> Result<(), String>) {
    let start = Instant::now();
    loop {
        match f() {
            Ok(()) => return,
            Err(e) if start.elapsed() > Duration::from_secs(20) => panic!("{what}: {e}"),
            Err(_) => std::thread::park_timeout(Duration::from_millis(25)),
        }
    }
}

const SCRIPT: &str = "<script src=\"/__hoego/live.js\"></script>";

/// Compares every file of a fresh `gen build` (same files, same base URL) with what is served.
fn same_as_build(site: &Site, server: &Server) -> Result<(), String> {
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(["build", "--quiet", "--base-url", &format!("{}/", server.url), "--output"])
        .arg(out.path())
        .current_dir(site.root())
        .output()
        .unwrap();
    if !o.status.success() {
        return Err(format!("gen build failed: {}", String::from_utf8_lossy(&o.stderr)));
    }
    let files = support::tree(out.path());
    for (path, bytes) in &files {
        let rel = path.to_string_lossy().replace('\\', "/");
        if rel == ".hoego-manifest" {
            continue;
        }
        let url_path = rel.strip_suffix("index.html").unwrap_or(&rel);
        let (status, served) = get(&format!("{}/{}", server.url, hoego::slug::encode_path(url_path)));
        // The live-reload script is in served pages only; other files (the search index is
        // gzip) are compared as they are.
        let served = if rel.ends_with(".html") {
            String::from_utf8_lossy(&served).replace(SCRIPT, "").into_bytes()
        } else {
            served
        };
        if status != 200 || &served != bytes {
            return Err(format!("/{rel} differs (status {status})"));
        }
    }
    Ok(())
}

fn write(site: &Site, rel: &str, text: &str) {
    site.write(rel, text);
}

/// Editors' atomic save: write a temporary file, then rename it over the original.
fn atomic_write(site: &Site, rel: &str, text: &str) {
    let path = site.root().join(rel);
    let tmp = path.with_file_name(".tmp-save.md.swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
}

fn errors_shown(server: &Server) -> Result<String, String> {
    // The event stream starts with the current errors, if any.
    let agent: ureq::Agent =
        ureq::Agent::config_builder().timeout_global(Some(Duration::from_millis(700))).build().into();
    let mut resp = agent.get(&format!("{}/__hoego/events", server.url)).call().map_err(|e| e.to_string())?;
    let mut buf = [0u8; 4096];
    let n = resp.body_mut().as_reader().read(&mut buf).unwrap_or(0);
    let text = String::from_utf8_lossy(&buf[..n]).into_owned();
    if text.contains("event: errors") { Ok(text) } else { Err(format!("no errors event: {text:?}")) }
}

#[test]
fn served_site_follows_every_edit_and_equals_a_fresh_build() {
    let site = Site::fixture("basic");
    let server = start(&site, &[]);
    assert!(server.url.starts_with("http://127.0.0.1:"), "loopback by default: {}", server.url);
    eventually("initial", || same_as_build(&site, &server));

    write(
        &site,
        "content/posts/2023-01-10-first-post.md",
        "---\ntitle: 첫 글 (수정)\ntags: [Rust]\n---\nEdited body.\n",
    );
    eventually("edit", || same_as_build(&site, &server));
    let (_, home) = get(&format!("{}/", server.url));
    assert!(String::from_utf8_lossy(&home).contains("첫 글 (수정)"));

    atomic_write(&site, "content/about.md", "---\ntitle: About\n---\nAtomically saved.\n");
    eventually("atomic save", || same_as_build(&site, &server));

    write(&site, "content/posts/2024-02-02-new.md", "---\ntitle: New in 2024\ntags: [new]\n---\nNew.\n");
    eventually("create", || same_as_build(&site, &server));
    assert_eq!(get(&format!("{}/2024/", server.url)).0, 200, "a new year page");

    std::fs::rename(
        site.root().join("content/posts/2024-02-02-new.md"),
        site.root().join("content/posts/2024-02-02-renamed.md"),
    )
    .unwrap();
    eventually("rename", || same_as_build(&site, &server));
    assert_eq!(get(&format!("{}/2024/new/", server.url)).0, 404);

    std::fs::remove_file(site.root().join("content/posts/2024-02-02-renamed.md")).unwrap();
    eventually("delete", || same_as_build(&site, &server));

    write(&site, "content/posts/2025-05-05-dir/index.md", "---\ntitle: Dir\n---\n![x](x.svg)\n");
    write(&site, "content/posts/2025-05-05-dir/x.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    eventually("new folder", || same_as_build(&site, &server));
    std::fs::rename(
        site.root().join("content/posts/2025-05-05-dir"),
        site.root().join("content/posts/2025-05-05-moved"),
    )
    .unwrap();
    eventually("renamed folder", || same_as_build(&site, &server));
    std::fs::remove_dir_all(site.root().join("content/posts/2025-05-05-moved")).unwrap();
    eventually("deleted folder", || same_as_build(&site, &server));

    write(
        &site,
        "templates/post.html",
        "{% extends \"theme/post.html\" %}{% block title %}T: {{ post.title }}{% endblock title %}",
    );
    eventually("new template", || same_as_build(&site, &server));
    write(&site, "gen.toml", "title = \"Renamed blog\"\nbase_url = \"https://example.com/\"\npaginate = 2\n");
    eventually("config", || same_as_build(&site, &server));
    assert!(String::from_utf8_lossy(&get(&format!("{}/", server.url)).1).contains("Renamed blog"));
}

#[test]
fn broken_sources_keep_the_last_good_site_and_show_errors_until_fixed() {
    let site = Site::fixture("basic");
    let server = start(&site, &[]);
    eventually("initial", || same_as_build(&site, &server));
    let good = get(&format!("{}/2023/first-post/", server.url)).1;
    write(&site, "content/posts/2023-01-10-first-post.md", "---\ntitle: [unclosed\n---\nx\n");
    eventually("errors shown", || errors_shown(&server).map(|_| ()));
    let shown = errors_shown(&server).unwrap();
    assert!(shown.contains("2023-01-10-first-post.md:2:"), "{shown}");
    // The terminal says where, as gen build does, not only the browser.
    assert!(said(&server, "2023-01-10-first-post.md:2:").contains("error"));
    assert_eq!(get(&format!("{}/2023/first-post/", server.url)).1, good, "still the last good build");
    write(&site, "content/posts/2023-01-10-first-post.md", "---\ntitle: Fixed\n---\nx\n");
    eventually("fixed", || same_as_build(&site, &server));
    assert!(errors_shown(&server).is_err(), "the overlay clears");
    write(&site, "templates/page.html", "{% if %}");
    eventually("template error", || errors_shown(&server).map(|_| ()));
    std::fs::remove_file(site.root().join("templates/page.html")).unwrap();
    eventually("template fixed", || same_as_build(&site, &server));
    let lines: Vec<String> = server.lines.try_iter().collect();
    assert!(lines.iter().any(|l| l.contains("error") && l.contains("previous build")), "{lines:?}");
}

#[test]
fn a_burst_of_files_is_not_one_rebuild_per_file() {
    let site = Site::fixture("basic");
    let server = start(&site, &[]);
    eventually("initial", || same_as_build(&site, &server));
    let before = status(&server)["rebuilds"].as_u64().expect("the status counts rebuilds");
    for i in 0..60 {
        write(
            &site,
            &format!("content/posts/2022-03-{:02}-burst-{i}.md", i % 28 + 1),
            &format!("---\ntitle: Burst {i}\n---\nx\n"),
        );
    }
    eventually("burst", || same_as_build(&site, &server));
    let rebuilds = status(&server)["rebuilds"].as_u64().unwrap_or(0) - before;
    assert!(rebuilds >= 1, "the burst was rebuilt");
    assert!(rebuilds < 20, "{rebuilds} rebuilds for 60 files");
    // Search is on: the served builds are indexed, at most one index a build.
    eventually("search indexed", || match status(&server)["search_runs"].as_u64() {
        Some(n) if n >= 1 => Ok(()),
        other => Err(format!("search_runs {other:?}")),
    });
    let runs = status(&server)["search_runs"].as_u64().unwrap_or(0);
    let builds = status(&server)["rebuilds"].as_u64().unwrap_or(0) + 1;
    assert!(runs <= builds, "{runs} search indexes for {builds} builds");
}

#[test]
fn http_details_404_traversal_mime_and_base_paths() {
    let site = Site::fixture("basic");
    site.write("gen.toml", "title = \"B\"\nbase_url = \"https://me.github.io/blog/\"\n");
    let server = start(&site, &["--poll"]);
    assert!(server.url.ends_with("/blog"), "served under the base path: {}", server.url);
    eventually("initial", || same_as_build(&site, &server));
    let origin = server.url.trim_end_matches("/blog");
    assert_eq!(get(&format!("{origin}/")).0, 302, "the bare origin points to /blog/");
    let agent: ureq::Agent = ureq::Agent::config_builder().max_redirects(0).http_status_as_error(false).build().into();
    let to = agent.get(&format!("{origin}/")).call().unwrap();
    assert_eq!(to.headers().get("location").and_then(|v| v.to_str().ok()), Some("/blog/"));
    let (status, body) = get(&format!("{origin}/blog/no/such/page/"));
    assert_eq!(status, 404);
    assert!(String::from_utf8_lossy(&body).contains("페이지를 찾을 수 없습니다"), "the site's own 404 page");
    assert_eq!(get(&format!("{origin}/blog/tags/%ED%9A%8C%EA%B3%A0/")).0, 200, "percent-encoded Hangul");
    for evil in ["/blog/../gen.toml", "/blog/%2e%2e/gen.toml", "/blog/..%2fgen.toml", "/gen.toml"] {
        let (status, body) = get(&format!("{origin}{evil}"));
        assert_eq!(status, 404, "{evil}");
        assert!(!String::from_utf8_lossy(&body).contains("base_url"), "{evil} leaked a source file");
    }
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let css = agent.get(&format!("{origin}/blog/style.css")).call().unwrap();
    assert_eq!(css.headers().get("content-type").unwrap(), "text/css; charset=utf-8");
    assert!(!Path::new(&site.root().join("public")).exists(), "serve writes nothing to disk");
}

fn status(server: &Server) -> serde_json::Value {
    serde_json::from_slice(&get(&format!("{}/__hoego/status", server.url)).1).unwrap_or_default()
}

#[test]
fn an_open_tab_reloads_keeps_its_scroll_and_shows_the_overlay() {
    let Some(chrome) = support::browser::chromium() else { return };
    let site = Site::fixture("basic");
    let long: String = (0..120).map(|i| format!("Paragraph {i}.\n\n")).collect();
    write(&site, "content/about.md", &format!("---\ntitle: About\n---\n{long}"));
    write(&site, "static/custom.css", "main { outline-color: rgb(1, 2, 3); }");
    let server = start(&site, &[]);
    eventually("initial", || same_as_build(&site, &server));
    let mut tab = support::cdp::Browser::open(&chrome, &format!("{}/about/", server.url));
    eventually("the tab listens", || {
        if status(&server)["clients"].as_u64() >= Some(1) { Ok(()) } else { Err("no client yet".into()) }
    });
    tab.eval("window.scrollTo(0, 600); document.body.dataset.before = 'yes'; window.scrollY");

    write(&site, "content/about.md", &format!("---\ntitle: About\n---\nFRESH TEXT\n\n{long}"));
    eventually("the page reloads with the new text", || {
        let text =
            tab.eval("document.body.dataset.before === undefined && document.body.innerText.includes('FRESH TEXT')");
        if text == true { Ok(()) } else { Err(format!("{text}")) }
    });
    eventually("the scroll position is kept", || {
        let y = tab.eval("window.scrollY").as_f64().unwrap_or(0.0);
        if (y - 600.0).abs() < 5.0 { Ok(()) } else { Err(format!("scrollY {y}")) }
    });

    tab.eval("document.body.dataset.marker = 'kept'");
    write(&site, "static/custom.css", "main { outline-color: rgb(4, 5, 6); }");
    eventually("a stylesheet change swaps CSS without reloading", || {
        let v = tab
            .eval("document.body.dataset.marker + ' ' + getComputedStyle(document.querySelector('main')).outlineColor");
        if v == "kept rgb(4, 5, 6)" { Ok(()) } else { Err(format!("{v}")) }
    });

    write(&site, "content/about.md", "---\ntitle: [broken\n---\n");
    eventually("the overlay appears", || {
        let t = tab.eval("(document.getElementById('hoego-errors') || {}).textContent || ''");
        if t.as_str().is_some_and(|t| t.contains("content/about.md:2:")) { Ok(()) } else { Err(format!("{t}")) }
    });
    write(&site, "content/about.md", "---\ntitle: About\n---\nFIXED\n");
    eventually("fixing the file reloads the page without the overlay", || {
        let t = tab.eval("!document.getElementById('hoego-errors') && document.body.innerText.includes('FIXED')");
        if t == true { Ok(()) } else { Err(format!("{t}")) }
    });
}

/// The status line of a raw request with the given extra header lines.
fn raw_status(server: &Server, path: &str, headers: &str) -> String {
    use std::io::{Read, Write};
    let addr = server.url.trim_start_matches("http://").split('/').next().unwrap().to_owned();
    let mut s = std::net::TcpStream::connect(&addr).expect("connects");
    write!(s, "GET {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out.lines().next().unwrap_or("").to_owned()
}

/// A DNS-rebinding page names its own domain in `Host`; a cross-site page sends its `Origin`:
/// neither is answered. Loopback names and IP addresses are.
#[test]
fn only_this_previews_host_and_origin_are_answered() {
    let site = Site::fixture("basic");
    let server = start(&site, &[]);
    let addr = server.url.trim_start_matches("http://").split('/').next().unwrap().to_owned();
    let port = addr.rsplit(':').next().unwrap().to_owned();
    assert!(raw_status(&server, "/", &format!("Host: {addr}\r\n")).contains(" 200 "));
    assert!(raw_status(&server, "/", &format!("Host: localhost:{port}\r\n")).contains(" 200 "));
    assert!(raw_status(&server, "/", &format!("Host: rebind.evil.example:{port}\r\n")).contains(" 403 "));
    let events = "/__hoego/status";
    assert!(
        raw_status(&server, events, &format!("Host: {addr}\r\nOrigin: https://evil.example\r\n")).contains(" 403 ")
    );
    assert!(raw_status(&server, events, &format!("Host: {addr}\r\nOrigin: http://{addr}\r\n")).contains(" 200 "));
}

/// Started while a post has an error, the preview answers every page with the live-reload
/// script (its overlay lists the errors), and the site once the error is fixed.
#[test]
fn a_start_with_errors_shows_them_and_recovers_by_itself() {
    let site = Site::fixture("basic");
    write(&site, "content/posts/2023-01-10-first-post.md", "---\ntitle: [unclosed\n---\nx\n");
    let server = start(&site, &[]);
    let (code, body) = get(&format!("{}/2023/first-post/", server.url));
    assert_eq!(code, 503);
    assert!(String::from_utf8_lossy(&body).contains("/__hoego/live.js"), "the tab can show errors and reload");
    assert_eq!(status(&server)["errors"], 1);
    write(&site, "content/posts/2023-01-10-first-post.md", "---\ntitle: Fixed\n---\nx\n");
    eventually("fixed", || same_as_build(&site, &server));
}
