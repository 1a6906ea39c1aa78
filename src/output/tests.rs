use super::*;

fn file(path: &str, text: &str) -> OutFile {
    OutFile {
        path: path.into(),
        body: Body::Bytes(text.as_bytes().to_vec().into()),
        origin: "test".into(),
        source: None,
    }
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
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
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
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, ["public"], "no staging folder is left behind");
}

#[test]
fn a_file_present_before_the_first_build_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
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
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
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
