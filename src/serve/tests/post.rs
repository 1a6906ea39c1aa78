//! TEST (serve): one post of the equivalence test's blog as data, its file's text, and the
//! random edits of one post (body, front matter). Writes nothing: `edits.rs` writes.

use std::fmt::Write as _;

/// A small seeded generator (SplitMix64): the same seed makes the same site and edits.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

pub const TITLES: &[&str] = &[
    "러스트로 정적 사이트 만들기",
    "배포 파이프라인 정리",
    "Notes on async Rust",
    "장애 회고: 디스크가 찼던 밤",
    "Reading list: \"Designing Data-Intensive Applications\"",
    "2022년 회고",
    "2023 Retrospective",
    "주간 회고 - 3월 둘째 주",
    "Why I moved my blog",
    "쿠버네티스 첫걸음",
];
const TAGS: &[&str] = &["Rust", "회고", "일상", "Web", "책", "DevOps", "rust-lang", "글쓰기"];
const CATEGORIES: &[&str] = &["일기", "개발", "Book Review"];
const GOALS: &[&str] = &["블로그 24편", "책 12권 읽기", "하프 마라톤", "Ship a side project", "영어 공부"];
const RETRO: &[&str] = &["true", "false", "annual", "periodic", "2021", "2022", "\"2023년\""];
/// Markdown blocks a body is made of: prose in two languages, code (highlighted), task lists
/// (a retrospective's goals), a summary break, a heading that another post links to, links to
/// a page, to another post's heading (by path, and by the name Obsidian gives it) and to a
/// static file, a diagram (the theme then copies its Mermaid script) and math.
pub const BLOCKS: &[&str] = &[
    "회고를 쓰며 한 해를 돌아본다. 잘한 일과 아쉬운 일을 적었다.",
    "This post is in English, with *emphasis*, `code` and [a link](https://example.org/).",
    "```rust\nfn main() {\n    println!(\"안녕\");\n}\n```",
    "```toml\n[server]\nport = 8080\n```",
    "## 2024년 목표\n\n- [ ] 블로그 24편\n- [x] 책 12권 읽기",
    "## 지난 목표\n\n- [x] 하프 마라톤\n- [ ] 영어 공부",
    "[소개 페이지](../about.md)를 보세요.",
    "<!-- more -->",
    "## 상세 {#detail}\n\n표:\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    "Footnote here[^1].\n\n[^1]: The note.",
    "![logo](/logo.svg)",
    "\"따옴표\" -- and ... dashes",
    "[첫 글의 상세](2022-03-01-hello.md#detail)",
    "[[2022-03-01-hello|첫 글, Obsidian이 부르는 이름으로]]",
    "긴 문단. 읽는 시간이 늘어난다. 긴 문단. 읽는 시간이 늘어난다. 긴 문단. 읽는 시간이 늘어난다.",
    "```mermaid\ngraph TD;\n  A-->B;\n```",
    "$$x^2 + y^2$$ 그리고 $a_1$",
];

/// A post as its file says it.
#[derive(Debug, Clone, Default)]
pub struct Post {
    /// Under `content/posts/`.
    pub file: String,
    pub title: String,
    /// Front matter `date`, when the file name's date is not the one.
    pub date: Option<String>,
    pub updated: Option<&'static str>,
    pub tags: Vec<String>,
    pub categories: Vec<&'static str>,
    pub lang: Option<&'static str>,
    pub retro: Option<&'static str>,
    pub goals: Vec<&'static str>,
    /// `review` items: a goal and how much of it was done.
    pub review: Vec<(&'static str, &'static str)>,
    pub draft: bool,
    pub series: Option<&'static str>,
    pub slug: Option<String>,
    pub aliases: Vec<String>,
    pub description: Option<&'static str>,
    pub body: Vec<&'static str>,
}

impl Post {
    /// A post dated `y-m-d`, number `n` of those made.
    pub fn random(rng: &mut Rng, (y, m, d): (usize, usize, usize), n: usize) -> Post {
        let mut p = Post {
            file: format!("{y}-{m:02}-{d:02}-post-{n}.md"),
            title: rng.pick(TITLES).to_string(),
            lang: rng.one_in(3).then_some("en"),
            series: rng.one_in(3).then_some("연재"),
            body: (0..1 + rng.below(3)).map(|_| *rng.pick(BLOCKS)).collect(),
            ..Post::default()
        };
        for _ in 0..rng.below(3) {
            p.tags.push(rng.pick(TAGS).to_string());
        }
        p
    }

    /// A Markdown block added or taken out: what `gen serve` rebuilds without placing again.
    pub fn edit_body(&mut self, rng: &mut Rng) -> String {
        let at = rng.below(self.body.len() + 1);
        if at < self.body.len() && rng.one_in(2) {
            self.body.remove(at);
        } else {
            self.body.insert(at, *rng.pick(BLOCKS));
        }
        format!("body of {}", self.file)
    }

    /// One front matter key changed.
    pub fn edit_front(&mut self, rng: &mut Rng) -> String {
        let f = &self.file;
        match rng.below(14) {
            0 | 1 => {
                self.title = rng.pick(TITLES).to_string();
                format!("title of {f}")
            }
            2 | 3 => {
                self.date = random_date(rng);
                format!("date of {f} to {:?}", self.date)
            }
            4 => {
                self.updated = if self.updated.is_some() { None } else { Some("2023-11-30T10:00:00+09:00") };
                format!("updated of {f} to {:?}", self.updated)
            }
            5 | 6 => {
                edit_list(rng, &mut self.tags, |rng| rng.pick(TAGS).to_string());
                format!("tags of {f} to {:?}", self.tags)
            }
            7 => {
                edit_list(rng, &mut self.categories, |rng| *rng.pick(CATEGORIES));
                format!("categories of {f} to {:?}", self.categories)
            }
            8 | 9 => self.edit_retro(rng),
            10 => {
                self.draft = !self.draft;
                format!("draft of {f} to {}", self.draft)
            }
            11 => {
                self.series = match self.series {
                    Some("연재") if rng.one_in(2) => Some("Rust 입문"),
                    Some(_) => None,
                    None => Some("연재"),
                };
                format!("series of {f} to {:?}", self.series)
            }
            12 => {
                // Named after the file, which is unique: two posts at one URL would only fail.
                let stem = f.rsplit('/').next().unwrap_or(f).trim_end_matches(".md").to_owned();
                match rng.below(3) {
                    0 => self.slug = self.slug.take().xor(Some(format!("custom-{stem}"))),
                    1 => edit_list(rng, &mut self.aliases, |rng| format!("/old/{stem}-{}/", rng.below(3))),
                    _ => self.lang = if self.lang.is_some() { None } else { Some("en") },
                }
                format!("slug of {f} to {:?}, aliases {:?}, lang {:?}", self.slug, self.aliases, self.lang)
            }
            _ => {
                self.description = if self.description.is_some() { None } else { Some("한 줄 요약: 요약문") };
                format!("description of {f} to {:?}", self.description)
            }
        }
    }

    fn edit_retro(&mut self, rng: &mut Rng) -> String {
        match rng.below(4) {
            0 => self.retro = if rng.one_in(3) { None } else { Some(*rng.pick(RETRO)) },
            1 if !self.goals.is_empty() => self.goals.truncate(rng.below(self.goals.len())),
            1 | 2 => self.goals.push(*rng.pick(GOALS)),
            _ if self.review.is_empty() => self.review.push((*rng.pick(GOALS), *rng.pick(&["true", "0.25", "false"]))),
            _ => self.review.clear(),
        }
        format!("retrospective of {}: {:?} goals {:?} review {:?}", self.file, self.retro, self.goals, self.review)
    }

    /// The file's text.
    pub fn text(&self) -> String {
        let mut t = format!("---\ntitle: \"{}\"\n", self.title.replace('"', "\\\""));
        let mut line = |key: &str, value: Option<String>| {
            if let Some(v) = value {
                let _ = writeln!(t, "{key}: {v}");
            }
        };
        let list = |items: &[&str]| (!items.is_empty()).then(|| format!("[{}]", items.join(", ")));
        line("date", self.date.clone());
        line("updated", self.updated.map(str::to_owned));
        line("tags", list(&self.tags.iter().map(String::as_str).collect::<Vec<_>>()));
        line("categories", list(&self.categories));
        line("lang", self.lang.map(str::to_owned));
        line("retrospective", self.retro.map(str::to_owned));
        line("goals", list(&self.goals));
        line("draft", self.draft.then(|| "true".to_owned()));
        line("series", self.series.map(str::to_owned));
        line("slug", self.slug.clone());
        line("aliases", list(&self.aliases.iter().map(String::as_str).collect::<Vec<_>>()));
        line("description", self.description.map(|d| format!("\"{d}\"")));
        if !self.review.is_empty() {
            t.push_str("review:\n");
            for (goal, done) in &self.review {
                let _ = writeln!(t, "  - {{ goal: \"{goal}\", done: {done} }}");
            }
        }
        t.push_str("---\n");
        t.push_str(&self.body.join("\n\n"));
        t.push('\n');
        t
    }
}

/// One item added to or taken from a list.
fn edit_list<T>(rng: &mut Rng, items: &mut Vec<T>, new: impl FnOnce(&mut Rng) -> T) {
    if !items.is_empty() && rng.one_in(2) {
        let at = rng.below(items.len());
        items.remove(at);
    } else {
        let item = new(rng);
        items.push(item);
    }
}

/// A date for front matter: a plain day, a late-evening time near New Year (which side of the
/// year it falls on depends on the time zone), a day in the future (scheduled), or none (the
/// file name's date).
pub fn random_date(rng: &mut Rng) -> Option<String> {
    let y = 2022 + rng.below(2);
    match rng.below(6) {
        0 => None,
        1 => Some(format!("{y}-12-31T23:30:00+09:00")),
        2 => Some(format!("{y}-12-31T20:00:00Z")),
        3 => Some(format!("{}-01-01", y + 1)),
        4 if rng.one_in(4) => Some("2099-05-05".into()),
        _ => Some(format!("{y}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28))),
    }
}
