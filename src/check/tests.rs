use super::*;

fn base() -> Base<'static> {
    Base { url: "https://x.dev/blog/", path: "/blog/", output: Path::new("public") }
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
fn attributes_in_any_quoting() {
    let html = r#"<a href="/a/">x</a><img src='b.png'><a href=c.html>y</a><p id="상세">"#;
    assert_eq!(attr_values(html, "href"), ["/a/", "c.html"]);
    assert_eq!(attr_values(html, "src"), ["b.png"]);
    assert!(ids_of(html).contains("상세"));
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

/// The search the check made once per attribute, kept to compare the one-pass scan with.
fn searched<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    let mut out = Vec::new();
    let needle = format!(" {name}=");
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let (value, len) = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => match rest[1..].find(q) {
                Some(end) => (&rest[1..=end], end + 2),
                None => break,
            },
            _ => {
                let end = rest.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(rest.len());
                (&rest[..end], end)
            }
        };
        out.push(value);
        rest = &rest[len..];
    }
    out
}

#[test]
fn one_pass_finds_what_a_search_per_attribute_finds() {
    let pages = [
        r#"<a href="/a/" id="x">가</a><img src='b.png' name=n1><a href=c.html>c</a>"#,
        r#"<p title="see href=/in-title/ and id=q">t</p><a href="/ok/">ok</a>"#,
        r#"<a href="/x?a=1&b=2" data-id="no"> id="yes"</a><a name='한글 앵커'>"#,
        r#"<a href="unclosed><a href="/after/"><b id=z>"#,
        r#"<a href='/single/'><x src="><img src=\"q\">"#,
        "=== id= href= src=\"\" name=",
        "<a href=\"/가/\"id=\"stuck\"> href='/é/'>",
        "",
    ];
    for html in pages {
        let [href, src, id, name] = attrs(html, &["href", "src", "id", "name"]);
        assert_eq!(href, searched(html, "href"), "{html}");
        assert_eq!(src, searched(html, "src"), "{html}");
        assert_eq!(id, searched(html, "id"), "{html}");
        assert_eq!(name, searched(html, "name"), "{html}");
    }
}
