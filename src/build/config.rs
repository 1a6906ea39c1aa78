//! CONFIG: `gen.toml` -> raw serde struct -> validated [`Config`], with every default in one
//! place ([`RawConfig::default`]).
//!
//! Raw vs resolved (after ripgrep's `lowargs`/`hiargs`): [`RawConfig`] mirrors the file and is
//! never used past this module; [`Config`] holds checked, ready-to-use values. Problems become
//! diagnostics against `gen.toml:line:col`; this module must not print or exit.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Diagnostics, line_col};

pub const CONFIG_FILE: &str = "gen.toml";

#[derive(Debug, Deserialize)]
#[serde(default)]
struct RawConfig {
    title: String,
    description: String,
    base_url: String,
    language: String,
    timezone: String,
    theme: String,
    author: author::RawAuthor,
    permalink: String,
    paginate: i64,
    ignore: Vec<String>,
    follow_symlinks: bool,
    output_dir: String,
    menu: Vec<RawMenuItem>,
    markdown: MarkdownConfig,
    retrospective: RetroConfig,
    feed: FeedConfig,
    links: LinksConfig,
    front_matter: FrontMatterConfig,
    comments: comments::Comments,
    cache: cache::RawCache,
    search: search::RawSearch,
    extra: toml::Table,
}

/// `[front_matter]`: a blog's own front-matter keys read as hoego keys.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct FrontMatterConfig {
    /// `"post-category" = "categories"`: their key -> our key.
    aliases: std::collections::BTreeMap<String, String>,
}

/// A `[[menu]]` entry as written: the URL keeps its place in gen.toml.
#[derive(Debug, Deserialize)]
struct RawMenuItem {
    name: String,
    url: toml::Spanned<String>,
}

/// `[links]`: what a broken internal link does to `gen build`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct LinksConfig {
    /// "error" (default) fails the build; "warn" reports and goes on.
    pub internal: String,
}

impl Default for LinksConfig {
    fn default() -> Self {
        LinksConfig { internal: "error".into() }
    }
}

impl Default for RawConfig {
    fn default() -> Self {
        RawConfig {
            title: "My Tech Log".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "ko".into(),
            timezone: "Asia/Seoul".into(),
            theme: "default".into(),
            author: author::RawAuthor::default(),
            permalink: "/{year}/{slug}/".into(),
            paginate: 10,
            ignore: Vec::new(),
            follow_symlinks: false,
            output_dir: "public".into(),
            menu: Vec::new(),
            markdown: MarkdownConfig::default(),
            retrospective: RetroConfig::default(),
            feed: FeedConfig::default(),
            links: LinksConfig::default(),
            front_matter: FrontMatterConfig::default(),
            comments: comments::Comments::default(),
            cache: cache::RawCache::default(),
            search: search::RawSearch::default(),
            extra: toml::Table::new(),
        }
    }
}

/// A link in the site's navigation.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct MenuItem {
    pub name: String,
    pub url: String,
    /// Line and column of the URL's text in gen.toml, for a broken menu link.
    #[serde(skip)]
    pub at: (usize, usize),
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct MarkdownConfig {
    pub highlight: bool,
    pub highlight_theme: String,
    pub smart_punctuation: bool,
    pub external_links_new_tab: bool,
    /// `$…$` and `$$…$$` as math on every page (pages can say `math: true` on their own).
    pub math: bool,
    /// Obsidian wikilinks; unset: on when the site has an `.obsidian/` folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wikilinks: Option<bool>,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight: true,
            highlight_theme: "default".into(),
            smart_punctuation: true,
            external_links_new_tab: false,
            math: false,
            wikilinks: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct RetroConfig {
    pub tags: Vec<String>,
    pub title_patterns: Vec<String>,
    pub cjk_chars_per_minute: u32,
    pub words_per_minute: u32,
}

impl Default for RetroConfig {
    fn default() -> Self {
        RetroConfig {
            tags: ["회고", "retrospective", "retro", "연말결산"].map(String::from).to_vec(),
            title_patterns: Vec::new(),
            cjk_chars_per_minute: 500,
            words_per_minute: 230,
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct FeedConfig {
    pub limit: usize,
    pub full_content: bool,
    /// Also write `/tags/{slug}/atom.xml` for every tag.
    pub tags: bool,
}

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig { limit: 20, full_content: false, tags: false }
    }
}

/// The validated configuration every later stage reads.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    /// `gen.toml`'s path and text, kept to point later diagnostics at a key's line.
    pub file: PathBuf,
    pub file_text: String,
    pub title: String,
    pub description: String,
    /// `base_url` with exactly one trailing slash, e.g. `https://me.github.io/blog/` or `/`.
    pub base_url: String,
    /// The path part of `base_url`, e.g. `/blog/` (always starts and ends with `/`).
    pub base_path: String,
    pub language: String,
    pub timezone: jiff::tz::TimeZone,
    pub timezone_name: String,
    pub theme: String,
    /// The author's name (`author = "…"` or `[author] name`); empty when not given.
    pub author: String,
    /// The rest of `[author]`: bio, avatar, links (the home page's author card).
    pub author_card: author::Author,
    /// `[comments]`, when a provider is configured.
    pub comments: Option<comments::Comments>,
    /// `[search]`: the index and `/search/`, and what stays out of them.
    pub search: search::Search,
    pub permalink: String,
    pub paginate: usize,
    pub ignore: globset::GlobSet,
    /// Whether symbolic links may lead out of the site folder (see `discover::Reach`).
    pub follow_symlinks: bool,
    pub output_dir: PathBuf,
    pub menu: Vec<MenuItem>,
    pub markdown: MarkdownConfig,
    /// `[cache]`: the persistent build cache of `gen build`.
    pub cache: CacheConfig,
    pub retrospective: RetroConfig,
    /// The compiled retrospective detection rules.
    pub retro: RetroRules,
    pub feed: FeedConfig,
    /// Severity of a broken internal link in `gen build` (`[links] internal`).
    pub links_internal: crate::error::Severity,
    /// Obsidian `[[wikilinks]]` and `![[embeds]]`: `[markdown] wikilinks`, else whether the site
    /// or its content/ holds an `.obsidian/` folder (a vault).
    pub wikilinks: bool,
    /// `[front_matter.aliases]`: a blog's own front-matter key -> the hoego key it means.
    pub front_matter_keys: std::collections::BTreeMap<String, String>,
    pub extra: toml::Table,
}

impl Config {
    /// A diagnostic about a top-level key of gen.toml, at that key's line.
    pub fn key_diagnostic(&self, key: &str, severity: crate::error::Severity, msg: String) -> Diagnostic {
        let (line, col) = key_position(&self.file_text, None, key);
        match severity {
            crate::error::Severity::Error => Diagnostic::error(&self.file, line, col, msg),
            crate::error::Severity::Warning => Diagnostic::warning(&self.file, line, col, msg),
        }
    }
}

/// Command-line values that override the file.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub base_url: Option<String>,
    pub output_dir: Option<PathBuf>,
    /// `gen serve`: keep base_url's path but serve from this origin (`http://127.0.0.1:1111`).
    pub origin: Option<String>,
}

#[rustfmt::skip] // one line a group reads better than one key a line
const PERMALINK_TOKENS: &[&str] = &["{year}", "{month}", "{day}", "{slug}"];

/// Reads and validates `<root>/gen.toml` (a missing file means all defaults). Errors and
/// warnings go to `diags`; `None` means the configuration is unusable.
pub fn load(root: &Path, overrides: &Overrides, diags: &mut Diagnostics) -> Option<Config> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            diags.push(Diagnostic::error(&path, 0, 0, format!("cannot read: {e}")));
            return None;
        }
    };
    parse(root, &path, &text, overrides, diags)
}

/// Parses configuration text; `path` is only used to name the file in diagnostics.
pub fn parse(root: &Path, path: &Path, text: &str, overrides: &Overrides, diags: &mut Diagnostics) -> Option<Config> {
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            diags.push(toml_error(path, text, &e));
            return None;
        }
    };
    warn_unknown_keys(path, text, &table, diags);
    let raw: RawConfig = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            diags.push(toml_error(path, text, &e));
            return None;
        }
    };
    let before = diags.count(crate::error::Severity::Error);
    let config = validate(root, path, text, raw, overrides, diags);
    (diags.count(crate::error::Severity::Error) == before).then_some(config).flatten()
}

fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
    let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
    let msg = e.message().trim().to_owned();
    Diagnostic::error(path, line, col, format!("{msg} (see the configuration reference)"))
}

fn menu_item(text: &str, m: RawMenuItem) -> MenuItem {
    // The span includes the opening quote.
    let at = line_col(text, m.url.span().start + 1);
    MenuItem { name: m.name, url: m.url.into_inner(), at }
}

fn validate(
    root: &Path,
    path: &Path,
    text: &str,
    raw: RawConfig,
    overrides: &Overrides,
    diags: &mut Diagnostics,
) -> Option<Config> {
    let mut err = |key: &str, msg: String| {
        let (line, col) = key_position(text, None, key);
        diags.push(Diagnostic::error(path, line, col, msg));
    };
    let base_url = overrides.base_url.clone().unwrap_or(raw.base_url);
    let base_path = match base_path_of(&base_url) {
        Ok(p) => p,
        Err(m) => {
            err("base_url", m);
            "/".into()
        }
    };
    let base_url = match &overrides.origin {
        Some(origin) => format!("{}{base_path}", origin.trim_end_matches('/')),
        None => base_url,
    };
    let timezone = jiff::tz::db().get(&raw.timezone).map_err(|_| {
        err(
            "timezone",
            format!("unknown time zone `{}`; use an IANA name such as \"Asia/Seoul\" or \"UTC\"", raw.timezone),
        )
    });
    if let Err(m) = check_permalink(&raw.permalink) {
        err("permalink", m);
    }
    if raw.paginate < 1 {
        err("paginate", format!("`paginate` must be 1 or more, not {}", raw.paginate));
    }
    let ignore = build_globs(&raw.ignore).map_err(|m| err("ignore", m));
    let author_card = author::resolve(raw.author.clone());
    let comments = comments::check(raw.comments.clone(), &raw.language).unwrap_or_else(|wrong| {
        for (key, msg) in wrong {
            let (line, col) = key_position(text, Some("comments"), key);
            diags.push(Diagnostic::error(path, line, col, msg));
        }
        None
    });
    let search = search::resolve(raw.search.clone()).unwrap_or_else(|m| {
        let (line, col) = key_position(text, Some("search"), "exclude");
        diags.push(Diagnostic::error(path, line, col, m));
        search::Search::default()
    });
    let rates = (raw.retrospective.cjk_chars_per_minute, raw.retrospective.words_per_minute);
    if rates.0 == 0 || rates.1 == 0 {
        let key = if rates.0 == 0 { "cjk_chars_per_minute" } else { "words_per_minute" };
        let (line, col) = key_position(text, Some("retrospective"), key);
        diags.push(Diagnostic::error(path, line, col, format!("[retrospective] {key} must be 1 or more")));
    }
    if overrides.origin.is_none() && !base_url.starts_with("http://") && !base_url.starts_with("https://") {
        let (line, col) = key_position(text, None, "base_url");
        let msg = "`base_url` is not an absolute URL, so the feed, the sitemap and canonical links will be relative; \
                   set base_url = \"https://your.site/\"";
        diags.push(Diagnostic::warning(path, line, col, msg));
    }
    let links_internal = match raw.links.internal.as_str() {
        "error" => crate::error::Severity::Error,
        "warn" | "warning" => crate::error::Severity::Warning,
        other => {
            let (line, col) = key_position(text, Some("links"), "internal");
            diags.push(Diagnostic::error(
                path,
                line,
                col,
                format!("[links] internal must be \"error\" or \"warn\", not `{other}`"),
            ));
            crate::error::Severity::Error
        }
    };
    if let Err(m) = theme_pair(&raw.markdown.highlight_theme) {
        let (line, col) = key_position(text, Some("markdown"), "highlight_theme");
        diags.push(Diagnostic::error(path, line, col, m));
    }
    let retro = RetroRules::new(&raw.retrospective).map_err(|m| {
        let (line, col) = key_position(text, Some("retrospective"), "title_patterns");
        diags.push(Diagnostic::error(path, line, col, m));
    });
    let output_dir = overrides.output_dir.clone().unwrap_or_else(|| PathBuf::from(&raw.output_dir));
    let wikilinks = raw
        .markdown
        .wikilinks
        .unwrap_or_else(|| root.join(".obsidian").is_dir() || root.join("content").join(".obsidian").is_dir());
    Some(Config {
        root: root.to_path_buf(),
        file: path.to_path_buf(),
        file_text: text.to_owned(),
        title: raw.title,
        description: raw.description,
        base_url: format!("{}/", base_url.trim_end_matches('/')),
        base_path,
        language: language_code(&raw.language, path, text, diags),
        timezone: timezone.ok()?,
        timezone_name: raw.timezone,
        theme: raw.theme,
        author: author_card.name.clone(),
        author_card,
        comments,
        search,
        permalink: raw.permalink,
        paginate: raw.paginate.max(1) as usize,
        ignore: ignore.ok()?,
        follow_symlinks: raw.follow_symlinks,
        output_dir: if output_dir.is_absolute() { output_dir } else { root.join(output_dir) },
        menu: raw.menu.into_iter().map(|m| menu_item(text, m)).collect(),
        markdown: raw.markdown,
        cache: raw.cache.resolve(root),
        retrospective: raw.retrospective,
        retro: retro.ok()?,
        feed: raw.feed,
        links_internal,
        front_matter_keys: front_matter_keys(raw.front_matter.aliases, path, text, diags)?,
        wikilinks,
        extra: raw.extra,
    })
}

/// `ko-KR`, `ko_kr` -> `ko` (the theme's strings are per language); `kr`, the country code
/// many Korean sites use, -> `ko` with a warning.
fn language_code(raw: &str, path: &Path, text: &str, diags: &mut Diagnostics) -> String {
    let code = raw.trim().to_ascii_lowercase();
    let code = code.split(['-', '_']).next().unwrap_or("").to_owned();
    if code == "kr" {
        let (line, col) = key_position(text, None, "language");
        let msg = format!("language `{raw}` is a country code: the language code for Korean is `ko` (using it)");
        diags.push(Diagnostic::warning(path, line, col, msg));
        return "ko".into();
    }
    if code.is_empty() { "ko".into() } else { code }
}

/// `https://me.github.io/blog` -> `/blog/`; `/` -> `/`. Rejects query strings and fragments.
fn base_path_of(base_url: &str) -> Result<String, String> {
    let rest = if let Some(r) = base_url.strip_prefix("https://").or_else(|| base_url.strip_prefix("http://")) {
        r.find('/').map_or("/", |i| &r[i..])
    } else if base_url.starts_with('/') {
        base_url
    } else {
        return Err(format!(
            "`base_url` must start with http://, https:// or /, not `{base_url}` (e.g. \"https://me.github.io/blog/\")"
        ));
    };
    if rest.contains(['?', '#', ' ']) {
        return Err(format!("`base_url` must not contain a query, fragment or space: `{base_url}`"));
    }
    Ok(format!("/{}/", rest.trim_matches('/')).replace("//", "/"))
}

fn check_permalink(p: &str) -> Result<(), String> {
    if !p.starts_with('/') {
        return Err(format!("`permalink` must start with `/`, e.g. \"/{{year}}/{{slug}}/\", not `{p}`"));
    }
    if !p.contains("{slug}") {
        return Err("`permalink` must contain `{slug}` so that every post gets its own URL".into());
    }
    if p.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err(format!("`permalink` must not contain `.` or `..` parts (they would leave the site): `{p}`"));
    }
    let mut rest = p;
    while let Some(i) = rest.find('{') {
        let end = rest[i..].find('}').map_or(rest.len(), |e| i + e + 1);
        let token = &rest[i..end];
        if !PERMALINK_TOKENS.contains(&token) {
            return Err(format!("unknown placeholder `{token}` in `permalink`; use {}", PERMALINK_TOKENS.join(", ")));
        }
        rest = &rest[end..];
    }
    Ok(())
}

fn build_globs(patterns: &[String]) -> Result<globset::GlobSet, String> {
    let mut b = globset::GlobSetBuilder::new();
    for p in patterns {
        let g = globset::Glob::new(p).map_err(|e| format!("invalid `ignore` glob `{p}`: {e}"))?;
        b.add(g);
    }
    b.build().map_err(|e| format!("invalid `ignore` globs: {e}"))
}

mod author;
mod cache;
mod comments;
mod search;
pub use author::{Author, AuthorLink};
pub use cache::CacheConfig;
pub use comments::Comments;
pub use search::Search;
mod keys;
mod rules;
pub use keys::{FRONT_MATTER_TARGETS, key_position};
use keys::{front_matter_keys, warn_unknown_keys};
pub use rules::{RetroRules, fold_tag, theme_pair};

#[cfg(test)]
mod tests;
