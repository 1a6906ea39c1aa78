//! CONFIG (helper of `config`): who writes the blog. `author = "이름"` as before, or an
//! `[author]` table for the home page's author card: name, a one-line bio, an avatar and
//! links (GitHub, LinkedIn, email, a website). Handles and addresses become full URLs here,
//! once; templates only show them. This module must not render anything.

use serde::{Deserialize, Serialize};

/// `author` as written: a name, or a table.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(super) enum RawAuthor {
    Name(String),
    Card(RawCard),
}

impl Default for RawAuthor {
    fn default() -> Self {
        RawAuthor::Name(String::new())
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct RawCard {
    name: String,
    bio: String,
    avatar: String,
    github: String,
    linkedin: String,
    email: String,
    website: String,
}

/// The author, resolved. Empty strings in gen.toml mean "not given".
#[derive(Debug, Clone, Default, Serialize)]
pub struct Author {
    pub name: String,
    pub bio: String,
    /// A site path (`/avatar.png`) or a URL, as written.
    pub avatar: Option<String>,
    pub links: Vec<AuthorLink>,
}

/// One of the author's addresses: `kind` is `github`, `linkedin`, `email` or `website`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AuthorLink {
    pub kind: &'static str,
    pub url: String,
}

impl Author {
    /// The links that are profiles on other sites (schema.org `sameAs`), not email.
    pub fn profiles(&self) -> impl Iterator<Item = &str> {
        self.links.iter().filter(|l| l.kind != "email").map(|l| l.url.as_str())
    }
}

pub(super) fn resolve(raw: RawAuthor) -> Author {
    let card = match raw {
        RawAuthor::Name(name) => return Author { name: name.trim().to_owned(), ..Author::default() },
        RawAuthor::Card(c) => c,
    };
    let given = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let url_or = |v: &str, prefix: &str| {
        given(v).map(|v| {
            if v.starts_with("https://") || v.starts_with("http://") {
                v
            } else {
                format!("{prefix}{}", v.trim_start_matches('@'))
            }
        })
    };
    let links = [
        ("github", url_or(&card.github, "https://github.com/")),
        ("linkedin", url_or(&card.linkedin, "https://www.linkedin.com/in/")),
        ("email", given(&card.email).map(|e| if e.starts_with("mailto:") { e } else { format!("mailto:{e}") })),
        ("website", given(&card.website)),
    ];
    Author {
        name: card.name.trim().to_owned(),
        bio: card.bio.trim().to_owned(),
        avatar: given(&card.avatar),
        links: links.into_iter().filter_map(|(kind, url)| Some(AuthorLink { kind, url: url? })).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(toml_text: &str) -> Author {
        #[derive(Deserialize)]
        struct T {
            author: RawAuthor,
        }
        resolve(toml::from_str::<T>(toml_text).unwrap().author)
    }

    #[test]
    fn a_name_or_a_card_with_handles_made_into_addresses() {
        assert_eq!(card("author = \" 김회고 \"").name, "김회고");
        let a = card(
            "[author]\nname = \"김회고\"\nbio = \"백엔드 개발자\"\ngithub = \"@hoego\"\nlinkedin = \"https://www.linkedin.com/in/hoego-kim\"\nemail = \"me@example.com\"\nwebsite = \"\"\n",
        );
        assert_eq!(a.bio, "백엔드 개발자");
        let urls: Vec<&str> = a.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            ["https://github.com/hoego", "https://www.linkedin.com/in/hoego-kim", "mailto:me@example.com"]
        );
        assert_eq!(a.profiles().count(), 2, "email is not a profile");
        assert!(a.avatar.is_none(), "empty means not given");
    }
}
