//! IMPORT (report): what an import did, for people (`import-report.md`, the summary on
//! stdout) and for programs (`--format json`). Every post and page with where it went and
//! what was carried over; every thing that was not carried over, named, under the post it
//! belongs to. Deterministic (no clock, no absolute paths that were not given). Formatting
//! only: it reads and writes nothing.

use std::path::Path;

use serde::Serialize;

use super::write::{Content, Plan, REPORT_FILE, REPORT_MARK};
use super::{Import, Kind, Source, frontmatter::datetime};
use crate::report::plural;

#[derive(Debug, Serialize)]
pub struct Report {
    pub source: &'static str,
    pub input: String,
    pub into: String,
    pub new_site: bool,
    pub posts: usize,
    pub pages: usize,
    pub drafts: usize,
    pub files_copied: usize,
    pub files_downloaded: usize,
    /// Things of the export as a whole that were not carried over.
    pub notes: Vec<String>,
    pub items: Vec<Entry>,
}

#[derive(Debug, Serialize)]
pub struct Entry {
    pub kind: Kind,
    pub title: String,
    /// Where it was in the export.
    pub origin: String,
    /// The file written, relative to the site.
    pub file: String,
    pub url: String,
    pub slug: String,
    pub date: Option<String>,
    pub draft: bool,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub series: Option<String>,
    pub aliases: Vec<String>,
    pub cover: Option<String>,
    pub attachments: Vec<String>,
    pub carried: Vec<String>,
    pub not_carried: Vec<String>,
}

impl Report {
    pub fn new(source: Source, input: &Path, into: &Path, import: &Import, plan: &Plan) -> Report {
        let items: Vec<Entry> = import
            .items
            .iter()
            .zip(&plan.placed)
            .map(|(i, p)| Entry {
                kind: i.kind,
                title: p.fields.title.clone(),
                origin: i.origin.clone(),
                file: p.rel.clone(),
                url: p.url.clone(),
                slug: p.slug.clone(),
                date: p.fields.date.as_ref().map(datetime),
                draft: p.fields.draft,
                tags: p.fields.tags.clone(),
                categories: p.fields.categories.clone(),
                series: p.fields.series.clone(),
                aliases: p.fields.aliases.clone(),
                cover: p.fields.cover.clone(),
                attachments: p.attachments.clone(),
                carried: i.carried.iter().chain(&p.notes).cloned().collect(),
                not_carried: i.lost.clone(),
            })
            .collect();
        Report {
            source: source.name(),
            input: input.display().to_string(),
            into: if into.as_os_str().is_empty() { ".".into() } else { into.display().to_string() },
            new_site: plan.new_site,
            posts: items.iter().filter(|e| e.kind == Kind::Post).count(),
            pages: items.iter().filter(|e| e.kind == Kind::Page).count(),
            drafts: items.iter().filter(|e| e.draft).count(),
            files_copied: plan.count(|f| matches!(f.content, Content::Copy(_) | Content::Data(_))),
            files_downloaded: plan.downloaded,
            notes: import.notes.clone(),
            items,
        }
    }

    fn not_carried(&self) -> usize {
        self.notes.len() + self.items.iter().map(|e| e.not_carried.len()).sum::<usize>()
    }
}

/// `import-report.md`.
pub fn markdown(r: &Report) -> String {
    let mut s = format!("{REPORT_MARK}\n# Import report\n\n");
    s.push_str(&format!(
        "`gen import {} {}`: {} post{}, {} page{} ({} draft{}); {} file{} copied, {} downloaded{}.\n\n",
        r.source,
        r.input,
        r.posts,
        plural(r.posts),
        r.pages,
        plural(r.pages),
        r.drafts,
        plural(r.drafts),
        r.files_copied,
        plural(r.files_copied),
        r.files_downloaded,
        if r.new_site { "; a new site" } else { "" }
    ));
    s.push_str(&format!("## Not carried over ({})\n\n", r.not_carried()));
    if r.not_carried() == 0 {
        s.push_str("Nothing: everything was carried over.\n");
    }
    for n in &r.notes {
        s.push_str(&format!("- {}: {n}\n", r.input));
    }
    for e in r.items.iter().filter(|e| !e.not_carried.is_empty()) {
        s.push_str(&format!("- {} (`{}`)\n", cell(&e.title), e.file));
        for n in &e.not_carried {
            s.push_str(&format!("  - {}\n", cell(n)));
        }
    }
    s.push_str("\n## Posts and pages\n\n| | title | date | file | URL | tags | old addresses | files |\n|---|---|---|---|---|---|---|---|\n");
    for e in &r.items {
        let kind = match (e.kind, e.draft) {
            (Kind::Post, false) => "post",
            (Kind::Post, true) => "draft",
            (Kind::Page, false) => "page",
            (Kind::Page, true) => "draft page",
        };
        s.push_str(&format!(
            "| {kind} | {} | {} | `{}` | `{}` | {} | {} | {} |\n",
            cell(&e.title),
            e.date.as_deref().unwrap_or(""),
            e.file,
            e.url,
            cell(&e.tags.join(", ")),
            e.aliases.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(" "),
            e.attachments.len()
        ));
    }
    s.push_str("\n## Carried over\n\n");
    for e in r.items.iter().filter(|e| !e.carried.is_empty()) {
        s.push_str(&format!("- {}: {}\n", cell(&e.title), cell(&e.carried.join("; "))));
    }
    s.push_str(&format!(
        "\nEvery post also kept its title, date, tags, categories, description and body (as Markdown). \
         Check the result with `gen build` and `gen check`; this file ({REPORT_FILE}) is not part of the site.\n"
    ));
    s
}

/// Text for a table cell or list line: `|` escaped, on one line.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The summary on stdout.
pub fn summary(r: &Report) -> String {
    let into = &r.into;
    let mut s = format!(
        "Imported {} post{} and {} page{} from {} into {into}{}: {} file{} copied, {} downloaded\n",
        r.posts,
        plural(r.posts),
        r.pages,
        plural(r.pages),
        r.input,
        if r.new_site { " (a new site)" } else { "" },
        r.files_copied,
        plural(r.files_copied),
        r.files_downloaded,
    );
    let lost = r.not_carried();
    let report = Path::new(into).join(REPORT_FILE);
    if lost > 0 {
        s.push_str(&format!("{lost} thing{} not carried over: see {}\n", plural(lost), report.display()));
    } else {
        s.push_str(&format!("Everything was carried over ({})\n", report.display()));
    }
    s
}

pub fn json(r: &Report) -> String {
    serde_json::to_string_pretty(r).unwrap_or_default()
}
