//! CHECK: `gen check --external` — request every link to another site, concurrently but
//! politely: a bounded number of requests at once, a timeout, retries for failures that may
//! pass, and a delay between two requests to the same host.
//!
//! Requests go through [`crate::net`] (blocking) from a small pool of threads, and only when
//! asked; a `gen` built without the `network` feature says so instead.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::check::ExternalLink;
use crate::net::{Client, Deadlines};

/// How politely to check.
#[derive(Debug, Clone)]
pub struct Options {
    pub concurrency: usize,
    pub timeout: Duration,
    pub retries: u32,
    pub per_host_delay: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            concurrency: 8,
            timeout: Duration::from_secs(10),
            retries: 2,
            per_host_delay: Duration::from_millis(500),
        }
    }
}

/// What one URL answered.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LinkStatus {
    pub url: String,
    /// The HTTP status, or `None` when no answer came (DNS, refused, timeout).
    pub status: Option<u16>,
    pub error: Option<String>,
    pub ok: bool,
    /// Where the link was written: `path:line`.
    pub places: Vec<String>,
}

/// Checks every distinct URL once, in a stable order; `Err` when this `gen` cannot make
/// requests (built without the `network` feature).
pub fn check_all(links: &[ExternalLink], opts: &Options) -> Result<Vec<LinkStatus>, &'static str> {
    let mut places: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for l in links {
        let at = if l.at.line > 0 {
            format!("{}:{}", l.at.path.display(), l.at.line)
        } else {
            l.at.path.display().to_string()
        };
        places.entry(l.url.as_str()).or_default().push(at);
    }
    let urls: Vec<&str> = places.keys().copied().collect();
    let deadlines = Deadlines { connect: None, total: opts.timeout };
    let client = Client::new(concat!("hoego-link-check/", env!("CARGO_PKG_VERSION")), deadlines)?;
    let next = Mutex::new(0usize);
    let last_hit: Mutex<HashMap<String, Instant>> = Mutex::new(HashMap::new());
    let results: Mutex<Vec<Answer>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..opts.concurrency.max(1).min(urls.len().max(1)) {
            s.spawn(|| {
                while let Some(i) = take(&next, urls.len()) {
                    wait_for_host(&last_hit, urls[i], opts.per_host_delay);
                    let (status, error) = fetch(&client, urls[i], opts, &last_hit);
                    results.lock().unwrap_or_else(|p| p.into_inner()).push((i, status, error));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    results.sort_by_key(|r| r.0);
    Ok(results
        .into_iter()
        .map(|(i, status, error)| LinkStatus {
            url: urls[i].to_owned(),
            ok: status.is_some_and(|s| s < 400),
            status,
            error,
            places: places[urls[i]].clone(),
        })
        .collect())
}

/// (index of the URL, HTTP status, error when there was no answer).
type Answer = (usize, Option<u16>, Option<String>);

fn take(next: &Mutex<usize>, len: usize) -> Option<usize> {
    let mut n = next.lock().unwrap_or_else(|p| p.into_inner());
    (*n < len).then(|| {
        *n += 1;
        *n - 1
    })
}

fn host(url: &str) -> String {
    url.split("://").nth(1).unwrap_or(url).split(['/', '?', '#']).next().unwrap_or("").to_ascii_lowercase()
}

/// Sleeps until `delay` has passed since the last request to this URL's host, and claims the
/// slot.
fn wait_for_host(last: &Mutex<HashMap<String, Instant>>, url: &str, delay: Duration) {
    let h = host(url);
    loop {
        let wait = {
            let mut map = last.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            match map.get(&h) {
                Some(t) if now.duration_since(*t) < delay => delay - now.duration_since(*t),
                _ => {
                    map.insert(h.clone(), now);
                    return;
                }
            }
        };
        std::thread::sleep(wait);
    }
}

/// HEAD first (cheap); GET when the server does not do HEAD; retries on no answer, 429 and 5xx.
fn fetch(
    client: &Client,
    url: &str,
    opts: &Options,
    last: &Mutex<HashMap<String, Instant>>,
) -> (Option<u16>, Option<String>) {
    let mut attempt = 0;
    loop {
        let mut r = client.head(url);
        if matches!(r, Ok(405 | 501)) {
            r = client.get_status(url);
        }
        let retry = match &r {
            Ok(s) => *s == 429 || *s >= 500,
            Err(_) => true,
        };
        if !retry || attempt >= opts.retries {
            return match r {
                Ok(s) => (Some(s), None),
                Err(e) => (None, Some(e.to_string())),
            };
        }
        attempt += 1;
        wait_for_host(last, url, opts.per_host_delay);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hosts() {
        assert_eq!(super::host("https://Example.com:8080/a?b"), "example.com:8080");
        assert_eq!(super::host("http://x.dev"), "x.dev");
    }
}
