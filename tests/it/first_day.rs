//! The first hour of a newcomer (issue: the first day): the tour as the README gives it, the
//! short flags, and front-matter mistakes that Korean titles make.

use crate::support;

use support::Site;

/// `gen new site my-blog`, then the commands it prints, run where they say: every step works
/// and the site builds and checks with no warning.
#[test]
fn the_tour_works_as_printed() {
    let home = Site::empty();
    let made = home.run(&["new", "site", "my-blog"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let next: Vec<&str> = made.stdout.lines().skip_while(|l| *l != "Next:").skip(1).map(str::trim).collect();
    assert_eq!(next[0], "cd my-blog", "{}", made.stdout);
    assert_eq!(next[1], "gen new post \"첫 글\"");
    assert!(next[2].starts_with("gen serve") && next[3].starts_with("gen build"), "{next:?}");
    let site = Site { dir: tempfile::tempdir().unwrap() };
    support::copy_dir(&home.root().join("my-blog"), site.root());
    for args in [&["new", "post", "첫 글"][..], &["new", "retro"], &["check"], &["build"]] {
        let r = site.run(args);
        assert_eq!(r.code, 0, "gen {args:?}: {}", r.stderr);
        assert!(r.stderr.is_empty(), "gen {args:?} warns: {}", r.stderr);
    }
    let about = site.read("public/about/index.html");
    assert!(about.contains("회고를 기록합니다"), "the starter's about page has text");
}

#[test]
fn common_options_have_short_flags() {
    let site = Site::fixture("basic");
    let r = site.run(&["build", "-q", "-o", "out", "-r", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "-q is --quiet: {}", r.stdout);
    assert!(site.exists("out/index.html"), "-o is --output");
}

#[test]
fn a_colon_in_a_title_says_to_quote_it_with_the_line_to_write() {
    let site = Site::fixture("basic");
    site.write("content/posts/2024-03-01-colon.md", "---\ntitle: 장애 회고: 레디스가 죽었다\n---\n본문\n");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1);
    let line = r.stderr.lines().find(|l| l.contains("2024-03-01-colon.md:2:")).expect(&r.stderr);
    assert!(line.contains("must be quoted; write the line as title: \"장애 회고: 레디스가 죽었다\""), "{line}");
}

/// YAML cuts `title: C# 입문 #1` at ` #` without an error: the post would show "C# 입문".
#[test]
fn a_value_cut_at_a_hash_is_a_warning_at_the_hash() {
    let site = Site::fixture("basic");
    site.write("content/posts/2024-03-02-hash.md", "---\ntitle: C# 입문 #1\ntags: [c#]\n---\n본문\n");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r.stderr.lines().find(|l| l.contains("2024-03-02-hash.md:2:14:")).expect(&r.stderr);
    assert!(line.contains("warning: `title` is read as `C# 입문`") && line.contains("title: \"C# 입문 #1\""), "{line}");
    // Quoted, it is what was meant, and nothing is said.
    site.write("content/posts/2024-03-02-hash.md", "---\ntitle: \"C# 입문 #1\"\n---\n본문\n");
    let r = site.run(&["build"]);
    assert!(!r.stderr.contains("hash.md"), "{}", r.stderr);
    assert!(site.read("public/2024/hash/index.html").contains("C# 입문 #1"));
}

/// The starter's menu may link /tags/ and /categories/ before any post has one: the pages
/// exist with an empty state instead of failing the build with a broken link.
#[test]
fn taxonomy_pages_in_the_menu_exist_before_any_post_has_a_tag() {
    let home = Site::empty();
    assert_eq!(home.run(&["new", "site", "b"]).code, 0);
    let toml = home.read("b/gen.toml");
    let menu = "\n[[menu]]\nname = \"태그\"\nurl = \"/tags/\"\n\n[[menu]]\nname = \"분류\"\nurl = \"/categories\"\n";
    home.write("b/gen.toml", &format!("{toml}{menu}"));
    for args in [&["build", "-r", "b"][..], &["check", "-r", "b"]] {
        let r = home.run(args);
        assert_eq!(r.code, 0, "gen {args:?}: {}", r.stderr);
    }
    for page in ["b/public/tags/index.html", "b/public/categories/index.html"] {
        assert!(home.read(page).contains("<p class=\"empty\">아직 없습니다."), "{page}");
    }
}

/// A new blog of one year: the archive's chart is one bar of its usual size (it was a 44 x 150
/// box stretched to the column, a bar 1,600 px tall) and there is no empty goals timeline.
#[test]
fn a_one_year_archive_is_one_small_bar_and_no_empty_timeline() {
    let home = Site::empty();
    assert_eq!(home.run(&["new", "site", "b"]).code, 0);
    assert_eq!(home.run(&["build", "-r", "b"]).code, 0);
    let archive = home.read("b/public/archive/index.html");
    assert!(
        archive.contains("class=\"chart chart-years\" viewBox=\"0 0 48 160\" width=\"48\" height=\"160\""),
        "{archive}"
    );
    assert!(!archive.contains("goals-timeline"), "no goals, no timeline heading");
}
