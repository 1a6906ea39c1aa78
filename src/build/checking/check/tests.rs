use super::*;

fn base() -> Base<'static> {
    static NONE: Origins = Origins { menu: Vec::new(), templates: Vec::new() };
    Base { url: "https://x.dev/blog/", path: "/blog/", output: Path::new("public"), origins: &NONE }
}

fn local(link: &str, page: &str) -> Option<(String, Option<String>)> {
    match classify(link, page, &base()) {
        Target::Local { file, fragment } => Some((file, fragment)),
        _ => None,
    }
}

#[test]
fn links_resolve_against_the_page_and_the_base_path() {
    let l = |f: &str| Some((f.to_owned(), None));
    assert_eq!(local("/blog/2023/a/", "index.html"), l("2023/a/index.html"));
    assert_eq!(local("/blog/", "2023/a/index.html"), l("index.html"));
    assert_eq!(local("../b/", "2023/a/index.html"), l("2023/b/index.html"));
    assert_eq!(local("cat.png", "2023/a/index.html"), l("2023/a/cat.png"));
    assert_eq!(local("/blog/2023/%ED%9A%8C%EA%B3%A0/", "index.html"), l("2023/회고/index.html"));
    assert_eq!(local("https://x.dev/blog/atom.xml", "index.html"), l("atom.xml"));
    assert_eq!(local("#상세", "2023/a/index.html"), Some(("2023/a/index.html".into(), Some("상세".into()))));
    assert_eq!(local("/blog/a/#%EC%83%81", "index.html"), Some(("a/index.html".into(), Some("상".into()))));
    assert!(matches!(classify("/2023/a/", "index.html", &base()), Target::Outside));
    assert!(matches!(classify("https://other.dev/", "index.html", &base()), Target::External));
    assert!(matches!(classify("mailto:a@b.c", "index.html", &base()), Target::Skip));
    assert!(matches!(classify("../../../x", "a/index.html", &base()), Target::Outside));
}

#[test]
fn problems_name_missing_pages_and_anchors() {
    let existing: HashSet<&str> = ["a/index.html", "b.css"].into_iter().collect();
    let mut ids = HashMap::new();
    ids.insert("a/index.html", std::sync::Arc::new(["intro".to_owned()].into_iter().collect::<HashSet<_>>()));
    let exists = |f: &str| existing.contains(f);
    let ids = |f: &str| ids.get(f).map(|s| &**s);
    assert_eq!(problem("a/index.html", Some("intro"), &exists, &ids), None);
    assert_eq!(problem("a", None, &exists, &ids), None, "a folder without its slash");
    assert!(problem("a/index.html", Some("nope"), &exists, &ids).unwrap().contains("no element with id `nope`"));
    assert!(problem("c/index.html", None, &exists, &ids).unwrap().contains("no such page"));
}
