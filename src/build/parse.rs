//! PARSE: sources -> typed front matter and bodies (`content`), in parallel. `frontmatter`,
//! `fields` and `dates` read the front matter; `dialect` rewrites other generators' syntax;
//! `markdown` (with `codeblock`, `highlight`, `math`) turns one body into HTML.

pub mod codeblock;
pub mod content;
pub mod dates;
pub mod dialect;
pub mod fields;
pub mod frontmatter;
pub mod highlight;
pub mod markdown;
pub mod math;
