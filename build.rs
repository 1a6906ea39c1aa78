//! Embeds the default theme (`themes/default/**`) in the binary, so a site without a `themes/`
//! folder still builds. Generates a sorted `(path, bytes)` table in OUT_DIR.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let theme = root.join("themes/default");
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    files.sort();
    let mut out = String::from(
        "/// The default theme's files: (path relative to the theme, contents).\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={}", abs.display());
        out.push_str(&format!("    ({rel:?}, include_bytes!({:?})),\n", abs.display().to_string()));
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("embedded_theme.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
    highlight_fingerprint(&root);
}

/// What a highlighted block depends on besides its language and code: the highlighting code
/// and the versions of the crates that parse it. Keys the build cache (src/blockcache.rs), so a
/// hoego built from other sources never uses blocks another one highlighted.
fn highlight_fingerprint(root: &Path) {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for file in ["src/build/parse/highlight.rs", "src/blockcache.rs"] {
        let path = root.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        // A moved file must fail the build, not key the cache by nothing.
        let code = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (moved? update build.rs)", path.display()));
        code.hash(&mut h);
    }
    let lock = root.join("Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock.display());
    let lock = fs::read_to_string(lock).unwrap_or_default();
    const CRATES: &[&str] = &["syntect", "two-face", "onig", "onig_sys", "fancy-regex"];
    for package in lock.split("[[package]]") {
        let name = package.lines().find_map(|l| l.strip_prefix("name = ")).unwrap_or("").trim_matches('"');
        if CRATES.contains(&name) {
            package.hash(&mut h);
        }
    }
    println!("cargo:rustc-env=HOEGO_HIGHLIGHT_FINGERPRINT={:016x}", h.finish());
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(base, &path, files);
        } else if let Ok(rel) = path.strip_prefix(base) {
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            files.push((rel, path));
        }
    }
}
