//! `/search/` in a real headless Chromium, on a fixture site modelled on a Korean tech blog
//! (tests/fixtures/search) published under a `/blog/` base path: Korean words with particles,
//! digits, mixed Hangul–Latin words, NFD input, year and tag filters, the retrospectives toggle,
//! and what must stay out of the index. The queries run against the index `gen build` wrote,
//! through Pagefind's own search code in the page.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use support::browser::{chromium, serve};
use support::cdp::Browser;
use support::repo_root;

/// Builds the fixture into `<dir>/blog/`, as a host serving the site under /blog/ would.
fn build(dir: &Path) {
    let st = Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(["build", "--quiet", "--root"])
        .arg(repo_root().join("tests/fixtures/search"))
        .arg("--output")
        .arg(dir.join("blog"))
        .status()
        .unwrap();
    assert!(st.success());
}

/// The titles `/blog/search/?<query>` lists, in order, once the page says how many it found.
fn titles(b: &mut Browser, base: &str, query: &str) -> Vec<String> {
    b.call("Page.navigate", serde_json::json!({"url": format!("{base}/blog/search/?{query}")}));
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        let got = b.eval(
            "(function(){var s=document.querySelector('.search-status'); if(!s||!s.textContent||document.querySelector('.search-page[aria-busy]')) return null; \
             return [location.search].concat(Array.from(document.querySelectorAll('.search-results h2 a')).map(function(a){return a.textContent}))})()",
        );
        if let Some(list) = got.as_array() {
            // The page must be the one asked for (the previous page answers until it goes).
            if list.first().and_then(|s| s.as_str()).is_some_and(|s| !s.is_empty() || query.is_empty()) {
                return list[1..].iter().map(|t| t.as_str().unwrap_or_default().to_owned()).collect();
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!(
        "no answer for ?{query}: {:?}",
        b.eval("document.querySelector('.search-status') && document.querySelector('.search-status').textContent")
    );
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn korean_queries_filters_and_exclusions_under_a_base_path() {
    let Some(chrome) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let (base, _log) = serve(dir.path());
    let mut b = Browser::open(&chrome, &format!("{base}/blog/search/"));
    let q = |b: &mut Browser, query: &str| sorted(titles(b, &base, query));
    let enc = |s: &str| hoego::slug::encode_path(s);
    // A particle: 회고 finds 회고를/회고는/회고 alike.
    assert_eq!(q(&mut b, &format!("q={}", enc("회고"))), ["2021년 회고", "2022년을 보내며", "4월 둘째 주 주간 회고"]);
    assert_eq!(q(&mut b, &format!("q={}", enc("쿠버네티스"))), ["쿠버네티스 장애 대응기"]);
    assert_eq!(q(&mut b, "q=p99"), ["쿠버네티스 장애 대응기"]);
    assert_eq!(q(&mut b, "q=502"), ["쿠버네티스 장애 대응기"]);
    assert_eq!(q(&mut b, "q=postgres"), ["2021년 회고", "PostgreSQL vacuum 튜닝"]);
    // Typed on macOS: decomposed Hangul.
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd("쿠버네티스").collect();
    assert_eq!(q(&mut b, &format!("q={}", enc(&nfd))), ["쿠버네티스 장애 대응기"]);
    // Filters: a year, a tag, the retrospectives toggle, and no words at all.
    assert_eq!(q(&mut b, &format!("q={}&year=2023", enc("회고"))), ["2022년을 보내며", "4월 둘째 주 주간 회고"]);
    assert_eq!(q(&mut b, &format!("tag={}", enc("회고"))), ["2021년 회고", "2022년을 보내며"]);
    assert_eq!(q(&mut b, "q=postgres&retro=1"), ["2021년 회고"]);
    // Out of the index: `[search] exclude` and `search: false`.
    assert_eq!(q(&mut b, &format!("q={}", enc("얼룩말"))), Vec::<String>::new());
    assert_eq!(q(&mut b, &format!("q={}", enc("기린"))), Vec::<String>::new());
    // Pages are searchable too.
    assert_eq!(q(&mut b, "q=kotlin"), ["소개"]);
}
