//! ASSEMBLE: what kind of retrospective a title announces — annual (a year looked back on),
//! other (a week, a month, a quarter, a sprint, a project, a bootcamp, an event, a job), or
//! none (a post *about* retrospectives, a how-to) — and the words that said so.
//!
//! Word lists, not a model: each rule is a pattern bloggers use, checked against the labelled
//! titles in `titles.tsv` (the table test prints precision and recall). Pure; no I/O.

use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file: a typo is a bug the tests catch at once.
    RegexBuilder::new(pattern).case_insensitive(true).build().unwrap_or_else(|e| panic!("{pattern}: {e}"))
}

// Word boundaries are ASCII ones, `(?-u:\b)`: a Korean particle written against an English word
// ("Retrospective를", "WIL정리") ends the word, as a reader sees it. A Unicode `\b` would not, and on
// a Korean title it also keeps the regex crate off its DFA: 30 µs a title instead of under 2,
// 0.3 s of CPU for 10,000 posts.

/// Words that make a title a retrospective of some kind.
static RETRO_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"회고|결산|돌아보며|돌아보기|되돌아보|보내며|마무리하며|정리하며|마무리|포스트모템|(?-u:\b)WIL(?-u:\b)|(?-u:\b)retro(spective)?s?(?-u:\b)|post-?mortem|in\s+review|look(ing)?\s+back|wrap-?up|reflections?|(?-u:\b)recap(?-u:\b)",
    )
});

/// Words that look back on a whole year when a year is named beside them.
static ANNUAL_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"회고|결산|돌아보며|돌아보기|되돌아보|보내며|마무리|정리하며|(?-u:\b)retro(spective)?(?-u:\b)|in\s+review|look(ing)?\s+back|wrap-?up|reflections?",
    )
});

/// Year-end words that need no year: "연말 회고", "한 해를 돌아보며", "Year in Review", and a
/// title that is the word alone ("회고").
static YEAR_END: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s*(회고|결산|retrospective)\s*[.!]?\s*$|연말(\s*정산)?|송년|한\s*해|올해(를|의)?\s*(회고|결산|돌아|보내|마무리|정리)|year\s+in\s+review|end\s+of\s+(the\s+)?year|year[-\s]end",
    )
});

/// "안녕 2022, 반가워 2023", "Goodbye 2019, Hello 2020".
static GREETING: LazyLock<Regex> = LazyLock::new(|| re(r"(안녕|잘\s*가|goodbye|bye)\s*,?\s*'?(19|20)?\d{2}"));

/// A stretch of time shorter than a year: never an annual retrospective.
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\d+\s*주\s*차|(?-u:\b)week(ly|s)?(?-u:\b)|주간|\d{1,2}\s*월(\s|$|[^\d일])|월간|(?-u:\b)monthly(?-u:\b)|(?-u:\b)(january|february|march|april|may|june|july|august|september|october|november|december)\s+(19|20)\d{2}|분기|(?-u:\b)quarter(ly)?(?-u:\b)|(?-u:\b)Q[1-4](?-u:\b)|상반기|하반기|반기|(?-u:\b)H[12](?-u:\b)|(?-u:\b)half(?-u:\b)|스프린트|(?-u:\b)sprints?(?-u:\b)|학기|레벨\s*\d|(?-u:\b)level\s*\d",
    )
});

/// An event, a course or a programme: its retrospective belongs to it, whatever year it names.
static EVENT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"후기|참관|참여|발표|(?-u:\b)recap(?-u:\b)|컨퍼런스|콘퍼런스|conference|conf(?-u:\b)|\w+con(?-u:\b)|인프콘|밋업|meetup|세미나|seminar|summit|해커톤|hackathon|summer\s+of\s+code|(?-u:\b)gsoc(?-u:\b)|부트\s*캠프|bootcamp|부스트\s*캠프|캠프|수료|인턴|(?-u:\b)intern(ship)?(?-u:\b)|우테코|우아한테크코스|데브코스|코드스테이츠|항해\s*99|ssafy|싸피|스터디|(?-u:\b)study(?-u:\b)|챌린지|challenge|대학원|아카데미|academy",
    )
});

/// A project, a job, an incident, a stretch of a career: "other" unless a year is looked back on.
static WORK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"프로젝트|(?-u:\b)projects?(?-u:\b)|이직|퇴사|입사|온보딩|수습|\d+\s*년\s*차|\d+\s*(년|개월|일)\s*(회고|간)|years?\s+as(?-u:\b)|leaving|장애|사고|incident|post-?mortem|포스트모템|창업|startup|(?-u:\b)mvp(?-u:\b)|운영\s*\d+\s*년|\d+\s*일|\d+\s*(주|개월)",
    )
});

/// A post about retrospectives as a practice, or a how-to that mentions year-end words: none.
static ABOUT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"회고\s*(를|란|는|에서|작성|템플릿|방법|진행|글|하는|잘|모임|문화)|(쓰는|하는|잘)\s*법|「[^」]*」|(?-u:\b)how\s+to(?-u:\b)|retrospectives?\s+(formats?|templates?|ideas|questions|techniques|games)|템플릿|방법론|\S*(만들기|하기)\s*$",
    )
});

/// What a title says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleKind {
    /// A year looked back on; the rule that said so.
    Annual(&'static str),
    /// A retrospective of something shorter or narrower; the rule and the words.
    Other(&'static str),
    /// Retrospective words, but about retrospectives (a how-to, a template, a book).
    About,
    None,
}

/// Reads a title. `has_year`: the title names a year (see `title_year`); `tagged`: the post
/// carries a retrospective tag or category.
pub fn read_title(title: &str, has_year: bool, tagged: bool) -> TitleKind {
    let retro_word = RETRO_WORD.is_match(title);
    if ABOUT.is_match(title) && !(has_year && ANNUAL_WORD.is_match(title) && !title.contains("만들기")) {
        return if retro_word || tagged { TitleKind::About } else { TitleKind::None };
    }
    let annual = if has_year && ANNUAL_WORD.is_match(title) {
        Some("a year and a retrospective word")
    } else if YEAR_END.is_match(title) && !title.contains("정산") {
        Some("year-end words")
    } else if GREETING.is_match(title) {
        Some("a farewell to a year")
    } else {
        None
    };
    let period = PERIOD.is_match(title);
    let event = EVENT.is_match(title);
    match annual {
        Some(rule) if !period && !event => TitleKind::Annual(rule),
        _ if !(retro_word || tagged || annual.is_some()) => TitleKind::None,
        _ if period => TitleKind::Other("a week, month, quarter, half-year or sprint"),
        _ if event => TitleKind::Other("an event, course or programme"),
        _ if WORK.is_match(title) => TitleKind::Other("a project, job, incident or stretch of a career"),
        _ => TitleKind::Other("no year or year-end words in the title"),
    }
}
