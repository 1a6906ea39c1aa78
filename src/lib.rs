//! hoego: a static site generator for tech blogs that look back on their years.
//!
//! The pipeline, one module a stage (`pipeline` is the orchestrator):
//! 1. CONFIG: `config`, gen.toml -> validated [`config::Config`].
//! 2. LOAD: `discover`, content/ and static/ -> classified [`discover::Source`]s.
//! 3. PARSE: `content`, sources -> typed front matter + body ([`content::Doc`]), in parallel;
//!    `frontmatter`, `fields` and `dates` do the parts.
//! 4. ASSEMBLE: `site`, docs -> the site model (URLs from `urls`, sorted posts, pages,
//!    assets); `links` rewrites links to sources; `markdown` renders bodies in parallel;
//!    `taxonomy` collects tags, categories and series.
//! 5. RENDER: `theme`, `view`, `render`, model x templates -> files in memory, in parallel.
//! 6. WRITE: `output`, files -> the output directory, swapped in atomically.
//!
//! Beside the pipeline, `import` turns another platform's export into a site's content
//! (`gen import`); it shares the slug, date and starter-site code but none of the stages.
//!
//! Every stage takes typed input and returns typed output plus diagnostics; none of them prints.

pub mod audit;
pub mod blockcache;
pub mod cache;
pub mod charts;
pub mod check;
pub mod cli;
pub mod codeblock;
pub mod config;
pub mod content;
pub mod dates;
pub mod dialect;
pub mod discover;
pub mod error;
pub mod external;
pub mod feeds;
pub mod fields;
pub mod frontmatter;
pub mod highlight;
pub mod html;
pub mod import;
pub mod links;
pub mod markdown;
pub mod math;
pub mod migration;
pub mod net;
pub mod output;
pub mod patch;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod retro;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod taxonomy;
pub mod theme;
pub mod urls;
pub mod view;
pub mod years;
pub mod yearview;
