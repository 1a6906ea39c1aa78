//! `gen serve` reuses parsed sources and rendered Markdown between rebuilds;
//! after any edit, a cached rebuild must equal a build from scratch, byte for byte.

use crate::support;

use hoego::cache::Cache;
use hoego::pipeline::{BuildOptions, Target, build, build_with};
use hoego::render::{Body, OutFile};
use support::Site;

fn bytes(files: &[OutFile]) -> Vec<(String, Vec<u8>)> {
    files
        .iter()
        .map(|f| {
            let b = match &f.body {
                Body::Bytes(b) => b.to_vec(),
                Body::Copy(_) | Body::Written => Vec::new(),
            };
            (f.path.clone(), b)
        })
        .collect()
}

/// Both builds wrote the same files with the same bytes; otherwise, which differ.
fn same(cached: &[OutFile], fresh: &[OutFile], what: &str) {
    let (a, b) = (bytes(cached), bytes(fresh));
    let paths = |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&a), paths(&b), "{what}: the files");
    let differ: Vec<&String> = a.iter().zip(&b).filter(|(x, y)| x.1 != y.1).map(|(x, _)| &x.0).collect();
    assert!(differ.is_empty(), "{what}: these differ from a fresh build: {differ:?}");
}

/// What `gen serve` serves after each build: an outcome that lists only the files that changed
/// replaces those and keeps the rest.
#[derive(Default)]
struct Served(std::collections::BTreeMap<String, Vec<u8>>);

impl Served {
    fn apply(&mut self, o: &hoego::pipeline::Outcome) {
        if !o.changed_only {
            self.0.clear();
        }
        for (path, b) in bytes(&o.files) {
            let known = self.0.insert(path.clone(), b).is_some();
            assert!(known || !o.changed_only, "a build that listed only changed files added {path}");
        }
    }

    fn same_as(&self, fresh: &[OutFile], what: &str) {
        let fresh: std::collections::BTreeMap<String, Vec<u8>> = bytes(fresh).into_iter().collect();
        let paths = |m: &std::collections::BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(paths(&self.0), paths(&fresh), "{what}: the files");
        let differ: Vec<&String> = self.0.iter().filter(|(p, b)| fresh.get(*p) != Some(b)).map(|(p, _)| p).collect();
        assert!(differ.is_empty(), "{what}: these differ from a fresh build: {differ:?}");
    }
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
        same(&cached.files, &fresh.files, what);
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

/// An editor, a formatter or a checkout can save a file twice within one tick of the file
/// system's clock, and the second text can have the first one's length: the file's size and
/// time say nothing changed, its bytes do.
#[test]
fn a_file_saved_again_with_the_same_size_and_time_is_parsed_again() {
    let site = Site::fixture("basic");
    let opts = BuildOptions { root: site.root().to_path_buf(), ..BuildOptions::default() };
    let cache = Cache::default();
    let rel = "content/posts/2023-01-10-first-post.md";
    site.write(rel, "---\ntitle: Before\n---\nThe first text.\n");
    build_with(&opts, Target::Memory, Some(&cache));
    let path = site.root().join(rel);
    let time = std::fs::metadata(&path).unwrap().modified().unwrap();
    site.write(rel, "---\ntitle: Behind\n---\nThe other text.\n");
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(time).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), time);
    let cached = build_with(&opts, Target::Memory, Some(&cache));
    let fresh = build(&opts, Target::Memory);
    same(&cached.files, &fresh.files, "the second save");
    let page = bytes(&cached.files).into_iter().find(|(p, _)| p.ends_with("first-post/index.html"));
    assert!(page.is_some_and(|(_, b)| String::from_utf8_lossy(&b).contains("The other text.")));
}

/// A parse is kept by the file's bytes, but what a file is comes from where the walk finds it:
/// when `content/posts/` appears in a site whose posts are in `content/blog/`, those files are
/// pages from then on, though not one of their bytes changed.
#[test]
fn a_file_the_walk_now_classes_otherwise_is_parsed_as_what_it_now_is() {
    let site = Site::empty();
    site.write("gen.toml", "title = \"블로그\"\nbase_url = \"https://example.com/\"\n");
    site.write("content/blog/2024-03-01-hello.md", "---\ntitle: 안녕\n---\n글.\n");
    let opts = BuildOptions { root: site.root().to_path_buf(), ..BuildOptions::default() };
    let cache = Cache::default();
    let first = build_with(&opts, Target::Memory, Some(&cache));
    assert!(first.files.iter().any(|f| f.path == "2024/hello/index.html"), "in blog/, a dated post");
    std::fs::create_dir(site.root().join("content/posts")).unwrap();
    cache.expect_changes(Some([std::path::PathBuf::from("content/posts")].into_iter().collect()));
    let cached = build_with(&opts, Target::Memory, Some(&cache));
    let fresh = build(&opts, Target::Memory);
    assert!(fresh.files.iter().all(|f| !f.path.starts_with("2024/")), "beside posts/, blog/ holds pages");
    same(&cached.files, &fresh.files, "after content/posts/ appeared");
}

/// The path `gen serve` takes for an edit it saw: no walk, no stat of other files, pages
/// rendered again only when what they show changed. Each edit reaches other pages (neighbours'
/// links, tag and series pages, the year page's goals and numbers), and each must equal a
/// build from scratch while most pages are reused.
#[test]
fn an_edit_the_watcher_reported_renders_only_what_shows_it_and_equals_a_fresh_build() {
    let site = Site::fixture("years");
    let opts = BuildOptions { root: site.root().to_path_buf(), ..BuildOptions::default() };
    let cache = Cache::default();
    let first = build_with(&opts, Target::Memory, Some(&cache));
    let total = first.stats.rendered;
    let served = std::cell::RefCell::new(Served::default());
    served.borrow_mut().apply(&first);
    let edit = |rel: &str, text: &str, what: &str| {
        site.write(rel, text);
        cache.expect_changes(Some([std::path::PathBuf::from(rel)].into_iter().collect()));
        let cached = build_with(&opts, Target::Memory, Some(&cache));
        let fresh = build(&opts, Target::Memory);
        assert!(cached.failure.is_none(), "{what}: {:?}", cached.diagnostics.sorted());
        served.borrow_mut().apply(&cached);
        served.borrow().same_as(&fresh.files, what);
        assert!(cached.stats.fresh > 0 && cached.stats.fresh < total, "{what}: {} of {total}", cached.stats.fresh);
        assert_eq!(cached.stats.rendered, total, "{what}: the pages the site has");
        // When no page came, went or moved and the site-wide view is the same, only the pages
        // that show what changed are rendered and listed; otherwise every file is listed.
        (cached.stats.fresh, cached.changed_only)
    };
    let kickoff = "content/posts/2021-06-01-kickoff.md";
    let (_, only) =
        edit(kickoff, "---\ntitle: 시작\ntags: [일상]\nseries: 연재\n---\n첫 글, 고쳐 씀.\n", "a body edit");
    assert!(only, "a body edit lists only the pages that show it");
    let (_, only) = edit(
        kickoff,
        "---\ntitle: 출발\ntags: [일상]\nseries: 연재\n---\n첫 글.\n",
        "a title edit: neighbours link to it",
    );
    assert!(only, "a title edit moves no page");
    let (_, only) =
        edit(kickoff, "---\ntitle: 출발\ntags: [새태그]\nseries: 연재\n---\n첫 글.\n", "a new tag: every page's menu");
    assert!(!only, "a new tag adds a page");
    let retro = "content/posts/2022-01-09-retro-2021.md";
    let goals = "---\ntitle: 회고 - 돌아보는 한 해\ntags: [회고]\ngoals: [책 12권 읽기]\n---\n지난해 회고.\n\n## 2022년 목표\n\n- [x] 블로그 24편\n";
    edit(retro, goals, "goals of a retrospective: two year pages and the archive");
    let checked = goals.replace("- [x] 블로그 24편", "- [ ] 블로그 24편");
    let (_, only) = edit(retro, &checked, "a goal unticked in the body: the year's goals change");
    assert!(only, "a task list is the body");
    let (body_only, only) =
        edit("content/years/2022.md", "---\ntitle: 2022년\n---\n**2022년은 쉰 해.**\n", "a year intro");
    assert!(only && body_only <= 2, "a year intro shows on its year page only, rendered {body_only}");
}

/// The link check keeps each page's findings while its bytes are the same; a page whose
/// anchor goes away must still break the links to it from pages that did not change.
#[test]
fn a_kept_link_check_reports_what_a_fresh_check_reports() {
    let site = Site::fixture("years");
    let opts = BuildOptions { root: site.root().to_path_buf(), ..BuildOptions::default() };
    let cache = Cache::default();
    let messages =
        |o: &hoego::pipeline::Outcome| o.diagnostics.sorted().iter().map(|d| d.to_string()).collect::<Vec<_>>();
    let target = "content/posts/2022-03-15-two-digit.md";
    site.write(target, "---\ntitle: 22년 회고 중간 점검\nslug: mid\n---\n## 점검 {#check}\n\n두 자리 연도.\n");
    // A standalone page: no list shows it, so only the fragment rule can check it again.
    site.write("content/links.md", "---\ntitle: 링크\n---\n[점검](/2022/mid/#check)\n");
    build_with(&opts, Target::Memory, Some(&cache));
    let step = |text: &str, broken: bool, what: &str| {
        site.write(target, text);
        cache.expect_changes(Some([std::path::PathBuf::from(target)].into_iter().collect()));
        let cached = build_with(&opts, Target::Memory, Some(&cache));
        let fresh = build(&opts, Target::Memory);
        assert_eq!(messages(&cached), messages(&fresh), "{what}");
        assert_eq!(messages(&cached).iter().any(|m| m.contains("#check")), broken, "{what}: {:?}", messages(&cached));
    };
    step(
        "---\ntitle: 22년 회고 중간 점검\nslug: mid\n---\n## 다른 제목\n\n두 자리 연도.\n",
        true,
        "the anchor went away",
    );
    step("---\ntitle: 22년 회고 중간 점검\nslug: mid\n---\n## 점검 {#check}\n", false, "the anchor is back");
    step("---\ntitle: 22년 회고 중간 점검\nslug: moved\n---\n## 점검 {#check}\n", true, "the page moved");
}

/// Views read the model only through accessors that note what they read, so a body edit
/// renders again the pages that show the body (the post's own page, the lists and the year
/// page) and not the pages that only link to the post by title and URL (its neighbours and the
/// other posts of its series) nor the sitemap (URLs and dates).
#[test]
fn a_body_edit_renders_the_pages_that_show_the_body_and_not_those_that_link_to_it() {
    let site = Site::fixture("years");
    let opts = BuildOptions { root: site.root().to_path_buf(), ..BuildOptions::default() };
    let cache = Cache::default();
    build_with(&opts, Target::Memory, Some(&cache));
    let rel = "content/posts/2022-05-01-count.md";
    site.write(rel, "---\ntitle: 1년차 회고\nseries: 연재\n---\n연차.\n\n조금 더 썼다.\n");
    cache.expect_changes(Some([std::path::PathBuf::from(rel)].into_iter().collect()));
    let cached = build_with(&opts, Target::Memory, Some(&cache));
    assert!(cached.changed_only, "a body edit lists only the changed pages: {:?}", cached.diagnostics.sorted());
    let again: Vec<&str> = cached.files.iter().map(|f| f.path.as_str()).collect();
    for shows in ["2022/count/index.html", "index.html", "series/연재/index.html", "2022/index.html"] {
        assert!(again.contains(&shows), "{shows} shows the body, so it is rendered again: {again:?}");
    }
    for links in ["2022/age/index.html", "2022/duration/index.html", "2021/kickoff/index.html", "sitemap.xml"] {
        assert!(!again.contains(&links), "{links} only links to the post, yet it was rendered again: {again:?}");
    }
}
