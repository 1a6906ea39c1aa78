//! Headless Chromium for browser checks, and a static file server (axum) that records
//! every request so that a test can fail on a missing asset.
//!
//! Without chromium the tests print a loud notice and pass, except under `CI=true`, where a
//! missing browser is a failure (CI installs it).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use axum::response::IntoResponse;

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

/// What the server did, in order, with milliseconds since it started: each request as it
/// arrived and each answer once made. A test that waits in vain prints it, so that a stall
/// shows whether the browser's request ever reached the server.
pub type Trace = Arc<Mutex<Vec<String>>>;

/// Serves `dir` on an ephemeral loopback port until the process ends; returns the base URL.
pub fn serve(dir: &Path) -> (String, Log) {
    let (base, log, _) = serve_traced(dir);
    (base, log)
}

/// [`serve`], with the server's [`Trace`].
///
/// axum, as `gen serve` uses, on its own runtime: every connection is served at once. (The
/// tiny_http server this replaced queued a new connection's handler behind busy ones when its
/// pool's threads were slow to wake, and a browser's keep-alive connections stay busy: under
/// the full suite's load, Chromium's request for a page's script then never reached it.)
pub fn serve_traced(dir: &Path) -> (String, Log, Trace) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.set_nonblocking(true).expect("non-blocking listener");
    let port = listener.local_addr().expect("ip address").port();
    let served = Arc::new(Served {
        dir: dir.to_path_buf(),
        log: Log::default(),
        trace: Trace::default(),
        start: std::time::Instant::now(),
    });
    let (log, trace) = (served.log.clone(), served.trace.clone());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            let app = axum::Router::new().fallback(answer).with_state(served);
            axum::serve(listener, app).await.expect("the test server runs");
        });
    });
    (format!("http://127.0.0.1:{port}"), log, trace)
}

struct Served {
    dir: PathBuf,
    log: Log,
    trace: Trace,
    start: std::time::Instant,
}

impl Served {
    fn note(&self, what: String) {
        let mut t = self.trace.lock().unwrap_or_else(|p| p.into_inner());
        t.push(format!("{} {what}", self.start.elapsed().as_millis()));
    }
}

async fn answer(
    axum::extract::State(s): axum::extract::State<Arc<Served>>,
    uri: axum::http::Uri,
) -> axum::response::Response {
    let path = hoego::slug::decode(uri.path());
    s.note(format!("got {uri}"));
    let (status, body, mime) = lookup(&s.dir, &path);
    s.log.lock().unwrap_or_else(|p| p.into_inner()).push((path.clone(), status));
    s.note(format!("answered {path} {status} ({} bytes)", body.len()));
    let status = axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(axum::http::header::CONTENT_TYPE, mime)], body).into_response()
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
