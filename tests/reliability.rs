//! What hoego promises about the published folder and its input (guide: reliability.md): one
//! build at a time per output, a symbolic-linked output written into, a swap a killed build
//! left half done finished by the next build, and one rule for input it cannot read.

mod support;

use std::fs;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use support::{Site, tree};

/// Holds the lock a build of `public/` takes, as another build would.
fn hold_lock(site: &Site) -> fs::File {
    let f = fs::File::create(site.root().join(".public.hoego-lock")).unwrap();
    f.try_lock().expect("nobody else holds it");
    f
}

#[test]
fn a_build_waits_for_another_build_of_the_same_output_and_says_so() {
    let site = Site::fixture("basic");
    let held = hold_lock(&site);
    let mut child = Command::new(env!("CARGO_BIN_EXE_gen"))
        .arg("build")
        .current_dir(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The build says it waits, then waits: it has written nothing.
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(line.contains("waiting for another gen build"), "{line}");
    assert!(!site.exists("public/index.html"));
    drop(held);
    let status = child.wait().unwrap();
    assert!(status.success());
    assert!(site.exists("public/index.html"));
}

#[test]
fn past_its_lock_timeout_a_build_gives_up_with_exit_2() {
    let site = Site::fixture("basic");
    let _held = hold_lock(&site);
    let run = site.run(&["build", "--lock-timeout", "0.2"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("another gen build is writing this output"), "{}", run.stderr);
    assert!(run.stderr.contains("--lock-timeout"), "{}", run.stderr);
    assert!(!site.exists("public"));
    let bad = site.run(&["build", "--lock-timeout", "soon"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("is not a number of seconds"), "{}", bad.stderr);
}

/// Two builds started together both succeed and publish the whole site, not a mix.
#[test]
fn two_builds_at_once_publish_the_whole_site() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    let whole = tree(&site.root().join("public"));
    site.write("content/posts/2024-05-01-late.md", "---\ntitle: 늦은 글\ndate: 2024-05-01\n---\n본문\n");
    let spawn = || Command::new(env!("CARGO_BIN_EXE_gen")).args(["build", "--quiet"]).current_dir(site.root()).spawn();
    let (mut a, mut b) = (spawn().unwrap(), spawn().unwrap());
    assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
    let now = tree(&site.root().join("public"));
    assert!(now.len() > whole.len(), "the new post's pages are there");
    assert!(site.read("public/index.html").contains("늦은 글"), "the edited page is new");
    assert!(!site.exists("public/.hoego-stamps"), "the writer's notes never reach the site");
    assert_eq!(site.run(&["build", "--quiet"]).code, 0);
    assert_eq!(tree(&site.root().join("public")), now, "the same site a lone build writes");
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_is_written_into_and_stays_a_link() {
    let site = Site::fixture("basic");
    let www = site.root().join("srv/www");
    fs::create_dir_all(&www).unwrap();
    fs::write(www.join("notes.txt"), "mine").unwrap();
    std::os::unix::fs::symlink(&www, site.root().join("public")).unwrap();
    for _ in 0..2 {
        let run = site.run(&["build"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(fs::symlink_metadata(site.root().join("public")).unwrap().file_type().is_symlink());
        assert!(www.join("index.html").is_file(), "the site is in the link's target");
        assert_eq!(fs::read_to_string(www.join("notes.txt")).unwrap(), "mine");
    }
    assert!(site.exists("srv/.www.hoego-staging"), "staging goes beside the target");
    fs::remove_dir_all(&www).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link to a folder that does not exist"), "{}", run.stderr);
}

/// A build killed between the two renames of a swap (where the system has no atomic exchange)
/// left `.public.hoego-old` and no `public/`: the next build puts the old site back first, so
/// the user's files in it survive, and says so.
#[test]
fn a_half_done_swap_is_finished_by_the_next_build() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    fs::write(site.root().join("public/notes.txt"), "mine").unwrap();
    fs::create_dir_all(site.root().join("public/.git/refs/tags")).unwrap();
    fs::rename(site.root().join("public"), site.root().join(".public.hoego-old")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("restored the previous site"), "{}", run.stderr);
    assert_eq!(site.read("public/notes.txt"), "mine");
    assert!(site.root().join("public/.git/refs/tags").is_dir());
    assert_eq!(site.run(&["build"]).code, 0);
    assert_eq!(site.read("public/notes.txt"), "mine", "and the build after keeps them");
    assert!(!site.exists(".public.hoego-old"));
}
