//! TEST (serve): a small blog held as data — Korean and English posts over several years, tags,
//! a series, retrospectives with goals, drafts, a page, a year intro, a template override,
//! static files and gen.toml — written to a folder, and random edits to it. Each edit writes
//! what it changed and returns the paths a file watcher would report. Builds nothing: the
//! equivalence test (`tests.rs`) does.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::post::{BLOCKS, Post, Rng, TITLES};

/// `templates/post.html` overrides; the last one does not compile.
const TEMPLATES: &[&str] = &[
    "{% extends \"theme/post.html\" %}{% block title %}✍ {{ post.title }}{% endblock title %}",
    "{% extends \"theme/post.html\" %}{% block content %}<p class=\"override\">{{ post.tags | length }}</p>{{ super() }}{% endblock content %}",
    "{% extends \"theme/post.html\" %}",
    "{% extends \"theme/post.html\" %}{% block title %}{{ post.title }{% endblock title %}",
];

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
    full_content: bool,
    /// `[markdown]` switches: highlight, math, new-tab links.
    highlight: bool,
    math: bool,
    new_tab: bool,
    /// `base_url`'s path: `/` or `/blog/`.
    base: &'static str,
    permalink: &'static str,
}

/// The blog, and the folder it is written to.
pub struct Blog {
    root: PathBuf,
    posts: Vec<Post>,
    page_title: String,
    page_body: &'static str,
    intro: &'static str,
    /// `content/years/2023.md`, when there is one.
    intro_2023: bool,
    /// `content/files/notes.txt`, a content asset.
    asset: bool,
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
            full_content: false,
            highlight: true,
            math: false,
            new_tab: false,
            base: "/",
            permalink: "/{year}/{slug}/",
        };
        let statics = vec![("logo.svg".into(), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".into())];
        let mut blog = Blog {
            root: root.to_path_buf(),
            posts: Vec::new(),
            page_title: "소개".into(),
            page_body: "이 블로그는 회고를 씁니다. [첫 글](posts/2022-03-01-hello.md)",
            intro: "**2022년은 이직한 해.**",
            intro_2023: false,
            asset: true,
            template: Some(0),
            settings,
            statics,
            made: 0,
            broken: None,
        };
        let first = Post {
            file: "2022-03-01-hello.md".into(),
            title: "첫 글".into(),
            tags: vec!["일상".into()],
            series: Some("연재"),
            body: vec![BLOCKS[0], BLOCKS[2], BLOCKS[8]],
            ..Post::default()
        };
        blog.posts.push(first);
        let retro = Post {
            file: "2023-01-09-retro-2022.md".into(),
            title: "2022년 회고".into(),
            date: Some("2022-12-31T23:30:00+09:00".into()),
            tags: vec!["회고".into()],
            goals: vec!["블로그 24편", "책 12권 읽기"],
            review: vec![("하프 마라톤", "0.5")],
            body: vec![BLOCKS[0], BLOCKS[4]],
            ..Post::default()
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
        let day = (2022 + rng.below(2), 1 + rng.below(12), 1 + rng.below(28));
        Post::random(rng, day, self.made)
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
        self.write("content/files/notes.txt", "notes\n");
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
        self.write(&self.post_rel(i), &self.posts[i].text())
    }

    fn config_text(&self) -> String {
        let s = &self.settings;
        let mut t = format!(
            "title = \"{}\"\nbase_url = \"https://blog.example.com{}\"\nlanguage = \"{}\"\ntimezone = \"{}\"\npaginate = {}\npermalink = \"{}\"\n",
            s.title, s.base, s.language, s.timezone, s.paginate, s.permalink
        );
        if s.menu {
            t.push_str(
                "\n[[menu]]\nname = \"소개\"\nurl = \"/about/\"\n\n[[menu]]\nname = \"태그\"\nurl = \"/tags/\"\n",
            );
        }
        let _ = write!(
            t,
            "\n[markdown]\nwikilinks = true\nsmart_punctuation = {}\nhighlight = {}\nmath = {}\nexternal_links_new_tab = {}\n\n[feed]\ntags = {}\nfull_content = {}\n\n[links]\ninternal = \"{}\"\n\n[search]\nenabled = {}\n",
            s.smart, s.highlight, s.math, s.new_tab, s.feed_tags, s.full_content, s.links, s.search
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
            0..=24 => {
                let what = self.posts[i].edit_body(rng);
                (what, vec![self.write_post(i)])
            }
            25..=56 => {
                let what = self.posts[i].edit_front(rng);
                (what, vec![self.write_post(i)])
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
            94 | 95 => {
                self.intro = *rng.pick(BLOCKS);
                let path = self.write("content/years/2022.md", &format!("---\ntitle: 2022년\n---\n{}\n", self.intro));
                ("the 2022 intro".into(), vec![path])
            }
            96 => {
                let rel = "content/years/2023.md";
                self.intro_2023 = !self.intro_2023;
                let path = match self.intro_2023 {
                    true => self.write(rel, "---\ntitle: 2023년\n---\n새 팀에서 보낸 해.\n"),
                    false => self.remove(rel),
                };
                (format!("the 2023 intro: {}", self.intro_2023), vec![path])
            }
            97 => {
                let rel = "content/files/notes.txt";
                self.asset = !self.asset;
                let path = if self.asset { self.write(rel, "notes, again\n") } else { self.remove(rel) };
                (format!("content asset {rel}: {}", self.asset), vec![path])
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
        match rng.below(14) {
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
            7 => s.full_content = !s.full_content,
            8 => s.base = if s.base == "/" { "/blog/" } else { "/" },
            9 => {
                let all = ["/{year}/{slug}/", "/posts/{slug}/", "/{year}/{month}/{slug}/"];
                s.permalink = *rng.pick(&all);
            }
            10 => s.highlight = !s.highlight,
            11 => s.math = !s.math,
            12 => s.new_tab = !s.new_tab,
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
