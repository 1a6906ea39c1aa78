//! The example blog in a real headless Chromium: home, a post, a year page, the archive, a tag
//! page and the 404 page, at phone and desktop widths, light and dark. Fails on console
//! messages and on requests for missing files; screenshots go to target/screenshots/.

mod support;

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
