//! Seed inputs: the repository's own Markdown and gen.toml files (fixtures and the example
//! blog), inputs that once crashed or were slow (`tests/fixtures/fuzz-regressions/`), and
//! hostile inputs written here (deep nesting, long lines, control characters, invalid UTF-8,
//! huge numbers, `{{`/`{%` soup, unbalanced fences, ten thousand headings…).

use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` whose name passes `keep`, sorted (the same seeds in the same order).
pub fn files(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if keep(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn is_markdown(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "md" || e == "mdx" || e == "markdown")
}

/// The Markdown files of the fixtures and of the example blog, whole (with front matter).
pub fn markdown_files() -> Vec<Vec<u8>> {
    let mut paths =
        files(&repo().join("tests/fixtures"), &|p| is_markdown(p) && p.to_string_lossy().contains("/content/"));
    paths.extend(files(&repo().join("content"), &is_markdown));
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// Bodies only: the text after the front matter.
pub fn markdown_bodies() -> Vec<Vec<u8>> {
    markdown_files()
        .into_iter()
        .map(|f| {
            let text = String::from_utf8_lossy(&f).into_owned();
            let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text);
            body.as_bytes().to_vec()
        })
        .collect()
}

pub fn config_files() -> Vec<Vec<u8>> {
    let mut paths = files(&repo().join("tests/fixtures"), &|p| p.file_name().is_some_and(|n| n == "gen.toml"));
    paths.push(repo().join("gen.toml"));
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// Regression inputs for `target` (`<target>-…` files).
pub fn regressions(target: &str) -> Vec<Vec<u8>> {
    let prefix = format!("{target}-");
    files(&regression_dir(), &|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&prefix)))
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect()
}

pub fn regression_dir() -> PathBuf {
    repo().join("tests/fixtures/fuzz-regressions")
}

/// A fixture site as one input for the site target: `=== <path>` lines, each followed by that
/// file's text. Only text files under 16 KiB are taken.
pub fn site_scripts() -> Vec<Vec<u8>> {
    let fixtures = repo().join("tests/fixtures");
    let mut sites: Vec<PathBuf> =
        std::fs::read_dir(&fixtures).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    sites.sort();
    sites
        .iter()
        .filter(|s| !s.ends_with("fuzz-regressions"))
        .map(|site| {
            let mut script = Vec::new();
            for f in files(site, &|_| true) {
                let Ok(text) = std::fs::read_to_string(&f) else { continue };
                if text.len() > 16 << 10 {
                    continue;
                }
                let rel = f.strip_prefix(site).unwrap_or(&f).to_string_lossy().replace('\\', "/");
                script.extend_from_slice(format!("=== {rel}\n{text}\n").as_bytes());
            }
            script
        })
        .collect()
}

fn s(text: impl Into<String>) -> Vec<u8> {
    text.into().into_bytes()
}

/// Markdown bodies that have been slow or have crashed renderers.
pub fn hostile_markdown() -> Vec<Vec<u8>> {
    let n = 50_000;
    vec![
        s("## 같은 제목\n\n".repeat(10_000)),
        s(format!("{} x\n", ">".repeat(10_000))),
        s((0..400).map(|i| format!("{}- x\n", "  ".repeat(i))).collect::<String>()),
        s(format!("{}\n", "가나다 abc ".repeat(30_000))),
        s(format!("$${}x{}$$\n", "{".repeat(n), "}".repeat(n))),
        s(format!("$$\n{}1 1\n$$\n", "\\frac1".repeat(n / 5))),
        s(format!("${}1{}$ and $x$\n", "\\frac{".repeat(5_000), "}{1}".repeat(5_000))),
        s(format!("${}$", "\\left(".repeat(10_000))),
        s("{{<{%{{%[[{:{{ }}%}>}}]]".repeat(5_000)),
        s("```\n~~~~\n````rust\n".repeat(3_000)),
        s("*_".repeat(20_000)),
        s(format!("{}{}", "[".repeat(20_000), "](x)".repeat(20_000))),
        s("![".repeat(10_000)),
        s(format!("{}[a]\n", "[a]: /b\n".repeat(10_000))),
        s(format!("{}\n{}\n", "|a".repeat(3_000), "|-".repeat(3_000))),
        s(format!("{}\n\n[^1]: x\n", "[^1]".repeat(5_000))),
        s("\0\u{1b}[31m\u{2028}\u{2029}\u{feff}\u{202e} 제목\r\n# \u{0}\n".repeat(1_000)),
        s("\u{1100}\u{1161}\u{11a8} ".repeat(20_000)),
        s("<div>".repeat(10_000)),
        s("<!--".repeat(10_000)),
        s("<!-- more -->\n\n".repeat(5_000)),
        s("# a {#x}\n\n".repeat(5_000)),
        s(format!("```rust\n{}```\n", "fn main() { let x = \"\\\"; }\n".repeat(2_000))),
        s("```\"><script>alert(1)</script>\nx\n```\n"),
        s("para\n{: #id .c key=\"v\"}\n\n".repeat(3_000)),
        s("{{< youtube x >}}\n".repeat(5_000)),
        s(format!("{}{}", "{{< a >}}".repeat(2_000), "{{< /a >}}".repeat(2_000))),
        s("{% raw %}".repeat(3_000)),
        s("{% highlight rust %}\n".repeat(2_000)),
        s("[[".repeat(20_000)),
        s("![[a|b#c^d]] ".repeat(5_000)),
        s("- [ ] 할 일\n".repeat(5_000)),
        s(format!("{}\n", "a".repeat(1 << 20))),
    ]
}

/// Front matter that has been slow or has crashed parsers; some are not UTF-8.
pub fn hostile_front_matter() -> Vec<Vec<u8>> {
    let mut v = vec![
        s(format!("---\na: {}\n---\n", "[".repeat(10_000))),
        s(format!("---\n{}x\n---\n", "- ".repeat(10_000))),
        s(format!("+++\na = {}\n+++\n", "[".repeat(10_000))),
        s(format!("+++\na = {}1{}\n+++\n", "{b = ".repeat(3_000), "}".repeat(3_000))),
        s("---\ntitle: x\ndate: 99999999999-01-01\nweight: 1e999999\nyear: 18446744073709551616\n---\n"),
        s(
            "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\ntitle: bomb\n---\n",
        ),
        s(format!("---\ntitle: {}\n---\n", "가".repeat(100_000))),
        s("---\ntitle: \"a\u{0}b\u{1b}c\u{2028}d\"\ntags: [\u{202e}, \u{feff}, \"\"]\n---\n"),
        s("\u{feff}---\r\ntitle: crlf\r\ndate: 2023-02-29\r\n---\r\nbody\r\n"),
        s("---\n---\n"),
        s("+++\n+++\n"),
        s("---"),
        s("---\ntitle: a\n...\n"),
        s(
            "---\ntitle: x\ndate: 2023-13-45T25:61:61+99:00\nslug: ../../etc/passwd\naliases: ['/', '//evil.com', '../x']\n---\n",
        ),
        s(format!(
            "---\ntitle: x\ntags: [{}]\n---\n",
            (0..5_000).map(|i| format!("t{i}")).collect::<Vec<_>>().join(", ")
        )),
        s("---\ntitle: a\n  b: [\n\"c\n---\n"),
    ];
    v.push(b"---\ntitle: \xff\xfe\xed\xa0\x80\xc0\xaf\n---\nbody \xf4\x90\x80\x80\n".to_vec());
    v.push(b"\xef\xbb\xbf\xef\xbb\xbf---\ntitle: two BOMs\n---\n".to_vec());
    v.push(b"---\ntitle: \"\xc3\"\n---\n\xc3".to_vec());
    v
}

pub fn hostile_config() -> Vec<Vec<u8>> {
    vec![
        s(format!("title = \"x\"\n[{}]\n", vec!["a"; 3_000].join("."))),
        s(format!("x = {}\n", "[".repeat(10_000))),
        s("base_url = \"http://\u{0}/\"\npaginate = -1\n"),
        s("base_url = \"\"\npaginate = 0\ntimezone = \"Mars/Olympus\"\n"),
        s("base_url = \"file:///etc/\"\npaginate = 9223372036854775807\nlanguage = \"\"\n"),
        s("permalink = \"{year}{year}{slug}/../..\"\ntitle = \"\u{202e}\u{1b}[2J\"\n"),
        s("[[menu]]\nname = \"a\"\nurl = \"/\"\n".repeat(3_000)),
        s("[markdown]\nhighlight_theme = \"nope,nope\"\nmath = \"yes\"\n"),
        s("output_dir = \"/\"\ntheme = \"../../..\"\nignore = [\"[\", \"**/**/**/**\", \"{a,{b,{c}}}\"]\n"),
    ]
}

/// Whole sites in the site target's script form.
pub fn hostile_sites() -> Vec<Vec<u8>> {
    let post = |name: &str, fm: &str, body: &str| format!("=== content/posts/{name}\n---\n{fm}\n---\n{body}\n");
    let mut same_slug = String::from("=== gen.toml\ntitle = \"x\"\nbase_url = \"https://e.com/\"\npaginate = 1\n");
    for i in 0..8 {
        same_slug.push_str(&post(&format!("2023-01-0{}-a.md", i + 1), "title: a\nslug: same", "x"));
    }
    let odd_names = [
        "2023-13-45-x.md",
        " .md",
        "한글 제목.md",
        "a#b?c%2F.md",
        "index.md",
        "_index.md",
        "x.md/y.md",
        "\u{1112}\u{1161}\u{11ab}.md",
        "\u{202e}evil.md",
        ".hidden.md",
        "A.MD",
        "con.mdx",
    ];
    let mut odd = String::from("=== gen.toml\ntitle = \"odd\"\nbase_url = \"https://e.com/sub/\"\n");
    for (i, n) in odd_names.iter().enumerate() {
        odd.push_str(&post(
            n,
            &format!("title: odd {i}\ndate: 2023-01-01\ntags: [\"/\", \"..\", \"%2F\", A, a]"),
            "[link](한글 제목.md) ![img](x.png)",
        ));
    }
    let math =
        post("2024-01-01-math.md", "title: m\nmath: true", &format!("${}x{}$", "{".repeat(5_000), "}".repeat(5_000)));
    vec![s(same_slug), s(odd), s(format!("=== gen.toml\ntitle = \"m\"\n{math}"))]
}
