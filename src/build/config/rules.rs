//! CONFIG: what gen.toml says in a form the later stages use directly, checked when it is read
//! so that a mistake is reported at its line in gen.toml: the retrospective rules compiled
//! ([`RetroRules`]; what they make of a post is the assemble stage's, `crate::retro`), and the
//! highlight theme pair resolved against the themes hoego ships ([`theme_pair`]; the
//! stylesheets are the parse stage's, `crate::highlight`). Reads no files.

use regex::{Regex, RegexBuilder};

use super::RetroConfig;
use crate::slug::nfc;

/// `[retrospective]`'s tags and title patterns, compiled.
#[derive(Debug, Clone)]
pub struct RetroRules {
    /// The retrospective tags, folded ([`fold_tag`]).
    pub tags: Vec<String>,
    /// `[retrospective] title_patterns`, taken as written: a match is an annual retrospective.
    pub custom: Vec<Regex>,
}

impl RetroRules {
    /// Compiles the configured patterns; a bad one is returned as an error message naming it.
    pub fn new(config: &RetroConfig) -> Result<Self, String> {
        let compile = |p: &str| {
            RegexBuilder::new(p)
                .case_insensitive(true)
                .build()
                .map_err(|e| format!("invalid pattern `{p}` in [retrospective] title_patterns: {e}"))
        };
        let custom = config.title_patterns.iter().map(|p| compile(p)).collect::<Result<_, _>>()?;
        let tags = config.tags.iter().map(|t| fold_tag(t)).collect();
        Ok(RetroRules { tags, custom })
    }
}

/// A tag as the rules compare it: trimmed, NFC, lower case.
pub fn fold_tag(s: &str) -> String {
    nfc(s.trim()).to_lowercase()
}

/// The theme pair for `[markdown] highlight_theme`: "default", or "Light Name,Dark Name"
/// using two-face's theme names (e.g. "InspiredGitHub,OneHalfDark").
pub fn theme_pair(setting: &str) -> Result<(&'static str, &'static str), String> {
    if setting == "default" {
        return Ok(("InspiredGitHub", "OneHalfDark"));
    }
    let find = |name: &str| {
        let names = two_face::theme::EmbeddedLazyThemeSet::theme_names();
        // ansi and base16(-256) are terminal themes: as CSS they come out nearly black.
        let usable = || names.iter().map(|n| n.as_name()).filter(|n| !matches!(*n, "ansi" | "base16" | "base16-256"));
        usable().find(|n| n.eq_ignore_ascii_case(name.trim())).ok_or_else(|| {
            let all: Vec<&str> = usable().collect();
            format!("unknown highlight theme `{}`; use \"default\" or two of: {}", name.trim(), all.join(", "))
        })
    };
    match setting.split_once(',') {
        Some((light, dark)) => Ok((find(light)?, find(dark)?)),
        None => find(setting).map(|t| (t, t)),
    }
}
