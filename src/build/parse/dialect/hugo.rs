//! DIALECT: Hugo shortcodes in a post body — `highlight`, `figure`, `ref`/`relref`, `youtube`,
//! `vimeo`, `gist`, `x`/`tweet` — as the Markdown or HTML they stand for; embeds as
//! privacy-friendly iframes (as Hugo's privacy settings make them) or links. An unknown
//! shortcode stays visible with a warning.

use regex::Captures;

use std::sync::LazyLock;

use regex::Regex;

use super::{Cx, Edit, rooted, visible};

pub(super) fn edit(cx: &mut Cx<'_>, m: &Captures<'_>) -> Option<Edit> {
    let whole = m.get(0)?.range();
    if cx.in_code(whole.start) {
        return None;
    }
    let name = m.name("hugo")?.as_str();
    let closing = !m.name("hclose").map_or("", |c| c.as_str()).is_empty();
    let args = Args::parse(m.name("hargs").map_or("", |a| a.as_str()));
    if closing {
        cx.note(whole.start, false, format!("`{{{{< /{name} >}}}}` closes nothing: shown as written"));
        return Some(shown(cx, whole));
    }
    let with = match name {
        "highlight" => return highlight(cx, whole, &args),
        "figure" => figure(&args),
        "ref" | "relref" => return reference(cx, whole, name, &args),
        "youtube" => iframe(cx, &whole, &format!("https://www.youtube-nocookie.com/embed/{}", args.get("id", 0)?)),
        "vimeo" => iframe(cx, &whole, &format!("https://player.vimeo.com/video/{}?dnt=1", args.get("id", 0)?)),
        "gist" => {
            let (user, id) = (args.get("user", 0)?, args.get("id", 1)?);
            format!("[gist {user}/{id}](https://gist.github.com/{user}/{id})")
        }
        "x" | "tweet" => {
            let (user, id) = (args.get("user", 0)?, args.get("id", 1)?);
            format!("[@{user}](https://x.com/{user}/status/{id})")
        }
        _ => {
            cx.note(
                whole.start,
                false,
                format!("Hugo shortcode `{name}` is not known to hoego: it is shown as written; replace it with Markdown or HTML"),
            );
            return Some(shown(cx, whole));
        }
    };
    cx.count(&format!("hugo {name}"));
    Some(Edit { range: whole, with, attributes: None })
}

fn shown(cx: &mut Cx<'_>, at: std::ops::Range<usize>) -> Edit {
    cx.count("hugo unknown");
    Edit { with: visible(&cx.body[at.clone()]), range: at, attributes: None }
}

static END_HIGHLIGHT: LazyLock<Regex> = LazyLock::new(|| {
    // A constant pattern: a typo is a bug the tests catch at once.
    Regex::new(r"\{\{[<%]\s*/\s*highlight\s*[>%]\}\}").unwrap_or_else(|e| panic!("{e}"))
});

/// `{{< highlight go "linenos=table" >}}…{{< /highlight >}}` -> a fenced block.
fn highlight(cx: &mut Cx<'_>, open: std::ops::Range<usize>, args: &Args) -> Option<Edit> {
    let Some(close) = cx.find_closer("hugo highlight", &END_HIGHLIGHT, open.end) else {
        cx.note(
            open.start,
            true,
            "`{{< highlight >}}` is never closed: add `{{< /highlight >}}` after the code".into(),
        );
        return None;
    };
    cx.count("hugo highlight");
    let lang = args.get("lang", 0).unwrap_or_default();
    Some(cx.fence(open, close, &lang))
}

/// `{{< figure src="a.png" alt="…" caption="…" >}}` -> an image with its caption as title.
fn figure(args: &Args) -> String {
    let src = args.get("src", 0).unwrap_or_default();
    let alt = args.get("alt", usize::MAX).or_else(|| args.get("caption", usize::MAX)).unwrap_or_default();
    let title = args.get("caption", usize::MAX).or_else(|| args.get("title", usize::MAX));
    let esc = |s: &str| s.replace('\\', "\\\\").replace(['[', ']'], "").replace('"', "\\\"");
    // In `<…>` a destination may hold spaces, but not `<`, `>` or a line break.
    let src = src.replace('<', "%3C").replace('>', "%3E").replace('\n', "");
    match title {
        Some(t) => format!("![{}](<{src}> \"{}\")", esc(&alt), esc(&t)),
        None => format!("![{}](<{src}>)", esc(&alt)),
    }
}

/// `{{< ref "posts/a.md" >}}`, `{{< relref "a" >}}`: a content path or a file name.
fn reference(cx: &mut Cx<'_>, at: std::ops::Range<usize>, name: &str, args: &Args) -> Option<Edit> {
    let target = args.get("path", 0).unwrap_or_default();
    let (path, fragment) = target.split_once('#').map_or((target.as_str(), ""), |(p, f)| (p, f));
    let path = path.trim_start_matches('/');
    let with_md = if path.ends_with(".md") { path.to_owned() } else { format!("{path}.md") };
    cx.count(&format!("hugo {name}"));
    let found = [path.to_owned(), with_md.clone(), format!("{}/index.md", path.trim_end_matches('/'))]
        .into_iter()
        .find(|p| cx.sources.has(p))
        .or_else(|| cx.sources.by_name(path));
    match found {
        Some(rel) => {
            let fragment = if fragment.is_empty() { String::new() } else { format!("#{fragment}") };
            Some(Edit { range: at, with: rooted(&rel, &fragment), attributes: None })
        }
        None => {
            cx.note(at.start, true, format!("`{{{{< {name} \"{target}\" >}}}}`: no page `{path}` under content/"));
            None
        }
    }
}

/// An embed. On a line of its own it is an HTML block, which a blank line must end, or the
/// Markdown below it would be read as HTML.
fn iframe(cx: &Cx<'_>, at: &std::ops::Range<usize>, src: &str) -> String {
    let src = html_escape::encode_double_quoted_attribute(src);
    let end = if cx.alone(at.start, at.end) { "\n" } else { "" };
    format!(
        "<div class=\"embed\"><iframe src=\"{src}\" loading=\"lazy\" referrerpolicy=\"strict-origin-when-cross-origin\" allowfullscreen title=\"video\"></iframe></div>{end}"
    )
}

/// Shortcode arguments: positional (`"a" b`) and named (`src="a.png"`), quotes removed.
struct Args {
    positional: Vec<String>,
    named: Vec<(String, String)>,
}

impl Args {
    fn parse(text: &str) -> Args {
        let mut out = Args { positional: Vec::new(), named: Vec::new() };
        let mut rest = text.trim();
        while !rest.is_empty() {
            let (key, after) = match rest.find(|c: char| c == '=' || c.is_whitespace() || c == '"' || c == '`') {
                Some(i) if rest[i..].starts_with('=') => (Some(&rest[..i]), &rest[i + 1..]),
                _ => (None, rest),
            };
            let (value, next) = quoted(after);
            match key {
                Some(k) => out.named.push((k.to_owned(), value)),
                None => out.positional.push(value),
            }
            rest = next.trim_start();
        }
        out
    }

    /// A named argument, else the positional one at `index`.
    fn get(&self, name: &str, index: usize) -> Option<String> {
        let named = self.named.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        named.or_else(|| self.positional.get(index).cloned()).filter(|v| !v.is_empty())
    }
}

/// The first value of `text` (`"a b"`, `` `a` `` or a bare word) and what follows it.
fn quoted(text: &str) -> (String, &str) {
    for q in ['"', '`'] {
        if let Some(body) = text.strip_prefix(q) {
            let end = body.find(q).unwrap_or(body.len());
            return (body[..end].to_owned(), body.get(end + 1..).unwrap_or(""));
        }
    }
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    (text[..end].to_owned(), &text[end..])
}
