//! CHECK: every internal link and resource in the rendered site must resolve — to a file that
//! is written, and to an element id when it has a `#fragment` — and must carry the `base_url`
//! path. Runs on the in-memory output, after render and before write, for `gen build` and
//! `gen check` alike.
//!
//! A broken link is reported at the Markdown line that wrote it when one did; links from
//! templates are reported at the page they appear on. Reads no files and writes none.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Severity};
use crate::render::{Body, OutFile};
use crate::site::Site;
use crate::slug::decode;

/// A link that leaves the site, for `gen check --external`: (URL, where it was written).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExternalLink {
    pub url: String,
    pub at: Place,
}

/// Where a link was written: a source file and line, or a generated page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub path: PathBuf,
    pub line: usize,
}

/// The result of checking the site's links.
#[derive(Debug, Default)]
pub struct Report {
    pub broken: Vec<Diagnostic>,
    pub external: Vec<ExternalLink>,
}

/// Where the site lives, to tell its own links from others.
pub struct Base<'a> {
    /// `base_url` with its trailing slash, e.g. `https://me.github.io/blog/`.
    pub url: &'a str,
    /// Its path, e.g. `/blog/`.
    pub path: &'a str,
    /// How to name the output folder in messages about generated pages, e.g. `public`.
    pub output: &'a Path,
}

/// Checks every HTML file of `files`. `severity` is `[links] internal` (`gen check` always
/// uses errors).
pub fn check(files: &[OutFile], site: &Site, base: &Base<'_>, severity: Severity) -> Report {
    let pages: HashMap<&str, &str> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| match &f.body {
            Body::Bytes(b) => std::str::from_utf8(b).ok().map(|t| (f.path.as_str(), t)),
            Body::Copy(_) => None,
        })
        .collect();
    let existing: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let ids: HashMap<&str, HashSet<String>> = pages.par_iter().map(|(p, html)| (*p, ids_of(html))).collect();
    let written = written_at(site, base.path);
    let mut seen: BTreeSet<(Place, String)> = BTreeSet::new();
    // A broken link in a template breaks every page: report it once, at the first page.
    let mut from_templates: BTreeMap<String, (Place, usize, String)> = BTreeMap::new();
    let mut report = Report::default();
    let mut sorted: Vec<(&str, &str)> = pages.iter().map(|(p, h)| (*p, *h)).collect();
    sorted.sort();
    // Pages are checked in parallel; findings are merged in page order so output is stable.
    let findings: Vec<Vec<Finding>> =
        sorted.par_iter().map(|(page, html)| check_page(page, html, base, &existing, &ids)).collect();
    for (page, finding) in sorted.iter().zip(&findings).flat_map(|((page, _), f)| f.iter().map(move |x| (*page, x))) {
        let at = place(&written, &finding.link, page, base.output);
        match &finding.problem {
            None => report.external.push(ExternalLink { url: finding.link.clone(), at }),
            Some(why) if at.line == 0 => {
                from_templates.entry(finding.link.clone()).or_insert((at, 0, why.clone())).1 += 1;
            }
            Some(why) => {
                if seen.insert((at.clone(), finding.link.clone())) {
                    let msg = format!("broken link to `{}`: {why}", decode(&finding.link));
                    report.broken.push(diagnostic(severity, &at, msg));
                }
            }
        }
    }
    for (link, (at, pages, why)) in from_templates {
        let more = if pages > 1 {
            format!(" (on {pages} pages; it comes from a template or the menu)")
        } else {
            String::new()
        };
        let msg = format!("broken link to `{}`: {why}{more}", decode(&link));
        report.broken.push(diagnostic(severity, &at, msg));
    }
    report.external.sort();
    report.external.dedup();
    report
}

/// A link worth reporting: broken (`problem` says why) or external (`problem` is `None`).
struct Finding {
    link: String,
    problem: Option<String>,
}

fn check_page(
    page: &str,
    html: &str,
    base: &Base<'_>,
    existing: &HashSet<&str>,
    ids: &HashMap<&str, HashSet<String>>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for link in links_of(html) {
        let problem = match classify(&link, page, base) {
            Target::Skip => continue,
            Target::External => None,
            Target::Outside => Some("it is outside the site's base path (base_url)".to_owned()),
            Target::Local { file, fragment } => match problem(&file, fragment.as_deref(), existing, ids) {
                Some(why) => Some(why),
                None => continue,
            },
        };
        out.push(Finding { link, problem });
    }
    out
}

fn diagnostic(severity: Severity, at: &Place, msg: String) -> Diagnostic {
    match severity {
        Severity::Error => Diagnostic::error(&at.path, at.line, usize::from(at.line > 0), msg),
        Severity::Warning => Diagnostic::warning(&at.path, at.line, usize::from(at.line > 0), msg),
    }
}

/// Links as written in each Markdown source, by their href in the HTML.
fn written_at(site: &Site, base_path: &str) -> HashMap<String, Vec<Place>> {
    let mut map: HashMap<String, Vec<Place>> = HashMap::new();
    for e in site.posts.iter().chain(&site.pages).chain(&site.year_intros) {
        for l in &e.rendered.links {
            let place = Place { path: e.source.path.clone(), line: e.body_line + l.line - 1 };
            if l.href.starts_with('#') {
                // Summaries on list pages carry `#x` as the post's own URL + `#x`.
                let own = format!("{base_path}{}{}", e.url.trim_start_matches('/'), l.href);
                map.entry(normalize(&own)).or_default().push(place.clone());
            }
            map.entry(normalize(&l.href)).or_default().push(place);
        }
    }
    map
}

fn normalize(href: &str) -> String {
    decode(&html_escape::decode_html_entities(href))
}

/// The Markdown line that wrote `link`, or the generated page it is on.
fn place(written: &HashMap<String, Vec<Place>>, link: &str, page: &str, output: &Path) -> Place {
    match written.get(&normalize(link)).and_then(|v| v.first()) {
        Some(p) => p.clone(),
        None => Place { path: output.join(page), line: 0 },
    }
}

enum Target {
    Skip,
    External,
    Outside,
    Local { file: String, fragment: Option<String> },
}

/// Resolves a link on the page at output path `page` (e.g. `2023/a/index.html`).
fn classify(link: &str, page: &str, base: &Base<'_>) -> Target {
    let link = html_escape::decode_html_entities(link);
    let link = link.trim();
    // The site's own absolute URLs (canonical, feeds) are checked as the local paths they are.
    let own = base.url.len() > 1 && link.starts_with(base.url);
    let local;
    let link = if own {
        local = format!("{}{}", base.path, &link[base.url.len()..]);
        local.as_str()
    } else {
        link
    };
    let base_path = base.path;
    let lower = link.to_ascii_lowercase();
    if link.is_empty() || ["mailto:", "tel:", "javascript:", "data:", "sms:"].iter().any(|s| lower.starts_with(s)) {
        return Target::Skip;
    }
    if lower.starts_with("http://") || lower.starts_with("https://") || link.starts_with("//") {
        return Target::External;
    }
    if link.contains(':')
        && !link.starts_with(['/', '.', '#'])
        && link.split('/').next().is_some_and(|s| s.contains(':'))
    {
        return Target::Skip; // some other scheme
    }
    let (path, fragment) = match link.split_once('#') {
        Some((p, f)) => (p, Some(decode(f))),
        None => (link, None),
    };
    let path = decode(path.split('?').next().unwrap_or(""));
    let joined = if path.is_empty() {
        format!("/{page}")
    } else if let Some(rest) = path.strip_prefix(base_path) {
        format!("/{rest}")
    } else if path.starts_with('/') {
        return Target::Outside;
    } else {
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        format!("/{dir}/{path}")
    };
    match resolve_dots(&joined) {
        Some(file) => Target::Local { file, fragment: fragment.filter(|f| !f.is_empty()) },
        None => Target::Outside,
    }
}

/// `/a/./b/../c/` -> `a/c/index.html`; `None` when `..` climbs above the root.
fn resolve_dots(path: &str) -> Option<String> {
    let mut file = crate::urls::resolve_dots(path)?;
    if path.ends_with('/') || file.is_empty() {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Some(file)
}

fn problem(
    file: &str,
    fragment: Option<&str>,
    existing: &HashSet<&str>,
    ids: &HashMap<&str, HashSet<String>>,
) -> Option<String> {
    let dir_index = format!("{file}/index.html");
    let target = if existing.contains(file) {
        file
    } else if existing.contains(dir_index.as_str()) {
        dir_index.as_str()
    } else if file.ends_with(".md") || file.ends_with(".markdown") {
        return Some("no such Markdown file in content/ (or it is a draft)".into());
    } else {
        return Some("no such page or file in the site".into());
    };
    let fragment = fragment?;
    match ids.get(target) {
        Some(set) if !set.contains(fragment) && fragment != "top" => {
            Some(format!("`/{target}` has no element with id `{fragment}`"))
        }
        _ => None,
    }
}

/// Attribute values of `name=` in an HTML document (double, single or unquoted).
fn attr_values<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    let mut out = Vec::new();
    let needle = format!(" {name}=");
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let (value, len) = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => match rest[1..].find(q) {
                Some(end) => (&rest[1..=end], end + 2),
                None => break,
            },
            _ => {
                let end = rest.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(rest.len());
                (&rest[..end], end)
            }
        };
        out.push(value);
        rest = &rest[len..];
    }
    out
}

fn links_of(html: &str) -> Vec<String> {
    // <link rel="canonical"> and og:url are absolute by design; <a>, <img>, <script>,
    // <link rel="stylesheet"> are what readers follow and browsers load.
    let mut links: Vec<String> =
        attr_values(html, "href").into_iter().chain(attr_values(html, "src")).map(str::to_owned).collect();
    links.retain(|l| !l.is_empty());
    links
}

fn ids_of(html: &str) -> HashSet<String> {
    attr_values(html, "id").into_iter().chain(attr_values(html, "name")).map(normalize).collect()
}

#[cfg(test)]
mod tests;
