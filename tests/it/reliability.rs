//! What hoego promises about the published folder and its input (guide: reliability.md): one
//! build at a time per output, a symbolic-linked output written into, a swap a killed build
//! left half done finished by the next build, and one rule for input it cannot read.

use crate::support;

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

/// Input hoego cannot read is an error at its path, exit 1: a post that silently went missing
/// would publish a smaller blog as if nothing happened.
#[cfg(unix)]
fn fails_at(site: &Site, path: &str, says: &str) {
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = run.stderr.lines().find(|l| l.contains(path)).unwrap_or_else(|| panic!("{path}: {}", run.stderr));
    assert!(line.contains("error") && line.contains(says), "{line}");
    assert!(!site.exists("public"), "nothing is published");
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_site_folder_is_not_followed_unless_allowed() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("passwd.md"), "---\ntitle: 비밀\ndate: 2024-01-01\n---\nroot:x:0:0\n").unwrap();
    let site = Site::fixture("basic");
    symlink(outside.path(), site.root().join("content/posts/etc")).unwrap();
    symlink(outside.path().join("passwd.md"), site.root().join("static/passwd.txt")).unwrap();
    fails_at(&site, "content/posts/etc", "leads out of the site folder");
    fails_at(&site, "static/passwd.txt", "follow_symlinks = true");
    // A link inside the site folder is fine; so is one out of it, once allowed.
    fs::create_dir_all(site.root().join("shared")).unwrap();
    fs::write(site.root().join("shared/note.txt"), "공유").unwrap();
    symlink("../../shared/note.txt", site.root().join("content/posts/note.txt")).unwrap();
    let toml = fs::read_to_string(site.root().join("gen.toml")).unwrap();
    fs::write(site.root().join("gen.toml"), format!("follow_symlinks = true\n{toml}")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read("public/passwd.txt").contains("root:x"));
    assert!(
        walkdir::WalkDir::new(site.root().join("public")).into_iter().any(|e| e.unwrap().file_name() == "note.txt")
    );
}

#[cfg(unix)]
#[test]
fn broken_links_loops_and_fifos_are_errors_at_their_path() {
    use std::os::unix::fs::symlink;
    let site = Site::fixture("basic");
    symlink("nowhere.md", site.root().join("content/posts/gone.md")).unwrap();
    fails_at(&site, "content/posts/gone.md", "broken symbolic link");
    fs::remove_file(site.root().join("content/posts/gone.md")).unwrap();
    symlink("..", site.root().join("content/posts/loop")).unwrap();
    fails_at(&site, "content/posts/loop", "symbolic link loop");
    fs::remove_file(site.root().join("content/posts/loop")).unwrap();
    let fifo = site.root().join("content/posts/pipe.md");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    fails_at(&site, "content/posts/pipe.md", "not a regular file");
}

/// Root reads every folder, so this runs only where asked, as another user:
/// `su nobody -s /bin/sh -c "$PWD/target/debug/deps/reliability-<hash> --ignored unreadable"`.
#[cfg(unix)]
#[test]
#[ignore = "needs a user that permissions apply to (not root); see the comment"]
fn an_unreadable_folder_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::fixture("basic");
    let locked = site.root().join("content/posts/locked");
    fs::create_dir_all(&locked).unwrap();
    fs::write(locked.join("2024-01-01-x.md"), "---\ntitle: x\n---\n").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    assert!(fs::read_dir(&locked).is_err(), "this user reads folders without permission: run it as another user");
    fails_at(&site, "content/posts/locked", "permission denied");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
}
