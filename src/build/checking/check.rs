//! CHECK: every internal link and resource in the rendered site must resolve — to a file that
//! is written, and to an element id when it has a `#fragment` — and must carry the `base_url`
//! path. Runs on the in-memory output, after render and before write, for `gen build` and
//! `gen check` alike.
//!
//! Links and ids are read with the HTML tokenizer (`crate::html`); a broken link is reported
//! once, where it was written (`place.rs`). Reads no files and writes none, and keeps nothing
//! between builds: what `gen serve` reuses of a check is `crate::cache`'s (`cache/checks.rs`).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::{Diagnostic, Severity};
use crate::html;
use crate::render::{Body, OutFile};
use crate::site::Site;
use crate::slug::decode;

/// A link that leaves the site, for `gen check --external`: (URL, where it was written).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExternalLink {
    pub url: String,
    pub at: Place,
}

/// The result of checking the site's links.
#[derive(Debug, Default)]
pub struct Report {
    pub broken: Vec<Diagnostic>,
    pub external: Vec<ExternalLink>,
    /// Links checked on the site's pages (each `href` and `src` that is not another scheme).
    pub links: usize,
}

/// Where the site lives, to tell its own links from others.
pub struct Base<'a> {
    /// `base_url` with its trailing slash, e.g. `https://me.github.io/blog/`.
    pub url: &'a str,
    /// Its path, e.g. `/blog/`.
    pub path: &'a str,
    /// How to name the output folder in messages about generated pages, e.g. `public`.
    pub output: &'a Path,
    /// Where links that no Markdown wrote come from: the menu and the templates.
    pub origins: &'a Origins,
}

/// What the check needs from one page: its ids and its links, resolved. `gen build` scans each
/// page as it is written and drops the bytes.
#[derive(Debug, Clone)]
pub struct Scan {
    ids: Arc<HashSet<String>>,
    /// The page's links, resolved; schemes that are not checked are left out.
    links: Arc<Vec<(String, Target)>>,
    /// Pages this one links to with a `#fragment`: their ids decide its findings.
    fragment_targets: Arc<BTreeSet<String>>,
}

impl Scan {
    pub fn ids(&self) -> &Arc<HashSet<String>> {
        &self.ids
    }

    /// How many links the page has that are checked.
    pub fn links(&self) -> usize {
        self.links.len()
    }

    /// The pages this one links to with a `#fragment`.
    pub fn fragment_targets(&self) -> &BTreeSet<String> {
        &self.fragment_targets
    }

    /// What is wrong with the page's links (and which leave the site), given which output
    /// files exist and each page's ids.
    pub fn findings<'a>(
        &self,
        exists: &dyn Fn(&str) -> bool,
        ids: &dyn Fn(&str) -> Option<&'a HashSet<String>>,
    ) -> Vec<Finding> {
        findings(&self.links, exists, ids)
    }
}

/// Checks every HTML file of `files`. `severity` is `[links] internal` (`gen check` always
/// uses errors).
pub fn check(files: &[OutFile], written: &Written, site: &Site, base: &Base<'_>, severity: Severity) -> Report {
    let pages: Vec<(&str, &Body)> =
        files.iter().filter(|f| f.path.ends_with(".html")).map(|f| (f.path.as_str(), &f.body)).collect();
    // Copied .html files are not checked: only rendered and written pages.
    let mut scans: Vec<(&str, Arc<Scan>)> = pages
        .par_iter()
        .filter_map(|(page, body)| match body {
            Body::Bytes(html) => Some((*page, Arc::new(scan(page, html, base)))),
            Body::Written => written.get(*page).map(|s| (*page, s.clone())),
            Body::Copy(_) => None,
        })
        .collect();
    scans.sort_by_key(|(p, _)| *p);
    let existing: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let ids: HashMap<&str, &HashSet<String>> = scans.iter().map(|(p, s)| (*p, &*s.ids)).collect();
    // Pages are checked in parallel; findings are merged in page order so output is stable.
    let found: Vec<Vec<Finding>> =
        scans.par_iter().map(|(_, s)| s.findings(&|f| existing.contains(f), &|f| ids.get(f).copied())).collect();
    let all = scans.iter().zip(&found).flat_map(|((p, _), f)| f.iter().map(move |x| (*p, x)));
    let mut report = report(all.collect(), site, base, severity, true);
    report.links = scans.iter().map(|(_, s)| s.links()).sum();
    report
}

/// The scans of pages written as they were rendered ([`Body::Written`]), by output path.
pub type Written = HashMap<String, Arc<Scan>>;

/// The report of `found` (page, finding), in page order: each broken target once, at the place
/// it was written; external links kept for `gen check --external` when `keep_external`.
pub fn report(
    found: Vec<(&str, &Finding)>,
    site: &Site,
    base: &Base<'_>,
    severity: Severity,
    keep_external: bool,
) -> Report {
    merge(found, site, base, severity, keep_external)
}

/// Reads one page's ids and links with the HTML tokenizer; findings come later, once every
/// page's ids are known.
pub fn scan(page: &str, html: &[u8], base: &Base<'_>) -> Scan {
    let refs = html::refs(html);
    let links: Vec<(String, Target)> = refs
        .links
        .into_iter()
        .filter_map(|l| {
            let t = classify(&l, page, base);
            (!matches!(t, Target::Skip)).then_some((l, t))
        })
        .collect();
    let fragment_targets = links
        .iter()
        .filter_map(|(_, t)| match t {
            Target::Local { file, fragment: Some(_) } => Some(file.clone()),
            _ => None,
        })
        .collect();
    Scan {
        ids: Arc::new(refs.ids.iter().map(|i| decode(i)).collect()),
        links: Arc::new(links),
        fragment_targets: Arc::new(fragment_targets),
    }
}

fn findings<'a>(
    links: &[(String, Target)],
    exists: &dyn Fn(&str) -> bool,
    ids: &dyn Fn(&str) -> Option<&'a HashSet<String>>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (link, target) in links {
        let problem = match target {
            Target::Skip => continue,
            Target::External => None,
            Target::Outside => Some("it is outside the site's base path (base_url)".to_owned()),
            Target::Local { file, fragment } => match problem(file, fragment.as_deref(), exists, ids) {
                Some(why) => Some(why),
                None => continue,
            },
        };
        // What a broken link resolves to keys its report; an external link needs none.
        let target = match (target, &problem) {
            (_, None) => String::new(),
            (Target::Local { file, fragment: Some(f) }, _) => format!("{file}#{f}"),
            (Target::Local { file, fragment: None }, _) => file.clone(),
            _ => link.clone(),
        };
        out.push(Finding { link: link.clone(), problem, target });
    }
    out
}

/// Whether any finding is a broken link (the others are external links): the pages `gen serve`
/// keeps as flagged.
pub fn any_broken(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.problem.is_some())
}

/// A link worth reporting: broken (`problem` says why) or external (`problem` is `None`).
#[derive(Debug, Clone)]
pub struct Finding {
    link: String,
    problem: Option<String>,
    /// What the link resolves to (`2023/a/index.html#intro`): one broken target written at one
    /// place is one error, however many pages show it.
    target: String,
}

#[derive(Debug, Clone)]
enum Target {
    Skip,
    External,
    Outside,
    Local { file: String, fragment: Option<String> },
}

/// Resolves a link on the page at output path `page` (e.g. `2023/a/index.html`).
fn classify(link: &str, page: &str, base: &Base<'_>) -> Target {
    // Values come from the tokenizer with their character references already decoded.
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

fn problem<'a>(
    file: &str,
    fragment: Option<&str>,
    exists: &dyn Fn(&str) -> bool,
    ids: &dyn Fn(&str) -> Option<&'a HashSet<String>>,
) -> Option<String> {
    let dir_index = format!("{file}/index.html");
    let target = if exists(file) {
        file
    } else if exists(dir_index.as_str()) {
        dir_index.as_str()
    } else if file.ends_with(".md") || file.ends_with(".markdown") {
        return Some("no such Markdown file in content/ (or it is a draft)".into());
    } else {
        return Some("no such page or file in the site".into());
    };
    let fragment = fragment?;
    match ids(target) {
        Some(set) if !set.contains(fragment) && fragment != "top" => {
            Some(format!("`/{target}` has no element with id `{fragment}`"))
        }
        _ => None,
    }
}

mod place;
use place::merge;
pub use place::{Origins, Place};

#[cfg(test)]
mod tests;
