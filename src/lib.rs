//! hoego: a static site generator for tech blogs that look back on their years.
//!
//! The pipeline, one module a stage (see `build.rs` for the orchestrator):
//! 1. CONFIG   `config`      gen.toml -> validated [`config::Config`]
//! 2. LOAD     `discover`    content/ and static/ -> classified [`discover::Source`]s
//! 3. PARSE    `content`     sources -> typed front matter + body ([`content::Doc`]), in parallel
//!             (`frontmatter`, `fields`, `dates` do the parts)
//! 4. ASSEMBLE `site`        docs -> the site model: URLs, sorted posts, pages, assets; pure
//!             `links`       rewrite links to sources; `markdown` renders bodies in parallel
//!             `taxonomy`    tags and categories
//! 5. RENDER   `theme`, `view`, `render`  model x templates -> files in memory, in parallel
//! 6. WRITE    `output`      files -> the output directory, swapped in atomically
//!
//! Every stage takes typed input and returns typed output plus diagnostics; none of them prints.

pub mod config;
pub mod content;
pub mod dates;
pub mod discover;
pub mod error;
pub mod fields;
pub mod frontmatter;
pub mod markdown;
pub mod slug;
