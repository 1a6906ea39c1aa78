//! hoego: a static site generator for tech blogs that look back on their years.
//!
//! The pipeline, one group of modules a stage (`pipeline` is the orchestrator), listed below in
//! the same order; each stage's modules live in its folder under `src/build/` (`shared/` holds
//! what all of them use):
//! 1. CONFIG: `config`, gen.toml -> validated [`config::Config`], with the retrospective rules
//!    compiled and the highlight themes resolved, so that a mistake is reported in gen.toml.
//! 2. LOAD: `discover`, content/ and static/ -> classified [`discover::Source`]s.
//! 3. PARSE: `content`, sources -> typed front matter + body ([`content::Doc`]), in parallel;
//!    `frontmatter`, `fields` and `dates` do the parts, `dialect` rewrites other generators'
//!    syntax; `markdown` (with `codeblock`, `highlight`, `math`) turns one body into HTML.
//! 4. ASSEMBLE: `site`, docs -> the site model (URLs from `urls`, sorted posts named by
//!    [`site::PostId`], pages, assets, each post's verdict from `retro`); `taxonomy` collects
//!    tags, categories and series. Then the Markdown stage (`site::render_markdown`): every
//!    body rendered in parallel, `links` resolving links to sources; then `years`, the year
//!    model, which reads the posts and writes nothing into them.
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
//! No module imports one of a later group: tests/it/layers.rs checks this order, that no
//! import points back, and that each module is in its stage's folder.

// The folders: `shared/`, then `build/` with one folder or module per stage, in pipeline
// order. Each module is re-exported here under its own name (`crate::markdown`), so that a
// path says what a module is and the folder says where it runs.
mod build;
mod shared;

// SHARED (`shared/`): diagnostics, keys, text and HTML helpers, the one HTTP client.
pub use shared::{digest, error, html, net, slug};

// 1. CONFIG (`build/config`)
pub use build::config;

// 2. LOAD (`build/discover`)
pub use build::discover;

// 3. PARSE (`build/parse/`: with the dialects of other generators, Markdown, code, math)
pub use build::parse::{codeblock, content, dates, dialect, fields, frontmatter, highlight, markdown, math};

// 4. ASSEMBLE (`build/assemble/`)
pub use build::assemble::{links, retro, site, taxonomy, urls, years};

// 5. RENDER (`build/rendering/`)
pub use build::rendering::{charts, feeds, render, theme, view, yearview};

// 6. SEARCH (`build/search`)
pub use build::search;

// 7. CHECK (`build/checking/`)
pub use build::checking::{check, external};

// 8. WRITE (`build/output`)
pub use build::output;

// The orchestrator and what it keeps between runs: `cache` is gen serve's memory, and runs the
// parse, placing, Markdown, year, render and check stages each through a memo of what it read
// (the years an edit reaches are counted again with the year stage's own functions);
// `blockcache` is the build cache of highlighted code.
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
