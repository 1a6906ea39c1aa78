//! The crate's modules in pipeline order, and the imports that point the wrong way: from a stage
//! to a later one (issue #17). Imports are read from Rust tokens (proc-macro2's lexer: comments
//! and strings are not imports), as every `crate::<module>` path in a module's files.
//!
//! lib.rs lists its modules layer by layer, in the order of [`LAYERS`], and each module lives
//! in its layer's folder (`build/parse/markdown.rs`). The known back-edges are listed below and
//! may only shrink: a new one fails the test, and so does a listed one that is gone (delete it
//! from the list).

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use proc_macro2::{TokenStream, TokenTree};

use crate::support::repo_root;

/// Top-level modules by layer, in pipeline order, with the folder under src/ they live in. A
/// module may import its own layer and the layers before it.
const LAYERS: &[(&str, &str, &[&str])] = &[
    ("shared", "shared/", &["error", "digest", "slug", "html", "net"]),
    ("config", "build/", &["config"]),
    ("load", "build/", &["discover"]),
    (
        "parse",
        "build/parse/",
        &["frontmatter", "fields", "dates", "content", "dialect", "markdown", "codeblock", "highlight", "math"],
    ),
    ("assemble", "build/assemble/", &["urls", "links", "site", "taxonomy", "retro", "years"]),
    ("render", "build/rendering/", &["theme", "view", "yearview", "charts", "feeds", "render"]),
    ("search", "build/", &["search"]),
    ("check", "build/checking/", &["check", "external"]),
    ("write", "build/", &["output"]),
    ("orchestrate", "", &["pipeline", "blockcache", "cache"]),
    ("commands", "", &["args", "report", "serve", "scaffold", "import", "audit", "migration"]),
    ("command line", "", &["cli"]),
];

/// Imports from a stage to a later one that are there today, as `from -> to`. None: config
/// compiles the retrospective rules and resolves the highlight themes itself (`config/rules.rs`),
/// and the stages that use them import config.
const KNOWN: &[&str] = &[];

#[test]
fn no_stage_imports_a_later_one() {
    let layer = layer_of();
    let src = repo_root().join("src");
    let in_lib = read_lib_modules(&src.join("lib.rs"));
    let unplaced: Vec<&String> = in_lib.iter().filter(|m| !layer.contains_key(m.as_str())).collect();
    assert!(unplaced.is_empty(), "modules in lib.rs without a layer here: {unplaced:?}");
    let order: Vec<usize> = in_lib.iter().map(|m| layer[m.as_str()]).collect();
    assert!(order.is_sorted(), "lib.rs must list its modules layer by layer, in the order of LAYERS: {in_lib:?}");
    let listed: BTreeSet<String> = in_lib.into_iter().collect();
    assert_eq!(listed.len(), layer.len(), "LAYERS names a module lib.rs does not have");
    let misplaced: Vec<String> = LAYERS
        .iter()
        .flat_map(|(_, folder, modules)| modules.iter().map(move |m| format!("{folder}{m}")))
        .filter(|m| !src.join(format!("{m}.rs")).is_file() && !src.join(m).join("mod.rs").is_file())
        .collect();
    assert!(misplaced.is_empty(), "modules not in their layer's folder: {misplaced:?}");

    let mut back = BTreeSet::new();
    for (from, to) in edges(&src, &listed) {
        if layer[to.as_str()] > layer[from.as_str()] {
            back.insert(format!("{from} -> {to}"));
        }
    }
    let known: BTreeSet<String> = KNOWN.iter().map(|s| s.to_string()).collect();
    let new: Vec<_> = back.difference(&known).collect();
    let gone: Vec<_> = known.difference(&back).collect();
    eprintln!("{} imports from a stage to a later one: {back:#?}", back.len());
    assert!(new.is_empty(), "new imports from a stage to a later one (move the shared part down): {new:#?}");
    assert!(gone.is_empty(), "fixed, delete them from KNOWN: {gone:#?}");
}

fn layer_of() -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::new();
    for (i, (_, _, modules)) in LAYERS.iter().enumerate() {
        for m in *modules {
            assert!(out.insert(*m, i).is_none(), "{m} is in two layers");
        }
    }
    out
}

/// The modules lib.rs makes public, in order: each `pub mod x;` and the last segment of each
/// path a `pub use` names (`pub use build::parse::{content, markdown};`).
fn read_lib_modules(lib: &std::path::Path) -> Vec<String> {
    let trees: Vec<TokenTree> = tokens(lib).into_iter().collect();
    let mut out = Vec::new();
    for (i, w) in trees.windows(3).enumerate() {
        let [TokenTree::Ident(p), TokenTree::Ident(kw), next] = w else { continue };
        if p != "pub" {
            continue;
        }
        match (kw.to_string().as_str(), next) {
            ("mod", TokenTree::Ident(name)) => out.push(name.to_string()),
            ("use", _) => out.extend(used_names(&trees[i + 2..])),
            _ => {}
        }
    }
    out
}

/// The names a `use` brings in, from its path up to the `;`.
fn used_names(rest: &[TokenTree]) -> Vec<String> {
    let mut last = None;
    for tree in rest {
        match tree {
            TokenTree::Ident(id) => last = Some(id.to_string()),
            TokenTree::Group(g) => {
                let mut names = Vec::new();
                let mut current = None;
                for t in g.stream() {
                    match t {
                        TokenTree::Ident(id) => current = Some(id.to_string()),
                        TokenTree::Punct(p) if p.as_char() == ',' => names.extend(current.take()),
                        _ => {}
                    }
                }
                names.extend(current);
                return names;
            }
            TokenTree::Punct(p) if p.as_char() == ';' => break,
            _ => {}
        }
    }
    last.into_iter().collect()
}

/// Every (module, module it names as `crate::<module>`) over the files of each module.
fn edges(src: &std::path::Path, modules: &BTreeSet<String>) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.expect("src/ is readable");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src).expect("under src/");
        // The first folder or file on the way that is a module: `build/parse/markdown/links.rs`
        // is `markdown`'s.
        let names = rel.components().map(|c| c.as_os_str().to_string_lossy().trim_end_matches(".rs").to_string());
        let Some(from) = names.into_iter().find(|n| modules.contains(n)) else {
            continue; // lib.rs, main.rs, the folders' own files
        };
        let mut named = BTreeSet::new();
        crate_paths(tokens(path), &mut named);
        for to in named.into_iter().filter(|to| *to != from && modules.contains(to)) {
            out.insert((from.clone(), to));
        }
    }
    out
}

fn tokens(path: &std::path::Path) -> TokenStream {
    let text = std::fs::read_to_string(path).expect("a readable source file");
    TokenStream::from_str(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

/// The first segment after every `crate::`, and each first segment of `crate::{a, b::c}`.
fn crate_paths(stream: TokenStream, out: &mut BTreeSet<String>) {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        if let TokenTree::Group(g) = tree {
            crate_paths(g.stream(), out);
        }
        let TokenTree::Ident(id) = tree else { continue };
        if id != "crate" || !is_path_sep(&trees[i + 1..]) {
            continue;
        }
        match trees.get(i + 3) {
            Some(TokenTree::Ident(next)) => {
                out.insert(next.to_string());
            }
            Some(TokenTree::Group(g)) => first_segments(g.stream(), out),
            _ => {}
        }
    }
}

fn is_path_sep(rest: &[TokenTree]) -> bool {
    matches!(rest, [TokenTree::Punct(a), TokenTree::Punct(b), ..] if a.as_char() == ':' && b.as_char() == ':')
}

/// `a, b::c, d::{e}` -> a, b, d.
fn first_segments(stream: TokenStream, out: &mut BTreeSet<String>) {
    let mut at_start = true;
    for tree in stream {
        match tree {
            TokenTree::Ident(id) if at_start => {
                out.insert(id.to_string());
                at_start = false;
            }
            TokenTree::Punct(p) if p.as_char() == ',' => at_start = true,
            _ => at_start = false,
        }
    }
}
