//! CHECK: where a broken link was written, and one diagnostic for each.
//!
//! A link is placed at the Markdown source that wrote it (its line and column, from the parser's
//! events, or the attribute of raw HTML in the body); else at the `[[menu]]` entry of gen.toml
//! that sets it; else at the template attribute whose literal text it ends with; else at the
//! generated page it is on. One broken target written at one place is one diagnostic, with the
//! number of pages that show it. Reads no files.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use super::{Base, ExternalLink, Finding, Report};
use crate::error::{Diagnostic, Severity};
use crate::site::Site;
use crate::slug::decode;

/// Where a link was written: a source file, line and column, or a generated page (line 0).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
}

/// Where links that no Markdown wrote can come from.
#[derive(Debug, Default, Clone)]
pub struct Origins {
    /// `[[menu]]` hrefs as published, and where gen.toml sets each.
    pub menu: Vec<(String, Place)>,
    /// Each template `href`/`src`: the literal text after its last `}}` (the whole value when it
    /// has no expression), percent-decoded, and where the value is written.
    pub templates: Vec<(String, Place)>,
}

impl Origins {
    /// From the menu's (href, where gen.toml sets it) and the theme's template link sites.
    pub fn new(menu: Vec<(String, Place)>, sites: &[crate::theme::LinkSite]) -> Self {
        let place = |s: &crate::theme::LinkSite| Place { path: s.path.clone(), line: s.line, col: s.col };
        // Tails are kept percent-decoded, as links are compared.
        Origins { menu, templates: sites.iter().map(|s| (decode(&s.tail), place(s))).collect() }
    }
}

/// Links as written in Markdown sources, by their decoded href: the first place any source
/// writes it, and by output file the place its own entry writes it (a link is placed at its
/// own page's source first). Two maps, not a list to search: a common link (a GitHub URL in
/// every post) would make the search quadratic.
#[derive(Default)]
struct Written {
    first: HashMap<String, Place>,
    by_page: HashMap<String, HashMap<String, Place>>,
}

impl Written {
    fn add(&mut self, href: String, place: &Place, page: &str) {
        let own = self.by_page.entry(page.to_owned()).or_default();
        own.entry(href.clone()).or_insert_with(|| place.clone());
        self.first.entry(href).or_insert_with(|| place.clone());
    }
}

/// Turns findings into diagnostics and external links.
pub(super) fn merge(
    all: Vec<(&str, &Finding)>,
    site: &Site,
    base: &Base<'_>,
    severity: Severity,
    keep_external: bool,
) -> Report {
    let mut report = Report::default();
    let all: Vec<(&str, &Finding)> = all.into_iter().filter(|(_, f)| keep_external || f.problem.is_some()).collect();
    if all.is_empty() {
        return report;
    }
    // Only now: mapping every link of every source to its place is not free.
    let written = written_at(site, base.path);
    // (where, what it resolves to) -> (pages, where it is shown, the finding). A Markdown place
    // is one link however each page resolves it (a summary's `#x` is the post's `/a/#x`); a
    // template attribute writes a different link on each page; an unplaced link is keyed by no
    // place and reported at the first page that shows it.
    let mut broken: BTreeMap<(Option<Place>, String), (usize, Place, &Finding)> = BTreeMap::new();
    for (page, finding) in all {
        if finding.problem.is_none() {
            // An external link is placed at its Markdown source, else at the page it is on.
            let at = match in_markdown(&written, &decode(&finding.link), page) {
                Some(at) => at,
                None => Place { path: base.output.join(page), line: 0, col: 0 },
            };
            report.external.push(ExternalLink { url: finding.link.clone(), at });
            continue;
        }
        let (at, markdown) = match locate(&written, base, &finding.link, page) {
            Located::Markdown(at) => (Some(at), true),
            Located::Other(at) => (Some(at), false),
            Located::Nowhere => (None, false),
        };
        let shown = at.clone().unwrap_or_else(|| Place { path: base.output.join(page), line: 0, col: 0 });
        let target = if markdown { String::new() } else { finding.target.clone() };
        broken.entry((at, target)).or_insert((0, shown, finding)).0 += 1;
    }
    for ((placed, _), (pages, at, finding)) in broken {
        let why = finding.problem.as_deref().unwrap_or_default();
        let more = match (pages, placed.is_some()) {
            (1, true) => String::new(),
            (n, true) => format!(" (on {n} pages)"),
            (1, false) => " (no Markdown, menu entry or template writes it as text)".to_owned(),
            (n, false) => format!(" (on {n} pages; no Markdown, menu entry or template writes it as text)"),
        };
        let msg = format!("broken link to `{}`: {why}{more}", decode(&finding.link));
        report.broken.push(diagnostic(severity, &at, msg));
    }
    report.external.sort();
    report.external.dedup();
    report
}

fn diagnostic(severity: Severity, at: &Place, msg: String) -> Diagnostic {
    match severity {
        Severity::Error => Diagnostic::error(&at.path, at.line, at.col, msg),
        Severity::Warning => Diagnostic::warning(&at.path, at.line, at.col, msg),
    }
}

fn written_at(site: &Site, base_path: &str) -> Written {
    let mut map = Written::default();
    for e in site.posts.iter().chain(&site.pages).chain(&site.year_intros) {
        let page = crate::urls::output_file(&e.url);
        for l in &e.rendered.links {
            let place = Place { path: e.source.path.clone(), line: e.body_line + l.line - 1, col: l.col };
            if l.href.starts_with('#') {
                // Summaries on list pages carry `#x` as the post's own URL + `#x`.
                let own = format!("{base_path}{}{}", e.url.trim_start_matches('/'), l.href);
                map.add(decode(&own), &place, &page);
            }
            map.add(decode(&l.href), &place, &page);
        }
        if let Some(cover) = &e.rendered.cover {
            let (line, col) = e.fm.cover_at;
            map.add(decode(cover), &Place { path: e.source.path.clone(), line, col }, &page);
        }
    }
    map
}

/// The Markdown place of the decoded link `key` on output file `page`: its own entry's first.
fn in_markdown(written: &Written, key: &str, page: &str) -> Option<Place> {
    let own = written.by_page.get(page).and_then(|m| m.get(key));
    own.or_else(|| written.first.get(key)).cloned()
}

enum Located {
    /// Written in a Markdown source, at this link.
    Markdown(Place),
    /// A menu entry or a template attribute.
    Other(Place),
    Nowhere,
}

/// Where `link`, found on output file `page`, was written.
fn locate(written: &Written, base: &Base<'_>, link: &str, page: &str) -> Located {
    let key = decode(link);
    if let Some(at) = in_markdown(written, &key, page) {
        return Located::Markdown(at);
    }
    if let Some((_, at)) = base.origins.menu.iter().find(|(href, _)| decode(href) == key) {
        return Located::Other(at.clone());
    }
    // The longest literal ending wins: `{{ base }}tags/` over `{{ base }}/`.
    let template = base.origins.templates.iter().filter(|(tail, _)| key.ends_with(tail.as_str()));
    match template.max_by_key(|(tail, _)| tail.len()) {
        Some((_, at)) => Located::Other(at.clone()),
        None => Located::Nowhere,
    }
}
