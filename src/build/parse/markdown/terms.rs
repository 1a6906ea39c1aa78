//! PARSE (markdown): the tails of words written across scripts, for the search index. Korean tech
//! writing glues Hangul to Latin letters and digits (`k8s운영`, `API서버와`, `쿠버네티스API`);
//! Pagefind matches a query against the start of each indexed word and splits words only at
//! ASCII punctuation and letter case, so `운영` would never find `k8s운영`. Each tail that starts
//! where the script changes is handed to the index as one more word (the theme puts them in
//! hidden metadata, so the page shows nothing new). This module must not touch HTML: it reads
//! the prose's text events, outside code blocks.

use std::collections::BTreeSet;

use pulldown_cmark::{Event, Tag, TagEnd};

/// At most this many tails a page: a long post of mixed words must not bloat its index entry.
const MAX_TAILS: usize = 256;

/// The script-change tails of the prose's words, sorted and without repeats.
pub fn script_tails(events: &[Event<'_>]) -> Vec<String> {
    let mut tails = BTreeSet::new();
    let mut in_code = 0usize;
    for ev in events {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(t) if in_code == 0 => {
                for word in t.split_whitespace() {
                    word_tails(word, &mut tails);
                }
            }
            _ => {}
        }
        if tails.len() >= MAX_TAILS {
            break;
        }
    }
    tails.into_iter().take(MAX_TAILS).collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Hangul,
    Latin,
    Other,
}

fn script(c: char) -> Script {
    if matches!(c as u32, 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF) {
        Script::Hangul
    } else if c.is_alphanumeric() && !crate::markdown::is_cjk(c) {
        Script::Latin
    } else {
        Script::Other
    }
}

/// `k8s운영을.` -> `운영을`; `쿠버네티스API` -> `API`. Punctuation neither starts nor ends a tail;
/// ASCII punctuation also ends the run before it, as Pagefind splits words there itself
/// (`k8s-운영`), while other punctuation does not (`k8s·운영` stays one word in Pagefind). A
/// tail of one character (`Rust로`: `로`) is a particle, not worth a word.
fn word_tails(word: &str, out: &mut BTreeSet<String>) {
    let mut last = Script::Other;
    for (i, c) in word.char_indices() {
        let now = script(c);
        if now == Script::Other {
            if c.is_ascii_punctuation() {
                last = Script::Other;
            }
            continue;
        }
        if last != Script::Other && now != last {
            let tail = word[i..].trim_end_matches(|c: char| script(c) == Script::Other);
            if tail.chars().nth(1).is_some() {
                out.insert(tail.to_owned());
            }
        }
        last = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tails(md: &str) -> Vec<String> {
        let events: Vec<Event<'_>> = pulldown_cmark::Parser::new(md).collect();
        script_tails(&events)
    }

    #[test]
    fn a_tail_starts_where_the_script_changes() {
        assert_eq!(tails("k8s운영 경험"), ["운영"]);
        assert_eq!(tails("API서버와 쿠버네티스API, 3년차."), ["API", "년차", "서버와"]);
        assert_eq!(tails("Rust로 만든 CLI를 k8s-운영에 k8s·운영"), ["운영"]);
        assert_eq!(tails("a운b영c"), ["b영c", "영c", "운b영c"]);
    }

    #[test]
    fn words_of_one_script_and_code_have_none() {
        assert!(tails("회고를 썼다. postgres vacuum 2021").is_empty());
        assert!(tails("```\nk8s운영\n```\n").is_empty());
        assert_eq!(tails("`k8s운영`은 코드, k8s운영은 글"), ["운영은"]);
    }

    #[test]
    fn a_page_has_at_most_max_tails() {
        let md: String = (0..MAX_TAILS + 50).map(|i| format!("x{i}가{i} ")).collect();
        assert_eq!(tails(&md).len(), MAX_TAILS);
    }
}
