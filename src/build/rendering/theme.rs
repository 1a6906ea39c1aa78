//! RENDER: locate the theme and the site's templates and compile them once into one Tera.
//!
//! Lookup order (after Zola): the site's `templates/<name>` first, then the theme's. Theme
//! templates are registered as `theme/<name>`, so a site template can extend the very template
//! it overrides (`{% extends "theme/post.html" %}`). The default theme is embedded in the binary
//! and used when `themes/default/` is absent. This module loads; it must not render.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics, Severity};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
}

pub const THEME_PREFIX: &str = "theme/";

/// A file a theme or the site publishes as-is.
#[derive(Debug, Clone)]
pub enum FileData {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// The compiled templates, the UI strings for the site's language, and the theme's static files.
pub struct Theme {
    pub tera: tera::Tera,
    /// `i18n/<language>.toml` of the theme, merged over English for missing keys.
    pub strings: toml::Table,
    /// Strings per language, for pages whose `lang` differs from the site's.
    pub all_strings: std::collections::BTreeMap<String, toml::Table>,
    pub statics: Vec<(String, FileData)>,
    /// `vendor/**`: scripts published only when a page needs them (mermaid.min.js, 5.5 MB,
    /// only on a site with a mermaid block).
    pub vendor: Vec<(String, FileData)>,
    /// Template name -> the file it came from, to point errors at it.
    pub template_paths: std::collections::BTreeMap<String, PathBuf>,
    /// Every `href`/`src` in the templates with literal text, for placing a broken link.
    pub link_sites: Vec<LinkSite>,
}

/// A template attribute that writes a link: the literal text after its last `}}` (the whole
/// value when it has no expression) and where that text is.
#[derive(Debug, Clone)]
pub struct LinkSite {
    pub tail: String,
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
}

/// The link sites of templates given as (name, source, path), read with the HTML tokenizer.
/// An ending that is only `/`, `#` or `?` says nothing about which link it writes.
fn link_sites(templates: &[(String, String, PathBuf)]) -> Vec<LinkSite> {
    let mut out = Vec::new();
    for (_, text, path) in templates {
        for (value, at) in crate::html::link_attrs(text) {
            let tail = value.rsplit_once("}}").map_or(value.as_str(), |(_, t)| t);
            if tail.trim_matches(['/', '#', '?']).is_empty() || tail.contains("{%") {
                continue;
            }
            let (line, col) = crate::error::line_col(text, at + value.len() - tail.len());
            out.push(LinkSite { tail: tail.to_owned(), path: path.clone(), line, col });
        }
    }
    out
}

/// Where the theme's files come from.
enum Source {
    Embedded,
    Dir(PathBuf),
}

impl Source {
    /// Every file of the theme as (path relative to the theme, data), sorted.
    fn files(
        &self,
        reach: &crate::discover::Reach,
        diags: &mut Diagnostics,
    ) -> std::io::Result<Vec<(String, FileData)>> {
        match self {
            Source::Embedded => {
                Ok(embedded::FILES.iter().map(|(p, b)| (p.to_string(), FileData::Embedded(b))).collect())
            }
            Source::Dir(dir) => Ok(disk_files(dir, reach, diags)),
        }
    }
}

/// A theme folder's files, read under the same rule as content (see `discover::files_under`).
fn disk_files(dir: &Path, reach: &crate::discover::Reach, diags: &mut Diagnostics) -> Vec<(String, FileData)> {
    let files = crate::discover::files_under(dir, reach, false, diags);
    files.into_iter().map(|(path, rel)| (rel, FileData::Disk(path))).collect()
}

/// Loads the configured theme and the site's templates. `None` when a template does not compile
/// or the theme is missing (both reported).
pub fn load(config: &Config, diags: &mut Diagnostics) -> Option<Theme> {
    let source = theme_source(config, diags)?;
    let reach = crate::discover::Reach::new(&config.root, config.follow_symlinks);
    let files = source
        .files(&reach, diags)
        .map_err(|e| diags.push(Diagnostic::error(&config.root, 0, 0, format!("cannot read theme: {e}"))))
        .ok()?;
    let mut templates: Vec<(String, String, PathBuf)> = Vec::new();
    let mut statics = Vec::new();
    let mut vendor = Vec::new();
    let mut strings = std::collections::BTreeMap::new();
    for (rel, data) in files {
        if let Some(name) = rel.strip_prefix("templates/") {
            let text = read_text(&data, diags)?;
            templates.push((format!("{THEME_PREFIX}{name}"), text, origin(config, &data, &rel)));
        } else if let Some(rest) = rel.strip_prefix("static/") {
            statics.push((rest.to_owned(), data));
        } else if let Some(rest) = rel.strip_prefix("vendor/") {
            vendor.push((rest.to_owned(), data));
        } else if let Some(lang) = rel.strip_prefix("i18n/").and_then(|f| f.strip_suffix(".toml")) {
            let text = read_text(&data, diags)?;
            strings.insert(lang.to_owned(), parse_strings(&text, &origin(config, &data, &rel), diags)?);
        }
    }
    templates.extend(site_templates(config, diags)?);
    let template_paths = templates.iter().map(|(n, _, p)| (n.clone(), p.clone())).collect();
    let tera = compile(&templates, &template_paths, diags)?;
    let (strings, all_strings) = pick_strings(strings, &config.language, config, diags);
    let link_sites = link_sites(&templates);
    Some(Theme { tera, strings, all_strings, statics, vendor, template_paths, link_sites })
}

fn theme_source(config: &Config, diags: &mut Diagnostics) -> Option<Source> {
    let dir = config.root.join("themes").join(&config.theme);
    if dir.is_dir() {
        return Some(Source::Dir(dir));
    }
    if config.theme == "default" {
        return Some(Source::Embedded);
    }
    let msg =
        format!("theme `{}` not found: expected a folder {}, or use theme = \"default\"", config.theme, dir.display());
    diags.push(config.key_diagnostic("theme", Severity::Error, msg));
    None
}

fn origin(config: &Config, data: &FileData, rel: &str) -> PathBuf {
    match data {
        FileData::Disk(p) => p.clone(),
        FileData::Embedded(_) => PathBuf::from(format!("<built-in theme `{}`>/{rel}", config.theme)),
    }
}

fn read_text(data: &FileData, diags: &mut Diagnostics) -> Option<String> {
    match data {
        FileData::Embedded(b) => Some(String::from_utf8_lossy(b).into_owned()),
        FileData::Disk(p) => std::fs::read_to_string(p)
            .map_err(|e| diags.push(Diagnostic::error(p, 0, 0, format!("cannot read: {e}"))))
            .ok(),
    }
}

fn parse_strings(text: &str, path: &Path, diags: &mut Diagnostics) -> Option<toml::Table> {
    toml::from_str(text)
        .map_err(|e: toml::de::Error| {
            let (line, col) = e.span().map_or((1, 1), |s| crate::error::line_col(text, s.start));
            diags.push(Diagnostic::error(path, line, col, e.message().trim().to_owned()));
        })
        .ok()
}

/// The site's own `templates/**` (names relative to that folder).
fn site_templates(config: &Config, diags: &mut Diagnostics) -> Option<Vec<(String, String, PathBuf)>> {
    let dir = config.root.join("templates");
    if !dir.is_dir() {
        return Some(Vec::new());
    }
    let reach = crate::discover::Reach::new(&config.root, config.follow_symlinks);
    disk_files(&dir, &reach, diags)
        .into_iter()
        .map(|(name, data)| {
            let path = match &data {
                FileData::Disk(p) => p.clone(),
                FileData::Embedded(_) => dir.join(&name),
            };
            Some((name, read_text(&data, diags)?, path))
        })
        .collect()
}

fn compile(
    templates: &[(String, String, PathBuf)],
    paths: &std::collections::BTreeMap<String, PathBuf>,
    diags: &mut Diagnostics,
) -> Option<tera::Tera> {
    let mut tera = tera::Tera::new();
    tera.register_filter("num", num);
    // Cannot fail: no template has been added yet.
    let _ = tera.set_fallback_prefixes([THEME_PREFIX]);
    let named: Vec<(&str, &str)> = templates.iter().map(|(n, t, _)| (n.as_str(), t.as_str())).collect();
    if let Err(e) = tera.add_raw_templates(named) {
        diags.push(template_diagnostic(paths, &error_chain(&e)));
        return None;
    }
    Some(tera)
}

/// `{{ n | num }}`: an integer with thousands separators (`4971` -> `4,971`, as Korean and
/// English both write it); anything else as it is.
fn num(v: tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::TeraResult<tera::Value> {
    let Some(n) = v.as_i128() else { return Ok(v) };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    Ok(out.into())
}

/// A diagnostic at the template file and position a Tera message points at (` --> name:l:c`).
pub fn template_diagnostic(paths: &std::collections::BTreeMap<String, PathBuf>, msg: &str) -> Diagnostic {
    let at = msg.lines().find_map(|l| l.trim_start().strip_prefix("--> ")).and_then(|loc| {
        let mut parts = loc.rsplitn(3, ':');
        let (col, line, name) = (parts.next()?, parts.next()?, parts.next()?);
        Some((name.to_owned(), line.parse().ok()?, col.parse().ok()?))
    });
    let message = msg.trim_start_matches("error: ").to_owned();
    match at {
        Some((name, line, col)) => {
            let path = paths.get(&name).cloned().unwrap_or_else(|| PathBuf::from(format!("templates/{name}")));
            Diagnostic::error(path, line, col, message)
        }
        None => Diagnostic::error("templates", 0, 0, message),
    }
}

/// A Tera error with its causes, one line each.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        msg.push_str(&format!("\n  caused by: {s}"));
        cur = s.source();
    }
    msg
}

/// The site language's strings, and every language's strings, each filled in from English so
/// that a partial translation never leaves a template variable undefined.
fn pick_strings(
    all: std::collections::BTreeMap<String, toml::Table>,
    language: &str,
    config: &Config,
    diags: &mut Diagnostics,
) -> (toml::Table, std::collections::BTreeMap<String, toml::Table>) {
    let english = all.get("en").cloned().unwrap_or_default();
    let filled: std::collections::BTreeMap<String, toml::Table> = all
        .into_iter()
        .map(|(lang, t)| {
            let mut base = english.clone();
            base.extend(t);
            (lang, base)
        })
        .collect();
    let site = filled.get(language).cloned().unwrap_or_else(|| {
        let msg = format!("the theme has no strings for language `{language}` (i18n/{language}.toml): using English");
        diags.push(config.key_diagnostic("language", Severity::Warning, msg));
        english
    });
    (site, filled)
}

#[cfg(test)]
mod tests {
    #[test]
    fn num_groups_thousands() {
        let mut tera = tera::Tera::new();
        tera.register_filter("num", super::num);
        tera.add_raw_template("t", "{{ a | num }} {{ b | num }} {{ c | num }} {{ d | num }} {{ e | num }}").unwrap();
        let mut cx = tera::Context::new();
        for (k, v) in [("a", 4971), ("b", 999), ("c", 1_234_567), ("d", -1000), ("e", 0)] {
            cx.insert(k, &v);
        }
        assert_eq!(tera.render("t", &cx).unwrap(), "4,971 999 1,234,567 -1,000 0");
    }

    #[test]
    fn every_default_theme_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let (reach, mut diags) = (crate::discover::Reach::new(&dir, false), Default::default());
        let on_disk: Vec<String> = super::disk_files(&dir, &reach, &mut diags).into_iter().map(|(r, _)| r).collect();
        let embedded: Vec<&str> = super::embedded::FILES.iter().map(|(p, _)| *p).collect();
        assert_eq!(on_disk, embedded);
        assert!(embedded.contains(&"templates/base.html"));
    }
}
