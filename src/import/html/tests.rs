use super::*;

fn md(html: &str) -> String {
    to_markdown(html, &mut |_, _| None).markdown
}

#[test]
fn code_blocks_keep_their_language_from_any_highlighter() {
    assert_eq!(
        md(r#"<pre class="wp-block-code"><code class="language-rust">let a = 1;</code></pre>"#),
        "```rust\nlet a = 1;\n```"
    );
    assert_eq!(md(r#"<pre class="brush: php; title: ; notranslate">echo 1 &lt; 2;</pre>"#), "```php\necho 1 < 2;\n```");
    assert_eq!(md(r#"<pre class="lang:js decode:true">x</pre>"#), "```js\nx\n```");
    assert_eq!(md(r#"<pre lang="Python">x</pre>"#), "```python\nx\n```");
    // Highlighter markup inside is dropped; text and breaks stay; Markdown is not escaped.
    assert_eq!(md("<pre><span class=k>a</span>*b*<br>c</pre>"), "```\na*b*\nc\n```");
}

#[test]
fn the_summary_break_stays_and_block_comments_go() {
    let c = to_markdown("<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph --><!--more--><p>b</p>", &mut |_, _| None);
    assert_eq!(c.markdown, "a\n\n<!-- more -->\n\nb");
    assert_eq!(c.blocks, 1);
}

#[test]
fn addresses_go_through_the_rewrite_and_frames_become_links() {
    let mut seen = Vec::new();
    let c = to_markdown(
        r#"<p><a href="https://b.kr/full.png"><img src="https://b.kr/small.png" srcset="x 2w" alt="그림"></a></p><iframe src="https://youtube.com/embed/x"></iframe><script>alert(1)</script>"#,
        &mut |u, image| {
            seen.push((u.to_owned(), image));
            Some(format!("local-{}", u.rsplit('/').next().unwrap_or("")))
        },
    );
    assert_eq!(c.markdown, "[![그림](local-small.png)](local-full.png)\n\n[local-x](local-x)");
    assert!(seen.contains(&("https://b.kr/small.png".into(), true)));
    assert_eq!(c.lost.len(), 2, "{:?}", c.lost);
}

#[test]
fn excerpts_are_plain_text() {
    assert_eq!(
        plain_text("<p>a &amp; <b>b</b></p><script>x</script>").split_whitespace().collect::<Vec<_>>(),
        ["a", "&", "b"]
    );
}
