use std::path::{Path, PathBuf};

use super::*;
use crate::config::{Overrides, parse};
use crate::discover::{Discovered, Kind, Source};
use crate::error::Diagnostics;
use crate::site::{self, Shown};

fn doc(config: &crate::config::Config, rel: &str, text: &str) -> Doc {
    let source = Source { path: PathBuf::from("content").join(rel), rel: rel.into(), kind: Kind::Post, bundle: None };
    let (d, e) = crate::content::parse_bytes(&source, text.as_bytes(), &config.timezone);
    assert!(e.is_empty(), "{e:?}");
    d.unwrap()
}

#[test]
fn cached_markdown_follows_the_urls_it_links_to() {
    let mut d = Diagnostics::default();
    let config = parse(Path::new("/s"), Path::new("gen.toml"), "", &Overrides::default(), &mut d).unwrap();
    let cache = Cache::default();
    let run = |b_slug: &str| {
        let mut docs = vec![doc(&config, "posts/2020-01-01-a.md", "---\ntitle: A\n---\n[to b](2020-02-02-b.md)\n")];
        if !b_slug.is_empty() {
            docs.push(doc(&config, "posts/2020-02-02-b.md", &format!("---\ntitle: B\nslug: {b_slug}\n---\nB\n")));
        }
        let mut d = Diagnostics::default();
        let (g, map) = site::gather(
            &config,
            docs.into_iter().map(std::sync::Arc::new).collect(),
            &Discovered::default(),
            Shown::default(),
            &mut d,
        );
        let s = render_markdown(&cache, &config, &site::bodies::Ctx::new(&config, &map, None), g, &mut d);
        s.posts.iter().find(|p| p.fm.title == "A").unwrap().rendered.html.clone()
    };
    assert!(run("first").contains("href=\"/2020/first/\""));
    assert!(run("second").contains("href=\"/2020/second/\""), "a moved target re-renders the post linking to it");
    assert_eq!(cache.bodies().len(), 2);
    run("");
    assert_eq!(cache.bodies().len(), 1, "a deleted post's body is forgotten");
}

/// A new post changes the link map, but a body's HTML only takes from the map the answers its
/// links got: the bodies that asked about the new post's path or name are rendered again,
/// and the others are kept, with the fingerprint the pages showing them are kept by.
#[test]
fn a_new_post_renders_again_only_the_bodies_whose_links_it_answers() {
    let mut d = Diagnostics::default();
    let config = parse(Path::new("/s"), Path::new("gen.toml"), "", &Overrides::default(), &mut d).unwrap();
    let cache = Cache::default();
    let run = |with_b: bool| {
        let mut docs = vec![
            doc(&config, "posts/2020-01-01-a.md", "---\ntitle: A\n---\n[to b](2020-02-02-b.md)\n"),
            doc(
                &config,
                "posts/2020-01-02-c.md",
                "---\ntitle: C\n---\n[to a](2020-01-01-a.md), [away](https://e.com/)\n",
            ),
            doc(
                &config,
                "posts/2020-01-03-d.md",
                "---\ntitle: D\n---\n[b, as Jekyll names it]({% post_url 2020-02-02-b %})\n",
            ),
        ];
        if with_b {
            docs.push(doc(&config, "posts/2020-02-02-b.md", "---\ntitle: B\n---\nB\n"));
        }
        let mut d = Diagnostics::default();
        let docs = docs.into_iter().map(std::sync::Arc::new).collect();
        let (g, map) = site::gather(&config, docs, &Discovered::default(), Shown::default(), &mut d);
        let s = render_markdown(&cache, &config, &site::bodies::Ctx::new(&config, &map, None), g, &mut d);
        let by_title = |t: &str| s.posts.iter().find(|p| p.fm.title == t).map(|p| (p.rendered.clone(), p.fingerprint));
        ["A", "C", "D"].map(|t| by_title(t).unwrap())
    };
    let before = run(false);
    let after = run(true);
    let kept = |i: usize| Arc::ptr_eq(&before[i].0, &after[i].0);
    assert!(!kept(0) && after[0].0.html.contains("href=\"/2020/b/\""), "A's link now resolves");
    assert!(!kept(2) && after[2].0.html.contains("href=\"/2020/b/\""), "so does D's Jekyll link");
    assert!(kept(1), "C asked nothing about b: its HTML is kept");
    assert_eq!(before[1].1, after[1].1, "and so is its fingerprint");
    assert_ne!(before[0].1, after[0].1, "A's fingerprint follows its HTML");
}

/// A body edit is answered by the memos: every post keeps its placing (the same `Arc`), and
/// every other post its HTML. Placing every post again would give the same pages, only more
/// slowly, so the equivalence tests cannot see it; this one can.
#[test]
fn a_body_edit_keeps_every_placing_and_every_other_body() {
    use crate::pipeline::{BuildOptions, Target, build_with};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        std::fs::create_dir_all(root.join(rel).parent().unwrap()).unwrap();
        std::fs::write(root.join(rel), text).unwrap();
    };
    write("gen.toml", "title = \"t\"\nbase_url = \"https://example.com/\"\n");
    for (i, day) in ["01", "02", "03"].iter().enumerate() {
        write(
            &format!("content/posts/2023-01-{day}-p{i}.md"),
            &format!("---\ntitle: 글 {i}\ntags: [일상]\n---\n본문 {i}.\n"),
        );
    }
    let opts = BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() };
    let cache = Cache::default();
    assert!(build_with(&opts, Target::Memory, Some(&cache)).failure.is_none());
    let entries = |cache: &Cache| -> Vec<(String, Arc<crate::site::Placed>, Arc<crate::markdown::Rendered>)> {
        let model = cache.model();
        let (site, _) = model.as_ref().expect("the build keeps its model");
        site.posts.iter().map(|e| (e.source.rel.clone(), e.placed.clone(), e.rendered.clone())).collect()
    };
    let before = entries(&cache);
    let edited = "content/posts/2023-01-02-p1.md";
    write(edited, "---\ntitle: 글 1\ntags: [일상]\n---\n고친 본문.\n");
    cache.expect_changes(Some([PathBuf::from(edited)].into_iter().collect()));
    let out = build_with(&opts, Target::Memory, Some(&cache));
    assert!(out.failure.is_none() && out.changed_only, "{:?}", out.diagnostics.sorted());
    let after = entries(&cache);
    assert_eq!(before.len(), after.len());
    for ((rel, placed, html), (_, placed_now, html_now)) in before.iter().zip(&after) {
        assert!(Arc::ptr_eq(placed, placed_now), "{rel} was placed again");
        let mine = format!("content/{rel}") == edited;
        assert_eq!(Arc::ptr_eq(html, html_now), !mine, "{rel}: its HTML is kept unless it was edited");
    }
}
