//! `/search/` in a real headless Chromium, on a fixture site modelled on a Korean tech blog
//! (tests/fixtures/search) published under a `/blog/` base path: Korean words with particles,
//! digits, mixed Hangul–Latin words, NFD input, year and tag filters, the retrospectives toggle,
//! and what must stay out of the index. The queries run against the index `gen build` wrote,
//! through Pagefind's own search code in the page.

use crate::support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use support::browser::{Trace, chromium, serve_traced};
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
fn titles(b: &mut Browser, base: &str, trace: &Trace, query: &str) -> Vec<String> {
    b.call("Page.navigate", serde_json::json!({"url": format!("{base}/blog/search/?{query}")}));
    let start = Instant::now();
    // Generous: with the whole suite on two cores, Chromium can take many seconds to load the
    // index; an answer ends the wait at once.
    while start.elapsed() < Duration::from_secs(60) {
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
    let state = "JSON.stringify([location.href, document.readyState, \
        (document.querySelector('.search-status') || {}).textContent, \
        performance.getEntriesByType('resource').map(function(e){return e.name.split('/blog/')[1] + ' ' + e.responseStatus})])";
    panic!("no answer for ?{query}: {}\nthe server's trace:\n{}", b.eval(state), trace.lock().unwrap().join("\n"));
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
    let (base, _log, trace) = serve_traced(dir.path());
    let mut b = Browser::open(&chrome, &format!("{base}/blog/search/"));
    let q = |b: &mut Browser, query: &str| sorted(titles(b, &base, &trace, query));
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

/// Queries a Korean reader types, each with the posts it must find (all of them, nothing else),
/// run through the real index in the page. Prints the hit rate, which must be 100%.
#[test]
fn query_table_hits_every_expected_post() {
    let Some(chrome) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let (base, _log, trace) = serve_traced(dir.path());
    let mut b = Browser::open(&chrome, &format!("{base}/blog/search/"));
    const K8S: &str = "쿠버네티스 장애 대응기";
    const R21: &str = "2021년 회고";
    const R22: &str = "2022년을 보내며";
    const PG: &str = "PostgreSQL vacuum 튜닝";
    const WEEK: &str = "4월 둘째 주 주간 회고";
    const ABOUT: &str = "소개";
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd("회고").collect();
    let table: Vec<(&str, Vec<&str>)> = vec![
        ("회고", vec![R21, R22, WEEK]),
        ("회고를", vec![R21]),
        (&nfd, vec![R21, R22, WEEK]),
        ("쿠버네티스", vec![K8S]),
        ("쿠버네티스에서", vec![K8S]),
        ("쿠버네티스 장애", vec![K8S]),
        ("장애", vec![K8S]),
        ("노드", vec![K8S]),
        ("게이트웨이", vec![K8S]),
        ("지연", vec![K8S]),
        ("p99", vec![K8S]),
        ("P99", vec![K8S]),
        ("502", vec![K8S]),
        ("k8s", vec![K8S]),
        // `k8s운영`: the Hangul tail of a word glued to Latin letters (the theme's `terms`).
        ("운영", vec![K8S]),
        // A year finds what mentions it and what was published in it (the date is metadata,
        // and Pagefind searches metadata too).
        ("2021", vec![R21, K8S]),
        ("2022", vec![R22, PG]),
        ("2023", vec![R22, WEEK]),
        ("postgres", vec![R21, PG]),
        ("PostgreSQL", vec![PG]),
        ("vacuum", vec![PG]),
        ("autovacuum", vec![PG]),
        ("mvcc", vec![PG]),
        ("튜플", vec![PG]),
        ("마이그레이션", vec![R21]),
        ("올해", vec![R21]),
        ("rust", vec![WEEK]),
        ("cargo", vec![WEEK]),
        ("sccache", vec![WEEK]),
        ("주간", vec![WEEK]),
        ("kotlin", vec![ABOUT]),
        ("Spring", vec![ABOUT]),
        ("백엔드", vec![ABOUT]),
        ("얼룩말", vec![]),
        ("기린", vec![]),
    ];
    let mut misses = Vec::new();
    for (query, expected) in &table {
        let got = sorted(titles(&mut b, &base, &trace, &format!("q={}", hoego::slug::encode_path(query))));
        let want = sorted(expected.iter().map(|s| s.to_string()).collect());
        if got != want {
            misses.push(format!("{query}: got {got:?}, want {want:?}"));
        }
    }
    let hits = table.len() - misses.len();
    println!("search query table: {hits}/{} hit ({}%)", table.len(), hits * 100 / table.len());
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}
