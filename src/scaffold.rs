//! `gen new`: scaffold a starter site, a post, or a retrospective pre-filled with the goals
//! the previous retrospective set. Writes new files only and never overwrites one.
//!
//! "Now" is the clock in the site's time zone, or `SOURCE_DATE_EPOCH` when set (reproducible
//! scaffolds in tests and CI).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::config::Overrides;
use crate::pipeline::{self, BuildOptions};
use crate::slug::slugify;

#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, Subcommand)]
pub enum What {
    /// A starter site in DIR (a gen.toml, a first post, an about page).
    Site {
        dir: PathBuf,
        /// Language of the site and its first post.
        #[arg(long, default_value = "ko", value_parser = ["ko", "en"])]
        lang: String,
    },
    /// content/posts/<slug>.md with front matter (title, date now, empty tags).
    Post {
        title: String,
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
    },
    /// A retrospective for YEAR (default: the year just ended; in December, this year),
    /// with the goals set for that year as a checklist to tick.
    Retro {
        year: Option<i16>,
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
    },
}

pub fn run(args: NewArgs) -> ExitCode {
    let site_dir = match &args.what {
        What::Site { dir, lang } => Some((dir.clone(), lang == "ko")),
        _ => None,
    };
    let result = match args.what {
        What::Site { dir, lang } => new_site(&dir, &lang),
        What::Post { title, root } => new_post(&crate::args::tidy_root(root), &title),
        What::Retro { year, root } => new_retro(&crate::args::tidy_root(root), year),
    };
    match result {
        Ok(path) => {
            println!("Created {}", path.display());
            if let Some((dir, ko)) = site_dir {
                print_next(&dir, ko);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// What a newcomer types next, in the order they work.
fn print_next(dir: &Path, ko: bool) {
    let quoted = shell_words_quote(&dir.display().to_string());
    let title = if ko { "첫 글" } else { "My first post" };
    println!(
        "Next:\n  cd {quoted}\n  gen new post \"{title}\"\n  gen serve            # http://127.0.0.1:1111/ ; Ctrl+C stops\n  gen build            # writes public/"
    );
}

/// A folder name as a shell word (quoted when it holds spaces or quotes).
fn shell_words_quote(s: &str) -> String {
    if s.chars().all(|c| c.is_alphanumeric() || "-_./".contains(c)) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn write_new(path: &Path, text: &str) -> Result<PathBuf, String> {
    if path.exists() {
        return Err(format!("{} already exists: not overwriting it", path.display()));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path.to_path_buf())
}

fn new_site(dir: &Path, lang: &str) -> Result<PathBuf, String> {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(format!("{} exists and is not empty: choose a new folder", dir.display()));
    }
    let tz = jiff::tz::db().get("Asia/Seoul").map_err(|e| e.to_string())?;
    let today = crate::dates::now(&tz).strftime("%Y-%m-%d").to_string();
    for (rel, text) in starter_files(&Starter { title: None, lang, first_post: Some(&today), base_url: None }) {
        write_new(&dir.join(rel), &text)?;
    }
    Ok(dir.to_path_buf())
}

/// What a starter site holds besides its posts.
pub struct Starter<'a> {
    /// The site's title (default: a generic one in its language).
    pub title: Option<&'a str>,
    /// `ko` or `en`.
    pub lang: &'a str,
    /// A first post dated this day (`YYYY-MM-DD`), or none (`gen import` brings the posts).
    pub first_post: Option<&'a str>,
    /// The site's address (default: `https://example.com/`).
    pub base_url: Option<&'a str>,
}

/// The files of a starter site, relative to its folder: gen.toml, .gitignore, an about page
/// and maybe a first post. `gen new site` and `gen import` (into a folder without gen.toml)
/// write the same site.
pub fn starter_files(s: &Starter<'_>) -> Vec<(String, String)> {
    let ko = s.lang == "ko";
    let (title, about, post_title, body) = if ko {
        (
            "나의 기술 블로그",
            "소개",
            "첫 글",
            "hoego로 만든 블로그의 첫 글입니다.\n\n<!-- more -->\n\n`gen serve`로 미리 보고 `gen build`로 배포하세요.\n",
        )
    } else {
        (
            "My Tech Log",
            "About",
            "Hello, world",
            "The first post of a blog built with hoego.\n\n<!-- more -->\n\nPreview with `gen build`, publish from CI.\n",
        )
    };
    let title = toml_string(s.title.unwrap_or(title));
    let lang = if ko { "ko" } else { "en" };
    let author = author_block(ko);
    let base_url = toml_string(s.base_url.unwrap_or("https://example.com/"));
    let config = format!(
        "title = {title}\nbase_url = {base_url}\nlanguage = \"{lang}\"\ntimezone = \"Asia/Seoul\"\n\n{author}\n[[menu]]\nname = \"{about}\"\nurl = \"/about/\"\n"
    );
    let mut files = vec![
        ("gen.toml".to_owned(), config),
        (
            ".gitignore".to_owned(),
            "/public\n/.public.hoego-staging\n/.public.hoego-old\n/.public.hoego-lock\n/.hoego-cache\n".to_owned(),
        ),
        ("content/about.md".to_owned(), format!("---\ntitle: {about}\n---\n{}", about_text(ko))),
    ];
    if let Some(today) = s.first_post {
        files.push((
            format!("content/posts/{today}-hello.md"),
            format!("---\ntitle: {post_title}\ntags: []\n---\n{body}"),
        ));
    }
    files
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// The starter's `[author]` table, to fill in: empty values are left out of the site.
fn author_block(ko: bool) -> &'static str {
    if ko {
        "# 글쓴이: 이름은 글의 JSON-LD와 피드에, 나머지는 홈의 소개 카드에 나옵니다. 빈 값은 쓰지 않습니다.\n\
         [author]\nname = \"\"\nbio = \"\"          # 한 줄 소개\navatar = \"\"       # 예: \"/avatar.png\" (static/avatar.png)\n\
         github = \"\"       # 사용자 이름 또는 주소\nlinkedin = \"\"\nemail = \"\"\nwebsite = \"\"\n"
    } else {
        "# The author: the name goes into each post's JSON-LD and the feed, the rest into the home\n\
         # page's author card. Empty values are left out.\n\
         [author]\nname = \"\"\nbio = \"\"          # one line\navatar = \"\"       # e.g. \"/avatar.png\" (static/avatar.png)\n\
         github = \"\"       # a user name or an address\nlinkedin = \"\"\nemail = \"\"\nwebsite = \"\"\n"
    }
}

/// The starter's about page: something to read until the author writes their own.
fn about_text(ko: bool) -> &'static str {
    if ko {
        "\n이 블로그는 개발하며 배운 것과 해마다의 회고를 기록합니다.\n\n\
         ## 저는\n\n어떤 일을 하고, 무엇에 관심이 있는지 적어 주세요.\n\n\
         ## 연락처\n\n- GitHub: <https://github.com/>\n- 이메일: <mailto:me@example.com>\n"
    } else {
        "\nThis blog keeps what I learn while building software, and a look back at each year.\n\n\
         ## Me\n\nWhat you work on and what you care about.\n\n\
         ## Contact\n\n- GitHub: <https://github.com/>\n- Email: <mailto:me@example.com>\n"
    }
}

fn site_config(root: &Path) -> Result<crate::config::Config, String> {
    let mut d = crate::error::Diagnostics::default();
    crate::config::load(root, &Overrides::default(), &mut d)
        .ok_or_else(|| d.sorted().iter().map(|x| x.to_string()).collect::<Vec<_>>().join("\n"))
}

fn new_post(root: &Path, title: &str) -> Result<PathBuf, String> {
    let config = site_config(root)?;
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(format!("cannot make a file name from `{title}`: use a title with letters or digits"));
    }
    let date = crate::dates::now(&config.timezone).strftime("%Y-%m-%d %H:%M:%S").to_string();
    let text = format!("---\ntitle: {}\ndate: {date}\ntags: []\n---\n\n", yaml_string(title));
    write_new(&root.join("content/posts").join(format!("{slug}.md")), &text)
}

/// A YAML double-quoted string (titles may hold `:`, `#` or quotes).
fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn new_retro(root: &Path, year: Option<i16>) -> Result<PathBuf, String> {
    let opts = BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() };
    let (config, site) =
        pipeline::model(&opts).map_err(|d| d.sorted().iter().map(|x| x.to_string()).collect::<Vec<_>>().join("\n"))?;
    let now = crate::dates::now(&config.timezone);
    let year = year.unwrap_or(if now.month() == 12 { now.year() } else { now.year() - 1 });
    let goals: Vec<String> = crate::years::goals_by_year(&site.posts)
        .remove(&year)
        .map(|gs| gs.into_iter().filter(|g| !g.unmatched).map(|g| g.text).collect())
        .unwrap_or_default();
    let ko = config.language == "ko";
    let title = if ko { format!("{year}년 회고") } else { format!("{year} Retrospective") };
    let mut text = format!(
        "---\ntitle: {}\ndate: {}\ntags: [{}]\nretrospective: {year}\ngoals: []\n",
        yaml_string(&title),
        now.strftime("%Y-%m-%d %H:%M:%S"),
        if ko { "회고" } else { "retrospective" }
    );
    // The review is the checklist below (tick what you did): a `review:` list here as well
    // would win over the ticks.
    text.push_str("---\n\n");
    text.push_str(&retro_body(year, &goals, ko));
    let name = format!("{}-retrospective-{year}.md", now.strftime("%Y-%m-%d"));
    write_new(&root.join("content/posts").join(name), &text)
}

fn retro_body(year: i16, goals: &[String], ko: bool) -> String {
    let (review, good, bad, next) = if ko {
        (format!("{year}년 목표 돌아보기"), "잘한 것", "아쉬운 것", format!("{}년 목표", year + 1))
    } else {
        (
            format!("Goals for {year}, reviewed"),
            "What went well",
            "What could have gone better",
            format!("Goals for {}", year + 1),
        )
    };
    let mut s = String::new();
    if !goals.is_empty() {
        s.push_str(&format!("## {review}\n\n"));
        for g in goals {
            s.push_str(&format!("- [ ] {g}\n"));
        }
        s.push('\n');
    }
    // A comment, not an empty `- [ ] `: an empty checkbox would be a goal with no text.
    let hint =
        if ko { "한 줄에 하나씩 `- [ ] 목표`로 적으세요" } else { "one per line, as `- [ ] a goal`" };
    s.push_str(&format!("## {good}\n\n\n## {bad}\n\n\n## {next}\n\n<!-- {hint} -->\n"));
    s
}
