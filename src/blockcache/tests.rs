use super::*;
use crate::highlight::BlockStore;

fn store(dir: &Path, key: &str) -> DiskStore {
    DiskStore::open(dir, key, 1 << 30).unwrap_or_else(|e| panic!("{e}"))
}

/// Asks for a block; returns what came back and whether it was made now.
fn ask(s: &DiskStore, lang: &str, code: &str) -> (Option<String>, bool) {
    let mut made = false;
    let html = s.block(lang, code, &mut || {
        made = true;
        Some(format!("<b>{code}</b>"))
    });
    (html, made)
}

#[test]
fn a_block_made_once_is_read_back_by_the_next_build() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path(), "k");
    assert_eq!(ask(&s, "rust", "fn a() {}"), (Some("<b>fn a() {}</b>".into()), true));
    assert_eq!(s.finish().1, Counts { hits: 0, misses: 1 });
    let s = store(dir.path(), "k");
    assert_eq!(ask(&s, "rust", "fn a() {}"), (Some("<b>fn a() {}</b>".into()), false));
    assert!(ask(&s, "go", "fn a() {}").1, "the language is part of the key");
    assert_eq!(s.finish().1, Counts { hits: 1, misses: 1 });
}

#[test]
fn plain_blocks_are_kept_as_plain() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path(), "k");
    assert_eq!(s.block("x", "y", &mut || None), None);
    s.finish();
    let s = store(dir.path(), "k");
    assert_eq!(s.block("x", "y", &mut || Some("made".into())), None);
}

#[test]
fn another_key_is_another_hoego_and_uses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path(), "0.1.0");
    ask(&s, "rust", "x");
    s.finish();
    let s = store(dir.path(), "0.2.0");
    assert!(ask(&s, "rust", "x").1);
    s.finish();
    // The old version's pack is evicted by the build that found it useless.
    let packs = std::fs::read_dir(dir.path().join("highlight")).unwrap().count();
    assert_eq!(packs, 1);
}

fn packs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join("highlight")).unwrap().flatten().map(|e| e.path()).collect();
    v.sort();
    v
}

#[test]
fn a_damaged_entry_is_never_used() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path(), "k");
    ask(&s, "rust", "let x = 1;");
    s.finish();
    let pack = &packs(dir.path())[0];
    let mut bytes = std::fs::read(pack).unwrap();
    // The first entry's HTML starts after the header: flip one of its bytes.
    bytes[HEADER as usize + 3] ^= 0x20;
    std::fs::write(pack, &bytes).unwrap();
    let s = store(dir.path(), "k");
    assert_eq!(ask(&s, "rust", "let x = 1;"), (Some("<b>let x = 1;</b>".into()), true));
    let (notes, _) = s.finish();
    assert!(notes.iter().any(|n| n.contains("damaged entry")), "{notes:?}");
}

#[test]
fn a_torn_pack_is_ignored_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path(), "k");
    ask(&s, "rust", "a");
    ask(&s, "rust", "b");
    s.finish();
    let pack = &packs(dir.path())[0];
    let bytes = std::fs::read(pack).unwrap();
    for cut in [bytes.len() - 1, bytes.len() - 20, bytes.len() / 2, 10] {
        for p in packs(dir.path()) {
            std::fs::remove_file(p).unwrap();
        }
        std::fs::write(pack, &bytes[..cut]).unwrap();
        let s = store(dir.path(), "k");
        assert!(s.index.is_empty(), "cut at {cut}");
        assert_eq!(ask(&s, "rust", "a"), (Some("<b>a</b>".into()), true));
        let (notes, _) = s.finish();
        assert!(notes.iter().any(|n| n.contains("ignored a damaged cache file")), "{notes:?}");
        // The next build has what this one made, and the torn pack is gone.
        let s = store(dir.path(), "k");
        assert!(!ask(&s, "rust", "a").1);
        s.finish();
        assert!(!pack.exists());
    }
}

#[test]
fn a_folder_that_is_not_a_cache_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let err = DiskStore::open(dir.path(), "k", 1 << 20).err().unwrap();
    assert!(err.contains("is not hoego's cache"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn old_entries_are_evicted_when_the_cache_is_full() {
    let dir = tempfile::tempdir().unwrap();
    // Each build highlights ten blocks of its own and uses one of the build before.
    for round in 0..3 {
        let s = DiskStore::open(dir.path(), "k", 100).unwrap();
        for i in 0..10 {
            ask(&s, "rust", &format!("round {round} block {i}"));
        }
        if round > 0 {
            assert!(!ask(&s, "rust", &format!("round {} block 0", round - 1)).1);
        }
        s.finish();
        assert_eq!(packs(dir.path()).len(), 1, "past 100 bytes, each build keeps only what it used");
    }
    let s = DiskStore::open(dir.path(), "k", 100).unwrap();
    assert!(!ask(&s, "rust", "round 2 block 5").1, "the latest build's blocks stay");
    assert!(!ask(&s, "rust", "round 1 block 0").1, "a block the latest build used stays");
    assert!(ask(&s, "rust", "round 1 block 5").1, "evicted");
    assert!(ask(&s, "rust", "round 0 block 0").1, "evicted");
}

#[test]
fn many_builds_merge_their_packs() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..(MAX_PACKS + 2) {
        let s = store(dir.path(), "k");
        ask(&s, "rust", &format!("only in build {i}"));
        for j in 0..i {
            assert!(!ask(&s, "rust", &format!("only in build {j}")).1, "build {i} lost {j}");
        }
        s.finish();
        assert!(packs(dir.path()).len() <= MAX_PACKS, "{:?}", packs(dir.path()));
    }
}

#[test]
fn concurrent_builds_each_write_their_own_pack() {
    let dir = tempfile::tempdir().unwrap();
    std::thread::scope(|scope| {
        for t in 0..4 {
            let dir = dir.path();
            scope.spawn(move || {
                for round in 0..(MAX_PACKS + 1) {
                    let s = store(dir, "k");
                    for i in 0..20 {
                        let code = format!("shared {i}");
                        assert_eq!(ask(&s, "rust", &code).0, Some(format!("<b>{code}</b>")));
                        let own = format!("thread {t} round {round} {i}");
                        assert_eq!(ask(&s, "rust", &own).0, Some(format!("<b>{own}</b>")));
                    }
                    let (notes, _) = s.finish();
                    assert!(notes.is_empty(), "{notes:?}");
                }
            });
        }
    });
    let s = store(dir.path(), "k");
    for i in 0..20 {
        assert!(!ask(&s, "rust", &format!("shared {i}")).1);
    }
    let leftovers: Vec<_> = packs(dir.path()).into_iter().filter(|p| p.to_string_lossy().contains(".tmp-")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
