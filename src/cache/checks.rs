//! SERVE: the link check as `gen serve` runs it: a page whose bytes are the previous build's
//! keeps its scan, and its findings too while no file was added or removed and no page it
//! links to with a `#fragment` changed; after a patch, only the changed pages and the pages
//! linking to them are checked again. The check itself (`crate::check`) keeps nothing. External
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
    /// Every output path, for [`check_changed`].
    paths: HashSet<String>,
    /// Pages that link to each page with a `#fragment` (a superset after edits).
    linked_by: HashMap<String, Vec<String>>,
    /// Pages with broken links, in order.
    flagged: BTreeSet<String>,
}

/// [`check::check`] of every rendered HTML page of `files`, reusing what `memo` holds for the
/// pages that did not change.
pub fn check(files: &[OutFile], site: &Site, base: &Base<'_>, severity: Severity, memo: &mut Memo) -> Report {
    let mut sorted: Vec<(&str, &Arc<Vec<u8>>)> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| match &f.body {
            Body::Bytes(html) => Some((f.path.as_str(), html)),
            _ => None,
        })
        .collect();
    sorted.sort_by_key(|(p, _)| *p);
    let existing: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let existing_hash = crate::digest::key(&[&files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>()]);
    let same_files = memo.existing == existing_hash;
    let scanned: Vec<(Kept, bool)> = sorted
        .par_iter()
        .map(|(page, html)| match memo.pages.get(*page).filter(|k| Arc::ptr_eq(&k.html, html)) {
            Some(k) => (k.clone(), true),
            None => {
                (Kept { html: Arc::clone(html), scan: check::scan(page, html, base), findings: Arc::default() }, false)
            }
        })
        .collect();
    let changed: HashSet<&str> =
        sorted.iter().zip(&scanned).filter(|(_, (_, same))| !same).map(|((p, _), _)| *p).collect();
    let ids: HashMap<&str, Arc<HashSet<String>>> =
        sorted.iter().zip(&scanned).map(|((p, _), (k, _))| (*p, k.scan.ids().clone())).collect();
    let checked: Vec<Kept> = scanned
        .into_par_iter()
        .map(|(mut k, same)| {
            let targets = k.scan.fragment_targets();
            if !same || !same_files || targets.iter().any(|t| changed.contains(t.as_str())) {
                let found = k.scan.findings(&|f| existing.contains(f), &|f| ids.get(f).map(|s| &**s));
                k.findings = Arc::new(found);
            }
            k
        })
        .collect();
    let flagged = sorted.iter().zip(&checked).filter(|(_, k)| any_broken(&k.findings));
    let all: Vec<(&str, &Finding)> =
        flagged.clone().flat_map(|((page, _), k)| k.findings.iter().map(move |x| (*page, x))).collect();
    let mut report = check::report(all, site, base, severity, false);
    report.links = checked.iter().map(|k| k.scan.links()).sum();
    memo.existing = existing_hash;
    memo.flagged = flagged.map(|((p, _), _)| (*p).to_owned()).collect();
    memo.paths = existing.iter().map(|p| (*p).to_owned()).collect();
    memo.linked_by = HashMap::new();
    for ((page, _), k) in sorted.iter().zip(&checked) {
        for t in k.scan.fragment_targets() {
            memo.linked_by.entry(t.clone()).or_default().push((*page).to_owned());
        }
    }
    memo.pages = sorted.iter().zip(checked).map(|((p, _), k)| ((*p).to_owned(), k)).collect();
    report
}

/// [`check`] after only `changed` pages' bytes changed (same set of files), using and updating
/// `memo`, which must hold the previous build's checks.
pub fn check_changed(changed: &[OutFile], site: &Site, base: &Base<'_>, severity: Severity, memo: &mut Memo) -> Report {
    let mut redo: BTreeSet<String> = BTreeSet::new();
    for f in changed.iter().filter(|f| f.path.ends_with(".html")) {
        let Body::Bytes(html) = &f.body else { continue };
        let scan = check::scan(&f.path, html, base);
        for t in scan.fragment_targets() {
            let from = memo.linked_by.entry(t.clone()).or_default();
            if !from.contains(&f.path) {
                from.push(f.path.clone());
            }
        }
        memo.pages.insert(f.path.clone(), Kept { html: Arc::clone(html), scan, findings: Arc::default() });
        redo.insert(f.path.clone());
        redo.extend(memo.linked_by.get(&f.path).into_iter().flatten().cloned());
    }
    for page in &redo {
        let Some(k) = memo.pages.get(page) else { continue };
        let found = k.scan.findings(&|f| memo.paths.contains(f), &|f| memo.pages.get(f).map(|k| &**k.scan.ids()));
        let flagged = any_broken(&found);
        if let Some(k) = memo.pages.get_mut(page) {
            k.findings = Arc::new(found);
        }
        if flagged {
            memo.flagged.insert(page.clone());
        } else {
            memo.flagged.remove(page);
        }
    }
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
