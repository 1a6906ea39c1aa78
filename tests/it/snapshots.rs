//! Whole-site snapshots of the `basic` fixture, for review: which files a build writes, and
//! the `<main>` of a post page. Update with `cargo insta review` (or INSTA_UPDATE=always).

use crate::support;

use support::{Site, tree};

fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").map_or(html.len(), |i| i + "</main>".len());
    &html[start..end]
}

#[test]
fn basic_site_files() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    let files: Vec<String> =
        tree(&site.root().join("public")).into_iter().map(|(p, _)| p.display().to_string()).collect();
    insta::assert_snapshot!(files.join("\n"));
}

#[test]
fn basic_post_main() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    insta::assert_snapshot!(main_of(&site.read("public/2023/first-post/index.html")));
}
