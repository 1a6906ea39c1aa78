//! The example blog in a real headless Chromium: home, a post, a year page, the archive, a tag
//! page and the 404 page, at phone and desktop widths, light and dark. Fails on console
//! messages and on requests for missing files; screenshots go to target/screenshots/.

use crate::support;

use std::path::PathBuf;
use std::process::Command;

use support::browser::{chromium, serve, visit};
use support::repo_root;

const PAGES: &[(&str, &str)] = &[
    ("home", "/"),
    ("post", "/2023/retrospective-2023/"),
    ("year", "/2023/"),
    ("archive", "/archive/"),
    ("tag", "/tags/회고/"),
    ("404", "/404.html"),
];

#[test]
fn example_blog_pages_render_cleanly_in_chromium() {
    let Some(chrome) = chromium() else { return };
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(["build", "--quiet", "--root"])
        .arg(repo_root())
        .arg("--output")
        .arg(out.path())
        .status()
        .unwrap();
    assert!(status.success());
    let (base, log) = serve(out.path());
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let jobs: Vec<(&str, &str, u32, bool)> = PAGES
        .iter()
        .flat_map(|(name, path)| {
            [(390, false), (390, true), (1280, false), (1280, true)].map(|(w, d)| (*name, *path, w, d))
        })
        .collect();
    // Two browsers at a time: the machine has two cores.
    let mut problems: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .chunks(jobs.len().div_ceil(2))
            .map(|chunk| {
                let (chrome, base, shots) = (&chrome, &base, &shots);
                s.spawn(move || {
                    let mut problems = Vec::new();
                    for &(name, path, width, dark) in chunk {
                        let shot = shots.join(format!("{name}-{width}-{}.png", if dark { "dark" } else { "light" }));
                        // The DOM does not depend on width or colour scheme: read it once per page.
                        let dom = width == 1280 && !dark;
                        let v = visit(
                            chrome,
                            &format!("{base}{}", hoego::slug::encode_path(path)),
                            width,
                            dark,
                            &shot,
                            dom,
                        );
                        if dom && !v.dom.contains("<main id=\"main\">") {
                            problems.push(format!("{path} ({width}px): no <main> in the DOM"));
                        }
                        problems.extend(v.console.iter().map(|c| format!("{path} ({width}px): console: {c}")));
                    }
                    problems
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let missing: Vec<String> = log
        .lock()
        .unwrap()
        .iter()
        .filter(|(p, s)| *s >= 400 && p != "/404.html")
        .map(|(p, s)| format!("{p} -> {s}"))
        .collect();
    problems.extend(missing.into_iter().map(|m| format!("failed request: {m}")));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let year = std::fs::read_to_string(out.path().join("2023/index.html")).unwrap();
    assert!(year.contains("<svg class=\"chart chart-days\""), "the year page has its charts");
}

/// Looks for what a reader would see as broken: the page scrolling sideways as a whole, text
/// cut off by a box too small for it, the copy button over the code, labels under 12 px in the
/// charts, code comments under 4.5:1 or in fake italics, tabs not 4 wide, a table header broken
/// over lines, a task with a bullet and a checkbox, display math no larger than the text. Scrolling boxes (`.scroll`, code, tables, display math) may be wider than the page.
const LAYOUT_PROBLEMS: &str = r#"(() => {
  const out = [];
  const vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > vw + 1) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
  const scrolls = (el) => el.closest('.scroll, pre, table, math, .toc');
  for (const el of document.querySelectorAll('main *')) {
    if (scrolls(el) || el.closest('.visually-hidden, .skip') || !el.getClientRects().length) continue;
    const r = el.getBoundingClientRect();
    if (r.right > vw + 1 && getComputedStyle(el).position !== 'absolute') out.push(`${el.tagName}.${el.className} ends at ${Math.round(r.right)} > ${vw}: ${el.textContent.slice(0, 40)}`);
    const st = getComputedStyle(el);
    if ((st.overflowX === 'hidden' || st.overflowX === 'clip') && el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName}.${el.className} clips its text`);
  }
  for (const b of document.querySelectorAll('pre .copy')) {
    const code = b.parentElement.querySelector('code');
    if (code && b.getBoundingClientRect().bottom > code.getBoundingClientRect().top + 1) out.push('the copy button covers the code');
  }
  // WCAG contrast of two rgb() colours.
  const lum = (c) => { const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map(v => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; }); return .2126 * r + .7152 * g + .0722 * b; };
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + .05) / (y + .05); };
  for (const c of document.querySelectorAll('pre .hl-comment')) {
    const st = getComputedStyle(c), bg = getComputedStyle(c.closest('pre')).backgroundColor;
    if (contrast(st.color, bg) < 4.5) out.push(`a code comment has contrast ${contrast(st.color, bg).toFixed(2)}:1`);
    if (st.fontStyle !== 'normal') out.push('a code comment is italic');
  }
  for (const p of document.querySelectorAll('pre')) if (getComputedStyle(p).tabSize !== '4') out.push(`tabs are ${getComputedStyle(p).tabSize} wide`);
  for (const th of document.querySelectorAll('th')) {
    const lh = parseFloat(getComputedStyle(th).lineHeight) || 24;
    if (th.getBoundingClientRect().height > 2 * lh + 16) out.push(`a table header breaks over lines: ${th.textContent}`);
  }
  for (const li of document.querySelectorAll('li')) {
    if (li.querySelector(':scope > input[type=checkbox]') && getComputedStyle(li).listStyleType !== 'none') out.push('a task has a bullet and a checkbox');
  }
  for (const m of document.querySelectorAll('math[display=block]')) {
    const body = parseFloat(getComputedStyle(document.body).fontSize);
    if (parseFloat(getComputedStyle(m).fontSize) < 1.1 * body) out.push('display math is smaller than 1.1 em');
  }
  for (const t of document.querySelectorAll('svg.chart text')) {
    const px = t.getBoundingClientRect().height;
    if (px && px < 11.5) out.push(`a chart label is ${px.toFixed(1)} px tall: ${t.textContent}`);
  }
  return out.slice(0, 8);
})()"#;

/// The site `gen new site` makes (dated 2024-01-03 by SOURCE_DATE_EPOCH).
fn starter() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let st = Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(["new", "site", "blog"])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1704276000")
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(st.success());
    let site = tempfile::tempdir().unwrap();
    support::copy_dir(&dir.path().join("blog"), site.path());
    site
}

/// A blog of `years` years ending in 2026, a few posts a year with a goal list in each
/// retrospective, code, a wide table and a task list: the shapes the layout must hold.
fn blog_of(years: i16) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let w = |rel: &str, text: String| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w("gen.toml", "title = \"레이아웃 점검\"\nbase_url = \"https://example.com/\"\n\n[markdown]\nmath = true\n\n[author]\nname = \"김회고\"\nbio = \"장애 대응과 회고를 기록하는 백엔드 개발자\"\ngithub = \"hoego-dev\"\n\n[[menu]]\nname = \"태그\"\nurl = \"/tags/\"\n".into());
    let body = "$$\nx^2 + y^2\n$$\n\n## 표\n\n| 서비스 이름 | 평균 응답 시간 | 최대 동시 접속자 수 | 장애 횟수 | 담당 팀 |\n|---|---|---|---|---|\n| 결제 | 120ms | 3,000 | 2 | 결제플랫폼팀 |\n\n## 코드\n\n```go\n// 재시도한다\nfunc retry() {\n\treturn\n}\n```\n\n- [x] 모니터링\n- [ ] 부하 테스트\n\n```mermaid\ngraph TD; 배포-->검증\n```\n";
    for y in (2027 - years)..2027 {
        for (m, n) in [(2, 1), (5, 2), (9, 3)] {
            w(
                &format!("content/posts/{y}-{m:02}-1{n}-post-{n}.md"),
                format!(
                    "---\ntitle: \"{y}년의 {n}번째 기록: 아주 긴 제목이 좁은 화면에서 어떻게 줄바꿈되는지\"\ndate: {y}-{m:02}-1{n}\ntags: [기록, 쿠버네티스]\n---\n{}\n",
                    "가나다라 ".repeat(200) + body
                ),
            );
        }
        w(
            &format!("content/posts/{y}-12-30-retro.md"),
            format!(
                "---\ntitle: {y}년 회고\ndate: {y}-12-30\nretrospective: {y}\n---\n## {}년 목표\n\n- [ ] 글 열두 편 쓰기\n- [x] 하프 마라톤\n",
                y + 1
            ),
        );
    }
    dir
}

#[test]
fn pages_hold_their_layout_at_phone_and_desktop_widths_for_1_3_and_12_years() {
    let Some(chrome) = chromium() else { return };
    let mut problems = Vec::new();
    // 0 years: the starter `gen new site` writes, as a newcomer first sees it.
    for years in [0, 1, 3, 12] {
        let site = if years == 0 { starter() } else { blog_of(years) };
        let out = site.path().join("public");
        let st = Command::new(env!("CARGO_BIN_EXE_gen")).args(["build", "-q", "-r"]).arg(site.path()).status().unwrap();
        assert!(st.success());
        let (base, _) = serve(&out);
        let mut tab = support::cdp::Browser::open(&chrome, &format!("{base}/"));
        let pages: &[&str] = if years == 0 {
            &["/", "/archive/", "/about/", "/2024/hello/", "/2024/", "/search/?q=hoego"]
        } else {
            &["/", "/archive/", "/2026/", "/2026/post-1/", "/tags/", "/search/?q=기록&tag=쿠버네티스"]
        };
        for &path in pages {
            for (width, dark) in [(390, false), (390, true), (1280, false), (1280, true)] {
                tab.emulate(width, dark);
                // The query stays as written (encode_path would encode its `?`).
                let (page, query) = path.split_once('?').map_or((path, String::new()), |(p, q)| (p, format!("?{q}")));
                let query = query
                    .replace("기록", "%EA%B8%B0%EB%A1%9D")
                    .replace("쿠버네티스", "%EC%BF%A0%EB%B2%84%EB%84%A4%ED%8B%B0%EC%8A%A4");
                tab.goto(&format!("{base}{}{query}", hoego::slug::encode_path(page)));
                if path.contains("post") {
                    // The vendored script draws the diagram (it loads after the page).
                    let start = std::time::Instant::now();
                    let drawn =
                        std::iter::repeat_with(|| tab.eval("!!document.querySelector('pre.mermaid svg')") == true)
                            .take_while(|_| start.elapsed() < std::time::Duration::from_secs(15))
                            .any(|d| d);
                    assert!(drawn, "{years} years, {path} at {width}px: the mermaid diagram is not drawn");
                }
                if path.starts_with("/search/") {
                    // Results come from the index after the page has loaded.
                    let start = std::time::Instant::now();
                    let shown = std::iter::repeat_with(|| {
                        tab.eval("!!(document.querySelector('.search-status')||{}).textContent") == true
                    })
                    .take_while(|_| start.elapsed() < std::time::Duration::from_secs(15))
                    .any(|d| d);
                    assert!(
                        shown,
                        "{years} years, {path} at {width}px: no search results shown: {:?}",
                        tab.eval("location.href + ' ' + document.querySelector('main').innerHTML.slice(0, 600)")
                    );
                    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../screenshots");
                    let _ = std::fs::create_dir_all(&shots);
                    let png = tab.call("Page.captureScreenshot", serde_json::json!({"format": "png"}));
                    if let Some(data) = png["data"].as_str() {
                        use base64::Engine;
                        let bytes = base64::engine::general_purpose::STANDARD.decode(data).unwrap_or_default();
                        let name = format!("search-{years}y-{width}-{}.png", if dark { "dark" } else { "light" });
                        let _ = std::fs::write(shots.join(name), bytes);
                    }
                }
                let found = tab.eval(LAYOUT_PROBLEMS);
                for p in found.as_array().into_iter().flatten() {
                    problems.push(format!(
                        "{years} years, {path} at {width}px{}: {}",
                        if dark { " dark" } else { "" },
                        p.as_str().unwrap_or("?")
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// WordPress's plain addresses (`/?p=12`) reach the home page on a static host; its script
/// sends them on to the post that lists them in `aliases`.
#[test]
fn a_query_alias_redirects_from_the_home_page() {
    let Some(chrome) = chromium() else { return };
    let site = tempfile::tempdir().unwrap();
    let w = |rel: &str, text: &str| {
        let p = site.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w("gen.toml", "title = \"옛 주소\"\nbase_url = \"https://example.com/blog/\"\n");
    w("content/posts/2021-03-04-move.md", "---\ntitle: 이사\naliases: [\"/?p=12\"]\n---\n본문\n");
    w("content/posts/2021-05-06-other.md", "---\ntitle: 다른 글\naliases: [\"/?p=13\"]\n---\n본문\n");
    let out = site.path().join("public");
    let st = Command::new(env!("CARGO_BIN_EXE_gen")).args(["build", "--quiet", "--root"]).arg(site.path()).status();
    assert!(st.unwrap().success());
    // Served at the site root, so the /blog/ prefix is left out of the URL visited.
    let (base, _log) = serve(&out);
    let base = base.trim_end_matches('/');
    let mut b = support::cdp::Browser::open(&chrome, &format!("{base}/?p=12"));
    let start = std::time::Instant::now();
    let mut at = serde_json::Value::Null;
    while start.elapsed() < std::time::Duration::from_secs(20) {
        at = b.eval("location.pathname");
        // about:blank ("blank"), then the home page ("/"), then where the script sends it.
        if at != "blank" && at != "/" && at != serde_json::Value::Null {
            break;
        }
        std::thread::yield_now();
    }
    assert_eq!(at, "/blog/2021/move/");
}
