//! CONFIG (helper of `config`): `[comments]`, comments under each post from giscus (GitHub
//! Discussions) or utterances (GitHub Issues), off unless configured. Checks that the keys a
//! provider needs are there, at their gen.toml line; renders nothing.

use serde::{Deserialize, Serialize};

/// `[comments]` as written and as templates see it (`site.comments`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Comments {
    /// "giscus", "utterances", or "" (none).
    pub provider: String,
    /// `owner/repo` of the discussions or issues.
    pub repo: String,
    /// giscus: from giscus.app's configuration page.
    pub repo_id: String,
    pub category: String,
    pub category_id: String,
    /// giscus `data-mapping` / utterances `issue-term`: how a page finds its thread.
    pub mapping: String,
    /// The widget's language (default: the site's).
    pub lang: String,
}

/// The comments as configured, or the keys that are missing or wrong: (key, message).
pub(super) fn check(mut c: Comments, language: &str) -> Result<Option<Comments>, Vec<(&'static str, String)>> {
    let needs: &[&'static str] = match c.provider.trim() {
        "" => return Ok(None),
        "giscus" => &["repo", "repo_id", "category", "category_id"],
        "utterances" => &["repo"],
        other => {
            let msg = format!("unknown comments provider `{other}`; use \"giscus\" or \"utterances\"");
            return Err(vec![("provider", msg)]);
        }
    };
    let value = |k: &str| match k {
        "repo" => &c.repo,
        "repo_id" => &c.repo_id,
        "category" => &c.category,
        _ => &c.category_id,
    };
    let mut missing: Vec<(&'static str, String)> = needs
        .iter()
        .filter(|k| value(k).trim().is_empty())
        .map(|k| {
            (*k, format!("[comments] {} needs `{k}` (giscus.app shows the values for your repository)", c.provider))
        })
        .collect();
    if !c.repo.is_empty() && c.repo.split('/').filter(|p| !p.is_empty()).count() != 2 {
        missing.push(("repo", format!("[comments] repo `{}` must be `owner/name`", c.repo)));
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    if c.mapping.is_empty() {
        c.mapping = "pathname".into();
    }
    if c.lang.is_empty() {
        c.lang = language.to_owned();
    }
    Ok(Some(c))
}
