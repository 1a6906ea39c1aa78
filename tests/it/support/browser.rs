//! Headless Chromium for browser checks, and a static file server (tiny_http) that records
//! every request so that a test can fail on a missing asset.
//!
//! Without chromium the tests print a loud notice and pass, except under `CI=true`, where a
//! missing browser is a failure (CI installs it).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

/// The chromium binary, or `None` (after a loud notice) when it is absent outside CI.
pub fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(o) = Command::new("which").arg(name).output()
            && o.status.success()
        {
            return Some(PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
        }
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("chromium is required when CI=true (.ci/run installs it with apt-get)");
    }
    eprintln!("\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
    eprintln!("!!! chromium not found: SKIPPING the browser test.               !!!");
    eprintln!("!!! Install it (apt-get install chromium) to run it locally.     !!!");
    eprintln!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n");
    None
}

/// A request the server answered: (path, status).
pub type Log = Arc<Mutex<Vec<(String, u16)>>>;

/// Serves `dir` on an ephemeral loopback port until the process ends; returns the base URL.
pub fn serve(dir: &Path) -> (String, Log) {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind loopback");
    let port = server.server_addr().to_ip().expect("ip address").port();
    let log: Log = Arc::default();
    let (dir, log2) = (dir.to_path_buf(), log.clone());
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let path = hoego::slug::decode(req.url().split(['?', '#']).next().unwrap_or("/"));
            let (status, body, mime) = lookup(&dir, &path);
            log2.lock().unwrap().push((path, status));
            let header = tiny_http::Header::from_bytes("Content-Type", mime).expect("valid header");
            // Each answer on its own thread: a browser that navigates away can leave a large
            // answer unread, and writing it would then block every later request (seen as a
            // search page that never finished loading in full test runs).
            std::thread::spawn(move || {
                let _ = req.respond(tiny_http::Response::from_data(body).with_status_code(status).with_header(header));
            });
        }
    });
    (format!("http://127.0.0.1:{port}"), log)
}

fn lookup(dir: &Path, path: &str) -> (u16, Vec<u8>, &'static str) {
    if path.split('/').any(|s| s == "..") {
        return (400, Vec::new(), "text/plain");
    }
    let mut file = dir.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(b) => (200, b, mime(&file)),
        Err(_) => (404, std::fs::read(dir.join("404.html")).unwrap_or_default(), "text/html; charset=utf-8"),
    }
}

fn mime(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

/// The flags every headless Chromium here starts with: no sandbox (root), no GPU, and no
/// background connections (this machine's network is closed), in a fresh profile.
pub fn headless_args(profile: &Path) -> Vec<String> {
    let mut a: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    .map(String::from)
    .to_vec();
    a.push(format!("--user-data-dir={}", profile.display()));
    a
}

/// What one page load showed.
pub struct Visit {
    pub dom: String,
    /// Console messages Chromium logged (`INFO:CONSOLE` lines).
    pub console: Vec<String>,
}

/// Loads `url` at `width` in light or dark mode, saves a screenshot, and returns the console
/// output, and the DOM when `dom` is asked for (one more browser start).
pub fn visit(chrome: &Path, url: &str, width: u32, dark: bool, shot: &Path, dom: bool) -> Visit {
    let profile = tempfile::tempdir().expect("profile dir");
    let args = |extra: &[String]| {
        let mut a = headless_args(profile.path());
        a.extend(["--hide-scrollbars", "--enable-logging=stderr", "--v=0"].map(String::from));
        a.push(format!("--blink-settings=preferredColorScheme={}", if dark { 0 } else { 1 }));
        a.extend_from_slice(extra);
        a.push(url.to_owned());
        a
    };
    let shot_arg = [format!("--window-size={width},1600"), format!("--screenshot={}", shot.display())];
    let o = Command::new(chrome).args(args(&shot_arg)).output().expect("chromium runs");
    let mut console = console_lines(&String::from_utf8_lossy(&o.stderr));
    if !dom {
        return Visit { dom: String::new(), console };
    }
    let o = Command::new(chrome)
        .args(args(&[format!("--window-size={width},1600"), "--dump-dom".into()]))
        .output()
        .expect("chromium runs");
    console.extend(console_lines(&String::from_utf8_lossy(&o.stderr)));
    Visit { dom: String::from_utf8_lossy(&o.stdout).into_owned(), console }
}

fn console_lines(stderr: &str) -> Vec<String> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).map(str::to_owned).collect()
}
