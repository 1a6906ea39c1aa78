//! The repository root is the example blog: it must build with no warnings, reproducibly.

use crate::support;

use std::process::Command;

use support::{repo_root, tree};

fn build_example(out: &std::path::Path, threads: &str) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(["build", "--root"])
        .arg(repo_root())
        .arg("--output")
        .arg(out)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("gen runs");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn example_blog_builds_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = build_example(&dir.path().join("public"), "2");
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "the example blog must build cleanly:\n{stderr}");
    let posts: usize = stdout.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0);
    assert!(posts >= 20, "at least 20 posts: {stdout}");
    let out = dir.path().join("public");
    let years: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    assert!(years.len() >= 5, "posts span at least five years: {years:?}");
    assert!(out.join("about/index.html").exists());
    // Search comes with the build: the page, and an index that holds every post.
    assert!(out.join("search/index.html").exists() && out.join("pagefind/pagefind.js").exists());
    let fragments = std::fs::read_dir(out.join("pagefind/fragment")).unwrap().count();
    assert!(fragments > posts, "one fragment per post and page: {fragments} for {posts} posts");
}

/// A copy of the example blog whose every file has the modification time `mtime`.
fn copy_with_mtime(mtime: std::time::SystemTime) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["content", "themes"] {
        support::copy_dir(&repo_root().join(sub), &dir.path().join(sub));
    }
    std::fs::copy(repo_root().join("gen.toml"), dir.path().join("gen.toml")).unwrap();
    for e in walkdir::WalkDir::new(dir.path()).into_iter().map(|e| e.unwrap()).filter(|e| e.file_type().is_file()) {
        std::fs::File::options().write(true).open(e.path()).unwrap().set_modified(mtime).unwrap();
    }
    dir
}

#[test]
fn example_blog_output_is_byte_identical_across_mtimes_and_thread_counts() {
    let day = std::time::Duration::from_secs(86_400);
    let (a, b) = (copy_with_mtime(std::time::UNIX_EPOCH + day), copy_with_mtime(std::time::SystemTime::now() - day));
    let build = |root: &std::path::Path, threads: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_gen"))
            .args(["build", "--quiet", "--root"])
            .arg(root)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    build(a.path(), "1");
    build(b.path(), "3");
    let (ta, tb) = (tree(&a.path().join("public")), tree(&b.path().join("public")));
    let names = |t: &[(std::path::PathBuf, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&ta), names(&tb));
    for ((path, x), (_, y)) in ta.iter().zip(&tb) {
        assert!(x == y, "{} differs between runs", path.display());
    }
}
