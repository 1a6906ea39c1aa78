//! hoego: a static site generator for tech blogs that look back on their years.
//!
//! The pipeline, one group of modules a stage (`pipeline` is the orchestrator), listed below in
//! the same order:
//! 1. CONFIG: `config`, gen.toml -> validated [`config::Config`].
//! 2. LOAD: `discover`, content/ and static/ -> classified [`discover::Source`]s.
//! 3. PARSE: `content`, sources -> typed front matter + body ([`content::Doc`]), in parallel;
//!    `frontmatter`, `fields` and `dates` do the parts, `dialect` rewrites other generators'
//!    syntax; `markdown` (with `codeblock`, `highlight`, `math`) turns one body into HTML.
//! 4. ASSEMBLE: `site`, docs -> the site model (URLs from `urls`, sorted posts, pages,
//!    assets); `taxonomy` collects tags, categories and series. Then the Markdown stage
//!    (`site::render_markdown`): every body rendered in parallel, `links` resolving links to
//!    sources; and `retro` and `years`, the year model.
//! 5. RENDER: `theme`, `view`, `yearview`, `feeds`, `render`: model x templates -> files in
//!    memory, in parallel.
//! 6. SEARCH: `search`, the rendered posts and pages -> Pagefind's index.
//! 7. CHECK: `check`, every internal link and anchor of the rendered files.
//! 8. WRITE: `output`, files -> the output directory, swapped in atomically.
//!
//! Beside the pipeline, the commands: `serve`, `scaffold` (`gen new`), `import`, `audit`
//! (`gen years`) and `migration` (`gen check --migrate`), with `args` and `report` for what
//! their arguments and output share, and `cli` on top. `import` shares the slug, date and
//! starter-site code but none of the stages.
//!
//! Every stage takes typed input and returns typed output plus diagnostics; none of them prints.
//! No module imports one of a later group, except the few listed (and explained) in
//! tests/it/layers.rs, which checks both this order and that list.

// SHARED: diagnostics, keys, text and HTML helpers, the one HTTP client.
pub mod digest;
pub mod error;
pub mod html;
pub mod net;
pub mod slug;

// 1. CONFIG
pub mod config;

// 2. LOAD
pub mod discover;

// 3. PARSE (with the dialects of other generators, Markdown, code, math)
pub mod codeblock;
pub mod content;
pub mod dates;
pub mod dialect;
pub mod fields;
pub mod frontmatter;
pub mod highlight;
pub mod markdown;
pub mod math;

// 4. ASSEMBLE
pub mod links;
pub mod retro;
pub mod site;
pub mod taxonomy;
pub mod urls;
pub mod years;

// 5. RENDER
pub mod charts;
pub mod feeds;
pub mod render;
pub mod theme;
pub mod view;
pub mod yearview;

// 6. SEARCH
pub mod search;

// 7. CHECK
pub mod check;
pub mod external;

// 8. WRITE
pub mod output;

// The orchestrator and what it keeps between runs: `cache` is gen serve's memory, and runs the
// parse, Markdown, render and check stages reusing it (and patches an edit into the previous
// model); `blockcache` is the build cache of highlighted code.
pub mod blockcache;
pub mod cache;
pub mod pipeline;

// Commands beside the build, and what their arguments and reports share.
pub mod args;
pub mod audit;
pub mod import;
pub mod migration;
pub mod report;
pub mod scaffold;
pub mod serve;

// The command line: assembles the commands.
pub mod cli;
