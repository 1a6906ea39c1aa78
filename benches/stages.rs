//! Micro-benchmarks of the pipeline's stages (divan): front matter, Markdown, highlighting,
//! building the example blog in memory (which renders every post and year page), and writing.
//! `cargo bench --bench stages`. Numbers, not pass/fail: targets live in docs/performance.md.

use std::path::{Path, PathBuf};

use hoego::content::parse_bytes;
use hoego::discover::{Kind, Source};
use hoego::highlight::Highlighter;
use hoego::markdown::{LinkResolver, MdOptions};
use hoego::pipeline::{BuildOptions, Target};

fn main() {
    divan::main();
}

fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample_post() -> String {
    std::fs::read_to_string(example_root().join("content/posts/2023-12-31-retrospective-2023.md"))
        .expect("example post")
}

struct NoLinks;
impl LinkResolver for NoLinks {
    fn resolve(&self, _: &str) -> Option<String> {
        None
    }
}

#[divan::bench]
fn front_matter(b: divan::Bencher) {
    let text = sample_post();
    let src = Source { path: "a.md".into(), rel: "posts/a.md".into(), kind: Kind::Post, bundle: None };
    let tz = jiff::tz::db().get("Asia/Seoul").expect("bundled tzdb");
    b.bench(|| parse_bytes(&src, divan::black_box(text.as_bytes()), &tz));
}

#[divan::bench]
fn markdown(b: divan::Bencher) {
    let text = sample_post();
    let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text).to_owned();
    let opts = MdOptions { smart_punctuation: true, ..MdOptions::default() };
    b.bench(|| hoego::markdown::render(divan::black_box(&body), opts, &NoLinks));
}

/// 20,000 identical headings (hostile input; heading ids were quadratic: 20.6 s at 10,000).
/// The target is under 1 s (docs/performance.md).
#[divan::bench(sample_count = 3)]
fn markdown_20k_identical_headings(b: divan::Bencher) {
    let body = "## 같은 제목\n\n".repeat(20_000);
    b.bench(|| hoego::markdown::render(divan::black_box(&body), MdOptions::default(), &NoLinks));
}

/// Math nested 50,000 deep, with braces and as a brace-less `\frac` chain (hostile input; it was
/// quadratic: 16,000 nested `\frac{` took 10.7 s, and the chain overflowed the stack at 2,000).
/// Past 100 levels a formula is shown as source; this stays linear.
#[divan::bench(sample_count = 3)]
fn markdown_math_nested_50k(b: divan::Bencher) {
    let n = 50_000;
    let body = format!(
        "$$\n{}1{}\n$$\n\n$$\n{}1 1\n$$\n\n$${}x{}$$\n",
        "\\frac{".repeat(n),
        "}{1}".repeat(n),
        "\\frac1".repeat(n),
        "{".repeat(n),
        "}".repeat(n)
    );
    let opts = MdOptions { math: true, ..MdOptions::default() };
    b.bench(|| hoego::markdown::render(divan::black_box(&body), opts, &NoLinks));
}

#[divan::bench]
fn highlight(b: divan::Bencher) {
    let h = Highlighter::default();
    let code = "use std::collections::HashMap;\n\nfn main() {\n    let mut m = HashMap::new();\n    m.insert(\"a\", 1);\n    println!(\"{:?}\", m);\n}\n";
    h.highlight("rust", code); // load the grammar once
    b.bench(|| h.highlight("rust", divan::black_box(code)));
}

/// A Bash line some grammar patterns backtrack on in cubic time (found by the fuzzer: 1,600 `~`
/// took 6.9 s, 3,200 took 47 s). Oniguruma's retry limit keeps it under 0.1 s.
#[divan::bench(sample_count = 3)]
fn highlight_bash_backtracking(b: divan::Bencher) {
    let h = Highlighter::default();
    let code = format!("{} a=b\n", "~".repeat(3_200));
    b.bench(|| h.highlight("bash", divan::black_box(&code)));
}

#[divan::bench(sample_count = 10)]
fn build_example_in_memory() {
    let opts = BuildOptions { root: example_root(), ..BuildOptions::default() };
    let out = hoego::pipeline::build(&opts, Target::Memory);
    assert!(out.failure.is_none());
}

#[divan::bench(sample_count = 10)]
fn write_example(b: divan::Bencher) {
    let opts = BuildOptions { root: example_root(), ..BuildOptions::default() };
    let files = hoego::pipeline::build(&opts, Target::Memory).files;
    let dir = tempfile::tempdir().expect("temp dir");
    let out: PathBuf = dir.path().join("public");
    b.bench(|| hoego::output::write_site(Path::new(&out), &files).expect("written"));
}
