//! TEST (serve): a small blog held as data — Korean and English posts over several years, tags,
//! a series, retrospectives with goals, drafts, a page, a year intro, a template override,
//! static files and gen.toml — written to a folder, and random edits to it. Each edit writes
//! what it changed and returns the paths a file watcher would report. Builds nothing: the
//! equivalence test (`tests.rs`) does.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const TITLES: &[&str] = &[
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
const GOALS: &[&str] = &["블로그 24편", "책 12권 읽기", "하프 마라톤", "Ship a side project", "영어 공부"];
const RETRO: &[&str] = &["true", "false", "annual", "periodic", "2021", "2022", "\"2023년\""];
const BLOCKS: &[&str] = &[
    "회고를 쓰며 한 해를 돌아본다. 잘한 일과 아쉬운 일을 적었다.",
    "This post is in English, with *emphasis* and `code`.",
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
];
/// `templates/post.html` overrides; the last one does not compile.
const TEMPLATES: &[&str] = &[
    "{% extends \"theme/post.html\" %}{% block title %}✍ {{ post.title }}{% endblock title %}",
    "{% extends \"theme/post.html\" %}{% block content %}<p class=\"override\">{{ post.tags | length }}</p>{{ super() }}{% endblock content %}",
    "{% extends \"theme/post.html\" %}",
    "{% extends \"theme/post.html\" %}{% block title %}{{ post.title }{% endblock title %}",
];

/// A post as its file says it.
#[derive(Debug, Clone)]
struct Post {
    /// Under `content/posts/`.
    file: String,
    title: String,
    /// Front matter `date`, when the file name's date is not the one.
    date: Option<String>,
    tags: Vec<String>,
    lang: Option<&'static str>,
    retro: Option<&'static str>,
    goals: Vec<&'static str>,
    /// `review` items: a goal and how much of it was done.
    review: Vec<(&'static str, &'static str)>,
    draft: bool,
    series: bool,
    body: Vec<&'static str>,
}

/// gen.toml's values that edits change.
#[derive(Debug, Clone)]
struct Settings {
    title: String,
    paginate: usize,
    language: &'static str,
    timezone: &'static str,
    feed_tags: bool,
    links: &'static str,
    smart: bool,
    search: bool,
    menu: bool,
}

/// The blog, and the folder it is written to.
pub struct Blog {
    root: PathBuf,
    posts: Vec<Post>,
    page_title: String,
    page_body: &'static str,
    intro: &'static str,
    template: Option<usize>,
    settings: Settings,
    statics: Vec<(String, String)>,
    made: usize,
    /// An edit that broke the build, undone by the next step: a site that stays broken would
    /// test nothing but the failure.
    broken: Option<Broken>,
}

/// What the last edit broke.
#[derive(Debug, Clone, Copy)]
enum Broken {
    /// The front matter of this post.
    Post(usize),
    Template,
    /// `[links] internal = "error"` with a broken link somewhere.
    Links,
}

impl Blog {
    /// A starting blog with `n` posts, written to `root`.
    pub fn new(root: &Path, rng: &mut Rng) -> Blog {
        let settings = Settings {
            title: "밤새는 서버 일지".into(),
            paginate: 3,
            language: "ko",
            timezone: "Asia/Seoul",
            feed_tags: false,
            links: "warn",
            smart: true,
            search: true,
            menu: true,
        };
        let statics = vec![("logo.svg".into(), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".into())];
        let mut blog = Blog {
            root: root.to_path_buf(),
            posts: Vec::new(),
            page_title: "소개".into(),
            page_body: "이 블로그는 회고를 씁니다. [첫 글](posts/2022-03-01-hello.md)",
            intro: "**2022년은 이직한 해.**",
            template: Some(0),
            settings,
            statics,
            made: 0,
            broken: None,
        };
        let first = Post {
            file: "2022-03-01-hello.md".into(),
            title: "첫 글".into(),
            date: None,
            tags: vec!["일상".into()],
            lang: None,
            retro: None,
            goals: Vec::new(),
            review: Vec::new(),
            draft: false,
            series: true,
            body: vec![BLOCKS[0], BLOCKS[2]],
        };
        blog.posts.push(first);
        let retro = Post {
            file: "2023-01-09-retro-2022.md".into(),
            title: "2022년 회고".into(),
            date: Some("2022-12-31T23:30:00+09:00".into()),
            tags: vec!["회고".into()],
            lang: None,
            retro: None,
            goals: vec![GOALS[0], GOALS[1]],
            review: vec![("하프 마라톤", "0.5")],
            draft: false,
            series: false,
            body: vec![BLOCKS[0], BLOCKS[4]],
        };
        blog.posts.push(retro);
        for _ in 0..4 {
            let p = blog.random_post(rng);
            blog.posts.push(p);
        }
        blog.posts[3].draft = true;
        blog.write_all();
        blog
    }

    fn random_post(&mut self, rng: &mut Rng) -> Post {
        self.made += 1;
        let (y, m, d) = (2022 + rng.below(2), 1 + rng.below(12), 1 + rng.below(28));
        let english = rng.one_in(3);
        let mut p = Post {
            file: format!("{y}-{m:02}-{d:02}-post-{}.md", self.made),
            title: rng.pick(TITLES).to_string(),
            date: None,
            tags: Vec::new(),
            lang: english.then_some("en"),
            retro: None,
            goals: Vec::new(),
            review: Vec::new(),
            draft: false,
            series: rng.one_in(3),
            body: (0..1 + rng.below(3)).map(|_| *rng.pick(BLOCKS)).collect(),
        };
        for _ in 0..rng.below(3) {
            p.tags.push(rng.pick(TAGS).to_string());
        }
        p
    }

    /// All of the blog, written from scratch.
    fn write_all(&self) {
        self.write("gen.toml", &self.config_text());
        for i in 0..self.posts.len() {
            self.write_post(i);
        }
        self.write("content/about.md", &format!("---\ntitle: {}\n---\n{}\n", self.page_title, self.page_body));
        self.write("content/years/2022.md", &format!("---\ntitle: 2022년\n---\n{}\n", self.intro));
        if let Some(t) = self.template {
            self.write("templates/post.html", TEMPLATES[t]);
        }
        for (name, text) in &self.statics {
            self.write(&format!("static/{name}"), text);
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn remove(&self, rel: &str) -> PathBuf {
        let path = self.path(rel);
        std::fs::remove_file(&path).unwrap();
        path
    }

    fn post_rel(&self, i: usize) -> String {
        format!("content/posts/{}", self.posts[i].file)
    }

    fn write_post(&self, i: usize) -> PathBuf {
        self.write(&self.post_rel(i), &post_text(&self.posts[i]))
    }

    fn config_text(&self) -> String {
        let s = &self.settings;
        let mut t = format!(
            "title = \"{}\"\nbase_url = \"https://blog.example.com/\"\nlanguage = \"{}\"\ntimezone = \"{}\"\npaginate = {}\n",
            s.title, s.language, s.timezone, s.paginate
        );
        if s.menu {
            t.push_str(
                "\n[[menu]]\nname = \"소개\"\nurl = \"/about/\"\n\n[[menu]]\nname = \"태그\"\nurl = \"/tags/\"\n",
            );
        }
        let _ = write!(
            t,
            "\n[markdown]\nsmart_punctuation = {}\n\n[feed]\ntags = {}\n\n[links]\ninternal = \"{}\"\n\n[search]\nenabled = {}\n",
            s.smart, s.feed_tags, s.links, s.search
        );
        t
    }

    /// One random edit: what it was, and the paths a watcher reports for it.
    pub fn edit(&mut self, rng: &mut Rng) -> (String, Vec<PathBuf>) {
        if let Some(b) = self.broken.take() {
            return self.mend(b, rng);
        }
        let i = rng.below(self.posts.len());
        let kind = rng.below(100);
        match kind {
            0..=14 => {
                let p = &mut self.posts[i];
                let at = rng.below(p.body.len() + 1);
                if at < p.body.len() && rng.one_in(2) {
                    p.body.remove(at);
                } else {
                    p.body.insert(at, *rng.pick(BLOCKS));
                }
                (format!("body of {}", p.file), vec![self.write_post(i)])
            }
            15..=22 => {
                self.posts[i].title = rng.pick(TITLES).to_string();
                (format!("title of {}", self.posts[i].file), vec![self.write_post(i)])
            }
            23..=32 => {
                let date = random_date(rng);
                let what = format!("date of {} to {date:?}", self.posts[i].file);
                self.posts[i].date = date;
                (what, vec![self.write_post(i)])
            }
            33..=40 => {
                let p = &mut self.posts[i];
                if !p.tags.is_empty() && rng.one_in(2) {
                    let at = rng.below(p.tags.len());
                    p.tags.remove(at);
                } else {
                    p.tags.push(rng.pick(TAGS).to_string());
                }
                (format!("tags of {} to {:?}", p.file, p.tags), vec![self.write_post(i)])
            }
            41..=50 => {
                let p = &mut self.posts[i];
                match rng.below(4) {
                    0 => p.retro = if rng.one_in(3) { None } else { Some(*rng.pick(RETRO)) },
                    1 if !p.goals.is_empty() => p.goals.truncate(rng.below(p.goals.len())),
                    1 | 2 => p.goals.push(*rng.pick(GOALS)),
                    _ if p.review.is_empty() => {
                        p.review.push((*rng.pick(GOALS), *rng.pick(&["true", "0.25", "false"])))
                    }
                    _ => p.review.clear(),
                }
                let what =
                    format!("retrospective of {}: {:?} goals {:?} review {:?}", p.file, p.retro, p.goals, p.review);
                (what, vec![self.write_post(i)])
            }
            51..=56 => {
                self.posts[i].draft = !self.posts[i].draft;
                (format!("draft of {} to {}", self.posts[i].file, self.posts[i].draft), vec![self.write_post(i)])
            }
            57..=62 => {
                let p = self.random_post(rng);
                self.posts.push(p);
                let i = self.posts.len() - 1;
                (format!("new post {}", self.posts[i].file), vec![self.write_post(i)])
            }
            63..=67 if self.posts.len() > 3 => {
                let rel = self.post_rel(i);
                self.posts.remove(i);
                (format!("deleted {rel}"), vec![self.remove(&rel)])
            }
            63..=72 => self.rename(i, rng),
            73..=77 => self.edit_template(rng),
            78..=83 => self.edit_config(rng),
            84..=89 => self.edit_static(rng),
            90..=93 => {
                if rng.one_in(2) {
                    self.page_title = rng.pick(TITLES).to_string();
                } else {
                    self.page_body = *rng.pick(BLOCKS);
                }
                let text = format!("---\ntitle: \"{}\"\n---\n{}\n", self.page_title.replace('"', "'"), self.page_body);
                ("the about page".into(), vec![self.write("content/about.md", &text)])
            }
            94..=96 => {
                self.intro = *rng.pick(BLOCKS);
                let path = self.write("content/years/2022.md", &format!("---\ntitle: 2022년\n---\n{}\n", self.intro));
                ("the 2022 intro".into(), vec![path])
            }
            _ => {
                // Broken front matter: the rebuild fails, the last good site stays; the next
                // edit of the post writes it whole again.
                let rel = self.post_rel(i);
                let path = self.write(&rel, "---\ntitle: [unclosed\n---\nbody\n");
                self.broken = Some(Broken::Post(i));
                (format!("broke the front matter of {rel}"), vec![path])
            }
        }
    }

    /// A new slug, a new date in the name, or a move into a folder.
    fn rename(&mut self, i: usize, rng: &mut Rng) -> (String, Vec<PathBuf>) {
        let old = self.post_rel(i);
        self.made += 1;
        let name = self.posts[i].file.rsplit('/').next().unwrap_or_default().to_owned();
        let date = &name[..name.len().min(10)];
        self.posts[i].file = match rng.below(3) {
            0 => format!("{date}-renamed-{}.md", self.made),
            1 => format!("{}-{}", 2022 + rng.below(2), name.get(5..).unwrap_or("x.md")),
            _ => format!("{}/{date}-moved-{}.md", &date[..4], self.made),
        };
        let new = self.post_rel(i);
        std::fs::create_dir_all(self.path(&new).parent().unwrap()).unwrap();
        std::fs::rename(self.path(&old), self.path(&new)).unwrap();
        (format!("renamed {old} to {new}"), vec![self.path(&old), self.path(&new)])
    }

    /// Undoes what the last edit broke, with a good value of the same kind.
    fn mend(&mut self, broken: Broken, rng: &mut Rng) -> (String, Vec<PathBuf>) {
        match broken {
            Broken::Post(i) => (format!("mended {}", self.posts[i].file), vec![self.write_post(i)]),
            Broken::Template => {
                let t = rng.below(TEMPLATES.len() - 1);
                self.template = Some(t);
                (format!("mended post.html to {t}"), vec![self.write("templates/post.html", TEMPLATES[t])])
            }
            Broken::Links => {
                self.settings.links = "warn";
                ("gen.toml: links back to warn".into(), vec![self.write("gen.toml", &self.config_text())])
            }
        }
    }

    fn edit_template(&mut self, rng: &mut Rng) -> (String, Vec<PathBuf>) {
        let rel = "templates/post.html";
        let next = if self.template.is_some() && rng.one_in(4) { None } else { Some(rng.below(TEMPLATES.len())) };
        let path = match next {
            Some(t) => self.write(rel, TEMPLATES[t]),
            None => self.remove(rel),
        };
        self.template = next;
        if next == Some(TEMPLATES.len() - 1) {
            self.broken = Some(Broken::Template);
        }
        (format!("template post.html to {next:?}"), vec![path])
    }

    fn edit_config(&mut self, rng: &mut Rng) -> (String, Vec<PathBuf>) {
        let s = &mut self.settings;
        match rng.below(8) {
            0 => s.title = format!("{} {}", rng.pick(&["밤새는", "A", "The"]), rng.pick(&["서버 일지", "log"])),
            1 => s.paginate = 1 + rng.below(4),
            2 => s.language = if s.language == "ko" { "en" } else { "ko" },
            3 => s.timezone = if s.timezone == "UTC" { "Asia/Seoul" } else { "UTC" },
            4 => s.feed_tags = !s.feed_tags,
            5 => {
                // Errors only while a link is broken, which the next step mends.
                s.links = "error";
                self.broken = Some(Broken::Links);
            }
            6 => s.smart = !s.smart,
            _ if rng.one_in(2) => s.search = !s.search,
            _ => s.menu = !s.menu,
        }
        let what = format!("gen.toml to {:?}", self.settings);
        (what, vec![self.write("gen.toml", &self.config_text())])
    }

    fn edit_static(&mut self, rng: &mut Rng) -> (String, Vec<PathBuf>) {
        let names = ["logo.svg", "custom.css", "notes/hello.txt"];
        let name = *rng.pick(&names);
        let at = self.statics.iter().position(|(n, _)| n == name);
        let rel = format!("static/{name}");
        match at {
            Some(k) if rng.one_in(2) => {
                self.statics.remove(k);
                (format!("removed {rel}"), vec![self.remove(&rel)])
            }
            _ => {
                let text = format!("/* {} */\n", rng.below(1000));
                self.statics.retain(|(n, _)| n != name);
                self.statics.push((name.to_owned(), text.clone()));
                (format!("wrote {rel}"), vec![self.write(&rel, &text)])
            }
        }
    }
}

/// A date for front matter: a plain day, a late-evening time near New Year (which side of the
/// year it falls on depends on the time zone), or none (the file name's date).
fn random_date(rng: &mut Rng) -> Option<String> {
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

fn post_text(p: &Post) -> String {
    let mut t = format!("---\ntitle: \"{}\"\n", p.title.replace('"', "\\\""));
    if let Some(d) = &p.date {
        let _ = writeln!(t, "date: {d}");
    }
    if !p.tags.is_empty() {
        let _ = writeln!(t, "tags: [{}]", p.tags.join(", "));
    }
    if let Some(l) = p.lang {
        let _ = writeln!(t, "lang: {l}");
    }
    if let Some(r) = p.retro {
        let _ = writeln!(t, "retrospective: {r}");
    }
    if !p.goals.is_empty() {
        let _ = writeln!(t, "goals: [{}]", p.goals.join(", "));
    }
    if !p.review.is_empty() {
        t.push_str("review:\n");
        for (goal, done) in &p.review {
            let _ = writeln!(t, "  - {{ goal: \"{goal}\", done: {done} }}");
        }
    }
    if p.draft {
        t.push_str("draft: true\n");
    }
    if p.series {
        t.push_str("series: 연재\n");
    }
    t.push_str("---\n");
    t.push_str(&p.body.join("\n\n"));
    t.push('\n');
    t
}
