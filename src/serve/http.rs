//! SERVE: the HTTP side (axum): files from the in-memory snapshot under the site's base path,
//! the site's 404 page with status 404, and live reload — a script injected into HTML
//! responses (never into build output) listening to server-sent events on the same port.
//!
//! Paths only ever index the in-memory map, so no request can reach the file system.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::state::{Notice, Shared, Snapshot};

pub const EVENTS: &str = "/__hoego/events";
pub const SCRIPT: &str = "/__hoego/live.js";
/// `{"clients": N, "errors": N, "rebuilds": N}`: how many tabs listen, whether the last rebuild
/// failed, and how many rebuilds have finished since the server started.
pub const STATUS: &str = "/__hoego/status";

/// The preview's routes; `bind` is the `--bind` host, which requests may name (see `guard`).
pub fn router(shared: Arc<Shared>, bind: &str) -> Router {
    let bind: Arc<str> = Arc::from(bind);
    Router::new()
        .route(EVENTS, get(events))
        .route(SCRIPT, get(script))
        .route(STATUS, get(status))
        .fallback(get(file))
        .with_state(shared)
        .layer(axum::middleware::from_fn_with_state(bind, super::guard::check))
}

async fn script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], LIVE_JS)
        .into_response()
}

async fn status(State(shared): State<Arc<Shared>>) -> Response {
    let rebuilds = shared.rebuilds.load(std::sync::atomic::Ordering::Relaxed);
    let body = serde_json::json!({
        "clients": shared.notices.receiver_count(),
        "errors": shared.errors().len(),
        "rebuilds": rebuilds,
        "search_runs": shared.index_runs.load(std::sync::atomic::Ordering::Relaxed),
    });
    ([(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

async fn events(State(shared): State<Arc<Shared>>) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    // A tab that opens while the site is broken sees the errors at once.
    let now = shared.errors();
    let first = (!now.is_empty()).then_some(Notice::Errors(now));
    let live = BroadcastStream::new(shared.notices.subscribe()).filter_map(|n| n.ok());
    let stream = tokio_stream::iter(first).chain(live).map(|n| Ok(to_event(&n)));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn to_event(n: &Notice) -> Event {
    match n {
        Notice::Reload => Event::default().event("reload").data("reload"),
        Notice::Css => Event::default().event("css").data("css"),
        Notice::Errors(list) => Event::default().event("errors").data(serde_json::to_string(list).unwrap_or_default()),
    }
}

async fn file(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let site = shared.current();
    let path = crate::slug::decode(req.uri().path());
    match lookup(&site, &path) {
        Lookup::Found(name) => respond(&site, &name, StatusCode::OK),
        Lookup::Redirect(to) => {
            (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, crate::slug::encode_path(&to))]).into_response()
        }
        // Temporary: the base path is gen.toml's and may change while the browser remembers.
        Lookup::ToBase(to) => (StatusCode::FOUND, [(header::LOCATION, crate::slug::encode_path(&to))]).into_response(),
        // Started while the site had errors: nothing is built yet, but the tab must show them
        // and reload by itself once they are fixed.
        Lookup::Missing if site.files.is_empty() && !shared.errors().is_empty() => waiting(),
        Lookup::Missing => match site.files.contains_key("404.html") {
            true => respond(&site, "404.html", StatusCode::NOT_FOUND),
            false => (StatusCode::NOT_FOUND, "404 Not Found").into_response(),
        },
    }
}

/// A page that only carries the live-reload script: its overlay lists the errors, and the
/// next good build reloads it into the site.
fn waiting() -> Response {
    let page = b"<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"utf-8\"><title>gen serve</title></head>\
<body><p>gen serve: the site has errors and is not built yet; fix them and this page reloads.</p></body></html>";
    let mut resp = (StatusCode::SERVICE_UNAVAILABLE, inject(page)).into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    Found(String),
    /// A folder asked for without its final slash.
    Redirect(String),
    /// `/` of a site served under a base path (`/blog/`): the site is there.
    ToBase(String),
    Missing,
}

/// Maps a decoded request path to an output file. `..` and anything outside the base path
/// simply match nothing.
pub fn lookup(site: &Snapshot, path: &str) -> Lookup {
    let Some(rel) =
        path.strip_prefix(site.base_path.as_str()).or_else(|| (path.to_owned() + "/" == site.base_path).then_some(""))
    else {
        return if path == "/" { Lookup::ToBase(site.base_path.clone()) } else { Lookup::Missing };
    };
    if rel.split('/').any(|s| s == ".." || s == ".") || rel.contains('\\') {
        return Lookup::Missing;
    }
    let name = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_owned() };
    if site.files.contains_key(&name) {
        return Lookup::Found(name);
    }
    if site.files.contains_key(&format!("{rel}/index.html")) {
        return Lookup::Redirect(format!("{path}/"));
    }
    Lookup::Missing
}

fn respond(site: &Snapshot, name: &str, status: StatusCode) -> Response {
    let Some(bytes) = site.files.get(name) else { return StatusCode::NOT_FOUND.into_response() };
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let body = if mime.type_() == "text" && mime.subtype() == "html" { inject(bytes) } else { bytes.as_ref().clone() };
    let content_type = match mime.type_().as_str() {
        "text" => format!("{mime}; charset=utf-8"),
        _ if mime.subtype() == "javascript" || mime.subtype() == "json" || mime.subtype() == "xml" => {
            format!("{mime}; charset=utf-8")
        }
        _ => mime.to_string(),
    };
    let mut resp = (status, body).into_response();
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        resp.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// The live-reload script before the last `</body>` (or at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// Reloads on change (keeping the scroll position), swaps stylesheets when only CSS changed,
/// and shows build errors over the page until they are fixed.
const LIVE_JS: &str = r#"(function () {
  var key = "hoego-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, +saved); });
  }
  var es = new EventSource("/__hoego/events");
  es.addEventListener("reload", function () {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
  es.addEventListener("css", function () {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (l) {
      var u = new URL(l.href); u.searchParams.set("v", Date.now()); l.href = u.toString();
    });
  });
  es.addEventListener("errors", function (e) { show(JSON.parse(e.data)); });
  function show(list) {
    var box = document.getElementById("hoego-errors");
    if (!box) {
      box = document.createElement("div");
      box.id = "hoego-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#ffd6d6;font:14px/1.6 ui-monospace,monospace;padding:2rem;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "gen serve: the last rebuild failed; still showing the previous site.\n\n" + list.join("\n");
  }
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn site(base: &str) -> Snapshot {
        let mut s = Snapshot { base_path: base.into(), ..Snapshot::default() };
        for f in ["index.html", "2023/회고/index.html", "style.css"] {
            s.files.insert(f.into(), Arc::new(b"x".to_vec()));
        }
        s
    }

    #[test]
    fn paths_map_to_files_under_the_base_path() {
        let s = site("/");
        assert_eq!(lookup(&s, "/"), Lookup::Found("index.html".into()));
        assert_eq!(lookup(&s, "/2023/회고/"), Lookup::Found("2023/회고/index.html".into()));
        assert_eq!(lookup(&s, "/2023/회고"), Lookup::Redirect("/2023/회고/".into()));
        assert_eq!(lookup(&s, "/style.css"), Lookup::Found("style.css".into()));
        assert_eq!(lookup(&s, "/nope"), Lookup::Missing);
        let b = site("/blog/");
        assert_eq!(lookup(&b, "/blog/"), Lookup::Found("index.html".into()));
        assert_eq!(lookup(&b, "/blog"), Lookup::Found("index.html".into()));
        assert_eq!(lookup(&b, "/style.css"), Lookup::Missing, "outside the base path");
        assert_eq!(lookup(&b, "/"), Lookup::ToBase("/blog/".into()), "the site is under /blog/");
    }

    #[test]
    fn traversal_reaches_nothing() {
        let s = site("/");
        for p in ["/../etc/passwd", "/2023/../../etc/passwd", "/./index.html", "/..\\x"] {
            assert_eq!(lookup(&s, p), Lookup::Missing, "{p}");
        }
    }

    #[test]
    fn the_script_goes_before_the_body_end() {
        assert_eq!(
            inject(b"<html><body>x</body></html>"),
            b"<html><body>x<script src=\"/__hoego/live.js\"></script></body></html>"
        );
    }
}
