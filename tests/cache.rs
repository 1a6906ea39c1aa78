//! `gen serve` reuses parsed sources and rendered Markdown between rebuilds;
//! after any edit, a cached rebuild must equal a build from scratch, byte for byte.

mod support;

use hoego::cache::Cache;
use hoego::pipeline::{BuildOptions, Target, build, build_with};
use hoego::render::{Body, OutFile};
use support::Site;

fn bytes(files: &[OutFile]) -> Vec<(String, Vec<u8>)> {
    files
        .iter()
        .map(|f| {
            let b = match &f.body {
                Body::Bytes(b) => b.clone(),
                Body::Copy(_) => Vec::new(),
            };
            (f.path.clone(), b)
        })
        .collect()
}

#[test]
fn a_cached_rebuild_equals_a_fresh_build_after_each_edit() {
    let site = Site::fixture("basic");
    let opts = BuildOptions { root: site.root().to_path_buf(), ..BuildOptions::default() };
    let cache = Cache::default();
    let check = |what: &str| {
        let cached = build_with(&opts, Target::Memory, Some(&cache));
        let fresh = build(&opts, Target::Memory);
        assert!(
            cached.failure.is_none() && fresh.failure.is_none(),
            "{what}: {:?} {:?}",
            cached.diagnostics.sorted(),
            fresh.diagnostics.sorted()
        );
        assert_eq!(bytes(&cached.files), bytes(&fresh.files), "{what}");
    };
    check("first build");
    check("nothing changed");
    site.write(
        "content/posts/2023-01-10-first-post.md",
        "---\ntitle: \"첫 글: Hello\"\ntags: [Rust, 회고]\n---\nNew body.\n",
    );
    check("a body edit");
    site.write("content/posts/2023-01-10-first-post.md", "---\ntitle: Renamed\ntags: [Rust]\n---\nNew body.\n");
    check("a title and tag edit, seen on list pages");
    site.write(
        "templates/post.html",
        "{% extends \"theme/post.html\" %}{% block title %}X {{ post.title }}{% endblock title %}",
    );
    check("a template edit");
    site.write("gen.toml", "title = \"Other\"\nbase_url = \"https://example.com/\"\npaginate = 1\n");
    check("a config edit");
    std::fs::remove_file(site.root().join("content/about.md")).unwrap();
    check("a deleted page");
}
