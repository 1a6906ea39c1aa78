use super::*;
use std::fs;

fn site(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in files {
        let p = dir.path().join(f);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, "---\ntitle: x\n---\n").unwrap();
    }
    dir
}

fn kinds(d: &Discovered) -> Vec<(String, Kind, Option<String>)> {
    d.content.iter().map(|s| (s.rel.clone(), s.kind, s.bundle.clone())).collect()
}

#[test]
fn classifies_posts_bundles_pages_and_assets() {
    let dir = site(&[
        "content/posts/2023-01-01-a.md",
        "content/posts/b/index.md",
        "content/posts/b/cat.png",
        "content/posts/b/notes.md",
        "content/about.md",
        "content/img/logo.svg",
        "static/robots.txt",
        "static/.nojekyll",
    ]);
    let mut diags = Diagnostics::default();
    let d = discover(dir.path(), &globset::GlobSet::empty(), &Reach::new(dir.path(), false), &mut diags);
    assert_eq!(
        kinds(&d),
        [
            ("about.md".into(), Kind::Page, None),
            ("img/logo.svg".into(), Kind::Asset, None),
            ("posts/2023-01-01-a.md".into(), Kind::Post, None),
            ("posts/b/cat.png".into(), Kind::Asset, Some("posts/b".into())),
            ("posts/b/index.md".into(), Kind::Post, Some("posts/b".into())),
            ("posts/b/notes.md".into(), Kind::Asset, Some("posts/b".into())),
        ]
    );
    let statics: Vec<&str> = d.statics.iter().map(|s| s.rel.as_str()).collect();
    assert_eq!(statics, [".nojekyll", "robots.txt"]);
    assert!(diags.is_empty());
}

#[test]
fn skips_hidden_underscored_editor_files_and_ignore_globs() {
    let dir = site(&[
        "content/posts/.hidden.md",
        "content/posts/_drafts/x.md",
        "content/posts/a.md~",
        "content/posts/.a.md.swp",
        "content/posts/#a.md#",
        "content/posts/a.md___jb_tmp___",
        "content/.DS_Store",
        "content/posts/keep.md",
        "content/private/secret.md",
    ]);
    let mut diags = Diagnostics::default();
    let mut g = globset::GlobSetBuilder::new();
    g.add(globset::Glob::new("private/**").unwrap());
    let d = discover(dir.path(), &g.build().unwrap(), &Reach::new(dir.path(), false), &mut diags);
    let rels: Vec<&str> = d.content.iter().map(|s| s.rel.as_str()).collect();
    assert_eq!(rels, ["posts/keep.md"]);
}

#[test]
fn warns_about_post_like_files_that_are_not_markdown() {
    let dir = site(&["content/posts/a.mdx", "content/posts/b.txt", "content/posts/c"]);
    fs::write(dir.path().join("content/posts/d.txt"), "plain notes").unwrap();
    let mut diags = Diagnostics::default();
    let d = discover(dir.path(), &globset::GlobSet::empty(), &Reach::new(dir.path(), false), &mut diags);
    let kinds: Vec<(&str, Kind)> = d.content.iter().map(|s| (s.rel.as_str(), s.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("posts/a.mdx", Kind::Post),
            ("posts/b.txt", Kind::Asset),
            ("posts/c", Kind::Asset),
            ("posts/d.txt", Kind::Asset)
        ],
        ".mdx is read as Markdown"
    );
    // b.txt and c look like posts; the .mdx file gets the site's one MDX warning.
    assert_eq!(diags.count(crate::error::Severity::Warning), 3, "{diags:?}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang_and_are_errors() {
    let dir = site(&["content/posts/a.md"]);
    std::os::unix::fs::symlink(dir.path().join("content"), dir.path().join("content/posts/loop")).unwrap();
    let mut diags = Diagnostics::default();
    let d = discover(dir.path(), &globset::GlobSet::empty(), &Reach::new(dir.path(), false), &mut diags);
    assert_eq!(d.content.len(), 1);
    assert_eq!(diags.count(crate::error::Severity::Error), 1, "{diags:?}");
}
