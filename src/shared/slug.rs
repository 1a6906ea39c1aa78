//! Text normalisation shared by the parse and assemble stages: NFC, slugs, heading ids and
//! percent-encoded URLs.
//!
//! Everything here is a pure function of its input so that two runs, two machines and two
//! file-name normalisations (macOS writes decomposed Hangul) give the same URL. It must not look
//! at the file system or the configuration.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

/// The string in Unicode NFC; borrowed work is skipped for text that is already NFC.
pub fn nfc(s: &str) -> String {
    nfc_owned(s.to_owned())
}

/// [`nfc`] of an owned string: no copy when it is NFC already.
pub fn nfc_owned(s: String) -> String {
    // Every file passes through here, and the crate's quick check looks up two tables for each
    // Hangul syllable. Only the runs between plain starters are given to it: a plain starter
    // resets the quick check's state (combining class 0, always allowed), so checking each run
    // from a fresh state is the same check.
    let normal = s
        .split(plain_starter)
        .filter(|run| !run.is_empty())
        .all(|run| is_nfc_quick(run.chars()) == unicode_normalization::IsNormalized::Yes);
    if normal { s } else { s.nfc().collect() }
}

/// ASCII and precomposed Hangul syllables: starters that are NFC wherever they stand. Nothing
/// composes with them as a second character, and what composes after a syllable (a trailing
/// conjoining jamo) is not one of them, so it is in a run the crate checks.
fn plain_starter(c: char) -> bool {
    c.is_ascii() || ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// The longest slug made from a name or title, in bytes: a file system takes 255 bytes a name
/// (ext4, APFS; NTFS 255 UTF-16 units), and a slug may become `slug.html` or `slug.md`. About
/// 66 Hangul syllables.
pub const MAX_SLUG_BYTES: usize = 200;

/// A URL slug: NFC, ASCII lower-cased, Hangul and other letters kept, white space and dash-like
/// punctuation turned into single `-`, other punctuation dropped, no leading or trailing `-`.
/// Dots and underscores inside a word are kept (`node.js`, `snake_case`). At most
/// [`MAX_SLUG_BYTES`], cut between characters (a Hangul syllable is one).
pub fn slugify(s: &str) -> String {
    let mut slug = slugify_whole(s);
    if slug.len() > MAX_SLUG_BYTES {
        let mut end = MAX_SLUG_BYTES;
        while !slug.is_char_boundary(end) {
            end -= 1;
        }
        slug.truncate(end);
        let kept = slug.trim_end_matches(['-', '.', '_']).len();
        slug.truncate(kept);
    }
    slug
}

/// Whether [`slugify`] cuts the slug of `s` to fit a file name.
pub fn slug_is_cut(s: &str) -> bool {
    slugify_whole(s).len() > MAX_SLUG_BYTES
}

fn slugify_whole(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in nfc(s).chars() {
        if c.is_alphanumeric() {
            // Only ASCII is lower-cased (DESIGN.md): other scripts keep the author's spelling.
            out.push(c.to_ascii_lowercase());
        } else if c == '_' || c == '.' {
            push_joiner(&mut out, c);
        } else if c == '+' && !out.is_empty() {
            // "C++" and "C" are different tags: keep the plus (it is URL-safe).
            out.push('+');
        } else if c == '#' && out.chars().last().is_some_and(|l| l.is_ascii_alphabetic()) {
            // "C#", "F#": a sharp, not a heading or issue mark.
            out.push_str("sharp");
        } else if c.is_whitespace() || is_dash(c) || c == '/' || c == '+' {
            push_joiner(&mut out, '-');
        }
        // Everything else (quotes, apostrophes, brackets, emoji, ...) is dropped.
    }
    out.trim_matches(|c| c == '-' || c == '.' || c == '_').to_owned()
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '~' | '·' | ':' | ',' | ';' | '|')
}

/// Appends a joiner unless the slug is empty or already ends in one, so runs collapse.
fn push_joiner(out: &mut String, c: char) {
    match out.chars().last() {
        None => {}
        // "a - b" or "a. b": a dash wins over the dot or underscore before it.
        Some('.' | '_') if c == '-' => {
            out.pop();
            out.push('-');
        }
        Some('-' | '.' | '_') => {}
        Some(_) => out.push(c),
    }
}

/// A GitHub-style heading id: lower-cased, letters (Hangul too), digits, `-` and `_` kept,
/// spaces to `-`, other punctuation dropped.
pub fn heading_id(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in nfc(text).trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

/// Characters escaped in a URL path: controls, space and the few ASCII characters that break
/// HTML attributes or URL syntax. Non-ASCII is percent-encoded as UTF-8.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'%')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// Percent-encodes a URL path (keeps `/`), e.g. `/2023/회고/` -> `/2023/%ED%9A%8C%EA%B3%A0/`.
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// Decodes `%XX` escapes; invalid UTF-8 is replaced rather than rejected.
pub fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_hangul_and_lowercase_ascii() {
        assert_eq!(slugify("2023년 회고"), "2023년-회고");
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("Rust로 CLI 만들기"), "rust로-cli-만들기");
    }

    #[test]
    fn slugs_are_deterministic_for_odd_names() {
        assert_eq!(slugify("Don't panic"), "dont-panic");
        assert_eq!(slugify("Node.js 시작하기"), "node.js-시작하기");
        assert_eq!(slugify("2019 – 2020 정리"), "2019-2020-정리");
        assert_eq!(slugify("a -  b"), "a-b");
        assert_eq!(slugify("  ...trailing dots... "), "trailing-dots");
        assert_eq!(slugify("k8s: 운영 (1)"), "k8s-운영-1");
        assert_eq!(slugify("snake_case_name"), "snake_case_name");
        assert_eq!(slugify("🎉"), "");
        assert_eq!(slugify("C++"), "c++");
        assert_eq!(slugify("C#"), "csharp");
        assert_eq!(slugify("C"), "c");
        assert_eq!(slugify("이슈 #123"), "이슈-123");
    }

    #[test]
    fn nfd_and_nfc_give_one_slug() {
        let nfd: String = "회고".nfd().collect();
        assert_ne!(nfd, "회고");
        assert_eq!(slugify(&nfd), "회고");
        assert_eq!(nfc(&nfd), "회고");
    }

    /// The quick path agrees with the crate's normalisation on text mixing plain starters with
    /// what composes around them: jamo, combining marks, singletons, compatibility characters.
    #[test]
    fn nfc_agrees_with_the_crate_on_mixed_text() {
        let pool = [
            "a", " ", "\n", "회", "고", "가", "\u{1100}", "\u{1161}", "\u{11A8}", "e", "\u{0301}", "\u{0323}", "é",
            "\u{212B}", "\u{F900}", "·", "🎉", "\u{0F73}", "\u{2126}", "\u{0344}",
        ];
        let mut seed: u64 = 0x5eed;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            for k in 0..(seed >> 60) + 1 {
                let pick = (seed >> (k * 4 % 56)) as usize % pool.len();
                text.push_str(pool[pick]);
            }
            let want: String = text.nfc().collect();
            assert_eq!(nfc_owned(text.clone()), want, "{:?}", text.chars().collect::<Vec<_>>());
        }
    }

    #[test]
    fn heading_ids_are_github_style() {
        assert_eq!(heading_id("Hello World"), "hello-world");
        assert_eq!(heading_id("2024년 목표!"), "2024년-목표");
        assert_eq!(heading_id("API v2.0 (beta)"), "api-v20-beta");
    }

    #[test]
    fn paths_are_percent_encoded_utf8() {
        assert_eq!(encode_path("/2023/회고/"), "/2023/%ED%9A%8C%EA%B3%A0/");
        assert_eq!(encode_path("/a b/"), "/a%20b/");
        assert_eq!(decode("/2023/%ED%9A%8C%EA%B3%A0/"), "/2023/회고/");
    }
}
