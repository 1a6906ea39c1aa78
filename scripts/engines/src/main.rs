//! The same fenced blocks of a corpus through one highlighting engine: load time, the first
//! pass (grammars and regexes compiled on first use), then steady passes on one thread and on
//! all of them. `cargo run --release --features X -- CORPUS_DIR [passes]`.

use std::time::Instant;

use rayon::prelude::*;

/// (language, code) of every fenced block with a language under `dir`.
fn blocks(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("corpus dir").flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            blocks(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            let mut cur: Option<(String, String)> = None;
            for line in text.lines() {
                match (&mut cur, line.strip_prefix("```")) {
                    (None, Some(lang)) => cur = Some((lang.trim().to_owned(), String::new())),
                    (Some(_), Some("")) => {
                        let (lang, code) = cur.take().unwrap_or_default();
                        if !lang.is_empty() {
                            out.push((lang, code));
                        }
                    }
                    (Some((_, code)), _) => {
                        code.push_str(line);
                        code.push('\n');
                    }
                    _ => {}
                }
            }
        }
    }
}

trait Engine: Sync {
    /// Highlighted HTML, or None for a language it does not know.
    fn html(&self, lang: &str, code: &str) -> Option<String>;
}

/// A one-buffer writer tried for hoego (classed.rs, not adopted), timed beside syntect's generator.
#[cfg(any(feature = "onig", feature = "fancy"))]
mod classed;
#[cfg(any(feature = "onig", feature = "fancy"))]
const CLASS_PREFIX: &str = "hl-";

#[cfg(any(feature = "onig", feature = "fancy"))]
mod syn {
    use syntect::html::{ClassStyle, ClassedHTMLGenerator};
    use syntect::parsing::{ParseState, SyntaxSet};
    use syntect::util::LinesWithEndings;
    pub struct Syn(pub SyntaxSet);
    fn token(lang: &str) -> &str {
        match lang {
            "jsx" => "js",
            "shell" | "sh" => "bash",
            other => other,
        }
    }
    impl Syn {
        /// The HTML of hoego's writer (the same bytes as `html`).
        pub fn hoego_html(&self, lang: &str, code: &str) -> Option<String> {
            let s = self.0.find_syntax_by_token(token(lang))?;
            let mut out = String::with_capacity(code.len() * 8);
            crate::classed::write_block(s, &self.0, code, &mut out)?;
            Some(out)
        }
        /// Parsing alone, without making HTML.
        pub fn parse_only(&self, lang: &str, code: &str) -> Option<usize> {
            let s = self.0.find_syntax_by_token(token(lang))?;
            let mut st = ParseState::new(s);
            let mut n = 0;
            for line in LinesWithEndings::from(code) {
                n += st.parse_line(line, &self.0).ok()?.len();
            }
            Some(n)
        }
    }
    impl super::Engine for Syn {
        fn html(&self, lang: &str, code: &str) -> Option<String> {
            let s = self.0.find_syntax_by_token(token(lang))?;
            let style = ClassStyle::SpacedPrefixed { prefix: "hl-" };
            let mut g = ClassedHTMLGenerator::new_with_class_style(s, &self.0, style);
            for line in LinesWithEndings::from(code) {
                g.parse_html_for_line_which_includes_newline(line).ok()?;
            }
            Some(g.finalize())
        }
    }
}

#[cfg(feature = "giallo")]
mod gia {
    use giallo::{HighlightOptions, HtmlRenderer, Registry, RenderOptions, ThemeVariant};
    pub struct Gia(pub Registry);
    impl super::Engine for Gia {
        fn html(&self, lang: &str, code: &str) -> Option<String> {
            let opts = HighlightOptions::new(lang, ThemeVariant::Single("github-light"));
            let h = self.0.highlight(code, &opts).ok()?;
            Some(HtmlRenderer::default().render(&h, &RenderOptions::default()))
        }
    }
}

#[cfg(feature = "ts")]
mod ts {
    use std::collections::HashMap;
    use tree_sitter_highlight::{HighlightConfiguration, Highlighter, HtmlRenderer};
    pub const NAMES: &[&str] = &[
        "attribute",
        "comment",
        "constant",
        "constant.builtin",
        "constructor",
        "function",
        "function.builtin",
        "function.method",
        "keyword",
        "number",
        "operator",
        "property",
        "punctuation",
        "punctuation.bracket",
        "punctuation.delimiter",
        "string",
        "string.special",
        "tag",
        "type",
        "type.builtin",
        "variable",
        "variable.builtin",
        "variable.parameter",
        "label",
        "embedded",
        "escape",
    ];
    pub struct Ts {
        configs: HashMap<&'static str, HighlightConfiguration>,
        attrs: Vec<String>,
    }
    impl Ts {
        pub fn new() -> Ts {
            let mut configs = HashMap::new();
            let mut add = |name: &'static str, lang: tree_sitter::Language, hl: &str| {
                let mut c = HighlightConfiguration::new(lang, name, hl, "", "").expect(name);
                c.configure(NAMES);
                configs.insert(name, c);
            };
            add("java", tree_sitter_java::LANGUAGE.into(), tree_sitter_java::HIGHLIGHTS_QUERY);
            add(
                "typescript",
                tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
                tree_sitter_typescript::HIGHLIGHTS_QUERY,
            );
            add("jsx", tree_sitter_typescript::LANGUAGE_TSX.into(), tree_sitter_typescript::HIGHLIGHTS_QUERY);
            add("javascript", tree_sitter_typescript::LANGUAGE_TSX.into(), tree_sitter_typescript::HIGHLIGHTS_QUERY);
            add("bash", tree_sitter_bash::LANGUAGE.into(), tree_sitter_bash::HIGHLIGHT_QUERY);
            add("go", tree_sitter_go::LANGUAGE.into(), tree_sitter_go::HIGHLIGHTS_QUERY);
            add("python", tree_sitter_python::LANGUAGE.into(), tree_sitter_python::HIGHLIGHTS_QUERY);
            add("rust", tree_sitter_rust::LANGUAGE.into(), tree_sitter_rust::HIGHLIGHTS_QUERY);
            add("json", tree_sitter_json::LANGUAGE.into(), tree_sitter_json::HIGHLIGHTS_QUERY);
            add("yaml", tree_sitter_yaml::LANGUAGE.into(), tree_sitter_yaml::HIGHLIGHTS_QUERY);
            let attrs = NAMES.iter().map(|n| format!("class=\"hl-{}\"", n.replace('.', " hl-"))).collect();
            Ts { configs, attrs }
        }
    }
    thread_local! { static HL: std::cell::RefCell<Highlighter> = std::cell::RefCell::new(Highlighter::new()); }
    impl super::Engine for Ts {
        fn html(&self, lang: &str, code: &str) -> Option<String> {
            let config = self.configs.get(lang)?;
            HL.with(|hl| {
                let mut hl = hl.borrow_mut();
                let events = hl.highlight(config, code.as_bytes(), None, |_| None).ok()?;
                let mut r = HtmlRenderer::new();
                r.render(events, code.as_bytes(), &|h, out: &mut Vec<u8>| out.extend(self.attrs[h.0].as_bytes()))
                    .ok()?;
                String::from_utf8(r.html).ok()
            })
        }
    }
}

/// CPU time of the calling thread so far, in seconds (Linux: /proc/thread-self/schedstat, ns).
fn thread_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    stat.split_whitespace().next().and_then(|ns| ns.parse::<f64>().ok()).unwrap_or(f64::NAN) / 1e9
}

/// Wall and CPU seconds of `f` on this thread.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (t, c) = (Instant::now(), thread_cpu());
    let out = f();
    (out, t.elapsed().as_secs_f64(), thread_cpu() - c)
}

fn run(name: &str, load: impl Fn() -> Box<dyn Engine>, blocks: &[(String, String)], passes: usize) {
    let (engine, _, load_cpu) = timed(&load);
    let known: Vec<&(String, String)> = blocks.iter().filter(|(l, c)| engine.html(l, c).is_some()).collect();
    // The filter above was the first pass: grammars and regexes are ready now. Time it again
    // from a fresh engine for the cold figure.
    let engine = load();
    let (bytes, _, first_cpu) =
        timed(|| known.iter().map(|(l, c)| engine.html(l, c).map_or(0, |h| h.len())).sum::<usize>());
    let (_, one_wall, one_cpu) = timed(|| {
        for _ in 0..passes {
            for (l, c) in &known {
                std::hint::black_box(engine.html(l, c));
            }
        }
    });
    let (one_wall, one_cpu) = (one_wall / passes as f64, one_cpu / passes as f64);
    let t = Instant::now();
    for _ in 0..passes {
        known.par_iter().for_each(|(l, c)| {
            std::hint::black_box(engine.html(l, c));
        });
    }
    let all = t.elapsed().as_secs_f64() / passes as f64;
    let n = known.len() as f64;
    println!(
        "| {name} | {}/{} | {:.0} ms | {:.0} ms | {:.0} ms | {:.0} | {:.1} µs | {:.0} | {:.1} MB |",
        known.len(),
        blocks.len(),
        load_cpu * 1e3,
        first_cpu * 1e3,
        (first_cpu - one_cpu) * 1e3,
        n / one_cpu,
        one_cpu / n * 1e6,
        n / all,
        bytes as f64 / 1e6
    );
    eprintln!("{name}: steady pass, 1 thread: wall {:.3} s, CPU {:.3} s", one_wall, one_cpu);
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: engines CORPUS_DIR [passes] [lang,lang...]");
    let passes: usize = args.next().and_then(|p| p.parse().ok()).unwrap_or(3);
    let only: Option<Vec<String>> = args.next().map(|l| l.split(',').map(str::to_owned).collect());
    let mut all = Vec::new();
    blocks(std::path::Path::new(&dir), &mut all);
    if let Some(only) = &only {
        all.retain(|(l, _)| only.contains(l));
    }
    let lines: usize = all.iter().map(|(_, c)| c.lines().count()).sum();
    println!("{} blocks, {} lines, {} threads", all.len(), lines, rayon::current_num_threads());
    println!(
        "| engine | blocks known | load (CPU) | first pass (CPU) | first-use cost (first - steady) | blocks/s, 1 thread (CPU) | per block | blocks/s, all threads (wall) | HTML |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    #[cfg(any(feature = "onig", feature = "fancy"))]
    {
        let name = if cfg!(feature = "onig") { "syntect + onig" } else { "syntect + fancy-regex" };
        run(name, || Box::new(syn::Syn(two_face::syntax::extra_newlines())), &all, passes);
        let s = syn::Syn(two_face::syntax::extra_newlines());
        let known: Vec<_> = all.iter().filter(|(l, c)| s.parse_only(l, c).is_some()).collect();
        let (_, _, parse) = timed(|| {
            for _ in 0..passes {
                for (l, c) in &known {
                    std::hint::black_box(s.parse_only(l, c));
                }
            }
        });
        let parse = parse / passes as f64;
        let n = known.len() as f64;
        println!("| {name}, parsing only (no HTML) | | | | | {:.0} | {:.1} µs | | |", n / parse, parse / n * 1e6);
        // Where the parsing time goes, by language: a grammar much slower a line than the others
        // is cheaper to replace than the engine.
        let mut by_lang: std::collections::BTreeMap<&str, (usize, usize, f64)> = Default::default();
        for (l, c) in &known {
            let (_, _, t) = timed(|| {
                for _ in 0..passes {
                    std::hint::black_box(s.parse_only(l, c));
                }
            });
            let e = by_lang.entry(l.as_str()).or_default();
            e.0 += 1;
            e.1 += c.lines().count();
            e.2 += t / passes as f64;
        }
        let total: f64 = by_lang.values().map(|v| v.2).sum();
        println!("\n| language | blocks | lines | CPU | share | per block | per line |\n|---|---|---|---|---|---|---|");
        for (l, (b, ln, t)) in &by_lang {
            println!(
                "| {l} | {b} | {ln} | {:.0} ms | {:.0}% | {:.0} µs | {:.1} µs |",
                t * 1e3,
                t / total * 100.0,
                t / *b as f64 * 1e6,
                t / *ln as f64 * 1e6
            );
        }
        println!();
        // syntect's generator and hoego's writer block by block, alternating which goes first,
        // so that the machine's drift falls on both alike.
        use Engine as _;
        let (mut theirs, mut ours) = (0.0, 0.0);
        for pass in 0..passes {
            for (i, (l, c)) in known.iter().enumerate() {
                let ((a, _, ta), (b, _, tb)) = if (i + pass) % 2 == 0 {
                    (timed(|| s.html(l, c)), timed(|| s.hoego_html(l, c)))
                } else {
                    let b = timed(|| s.hoego_html(l, c));
                    (timed(|| s.html(l, c)), b)
                };
                assert_eq!(a, b, "{l} block differs");
                theirs += ta;
                ours += tb;
            }
        }
        println!(
            "| {name}, hoego's writer (interleaved with syntect's) | | | | | {:.0} (syntect's: {:.0}) | {:.1} µs (syntect's: {:.1} µs) | | |",
            n * passes as f64 / ours,
            n * passes as f64 / theirs,
            ours / n / passes as f64 * 1e6,
            theirs / n / passes as f64 * 1e6
        );
    }
    #[cfg(feature = "giallo")]
    run(
        "giallo",
        || {
            let mut r = giallo::Registry::builtin().expect("giallo dump");
            r.link_grammars();
            Box::new(gia::Gia(r))
        },
        &all,
        passes,
    );
    #[cfg(feature = "ts")]
    run("tree-sitter-highlight", || Box::new(ts::Ts::new()), &all, passes);
}
