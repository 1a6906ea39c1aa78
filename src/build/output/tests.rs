use super::*;

fn file(path: &str, text: &str) -> OutFile {
    OutFile {
        path: path.into(),
        body: Body::Bytes(text.as_bytes().to_vec().into()),
        origin: "test".into(),
        source: None,
    }
}

/// A temporary folder, the output `public` in it and the staging folder beside that.
fn site_dirs() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (out, staging) = (dir.path().join("public"), dir.path().join(".public.hoego-staging"));
    (dir, out, staging)
}

#[test]
fn refuses_root_ancestors_and_source_folders() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    fs::create_dir_all(root.join("content/posts")).unwrap();
    assert!(check_output_dir(&root, &root).is_err());
    assert!(check_output_dir(&root, dir.path()).is_err());
    assert!(check_output_dir(&root, &root.join("content/out")).is_err());
    assert!(check_output_dir(&root, &root.join("static")).is_err());
    assert!(check_output_dir(&root, &root.join("public")).is_ok());
    assert!(check_output_dir(&root, &dir.path().join("elsewhere/public")).is_ok());
}

#[test]
fn removes_stale_files_but_keeps_foreign_ones() {
    let (dir, out, _) = site_dirs();
    write_site(&out, &[file("a/index.html", "a"), file("old/index.html", "old")]).unwrap();
    fs::write(out.join("CNAME"), "blog.example.com").unwrap();
    fs::create_dir_all(out.join(".git/objects")).unwrap();
    fs::write(out.join(".git/objects/x"), "obj").unwrap();
    write_site(&out, &[file("a/index.html", "a2"), file("b/index.html", "b")]).unwrap();
    assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "a2");
    assert_eq!(fs::read_to_string(out.join("b/index.html")).unwrap(), "b");
    assert!(!out.join("old/index.html").exists());
    assert_eq!(fs::read_to_string(out.join("CNAME")).unwrap(), "blog.example.com");
    assert_eq!(fs::read_to_string(out.join(".git/objects/x")).unwrap(), "obj");
    let mut leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        [".public.hoego-lock", ".public.hoego-staging", "public"],
        "the old output is kept for the next build, and the lock file, nothing else"
    );
}

#[test]
fn a_file_present_before_the_first_build_is_kept() {
    let (_dir, out, _) = site_dirs();
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("keep.txt"), "mine").unwrap();
    write_site(&out, &[file("index.html", "home")]).unwrap();
    assert_eq!(fs::read_to_string(out.join("keep.txt")).unwrap(), "mine");
    let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
    assert!(manifest.contains("index.html") && !manifest.contains("keep.txt"));
}

#[cfg(unix)]
#[test]
fn an_unchanged_file_is_linked_not_written_again() {
    use std::os::unix::fs::MetadataExt;
    let (_dir, out, _) = site_dirs();
    let inode = |rel: &str| fs::metadata(out.join(rel)).unwrap().ino();
    write_site(&out, &[file("a/index.html", "same"), file("b/index.html", "old"), file("c.txt", "four")]).unwrap();
    let (a, b) = (inode("a/index.html"), inode("b/index.html"));
    // A file a user edited in the output is not ours to keep: it is written again.
    fs::write(out.join("c.txt"), "fore").unwrap();
    write_site(&out, &[file("a/index.html", "same"), file("b/index.html", "new"), file("c.txt", "four")]).unwrap();
    assert_eq!(inode("a/index.html"), a, "the unchanged page is the same file");
    assert_ne!(inode("b/index.html"), b);
    assert_eq!(fs::read_to_string(out.join("b/index.html")).unwrap(), "new");
    assert_eq!(fs::read_to_string(out.join("c.txt")).unwrap(), "four");
}

/// Every file under `dir` but the manifest, with its text.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_type().is_dir() && e.file_name() != MANIFEST)
        .map(|e| (spare::rel_string(e.path().strip_prefix(dir).unwrap()), fs::read_to_string(e.path()).unwrap()))
        .collect()
}

fn expect(files: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
    files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect()
}

#[test]
fn builds_into_the_kept_folder_give_exactly_the_new_site() {
    let (_dir, out, staging) = site_dirs();
    // Each build is written into the output of the build before last: x is a file where the
    // kept folder has a folder x/, and the other way round.
    let builds: [&[(&str, &str)]; 6] = [
        &[("a/index.html", "a"), ("x", "x-file"), ("gone/deep/index.html", "g")],
        &[("a/index.html", "a"), ("x", "x-file"), ("b/index.html", "b")],
        &[("a/index.html", "a2"), ("x/index.html", "x-folder"), ("gone/deep/index.html", "g")],
        &[("a/index.html", "a2"), ("x/index.html", "x-folder")],
        &[("a/index.html", "a3"), ("x", "x-file-2"), ("b/index.html", "b"), ("gone/index.html", "shallow")],
        &[("a/index.html", "a3"), ("x", "x-file-2")],
    ];
    for (i, files) in builds.into_iter().enumerate() {
        let outs: Vec<OutFile> = files.iter().map(|(p, t)| file(p, t)).collect();
        write_site(&out, &outs).unwrap();
        assert_eq!(tree(&out), expect(files));
        // The first build has no old output to keep, only its notes (see `stamps`).
        let kept = fs::read_dir(&staging).unwrap().count() > 1;
        assert_eq!(kept, i > 0, "the old output is kept as the next staging folder");
    }
    assert!(!out.join("gone").exists() && !out.join("b").exists(), "folders no file is in are removed");
}

#[cfg(unix)]
#[test]
fn an_unchanged_file_is_left_where_it_is_in_the_kept_folder() {
    use std::os::unix::fs::MetadataExt;
    let (_dir, out, staging) = site_dirs();
    for text in ["one", "two", "three"] {
        write_site(&out, &[file("same/index.html", "same"), file("changing.txt", text)]).unwrap();
    }
    let id = |p: &Path| fs::metadata(p).unwrap().ino();
    assert_eq!(id(&out.join("same/index.html")), id(&staging.join("same/index.html")), "one file, two names");
    assert_ne!(id(&out.join("changing.txt")), id(&staging.join("changing.txt")));
    assert_eq!(fs::read_to_string(staging.join("changing.txt")).unwrap(), "two", "the kept folder is the old site");
    assert_eq!(fs::read_to_string(out.join("changing.txt")).unwrap(), "three");
}

#[test]
fn a_foreign_file_deleted_from_the_output_stays_deleted() {
    let (_dir, out, _) = site_dirs();
    write_site(&out, &[file("index.html", "home")]).unwrap();
    fs::write(out.join("CNAME"), "blog.example.com").unwrap();
    write_site(&out, &[file("index.html", "home")]).unwrap();
    write_site(&out, &[file("index.html", "home")]).unwrap();
    assert_eq!(tree(&out), expect(&[("CNAME", "blog.example.com"), ("index.html", "home")]));
    fs::remove_file(out.join("CNAME")).unwrap();
    write_site(&out, &[file("index.html", "home")]).unwrap();
    write_site(&out, &[file("index.html", "home")]).unwrap();
    assert_eq!(tree(&out), expect(&[("index.html", "home")]), "the kept folder's copy is not brought back");
}

#[cfg(unix)]
#[test]
fn a_link_in_the_kept_folder_is_never_written_through() {
    let (dir, out, staging) = site_dirs();
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::create_dir_all(&staging).unwrap();
    std::os::unix::fs::symlink(&elsewhere, staging.join("a")).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("f.txt"), staging.join("f.txt")).unwrap();
    write_site(&out, &[file("a/index.html", "a"), file("f.txt", "f")]).unwrap();
    assert_eq!(tree(&out), expect(&[("a/index.html", "a"), ("f.txt", "f")]));
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0, "nothing was written through the links");
}

#[cfg(unix)]
#[test]
fn names_in_the_kept_folder_that_are_not_utf8_are_removed() {
    use std::os::unix::ffi::OsStrExt;
    let (_dir, out, staging) = site_dirs();
    let odd = std::ffi::OsStr::from_bytes(b"odd\xff");
    fs::create_dir_all(staging.join(odd)).unwrap();
    fs::write(staging.join(odd).join("x.html"), "x").unwrap();
    fs::write(staging.join(odd).with_extension("html"), "y").unwrap();
    write_site(&out, &[file("index.html", "home")]).unwrap();
    write_site(&out, &[file("index.html", "home")]).unwrap();
    let names: Vec<_> = fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(names.iter().all(|n| n.to_str().is_some()), "{names:?}");
    assert_eq!(tree(&out), expect(&[("index.html", "home")]));
}

#[test]
fn an_unfinished_build_leaves_the_output_alone_and_the_next_one_is_whole() {
    let (_dir, out, _) = site_dirs();
    write_site(&out, &[file("a/index.html", "a"), file("b/index.html", "b")]).unwrap();
    write_site(&out, &[file("a/index.html", "a"), file("b/index.html", "b")]).unwrap();
    let staging = Staging::begin(lock(&out, &LockWait::default()).unwrap()).unwrap();
    staging.put("a/index.html", &file("", "half").body).unwrap();
    staging.put("c/index.html", &file("", "c").body).unwrap();
    drop(staging);
    assert_eq!(tree(&out), expect(&[("a/index.html", "a"), ("b/index.html", "b")]));
    write_site(&out, &[file("b/index.html", "b2")]).unwrap();
    assert_eq!(tree(&out), expect(&[("b/index.html", "b2")]));
}

#[cfg(unix)]
fn set_mtime(p: &Path, secs: u64) {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
    fs::File::options().write(true).open(p).unwrap().set_modified(t).unwrap();
}

/// Two builds of `a.html` = "one"; then the published file is edited in place to "two" (same
/// size and inode), its time set to 2001, and a note says it holds "one". Returns what
/// [`site_dirs`] does.
#[cfg(unix)]
fn edited_behind_a_note() -> (tempfile::TempDir, PathBuf, PathBuf) {
    use std::io::Write;
    let (dir, out, staging) = site_dirs();
    build_one(&out);
    build_one(&out);
    assert!(staging.join(stamps::STAMPS).is_file() && !out.join(stamps::STAMPS).exists(), "notes are not published");
    let a = out.join("a.html");
    fs::File::options().write(true).open(&a).unwrap().write_all(b"two").unwrap();
    set_mtime(&a, 1_000_000_000);
    let key = FileKey::of(&fs::metadata(&a).unwrap()).unwrap();
    stamps::write(&staging, &mut [("a.html".into(), Stamp { hash: stamps::hash(b"one"), file: key })]).unwrap();
    (dir, out, staging)
}

#[cfg(unix)]
fn build_one(out: &Path) {
    write_site(out, &[file("a.html", "one")]).unwrap();
}

#[cfg(unix)]
#[test]
fn a_note_on_a_published_file_is_trusted_only_while_the_file_is_as_left() {
    let (_dir, out, _) = edited_behind_a_note();
    let a = out.join("a.html");
    build_one(&out);
    assert_eq!(fs::read_to_string(&a).unwrap(), "two", "the note was trusted: the file was not read");
    // Once its time changes, the file is compared byte by byte and written again.
    set_mtime(&a, 1_000_000_001);
    build_one(&out);
    assert_eq!(fs::read_to_string(&a).unwrap(), "one");
}

#[cfg(unix)]
#[test]
fn a_note_as_new_as_the_notes_file_is_not_trusted() {
    let (_dir, out, staging) = edited_behind_a_note();
    // The notes file has the same time as the file: an edit in that tick would not show.
    set_mtime(&staging.join(stamps::STAMPS), 1_000_000_000);
    build_one(&out);
    assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "one");
}

/// `cd public && git init`, then a build: git's empty folders (`refs/tags`, `objects/info`) are
/// still there, or git no longer sees a repository. A foreign empty folder the user removes
/// stays removed.
#[test]
fn empty_folders_the_user_made_are_carried_over() {
    let (_dir, out, _) = site_dirs();
    write_site(&out, &[file("a/index.html", "a")]).unwrap();
    for d in [".git/refs/heads", ".git/refs/tags", ".git/objects/info", "empty"] {
        fs::create_dir_all(out.join(d)).unwrap();
    }
    fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    write_site(&out, &[file("a/index.html", "a2")]).unwrap();
    for d in [".git/refs/heads", ".git/refs/tags", ".git/objects/info", "empty"] {
        assert!(out.join(d).is_dir(), "{d} kept");
    }
    assert_eq!(fs::read_to_string(out.join(".git/HEAD")).unwrap(), "ref: refs/heads/main\n");
    fs::remove_dir(out.join("empty")).unwrap();
    write_site(&out, &[file("a/index.html", "a3")]).unwrap();
    write_site(&out, &[file("a/index.html", "a4")]).unwrap();
    assert!(!out.join("empty").exists(), "not brought back from the kept folder");
    assert!(out.join(".git/refs/tags").is_dir());
}
