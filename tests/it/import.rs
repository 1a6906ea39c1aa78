//! `gen import`: the fixtures in tests/fixtures/import/ (written for these tests) imported into
//! new sites with the real binary, which then build and check with no error; a table pins each
//! post's date, file, URL, tags, aliases and files; snapshots pin the Markdown written; and
//! malformed inputs fail with a message naming the file and write nothing.

use crate::support;

use std::path::{Path, PathBuf};

use support::imported::{self, builds_clean, json, site_with_input};
use support::{Run, Site, tree};

fn fixture(rel: &str) -> String {
    support::repo_root().join("tests/fixtures/import").join(rel).display().to_string()
}

fn wordpress(site: &Site, extra: &[&str]) -> Run {
    let (xml, uploads) = (fixture("wordpress/export.xml"), fixture("wordpress/uploads"));
    let mut args = vec!["import", "wordpress", &xml, "--into", "blog", "--uploads", &uploads];
    args.extend_from_slice(extra);
    site.run(&args)
}

fn velog(site: &Site, extra: &[&str]) -> Run {
    let dir = fixture("velog/backup");
    let mut args = vec!["import", "velog", &dir, "--into", "blog"];
    args.extend_from_slice(extra);
    site.run(&args)
}

#[test]
fn wordpress_round_trip_table() {
    let site = Site::empty();
    let report = json(&wordpress(&site, &["--format", "json"]));
    let rows: Vec<String> = report["items"].as_array().unwrap().iter().map(|v| imported::row(v, true)).collect();
    let expected = [
        // 15:30 GMT on New Year's Eve is 00:30 on January 1 in Seoul; the slug is the decoded
        // wp:post_name; the resized image falls back to the original in --uploads; WordPress's
        // plain address (`/?p=ID`, `/?page_id=ID` for pages; a draft's link is one) is an alias.
        "2024-01-01T00:30:00+09:00 | content/posts/2023년-회고/index.md | /2024/2023년-회고/ | 회고,Rust | /2023/12/31/2023년-회고/,/?p=10 | 한강-야경.png,retro-cover.png | retro-cover.png",
        "2023-06-10T21:00:00+09:00 | content/posts/rust-cli/index.md | /2023/rust-cli/ | Rust,CLI | /2023/06/10/rust-cli/,/?p=11 | terminal.png,gallery-1.png,gallery-2.png | -",
        // A draft never published: GMT 0000-00-00, its local date read in the blog's +09:00.
        "2023-12-31T23:50:00+09:00 | content/posts/2023-12-31-쓰다-만-글.md | /2023/쓰다-만-글/ | - | /?p=12 | - | - | draft",
        "2023-03-03T09:00:00+09:00 | content/posts/2023-03-03-private-memo.md | /2023/private-memo/ | - | /2023/03/03/private-memo/ | - | - | draft",
        "2030-01-01T09:00:00+09:00 | content/posts/2030-01-01-plan-2030.md | /2030/plan-2030/ | - | /?p=14 | - | - | draft",
        "- | content/about.md | /about/ | - | /?page_id=30 | - | -",
        "- | content/about/연락처.md | /about/연락처/ | - | /?page_id=31 | - | -",
    ];
    assert_eq!(rows, expected);
    assert_eq!(report["files_copied"], 5);
    assert_eq!(report["notes"].as_array().unwrap().len(), 2, "nav menu item and trashed post skipped");
    let lost: Vec<&str> =
        report["items"][1]["not_carried"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
    assert_eq!(
        lost,
        [
            "taxonomy `post_format`: Aside",
            "unknown shortcode [contact-form-7]: shown as written",
            "embedded <iframe> https://www.youtube.com/embed/abc123: now a link",
            "sticky (pinned to the front page)",
            "remote image https://i.imgur.com/remote-demo.png",
        ]
    );
    assert_eq!(report["items"][0]["not_carried"][0], "2 comments (1 approved): not imported");
}

#[test]
fn wordpress_import_builds_checks_and_puts_the_retrospective_on_its_year() {
    let site = Site::empty();
    let r = wordpress(&site, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Imported 5 posts and 2 pages"), "{}", r.stdout);
    assert!(site.exists("blog/gen.toml") && !site.exists("blog/content/posts/2024-01-01-hello.md"));
    assert!(site.read("blog/gen.toml").contains("title = \"새벽 세 시의 개발 일지\""));
    let report = site.read("blog/import-report.md");
    assert!(report.contains("remote image https://i.imgur.com/remote-demo.png"), "{report}");
    builds_clean(&site);
    // "2023년 회고", published on January 1 2024, looks back on 2023.
    let year = site.read("blog/public/2023/index.html");
    assert!(year.contains("2023년 회고"), "the 2023 page lacks its retrospective");
    // The old permalink redirects to the new address.
    let old = site.read("blog/public/2023/12/31/2023년-회고/index.html");
    assert!(old.contains("url=/2024/"), "{old}");
    // So do WordPress's plain addresses, from the home page that a static host serves for them.
    let home = site.read("blog/public/index.html");
    assert!(home.contains(r#""?p=10":"/2024/2023%EB%85%84-%ED%9A%8C%EA%B3%A0/""#), "{home}");
    assert!(home.contains(r#""?page_id=30":"/about/""#), "{home}");
    assert!(site.exists("blog/public/2024/2023년-회고/한강-야경.png"));
}

#[test]
fn wordpress_markdown_snapshots() {
    let site = Site::empty();
    assert_eq!(wordpress(&site, &[]).code, 0);
    insta::assert_snapshot!("wordpress_gutenberg_post", site.read("blog/content/posts/2023년-회고/index.md"));
    insta::assert_snapshot!("wordpress_classic_post", site.read("blog/content/posts/rust-cli/index.md"));
    insta::assert_snapshot!("wordpress_draft", site.read("blog/content/posts/2023-12-31-쓰다-만-글.md"));
}

#[test]
fn wordpress_without_uploads_keeps_images_remote_and_lists_them() {
    let site = Site::empty();
    let xml = fixture("wordpress/export.xml");
    let report = json(&site.run(&["import", "wordpress", &xml, "--into", "blog", "--format", "json"]));
    assert_eq!(report["files_copied"], 0);
    assert_eq!(report["items"][0]["file"], "content/posts/2024-01-01-2023년-회고.md");
    let lost = report["items"][0]["not_carried"].to_string();
    assert!(lost.contains("remote image https://blog.example.kr/wp-content/uploads/2023/12/retro-cover.png"), "{lost}");
    let md = site.read("blog/content/posts/2024-01-01-2023년-회고.md");
    assert!(md.contains("(https://blog.example.kr/wp-content/uploads/2023/12/%ed%95%9c"), "{md}");
    builds_clean(&site);
}

#[test]
fn velog_round_trip_table_and_snapshots() {
    let site = Site::empty();
    let report = json(&velog(&site, &["--format", "json"]));
    let rows: Vec<String> = report["items"].as_array().unwrap().iter().map(|v| imported::row(v, true)).collect();
    assert_eq!(
        rows,
        [
            // 15:00Z on December 31 is January 1 in Seoul; the image the backup saved moves in.
            "2024-01-01T00:00:00+09:00 | content/posts/useeffect-의존성-배열-제대로-쓰기/index.md | /2024/useeffect-의존성-배열-제대로-쓰기/ | React,Hooks | - | 3f2a9c1e-deps.png | -",
            "2023-05-02T18:10:11+09:00 | content/posts/2023-05-02-타입스크립트-제네릭-입문.md | /2023/타입스크립트-제네릭-입문/ | TypeScript,제네릭 | - | - | -",
            "2022-12-30T20:20:33+09:00 | content/posts/2022-12-30-2022년-회고.md | /2022/2022년-회고/ | 회고,커리어 | - | - | https://velog.velcdn.com/images/devminji/post/0b6f5e4a-1111-4222-8333-444455556666/thumb.png",
        ]
    );
    assert_eq!(report["items"][1]["series"], "타입스크립트 입문");
    // A raw <img> (Velog users size images that way) is listed like a Markdown image.
    let lost = report["items"][1]["not_carried"].to_string();
    assert!(
        lost.contains(
            "remote image https://velog.velcdn.com/images/devminji/post/7b1d2c3e-0000-4000-8000-000000000002/small.png"
        ),
        "{lost}"
    );
    let lost = report["items"][2]["not_carried"].to_string();
    assert!(
        lost.contains(
            "remote image https://velog.velcdn.com/images/devminji/post/0b6f5e4a-1111-4222-8333-444455556666/desk.jpg"
        ),
        "{lost}"
    );
    builds_clean(&site);
    assert!(site.read("blog/public/2022/index.html").contains("2022년 회고: 첫 이직"));
    insta::assert_snapshot!(
        "velog_backup_quotes",
        site.read("blog/content/posts/useeffect-의존성-배열-제대로-쓰기/index.md")
    );
    insta::assert_snapshot!(
        "velog_plain_shape",
        site.read("blog/content/posts/2023-05-02-타입스크립트-제네릭-입문.md")
    );
    insta::assert_snapshot!("velog_graphql_json", site.read("blog/content/posts/2022-12-30-2022년-회고.md"));
}

/// The files of the imported site, by path, without the report (which says whether the site
/// was new).
fn files(site: &Site) -> Vec<(PathBuf, Vec<u8>)> {
    tree(&site.root().join("blog")).into_iter().filter(|(p, _)| p != Path::new("import-report.md")).collect()
}

fn same(a: &[(PathBuf, Vec<u8>)], b: &[(PathBuf, Vec<u8>)]) {
    let names = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(a), names(b));
    for ((p, x), (_, y)) in a.iter().zip(b) {
        assert!(x == y, "{} differs", p.display());
    }
}

#[test]
fn imports_are_deterministic_and_replace_nothing_without_force() {
    let (a, b) = (Site::empty(), Site::empty());
    assert_eq!(wordpress(&a, &[]).code, 0);
    assert_eq!(wordpress(&b, &[]).code, 0);
    same(&tree(&a.root().join("blog")), &tree(&b.root().join("blog")));
    let before = tree(&a.root().join("blog"));
    let again = wordpress(&a, &[]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("blog/content/posts/rust-cli/index.md: error: exists already"), "{}", again.stderr);
    assert!(again.stderr.contains("nothing was written"), "{}", again.stderr);
    same(&tree(&a.root().join("blog")), &before);
    let before = files(&a);
    assert_eq!(wordpress(&a, &["--force"]).code, 0);
    same(&files(&a), &before);
    // A second source into the same site: its report replaces the first import's.
    let r = velog(&a, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(a.read("blog/import-report.md").contains("gen import velog"));
}

#[test]
fn an_existing_site_keeps_its_files_and_time_zone() {
    let site = Site::fixture("basic");
    let conf = site.read("gen.toml");
    site.write("gen.toml", &format!("timezone = \"UTC\"\n{conf}"));
    let before = site.read("content/about.md");
    let dir = fixture("velog/backup");
    let report = json(&site.run(&["import", "velog", &dir, "--format", "json"]));
    // In UTC the New Year's Eve post stays on December 31.
    assert_eq!(report["items"][0]["date"], "2023-12-31T15:00:00+00:00");
    assert_eq!(report["new_site"], false);
    assert_eq!(site.read("content/about.md"), before);
    assert_eq!(site.read("gen.toml"), format!("timezone = \"UTC\"\n{conf}"));
    let b = site.run(&["build"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
}

#[test]
fn help_shows_an_example_per_source() {
    let r = Site::empty().run(&["import", "--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("gen import wordpress export.xml"), "{}", r.stdout);
    assert!(r.stdout.contains("gen import velog"), "{}", r.stdout);
    assert!(r.stdout.contains("--uploads") && r.stdout.contains("--fetch-images"), "{}", r.stdout);
}

/// A small HTTP server on loopback that answers every request with the same bytes.
fn serve(body: &'static [u8], requests: usize) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let addr = server.server_addr().to_ip().unwrap();
    std::thread::spawn(move || {
        for req in server.incoming_requests().take(requests) {
            let _ = req.respond(tiny_http::Response::from_data(body));
        }
    });
    format!("http://{addr}")
}

fn velog_json(site: &Site, image: &str) -> PathBuf {
    let post = serde_json::json!({"data": {"post": {
        "title": "이미지 글", "released_at": "2023-03-01T00:00:00.000Z", "url_slug": "image-post",
        "tags": [], "body": format!("![그림]({image})\n")
    }}});
    site.write("in/post.json", &post.to_string());
    site.root().join("in")
}

#[test]
fn fetch_images_downloads_into_the_bundle() {
    let site = Site::empty();
    let base = serve(b"\x89PNG fake", 1);
    let dir = velog_json(&site, &format!("{base}/images/u/post/abc/사진.png"));
    let r = site.run(&["import", "velog", dir.to_str().unwrap(), "--into", "blog", "--fetch-images"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("1 downloaded"), "{}", r.stdout);
    assert_eq!(std::fs::read(site.root().join("blog/content/posts/image-post/사진.png")).unwrap(), b"\x89PNG fake");
    assert!(site.read("blog/content/posts/image-post/index.md").contains("![그림](사진.png)"));
}

#[test]
fn fetch_images_fails_clearly_without_a_server_and_writes_nothing() {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    let site = Site::empty();
    let dir = velog_json(&site, "http://127.0.0.1:1/a.png");
    let r = site.run(&["import", "velog", dir.to_str().unwrap(), "--into", "blog", "--fetch-images"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("http://127.0.0.1:1/a.png: error: cannot download it"), "{}", r.stderr);
    assert!(!site.exists("blog"));
}

#[test]
fn fetch_images_gives_up_on_a_server_that_never_answers() {
    // A listener that accepts and stays silent: the request's deadline ends it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let _held: Vec<_> = listener.incoming().take(1).collect();
        std::thread::sleep(std::time::Duration::from_secs(60));
    });
    let site = Site::empty();
    let dir = velog_json(&site, &format!("http://{addr}/slow.png"));
    let started = std::time::Instant::now();
    let r = site.run(&["import", "velog", dir.to_str().unwrap(), "--into", "blog", "--fetch-images"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(started.elapsed().as_secs() < 30, "took {:?}", started.elapsed());
    assert!(r.stderr.contains("cannot download it"), "{}", r.stderr);
    assert!(!site.exists("blog"));
}

/// Writes `files` into `in/`, runs the import and expects `code`, an error naming `needle`,
/// and no site folder.
fn fails(source: &str, files: &[(&str, &[u8])], input: &str, extra: &[&str], code: i32, needle: &str) {
    let site = site_with_input(files);
    let input = Path::new("in").join(input).display().to_string();
    let mut args = vec!["import", source, &input, "--into", "blog"];
    args.extend_from_slice(extra);
    let r = site.run(&args);
    assert_eq!(r.code, code, "{needle}: {}", r.stderr);
    assert!(r.stderr.contains(needle), "expected `{needle}` in:\n{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(!site.exists("blog"), "{needle}: something was written");
}

fn wxr(items: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\"?>\n<rss xmlns:wp=\"http://wordpress.org/export/1.2/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>t</title>\
         <link>https://b.kr</link><wp:wxr_version>1.2</wp:wxr_version>{items}</channel></rss>"
    )
    .into_bytes()
}

#[test]
fn malformed_wordpress_exports() {
    let whole = std::fs::read(fixture("wordpress/export.xml")).unwrap();
    let truncated = &whole[..whole.len() / 2];
    fails("wordpress", &[("x.xml", truncated)], "x.xml", &[], 1, "in/x.xml:");
    fails("wordpress", &[("x.xml", truncated)], "x.xml", &[], 1, "the XML is broken");
    fails(
        "wordpress",
        &[("x.xml", b"title,date\nhello,2023\n")],
        "x.xml",
        &[],
        1,
        "in/x.xml:1:1: error: not a WordPress export",
    );
    let mut bad = wxr("<item><title>a</title></item>");
    bad.splice(60..60, [0xff, 0xfe]);
    fails("wordpress", &[("x.xml", &bad)], "x.xml", &[], 1, "in/x.xml:2:");
    fails("wordpress", &[("x.xml", &bad)], "x.xml", &[], 1, "not UTF-8");
    fails(
        "wordpress",
        &[("x.xml", b"<rss><channel><title>t</title></channel></rss>")],
        "x.xml",
        &[],
        1,
        "no <wp:wxr_version>",
    );
    fails("wordpress", &[("x.xml", &wxr(""))], "x.xml", &[], 1, "the export has no posts or pages");
    let undated = wxr(
        "\n<item><title>날짜 없음</title><wp:post_id>5</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>",
    );
    fails("wordpress", &[("x.xml", &undated)], "x.xml", &[], 1, "in/x.xml:3:1: error: `날짜 없음` has no date");
    // An image the --uploads copy does not have.
    let missing = wxr("<item><title>그림</title><wp:post_id>5</wp:post_id><wp:post_type>post</wp:post_type>\
        <wp:status>publish</wp:status><wp:post_date_gmt>2023-01-01 00:00:00</wp:post_date_gmt>\
        <content:encoded><![CDATA[<img src=\"https://b.kr/wp-content/uploads/2023/01/gone.png\">]]></content:encoded></item>");
    fails(
        "wordpress",
        &[("x.xml", &missing), ("uploads/keep", b"")],
        "x.xml",
        &["--uploads", "in/uploads"],
        1,
        "missing attachment: https://b.kr/wp-content/uploads/2023/01/gone.png",
    );
    fails("wordpress", &[], "nope.xml", &[], 2, "in/nope.xml: error: no such file or folder");
    fails("wordpress", &[("x.xml", &wxr(""))], "x.xml", &["--uploads", "in/none"], 2, "--uploads: not a folder");
}

#[test]
fn malformed_velog_backups() {
    let good = "---\ntitle: 좋은 글\ndate: 2023-01-01T00:00:00.000Z\n---\n본문\n".as_bytes();
    fails("velog", &[], "", &[], 1, "no Velog posts here");
    fails("velog", &[("a.json", b"{\"data\": {\"posts\": []}}")], "", &[], 1, "in/a.json:1:1: error: not a Velog post");
    fails("velog", &[("a.json", b"{\"title\": \"x\",\n \"body\": ")], "", &[], 1, "in/a.json:2:");
    fails("velog", &[("a.json", b"[1, 2]")], "", &[], 1, "not a Velog post");
    fails("velog", &[("a.md", b"# just markdown\n")], "", &[], 1, "in/a.md:1:1: error: no front matter");
    fails(
        "velog",
        &[("a.md", b"---\ntitle: x\ndate: yesterday\n---\n")],
        "",
        &[],
        1,
        "in/a.md:3:7: error: date: invalid date `yesterday`",
    );
    fails("velog", &[("a.md", b"---\ntitle: x\n")], "", &[], 1, "the front matter is not closed");
    fails("velog", &[("a.md", b"---\ndate: 2023-01-01\n---\n")], "", &[], 1, "no `title`");
    fails("velog", &[("a.md", b"---\ntitle: \xff\xfe\n---\n")], "", &[], 1, "in/a.md:2:8: error: not UTF-8");
    // One bad file among good ones: nothing of the good ones is written either.
    fails("velog", &[("good.md", good), ("bad.json", b"{")], "", &[], 1, "in/bad.json:1:");
    fails("velog", &[("good.md", good)], "", &["--uploads", "in"], 2, "--uploads is for `gen import wordpress`");
}

#[test]
fn a_file_in_the_way_stops_the_import_before_anything_is_written() {
    let site = Site::empty();
    site.write("blog/content/posts/2023-05-02-타입스크립트-제네릭-입문.md", "mine\n");
    let r = velog(&site, &[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("타입스크립트-제네릭-입문.md: error: exists already"), "{}", r.stderr);
    let files: Vec<_> = tree(&site.root().join("blog")).into_iter().map(|(p, _)| p).collect();
    assert_eq!(files, [PathBuf::from("content/posts/2023-05-02-타입스크립트-제네릭-입문.md")]);
    assert_eq!(site.read("blog/content/posts/2023-05-02-타입스크립트-제네릭-입문.md"), "mine\n");
}
