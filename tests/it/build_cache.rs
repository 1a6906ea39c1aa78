//! The persistent build cache (`.hoego-cache/`) makes a build faster, never different: output
//! with a warm cache is byte for byte the output of `--no-cache`, after edits, after a change of
//! a highlight option, under another hoego's key, with a torn cache file, and with builds
//! running at once.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{copy_dir, repo_root, tree};

fn gen_build(root: &Path, out: &Path, extra: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(["build", "--quiet", "--timings", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(extra)
        .output()
        .expect("gen runs");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{stderr}");
    stderr
}

/// Builds with the cache into `out`, and with `--no-cache` beside it; the two must be equal.
/// Returns the cached build's stderr.
fn same_as_without_cache(root: &Path, out: &Path) -> String {
    let stderr = gen_build(root, out, &[]);
    let plain = out.with_extension("no-cache");
    gen_build(root, &plain, &["--no-cache"]);
    assert_same(out, &plain);
    stderr
}

fn assert_same(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    let names = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&ta), names(&tb));
    for ((path, x), (_, y)) in ta.iter().zip(&tb) {
        assert!(x == y, "{} differs with the cache", path.display());
    }
}

/// "N from the build cache, M highlighted" from `--timings`.
fn counts(stderr: &str) -> (usize, usize) {
    let line = stderr.lines().find(|l| l.contains("from the build cache")).unwrap_or_else(|| panic!("{stderr}"));
    let n: Vec<usize> = line.split_whitespace().filter_map(|w| w.trim_end_matches(',').parse().ok()).collect();
    (n[0], n[1])
}

fn example_blog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["content", "themes"] {
        copy_dir(&repo_root().join(sub), &dir.path().join(sub));
    }
    std::fs::copy(repo_root().join("gen.toml"), dir.path().join("gen.toml")).unwrap();
    dir
}

#[test]
fn the_example_blog_is_the_same_with_a_warm_cache() {
    let site = example_blog();
    let outs = tempfile::tempdir().unwrap();
    let cold = same_as_without_cache(site.path(), &outs.path().join("cold"));
    let (hits, made) = counts(&cold);
    assert!(hits == 0 && made > 50, "{cold}");
    let warm = same_as_without_cache(site.path(), &outs.path().join("warm"));
    assert_eq!(counts(&warm), (made, 0), "{warm}");
    assert!(site.path().join(".hoego-cache/CACHEDIR.TAG").is_file());
}

const SNIPPETS: &[(&str, &str)] = &[
    ("rust", "fn main() {\n    let v: Vec<u32> = (1..=N).collect();\n    println!(\"{:?}\", v);\n}"),
    (
        "java",
        "public class A {\n    public static void main(String[] args) {\n        System.out.println(N);\n    }\n}",
    ),
    ("typescript", "export const f = (x: number): number => x * N;"),
    ("jsx", "const App = () => <div className=\"a\">{N}</div>;"),
    ("sql", "SELECT id, count(*) FROM orders WHERE total > N GROUP BY 1;"),
    ("yaml", "spec:\n  replicas: N\n  template:\n    metadata: {}"),
    ("bash", "set -euo pipefail\nfor i in $(seq N); do echo \"$i\"; done"),
    ("go", "package main\n\nfunc main() {\n\tprintln(N)\n}"),
    ("python", "def f(n=N):\n    return [x * x for x in range(n)]"),
    ("json", "{\"replicas\": N, \"enabled\": true}"),
    ("diff", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old N\n+new N"),
    ("dockerfile", "FROM alpine:3.N\nRUN apk add --no-cache curl"),
    ("klingon", "qapla' N"),
    ("", "plain <b>N</b> & more"),
];

/// A blog of `posts` posts, each with blocks in every language above (and a plain fence).
fn code_heavy(posts: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gen.toml"), "title = \"Code\"\nbase_url = \"https://c.example/\"\n").unwrap();
    std::fs::create_dir_all(dir.path().join("content/posts")).unwrap();
    for i in 0..posts {
        let mut body = format!("---\ntitle: \"코드 {i}\"\ndate: 2024-01-{:02}\n---\n첫 문단.\n\n", i % 28 + 1);
        for (j, (lang, code)) in SNIPPETS.iter().enumerate() {
            let code = code.replace('N', &(i * 31 + j).to_string());
            body.push_str(&format!("## {lang} {j}\n\n```{lang}\n{code}\n```\n\n"));
        }
        std::fs::write(dir.path().join(format!("content/posts/p{i}.md")), body).unwrap();
    }
    dir
}

#[test]
fn a_code_heavy_blog_is_the_same_after_edits_and_option_changes() {
    let site = code_heavy(12);
    let outs = tempfile::tempdir().unwrap();
    let first = same_as_without_cache(site.path(), &outs.path().join("1"));
    assert_eq!(counts(&first).0, 0);
    // An edit to one block: only it is highlighted again.
    let post = site.path().join("content/posts/p3.md");
    let text = std::fs::read_to_string(&post).unwrap().replace("fn main()", "fn main_edited()");
    std::fs::write(&post, text).unwrap();
    let edited = same_as_without_cache(site.path(), &outs.path().join("2"));
    assert_eq!(counts(&edited).1, 1, "{edited}");
    // Another highlight theme changes the stylesheets, not the blocks.
    let toml = site.path().join("gen.toml");
    let mut conf = std::fs::read_to_string(&toml).unwrap();
    conf.push_str("[markdown]\nhighlight_theme = \"GitHub,Dracula\"\nsmart_punctuation = false\n");
    std::fs::write(&toml, &conf).unwrap();
    same_as_without_cache(site.path(), &outs.path().join("3"));
    // Highlighting off: the cache is not used at all.
    std::fs::write(&toml, conf.replace("[markdown]\n", "[markdown]\nhighlight = false\n")).unwrap();
    let off = same_as_without_cache(site.path(), &outs.path().join("4"));
    assert!(!off.contains("from the build cache"), "{off}");
}

#[test]
fn another_version_of_hoego_uses_none_of_the_blocks() {
    use hoego::pipeline::{BuildOptions, Target, build};
    let site = code_heavy(3);
    let outs = tempfile::tempdir().unwrap();
    let run = |key: Option<&str>, out: &str| {
        let opts = BuildOptions {
            root: site.path().to_path_buf(),
            cache_key: key.map(str::to_owned),
            overrides: hoego::config::Overrides { output_dir: Some(outs.path().join(out)), ..Default::default() },
            ..BuildOptions::default()
        };
        let outcome = build(&opts, Target::Disk);
        assert!(outcome.failure.is_none(), "{:?}", outcome.diagnostics);
        outcome.stats.cache
    };
    let made = run(Some("hoego 1"), "a").unwrap().misses;
    assert_eq!(run(Some("hoego 1"), "b").unwrap().hits, made);
    let bumped = run(Some("hoego 2"), "c").unwrap();
    assert_eq!((bumped.hits, bumped.misses), (0, made));
    assert_eq!(run(None, "d"), None);
    for out in ["a", "b", "c"] {
        assert_same(&outs.path().join(out), &outs.path().join("d"));
    }
}

/// The equality tests above are only worth something if the cache is read: a forged entry (with
/// a good checksum) under the real key shows up in the page.
#[test]
fn what_the_cache_holds_is_what_the_page_gets() {
    use hoego::highlight::BlockStore;
    let site = code_heavy(1);
    let outs = tempfile::tempdir().unwrap();
    let key = hoego::blockcache::FINGERPRINT;
    let store = hoego::blockcache::DiskStore::open(&site.path().join(".hoego-cache"), key, 1 << 20).unwrap();
    // The code as Markdown hands it over: with its last newline.
    let code = SNIPPETS[4].1.replace('N', "4") + "\n";
    store.block("sql", &code, &mut || Some("<pre>FORGED</pre>".into()));
    store.finish();
    gen_build(site.path(), &outs.path().join("a"), &[]);
    let page = std::fs::read_to_string(outs.path().join("a/2024/p0/index.html")).unwrap();
    assert!(page.contains("<pre>FORGED</pre>"), "the cache was not read");
}

#[test]
fn a_torn_cache_file_is_ignored_with_a_warning() {
    let site = code_heavy(4);
    let outs = tempfile::tempdir().unwrap();
    same_as_without_cache(site.path(), &outs.path().join("1"));
    let packs = site.path().join(".hoego-cache/highlight");
    let pack = std::fs::read_dir(&packs).unwrap().next().unwrap().unwrap().path();
    let bytes = std::fs::read(&pack).unwrap();
    std::fs::write(&pack, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let torn = same_as_without_cache(site.path(), &outs.path().join("2"));
    assert!(torn.contains("warning: ignored a damaged cache file"), "{torn}");
    assert_eq!(counts(&torn).0, 0);
    // A flipped byte inside an entry's HTML: that entry is highlighted again.
    let pack = std::fs::read_dir(&packs).unwrap().next().unwrap().unwrap().path();
    let mut bytes = std::fs::read(&pack).unwrap();
    bytes[40] ^= 0x01;
    std::fs::write(&pack, &bytes).unwrap();
    let flipped = same_as_without_cache(site.path(), &outs.path().join("3"));
    assert!(flipped.contains("warning: ignored a damaged entry"), "{flipped}");
}

#[test]
fn builds_running_at_once_share_the_cache() {
    let site = code_heavy(8);
    let outs = tempfile::tempdir().unwrap();
    gen_build(site.path(), &outs.path().join("reference"), &["--no-cache"]);
    for round in 0..3 {
        let children: Vec<_> = (0..4)
            .map(|i| {
                Command::new(env!("CARGO_BIN_EXE_gen"))
                    .args(["build", "--quiet", "--root"])
                    .arg(site.path())
                    .arg("--output")
                    .arg(outs.path().join(format!("r{round}-{i}")))
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for (i, child) in children.into_iter().enumerate() {
            let o = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert!(o.status.success() && stderr.is_empty(), "{stderr}");
            assert_same(&outs.path().join(format!("r{round}-{i}")), &outs.path().join("reference"));
        }
    }
}

#[test]
fn a_cache_folder_that_is_not_hoegos_is_left_alone() {
    let site = code_heavy(1);
    let toml = site.path().join("gen.toml");
    let conf = std::fs::read_to_string(&toml).unwrap() + "[cache]\ndir = \"notes\"\n";
    std::fs::write(&toml, conf).unwrap();
    std::fs::create_dir(site.path().join("notes")).unwrap();
    std::fs::write(site.path().join("notes/todo.txt"), "mine").unwrap();
    let outs = tempfile::tempdir().unwrap();
    let stderr = same_as_without_cache(site.path(), &outs.path().join("a"));
    assert!(stderr.contains("is not hoego's cache"), "{stderr}");
    assert_eq!(std::fs::read_dir(site.path().join("notes")).unwrap().count(), 1);
}
