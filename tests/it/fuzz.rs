//! Fuzzing on stable Rust: a mutation fuzzer without coverage guidance (nightly, and so
//! `cargo fuzz`, is not available here). The engine is `tests/it/fuzzer/`; how to run it is in
//! tests/README.md.
//!
//! Targets: `frontmatter` (split + parse, and a whole source file from bytes), `markdown`
//! (render with smart punctuation, highlighting and math on), `dialect` (Liquid, Hugo,
//! kramdown, Obsidian rewritten, then rendered with the attributes found), `config` (gen.toml)
//! and `site` (a small site written to a temporary folder and built in memory).
//!
//! `cargo test` runs a short pass of each (the harness tests itself) and replays every input in
//! tests/fixtures/fuzz-regressions/. The long run is ignored unless asked for:
//! `HOEGO_FUZZ_SECS=450 cargo test --release --test it fuzz:: -- --ignored --nocapture`.

use crate::fuzzer;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use fuzzer::{Budget, Settings, Target, seeds};
use hoego::discover::{Kind, Source};
use hoego::markdown::{LinkResolver, MdOptions};

fn tz() -> &'static jiff::tz::TimeZone {
    static TZ: OnceLock<jiff::tz::TimeZone> = OnceLock::new();
    TZ.get_or_init(|| jiff::tz::db().get("Asia/Seoul").expect("bundled tzdb"))
}

fn highlighter() -> &'static hoego::highlight::Highlighter {
    static H: OnceLock<hoego::highlight::Highlighter> = OnceLock::new();
    H.get_or_init(hoego::highlight::Highlighter::default)
}

/// The options a site with every Markdown switch on renders with.
fn site_options<'a>(attributes: &'a [hoego::dialect::Attributes]) -> MdOptions<'a> {
    MdOptions {
        smart_punctuation: true,
        external_links_new_tab: true,
        highlighter: Some(highlighter()),
        math: true,
        attributes,
    }
}

/// Links to `.md` files lead to a post; everything else is kept as written.
struct Links;
impl LinkResolver for Links {
    fn resolve(&self, dest: &str) -> Option<String> {
        dest.split('#').next().filter(|p| p.ends_with(".md")).map(|p| format!("/2024/{}/", p.trim_end_matches(".md")))
    }

    fn page_href(&self) -> Option<String> {
        Some("/2024/fuzz/".into())
    }
}

/// A few sources for the dialect stage to find by name.
struct Sources;
impl hoego::dialect::Sources for Sources {
    fn post_named(&self, stem: &str) -> Option<String> {
        stem.starts_with("2020").then(|| format!("posts/{stem}.md"))
    }

    fn by_name(&self, name: &str) -> Option<String> {
        name.len().is_multiple_of(2).then(|| format!("posts/{name}.md"))
    }

    fn has(&self, rel: &str) -> bool {
        rel.len().is_multiple_of(3)
    }

    fn href(&self, rel: &str) -> Option<String> {
        Some(format!("/{rel}/"))
    }
}

fn frontmatter(input: &[u8]) {
    let text = String::from_utf8_lossy(input);
    if let Ok(split) = hoego::frontmatter::split(&text) {
        let _ = hoego::frontmatter::parse(&split);
    }
    let src = Source {
        path: "content/posts/2024-01-02-fuzz.md".into(),
        rel: "posts/2024-01-02-fuzz.md".into(),
        kind: Kind::Post,
        bundle: None,
    };
    let (_, diags) = hoego::content::parse_bytes(&src, input, tz());
    diags.iter().for_each(|d| drop(d.to_string()));
}

fn markdown(input: &[u8]) {
    let body = String::from_utf8_lossy(input);
    let r = hoego::markdown::render(&body, site_options(&[]), &Links);
    for l in &r.links {
        assert!(l.offset <= body.len() && l.line >= 1 && l.col >= 1, "link place out of the body: {l:?}");
    }
}

fn dialect(input: &[u8]) {
    let body = String::from_utf8_lossy(input);
    let opts = hoego::dialect::Options { wikilinks: true };
    let Some(rw) = hoego::dialect::rewrite(&body, &Sources, opts) else {
        return;
    };
    let r = hoego::markdown::render(&rw.text, site_options(&rw.attributes), &Links);
    for l in &r.links {
        let at = rw.source_offset(l.offset);
        assert!(at <= body.len(), "a link maps to {at}, past the body ({})", body.len());
    }
    for n in &rw.notes {
        assert!(n.offset <= body.len() && n.line >= 1, "note out of the body: {n:?}");
    }
}

fn config(input: &[u8]) {
    let text = String::from_utf8_lossy(input);
    let root = Path::new("/nonexistent/fuzz-site");
    let mut diags = hoego::error::Diagnostics::default();
    let _ = hoego::config::parse(root, &root.join("gen.toml"), &text, &Default::default(), &mut diags);
    diags.sorted().iter().for_each(|d| drop(d.to_string()));
}

/// The site target's folder, one per thread, emptied before each input.
fn site_dir() -> PathBuf {
    thread_local! {
        static DIR: tempfile::TempDir = tempfile::tempdir().expect("temp dir");
    }
    DIR.with(|d| d.path().to_path_buf())
}

/// `=== <path>` lines split the input into files (text before the first one is gen.toml).
/// Paths stay inside the folder; odd names are the point, so little else is changed.
fn site(input: &[u8]) {
    let root = site_dir();
    if let Ok(entries) = std::fs::read_dir(&root) {
        for e in entries.flatten() {
            let p = e.path();
            let _ = if p.is_dir() { std::fs::remove_dir_all(&p) } else { std::fs::remove_file(&p) };
        }
    }
    let text = String::from_utf8_lossy(input);
    for (i, part) in text.split("=== ").enumerate().take(24) {
        let (name, content) = match part.split_once('\n') {
            _ if i == 0 => ("gen.toml", part),
            Some((name, content)) => (name, content),
            None => (part, ""),
        };
        let Some(rel) = inside(name) else { continue };
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(&path, content);
    }
    let opts = hoego::pipeline::BuildOptions { root: root.clone(), ..Default::default() };
    let out = hoego::pipeline::build(&opts, hoego::pipeline::Target::Memory);
    out.diagnostics.sorted().iter().for_each(|d| drop(d.to_string()));
}

/// A relative path under the site: no `..`, no root, no NUL; components cut to 200 bytes.
/// Files outside content/, static/ and templates/ (other than gen.toml) go to content/posts/.
fn inside(name: &str) -> Option<PathBuf> {
    let parts: Vec<String> = name
        .trim_end_matches('\r')
        .split('/')
        .filter(|c| !c.is_empty() && *c != "." && *c != "..")
        .map(|c| {
            c.replace('\0', "_")
                .chars()
                .scan(0, |n, ch| {
                    *n += ch.len_utf8();
                    (*n <= 200).then_some(ch)
                })
                .collect()
        })
        .collect();
    let first = parts.first()?;
    let mut rel = PathBuf::new();
    if !(matches!(first.as_str(), "content" | "static" | "templates") || parts.len() == 1 && first == "gen.toml") {
        rel.push("content/posts");
    }
    parts.iter().for_each(|p| rel.push(p));
    Some(rel)
}

/// The targets with their seeds. The short pass (`long` false, a debug build) takes only the
/// repository's own files up to 4 KiB and mutants as long: the hostile seeds and the
/// regressions (replayed by their own test) take seconds each there.
fn targets(long: bool) -> Vec<Target> {
    let with = |v: Vec<Vec<u8>>, target: &str, hostile: Vec<Vec<u8>>| {
        if !long {
            return v.into_iter().filter(|s| s.len() <= 4 << 10).collect();
        }
        let mut v = v;
        v.extend(seeds::regressions(target));
        v.extend(hostile);
        v
    };
    let max = |len: usize| if long { len } else { len.min(4 << 10) };
    const NAMES: &[&str] = &[
        "=== content/posts/2023-01-01-a.md\n",
        "=== content/posts/한글 제목.md\n",
        "=== content/posts/a/index.md\n",
        "=== content/posts/\u{1112}\u{1161}\u{11ab}.md\n",
        "=== content/posts/a#b?.md\n",
        "=== static/x.png\n",
        "=== templates/post.html\n",
        "=== content/about.md\n",
        "=== gen.toml\n",
        "{{ page.title }}",
        "{% for p in posts %}",
    ];
    vec![
        Target {
            name: "frontmatter",
            run: frontmatter,
            seeds: with(seeds::markdown_files(), "frontmatter", seeds::hostile_front_matter()),
            tokens: &[],
            max_len: max(256 << 10),
        },
        Target {
            name: "markdown",
            run: markdown,
            seeds: with(seeds::markdown_bodies(), "markdown", seeds::hostile_markdown()),
            tokens: &[],
            max_len: max(256 << 10),
        },
        Target {
            name: "dialect",
            run: dialect,
            seeds: with(seeds::markdown_bodies(), "dialect", seeds::hostile_markdown()),
            tokens: &[],
            max_len: max(256 << 10),
        },
        Target {
            name: "config",
            run: config,
            seeds: with(seeds::config_files(), "config", seeds::hostile_config()),
            tokens: &[],
            max_len: max(64 << 10),
        },
        Target {
            name: "site",
            run: site,
            seeds: with(seeds::site_scripts(), "site", seeds::hostile_sites()),
            tokens: NAMES,
            max_len: max(128 << 10),
        },
    ]
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Fuzzes one target on a thread with a build worker's stack; returns the report.
fn fuzz(target: Target, settings: Settings) -> fuzzer::Report {
    fuzzer::on_worker_stack(move || fuzzer::run(&target, &settings))
}

/// The short pass in a debug build: up to `seeds` seeds (spread over the list), then `mutants`.
fn smoke(name: &str, seeds: usize, mutants: u64) {
    let mut target = targets(false).into_iter().find(|t| t.name == name).expect("target");
    let step = target.seeds.len().div_ceil(seeds).max(1);
    target.seeds = target.seeds.into_iter().step_by(step).collect();
    let seed = env_u64("HOEGO_FUZZ_SEED").unwrap_or(1);
    let total = target.seeds.len() as u64 + mutants;
    let report = fuzz(target, Settings::new(Budget::Iterations(total), seed));
    println!("{}", report.summary());
    assert!(report.crashes.is_empty(), "{}", report.summary());
}

#[test]
fn smoke_frontmatter() {
    smoke("frontmatter", 40, 200);
}

#[test]
fn smoke_markdown() {
    smoke("markdown", 30, 150);
}

#[test]
fn smoke_dialect() {
    smoke("dialect", 30, 150);
}

#[test]
fn smoke_config() {
    smoke("config", 20, 200);
}

/// A build in a debug build takes about 0.4 s: a few only.
#[test]
fn smoke_site() {
    smoke("site", 2, 2);
}

/// The harness itself: a panic is caught and its input kept; a slow input is kept apart.
#[test]
fn the_harness_keeps_what_panics_and_what_is_slow() {
    fn picky(input: &[u8]) {
        assert!(!input.contains(&b'!'), "a bang");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let target =
        Target { name: "picky", run: picky, seeds: vec![b"ok".to_vec(), b"no!".to_vec()], tokens: &[], max_len: 64 };
    let mut settings = Settings::new(Budget::Iterations(2), 1);
    settings.out_dir = dir.path().to_path_buf();
    let report = fuzz(target, settings.clone());
    assert_eq!(report.crashes.len(), 1, "{}", report.summary());
    assert!(report.crashes[0].message.contains("tests/it/fuzz.rs") && report.crashes[0].message.contains("a bang"));
    assert_eq!(std::fs::read(&report.crashes[0].file).expect("kept"), b"no!");
    assert!(!dir.path().join("picky-in-progress").exists(), "removed after a run that ends");
    (settings.slow, settings.budget) = (Duration::ZERO, Budget::Iterations(1));
    let target = Target { name: "picky", run: picky, seeds: vec![b"ok".to_vec()], tokens: &[], max_len: 64 };
    let report = fuzz(target, settings);
    assert!(report.slow.len() == 1 && report.slow[0].file.to_string_lossy().contains("picky-slow-"));
}

/// The long run: `HOEGO_FUZZ_SECS` per target (default 60), `HOEGO_FUZZ_SEED` (default: the
/// time), `HOEGO_FUZZ_TARGETS` (comma-separated names; default all), one target after another.
#[test]
#[ignore = "long: run with --ignored, see tests/README.md"]
fn long_run() {
    let secs = env_u64("HOEGO_FUZZ_SECS").unwrap_or(60);
    let seed = env_u64("HOEGO_FUZZ_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_secs())
    });
    let only = std::env::var("HOEGO_FUZZ_TARGETS").unwrap_or_default();
    let mut failed = false;
    for target in targets(true) {
        if !only.is_empty() && !only.split(',').any(|n| n.trim() == target.name) {
            continue;
        }
        println!("fuzz {}: {} seeds, {secs} s, seed {seed}", target.name, target.seeds.len());
        let report = fuzz(target, Settings::new(Budget::Time(Duration::from_secs(secs)), seed));
        println!("{}", report.summary());
        failed |= !report.crashes.is_empty();
    }
    println!("findings are in {}", fuzzer::crash_dir().display());
    assert!(!failed, "the fuzzer found panics (above)");
}

/// Runs one file on the target its name starts with; a panic shows as usual.
fn replay_file(path: &Path) -> Duration {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let target = targets(true).into_iter().find(|t| name.starts_with(&format!("{}-", t.name)));
    let target = target.unwrap_or_else(|| panic!("{name}: the name must start with a target name and `-`"));
    let input = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let run = target.run;
    fuzzer::on_worker_stack(move || {
        let t = std::time::Instant::now();
        run(&input);
        t.elapsed()
    })
}

/// Every input that once crashed or was slow still runs (timing is the benches' job).
#[test]
fn regressions_replay() {
    for path in seeds::files(&seeds::regression_dir(), &|p| !p.ends_with("README.md")) {
        let took = replay_file(&path);
        println!("{}: {:.3} s", path.display(), took.as_secs_f64());
    }
}

/// `HOEGO_FUZZ_REPLAY=<file> cargo test --release --test it fuzz::replay -- --nocapture`: one input
/// again, with its panic and backtrace. `HOEGO_FUZZ_REPLAY=<target>:<seed>:<iteration>` makes
/// that iteration's input of a long run again (the slowest are printed that way), writes it to
/// the findings folder and runs it.
#[test]
fn replay() {
    let Some(file) = std::env::var_os("HOEGO_FUZZ_REPLAY") else { return };
    let file = match file.to_str().map(|f| f.split(':').collect::<Vec<_>>()).as_deref() {
        Some([name, seed, i]) => {
            let target = targets(true).into_iter().find(|t| t.name == *name).expect("a target name");
            let (seed, i) = (seed.parse().expect("a seed"), i.parse().expect("an iteration"));
            std::fs::create_dir_all(fuzzer::crash_dir()).expect("findings folder");
            fuzzer::save(&fuzzer::crash_dir(), name, &format!("{seed}-{i}-"), &fuzzer::input(&target, seed, i)).into()
        }
        _ => file,
    };
    let took = replay_file(Path::new(&file));
    println!("{}: ran in {:.3} s", Path::new(&file).display(), took.as_secs_f64());
}
