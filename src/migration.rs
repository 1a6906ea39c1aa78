//! REPORT: `gen check --migrate` — what of other generators' syntax a site holds, at a glance:
//! each front-matter key and body construct read from Jekyll, Hugo, Gatsby, Obsidian, Next.js
//! (how often, in how many files), and every place that needs the author's attention. Reads
//! the assembled model; renders nothing and writes nothing.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::error::{Diagnostics, Severity};
use crate::site::Site;

#[derive(Debug, Serialize)]
pub struct Migration {
    /// Posts and pages read.
    pub sources: usize,
    pub rows: Vec<Row>,
    /// Warnings and errors about the sources, as `path:line:col: …`.
    pub attention: Vec<String>,
}

/// One kind of construct.
#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Row {
    /// `front matter`, `liquid`, `hugo`, `kramdown`, `obsidian`, `files`.
    pub dialect: String,
    pub construct: String,
    pub found: usize,
    pub files: usize,
    /// Shown as written (an unknown tag or shortcode): see `attention`.
    pub kept: bool,
}

/// The report for an assembled site and what reading it found.
pub fn migration(site: &Site, found: &Diagnostics) -> Migration {
    // (dialect, construct) -> (found, files)
    let mut rows: BTreeMap<(String, String), (usize, BTreeSet<&std::path::Path>)> = BTreeMap::new();
    let entries = site.posts.iter().chain(&site.pages).chain(&site.year_intros);
    for e in entries.clone() {
        let path = e.source.path.as_path();
        for key in &e.fm.dialect_keys {
            let row = rows.entry(("front matter".into(), key.clone())).or_default();
            row.0 += 1;
            row.1.insert(path);
        }
        for (what, n) in &e.rendered.dialects {
            let (dialect, construct) = what.split_once(' ').unwrap_or((what, ""));
            let dialect =
                if dialect == "obsidian" || dialect == "liquid" || dialect == "hugo" { dialect } else { "kramdown" };
            let row = rows.entry((dialect.into(), construct.into())).or_default();
            row.0 += n;
            row.1.insert(path);
        }
        if crate::discover::is_mdx(&e.source.rel) {
            let row = rows.entry(("files".into(), ".mdx read as Markdown".into())).or_default();
            row.0 += 1;
            row.1.insert(path);
        }
    }
    let rows = rows
        .into_iter()
        .map(|((dialect, construct), (found, files))| Row {
            kept: construct == "unknown",
            dialect,
            construct,
            found,
            files: files.len(),
        })
        .collect();
    let attention = found.sorted().iter().filter(|d| d.severity <= Severity::Warning).map(|d| d.to_string()).collect();
    Migration { sources: entries.count(), rows, attention }
}

/// The report as a table for people.
pub fn human(m: &Migration) -> String {
    let mut out = format!("Migration: {} posts and pages read\n", m.sources);
    if m.rows.is_empty() {
        out.push_str("No syntax or keys from other generators found.\n");
    } else {
        out.push_str("\n| dialect | construct | found | files | |\n|---|---|---|---|---|\n");
        for r in &m.rows {
            let what = if r.kept { "shown as written: needs attention" } else { "converted" };
            out.push_str(&format!("| {} | {} | {} | {} | {what} |\n", r.dialect, r.construct, r.found, r.files));
        }
    }
    if m.attention.is_empty() {
        out.push_str("\nNothing needs attention.\n");
    } else {
        out.push_str(&format!("\nNeeds attention ({}):\n", m.attention.len()));
        for a in &m.attention {
            out.push_str(&format!("  {a}\n"));
        }
    }
    out
}
