//! DIALECT: Jekyll's Liquid in a post body. `{% highlight %}` becomes a fenced block, `{% raw %}`
//! its content, `{% post_url %}` and `{% link %}` the target's link, `{{ site.baseurl }}` and
//! `relative_url` the path they prefix; any other tag stays visible with a warning.

use regex::Captures;

use std::sync::LazyLock;

use regex::Regex;

use super::{Cx, Edit, rooted, visible};

pub(super) fn edit(cx: &mut Cx<'_>, m: &Captures<'_>) -> Option<Edit> {
    let whole = m.get(0)?.range();
    if let Some(out) = m.name("lout") {
        return output(cx, whole, out.as_str());
    }
    let tag = m.name("liquid")?.as_str();
    let args = m.name("largs").map_or("", |a| a.as_str()).trim();
    if cx.in_code(whole.start) {
        if matches!(tag, "raw" | "endraw") {
            cx.note(
                whole.start,
                false,
                format!(
                    "`{{% {tag} %}}` inside code is shown as written: Jekyll needed it there, hoego does not; remove it"
                ),
            );
        }
        return None;
    }
    match tag {
        "highlight" => {
            let close = closer(cx, whole.clone(), "highlight", &END_HIGHLIGHT)?;
            Some(cx.fence(whole, close, args.split_whitespace().next().unwrap_or("")))
        }
        "raw" => {
            let close = closer(cx, whole.clone(), "raw", &END_RAW)?;
            let with = cx.body[whole.end..close.start].to_owned();
            Some(Edit { range: whole.start..close.end, with, attributes: None })
        }
        "comment" => {
            let close = closer(cx, whole.clone(), "comment", &END_COMMENT)?;
            Some(Edit { range: whole.start..close.end, with: String::new(), attributes: None })
        }
        "post_url" => post_url(cx, whole, args),
        "link" => link(cx, whole, args),
        "endhighlight" | "endraw" | "endcomment" => {
            cx.note(whole.start, false, format!("`{{% {tag} %}}` closes nothing: shown as written"));
            unknown(cx, whole, tag, false)
        }
        _ => unknown(cx, whole, tag, true),
    }
}

static END_HIGHLIGHT: LazyLock<Regex> = LazyLock::new(|| closing("endhighlight"));
static END_RAW: LazyLock<Regex> = LazyLock::new(|| closing("endraw"));
static END_COMMENT: LazyLock<Regex> = LazyLock::new(|| closing("endcomment"));

fn closing(end: &str) -> Regex {
    // A constant pattern: a typo is a bug the tests catch at once.
    Regex::new(&format!(r"\{{%-?\s*{end}\s*-?%\}}")).unwrap_or_else(|e| panic!("{end}: {e}"))
}

/// Where the `{% end… %}` of a block opened at `open` is, counting the construct; an error at
/// the opener when there is none.
fn closer(
    cx: &mut Cx<'_>,
    open: std::ops::Range<usize>,
    tag: &'static str,
    re: &Regex,
) -> Option<std::ops::Range<usize>> {
    let Some(close) = cx.find_closer(tag, re, open.end) else {
        cx.note(open.start, true, format!("`{{% {tag} %}}` is never closed: add `{{% end{tag} %}}` after its content"));
        return None;
    };
    cx.count(&format!("liquid {tag}"));
    Some(close)
}

/// `{% post_url 2025-08-03-name %}`: the post of that file name, anywhere under `content/`.
fn post_url(cx: &mut Cx<'_>, at: std::ops::Range<usize>, args: &str) -> Option<Edit> {
    let name = args.trim().trim_end_matches(".md").trim_end_matches(".markdown");
    let stem = name.rsplit('/').next().unwrap_or(name);
    cx.count("liquid post_url");
    match cx.sources.post_named(stem) {
        // Inside `(…)` of a Markdown link: a path the Markdown stage resolves like `x.md`.
        Some(rel) => Some(Edit { range: at, with: rooted(&rel, ""), attributes: None }),
        None => {
            cx.note(at.start, true, format!("`{{% post_url {name} %}}`: no post named `{stem}` under content/ (copy it from _posts/, or fix the name)"));
            None
        }
    }
}

/// `{% link _posts/2016-07-26-name.md %}`: a path from the Jekyll site's root.
fn link(cx: &mut Cx<'_>, at: std::ops::Range<usize>, args: &str) -> Option<Edit> {
    let path = args.trim().trim_start_matches('/');
    let rel = path.strip_prefix("_posts/").map(|p| format!("posts/{p}")).unwrap_or_else(|| path.to_owned());
    cx.count("liquid link");
    if cx.sources.has(&rel) {
        return Some(Edit { range: at, with: rooted(&rel, ""), attributes: None });
    }
    cx.note(at.start, true, format!("`{{% link {path} %}}`: no file `{rel}` under content/"));
    None
}

/// `{{ site.baseurl }}` is the base path hoego adds to every root-relative link itself;
/// `{{ '/a.png' | relative_url }}` is the path.
fn output(cx: &mut Cx<'_>, at: std::ops::Range<usize>, expr: &str) -> Option<Edit> {
    if cx.in_code(at.start) {
        return None;
    }
    cx.count("liquid output");
    let with = if expr.starts_with("site.") {
        String::new()
    } else {
        expr.split('|').next().unwrap_or("").trim().trim_matches(['\'', '"']).to_owned()
    };
    Some(Edit { range: at, with, attributes: None })
}

/// Any other tag (`include`, `if`, `assign`…): Liquid templates are not run here. Shown as code.
fn unknown(cx: &mut Cx<'_>, at: std::ops::Range<usize>, tag: &str, warn: bool) -> Option<Edit> {
    let text = cx.body[at.clone()].to_owned();
    cx.count("liquid unknown");
    if warn {
        cx.note(
            at.start,
            false,
            format!("Liquid `{{% {tag} %}}` is not run by hoego: it is shown as written; replace it with Markdown (or the text it made)"),
        );
    }
    Some(Edit { range: at, with: visible(&text), attributes: None })
}
