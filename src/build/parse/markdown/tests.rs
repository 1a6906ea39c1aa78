use super::*;

struct NoLinks;
impl LinkResolver for NoLinks {
    fn resolve(&self, dest: &str) -> Option<String> {
        (dest == "other.md").then(|| "/2023/other/".to_owned())
    }
}

fn md(s: &str) -> Rendered {
    render(
        s,
        MdOptions {
            smart_punctuation: true,
            external_links_new_tab: false,
            highlighter: None,
            math: false,
            attributes: &[],
        },
        &NoLinks,
    )
}

#[test]
fn extensions_are_on() {
    let r = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~ text[^1]\n\n[^1]: note\n");
    assert!(r.html.contains("<table>"), "{}", r.html);
    assert!(r.html.contains("type=\"checkbox\""), "{}", r.html);
    assert!(r.html.contains("<del>old</del>"), "{}", r.html);
    assert!(r.html.contains("footnote"), "{}", r.html);
}

#[test]
fn smart_punctuation_is_configurable() {
    assert!(md("\"quoted\" -- dash").html.contains("“quoted”"));
    let plain = render("\"quoted\"", MdOptions::default(), &NoLinks);
    assert!(plain.html.contains("\"quoted\""), "{}", plain.html);
}

#[test]
fn heading_ids_are_unique_and_keep_hangul() {
    let r2 = md("## Main\n\n## 1\n");
    let ids: Vec<&str> = r2.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["main-1", "section-1"], "no clash with <main id=main> or footnote ids");
    let r = md("# 소개\n\n## Intro\n\n## Intro\n\n## 직접 {#custom}\n");
    let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["소개", "intro", "intro-1", "custom"]);
    assert!(r.html.contains("<h2 id=\"intro-1\">Intro<a class=\"anchor\" href=\"#intro-1\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>"), "{}", r.html);
    assert_eq!(r.toc[3].title, "직접");
    assert_eq!(r.toc[0].href, "#%EC%86%8C%EA%B0%9C", "the table of contents links like the anchor does");
    assert!(r.html.contains("href=\"#%EC%86%8C%EA%B0%9C\""), "{}", r.html);
}

#[test]
fn more_marker_ends_the_summary() {
    let r = md("first\n\nsecond\n\n<!-- more -->\n\nthird\n");
    assert!(r.has_more);
    assert!(r.summary.contains("second") && !r.summary.contains("third"), "{}", r.summary);
    for marker in ["<!--more-->", "<!--  MORE -->"] {
        let r = md(&format!("first\n\n{marker}\n\nthird\n"));
        assert!(r.has_more && !r.summary.contains("third"), "{marker}");
    }
    let r = md("first para\n\nsecond\n");
    assert!(!r.has_more);
    assert_eq!(r.summary.trim(), "<p>first para</p>");
    let r = md("**Bold** and `code`\nnext line[^1]\n\n[^1]: note\n");
    assert_eq!(r.summary_text, "Bold and code next line");
}

#[test]
fn links_to_sources_are_rewritten_and_every_link_is_recorded_with_its_line() {
    let r = md("see [x](other.md) and\n[y](gone.md) and [z](https://a.b)\n");
    assert!(r.html.contains("href=\"/2023/other/\""), "{}", r.html);
    let links: Vec<(usize, usize, &str, &str)> =
        r.links.iter().map(|l| (l.line, l.col, l.written.as_str(), l.href.as_str())).collect();
    assert_eq!(
        links,
        [(1, 5, "other.md", "/2023/other/"), (2, 1, "gone.md", "gone.md"), (2, 18, "https://a.b", "https://a.b")]
    );
}

#[test]
fn links_in_raw_html_are_recorded_at_their_attribute_and_code_is_not_read() {
    let body =
        "한글 <a href=\"/x/\">x</a>\n\n> <div>\n>   <img\n>  src=\"/y.png\">\n> </div>\n\n`<a href=\"/code/\">`\n";
    let r = md(body);
    let links: Vec<(usize, usize, &str)> = r.links.iter().map(|l| (l.line, l.col, l.href.as_str())).collect();
    assert_eq!(links, [(1, 13, "/x/"), (5, 9, "/y.png")]);
}

#[test]
fn angle_bracket_destinations_with_parentheses_stay_whole() {
    let r = md("[w](<https://en.wikipedia.org/wiki/Rust_(programming_language)>)\n");
    assert!(r.html.contains("href=\"https://en.wikipedia.org/wiki/Rust_(programming_language)\""), "{}", r.html);
}

#[test]
fn raw_html_passes_through() {
    let r = md("<div class=\"note\">hi</div>\n\ntext <kbd>Ctrl</kbd>\n");
    assert!(r.html.contains("<div class=\"note\">hi</div>") && r.html.contains("<kbd>Ctrl</kbd>"));
}

#[test]
fn external_links_can_open_in_a_new_tab() {
    let o = MdOptions {
        smart_punctuation: false,
        external_links_new_tab: true,
        highlighter: None,
        math: false,
        attributes: &[],
    };
    let r = render("[a](https://x.dev \"T&\") [b](/local/)", o, &NoLinks);
    assert!(
        r.html.contains("<a href=\"https://x.dev\" title=\"T&amp;\" target=\"_blank\" rel=\"noopener\">a</a>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<a href=\"/local/\">b</a>"), "{}", r.html);
}

#[test]
fn stats_skip_code_and_count_hangul_separately() {
    let r = md("안녕 hello world Rust로\n\n```rust\nfn main() {}\n```\n");
    assert_eq!(r.stats.cjk_chars, 3);
    assert_eq!(r.stats.words, 3);
}

#[test]
fn counting_in_one_pass_equals_counting_word_by_word() {
    // The rule as first written: split at white space, then look at each word's characters.
    fn by_words(t: &str) -> (usize, usize, usize) {
        let (mut chars, mut cjk, mut words) = (0, 0, 0);
        for word in t.split_whitespace() {
            let mut other = false;
            for c in word.chars() {
                chars += 1;
                if is_cjk(c) {
                    cjk += 1;
                } else if c.is_alphanumeric() {
                    other = true;
                }
            }
            words += usize::from(other);
        }
        (chars, cjk, words)
    }
    let texts = [
        "",
        "   ",
        "안녕 hello world Rust로",
        "hello, world!  foo\tbar\n— ... !! x",
        "日本語 と English テキスト",
        "a\u{3000}b\u{a0}c\u{2003}d",
        "Ünïcödé ℝust 123 𝓊𝓃𝒾 ß",
        "  trailing ",
        "ㄱㄴ ᄀ ａｂｃ",
    ];
    for t in texts {
        let mut s = TextStats::default();
        count_text(t, &mut s);
        assert_eq!((s.chars, s.cjk_chars, s.words), by_words(t), "{t:?}");
    }
}

#[test]
fn task_items_remember_their_heading() {
    let r = md("- [x] before\n\n## 2024년 목표\n\n- [ ] 책 *12권*\n- [x] 마라톤\n  - [ ] nested\n");
    let t: Vec<(Option<&str>, &str, bool)> =
        r.tasks.iter().map(|t| (t.heading.as_deref(), t.text.as_str(), t.checked)).collect();
    assert_eq!(
        t,
        [
            (None, "before", true),
            (Some("2024년 목표"), "책 12권", false),
            (Some("2024년 목표"), "마라톤", true),
            (Some("2024년 목표"), "nested", false)
        ]
    );
}

#[test]
fn korean_particles_after_quotes_keep_the_closing_quote() {
    let r = md("\"영어 글 2편\"을 \"1편\"으로 줄였다. \"Hi\" 그리고 \"*끝*\"이다\n");
    assert!(r.html.contains("“영어 글 2편”을 “1편”으로 줄였다. “Hi” 그리고 “<em>끝</em>”이다"), "{}", r.html);
}

#[test]
fn a_more_marker_inside_a_paragraph_gives_a_closed_summary() {
    let r = md("one *two <!-- more --> three* four\n\n- a <!-- more --> b\n");
    assert!(r.has_more);
    assert_eq!(r.summary, "<p>one <em>two </em></p>\n", "{}", r.summary);
}

#[test]
fn math_is_opt_in() {
    let title = "$$postDigest()와 $timeout() 비교";
    assert!(md(title).html.contains("$$postDigest()와 $timeout() 비교"), "literal without the opt-in");
    let o = MdOptions { math: true, ..MdOptions::default() };
    let r = render("inline $x^2$ and\n\n$$\\frac{a}{b}$$\n", o, &NoLinks);
    assert!(r.html.contains("<math") && r.html.contains("<mfrac>"), "{}", r.html);
    assert!(!r.html.contains("$x^2$"), "{}", r.html);
}

struct Page;
impl LinkResolver for Page {
    fn resolve(&self, _: &str) -> Option<String> {
        None
    }
    fn page_href(&self) -> Option<String> {
        Some("/2023/a/".into())
    }
}

#[test]
fn fragment_links_in_summaries_lead_to_the_post() {
    let r = render("## Top\n\nSee [below](#later).\n\n<!-- more -->\n\n## Later\n", MdOptions::default(), &Page);
    assert!(r.summary.contains("href=\"/2023/a/#later\""), "{}", r.summary);
    assert!(r.summary.contains("<a class=\"anchor\" href=\"/2023/a/#top\""), "{}", r.summary);
    assert!(r.html.contains("href=\"#later\""), "the page itself keeps the short form");
    let r = render("Claim[^1].\n\n[^1]: Source.\n", MdOptions::default(), &Page);
    assert_eq!(r.summary.trim(), "<p>Claim.</p>", "no footnote mark whose note is elsewhere");
}

/// kramdown attribute lists reach the element: an image's own, a paragraph's, a heading's
/// classes, and a `<div>` around any other block; values are escaped.
#[test]
fn attributes_from_the_dialect_stage_land_on_their_elements() {
    use crate::dialect::Attributes;
    let body = "![a](b.png) [l](/x/)\n\n\n## 제목\n\n\n- 항목\n\n\n끝\n";
    let at = |s: &str, block: bool, class: &str| Attributes {
        at: body.find(s).unwrap() + s.len(),
        block,
        classes: vec![class.into()],
        pairs: vec![("title".into(), "a\"b".into())],
        ..Default::default()
    };
    let attrs = [
        at("![a](b.png)", false, "img"),
        at("[l](/x/)", false, "link"),
        at("## 제목\n", true, "h"),
        at("- 항목\n", true, "list"),
    ];
    let r = render(body, MdOptions { attributes: &attrs, ..MdOptions::default() }, &NoLinks);
    assert!(r.html.contains("<img src=\"b.png\" alt=\"a\" class=\"img\" title=\"a&quot;b\">"), "{}", r.html);
    assert!(r.html.contains("<a href=\"/x/\" class=\"link\" title=\"a&quot;b\">l</a>"), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"제목\" class=\"h\" title=\"a&quot;b\">"), "{}", r.html);
    assert!(r.html.contains("<div class=\"list\" title=\"a&quot;b\">\n<ul>"), "{}", r.html);
}

#[test]
fn descriptions_written_in_markdown_become_plain_text() {
    assert_eq!(
        plain("Rust의 `Result`를 **제대로** 다루기 ([원문](https://x.dev))"),
        "Rust의 Result를 제대로 다루기 (원문)"
    );
    assert_eq!(plain("그냥  글\n둘째 줄"), "그냥 글 둘째 줄");
    assert_eq!(plain("5 * 3 = 15"), "5 * 3 = 15");
}

#[test]
fn repeated_headings_number_on_past_ids_already_taken() {
    let r = md("## A\n\n## A-1 {#a-1}\n\n## A\n\n## A\n");
    let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["a", "a-1", "a-2", "a-3"]);
}

/// Found by the fuzzer: the MathML made from a formula was read for raw-HTML links, at places
/// past the end of the body.
#[test]
fn math_is_not_read_for_links() {
    let o = MdOptions { math: true, ..MdOptions::default() };
    let r = render("$\\operatorname{<a href=\"x\">}$ [y](other.md)", o, &NoLinks);
    assert_eq!(r.links.iter().map(|l| l.written.as_str()).collect::<Vec<_>>(), ["other.md"]);
}
