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
