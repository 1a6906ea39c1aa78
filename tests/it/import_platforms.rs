//! `gen import tistory` and `gen import notion`: the fixtures in tests/fixtures/import/tistory/
//! and notion/ (written for these tests) imported into new sites with the real binary, which
//! then build and check with no error; tables pin each post's date, file, URL, tags, aliases
//! and files; snapshots pin the Markdown written; malformed inputs fail with a message naming
//! the file and the item, and write nothing. Notion's zip is built here from the fixture folder
//! (git may normalise the decomposed file name it needs, and a zip is binary).

use crate::support;

use std::io::Write;
use std::path::Path;

use support::imported::{builds_clean, json, rows, site_with_input};
use support::{Run, Site, tree};
use unicode_normalization::UnicodeNormalization;

fn fixture(rel: &str) -> String {
    support::repo_root().join("tests/fixtures/import").join(rel).display().to_string()
}

fn tistory(site: &Site, input: &str, extra: &[&str]) -> Run {
    let input = fixture(input);
    let mut args = vec!["import", "tistory", &input, "--into", "blog"];
    args.extend_from_slice(extra);
    site.run(&args)
}

#[test]
fn tistory_backup_round_trip_table() {
    let site = Site::empty();
    let report = json(&tistory(&site, "tistory/backup.xml", &["--format", "json"]));
    assert_eq!(
        rows(&report),
        [
            // 16:00Z on New Year's Eve is January 1 in Seoul; the percent-encoded slogan is the
            // slug; the attachments are decoded under their labels (one label twice).
            "2024-01-01T01:00:00+09:00 | content/posts/2023년-회고/index.md | /2024/2023년-회고/ | 회고,Rust | \
             /entry/2023년-회고,/12 | 한강-야경.png,screen.png,screen-2.png",
            "2023-06-10T12:00:00+09:00 | content/posts/2023-06-10-rust-ownership.md | /2023/rust-ownership/ | \
             Rust,ownership | /entry/Rust-Ownership,/15 | -",
            // Private, never published: its creation time, a draft.
            "2023-03-03T09:30:00+09:00 | content/posts/2023-03-03-쓰다-만-글.md | /2023/쓰다-만-글/ | - | \
             /entry/쓰다-만-글,/16 | - | draft",
            // A notice whose id reads as a year keeps no /2022 alias (the year page has it).
            "2022-12-30T21:00:00+09:00 | content/posts/2022-12-30-블로그-이사-안내.md | /2022/블로그-이사-안내/ | - | - | -",
        ]
    );
    assert_eq!(report["files_copied"], 3);
    let lost = report["items"][0]["not_carried"].to_string();
    assert!(
        lost.contains("remote image https://blog.kakaocdn.net/dn/bXyZ12/btsA1b2C3d4/AbCdEfGh123/img.png"),
        "{lost}"
    );
    assert!(lost.contains("1 comment: not imported"), "{lost}");
    assert!(report["items"][3]["not_carried"].to_string().contains("old address /2022"));
    assert_eq!(report["items"][2]["carried"][0], "private on Tistory: a draft");
}

#[test]
fn tistory_backup_builds_checks_and_keeps_old_addresses() {
    let site = Site::empty();
    let r = tistory(&site, "tistory/backup.xml", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(site.read("blog/gen.toml").contains("title = \"개발하는 고양이\""));
    builds_clean(&site);
    // Published on January 1 2024, "2023년 회고" looks back on 2023.
    assert!(site.read("blog/public/2023/index.html").contains("2023년 회고"));
    assert!(site.read("blog/public/entry/2023년-회고/index.html").contains("url=/2024/"));
    assert!(site.read("blog/public/12/index.html").contains("url=/2024/"));
    assert!(site.exists("blog/public/2024/2023년-회고/한강-야경.png"));
    // The link to the old address of another imported post points at its new one.
    let md = site.read("blog/content/posts/2023년-회고/index.md");
    assert!(md.contains("[소유권 글](/2023/rust-ownership/)"), "{md}");
    insta::assert_snapshot!("tistory_backup_post", md);
    insta::assert_snapshot!(
        "tistory_backup_remote_image",
        site.read("blog/content/posts/2023-06-10-rust-ownership.md")
    );
}

#[test]
fn tistory_saved_pages_round_trip_table_and_snapshots() {
    let site = Site::empty();
    let report = json(&tistory(&site, "tistory/saved", &["--format", "json"]));
    assert_eq!(
        rows(&report),
        [
            "2023-01-03T21:10:00+09:00 | content/posts/2022년-회고/index.md | /2023/2022년-회고/ | 회고,2022 | \
             /entry/2022년-회고 | img.png",
            // The skin's date element; the canonical /31 address.
            "2023-06-12T12:00:00+09:00 | content/posts/rust로-cli-만들기/index.md | /2023/rust로-cli-만들기/ | - | /31 | \
             terminal.png",
        ]
    );
    assert_eq!(report["items"][0]["categories"][0], "회고");
    builds_clean(&site);
    // Written in January 2023 with "2022" in its title: it belongs to 2022.
    assert!(site.read("blog/public/2022/index.html").contains("2022년 회고"));
    insta::assert_snapshot!("tistory_saved_page", site.read("blog/content/posts/2022년-회고/index.md"));
    insta::assert_snapshot!("tistory_saved_article", site.read("blog/content/posts/rust로-cli-만들기/index.md"));
}

const EXPORT: &str = "Export-9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0";

/// A zip of `files` (name, bytes), deflated, every time stamp 1980-01-01: the same bytes each
/// time.
fn zip_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in files {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The fixture folder's files as a Notion export names them: under `Export-<uuid>/`, the
/// image's name decomposed (NFD) as macOS and Notion write it.
fn export_files() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(&fixture("notion/export")).to_path_buf();
    tree(&dir)
        .into_iter()
        .map(|(rel, bytes)| {
            let rel = rel.to_string_lossy().replace('\\', "/");
            let rel = if rel.ends_with(".png") { rel.nfd().collect() } else { rel };
            (format!("{EXPORT}/{rel}"), bytes)
        })
        .collect()
}

/// Notion's zip of a big export: the parts as zips inside, and the `__MACOSX/` that a Mac's
/// Archive Utility adds.
fn notion_zip() -> Vec<u8> {
    let files = export_files();
    let (a, b): (Vec<_>, Vec<_>) = files.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let part = |v: Vec<(usize, (String, Vec<u8>))>| zip_of(&v.into_iter().map(|(_, f)| f).collect::<Vec<_>>());
    zip_of(&[
        (format!("{EXPORT}-Part-1.zip"), part(a)),
        (format!("{EXPORT}-Part-2.zip"), part(b)),
        (format!("__MACOSX/._{EXPORT}-Part-1.zip"), b"\0\x05\x16\x07".to_vec()),
    ])
}

fn notion(site: &Site, extra: &[&str]) -> Run {
    std::fs::write(site.root().join("export.zip"), notion_zip()).unwrap();
    let mut args = vec!["import", "notion", "export.zip", "--into", "blog"];
    args.extend_from_slice(extra);
    site.run(&args)
}

#[test]
fn notion_round_trip_table() {
    let site = Site::empty();
    let report = json(&notion(&site, &["--format", "json"]));
    assert_eq!(
        rows(&report),
        [
            "- | content/rust-노트.md | /rust-노트/ | - | - | -",
            // A nested page, under its parent's slug; no hex id anywhere.
            "- | content/rust-노트/소유권.md | /rust-노트/소유권/ | - | - | -",
            "- | content/블로그/index.md | /블로그/ | - | - | 글-목록.csv",
            // 생성 일시 in the Korean UI; the NFD-named image found from its NFD link.
            "2024-01-02T09:30:00+09:00 | content/posts/2023년-회고/index.md | /2024/2023년-회고/ | 회고,개발 | - | 한강-야경.png",
            // Created in the English UI; the CSV's 태그 adds nothing new.
            "2023-05-19T20:26:00+09:00 | content/posts/2023-05-19-rust-cli-만들기.md | /2023/rust-cli-만들기/ | Rust,CLI | - | -",
            // No property lines: the date range and tags come from the database's _all.csv row.
            "2023-10-23T00:00:00+09:00 | content/posts/2023-10-23-초안.md | /2023/초안/ | 메모 | - | - | draft",
        ]
    );
    let notes = report["notes"].to_string();
    assert!(notes.contains("_all.csv:5: row `없는 글` has no page in the export"), "{notes}");
}

#[test]
fn notion_builds_checks_links_and_snapshots() {
    let site = Site::empty();
    let r = notion(&site, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    builds_clean(&site);
    assert!(site.read("blog/public/2023/index.html").contains("2023년 회고"));
    let retro = site.read("blog/content/posts/2023년-회고/index.md");
    assert!(retro.contains("[Rust CLI 만들기](/2023/rust-cli-만들기/)"), "{retro}");
    assert!(retro.contains("[소유권 정리](/rust-노트/소유권/)"), "{retro}");
    assert!(!retro.contains("2b3c4d5e") || retro.contains("notion_id"), "{retro}");
    insta::assert_snapshot!("notion_korean_properties", retro);
    insta::assert_snapshot!("notion_english_properties", site.read("blog/content/posts/2023-05-19-rust-cli-만들기.md"));
    insta::assert_snapshot!("notion_csv_properties", site.read("blog/content/posts/2023-10-23-초안.md"));
    insta::assert_snapshot!("notion_page", site.read("blog/content/블로그/index.md"));
}

#[test]
fn notion_zip_and_folder_give_the_same_bytes() {
    let (a, b) = (Site::empty(), Site::empty());
    assert_eq!(notion(&a, &[]).code, 0);
    let folder = fixture("notion/export");
    let r = b.run(&["import", "notion", &folder, "--into", "blog"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let strip = |site: &Site| -> Vec<_> {
        tree(&site.root().join("blog")).into_iter().filter(|(p, _)| !p.ends_with("import-report.md")).collect()
    };
    assert!(strip(&a) == strip(&b), "the zip and the folder gave different files");
    // Again, into the same folder: nothing is replaced without --force; with it, the same
    // bytes (the report no longer says "a new site").
    let before = strip(&a);
    let again = notion(&a, &[]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
    assert_eq!(notion(&a, &["--force"]).code, 0);
    assert!(strip(&a) == before, "a second import with --force changed the files");
}

/// Writes `files` into `in/`, runs the import and expects exit 1, an error with each of
/// `needles`, no panic, and no site folder.
fn fails(source: &str, files: &[(&str, &[u8])], input: &str, needles: &[&str]) {
    let site = site_with_input(files);
    let input = Path::new("in").join(input).display().to_string();
    let r = site.run(&["import", source, &input, "--into", "blog"]);
    assert_eq!(r.code, 1, "{needles:?}: {}", r.stderr);
    for n in needles {
        assert!(r.stderr.contains(n), "expected `{n}` in:\n{}", r.stderr);
    }
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(!site.exists("blog"), "{needles:?}: something was written");
}

fn backup(post: &str) -> Vec<u8> {
    format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<blog type=\"tattertools/1.1\">\n{post}\n</blog>\n")
        .into_bytes()
}

#[test]
fn malformed_tistory_inputs() {
    let whole = std::fs::read(fixture("tistory/backup.xml")).unwrap();
    fails("tistory", &[("b.xml", &whole[..whole.len() / 2])], "b.xml", &["in/b.xml:", "the XML is broken"]);
    fails("tistory", &[("b.xml", b"<rss><channel/></rss>")], "b.xml", &["root element is <rss>, expected <blog>"]);
    fails("tistory", &[("b.xml", &backup(""))], "b.xml", &["in/b.xml:1:1", "no <post>"]);
    let post = |inner: &str| backup(&format!("<post slogan=\"x\"><id>7</id><title>글</title>{inner}</post>"));
    fails(
        "tistory",
        &[(
            "b.xml",
            &post("<published>1</published><attachment><name>a.png</name><content>!!notbase64</content></attachment>"),
        )],
        "b.xml",
        &["in/b.xml:3:1", "post 7", "attachment `a.png`", "does not decode"],
    );
    fails(
        "tistory",
        &[("b.xml", &post("<published>1</published><content>[##_1C|cfile1.uf.FF.png||_##]</content>"))],
        "b.xml",
        &["post 7", "cfile1.uf.FF.png", "not among the post's <attachment>s"],
    );
    fails("tistory", &[("b.xml", &post("<published>yesterday</published>"))], "b.xml", &["post 7", "epoch seconds"]);
    fails("tistory", &[("b.xml", &post(""))], "b.xml", &["post 7", "has no date"]);
    let mut latin1 = backup("<post><id>1</id><title>caf\u{e9}</title></post>");
    let at = latin1.windows(2).position(|w| w == "é".as_bytes()).unwrap();
    latin1.splice(at..at + 2, [0xe9]);
    fails("tistory", &[("b.xml", &latin1)], "b.xml", &["in/b.xml:3:", "not UTF-8"]);
    let page = "<html><head><meta property=\"og:title\" content=\"글\">\
                <meta property=\"article:published_time\" content=\"2023-01-01T00:00:00+09:00\"></head>\
                <body><div class=\"article_view\"><img src=\"글_files/gone.png\"></div></body></html>";
    fails("tistory", &[("s/글.html", page.as_bytes())], "s", &["in/s/글.html", "글_files/gone.png is missing"]);
    fails("tistory", &[("s/a.html", b"<html><body><p>front page</p></body></html>")], "s", &["no article body found"]);
    fails("tistory", &[("s/readme.txt", b"x")], "s", &["no saved Tistory pages"]);
}

#[test]
fn malformed_notion_exports() {
    fails("notion", &[("e.zip", b"PK\x03\x04 this is not a zip at all")], "e.zip", &["in/e.zip", "not a zip archive"]);
    let evil = zip_of(&[("../evil.md".into(), b"# x\n".to_vec())]);
    fails("notion", &[("e.zip", &evil)], "e.zip", &["../evil.md", "leaves the export"]);
    let nested_evil = zip_of(&[("Part-1.zip".into(), zip_of(&[("a/../../x.md".into(), b"# x\n".to_vec())]))]);
    fails("notion", &[("e.zip", &nested_evil)], "e.zip", &["Part-1.zip/a/../../x.md", "leaves the export"]);
    let empty = zip_of(&[("__MACOSX/._a.md".into(), b"\0".to_vec())]);
    fails("notion", &[("e.zip", &empty)], "e.zip", &["no Notion pages (.md)"]);
    let bad_utf8 = zip_of(&[("a 0123456789abcdef0123456789abcdef.md".into(), b"# caf\xe9\n".to_vec())]);
    fails("notion", &[("e.zip", &bad_utf8)], "e.zip", &["a 0123456789abcdef0123456789abcdef.md:1:6", "not UTF-8"]);
    let missing = zip_of(&[("a.md".into(), b"# A\n\n![x](A/gone%20%ED%95%9C.png)\n".to_vec())]);
    fails(
        "notion",
        &[("e.zip", &missing)],
        "e.zip",
        &["e.zip/a.md", "`A`", "A/gone 한.png, which is not in the export"],
    );
    let csv = zip_of(&[
        ("db.csv".into(), b"Name,Tags\nA,\"x, y\nB,z\n".to_vec()),
        ("db/A.md".into(), b"# A\n\nbody\n".to_vec()),
    ]);
    fails("notion", &[("e.zip", &csv)], "e.zip", &["e.zip/db.csv:2:1", "never closed"]);
    let short_row = zip_of(&[("db.csv".into(), b"Name,Tags\nA\n".to_vec()), ("db/A.md".into(), b"# A\n".to_vec())]);
    fails("notion", &[("e.zip", &short_row)], "e.zip", &["db.csv:2:1", "this row has 1 cells, the header 2"]);
    fails("notion", &[("dir/notes.txt", b"x")], "dir", &["no Notion pages"]);
}

#[test]
fn help_shows_the_new_sources() {
    let r = Site::empty().run(&["import", "--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("gen import tistory backup.xml"), "{}", r.stdout);
    assert!(r.stdout.contains("gen import notion Export-"), "{}", r.stdout);
}
