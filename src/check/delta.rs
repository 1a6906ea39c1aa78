//! CHECK (gen serve): after a patched render, check again only the pages that changed and the
//! pages that link to them with a `#fragment`, against the kept checks of every other page.
//!
//! A patch adds and removes no file, so whether a link's file exists cannot change; only the
//! changed pages' own links and ids can. Reads no files and writes none.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::{Base, Finding, Memo, Report, any_broken, findings, merge, scan_kept};
use crate::error::Severity;
use crate::render::{Body, OutFile};
use crate::site::Site;

/// [`super::check_with`] after only `changed` pages' bytes changed (same set of files), using
/// and updating `memo`, which must hold the previous build's checks.
pub fn check_changed(changed: &[OutFile], site: &Site, base: &Base<'_>, severity: Severity, memo: &mut Memo) -> Report {
    let mut redo: BTreeSet<String> = BTreeSet::new();
    for f in changed.iter().filter(|f| f.path.ends_with(".html")) {
        let Body::Bytes(html) = &f.body else { continue };
        let scan = scan_kept(&f.path, html, base);
        for t in scan.fragment_targets.iter() {
            let from = memo.linked_by.entry(t.clone()).or_default();
            if !from.contains(&f.path) {
                from.push(f.path.clone());
            }
        }
        memo.pages.insert(f.path.clone(), scan);
        redo.insert(f.path.clone());
        redo.extend(memo.linked_by.get(&f.path).into_iter().flatten().cloned());
    }
    for page in &redo {
        let Some(scan) = memo.pages.get(page) else { continue };
        let found = findings(&scan.links, &|f| memo.paths.contains(f), &|f| memo.pages.get(f).map(|s| &*s.ids));
        let flagged = any_broken(&found);
        if let Some(scan) = memo.pages.get_mut(page) {
            scan.findings = Arc::new(found);
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
        .flat_map(|(p, s)| s.findings.iter().map(move |x| (p, x)))
        .collect();
    let mut report = merge(all, site, base, severity, false);
    report.links = memo.pages.values().map(|s| s.links.len()).sum();
    report
}
