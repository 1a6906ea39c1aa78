//! SERVE: the link check as `gen serve` runs it: a page whose bytes are the previous build's
//! (the same bytes, shared or equal) keeps its scan, and its findings too while no file was
//! added or removed and no page it links to with a `#fragment` changed. One update does it,
//! whether the render says which pages changed (it rendered only those) or they are found by
//! comparing bytes; when files come or go, every page's findings are made again. The check itself (`crate::check`) keeps nothing. External
//! links are left out: serve never follows them. Reads no files and writes none.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::check::{self, Base, Finding, Report, Scan, any_broken};
use crate::error::Severity;
use crate::render::{Body, OutFile};
use crate::site::Site;

/// One page's check, kept while the page's bytes stay the same (the bytes are kept with it, so
/// no other page can take their address).
#[derive(Clone)]
struct Kept {
    html: Arc<Vec<u8>>,
    scan: Scan,
    findings: Arc<Vec<Finding>>,
}

/// Checks kept from one build to the next.
#[derive(Default)]
pub struct Memo {
    pages: HashMap<String, Kept>,
    /// A hash of every output path: a file added or removed can break or mend any link.
    existing: u64,
    /// Every output path.
    paths: HashSet<String>,
    /// Pages that link to each page with a `#fragment` (a superset after edits).
    linked_by: HashMap<String, Vec<String>>,
    /// Pages with broken links, in order.
    flagged: BTreeSet<String>,
    /// How many pages the last check scanned: what it cost (the tests read it).
    scanned: usize,
}

/// [`check::check`] of every rendered HTML page of `files`, reusing what `memo` holds for the
/// pages that did not change. With `changed_only`, `files` are the pages the render made
/// again and the others are the previous build's (no file came or went), which `memo` must
/// hold.
pub fn check(
    files: &[OutFile],
    changed_only: bool,
    site: &Site,
    base: &Base<'_>,
    severity: Severity,
    memo: &mut Memo,
) -> Report {
    let pages: Vec<(&str, &Arc<Vec<u8>>)> = files.iter().filter_map(html).collect();
    if changed_only {
        update(pages, base, memo, false);
        return report(site, base, severity, memo);
    }
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let existing = crate::digest::key(&[&paths]);
    let same_files = memo.existing == existing;
    if !same_files {
        memo.existing = existing;
        memo.paths = paths.iter().map(|p| (*p).to_owned()).collect();
        let here: HashSet<&str> = pages.iter().map(|(p, _)| *p).collect();
        memo.pages.retain(|p, _| here.contains(p.as_str()));
        memo.flagged.retain(|p| here.contains(p.as_str()));
        // Rebuilt below from every page's scan: links from pages that went go with them.
        memo.linked_by.clear();
    }
    // A scan reads only the page's own bytes: a page with the previous build's bytes keeps it,
    // even when files came or went (its findings are made again below all the same). A page
    // rendered again to the same bytes (after a change to the site-wide view that it does not
    // show) is compared byte for byte, and then known by its new bytes.
    let looked: Vec<(&str, &Arc<Vec<u8>>, bool)> = pages
        .par_iter()
        .filter_map(|&(p, bytes)| match memo.pages.get(p) {
            Some(k) if Arc::ptr_eq(&k.html, bytes) => None,
            Some(k) => Some((p, bytes, k.html[..] != bytes[..])),
            None => Some((p, bytes, true)),
        })
        .collect();
    let mut changed = Vec::new();
    for (p, bytes, differ) in looked {
        match memo.pages.get_mut(p) {
            Some(k) if !differ => k.html = Arc::clone(bytes),
            _ => changed.push((p, bytes)),
        }
    }
    update(changed, base, memo, !same_files);
    report(site, base, severity, memo)
}

/// An HTML page of the output and its bytes.
fn html(f: &OutFile) -> Option<(&str, &Arc<Vec<u8>>)> {
    match &f.body {
        Body::Bytes(bytes) if f.path.ends_with(".html") => Some((f.path.as_str(), bytes)),
        _ => None,
    }
}

/// Scans the `changed` pages and makes the findings again of them and of the pages that link
/// to them with a `#fragment` (of every page when `all`).
fn update(changed: Vec<(&str, &Arc<Vec<u8>>)>, base: &Base<'_>, memo: &mut Memo, all: bool) {
    memo.scanned = changed.len();
    let scanned: Vec<(String, Kept)> = changed
        .par_iter()
        .map(|(page, bytes)| {
            let scan = check::scan(page, bytes, base);
            ((*page).to_owned(), Kept { html: Arc::clone(bytes), scan, findings: Arc::default() })
        })
        .collect();
    let mut redo: BTreeSet<String> = BTreeSet::new();
    for (page, k) in scanned {
        if !all {
            link_targets(&mut memo.linked_by, &page, &k.scan);
            redo.extend(memo.linked_by.get(&page).into_iter().flatten().cloned());
        }
        memo.pages.insert(page.clone(), k);
        redo.insert(page);
    }
    if all {
        // Files came or went: any link may now resolve, or not.
        redo = memo.pages.keys().cloned().collect();
        for (page, k) in &memo.pages {
            for t in k.scan.fragment_targets() {
                memo.linked_by.entry(t.clone()).or_default().push(page.clone());
            }
        }
    }
    let found: Vec<(&String, Vec<Finding>)> = redo
        .par_iter()
        .filter_map(|page| {
            let k = memo.pages.get(page)?;
            let exists = |f: &str| memo.paths.contains(f);
            Some((page, k.scan.findings(&exists, &|f| memo.pages.get(f).map(|k| &**k.scan.ids()))))
        })
        .collect();
    for (page, found) in found {
        if any_broken(&found) {
            memo.flagged.insert(page.clone());
        } else {
            memo.flagged.remove(page);
        }
        if let Some(k) = memo.pages.get_mut(page) {
            k.findings = Arc::new(found);
        }
    }
}

/// Notes that `page` links to each of its fragment targets (a superset after edits: a link
/// that went only costs a check).
fn link_targets(linked_by: &mut HashMap<String, Vec<String>>, page: &str, scan: &Scan) {
    for t in scan.fragment_targets() {
        let from = linked_by.entry(t.clone()).or_default();
        if !from.iter().any(|p| p == page) {
            from.push(page.to_owned());
        }
    }
}

/// The report of every page `memo` holds, in page order.
fn report(site: &Site, base: &Base<'_>, severity: Severity, memo: &Memo) -> Report {
    let all: Vec<(&str, &Finding)> = memo
        .flagged
        .iter()
        .filter_map(|p| Some((p.as_str(), memo.pages.get(p)?)))
        .flat_map(|(p, k)| k.findings.iter().map(move |x| (p, x)))
        .collect();
    let mut report = check::report(all, site, base, severity, false);
    report.links = memo.pages.values().map(|k| k.scan.links()).sum();
    report
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::check::Origins;

    fn page(path: &str, html: &str) -> OutFile {
        let body = Body::Bytes(Arc::new(html.as_bytes().to_vec()));
        OutFile { path: path.into(), body, origin: String::new(), source: None }
    }

    /// A page added changes what every link may reach, so every page's findings are made
    /// again; but a page rendered again to the same bytes is not scanned again.
    #[test]
    fn a_page_added_scans_only_the_pages_whose_bytes_changed() {
        let origins = Origins { menu: Vec::new(), templates: Vec::new() };
        let base = Base { url: "https://e.com/", path: "/", output: Path::new("public"), origins: &origins };
        let (site, mut memo) = (Site::default(), Memo::default());
        let broken =
            |files: &[OutFile], memo: &mut Memo| check(files, false, &site, &base, Severity::Error, memo).broken.len();
        let a = page("a/index.html", r#"<a href="/b/#x">b</a> <a href="/d/">d</a>"#);
        let c = page("c/index.html", "<p>c</p>");
        let first = [a, page("b/index.html", r#"<h2 id="x">x</h2>"#), c.clone()];
        assert_eq!(broken(&first, &mut memo), 1, "d is not there yet");
        assert_eq!(memo.scanned, 3);
        // a is rendered again to the same bytes, b loses its anchor, c is the same file, d comes.
        let a_again = page("a/index.html", r#"<a href="/b/#x">b</a> <a href="/d/">d</a>"#);
        let next = [a_again, page("b/index.html", "<h2>x</h2>"), c, page("d/index.html", "<p>d</p>")];
        assert_eq!(broken(&next, &mut memo), 1, "d is there now, and b's anchor is gone");
        assert_eq!(memo.scanned, 2, "b and d are scanned; a and c keep their scans");
        assert_eq!(broken(&next, &mut memo), 1);
        assert_eq!(memo.scanned, 0, "a is now known by its new bytes");
    }
}
