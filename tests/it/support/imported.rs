//! Helpers for the `gen import` tests (tests/it/import.rs, tests/it/import_platforms.rs,
//! tests/it/import_generators.rs).

use super::{Run, Site};

/// An empty site with `files` written under `in/` (the folder exists even with no files): the
/// input of an import that must fail.
pub fn site_with_input(files: &[(&str, &[u8])]) -> Site {
    let site = Site::empty();
    std::fs::create_dir_all(site.root().join("in")).unwrap();
    for (rel, bytes) in files {
        let p = site.root().join("in").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    site
}

/// The JSON report of a successful import.
pub fn json(run: &Run) -> serde_json::Value {
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The imported site in `blog/` builds and checks with no error and no warning.
pub fn builds_clean(site: &Site) {
    for cmd in
        [&["build", "--root", "blog"][..], &["check", "--root", "blog"], &["build", "--root", "blog", "--drafts"]]
    {
        let r = site.run(cmd);
        assert_eq!(r.code, 0, "gen {cmd:?}: {}{}", r.stdout, r.stderr);
        assert!(!r.stderr.contains("error") && !r.stderr.contains("warning"), "gen {cmd:?}: {}", r.stderr);
    }
}

/// The rows of a round-trip table: what the report says of each post or page.
pub fn rows(report: &serde_json::Value) -> Vec<String> {
    report["items"].as_array().unwrap().iter().map(|v| row(v, false)).collect()
}

/// One row of a round-trip table, with the cover image when `cover` (Velog's table shows it).
pub fn row(v: &serde_json::Value, cover: bool) -> String {
    let list = |k: &str| {
        let all: Vec<&str> = v[k].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
        if all.is_empty() { "-".to_owned() } else { all.join(",") }
    };
    let cover = if cover { format!(" | {}", v["cover"].as_str().unwrap_or("-")) } else { String::new() };
    format!(
        "{} | {} | {} | {} | {} | {}{}{}",
        v["date"].as_str().unwrap_or("-"),
        v["file"].as_str().unwrap(),
        v["url"].as_str().unwrap(),
        list("tags"),
        list("aliases"),
        list("attachments"),
        cover,
        if v["draft"] == true { " | draft" } else { "" }
    )
}
