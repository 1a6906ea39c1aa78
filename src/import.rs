//! IMPORT (beside the pipeline, not a stage of it): `gen import <source> <input>` turns another
//! platform's export into posts and pages of a hoego site.
//!
//! Each source is a module (`wordpress`, `tistory`, `velog`, `notion`; the other generators
//! slot in the same way) that reads its input into an [`Import`]: typed posts and pages with their
//! front-matter [`Fields`], a Markdown body, [`Attachment`]s to copy or fetch, old addresses as
//! aliases, and lines for the report. An importer is pure: it reads its input and never writes,
//! prints or touches the network. `html` turns HTML bodies into Markdown (htmd) for every source
//! that has them; `write` plans every file (paths, conflicts, copies, downloads) and then writes
//! them all or none; `report` says what was carried over and what was not. Only [`run`] prints.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use jiff::Zoned;
use jiff::tz::TimeZone;

use crate::args::Format;
use crate::error::{Diagnostic, Diagnostics};

mod bundle;
mod fetch;
mod frontmatter;
mod generator;
mod html;
mod markdown;
mod notion;
mod report;
mod tistory;
mod velog;
mod wordpress;
mod write;

const EXAMPLES: &str = "\
Examples:
  gen import wordpress export.xml --into my-blog
  gen import wordpress export.xml --into my-blog --uploads ./wp-content/uploads
  gen import tistory backup.xml --into my-blog
  gen import tistory ./saved-pages --into my-blog
  gen import velog ./backup --into my-blog --fetch-images
  gen import notion Export-1a2b3c.zip --into my-blog
  gen import jekyll ./my-jekyll-blog --into my-blog
  gen import hugo ./my-hugo-site --into my-blog
  gen import gatsby ./my-gatsby-blog --into my-blog
  gen import obsidian ./MyVault --into my-blog

A folder without gen.toml becomes a new site. Nothing is written when anything fails, and no
existing file is replaced unless --force. import-report.md lists every post, what was carried
over and each thing that was not (remote images, comments, unknown shortcodes...). From Jekyll,
Hugo, Gatsby and Obsidian, front matter and body syntax are converted once, through the dialect
stage gen build reads them with, and old URLs are kept as aliases.";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ImportArgs {
    /// Where the posts come from.
    #[arg(value_enum)]
    pub source: Source,
    /// The export: a WordPress WXR file (Tools > Export); a Tistory backup XML, or a folder of
    /// pages saved from a Tistory blog; a folder of Velog backup files (Markdown with front
    /// matter, or saved GraphQL `post` JSON); a Notion "Markdown & CSV" export (.zip or folder);
    /// a Jekyll, Hugo or Gatsby site's folder, or an Obsidian vault.
    pub input: PathBuf,
    /// The site to import into; a folder without gen.toml becomes a new site.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub into: PathBuf,
    /// Replace files that already exist (otherwise any existing file stops the import).
    #[arg(long)]
    pub force: bool,
    /// WordPress: a copy of wp-content/uploads; images are copied into each post's folder and
    /// their links rewritten (without it they stay remote and are listed in the report).
    #[arg(long, value_name = "DIR")]
    pub uploads: Option<PathBuf>,
    /// Download the posts' remote images into each post's folder (10 seconds a request; a
    /// failed download stops the import before anything is written).
    #[arg(long)]
    pub fetch_images: bool,
    /// `json`: the report as JSON on stdout instead of a summary.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Source {
    /// A WordPress export (WXR 1.1 or 1.2 `.xml`).
    Wordpress,
    /// A Tistory backup (`.xml` with `<post>`s), or a folder of article pages saved from the blog.
    Tistory,
    /// A folder of Velog posts: backup tools' Markdown files or saved GraphQL `post` JSON.
    Velog,
    /// A Notion "Markdown & CSV" export: the `.zip` or its unpacked folder.
    Notion,
    /// A Jekyll site's folder (`_posts/`, `_drafts/`, `_config.yml`).
    Jekyll,
    /// A Hugo site's folder (`content/`, `static/`, `hugo.toml` or `config.toml`).
    Hugo,
    /// A Gatsby blog's folder (`content/blog/`, `gatsby-config.js`).
    Gatsby,
    /// An Obsidian vault (notes, wikilinks, embeds, an attachments folder).
    Obsidian,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Wordpress => "wordpress",
            Source::Tistory => "tistory",
            Source::Velog => "velog",
            Source::Notion => "notion",
            Source::Jekyll => "jekyll",
            Source::Hugo => "hugo",
            Source::Gatsby => "gatsby",
            Source::Obsidian => "obsidian",
        }
    }
}

/// What one importer read: the site's own name and language when the export says, every post
/// and page, and report lines about the export as a whole.
#[derive(Debug, Default)]
pub struct Import {
    pub title: Option<String>,
    pub language: Option<String>,
    /// The old site's address, for a new site's `base_url`.
    pub base_url: Option<String>,
    pub items: Vec<Item>,
    /// Things of the whole export that were not carried over (skipped item types...).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Post,
    Page,
}

/// One post or page, ready to be written.
#[derive(Debug)]
pub struct Item {
    pub kind: Kind,
    /// How the report and messages name it: `export.xml: post 12`, `backup/a.md`.
    pub origin: String,
    /// The URL slug (already a slug: NFC, as `slug::slugify` makes them).
    pub slug: String,
    /// A page's parent pages' slugs, outermost first (`content/<parents>/<slug>.md`).
    pub parents: Vec<String>,
    pub fields: Fields,
    /// Markdown, NFC.
    pub body: String,
    /// Files for the post's bundle folder; the body links to them by `name`.
    pub attachments: Vec<Attachment>,
    /// What was carried over besides the basics (one short line each).
    pub carried: Vec<String>,
    /// Each thing that was not carried over, named.
    pub lost: Vec<String>,
}

/// Typed front matter, written in this order.
#[derive(Debug, Default, Clone)]
pub struct Fields {
    pub title: String,
    pub date: Option<Zoned>,
    pub updated: Option<Zoned>,
    pub draft: bool,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub series: Option<String>,
    pub cover: Option<String>,
    pub aliases: Vec<String>,
    /// More of hoego's own keys (`math`, `lang`, `goals`...), each value already YAML (JSON),
    /// written after `aliases`.
    pub keys: Vec<(String, String)>,
    /// Other keys (`wordpress_id`...), kept for templates as `page.extra`.
    pub extra: Vec<(String, String)>,
    /// More `extra` keys whose values are already YAML (JSON): lists and maps another
    /// generator's front matter held.
    pub extra_yaml: Vec<(String, String)>,
}

/// A file for a post's bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name in the bundle (NFC, no `/`).
    pub name: String,
    pub from: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Copied from a local file.
    File(PathBuf),
    /// Downloaded (`--fetch-images`).
    Url(String),
    /// Bytes the export itself holds (a Tistory backup's base64 attachment, a file of a Notion
    /// zip).
    Bytes(Vec<u8>),
}

/// The address an item's body gives for a link to another item of the same import (the
/// `index`-th of [`Import::items`]): `write` replaces it with that item's URL once every item
/// has its place.
pub fn item_link(index: usize) -> String {
    format!("{ITEM_LINK}{index}/")
}

pub(crate) const ITEM_LINK: &str = "hoego-import-item:";

/// What every importer is told.
#[derive(Debug, Clone)]
pub struct Context {
    /// The site's time zone: dates are written in it.
    pub tz: TimeZone,
    /// The site's language (`ko`, `en`), for the few words an importer writes itself.
    pub language: String,
    pub uploads: Option<PathBuf>,
    pub fetch_images: bool,
    /// The posts folder under the site's content/ (`posts`, `post`, `blog`): an importer that
    /// links its items to each other by source path needs to know where they go.
    pub posts_dir: String,
}

/// A context for unit tests: Seoul, Korean, no uploads, no downloads.
#[cfg(test)]
pub fn tests_context() -> Context {
    Context {
        tz: TimeZone::get("Asia/Seoul").expect("bundled"),
        language: "ko".into(),
        uploads: None,
        fetch_images: false,
        posts_dir: "posts".into(),
    }
}

/// An error about the input: where (file, line and column when known) and what.
pub fn error_at(path: &Path, line: usize, col: usize, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error(path, line, col, msg)
}

/// Runs `gen import`; returns the exit status (0, 1 for an input that cannot be imported or
/// files in the way, 2 for usage and configuration errors).
pub fn run(args: ImportArgs) -> ExitCode {
    match import(&args) {
        Ok(done) => {
            match args.format {
                Format::Json => println!("{}", done.json),
                Format::Human => print!("{}", done.summary),
            }
            ExitCode::SUCCESS
        }
        Err(Failed { diagnostics, usage }) => {
            crate::report::human(&diagnostics, true);
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

struct Done {
    summary: String,
    json: String,
}

struct Failed {
    diagnostics: Diagnostics,
    /// A usage or configuration error (exit 2), not the input's (exit 1).
    usage: bool,
}

fn usage(path: &Path, msg: impl Into<String>) -> Failed {
    let mut d = Diagnostics::default();
    d.push(Diagnostic::error(path, 0, 0, msg));
    Failed { diagnostics: d, usage: true }
}

fn import(args: &ImportArgs) -> Result<Done, Failed> {
    let root = crate::args::tidy_root(args.into.clone());
    check_args(args)?;
    let site = write::Site::open(&root).map_err(|d| Failed { diagnostics: d, usage: true })?;
    let cx = Context {
        tz: site.tz.clone(),
        language: site.language.clone(),
        uploads: args.uploads.clone(),
        fetch_images: args.fetch_images,
        posts_dir: site.posts_dir.clone(),
    };
    let imported = match args.source {
        Source::Wordpress => wordpress::read(&args.input, &cx),
        Source::Tistory => tistory::read(&args.input, &cx),
        Source::Velog => velog::read(&args.input, &cx),
        Source::Notion => notion::read(&args.input, &cx),
        Source::Jekyll => generator::jekyll::read(&args.input, &cx),
        Source::Hugo => generator::hugo::read(&args.input, &cx),
        Source::Gatsby => generator::gatsby::read(&args.input, &cx),
        Source::Obsidian => generator::obsidian::read(&args.input, &cx),
    }
    .map_err(|d| Failed { diagnostics: d, usage: false })?;
    let plan = write::plan(&site, &imported, &cx, args.force).map_err(|d| Failed { diagnostics: d, usage: false })?;
    let rep = report::Report::new(args.source, &args.input, &root, &imported, &plan);
    let plan = plan
        .with_report(&site, report::markdown(&rep), args.force)
        .map_err(|d| Failed { diagnostics: d, usage: false })?;
    write::write(&site, &plan).map_err(|d| Failed { diagnostics: d, usage: false })?;
    Ok(Done { summary: report::summary(&rep), json: report::json(&rep) })
}

fn check_args(args: &ImportArgs) -> Result<(), Failed> {
    if args.fetch_images && !crate::net::AVAILABLE {
        return Err(usage(&args.input, format!("--fetch-images: {}", crate::net::UNAVAILABLE)));
    }
    if !args.input.exists() {
        return Err(usage(&args.input, "no such file or folder"));
    }
    if args.uploads.is_some() && args.source != Source::Wordpress {
        return Err(usage(&args.input, "--uploads is for `gen import wordpress` (a copy of wp-content/uploads)"));
    }
    if let Some(u) = &args.uploads
        && !u.is_dir()
    {
        return Err(usage(u, "--uploads: not a folder (give a copy of wp-content/uploads)"));
    }
    let generator = matches!(args.source, Source::Jekyll | Source::Hugo | Source::Gatsby | Source::Obsidian);
    if generator && !args.input.is_dir() {
        return Err(usage(&args.input, format!("not a folder: give the {} site's folder", args.source.name())));
    }
    if args.into.exists() && !args.into.is_dir() {
        return Err(usage(&args.into, "--into: not a folder"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Without the `network` feature `--fetch-images` stops before the input is read; with it,
    /// the same arguments pass. `.ci/run` runs this both ways.
    #[test]
    fn fetch_images_needs_the_network_feature() {
        let dir = tempfile::tempdir().expect("temp dir");
        let args = ImportArgs {
            source: Source::Velog,
            input: dir.path().to_path_buf(),
            into: dir.path().join("site"),
            force: false,
            uploads: None,
            fetch_images: true,
            format: Format::Human,
        };
        let refused = check_args(&args).err();
        assert_eq!(refused.is_some(), !crate::net::AVAILABLE);
        if let Some(f) = refused {
            assert!(f.usage);
            let said = f.diagnostics.sorted().iter().map(|d| d.message.clone()).collect::<String>();
            assert!(said.contains("--fetch-images: this gen was built without"), "{said}");
        }
    }
}
