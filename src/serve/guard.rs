//! SERVE: who may talk to the preview. A page on another site can make the browser send
//! requests to `127.0.0.1` under its own domain name (DNS rebinding) and read drafts and local
//! paths: so the `Host` must be a loopback name, an IP address, or the `--bind` host; and the
//! live-reload stream answers only pages whose `Origin` passes the same rule. Pure checks and
//! one middleware; nothing here reads the site.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Whether a request's `Host` (with or without port) names this preview: `localhost` or a
/// `*.localhost` name, an IP address (a rebinding page can only use a domain name), or the
/// host given to `--bind`.
pub fn host_allowed(host: &str, bind: &str) -> bool {
    let name = strip_port(host.trim()).to_ascii_lowercase();
    let name = name.trim_end_matches('.');
    name == "localhost"
        || name.ends_with(".localhost")
        || name.trim_start_matches('[').trim_end_matches(']').parse::<std::net::IpAddr>().is_ok()
        || (!bind.is_empty() && name.eq_ignore_ascii_case(strip_port(bind)))
}

/// Whether an `Origin` (`http://host:port`) is this preview's; `null` (a file or sandbox) is not.
pub fn origin_allowed(origin: &str, bind: &str) -> bool {
    let Some(rest) = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) else {
        return false;
    };
    host_allowed(rest.split('/').next().unwrap_or(rest), bind)
}

fn strip_port(host: &str) -> &str {
    if let Some(v6) = host.strip_prefix('[') {
        return v6.split(']').next().map_or(host, |inner| &host[..inner.len() + 2]);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// Refuses a request whose `Host` or `Origin` is not this preview's, with a 403 that says so.
pub async fn check(State(bind): State<std::sync::Arc<str>>, req: Request, next: Next) -> Response {
    if let Some(refused) = refusal(&req, &bind) {
        return (StatusCode::FORBIDDEN, refused).into_response();
    }
    next.run(req).await
}

/// Why a request is refused, if it is.
fn refusal(req: &Request, bind: &str) -> Option<String> {
    let header_of = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
    let host = header_of(header::HOST).unwrap_or_default();
    if !host.is_empty() && !host_allowed(host, bind) {
        return Some(format!(
            "gen serve: `Host: {host}` is not this preview; open it at http://127.0.0.1 (or the --bind address)\n"
        ));
    }
    let origin = header_of(header::ORIGIN)?;
    (!origin_allowed(origin, bind)).then(|| format!("gen serve: requests from `{origin}` are not answered\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_addresses_and_the_bind_host_pass() {
        for h in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "blog.localhost:8080",
            "[::1]:1111",
            "192.168.0.7:1111",
            "10.0.0.2",
        ] {
            assert!(host_allowed(h, "127.0.0.1"), "{h}");
        }
        assert!(host_allowed("devbox.lan:1111", "devbox.lan"), "the --bind name");
    }

    #[test]
    fn other_names_are_refused() {
        for h in ["evil.example:1111", "127.0.0.1.evil.example", "localhost.evil.example", "attacker.com"] {
            assert!(!host_allowed(h, "127.0.0.1"), "{h}");
        }
        assert!(origin_allowed("http://127.0.0.1:1111", "127.0.0.1"));
        assert!(!origin_allowed("https://evil.example", "127.0.0.1"));
        assert!(!origin_allowed("null", "127.0.0.1"));
    }
}
