//! CONFIG: the keys gen.toml may hold — which are known (a near miss warns at its line), where
//! a key is written (for messages), and which front-matter keys `[front_matter.aliases]` may
//! map onto. Reads only the text it is given.

use std::path::Path;

use crate::error::{Diagnostic, Diagnostics, near_miss};

/// The front-matter keys hoego reads, and so those `[front_matter.aliases]` may map onto. The
/// parse stage (`fields`) types exactly these; the list lives here because configuration is
/// validated first.
pub const FRONT_MATTER_TARGETS: &[&str] = &[
    "title",
    "date",
    "updated",
    "description",
    "tags",
    "categories",
    "series",
    "draft",
    "published",
    "slug",
    "aliases",
    "retrospective",
    "goals",
    "review",
    "lang",
    "math",
    "mermaid",
    "cover",
    "search",
    "extra",
];

pub(super) const TOP_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "timezone",
    "theme",
    "author",
    "permalink",
    "paginate",
    "ignore",
    "follow_symlinks",
    "output_dir",
    "menu",
    "markdown",
    "retrospective",
    "feed",
    "links",
    "front_matter",
    "comments",
    "cache",
    "search",
    "extra",
];
const SECTION_KEYS: &[(&str, &[&str])] = &[
    ("markdown", &["highlight", "highlight_theme", "smart_punctuation", "external_links_new_tab", "math", "wikilinks"]),
    ("retrospective", &["tags", "title_patterns", "cjk_chars_per_minute", "words_per_minute"]),
    ("feed", &["limit", "full_content", "tags"]),
    ("links", &["internal"]),
    ("cache", &["enabled", "dir", "max_size_mb"]),
    ("front_matter", &["aliases"]),
    ("author", &["name", "bio", "avatar", "github", "linkedin", "email", "website"]),
    ("search", &["enabled", "exclude"]),
    ("comments", &["provider", "repo", "repo_id", "category", "category_id", "mapping", "lang"]),
];
const MENU_KEYS: &[&str] = &["name", "url"];
pub(super) fn warn_unknown_keys(path: &Path, text: &str, table: &toml::Table, diags: &mut Diagnostics) {
    for key in table.keys() {
        if !TOP_KEYS.contains(&key.as_str()) {
            diags.push(unknown_key(path, text, None, key, TOP_KEYS));
        }
    }
    if let Some(toml::Value::Array(items)) = table.get("menu") {
        for key in items.iter().filter_map(|i| i.as_table()).flat_map(|t| t.keys()) {
            if !MENU_KEYS.contains(&key.as_str()) {
                diags.push(unknown_key(path, text, Some("menu"), key, MENU_KEYS));
            }
        }
    }
    for (section, known) in SECTION_KEYS {
        let Some(toml::Value::Table(t)) = table.get(*section) else {
            continue;
        };
        for key in t.keys().filter(|k| !known.contains(&k.as_str())) {
            diags.push(unknown_key(path, text, Some(section), key, known));
        }
    }
}

fn unknown_key(path: &Path, text: &str, section: Option<&str>, key: &str, known: &[&str]) -> Diagnostic {
    let (line, col) = key_position(text, section, key);
    let hint = match near_miss(key, known) {
        Some(k) => format!("; did you mean `{k}`?"),
        None => format!("; known keys: {}", known.join(", ")),
    };
    let name = section.map_or(key.to_owned(), |s| format!("{s}.{key}"));
    Diagnostic::warning(path, line, col, format!("unknown key `{name}` is ignored{hint}"))
}

/// Where `key = ...` sits in the TOML text, inside `[section]` when given; (1, 1) if not found.
/// Only used to point a diagnostic at a line, never to read values.
pub fn key_position(text: &str, section: Option<&str>, key: &str) -> (usize, usize) {
    let mut current: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if let Some(h) = t.strip_prefix('[') {
            current = Some(h.trim_start_matches('[').split(']').next().unwrap_or("").trim().to_owned());
            continue;
        }
        let in_section = match section {
            None => current.is_none(),
            Some(s) => current.as_deref() == Some(s),
        };
        let bare = t.split('=').next().unwrap_or("").trim().trim_matches('"');
        if in_section && t.contains('=') && bare == key {
            return (i + 1, line.len() - t.len() + 1);
        }
    }
    (1, 1)
}

/// `[front_matter.aliases]`, each target a key hoego reads; an unknown one is an error at its
/// line.
pub(super) fn front_matter_keys(
    aliases: std::collections::BTreeMap<String, String>,
    path: &Path,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<std::collections::BTreeMap<String, String>> {
    let mut ok = true;
    for (theirs, ours) in &aliases {
        if !FRONT_MATTER_TARGETS.contains(&ours.as_str()) {
            let (line, col) = key_position(text, Some("front_matter.aliases"), theirs);
            let hint =
                near_miss(ours, FRONT_MATTER_TARGETS).map_or(String::new(), |k| format!("; did you mean `{k}`?"));
            let msg = format!(
                "[front_matter.aliases] maps `{theirs}` to `{ours}`, which is not a front-matter key{hint} (keys: {})",
                FRONT_MATTER_TARGETS.join(", ")
            );
            diags.push(Diagnostic::error(path, line, col, msg));
            ok = false;
        }
    }
    ok.then_some(aliases)
}
