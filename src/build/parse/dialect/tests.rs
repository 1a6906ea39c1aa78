use super::*;

struct Fake;

impl Sources for Fake {
    fn post_named(&self, stem: &str) -> Option<String> {
        (stem == "2025-08-03-mailing-system").then(|| "posts/2025-08-03-mailing-system.md".to_owned())
    }
    fn by_name(&self, name: &str) -> Option<String> {
        match name.to_lowercase().as_str() {
            "다른 글" | "다른 글.md" => Some("posts/notes/다른 글.md".into()),
            "1.png" | "assets/1.png" => Some("posts/assets/1.png".into()),
            "a" => Some("posts/a.md".into()),
            _ => None,
        }
    }
    fn has(&self, rel: &str) -> bool {
        matches!(rel, "posts/a.md" | "posts/2016-07-26-name.md")
    }
    fn href(&self, rel: &str) -> Option<String> {
        Some(format!("/blog/{rel}"))
    }
}

fn run(body: &str) -> Rewritten {
    rewrite(body, &Fake, Options { wikilinks: true })
        .unwrap_or(Rewritten { text: body.to_owned(), ..Default::default() })
}

#[test]
fn liquid_highlight_becomes_a_fence_and_its_html_stays_code() {
    let r = run("앞\n\n{% highlight html linenos %}\n<script src=\"x.js\"></script>\n{% endhighlight %}\n\n뒤\n");
    assert_eq!(r.text, "앞\n\n```html\n<script src=\"x.js\"></script>\n```\n\n뒤\n");
    assert_eq!(r.counts["liquid highlight"], 1);
    assert!(r.notes.is_empty());
}

#[test]
fn liquid_raw_post_url_link_and_baseurl() {
    let r = run("{% raw %}{{ message }}{% endraw %} [이전 글]({% post_url 2025-08-03-mailing-system %}) \
         [l]({% link _posts/2016-07-26-name.md %}) ![]({{ site.baseurl }}/assets/a.png) ![]({{ '/b.png' | relative_url }})\n");
    assert_eq!(
        r.text,
        "{{ message }} [이전 글](/posts/2025-08-03-mailing-system.md) [l](/posts/2016-07-26-name.md) ![](/assets/a.png) ![](/b.png)\n"
    );
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn a_missing_post_is_an_error_at_its_column_and_unknown_tags_stay_visible() {
    let r = run("글: [x]({% post_url 2020-01-01-gone %})\n{% include toc.html %}\n");
    assert_eq!(r.notes[0], Note { line: 1, col: 8, offset: 9, error: true, message: r.notes[0].message.clone() });
    assert!(r.notes[0].message.contains("no post named `2020-01-01-gone`"));
    assert!(r.text.contains("`{% include toc.html %}`"), "{}", r.text);
    assert!(!r.notes[1].error && r.notes[1].line == 2);
}

#[test]
fn code_is_never_rewritten() {
    let body = "```js\n{% highlight x %}\n[[Prototype]] {{< youtube x >}} {: .c}\n```\n\n`{% raw %}` and `[[x]]`\n";
    let r = run(body);
    assert_eq!(r.text, body);
    assert_eq!(r.notes.len(), 1, "raw markers in code are named: {:?}", r.notes);
}

#[test]
fn hugo_shortcodes() {
    let r = run(concat!(
        "{{< highlight go \"linenos=table\" >}}\nfunc main() {}\n{{< /highlight >}}\n\n",
        "{{< figure src=\"/img/a.png\" alt=\"그림\" caption=\"설명\" >}}\n\n",
        "[a]({{< ref \"a\" >}}) [b]({{< relref \"posts/a.md#h\" >}})\n\n",
        "{{< youtube dQw4w9WgXcQ >}}\n\n{{< gist spf13 7896402 >}}\n\n{{< x user=\"golang\" id=\"123\" >}}\n\n",
        "{{< chart data >}}\n",
    ));
    assert!(r.text.starts_with("```go\nfunc main() {}\n```\n"), "{}", r.text);
    assert!(r.text.contains("![그림](</img/a.png> \"설명\")"));
    assert!(r.text.contains("[a](/posts/a.md) [b](/posts/a.md#h)"), "{}", r.text);
    assert!(r.text.contains("src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\""));
    assert!(r.text.contains("[gist spf13/7896402](https://gist.github.com/spf13/7896402)"));
    assert!(r.text.contains("[@golang](https://x.com/golang/status/123)"));
    assert!(r.text.contains("`{{< chart data >}}`"));
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
}

#[test]
fn kramdown_attributes_are_taken_off_the_text() {
    let r = run("![a](b.png){: .center-image }\n\n문단\n{: #p .lead data-x=\"1\"}\n\n{: not attrs here}\n");
    assert_eq!(r.text, "![a](b.png)\n\n문단\n\n\n{: not attrs here}\n");
    assert_eq!(r.attributes.len(), 2);
    assert!(!r.attributes[0].block && r.attributes[0].classes == ["center-image"] && r.attributes[0].at == 11);
    let b = &r.attributes[1];
    assert!(
        b.block && b.id.as_deref() == Some("p") && b.classes == ["lead"] && b.pairs == [("data-x".into(), "1".into())]
    );
}

#[test]
fn obsidian_embeds_and_wikilinks() {
    let r = run("![[assets/1.png]] ![[1.png|300]] [[다른 글]] [[다른 글#둘째 절|둘째]] [[없는 글]] ![[a]]\n");
    assert!(
        r.text.starts_with("![](</posts/assets/1.png>) <img src=\"/blog/posts/assets/1.png\" alt=\"\" width=\"300\"> "),
        "{}",
        r.text
    );
    assert!(
        r.text.contains(
            "[다른 글](</posts/notes/다른 글.md>) [둘째](</posts/notes/다른 글.md#둘째-절>) 없는 글 [a](</posts/a.md>)"
        ),
        "{}",
        r.text
    );
    assert_eq!(r.notes.len(), 1);
    assert_eq!((r.notes[0].line, r.notes[0].col), (1, 60));
    let off = rewrite("[[Prototype]]\n", &Fake, Options { wikilinks: false });
    assert!(off.is_none(), "off unless the site is a vault");
}

#[test]
fn offsets_map_back_to_the_source() {
    let body = "{{ site.baseurl }}/a [x](y)\n";
    let r = run(body);
    let at = r.text.find("[x]").unwrap();
    assert_eq!(r.source_offset(at), body.find("[x]").unwrap());
}

#[test]
fn a_plain_body_is_not_touched() {
    assert!(rewrite("그냥 글입니다. `{코드}`와 {중괄호}\n", &Fake, Options { wikilinks: true }).is_none());
    assert!(rewrite("`{% raw %}`만 코드에\n", &Fake, Options::default()).is_some(), "a note is something to say");
}

/// The body rewritten and rendered, as the site's bodies are.
fn html(body: &str) -> String {
    struct NoLinks;
    impl crate::markdown::LinkResolver for NoLinks {
        fn resolve(&self, _: &str) -> Option<String> {
            None
        }
    }
    let r = run(body);
    let opts = crate::markdown::MdOptions { attributes: &r.attributes, ..Default::default() };
    crate::markdown::render(&r.text, opts, &NoLinks).html
}

#[test]
fn a_highlight_inside_a_list_quote_or_line_ends_where_it_should() {
    for body in [
        "- item\n  {% highlight ruby %}\n  code\n  {% endhighlight %}\n\nafter *emph*\n",
        "> {% highlight ruby %}\n> code\n> {% endhighlight %}\n\nafter *emph*\n",
        "text {% highlight ru`by %}x = 1{% endhighlight %} more\n\nafter *emph*\n",
        "- item\n  {{< highlight go >}}\n  code\n  {{< /highlight >}}\n\nafter *emph*\n",
    ] {
        let h = html(body);
        assert!(h.contains("<em>emph</em>"), "{body:?}\n{h}");
        assert!(h.contains("<pre><code class=\"language-"), "{h}");
    }
}

#[test]
fn markdown_below_an_embed_stays_markdown() {
    for body in ["{{< youtube abc >}}\nSome *text*\n", "![[1.png|300]]\nCaption *text*\n"] {
        assert!(html(body).contains("<em>text</em>"), "{body:?}\n{}", html(body));
    }
}

#[test]
fn places_inside_a_rewritten_piece_are_the_constructs_start() {
    let body = "{{< vimeo 123 >}}\n[x](y)\n";
    let r = run(body);
    let at = r.text.find("[x]").unwrap();
    assert_eq!(r.source_offset(at), body.find("[x]").unwrap());
    let inside = r.text.find("iframe").unwrap();
    assert_eq!(r.source_offset(inside), 0, "within the iframe: where the shortcode starts");
}

#[test]
fn attribute_lists_keep_lists_whole_and_give_headings_their_id() {
    let h = html("- ![a](a.png){: .x}\n- b\n{: .list}\n\n## 제목\n{: #custom .c}\n");
    assert!(h.contains("<div class=\"list\">\n<ul>"), "{h}");
    assert!(h.contains("</ul>\n</div>"), "{h}");
    assert!(h.contains("<img src=\"a.png\" alt=\"a\" class=\"x\">"), "{h}");
    assert!(h.contains("<h2 id=\"custom\" class=\"c\">"), "{h}");
}

#[test]
fn same_note_links_empty_wikilinks_and_stray_attribute_lists() {
    assert!(run("[[#Intro]]\n").text.contains("[Intro](#intro)"));
    let empty = run("![[|300]] [[]]\n");
    assert_eq!(empty.notes.len(), 1, "[[]] is not matched at all; ![[|300]] is named: {:?}", empty.notes);
    assert!(empty.text.contains("`![[|300]]`"), "{}", empty.text);
    let stray = run("{: .a}\n\npara (this){: #x} now\n");
    assert!(stray.text.contains("(this){: #x} now"), "not after a link: text");
    assert_eq!(stray.notes.len(), 1, "{:?}", stray.notes);
    assert!(stray.notes[0].message.contains("no block right above it"));
}
