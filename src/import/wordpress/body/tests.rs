use std::collections::BTreeMap;

use super::*;

fn prep(html: &str) -> (String, Found) {
    let attachments: BTreeMap<u64, String> = [(7, "https://b.kr/wp-content/uploads/g.png".to_owned())].into();
    let refs = Refs { attachments: &attachments, attached: vec!["https://b.kr/wp-content/uploads/a.png"] };
    let mut found = Found::default();
    (prepare(html, &refs, &mut found), found)
}

#[test]
fn classic_posts_get_paragraphs_and_breaks() {
    let (h, _) = prep("첫 줄\n둘째 줄\n\n<ul>\n<li>a</li>\n</ul>\n\n셋째");
    assert_eq!(h, "<p>첫 줄<br>둘째 줄</p>\n\n<ul>\n<li>a</li>\n</ul>\n\n<p>셋째</p>\n\n");
}

#[test]
fn gutenberg_posts_are_left_as_they_are() {
    let (h, _) = prep("<!-- wp:paragraph -->\n<p>a\nb</p>\n<!-- /wp:paragraph -->");
    assert_eq!(h, "<!-- wp:paragraph -->\n<p>a\nb</p>\n<!-- /wp:paragraph -->");
}

#[test]
fn code_shortcodes_keep_their_text_and_language() {
    let (h, f) =
        prep("[code lang=\"bash\"]a && b[/code]\n\n[python]if a &lt; b: pass[/python]\n\n[sourcecode]x[/sourcecode]");
    assert!(h.contains("<pre><code class=\"language-bash\">a &amp;&amp; b</code></pre>"), "{h}");
    assert!(h.contains("<pre><code class=\"language-python\">if a &lt; b: pass</code></pre>"), "{h}");
    assert!(h.contains("<pre><code>x</code></pre>"), "{h}");
    assert_eq!(f.converted.values().sum::<usize>(), 3);
}

#[test]
fn pre_blocks_are_never_touched() {
    let (h, f) = prep("<pre>[gallery]\n\nline</pre>");
    assert_eq!(h.trim(), "<pre>[gallery]\n\nline</pre>");
    assert!(f.converted.is_empty() && f.lost.is_empty());
}

#[test]
fn captions_galleries_embeds_and_unknown_shortcodes() {
    let (h, f) = prep(r#"[caption id="attachment_1" width="300"]<img src="a.png" alt="x" /> 설명[/caption]"#);
    assert!(h.contains("<figure><img src=\"a.png\" alt=\"x\" /><figcaption>설명</figcaption></figure>"), "{h}");
    assert_eq!(f.converted["caption"], 1);
    let (h, f) = prep("[gallery ids=\"7,9\"]");
    assert!(h.contains("<img src=\"https://b.kr/wp-content/uploads/g.png\""), "{h}");
    assert_eq!(f.lost, ["[gallery] image 9: no such attachment in the export"]);
    let (h, _) = prep("[gallery]");
    assert!(h.contains("uploads/a.png"), "{h}");
    let (h, _) = prep("[embed]https://youtu.be/x[/embed]");
    assert!(h.contains("<a href=\"https://youtu.be/x\">"), "{h}");
    let (h, f) = prep("[toc]\n\n[[gallery]]");
    assert!(h.contains("<code>[toc]</code>") && h.contains("[gallery]"), "{h}");
    assert_eq!(f.lost, ["unknown shortcode [toc]: shown as written"]);
}
